#!/bin/sh
# generate_cli: `schemac generate` end to end: outputs, unchanged files left
# alone (mtime kept), the depfile, user templates overriding the built-in
# ones by file name (partials too), and bad templates reported at
# file:line:col with nothing written.
# usage: generate_cli.sh SCHEMAC DIR SCHEMA_DIR
set -u
schemac=$1
dir=$2
schema=$3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1
failed=0
fail() {
    echo "FAIL: $*" >&2
    failed=1
}

# Outputs.
"$schemac" generate -o "$tmp/out" --depfile "$tmp/out.d" "$schema" 2>"$tmp/err" || fail "generate failed: $(cat "$tmp/err")"
outputs="blog.h blog.c blog.sql blog_base.h blog.content.h blog.content.c blog.users.h blog.users.c schemac_runtime.h schemac_runtime.c"
[ "$(ls "$tmp/out" | sort | tr '\n' ' ')" = "$(printf '%s\n' $outputs | sort | tr '\n' ' ')" ] ||
    fail "outputs: $(ls "$tmp/out" | tr '\n' ' ')"
for f in $outputs; do
    [ -s "$tmp/out/$f" ] || fail "missing $f"
done
grep -q 'Do not edit' "$tmp/out/blog.h" || fail "no banner in blog.h"
"$schemac" sql "$schema" >"$tmp/sql" && cmp -s "$tmp/sql" "$tmp/out/blog.sql" || fail "blog.sql differs from schemac sql"

# Unchanged outputs keep their mtime; a changed one is rewritten.
touch -d '2000-01-01' "$tmp/out/blog.h" "$tmp/out/blog.c"
echo "/* stale */" >>"$tmp/out/blog.c"
touch -d '2000-01-01' "$tmp/out/blog.c"
"$schemac" generate -o "$tmp/out" "$schema" || fail "second generate failed"
[ -z "$(find "$tmp/out/blog.h" -newermt '2001-01-01')" ] || fail "unchanged blog.h was rewritten"
[ -n "$(find "$tmp/out/blog.c" -newermt '2001-01-01')" ] || fail "changed blog.c was not rewritten"
grep -q stale "$tmp/out/blog.c" && fail "blog.c still stale"

# The depfile: every output, every schema file and template read.
d=$(cat "$tmp/out.d")
targets=$(for f in $outputs; do printf '%s ' "$tmp/out/$f"; done)
case "$d" in "${targets% }:"*) ;; *) fail "depfile targets: $d" ;; esac
for dep in users.yaml content.yaml header.mustache base_header.mustache source.mustache model_header.mustache \
    model_source.mustache runtime_header.mustache runtime_source.mustache table_header.mustache; do
    echo "$d" | grep -q "$dep" || fail "depfile lacks $dep"
done

# The runtime: the same bytes whatever the schema; --runtime-only writes it
# alone, --no-runtime everything else.
printf 'schemac: 1\nname: other\ntables:\n  t:\n    columns:\n      id: { type: integer, primary_key: true }\n' >"$tmp/other.yaml"
"$schemac" generate -o "$tmp/other" "$tmp/other.yaml" || fail "generate other failed"
for f in schemac_runtime.h schemac_runtime.c; do
    cmp -s "$tmp/other/$f" "$tmp/out/$f" || fail "$f differs between two schemas"
done
"$schemac" generate -o "$tmp/rt" --runtime-only || fail "--runtime-only failed"
[ "$(ls "$tmp/rt" | tr '\n' ' ')" = "schemac_runtime.c schemac_runtime.h " ] || fail "--runtime-only wrote: $(ls "$tmp/rt")"
cmp -s "$tmp/rt/schemac_runtime.c" "$tmp/out/schemac_runtime.c" || fail "--runtime-only wrote another runtime"
"$schemac" generate -o "$tmp/nort" --no-runtime "$schema" || fail "--no-runtime failed"
ls "$tmp/nort" | grep -q schemac_runtime && fail "--no-runtime wrote the runtime"
[ "$(ls "$tmp/nort" | wc -l)" -eq 8 ] || fail "--no-runtime wrote: $(ls "$tmp/nort")"
"$schemac" generate -o "$tmp/x" --runtime-only "$schema" 2>/dev/null
[ $? -eq 2 ] || fail "--runtime-only with a schema is not a usage error"

