/* context: IR → template context; see context.h. The SQL built here is the
 * SQL the generated code runs (fixed statements) or shows in its comments
 * (statements whose column list a mask chooses at run time: the comment
 * shows the form with no optional column). */
#include "context.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "c_literal.h"
#include "context_files.h"
#include "plan.h"
#include "strmap.h"
#include "validate.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* How one PostgreSQL type looks in C and on the wire. */
typedef struct type_info {
    const char *c_type;     /* NULL: the schema's own type (bytes, interval, enum) */
    const char *codec;      /* suffix of the runtime helpers param_, field_, decode_ */
    const char *array_type; /* element type in unnest casts (NULL: enum) */
    const char *oid;        /* element type OID in binary arrays */
    bool owned;             /* heap memory in a row: _free frees it, _copy copies it */
    const char *unit;       /* what the C value means, for comments */
} type_info;

static type_info type_of(ir_type_kind k)
{
    switch (k) {
    case IR_SMALLINT:
        return (type_info){"int16_t", "int2", "smallint", "21", false, NULL};
    case IR_INTEGER:
    case IR_SERIAL:
        return (type_info){"int32_t", "int4", "integer", "23", false, NULL};
    case IR_BIGINT:
    case IR_BIGSERIAL:
        return (type_info){"int64_t", "int8", "bigint", "20", false, NULL};
    case IR_REAL:
        return (type_info){"float", "float4", "real", "700", false, NULL};
    case IR_DOUBLE:
        return (type_info){"double", "float8", "double precision", "701", false, NULL};
    case IR_NUMERIC:
        return (type_info){"char *", "numeric", "numeric", "1700", true, "exact decimal text"};
    case IR_BOOLEAN:
        return (type_info){"bool", "bool", "boolean", "16", false, NULL};
    case IR_TEXT:
        return (type_info){"char *", "text", "text", "25", true, NULL};
    case IR_VARCHAR:
        return (type_info){"char *", "text", "varchar", "1043", true, NULL};
    case IR_CHAR:
        return (type_info){"char *", "text", "bpchar", "1042", true, NULL};
    case IR_JSON:
        return (type_info){"char *", "text", "json", "114", true, "JSON text"};
    case IR_JSONB:
        return (type_info){"char *", "jsonb", "jsonb", "3802", true, "JSON text"};
    case IR_DATE:
        return (type_info){"int32_t", "date", "date", "1082", false, "days since 1970-01-01"};
    case IR_TIME:
        return (type_info){"int64_t", "int8", "time", "1083", false, "microseconds since midnight"};
    case IR_TIMESTAMP:
        return (type_info){"int64_t", "timestamp", "timestamp", "1114", false,
                           "microseconds since 1970-01-01 00:00"};
    case IR_TIMESTAMPTZ:
        return (type_info){"int64_t", "timestamp", "timestamptz", "1184", false,
                           "microseconds since 1970-01-01 00:00 UTC"};
    case IR_INTERVAL:
        return (type_info){NULL, "interval", "interval", "1186", false, NULL};
    case IR_UUID:
        return (type_info){"uint8_t", "uuid", "uuid", "2950", false, NULL};
    case IR_BYTEA:
        return (type_info){NULL, "bytea", "bytea", "17", true, NULL};
    case IR_ENUM:
        return (type_info){NULL, NULL, NULL, "25", false, NULL};
    case IR_INET:
    case IR_CIDR:
    case IR_MACADDR:
    case IR_MACADDR8:
    case IR_TSVECTOR:
    case IR_TSQUERY:
    case IR_XML:
    case IR_INT4RANGE:
    case IR_INT8RANGE:
    case IR_NUMRANGE:
    case IR_TSRANGE:
    case IR_TSTZRANGE:
    case IR_DATERANGE:
    case IR_BIT:
    case IR_VARBIT:
    case IR_DOMAIN:
    case IR_EXTENSION_TYPE:
        return (type_info){"char *", "text", "text", "25", true, "exact text"};
    }
    return (type_info){0};
}

/* The type C code sees: a domain's values are its type's. */
static const ir_type *c_view(const ir_column *c)
{
    return c->type.kind == IR_DOMAIN && c->type.domain && !c->type.array_dims
               ? &c->type.domain->type
               : &c->type;
}

/* Names that generated functions use for their own parameters and locals,
 * and the functions they call: a key column's argument with one of these
 * names, or starting like a runtime helper, gets a trailing '_'. */
static const char *const reserved_args[] = {
    "db",        "out",       "err",         "n",           "counts",     "row",
    "rows",      "columns",   "filter",      "after",       "limit",      "p",
    "res",       "status",    "values",      "lengths",     "formats",    "scratch",
    "i",         "k",         "f",           "all",         "sent",       "fixed",
    "arrays",    "items",     "result",      "sql",         "table",      "keys",
    "mem",       "fetch_one", "fetch_all",   "run_command", "fixed_query", "count_all",
    "count_rows", "find_rows", "insert_row", "update_row",  "upsert_rows", "copy_rows",
    "array_begin", "statements", "free",     "malloc",      "memcpy",     "memset",
    "strlen",
};
static const char *const reserved_arg_prefixes[] = {"param_", "field_", "decode_", "buf_",
                                                    "stmt_"};

typedef struct ctx {
    arena *a;
    diag *d;
    const ir_schema *s;
    const char *prefix, *PREFIX;
    bool long_strings; /* a C string literal is longer than ISO C's minimum */
    size_t nstatements;
    tree **table_statements; /* each table's literal ones (many-to-many), by table index */
    tree **table_keys;       /* each table's schemac_rt_key entries, by table index */
    bool literal;            /* add_statement: the source carries the SQL (else the
                              * runtime builds it from the table's descriptor) */
    strmap names; /* generated identifier → owner, for clash checks */
    bool claimed; /* every name is claimed: tables built again claim none */
    bool failed;
} ctx;

/* ---- small tree helpers ---- */

static void put(tree *m, const char *key, tree *v) { tree_map_set(m, key, v); }

static void put_str(ctx *C, tree *m, const char *key, const char *v)
{
    put(m, key, v ? tree_new_string(C->a, v) : tree_new_null(C->a));
}

static void put_bool(ctx *C, tree *m, const char *key, bool v)
{
    put(m, key, tree_new_bool(C->a, v));
}

static void put_num(ctx *C, tree *m, const char *key, size_t v)
{
    put(m, key, tree_new_string(C->a, arena_printf(C->a, "%zu", v)));
}

/* nparams, and param_slots: the size of C arrays for them (at least 1). */
static void put_nparams(ctx *C, tree *m, size_t n)
{
    put_num(C, m, "nparams", n);
    put_num(C, m, "param_slots", n ? n : 1);
}

static void put_fmt(ctx *C, tree *m, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void put_fmt(ctx *C, tree *m, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf b = BUF_INIT;
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    put(m, key, tree_new_string_n(C->a, buf_cstr(&b), b.len));
    buf_free(&b);
}

/* Sets first/last (and index) on every map of a list. */
static void mark_ends(ctx *C, tree *list)
{
    size_t n = tree_len(list);
    for (size_t i = 0; i < n; i++) {
        tree *m = tree_list_at(list, i);
        put_bool(C, m, "first", i == 0);
        put_bool(C, m, "last", i + 1 == n);
    }
}

static const char *upper(ctx *C, const char *s)
{
    char *u = arena_strdup(C->a, s);
    for (char *p = u; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return u;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Text safe inside a C block comment: no comment end, no comment start
 * (which -Wcomment reports), no line breaks. */
static const char *comment_c(ctx *C, const char *s)
{
    if (!s)
        return NULL;
    buf b = BUF_INIT;
    for (const char *p = s; *p; p++) {
        char last = b.len ? b.data[b.len - 1] : '\0';
        if ((*p == '/' && last == '*') || (*p == '*' && last == '/'))
            buf_putc(&b, ' '); /* "* /", "/ *" */
        if (*p == '\n' || *p == '\r' || *p == '\t')
            buf_putc(&b, ' ');
        else
            buf_putc(&b, *p);
    }
    const char *r = arena_strndup(C->a, buf_cstr(&b), b.len);
    buf_free(&b);
    return r;
}

/* A C string literal (c_literal.h), noting the ones too long for ISO C. */
static const char *c_string(ctx *C, const char *s)
{
    const char *r = c_literal(C->a, s, false);
    /* ISO C asks compilers to support strings of 4095 characters. */
    if (strlen(s) > 4095)
        C->long_strings = true;
    return r;
}

static const char *Q(ctx *C, const char *name) { return ir_quote_ident(C->a, name); }

/* ---- column sets ---- */

/* A set of a table's columns, by index: what the generated code's masks
 * hold (one uint64_t per 64 columns). */
typedef struct colset {
    uint64_t w[CONTEXT_MASK_WORDS];
} colset;

static bool cs_has(const colset *s, size_t i) { return s->w[i / 64] >> (i % 64) & 1; }
static void cs_add(colset *s, size_t i) { s->w[i / 64] |= UINT64_C(1) << (i % 64); }

static colset cs_or(colset a, const colset *b)
{
    for (size_t i = 0; i < CONTEXT_MASK_WORDS; i++)
        a.w[i] |= b->w[i];
    return a;
}

/* a without the columns of b. */
static colset cs_minus(colset a, const colset *b)
{
    for (size_t i = 0; i < CONTEXT_MASK_WORDS; i++)
        a.w[i] &= ~b->w[i];
    return a;
}

static bool cs_empty(const colset *s)
{
    for (size_t i = 0; i < CONTEXT_MASK_WORDS; i++)
        if (s->w[i])
            return false;
    return true;
}

static size_t mask_words(size_t ncolumns) { return ncolumns ? (ncolumns + 63) / 64 : 1; }

/* The words of a mask as a C initializer list: "UINT64_C(0x3), UINT64_C(0x0)". */
static const char *mask_words_c(ctx *C, const colset *s, size_t words)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < words; i++)
        buf_printf(&b, "%sUINT64_C(0x%llx)", i ? ", " : "", (unsigned long long)s->w[i]);
    const char *r = arena_strndup(C->a, buf_cstr(&b), b.len);
    buf_free(&b);
    return r;
}

/* A mask constant as the API spells it: a uint64_t for a table of up to 64
 * columns, else a compound literal of the table's mask type. */
static const char *mask_literal(ctx *C, const colset *s, size_t words, const char *mask_type)
{
    if (words == 1)
        return mask_words_c(C, s, 1);
    /* Only the words that are not zero, designated: "{{[1] = UINT64_C(0x40)}}". */
    buf b = BUF_INIT;
    for (size_t i = 0; i < words; i++)
        if (s->w[i])
            buf_printf(&b, "%s[%zu] = UINT64_C(0x%llx)", b.len ? ", " : "", i,
                       (unsigned long long)s->w[i]);
    const char *r = arena_printf(C->a, "((%s){{%s}})", mask_type, b.len ? buf_cstr(&b) : "0");
    buf_free(&b);
    return r;
}

/* ---- identifier clashes ---- */

/* Registers a generated identifier; reports when another object made it
 * already. */
static void claim(ctx *C, const char *name, src_pos pos, const char *what)
{
    if (C->claimed)
        return;
    const char *owner = strmap_get(&C->names, name);
    if (owner) {
        diag_error(C->d, pos, "rename one of them",
                   "the generated C identifier `%s` is made twice: for %s and for %s", name,
                   owner, what);
        C->failed = true;
        return;
    }
    strmap_put(&C->names, arena_strdup(C->names.arena, name),
               (void *)arena_strdup(C->names.arena, what));
}

static void claim_fn(ctx *C, const ir_table *t, const char *suffix)
{
    claim(C, arena_printf(C->a, "%s_%s_%s", C->prefix, t->c_name, suffix), t->pos,
          arena_printf(C->a, "table `%s`", t->name));
}

/* ---- statements ---- */

/* FNV-1a, 64 bits: the runtime's sql_hash, which names the statements it
 * builds the same way. */
static uint64_t sql_hash(const char *sql)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
        h = (h ^ *p) * UINT64_C(0x100000001b3);
    return h;
}

