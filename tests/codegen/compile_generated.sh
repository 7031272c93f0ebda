#!/bin/sh
# compile_generated: the code generated for every example schema (and the
# edge cases in tests/codegen/edge) compiles warning-free as C11 under gcc
# and clang, and so does code that uses it (tests/codegen/usage.mustache,
# rendered from `schemac context`).
# usage: compile_generated.sh SCHEMAC SCHEMAS_DIR USAGE_TEMPLATE PQ_INCLUDE_DIR
set -u
schemac=$1
schemas=$2
usage=$3
pq_include=$4
flags="-std=c11 -Wall -Wextra -Werror -pedantic"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
failed=0
for cc in gcc clang; do
    if ! command -v "$cc" >/dev/null 2>&1; then
        echo "FAIL: $cc is not installed; the generated code must compile under it" >&2
        failed=1
    fi
done
[ "$failed" -eq 0 ] || exit 1
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
    for cc in gcc clang; do
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
done
exit "$failed"
