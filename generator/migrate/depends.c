/* depends: the server says what views read; see depends.h. Steps: connect,
 * then per schema BEGIN → the schema without its views (our own plan) →
 * views in rounds, each under a savepoint → pg_depend → ROLLBACK. */
#include "depends.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diff.h"
#include "ir_objects.h"
#include "plan.h"

#define SCRATCH "schemac_depends"

static const char begin_sql[] =
    "BEGIN; SET LOCAL client_min_messages = warning; CREATE SCHEMA " SCRATCH "; "
    "SET LOCAL search_path = " SCRATCH ", public; SET LOCAL check_function_bodies = off;";

/* Every dependency of a view's rewrite rule on an object of the scratch
 * namespace: relations (as a whole or one column), functions, types and
 * constraints (a GROUP BY may lean on a primary key). */
static const char reads_sql[] =
    "WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = '" SCRATCH "') "
    "SELECT v.relname, pg_get_viewdef(v.oid), "
    "  CASE WHEN r.oid IS NOT NULL THEN CASE WHEN d.refobjsubid = 0 THEN 'r' ELSE 'c' END "
    "       WHEN p.oid IS NOT NULL THEN 'f' WHEN t.oid IS NOT NULL THEN 't' ELSE 'k' END, "
    "  coalesce(r.relname, p.proname, t.typname, kr.relname), coalesce(a.attname, k.conname) "
    "FROM pg_rewrite w JOIN pg_class v ON v.oid = w.ev_class "
    "JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid "
    "  AND d.deptype = 'n' "
    "LEFT JOIN pg_class r ON d.refclassid = 'pg_class'::regclass AND r.oid = d.refobjid "
    "  AND r.relnamespace = (SELECT oid FROM ns) AND r.oid <> v.oid "
    "LEFT JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = d.refobjsubid "
    "  AND d.refobjsubid > 0 "
    "LEFT JOIN pg_proc p ON d.refclassid = 'pg_proc'::regclass AND p.oid = d.refobjid "
    "  AND p.pronamespace = (SELECT oid FROM ns) "
    "LEFT JOIN pg_type t ON d.refclassid = 'pg_type'::regclass AND t.oid = d.refobjid "
    "  AND t.typnamespace = (SELECT oid FROM ns) "
    "LEFT JOIN pg_constraint k ON d.refclassid = 'pg_constraint'::regclass "
    "  AND k.oid = d.refobjid AND k.connamespace = (SELECT oid FROM ns) "
    "LEFT JOIN pg_class kr ON kr.oid = k.conrelid "
    "WHERE v.relnamespace = (SELECT oid FROM ns) "
    "  AND coalesce(r.oid, p.oid, t.oid, k.oid) IS NOT NULL "
    "UNION ALL "
    "SELECT v.relname, pg_get_viewdef(v.oid), NULL, NULL, NULL FROM pg_class v "
    "WHERE v.relnamespace = (SELECT oid FROM ns) AND v.relkind IN ('v', 'm') "
    "ORDER BY 1, 3, 4, 5";

static const char *trim(arena *a, const char *msg)
{
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        n--;
    return arena_strndup(a, msg, n);
}

/* Runs `sql`; on failure returns the result (the caller clears it). */
static PGresult *run(PGconn *c, const char *sql, bool *ok)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    *ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
    return r;
}

static bool exec_ok(PGconn *c, const char *sql)
{
    bool ok;
    PQclear(run(c, sql, &ok));
    return ok;
}

/* The schema's enums, tables and functions: what its views may read. */
static void base_script(const ir_schema *s, buf *out)
{
    ir_schema base = *s, *empty = ir_schema_new();
    base.nviews = base.ntriggers = 0; /* a trigger may be on a view */
    empty->name = s->name;
    diff_result diff;
    diag quiet; /* from nothing no rename hint is ambiguous */
    diag_init(&quiet);
    if (diff_schemas(empty, &base, false, &diff, &quiet) == 0) {
        /* Missing roles are made, not refused: the transaction is rolled
         * back, and the grants only have to run. */
        plan_options opts = PLAN_OPTIONS_INIT;
        opts.create_roles = true;
        plan p;
        plan_build(&p, &diff, &opts);
        plan_write_sql(&p, out);
        plan_free(&p);
    }
    diff_free(&diff);
    diag_free(&quiet);
    ir_schema_free(empty);
}

/* The line of `sql` holding byte `at` (PostgreSQL's 1-based character
 * position, counted here in bytes of the view's own text). */
static const char *line_at(arena *a, const char *sql, long at)
{
    size_t n = strlen(sql);
    if (at <= 0 || (size_t)at > n)
        return NULL;
    const char *p = sql + at - 1, *start = p, *end = strchr(p, '\n');
    while (start > sql && start[-1] != '\n')
        start--;
    int len = (int)(end ? end - start : (long)strlen(start));
    return arena_printf(a, "the server points here: %.*s", len, start);
}

