/* ir: the schema model every stage shares. A schema lives in one arena and is
 * freed with ir_schema_free. Every node keeps the source position that made
 * it. Derived facts (timestamp and soft-delete columns, constraint and index
 * names, FK indexes, C names) are filled in once by ir_derive. */
#ifndef SCHEMAC_IR_H
#define SCHEMAC_IR_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "strmap.h"

#define IR_NAME_MAX 63 /* PostgreSQL's NAMEDATALEN - 1 */

typedef enum ir_type_kind {
    IR_SMALLINT,
    IR_INTEGER,
    IR_BIGINT,
    IR_SERIAL,
    IR_BIGSERIAL,
    IR_REAL,
    IR_DOUBLE,
    IR_NUMERIC,
    IR_BOOLEAN,
    IR_TEXT,
    IR_VARCHAR,
    IR_CHAR,
    IR_DATE,
    IR_TIME,
    IR_TIMESTAMP,
    IR_TIMESTAMPTZ,
    IR_INTERVAL,
    IR_UUID,
    IR_JSON,
    IR_JSONB,
    IR_BYTEA,
    IR_INET,
    IR_CIDR,
    IR_MACADDR,
    IR_MACADDR8,
    IR_TSVECTOR,
    IR_TSQUERY,
    IR_XML,
    IR_INT4RANGE,
    IR_INT8RANGE,
    IR_NUMRANGE,
    IR_TSRANGE,
    IR_TSTZRANGE,
    IR_DATERANGE,
    IR_BIT,
    IR_VARBIT,
    IR_ENUM,      /* a named type: an enum until validate finds a domain or */
    IR_DOMAIN,    /* an extension's type of that name */
    IR_EXTENSION_TYPE,
} ir_type_kind;
#define IR_TYPE_KIND_COUNT (IR_EXTENSION_TYPE + 1)

typedef struct ir_enum ir_enum;
typedef struct ir_table ir_table;
typedef struct ir_column ir_column;

typedef struct ir_domain ir_domain;

typedef struct ir_type {
    ir_type_kind kind;
    int length;           /* varchar(n), char(n), bit(n), varbit(n); 0 = unbounded */
    int precision, scale; /* numeric(p,s); precision 0 = unconstrained */
    /* time(p), timestamp(p), timestamptz(p), interval(p): fractional digits
     * of seconds in `precision` when has_precision. */
    bool has_precision;
    const char *fields; /* interval fields ("day to second"), or NULL: all */
    int array_dims;     /* text[] is 1, integer[][] 2; 0: not an array */
    const char *enum_name; /* a named type's name: enum, domain or extension type */
    ir_enum *enum_type;    /* resolved by validate */
    ir_domain *domain;     /* resolved by validate */
    bool invalid;       /* missing or malformed in the source (load reported it) */
} ir_type;

typedef enum ir_default_kind { IR_DEFAULT_NONE, IR_DEFAULT_LITERAL, IR_DEFAULT_SQL } ir_default_kind;

typedef struct ir_default {
    ir_default_kind kind;
    const char *text; /* the literal's value, or the SQL expression */
    bool quoted;      /* literal was a quoted YAML string (so "1" is text) */
    src_pos pos;
} ir_default;

typedef enum ir_identity { IR_IDENTITY_NONE, IR_IDENTITY_BY_DEFAULT, IR_IDENTITY_ALWAYS } ir_identity;

typedef enum ir_fk_action {
    IR_FK_NO_ACTION,
    IR_FK_RESTRICT,
    IR_FK_CASCADE,
    IR_FK_SET_NULL,
    IR_FK_SET_DEFAULT,
} ir_fk_action;

/* The sequence options of an identity column; `set` has bit IR_SEQ_* for
 * each one given (the others take PostgreSQL's defaults). */
enum { IR_SEQ_START, IR_SEQ_INCREMENT, IR_SEQ_MIN, IR_SEQ_MAX, IR_SEQ_CACHE, IR_SEQ_COUNT };
typedef struct ir_sequence_options {
    long long value[IR_SEQ_COUNT];
    unsigned set;
    bool cycle;
} ir_sequence_options;

