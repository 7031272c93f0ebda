# callgrind.sh: what the instruction-count benchmarks share (sourced by
# bench/crud/instructions.sh and bench/queries/instructions.sh). A private
# PostgreSQL runs under callgrind, so every backend writes its own count as
# it exits; a benchmark client, run under callgrind too, prints the pids of
# its two backends ("backend baseline PID", "backend generated PID").
#
#   callgrind_server_start   starts the server in $work (a new temporary
#                            directory, removed on exit), exports DATABASE_URL
#   backend_totals OUT.txt   sets server_b and server_g: the backends' totals
#   inclusive FILE FUNCTION  the instructions spent in FUNCTION and below

for tool in valgrind callgrind_annotate; do
    command -v "$tool" >/dev/null || { echo "$0: $tool not found" >&2; exit 1; }
done

# total FILE: the instructions a callgrind output file counted.
total() { sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$1" | head -n 1; }

inclusive() {
    callgrind_annotate --inclusive=yes "$1" 2>/dev/null |
        awk -v f=":$2 " '!done && index($0, f) { gsub(",", "", $1); print $1; done = 1 }'
}

backend_totals() {
    local pid_b pid_g
    pid_b=$(awk '$1 == "backend" && $2 == "baseline" { print $3 }' "$1")
    pid_g=$(awk '$1 == "backend" && $2 == "generated" { print $3 }' "$1")
    # A backend writes its counts as it exits, just after the client left.
    for _ in $(seq 300); do
        [ -n "$(total "$work/server.$pid_b" 2>/dev/null)" ] &&
            [ -n "$(total "$work/server.$pid_g" 2>/dev/null)" ] && break
        sleep 0.2
    done
    server_b=$(total "$work/server.$pid_b")
    server_g=$(total "$work/server.$pid_g")
}

callgrind_cleanup() {
    if [ -n "$postmaster" ]; then
        # runuser does not pass signals on: tell the postmaster itself.
        if [ -r "$work/data/postmaster.pid" ]; then
            kill -INT "$(head -n 1 "$work/data/postmaster.pid")" 2>/dev/null || true
        fi
        kill -INT "$postmaster" 2>/dev/null || true
        wait "$postmaster" 2>/dev/null || true
    fi
    rm -rf "$work"
}

callgrind_server_start() {
    local bindir
    bindir=$(pg_config --bindir 2>/dev/null || true)
    [ -x "$bindir/postgres" ] || bindir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    [ -x "$bindir/postgres" ] || { echo "$0: PostgreSQL server not found" >&2; exit 1; }
    work=$(mktemp -d "${TMPDIR:-/tmp}/schemac-cg.XXXXXX")
    postmaster=
    trap callgrind_cleanup EXIT
    local run_as=()
    if [ "$(id -u)" -eq 0 ]; then
        local user=postgres
        id -u postgres >/dev/null 2>&1 || user=nobody
        chown "$user" "$work"
        run_as=(runuser -u "$user" --)
    fi
    (cd / && "${run_as[@]}" "$bindir/initdb" -D "$work/data" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C --no-sync) >"$work/initdb.log" 2>&1 ||
        { cat "$work/initdb.log" >&2; exit 1; }
    cat >>"$work/data/postgresql.conf" <<'CONF'
listen_addresses = ''
fsync = off
synchronous_commit = off
full_page_writes = off
autovacuum = off
timezone = 'UTC'
CONF
    (cd / && exec "${run_as[@]}" valgrind --tool=callgrind --callgrind-out-file="$work/server.%p" \
        "$bindir/postgres" -D "$work/data" -k "$work" -p 5432) >"$work/server.log" 2>&1 &
    postmaster=$!
    for _ in $(seq 600); do
        "$bindir/pg_isready" -q -h "$work" -p 5432 && break
        kill -0 "$postmaster" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
        sleep 0.2
    done
    export DATABASE_URL="postgresql:///postgres?host=$work&port=5432&user=postgres"
}
