#!/bin/sh
# check_generated: generated/ holds exactly what `schemac generate -o
# generated schemas/` writes now. When it fails, run that command from the
# source root and commit the result.
# usage: check_generated.sh SCHEMAC SOURCE_ROOT
set -u
schemac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # absolute: we cd below
root=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1
"$schemac" generate -o "$tmp" schemas/ || exit 1
if ! diff -r "$tmp" generated >"$tmp.diff" 2>&1; then
    echo "FAIL: generated/ is stale; run 'schemac generate -o generated schemas/' and commit it" >&2
    head -n 40 "$tmp.diff" >&2
    rm -f "$tmp.diff"
    exit 1
fi
rm -f "$tmp.diff"
echo "generated/ is up to date"
