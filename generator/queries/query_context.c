/* query_context: see query_context.h. Types map as the CRUD API maps
 * columns (docs/c-api.md): integers, floats and bool as C scalars, text,
 * numeric and JSON as strings, times as integers, enums as the schema's C
 * enums, uuid as 16 bytes, bytea and interval as the schema's structs.
 * Arrays are parameters only (a pointer and a count). */
#include "query_context.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "c_literal.h"
#include "sha256.h"

typedef struct c_mapping {
    const char *sql;    /* format_type's spelling */
    const char *c_type; /* NULL: the schema's (PREFIX_bytea, PREFIX_interval) */
    const char *codec;  /* runtime helper suffix */
    const char *oid;
    bool owned, numeric;
} c_mapping;

static const c_mapping mappings[] = {
    {"smallint", "int16_t", "int2", "21", false, false},
    {"integer", "int32_t", "int4", "23", false, false},
    {"bigint", "int64_t", "int8", "20", false, false},
    {"real", "float", "float4", "700", false, false},
    {"double precision", "double", "float8", "701", false, false},
    {"numeric", "char *", "numeric", "1700", true, true},
    {"boolean", "bool", "bool", "16", false, false},
    {"text", "char *", "text", "25", true, false},
    {"character varying", "char *", "text", "1043", true, false},
    {"character", "char *", "text", "1042", true, false},
    {"name", "char *", "text", "19", true, false},
    {"json", "char *", "text", "114", true, false},
    {"jsonb", "char *", "jsonb", "3802", true, false},
    {"date", "int32_t", "date", "1082", false, false},
    {"time without time zone", "int64_t", "int8", "1083", false, false},
    {"timestamp without time zone", "int64_t", "timestamp", "1114", false, false},
    {"timestamp with time zone", "int64_t", "timestamp", "1184", false, false},
    {"interval", NULL, "interval", "1186", false, false},
    {"uuid", "uint8_t", "uuid", "2950", false, false},
    {"bytea", NULL, "bytea", "17", true, false},
};

typedef struct qctx {
    arena *a;
    const ir_schema *s;
    const char *prefix, *PREFIX;
    diag *d;
} qctx;

