#!/bin/sh
# `schemac vet` on tests/queries/vet/queries over a copy of
# examples/blog/models (under with_pg): every finding at its position, and
# after a pending change (a column renamed in the models, the snapshot
# still the old schema) the query it breaks. A query with no finding is
# not reported. usage: test_vet.sh SCHEMAC SOURCE_ROOT
set -eu
schemac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # absolute: we cd below
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$root/examples/blog/models" "$tmp/models"
cp -r "$root/tests/queries/vet/queries" "$tmp/queries"
cd "$tmp"
fail() { echo "FAIL: $*"; cat err; exit 1; }

status=0
NO_COLOR=1 "$schemac" vet --db "$DATABASE_URL" models 2>err || status=$?
[ "$status" -eq 1 ] || fail "vet with findings exited $status"
grep -q "queries/findings.sql:4:1: warning: query \`all_columns\` uses SELECT \*" err || fail "SELECT *"
grep -q "queries/findings.sql:7:29: warning: query \`some_posts\` has LIMIT without ORDER BY" err || fail "LIMIT"
grep -q "warning: query \`posts_by_body\` filters table posts with no index to serve it (Filter: (posts.body = \$1))" err || fail "no index on posts.body"
grep -q "warning: query \`users_by_bio\` filters table users with no index" err || fail "no index on users.bio"
if grep -q "posts_by_author" err; then fail "posts_by_author has an index and ORDER BY"; fi
[ "$(grep -c 'warning:' err)" -eq 4 ] || fail "not exactly 4 findings"

# Only the clean query: nothing to report, exit 0.
mkdir clean
sed -n '/posts_by_author/,$p' queries/findings.sql >clean/clean.sql
NO_COLOR=1 "$schemac" vet --queries clean --db "$DATABASE_URL" models 2>err || fail "vet of a clean query failed"
[ ! -s err ] || fail "vet of a clean query printed something"

# A pending change: the snapshot has posts.title, the models rename it.
mkdir migrations
"$schemac" migrate new -m init --dir migrations models >/dev/null
sed -i -e 's/^      title: text$/      headline: text/' -e 's/author_id, title/author_id, headline/' -e 's/length(title)/length(headline)/' models/content.yaml
grep -q headline models/content.yaml || fail "the model edit did not apply"
status=0
NO_COLOR=1 "$schemac" vet --queries clean --db "$DATABASE_URL" models 2>err || status=$?
[ "$status" -eq 1 ] || fail "vet of a broken query exited $status"
grep -q "clean/clean.sql:2:12: error: query \`posts_by_author\` works on the last migration's schema but the pending change breaks it: column \"title\" does not exist" err ||
    fail "the pending change's breakage"
echo "vet: findings, a clean query and a pending change as expected"
