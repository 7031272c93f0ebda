#!/bin/sh
# commands: what the command line says when it is used wrong. An unknown
# command or migrate subcommand gets the closest one as "did you mean" (and
# none when nothing is close); `fmt --check` names the first line that is
# not canonical, as FILE:LINE: with the line fmt would write and the line
# there is.
# usage: commands.sh SCHEMAC
. "$(dirname "$0")/lib.sh"

for typo in genrate:generate migrat:migrate vlaidate:validate fmtt:fmt ini:init nwe:new; do
    run "typo ${typo%%:*}" 2 "${typo%%:*}"
    grep -qxF "schemac: unknown command '${typo%%:*}'; did you mean '${typo#*:}'?" err ||
        { fail "typo ${typo%%:*}: no 'did you mean ${typo#*:}'"; cat err >&2; }
done
run "far" 2 frobnicate
grep -qxF "schemac: unknown command 'frobnicate'" err || { fail "far: suggested something"; cat err >&2; }
# The same for migrate's subcommands.
for typo in stauts:status uo:up dwon:down histroy:history stmap:stamp; do
    run "migrate typo ${typo%%:*}" 2 migrate "${typo%%:*}"
    grep -qxF "schemac migrate: unknown subcommand '${typo%%:*}'; did you mean '${typo#*:}'?" err ||
        { fail "migrate typo ${typo%%:*}: no 'did you mean ${typo#*:}'"; cat err >&2; }
done
run "migrate far" 2 migrate frobnicate
grep -qxF "schemac migrate: unknown subcommand 'frobnicate'" err ||
    { fail "migrate far: suggested something"; cat err >&2; }

mkdir models
cat >models/notes.yaml <<'YAML'
schemac: 1
name: shop
tables:
  notes:
    columns:
      id: { type: bigint, primary_key: true }
      title: text
YAML
run canonical 0 fmt --check models
[ ! -s out ] || fail "canonical: printed $(cat out)"
sed 's/title: text/title: { type: text }/' models/notes.yaml >edited && cp edited models/notes.yaml
run edited 1 fmt --check models
printf '%s\n' 'models/notes.yaml:7: not in canonical form' \
    '  expected:       title: text' '  actual:         title: { type: text }' >want
cmp -s out want || { fail "edited: fmt --check output"; diff want out >&2; }
cmp -s models/notes.yaml edited || fail "edited: --check changed the file"
sed 's/title: { type: text }/title: text/' edited >models/notes.yaml && echo >>models/notes.yaml
run trailing 1 fmt --check models
grep -qxF '  expected: (end of file)' out || { fail "trailing: no end of file"; cat out >&2; }

# generate refuses a type it has no C mapping for, at the column's type,
# and writes nothing.
mkdir arrays
cat >arrays/tags.yaml <<'YAML'
schemac: 1
name: shop
tables:
  notes:
    columns:
      id: { type: bigint, primary_key: true }
      tags: "text[]"
YAML
run no_c_arrays 1 generate -o gen arrays
grep -qF 'arrays/tags.yaml:7:13: error: `generate` cannot map column `tags` of type text[] to C yet' err ||
    { fail "no_c_arrays: diagnostic"; cat err >&2; }
[ ! -e gen/shop.h ] || fail "no_c_arrays: wrote gen/shop.h"

exit "$failed"