/* A check to run right after a view is made: when it read a relation
 * outside the scratch namespace named as one of the schema's views (the
 * database may have them already, and search_path finds them once the
 * scratch one is missing), it fails as if that view were missing, so the
 * view is made again in a later round, over the scratch copy. */
static const char *reads_outside(PGconn *c, arena *a, const ir_schema *s, const char *view)
{
    buf names = BUF_INIT;
    for (size_t i = 0; i < s->nviews; i++) {
        char *q = PQescapeLiteral(c, s->views[i]->name, strlen(s->views[i]->name));
        buf_printf(&names, "%s%s", i ? ", " : "", q ? q : "''");
        PQfreemem(q);
    }
    char *v = PQescapeLiteral(c, view, strlen(view));
    const char *sql = arena_printf(
        a,
        "DO $schemac$ BEGIN IF EXISTS (SELECT 1 FROM pg_rewrite w JOIN pg_depend d "
        "ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid "
        "AND d.refclassid = 'pg_class'::regclass JOIN pg_class r ON r.oid = d.refobjid "
        "WHERE w.ev_class = to_regclass('" SCRATCH ".' || quote_ident(%s)) "
        "AND r.relnamespace <> '" SCRATCH "'::regnamespace AND r.relname = ANY (ARRAY[%s]::name[])) "
        "THEN RAISE EXCEPTION 'reads a view not made yet' USING ERRCODE = 'undefined_table'; "
        "END IF; END $schemac$;",
        v ? v : "''", buf_cstr(&names));
    PQfreemem(v);
    buf_free(&names);
    return sql;
}

/* Creates the views in rounds; reports those that never could be.
 * created[i]: view i exists now. */
static int create_views(PGconn *c, ir_schema *s, diag *d, bool *created)
{
    size_t n = s->nviews, left = n;
    bool *done = calloc(n + 1, 1);
    const char **why = calloc(n + 1, sizeof *why), **where = calloc(n + 1, sizeof *where);
    if (!done || !why || !where)
        abort();
    int err = 0;
    buf sql = BUF_INIT;
    for (bool progress = true; left && progress;) {
        progress = false;
        for (size_t i = 0; i < n; i++) {
            const ir_view *v = s->views[i];
            if (done[i])
                continue;
            buf_clear(&sql);
            buf_printf(&sql, "SAVEPOINT view; CREATE %sVIEW %s AS\n",
                       v->materialized ? "MATERIALIZED " : "", ir_quote_ident(&s->arena, v->name));
            size_t prefix = sql.len; /* positions count from the start of the query */
            /* On lines of their own: the SQL may end in a `--` comment. */
            buf_printf(&sql, "%s%s\n; %s RELEASE SAVEPOINT view;", v->sql,
                       v->materialized ? "\nWITH NO DATA" : "",
                       reads_outside(c, &s->arena, s, v->name));
            bool ok;
            PGresult *r = run(c, buf_cstr(&sql), &ok);
            if (ok) {
                done[i] = created[i] = progress = true;
                left--;
            } else {
                const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
                const char *position = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
                why[i] = trim(&s->arena, PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                                             ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                                             : PQerrorMessage(c));
                where[i] = position ? line_at(&s->arena, v->sql, atol(position) - (long)prefix)
                                    : NULL;
                /* A view it reads may come in a later round; anything else
                 * is an error in this one. */
                bool later = state && !strcmp(state, "42P01");
                if (!later) {
                    diag_error(d, v->sql_pos, where[i], "view `%s`: %s", v->name, why[i]);
                    done[i] = true;
                    left--;
                    err = -1;
                }
            }
            PQclear(r);
            if (!ok && !exec_ok(c, "ROLLBACK TO SAVEPOINT view;")) {
                diag_error(d, v->pos, NULL, "view `%s`: %s", v->name,
                           trim(&s->arena, PQerrorMessage(c)));
                err = -1;
                left = 0;
                break;
            }
        }
    }
    for (size_t i = 0; i < n && left; i++)
        if (!done[i]) {
            diag_error(d, s->views[i]->sql_pos, where[i], "view `%s`: %s", s->views[i]->name,
                       why[i]);
            err = -1;
        }
    buf_free(&sql);
    free(done);
    free(why);
    free(where);
    return err;
}

/* The materialized views' indexes, so that an index on a column the view
 * does not have is reported at the index, before any migration runs. Their
 * SQL is the planner's, of a change list holding just them. */
