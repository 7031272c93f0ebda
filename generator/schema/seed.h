/* seed: a table's seed data (docs/schema.md, "Seed data"): checked against
 * the table's columns and keys when the schema is validated, and applied
 * by `schemac migrate seed` in one transaction. */
#ifndef SCHEMAC_SEED_H
#define SCHEMAC_SEED_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "ir.h"

/* Resolves the seed's key and columns and checks every value against its
 * column's type, the key's presence and uniqueness across rows, and the
 * columns a row must give. Called by validate_schema, after the keys. */
void seed_validate(ir_table *t, arena *a, diag *d);

/* Any table of s has seed data. */
bool seed_any(const ir_schema *s);

typedef struct seed_options {
    bool dry_run;           /* roll back at the end, after reporting */
    bool allow_destructive; /* let `sync` delete rows no longer listed */
    FILE *out;              /* a line per seeded table */
} seed_options;

/* Applies the seed data of s in one transaction: parent tables before the
 * tables that reference them; `sync` deletes children first; identity and
 * serial sequences are moved past the ids seeded. Values are sent as
 * parameters. Without allow_destructive, a `sync` that would delete rows
 * rolls everything back. Returns 0, or -1 after reporting (the
 * transaction rolled back). */
int seed_apply(PGconn *c, const ir_schema *s, const seed_options *o, diag *d);

#endif
