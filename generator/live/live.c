/* live: connections for inspect, check and the online diff; see live.h. */
#include "live.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Appends text with every occurrence of `secret` replaced by ****. */
static void replace_all(buf *out, const char *text, const char *secret)
{
    size_t n = secret ? strlen(secret) : 0;
    for (const char *p = text; *p;) {
        const char *at = n ? strstr(p, secret) : NULL;
        if (!at) {
            buf_puts(out, p);
            return;
        }
        buf_add(out, p, (size_t)(at - p));
        buf_puts(out, "****");
        p = at + n;
    }
}

/* Hides what follows `password=` (quoted or up to a space) and the secret
 * of `scheme://user:secret@`. */
static void mask_patterns(buf *out, const char *text)
{
    for (const char *p = text; *p;) {
        if (!strncmp(p, "password", 8)) {
            const char *q = p + 8;
            while (*q == ' ')
                q++;
            if (*q == '=') {
                q++;
                while (*q == ' ')
                    q++;
                buf_add(out, p, (size_t)(q - p));
                buf_puts(out, "****");
                if (*q == '\'') {
                    for (q++; *q && *q != '\''; q++)
                        if (*q == '\\' && q[1])
                            q++;
                    if (*q)
                        q++;
                } else {
                    while (*q && *q != ' ' && *q != '"' && *q != '&')
                        q++;
                }
                p = q;
                continue;
            }
        }
        if (!strncmp(p, "://", 3)) {
            const char *start = p + 3, *end = start + strcspn(start, "/?#@ \"");
            const char *colon = memchr(start, ':', (size_t)(end - start));
            if (*end == '@' && colon) {
                buf_add(out, p, (size_t)(colon + 1 - p));
                buf_puts(out, "****");
                p = end;
                continue;
            }
        }
        buf_putc(out, *p++);
    }
}

static int hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                                : -1;
}

const char *live_mask(arena *a, const char *text, const char *conninfo)
{
    const char *secrets[3] = {NULL, NULL, NULL};
    char *err = NULL;
    PQconninfoOption *opts = conninfo && *conninfo ? PQconninfoParse(conninfo, &err) : NULL;
    PQfreemem(err);
    for (PQconninfoOption *o = opts; o && o->keyword; o++)
        if (!strcmp(o->keyword, "password") && o->val && *o->val)
            secrets[0] = arena_strdup(a, o->val);
    PQconninfoFree(opts);
    /* The URL's own spelling of it, percent-encoded or not. */
    const char *scheme = conninfo ? strstr(conninfo, "://") : NULL;
    if (scheme) {
        const char *start = scheme + 3, *end = start + strcspn(start, "/?#@");
        const char *colon = memchr(start, ':', (size_t)(end - start));
        if (*end == '@' && colon && end > colon + 1) {
            secrets[1] = arena_strndup(a, colon + 1, (size_t)(end - colon - 1));
            char *decoded = arena_strdup(a, secrets[1]), *w = decoded;
            for (const char *r = secrets[1]; *r; r++)
                if (*r == '%' && hex(r[1]) >= 0 && hex(r[2]) >= 0) {
                    *w++ = (char)(hex(r[1]) * 16 + hex(r[2]));
                    r += 2;
                } else {
                    *w++ = *r;
                }
            *w = '\0';
            secrets[2] = decoded;
        }
    }
    buf cur = BUF_INIT, next = BUF_INIT;
    mask_patterns(&cur, text);
    for (int i = 0; i < 3; i++) {
        if (!secrets[i] || !*secrets[i])
            continue;
        buf_clear(&next);
        replace_all(&next, buf_cstr(&cur), secrets[i]);
        buf tmp = cur;
        cur = next;
        next = tmp;
    }
    const char *result = strcmp(buf_cstr(&cur), text) ? arena_strdup(a, buf_cstr(&cur)) : text;
    buf_free(&cur);
    buf_free(&next);
    return result;
}

