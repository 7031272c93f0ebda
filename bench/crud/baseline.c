/* baseline: the best hand-written libpq code we know for each benchmark
 * operation, the yardstick for the generated API. Statements are prepared
 * once per connection; parameters and results are binary where that saves
 * the server or the client work (integers, booleans, timestamps); numeric
 * comes back as text through a cast, jsonb through its binary form (a
 * version byte, then the text); rows decode into structs that point into the
 * PGresult, without copies. Bulk insert is text COPY with many rows packed
 * into each PQputCopyData buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crud.h"

/* Type OIDs (pg_type.dat); stable across PostgreSQL versions. */
enum { BOOL_OID = 16, INT8_OID = 20, INT4_OID = 23, VARCHAR_OID = 1043, NUMERIC_OID = 1700,
       JSONB_OID = 3802 };

/* Microseconds from the PostgreSQL epoch (2000-01-01) to the Unix epoch. */
#define PG_EPOCH_US INT64_C(946684800000000)

#define COPY_BUFFER (256 * 1024)

typedef struct baseline {
    PGconn *conn;
    const crud_row *rows;
    size_t nrows;
} baseline;

/* A row as read back: strings point into the PGresult. */
typedef struct user_view {
    int64_t id;
    const char *email, *name;
    bool has_age;
    int32_t age;
    const char *balance;
    bool is_active;
    const char *profile;
    int64_t created_at; /* µs since the Unix epoch */
} user_view;

static const char insert_sql[] =
    "INSERT INTO bench_users (email, name, age, balance, is_active, profile) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at";
static const char select_columns[] =
    "SELECT id, email, name, age, balance::text, is_active, profile, created_at FROM bench_users ";

static uint32_t get_u32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
}

static int64_t get_i64(const char *p)
{
    return (int64_t)((uint64_t)get_u32(p) << 32 | get_u32(p + 4));
}

static void put_u32(char *p, uint32_t v)
{
    p[0] = (char)(v >> 24);
    p[1] = (char)(v >> 16);
    p[2] = (char)(v >> 8);
    p[3] = (char)v;
}

static void put_i64(char *p, int64_t v)
{
    put_u32(p, (uint32_t)((uint64_t)v >> 32));
    put_u32(p + 4, (uint32_t)v);
}

static bool ok(PGresult *res, ExecStatusType want, const char *what)
{
    if (PQresultStatus(res) == want)
        return true;
    fprintf(stderr, "baseline %s: %s", what, PQresultErrorMessage(res));
    return false;
}

static bool prepare(PGconn *conn, const char *name, const char *sql, int nparams,
                    const Oid *types)
{
    PGresult *res = PQprepare(conn, name, sql, nparams, types);
    bool good = ok(res, PGRES_COMMAND_OK, name);
    PQclear(res);
    return good;
}

static void *baseline_open(PGconn *conn, const crud_row *rows, size_t nrows)
{
    static const Oid insert_types[] = {VARCHAR_OID, VARCHAR_OID, INT4_OID,
                                       NUMERIC_OID, BOOL_OID,    JSONB_OID};
    static const Oid id_type[] = {INT8_OID};
    static const Oid list_types[] = {INT8_OID, INT8_OID};
    char get_sql[256], list_sql[256];
    snprintf(get_sql, sizeof get_sql, "%sWHERE id = $1", select_columns);
    snprintf(list_sql, sizeof list_sql, "%sWHERE id > $1 ORDER BY id LIMIT $2", select_columns);
    if (!prepare(conn, "insert", insert_sql, 6, insert_types) ||
        !prepare(conn, "get", get_sql, 1, id_type) ||
        !prepare(conn, "list", list_sql, 2, list_types))
        return NULL;
    baseline *b = malloc(sizeof *b);
    if (!b)
        return NULL;
    *b = (baseline){conn, rows, nrows};
    return b;
}

