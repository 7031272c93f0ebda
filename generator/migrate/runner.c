/* runner: applying revisions over libpq; see runner.h and
 * docs/migrations.md. The work is cut into units — one transaction (a
 * transactional step, or only the version-table row) or one statement run
 * outside a transaction — each ending with the version-table write that
 * records it. The same units are executed, printed by --dry-run and written
 * by --sql, so what is shown is what runs. */
#include "runner.h"

#include "live.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char table_columns[] = " (\n"
                                    "    revision text PRIMARY KEY,\n"
                                    "    parent text,\n"
                                    "    checksum text NOT NULL,\n"
                                    "    applied_at timestamptz NOT NULL DEFAULT now(),\n"
                                    "    duration_ms integer NOT NULL,\n"
                                    "    steps_done integer NOT NULL DEFAULT 0,\n"
                                    "    steps_total integer NOT NULL DEFAULT 0,\n"
                                    "    down_steps_done integer NOT NULL DEFAULT 0\n"
                                    ");";

/* ---------------------------------------------------------------------------
 * Connections and our own statements.
 */

static void on_notice(void *arg, const char *message)
{
    runner *r = arg;
    if (!r->quiet)
        fprintf(stderr, "schemac: server: %s", message);
}

/* libpq messages end with a newline; diagnostics add their own. */
static const char *trim_message(arena *a, const char *msg)
{
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        n--;
    return arena_strndup(a, msg, n);
}

/* Connects with conninfo; `dbname`, when given, replaces the database it
 * names (libpq reads only the first dbname as a conninfo string). */
static PGconn *open_connection(const char *conninfo, const char *dbname)
{
    const char *keys[] = {"dbname", "fallback_application_name", "client_encoding",
                          dbname ? "dbname" : NULL, NULL};
    const char *values[] = {conninfo ? conninfo : "", "schemac migrate", "UTF8", dbname, NULL};
    return PQconnectdbParams(keys, values, 1);
}

/* CREATE DATABASE name, from the server's maintenance database (postgres,
 * else template1) with the same connection options. */
static int create_database(runner *r, const char *conninfo, const char *name, diag *d)
{
    PGconn *c = open_connection(conninfo, "postgres");
    if (PQstatus(c) != CONNECTION_OK) {
        PQfinish(c);
        c = open_connection(conninfo, "template1");
    }
    int err = 0;
    if (PQstatus(c) != CONNECTION_OK) {
        err = diag_error(d, (src_pos){0}, "create it with createdb, then run the command again",
                         "cannot connect to the server to create database \"%s\": %s", name,
                         live_mask(&r->arena, trim_message(&r->arena, PQerrorMessage(c)),
                                   conninfo));
    } else {
        char *quoted = PQescapeIdentifier(c, name, strlen(name));
        if (!quoted)
            abort();
        PGresult *res = PQexec(c, arena_printf(&r->arena, "CREATE DATABASE %s", quoted));
        PQfreemem(quoted);
        /* Another runner may have made it meanwhile (42P04): as good. */
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        if (PQresultStatus(res) == PGRES_COMMAND_OK)
            fprintf(stderr, "schemac: created database \"%s\"\n", name);
        else if (!state || strcmp(state, "42P04") != 0)
            err = diag_error(d, (src_pos){0},
                             "create it with createdb (as a user allowed to), then run the "
                             "command again",
                             "cannot create database \"%s\": %s", name,
                             trim_message(&r->arena, PQresultErrorMessage(res)));
        PQclear(res);
    }
    PQfinish(c);
    return err;
}

static bool database_missing(PGconn *c)
{
    const char *message = c ? PQerrorMessage(c) : "";
    const char *at = strstr(message, "database \"");
    return at && strstr(at, "\" does not exist");
}

static PGconn *connect_db(runner *r, diag *d)
{
    const char *conninfo = r->opts.conninfo && *r->opts.conninfo ? r->opts.conninfo
                                                                  : getenv("DATABASE_URL");
    PGconn *c = open_connection(conninfo, NULL);
    if (c && PQstatus(c) != CONNECTION_OK && database_missing(c) && r->opts.create_database) {
        const char *name = arena_strdup(&r->arena, PQdb(c) ? PQdb(c) : "");
        PQfinish(c);
        if (create_database(r, conninfo, name, d) < 0)
            return NULL;
        c = open_connection(conninfo, NULL);
    }
    if (!c || PQstatus(c) != CONNECTION_OK) {
        const char *message =
            c ? live_mask(&r->arena, trim_message(&r->arena, PQerrorMessage(c)), conninfo)
              : "out of memory";
        if (database_missing(c)) {
            /* The server is there; the database is not. */
            const char *name = PQdb(c);
            diag_error(d, (src_pos){0},
                       arena_printf(&r->arena,
                                    "create it first: createdb %s (with -h, -p, -U for the "
                                    "server and user this connection names), or run the "
                                    "command again with --create-database",
                                    name && *name ? name : "NAME"),
                       "database \"%s\" does not exist on the server", name ? name : "");
        } else {
            if (!conninfo || !*conninfo)
                diag_note(d, (src_pos){0},
                          "no database named: no --db, and DATABASE_URL is not set, so libpq's "
                          "defaults were used (PGHOST, PGPORT, PGDATABASE, PGUSER; else the "
                          "local socket and a database named after the user)");
            diag_error(d, (src_pos){0},
                       "name the database with --db CONNINFO_OR_URL, or set DATABASE_URL (or the "
                       "PGHOST, PGDATABASE, ... variables)",
                       "cannot connect to the database: %s", message);
        }
        PQfinish(c);
        return NULL;
    }
    PQsetNoticeProcessor(c, on_notice, r);
    return c;
}

/* Runs one of our own statements (no parameters; values are literals we
 * made). Returns the result, or NULL after reporting. */
static PGresult *query(runner *r, PGconn *c, const char *sql, diag *d)
{
    r->quiet = true;
    PGresult *res = PQexec(c, sql);
    r->quiet = false;
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return res;
    const char *nl = strchr(sql, '\n');
    diag_error(d, (src_pos){0}, NULL, "database error in `%.*s`: %s",
               nl ? (int)(nl - sql) : (int)strlen(sql), sql,
               trim_message(&r->arena, res ? PQresultErrorMessage(res) : PQerrorMessage(c)));
    PQclear(res);
    return NULL;
}

