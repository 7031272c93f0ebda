#!/bin/sh
# docs: the promises the documentation makes about the command line hold.
# README's commands table has a row for every command `schemac --help`
# lists and every subcommand `schemac migrate --help` lists; the docs stand
# on their own (no file cites a design.md the repository does not have);
# the diagnostic shown in docs/schema.md §11 is the one schemac prints
# (tests/bad/bad_type_params.expected).
# usage: docs.sh SCHEMAC SOURCE_ROOT
set -u
schemac=$1
root=$2
failed=0

fail() {
    echo "FAIL $*" >&2
    failed=1
}

readme=$root/README.md
# The table's rows: lines that start with "| `schemac ".
rows=$(grep '^| `schemac ' "$readme")
[ -n "$rows" ] || fail "README.md: no commands table"
commands=$("$schemac" --help | sed -n '/^commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p')
[ -n "$commands" ] || fail "schemac --help lists no commands"
for c in $commands; do
    printf '%s\n' "$rows" | grep -q "^| \`schemac $c[ \`]" || fail "README.md: no row for \`schemac $c\`"
done
subcommands=$("$schemac" migrate --help | sed -n '/^subcommands:/,/^$/s/^  \([a-z-]*\) .*/\1/p')
[ -n "$subcommands" ] || fail "schemac migrate --help lists no subcommands"
migrate_rows=$(printf '%s\n' "$rows" | grep '^| `schemac migrate ' | sed 's/ | .*//')
for c in $subcommands; do
    printf '%s\n' "$migrate_rows" | grep -qE "\`schemac migrate $c[ \`]|\`$c\`" ||
        fail "README.md: no row for \`schemac migrate $c\`"
done

if [ ! -e "$root/docs/design.md" ] && [ ! -e "$root/design.md" ]; then
    cited=$(cd "$root" && grep -rliF 'design.md' README.md docs examples generator/cli/init 2>/dev/null)
    [ -z "$cited" ] || fail "these cite a design.md that is not in the repository: $cited"
fi

# docs/schema.md §11's example, with the corpus case's path.
want=$(sed -n '/must be quoted here/,/^hint:/p' "$root/tests/bad/bad_type_params.expected" |
    sed 's|tests/bad/bad_type_params.yaml|models/orders.yaml|')
[ -n "$want" ] || fail "tests/bad/bad_type_params.expected has no unquoted numeric case"
grep -qF "$(printf '%s\n' "$want" | head -n 1)" "$root/docs/schema.md" &&
    [ "$(sed -n '/^models\/orders.yaml:15:22:/,/^hint:/p' "$root/docs/schema.md")" = "$want" ] ||
    fail "docs/schema.md §11: the example is not what schemac prints: want
$want"

exit "$failed"
