/* bench_crud: times the generated CRUD API against hand-written libpq
 * (baseline.c) on the server DATABASE_URL names, and prints ops/s and the
 * ratio generated/baseline for each operation.
 *
 * The machine may be busy with other work, so the contestants take turns in
 * short slices (about 1,000 operations; A B, then B A, ...) and a round's
 * time for each is the sum of its slices: load that comes and goes hits both
 * alike. Bulk inserts are one operation each and alternate whole. The table
 * shows each contestant's best round and the median of the rounds' ratios.
 * Both contestants must read back the same checksum, so neither can skip
 * work.
 *
 *   bench_crud SCHEMA.sql [--rounds N] [--scale F] [--only OP] [--noise] [--verbose]
 *
 * --only runs one operation: insert, get, list, insert_many, copy_binary or
 * copy_server. --verbose
 * also prints each contestant's backend PID and each operation's count, for
 * scripts (instructions.sh).
 * --noise races the baseline against itself: the ratios it prints are the
 * noise floor of this machine at this moment.
 *
 * Besides wall time it measures CPU time per operation: the client's own
 * and, when the server runs on this machine, its backend's (from
 * /proc/PID/schedstat). CPU time barely moves when other work competes for
 * the processors, so on a busy machine it is the steadier comparison.
 *
 * SCHEMA.sql creates bench_users (schemac's output for bench.yaml); the
 * table is dropped and recreated first. --scale multiplies every N (0.1 for
 * a quick check). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crud.h"

typedef enum op { OP_INSERT_ONE, OP_GET, OP_LIST, OP_INSERT_MANY, OP_COPY_BINARY, OP_COPY_SERVER, OP_COUNT } op;

static const struct {
    const char *name; /* for --only */
    const char *label;
    size_t count; /* operations per round */
    size_t slice; /* operations per turn; 0: the whole round is one turn */
    double target; /* generated/baseline must reach this */
} ops[OP_COUNT] = {
    [OP_INSERT_ONE] = {"insert", "insert (one row, autocommit)", 20000, 1000, 0.95},
    [OP_GET] = {"get", "get by primary key", 50000, 1000, 0.95},
    [OP_LIST] = {"list", "list of 1,000 rows (keyset)", 500, 5, 0.95},
    [OP_INSERT_MANY] = {"insert_many", "bulk insert (COPY / insert_many)", 100000, 0, 1.0},
    /* insert_many against binary COPY written by hand, and against the
     * server reading the same rows from a file (the physical limit). */
    [OP_COPY_BINARY] = {"copy_binary", "bulk insert (binary COPY)", 100000, 0, 0.95},
    [OP_COPY_SERVER] = {"copy_server", "bulk insert (server COPY FROM file)", 100000, 0, 0.0},
};

enum { TABLE_ROWS = 100000, LIST_ROWS = 1000 };

enum { NCONTESTANTS = 2 };

typedef struct contestant {
    const crud_impl *impl;
    PGconn *conn;
    char schedstat[64]; /* /proc/PID/schedstat of its backend */
    void *state;
    crud_row *rows;
    char *storage;
} contestant;

static double clock_seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static PGconn *connect_or_die(const char *url)
{
    PGconn *conn = PQconnectdb(url);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "bench_crud: cannot connect: %s", PQerrorMessage(conn));
        exit(1);
    }
    return conn;
}

static void exec_or_die(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "bench_crud: %s: %s", sql, PQresultErrorMessage(res));
        exit(1);
    }
    PQclear(res);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)len + 1);
    if (!text || fread(text, 1, (size_t)len, f) != (size_t)len) {
        perror(path);
        exit(1);
    }
    text[len] = '\0';
    fclose(f);
    return text;
}

/* Rows of realistic sizes, every 10th age NULL. Emails end in `tag`, so
 * two contestants' rows interleave in the unique index: whoever inserts a
 * slice first appends at its right edge (PostgreSQL's fast path), and the
 * turns alternate who is first. */
