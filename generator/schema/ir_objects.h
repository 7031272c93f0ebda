/* ir_objects: views, functions and triggers of a schema, held as the SQL
 * the user wrote. schemac never parses that SQL: what a view reads is asked
 * of PostgreSQL (depends.c) and kept here as `reads`. */
#ifndef SCHEMAC_IR_OBJECTS_H
#define SCHEMAC_IR_OBJECTS_H

#include "ir.h"

/* One object a view reads, as the server's pg_depend names it. */
typedef enum ir_read_kind {
    IR_READS_RELATION, /* a table or view as a whole */
    IR_READS_COLUMN,   /* one column of a table or view */
    IR_READS_FUNCTION,
    IR_READS_TYPE,
    IR_READS_CONSTRAINT, /* e.g. a primary key a GROUP BY leans on */
} ir_read_kind;

typedef struct ir_read {
    ir_read_kind kind;
    const char *name;   /* relation, function, type, or the constraint's table */
    const char *column; /* the column or constraint name, or NULL */
} ir_read;

typedef struct ir_view {
    const char *name;
    src_pos pos;
    const char *sql; /* the SELECT, verbatim */
    src_pos sql_pos;
    bool materialized;
    const char *comment;
    /* A materialized view's indexes, held by a table of the view's name
     * and no columns (so index loading and SQL are shared with tables). */
    ir_table *index_holder;
    /* Found by the server (depends.c; see ir_schema.dependencies_found):
     * what the view reads, and its definition as pg_get_viewdef prints it,
     * which is what diff compares (so respelling the SQL changes nothing). */
    ir_read *reads;
    size_t nreads;
    const char *definition;
    size_t index; /* position in schema->views */
} ir_view;

typedef enum ir_volatility { IR_VOLATILE, IR_STABLE, IR_IMMUTABLE } ir_volatility;

typedef struct ir_function {
    const char *name;
    src_pos pos;
    const char *arguments; /* "a integer, b text", verbatim; "" for none */
    const char *returns;   /* "integer", "trigger", "SETOF text", verbatim */
    const char *language;  /* sql, plpgsql, ... */
    ir_volatility volatility;
    const char *body; /* verbatim; never parsed */
    src_pos body_pos;
    const char *comment;
} ir_function;

typedef enum ir_trigger_timing { IR_BEFORE, IR_AFTER, IR_INSTEAD_OF } ir_trigger_timing;

enum {
    IR_ON_INSERT = 1,
    IR_ON_UPDATE = 2,
    IR_ON_DELETE = 4,
    IR_ON_TRUNCATE = 8,
};

typedef struct ir_trigger {
    const char *name;
    src_pos pos;
    const char *on; /* the table or view */
    src_pos on_pos;
    ir_trigger_timing timing;
    unsigned events;   /* IR_ON_* bits */
    src_pos events_pos;
    bool for_each_row; /* else for each statement */
    const char *when;  /* WHEN (...) condition, or NULL */
    const char *function; /* called with no arguments */
    src_pos function_pos;
    const char *comment;
} ir_trigger;

void ir_schema_add_view(ir_schema *s, ir_view *v);
void ir_schema_add_function(ir_schema *s, ir_function *f);
void ir_schema_add_trigger(ir_schema *s, ir_trigger *t);
void ir_view_add_read(ir_schema *s, ir_view *v, ir_read r);

ir_view *ir_find_view(const ir_schema *s, const char *name);
ir_function *ir_find_function(const ir_schema *s, const char *name);

const char *ir_volatility_name(ir_volatility v); /* "stable" */
/* "INSERT OR UPDATE", in PostgreSQL's order. */
const char *ir_trigger_events_sql(arena *a, unsigned events);

#endif
