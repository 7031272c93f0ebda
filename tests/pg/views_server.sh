#!/bin/sh
# What views read comes from the server (depends.c), through the commands:
# views declared before what they read still create; an error in a view's
# SQL (or a materialized view's index) is the server's, at the view; without a server the command says so;
# respelling a view plans nothing; `migrate new` carries views in its
# snapshot and diffs them.
# usage (under with_pg): views_server.sh SCHEMAC DIR (tests/pg/views)
set -u
schemac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; psql -X -q -d "$DATABASE_URL" -c "DROP DATABASE IF EXISTS views_$$" >/dev/null 2>&1' EXIT
passed=0 failed=0
check() { # check WHAT COMMAND...: the command succeeds
    what=$1
    shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what" >&2; fi
}
psql -X -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" -c "CREATE DATABASE views_$$" >/dev/null || exit 1
db=$(case $DATABASE_URL in
    postgres://* | postgresql://*) echo "$DATABASE_URL" | sed -E "s|^(postgres(ql)?://[^/?]*)(/[^?]*)?|\1/views_$$|" ;;
    *) echo "$DATABASE_URL dbname=views_$$" ;;
    esac)

"$schemac" sql "$dir/reports.yaml" >"$tmp/reports.sql"
check "views in any order: schemac sql succeeds" [ $? -eq 0 ]
check "spend is created before top_spenders" \
    [ "$(grep -n 'VIEW spend AS' "$tmp/reports.sql" | cut -d: -f1)" -lt \
      "$(grep -n 'VIEW top_spenders AS' "$tmp/reports.sql" | cut -d: -f1)" ]
check "the script applies" psql -X -q -1 -v ON_ERROR_STOP=1 -d "$db" -f "$tmp/reports.sql"
check "nothing of the probe is left" \
    [ "$(psql -X -At -d "$db" -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'schemac_depends'")" = 0 ]

NO_COLOR=1 "$schemac" sql "$dir/broken.yaml" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "a broken view fails the command" [ "$rc" -eq 1 ]
check "and prints no SQL" [ ! -s "$tmp/out" ]
check "the server's error, at the view's sql" \
    grep -q "broken.yaml:10:10: error: view \`big\`: column \"totl\" does not exist" "$tmp/err"
check "with the line the server points at" \
    grep -q "hint: the server points here: FROM orders WHERE totl > 100" "$tmp/err"
check "a view reading a missing table is reported once the others are tried" \
    grep -q "broken.yaml:16:10: error: view \`loop_b\`: relation \"missing_table\" does not exist" "$tmp/err"
check "an index on a column a materialized view lacks, at the index" \
    grep -q "broken.yaml:21:9: error: index \`totals_id_idx\`: column \"id\" does not exist" "$tmp/err"

DATABASE_URL="postgresql:///nowhere?host=/nonexistent" NO_COLOR=1 "$schemac" sql "$dir/reports.yaml" \
    >"$tmp/out" 2>"$tmp/err"
check "without a server, views are an error" [ $? -eq 1 ] && [ ! -s "$tmp/out" ]
check "that says what to do" grep -q "hint: set DATABASE_URL or pass --db" "$tmp/err"
sed '/^views:/,$d' "$dir/broken.yaml" >"$tmp/tables.yaml"
check "tables alone need no server" env DATABASE_URL="postgresql:///nowhere?host=/nonexistent" \
    "$schemac" sql "$tmp/tables.yaml" >/dev/null

# Respelled: other spaces, line breaks and keyword case plan nothing.
sed 's/SELECT customer_id, spent FROM spend/select customer_id,   spent\n      from spend/' \
    "$dir/reports.yaml" >"$tmp/respelled.yaml"
check "the respelled file differs" sh -c "! cmp -s '$dir/reports.yaml' '$tmp/respelled.yaml'"
check "a respelled view plans nothing" \
    [ -z "$("$schemac" diff --from "$dir/reports.yaml" --to "$tmp/respelled.yaml")" ]

# migrate new: the snapshot holds the views; a changed view is a revision.
mkdir -p "$tmp/project/models" && cp "$dir/reports.yaml" "$tmp/project/models/"
cd "$tmp/project" || exit 1
check "migrate new with views" "$schemac" migrate new -m "create" models/ >/dev/null
check "the snapshot carries the views" grep -q "^views:" migrations/schema.snapshot.yaml
psql -X -q -d "$db" -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public" >/dev/null 2>&1
check "migrate up" "$schemac" migrate up --db "$db" >/dev/null
sed -i 's/LIMIT 10/LIMIT 5/' models/reports.yaml
check "a changed view is a change" "$schemac" migrate new -m "top five" models/ >/dev/null
check "its revision recreates the view" grep -q "CREATE VIEW top_spenders" migrations/*top_five.sql
check "and nothing is left over" "$schemac" migrate new --check models/
check "the revision applies" "$schemac" migrate up --db "$db" >/dev/null 2>&1

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
