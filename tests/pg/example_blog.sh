#!/bin/sh
# example_blog: examples/blog builds as a standalone meson project with the
# schemac under test, and its program runs against PostgreSQL doing what it
# says. Then the build reacts to the models as it should: ninja reruns
# `schemac generate` because the depfile names the model files; touching a
# model without changing it regenerates nothing that changed, so no C object
# is rebuilt; adding a column to users.yaml rewrites that file's C only and
# rebuilds its object and main.c's, not the others (blog.c, content's, the
# shared runtime's), and the rebuilt program works with the new table.
# Last, the README's steps run as written in a fresh copy (createdb blog,
# migrate up, the program).
#
# usage (under tests/pg/with_pg): example_blog.sh SCHEMAC EXAMPLE_DIR
set -u
schemac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
example=$2
tmp=$(mktemp -d) || exit 1
db1=schemac_example_blog_$$
db2=schemac_example_blog_$$_rebuilt
cleanup() {
    for db in "$db1" "$db2"; do
        psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
    done
    if [ -n "${created_blog:-}" ]; then psql -X -q -c "DROP DATABASE IF EXISTS blog" >/dev/null 2>&1; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
failed=0

fail() {
    echo "FAIL $*" >&2
    failed=1
}

# The test edits its models, so it builds a copy.
cp -R "$example" "$tmp/blog"
rm -rf "$tmp/blog/build"
src=$tmp/blog
build=$tmp/build

if ! meson setup "$build" "$src" -Dschemac="$schemac" >"$tmp/setup.log" 2>&1; then
    cat "$tmp/setup.log" >&2
    echo "FAIL setup: meson setup of examples/blog failed" >&2
    exit 1
fi
if ! ninja -C "$build" >"$tmp/build.log" 2>&1; then
    cat "$tmp/build.log" >&2
    echo "FAIL build: examples/blog does not build" >&2
    exit 1
fi

# run_blog DB: runs the program on database DB.
run_blog() { DATABASE_URL= PGDATABASE=$1 BLOG_TRACE=1 "$build/blog" >"$tmp/out" 2>"$tmp/err"; }
migrate() { # ARGS...: schemac migrate on the copy's migrations
    "$schemac" migrate "$@" --dir "$src/migrations" >"$tmp/migrate.log" 2>&1 ||
        { fail "migrate $1 failed"; cat "$tmp/migrate.log" >&2; }
}
createdb() { psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $1" >/dev/null; }

# The revisions in migrations/ are what the models say.
migrate new -m check "$src/models"
grep -q '^no changes' "$tmp/migrate.log" || fail "migrations: they do not match the models"

createdb "$db1" || exit 1
DATABASE_URL= PGDATABASE=$db1 migrate up
if ! run_blog "$db1"; then
    fail "run: the program failed"
    cat "$tmp/out" "$tmp/err" >&2
fi
for line in \
    'schema: the tables are there already' \
    '  user #3 linus  Linus Torvalds  role reader (the server'"'"'s default)' \
    '  post #5 by user #2: "Nanoseconds" (draft, 0 views)' \
    '  tags #1 C and #2 PostgreSQL; 4 posts tagged in one COPY' \
    '  get_by_email(grace@example.com): user #2 Grace Hopper' \
    '  ada'"'"'s posts: #1 "Notes on the Analytical Engine", #2 "Computing Bernoulli numbers", #3 "Poetical science"' \
    '  posts tagged PostgreSQL: #1 "Notes on the Analytical Engine", #4 "The first actual bug"' \
    '  tags of post #1: C, PostgreSQL' \
    '  page 3: #5 "Nanoseconds"' \
    '  page 4: empty, the end' \
    '  published, by title: #2 "Computing Bernoulli numbers", #1 "Notes on the Analytical Engine", #4 "The first actual bug"' \
    '  post #5 "Nanoseconds" is now published' \
    '  deleted post #2: get says BLOG_NOT_FOUND; 4 live posts' \
    '  restored post #2 "Computing Bernoulli numbers"; 5 live posts' \
    '  a second ada@example.com: BLOG_UNIQUE_VIOLATION (SQLSTATE 23505, constraint users_live_email_key)' \
    '  username "Not Valid!": BLOG_CHECK_VIOLATION (constraint username_format)' \
    '  a post by user #999999: BLOG_FOREIGN_KEY_VIOLATION (constraint posts_author_id_fkey)' \
    '  published_posts: "The first actual bug" by Grace Hopper, 0 comments' \
    'clean up: hard-deleted 5 posts, 2 tags and 3 users'; do
    grep -qxF -- "$line" "$tmp/out" || fail "run: output lacks: $line"
done
# BLOG_TRACE: the trace hook logged the transaction's statements.
for pattern in '^command - [0-9.]* ms OK: BEGIN ISOLATION LEVEL SERIALIZABLE$' \
    '^copy - [0-9.]* ms rows=4 OK: COPY post_tags' '^command - [0-9.]* ms OK: COMMIT$' \
    '^execute blog_users_insert_[0-9a-z_]* [0-9.]* ms rows=1 OK: INSERT INTO users'; do
    grep -q -- "$pattern" "$tmp/err" || fail "run: the trace on stderr lacks: $pattern"
done
left=$(psql -X -At -d "$db1" -c 'SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM posts)')
[ "$left" = 0 ] || fail "run: $left rows left behind"
[ "$failed" -eq 0 ] || cat "$tmp/out" >&2

ninja_log=$tmp/ninja.log
rebuild() { # runs ninja; its output in $ninja_log
    ninja -C "$build" >"$ninja_log" 2>&1 || { fail "$1: ninja failed"; cat "$ninja_log" >&2; }
}
objects() { find "$build" -name '*.o' | sort; }
newer_than_stamp() { find "$build" \( -name '*.o' -o -name 'blog.h' -o -name 'blog.c' \) -newer "$tmp/stamp" | sort; }

rebuild "no-op"
grep -qF 'no work to do' "$ninja_log" || fail "no-op: ninja did work on an unchanged tree"
[ "$(objects | wc -l)" -ge 5 ] || fail "no-op: expected five objects, found: $(objects)"

# ninja knows the model files from schemac's depfile (meson passes only the
# models directory on the command line).
deps=$(ninja -C "$build" -t deps blog.h)
for f in "$src/models/users.yaml" "$src/models/content.yaml" "$src/models"; do
    printf '%s\n' "$deps" | grep -qxF "    $f" || fail "depfile: blog.h does not depend on $f"
done
printf '%s\n' "$deps" | grep -q 'header.mustache$' || fail "depfile: no template listed"
# And the query files, and their directory (a query file added).
for f in "$src/queries/posts.sql" "$src/queries"; do
    printf '%s\n' "$deps" | grep -qxF "    $f" || fail "depfile: blog.h does not depend on $f"
done

# Touching a model reruns generate, which leaves its outputs alone when their
# content is the same, so nothing is recompiled (and ninja, restat, is then
# satisfied).
sleep 1 # file times must move past the build's
touch "$tmp/stamp"
touch "$src/models/users.yaml"
ninja -C "$build" -n -d explain >"$tmp/explain.log" 2>&1
grep -q "older than most recent input $src/models/users.yaml" "$tmp/explain.log" ||
    fail "touch: ninja does not see users.yaml as an input of generate"
rebuild "touch"
grep -qF 'Generating models' "$ninja_log" || fail "touch: schemac generate did not rerun"
if grep -qF 'Compiling C object' "$ninja_log"; then
    fail "touch: C objects were rebuilt though the generated code did not change"
    cat "$ninja_log" >&2
fi
[ -z "$(newer_than_stamp)" ] || fail "touch: rewritten: $(newer_than_stamp)"
rebuild "touch, again"
grep -qF 'no work to do' "$ninja_log" || fail "touch: the second build still had work"

# Adding a column to users.yaml changes blog.users.h and blog.users.c only:
# their object and main.c's (which includes blog.h, so blog.users.h) are
# rebuilt and the program relinked; the objects of blog.c, blog.content.c
# and schemac_runtime.c stay. A new revision adds the column to the database, where
# the rebuilt program runs; on a new database it creates the tables itself.
sleep 1
touch "$tmp/stamp"
sed -i 's/^      last_login_at: .*/&\n      twitter: { type: varchar(15), nullable: true }/' \
    "$src/models/users.yaml"
grep -q 'twitter:' "$src/models/users.yaml" || fail "edit: sed did not add the column"
rebuild "edit"
grep -qF 'Generating models' "$ninja_log" || fail "edit: schemac generate did not rerun"
grep -q 'has_twitter' "$build/blog.users.h" || fail "edit: blog.users.h has no twitter column"
for o in $(objects); do
    case "$o" in
    *schemac_runtime.c.o | *_blog.c.o | *_blog.content.c.o | *_blog.queries.c.o)
        [ "$o" -nt "$tmp/stamp" ] && fail "edit: $o was rebuilt" ;;
    *) [ "$o" -nt "$tmp/stamp" ] || fail "edit: $o was not rebuilt" ;;
    esac
