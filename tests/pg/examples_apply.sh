#!/bin/sh
# Every example schema's creation script (`schemac sql`) applies cleanly, in
# one transaction, to an empty database of its own.
# usage (under with_pg): examples_apply.sh SCHEMAC SCHEMAS_DIR
set -u
schemac=$1 schemas=$2
passed=0 failed=0
for dir in "$schemas"/*/; do
    name=$(basename "$dir")
    db="examples_${name}_$$"
    psql -X -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" -c "CREATE DATABASE $db" >/dev/null || exit 1
    if "$schemac" sql "$dir" | psql -X -q -1 -v ON_ERROR_STOP=1 -d "$(
        case $DATABASE_URL in
        postgres://* | postgresql://*) echo "$DATABASE_URL" | sed -E "s|^(postgres(ql)?://[^/?]*)(/[^?]*)?|\1/$db|" ;;
        *) echo "$DATABASE_URL dbname=$db" ;;
        esac)" >/dev/null; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: schemac sql $dir does not apply" >&2
    fi
    psql -X -q -d "$DATABASE_URL" -c "DROP DATABASE $db" >/dev/null
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
