#!/bin/sh
# run.sh: the pipelined-batch benchmark on a unix socket and over TCP on
# localhost, against one throwaway server of its own (tests/pg/with_pg
# listens on a unix socket only), durability off as in the tests.
# usage: run.sh BENCH_BATCH SQL [N [ROUNDS]]
set -eu
bench=$1 sql=$2 n=${3:-10000} rounds=${4:-5}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || bindir=$(dirname "$(command -v initdb)")
dir=$(mktemp -d)
trap '"$as" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
as=env
if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    as="runuser -u postgres --"
fi
port=$((20000 + $$ % 20000))
$as "$bindir/initdb" -D "$dir/data" -U postgres -A trust >/dev/null
$as "$bindir/pg_ctl" -D "$dir/data" -w -l "$dir/log" -o "-c listen_addresses=127.0.0.1 -p $port \
    -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
"$bench" "$sql" "$n" "$rounds" "host=$dir port=$port user=postgres dbname=postgres" \
    "host=127.0.0.1 port=$port user=postgres dbname=postgres sslmode=disable"