static int command(runner *r, PGconn *c, const char *sql, diag *d)
{
    PGresult *res = query(r, c, sql, d);
    PQclear(res);
    return res ? 0 : -1;
}

/* Takes an advisory lock, saying on stderr whom it waits for when it has
 * to. */
static int take_lock(runner *r, PGconn *c, int64_t key, const char *waiting_for, diag *d)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT pg_try_advisory_lock(%" PRId64 ")", key);
    PGresult *res = query(r, c, sql, d);
    if (!res)
        return -1;
    bool got = PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    if (got)
        return 0;
    uint64_t u = (uint64_t)key;
    snprintf(sql, sizeof sql,
             "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = %u "
             "AND objid = %u AND objsubid = 1 AND database = (SELECT oid FROM pg_database WHERE "
             "datname = current_database()) LIMIT 1",
             (unsigned)(u >> 32), (unsigned)(u & 0xffffffffu));
    res = query(r, c, sql, d);
    fprintf(stderr, "schemac: waiting for %s (backend pid %s)...\n", waiting_for,
            res && PQntuples(res) ? PQgetvalue(res, 0, 0) : "?");
    PQclear(res);
    snprintf(sql, sizeof sql, "SELECT pg_advisory_lock(%" PRId64 ")", key);
    return command(r, c, sql, d);
}

/* Finds the version table (wherever search_path finds it) and, with
 * `create`, makes it in the current schema when there is none. */
static int find_table(runner *r, bool create, diag *d)
{
    PGresult *res = query(r, r->conn,
                          "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) "
                          "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                          "WHERE c.oid = to_regclass('" RUNNER_TABLE "')",
                          d);
    if (!res)
        return -1;
    if (PQntuples(res) == 1)
        r->table = arena_strdup(&r->arena, PQgetvalue(res, 0, 0));
    PQclear(res);
    if (r->table || !create)
        return 0;
    res = query(r, r->conn, "SELECT quote_ident(current_schema())", d);
    if (!res)
        return -1;
    if (PQgetisnull(res, 0, 0)) {
        PQclear(res);
        return diag_error(d, (src_pos){0},
                          "set search_path (in the connection options) to the schema that "
                          "should hold the version table",
                          "no schema to create the version table " RUNNER_TABLE " in");
    }
    const char *table = arena_printf(&r->arena, "%s.%s", PQgetvalue(res, 0, 0), RUNNER_TABLE);
    PQclear(res);
    const char *sql = arena_printf(&r->arena, "CREATE TABLE %s%s", table, table_columns);
    if (command(r, r->conn, sql, d) < 0)
        return -1;
    r->table = table;
    return 0;
}

int runner_open(runner *r, const runner_options *opts, bool lock, diag *d)
{
    memset(r, 0, sizeof *r);
    r->opts = *opts;
    if (!r->opts.out)
        r->opts.out = stdout;
    if (!(r->conn = connect_db(r, d)))
        return -1;
    if (lock) {
        if (!(r->lock = connect_db(r, d)))
            return -1;
        if (take_lock(r, r->lock, RUNNER_LOCK_KEY, "another schemac runner to finish", d) < 0 ||
            take_lock(r, r->conn, RUNNER_WORKER_KEY,
                      "the database session of an interrupted runner to end", d) < 0)
            return -1;
    }
    return find_table(r, lock, d);
}

