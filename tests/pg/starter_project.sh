#!/bin/sh
# starter_project: README.md's "A first project", run exactly as written
# (its code block, line by line, in an empty directory, with the schemac
# under test first on PATH): init, new model, meson, ninja, createdb,
# migrate new, migrate up, run. The program must find the tables migrations
# made, add its note, and meet the unique slug as a value on a second run.
# `schemac init` must print the same steps. Then the starter as its own
# README goes on: a new model, a rebuild and a second revision; and on a
# database without the tables the program says to run `schemac migrate up`.
#
# usage (under tests/pg/with_pg): starter_project.sh SCHEMAC README
set -u
schemac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
readme=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
tmp=$(mktemp -d) || exit 1
empty_db=schemac_starter_empty_$$
created_shop=false
cleanup() {
    psql -X -q -c "DROP DATABASE IF EXISTS $empty_db" >/dev/null 2>&1
    if $created_shop; then psql -X -q -c "DROP DATABASE IF EXISTS shop" >/dev/null 2>&1; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
failed=0

fail() {
    echo "FAIL $*" >&2
    failed=1
}

# schemac is on PATH, as the README asks; nothing else of the build is.
mkdir "$tmp/bin" && ln -s "$schemac" "$tmp/bin/schemac" || exit 1
PATH=$tmp/bin:$PATH
export PATH
unset DATABASE_URL

# The first sh block after "## A first project".
sed -n '/^## A first project/,/^## /p' "$readme" | sed -n '/^```sh$/,/^```$/p' |
    sed '1d;/^```$/,$d' >"$tmp/steps.sh"
grep -q 'createdb' "$tmp/steps.sh" || fail "README: the first project never creates its database"
if psql -X -At -c "SELECT 1 FROM pg_database WHERE datname = 'shop'" | grep -q 1; then
    echo "FAIL this server has a database shop already; the README's steps need a server without one" >&2
    exit 1
fi

mkdir "$tmp/work" && cd "$tmp/work" || exit 1
created_shop=true
if ! sh -ex "$tmp/steps.sh" >out 2>err; then
    cat err >&2
    echo "FAIL README: a step of \"A first project\" failed (see above)" >&2
    exit 1
fi
for line in 'added the welcome note' 'note #1 "Hello from shop"' '  #1 welcome: Hello from shop'; do
    grep -qxF "$line" out || fail "README: the program's output lacks: $line"
done
cd shop || exit 1
DATABASE_URL=postgresql:///shop ./build/shop >out 2>err || { fail "second run: exit status $?"; cat err >&2; }
grep -qxF 'the welcome note is there already (notes_slug_key)' out ||
    { fail "second run: no unique violation reported"; cat out >&2; }
tables=$(psql -X -At -d shop -c "SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_class
    WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")
[ "$tables" = 'notes products schemac_migrations' ] ||
    fail "tables: '$tables', want 'notes products schemac_migrations'"

# What `schemac init` prints are the README's steps (comments aside).
strip() { sed 's/[[:space:]]*#.*//;s/^[[:space:]]*//;/^$/d'; }
strip <"$tmp/steps.sh" >"$tmp/readme.steps"
(cd "$tmp" && schemac init printed) | sed -n 's/^  //p' | strip >"$tmp/printed.steps"
[ -s "$tmp/printed.steps" ] || fail "init: printed no next steps"
sed 's/printed/shop/g' "$tmp/printed.steps" | while IFS= read -r step; do
    grep -qxF "$step" "$tmp/readme.steps" || echo "$step"
done >"$tmp/missing"
[ ! -s "$tmp/missing" ] || fail "init prints steps the README does not have: $(cat "$tmp/missing")"

# The starter's README goes on: a new model, rebuilt, a second revision.
if ! { schemac new model tags 'name:varchar(50):unique' 'color:text?' &&
    sed -i "s|files('models/notes.yaml')|files('models/notes.yaml', 'models/tags.yaml')|" meson.build &&
    ninja -C build && schemac migrate new -m "add tags" models/ &&
    DATABASE_URL=postgresql:///shop schemac migrate up; } >more.log 2>&1; then
    cat more.log >&2
    fail "a second model: rebuild or migration failed"
fi
grep -q 'shop_tags_get_by_name' build/shop.tags.h || fail "a second model: no API for tags"
grep -q '#include "shop.tags.h"' build/shop.h || fail "a second model: shop.h does not include shop.tags.h"
[ "$(psql -X -At -d shop -c "SELECT to_regclass('tags') IS NOT NULL")" = t ] ||
    fail "a second model: migrate up did not create tags"
DATABASE_URL=postgresql:///shop ./build/shop >out 2>err || { fail "after tags: exit status $?"; cat err >&2; }

# Without the tables, the program says what to run.
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $empty_db" >/dev/null || exit 1
if DATABASE_URL=postgresql:///$empty_db ./build/shop >out 2>err; then
    fail "empty database: the program succeeded"
fi
grep -qF 'schemac migrate up' err || { fail "empty database: no hint to migrate"; cat err >&2; }
[ "$(psql -X -At -d "$empty_db" -c "SELECT count(*) FROM pg_class WHERE relname = 'notes'")" = 0 ] ||
    fail "empty database: the program created its tables itself"

exit "$failed"
