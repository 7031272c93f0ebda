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
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build bench/queries/bench_queries >/dev/null
bench=$PWD/build/bench/queries/bench_queries
. bench/callgrind.sh
callgrind_server_start

# measure KIND COUNT: sets calls, client_b, client_g, server_b, server_g.
measure() {
    local out=$work/client.$1.$2
    valgrind --tool=callgrind --callgrind-out-file="$out.cg" "$bench" --only "$1" --count "$2" \
        --rounds 1 --verbose >"$out.txt" 2>"$out.err" || true
    calls=$(awk -v k="$1" '$1 == k { print $2 }' "$out.txt")
    backend_totals "$out.txt"
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