static const char *trimmed(arena *a, const char *msg)
{
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        n--;
    return arena_strndup(a, msg, n);
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

int live_connect(live_db *db, const char *conninfo, diag *d)
{
    memset(db, 0, sizeof *db);
    db->conninfo = conninfo && *conninfo ? conninfo : getenv("DATABASE_URL");
    /* The catalog queries read thousands of rows: compiling them (JIT) or
     * starting parallel workers costs more than it saves (a third of
     * check's time at 1,000 tables). Before dbname, so that options the
     * URL gives win; not over PGOPTIONS. */
    const char *options = getenv("PGOPTIONS") ? NULL
                                              : "-c jit=off -c max_parallel_workers_per_gather=0";
    const char *keys[] = {"options", "dbname", "fallback_application_name", "client_encoding",
                          NULL};
    const char *values[] = {options, db->conninfo ? db->conninfo : "", "schemac", "UTF8", NULL};
    db->conn = PQconnectdbParams(options ? keys : keys + 1, options ? values : values + 1, 1);
    if (db->conn && PQstatus(db->conn) == CONNECTION_OK) {
        PQsetNoticeProcessor(db->conn, quiet, NULL);
        return 0;
    }
    const char *message = db->conn ? trimmed(&db->arena, PQerrorMessage(db->conn))
                                   : "out of memory";
    return diag_error(d, (src_pos){0},
                      "name the database with --db CONNINFO_OR_URL, or set DATABASE_URL",
                      "cannot connect to the database: %s",
                      live_mask(&db->arena, message, db->conninfo));
}

void live_close(live_db *db)
{
    PQfinish(db->conn);
    db->conn = NULL;
    arena_free(&db->arena);
}

static int report(live_db *db, PGresult *res, const char *sql, diag *d)
{
    const char *nl = strchr(sql, '\n');
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(db->conn);
    return diag_error(d, (src_pos){0}, NULL, "database error in `%.*s`: %s",
                      nl ? (int)(nl - sql) : (int)strlen(sql), sql,
                      live_mask(&db->arena, trimmed(&db->arena, msg), db->conninfo));
}

PGresult *live_query(live_db *db, const char *sql, diag *d)
{
    db->queries++;
    PGresult *res = PQexec(db->conn, sql);
    if (PQresultStatus(res) == PGRES_TUPLES_OK)
        return res;
    report(db, res, sql, d);
    PQclear(res);
    return NULL;
}

/* Sends sql and keeps the results that returned rows: the first n in out
 * or, when `last`, the last one in out[0]. */
static int run_script(live_db *db, const char *sql, PGresult **out, size_t n, bool last, diag *d)
{
    db->queries++;
    memset(out, 0, n * sizeof *out);
    if (!PQsendQuery(db->conn, sql))
        return report(db, NULL, sql, d);
    PGresult *res;
    size_t got = 0;
    bool failed = false;
    while ((res = PQgetResult(db->conn))) {
        ExecStatusType st = PQresultStatus(res);
        if (!failed && st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
            failed = true;
            report(db, res, sql, d);
        }
        if (st == PGRES_TUPLES_OK && !failed && last) {
            PQclear(out[0]);
            out[0] = res;
            got = 1;
        } else if (st == PGRES_TUPLES_OK && !failed && got < n) {
            out[got++] = res;
        } else {
            PQclear(res);
        }
    }
    if (!failed)
        return 0;
    for (size_t i = 0; i < got; i++)
        PQclear(out[i]);
    memset(out, 0, n * sizeof *out);
    return -1;
}

PGresult *live_script(live_db *db, const char *sql, diag *d)
{
    PGresult *rows;
    return run_script(db, sql, &rows, 1, true, d) < 0 ? NULL : rows;
}

int live_results(live_db *db, const char *sql, PGresult **out, size_t n, diag *d)
{
    return run_script(db, sql, out, n, false, d);
}

const char *live_value(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

bool live_yes(PGresult *r, int row, int col)
{
    const char *v = live_value(r, row, col);
    return v && v[0] == 't';
}