/* Adds a prepared statement and returns its map (id, name, sql...). */
static tree *add_statement(ctx *C, const ir_table *t, const char *suffix, const char *sql)
{
    tree *m = tree_new_map(C->a);
    put_num(C, m, "index", C->nstatements++);
    put_fmt(C, m, "id", "stmt_%s_%s", t->c_name, suffix);
    /* The prepared statement's name: its function's (cut to fit in the 63
     * bytes PostgreSQL keeps), then a hash of its SQL. A statement prepared
     * under the name is then this SQL: one of another version of the code,
     * or prepared by hand, has another name. */
    const char *function = arena_printf(C->a, "%s_%s_%s", C->prefix, t->c_name, suffix);
    put_str(C, m, "name", arena_printf(C->a, "%.*s_%016llx", IR_NAME_MAX - 17, function,
                                       (unsigned long long)sql_hash(sql)));
    put_str(C, m, "sql", sql);
    put_str(C, m, "sql_c", c_string(C, sql));
    put_str(C, m, "sql_comment", comment_c(C, sql));
    /* The table's list holds what the model source declares of it, not
     * the whole map (which its function's field has): the context of wide
     * tables stays small. */
    tree *entry = tree_new_map(C->a);
    put_str(C, entry, "id", tree_string(tree_map_get(m, "id")));
    put_str(C, entry, "name", tree_string(tree_map_get(m, "name")));
    put(entry, "sql_c", tree_map_get(m, "sql_c"));
    if (C->literal)
        tree_list_push(C->table_statements[t->index], entry);
    return m;
}

/* A statement shown in comments only (built at run time). */
static tree *comment_statement(ctx *C, const char *sql)
{
    tree *m = tree_new_map(C->a);
    put_str(C, m, "sql", sql);
    put_str(C, m, "sql_c", c_string(C, sql));
    put_str(C, m, "sql_comment", comment_c(C, sql));
    return m;
}

/* ---- columns ---- */

typedef struct table_info {
    const ir_table *t;
    colset all, pk, insert_always, insert_optional, insert_never, updatable, settable, owned,
        numeric, ordered;
    size_t words;          /* of its masks */
    const char *mask_type; /* "uint64_t", or PREFIX_TABLE_mask */
    int deleted_at; /* column index, or -1 */
    const char *select_list, *select_list_t, *live, *live_t;
    tree *columns; /* the list of column maps, by index */
} table_info;

static bool is_server_valued(const ir_column *c)
{
    return c->def.kind != IR_DEFAULT_NONE || c->identity != IR_IDENTITY_NONE ||
           c_view(c)->kind == IR_SERIAL || c_view(c)->kind == IR_BIGSERIAL ||
           c->origin == IR_ORIGIN_SOFT_DELETE || c->generated ||
           (c->type.kind == IR_DOMAIN && c->type.domain && c->type.domain->def.kind);
}

static bool in_key(const ir_key *k, const ir_column *c)
{
    for (size_t i = 0; k && i < k->columns.n; i++)
        if (k->cols[i] == c)
            return true;
    return false;
}

/* The C type name of a column's value ("int64_t", "char *", "blog_bytea"). */
static const char *c_type_of(ctx *C, const ir_column *c)
{
    type_info ti = type_of(c_view(c)->kind);
    if (c_view(c)->kind == IR_ENUM)
        return arena_printf(C->a, "%s_%s", C->prefix, c_view(c)->enum_type->c_name);
    if (c_view(c)->kind == IR_BYTEA)
        return arena_printf(C->a, "%s_bytea", C->prefix);
    if (c_view(c)->kind == IR_INTERVAL)
        return arena_printf(C->a, "%s_interval", C->prefix);
    return ti.c_type;
}

static const char *codec_of(ctx *C, const ir_column *c)
{
    if (c_view(c)->kind == IR_ENUM)
        return arena_printf(C->a, "%s_%s", C->prefix, c_view(c)->enum_type->c_name);
    return type_of(c_view(c)->kind).codec;
}

/* Declarations of a column as struct member, scalar argument and array
 * argument, named `name`. */
static const char *decl(ctx *C, const ir_column *c, const char *name, int form)
{
    const char *ct = c_type_of(C, c);
    bool string = !strcmp(ct, "char *");
    if (c_view(c)->kind == IR_UUID) {
        if (form == 0)
            return arena_printf(C->a, "uint8_t %s[16]", name);
        if (form == 1)
            return arena_printf(C->a, "const uint8_t %s[16]", name);
        return arena_printf(C->a, "const uint8_t *%s", name); /* n * 16 bytes */
    }
    if (string) { /* const: the API never writes a row's text */
        if (form == 0)
            return arena_printf(C->a, "const char *%s", name);
        if (form == 1)
            return arena_printf(C->a, "const char *%s", name);
        return arena_printf(C->a, "const char *const *%s", name);
    }
    if (form == 2)
        return arena_printf(C->a, "const %s *%s", ct, name);
    return arena_printf(C->a, "%s %s", ct, name);
}

static const char *arg_name(ctx *C, const ir_column *c)
{
    if (validate_is_runtime_name(c->c_name))
        return arena_printf(C->a, "%s_", c->c_name);
    for (size_t i = 0; i < COUNT(reserved_args); i++)
        if (!strcmp(c->c_name, reserved_args[i]))
            return arena_printf(C->a, "%s_", c->c_name);
    for (size_t i = 0; i < COUNT(reserved_arg_prefixes); i++)
        if (!strncmp(c->c_name, reserved_arg_prefixes[i], strlen(reserved_arg_prefixes[i])))
            return arena_printf(C->a, "%s_", c->c_name);
    return c->c_name;
}

static const char *array_cast(ctx *C, const ir_column *c)
{
    if (c_view(c)->kind == IR_ENUM)
        return arena_printf(C->a, "text[]::%s[]",
                            ir_object_sql(C->a, c_view(c)->enum_type->namespace,
                                          c_view(c)->enum_type->name));
    return arena_printf(C->a, "%s[]", type_of(c_view(c)->kind).array_type);
}

/* A one-line description: type, nullability, default, comment. */
static const char *column_doc(ctx *C, const ir_column *c)
{
    buf b = BUF_INIT;
    buf_puts(&b, ir_type_string(C->a, &c->type));
    type_info ti = type_of(c_view(c)->kind);
    if (ti.unit)
        buf_printf(&b, " (%s)", ti.unit);
    if (c->nullable)
        buf_puts(&b, ", nullable");
    if (c->identity == IR_IDENTITY_ALWAYS)
        buf_puts(&b, ", identity always: made by the server");
    else if (c->identity == IR_IDENTITY_BY_DEFAULT)
        buf_puts(&b, ", identity");
    if (c->def.kind != IR_DEFAULT_NONE)
        buf_printf(&b, ", default %s", plan_default_sql(C->a, &c->type, &c->def));
    if (c->generated)
        buf_printf(&b, ", generated: %s, computed by the server", c->generated);
    if (c->comment)
        buf_printf(&b, ". %s", c->comment);
    const char *r = comment_c(C, buf_cstr(&b));
    buf_free(&b);
    return r;
}

/* Types sent as text: no binary form to gain from (strings, JSON), or one
 * that costs more to make than the text (numeric). Results are binary. */
static bool param_is_text(ir_type_kind k)
{
    switch (k) {
    case IR_TEXT:
    case IR_VARCHAR:
    case IR_CHAR:
    case IR_JSON:
    case IR_JSONB:
    case IR_NUMERIC:
    case IR_ENUM:
        return true;
    default:
        return false;
    }
}

