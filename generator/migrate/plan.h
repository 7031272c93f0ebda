/* plan: a change list → ordered SQL statements with the hazards they carry.
 * Creating a schema from nothing is planning diff(empty, schema): there is
 * no second DDL emitter. A migration's down script is the plan of the
 * reverse diff, made by the same code. */
#ifndef SCHEMAC_PLAN_H
#define SCHEMAC_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "diff.h"
#include "ir.h"

typedef enum plan_hazard_code {
    HAZARD_DROP_TABLE,         /* destructive */
    HAZARD_DROP_COLUMN,        /* destructive */
    HAZARD_DROP_ENUM_VALUE,    /* destructive */
    HAZARD_NARROW_TYPE,        /* destructive */
    HAZARD_REVIVE_SOFT_DELETED, /* destructive */
    HAZARD_TABLE_REWRITE,
    HAZARD_LOCKS_WRITES,
    HAZARD_INDEX_BUILD,
    HAZARD_SET_NOT_NULL,
    HAZARD_NOT_NULL_NO_DEFAULT,
    HAZARD_UNIQUE_BUILD,
    HAZARD_EXCLUSION_BUILD,
    HAZARD_VALIDATE_CONSTRAINT,
    HAZARD_ENUM_VALUE_IN_TRANSACTION,
    HAZARD_REVOKE,
    HAZARD_ENABLE_ROW_SECURITY,
    HAZARD_MATERIALIZED_VIEW_FILL,
    HAZARD_DROP_EXTENSION,
    HAZARD_DROP_PARTITION, /* destructive */
    HAZARD_ATTACH_PARTITION,
    HAZARD_DROP_NAMESPACE,
    PLAN_HAZARD_COUNT /* not a hazard: how many codes there are */
} plan_hazard_code;

typedef struct plan_hazard {
    plan_hazard_code code;
    const char *message; /* names the object: "drops column posts.subtitle" */
} plan_hazard;

typedef struct plan_stmt {
    const char *sql;       /* one statement, terminated with ';' */
    bool transactional;    /* false: must run outside a transaction */
    plan_hazard *hazards;
    size_t nhazards;
    int phase;  /* ordering key; see plan.c */
    size_t seq; /* emit order, to keep the sort stable */
} plan_stmt;

typedef struct plan_options {
    bool concurrent_indexes; /* CREATE INDEX CONCURRENTLY on existing tables, outside the transaction */
    bool create_roles;       /* create missing roles NOLOGIN instead of failing */
} plan_options;

#define PLAN_OPTIONS_INIT {false, false}

typedef struct plan {
    arena arena;
    plan_stmt *stmts;
    size_t n, cap;
} plan;

/* Plans `diff` (which refers into both schemas; they must outlive it). */
void plan_build(plan *out, const diff_result *diff, const plan_options *opts);
void plan_free(plan *p);

/* True when any statement carries a destructive hazard. */
bool plan_is_destructive(const plan *p);

/* Stable code ("drop_table") and one-line explanation of a hazard. */
const char *plan_hazard_name(plan_hazard_code code);
const char *plan_hazard_explanation(plan_hazard_code code);
bool plan_hazard_is_destructive(plan_hazard_code code);

/* Appends the statements as a script: hazards as `-- hazard: code: message`
 * comments above their statement. */
void plan_write_sql(const plan *p, buf *out);

/* For plan_objects.c: one statement of a view, function or trigger, and
 * when it runs among the phases of plan.c. */
typedef enum plan_object_when {
    PLAN_OBJECT_DROP, /* before everything: triggers, view indexes, views, functions */
    PLAN_OBJECT_FUNCTION, /* once the tables are complete */
    PLAN_OBJECT_VIEW,     /* after the functions */
    PLAN_OBJECT_TRIGGER,
} plan_object_when;
typedef struct plan_object_stmt {
    plan_object_when when;
    const char *sql; /* NULL: not one of plan_objects.c's */
} plan_object_stmt;
plan_object_stmt plan_object_change(arena *a, const diff_change *c);

/* SQL literal for a default of `type` (quoted and cast as needed). */
const char *plan_default_sql(arena *a, const ir_type *type, const ir_default *def);

#endif
