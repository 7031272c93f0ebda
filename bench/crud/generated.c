/* generated: the benchmark's operations through the API schemac generates
 * from bench.yaml (bench.h), used as its documentation says: one bench_db
 * per connection, rows read back into structs, arrays freed as a whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "crud.h"

typedef struct generated {
    bench_db db;
    bench_bench_users *rows; /* the rows to insert, as the API's structs */
    size_t nrows;
} generated;

/* Every column is given on insert, those with server defaults included. */
static const uint64_t insert_columns =
    BENCH_BENCH_USERS_COL_BALANCE | BENCH_BENCH_USERS_COL_IS_ACTIVE | BENCH_BENCH_USERS_COL_PROFILE;

static bool ok(bench_db_status status, const bench_db_error *err, const char *what)
{
    if (status == BENCH_OK)
        return true;
    fprintf(stderr, "generated %s: %s: %s\n", what, bench_db_status_name(status), err->message);
    return false;
}

static void *generated_open(PGconn *conn, const crud_row *rows, size_t nrows)
{
    generated *g = calloc(1, sizeof *g);
    if (!g || !(g->rows = calloc(nrows, sizeof *g->rows))) {
        free(g);
        return NULL;
    }
    bench_db_init(&g->db, conn);
    /* The insert reads back what the server made (id, created_at), as the
     * baseline does: out_as_sent is the API's way to ask for just that
     * (out gets copies of the values sent, the rest from RETURNING). */
    g->db.out_as_sent = true;
    for (size_t i = 0; i < nrows; i++) {
        /* The API only reads rows the caller fills. */
        g->rows[i] = (bench_bench_users){
            .email = rows[i].email,
            .name = rows[i].name,
            .has_age = rows[i].has_age,
            .age = rows[i].age,
            .balance = rows[i].balance,
            .is_active = rows[i].is_active,
            .profile = rows[i].profile,
        };
    }
    g->nrows = nrows;
    return g;
}

/* The same checksum as baseline.c's. */
static int64_t row_checksum(const bench_bench_users *u)
{
    return u->id + (int64_t)strlen(u->email) + (int64_t)strlen(u->name) +
           (u->has_age ? u->age : -1) + (int64_t)strlen(u->balance) + u->is_active +
           (int64_t)strlen(u->profile) + (u->created_at > 0);
}

static int64_t generated_insert_one(void *state, size_t first, size_t n)
{
    generated *g = state;
    int64_t sum = 0;
    bench_db_error err;
    for (size_t i = first; i < first + n; i++) {
        bench_bench_users out;
        if (!ok(bench_bench_users_insert(&g->db, &out, &g->rows[i % g->nrows], insert_columns,
                                         &err),
                &err, "insert"))
            return -1;
        sum += (out.id > 0) + (out.created_at > 0);
        bench_bench_users_free(&out);
    }
    return sum;
}

static int64_t generated_get(void *state, const int64_t *ids, size_t n)
{
    generated *g = state;
    int64_t sum = 0;
    bench_db_error err;
    for (size_t i = 0; i < n; i++) {
        bench_bench_users row;
        bench_db_status status = bench_bench_users_get(&g->db, &row, ids[i], &err);
        if (status == BENCH_NOT_FOUND)
            continue;
        if (!ok(status, &err, "get"))
            return -1;
        sum += row_checksum(&row);
        bench_bench_users_free(&row);
    }
    return sum;
}

static int64_t generated_list(void *state, size_t limit, size_t repeat)
{
    generated *g = state;
    int64_t sum = 0;
    bench_db_error err;
    for (size_t k = 0; k < repeat; k++) {
        bench_bench_users_array rows;
        if (!ok(bench_bench_users_list(&g->db, &rows, NULL, limit, &err), &err, "list"))
            return -1;
        for (size_t i = 0; i < rows.n; i++)
            sum += row_checksum(&rows.items[i]);
        bench_bench_users_array_free(&rows);
    }
    return sum;
}

static int64_t generated_insert_many(void *state, size_t n)
{
    generated *g = state;
    bench_db_error err;
    if (n > g->nrows)
        return -1;
    if (!ok(bench_bench_users_insert_many(&g->db, g->rows, n, insert_columns, &err), &err,
            "insert_many"))
        return -1;
    return (int64_t)n;
}

static void generated_close(void *state)
{
    generated *g = state;
    free(g->rows);
    free(g);
}

/* The other bulk comparisons are insert_many too (named for instructions.sh). */
static int64_t generated_copy_binary(void *state, size_t n) { return generated_insert_many(state, n); }
static int64_t generated_copy_server(void *state, size_t n) { return generated_insert_many(state, n); }

const crud_impl crud_generated = {
    .name = "generated",
    .open = generated_open,
    .insert_one = generated_insert_one,
    .get = generated_get,
    .list = generated_list,
    .insert_many = generated_insert_many,
    .copy_binary = generated_copy_binary,
    .copy_server = generated_copy_server,
    .close = generated_close,
};