static tree *column_map(ctx *C, table_info *ti, const ir_column *c)
{
    const ir_table *t = ti->t;
    tree *m = tree_new_map(C->a);
    type_info ty = type_of(c_view(c)->kind);
    bool pk = in_key(t->primary_key, c);
    colset bit = {{0}};
    cs_add(&bit, c->index);
    put_str(C, m, "name", c->name);
    put_str(C, m, "sql_name", Q(C, c->name));
    put_str(C, m, "sql_name_c", c_string(C, Q(C, c->name)));
    put_str(C, m, "c_name", c->c_name);
    put_str(C, m, "C_NAME", upper(C, c->c_name));
    put_fmt(C, m, "mask", "%s_%s_COL_%s", C->PREFIX, upper(C, t->c_name), upper(C, c->c_name));
    put_str(C, m, "bit", mask_literal(C, &bit, ti->words, ti->mask_type));
    put_num(C, m, "index", c->index);
    put_str(C, m, "type", ir_type_string(C->a, &c->type));
    put_str(C, m, "sql_type", ir_type_sql(C->a, &c->type));
    put_str(C, m, "array_cast", array_cast(C, c));
    put_str(C, m, "array_cast_c", c_string(C, array_cast(C, c)));
    put_str(C, m, "elem_oid", ty.oid);
    /* The type results must have: an enum's OID is the database's own. */
    put_str(C, m, "result_oid", c_view(c)->kind == IR_ENUM ? "0" : ty.oid);
    put_str(C, m, "c_type", c_type_of(C, c));
    put_str(C, m, "field_decl", decl(C, c, c->c_name, 0));
    put_str(C, m, "codec", codec_of(C, c));
    /* The runtime helpers for it: a parameter, a COPY/array field, a
     * binary result value. */
    const char *rt = c_view(c)->kind == IR_ENUM ? "" : "schemac_rt_"; /* enums: the schema's own */
    put_fmt(C, m, "param_fn", "%sparam_%s", rt, codec_of(C, c));
    put_fmt(C, m, "field_fn", "%sfield_%s", rt, codec_of(C, c));
    put_fmt(C, m, "decode_fn", "%sdecode_%s", rt, codec_of(C, c));
    put_str(C, m, "param_format", param_is_text(c_view(c)->kind) ? "text" : "binary");
    /* Its runtime descriptor: kind, enum, and the row it lives in. */
    put_fmt(C, m, "kind", "SCHEMAC_RT_%s",
            c_view(c)->kind == IR_ENUM ? "ENUM" : upper(C, type_of(c_view(c)->kind).codec));
    put_str(C, m, "enum_ref",
            c_view(c)->kind == IR_ENUM
                ? arena_printf(C->a, "&schemac_rt_enum_%s", codec_of(C, c))
                : "NULL");
    put_fmt(C, m, "row_type", "%s_%s", C->prefix, t->c_name);
    put_bool(C, m, "owned", ty.owned);
    put_bool(C, m, "is_string", !strcmp(c_type_of(C, c), "char *"));
    put_bool(C, m, "is_bytes", c_view(c)->kind == IR_BYTEA);
    put_bool(C, m, "is_numeric", c_view(c)->kind == IR_NUMERIC);
    put_bool(C, m, "is_uuid", c_view(c)->kind == IR_UUID);
    put_bool(C, m, "is_enum", c_view(c)->kind == IR_ENUM);
    put_bool(C, m, "nullable", c->nullable);
    put_bool(C, m, "has_default", c->def.kind != IR_DEFAULT_NONE);
    put_str(C, m, "default_sql",
            c->def.kind != IR_DEFAULT_NONE ? plan_default_sql(C->a, &c->type, &c->def) : NULL);
    put_str(C, m, "identity",
            c->identity == IR_IDENTITY_ALWAYS       ? "always"
            : c->identity == IR_IDENTITY_BY_DEFAULT ? "by_default"
                                                    : "");
    put_bool(C, m, "server_value", is_server_valued(c));
    put_str(C, m, "insert",
            cs_has(&ti->insert_never, c->index)      ? "never"
            : cs_has(&ti->insert_optional, c->index) ? "optional"
                                                     : "always");
    put_bool(C, m, "updatable", cs_has(&ti->updatable, c->index));
    put_bool(C, m, "in_primary_key", pk);
    put_str(C, m, "origin",
            c->origin == IR_ORIGIN_TIMESTAMPS    ? "timestamps"
            : c->origin == IR_ORIGIN_SOFT_DELETE ? "soft_delete"
                                                 : "user");
    put_str(C, m, "comment", c->comment);
    put_str(C, m, "comment_c", comment_c(C, c->comment));
    put_str(C, m, "doc", column_doc(C, c));
    return m;
}

/* A key column: the column's fields plus its argument name and
 * declarations. */
static tree *key_map(ctx *C, table_info *ti, const ir_column *c, size_t position)
{
    tree *m = column_map(C, ti, c);
    const char *arg = arg_name(C, c);
    put_str(C, m, "arg", arg);
    put_str(C, m, "arg_decl", decl(C, c, arg, 1));
    put_str(C, m, "array_arg_decl", decl(C, c, arg, 2));
    /* Element i of the array argument, as a field_ helper takes it. */
    put_str(C, m, "array_elem", c_view(c)->kind == IR_UUID ? arena_printf(C->a, "%s + 16 * i", arg)
                                                        : arena_printf(C->a, "%s[i]", arg));
    put_num(C, m, "position", position);
    put_num(C, m, "placeholder", position + 1);
    /* Where its value is, for the runtime (an uuid argument is its bytes),
     * and its descriptor, in its table's columns. */
    put_str(C, m, "key_ref", c_view(c)->kind == IR_UUID ? arg : arena_printf(C->a, "&%s", arg));
    put_fmt(C, m, "key_column", "&%s_columns[%zu]", ti->t->c_name, c->index);
    return m;
}

static tree *key_list(ctx *C, table_info *ti, ir_column *const *cols, size_t n)
{
    tree *l = tree_new_list(C->a);
    for (size_t i = 0; i < n; i++)
        tree_list_push(l, key_map(C, ti, cols[i], i));
    mark_ends(C, l);
    return l;
}

/* "a_and_b" for columns a, b. */
static const char *joined_names(ctx *C, ir_column *const *cols, size_t n)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s%s", i ? "_and_" : "", cols[i]->c_name);
    const char *r = arena_strndup(C->a, buf_cstr(&b), b.len);
    buf_free(&b);
    return r;
}

/* "prefix.a = $k AND prefix.b = $k+1" (prefix may be ""). */
static void put_key_match(ctx *C, buf *b, const char *alias, ir_column *const *cols, size_t n,
                          size_t first_placeholder)
{
    for (size_t i = 0; i < n; i++)
        buf_printf(b, "%s%s%s = $%zu", i ? " AND " : "", alias, Q(C, cols[i]->name),
                   first_placeholder + i);
}

static void put_col_list(ctx *C, buf *b, const char *alias, ir_column *const *cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf_printf(b, "%s%s%s", i ? ", " : "", alias, Q(C, cols[i]->name));
}

static const char *take(ctx *C, buf *b)
{
    const char *r = arena_strndup(C->a, buf_cstr(b), b->len);
    buf_clear(b);
    return r;
}

/* Adds a key (schemac_rt_key) to t's descriptor: the runtime builds the
 * statement `suffix` over cols (and for a list its _many) from it. Puts
 * its index in st as key_index. */
static void add_key(ctx *C, const ir_table *t, tree *st, const char *suffix, bool list,
                    ir_column *const *cols, size_t n)
{
    tree *l = C->table_keys[t->index];
    tree *k = tree_new_map(C->a);
    put_str(C, k, "suffix", suffix);
    put_str(C, k, "list", list ? "true" : "false");
    put_num(C, k, "n", n);
    buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s%zu", i ? ", " : "", cols[i]->index);
    put_str(C, k, "cols", take(C, &b));
    buf_free(&b);
    put_num(C, st, "key_index", tree_len(l));
    tree_list_push(l, k);
}

/* ---- per-table pieces ---- */

static void compute_masks(table_info *ti)
{
    const ir_table *t = ti->t;
    ti->deleted_at = -1;
    for (size_t i = 0; i < t->ncolumns; i++) {
        const ir_column *c = t->columns[i];
        cs_add(&ti->all, i);
        bool pk = in_key(t->primary_key, c);
        if (pk)
            cs_add(&ti->pk, i);
        /* Generated columns are read-only: the server computes them. */
        if (c->identity == IR_IDENTITY_ALWAYS || c->generated)
            cs_add(&ti->insert_never, i);
        else if (is_server_valued(c))
            cs_add(&ti->insert_optional, i);
        else
            cs_add(&ti->insert_always, i);
        if (!pk && c->identity != IR_IDENTITY_ALWAYS && !c->generated) {
            cs_add(&ti->settable, i);
            if (c->origin == IR_ORIGIN_USER)
                cs_add(&ti->updatable, i);
        }
        if (type_of(c_view(c)->kind).owned)
            cs_add(&ti->owned, i);
        if (c_view(c)->kind == IR_NUMERIC)
            cs_add(&ti->numeric, i);
        if (c_view(c)->kind != IR_JSON) /* json has no =, < or ORDER BY */
            cs_add(&ti->ordered, i);
        if (c->origin == IR_ORIGIN_SOFT_DELETE)
            ti->deleted_at = (int)i;
    }
}

static void select_lists(ctx *C, table_info *ti)
{
    const ir_table *t = ti->t;
    buf b = BUF_INIT;
    put_col_list(C, &b, "", t->columns, t->ncolumns);
    ti->select_list = take(C, &b);
    put_col_list(C, &b, "t.", t->columns, t->ncolumns);
    ti->select_list_t = take(C, &b);
    if (t->soft_delete) {
        ti->live = arena_printf(C->a, "%s IS NULL", Q(C, "deleted_at"));
        ti->live_t = arena_printf(C->a, "t.%s IS NULL", Q(C, "deleted_at"));
    } else {
        ti->live = ti->live_t = "";
    }
    buf_free(&b);
}

/* Columns in `mask`, in table order. */
static size_t cols_in(const ir_table *t, colset mask, ir_column **out)
{
    size_t n = 0;
    for (size_t i = 0; i < t->ncolumns; i++)
        if (cs_has(&mask, i))
            out[n++] = t->columns[i];
    return n;
}

/* A copy of a map's entries (so first/last can differ per list). */
static tree *map_copy(ctx *C, const tree *m) { return tree_map_copy(C->a, m); }

/* The columns of `mask`, each with first/last and `position` in this list. */
static tree *column_list(ctx *C, table_info *ti, colset mask)
{
    tree *l = tree_new_list(C->a);
    for (size_t i = 0; i < ti->t->ncolumns; i++)
        if (cs_has(&mask, i)) {
            tree *m = map_copy(C, tree_list_at(ti->columns, i));
            put_num(C, m, "position", tree_len(l));
            put_num(C, m, "placeholder", tree_len(l) + 1);
            tree_list_push(l, m);
        }
    mark_ends(C, l);
    return l;
}

/* " RETURNING c, ..." for the columns an insert sending `sent` leaves to
 * the server (identity, defaults, timestamps), or nothing when it sends
 * them all: the caller's row already has every value it sent. */
