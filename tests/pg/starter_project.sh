#!/bin/sh
# starter_project: what `schemac init` writes is a project that builds with
# the schemac under test and runs against PostgreSQL, twice (the second run
# meets the unique slug as a value); a model added with `schemac new model`
# generates code that compiles into it, and its table is created.
#
# usage (under tests/pg/with_pg): starter_project.sh SCHEMAC
set -u
schemac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d) || exit 1
db=schemac_starter_$$
trap 'psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
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

exit "$failed"
