/* bench_queries: generated query functions (queries/bench.sql, through
 * blog-style generated code) against the same statements hand-written in
 * libpq, on the server DATABASE_URL names. Prints per operation the
 * contestants' times and the ratio baseline/generated (≥ 0.95: the
 * generated code is at most 5% slower).
 *
 *   bench_queries [--rounds N] [--only one|many] [--count N] [--verbose]
 *
 * bench/queries/instructions.sh counts instructions instead (callgrind).
 *
 * The hand-written code is what a careful libpq user writes: statements
 * prepared once, binary parameters and results, rows decoded into structs
 * whose strings point into the PGresult. The contestants take turns in
 * slices of 500 operations (A B, then B A) on connections of their own, and
 * a round's time is the sum of its slices; the ratio printed is the median
 * of the rounds'. Both must compute the same checksum of what they read. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.queries.h"

enum { TABLE_ROWS = 10000, PAGE = 100, SLICE = 500 };

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static PGconn *connect_or_die(void)
{
    PGconn *conn = PQconnectdb(getenv("DATABASE_URL") ? getenv("DATABASE_URL") : "");
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "bench_queries: %s", PQerrorMessage(conn));
        exit(1);
    }
    return conn;
}

static void exec_or_die(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "bench_queries: %s: %s", sql, PQresultErrorMessage(res));
        exit(1);
    }
    PQclear(res);
}

/* ---- hand-written ---- */

static void put_i64(char *s, int64_t v)
{
    uint64_t u = (uint64_t)v;
    for (int i = 7; i >= 0; i--, u >>= 8)
        s[i] = (char)(u & 0xff);
}

static int64_t get_i64(const char *s)
{
    uint64_t u = 0;
    for (int i = 0; i < 8; i++)
        u = u << 8 | (unsigned char)s[i];
    return (int64_t)u;
}

static int32_t get_i32(const char *s)
{
    uint32_t u = 0;
    for (int i = 0; i < 4; i++)
        u = u << 8 | (unsigned char)s[i];
    return (int32_t)u;
}

typedef struct summary_view {
    int64_t id;
    const char *email, *name;
    bool has_age;
    int32_t age;
    bool is_active;
} summary_view;

static void prepare_or_die(PGconn *conn, const char *name, const char *sql)
{
    PGresult *res = PQprepare(conn, name, sql, 0, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        fprintf(stderr, "bench_queries: prepare: %s", PQresultErrorMessage(res));
        exit(1);
    }
    PQclear(res);
}

static int64_t baseline_one(PGconn *conn, int64_t first, size_t n)
{
    int64_t sum = 0;
    static const int formats[] = {1}, lengths[] = {8};
    for (size_t i = 0; i < n; i++) {
        char id[8];
        put_i64(id, first + (int64_t)i);
        const char *values[] = {id};
        PGresult *res = PQexecPrepared(conn, "summary", 1, values, lengths, formats, 1);
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            fprintf(stderr, "baseline: %s", PQresultErrorMessage(res));
            exit(1);
        }
        if (PQntuples(res) == 1) {
            summary_view v;
            v.id = get_i64(PQgetvalue(res, 0, 0));
            v.email = PQgetvalue(res, 0, 1);
            v.name = PQgetvalue(res, 0, 2);
            v.has_age = !PQgetisnull(res, 0, 3);
            v.age = v.has_age ? get_i32(PQgetvalue(res, 0, 3)) : 0;
            v.is_active = PQgetvalue(res, 0, 4)[0] != 0;
            sum += v.id + (int64_t)strlen(v.email) + (int64_t)strlen(v.name) + v.age + v.is_active;
        }
        PQclear(res);
    }
    return sum;
}

typedef struct page_view {
    int64_t id;
    const char *email;
    bool has_age;
    int32_t age;
} page_view;