static void put_returning_unsent(ctx *C, buf *b, table_info *ti, colset sent)
{
    ir_column *cols[CONTEXT_MAX_COLUMNS];
    size_t n = cols_in(ti->t, cs_minus(ti->all, &sent), cols);
    if (n == 0)
        return;
    buf_puts(b, " RETURNING ");
    put_col_list(C, b, "", cols, n);
}

static void add_insert(ctx *C, table_info *ti, tree *tm)
{
    const ir_table *t = ti->t;
    ir_column *cols[CONTEXT_MAX_COLUMNS];
    size_t n = cols_in(t, ti->insert_always, cols);
    buf b = BUF_INIT;
    buf_printf(&b, "INSERT INTO %s ", ir_table_sql(C->a, t));
    if (n == 0) {
        buf_puts(&b, "DEFAULT VALUES");
    } else {
        buf_putc(&b, '(');
        put_col_list(C, &b, "", cols, n);
        buf_puts(&b, ") VALUES (");
        for (size_t i = 0; i < n; i++)
            buf_printf(&b, "%s$%zu", i ? ", " : "", i + 1);
        buf_putc(&b, ')');
    }
    /* out as stored (RETURNING every column), and as sent (db.out_as_sent:
     * RETURNING only the columns the server made). */
    size_t head = b.len;
    put_returning_unsent(C, &b, ti, ti->insert_always);
    tree *as_sent = add_statement(C, t, "insert_sent", buf_cstr(&b));
    b.len = head;
    b.data[head] = '\0';
    buf_printf(&b, " RETURNING %s", ti->select_list);
    tree *st = add_statement(C, t, "insert", buf_cstr(&b));
    put_str(C, st, "sent_id", tree_string(tree_map_get(as_sent, "id")));
    put_str(C, st, "sent_sql", tree_string(tree_map_get(as_sent, "sql")));
    put(st, "params", column_list(C, ti, ti->insert_always));
    put_nparams(C, st, n);
    put(tm, "insert", st);
    claim_fn(C, t, "insert");

    buf_clear(&b);
    buf_printf(&b, "COPY %s (", ir_table_sql(C->a, t));
    put_col_list(C, &b, "", cols, n);
    buf_puts(&b, ") FROM STDIN (FORMAT binary)");
    put(tm, "insert_many", comment_statement(C, buf_cstr(&b)));
    claim_fn(C, t, "insert_many");
    buf_free(&b);
}

static void add_get(ctx *C, table_info *ti, tree *tm, const char *suffix, ir_column *const *cols,
                    size_t n, tree *list)
{
    const ir_table *t = ti->t;
    buf b = BUF_INIT;
    buf_printf(&b, "SELECT %s FROM %s WHERE ", ti->select_list, ir_table_sql(C->a, t));
    put_key_match(C, &b, "", cols, n, 1);
    if (t->soft_delete)
        buf_printf(&b, " AND %s", ti->live);
    tree *st = add_statement(C, t, suffix, buf_cstr(&b));
    add_key(C, t, st, suffix, false, cols, n);
    put_fmt(C, st, "function", "%s_%s_%s", C->prefix, t->c_name, suffix);
    put(st, "keys", key_list(C, ti, cols, n));
    put_nparams(C, st, n);
    claim_fn(C, t, suffix);
    if (list)
        tree_list_push(list, st);
    else
        put(tm, "get", st);
    buf_free(&b);
}

/* "deleted_at IS NULL", compared loosely. */
static bool is_live_predicate(const char *where)
{
    const char *want = "deleted_atisnull";
    const char *p = where;
    while (*p == '(' || isspace((unsigned char)*p))
        p++;
    for (const char *w = want; *w; w++) {
        while (isspace((unsigned char)*p) || *p == '"')
            p++;
        if (tolower((unsigned char)*p) != *w)
            return false;
        p++;
    }
    while (*p == ')' || isspace((unsigned char)*p))
        p++;
    return *p == '\0';
}

static bool same_columns(ir_column *const *a, size_t na, ir_column *const *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++) {
        bool found = false;
        for (size_t j = 0; j < nb && !found; j++)
            found = a[i] == b[j];
        if (!found)
            return false;
    }
    return true;
}

static void add_gets(ctx *C, table_info *ti, tree *tm)
{
    const ir_table *t = ti->t;
    add_get(C, ti, tm, "get", t->primary_key->cols, t->primary_key->columns.n, NULL);
    tree *list = tree_new_list(C->a);
    /* Keys already served, to skip an index that repeats a key. */
    typedef struct {
        ir_column **cols;
        size_t n;
    } served;
    size_t cap = 1 + t->nuniques + t->nindexes, nserved = 0;
    served *seen = arena_alloc(C->a, cap * sizeof *seen);
    seen[nserved++] = (served){t->primary_key->cols, t->primary_key->columns.n};
    for (size_t u = 0; u < t->nuniques + t->nindexes; u++) {
        ir_column **cols;
        size_t n;
        if (u < t->nuniques) {
            cols = t->uniques[u]->cols;
            n = t->uniques[u]->columns.n;
        } else {
            const ir_index *ix = t->indexes[u - t->nuniques];
            /* A unique index serves a get when it is unique over all rows,
             * or over the live rows of a soft-delete table (which is what
             * generated reads see). */
            if (!ix->unique || (ix->where && !(t->soft_delete && is_live_predicate(ix->where))))
                continue;
            if (ix->has_expression) /* no column values to look a row up by */
                continue;
            cols = ix->cols;
            n = ix->columns.n;
        }
        bool dup = false;
        for (size_t k = 0; k < nserved && !dup; k++)
            dup = same_columns(cols, n, seen[k].cols, seen[k].n);
        if (dup)
            continue;
        seen[nserved++] = (served){cols, n};
        add_get(C, ti, tm, arena_printf(C->a, "get_by_%s", joined_names(C, cols, n)), cols, n,
                list);
    }
    mark_ends(C, list);
    put(tm, "get_by", list);
}

static void put_pk_where(ctx *C, buf *b, table_info *ti, size_t first)
{
    const ir_key *pk = ti->t->primary_key;
    put_key_match(C, b, "", pk->cols, pk->columns.n, first);
}

static void add_update(ctx *C, table_info *ti, tree *tm)
{
    const ir_table *t = ti->t;
    size_t npk = t->primary_key->columns.n;
    ir_column *cols[CONTEXT_MAX_COLUMNS];
    size_t n = cols_in(t, ti->updatable, cols);
    put_bool(C, tm, "has_update", n > 0);
    if (n == 0)
        return;
    buf b = BUF_INIT;
    buf_printf(&b, "UPDATE %s SET ", ir_table_sql(C->a, t));
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s%s = $%zu", i ? ", " : "", Q(C, cols[i]->name), npk + i + 1);
    buf_puts(&b, " WHERE ");
    put_pk_where(C, &b, ti, 1);
    if (t->soft_delete)
        buf_printf(&b, " AND %s", ti->live);
    buf_printf(&b, " RETURNING %s", ti->select_list);
    tree *st = add_statement(C, t, "update", buf_cstr(&b));
    put(st, "params", column_list(C, ti, ti->updatable));
    put_nparams(C, st, npk + n);
    put(tm, "update", st);
    claim_fn(C, t, "update");

    buf_clear(&b);
    buf_printf(&b, "UPDATE %s SET <columns> WHERE ", ir_table_sql(C->a, t));
    put_pk_where(C, &b, ti, 1);
    if (t->soft_delete)
        buf_printf(&b, " AND %s", ti->live);
    buf_printf(&b, " RETURNING %s", ti->select_list);
    put(tm, "update_columns", comment_statement(C, buf_cstr(&b)));
    claim_fn(C, t, "update_columns");
    buf_free(&b);
}

/* The ON CONFLICT clause of an upsert sending `sent`. */
static void put_conflict(ctx *C, buf *b, table_info *ti, colset sent)
{
    const ir_table *t = ti->t;
    buf_puts(b, " ON CONFLICT (");
    put_col_list(C, b, "", t->primary_key->cols, t->primary_key->columns.n);
    buf_puts(b, ") DO UPDATE SET ");
    ir_column *cols[CONTEXT_MAX_COLUMNS];
    size_t n = cols_in(t, cs_minus(sent, &ti->pk), cols);
    for (size_t i = 0; i < n; i++)
        buf_printf(b, "%s%s = EXCLUDED.%s", i ? ", " : "", Q(C, cols[i]->name),
                   Q(C, cols[i]->name));
    if (t->soft_delete)
        buf_printf(b, "%s%s = NULL", n ? ", " : "", Q(C, "deleted_at"));
    else if (n == 0) /* nothing to set, but the row must count as upserted */
        buf_printf(b, "%s = EXCLUDED.%s", Q(C, t->primary_key->cols[0]->name),
                   Q(C, t->primary_key->cols[0]->name));
}

static void add_upsert(ctx *C, table_info *ti, tree *tm)
{
    const ir_table *t = ti->t;
    bool possible = true;
    for (size_t i = 0; i < t->ncolumns; i++)
        possible &= !(cs_has(&ti->pk, i) && cs_has(&ti->insert_never, i));
    put_bool(C, tm, "has_upsert", possible);
    if (!possible)
        return;
    colset sent = cs_or(ti->pk, &ti->insert_always);
    ir_column *cols[CONTEXT_MAX_COLUMNS];
    size_t n = cols_in(t, sent, cols);
    buf b = BUF_INIT;
    buf_printf(&b, "INSERT INTO %s (", ir_table_sql(C->a, t));
    put_col_list(C, &b, "", cols, n);
    buf_puts(&b, ") VALUES (");
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s$%zu", i ? ", " : "", i + 1);
    buf_putc(&b, ')');
    put_conflict(C, &b, ti, sent);
    size_t head = b.len;
    put_returning_unsent(C, &b, ti, sent);
    tree *as_sent = add_statement(C, t, "upsert_sent", buf_cstr(&b));
    b.len = head;
    b.data[head] = '\0';
    buf_printf(&b, " RETURNING %s", ti->select_list);
    tree *st = add_statement(C, t, "upsert", buf_cstr(&b));
    put_str(C, st, "sent_id", tree_string(tree_map_get(as_sent, "id")));
    put_str(C, st, "sent_sql", tree_string(tree_map_get(as_sent, "sql")));
    put(st, "params", column_list(C, ti, sent));
    put_nparams(C, st, n);
    put(tm, "upsert", st);
    claim_fn(C, t, "upsert");

    buf_clear(&b);
    buf_printf(&b, "INSERT INTO %s (", ir_table_sql(C->a, t));
    put_col_list(C, &b, "", cols, n);
    buf_puts(&b, ") SELECT * FROM unnest(");
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s$%zu::%s", i ? ", " : "", i + 1, array_cast(C, cols[i]));
    buf_putc(&b, ')');
    put_conflict(C, &b, ti, sent);
    put(tm, "upsert_many", comment_statement(C, buf_cstr(&b)));
    claim_fn(C, t, "upsert_many");
    buf_free(&b);
}