/* Where a column came from: written by the user or added by a table flag. */
typedef enum ir_origin { IR_ORIGIN_USER, IR_ORIGIN_TIMESTAMPS, IR_ORIGIN_SOFT_DELETE } ir_origin;

typedef struct ir_name_list {
    const char **names;
    src_pos *pos; /* position of each name */
    size_t n;
} ir_name_list;

struct ir_column {
    const char *name;
    const char *c_name; /* derived: a valid C identifier, keyword-safe */
    src_pos pos;
    ir_type type;
    src_pos type_pos;
    bool nullable;
    ir_default def;
    ir_identity identity;
    ir_sequence_options sequence; /* of the identity */
    const char *generated;        /* GENERATED ALWAYS AS (expr) STORED, or NULL */
    src_pos generated_pos;
    const char *collation; /* COLLATE, or NULL: the type's */
    src_pos collation_pos;
    const char *comment;
    const char *renamed_from;
    src_pos renamed_from_pos;
    ir_origin origin;
    ir_table *table;
    size_t index; /* position in table->columns */
};

/* When a deferrable constraint is checked: DEFERRABLE (INITIALLY
 * IMMEDIATE) can be put off with SET CONSTRAINTS; INITIALLY DEFERRED is
 * checked at commit unless set otherwise. */
typedef enum ir_deferrable {
    IR_NOT_DEFERRABLE,
    IR_DEFERRABLE,
    IR_INITIALLY_DEFERRED,
} ir_deferrable;

typedef struct ir_key {
    const char *name; /* derived constraint name */
    ir_name_list columns;
    ir_column **cols; /* resolved */
    src_pos pos;
    bool is_inline;   /* from a column's `primary_key: true` / `unique: true` */
    bool nulls_not_distinct;  /* unique keys: UNIQUE NULLS NOT DISTINCT */
    ir_deferrable deferrable; /* unique keys */
    const char *comment;      /* unique keys: COMMENT ON CONSTRAINT */
} ir_key;

typedef enum ir_nulls { IR_NULLS_DEFAULT, IR_NULLS_FIRST, IR_NULLS_LAST } ir_nulls;

/* How one element of an index is indexed. The element is a column
 * (columns.names[i], cols[i]) or, when `expression` is set, an SQL
 * expression (columns.names[i] and cols[i] are NULL then). */
typedef struct ir_index_elem {
    const char *expression;
    bool desc;
    ir_nulls nulls;        /* DEFAULT: PostgreSQL's (LAST for ASC, FIRST for DESC) */
    const char *opclass;   /* operator class, or NULL for the type's default */
    const char *collation; /* or NULL for the column's */
    src_pos pos;
} ir_index_elem;

typedef struct ir_index {
    const char *name; /* given or derived */
    bool name_given;
    ir_name_list columns;
    ir_column **cols;
    ir_index_elem *elems; /* columns.n of them, or NULL: plain columns */
    bool has_expression;  /* some element is an expression */
    ir_name_list include; /* INCLUDE columns (n = 0: none) */
    ir_column **include_cols;
    bool unique;
    bool nulls_not_distinct; /* UNIQUE NULLS NOT DISTINCT */
    const char *method; /* btree, hash, gin, gist, brin, spgist */
    const char *where;  /* partial index predicate, or NULL */
    src_pos pos;
    bool for_fk; /* derived: indexes a foreign key's columns */
    const char *comment;
} ir_index;

/* Is the column one of the key's (resolved) columns? */
bool ir_key_has(const ir_key *k, const ir_column *c);

/* Element i of an index; a plain column's (all defaults) when it has no
 * options. */
const ir_index_elem *ir_index_elem_at(const ir_index *ix, size_t i);
/* Is element i a column without opclass or collation, so the index can
 * serve lookups on that column as a key's index does? */
bool ir_index_elem_is_plain(const ir_index *ix, size_t i);