static crud_row *make_rows(size_t n, char tag, char **storage)
{
    enum { PER_ROW = 160 };
    crud_row *rows = calloc(n, sizeof *rows);
    char *text = malloc(n * PER_ROW);
    if (!rows || !text)
        exit(1);
    for (size_t i = 0; i < n; i++) {
        char *p = text + i * PER_ROW;
        rows[i].email = p;
        p += snprintf(p, 40, "user%07zu%c@example.com", i, tag) + 1;
        rows[i].name = p;
        p += snprintf(p, 40, "User Number %zu", i) + 1;
        rows[i].balance = p;
        p += snprintf(p, 20, "%zu.%02zu", i % 100000, i % 100) + 1;
        rows[i].profile = p;
        snprintf(p, 60, "{\"tier\": %zu, \"tags\": [\"a\", \"b\"]}", i % 5);
        rows[i].has_age = i % 10 != 0;
        rows[i].age = (int32_t)(18 + i % 60);
        rows[i].is_active = i % 3 != 0;
    }
    *storage = text;
    return rows;
}

/* CPU time the contestant's server backend has used, in seconds; 0 when
 * it cannot be read (a server on another machine). */
static double backend_seconds(const contestant *c)
{
    FILE *f = fopen(c->schedstat, "r");
    if (!f)
        return 0;
    unsigned long long ns = 0;
    if (fscanf(f, "%llu", &ns) != 1)
        ns = 0;
    fclose(f);
    return (double)ns * 1e-9;
}

