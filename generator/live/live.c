/* live: connections for inspect, check and the online diff; see live.h. */
#include "live.h"

#include <pthread.h>
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

/* A session with schemac's options; NULL only when out of memory. */
static PGconn *open_session(const char *conninfo)
{
    /* The catalog queries read thousands of rows: compiling them (JIT) or
     * starting parallel workers costs more than it saves (a third of
     * check's time at 1,000 tables). Before dbname, so that options the
     * URL gives win; not over PGOPTIONS. */
    const char *options = getenv("PGOPTIONS") ? NULL
                                              : "-c jit=off -c max_parallel_workers_per_gather=0";
    const char *keys[] = {"options", "dbname", "fallback_application_name", "client_encoding",
                          NULL};
    const char *values[] = {options, conninfo ? conninfo : "", "schemac", "UTF8", NULL};
    PGconn *conn = PQconnectdbParams(options ? keys : keys + 1, options ? values : values + 1, 1);
    if (conn && PQstatus(conn) == CONNECTION_OK)
        PQsetNoticeProcessor(conn, quiet, NULL);
    return conn;
}

void live_init(live_db *db, const char *conninfo)
{
    memset(db, 0, sizeof *db);
    db->conninfo = conninfo && *conninfo ? conninfo : getenv("DATABASE_URL");
}

int live_connect(live_db *db, const char *conninfo, diag *d)
{
    live_init(db, conninfo);
    return live_open(db, d);
}

int live_open(live_db *db, diag *d)
{
    db->conn = open_session(db->conninfo);
    if (db->conn && PQstatus(db->conn) == CONNECTION_OK)
        return 0;
    const char *message = db->conn ? trimmed(&db->arena, PQerrorMessage(db->conn))
                                   : "out of memory";
    return diag_error(d, (src_pos){0},
                      "name the database with --db CONNINFO_OR_URL, or set DATABASE_URL",
                      "cannot connect to the database: %s",
                      live_mask(&db->arena, message, db->conninfo));
}

/* ---- statements sent ahead on a second connection ---- */

typedef struct side_statement {
    char *sql;
    PGresult **results; /* all of them, each with rows or a command's status */
    size_t nresults;
    bool answered; /* results are complete (none: it is sent again on the main connection) */
} side_statement;

struct live_side {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a statement answered, or the thread ended */
    const char *conninfo;
    side_statement *statements;
    size_t n;
    bool finished, stop;
};

static void clear_results(side_statement *st)
{
    for (size_t i = 0; i < st->nresults; i++)
        PQclear(st->results[i]);
    free(st->results);
    st->results = NULL;
    st->nresults = 0;
}

/* Runs st on conn; false when conn failed it (an error result included). */
static bool side_run(PGconn *conn, side_statement *st)
{
    if (!PQsendQuery(conn, st->sql))
        return false;
    bool ok = true;
    PGresult *res;
    while ((res = PQgetResult(conn))) {
        ExecStatusType status = PQresultStatus(res);
        PGresult **grown = realloc(st->results, (st->nresults + 1) * sizeof *grown);
        if (!grown || (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)) {
            ok = false;
            PQclear(res);
            if (grown)
                st->results = grown;
            continue; /* read to the end: the connection serves the next one */
        }
        st->results = grown;
        st->results[st->nresults++] = res;
    }
    if (!ok)
        clear_results(st);
    return ok;
}

static void *side_main(void *arg)
{
    live_side *side = arg;
    PGconn *conn = open_session(side->conninfo);
    bool connected = conn && PQstatus(conn) == CONNECTION_OK;
    for (size_t i = 0; connected && i < side->n; i++) {
        pthread_mutex_lock(&side->lock);
        bool stop = side->stop;
        pthread_mutex_unlock(&side->lock);
        if (stop)
            break;
        bool ok = side_run(conn, &side->statements[i]);
        pthread_mutex_lock(&side->lock);
        side->statements[i].answered = ok;
        pthread_cond_broadcast(&side->changed);
        pthread_mutex_unlock(&side->lock);
    }
    PQfinish(conn);
    pthread_mutex_lock(&side->lock);
    side->finished = true;
    pthread_cond_broadcast(&side->changed);
    pthread_mutex_unlock(&side->lock);
    return NULL;
}