void runner_close(runner *r)
{
    /* Closing the sessions releases their advisory locks. */
    PQfinish(r->conn);
    PQfinish(r->lock);
    arena a = r->arena;
    arena_free(&a);
    memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------------------
 * State.
 */

const runner_row *runner_row_for(const runner *r, const char *id)
{
    return r->row_map.arena ? strmap_get(&r->row_map, id) : NULL;
}

static bool row_partly_applied(const runner_row *row)
{
    return row->steps_done < row->steps_total && row->down_steps_done == 0;
}

/* Reads the version table into r->rows. */
static int read_state(runner *r, diag *d)
{
    r->rows = NULL;
    r->nrows = 0;
    r->applied = 0;
    r->state_read = false;
    strmap_init(&r->row_map, &r->arena);
    if (r->table) {
        const char *sql = arena_printf(
            &r->arena,
            "SELECT revision, parent, checksum, to_char(applied_at AT TIME ZONE 'UTC', "
            "'YYYY-MM-DD HH24:MI:SS') || ' UTC', duration_ms, steps_done, steps_total, "
            "down_steps_done FROM %s ORDER BY applied_at, revision",
            r->table);
        PGresult *res = query(r, r->conn, sql, d);
        if (!res)
            return -1;
        r->nrows = (size_t)PQntuples(res);
        r->rows = arena_alloc(&r->arena, (r->nrows ? r->nrows : 1) * sizeof *r->rows);
        for (size_t i = 0; i < r->nrows; i++) {
            runner_row *row = &r->rows[i];
            int k = (int)i;
            row->revision = arena_strdup(&r->arena, PQgetvalue(res, k, 0));
            row->parent = PQgetisnull(res, k, 1) ? NULL : arena_strdup(&r->arena, PQgetvalue(res, k, 1));
            row->checksum = arena_strdup(&r->arena, PQgetvalue(res, k, 2));
            row->applied_at = arena_strdup(&r->arena, PQgetvalue(res, k, 3));
            row->duration_ms = atoi(PQgetvalue(res, k, 4));
            row->steps_done = atoi(PQgetvalue(res, k, 5));
            row->steps_total = atoi(PQgetvalue(res, k, 6));
            row->down_steps_done = atoi(PQgetvalue(res, k, 7));
            strmap_put(&r->row_map, row->revision, row);
        }
        PQclear(res);
    }
    r->state_read = true;
    return 0;
}

/* Checks the rows read against the history; sets r->applied. */
static int check_state(runner *r, const history *h, diag *d)
{
    size_t errors = d->errors;
    r->applied = 0;
    const char *dir_hint = arena_printf(
        &r->arena,
        "restore the file (from version control); if this database was migrated from another "
        "directory or branch, use that one (--dir)");
    for (size_t i = 0; i < r->nrows; i++) {
        const runner_row *row = &r->rows[i];
        const revision *rev = history_find(h, row->revision);
        if (!rev) {
            diag_error(d, (src_pos){h->dir, 0, 0}, dir_hint,
                       "revision %s is applied to the database but %s.sql is not in the "
                       "migrations directory",
                       row->revision, row->revision);
            continue;
        }
        if (strcmp(rev->checksum, row->checksum) != 0) {
            bool unfinished = row->steps_done < row->steps_total || row->down_steps_done > 0;
            diag_error(d, (src_pos){rev->path, 0, 0},
                       unfinished ? "it is partly applied or reverted: if you changed only steps "
                                    "that have not run (the one that failed), accept the file "
                                    "with `schemac migrate repair`, then run the command again; "
                                    "else put the file back as it was"
                                  : "put the file back as it was applied (see its history in "
                                    "version control); to change the schema further, write a "
                                    "new revision",
                       "revision %s was edited after it was applied to this database "
                       "(applied checksum %.12s..., file %.12s...)",
                       rev->id, row->checksum, rev->checksum);
            continue;
        }
        if ((size_t)row->steps_total != rev->nup)
            diag_error(d, (src_pos){rev->path, 0, 0}, NULL,
                       "the version table says revision %s has %d steps; the file has %zu",
                       rev->id, row->steps_total, rev->nup);
    }
    while (r->applied < h->n && runner_row_for(r, h->revs[r->applied]->id))
        r->applied++;
    for (size_t i = r->applied + 1; i < h->n; i++) {
        if (!runner_row_for(r, h->revs[i]->id))
            continue;
        const revision *missing = h->revs[r->applied];
        diag_error(d, missing->parent_pos,
                   arena_printf(&r->arena,
                                "%s was put into the history below revisions this database "
                                "already has (a merge?); set its parent to the head of the "
                                "history instead",
                                missing->id),
                   "revision %s is not applied to this database, but %s, which comes after "
                   "it, is",
                   missing->id, h->revs[i]->id);
        break;
    }
    for (size_t i = 0; i + 1 < r->applied; i++) {
        const runner_row *row = runner_row_for(r, h->revs[i]->id);
        if (row->steps_done < row->steps_total || row->down_steps_done > 0)
            diag_error(d, (src_pos){h->revs[i]->path, 0, 0},
                       "the version table was changed by hand; repair it",
                       "revision %s is only partly applied, yet later revisions are applied",
                       h->revs[i]->id);
    }
    return d->errors > errors ? -1 : 0;
}

int runner_load_state(runner *r, const history *h, diag *d)
{
    if (read_state(r, d) < 0)
        return -1;
    return check_state(r, h, d);
}

const runner_row *runner_head_row(const runner *r)
{
    if (!r->nrows)
        return NULL;
    arena a = ARENA_INIT;
    strmap parents;
    strmap_init(&parents, &a);
    for (size_t i = 0; i < r->nrows; i++)
        if (r->rows[i].parent)
            strmap_put(&parents, r->rows[i].parent, &r->rows[i]);
    const runner_row *head = NULL;
    size_t heads = 0;
    for (size_t i = 0; i < r->nrows; i++)
        if (!strmap_get(&parents, r->rows[i].revision)) {
            head = &r->rows[i];
            heads++;
        }
    arena_free(&a);
    /* A table changed by hand may not be one chain: the latest row. */
    return heads == 1 ? head : &r->rows[r->nrows - 1];
}

/* ---------------------------------------------------------------------------
 * Units of work.
 */

typedef enum record_kind { RECORD_INSERT, RECORD_STEPS, RECORD_DOWN_STEPS, RECORD_DELETE } record_kind;

typedef struct unit {
    const revision *rev;
    revision_direction dir;
    const revision_step *step; /* NULL: the unit only writes the version table */
    size_t index, count;       /* the step's position among the direction's steps */
    bool first;                /* the first unit of its revision in this run */
    record_kind record;
    size_t record_value;       /* steps done after this unit */
} unit;

typedef struct unit_list {
    unit *items;
    size_t n, cap;
} unit_list;

static void add_unit(arena *a, unit_list *l, unit u)
{
    l->items = arena_grow(a, l->items, sizeof *l->items, &l->cap, l->n + 1);
    l->items[l->n++] = u;
}

/* Units that apply rev from step `first`; `has_row`: the version table
 * already has its row (resuming). */
static void plan_up_revision(arena *a, unit_list *l, const revision *rev, size_t first,
                             bool has_row)
{
    size_t n = rev->nup, i = first;
    bool is_first = true;
    if (!has_row) {
        bool with_step = n > 0 && rev->up[0].transactional;
        add_unit(a, l, (unit){rev, REVISION_UP, with_step ? &rev->up[0] : NULL, 0, n, true,
                              RECORD_INSERT, with_step ? 1 : 0});
        i = with_step ? 1 : 0;
        is_first = false;
    }
    for (; i < n; i++) {
        add_unit(a, l, (unit){rev, REVISION_UP, &rev->up[i], i, n, is_first, RECORD_STEPS, i + 1});
        is_first = false;
    }
}

static void plan_down_revision(arena *a, unit_list *l, const revision *rev, size_t first)
{
    size_t m = rev->ndown;
    if (m == 0) {
        add_unit(a, l, (unit){rev, REVISION_DOWN, NULL, 0, 0, true, RECORD_DELETE, 0});
        return;
    }
    for (size_t i = first; i < m; i++)
        add_unit(a, l,
                 (unit){rev, REVISION_DOWN, &rev->down[i], i, m, i == first,
                        i + 1 == m ? RECORD_DELETE : RECORD_DOWN_STEPS, i + 1});
}

static const revision *find_target(const history *h, const char *target, diag *d)
{
    const revision *rev = history_find(h, target);
    if (rev)
        return rev;
    const char **ids = malloc((h->n + 1) * sizeof *ids);
    if (!ids)
        abort();
    for (size_t i = 0; i < h->n; i++)
        ids[i] = h->revs[i]->id;
    const char *near = diag_suggest(target, ids, h->n);
    buf hint = BUF_INIT;
    if (near)
        buf_printf(&hint, "did you mean %s?", near);
    else
        buf_puts(&hint, "`schemac migrate history` lists the revisions");
    diag_error(d, (src_pos){0}, buf_cstr(&hint), "no revision %s in %s", target, h->dir);
    buf_free(&hint);
    free(ids);
    return NULL;
}

const revision *runner_find_revision(const history *h, const char *id, diag *d)
{
    return find_target(h, id, d);
}

/* The units that take a database with `applied` revisions (the last in
 * the state `last`, NULL when fully applied) up to `target`. */
static int plan_up(arena *a, const history *h, size_t applied, const runner_row *last,
                   const char *target, unit_list *out, diag *d)
{
    size_t t = h->n;
    if (target) {
        const revision *rev = find_target(h, target, d);
        if (!rev)
            return -1;
        t = (size_t)history_index(h, rev->id) + 1;
    }
    if (last && last->down_steps_done > 0)
        return diag_error(d, (src_pos){h->revs[applied - 1]->path, 0, 0},
                          "finish reverting it with `schemac migrate down` first",
                          "revision %s is partly reverted (%d of %zu down steps done)",
                          last->revision, last->down_steps_done, h->revs[applied - 1]->ndown);
    if (last && row_partly_applied(last) && applied <= t)
        plan_up_revision(a, out, h->revs[applied - 1], (size_t)last->steps_done, true);
    for (size_t i = applied; i < t; i++)
        plan_up_revision(a, out, h->revs[i], 0, false);
    return 0;
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static int plan_down(arena *a, const history *h, size_t applied, const runner_row *last,
                     const char *target, unit_list *out, diag *d)
{
    size_t count;
    if (!target || all_digits(target)) {
        long long n = target ? atoll(target) : 1;
        if (n < 1)
            return diag_error(d, (src_pos){0}, NULL, "the number of revisions to revert must be "
                                                     "at least 1");
        if ((size_t)n > applied)
            return diag_error(d, (src_pos){0}, "`schemac migrate down none` reverts everything",
                              "cannot revert %lld revision%s: the database has %zu", n,
                              n == 1 ? "" : "s", applied);
        count = (size_t)n;
    } else if (!strcmp(target, "none")) {
        count = applied;
    } else {
        const revision *rev = find_target(h, target, d);
        if (!rev)
            return -1;
        size_t keep = (size_t)history_index(h, rev->id) + 1;
        if (keep > applied)
            return diag_error(d, (src_pos){0}, NULL,
                              "revision %s is not applied to this database", rev->id);
        count = applied - keep;
    }
    if (count && last && row_partly_applied(last))
        return diag_error(d, (src_pos){h->revs[applied - 1]->path, 0, 0},
                          "fix the cause and finish it with `schemac migrate up` (if the failed "
                          "step is wrong: edit it, `schemac migrate hash`, `schemac migrate "
                          "repair`); its down section assumes the whole revision was applied",
                          "revision %s is only partly applied (%d of %d steps)", last->revision,
                          last->steps_done, last->steps_total);
    for (size_t k = 0; k < count; k++) {
        size_t i = applied - 1 - k;
        size_t first = k == 0 && last ? (size_t)last->down_steps_done : 0;
        plan_down_revision(a, out, h->revs[i], first);
    }
    return 0;
}

/* ---------------------------------------------------------------------------
 * The text of a unit (executed, or written as a script).
 */

static void put_literal(buf *b, const char *s)
{
    if (!s) {
        buf_puts(b, "NULL");
        return;
    }
    buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            buf_putc(b, '\'');
        buf_putc(b, *s);
    }
    buf_putc(b, '\'');
}

static void put_record(buf *b, const char *table, const unit *u, long elapsed_ms)
{
    const revision *rev = u->rev;
    switch (u->record) {
    case RECORD_INSERT:
        buf_printf(b, "INSERT INTO %s (revision, parent, checksum, duration_ms, steps_done, "
                      "steps_total) VALUES (",
                   table);
        put_literal(b, rev->id);
        buf_puts(b, ", ");
        put_literal(b, rev->parent);
        buf_puts(b, ", ");
        put_literal(b, rev->checksum);
        buf_printf(b, ", %ld, %zu, %zu);", elapsed_ms, u->record_value, rev->nup);
        break;
    case RECORD_STEPS:
        buf_printf(b, "UPDATE %s SET steps_done = %zu, duration_ms = duration_ms + %ld WHERE revision = ",
                   table, u->record_value, elapsed_ms);
        put_literal(b, rev->id);
        buf_putc(b, ';');
        break;
    case RECORD_DOWN_STEPS:
        buf_printf(b, "UPDATE %s SET down_steps_done = %zu WHERE revision = ", table,
                   u->record_value);
        put_literal(b, rev->id);
        buf_putc(b, ';');
        break;
    case RECORD_DELETE:
        buf_printf(b, "DELETE FROM %s WHERE revision = ", table);
        put_literal(b, rev->id);
        buf_putc(b, ';');
        break;
    }
}

/* ---------------------------------------------------------------------------
 * Concurrent index statements. They wait for every transaction older than
 * themselves, on any table, so they get a lock timeout of their own; and a
 * failed CREATE INDEX CONCURRENTLY leaves an INVALID index behind, which
 * the next run drops before building again.
 */

/* The next token of a statement's head: a word, or a possibly qualified
 * name ("s"."t", s.t) as written; comments and space skipped. Returns
 * false at anything else. */
static bool next_token(const char **p, char *out, size_t cap)
{
    const char *s = *p;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        if (s[0] == '-' && s[1] == '-')
            s += strcspn(s, "\n");
        else if (s[0] == '/' && s[1] == '*') {
            const char *end = strstr(s + 2, "*/");
            s = end ? end + 2 : s + strlen(s);
        } else
            break;
    }
    const char *start = s;
    for (;;) {
        if (*s == '"') {
            for (s++; *s && !(s[0] == '"' && s[1] != '"'); s += s[0] == '"' ? 2 : 1)
                ;
            if (!*s)
                return false;
            s++;
        } else if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_' ||
                   (unsigned char)*s >= 0x80) {
            while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_' ||
                   *s == '$' || (*s >= '0' && *s <= '9') || (unsigned char)*s >= 0x80)
                s++;
        } else
            return false;
        if (*s != '.')
            break;
        s++;
    }
    size_t n = (size_t)(s - start);
    if (n >= cap)
        return false;
    memcpy(out, start, n);
    out[n] = '\0';
    *p = s;
    return true;
}

