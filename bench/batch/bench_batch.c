/* bench_batch: N generated calls one at a time against the same N calls in
 * a pipelined batch (PREFIX_db_batch_begin/run), inside one transaction:
 * inserts, then gets by primary key. Prints the median of ROUNDS rounds of
 * each and the ratio sequential / pipelined, per connection string given.
 *   bench_batch SQL N ROUNDS CONNINFO [CONNINFO...]
 * (the SQL file creates the table; each conninfo names a database where
 * the benchmark may create and drop it). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pb.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void must(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "bench_batch: %s: %s", sql, PQerrorMessage(conn));
        exit(1);
    }
    PQclear(res);
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static pb_items *rows, *outs;
static int64_t *ids;

/* One round: n inserts (sequential or batched) in a transaction, then n
 * gets; the seconds of each in t[0], t[1]. Checks every result. */
static void round_of(pb_db *db, int n, int batched, double t[2])
{
    pb_db_error err;
    pb_db_batch batch;
    must(db->conn, "TRUNCATE items");
    double start = now();
    must(db->conn, "BEGIN");
    if (batched && pb_db_batch_begin(db, &batch, &err) != PB_OK)
        exit(1);
    for (int i = 0; i < n; i++)
        if (pb_items_insert(db, &outs[i], &rows[i], 0, &err) != PB_OK) {
            fprintf(stderr, "insert: %s\n", err.message);
            exit(1);
        }
    if (batched && pb_db_batch_run(db, &batch, &err) != PB_OK) {
        fprintf(stderr, "batch insert: %s\n", err.message);
        exit(1);
    }
    if (batched)
        pb_db_batch_free(&batch);
    must(db->conn, "COMMIT");
    t[0] = now() - start;
    for (int i = 0; i < n; i++) {
        ids[i] = outs[i].id;
        pb_items_free(&outs[i]);
    }
    start = now();
    must(db->conn, "BEGIN");
    if (batched && pb_db_batch_begin(db, &batch, &err) != PB_OK)
        exit(1);
    for (int i = 0; i < n; i++)
        if (pb_items_get(db, &outs[i], ids[i], &err) != PB_OK)
            exit(1);
    if (batched && pb_db_batch_run(db, &batch, &err) != PB_OK) {
        fprintf(stderr, "batch get: %s\n", err.message);
        exit(1);
    }
    if (batched)
        pb_db_batch_free(&batch);
    must(db->conn, "COMMIT");
    t[1] = now() - start;
    for (int i = 0; i < n; i++) {
        if (outs[i].n != i || strcmp(outs[i].name, rows[i].name) != 0) {
            fprintf(stderr, "bench_batch: row %d read back wrong\n", i);
            exit(1);
        }
        pb_items_free(&outs[i]);
    }
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: bench_batch SQL N ROUNDS CONNINFO...\n");
        return 2;
    }
    int n = atoi(argv[2]), rounds = atoi(argv[3]);
    FILE *f = fopen(argv[1], "rb");
    static char sql[1 << 20];
    size_t len = f ? fread(sql, 1, sizeof sql - 1, f) : 0;
    if (f)
        fclose(f);
    sql[len] = '\0';
    rows = calloc((size_t)n, sizeof *rows);
    outs = calloc((size_t)n, sizeof *outs);
    ids = calloc((size_t)n, sizeof *ids);
    char (*names)[32] = calloc((size_t)n, sizeof *names);
    for (int i = 0; i < n; i++) {
        snprintf(names[i], sizeof names[i], "item %d", i);
        rows[i].name = names[i];
        rows[i].n = i;
    }
    printf("%d calls, median of %d rounds, inside one transaction\n", n, rounds);
    printf("%-34s %10s %10s %8s %10s %10s %8s\n", "connection", "insert 1x1", "pipelined", "ratio",
           "get 1x1", "pipelined", "ratio");
    for (int c = 4; c < argc; c++) {
        PGconn *conn = PQconnectdb(argv[c]);
        if (PQstatus(conn) != CONNECTION_OK) {
            fprintf(stderr, "bench_batch: %s", PQerrorMessage(conn));
            return 1;
        }
        must(conn, "SET client_min_messages = warning");
        must(conn, "DROP TABLE IF EXISTS items");
        must(conn, sql);
        pb_db db;
        pb_db_init(&db, conn);
        double *times = calloc((size_t)rounds * 4, sizeof *times), t[2];
        round_of(&db, n / 10 + 1, 0, t); /* warm up: prepare, cache */
        round_of(&db, n / 10 + 1, 1, t);
        for (int r = 0; r < rounds; r++) {
            round_of(&db, n, 0, t);
            times[0 * rounds + r] = t[0];
            times[2 * rounds + r] = t[1];
            round_of(&db, n, 1, t);
            times[1 * rounds + r] = t[0];
            times[3 * rounds + r] = t[1];
        }
        double m[4];
        for (int k = 0; k < 4; k++) {
            qsort(times + k * rounds, (size_t)rounds, sizeof *times, compare);
            m[k] = times[k * rounds + rounds / 2];
        }
        const char *host = PQhost(conn);
        printf("%-34.34s %9.1fms %9.1fms %7.2fx %9.1fms %9.1fms %7.2fx\n",
               host && host[0] == '/' ? "unix socket" : host, m[0] * 1e3, m[1] * 1e3, m[0] / m[1],
               m[2] * 1e3, m[3] * 1e3, m[2] / m[3]);
        must(conn, "DROP TABLE items");
        free(times);
        PQfinish(conn);
    }
    free(rows);
    free(outs);
    free(ids);
    free(names);
    return 0;
}
