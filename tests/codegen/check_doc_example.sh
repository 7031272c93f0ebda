#!/bin/sh
# check_doc_example: docs/c-api.md shows blog_example.c exactly (the code
# block that starts with the file's first line, up to its closing fence).
# usage: check_doc_example.sh DOC EXAMPLE
set -u
doc=$1
example=$2
first=$(head -n 1 "$example")
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT
awk -v first="$first" '$0 == first { on = 1 } on && /^```/ { exit } on { print }' "$doc" >"$tmp"
if ! cmp -s "$tmp" "$example"; then
    echo "FAIL: the example in $doc differs from $example; paste the file into the doc" >&2
    diff "$example" "$tmp" | head -n 20 >&2
    exit 1
fi
echo "the example in $(basename "$doc") is $(basename "$example")"