static int create_view_indexes(PGconn *c, ir_schema *s, diag *d, const bool *created)
{
    ir_schema *empty = ir_schema_new();
    empty->name = s->name;
    diff_result changes = {.from = empty, .to = s};
    const ir_index **owner = NULL;
    size_t n = 0;
    for (size_t i = 0; i < s->nviews; i++)
        for (size_t k = 0; created[i] && k < s->views[i]->index_holder->nindexes; k++) {
            diff_change *ch = diff_push(&changes, DIFF_CREATE_VIEW_INDEX);
            ch->new_obj = s->views[i]->index_holder->indexes[k];
            ch->new_name = s->views[i]->name;
            n++;
        }
    int err = 0;
    if (n) {
        plan p;
        plan_build(&p, &changes, NULL);
        owner = calloc(n, sizeof *owner);
        if (!owner)
            abort();
        for (size_t i = 0; i < changes.n; i++)
            owner[i] = changes.changes[i].new_obj;
        for (size_t i = 0; i < p.n && i < n; i++) {
            /* One statement per index, in change order (one phase). */
            const ir_index *ix = owner[p.stmts[i].seq];
            char *sql = arena_printf(&s->arena, "SAVEPOINT ix; %s RELEASE SAVEPOINT ix;",
                                     p.stmts[i].sql);
            bool ok;
            PGresult *r = run(c, sql, &ok);
            if (!ok) {
                diag_error(d, ix->pos, NULL, "index `%s`: %s", ix->name,
                           trim(&s->arena, PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                                               ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                                               : PQerrorMessage(c)));
                err = -1;
                exec_ok(c, "ROLLBACK TO SAVEPOINT ix;");
            }
            PQclear(r);
        }
        plan_free(&p);
    }
    free(owner);
    diff_free(&changes);
    ir_schema_free(empty);
    return err;
}

static int read_dependencies(PGconn *c, ir_schema *s, diag *d)
{
    bool ok;
    PGresult *r = run(c, reads_sql, &ok);
    if (!ok) {
        diag_error(d, s->name_pos, NULL, "reading what the views read: %s",
                   trim(&s->arena, PQerrorMessage(c)));
        PQclear(r);
        return -1;
    }
    arena *a = &s->arena;
    for (int i = 0; i < PQntuples(r); i++) {
        ir_view *v = ir_find_view(s, PQgetvalue(r, i, 0));
        if (!v)
            continue;
        v->definition = arena_strdup(a, PQgetvalue(r, i, 1));
        if (PQgetisnull(r, i, 2))
            continue;
        const char kind = PQgetvalue(r, i, 2)[0];
        ir_read read = {.name = arena_strdup(a, PQgetvalue(r, i, 3))};
        read.kind = kind == 'r'   ? IR_READS_RELATION
                    : kind == 'c' ? IR_READS_COLUMN
                    : kind == 'f' ? IR_READS_FUNCTION
                    : kind == 't' ? IR_READS_TYPE
                                  : IR_READS_CONSTRAINT;
        if (!PQgetisnull(r, i, 4))
            read.column = arena_strdup(a, PQgetvalue(r, i, 4));
        ir_view_add_read(s, v, read);
    }
    PQclear(r);
    return 0;
}

static int find_one(PGconn *c, ir_schema *s, diag *d)
{
    buf script = BUF_INIT;
    base_script(s, &script);
    int err = -1;
    bool ok;
    PGresult *r = run(c, begin_sql, &ok);
    if (!ok) {
        diag_error(d, s->name_pos, NULL, "cannot prepare the scratch namespace: %s",
                   trim(&s->arena, PQerrorMessage(c)));
        goto done;
    }
    PQclear(r);
    r = run(c, buf_cstr(&script), &ok);
    if (!ok) {
        diag_error(d, s->name_pos, "the views are created beside the schema's tables to learn "
                                   "what they read; the tables must be creatable first",
                   "schema `%s` does not create on the server: %s", s->name,
                   trim(&s->arena, PQerrorMessage(c)));
        goto done;
    }
    bool *created = calloc(s->nviews + 1, 1);
    if (!created)
        abort();
    int views = create_views(c, s, d, created);
    int indexes = create_view_indexes(c, s, d, created);
    free(created);
    if (views == 0 && indexes == 0 && read_dependencies(c, s, d) == 0) {
        s->dependencies_found = true;
        err = 0;
    }
done:
    PQclear(r);
    exec_ok(c, "ROLLBACK;");
    buf_free(&script);
    return err;
}

int depends_find(ir_schema *const *schemas, size_t n, const char *conninfo, diag *d)
{
    PGconn *c = NULL;
    int err = 0;
    for (size_t i = 0; i < n && err == 0; i++) {
        ir_schema *s = schemas[i];
        if (!s->nviews || s->dependencies_found) {
            s->dependencies_found = true;
            continue;
        }
        if (!c) {
            const char *keys[] = {"dbname", "fallback_application_name", "client_encoding", NULL};
            const char *values[] = {conninfo ? conninfo : "", "schemac", "UTF8", NULL};
            c = PQconnectdbParams(keys, values, 1);
            if (PQstatus(c) != CONNECTION_OK) {
                diag_error(d, s->views[0]->pos,
                           "set DATABASE_URL or pass --db: any database serves, the views are "
                           "created in a transaction that is rolled back",
                           "schema `%s` has views, and schemac asks PostgreSQL what they read, "
                           "but cannot connect: %s",
                           s->name, trim(&s->arena, PQerrorMessage(c)));
                err = -1;
                break;
            }
        }
        err = find_one(c, s, d);
    }
    PQfinish(c);
    return err;
}
