# lib.sh: what the shell tests on PostgreSQL share. Sourced by a script run
# under tests/pg/with_pg as `sh SCRIPT SCHEMAC ...` after it sets $db_name
# (a database of its own, created here and dropped at exit) and, when it
# makes roles, $roles (dropped before and after). Sets $schemac (absolute),
# $tmp (the scratch directory, the current one), $db, $url, NO_COLOR,
# $failed, fail(), and q SQL (psql on $db, tuples only). The script ends
# with `exit "$failed"`.
set -u
schemac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d) || exit 1
db=${db_name}_$$
roles=${roles:-}
drop_roles() {
    for r in $roles; do psql -X -q -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1; done
}
cleanup() {
    psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
    drop_roles
    rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp" || exit 1
export NO_COLOR=1
failed=0
fail() {
    echo "FAIL $*" >&2
    failed=1
}
drop_roles
psql -X -q -c "CREATE DATABASE $db" || exit 1
url="dbname=$db"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
