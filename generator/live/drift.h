/* drift: puts the models and a live database side by side so that diff
 * compares like with like. The database is inspected with its own names;
 * the models' expressions (defaults, checks, index expressions and
 * predicates) that differ in text from the database's are sent to the
 * server once, deduplicated, in one round trip, and replaced by the
 * server's spelling of them. Nothing is created but temporary tables in
 * a transaction that is rolled back. */
#ifndef SCHEMAC_DRIFT_H
#define SCHEMAC_DRIFT_H

#include "diff.h"
#include "inspect.h"

typedef struct drift_sides {
    inspect_result live;
    size_t normalized; /* expressions the server normalised */
} drift_sides;

/* Inspects the database (the PostgreSQL schemas in `schemas`, none:
 * public) under the model's name and normalises `model` in place against
 * it. Returns 0, or -1 after reporting. Free with drift_free. */
int drift_prepare(live_db *db, ir_schema *model, const char *const *schemas, size_t nschemas,
                  drift_sides *out, diag *d);
void drift_free(drift_sides *sides);
/* Normalises one more schema against the database drift_prepare read
 * (a snapshot, say). Returns 0 or -1 after reporting. */
int drift_normalize(live_db *db, drift_sides *sides, ir_schema *model, diag *d);

/* Where a change comes from in the models ("file:line"), or NULL when it
 * is only in the database. */
src_pos drift_change_pos(const diff_change *c);

/* Writes the drift report of `diff` (from the database to the models):
 * one line per change, "file:line: what", with what differs. */
void drift_write_report(const diff_result *diff, FILE *out);

#endif