static void decode_row(const PGresult *res, int i, user_view *out)
{
    out->id = get_i64(PQgetvalue(res, i, 0));
    out->email = PQgetvalue(res, i, 1);
    out->name = PQgetvalue(res, i, 2);
    out->has_age = !PQgetisnull(res, i, 3);
    out->age = out->has_age ? (int32_t)get_u32(PQgetvalue(res, i, 3)) : 0;
    out->balance = PQgetvalue(res, i, 4);
    out->is_active = PQgetvalue(res, i, 5)[0] != 0;
    out->profile = PQgetvalue(res, i, 6) + 1; /* jsonb binary: version 1, then text */
    out->created_at = get_i64(PQgetvalue(res, i, 7)) + PG_EPOCH_US;
}

/* What main.c compares between contestants. */
static int64_t row_checksum(const user_view *u)
{
    return u->id + (int64_t)strlen(u->email) + (int64_t)strlen(u->name) + (u->has_age ? u->age : -1) +
           (int64_t)strlen(u->balance) + u->is_active + (int64_t)strlen(u->profile) +
           (u->created_at > 0);
}

static int64_t baseline_insert_one(void *state, size_t first, size_t n)
{
    baseline *b = state;
    int64_t sum = 0;
    static const int formats[] = {0, 0, 1, 0, 1, 0};
    for (size_t i = first; i < first + n; i++) {
        const crud_row *r = &b->rows[i % b->nrows];
        char age[4], active = r->is_active;
        put_u32(age, (uint32_t)r->age);
        const char *values[] = {r->email, r->name, r->has_age ? age : NULL, r->balance, &active,
                                r->profile};
        const int lengths[] = {0, 0, 4, 0, 1, 0};
        PGresult *res = PQexecPrepared(b->conn, "insert", 6, values, lengths, formats, 1);
        if (!ok(res, PGRES_TUPLES_OK, "insert")) {
            PQclear(res);
            return -1;
        }
        int64_t id = get_i64(PQgetvalue(res, 0, 0));
        int64_t created_at = get_i64(PQgetvalue(res, 0, 1)) + PG_EPOCH_US;
        sum += (id > 0) + (created_at > 0);
        PQclear(res);
    }
    return sum;
}

static int64_t baseline_get(void *state, const int64_t *ids, size_t n)
{
    baseline *b = state;
    int64_t sum = 0;
    static const int format[] = {1}, length[] = {8};
    for (size_t i = 0; i < n; i++) {
        char id[8];
        put_i64(id, ids[i]);
        const char *values[] = {id};
        PGresult *res = PQexecPrepared(b->conn, "get", 1, values, length, format, 1);
        if (!ok(res, PGRES_TUPLES_OK, "get")) {
            PQclear(res);
            return -1;
        }
        if (PQntuples(res) == 1) {
            user_view u;
            decode_row(res, 0, &u);
            sum += row_checksum(&u);
        }
        PQclear(res);
    }
    return sum;
}

static int64_t baseline_list(void *state, size_t limit, size_t repeat)
{
    baseline *b = state;
    int64_t sum = 0;
    static const int formats[] = {1, 1}, lengths[] = {8, 8};
    for (size_t k = 0; k < repeat; k++) {
        char after[8], count[8];
        put_i64(after, 0);
        put_i64(count, (int64_t)limit);
        const char *values[] = {after, count};
        PGresult *res = PQexecPrepared(b->conn, "list", 2, values, lengths, formats, 1);
        if (!ok(res, PGRES_TUPLES_OK, "list")) {
            PQclear(res);
            return -1;
        }
        int n = PQntuples(res);
        user_view *rows = malloc((size_t)n * sizeof *rows + 1);
        if (!rows) {
            PQclear(res);
            return -1;
        }
        for (int i = 0; i < n; i++)
            decode_row(res, i, &rows[i]);
        for (int i = 0; i < n; i++)
            sum += row_checksum(&rows[i]);
        free(rows);
        PQclear(res);
    }
    return sum;
}