typedef struct ir_fk {
    const char *name; /* given or derived */
    bool name_given;
    ir_name_list columns;
    ir_column **cols;
    const char *ref_table_name;
    ir_name_list ref_columns;
    ir_table *ref_table;
    ir_column **ref_cols;
    ir_fk_action on_delete, on_update;
    src_pos pos;
    bool is_inline; /* from a column's `references` */
    bool match_full; /* MATCH FULL: all referencing columns NULL, or none */
    ir_deferrable deferrable;
    const char *comment;
} ir_fk;

typedef struct ir_check {
    const char *name;
    const char *expr;
    src_pos pos;
    const char *comment;
} ir_check;

/* EXCLUDE USING method (element WITH operator, ...) [WHERE (...)]: no two
 * rows whose elements all compare true under their operators. */
typedef struct ir_exclusion {
    const char *name; /* given or derived */
    bool name_given;
    ir_index index;         /* its elements, method and predicate (the name and
                             * `unique` of this index are unused) */
    const char **operators; /* by element: the `with` operator */
    ir_deferrable deferrable;
    src_pos pos;
    const char *comment;
} ir_exclusion;

/* Seed data (docs/schema.md §seed): rows `schemac migrate seed` makes
 * sure the table holds, matched by `key`. */
typedef enum ir_seed_policy {
    IR_SEED_INSERT_MISSING, /* ON CONFLICT (key) DO NOTHING */
    IR_SEED_UPSERT,         /* ON CONFLICT (key) DO UPDATE */
    IR_SEED_SYNC,           /* upsert, and delete the rows no longer listed */
} ir_seed_policy;
/* The schema's spelling of each policy, by ir_seed_policy. */
extern const char *const ir_seed_policy_names[3];

typedef struct ir_seed_value {
    const char *column; /* as written */
    src_pos pos;        /* of the column name */
    src_pos value_pos;
    const char *text;   /* NULL: SQL NULL */
    bool quoted;        /* a quoted YAML string */
    ir_column *col;     /* resolved by seed_validate */
} ir_seed_value;

typedef struct ir_seed_row {
    ir_seed_value *values;
    size_t n;
    src_pos pos;
    bool invalid; /* load reported a value; validate skips the row */
} ir_seed_row;

typedef struct ir_seed {
    src_pos pos;
    ir_seed_policy policy;
    ir_name_list key; /* as written; empty: the primary key */
    ir_column **key_cols; /* resolved by seed_validate */
    size_t nkey;
    ir_seed_row *rows;
    size_t nrows;
} ir_seed;

/* Privileges a role may hold on a table (docs/schema.md, "Access"). */
enum {
    IR_PRIV_SELECT = 1,
    IR_PRIV_INSERT = 2,
    IR_PRIV_UPDATE = 4,
    IR_PRIV_DELETE = 8,
    IR_PRIV_TRUNCATE = 16,
    IR_PRIV_REFERENCES = 32,
    IR_PRIV_TRIGGER = 64,
};
#define IR_PRIV_COUNT 7
/* The privileges PostgreSQL can grant on single columns. */
#define IR_PRIV_COLUMN_KINDS (IR_PRIV_SELECT | IR_PRIV_INSERT | IR_PRIV_UPDATE | IR_PRIV_REFERENCES)
/* Privilege b (the bit 1 << b) as the schema spells it ("select") and as
 * SQL does ("SELECT"). */
extern const char *const ir_privilege_names[IR_PRIV_COUNT];
extern const char *const ir_privilege_sql[IR_PRIV_COUNT];

/* One privilege on some columns: `{ update: [title, body] }`. */
typedef struct ir_column_grant {
    unsigned privilege; /* one IR_PRIV_ bit */
    ir_name_list columns;
    src_pos pos;
} ir_column_grant;

/* What one role may do: on a table, or (schema-level) on every table of
 * the schema, now and created later. */
typedef struct ir_grant {
    const char *role;
    src_pos pos;
    unsigned privileges; /* IR_PRIV_ bits on the whole table */
    ir_column_grant *columns;
    size_t ncolumns;
} ir_grant;

typedef struct ir_role {
    const char *name;
    src_pos pos;
    const char *comment;
} ir_role;

