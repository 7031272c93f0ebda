#!/bin/sh
# Bad queries with their exact diagnostics: each NAME.sql alone in a
# queries directory, generated against examples/blog/models on the server
# of DATABASE_URL (under with_pg); stderr must equal NAME.expected, the exit
# status must be 1 and nothing may be written.
# usage: run.sh SCHEMAC SOURCE_ROOT [--update]
set -u
schemac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # absolute: we cd below
root=$2 update=${3:-}
dir=$root/tests/queries/bad
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 count=0
for sql in "$dir"/*.sql; do
    name=$(basename "$sql" .sql)
    rm -rf "$tmp/queries" "$tmp/out"
    mkdir "$tmp/queries"
    cp "$sql" "$tmp/queries/"
    status=0
    (cd "$tmp" && NO_COLOR=1 "$schemac" generate -o out --queries queries --db "$DATABASE_URL" \
        "$root/examples/blog/models") 2>"$tmp/stderr" >/dev/null || status=$?
    count=$((count + 1))
    if [ "$update" = --update ]; then
        cp "$tmp/stderr" "$dir/$name.expected"
    fi
    if [ "$status" -ne 1 ]; then
        echo "FAIL: $name: exit status $status, not 1"
        failed=1
    elif ! diff -u "$dir/$name.expected" "$tmp/stderr"; then
        echo "FAIL: $name: diagnostics differ"
        failed=1
    elif [ -e "$tmp/out" ] || [ -e "$tmp/queries/schemac-queries.cache" ]; then
        echo "FAIL: $name: wrote output"
        failed=1
    fi
done
echo "$count bad queries checked"
[ "$count" -ge 10 ] || failed=1
exit "$failed"