static bool word_is(const char *token, const char *word)
{
    size_t i = 0;
    for (; token[i] && word[i]; i++)
        if ((token[i] >= 'a' && token[i] <= 'z' ? token[i] - 32 : token[i]) != word[i])
            return false;
    return !token[i] && !word[i];
}

typedef struct concurrent_stmt {
    bool concurrent;    /* CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY */
    bool create;        /* CREATE [UNIQUE] INDEX CONCURRENTLY name ON table */
    char name[256];     /* the index, as written; "" when unnamed */
    char table[520];    /* the table, as written */
} concurrent_stmt;

static concurrent_stmt classify(const char *sql)
{
    concurrent_stmt c = {0};
    char t[520];
    const char *p = sql;
    if (!next_token(&p, t, sizeof t))
        return c;
    if (word_is(t, "REINDEX")) {
        for (int i = 0; i < 3 && next_token(&p, t, sizeof t); i++)
            c.concurrent |= word_is(t, "CONCURRENTLY");
        return c;
    }
    bool create = word_is(t, "CREATE");
    if (!create && !word_is(t, "DROP"))
        return c;
    if (!next_token(&p, t, sizeof t))
        return c;
    if (create && word_is(t, "UNIQUE") && !next_token(&p, t, sizeof t))
        return c;
    if (!word_is(t, "INDEX") || !next_token(&p, t, sizeof t) || !word_is(t, "CONCURRENTLY"))
        return c;
    c.concurrent = true;
    if (!create || !next_token(&p, t, sizeof t))
        return c;
    if (word_is(t, "IF")) {
        if (!next_token(&p, t, sizeof t) || !word_is(t, "NOT") ||
            !next_token(&p, t, sizeof t) || !word_is(t, "EXISTS") ||
            !next_token(&p, t, sizeof t))
            return c;
    }
    if (!word_is(t, "ON")) {
        snprintf(c.name, sizeof c.name, "%.255s", t);
        if (!next_token(&p, t, sizeof t) || !word_is(t, "ON"))
            return c;
    }
    if (!next_token(&p, t, sizeof t) || (word_is(t, "ONLY") && !next_token(&p, t, sizeof t)))
        return c;
    snprintf(c.table, sizeof c.table, "%s", t);
    c.create = *c.name != '\0';
    return c;
}