/* A row-level security policy. */
typedef struct ir_policy {
    const char *name;
    src_pos pos;
    const char *command; /* "ALL", "SELECT", "INSERT", "UPDATE", "DELETE" */
    bool restrictive;
    ir_name_list roles;  /* empty: PUBLIC */
    const char *using_expr, *check_expr; /* NULL when absent */
    bool derived;        /* made from row_level_security's owner_column */
} ir_policy;

typedef struct ir_row_security {
    src_pos pos;
    bool force;               /* applies to the table's owner too */
    const char *owner_column; /* NULL: no ownership policy */
    src_pos owner_pos;
    const char *setting;      /* the setting holding the current owner: app.user_id */
    src_pos setting_pos;
    ir_name_list roles;       /* the ownership policy's roles; empty: PUBLIC */
} ir_row_security;

/* PARTITION BY method (key columns): the table holds no rows itself; its
 * partitions, declared with it, do. */
typedef enum ir_partition_method {
    IR_PARTITION_NONE,
    IR_PARTITION_RANGE,
    IR_PARTITION_LIST,
    IR_PARTITION_HASH,
} ir_partition_method;
/* The schema's spelling of each method ("range"), by ir_partition_method. */
extern const char *const ir_partition_method_names[4];

/* One value of a partition bound: a literal, MINVALUE, MAXVALUE or NULL. */
typedef enum ir_bound_kind {
    IR_BOUND_VALUE,
    IR_BOUND_MINVALUE,
    IR_BOUND_MAXVALUE,
    IR_BOUND_NULL,
} ir_bound_kind;
typedef struct ir_bound_value {
    ir_bound_kind kind;
    const char *text; /* IR_BOUND_VALUE: the value as written, unquoted */
    src_pos pos;
} ir_bound_value;

/* CREATE TABLE name PARTITION OF parent FOR VALUES ... | DEFAULT. Which
 * bound fields are used follows the parent's method. */
typedef struct ir_partition {
    const char *name;
    src_pos pos;
    src_pos bound_pos; /* of the first bound key (`from`, `in`, ...) */
    bool is_default;
    ir_bound_value *from, *to; /* range: one per key column */
    size_t nfrom, nto;
    ir_bound_value *values; /* list: IN (...) */
    size_t nvalues;
    long long modulus, remainder; /* hash */
    const char *comment;
} ir_partition;

struct ir_table {
    const char *name;
    /* The PostgreSQL schema holding the table (docs/schema.md
     * §namespace), NULL for public; `qualified` is "billing.accounts", or
     * the name alone in public: the table's key in the schema's table map,
     * in references and in messages. */
    const char *namespace;
    const char *qualified;
    src_pos namespace_pos;
    bool namespace_of_file; /* from the file's `namespace`, not the table's */
    const char *c_name;
    src_pos pos;
    const char *comment;
    const char *renamed_from;
    src_pos renamed_from_pos;
    bool timestamps, soft_delete;
    ir_column **columns; /* user columns in order, then derived ones */
    size_t ncolumns;
    ir_key *primary_key; /* NULL only in an invalid schema */
    ir_key **uniques;
    size_t nuniques;
    ir_index **indexes; /* user indexes in order, then FK indexes */
    size_t nindexes;
    ir_fk **fks;
    size_t nfks;
    ir_check **checks;
    size_t nchecks;
    ir_exclusion **exclusions;
    size_t nexclusions;
    ir_seed *seed; /* NULL: no seed data */
    ir_grant **grants;
    size_t ngrants;
    ir_row_security *rls; /* NULL: row-level security off */
    ir_policy **policies; /* written, then the derived ownership policy */
    size_t npolicies;
    ir_partition_method partition_method; /* NONE: a plain table */
    ir_name_list partition_key;
    ir_column **partition_cols; /* resolved by validate */
    src_pos partition_pos;
    ir_partition **partitions;
    size_t npartitions;
    strmap column_map;
    size_t index; /* position in schema->tables */
};

typedef struct ir_enum_value {
    const char *name;
    const char *c_name;
    src_pos pos;
} ir_enum_value;

