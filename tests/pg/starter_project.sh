#!/bin/sh
# starter_project: what `schemac init` writes is a project that builds with
# the schemac under test and runs against PostgreSQL, twice (the second run
# meets the unique slug as a value); a model added with `schemac new model`
# generates code that compiles into it, and its table is created; the
# README's migrations work on it (migrate new, migrate up, then the program).
#
# usage (under tests/pg/with_pg): starter_project.sh SCHEMAC
set -u
schemac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d) || exit 1
db=schemac_starter_$$
db2=schemac_starter_$$_migrated
trap 'for d in "$db" "$db2"; do psql -X -q -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1; done; rm -rf "$tmp"' EXIT
failed=0

fail() {
    echo "FAIL $*" >&2
    failed=1
}

cd "$tmp" || exit 1
"$schemac" init shop >init.log 2>&1 || { cat init.log >&2; echo "FAIL init" >&2; exit 1; }
(cd shop && "$schemac" new model products 'sku:varchar(20):unique' 'price:numeric(10,2)' \
    'stock:integer?') >new.log 2>&1 || { cat new.log >&2; fail "new model"; }

if ! meson setup build shop -Dschemac="$schemac" >setup.log 2>&1 ||
    ! ninja -C build >build.log 2>&1; then
    cat setup.log build.log >&2
    echo "FAIL build: the starter project does not build" >&2
    exit 1
fi
grep -q 'shop_products_get_by_sku' build/shop.h || fail "new model: no API for products"

psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >/dev/null || exit 1
run() { DATABASE_URL= PGDATABASE=$db ./build/shop >out 2>err || { fail "$1: exit status $?"; cat err >&2; }; }

run first
for line in 'created the tables from shop.sql' 'added the welcome note' \
    'note #1 "Hello from shop"' '  #1 welcome: Hello from shop'; do
    grep -qxF "$line" out || fail "first run: output lacks: $line"
done
run second
grep -qxF 'the welcome note is there already (notes_slug_key)' out ||
    { fail "second run: no unique violation reported"; cat out >&2; }
tables=$(psql -X -At -d "$db" -c "SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_class
    WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")
[ "$tables" = 'notes products' ] || fail "tables: '$tables', want 'notes products'"

# The README's migrations.
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db2" >/dev/null || exit 1
if ! (cd shop && "$schemac" migrate new -m "create the tables" models/ &&
    DATABASE_URL= PGDATABASE=$db2 "$schemac" migrate up) >migrate.log 2>&1; then
    fail "migrate: new or up failed"
    cat migrate.log >&2
fi
DATABASE_URL= PGDATABASE=$db2 ./build/shop >out 2>err || { fail "migrated: exit status $?"; cat err >&2; }
if grep -qF 'created the tables' out; then fail "migrated: the program created tables migrate up had made"; fi
grep -qxF 'added the welcome note' out || fail "migrated: no note added"

exit "$failed"
