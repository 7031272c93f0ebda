/* crud: what the CRUD benchmark's two contestants share. baseline.c is the
 * best hand-written libpq code for each operation; generated.c does the same
 * work through the API schemac generates from bench.yaml. main.c times them
 * alternately against the same server. */
#ifndef BENCH_CRUD_H
#define BENCH_CRUD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

/* One row to insert, in plain C; the same rows go to both contestants. */
typedef struct crud_row {
    const char *email, *name;
    bool has_age;
    int32_t age;
    const char *balance; /* numeric(12,2) as decimal text */
    bool is_active;
    const char *profile; /* jsonb as text */
} crud_row;

/* Every operation returns a checksum of what it read back (ids, lengths,
 * values), or -1 on failure after printing why; main.c checks that both
 * contestants return the same checksum, so neither can skip work. Each
 * contestant has rows of its own (emails differ in one letter), so
 * both can insert into the table in turns. */
typedef struct crud_impl {
    const char *name;
    /* Untimed: prepares whatever it keeps for the connection, converts the
     * rows to its own types. Returns NULL after printing why. */
    void *(*open)(PGconn *conn, const crud_row *rows, size_t nrows);
    /* Inserts rows[first..first+n) one statement each (autocommit), reading
     * back the server-made id and created_at. */
    int64_t (*insert_one)(void *state, size_t first, size_t n);
    /* Gets each row of ids[0..n) by primary key. */
    int64_t (*get)(void *state, const int64_t *ids, size_t n);
    /* Lists the first `limit` rows in id order (keyset: id > 0), `repeat`
     * times. */
    int64_t (*list)(void *state, size_t limit, size_t repeat);
    /* Inserts rows[0..n) in one bulk operation; returns the row count. */
    int64_t (*insert_many)(void *state, size_t n);
    /* The same rows by other bulk paths, each against insert_many of the
     * other contestant: binary COPY from the client, and (after an untimed
     * prepare_copy_file of n rows) the server's COPY FROM a file. */
    int64_t (*copy_binary)(void *state, size_t n);
    void (*prepare_copy_file)(void *state, size_t n);
    int64_t (*copy_server)(void *state, size_t n);
    void (*close)(void *state);
} crud_impl;

extern const crud_impl crud_baseline;
extern const crud_impl crud_generated;

#endif