struct ir_enum {
    const char *name;
    /* As for tables: the PostgreSQL schema (NULL: public), and the key in
     * the schema's enum map and in column types, "billing.status". */
    const char *namespace;
    const char *qualified;
    src_pos namespace_pos;
    const char *c_name;
    src_pos pos;
    const char *comment;
    const char *renamed_from;
    src_pos renamed_from_pos;
    ir_enum_value *values;
    size_t nvalues;
};

/* CREATE DOMAIN name AS type [DEFAULT ...] [NOT NULL] [CHECK ...]: a type
 * with rules, usable as a column's type. Its checks say VALUE. */
struct ir_domain {
    const char *name;
    const char *namespace; /* and `qualified`, as for enums */
    const char *qualified;
    src_pos namespace_pos;
    src_pos pos;
    ir_type type;
    src_pos type_pos;
    bool not_null;
    ir_default def;
    ir_check **checks;
    size_t nchecks;
    const char *comment;
    const char *renamed_from; /* as for enums: `name` or `namespace.name` */
    src_pos renamed_from_pos;
};

/* An extension the schema needs: CREATE EXTENSION IF NOT EXISTS. */
typedef struct ir_extension {
    const char *name;
    src_pos pos;
} ir_extension;

typedef struct ir_schema {
    arena arena;
    int version;
    const char *name;
    src_pos name_pos;
    const char *comment;
    const char *comment_file; /* the file that declared the comment */
    ir_enum **enums;
    size_t nenums;
    ir_table **tables;
    size_t ntables;
    ir_domain **domains;
    size_t ndomains;
    ir_extension **extensions;
    size_t nextensions;
    strmap table_map, enum_map, domain_map, extension_map;
    ir_role **roles;
    size_t nroles;
    ir_grant **grants; /* on every table of the schema (and default privileges) */
    size_t ngrants;
    /* Views, functions and triggers (ir_objects.h), in declaration order. */
    struct ir_view **views;
    struct ir_function **functions;
    struct ir_trigger **triggers;
    size_t nviews, nfunctions, ntriggers;
    bool dependencies_found; /* the views' reads were asked of a server */
    /* Source files, in load order. */
    const char **files;
    size_t nfiles;
    size_t cap_enums, cap_tables, cap_files, cap_domains, cap_extensions; /* growth bookkeeping */
} ir_schema;

ir_schema *ir_schema_new(void);
void ir_schema_free(ir_schema *s);

/* Appends; the name maps are filled by ir_schema_add_*; a duplicate name
 * returns the existing node and adds nothing. */
ir_table *ir_schema_add_table(ir_schema *s, ir_table *t);
ir_enum *ir_schema_add_enum(ir_schema *s, ir_enum *e);
ir_domain *ir_schema_add_domain(ir_schema *s, ir_domain *d);
ir_extension *ir_schema_add_extension(ir_schema *s, ir_extension *x);
void ir_domain_add_check(ir_schema *s, ir_domain *d, ir_check *c);
ir_column *ir_table_add_column(ir_schema *s, ir_table *t, ir_column *c);
void ir_table_add_unique(ir_schema *s, ir_table *t, ir_key *k);
void ir_table_add_index(ir_schema *s, ir_table *t, ir_index *ix);
void ir_table_add_fk(ir_schema *s, ir_table *t, ir_fk *fk);
void ir_table_add_check(ir_schema *s, ir_table *t, ir_check *c);
void ir_table_add_exclusion(ir_schema *s, ir_table *t, ir_exclusion *x);
void ir_table_add_grant(ir_schema *s, ir_table *t, ir_grant *g);
void ir_table_add_policy(ir_schema *s, ir_table *t, ir_policy *p);
void ir_table_add_partition(ir_schema *s, ir_table *t, ir_partition *p);
void ir_schema_add_grant(ir_schema *s, ir_grant *g);
void ir_schema_add_role(ir_schema *s, ir_role *r);

ir_table *ir_find_table(const ir_schema *s, const char *name);
ir_enum *ir_find_enum(const ir_schema *s, const char *name);
ir_domain *ir_find_domain(const ir_schema *s, const char *name);
ir_extension *ir_find_extension(const ir_schema *s, const char *name);
ir_column *ir_find_column(const ir_table *t, const char *name);