/* The name PostgreSQL stores for an identifier as written. */
static void unquote_identifier(const char *written, char *out, size_t cap)
{
    size_t n = 0;
    if (*written == '"') {
        for (const char *s = written + 1; *s && n + 1 < cap; s++) {
            if (*s == '"' && s[1] != '"')
                break;
            out[n++] = *s;
            s += *s == '"';
        }
    } else {
        for (const char *s = written; *s && n + 1 < cap; s++)
            out[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
    }
    out[n] = '\0';
}

static int lock_timeout_for(const runner_options *o, const revision_stmt *st)
{
    return st && classify(st->sql).concurrent ? o->concurrent_lock_timeout_ms
                                              : o->lock_timeout_ms;
}

static void put_timeouts(buf *b, const runner_options *o, int lock_timeout_ms, bool local,
                         const char *sep)
{
    buf_printf(b, "SET %slock_timeout = '%dms';%s", local ? "LOCAL " : "", lock_timeout_ms, sep);
    buf_printf(b, "SET %sstatement_timeout = '%dms';%s", local ? "LOCAL " : "",
               o->statement_timeout_ms, sep);
}

/* The unit's statement outside a transaction, or NULL. */
static const revision_stmt *lone_statement(const unit *u)
{
    return u->step && !u->step->transactional && u->step->n ? &u->step->stmts[0] : NULL;
}

static const char *direction_name(revision_direction dir) { return dir == REVISION_UP ? "up" : "down"; }

static void write_unit(buf *b, const char *table, const runner_options *o, const unit *u,
                       bool first_unit)
{
    if (u->first)
        buf_printf(b, "\n-- %s %s: %s\n", direction_name(u->dir), u->rev->id, u->rev->message);
    if (!first_unit)
        buf_puts(b, "RESET ALL;\n");
    bool transaction = !u->step || u->step->transactional;
    if (transaction) {
        buf_puts(b, "BEGIN;\n");
        put_timeouts(b, o, o->lock_timeout_ms, true, "\n");
    } else {
        buf_printf(b, "-- step %zu of %zu runs outside a transaction\n", u->index + 1, u->count);
        put_timeouts(b, o, lock_timeout_for(o, lone_statement(u)), false, "\n");
    }
    for (size_t i = 0; u->step && i < u->step->n; i++)
        buf_printf(b, "%s\n", u->step->stmts[i].sql);
    put_record(b, table, u, 0);
    buf_putc(b, '\n');
    if (transaction)
        buf_puts(b, "COMMIT;\n");
}

static void write_units(buf *b, const char *table, const runner_options *o, const unit_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        write_unit(b, table, o, &l->items[i], i == 0);
}

/* ---------------------------------------------------------------------------
 * Executing units.
 */

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Byte offset in `s` of the 1-based character position `pos` (UTF-8). */
static size_t char_offset(const char *s, long pos)
{
    size_t i = 0;
    for (long c = 1; c < pos && s[i]; c++) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

/* Runs a revision statement; COPY FROM STDIN has no data to read here. */
static PGresult *run_statement(runner *r, const char *sql)
{
    PGresult *res = PQexec(r->conn, sql);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_COPY_IN) {
        PQclear(res);
        PQputCopyEnd(r->conn, "COPY FROM STDIN is not supported in revision files");
        PGresult *last = NULL, *next;
        while ((next = PQgetResult(r->conn))) {
            PQclear(last);
            last = next;
        }
        return last;
    }
    if (st == PGRES_COPY_OUT) {
        PQclear(res);
        char *row;
        while (PQgetCopyData(r->conn, &row, 0) > 0)
            PQfreemem(row);
        PGresult *last = NULL, *next;
        while ((next = PQgetResult(r->conn))) {
            PQclear(last);
            last = next;
        }
        return last;
    }
    return res;
}

/* Before a CREATE INDEX CONCURRENTLY: an INVALID index of that name on
 * that table is what an earlier failed build of it left; drop it so the
 * build can run again. A valid one is left alone (the build then fails,
 * or is skipped with IF NOT EXISTS). */
static int drop_invalid_index(runner *r, const revision_stmt *st, diag *d)
{
    concurrent_stmt c = st ? classify(st->sql) : (concurrent_stmt){0};
    if (!c.create)
        return 0;
    char name[256];
    unquote_identifier(c.name, name, sizeof name);
    const char *params[] = {c.table, name};
    r->quiet = true;
    PGresult *res = PQexecParams(
        r->conn,
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE i.indrelid = to_regclass($1) AND c.relname = $2 AND NOT i.indisvalid",
        2, NULL, params, NULL, NULL, 0);
    r->quiet = false;
    int err = 0;
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        err = diag_error(d, (src_pos){0}, NULL,
                         "database error looking for an INVALID index %s: %s", c.name,
                         trim_message(&r->arena, PQresultErrorMessage(res)));
    } else if (PQntuples(res) == 1) {
        const char *index = arena_strdup(&r->arena, PQgetvalue(res, 0, 0));
        fprintf(r->opts.out, "  dropping INVALID index %s, left by an earlier failed build\n",
                index);
        fflush(r->opts.out);
        err = command(r, r->conn, arena_printf(&r->arena, "DROP INDEX CONCURRENTLY %s", index), d);
    }
    PQclear(res);
    return err;
}