/* Whether sql was sent ahead and not taken yet. */
static bool pending(const live_db *db, const char *sql)
{
    for (size_t k = 0; k < LIVE_SIDES && db->sides[k]; k++)
        for (size_t i = 0; i < db->sides[k]->n; i++)
            if (db->sides[k]->statements[i].sql && !strcmp(db->sides[k]->statements[i].sql, sql))
                return true;
    return false;
}

void live_prefetch(live_db *db, const char *const *sqls, size_t n)
{
    size_t slot = 0;
    while (slot < LIVE_SIDES && db->sides[slot])
        slot++;
    if (slot == LIVE_SIDES || !n)
        return;
    live_side *side = calloc(1, sizeof *side);
    side_statement *statements = calloc(n, sizeof *statements);
    bool ok = side && statements;
    size_t fresh = 0;
    for (size_t i = 0; ok && i < n; i++)
        if (!pending(db, sqls[i]))
            ok = (statements[fresh++].sql = strdup(sqls[i])) != NULL;
    n = fresh;
    if (ok && n) {
        side->conninfo = db->conninfo;
        side->statements = statements;
        side->n = n;
        pthread_mutex_init(&side->lock, NULL);
        pthread_cond_init(&side->changed, NULL);
        ok = pthread_create(&side->thread, NULL, side_main, side) == 0;
        if (ok) {
            db->sides[slot] = side;
            return;
        }
        pthread_mutex_destroy(&side->lock);
        pthread_cond_destroy(&side->changed);
    }
    /* Nothing sent ahead: every statement goes on the main connection. */
    for (size_t i = 0; statements && i < n; i++)
        free(statements[i].sql);
    free(statements);
    free(side);
}

/* The results sent ahead for sql, waiting for them; false when it was not
 * sent ahead, or not answered. The caller owns results[0..*n). */
static bool side_take(live_db *db, const char *sql, PGresult ***results, size_t *n)
{
    live_side *side = NULL;
    side_statement *st = NULL;
    *results = NULL;
    *n = 0;
    for (size_t k = 0; k < LIVE_SIDES && db->sides[k] && !st; k++)
        for (size_t i = 0; i < db->sides[k]->n && !st; i++)
            if (db->sides[k]->statements[i].sql && !strcmp(db->sides[k]->statements[i].sql, sql)) {
                side = db->sides[k];
                st = &side->statements[i];
            }
    if (!st)
        return false;
    pthread_mutex_lock(&side->lock);
    while (!st->answered && !side->finished)
        pthread_cond_wait(&side->changed, &side->lock);
    bool answered = st->answered;
    pthread_mutex_unlock(&side->lock);
    /* Taken once: the same text asked again goes to the main connection. */
    free(st->sql);
    st->sql = NULL;
    *results = st->results;
    *n = st->nresults;
    st->results = NULL;
    st->nresults = 0;
    return answered;
}

static void side_close(live_side *side)
{
    if (!side)
        return;
    pthread_mutex_lock(&side->lock);
    side->stop = true;
    pthread_mutex_unlock(&side->lock);
    pthread_join(side->thread, NULL);
    for (size_t i = 0; i < side->n; i++) {
        free(side->statements[i].sql);
        clear_results(&side->statements[i]);
    }
    free(side->statements);
    pthread_mutex_destroy(&side->lock);
    pthread_cond_destroy(&side->changed);
    free(side);
}

void live_close(live_db *db)
{
    for (size_t k = 0; k < LIVE_SIDES; k++) {
        side_close(db->sides[k]);
        db->sides[k] = NULL;
    }
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
    PGresult **ahead, *res = NULL;
    size_t n;
    if (side_take(db, sql, &ahead, &n) && n) {
        /* As PQexec: the last result. */
        res = ahead[n - 1];
        for (size_t i = 0; i + 1 < n; i++)
            PQclear(ahead[i]);
    }
    free(ahead);
    if (!res)
        res = PQexec(db->conn, sql);
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
    PGresult **ahead;
    size_t nahead, next = 0;
    bool taken = side_take(db, sql, &ahead, &nahead);
    if (!taken && !PQsendQuery(db->conn, sql)) {
        free(ahead);
        return report(db, NULL, sql, d);
    }
    PGresult *res;
    size_t got = 0;
    bool failed = false;
    while ((res = taken ? (next < nahead ? ahead[next++] : NULL) : PQgetResult(db->conn))) {
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
    free(ahead);
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