# Per schema file: an edit to users.yaml changes blog.users.c and .h only
# (and nothing of the runtime).
cp -r "$schema" "$tmp/edit"
"$schemac" generate -o "$tmp/edit-out" "$tmp/edit" || fail "generate of the copy failed"
touch -d '2000-01-01' "$tmp/edit-out"/*
sed -i 's/^    columns:$/&\n      edited_note: { type: text, nullable: true }/' "$tmp/edit/users.yaml"
"$schemac" generate -o "$tmp/edit-out" "$tmp/edit" || fail "generate after the edit failed"
changed=$(cd "$tmp/edit-out" && find . -newermt '2001-01-01' -type f | sed 's#^./##' | sort | tr '\n' ' ')
[ "$changed" = "blog.sql blog.users.c blog.users.h " ] || fail "an edit of users.yaml rewrote: $changed"

# Two schema files that would make the same file names: an error.
mkdir -p "$tmp/dup/a" "$tmp/dup/b"
printf 'schemac: 1\nname: d\ntables:\n  t:\n    columns:\n      id: { type: integer, primary_key: true }\n' >"$tmp/dup/a/m.yaml"
printf 'schemac: 1\nname: d\ntables:\n  u:\n    columns:\n      id: { type: integer, primary_key: true }\n' >"$tmp/dup/b/m.yaml"
"$schemac" generate -o "$tmp/dup-out" "$tmp/dup" 2>"$tmp/err" && fail "two m.yaml accepted"
grep -q 'both make the C identifier `D_M_H`' "$tmp/err" || fail "two m.yaml: $(cat "$tmp/err")"
[ ! -e "$tmp/dup-out" ] || fail "two m.yaml: wrote output"

# User templates override by file name, partials included; the rest fall
# back to the built-in ones.
"$schemac" generate -o "$tmp/custom" --templates "$dir" --depfile "$tmp/custom.d" "$schema" || fail "custom generate failed"
grep -q 'custom header for blog' "$tmp/custom/blog.h" || fail "user header.mustache not used"
grep -q 'int blog_custom_partial;' "$tmp/custom/blog.h" || fail "user partial not used"
cmp -s "$tmp/custom/blog.c" "$tmp/out/blog.c" || fail "built-in source.mustache not used"
grep -q "$dir/header.mustache" "$tmp/custom.d" || fail "depfile lacks the user template"

# Bad templates: file:line:col, exit 1, nothing written.
check_bad() { # NAME TEMPLATE_DIR WANT_IN_STDERR
    rm -rf "$tmp/bad"
    "$schemac" generate -o "$tmp/bad" --templates "$2" "$schema" 2>"$tmp/err"
    status=$?
    [ "$status" -eq 1 ] || fail "$1: exit status $status, want 1"
    grep -q "$3" "$tmp/err" || { fail "$1: diagnostics lack '$3':"; cat "$tmp/err" >&2; }
    [ ! -e "$tmp/bad" ] || fail "$1: wrote output"
}
check_bad "unclosed tag" "$dir/bad" "bad/header.mustache:1:4: error"
check_bad "unclosed section in a partial" "$dir/badpartial" "badpartial/table_header.mustache:1:4: error"
check_bad "missing partial" "$dir/missing" "no_such_partial"

# A template that fails only on the last schema file, after the files
# before it are staged: every output stays as it was (the edited schema
# would change several), and no temporary file is left behind.
cp -r "$tmp/out" "$tmp/late"
"$schemac" generate -o "$tmp/late" --templates "$dir/late" "$tmp/edit" 2>"$tmp/err"
[ $? -eq 1 ] || fail "late failure: exit status is not 1"
grep -q "no_such_late_partial" "$tmp/err" || fail "late failure: $(cat "$tmp/err")"
diff -r "$tmp/out" "$tmp/late" >/dev/null || fail "late failure: changed an output"
"$schemac" generate -o "$tmp/late-new" --templates "$dir/late" "$tmp/edit" 2>/dev/null
[ ! -e "$tmp/late-new" ] || fail "late failure: wrote output"

# Bad schema: nothing written either.
printf 'schemac: 1\nname: x\ntables:\n  t:\n    columns:\n      id: { type: strng, primary_key: true }\n' >"$tmp/bad.yaml"
"$schemac" generate -o "$tmp/badschema" "$tmp/bad.yaml" 2>"$tmp/err" && fail "bad schema accepted"
[ ! -e "$tmp/badschema" ] || fail "bad schema: wrote output"

# Usage errors.
"$schemac" generate "$schema" 2>/dev/null
[ $? -eq 2 ] || fail "missing -o is not a usage error"
"$schemac" generate -o "$tmp/x" 2>/dev/null
[ $? -eq 2 ] || fail "missing paths is not a usage error"
"$schemac" generate -o "$tmp/x" --templates "$tmp/nope" "$schema" 2>/dev/null
[ $? -eq 2 ] || fail "a missing --templates directory is not a usage error"

# context prints YAML that render reads back.
"$schemac" context "$schema" >"$tmp/context.yaml" || fail "context failed"
printf '{{#tables}}{{c_type}} {{/tables}}\n' >"$tmp/t.mustache"
"$schemac" render "$tmp/t.mustache" --data "$tmp/context.yaml" >"$tmp/types" || fail "render of context failed"
[ "$(cat "$tmp/types")" = "blog_posts blog_tags blog_post_tags blog_comments blog_users " ] || fail "context tables: $(cat "$tmp/types")"

[ "$failed" -eq 0 ] && echo "generate_cli: all passed"
exit "$failed"