static int64_t baseline_many(PGconn *conn, int64_t first, size_t n)
{
    int64_t sum = 0;
    static const int formats[] = {1, 1}, lengths[] = {8, 8};
    for (size_t i = 0; i < n; i++) {
        char after[8], size[8];
        put_i64(after, (first + (int64_t)i) % (TABLE_ROWS - PAGE));
        put_i64(size, PAGE);
        const char *values[] = {after, size};
        PGresult *res = PQexecPrepared(conn, "page", 2, values, lengths, formats, 1);
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            fprintf(stderr, "baseline: %s", PQresultErrorMessage(res));
            exit(1);
        }
        int rows = PQntuples(res);
        page_view *items = malloc((size_t)rows * sizeof *items + 1);
        for (int r = 0; r < rows; r++) {
            items[r].id = get_i64(PQgetvalue(res, r, 0));
            items[r].email = PQgetvalue(res, r, 1);
            items[r].has_age = !PQgetisnull(res, r, 2);
            items[r].age = items[r].has_age ? get_i32(PQgetvalue(res, r, 2)) : 0;
        }
        for (int r = 0; r < rows; r++)
            sum += items[r].id + (int64_t)strlen(items[r].email) + items[r].age;
        free(items);
        PQclear(res);
    }
    return sum;
}

/* ---- generated ---- */

static int64_t generated_one(bench_db *db, int64_t first, size_t n)
{
    int64_t sum = 0;
    bench_db_error err;
    for (size_t i = 0; i < n; i++) {
        bench_user_summary_params p = {.id = first + (int64_t)i};
        bench_user_summary_row v;
        bench_db_status st = bench_user_summary(db, &v, &p, &err);
        if (st == BENCH_OK) {
            sum += v.id + (int64_t)strlen(v.email) + (int64_t)strlen(v.name) +
                   (v.has_age ? v.age : 0) + v.is_active;
            bench_user_summary_row_free(&v);
        } else if (st != BENCH_NOT_FOUND) {
            fprintf(stderr, "generated: %s\n", err.message);
            exit(1);
        }
    }
    return sum;
}

static int64_t generated_many(bench_db *db, int64_t first, size_t n)
{
    int64_t sum = 0;
    bench_db_error err;
    for (size_t i = 0; i < n; i++) {
        bench_users_page_params p = {.after = (first + (int64_t)i) % (TABLE_ROWS - PAGE),
                                     .page_size = PAGE};
        bench_users_page_rows rows;
        if (bench_users_page(db, &rows, &p, &err) != BENCH_OK) {
            fprintf(stderr, "generated: %s\n", err.message);
            exit(1);
        }
        for (size_t r = 0; r < rows.n; r++)
            sum += rows.items[r].id + (int64_t)strlen(rows.items[r].email) +
                   (rows.items[r].has_age ? rows.items[r].age : 0);
        bench_users_page_rows_free(&rows);
    }
    return sum;
}

/* ---- timing ---- */

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct contest {
    const char *name;
    size_t count;
    int64_t (*baseline)(PGconn *, int64_t, size_t);
    int64_t (*generated)(bench_db *, int64_t, size_t);
} contest;