static void report_statement_error(runner *r, const unit *u, const revision_stmt *st,
                                   PGresult *res, diag *d)
{
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *message = primary ? primary : trim_message(&r->arena, PQerrorMessage(r->conn));
    const char *sqlstate = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
    const char *context = res ? PQresultErrorField(res, PG_DIAG_CONTEXT) : NULL;
    const char *position = res ? PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION) : NULL;
    src_pos pos = {u->rev->path, st->line, st->col};
    if (position && atol(position) > 0)
        pos = revision_position(u->rev, st->offset + char_offset(st->sql, atol(position)));
    bool concurrent = classify(st->sql).concurrent;
    if (!hint && sqlstate && !strcmp(sqlstate, "55P03") && concurrent)
        hint = "a concurrent index statement waits for the locks on its table and for every "
               "transaction older than itself, on any table; one lasted longer than "
               "--concurrent-lock-timeout allows (see pg_stat_activity); retry, or allow a "
               "longer wait";
    if (!hint && sqlstate && !strcmp(sqlstate, "55P03"))
        hint = "another session holds a lock this statement needs; retry when it is done, or "
               "allow a longer wait with --lock-timeout";
    if (!hint && sqlstate && !strcmp(sqlstate, "57014"))
        hint = "the statement ran longer than --statement-timeout allows (0 = no limit)";
    diag_error(d, pos, hint, "%s failed: %s%s%s%s", direction_name(u->dir), message,
               sqlstate ? " (SQLSTATE " : "", sqlstate ? sqlstate : "", sqlstate ? ")" : "");
    if (pos.line != st->line || pos.col != st->col)
        diag_note(d, (src_pos){0}, "in the statement at %s:%d:%d", u->rev->path, st->line,
                  st->col);
    if (detail)
        diag_note(d, (src_pos){0}, "detail: %s", detail);
    if (context)
        diag_note(d, (src_pos){0}, "context: %s", context);
}

/* Where the database stands after unit u failed. */
static void note_state_after_failure(runner *r, const history *h, const unit *u, diag *d)
{
    const revision *rev = u->rev;
    bool transaction = !u->step || u->step->transactional;
    if (!transaction && classify(u->step->stmts[0].sql).create)
        diag_note(d, (src_pos){0},
                  "the statement ran outside a transaction; a failed CREATE INDEX CONCURRENTLY "
                  "leaves an INVALID index, which the next `schemac migrate up` drops before "
                  "building it again");
    else if (!transaction)
        diag_note(d, (src_pos){0},
                  "the statement ran outside a transaction and may have left part of its work "
                  "behind; check before you run it again");
    if (u->dir == REVISION_UP && u->record == RECORD_INSERT) {
        long i = history_index(h, rev->id);
        diag_note(d, (src_pos){0},
                  "the transaction was rolled back: nothing of %s was applied and the database "
                  "is still at revision %s",
                  rev->id, i > 0 ? h->revs[i - 1]->id : "none");
    } else if (u->dir == REVISION_UP) {
        diag_note(d, (src_pos){0},
                  "%s is partly applied (%zu of %zu steps); `schemac migrate up` resumes at "
                  "step %zu (if that step is wrong: edit it, `schemac migrate hash`, `schemac "
                  "migrate repair`)",
                  rev->id, u->index, u->count, u->index + 1);
    } else if (u->index == 0) {
        diag_note(d, (src_pos){0},
                  "the transaction was rolled back: %s is still applied", rev->id);
    } else {
        diag_note(d, (src_pos){0},
                  "%s is partly reverted (%zu of %zu down steps); `schemac migrate down` "
                  "resumes at step %zu",
                  rev->id, u->index, u->count, u->index + 1);
    }
    (void)r;
}

static const char *first_line(arena *a, const char *sql, size_t max)
{
    size_t n = strcspn(sql, "\n");
    if (n > max)
        return arena_printf(a, "%.*s...", (int)max, sql);
    return arena_printf(a, "%.*s%s", (int)n, sql, sql[n] ? " ..." : "");
}

static int exec_unit(runner *r, const history *h, const unit *u, diag *d)
{
    bool transaction = !u->step || u->step->transactional;
    buf b = BUF_INIT;
    int err = -1;
    if (command(r, r->conn, "RESET ALL", d) < 0)
        goto done;
    /* If this process dies mid-statement, have the server notice within a
     * second and roll back, instead of finishing a long statement for
     * nobody while holding its locks (PostgreSQL 14+, where the platform
     * supports it; elsewhere the SET fails and nothing changes). */
    if (PQserverVersion(r->conn) >= 140000) {
        r->quiet = true;
        PQclear(PQexec(r->conn, "SET client_connection_check_interval = '1s'"));
        r->quiet = false;
    }
    if (!transaction)
        fprintf(r->opts.out, "  step %zu of %zu, outside a transaction: %s\n", u->index + 1,
                u->count, first_line(&r->arena, u->step->stmts[0].sql, 70));
    fflush(r->opts.out);
    long start = now_ms();
    if (transaction && command(r, r->conn, "BEGIN", d) < 0)
        goto done;
    put_timeouts(&b, &r->opts, lock_timeout_for(&r->opts, lone_statement(u)), transaction, " ");
    if (command(r, r->conn, buf_cstr(&b), d) < 0)
        goto failed;
    if (!transaction && drop_invalid_index(r, lone_statement(u), d) < 0)
        goto failed;
    for (size_t i = 0; u->step && i < u->step->n; i++) {
        const revision_stmt *st = &u->step->stmts[i];
        PGresult *res = run_statement(r, st->sql);
        ExecStatusType status = PQresultStatus(res);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK &&
            status != PGRES_EMPTY_QUERY) {
            report_statement_error(r, u, st, res, d);
            PQclear(res);
            goto failed;
        }
        PQclear(res);
    }
    buf_clear(&b);
    put_record(&b, r->table, u, now_ms() - start);
    if (command(r, r->conn, buf_cstr(&b), d) < 0)
        goto failed;
    if (transaction) {
        PGresult *res = PQexec(r->conn, "COMMIT");
        /* A deferred constraint fails here. */
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            diag_error(d, (src_pos){u->rev->path, u->step ? u->step->marker_line : 0, 1}, NULL,
                       "%s failed at COMMIT: %s", direction_name(u->dir),
                       trim_message(&r->arena, PQresultErrorMessage(res)));
            PQclear(res);
            goto failed;
        }
        PQclear(res);
    }
    err = 0;
    goto done;