/* Empties the table and restarts its id sequence. */
static void reset_table(PGconn *admin)
{
    exec_or_die(admin, "TRUNCATE bench_users RESTART IDENTITY");
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Runs operations [first, first+n) of `o` for one contestant. */
static int64_t run_turn(op o, contestant *c, const int64_t *ids, size_t first, size_t n)
{
    switch (o) {
    case OP_INSERT_ONE:
        return c->impl->insert_one(c->state, first, n);
    case OP_GET:
        return c->impl->get(c->state, ids + first, n);
    case OP_LIST:
        return c->impl->list(c->state, LIST_ROWS, n);
    case OP_INSERT_MANY:
        return c->impl->insert_many(c->state, n);
    case OP_COPY_BINARY:
        return c->impl->copy_binary(c->state, n);
    case OP_COPY_SERVER:
        return c->impl->copy_server(c->state, n);
    case OP_COUNT:
        break;
    }
    return -1;
}

int main(int argc, char **argv)
{
    const char *schema_sql = NULL;
    int rounds = 11; /* the median of 5 still swung by ±4% on a loaded machine */
    double scale = 1.0;
    const crud_impl *contestants[NCONTESTANTS] = {&crud_baseline, &crud_generated};
    const char *only = NULL;
    bool verbose = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--scale") && i + 1 < argc)
            scale = atof(argv[++i]);
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--verbose"))
            verbose = true;
        else if (!strcmp(argv[i], "--noise"))
            contestants[1] = &crud_baseline;
        else if (argv[i][0] != '-' && !schema_sql)
            schema_sql = argv[i];
        else
            schema_sql = NULL, rounds = 0;
    }
    const char *url = getenv("DATABASE_URL");
    if (!schema_sql || !url || rounds < 1 || scale <= 0) {
        fprintf(stderr, "usage: bench_crud SCHEMA.sql [--rounds N] [--scale F] [--only OP] "
                        "[--noise] [--verbose]\n(with DATABASE_URL set; run it under "
                        "tests/pg/with_pg)\n");
        return 2;
    }

    PGconn *admin = connect_or_die(url);
    exec_or_die(admin, "SET client_min_messages = warning");
    exec_or_die(admin, "DROP TABLE IF EXISTS bench_users");
    char *sql = read_file(schema_sql);
    exec_or_die(admin, sql);
    free(sql);

    size_t count_of[OP_COUNT], slice_of[OP_COUNT];
    for (int o = 0; o < OP_COUNT; o++) {
        count_of[o] = (size_t)((double)ops[o].count * scale);
        if (count_of[o] < 1)
            count_of[o] = 1;
        slice_of[o] = ops[o].slice && ops[o].slice < count_of[o] ? ops[o].slice : count_of[o];
    }
    size_t table_rows = (size_t)(TABLE_ROWS * scale);
    if (table_rows < LIST_ROWS)
        table_rows = LIST_ROWS;
    size_t nrows = table_rows;
    if (nrows < count_of[OP_INSERT_ONE])
        nrows = count_of[OP_INSERT_ONE];
    if (nrows < count_of[OP_INSERT_MANY])
        nrows = count_of[OP_INSERT_MANY];
    /* Random ids of existing rows, the same sequence for both. */
    int64_t *ids = malloc(count_of[OP_GET] * sizeof *ids);
    uint64_t seed = 0x9E3779B97F4A7C15u;
    for (size_t i = 0; i < count_of[OP_GET]; i++) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        ids[i] = (int64_t)(seed % table_rows) + 1;
    }

    contestant cs[NCONTESTANTS];
    for (int c = 0; c < NCONTESTANTS; c++) {
        cs[c].impl = contestants[c];
        cs[c].rows = make_rows(nrows, (char)('a' + c), &cs[c].storage);
        cs[c].conn = connect_or_die(url);
        snprintf(cs[c].schedstat, sizeof cs[c].schedstat, "/proc/%d/schedstat",
                 PQbackendPID(cs[c].conn));
        if (verbose)
            printf("backend %s %d\n", cs[c].impl->name, PQbackendPID(cs[c].conn));
        cs[c].state = cs[c].impl->open(cs[c].conn, cs[c].rows, nrows);
        if (!cs[c].state) {
            fprintf(stderr, "bench_crud: %s: cannot set up\n", cs[c].impl->name);
            return 1;
        }
    }

    printf("bench_crud: PostgreSQL %d; %d rounds, contestants taking turns; scale %g\n"
           "ops/s: the best round; ratio: the median of the rounds' generated/baseline\n\n",
           PQserverVersion(admin), rounds, scale);
    char heads[NCONTESTANTS][32];
    for (int c = 0; c < NCONTESTANTS; c++)
        snprintf(heads[c], sizeof heads[c], "%s/s", contestants[c]->name);
    printf("%-34s %8s %12s %12s %7s %8s\n", "operation", "N", heads[0], heads[1], "ratio",
           "target");
    int missed = 0;
    double client_us[OP_COUNT][NCONTESTANTS] = {{0}}, server_us[OP_COUNT][NCONTESTANTS] = {{0}};
    double *ratios = calloc((size_t)rounds, sizeof *ratios);
    void *filler = NULL; /* the baseline on the admin connection */
    for (int o = 0; o < OP_COUNT; o++) {
        if (only && strcmp(only, ops[o].name) != 0)
            continue;
        if (verbose)
            printf("count %s %zu\n", ops[o].name, count_of[o]);
        bool filled = o == OP_GET || o == OP_LIST;
        if (filled) { /* table_rows rows, ids 1..table_rows */
            /* On the admin connection, so that the contestants' backends
             * do only their own work. */
            reset_table(admin);
            if (!filler)
                filler = crud_baseline.open(admin, cs[0].rows, nrows);
            if (!filler || crud_baseline.insert_many(filler, table_rows) != (int64_t)table_rows) {
                fprintf(stderr, "bench_crud: cannot fill the table\n");
                return 1;
            }
            exec_or_die(admin, "VACUUM ANALYZE bench_users");
        }
        if (o == OP_COPY_SERVER)
            for (int c = 0; c < NCONTESTANTS; c++)
                if (cs[c].impl->prepare_copy_file)
                    cs[c].impl->prepare_copy_file(cs[c].state, count_of[o]);
        double best[NCONTESTANTS] = {0};
        /* Round -1 is an untimed warm-up. */
        for (int r = -1; r < rounds; r++) {
            double wall[NCONTESTANTS] = {0}, cpu[NCONTESTANTS] = {0}, server[NCONTESTANTS] = {0};
            int64_t sums[NCONTESTANTS] = {0};
            if (o == OP_INSERT_ONE)
                reset_table(admin);
            size_t turn = 0;
            for (size_t first = 0; first < count_of[o]; first += slice_of[o], turn++) {
                size_t n = count_of[o] - first < slice_of[o] ? count_of[o] - first : slice_of[o];
                for (int k = 0; k < NCONTESTANTS; k++) {
                    int c = (turn + (size_t)r) & 1 ? NCONTESTANTS - 1 - k : k;
                    if (o == OP_INSERT_MANY || o == OP_COPY_BINARY || o == OP_COPY_SERVER)
                        reset_table(admin);
                    double server_start = backend_seconds(&cs[c]);
                    double start = clock_seconds(CLOCK_MONOTONIC);
                    double cpu_start = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
                    int64_t sum = run_turn((op)o, &cs[c], ids, first, n);
                    cpu[c] += clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
                    wall[c] += clock_seconds(CLOCK_MONOTONIC) - start;
                    server[c] += backend_seconds(&cs[c]) - server_start;
                    if (sum < 0) {
                        fprintf(stderr, "bench_crud: %s failed in %s\n", ops[o].label,
                                cs[c].impl->name);
                        return 1;
                    }
                    sums[c] += sum;
                }
            }
            for (int c = 1; c < NCONTESTANTS; c++)
                if (sums[c] != sums[0]) {
                    fprintf(stderr,
                            "bench_crud: %s: %s read back checksum %" PRId64 ", %s %" PRId64 "\n",
                            ops[o].label, cs[c].impl->name, sums[c], cs[0].impl->name, sums[0]);
                    return 1;
                }
            if (r < 0)
                continue;
            for (int c = 0; c < NCONTESTANTS; c++) {
                double rate = (double)count_of[o] / wall[c];
                if (rate > best[c])
                    best[c] = rate;
                double us = cpu[c] * 1e6 / (double)count_of[o];
                if (client_us[o][c] == 0 || us < client_us[o][c])
                    client_us[o][c] = us;
                us = server[c] * 1e6 / (double)count_of[o];
                if (server_us[o][c] == 0 || us < server_us[o][c])
                    server_us[o][c] = us;
            }
            ratios[r] = wall[0] / wall[1];
        }
        qsort(ratios, (size_t)rounds, sizeof *ratios, compare_doubles);
        double ratio = rounds % 2 ? ratios[rounds / 2]
                                  : (ratios[rounds / 2 - 1] + ratios[rounds / 2]) / 2;
        bool met = ratio >= ops[o].target;
        missed += !met;
        printf("%-34s %8zu %12.0f %12.0f %7.3f %6s%.2f%s\n", ops[o].label, count_of[o], best[0],
               best[1], ratio, ">=", ops[o].target, met ? "" : "  MISSED");
        fflush(stdout);
    }
    printf("\n%s\n", missed ? "Some targets were missed." : "Every target was met.");
    /* CPU per operation, each the best round: the client's own (libpq
     * included) and its server backend's. */
    printf("\nCPU per operation (best round)     %10s %10s %10s %10s %7s\n", "client", "server",
           "client", "server", "ratio");
    printf("%-34s %21s %21s %7s\n", "", contestants[0]->name, contestants[1]->name, "of sums");
    for (int o = 0; o < OP_COUNT; o++)
        if (!only || !strcmp(only, ops[o].name))
            printf("%-34s %8.2fus %8.2fus %8.2fus %8.2fus %7.3f\n", ops[o].label,
                   client_us[o][0], server_us[o][0], client_us[o][1], server_us[o][1],
                   (client_us[o][0] + server_us[o][0]) / (client_us[o][1] + server_us[o][1]));

    for (int c = 0; c < NCONTESTANTS; c++) {
        cs[c].impl->close(cs[c].state);
        PQfinish(cs[c].conn);
        free(cs[c].rows);
        free(cs[c].storage);
    }
    if (filler)
        crud_baseline.close(filler);
    exec_or_die(admin, "DROP TABLE bench_users");
    PQfinish(admin);
    free(ratios);
    free(ids);
    return 0;
}
