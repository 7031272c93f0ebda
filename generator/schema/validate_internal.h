/* validate_internal: what validate.c shares with validate_objects.c (views,
 * functions, triggers). Not for other modules. */
#ifndef SCHEMAC_VALIDATE_INTERNAL_H
#define SCHEMAC_VALIDATE_INTERNAL_H

#include "diag.h"
#include "ir.h"
#include "strmap.h"

typedef struct checker {
    ir_schema *s;
    diag *d;
    arena *a;
    strmap relations; /* pg_class names: tables, views, indexes, sequences */
    strmap types;     /* pg_type names: enums and tables' row types */
    const char *namespace; /* of the table being checked: relations are claimed in it */
} checker;

/* Who holds a name in a namespace, for "has the same name as" messages.
 * `what` has its article ("an index"); messages drop it as a subject. */
typedef struct claim {
    const char *what;
    src_pos pos;
} claim;

/* Reports a name PostgreSQL would not keep as written; false then. */
bool check_identifier(checker *C, const char *name, src_pos pos, const char *what);
/* Claims `name` in `names`; a taken name is reported at `pos`, with a note
 * at the holder, and false returned. */
bool claim_name(checker *C, strmap *names, const char *name, src_pos pos, const char *what,
                const char *hint);

/* Resolves names to columns; reports unknown and repeated names. */
bool resolve_columns(checker *C, ir_table *t, ir_name_list *names, ir_column ***out,
                     const char *what);
/* A table's partition key and partitions (validate_partitions.c). */
void validate_partitions(checker *C, ir_table *t);

/* Views, functions and triggers, after the tables (validate_objects.c). */
void validate_objects(checker *C);

#endif
