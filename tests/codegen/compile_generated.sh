#!/bin/sh
# compile_generated: the code generated for every example schema (and the
# edge cases in tests/codegen/edge) compiles warning-free as C11 under gcc
# and clang, and so does code that uses it (tests/codegen/usage.mustache,
# rendered from `schemac context`).
# usage: compile_generated.sh CC SCHEMAC SCHEMAS_DIR USAGE_TEMPLATE PQ_INCLUDE_DIR
# Exits 77 (skipped) when CC is clang and not installed: ./run-tests does
# not install clang; CI does.
set -u
cc=$1
schemac=$2
schemas=$3
usage=$4
pq_include=$5
flags="-std=c11 -Wall -Wextra -Werror -pedantic -include $(dirname "$usage")/c11_headers.h"
if ! command -v "$cc" >/dev/null 2>&1; then
    echo "$cc is not installed" >&2
    [ "$cc" = clang ] && exit 77
    exit 1
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
failed=0
for dir in "$schemas"/*/ "$(dirname "$usage")"/edge/*/; do
    name=$(basename "$dir")
    out="$tmp/$name"
    mkdir -p "$out"
    if ! "$schemac" generate -o "$out" "$dir" || ! "$schemac" context "$dir" >"$out/context.yaml" ||
        ! "$schemac" render "$usage" --data "$out/context.yaml" --escape none >"$out/usage.c"; then
        echo "FAIL $name: schemac failed" >&2
        failed=1
        continue
    fi
    for src in "$out"/*.c; do
        if ! "$cc" $flags -I"$pq_include" -I"$out" -c "$src" -o "$out/$cc.o" 2>"$out/errors"; then
            echo "FAIL $name: $cc $flags $(basename "$src")" >&2
            head -n 30 "$out/errors" >&2
            failed=1
        else
            echo "ok   $name: $cc $(basename "$src")"
        fi
    done
done
exit "$failed"
