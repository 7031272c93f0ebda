#!/bin/sh
# commands: what the command line says when it is used wrong. An unknown
# command gets the closest command as "did you mean" (and none when nothing
# is close); `fmt --check` names the first line that is not canonical, as
# FILE:LINE: with the line fmt would write and the line there is.
# usage: commands.sh SCHEMAC
set -u
schemac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # the test runs elsewhere
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
export NO_COLOR=1
failed=0

fail() {
    echo "FAIL $*" >&2
    failed=1
}

# run NAME WANT_STATUS ARGS...: runs schemac; output in out, err.
run() {
    name=$1
    want=$2
    shift 2
    "$schemac" "$@" >out 2>err
    got=$?
    [ "$got" -eq "$want" ] && return 0
    fail "$name: exit status $got, want $want"
    cat err >&2
    return 1
}

for typo in genrate:generate migrat:migrate vlaidate:validate fmtt:fmt ini:init nwe:new; do
    run "typo ${typo%%:*}" 2 "${typo%%:*}"
    grep -qxF "schemac: unknown command '${typo%%:*}'; did you mean '${typo#*:}'?" err ||
        { fail "typo ${typo%%:*}: no 'did you mean ${typo#*:}'"; cat err >&2; }
done
run "far" 2 frobnicate
grep -qxF "schemac: unknown command 'frobnicate'" err || { fail "far: suggested something"; cat err >&2; }

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