static void add_delete(ctx *C, table_info *ti, tree *tm)
{
    const ir_table *t = ti->t;
    buf b = BUF_INIT;
    const char *deleted = Q(C, "deleted_at");
    if (t->soft_delete) {
        buf_printf(&b, "UPDATE %s SET %s = now() WHERE ", ir_table_sql(C->a, t), deleted);
        put_pk_where(C, &b, ti, 1);
        buf_printf(&b, " AND %s IS NULL", deleted);
        put(tm, "delete", add_statement(C, t, "delete", buf_cstr(&b)));
        buf_clear(&b);
        buf_printf(&b, "UPDATE %s SET %s = NULL WHERE ", ir_table_sql(C->a, t), deleted);
        put_pk_where(C, &b, ti, 1);
        buf_printf(&b, " AND %s IS NOT NULL", deleted);
        put(tm, "restore", add_statement(C, t, "restore", buf_cstr(&b)));
        buf_clear(&b);
        buf_printf(&b, "DELETE FROM %s WHERE ", ir_table_sql(C->a, t));
        put_pk_where(C, &b, ti, 1);
        put(tm, "hard_delete", add_statement(C, t, "hard_delete", buf_cstr(&b)));
        claim_fn(C, t, "restore");
        claim_fn(C, t, "hard_delete");
    } else {
        buf_printf(&b, "DELETE FROM %s WHERE ", ir_table_sql(C->a, t));
        put_pk_where(C, &b, ti, 1);
        put(tm, "delete", add_statement(C, t, "delete", buf_cstr(&b)));
    }
    claim_fn(C, t, "delete");
    buf_free(&b);
}

static void add_list_count(ctx *C, table_info *ti, tree *tm)
{
    const ir_table *t = ti->t;
    const ir_key *pk = t->primary_key;
    size_t npk = pk->columns.n;
    buf b = BUF_INIT, order = BUF_INIT;
    put_col_list(C, &order, "", pk->cols, npk);

    buf_printf(&b, "SELECT %s FROM %s ", ti->select_list, ir_table_sql(C->a, t));
    if (t->soft_delete)
        buf_printf(&b, "WHERE %s ", ti->live);
    buf_printf(&b, "ORDER BY %s LIMIT $1", buf_cstr(&order));
    put(tm, "list", add_statement(C, t, "list", buf_cstr(&b)));

    buf_clear(&b);
    buf_printf(&b, "SELECT %s FROM %s WHERE ", ti->select_list, ir_table_sql(C->a, t));
    if (t->soft_delete)
        buf_printf(&b, "%s AND ", ti->live);
    if (npk == 1) {
        buf_printf(&b, "%s > $1", Q(C, pk->cols[0]->name));
    } else {
        buf_printf(&b, "(%s) > (", buf_cstr(&order));
        for (size_t i = 0; i < npk; i++)
            buf_printf(&b, "%s$%zu", i ? ", " : "", i + 1);
        buf_putc(&b, ')');
    }
    buf_printf(&b, " ORDER BY %s LIMIT $%zu", buf_cstr(&order), npk + 1);
    tree *after = add_statement(C, t, "list_after", buf_cstr(&b));
    put_nparams(C, after, npk + 1);
    put(tm, "list_after", after);
    claim_fn(C, t, "list");

    buf_clear(&b);
    buf_printf(&b, "SELECT count(*) FROM %s", ir_table_sql(C->a, t));
    if (t->soft_delete)
        buf_printf(&b, " WHERE %s", ti->live);
    put(tm, "count", add_statement(C, t, "count", buf_cstr(&b)));
    claim_fn(C, t, "count");

    buf_clear(&b);
    buf_printf(&b, "SELECT %s FROM %s WHERE %s%s<filter> ORDER BY <column>, %s LIMIT $n OFFSET $n",
               ti->select_list, ir_table_sql(C->a, t), ti->live, t->soft_delete ? " AND " : "",
               buf_cstr(&order));
    put(tm, "find", comment_statement(C, buf_cstr(&b)));
    claim_fn(C, t, "find");
    buf_free(&b);
    buf_free(&order);
}

/* The unnest source of a batch: "unnest($1::bigint[], ...) WITH ORDINALITY
 * AS k(v1, ..., ord)". */
static void put_unnest(ctx *C, buf *b, ir_column *const *cols, size_t n)
{
    buf_puts(b, "unnest(");
    for (size_t i = 0; i < n; i++)
        buf_printf(b, "%s$%zu::%s", i ? ", " : "", i + 1, array_cast(C, cols[i]));
    buf_puts(b, ") WITH ORDINALITY AS k(");
    for (size_t i = 0; i < n; i++)
        buf_printf(b, "v%zu, ", i + 1);
    buf_puts(b, "ord)");
}

static void put_order_t(ctx *C, buf *b, const ir_table *t)
{
    put_col_list(C, b, "t.", t->primary_key->cols, t->primary_key->columns.n);
}

/* Ends `b`, the batch form of list statement `st` (called `suffix`), with
 * its order and adds it as st's "many": `n` key arrays in, rows out in the
 * order of the keys, each row with its key's position. */
static void finish_batch(ctx *C, const ir_table *t, tree *st, const char *suffix, buf *b, size_t n)
{
    buf_puts(b, " ORDER BY k.ord, ");
    put_order_t(C, b, t);
    const char *many_suffix = arena_printf(C->a, "%s_many", suffix);
    tree *many = add_statement(C, t, many_suffix, buf_cstr(b));
    put_fmt(C, many, "function", "%s_%s_%s", C->prefix, t->c_name, many_suffix);
    put_nparams(C, many, n);
    put(st, "many", many);
    claim_fn(C, t, many_suffix);
}

/* list_by_<cols> on the table holding the foreign key `cols`. */
static tree *list_by_fk(ctx *C, table_info *ti, ir_column *const *cols, size_t n)
{
    const ir_table *t = ti->t;
    const char *suffix = arena_printf(C->a, "list_by_%s", joined_names(C, cols, n));
    buf b = BUF_INIT;
    buf_printf(&b, "SELECT %s FROM %s WHERE ", ti->select_list, ir_table_sql(C->a, t));
    put_key_match(C, &b, "", cols, n, 1);
    if (t->soft_delete)
        buf_printf(&b, " AND %s", ti->live);
    buf_puts(&b, " ORDER BY ");
    put_col_list(C, &b, "", t->primary_key->cols, t->primary_key->columns.n);
    tree *st = add_statement(C, t, suffix, buf_cstr(&b));
    add_key(C, t, st, suffix, true, cols, n);
    put_fmt(C, st, "function", "%s_%s_%s", C->prefix, t->c_name, suffix);
    put(st, "keys", key_list(C, ti, cols, n));
    put_nparams(C, st, n);
    claim_fn(C, t, suffix);

    buf_clear(&b);
    buf_printf(&b, "SELECT %s, k.ord FROM ", ti->select_list_t);
    put_unnest(C, &b, cols, n);
    buf_printf(&b, " JOIN %s t ON ", ir_table_sql(C->a, t));
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%st.%s = k.v%zu", i ? " AND " : "", Q(C, cols[i]->name), i + 1);
    if (t->soft_delete)
        buf_printf(&b, " WHERE %s", ti->live_t);
    finish_batch(C, t, st, suffix, &b, n);
    buf_free(&b);
    return st;
}

static void add_list_by(ctx *C, table_info *ti, tree *tm)
{
    const ir_table *t = ti->t;
    tree *list = tree_new_list(C->a);
    for (size_t i = 0; i < t->nfks; i++) {
        const ir_fk *fk = t->fks[i];
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            dup = same_columns(fk->cols, fk->columns.n, t->fks[j]->cols, t->fks[j]->columns.n);
        if (dup)
            continue;
        tree *st = list_by_fk(C, ti, fk->cols, fk->columns.n);
        put_str(C, st, "parent", fk->ref_table->name);
        put_fmt(C, st, "parent_c_type", "%s_%s", C->prefix, fk->ref_table->c_name);
        tree_list_push(list, st);
    }
    mark_ends(C, list);
    put(tm, "list_by", list);
}

/* ---- relations ---- */

static tree *fk_map(ctx *C, const ir_table *t, const ir_fk *fk)
{
    tree *m = tree_new_map(C->a);
    put_str(C, m, "name", fk->name);
    put_str(C, m, "table", t->name);
    put_fmt(C, m, "table_c_type", "%s_%s", C->prefix, t->c_name);
    put_str(C, m, "ref_table", fk->ref_table->name);
    put_fmt(C, m, "ref_table_c_type", "%s_%s", C->prefix, fk->ref_table->c_name);
    tree *cols = tree_new_list(C->a), *refs = tree_new_list(C->a);
    for (size_t i = 0; i < fk->columns.n; i++) {
        tree *c = tree_new_map(C->a), *r = tree_new_map(C->a);
        put_str(C, c, "name", fk->cols[i]->name);
        put_str(C, c, "c_name", fk->cols[i]->c_name);
        put_str(C, r, "name", fk->ref_cols[i]->name);
        put_str(C, r, "c_name", fk->ref_cols[i]->c_name);
        tree_list_push(cols, c);
        tree_list_push(refs, r);
    }
    mark_ends(C, cols);
    mark_ends(C, refs);
    put(m, "columns", cols);
    put(m, "ref_columns", refs);
    put_str(C, m, "on_delete", ir_fk_action_sql(fk->on_delete));
    put_str(C, m, "on_update", ir_fk_action_sql(fk->on_update));
    put_fmt(C, m, "list_function", "%s_%s_list_by_%s", C->prefix, t->c_name,
            joined_names(C, fk->cols, fk->columns.n));
    return m;
}

