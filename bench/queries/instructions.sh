#!/usr/bin/env bash
# instructions.sh: the query benchmark counted in instructions (callgrind),
# which do not move when the machine is busy, unlike wall time. A private
# PostgreSQL runs under callgrind (each backend writes its count as it
# exits); bench_queries runs under callgrind once per query kind at two
# sizes. Per call and contestant it prints the client's instructions (in
# its function, libpq included) and its backend's (the difference between
# the sizes, so connection start-up cancels out), and the ratio
# baseline/generated of client + server: 0.95 or more is the target.
#
#   bench/queries/instructions.sh        (a few minutes)
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in valgrind callgrind_annotate; do
    command -v "$tool" >/dev/null || { echo "instructions.sh: $tool not found" >&2; exit 1; }
done
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build bench/queries/bench_queries >/dev/null
bench=$PWD/build/bench/queries/bench_queries
bindir=$(pg_config --bindir 2>/dev/null || true)
[ -x "$bindir/postgres" ] || bindir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d /tmp/schemac-qcg.XXXXXX)
postmaster=
cleanup() {
    if [ -r "$work/data/postmaster.pid" ]; then
        kill -INT "$(head -n 1 "$work/data/postmaster.pid")" 2>/dev/null || true
    fi
    [ -z "$postmaster" ] || wait "$postmaster" 2>/dev/null || true
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
printf "listen_addresses = ''\nfsync = off\nautovacuum = off\n" >>"$work/data/postgresql.conf"
(cd / && exec "${run_as[@]}" valgrind --tool=callgrind --trace-children=yes \
    --callgrind-out-file="$work/server.%p" "$bindir/postgres" -D "$work/data" -k "$work" \
    -p 5432) >"$work/server.log" 2>&1 &
postmaster=$!
for _ in $(seq 600); do
    "$bindir/pg_isready" -q -h "$work" -p 5432 && break
    sleep 0.2
done
export DATABASE_URL="postgresql:///postgres?host=$work&port=5432&user=postgres"

total() { sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$1" | head -n 1; }
inclusive() {
    callgrind_annotate --inclusive=yes "$1" 2>/dev/null |
        awk -v f=":$2 " '!done && index($0, f) { gsub(",", "", $1); print $1; done = 1 }'
}
# measure KIND COUNT: sets calls, client_b, client_g, server_b, server_g.
measure() {
    local out=$work/client.$1.$2
    valgrind --tool=callgrind --callgrind-out-file="$out.cg" "$bench" --only "$1" --count "$2" \
        --rounds 1 --verbose >"$out.txt" 2>"$out.err" || true
    calls=$(awk -v k="$1" '$1 == k { print $2 }' "$out.txt")
    local pid_b pid_g
    pid_b=$(awk '$1 == "backend" && $2 == "baseline" { print $3 }' "$out.txt")
    pid_g=$(awk '$1 == "backend" && $2 == "generated" { print $3 }' "$out.txt")
    for _ in $(seq 300); do
        [ -n "$(total "$work/server.$pid_b" 2>/dev/null)" ] &&
            [ -n "$(total "$work/server.$pid_g" 2>/dev/null)" ] && break
        sleep 0.2
    done
    server_b=$(total "$work/server.$pid_b")
    server_g=$(total "$work/server.$pid_g")
    client_b=$(inclusive "$out.cg" "baseline_$1")
    client_g=$(inclusive "$out.cg" "generated_$1")
}
printf '%-6s %12s %12s %12s %12s %8s\n' "per call" "client" "server" "client" "server" "ratio"
printf '%-6s %25s %25s %8s\n' "" "baseline" "generated" ""
for kind in one many; do
    small=500
    [ "$kind" = many ] && small=50
    measure "$kind" "$small"
    n1=$calls s1b=$server_b s1g=$server_g
    measure "$kind" $((small * 3))
    # A run is a warm-up of 100 calls and one round.
    awk -v k="$kind" -v cb="$client_b" -v cg="$client_g" -v ops=$((calls + 100)) \
        -v sb=$((server_b - s1b)) -v sg=$((server_g - s1g)) -v dn=$((calls - n1)) 'BEGIN {
        cb /= ops; cg /= ops; sb /= dn; sg /= dn
        printf "%-6s %12.0f %12.0f %12.0f %12.0f %8.3f\n", k, cb, sb, cg, sg, (cb + sb) / (cg + sg)
    }'
done
