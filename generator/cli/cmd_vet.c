/* cmd_vet: `schemac vet [--queries DIR] [--migrations DIR] [--db URL]
 * PATH...` reports what is likely wrong with the queries of DIR (default:
 * `queries` beside the models directory), each at its file:line:col:
 *   - `SELECT *` (the row changes when the table does);
 *   - LIMIT without ORDER BY (which rows come back is unspecified);
 *   - a filter that no index serves: the generic plan, with sequential
 *     scans disabled, still scans a table with a Filter and no index
 *     condition;
 *   - a query the pending schema change breaks: it prepares against the
 *     schema of the last migration (the snapshot) and not against the
 *     models.
 * Everything runs in one transaction on a throwaway server (or --db), in
 * scratch schemas, rolled back. Exit 0 when nothing is found, 1 otherwise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cli_queries.h"
#include "commands.h"
#include "history.h"
#include "query_describe.h"

static const char usage[] =
    "schemac vet [--queries DIR] [--migrations DIR] [--db URL] PATH...";

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* dirname(path)/name, for the directories beside the models. */
static char *beside(arena *a, const char *path, const char *name)
{
    char *p = arena_strdup(a, path);
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    char *slash = strrchr(p, '/');
    if (!slash)
        return arena_strdup(a, name);
    *slash = '\0';
    return arena_printf(a, "%s/%s", *p ? p : "/", name);
}

static bool prepare(PGconn *conn, const char *name, const query *q, PGresult **error)
{
    PQclear(PQexec(conn, "SAVEPOINT schemac_vet"));
    PGresult *res = PQprepare(conn, name, q->sql, 0, NULL);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (ok || !error)
        PQclear(res);
    else
        *error = res;
    if (!ok)
        PQclear(PQexec(conn, "ROLLBACK TO SAVEPOINT schemac_vet"));
    return ok;
}

static void set_path(PGconn *conn, const char *schema)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SET LOCAL search_path TO %s", schema);
    PQclear(PQexec(conn, sql));
}

/* The findings of one query prepared on the models' schema. */
static size_t vet_plan(PGconn *conn, const query *q, const char *name, diag *d)
{
    size_t found = 0;
    if (q->select_star) {
        long at = query_find_word(q->sql, "select");
        diag_warning(d, query_position(q, at < 0 ? 0 : (size_t)at),
                     "list the columns: a column added to the table changes the row",
                     "query `%s` uses SELECT *", q->name);
        found++;
    }
    long limit = query_find_word(q->sql, "limit");
    if (limit >= 0 && query_find_word(q->sql, "order") < 0) {
        diag_warning(d, query_position(q, (size_t)limit),
                     "add ORDER BY: without it, which rows LIMIT keeps is up to the plan",
                     "query `%s` has LIMIT without ORDER BY", q->name);
        found++;
    }
    PQclear(PQexec(conn, "SET LOCAL enable_seqscan = off"));
    PGresult *nodes = query_plan_nodes(conn, name, q->nparams, d);
    PQclear(PQexec(conn, "SET LOCAL enable_seqscan = on"));
    for (int r = 0; nodes && r < PQntuples(nodes); r++)
        /* With sequential scans off, a scan that still filters the table
         * without an index condition has no index for the filter. */
        if (!PQgetisnull(nodes, r, 1) && !PQgetisnull(nodes, r, 4) &&
            PQgetvalue(nodes, r, 5)[0] == 'f') {
            diag_warning(d, q->pos, "add an index on the filtered columns (models: indexes:)",
                         "query `%s` filters table %s with no index to serve it (Filter: %s)",
                         q->name, PQgetvalue(nodes, r, 1), PQgetvalue(nodes, r, 4));
            found++;
        }
    PQclear(nodes);
    return found;
}

int cmd_vet(int argc, char **argv)
{
    const char *queries_dir = NULL, *migrations = NULL, *db = NULL;
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        const char *arg = argv[first];
        if (cli_is_help(arg)) {
            printf("usage: %s\n\nReports queries that use SELECT *, LIMIT without ORDER BY, "
                   "filter a table\nno index serves, or that the pending schema change (the "
                   "models against the\nlast migration's snapshot) breaks.\n\n"
                   "  --queries DIR     the .sql files (default: queries beside the models)\n"
                   "  --migrations DIR  the revisions and snapshot (default: migrations beside\n"
                   "                    the models, when it exists)\n"
                   "  --db URL          the server to ask (default: a throwaway one)\n\n"
                   "Exit status: 0 nothing found, 1 findings or errors, 2 bad usage.\n",
                   usage);
            return EXIT_OK;
        }
        const char **target = NULL;
        if (!strcmp(arg, "--queries"))
            target = &queries_dir;
        else if (!strcmp(arg, "--migrations"))
            target = &migrations;
        else if (!strcmp(arg, "--db"))
            target = &db;
        else
            return cli_usage_error(usage, "unknown option '%s'", arg);
        if (first + 1 >= argc)
            return cli_usage_error(usage, "%s needs a value", arg);
        *target = argv[++first];
    }
    if (first == argc)
        return cli_usage_error(usage, "no schema files given");
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    load_set set = {0};
    history h;
    bool have_history = false;
    ir_schema *snapshot = NULL;
    query_set queries = {0};
    queries_session session = {0};
    size_t found = 0;
    int rc = EXIT_INVALID;
    if (!queries_dir)
        queries_dir = beside(&a, argv[first], "queries");
    if (!migrations && is_dir(beside(&a, argv[first], "migrations")))
        migrations = beside(&a, argv[first], "migrations");
    ir_schema *s = cli_load_one_schema(argv + first, (size_t)(argc - first), true, &set, &d);
    if (!s || query_load_dir(&queries, &a, queries_dir, &d) < 0)
        goto done;
    if (migrations) {
        int err = 0;
        if (history_load(&h, migrations, HISTORY_MISSING_OK, &d) < 0)
            goto done;
        have_history = true;
        snapshot = history_load_snapshot(&h, &err, &d);
        if (err)
            goto done;
    }
    if (queries_session_open(&session, db, &d) < 0 ||
        queries_session_create(&session, s, "schemac_vet_new", &d) < 0)
        goto done;
    if (snapshot && (queries_session_create(&session, snapshot, "schemac_vet_old", &d) < 0))
        goto done;
    for (size_t i = 0; i < queries.n; i++) {
        const query *q = queries.items[i];
        char name[48];
        snprintf(name, sizeof name, "schemac_vet_%zu", i);
        set_path(session.conn, "schemac_vet_new");
        PGresult *error = NULL;
        if (prepare(session.conn, name, q, &error)) {
            found += vet_plan(session.conn, q, name, &d);
            continue;
        }
        found++;
        char old_name[48];
        snprintf(old_name, sizeof old_name, "schemac_vet_old_%zu", i);
        set_path(session.conn, "schemac_vet_old");
        if (snapshot && prepare(session.conn, old_name, q, NULL))
            query_report_error(q, error, &d, false,
                               " works on the last migration's schema but the pending change "
                               "breaks it");
        else
            query_report_error(q, error, &d, false, "");
        PQclear(error);
    }
    rc = found || diag_has_errors(&d) ? EXIT_INVALID : EXIT_OK;
done:
    queries_session_close(&session);
    cli_render(&d);
    if (snapshot)
        ir_schema_free(snapshot);
    if (have_history)
        history_free(&h);
    load_set_free(&set);
    diag_free(&d);
    arena_free(&a);
    return rc;
}