static bool disjoint_cover(const ir_key *pk, const ir_fk *a, const ir_fk *b)
{
    if (a->columns.n + b->columns.n != pk->columns.n)
        return false;
    for (size_t i = 0; i < a->columns.n; i++) {
        if (!in_key(pk, a->cols[i]))
            return false;
        for (size_t j = 0; j < b->columns.n; j++)
            if (a->cols[i] == b->cols[j])
                return false;
    }
    for (size_t j = 0; j < b->columns.n; j++)
        if (!in_key(pk, b->cols[j]))
            return false;
    return true;
}

/* On `target` (= to->ref_table): the rows linked through association
 * table `assoc` to the key given in `from`'s columns. */
static tree *many_to_many(ctx *C, table_info *target, const ir_table *assoc, const ir_fk *from,
                          const ir_fk *to, table_info *assoc_info)
{
    const ir_table *t = target->t;
    const char *suffix = arena_printf(C->a, "list_by_%s_%s", assoc->c_name,
                                      joined_names(C, from->cols, from->columns.n));
    size_t n = from->columns.n;
    buf b = BUF_INIT;
    buf_printf(&b, "SELECT %s FROM %s t JOIN %s a ON ", target->select_list_t, ir_table_sql(C->a, t),
               Q(C, assoc->name));
    for (size_t i = 0; i < to->columns.n; i++)
        buf_printf(&b, "%sa.%s = t.%s", i ? " AND " : "", Q(C, to->cols[i]->name),
                   Q(C, to->ref_cols[i]->name));
    buf_puts(&b, " WHERE ");
    put_key_match(C, &b, "a.", from->cols, n, 1);
    if (t->soft_delete)
        buf_printf(&b, " AND %s", target->live_t);
    if (assoc->soft_delete)
        buf_printf(&b, " AND a.%s IS NULL", Q(C, "deleted_at"));
    buf_puts(&b, " ORDER BY ");
    put_order_t(C, &b, t);
    tree *st = add_statement(C, t, suffix, buf_cstr(&b));
    put_fmt(C, st, "function", "%s_%s_%s", C->prefix, t->c_name, suffix);
    tree *keys = key_list(C, assoc_info, from->cols, n);
    /* The keys are the association table's columns, whose descriptors
     * may be in another file: each call carries its own. */
    for (size_t i = 0; i < n; i++) {
        tree *k = tree_list_at(keys, i);
        put_fmt(C, k, "key_column", "&(const schemac_rt_column){NULL, NULL, %s, 0, %s, -1, 0, %s}",
                tree_string(tree_map_get(k, "elem_oid")), tree_string(tree_map_get(k, "kind")),
                tree_string(tree_map_get(k, "enum_ref")));
    }
    put(st, "keys", keys);
    put_nparams(C, st, n);
    put_str(C, st, "through", assoc->name);
    put_fmt(C, st, "through_c_type", "%s_%s", C->prefix, assoc->c_name);
    claim_fn(C, t, suffix);

    buf_clear(&b);
    buf_printf(&b, "SELECT %s, k.ord FROM ", target->select_list_t);
    put_unnest(C, &b, from->cols, n);
    buf_printf(&b, " JOIN %s a ON ", Q(C, assoc->name));
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%sa.%s = k.v%zu", i ? " AND " : "", Q(C, from->cols[i]->name), i + 1);
    buf_printf(&b, " JOIN %s t ON ", ir_table_sql(C->a, t));
    for (size_t i = 0; i < to->columns.n; i++)
        buf_printf(&b, "%st.%s = a.%s", i ? " AND " : "", Q(C, to->ref_cols[i]->name),
                   Q(C, to->cols[i]->name));
    if (t->soft_delete || assoc->soft_delete) {
        buf_puts(&b, " WHERE ");
        if (t->soft_delete)
            buf_puts(&b, target->live_t);
        if (assoc->soft_delete)
            buf_printf(&b, "%sa.%s IS NULL", t->soft_delete ? " AND " : "", Q(C, "deleted_at"));
    }
    finish_batch(C, t, st, suffix, &b, n);
    buf_free(&b);
    return st;
}

/* ---- tables and enums ---- */

static void claim_table_names(ctx *C, const ir_table *t)
{
    const char *what = arena_printf(C->a, "table `%s`", t->name);
    const char *T = upper(C, t->c_name);
    claim(C, arena_printf(C->a, "%s_%s", C->prefix, t->c_name), t->pos, what);
    claim(C, arena_printf(C->a, "%s_%s_array", C->prefix, t->c_name), t->pos, what);
    claim(C, arena_printf(C->a, "%s_%s_filter", C->prefix, t->c_name), t->pos, what);
    claim(C, arena_printf(C->a, "%s_%s_free", C->prefix, t->c_name), t->pos, what);
    claim(C, arena_printf(C->a, "%s_%s_array_free", C->prefix, t->c_name), t->pos, what);
    claim(C, arena_printf(C->a, "%s_%s_copy", C->prefix, t->c_name), t->pos, what);
    claim(C, arena_printf(C->a, "%s_%s_ALL_COLUMNS", C->PREFIX, T), t->pos, what);
    claim(C, arena_printf(C->a, "%s_%s_FILTER_INIT", C->PREFIX, T), t->pos, what);
    /* The generated source's static names for the table. */
    static const char *const statics[] = {"columns", "array_casts", "oids", "result_oids", "param",
                                          "field", "decode", "table", "filter_view"};
    for (size_t i = 0; i < COUNT(statics); i++)
        claim(C, arena_printf(C->a, "%s_%s", t->c_name, statics[i]), t->pos, what);
    for (size_t i = 0; i < t->ncolumns; i++)
        claim(C, arena_printf(C->a, "%s_%s_COL_%s", C->PREFIX, T, upper(C, t->columns[i]->c_name)),
              t->columns[i]->pos,
              arena_printf(C->a, "column `%s.%s`", t->name, t->columns[i]->name));
}

static tree *table_map(ctx *C, table_info *ti)
{
    const ir_table *t = ti->t;
    tree *m = tree_new_map(C->a);
    put_str(C, m, "name", t->name);
    put_str(C, m, "sql_name", ir_table_sql(C->a, t));
    put_str(C, m, "sql_name_c", c_string(C, ir_table_sql(C->a, t)));
    put_str(C, m, "c_name", t->c_name);
    put_fmt(C, m, "c_type", "%s_%s", C->prefix, t->c_name);
    put_fmt(C, m, "C_NAME", "%s_%s", C->PREFIX, upper(C, t->c_name));
    /* The same, under names no nested map has, for use inside sections. */
    put_str(C, m, "table_c_name", t->c_name);
    put_fmt(C, m, "table_c_type", "%s_%s", C->prefix, t->c_name);
    put_num(C, m, "index", t->index);
    put_str(C, m, "comment", t->comment);
    put_str(C, m, "comment_c", comment_c(C, t->comment));
    put_bool(C, m, "soft_delete", t->soft_delete);
    put_bool(C, m, "timestamps", t->timestamps);
    put_num(C, m, "column_count", t->ncolumns);
    put(m, "columns", ti->columns);
    put_str(C, m, "select_list", ti->select_list);
    put_str(C, m, "select_list_c", c_string(C, ti->select_list));
    /* Heads of find and count, which append WHERE ... from the columns. */
    const char *select_from =
        arena_printf(C->a, "SELECT %s FROM %s", ti->select_list, ir_table_sql(C->a, t));
    const char *count_from = arena_printf(C->a, "SELECT count(*) FROM %s", ir_table_sql(C->a, t));
    put_str(C, m, "select_from", select_from);
    put_str(C, m, "select_from_c", c_string(C, select_from));
    put_str(C, m, "count_from", count_from);
    put_str(C, m, "count_from_c", c_string(C, count_from));
    put_str(C, m, "live", ti->live);
    put_str(C, m, "live_c", t->soft_delete ? c_string(C, ti->live) : "NULL");
    put_fmt(C, m, "deleted_at_index", "%d", ti->deleted_at);

    /* Masks: `masks` as the API spells them (a uint64_t, or the table's
     * mask type), `mask_words` as the words of a uint64_t array. */
    put_str(C, m, "mask_type", ti->mask_type);
    /* A mask's words as a const uint64_t *: &mask, or mask.words. */
    put_str(C, m, "mask_addr", ti->words > 1 ? "" : "&");
    put_str(C, m, "mask_member", ti->words > 1 ? ".words" : "");
    put_bool(C, m, "has_numeric", !cs_empty(&ti->numeric));
    put_bool(C, m, "wide", ti->words > 1);
    put_num(C, m, "words", ti->words);
    tree *masks = tree_new_map(C->a), *words = tree_new_map(C->a);
    const struct {
        const char *name;
        const colset *set;
    } named[] = {
        {"all", &ti->all},
        {"primary_key", &ti->pk},
        {"insert_always", &ti->insert_always},
        {"insert_optional", &ti->insert_optional},
        {"updatable", &ti->updatable},
        {"settable", &ti->settable},
        {"owned", &ti->owned},
        {"insert_never", &ti->insert_never},
        {"numeric", &ti->numeric},
        {"ordered", &ti->ordered},
    };
    for (size_t i = 0; i < COUNT(named); i++) {
        put_str(C, masks, named[i].name, mask_literal(C, named[i].set, ti->words, ti->mask_type));
        put_str(C, words, named[i].name, mask_words_c(C, named[i].set, ti->words));
    }
    put(m, "masks", masks);
    put(m, "mask_words", words);
    put(m, "owned_columns", column_list(C, ti, ti->owned));
    put(m, "insert_optional_columns", column_list(C, ti, ti->insert_optional));
    put_bool(C, m, "has_insert_optional", !cs_empty(&ti->insert_optional));
    put(m, "updatable_columns", column_list(C, ti, ti->updatable));

    tree *pk = tree_new_map(C->a);
    put(pk, "columns", key_list(C, ti, t->primary_key->cols, t->primary_key->columns.n));
    put_num(C, pk, "count", t->primary_key->columns.n);
    put_str(C, pk, "name", t->primary_key->name);
    buf b = BUF_INIT;
    put_col_list(C, &b, "", t->primary_key->cols, t->primary_key->columns.n);
    put_str(C, pk, "sql_columns", take(C, &b));
    buf_free(&b);
    put(m, "primary_key", pk);
    return m;
}