/* ---- COPY text format ---- */

/* Characters COPY's text format escapes: backslash, newline, CR, tab. */
static const unsigned char copy_special[256] = {['\\'] = '\\', ['\n'] = 'n', ['\r'] = 'r',
                                                ['\t'] = 't'};

typedef struct copy_buffer {
    PGconn *conn;
    char *data;
    size_t len;
    bool failed;
} copy_buffer;

static void copy_flush(copy_buffer *c)
{
    if (c->len && !c->failed && PQputCopyData(c->conn, c->data, (int)c->len) != 1) {
        fprintf(stderr, "baseline copy: %s", PQerrorMessage(c->conn));
        c->failed = true;
    }
    c->len = 0;
}

/* Room for `need` more bytes, flushing the rows so far when it is full. */
static char *copy_reserve(copy_buffer *c, size_t need)
{
    if (c->len + need > COPY_BUFFER)
        copy_flush(c);
    return c->data + c->len;
}

static char *put_escaped(char *p, const char *s)
{
    for (; *s; s++) {
        unsigned char e = copy_special[(unsigned char)*s];
        if (e) {
            *p++ = '\\';
            *p++ = (char)e;
        } else {
            *p++ = *s;
        }
    }
    return p;
}

static char *put_int(char *p, int32_t v)
{
    char digits[12];
    int n = 0;
    uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
    do
        digits[n++] = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *p++ = '-';
    while (n)
        *p++ = digits[--n];
    return p;
}

static int64_t baseline_insert_many(void *state, size_t n)
{
    baseline *b = state;
    PGresult *res = PQexec(b->conn, "COPY bench_users (email, name, age, balance, is_active, "
                                    "profile) FROM STDIN");
    if (!ok(res, PGRES_COPY_IN, "copy")) {
        PQclear(res);
        return -1;
    }
    PQclear(res);
    copy_buffer c = {b->conn, malloc(COPY_BUFFER), 0, false};
    if (!c.data)
        return -1;
    for (size_t i = 0; i < n && !c.failed; i++) {
        const crud_row *r = &b->rows[i % b->nrows];
        /* Escaping at most doubles a field; 16 bytes cover the rest. */
        size_t need = 2 * (strlen(r->email) + strlen(r->name) + strlen(r->balance) +
                           strlen(r->profile)) + 16 + 12;
        char *p = copy_reserve(&c, need);
        p = put_escaped(p, r->email);
        *p++ = '\t';
        p = put_escaped(p, r->name);
        *p++ = '\t';
        if (r->has_age) {
            p = put_int(p, r->age);
        } else {
            *p++ = '\\';
            *p++ = 'N';
        }
        *p++ = '\t';
        p = put_escaped(p, r->balance);
        *p++ = '\t';
        *p++ = r->is_active ? 't' : 'f';
        *p++ = '\t';
        p = put_escaped(p, r->profile);
        *p++ = '\n';
        c.len = (size_t)(p - c.data);
    }
    copy_flush(&c);
    free(c.data);
    if (PQputCopyEnd(b->conn, c.failed ? "client failed" : NULL) != 1) {
        fprintf(stderr, "baseline copy end: %s", PQerrorMessage(b->conn));
        return -1;
    }
    int64_t count = -1;
    res = PQgetResult(b->conn);
    if (ok(res, PGRES_COMMAND_OK, "copy") && !c.failed)
        count = strtoll(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    while ((res = PQgetResult(b->conn)))
        PQclear(res);
    return count;
}

static void baseline_close(void *state) { free(state); }

const crud_impl crud_baseline = {
    .name = "baseline",
    .open = baseline_open,
    .insert_one = baseline_insert_one,
    .get = baseline_get,
    .list = baseline_list,
    .insert_many = baseline_insert_many,
    .close = baseline_close,
};