static const char *upper(arena *a, const char *s)
{
    char *u = arena_strdup(a, s);
    for (char *p = u; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return u;
}

static void put_str(qctx *C, tree *m, const char *key, const char *v)
{
    tree_map_set(m, key, tree_new_string(C->a, v));
}

static void put_bool(qctx *C, tree *m, const char *key, bool v)
{
    tree_map_set(m, key, tree_new_bool(C->a, v));
}

/* A C string literal, one per line of SQL. */
static const char *c_string(qctx *C, const char *s) { return c_literal(C->a, s, true); }

/* The SQL inside a block comment: one line, "*\/" broken. */
static const char *comment_sql(qctx *C, const char *s)
{
    buf b = BUF_INIT;
    bool space = false;
    for (const char *p = s; *p; p++) {
        if (isspace((unsigned char)*p)) {
            space = true;
            continue;
        }
        if (space && b.len)
            buf_putc(&b, ' ');
        space = false;
        if (p[0] == '-' && p[1] == '-') { /* a note: not part of the one line */
            while (p[1] && p[1] != '\n')
                p++;
            space = b.len > 0;
            continue;
        }
        /* Neither end of a C comment may appear inside one. */
        if ((*p == '/' && b.len && b.data[b.len - 1] == '*') ||
            (*p == '*' && b.len && b.data[b.len - 1] == '/'))
            buf_putc(&b, ' ');
        buf_putc(&b, *p);
    }
    const char *out = arena_strdup(C->a, buf_cstr(&b));
    buf_free(&b);
    return out;
}

static bool is_c_identifier(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_'))
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

/* Fills m with how `t` looks in C, for a value called `name`. -1 after
 * reporting when it has no mapping. */
static int put_type(qctx *C, tree *m, const query_type *t, const char *name, const query *q,
                    src_pos pos, bool param)
{
    const char *c_type = NULL, *codec = NULL, *oid = "0", *what = "type";
    bool owned = false, numeric = false, uuid = false;
    if (t->is_enum) {
        const ir_enum *e = ir_find_enum(C->s, t->name);
        if (!e)
            return diag_error(C->d, pos, "declare the enum in the schema's models",
                              "query `%s`: %s `%s` has type %s, which is not an enum of the "
                              "schema", q->name, param ? "parameter" : "column", name, t->name);
        c_type = arena_printf(C->a, "%s_%s", C->prefix, e->c_name);
        codec = c_type;
        oid = "25";
        what = "enum";
    } else {
        for (size_t i = 0; i < sizeof mappings / sizeof *mappings; i++)
            if (!strcmp(mappings[i].sql, t->name)) {
                c_type = mappings[i].c_type;
                codec = mappings[i].codec;
                oid = mappings[i].oid;
                owned = mappings[i].owned;
                numeric = mappings[i].numeric;
            }
        if (!codec)
            return diag_error(C->d, pos, "cast it to text (`::text`) or to a type with a C mapping",
                              "query `%s`: %s `%s` has type %s, which has no C mapping", q->name,
                              param ? "parameter" : "column", name, t->name);
        if (!c_type)
            c_type = arena_printf(C->a, "%s_%s", C->prefix, codec);
        uuid = !strcmp(codec, "uuid");
    }
    if (t->array && t->is_enum)
        return diag_error(C->d, pos, "pass the labels as text[] (`@x::text[]`) and cast in SQL",
                          "query `%s`: parameter `%s` is an array of an enum", q->name, name);
    if (t->array && !param)
        return diag_error(C->d, pos, "cast it to text (`::text`), or unnest it",
                          "query `%s`: column `%s` is an array; arrays are parameters only",
                          q->name, name);
    bool string = !strcmp(c_type, "char *");
    const char *member;
    if (t->array)
        member = uuid ? arena_printf(C->a, "const uint8_t (*%s)[16]", name)
                 : string ? arena_printf(C->a, "const char *const *%s", name)
                          : arena_printf(C->a, "const %s *%s", c_type, name);
    else if (uuid)
        member = arena_printf(C->a, "uint8_t %s[16]", name);
    else if (string)
        member = arena_printf(C->a, "const char *%s", name);
    else
        member = arena_printf(C->a, "%s %s", c_type, name);
    put_str(C, m, "member", member);
    put_str(C, m, "c_type", c_type);
    put_str(C, m, "what", what);
    put_str(C, m, "oid", oid);
    put_str(C, m, "result_oid", t->is_enum ? "0" : oid); /* 0: any (an enum's OID varies) */
    bool rt = !t->is_enum;
    put_str(C, m, "param_fn", arena_printf(C->a, rt ? "schemac_rt_param_%s" : "param_%s", codec));
    put_str(C, m, "field_fn", arena_printf(C->a, rt ? "schemac_rt_field_%s" : "field_%s", codec));
    put_str(C, m, "decode_fn",
            arena_printf(C->a, rt ? "schemac_rt_decode_%s" : "decode_%s", codec));
    /* Its runtime descriptor (schemac_rt_column): kind and enum. */
    if (t->is_enum) {
        put_str(C, m, "rt_kind", "SCHEMAC_RT_ENUM");
        put_str(C, m, "enum_ref", arena_printf(C->a, "&schemac_rt_enum_%s", codec));
    } else {
        char *kind = arena_printf(C->a, "SCHEMAC_RT_%s", codec);
        for (char *k = kind; *k; k++)
            *k = (char)toupper((unsigned char)*k);
        put_str(C, m, "rt_kind", kind);
        put_str(C, m, "enum_ref", "NULL");
    }
    put_bool(C, m, "owned", owned && !t->array);
    put_bool(C, m, "bytes", !strcmp(codec, "bytea"));
    put_bool(C, m, "numeric", numeric);
    put_bool(C, m, "uuid", uuid);
    put_bool(C, m, "array", t->array);
    return 0;
}

static void mark_ends(qctx *C, tree *list)
{
    for (size_t i = 0; i < tree_len(list); i++) {
        put_bool(C, tree_list_at(list, i), "first", i == 0);
        put_bool(C, tree_list_at(list, i), "last", i + 1 == tree_len(list));
    }
}

/* The masks of a row of n columns: all, and those that are numeric. */
static void put_masks(qctx *C, tree *m, const query *q, const bool *numeric)
{
    size_t words = q->ncolumns ? (q->ncolumns + 63) / 64 : 1;
    buf all = BUF_INIT, num = BUF_INIT;
    bool any = false;
    for (size_t w = 0; w < words; w++) {
        unsigned long long a = 0, n = 0;
        for (size_t c = w * 64; c < q->ncolumns && c < w * 64 + 64; c++) {
            a |= 1ULL << (c % 64);
            if (numeric[c])
                n |= 1ULL << (c % 64), any = true;
        }
        buf_printf(&all, "%sUINT64_C(0x%llx)", w ? ", " : "", a);
        buf_printf(&num, "%sUINT64_C(0x%llx)", w ? ", " : "", n);
    }
    put_str(C, m, "words", arena_printf(C->a, "%zu", words));
    put_str(C, m, "all_mask", buf_cstr(&all));
    put_str(C, m, "numeric_mask", buf_cstr(&num));
    put_bool(C, m, "any_numeric", any);
    buf_free(&all);
    buf_free(&num);
}

/* A mask literal with the first n bits set, in (n + 63) / 64 words. */
static const char *mask_of(qctx *C, size_t n)
{
    buf b = BUF_INIT;
    for (size_t w = 0; w == 0 || w * 64 < n; w++) {
        size_t bits = n - w * 64 < 64 ? n - w * 64 : 64;
        unsigned long long m = bits == 64 ? ~0ULL : (1ULL << bits) - 1;
        buf_printf(&b, "%sUINT64_C(0x%llx)", w ? ", " : "", m);
    }
    const char *out = arena_strdup(C->a, buf_cstr(&b));
    buf_free(&b);
    return out;
}

static tree *query_map(qctx *C, const query *q)
{
    tree *m = tree_new_map(C->a);
    const char *c_name = arena_printf(C->a, "%s_%s", C->prefix, q->name);
    put_str(C, m, "name", q->name);
    put_str(C, m, "c_name", c_name);
    put_str(C, m, "file", q->file);
    put_str(C, m, "kind", query_kind_name(q->kind));
    for (int k = QUERY_ONE; k <= QUERY_COPYFROM; k++)
        put_bool(C, m, query_kind_name((query_kind)k), (int)q->kind == k);
    put_bool(C, m, "returns_rows", q->kind == QUERY_ONE || q->kind == QUERY_MANY);
    put_str(C, m, "sql_c", c_string(C, q->sql));
    put_str(C, m, "sql_comment", comment_sql(C, q->sql));
    char hash[SHA256_HEX_SIZE];
    sha256_hex(q->sql, strlen(q->sql), hash);
    put_str(C, m, "statement", arena_printf(C->a, "%s_q_%s_%.16s", C->prefix, q->name, hash));
    int err = 0;
    tree *params = tree_new_list(C->a);
    size_t narrays = 0;
    for (size_t i = 0; i < q->nparams; i++) {
        const query_param *p = &q->params[i];
        tree *pm = tree_new_map(C->a);
        const char *name = p->name;
        if (!is_c_identifier(name))
            name = arena_printf(C->a, "p%zu", i + 1);
        put_str(C, pm, "c_name", name);
        put_str(C, pm, "row_type", arena_printf(C->a, "%s_params", c_name));
        put_str(C, pm, "index", arena_printf(C->a, "%zu", i));
        put_bool(C, pm, "nullable", p->nullable);
        if (p->type.array && q->kind == QUERY_COPYFROM)
            err = diag_error(C->d, p->pos, "COPY sends scalars here: insert arrays with :exec",
                             "query `%s`: a :copyfrom parameter cannot be an array", q->name);
        if (put_type(C, pm, &p->type, name, q, p->pos, true) < 0)
            err = -1;
        if (p->type.array)
            put_str(C, pm, "array_index", arena_printf(C->a, "%zu", narrays++));
        tree_list_push(params, pm);
    }
    mark_ends(C, params);
    tree_map_set(m, "params", params);
    put_bool(C, m, "has_params", q->nparams > 0);
    put_str(C, m, "nparams", arena_printf(C->a, "%zu", q->nparams ? q->nparams : 1));
    put_str(C, m, "narrays", arena_printf(C->a, "%zu", narrays ? narrays : 1));
    put_bool(C, m, "has_arrays", narrays > 0);
    tree *columns = tree_new_list(C->a);
    bool *numeric = arena_alloc(C->a, q->ncolumns + 1);
    for (size_t i = 0; i < q->ncolumns; i++) {
        const query_column *c = &q->columns[i];
        tree *cm = tree_new_map(C->a);
        if (!is_c_identifier(c->name)) {
            err = diag_error(C->d, q->pos, "name it with AS",
                             "query `%s`: result column %zu is named `%s`, not a C identifier",
                             q->name, i + 1, c->name);
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(q->columns[j].name, c->name))
                err = diag_error(C->d, q->pos, "give each result column its own name with AS",
                                 "query `%s`: two result columns are named `%s`", q->name,
                                 c->name);
        put_str(C, cm, "c_name", c->name);
        put_str(C, cm, "row_type", arena_printf(C->a, "%s_row", c_name));
        put_str(C, cm, "sql_name", c_string(C, c->name));
        put_bool(C, cm, "nullable", c->nullable);
        put_str(C, cm, "source", c->source ? c->source : "an expression");
        put_str(C, cm, "index", arena_printf(C->a, "%zu", i));
        if (put_type(C, cm, &c->type, c->name, q, q->pos, false) < 0)
            err = -1;
        numeric[i] = !c->type.is_enum && !strcmp(c->type.name, "numeric");
        tree_list_push(columns, cm);
    }
    mark_ends(C, columns);
    tree_map_set(m, "columns", columns);
    put_masks(C, m, q, numeric);
    if ((q->kind == QUERY_ONE || q->kind == QUERY_MANY) && !q->ncolumns)
        err = diag_error(C->d, q->pos, "use :exec or :execrows for a statement without rows",
                         "query `%s` is :%s but returns no columns", q->name,
                         query_kind_name(q->kind));
    if (q->kind == QUERY_COPYFROM) {
        put_str(C, m, "copy_table", c_string(C, q->copy_table));
        for (size_t i = 0; i < q->nparams; i++)
            put_str(C, tree_list_at(params, i), "copy_column", c_string(C, q->copy_columns[i]));
        put_str(C, m, "copy_mask", mask_of(C, q->nparams));
        put_str(C, m, "copy_words", arena_printf(C->a, "%zu", q->nparams ? (q->nparams + 63) / 64 : 1));
    }
    return err < 0 ? NULL : m;
}

tree *query_context(arena *a, const ir_schema *s, const query_set *set, const char *version,
                    diag *d)
{
    qctx C = {a, s, s->name, upper(a, s->name), d};
    tree *root = tree_new_map(a);
    put_str(&C, root, "schemac_version", version);
    put_str(&C, root, "prefix", C.prefix);
    put_str(&C, root, "PREFIX", C.PREFIX);
    put_str(&C, root, "header_file", arena_printf(a, "%s.queries.h", s->name));
    put_str(&C, root, "guard", arena_printf(a, "%s_QUERIES_H", C.PREFIX));
    tree *queries = tree_new_list(a);
    int err = 0;
    for (size_t i = 0; i < set->n; i++) {
        tree *m = query_map(&C, set->items[i]);
        if (!m)
            err = -1;
        else
            tree_list_push(queries, m);
    }
    mark_ends(&C, queries);
    tree_map_set(root, "queries", queries);
    return err < 0 ? NULL : root;
}