static tree *enum_map(ctx *C, const ir_enum *e)
{
    tree *m = tree_new_map(C->a);
    const char *what = arena_printf(C->a, "enum `%s`", e->qualified);
    put_str(C, m, "name", e->qualified);
    put_str(C, m, "sql_name", ir_object_sql(C->a, e->namespace, e->name));
    put_str(C, m, "c_name", e->c_name);
    put_str(C, m, "c_string", c_string(C, e->qualified));
    put_fmt(C, m, "c_type", "%s_%s", C->prefix, e->c_name);
    put_fmt(C, m, "C_NAME", "%s_%s", C->PREFIX, upper(C, e->c_name));
    put_fmt(C, m, "codec", "%s_%s", C->prefix, e->c_name);
    put_str(C, m, "comment", e->comment);
    put_str(C, m, "comment_c", comment_c(C, e->comment));
    put_num(C, m, "count", e->nvalues);
    bool used = false;
    for (size_t i = 0; i < C->s->ntables && !used; i++)
        for (size_t j = 0; j < C->s->tables[i]->ncolumns && !used; j++)
            used = c_view(C->s->tables[i]->columns[j])->enum_type == e;
    put_bool(C, m, "used", used);
    claim(C, arena_printf(C->a, "%s_%s", C->prefix, e->c_name), e->pos, what);
    claim(C, arena_printf(C->a, "%s_%s_to_string", C->prefix, e->c_name), e->pos, what);
    claim(C, arena_printf(C->a, "%s_%s_from_string", C->prefix, e->c_name), e->pos, what);
    tree *values = tree_new_list(C->a);
    for (size_t i = 0; i < e->nvalues; i++) {
        const ir_enum_value *v = &e->values[i];
        tree *vm = tree_new_map(C->a);
        put_str(C, vm, "name", v->name);
        put_fmt(C, vm, "c_name", "%s_%s_%s", C->PREFIX, upper(C, e->c_name), v->c_name);
        put_str(C, vm, "c_string", c_string(C, v->name));
        put_num(C, vm, "index", i);
        claim(C, tree_string(tree_map_get(vm, "c_name")), v->pos,
              arena_printf(C->a, "value `%s` of enum `%s`", v->name, e->qualified));
        tree_list_push(values, vm);
    }
    mark_ends(C, values);
    put(m, "values", values);
    return m;
}

/* Names the runtime part of the API takes, whatever the schema. */
static void claim_runtime_names(ctx *C, src_pos pos)
{
    static const char *const lower[] = {"db",       "db_init",        "db_status",
                                        "db_error", "db_status_name", "db_discard",
                                        "bytea",    "interval", "db_tx_options",
                                        "db_begin", "db_commit", "db_rollback",
                                        "db_savepoint", "db_savepoint_begin",
                                        "db_savepoint_release", "db_savepoint_rollback",
                                        "db_tx_fn", "db_transact", "db_set_config",
                                        "db_batch", "db_batch_begin", "db_batch_run",
                                        "db_batch_status", "db_batch_free"};
    static const char *const upper_names[] = {
        "OK",          "NOT_FOUND",          "UNIQUE_VIOLATION", "FOREIGN_KEY_VIOLATION",
        "NOT_NULL_VIOLATION", "CHECK_VIOLATION", "ERROR", "H",
        "DB_TX_OPTIONS_INIT"};
    for (size_t i = 0; i < COUNT(lower); i++)
        claim(C, arena_printf(C->a, "%s_%s", C->prefix, lower[i]), pos,
              "the generated API's own types and functions");
    for (size_t i = 0; i < COUNT(upper_names); i++)
        claim(C, arena_printf(C->a, "%s_%s", C->PREFIX, upper_names[i]), pos,
              "the generated API's status codes");
}

static tree *schema_map(ctx *C, const char *version)
{
    const ir_schema *s = C->s;
    tree *m = tree_new_map(C->a);
    put_str(C, m, "name", s->name);
    put_str(C, m, "prefix", C->prefix);
    put_str(C, m, "PREFIX", C->PREFIX);
    put_str(C, m, "comment", s->comment);
    put_str(C, m, "comment_c", comment_c(C, s->comment));
    tree *files = tree_new_list(C->a);
    buf names = BUF_INIT;
    for (size_t i = 0; i < s->nfiles; i++) {
        tree *f = tree_new_map(C->a);
        put_str(C, f, "file", base_name(s->files[i]));
        tree_list_push(files, f);
        buf_printf(&names, "%s%s", i ? ", " : "", base_name(s->files[i]));
    }
    mark_ends(C, files);
    put(m, "files", files);
    put_str(C, m, "header_file", arena_printf(C->a, "%s.h", s->name));
    put_str(C, m, "source_file", arena_printf(C->a, "%s.c", s->name));
    put_str(C, m, "sql_file", arena_printf(C->a, "%s.sql", s->name));
    put_fmt(C, m, "include_guard", "%s_H", C->PREFIX);
    put_str(C, m, "base_header_file", arena_printf(C->a, "%s_base.h", s->name));
    put_fmt(C, m, "base_include_guard", "%s_BASE_H", C->PREFIX);
    put_fmt(C, m, "banner", "Generated by schemac %s from %s (schema %s). Do not edit.", version,
            comment_c(C, buf_cstr(&names)), s->name);
    buf_free(&names);
    return m;
}

/* Which kinds of value and which features the schema uses, so templates
 * can leave out helpers nothing calls. */
static tree *uses_map(ctx *C, bool update, bool upsert, bool arrays)
{
    const ir_schema *s = C->s;
    bool kinds[IR_TYPE_KIND_COUNT] = {false};
    bool nullable = false, strings = false;
    for (size_t i = 0; i < s->ntables; i++)
        for (size_t j = 0; j < s->tables[i]->ncolumns; j++) {
            const ir_column *c = s->tables[i]->columns[j];
            kinds[c_view(c)->kind] = true;
            nullable |= c->nullable;
            strings |= type_of(c_view(c)->kind).owned && c_view(c)->kind != IR_BYTEA;
        }
    bool text = kinds[IR_TEXT] || kinds[IR_VARCHAR] || kinds[IR_CHAR] || kinds[IR_JSON];
    arrays |= upsert;
    tree *m = tree_new_map(C->a);
    put_bool(C, m, "int2", kinds[IR_SMALLINT]);
    put_bool(C, m, "int4", kinds[IR_INTEGER] || kinds[IR_SERIAL]);
    put_bool(C, m, "int8", kinds[IR_BIGINT] || kinds[IR_BIGSERIAL] || kinds[IR_TIME]);
    put_bool(C, m, "float4", kinds[IR_REAL]);
    put_bool(C, m, "float8", kinds[IR_DOUBLE]);
    put_bool(C, m, "bool", kinds[IR_BOOLEAN]);
    put_bool(C, m, "text", text);
    put_bool(C, m, "jsonb", kinds[IR_JSONB]);
    put_bool(C, m, "numeric", kinds[IR_NUMERIC]);
    put_bool(C, m, "date", kinds[IR_DATE]);
    put_bool(C, m, "timestamp", kinds[IR_TIMESTAMP] || kinds[IR_TIMESTAMPTZ]);
    put_bool(C, m, "interval", kinds[IR_INTERVAL]);
    put_bool(C, m, "uuid", kinds[IR_UUID]);
    put_bool(C, m, "bytea", kinds[IR_BYTEA]);
    put_bool(C, m, "enum", kinds[IR_ENUM]);
    put_bool(C, m, "nullable", nullable);
    put_bool(C, m, "strings", strings);
    put_bool(C, m, "update", update);
    put_bool(C, m, "upsert", upsert);
    put_bool(C, m, "arrays", arrays);
    /* Helpers shared by several kinds. */
    put_bool(C, m, "to_int32", kinds[IR_INTEGER] || kinds[IR_SERIAL] || kinds[IR_DATE] ||
                                   kinds[IR_INTERVAL]);
    put_bool(C, m, "text_param", text || kinds[IR_JSONB] || kinds[IR_NUMERIC] || kinds[IR_ENUM]);
    put_bool(C, m, "text_field", text || kinds[IR_ENUM]);
    put_bool(C, m, "bytes_field", text || kinds[IR_ENUM] || kinds[IR_UUID] || kinds[IR_BYTEA]);
    put_bool(C, m, "null_field", nullable || text || kinds[IR_ENUM] || kinds[IR_JSONB] ||
                                     kinds[IR_NUMERIC]);
    put_bool(C, m, "string_decode", text || kinds[IR_JSONB]);
    return m;
}

/* ---- the driver: the schema's part once, then tables on demand ---- */

/* What a table's map needs of other tables, found by context_prepare: a
 * foreign key that points at it, and a many-to-many link that ends at it
 * (with the index its statements have in the whole schema). */
typedef struct incoming_fk {
    const ir_table *table;
    const ir_fk *fk;
} incoming_fk;

typedef struct m2m_link {
    const ir_table *assoc;
    const ir_fk *from, *to;
    size_t first_statement;
} m2m_link;

typedef struct table_plan {
    size_t first_statement; /* index of its first own statement */
    incoming_fk *incoming;
    size_t nincoming, cap_incoming;
    m2m_link *links;
    size_t nlinks, cap_links;
    bool is_association;
} table_plan;

struct context_schema {
    ctx C;
    arena *a; /* the root's and the plans' */
    tree *root;
    table_plan *plans;
};

static const char *mask_type_of(ctx *C, const ir_table *t)
{
    return mask_words(t->ncolumns) == 1 ? "uint64_t"
                                        : arena_printf(C->a, "%s_%s_mask", C->prefix, t->c_name);
}

/* Masks and select lists of t, and its column maps when `columns`. */
static void table_info_init(ctx *C, table_info *ti, const ir_table *t, bool columns)
{
    memset(ti, 0, sizeof *ti);
    ti->t = t;
    ti->words = mask_words(t->ncolumns);
    ti->mask_type = mask_type_of(C, t);
    compute_masks(ti);
    select_lists(C, ti);
    if (!columns)
        return;
    ti->columns = tree_new_list(C->a);
    for (size_t j = 0; j < t->ncolumns; j++)
        tree_list_push(ti->columns, column_map(C, ti, t->columns[j]));
    mark_ends(C, ti->columns);
}

