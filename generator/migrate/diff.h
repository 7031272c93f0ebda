/* diff: two schemas → the list of changes that turn the first into the
 * second. Tables, columns and enums are matched by name, then through
 * `renamed_from` on the target side (never guessed); keys, indexes and
 * foreign keys by definition, so a rename that changes a derived name
 * becomes a rename, not a drop and re-create. */
#ifndef SCHEMAC_DIFF_H
#define SCHEMAC_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "ir.h"

typedef enum diff_kind {
    DIFF_CREATE_NAMESPACE, /* new_name: CREATE SCHEMA IF NOT EXISTS */
    DIFF_DROP_NAMESPACE,   /* old_name: its last table goes */
    DIFF_CREATE_EXTENSION, /* new_name */
    DIFF_DROP_EXTENSION,   /* old_name */
    DIFF_CREATE_DOMAIN,    /* new_obj: an ir_domain */
    DIFF_DROP_DOMAIN,      /* old_obj */
    DIFF_REBUILD_DOMAIN,   /* the base type changes: a new domain, columns moved over */
    DIFF_ALTER_DOMAIN,     /* default, NOT NULL, checks or comment change */
    DIFF_SET_DOMAIN_SCHEMA, /* old_obj to new_obj's namespace, under its old name */
    DIFF_RENAME_DOMAIN,    /* old_obj to new_obj: old_name, new_name */
    DIFF_CREATE_ENUM,
    DIFF_DROP_ENUM,
    DIFF_RENAME_ENUM,
    DIFF_ADD_ENUM_VALUE, /* value_index: position in new_enum */
    DIFF_REBUILD_ENUM,   /* values removed or reordered: type swap */
    DIFF_ENUM_COMMENT,
    DIFF_CREATE_TABLE,
    DIFF_DROP_TABLE,
    DIFF_SET_SCHEMA, /* SET SCHEMA: old_table (or old_enum) to the new one's namespace */
    DIFF_RENAME_TABLE,
    DIFF_TABLE_COMMENT,
    DIFF_ADD_COLUMN,
    DIFF_DROP_COLUMN,
    DIFF_RENAME_COLUMN,
    DIFF_ALTER_TYPE,
    DIFF_ALTER_NULLABLE,
    DIFF_ALTER_DEFAULT,
    DIFF_ALTER_IDENTITY, /* kind or sequence options */
    DIFF_ALTER_COLLATION,
    DIFF_REPLACE_GENERATED, /* a new generation expression: drop and add the column */
    DIFF_DROP_EXPRESSION,   /* generated → plain, values kept */
    DIFF_COLUMN_COMMENT,
    DIFF_RENAME_SEQUENCE, /* serial/identity sequence follows its table/column */
    DIFF_ADD_PRIMARY_KEY,
    DIFF_DROP_PRIMARY_KEY,
    DIFF_ADD_UNIQUE,
    DIFF_DROP_UNIQUE,
    DIFF_ADD_CHECK,
    DIFF_DROP_CHECK,
    DIFF_ADD_FK,
    DIFF_DROP_FK,
    DIFF_ALTER_FK_DEFERRABLE, /* ALTER CONSTRAINT: only the deferrability changes */
    DIFF_ADD_EXCLUSION,
    DIFF_DROP_EXCLUSION,
    DIFF_RENAME_CONSTRAINT, /* old_name → new_name on new_table */
    DIFF_CREATE_INDEX,
    DIFF_DROP_INDEX,
    DIFF_RENAME_INDEX,
    /* Partitions (old_obj / new_obj: ir_partition) of a partitioned table. */
    DIFF_CREATE_PARTITION,  /* CREATE TABLE ... PARTITION OF new_table */
    DIFF_DROP_PARTITION,    /* detach from old_table, then drop */
    DIFF_REBOUND_PARTITION, /* a new bound: detach, attach again */
    DIFF_ADD_TIMESTAMP_TRIGGER,
    DIFF_DROP_TIMESTAMP_TRIGGER,
    DIFF_CREATE_TRIGGER_FUNCTION,
    DIFF_DROP_TRIGGER_FUNCTION,
    /* Views, functions, triggers (diff_objects.c). old_obj / new_obj are
     * the ir_view, ir_function, ir_trigger or (view index) ir_index. */
    DIFF_CREATE_FUNCTION,
    DIFF_REPLACE_FUNCTION, /* CREATE OR REPLACE: same arguments and result */
    DIFF_DROP_FUNCTION,
    DIFF_CREATE_VIEW,
    DIFF_DROP_VIEW,
    DIFF_CREATE_VIEW_INDEX, /* new_name: the materialized view */
    DIFF_DROP_VIEW_INDEX,
    DIFF_CREATE_TRIGGER,
    DIFF_DROP_TRIGGER,
    /* COMMENT ON old_name (the SQL kind: "VIEW") new_name (the target, as
     * SQL) IS new_obj (the text, a const char *; NULL: IS NULL). */
    DIFF_OBJECT_COMMENT,
    /* Access (access.c); these come last, after every table change. */
    DIFF_ENSURE_ROLES,    /* new_name: the roles, comma-separated */
    DIFF_GRANT,           /* new_obj: an access_delta, on new_table */
    DIFF_REVOKE,
    DIFF_GRANT_SEQUENCE,  /* USAGE on the sequence the delta names */
    DIFF_REVOKE_SEQUENCE,
    DIFF_DEFAULT_GRANT,   /* default privileges on future tables */
    DIFF_DEFAULT_REVOKE,
    DIFF_DEFAULT_GRANT_SEQUENCES,
    DIFF_DEFAULT_REVOKE_SEQUENCES,
    DIFF_SET_ROW_SECURITY, /* ENABLE/DISABLE, FORCE/NO FORCE: old_table's to new_table's */
    DIFF_CREATE_POLICY,   /* new_obj: ir_policy */
    DIFF_DROP_POLICY,     /* old_obj: ir_policy, on old_table */
} diff_kind;