failed:
    if (PQstatus(r->conn) != CONNECTION_OK)
        diag_note(d, (src_pos){0}, transaction
                                       ? "the connection to the database was lost; the server "
                                         "rolls back the open transaction"
                                       : "the connection to the database was lost");
    else if (PQtransactionStatus(r->conn) != PQTRANS_IDLE)
        PQclear(PQexec(r->conn, "ROLLBACK"));
    note_state_after_failure(r, h, u, d);
done:
    buf_free(&b);
    return err;
}

/* The lock session must still hold the lock before each revision. */
static int check_lock(runner *r, const unit *u, diag *d)
{
    PGresult *res = PQexec(r->lock, "SELECT 1");
    bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    PQclear(res);
    if (ok)
        return 0;
    return diag_error(d, (src_pos){0}, "run the command again",
                      "lost the session holding the migration lock; stopped before %s %s",
                      direction_name(u->dir), u->rev->id);
}

static int exec_units(runner *r, const history *h, const unit_list *l, diag *d)
{
    long start = 0;
    for (size_t i = 0; i < l->n; i++) {
        const unit *u = &l->items[i];
        if (u->first) {
            if (check_lock(r, u, d) < 0)
                return -1;
            fprintf(r->opts.out, "%s %s: %s\n", u->dir == REVISION_UP ? "applying" : "reverting",
                    u->rev->id, u->rev->message);
            fflush(r->opts.out);
            start = now_ms();
        }
        if (exec_unit(r, h, u, d) < 0)
            return -1;
        if (i + 1 == l->n || l->items[i + 1].first)
            fprintf(r->opts.out, "  done in %ld ms\n", now_ms() - start);
    }
    return 0;
}

/* ---------------------------------------------------------------------------
 * Commands.
 */

static const runner_row *last_row(const runner *r, const history *h)
{
    return r->applied ? runner_row_for(r, h->revs[r->applied - 1]->id) : NULL;
}

static void print_position(runner *r, const history *h, bool changed)
{
    /* Reread so the answer is what the database says now. */
    diag quiet;
    diag_init(&quiet);
    runner_load_state(r, h, &quiet);
    diag_free(&quiet);
    const runner_row *last = last_row(r, h);
    fprintf(r->opts.out, "%sdatabase is at revision %s%s\n", changed ? "" : "nothing to do: ",
            last ? last->revision : "none",
            last && row_partly_applied(last) ? " (partly applied)" : "");
}

static int run(runner *r, const history *h, const unit_list *l, bool dry_run, const char *cmd,
               diag *d)
{
    if (dry_run) {
        buf b = BUF_INIT;
        buf_printf(&b, "-- dry run: the SQL `schemac migrate %s` would run; nothing was executed\n",
                   cmd);
        if (!r->table)
            buf_printf(&b, "CREATE TABLE IF NOT EXISTS %s%s\n", RUNNER_TABLE, table_columns);
        if (!l->n)
            buf_puts(&b, "-- nothing to do\n");
        write_units(&b, r->table ? r->table : RUNNER_TABLE, &r->opts, l);
        fwrite(b.data ? b.data : "", 1, b.len, r->opts.out);
        buf_free(&b);
        return 0;
    }
    int err = exec_units(r, h, l, d);
    if (!err)
        print_position(r, h, l->n > 0);
    return err;
}

int runner_up(runner *r, const history *h, const char *target, bool dry_run, diag *d)
{
    if (runner_load_state(r, h, d) < 0)
        return -1;
    unit_list l = {0};
    if (plan_up(&r->arena, h, r->applied, last_row(r, h), target, &l, d) < 0)
        return -1;
    return run(r, h, &l, dry_run, "up", d);
}

int runner_down(runner *r, const history *h, const char *target, bool dry_run, diag *d)
{
    if (runner_load_state(r, h, d) < 0)
        return -1;
    unit_list l = {0};
    if (plan_down(&r->arena, h, r->applied, last_row(r, h), target, &l, d) < 0)
        return -1;
    return run(r, h, &l, dry_run, "down", d);
}

/* Runs the statements of `sql` in one transaction, or prints them with
 * dry_run. */
static int run_transaction(runner *r, const char *sql, bool dry_run, const char *cmd, diag *d)
{
    if (dry_run) {
        fprintf(r->opts.out,
                "-- dry run: the SQL `schemac migrate %s` would run; nothing was executed\n",
                cmd);
        if (!r->table)
            fprintf(r->opts.out, "CREATE TABLE IF NOT EXISTS %s%s\n", RUNNER_TABLE, table_columns);
        fprintf(r->opts.out, "BEGIN;\n%sCOMMIT;\n", sql);
        return 0;
    }
    if (command(r, r->conn, "BEGIN", d) < 0)
        return -1;
    if (command(r, r->conn, sql, d) < 0 || command(r, r->conn, "COMMIT", d) < 0) {
        if (PQtransactionStatus(r->conn) != PQTRANS_IDLE)
            PQclear(PQexec(r->conn, "ROLLBACK"));
        diag_note(d, (src_pos){0}, "the transaction was rolled back: the version table is as "
                                   "it was");
        return -1;
    }
    return 0;
}

