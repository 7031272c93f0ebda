/* test_stream: a :many query's iterator streams rows in constant memory.
 * Peak RSS (VmHWM) after streaming 10,000 rows and after 1,000,000 must
 * differ by less than 2 MB, and every row must be right (n in order, its
 * md5 label, its amount). To show that the measurement sees rows kept in
 * memory, collecting 200,000 rows at once must raise the peak by more
 * than 10 MB.
 *
 * The trace sees a stream as one event when its rows end (read to the end,
 * or closed early: the rest is read then), with every row counted and the
 * time from sending it by the trace's clock (a fake one here); a stream
 * opened in a batch is refused.
 *
 * usage: test_stream CONNINFO (a database of examples/blog/models) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blog.queries.h"

static long peak_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6))
            kb = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

/* Streams `count` rows; returns how many were right, -1 on an error. */
static long stream(blog_db *db, int count)
{
    blog_numbers_params p = {.count = count};
    blog_numbers_iter it;
    blog_numbers_row row;
    blog_db_error err;
    if (blog_numbers_iter_open(db, &it, &p, &err) != BLOG_OK) {
        fprintf(stderr, "open: %s\n", err.message);
        return -1;
    }
    long good = 0, expected = 1;
    blog_db_status st;
    while ((st = blog_numbers_iter_next(&it, &row, &err)) == BLOG_OK) {
        char amount[32];
        snprintf(amount, sizeof amount, "%ld.%02ld", expected / 100, expected % 100);
        if (row.has_n && row.n == expected && row.has_label && strlen(row.label) == 32 &&
            row.has_amount && !strcmp(row.amount, amount))
            good++;
        expected++;
    }
    blog_numbers_iter_close(&it);
    if (st != BLOG_NOT_FOUND) {
        fprintf(stderr, "next: %s\n", err.message);
        return -1;
    }
    return good;
}

typedef struct events {
    int n;
    schemac_rt_trace_event last;
    int64_t now;
} events;

static void record(const schemac_rt_trace_event *e, void *ctx)
{
    events *ev = ctx;
    if (!strcmp(e->kind, "stream")) {
        ev->n++;
        ev->last = *e;
    }
}

static int64_t tick(void *ctx)
{
    return ((events *)ctx)->now += 1000;
}

/* Opens a stream of `count` rows, reads `read` of them, closes it. */
static blog_db_status read_some(blog_db *db, int count, int read, blog_db_error *err)
{
    blog_numbers_params p = {.count = count};
    blog_numbers_iter it;
    blog_numbers_row row;
    blog_db_status st = blog_numbers_iter_open(db, &it, &p, err);
    for (int i = 0; st == BLOG_OK && i < read; i++)
        st = blog_numbers_iter_next(&it, &row, err);
    blog_numbers_iter_close(&it);
    return st;
}

static int test_trace(blog_db *db)
{
    int failed = 0;
    events ev = {0};
    schemac_rt_trace trace = {record, &ev, false, tick, &ev};
    blog_db_error err;
    schemac_rt_set_trace(db, &trace);
    blog_db_status st = read_some(db, 5, 6, &err); /* to the end: NOT_FOUND */
    if (st != BLOG_NOT_FOUND || ev.n != 1 || ev.last.rows != 5 || ev.last.status != SCHEMAC_RT_OK ||
        ev.last.duration_ns != 1000 || !strstr(ev.last.sql, "generate_series")) {
        fprintf(stderr, "FAIL: trace of a stream read to the end: %d events, rows %lld, %lld ns\n",
                ev.n, (long long)ev.last.rows, (long long)ev.last.duration_ns);
        failed = 1;
    }
    st = read_some(db, 7, 2, &err); /* closed early */
    if (st != BLOG_OK || ev.n != 2 || ev.last.rows != 7) {
        fprintf(stderr, "FAIL: trace of a stream closed early: %d events, rows %lld\n", ev.n,
                (long long)ev.last.rows);
        failed = 1;
    }
    schemac_rt_set_trace(db, NULL);
    blog_db_batch batch;
    if (blog_db_batch_begin(db, &batch, &err) != BLOG_OK) {
        fprintf(stderr, "FAIL: batch_begin: %s\n", err.message);
        return 1;
    }
    blog_numbers_params p = {.count = 3};
    blog_numbers_iter it;
    st = blog_numbers_iter_open(db, &it, &p, &err);
    if (st != BLOG_ERROR || !strstr(err.message, "do not batch")) {
        fprintf(stderr, "FAIL: a stream opened in a batch: status %d\n", (int)st);
        failed = 1;
    }
    blog_numbers_iter_close(&it);
    blog_db_batch_run(db, &batch, &err);
    blog_db_batch_free(&batch);
    return failed;
}

int main(int argc, char **argv)
{
    PGconn *conn = PQconnectdb(argc > 1 ? argv[1] : "");
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "%s", PQerrorMessage(conn));
        return 2;
    }
    blog_db db;
    blog_db_init(&db, conn);
    int failed = 0;
    long got = stream(&db, 10000);
    long after_10k = peak_kb();
    if (got != 10000) {
        fprintf(stderr, "FAIL: 10,000 rows: %ld right\n", got);
        failed = 1;
    }
    got = stream(&db, 1000000);
    long after_1m = peak_kb();
    if (got != 1000000) {
        fprintf(stderr, "FAIL: 1,000,000 rows: %ld right\n", got);
        failed = 1;
    }
    printf("peak RSS: %ld kB after 10,000 rows, %ld kB after 1,000,000 (+%ld kB)\n", after_10k,
           after_1m, after_1m - after_10k);
    if (after_10k <= 0 || after_1m - after_10k >= 2048) {
        fprintf(stderr, "FAIL: streaming 1,000,000 rows grew the peak RSS by %ld kB\n",
                after_1m - after_10k);
        failed = 1;
    }
    blog_numbers_params p = {.count = 200000};
    blog_numbers_rows rows;
    blog_db_error err;
    if (blog_numbers(&db, &rows, &p, &err) != BLOG_OK || rows.n != 200000) {
        fprintf(stderr, "FAIL: collect: %s\n", err.message);
        failed = 1;
    }
    long after_collect = peak_kb();
    blog_numbers_rows_free(&rows);
    printf("collecting 200,000 rows: +%ld kB\n", after_collect - after_1m);
    if (after_collect - after_1m <= 10240) {
        fprintf(stderr, "FAIL: collecting rows did not show in the peak RSS: the measure is blind\n");
        failed = 1;
    }
    failed |= test_trace(&db);
    PQfinish(conn);
    return failed;
}