typedef struct diff_change {
    diff_kind kind;
    const ir_table *old_table, *new_table; /* both set when the table persists */
    const ir_column *old_column, *new_column;
    const ir_enum *old_enum, *new_enum;
    const void *old_obj, *new_obj; /* ir_key, ir_index, ir_fk or ir_check */
    const char *old_name, *new_name; /* renames */
    size_t value_index;
} diff_change;

typedef struct diff_result {
    const ir_schema *from, *to;
    diff_change *changes;
    size_t n, cap;
    arena arena; /* names the changes refer to */
} diff_result;

/* Computes the changes from `from` to `to`. `from` may be an empty schema
 * (ir_schema_new with the same name): the result then creates everything.
 * `renames_in_from`: take renamed_from hints from `from` instead of `to`,
 * which is how the reverse (down) diff of a forward diff is made.
 * Returns -1 after reporting to `d` when a hint is ambiguous (an object
 * keeps its name while the old schema also has the name it was renamed
 * from); `out` must still be freed then, and must not be planned. */
int diff_schemas(const ir_schema *from, const ir_schema *to, bool renames_in_from,
                 diff_result *out, diag *d);
void diff_free(diff_result *r);
/* Appends a change to r (for the modules that diff their own objects:
 * access.c, diff_objects.c); diff_push appends one of `kind`, zeroed. */
diff_change *diff_append(diff_result *r, diff_change c);
diff_change *diff_push(diff_result *r, diff_kind kind);
/* The changes of views, functions and triggers, once those of tables are
 * in `out` (a column retyped under a view recreates the view). */
int diff_objects(diff_result *out, diag *d);
const char *diff_describe_object(arena *a, const diff_change *c);

/* One line describing a change ("add column posts.subtitle"), for reports. */
const char *diff_describe(arena *a, const diff_change *c);

#endif