int main(int argc, char **argv)
{
    int rounds = 7;
    size_t count = 5000;
    const char *only = NULL;
    bool verbose = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--count") && i + 1 < argc)
            count = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--verbose"))
            verbose = true;
        else {
            fprintf(stderr, "usage: bench_queries [--rounds N] [--count N] [--only one|many] "
                            "[--verbose] (DATABASE_URL set)\n");
            return 2;
        }
    }
    if (rounds < 1 || rounds > 99 || count < 1)
        return 2;
    PGconn *admin = connect_or_die();
    exec_or_die(admin, "SET client_min_messages = warning");
    exec_or_die(admin, "DROP TABLE IF EXISTS bench_users");
    exec_or_die(admin, "CREATE TABLE bench_users (id bigserial PRIMARY KEY, email varchar(255) "
                       "NOT NULL UNIQUE, name varchar(100) NOT NULL, age integer, balance "
                       "numeric(12,2) NOT NULL DEFAULT 0, is_active boolean NOT NULL DEFAULT "
                       "true, profile jsonb NOT NULL DEFAULT '{}', created_at timestamptz NOT "
                       "NULL DEFAULT now())");
    exec_or_die(admin, "INSERT INTO bench_users (email, name, age) SELECT 'user' || g || "
                       "'@example.com', 'User number ' || g, CASE WHEN g % 10 = 0 THEN NULL "
                       "ELSE g % 90 END FROM generate_series(1, 10000) g");
    exec_or_die(admin, "VACUUM ANALYZE bench_users");
    PGconn *bconn = connect_or_die(), *gconn = connect_or_die();
    prepare_or_die(bconn, "summary",
                   "SELECT id, email, name, age, is_active FROM bench_users WHERE id = $1");
    prepare_or_die(bconn, "page",
                   "SELECT id, email, age FROM bench_users WHERE id > $1 ORDER BY id LIMIT $2");
    bench_db db;
    bench_db_init(&db, gconn);
    if (verbose) /* for instructions.sh: whose backend is whose */
        printf("backend baseline %d\nbackend generated %d\n", PQbackendPID(bconn),
               PQbackendPID(gconn));
    const contest contests[] = {
        {"one", count, baseline_one, generated_one},
        {"many", count / 10 ? count / 10 : 1, baseline_many, generated_many},
    };
    int failed = 0;
    printf("%-6s %8s %14s %14s %8s\n", "query", "calls", "baseline us", "generated us", "ratio");
    for (size_t c = 0; c < sizeof contests / sizeof *contests; c++) {
        const contest *k = &contests[c];
        if (only && strcmp(only, k->name))
            continue;
        /* Warm-up: statements prepared, caches filled. */
        int64_t sb = k->baseline(bconn, 1, 100), sg = k->generated(&db, 1, 100);
        if (sb != sg) {
            fprintf(stderr, "bench_queries: %s: checksums differ (%" PRId64 " vs %" PRId64 ")\n",
                    k->name, sb, sg);
            return 1;
        }
        double ratios[99], best_b = 1e30, best_g = 1e30;
        for (int r = 0; r < rounds; r++) {
            double tb = 0, tg = 0;
            for (size_t done = 0, turn = 0; done < k->count; done += SLICE, turn++) {
                size_t n = k->count - done < SLICE ? k->count - done : SLICE;
                int64_t first = (int64_t)(done % TABLE_ROWS) + 1;
                for (int side = 0; side < 2; side++) {
                    bool base = (side == 0) == (turn % 2 == 0);
                    double t0 = now_seconds();
                    int64_t s = base ? k->baseline(bconn, first, n) : k->generated(&db, first, n);
                    double t = now_seconds() - t0;
                    *(base ? &tb : &tg) += t;
                    *(base ? &sb : &sg) = s;
                }
                if (sb != sg) {
                    fprintf(stderr, "bench_queries: %s: checksums differ\n", k->name);
                    return 1;
                }
            }
            ratios[r] = tb / tg;
            best_b = tb < best_b ? tb : best_b;
            best_g = tg < best_g ? tg : best_g;
            if (verbose)
                printf("  round %d: %.3f\n", r + 1, ratios[r]);
        }
        qsort(ratios, (size_t)rounds, sizeof *ratios, compare_doubles);
        double median = ratios[rounds / 2];
        printf("%-6s %8zu %14.2f %14.2f %8.3f%s\n", k->name, k->count, best_b / (double)k->count * 1e6,
               best_g / (double)k->count * 1e6, median, median >= 0.95 ? "" : "  (below 0.95)");
        if (median < 0.95)
            failed = 1;
    }
    PQfinish(bconn);
    PQfinish(gconn);
    PQfinish(admin);
    return failed;
}
