/* test_stream: a :many query's iterator streams rows in constant memory.
 * Peak RSS (VmHWM) after streaming 10,000 rows and after 1,000,000 must
 * differ by less than 2 MB, and every row must be right (n in order, its
 * md5 label, its amount). To show that the measurement sees rows kept in
 * memory, collecting 200,000 rows at once must raise the peak by more
 * than 10 MB.
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
    PQfinish(conn);
    return failed;
}
