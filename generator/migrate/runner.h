/* runner: applies and reverts revisions on a live database over libpq.
 * The database records what it has in a version table; runners serialise
 * on advisory locks; every transactional step commits together with its
 * version-table row, so a failure leaves the database at the last good
 * step. See docs/migrations.md for the semantics. Printing of status is
 * the CLI's; this module reads and changes state. */
#ifndef SCHEMAC_RUNNER_H
#define SCHEMAC_RUNNER_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "history.h"

#define RUNNER_TABLE "schemac_migrations"
/* The first 8 bytes of sha256("schemac"): held by a runner's dedicated
 * lock session for the whole run, so two runners never interleave. */
#define RUNNER_LOCK_KEY INT64_C(-1574028361549744113)
/* The first 8 bytes of sha256("schemac worker"): held by the session that
 * runs the SQL for as long as it lives, so a new runner also waits for the
 * session of a killed one to end (and its transaction to roll back). */
#define RUNNER_WORKER_KEY INT64_C(254968330790862919)

typedef struct runner_options {
    const char *conninfo;     /* a conninfo string or URL; NULL or "": DATABASE_URL, else PG* */
    int lock_timeout_ms;      /* per statement wait for a table lock; 0 = no limit */
    int statement_timeout_ms; /* per statement; 0 = no limit */
    /* lock_timeout of CREATE/DROP INDEX CONCURRENTLY and REINDEX
     * CONCURRENTLY, which wait for every older transaction, not only for
     * locks on their table; 0 = no limit */
    int concurrent_lock_timeout_ms;
    bool create_database;     /* create the database when the server says it does not exist */
    FILE *out;                /* progress and scripts; NULL = stdout */
} runner_options;

#define RUNNER_OPTIONS_INIT {NULL, 5000, 0, 0, false, NULL}

/* A row of the version table. */
typedef struct runner_row {
    const char *revision, *parent, *checksum;
    const char *applied_at; /* "YYYY-MM-DD HH:MM:SS UTC" */
    int duration_ms;
    int steps_done, steps_total; /* up steps; fewer done than total: partly applied */
    int down_steps_done;         /* more than 0: partly reverted */
} runner_row;

typedef struct runner {
    runner_options opts;
    PGconn *conn;      /* runs the revisions */
    PGconn *lock;      /* holds RUNNER_LOCK_KEY; NULL when opened read-only */
    arena arena;
    const char *table; /* quoted, schema-qualified; NULL while there is no version table */
    runner_row *rows;
    size_t nrows;
    strmap row_map;    /* revision id → row */
    size_t applied;    /* revisions of the history's chain the database has (a prefix) */
    bool state_read;   /* runner_load_state could read the version table (or there is none) */
    bool quiet;        /* drop server notices (our own statements) */
} runner;

/* Connects. With `lock`, also opens the lock session, waits for the
 * migration lock (saying so on stderr when another runner holds it), takes
 * the worker lock and creates the version table if missing. Returns 0, or
 * -1 after reporting (runner_close is still needed). */
int runner_open(runner *r, const runner_options *opts, bool lock, diag *d);
/* Releases the locks and disconnects. */
void runner_close(runner *r);

/* Reads the version table and checks it against the history: every
 * applied revision exists and is unchanged (checksum), the applied ones are
 * the start of the chain, at most the last is partly applied or reverted.
 * Reports every problem; returns 0 or -1. Fills r->rows and r->applied
 * either way. */
int runner_load_state(runner *r, const history *h, diag *d);
/* The revision the database is at by its own account, whether or not the
 * directory has its file: the row no other row names as its parent (the
 * latest row when the table is not one chain). NULL with no rows. */
const runner_row *runner_head_row(const runner *r);
/* The row for a revision, or NULL when it is not applied. */
const runner_row *runner_row_for(const runner *r, const char *id);

/* Applies revisions up to and including `target` (NULL: the head),
 * resuming a partly applied one. With dry_run, prints the SQL instead and
 * changes nothing. Returns 0 or -1. */
int runner_up(runner *r, const history *h, const char *target, bool dry_run, diag *d);
/* Reverts `target` revisions: a count ("1"), a revision to stay at (the
 * ones after it are reverted), or "none" (everything). */
int runner_down(runner *r, const history *h, const char *target, bool dry_run, diag *d);

/* The revision `id` of h, or NULL after reporting that there is none,
 * with "did you mean" when one is close. */
const revision *runner_find_revision(const history *h, const char *id, diag *d);
/* Records the database as being at `target` ("none": nothing applied)
 * without running any revision: in one transaction, removes the rows of
 * the revisions after it and records those up to it, with their
 * checksums, as fully applied. With dry_run, prints the SQL. Needs the
 * lock. Returns 0 or -1. */
int runner_stamp(runner *r, const history *h, const char *target, bool dry_run, diag *d);
/* Accepts the edited file of the partly applied (or partly reverted)
 * revision: records its new checksum, after checking that everything else
 * holds (the rest of the table, its number of steps). The steps already
 * applied cannot be checked against the file: the database keeps only a
 * checksum of the whole file. Needs the lock. Returns 0 or -1. */
int runner_repair(runner *r, const history *h, bool dry_run, diag *d);

/* The psql script that moves a database at revision `from` (NULL or
 * "none": nothing applied) up to `target` (NULL: head), or down by
 * `target` as runner_down, without a database: BEGIN/COMMIT per step and
 * the version-table writes. Returns 0 or -1 after reporting. */
int runner_script(const history *h, const char *from, const char *target, revision_direction dir,
                  const runner_options *opts, buf *out, diag *d);

#endif