/* Type helpers. */
const char *ir_type_kind_name(ir_type_kind k); /* canonical schema spelling */
/* The type as written in schema files ("varchar(255)", "numeric(10,2)"). */
const char *ir_type_string(arena *a, const ir_type *t);
/* The PostgreSQL type for DDL (serial → serial, enum → quoted name). */
const char *ir_type_sql(arena *a, const ir_type *t);
/* Parses a type name; returns -1 when unknown (may be an enum then). On a
 * parameter error returns -2 and sets *why. */
int ir_type_parse(const char *text, ir_type *out, const char **why);
bool ir_type_is_integer(ir_type_kind k);
/* An enum, domain or extension type: known by its name (enum_name). */
bool ir_type_is_named(ir_type_kind k);
/* The extension that defines a type schemac knows (`citext` → "citext"),
 * or NULL. */
const char *ir_extension_of_type(const char *type);
/* The type a foreign key pointing at a column of this type must have. */
ir_type_kind ir_type_reference_kind(ir_type_kind k);

/* "" for IR_NOT_DEFERRABLE, else " DEFERRABLE" or " DEFERRABLE INITIALLY
 * DEFERRED", to append to a constraint. */
const char *ir_deferrable_sql(ir_deferrable d);
const char *ir_fk_action_name(ir_fk_action a); /* schema spelling: "cascade" */
const char *ir_fk_action_sql(ir_fk_action a);  /* "CASCADE" */
int ir_fk_action_parse(const char *text, ir_fk_action *out);

/* A partition's bound as SQL: "FOR VALUES FROM ('a') TO ('b')", "FOR
 * VALUES IN (1, NULL)", "FOR VALUES WITH (MODULUS 4, REMAINDER 0)" or
 * "DEFAULT". Values are quoted literals; the server casts them to the key's
 * types. */
const char *ir_partition_bound_sql(arena *a, const ir_partition *p);

/* PostgreSQL's makeObjectName: name1_name2_label truncated to 63 bytes. */
const char *ir_object_name(arena *a, const char *name1, const char *name2, const char *label);

/* The table as SQL names it: "billing".accounts outside public, else the
 * quoted name alone. */
const char *ir_table_sql(arena *a, const ir_table *t);
/* An object of namespace ns (NULL: public) as SQL names it: "billing".x. */
const char *ir_object_sql(arena *a, const char *ns, const char *name);
/* A relation of the table's namespace (an index, a sequence, a partition)
 * as SQL names it. */
const char *ir_relation_sql(arena *a, const ir_table *t, const char *name);
/* "ns.name" for the table key of `name` in namespace ns (NULL: public). */
const char *ir_qualified_name(arena *a, const char *ns, const char *name);

/* The key an object (table, enum) of namespace ns names in `renamed_from`:
 * a name alone is of ns (renamed inside its namespace), "other.name" of
 * namespace other (moved), "public.name" of public. */
const char *ir_renamed_key(arena *a, const char *ns, const char *renamed_from);

/* Quotes an identifier for SQL when PostgreSQL needs it (like quote_ident). */
const char *ir_quote_ident(arena *a, const char *name);
/* A C identifier for `name` (docs/schema.md §10.4): other characters
 * become '_', a leading digit gets a leading '_', a start C reserves (`__`,
 * `_` and an upper-case letter) gets an 'x' in front, and C keywords and
 * names of the C library (errno, stdin, EOF, size_t...) get a trailing '_'.
 * Returns `name` itself when it is one already (so it lives as long as
 * `name`), else a copy in a. */
const char *ir_c_name(arena *a, const char *name);

/* The stem of a schema file's path (".../users.yaml" -> "users"), with what
 * is not a letter, digit, '_' or '-' made '_': the generated C of the
 * file's tables is NAME.STEM.h and NAME.STEM.c, guarded by NAME_STEM_H. */
const char *ir_file_stem(arena *a, const char *path);
/* That guard, NAME_STEM_H upper-cased with '-' made '_'. */
const char *ir_file_guard(arena *a, const char *schema_name, const char *path);

#endif