done
grep -qF 'Linking target blog' "$ninja_log" || fail "edit: the program was not relinked"
# The clock is the first revision's day, so the new one is that day's second:
# the name depends on the revisions, never on the day the test runs.
first=$(basename "$(ls "$src/migrations/"*_0001_*.sql | head -n 1)")
day=${first%%_*}
SCHEMAC_NOW=$(echo "$day" | sed 's/^\(....\)\(..\)\(..\)$/\1-\2-\3/')
export SCHEMAC_NOW
migrate new -m "add twitter" "$src/models"
unset SCHEMAC_NOW
grep -q "created .*/${day}_0002_add_twitter.sql" "$tmp/migrate.log" ||
    { fail "edit: no new revision ${day}_0002_add_twitter.sql"; cat "$tmp/migrate.log" >&2; }
DATABASE_URL= PGDATABASE=$db1 migrate up
for db in "$db1" "$db2"; do
    [ "$db" = "$db1" ] || createdb "$db2" || exit 1
    if ! run_blog "$db"; then
        fail "edit: the rebuilt program failed on $db"
        cat "$tmp/out" "$tmp/err" >&2
    fi
    grep -qxF 'clean up: hard-deleted 5 posts, 2 tags and 3 users' "$tmp/out" ||
        fail "edit: the rebuilt program did not finish on $db"
    column=$(psql -X -At -d "$db" -c "SELECT format_type(atttypid, atttypmod) FROM pg_attribute
        WHERE attrelid = 'users'::regclass AND attname = 'twitter'")
    [ "$column" = 'character varying(15)' ] || fail "edit: users.twitter is '$column' in $db"
done
grep -qxF 'schema: created the tables from blog.sql' "$tmp/out" ||
    fail "edit: the program did not create the tables on an empty database"

# examples/blog/README.md's steps, as written, with schemac's real path.
cp -R "$example" "$tmp/readme"
rm -rf "$tmp/readme/build"
sed -n '/^```sh$/,/^```$/p' "$example/README.md" | sed '1d;/^```$/,$d' |
    sed "s|/path/to/schemac|$schemac|" >"$tmp/readme.sh"
if psql -X -At -c "SELECT 1 FROM pg_database WHERE datname = 'blog'" | grep -q 1; then
    fail "README: this server has a database blog already; the README's steps need one without"
else
    created_blog=1
    if ! (cd "$tmp/readme" && unset DATABASE_URL && PATH=$(dirname "$schemac"):$PATH sh -ex "$tmp/readme.sh") \
        >"$tmp/out" 2>"$tmp/err"; then
        fail "README: a step of examples/blog/README.md failed"
        cat "$tmp/err" >&2
    fi
    grep -qxF 'clean up: hard-deleted 5 posts, 2 tags and 3 users' "$tmp/out" ||
        fail "README: the program did not finish"
    if grep -qF 'created the tables' "$tmp/out"; then fail "README: migrate up did not make the tables"; fi
fi

exit "$failed"
