#!/bin/sh
# init: `schemac init DIR` writes the starter project, whose model is valid
# under the name it derives; it refuses to overwrite any file, writing
# nothing then. (tests/pg/starter_project.sh builds and runs the project.)
# usage: init.sh SCHEMAC
. "$(dirname "$0")/lib.sh"

files='meson.build meson_options.txt models/notes.yaml src/main.c README.md .gitignore'

run init 0 init deep/er/My-App.v2
for f in $files; do
    [ -f "deep/er/My-App.v2/$f" ] || fail "init: $f missing"
done
grep -qF 'name: my_app_v2' deep/er/My-App.v2/models/notes.yaml || fail "init: schema name not derived"
grep -qF "project('my_app_v2'" deep/er/My-App.v2/meson.build || fail "init: project name"
grep -qF '#include "my_app_v2.h"' deep/er/My-App.v2/src/main.c || fail "init: main.c header"
grep -qF "'--depfile', '@DEPFILE@'" deep/er/My-App.v2/meson.build || fail "init: no depfile"
if grep -rqF '@NAME@' deep/er/My-App.v2; then fail "init: placeholder left"; fi
run validate 0 validate deep/er/My-App.v2/models
run fmt 0 fmt --check deep/er/My-App.v2/models

# Any existing file: nothing is written, nothing is changed.
mkdir -p half/models
echo 'keep me' >half/models/notes.yaml
run half 1 init half && grep -qF 'half/models/notes.yaml: error: already exists' err ||
    fail "half: no 'already exists' error"
[ "$(cat half/models/notes.yaml)" = 'keep me' ] || fail "half: file changed"
[ ! -e half/meson.build ] || fail "half: wrote meson.build next to an existing file"
run again 1 init deep/er/My-App.v2

# Names: --name, and a name no C identifier can come from.
run named 0 init --name shop store && grep -qF 'name: shop' store/models/notes.yaml ||
    fail "named: --name ignored"
run bad-name 1 init --name 9lives cat && grep -qF 'choose a valid name with --name' err ||
    fail "bad-name: no hint"
[ ! -e cat ] || fail "bad-name: wrote something"
run usage 2 init

exit "$failed"
