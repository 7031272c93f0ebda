/* cli_queries: see cli_queries.h. */
#include "cli_queries.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "live.h"
#include "load.h"
#include "query_cache.h"
#include "query_describe.h"

int cli_queries_script(const ir_schema *s, buf *out, diag *d)
{
    ir_schema tables_only = *s;
    tables_only.nviews = tables_only.nfunctions = tables_only.ntriggers = 0;
    return cli_create_script(&tables_only, NULL, out, d);
}

static int exec_ok(PGconn *conn, const char *sql, diag *d, const char *what)
{
    PGresult *res = PQexec(conn, sql);
    int err = 0;
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        err = diag_error(d, (src_pos){0}, NULL, "%s: %s", what, PQresultErrorMessage(res));
    PQclear(res);
    return err;
}

int queries_session_open(queries_session *q, const char *db, diag *d)
{
    memset(q, 0, sizeof *q);
    if (!db && query_server_start(&q->server, d) < 0)
        return -1;
    q->conn = PQconnectdb(db ? db : q->server.conninfo);
    if (PQstatus(q->conn) != CONNECTION_OK) {
        arena a = ARENA_INIT;
        diag_error(d, (src_pos){0}, "check --db", "cannot connect to describe the queries: %s",
                   live_mask(&a, PQerrorMessage(q->conn), db));
        arena_free(&a);
        return -1;
    }
    return exec_ok(q->conn, "BEGIN", d, "cannot begin a transaction");
}

int queries_session_create(queries_session *q, const ir_schema *s, const char *scratch, diag *d)
{
    buf script = BUF_INIT;
    int err = cli_queries_script(s, &script, d);
    if (!err) {
        char *id = PQescapeIdentifier(q->conn, scratch, strlen(scratch));
        buf setup = BUF_INIT;
        buf_printf(&setup, "CREATE SCHEMA %s; SET LOCAL search_path TO %s", id, id);
        PQfreemem(id);
        err = exec_ok(q->conn, buf_cstr(&setup), d, "cannot make a scratch schema");
        buf_free(&setup);
    }
    if (!err)
        err = exec_ok(q->conn, buf_cstr(&script), d,
                      "the schema's script fails on the server describing the queries");
    buf_free(&script);
    return err;
}

void queries_session_close(queries_session *q)
{
    if (q->conn) {
        PQclear(PQexec(q->conn, "ROLLBACK"));
        PQfinish(q->conn);
    }
    q->conn = NULL;
    query_server_stop(&q->server);
}

int cli_describe_queries(const ir_schema *s, const char *dir, const char *db, query_set *set,
                         arena *a, const char **cache_path_out, buf *cache_text, diag *d)
{
    *cache_path_out = NULL;
    if (query_load_dir(set, a, dir, d) < 0)
        return -1;
    if (set->n == 0) /* nothing to describe: no server, no cache */
        return 0;
    buf script = BUF_INIT;
    if (cli_queries_script(s, &script, d) < 0) {
        buf_free(&script);
        return -1;
    }
    char key[65];
    query_cache_key(set, buf_cstr(&script), key);
    buf_free(&script);
    const char *cache_path = arena_printf(a, "%s/%s", dir, QUERY_CACHE_FILE);
    size_t cached_len;
    char *cached = load_read_file(cache_path, &cached_len);
    bool had_cache = cached != NULL;
    int found = cached ? query_cache_apply(set, a, cache_path, cached, key, d) : 0;
    free(cached);
    if (found != 0)
        return found < 0 ? -1 : 0;
    /* Stale or missing: ask a server. */
    if (!db && !query_server_available())
        return diag_error(d, (src_pos){cache_path, 0, 0},
                          "install PostgreSQL's server programs or give --db URL, then commit "
                          "the cache it writes",
                          "the query description cache is %s and no PostgreSQL server is at hand",
                          had_cache ? "out of date" : "missing");
    queries_session q;
    int err = queries_session_open(&q, db, d);
    if (!err)
        err = queries_session_create(&q, s, "schemac_describe", d);
    if (!err)
        err = query_describe(set, q.conn, s, a, d);
    queries_session_close(&q);
    if (err)
        return -1;
    query_cache_format(set, key, cache_text);
    *cache_path_out = cache_path;
    return 0;
}
