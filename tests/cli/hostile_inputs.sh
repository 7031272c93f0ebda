#!/bin/sh
# hostile_inputs: inputs built to hang schemac or exhaust its memory are
# refused quickly with a diagnostic, a non-zero exit and nothing written:
# directory links that loop, devices, pipes and huge files in place of
# schema or revision files, and data whose aliases fan out. Links that do
# not loop keep working.
# usage: hostile_inputs.sh SCHEMAC SOURCE_ROOT
root=$(cd "$2" && pwd)
. "$(dirname "$0")/lib.sh"

# A models directory with the blog's two files.
models() { # DIR
    mkdir -p "$1" && cp "$root"/examples/blog/models/*.yaml "$1"/
}

# Two links to the directory itself: each would double the walk.
models loop && ln -s . loop/s1 && ln -s . loop/s2
run two-self-links 0 validate loop &&
    stderr_is two-self-links "loop/s1: warning: symlink loop: this leads back to \`loop\`, a directory being read; skipped
hint: remove the link; its files are read once already
loop/s2: warning: symlink loop: this leads back to \`loop\`, a directory being read; skipped
hint: remove the link; its files are read once already"
grep -q '^schema blog: 5 tables' out || fail "two-self-links: blog not loaded once"
run diff-two-self-links 0 diff --from loop --to loop && stdout_empty diff-two-self-links

# A loop two levels down, through a link to the parent.
models deep/a && ln -s .. deep/a/up
run parent-link 0 validate deep &&
    stderr_is parent-link "deep/a/up: warning: symlink loop: this leads back to \`deep\`, a directory being read; skipped
hint: remove the link; its files are read once already"

# Links that do not loop: a shared directory linked twice and a shared file.
models shared && mkdir linked && ln -s ../shared linked/one && ln -s ../shared linked/two
run shared-dir 0 validate linked && stderr_empty shared-dir
mkdir filelink && ln -s ../shared/users.yaml filelink/users.yaml &&
    cp shared/content.yaml filelink/
run shared-file 0 validate filelink && stderr_empty shared-file

# What is not a regular file.
run dev-zero 1 validate /dev/zero &&
    stderr_is dev-zero "/dev/zero: error: cannot read a character device
hint: schemac reads regular files (or symlinks to them) only" && stdout_empty dev-zero
models devlink && ln -s /dev/zero devlink/zero.yaml
run model-links-to-dev-zero 1 validate devlink &&
    stderr_is model-links-to-dev-zero "devlink/zero.yaml: error: cannot read a character device
hint: schemac reads regular files (or symlinks to them) only"
mkfifo pipe.yaml
run pipe 1 validate pipe.yaml &&
    stderr_is pipe "pipe.yaml: error: cannot read a pipe
hint: schemac reads regular files (or symlinks to them) only"
run fmt-dev-zero 1 fmt --check /dev/zero

# A file past the 16 MiB cap (sparse: no disk is used).
truncate -s 16777217 big.yaml
run big-model 1 validate big.yaml &&
    stderr_is big-model "big.yaml: error: file is larger than 16 MiB, the most schemac reads from one file
hint: no real schema or revision file comes near this size; is this the right file?"
truncate -s 16777216 limit.yaml
run model-at-the-cap 1 validate limit.yaml && ! grep -q 'larger than' err ||
    fail "model-at-the-cap: a file of exactly 16 MiB is read"

# A revision that is a link to /dev/zero, and one past the cap: refused,
# and `migrate hash` writes no schemac.sum.
cp -R "$root"/examples/blog/migrations m1 && rm m1/*.sql && ln -s /dev/zero m1/20261129_0001_zero.sql
cp m1/schemac.sum sum.before
run revision-links-to-dev-zero 1 migrate hash --dir m1 &&
    stderr_is revision-links-to-dev-zero "m1/20261129_0001_zero.sql: error: cannot read a character device
hint: schemac reads regular files (or symlinks to them) only"
cmp -s sum.before m1/schemac.sum || fail "revision-links-to-dev-zero: schemac.sum was written"
rm m1/20261129_0001_zero.sql && truncate -s 20000000 m1/20261129_0001_big.sql
run big-revision 1 migrate hash --dir m1 &&
    stderr_is big-revision "m1/20261129_0001_big.sql: error: file is larger than 16 MiB, the most schemac reads from one file
hint: no real schema or revision file comes near this size; is this the right file?"
cmp -s sum.before m1/schemac.sum || fail "big-revision: schemac.sum was written"

# Data whose aliases fan out: 1 KB aliased 1,000 times, three nested sections.
{
    printf 's: &s "%01024d"\nl: &l [*s' 0
    i=1
    while [ $i -lt 1000 ]; do printf ', *s'; i=$((i + 1)); done
    printf ']\n'
} >fan.yaml
printf '{{#l}}{{#l}}{{#l}}{{.}}{{/l}}{{/l}}{{/l}}' >fan.mustache
run alias-fan-out 1 render fan.mustache --data fan.yaml &&
    stderr_is alias-fan-out "fan.mustache:1:19: error: the output grows past 64 MiB, the most a render may write
     1 | {{#l}}{{#l}}{{#l}}{{.}}{{/l}}{{/l}}{{/l}}
       |                   ^
hint: sections over aliased data repeat the whole anchored value each time; render less of it" &&
    stdout_empty alias-fan-out
run render-dev-zero 1 render fan.mustache --data /dev/zero &&
    stderr_is render-dev-zero "/dev/zero: error: cannot read a character device
hint: schemac reads regular files (or symlinks to them) only"

exit $failed
