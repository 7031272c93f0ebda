/* baseline: the best hand-written libpq code we know for each benchmark
 * operation, the yardstick for the generated API. Statements are prepared
 * once per connection; parameters and results are binary where that saves
 * the server or the client work (integers, booleans, timestamps); numeric
 * comes back as text through a cast, jsonb through its binary form (a
 * version byte, then the text); rows decode into structs that point into the
 * PGresult, without copies. Bulk insert is text COPY with many rows packed
 * into each PQputCopyData buffer; copy_binary is the same in COPY's binary
 * format, and copy_server has the server read that binary data from a file
 * (written beforehand, untimed): no client, no protocol, the floor of any
 * bulk load. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen, fchmod */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    char copy_file[64]; /* copy_server's binary COPY data; "" until made */
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
    *b = (baseline){conn, rows, nrows, ""};
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

/* Ends a COPY FROM STDIN: its row count, -1 on failure. */
static int64_t copy_end(PGconn *conn, bool failed)
{
    if (PQputCopyEnd(conn, failed ? "client failed" : NULL) != 1) {
        fprintf(stderr, "baseline copy end: %s", PQerrorMessage(conn));
        return -1;
    }
    int64_t count = -1;
    PGresult *res = PQgetResult(conn);
    if (ok(res, PGRES_COMMAND_OK, "copy") && !failed)
        count = strtoll(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    while ((res = PQgetResult(conn)))
        PQclear(res);
    return count;
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
    return copy_end(b->conn, c.failed);
}

/* ---- Binary COPY ---- */

static const char copy_columns[] = "bench_users (email, name, age, balance, is_active, profile)";

static void put_u16(char *p, uint16_t v)
{
    p[0] = (char)(v >> 8);
    p[1] = (char)v;
}

static char *put_field(char *p, const void *data, size_t len)
{
    put_u32(p, (uint32_t)len);
    memcpy(p + 4, data, len);
    return p + 4 + len;
}

/* numeric's binary form of this benchmark's balances, "I.FF" (I < 10^16):
 * base-10000 digits, weight, sign, display scale 2. */
static char *put_balance(char *p, const char *text)
{
    uint64_t whole = 0;
    const char *s = text;
    while (*s >= '0' && *s <= '9')
        whole = whole * 10 + (uint64_t)(*s++ - '0');
    unsigned frac = s[0] == '.' ? (unsigned)(s[1] - '0') * 10 + (unsigned)(s[2] - '0') : 0;
    uint16_t groups[5], digits[6];
    int ngroups = 0, n = 0;
    for (; whole; whole /= 10000)
        groups[ngroups++] = (uint16_t)(whole % 10000);
    for (int i = ngroups - 1; i >= 0; i--)
        digits[n++] = groups[i];
    if (frac)
        digits[n++] = (uint16_t)(frac * 100);
    while (n && digits[n - 1] == 0)
        n--;
    put_u32(p, (uint32_t)(8 + 2 * n));
    put_u16(p + 4, (uint16_t)n);
    put_u16(p + 6, (uint16_t)(n ? ngroups - 1 : 0)); /* weight; -1 when below 1 */
    put_u16(p + 8, 0);                                /* positive */
    put_u16(p + 10, 2);                               /* dscale */
    for (int i = 0; i < n; i++)
        put_u16(p + 12 + 2 * i, digits[i]);
    return p + 12 + 2 * n;
}

/* Row r in COPY's binary format; `need` bytes at most. */
static size_t binary_row_size(const crud_row *r)
{
    return 2 + 6 * 4 + strlen(r->email) + strlen(r->name) + 4 + 12 + 12 + 1 + 1 +
           strlen(r->profile);
}

static char *put_binary_row(char *p, const crud_row *r)
{
    static const char version = 1; /* jsonb's binary form: a version, then the text */
    put_u16(p, 6);
    p += 2;
    p = put_field(p, r->email, strlen(r->email));
    p = put_field(p, r->name, strlen(r->name));
    if (r->has_age) {
        put_u32(p, 4);
        put_u32(p + 4, (uint32_t)r->age);
        p += 8;
    } else {
        put_u32(p, UINT32_MAX); /* -1: NULL */
        p += 4;
    }
    p = put_balance(p, r->balance);
    char active = r->is_active;
    p = put_field(p, &active, 1);
    size_t len = strlen(r->profile);
    put_u32(p, (uint32_t)(len + 1));
    p[4] = version;
    memcpy(p + 5, r->profile, len);
    return p + 5 + len;
}

static const char binary_header[19] = "PGCOPY\n\377\r\n"; /* then flags and extension length, 0 */
static const char binary_trailer[2] = {'\377', '\377'};

static int64_t baseline_copy_binary(void *state, size_t n)
{
    baseline *b = state;
    char sql[128];
    snprintf(sql, sizeof sql, "COPY %s FROM STDIN (FORMAT binary)", copy_columns);
    PGresult *res = PQexec(b->conn, sql);
    if (!ok(res, PGRES_COPY_IN, "copy")) {
        PQclear(res);
        return -1;
    }
    PQclear(res);
    copy_buffer c = {b->conn, malloc(COPY_BUFFER), 0, false};
    if (!c.data)
        return -1;
    memcpy(c.data, binary_header, sizeof binary_header);
    c.len = sizeof binary_header;
    for (size_t i = 0; i < n && !c.failed; i++) {
        const crud_row *r = &b->rows[i % b->nrows];
        char *p = copy_reserve(&c, binary_row_size(r));
        c.len = (size_t)(put_binary_row(p, r) - c.data);
    }
    memcpy(copy_reserve(&c, 2), binary_trailer, 2);
    c.len += 2;
    copy_flush(&c);
    free(c.data);
    return copy_end(b->conn, c.failed);
}

/* Writes rows[0..n) as binary COPY data to a file the server can read
 * (it must run on this machine). */
static void baseline_prepare_copy_file(void *state, size_t n)
{
    baseline *b = state;
    snprintf(b->copy_file, sizeof b->copy_file, "/tmp/bench_crud_copy.XXXXXX");
    int fd = mkstemp(b->copy_file);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
    char *row = malloc(4096);
    bool good = f && row && fchmod(fd, 0644) == 0 &&
                fwrite(binary_header, 1, sizeof binary_header, f) == sizeof binary_header;
    for (size_t i = 0; i < n && good; i++) {
        const crud_row *r = &b->rows[i % b->nrows];
        good = binary_row_size(r) <= 4096;
        size_t len = good ? (size_t)(put_binary_row(row, r) - row) : 0;
        good = good && fwrite(row, 1, len, f) == len;
    }
    good = good && fwrite(binary_trailer, 1, 2, f) == 2;
    if (f && fclose(f) != 0)
        good = false;
    free(row);
    if (!good) {
        fprintf(stderr, "baseline: cannot write %s\n", b->copy_file);
        b->copy_file[0] = '\0';
    }
}

static int64_t baseline_copy_server(void *state, size_t n)
{
    baseline *b = state;
    (void)n; /* the file holds the rows of prepare_copy_file */
    if (!b->copy_file[0])
        return -1;
    char sql[192];
    snprintf(sql, sizeof sql, "COPY %s FROM '%s' (FORMAT binary)", copy_columns, b->copy_file);
    PGresult *res = PQexec(b->conn, sql);
    int64_t count = -1;
    if (ok(res, PGRES_COMMAND_OK, "copy from file (the server must run on this machine)"))
        count = strtoll(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return count;
}

static void baseline_close(void *state)
{
    baseline *b = state;
    if (b->copy_file[0])
        unlink(b->copy_file);
    free(b);
}

const crud_impl crud_baseline = {
    .name = "baseline",
    .open = baseline_open,
    .insert_one = baseline_insert_one,
    .get = baseline_get,
    .list = baseline_list,
    .insert_many = baseline_insert_many,
    .copy_binary = baseline_copy_binary,
    .prepare_copy_file = baseline_prepare_copy_file,
    .copy_server = baseline_copy_server,
    .close = baseline_close,
};
