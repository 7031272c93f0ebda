#!/usr/bin/env bash
# instructions.sh: the CRUD benchmark counted in instructions, so that the
# comparison does not depend on how busy the machine is. Wall time on a
# shared machine swings by tens of percent (bench_crud --noise shows it);
# instruction counts from valgrind's callgrind do not move at all.
#
#   bench/crud/instructions.sh
#
# It starts a private PostgreSQL under callgrind (every backend writes its
# own count when it exits), runs bench_crud under callgrind once per
# operation at two sizes, and prints, per operation and contestant:
#   client  instructions in the contestant's function (libpq included),
#           per operation;
#   server  instructions of its backend per operation: the difference
#           between the two sizes, so that connection start-up cancels out.
# The ratio is baseline/generated of client + server: above 1, the
# generated code does less work. Takes several minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in valgrind callgrind_annotate; do
    command -v "$tool" >/dev/null || { echo "instructions.sh: $tool not found" >&2; exit 1; }
done
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build bench/crud/bench_crud >/dev/null
bench=$PWD/build/bench/crud/bench_crud
schema=$PWD/build/bench/crud/bench.sql

bindir=$(pg_config --bindir 2>/dev/null || true)
[ -x "$bindir/postgres" ] || bindir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
[ -x "$bindir/postgres" ] || { echo "instructions.sh: PostgreSQL server not found" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/schemac-cg.XXXXXX")
postmaster=
cleanup() {
    if [ -n "$postmaster" ]; then
        # runuser does not pass signals on: tell the postmaster itself.
        if [ -r "$work/data/postmaster.pid" ]; then
            kill -INT "$(head -n 1 "$work/data/postmaster.pid")" 2>/dev/null || true
        fi
        kill -INT "$postmaster" 2>/dev/null || true
        wait "$postmaster" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

run_as=()
if [ "$(id -u)" -eq 0 ]; then
    user=postgres
    id -u postgres >/dev/null 2>&1 || user=nobody
    chown "$user" "$work"
    run_as=(runuser -u "$user" --)
fi
(cd / && "${run_as[@]}" "$bindir/initdb" -D "$work/data" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C --no-sync) >"$work/initdb.log" 2>&1 ||
    { cat "$work/initdb.log" >&2; exit 1; }
cat >>"$work/data/postgresql.conf" <<'EOF'
listen_addresses = ''
fsync = off
synchronous_commit = off
full_page_writes = off
autovacuum = off
timezone = 'UTC'
EOF
(cd / && exec "${run_as[@]}" valgrind --tool=callgrind --callgrind-out-file="$work/server.%p" \
    "$bindir/postgres" -D "$work/data" -k "$work" -p 5432) >"$work/server.log" 2>&1 &
postmaster=$!
for _ in $(seq 600); do
    "$bindir/pg_isready" -q -h "$work" -p 5432 && break
    kill -0 "$postmaster" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.2
done
export DATABASE_URL="postgresql:///postgres?host=$work&port=5432&user=postgres"

# total FILE: the instructions a callgrind output file counted.
total() { sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$1" | head -n 1; }

# inclusive FILE FUNCTION: the instructions spent in FUNCTION and below.
inclusive() {
    callgrind_annotate --inclusive=yes "$1" 2>/dev/null |
        awk -v f=":$2 " '!done && index($0, f) { gsub(",", "", $1); print $1; done = 1 }'
}

# measure OP SCALE: runs bench_crud for OP; sets count, client_b, client_g,
# server_b, server_g (the backends' totals).
measure() {
    local op=$1 scale=$2
    local out=$work/client.$op.$scale
    valgrind --tool=callgrind --callgrind-out-file="$out.cg" "$bench" "$schema" --only "$op" \
        --scale "$scale" --rounds 1 --verbose >"$out.txt" 2>"$out.err" ||
        { cat "$out.err" "$out.txt" >&2; exit 1; }
    count=$(awk -v op="$op" '$1 == "count" && $2 == op { print $3 }' "$out.txt")
    local pid_b pid_g
    pid_b=$(awk '$1 == "backend" && $2 == "baseline" { print $3 }' "$out.txt")
    pid_g=$(awk '$1 == "backend" && $2 == "generated" { print $3 }' "$out.txt")
    # A backend writes its counts as it exits, just after the client left.
    for _ in $(seq 300); do
        [ -n "$(total "$work/server.$pid_b" 2>/dev/null)" ] &&
            [ -n "$(total "$work/server.$pid_g" 2>/dev/null)" ] && break
        sleep 0.2
    done
    server_b=$(total "$work/server.$pid_b")
    server_g=$(total "$work/server.$pid_g")
    local fn=$op
    [ "$op" = insert ] && fn=insert_one
    client_b=$(inclusive "$out.cg" "baseline_$fn")
    client_g=$(inclusive "$out.cg" "generated_$fn")
}

printf '%-12s %12s %12s %12s %12s %8s\n' "per op" "client" "server" "client" "server" "ratio"
printf '%-12s %25s %25s %8s\n' "" "baseline" "generated" ""
for op in insert get list insert_many copy_binary copy_server; do
    measure "$op" 0.01
    n1=$count s1b=$server_b s1g=$server_g
    measure "$op" 0.03
    # Each run is a warm-up and one round: every operation twice.
    ops=$((2 * count)) dn=$((2 * (count - n1)))
    awk -v op="$op" -v cb="$client_b" -v cg="$client_g" -v ops="$ops" \
        -v sb=$((server_b - s1b)) -v sg=$((server_g - s1g)) -v dn="$dn" 'BEGIN {
        cb /= ops; cg /= ops; sb /= dn; sg /= dn
        printf "%-12s %12.0f %12.0f %12.0f %12.0f %8.3f\n", op, cb, sb, cg, sg, (cb + sb) / (cg + sg)
    }'
done
