/* inspect: a live database → IR, through a handful of catalog queries over
 * all tables at once (never one per table). What the schema language
 * cannot express is named in a warning and left out, never dropped
 * silently. The IR is validated, so it is what loading YAML would give. */
#ifndef SCHEMAC_INSPECT_H
#define SCHEMAC_INSPECT_H

#include <stdbool.h>

#include "diag.h"
#include "ir.h"
#include "live.h"

typedef struct inspect_options {
    const char *const *schemas; /* PostgreSQL schemas to read; none: public */
    size_t nschemas;
    const char *name; /* the schema's `name`; NULL: from the trigger function, else the database */
    /* For YAML: `'draft'::post_status` becomes `default: draft`. Off for
     * comparisons, which want the server's text. */
    bool literal_defaults;
    /* For comparisons: keep the database's own key names (the language
     * derives them) and leave out FK indexes the database lacks. */
    bool exact_names;
    const char *file; /* pos.file of every object (YAML output sets its own) */
} inspect_options;

#define INSPECT_OPTIONS_INIT {NULL, 0, NULL, false, false, NULL}

typedef struct inspect_result {
    ir_schema *schema; /* NULL after an error */
    strmap table_oids; /* table name → its oid, as text (in schema's arena) */
} inspect_result;

/* Reads the database. Returns 0, or -1 after reporting (a database error,
 * or a schema that does not validate). Warnings go to d. */
int inspect_database(live_db *db, const inspect_options *opts, inspect_result *out, diag *d);
/* Sends every catalog query of inspect_database(db, opts) ahead, on
 * connections of their own, so that the server answers them while the
 * caller does something else (loads the schema files, say), even before
 * db is connected. Only what inspect_database then asks with the same
 * text is used. */
void inspect_prefetch(live_db *db, const inspect_options *opts);

/* Adds to s (its tables read, by table_oids) the grants on them, the
 * schemas' default privileges on tables as schema-level grants, row-level
 * security (the ownership policy recognised as such) and the other
 * policies, and declares the roles they name. nsp_array is the SQL array
 * of schema names. One query. Returns 0 or -1 after reporting. */
int inspect_access(live_db *db, ir_schema *s, const char *nsp_array, const strmap *table_oids,
                   diag *d);
/* The statement inspect_access sends (inspect_database sends it ahead). */
const char *inspect_access_sql(arena *a, const char *nsp_array);

/* A column's or domain's type as the catalog gives it: format_type, and
 * the type's (an array's element's) typtype, namespace and name. */
typedef struct inspect_type_row {
    const char *format, *typtype, *nsp, *name;
    int ndims;  /* attndims or typndims */
    bool array;
} inspect_type_row;

/* The language's type for row; false when the language lacks it. */
bool inspect_type(const inspect_options *o, arena *a, const inspect_type_row *row, ir_type *out);

/* Sets in o only the identity options that differ from PostgreSQL's
 * defaults for a column of `kind` (so `increment: 1` is no option). */
void inspect_sequence_canonical(ir_sequence_options *o, ir_type_kind kind);

/* Adds to s the extensions, domains, views (with what they read, and the
 * materialized views' indexes from view_indexes: view name → a table
 * holding them), functions and triggers of the schemas in nsp_array, and
 * their comments; warns about what the language lacks. Leaves out the
 * timestamps trigger of tables with timestamps and `trigger_function`.
 * One round trip. Returns 0 or -1 after reporting. */
int inspect_objects(live_db *db, const inspect_options *o, ir_schema *s, const char *nsp_array,
                    const strmap *view_indexes, const char *trigger_function, diag *d);
/* The statements inspect_objects sends (inspect_database sends them ahead). */
const char *inspect_objects_sql(arena *a, const char *nsp_array);

/* Adds to s the partition key (partition_by) of each partitioned table read
 * and its partitions with their bounds. A partition is never a table of
 * its own; what the language cannot say (an expression key, partitions of
 * partitions) is warned about. One query. Returns 0 or -1 after reporting. */
int inspect_partitions(live_db *db, ir_schema *s, const char *nsp_array,
                       const strmap *table_oids, diag *d);
/* The statement inspect_partitions sends (inspect_database sends it ahead). */
const char *inspect_partitions_sql(arena *a, const char *nsp_array);

#endif
