#!/bin/sh
# run_bad.sh SCHEMAC BAD_DIR: the bad-input corpus. Each case is BAD_DIR/NAME.yaml
# (or .yml, or a directory BAD_DIR/NAME/ of schema files) with BAD_DIR/NAME.expected
# holding the exact diagnostics. Run from the source root so paths in the
# diagnostics read `tests/bad/NAME.yaml`.
#
# For every case:
#   schemac validate   exits 1, prints nothing on stdout, prints exactly NAME.expected
#                      on stderr (NO_COLOR=1), never crashes, writes nothing;
#   schemac fmt --check writes nothing either, and exits 1 with diagnostics, unless
#                      the case is listed in BAD_DIR/fmt-loads (its errors are all
#                      semantic, so the file loads and fmt may format it): then it
#                      exits 0 or 1 with no diagnostics, and a copy formatted by
#                      `schemac fmt` still has exactly the same errors (fmt keeps
#                      the meaning even of an invalid schema).
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 SCHEMAC BAD_DIR" >&2
    exit 2
fi
schemac=$1
dir=${2%/}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

passed=0
failed=0

fail() {
    echo "FAIL $name: $*"
    failed=$((failed + 1))
    ok=false
}

# Names, sizes and modification times (in ns) of everything under BAD_DIR.
snapshot() {
    find "$dir" -printf '%p %s %T@\n' | sort
}

# The error messages of a validate run, without positions, sorted.
messages() {
    sed -n 's/^[^ ]*: error: //p' "$tmp/err" | sort
}

# Runs schemac with arguments; sets rc, out and err files.
run() {
    NO_COLOR=1 "$schemac" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

snapshot >"$tmp/before"
for expected in "$dir"/*.expected; do
    [ -e "$expected" ] || continue
    name=$(basename "$expected" .expected)
    case_path=
    for candidate in "$dir/$name.yaml" "$dir/$name.yml" "$dir/$name"; do
        if [ -e "$candidate" ]; then
            case_path=$candidate
            break
        fi
    done
    ok=true
    if [ -z "$case_path" ]; then
        fail "no $dir/$name.yaml, .yml or directory beside $expected"
        continue
    fi

    run validate "$case_path"
    if [ "$rc" -ge 128 ]; then
        fail "validate crashed (exit $rc)"
    elif [ "$rc" -ne 1 ]; then
        fail "validate exited $rc, want 1"
    fi
    if [ -s "$tmp/out" ]; then
        fail "validate wrote to stdout:"
        sed 's/^/    /' "$tmp/out"
    fi
    if ! cmp -s "$expected" "$tmp/err"; then
        fail "diagnostics differ (- expected, + actual):"
        diff -u "$expected" "$tmp/err" | tail -n +3 | sed 's/^/    /'
    fi

    run fmt --check "$case_path"
    if grep -qx "$name" "$dir/fmt-loads" 2>/dev/null; then
        if [ "$rc" -gt 1 ] || [ -s "$tmp/err" ]; then
            fail "fmt --check exited $rc with diagnostics, but the case is in fmt-loads"
            sed 's/^/    /' "$tmp/err"
        fi
        rm -rf "$tmp/copy" && mkdir "$tmp/copy" && cp -R "$case_path" "$tmp/copy/"
        copy=$tmp/copy/$(basename "$case_path")
        run validate "$case_path"
        messages >"$tmp/want"
        run fmt "$copy"
        if [ "$rc" -ne 0 ]; then
            fail "fmt of a copy exited $rc"
        fi
        run validate "$copy"
        messages >"$tmp/got"
        if ! cmp -s "$tmp/want" "$tmp/got"; then
            fail "after fmt the errors differ (- before, + after):"
            diff -u "$tmp/want" "$tmp/got" | tail -n +3 | sed 's/^/    /'
        fi
    elif [ "$rc" -ne 1 ] || [ ! -s "$tmp/err" ]; then
        fail "fmt --check exited $rc without diagnostics, want 1 with them (list the case in fmt-loads if it loads)"
    fi
    if $ok; then
        passed=$((passed + 1))
    fi
done

# Nothing under BAD_DIR may be created or changed (the names show the case).
snapshot >"$tmp/after"
if ! cmp -s "$tmp/before" "$tmp/after"; then
    name="(all cases)"
    fail "files under $dir were created or changed:"
    diff "$tmp/before" "$tmp/after" | sed 's/^/    /'
fi

# A case file without its .expected would silently never run.
for case_path in "$dir"/*; do
    name=$(basename "$case_path")
    name=${name%.yaml}
    name=${name%.yml}
    case $name in *.expected | fmt-loads) continue ;; esac
    if [ ! -e "$dir/$name.expected" ]; then
        name=$(basename "$case_path")
        fail "no $name.expected"
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