/* A table's map without what other tables give it: empty relations. */
static tree *own_table_map(ctx *C, table_info *ti)
{
    C->table_statements[ti->t->index] = tree_new_list(C->a);
    C->table_keys[ti->t->index] = tree_new_list(C->a);
    tree *tm = table_map(C, ti);
    add_insert(C, ti, tm);
    add_gets(C, ti, tm);
    add_update(C, ti, tm);
    add_upsert(C, ti, tm);
    add_delete(C, ti, tm);
    add_list_count(C, ti, tm);
    add_list_by(C, ti, tm);
    put(tm, "references", tree_new_list(C->a));
    put(tm, "referenced_by", tree_new_list(C->a));
    put(tm, "many_to_many", tree_new_list(C->a));
    put_bool(C, tm, "is_association", false);
    return tm;
}

/* The statements of a many-to-many link, on its target's list. */
static tree *link_map(ctx *C, table_info *target, const m2m_link *l)
{
    table_info assoc;
    table_info_init(C, &assoc, l->assoc, false);
    C->nstatements = l->first_statement;
    /* Joins through another table: SQL the runtime does not build. */
    C->literal = true;
    tree *m = many_to_many(C, target, l->assoc, l->from, l->to, &assoc);
    C->literal = false;
    return m;
}

static void add_link(context_schema *cs, const ir_table *target, m2m_link l)
{
    ctx *C = &cs->C;
    table_plan *p = &cs->plans[target->index];
    p->links = arena_grow(cs->a, p->links, sizeof *p->links, &p->cap_links, p->nlinks + 1);
    p->links[p->nlinks++] = l;
    /* Built once here for its names and its statements' count. */
    table_info ti;
    table_info_init(C, &ti, target, false);
    C->table_statements[target->index] = tree_new_list(C->a);
    C->table_keys[target->index] = tree_new_list(C->a);
    link_map(C, &ti, &l);
}

/* Finds, for every table, what its map needs of the others, and makes the
 * names and statements of every table (in `scratch`, dropped table by
 * table) for the clash checks and the schema-wide counts. Claims in the
 * order one whole build made them, so the errors are the same. */
static void plan_tables(context_schema *cs, arena *scratch, bool *update, bool *upsert,
                        bool *arrays)
{
    ctx *C = &cs->C;
    const ir_schema *s = C->s;
    C->a = scratch;
    for (size_t i = 0; i < s->ntables; i++) {
        const ir_table *t = s->tables[i];
        if (mask_words(t->ncolumns) > 1)
            claim(C, mask_type_of(C, t), t->pos, arena_printf(C->a, "table `%s`", t->name));
        claim_table_names(C, t);
        arena_reset(scratch);
    }
    for (size_t i = 0; i < s->ntables; i++) {
        cs->plans[i].first_statement = C->nstatements;
        /* Without its column maps (the lists made of them are then lists
         * of empty maps): nothing made of them claims a name or adds a
         * statement, and they were a third of this pass. */
        table_info ti;
        table_info_init(C, &ti, s->tables[i], false);
        tree *tm = own_table_map(C, &ti);
        *update |= tree_bool(tree_map_get(tm, "has_update"));
        *upsert |= tree_bool(tree_map_get(tm, "has_upsert"));
        *arrays |= tree_len(tree_map_get(tm, "list_by")) > 0;
        arena_reset(scratch);
    }
    /* Relations: both ends of every foreign key, and many-to-many through
     * association tables (whose primary key is exactly two foreign keys). */
    for (size_t i = 0; i < s->ntables; i++) {
        const ir_table *t = s->tables[i];
        for (size_t j = 0; j < t->nfks; j++) {
            table_plan *p = &cs->plans[t->fks[j]->ref_table->index];
            p->incoming = arena_grow(cs->a, p->incoming, sizeof *p->incoming, &p->cap_incoming,
                                     p->nincoming + 1);
            p->incoming[p->nincoming++] = (incoming_fk){t, t->fks[j]};
        }
        for (size_t j = 0; j < t->nfks; j++)
            for (size_t k = j + 1; k < t->nfks; k++) {
                const ir_fk *f1 = t->fks[j], *f2 = t->fks[k];
                if (!disjoint_cover(t->primary_key, f1, f2))
                    continue;
                cs->plans[i].is_association = true;
                add_link(cs, f2->ref_table, (m2m_link){t, f1, f2, C->nstatements});
                add_link(cs, f1->ref_table, (m2m_link){t, f2, f1, C->nstatements});
                *arrays = true;
                arena_reset(scratch);
            }
    }
    C->a = cs->a;
}

context_schema *context_prepare(arena *a, const ir_schema *s, const char *version, diag *d)
{
    context_schema *cs = arena_alloc(a, sizeof *cs);
    cs->a = a;
    ctx *C = &cs->C;
    *C = (ctx){.a = a, .d = d, .s = s};
    C->prefix = s->name;
    C->PREFIX = upper(C, s->name);
    C->table_statements = arena_alloc(a, (s->ntables ? s->ntables : 1) * sizeof *C->table_statements);
    C->table_keys = arena_alloc(a, (s->ntables ? s->ntables : 1) * sizeof *C->table_keys);
    cs->plans = arena_alloc(a, (s->ntables ? s->ntables : 1) * sizeof *cs->plans);

    size_t max_words = 1;
    for (size_t i = 0; i < s->ntables; i++)
        for (size_t j = 0; j < s->tables[i]->ncolumns; j++) {
            const ir_column *c = s->tables[i]->columns[j];
            const ir_type *ct = c_view(c);
            if ((ct->kind > IR_BYTEA && ct->kind != IR_ENUM) || ct->array_dims) {
                diag_error(d, c->type_pos, "leave the table out of the schema given to generate",
                           "`generate` cannot map column `%s` of type %s to C yet",
                           c->name, ir_type_string(a, &c->type));
                return NULL;
            }
        }
    for (size_t i = 0; i < s->ntables; i++) {
        if (s->tables[i]->ncolumns > CONTEXT_MAX_COLUMNS) {
            diag_error(d, s->tables[i]->pos, "split the table",
                       "table `%s` has %zu columns; PostgreSQL allows at most %d",
                       s->tables[i]->name, s->tables[i]->ncolumns, CONTEXT_MAX_COLUMNS);
            return NULL;
        }
        if (mask_words(s->tables[i]->ncolumns) > max_words)
            max_words = mask_words(s->tables[i]->ncolumns);
    }

    /* The names only live while they are checked. */
    arena names = ARENA_INIT, scratch = ARENA_INIT;
    strmap_init(&C->names, &names);
    tree *root = cs->root = tree_new_map(a);
    put_str(C, root, "schemac_version", version);
    put(root, "schema", schema_map(C, version));
    claim_runtime_names(C, s->name_pos);

    tree *enums = tree_new_list(a);
    for (size_t i = 0; i < s->nenums; i++)
        tree_list_push(enums, enum_map(C, s->enums[i]));
    mark_ends(C, enums);
    put(root, "enums", enums);
    /* Filled by whoever renders tables: context_build with all of them. */
    put(root, "tables", tree_new_list(a));

    bool update = false, upsert = false, arrays = false;
    plan_tables(cs, &scratch, &update, &upsert, &arrays);
    C->claimed = true;
    C->names = (strmap){0};
    arena_free(&names);
    arena_free(&scratch);

    put_num(C, root, "statement_count", C->nstatements);
    /* An array of statement_count flags must have at least one element. */
    put_num(C, root, "statement_slots", C->nstatements ? C->nstatements : 1);
    put_num(C, root, "mask_words", max_words);
    put(root, "uses", uses_map(C, update, upsert, arrays));
    put_bool(C, root, "has_enums", s->nenums > 0);
    put_bool(C, root, "has_tables", s->ntables > 0);
    put_bool(C, root, "long_strings", C->long_strings);
    if (context_add_model_files(a, root, s, d) < 0)
        return NULL;
    return C->failed ? NULL : cs;
}

tree *context_root(const context_schema *cs) { return cs->root; }

/* Table i's whole map: its own part, then what the others give it. */
static tree *table_whole_map(context_schema *cs, size_t i)
{
    ctx *C = &cs->C;
    const ir_table *t = C->s->tables[i];
    const table_plan *p = &cs->plans[i];
    C->nstatements = p->first_statement;
    table_info ti;
    table_info_init(C, &ti, t, true);
    tree *tm = own_table_map(C, &ti);
    tree *refs = tree_map_get(tm, "references"), *by = tree_map_get(tm, "referenced_by");
    tree *m2m = tree_map_get(tm, "many_to_many");
    for (size_t j = 0; j < t->nfks; j++)
        tree_list_push(refs, fk_map(C, t, t->fks[j]));
    for (size_t j = 0; j < p->nincoming; j++)
        tree_list_push(by, fk_map(C, p->incoming[j].table, p->incoming[j].fk));
    put_bool(C, tm, "is_association", p->is_association);
    for (size_t j = 0; j < p->nlinks; j++)
        tree_list_push(m2m, link_map(C, &ti, &p->links[j]));
    mark_ends(C, C->table_statements[i]);
    put(tm, "statements", C->table_statements[i]);
    mark_ends(C, C->table_keys[i]);
    put(tm, "rt_keys", C->table_keys[i]);
    put_num(C, tm, "key_count", tree_len(C->table_keys[i]));
    mark_ends(C, refs);
    mark_ends(C, by);
    mark_ends(C, m2m);
    /* first and last in the schema's tables, whatever list holds it. */
    put_bool(C, tm, "first", i == 0);
    put_bool(C, tm, "last", i + 1 == C->s->ntables);
    return tm;
}

tree *context_tables(context_schema *cs, arena *a, const size_t *indexes, size_t n)
{
    cs->C.a = a;
    tree *list = tree_new_list(a);
    for (size_t i = 0; i < n; i++)
        tree_list_push(list, table_whole_map(cs, indexes[i]));
    cs->C.a = cs->a;
    return list;
}

tree *context_build(arena *a, const ir_schema *s, const char *version, diag *d)
{
    context_schema *cs = context_prepare(a, s, version, d);
    if (!cs)
        return NULL;
    size_t *all = arena_alloc(a, (s->ntables ? s->ntables : 1) * sizeof *all);
    for (size_t i = 0; i < s->ntables; i++)
        all[i] = i;
    tree_map_set(cs->root, "tables", context_tables(cs, a, all, s->ntables));
    return cs->root;
}
