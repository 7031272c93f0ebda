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

[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build bench/crud/bench_crud >/dev/null
bench=$PWD/build/bench/crud/bench_crud
schema=$PWD/build/bench/crud/bench.sql
. bench/callgrind.sh
callgrind_server_start

# measure OP SCALE: runs bench_crud for OP; sets count, client_b, client_g,
# server_b, server_g (the backends' totals).
measure() {
    local op=$1 scale=$2
    local out=$work/client.$op.$scale
    valgrind --tool=callgrind --callgrind-out-file="$out.cg" "$bench" "$schema" --only "$op" \
        --scale "$scale" --rounds 1 --verbose >"$out.txt" 2>"$out.err" ||
        { cat "$out.err" "$out.txt" >&2; exit 1; }
    count=$(awk -v op="$op" '$1 == "count" && $2 == op { print $3 }' "$out.txt")
    backend_totals "$out.txt"
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
