#!/bin/sh
# Runs schemac's commands under valgrind on the example schemas and on an
# invalid file: no leaks, no invalid reads or writes, on success and failure.
# usage: valgrind.sh VALGRIND SCHEMAC SOURCE_ROOT
set -u
valgrind=$1 schemac=$2 root=$3
failed=0 passed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'schemac: 1\nname: bad\ntables:\n  t:\n    colums: {}\n  u:\n    columns:\n      id: { type: strng, primary_key: true }\n' >"$tmp/bad.yaml"
cp -r "$root/schemas/blog" "$tmp/blog"

# check EXPECTED_EXIT ARGS...: the command exits as expected and valgrind
# finds nothing (valgrind's own exit code 99 means it found errors).
check() {
    want=$1
    shift
    "$valgrind" -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --error-exitcode=99 "$schemac" "$@" >/dev/null 2>"$tmp/log"
    got=$?
    if [ "$got" -eq "$want" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: schemac $* exited $got, want $want" >&2
        cat "$tmp/log" >&2
    fi
}

check 0 validate "$root/schemas"
check 1 validate "$tmp/bad.yaml"
check 0 fmt --check "$root/schemas"
check 1 fmt "$tmp/bad.yaml"
check 0 fmt "$tmp/blog"
check 0 sql "$root/schemas/blog"
check 0 diff --from empty --to "$root/schemas/chat"
check 0 diff --from "$root/schemas/chat" --to empty --down
check 2 diff --from "$root/schemas/chat"
check 0 migrate new -m "create blog" --dir "$tmp/m" "$root/schemas/blog"
check 0 migrate new -m "nothing" --dir "$tmp/m" "$root/schemas/blog"
check 1 migrate new -m "bad" --dir "$tmp/m" "$tmp/bad.yaml"
check 0 migrate hash --dir "$tmp/m"
check 0 migrate up --sql --dir "$tmp/m"
check 2 migrate down --sql --dir "$tmp/m" --from
check 1 migrate up --dir "$tmp/m" --db "host=$tmp/no-server"
echo "-- edited" >>"$tmp/m/$(ls "$tmp/m" | grep '\.sql$' | head -n 1)"
check 1 migrate up --dir "$tmp/m" --db "host=$tmp/no-server"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