int runner_stamp(runner *r, const history *h, const char *target, bool dry_run, diag *d)
{
    /* What the table says now does not matter (stamping is how a table
     * that is wrong is put right), as long as it can be read. */
    int err = read_state(r, d);
    if (err < 0)
        return -1;
    size_t keep = 0;
    if (strcmp(target, "none") != 0) {
        const revision *rev = find_target(h, target, d);
        if (!rev)
            return -1;
        keep = (size_t)history_index(h, rev->id) + 1;
    }
    const char *table = r->table ? r->table : RUNNER_TABLE;
    buf sql = BUF_INIT;
    buf_printf(&sql, "DELETE FROM %s", table);
    for (size_t i = 0; i < keep; i++) {
        buf_puts(&sql, i ? ", " : " WHERE revision NOT IN (");
        put_literal(&sql, h->revs[i]->id);
    }
    buf_puts(&sql, keep ? ");\n" : ";\n");
    for (size_t i = 0; i < keep; i++) {
        const revision *rev = h->revs[i];
        buf_printf(&sql, "INSERT INTO %s (revision, parent, checksum, duration_ms, steps_done, "
                         "steps_total) VALUES (",
                   table);
        put_literal(&sql, rev->id);
        buf_puts(&sql, ", ");
        put_literal(&sql, rev->parent);
        buf_puts(&sql, ", ");
        put_literal(&sql, rev->checksum);
        buf_printf(&sql, ", 0, %zu, %zu) ON CONFLICT (revision) DO UPDATE SET parent = "
                         "EXCLUDED.parent, checksum = EXCLUDED.checksum, steps_done = "
                         "EXCLUDED.steps_done, steps_total = EXCLUDED.steps_total, "
                         "down_steps_done = 0;\n",
                   rev->nup, rev->nup);
    }
    err = run_transaction(r, buf_cstr(&sql), dry_run, "stamp", d);
    buf_free(&sql);
    if (err < 0 || dry_run)
        return err;
    fprintf(r->opts.out, "stamped: database is at revision %s (%zu revision%s recorded as "
                         "applied; no revision was run)\n",
            keep ? h->revs[keep - 1]->id : "none", keep, keep == 1 ? "" : "s");
    return 0;
}

int runner_repair(runner *r, const history *h, bool dry_run, diag *d)
{
    if (read_state(r, d) < 0)
        return -1;
    /* The revision in progress is the chain's last applied one; find it
     * without the checksum check, which is what repair is for. */
    size_t n = 0;
    while (n < h->n && runner_row_for(r, h->revs[n]->id))
        n++;
    runner_row *row = n ? (runner_row *)runner_row_for(r, h->revs[n - 1]->id) : NULL;
    bool partly = row && (row->steps_done < row->steps_total || row->down_steps_done > 0);
    if (!partly) {
        diag d2;
        diag_init(&d2);
        check_state(r, h, &d2);
        diag_free(&d2);
        return diag_error(d, (src_pos){0},
                          "repair is for a revision whose step failed part-way; an applied "
                          "revision is never edited: write a new revision",
                          "nothing to repair: no revision is partly applied or partly reverted "
                          "(the database is at revision %s)",
                          runner_head_row(r) ? runner_head_row(r)->revision : "none");
    }
    const revision *rev = h->revs[n - 1];
    const char *old = row->checksum;
    /* Everything else must hold as it is. */
    row->checksum = rev->checksum;
    int err = check_state(r, h, d);
    row->checksum = old;
    if (err < 0) {
        diag_note(d, (src_pos){0}, "repair changes nothing while the errors above stand");
        return -1;
    }
    bool reverting = row->down_steps_done > 0;
    size_t done = (size_t)(reverting ? row->down_steps_done : row->steps_done);
    size_t total = reverting ? rev->ndown : rev->nup;
    if (!strcmp(old, rev->checksum)) {
        fprintf(r->opts.out, "nothing to repair: %s is recorded as its file is now\n", rev->id);
        return 0;
    }
    buf sql = BUF_INIT;
    buf_printf(&sql, "UPDATE %s SET checksum = ", r->table);
    put_literal(&sql, rev->checksum);
    buf_puts(&sql, " WHERE revision = ");
    put_literal(&sql, rev->id);
    buf_puts(&sql, " AND checksum = ");
    put_literal(&sql, old);
    buf_puts(&sql, ";\n");
    err = run_transaction(r, buf_cstr(&sql), dry_run, "repair", d);
    buf_free(&sql);
    if (err < 0 || dry_run)
        return err;
    fprintf(r->opts.out,
            "repaired %s: recorded the file as it is now (checksum %.12s...); %zu of %zu %ssteps "
            "were applied before, and `schemac migrate %s` runs the rest from the file\n",
            rev->id, rev->checksum, done, total, reverting ? "down " : "",
            reverting ? "down" : "up");
    return 0;
}

int runner_script(const history *h, const char *from, const char *target, revision_direction dir,
                  const runner_options *opts, buf *out, diag *d)
{
    arena a = ARENA_INIT;
    size_t applied = 0;
    int err = -1;
    if (from && strcmp(from, "none") != 0) {
        const revision *rev = find_target(h, from, d);
        if (!rev)
            goto done;
        applied = (size_t)history_index(h, rev->id) + 1;
    }
    unit_list l = {0};
    if ((dir == REVISION_UP ? plan_up : plan_down)(&a, h, applied, NULL, target, &l, d) < 0)
        goto done;
    size_t nrevs = 0;
    for (size_t i = 0; i < l.n; i++)
        nrevs += l.items[i].first;
    buf_printf(out,
               "-- schemac migrate %s --sql: from revision %s; %zu revision%s.\n"
               "-- Run it with psql; it stops at the first error (ON_ERROR_STOP), leaving the\n"
               "-- database at the last revision that committed.\n"
               "\\set ON_ERROR_STOP on\n"
               "DO $$ BEGIN PERFORM pg_advisory_lock(%" PRId64 "); END $$;\n"
               "CREATE TABLE IF NOT EXISTS %s%s\n",
               direction_name(dir), applied ? h->revs[applied - 1]->id : "none", nrevs,
               nrevs == 1 ? "" : "s",
               RUNNER_LOCK_KEY, RUNNER_TABLE, table_columns);
    write_units(out, RUNNER_TABLE, opts, &l);
    buf_printf(out, "\nDO $$ BEGIN PERFORM pg_advisory_unlock(%" PRId64 "); END $$;\n",
               RUNNER_LOCK_KEY);
    err = 0;
done:
    arena_free(&a);
    return err;
}
