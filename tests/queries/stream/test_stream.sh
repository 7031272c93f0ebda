#!/bin/sh
# Builds test_stream.c over the generated query code and runs it (under
# with_pg). usage: test_stream.sh SCHEMAC SOURCE_ROOT
set -eu
schemac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # absolute: we cd below
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$root/tests/queries/stream/queries" "$tmp/queries"
# No --db: the queries are described on a throwaway server schemac starts.
"$schemac" generate -o "$tmp/out" --queries "$tmp/queries" "$root/examples/blog/models"
cflags=$(pkg-config --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql)
# shellcheck disable=SC2086
cc -std=c11 -O2 -Wall -Wextra -Werror -pedantic -I "$tmp/out" $cflags \
    "$root/tests/queries/stream/test_stream.c" "$tmp"/out/*.c -o "$tmp/test_stream" -lpq
"$tmp/test_stream" "$DATABASE_URL"
