/* query: hand-written SQL queries (queries/NAME.sql, sqlc's annotations) from
 * their files to the facts the generated C needs. query_parse reads the
 * annotations and parameter spellings and nothing else of the SQL; the
 * types come from a server (query_describe) or from the description cache
 * (query_cache); query_context turns them into a template context. */
#ifndef SCHEMAC_QUERY_H
#define SCHEMAC_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"

typedef enum query_kind {
    QUERY_ONE,      /* at most one row: NOT_FOUND when none */
    QUERY_MANY,     /* rows: collected, or streamed by an iterator */
    QUERY_EXEC,     /* no rows */
    QUERY_EXECROWS, /* no rows; the number of rows it changed */
    QUERY_COPYFROM  /* INSERT INTO t (cols) VALUES ($1, ...) for many rows, by COPY */
} query_kind;

/* A type as the server describes it, reduced to what C needs: `name` is
 * the base type's name as format_type spells it without modifiers
 * ("bigint", "text", "timestamp with time zone"), a domain already
 * replaced by its base type; `is_enum` for enum types (name is the enum's);
 * `array` for a one-dimensional array of `name`. */
typedef struct query_type {
    const char *name;
    bool is_enum, array;
} query_type;

typedef struct query_param {
    const char *name; /* @name, sqlc.arg(name); "pN" for $N */
    bool nullable;    /* sqlc.narg(name): a presence flag beside the value */
    src_pos pos;      /* where it is first spelled */
    query_type type;  /* described */
} query_param;

typedef struct query_column {
    const char *name;   /* as the server names it */
    query_type type;
    bool nullable;
    const char *source; /* "table.column" it comes from, or NULL */
} query_column;

/* A nullability override from the annotation: `-- nullable: a b` or
 * `-- not null: a b`. */
typedef struct query_override {
    const char *column;
    bool nullable;
    src_pos pos;
} query_override;

/* A run of the rewritten SQL copied from the file: sql[out..] came from
 * the file at byte `in`. Positions map back through these. */
typedef struct query_span {
    size_t out, in;
} query_span;

typedef struct query {
    const char *name;
    query_kind kind;
    const char *file;
    src_pos pos;       /* the `-- name:` line */
    const char *sql;   /* as sent: named parameters replaced by $n */
    const char *text;  /* the whole file, for mapping positions */
    query_span *spans;
    size_t nspans;
    query_param *params;
    size_t nparams;
    query_override *overrides;
    size_t noverrides;
    query_column *columns; /* described */
    size_t ncolumns;
    bool select_star;      /* `*` in a select list (for vet) */
    /* :copyfrom: the table and its columns as written in
     * `INSERT INTO table (columns) VALUES ($1, ...)`, one per parameter. */
    const char *copy_table;
    const char **copy_columns;
} query;

typedef struct query_set {
    query **items;
    size_t n, cap;
    const char **files; /* the .sql files read, sorted */
    size_t nfiles;
} query_set;

const char *query_kind_name(query_kind k);

/* Reads every *.sql file of `dir` (sorted by name) into `set`. Returns 0,
 * or -1 after reporting (a bad annotation, a query without SQL, mixed
 * parameter styles, two queries of one name). */
int query_load_dir(query_set *set, arena *a, const char *dir, diag *d);
/* One file's text (for tests and load_dir). */
int query_parse(query_set *set, arena *a, const char *file, const char *text, diag *d);

/* The offset of keyword `word` (case-insensitive, a whole word) in sql,
 * outside strings, quoted names and -- comments; -1 when absent. */
long query_find_word(const char *sql, const char *word);

/* The file position of byte `offset` of q->sql (server positions are in
 * characters: see query_char_offset). */
src_pos query_position(const query *q, size_t offset);
/* The byte offset of 1-based character `position` of q->sql. */
size_t query_char_offset(const query *q, int position);

#endif
