/* history: a migrations directory — its revision files chained by parent
 * into one line, the integrity file (schemac.sum) that catches edits made
 * after a revision was created, and the snapshot of the schema at the head
 * revision (schema.snapshot.yaml) that `migrate new` diffs against. No
 * database here; that is runner's. */
#ifndef SCHEMAC_HISTORY_H
#define SCHEMAC_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "ir.h"
#include "revision.h"
#include "strmap.h"

#define HISTORY_SUM_FILE "schemac.sum"
#define HISTORY_SNAPSHOT_FILE "schema.snapshot.yaml"

typedef struct history {
    arena arena;
    const char *dir;
    revision **revs; /* in chain order: the first revision first, the head last */
    size_t n;
    strmap by_id;
} history;

enum {
    HISTORY_VERIFY_SUM = 1,  /* check every file against schemac.sum */
    HISTORY_MISSING_OK = 2,  /* a directory that does not exist is an empty history */
    HISTORY_NO_CHAIN = 4,    /* do not chain: revs in file name order (for `migrate hash`) */
};

/* Loads every *.sql revision in dir and chains them. Reports, naming the
 * files involved: parse errors, two revisions with the same parent (a
 * branch), a missing parent, two first revisions, a cycle; with
 * HISTORY_VERIFY_SUM also files edited since they were recorded, files
 * missing from or extra to schemac.sum, and a wrong total. Returns 0, or -1
 * after reporting (h is then usable only for history_free). */
int history_load(history *h, const char *dir, unsigned flags, diag *d);
void history_free(history *h);

const revision *history_find(const history *h, const char *id);
/* Position of id in the chain, or -1. */
long history_index(const history *h, const char *id);
/* The last revision, or NULL for an empty history. */
const revision *history_head(const history *h);
/* dir/name, allocated in the history's arena. */
const char *history_path(const history *h, const char *name);

/* The text of schemac.sum for h's revisions plus `extra` (a new one; may
 * be NULL), in id order so the file never depends on how it was made. */
void history_format_sum(const history *h, const revision *extra, buf *out);

/* Loads and validates the snapshot and checks that it was taken at the
 * head revision. Returns the schema (caller frees with ir_schema_free), or
 * NULL: with *err 0 when the history is empty and there is no snapshot,
 * else after reporting. */
ir_schema *history_load_snapshot(const history *h, int *err, diag *d);

/* The snapshot file for schema s at revision head_id. */
void history_format_snapshot(const ir_schema *s, const char *head_id, buf *out);

#endif
