#!/bin/sh
# run.sh: builds schemac and the CRUD benchmark into build/ and runs it on a
# throwaway PostgreSQL (or the one DATABASE_URL names).
#   bench/crud/run.sh [--rounds N] [--scale F] [--noise]
set -eu
cd "$(dirname "$0")/../.."
[ -f build/build.ninja ] || meson setup build
ninja -C build bench/crud/bench_crud
exec tests/pg/with_pg build/bench/crud/bench_crud build/bench/crud/bench.sql "$@"
