#!/bin/sh
# render_cli: runs the built `schemac render` on the files beside this
# script and checks output, exit status and diagnostics.
# usage: render_cli.sh SCHEMAC DIR
set -u
schemac=$1
dir=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1
failed=0

# run NAME WANT_STATUS ARGS...: runs schemac, output in $tmp/out, $tmp/err.
run() {
    name=$1
    want=$2
    shift 2
    "$schemac" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL $name: exit status $got, want $want" >&2
        cat "$tmp/err" >&2
        failed=1
        return 1
    fi
    return 0
}

same_output() { # NAME FILE
    if ! cmp -s "$tmp/out" "$2"; then
        echo "FAIL $1: output differs from $2" >&2
        diff "$2" "$tmp/out" >&2
        failed=1
    fi
}

no_stderr() { # NAME
    if [ -s "$tmp/err" ]; then
        echo "FAIL $1: unexpected diagnostics:" >&2
        cat "$tmp/err" >&2
        failed=1
    fi
}

stderr_has() { # NAME TEXT
    if ! grep -qF -- "$2" "$tmp/err"; then
        echo "FAIL $1: stderr lacks '$2':" >&2
        cat "$tmp/err" >&2
        failed=1
    fi
}

run html 0 render "$dir/page.mustache" --data "$dir/data.yaml" &&
    same_output html "$dir/page.html" && no_stderr html
run none 0 render "$dir/page.mustache" --data="$dir/data.yaml" --escape none &&
    same_output none "$dir/page.txt" && no_stderr none
run partials-dir 0 render "$dir/page.mustache" --data "$dir/data.yaml" --partials "$dir/partials" &&
    no_stderr partials-dir && grep -q 'class="other"' "$tmp/out" ||
    { echo "FAIL partials-dir: DIR/row.mustache not used" >&2; failed=1; }

run unclosed 1 render "$dir/unclosed.mustache" --data "$dir/data.yaml" &&
    stderr_has unclosed "unclosed.mustache:2:3: error: section \`rows\` is not closed" &&
    stderr_has unclosed "hint: add \`{{/rows}}\`"
[ -s "$tmp/out" ] && { echo "FAIL unclosed: wrote output" >&2; failed=1; }
run mismatched 1 render "$dir/mismatched.mustache" --data "$dir/data.yaml" &&
    stderr_has mismatched "mismatched.mustache:4:5: error: section \`tags\` is closed by \`/rows\` at line 5, column 1"
run bad-data 1 render "$dir/page.mustache" --data "$dir/dup.yaml" &&
    stderr_has bad-data "dup.yaml:3:1: error: duplicate key \`title\` (first at line 1)"
run no-template-file 1 render "$dir/nothing.mustache" --data "$dir/data.yaml" &&
    stderr_has no-template-file "nothing.mustache: error: cannot read template"

run help 0 render --help && grep -q '^usage: schemac render TEMPLATE' "$tmp/out" ||
    { echo "FAIL help: no usage on stdout" >&2; failed=1; }
run no-args 2 render && stderr_has no-args "missing TEMPLATE"
run no-data 2 render "$dir/page.mustache" && stderr_has no-data "missing --data"
run bad-escape 2 render "$dir/page.mustache" --data "$dir/data.yaml" --escape xml &&
    stderr_has bad-escape "--escape must be html or none"
run unknown-option 2 render "$dir/page.mustache" --data "$dir/data.yaml" --fast &&
    stderr_has unknown-option "unknown option '--fast'"
run data-without-value 2 render "$dir/page.mustache" --data &&
    stderr_has data-without-value "--data needs a value"
run two-templates 2 render a.mustache b.mustache --data "$dir/data.yaml"

[ "$failed" -eq 0 ] && echo "render_cli: all passed"
exit "$failed"
