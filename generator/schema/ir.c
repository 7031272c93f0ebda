/* ir: construction, lookup, types and naming rules of the schema model. */
#include "ir.h"

#include "buf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ir_schema *ir_schema_new(void)
{
    arena a = ARENA_INIT;
    ir_schema *s = arena_alloc(&a, sizeof *s);
    s->arena = a;
    strmap_init(&s->table_map, &s->arena);
    strmap_init(&s->enum_map, &s->arena);
    strmap_init(&s->domain_map, &s->arena);
    strmap_init(&s->extension_map, &s->arena);
    return s;
}

void ir_schema_free(ir_schema *s)
{
    if (!s)
        return;
    arena a = s->arena; /* s itself lives in the arena */
    arena_free(&a);
}

#define APPEND(s, array, count, cap, item)                                     \
    do {                                                                       \
        size_t cap_ = (cap);                                                   \
        (array) = arena_grow(&(s)->arena, (array), sizeof *(array), &cap_, (count) + 1); \
        (cap) = cap_;                                                          \
        (array)[(count)++] = (item);                                           \
    } while (0)

ir_table *ir_schema_add_table(ir_schema *s, ir_table *t)
{
    if (!t->qualified)
        t->qualified = ir_qualified_name(&s->arena, t->namespace, t->name);
    ir_table *prev = strmap_put(&s->table_map, t->qualified, t);
    if (prev)
        return prev;
    t->index = s->ntables;
    APPEND(s, s->tables, s->ntables, s->cap_tables, t);
    if (!t->column_map.arena)
        strmap_init(&t->column_map, &s->arena);
    return t;
}

ir_enum *ir_schema_add_enum(ir_schema *s, ir_enum *e)
{
    if (!e->qualified)
        e->qualified = ir_qualified_name(&s->arena, e->namespace, e->name);
    ir_enum *prev = strmap_put(&s->enum_map, e->qualified, e);
    if (prev)
        return prev;
    APPEND(s, s->enums, s->nenums, s->cap_enums, e);
    return e;
}

ir_domain *ir_schema_add_domain(ir_schema *s, ir_domain *d)
{
    if (!d->qualified)
        d->qualified = ir_qualified_name(&s->arena, d->namespace, d->name);
    ir_domain *prev = strmap_put(&s->domain_map, d->qualified, d);
    if (prev)
        return prev;
    APPEND(s, s->domains, s->ndomains, s->cap_domains, d);
    return d;
}

ir_extension *ir_schema_add_extension(ir_schema *s, ir_extension *x)
{
    ir_extension *prev = strmap_put(&s->extension_map, x->name, x);
    if (prev)
        return prev;
    APPEND(s, s->extensions, s->nextensions, s->cap_extensions, x);
    return x;
}

/* Per-table arrays are small; capacity is recomputed from the count (powers
 * of two from 8), so tables need no capacity fields. */
static size_t cap_for(size_t n)
{
    if (n == 0)
        return 0;
    size_t c = 8;
    while (c < n)
        c *= 2;
    return c;
}

#define APPEND_SMALL(s, array, count, item)                                    \
    do {                                                                       \
        size_t cap_ = cap_for(count);                                          \
        (array) = arena_grow(&(s)->arena, (array), sizeof *(array), &cap_, (count) + 1); \
        (array)[(count)++] = (item);                                           \
    } while (0)

ir_column *ir_table_add_column(ir_schema *s, ir_table *t, ir_column *c)
{
    if (!t->column_map.arena)
        strmap_init(&t->column_map, &s->arena);
    ir_column *prev = strmap_put(&t->column_map, c->name, c);
    if (prev)
        return prev;
    c->table = t;
    c->index = t->ncolumns;
    APPEND_SMALL(s, t->columns, t->ncolumns, c);
    return c;
}

void ir_table_add_unique(ir_schema *s, ir_table *t, ir_key *k) { APPEND_SMALL(s, t->uniques, t->nuniques, k); }
void ir_table_add_index(ir_schema *s, ir_table *t, ir_index *ix) { APPEND_SMALL(s, t->indexes, t->nindexes, ix); }

void ir_table_add_exclusion(ir_schema *s, ir_table *t, ir_exclusion *x)
{
    APPEND_SMALL(s, t->exclusions, t->nexclusions, x);
}

void ir_table_add_partition(ir_schema *s, ir_table *t, ir_partition *p)
{
    APPEND_SMALL(s, t->partitions, t->npartitions, p);
}

bool ir_key_has(const ir_key *k, const ir_column *c)
{
    for (size_t i = 0; k->cols && i < k->columns.n; i++)
        if (k->cols[i] == c)
            return true;
    return false;
}

const ir_index_elem *ir_index_elem_at(const ir_index *ix, size_t i)
{
    static const ir_index_elem plain;
    return ix->elems ? &ix->elems[i] : &plain;
}

const char *ir_deferrable_sql(ir_deferrable d)
{
    return d == IR_INITIALLY_DEFERRED ? " DEFERRABLE INITIALLY DEFERRED"
           : d == IR_DEFERRABLE        ? " DEFERRABLE"
                                       : "";
}

bool ir_index_elem_is_plain(const ir_index *ix, size_t i)
{
    const ir_index_elem *e = ir_index_elem_at(ix, i);
    return !e->expression && !e->opclass && !e->collation;
}
void ir_table_add_fk(ir_schema *s, ir_table *t, ir_fk *fk) { APPEND_SMALL(s, t->fks, t->nfks, fk); }
void ir_table_add_check(ir_schema *s, ir_table *t, ir_check *c) { APPEND_SMALL(s, t->checks, t->nchecks, c); }
void ir_domain_add_check(ir_schema *s, ir_domain *d, ir_check *c) { APPEND_SMALL(s, d->checks, d->nchecks, c); }

const char *const ir_privilege_names[IR_PRIV_COUNT] = {
    "select", "insert", "update", "delete", "truncate", "references", "trigger",
};
const char *const ir_privilege_sql[IR_PRIV_COUNT] = {
    "SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER",
};
const char *const ir_seed_policy_names[3] = {"insert_missing", "upsert", "sync"};
const char *const ir_partition_method_names[4] = {"", "range", "list", "hash"};

static void put_bound_values(buf *b, const ir_bound_value *v, size_t n)
{
    static const char *const words[] = {NULL, "MINVALUE", "MAXVALUE", "NULL"};
    buf_putc(b, '(');
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_puts(b, ", ");
        if (v[i].kind != IR_BOUND_VALUE) {
            buf_puts(b, words[v[i].kind]);
            continue;
        }
        buf_putc(b, '\'');
        for (const char *p = v[i].text; *p; p++) {
            if (*p == '\'')
                buf_putc(b, '\'');
            buf_putc(b, *p);
        }
        buf_putc(b, '\'');
    }
    buf_putc(b, ')');
}

const char *ir_partition_bound_sql(arena *a, const ir_partition *p)
{
    if (p->is_default)
        return "DEFAULT";
    buf b = BUF_INIT;
    if (p->nfrom || p->nto) {
        buf_puts(&b, "FOR VALUES FROM ");
        put_bound_values(&b, p->from, p->nfrom);
        buf_puts(&b, " TO ");
        put_bound_values(&b, p->to, p->nto);
    } else if (p->nvalues) {
        buf_puts(&b, "FOR VALUES IN ");
        put_bound_values(&b, p->values, p->nvalues);
    } else {
        buf_printf(&b, "FOR VALUES WITH (MODULUS %lld, REMAINDER %lld)", p->modulus,
                   p->remainder);
    }
    const char *sql = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return sql;
}

void ir_table_add_grant(ir_schema *s, ir_table *t, ir_grant *g) { APPEND_SMALL(s, t->grants, t->ngrants, g); }
void ir_table_add_policy(ir_schema *s, ir_table *t, ir_policy *p)
{
    APPEND_SMALL(s, t->policies, t->npolicies, p);
}
void ir_schema_add_grant(ir_schema *s, ir_grant *g) { APPEND_SMALL(s, s->grants, s->ngrants, g); }
void ir_schema_add_role(ir_schema *s, ir_role *r) { APPEND_SMALL(s, s->roles, s->nroles, r); }

ir_table *ir_find_table(const ir_schema *s, const char *name) { return strmap_get(&s->table_map, name); }
ir_enum *ir_find_enum(const ir_schema *s, const char *name) { return strmap_get(&s->enum_map, name); }
ir_domain *ir_find_domain(const ir_schema *s, const char *name) { return strmap_get(&s->domain_map, name); }
ir_extension *ir_find_extension(const ir_schema *s, const char *name)
{
    return strmap_get(&s->extension_map, name);
}
ir_column *ir_find_column(const ir_table *t, const char *name)
{
    return t->column_map.arena ? strmap_get(&t->column_map, name) : NULL;
}

/* ---- types ---- */

static const char *const type_names[] = {
    [IR_SMALLINT] = "smallint",       [IR_INTEGER] = "integer",   [IR_BIGINT] = "bigint",
    [IR_SERIAL] = "serial",           [IR_BIGSERIAL] = "bigserial", [IR_REAL] = "real",
    [IR_DOUBLE] = "double precision", [IR_NUMERIC] = "numeric",   [IR_BOOLEAN] = "boolean",
    [IR_TEXT] = "text",               [IR_VARCHAR] = "varchar",   [IR_CHAR] = "char",
    [IR_DATE] = "date",               [IR_TIME] = "time",         [IR_TIMESTAMP] = "timestamp",
    [IR_TIMESTAMPTZ] = "timestamptz", [IR_INTERVAL] = "interval", [IR_UUID] = "uuid",
    [IR_JSON] = "json",               [IR_JSONB] = "jsonb",       [IR_BYTEA] = "bytea",
    [IR_INET] = "inet",               [IR_CIDR] = "cidr",         [IR_MACADDR] = "macaddr",
    [IR_MACADDR8] = "macaddr8",       [IR_TSVECTOR] = "tsvector", [IR_TSQUERY] = "tsquery",
    [IR_XML] = "xml",                 [IR_INT4RANGE] = "int4range", [IR_INT8RANGE] = "int8range",
    [IR_NUMRANGE] = "numrange",       [IR_TSRANGE] = "tsrange",   [IR_TSTZRANGE] = "tstzrange",
    [IR_DATERANGE] = "daterange",     [IR_BIT] = "bit",           [IR_VARBIT] = "varbit",
    [IR_ENUM] = "enum",               [IR_DOMAIN] = "domain",     [IR_EXTENSION_TYPE] = "extension",
};

static const struct {
    const char *name;
    ir_type_kind kind;
} type_aliases[] = {
    {"int", IR_INTEGER},
    {"int2", IR_SMALLINT},
    {"int4", IR_INTEGER},
    {"int8", IR_BIGINT},
    {"serial4", IR_SERIAL},
    {"serial8", IR_BIGSERIAL},
    {"float4", IR_REAL},
    {"float8", IR_DOUBLE},
    {"bool", IR_BOOLEAN},
    {"decimal", IR_NUMERIC},
    {"character varying", IR_VARCHAR},
    {"character", IR_CHAR},
    {"timestamp with time zone", IR_TIMESTAMPTZ},
    {"timestamp without time zone", IR_TIMESTAMP},
    {"time without time zone", IR_TIME},
    {"bit varying", IR_VARBIT},
};

/* Types that extensions shipped with PostgreSQL define, by extension. A
 * column may use one when the schema lists its extension. */
static const struct {
    const char *type, *extension;
} extension_types[] = {
    {"citext", "citext"}, {"hstore", "hstore"}, {"ltree", "ltree"}, {"lquery", "ltree"},
    {"ltxtquery", "ltree"}, {"cube", "cube"},   {"seg", "seg"},     {"isbn", "isn"},
    {"isbn13", "isn"},    {"issn", "isn"},      {"issn13", "isn"},  {"ismn", "isn"},
    {"ismn13", "isn"},    {"ean13", "isn"},     {"upc", "isn"},
};

/* The fields an interval may be limited to, as PostgreSQL spells them. */
static const char *const interval_fields[] = {
    "year",          "month",          "day",           "hour",           "minute",
    "second",        "year to month",  "day to hour",   "day to minute",  "day to second",
    "hour to minute", "hour to second", "minute to second",
};

const char *ir_type_kind_name(ir_type_kind k) { return type_names[k]; }

const char *ir_extension_of_type(const char *type)
{
    for (size_t i = 0; i < sizeof extension_types / sizeof *extension_types; i++)
        if (!strcmp(extension_types[i].type, type))
            return extension_types[i].extension;
    return NULL;
}

bool ir_type_is_integer(ir_type_kind k)
{
    return k == IR_SMALLINT || k == IR_INTEGER || k == IR_BIGINT || k == IR_SERIAL ||
           k == IR_BIGSERIAL;
}

ir_type_kind ir_type_reference_kind(ir_type_kind k)
{
    if (k == IR_SERIAL)
        return IR_INTEGER;
    if (k == IR_BIGSERIAL)
        return IR_BIGINT;
    return k;
}

bool ir_type_is_named(ir_type_kind k)
{
    return k == IR_ENUM || k == IR_DOMAIN || k == IR_EXTENSION_TYPE;
}

/* Reads "(n)" or "(p,s)" after a type name. Returns the number of values
 * read (0 when there are no parentheses) or -1 when malformed. */
static int parse_params(const char *p, long v[2])
{
    while (*p == ' ')
        p++;
    if (!*p)
        return 0;
    if (*p != '(')
        return -1;
    int n = 0;
    p++;
    for (;;) {
        while (*p == ' ')
            p++;
        bool minus = *p == '-';
        if (!isdigit((unsigned char)p[minus]) || n == 2)
            return -1;
        char *end;
        v[n] = strtol(p, &end, 10);
        /* Too many digits: out of every range, let the caller say which. */
        if (end - p > 9)
            v[n] = minus ? -1000000000 : 1000000000;
        n++;
        p = end;
        while (*p == ' ')
            p++;
        if (*p == ',') {
            p++;
            continue;
        }
        if (*p != ')')
            return -1;
        p++;
        while (*p == ' ')
            p++;
        return *p ? -1 : n;
    }
}

/* Strips trailing "[]" pairs from `lower` (in place) and counts them;
 * -1 when a bracket holds a size or is unbalanced. */
static int strip_array(char *lower)
{
    int dims = 0;
    size_t n = strlen(lower);
    for (;;) {
        while (n && lower[n - 1] == ' ')
            n--;
        if (!n || lower[n - 1] != ']')
            break;
        size_t open = n - 1;
        while (open && lower[open - 1] != '[')
            open--;
        if (!open || open != n - 1)
            return -1;
        n = open - 1;
        dims++;
    }
    lower[n] = '\0';
    return strchr(lower, '[') || strchr(lower, ']') ? -1 : dims;
}

/* `timestamp(3) with time zone`: moves the words after the parameters
 * before them, so the name reads `timestamp with time zone(3)`. */
static void move_zone_words(char *lower)
{
    char *open = strchr(lower, '('), *close = open ? strchr(open, ')') : NULL;
    if (!close || !close[1])
        return;
    const char *tail = close + 1;
    while (*tail == ' ')
        tail++;
    if (strncmp(tail, "with", 4) != 0)
        return;
    char moved[80];
    snprintf(moved, sizeof moved, "%.*s %s%.*s", (int)(open - lower), lower, tail,
             (int)(close + 1 - open), open);
    strcpy(lower, moved);
}

static bool word_is(const char *p, size_t n, const char *word)
{
    return strlen(word) == n && !memcmp(p, word, n);
}

int ir_type_parse(const char *text, ir_type *out, const char **why)
{
    memset(out, 0, sizeof *out);
    char lower[80];
    size_t n = strlen(text);
    if (n >= sizeof lower)
        return -1;
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)tolower((unsigned char)text[i]);
    int dims = strip_array(lower);
    if (dims < 0) {
        *why = "PostgreSQL does not enforce array sizes; write [] for each dimension";
        return -2;
    }
    if (dims > 6) {
        *why = "arrays have at most 6 dimensions";
        return -2;
    }
    out->array_dims = dims;
    move_zone_words(lower);
    /* Split the name from its parameters. */
    char *paren = strchr(lower, '(');
    size_t name_len = paren ? (size_t)(paren - lower) : strlen(lower);
    while (name_len && lower[name_len - 1] == ' ')
        name_len--;
    size_t params_at = name_len;
    /* `interval day to second`: the fields follow the name. */
    if (name_len > 9 && !memcmp(lower, "interval ", 9)) {
        for (size_t i = 0; i < sizeof interval_fields / sizeof *interval_fields; i++)
            if (word_is(lower + 9, name_len - 9, interval_fields[i]))
                out->fields = interval_fields[i];
        if (!out->fields) {
            *why = "unknown interval fields; write e.g. interval day to second or interval "
                   "year to month";
            return -2;
        }
        name_len = 8;
    }
    int kind = -1;
    for (size_t i = 0; i < IR_ENUM; i++)
        if (word_is(lower, name_len, type_names[i]))
            kind = (int)i;
    for (size_t i = 0; kind < 0 && i < sizeof type_aliases / sizeof *type_aliases; i++)
        if (word_is(lower, name_len, type_aliases[i].name))
            kind = (int)type_aliases[i].kind;
    if (kind < 0 && word_is(lower, name_len, "money")) {
        *why = "not supported: its text follows the server's lc_monetary, so values do not "
               "round-trip between servers; use numeric(p,2) and a currency column";
        return -2;
    }
    for (size_t i = 0; kind < 0 && i < sizeof extension_types / sizeof *extension_types; i++)
        if (word_is(lower, name_len, extension_types[i].type)) {
            kind = IR_EXTENSION_TYPE;
            out->enum_name = extension_types[i].type;
        }
    if (kind < 0)
        return -1;
    out->kind = (ir_type_kind)kind;
    if (dims && (kind == IR_SERIAL || kind == IR_BIGSERIAL)) {
        *why = "serial has no array type; use integer[] or bigint[]";
        return -2;
    }
    long v[2] = {0, 0};
    int np = parse_params(lower + params_at, v);
    if (np < 0) {
        *why = "malformed type parameters; write e.g. varchar(255) or numeric(10,2)";
        return -2;
    }
    switch (out->kind) {
    case IR_VARCHAR:
    case IR_CHAR:
        if (np > 1) {
            *why = "takes one length parameter";
            return -2;
        }
        if (np == 1 && (v[0] < 1 || v[0] > 10485760)) {
            *why = "length must be between 1 and 10485760";
            return -2;
        }
        out->length = np ? (int)v[0] : (out->kind == IR_CHAR ? 1 : 0);
        return 0;
    case IR_BIT:
    case IR_VARBIT:
        if (np > 1) {
            *why = "takes one length parameter";
            return -2;
        }
        if (np == 1 && (v[0] < 1 || v[0] > 83886080)) {
            *why = "length must be between 1 and 83886080";
            return -2;
        }
        out->length = np ? (int)v[0] : (out->kind == IR_BIT ? 1 : 0);
        return 0;
    case IR_NUMERIC:
        if (np >= 1 && (v[0] < 1 || v[0] > 1000)) {
            *why = "precision must be between 1 and 1000";
            return -2;
        }
        if (np == 2 && (v[1] < 0 || v[1] > v[0])) {
            *why = "scale must be between 0 and the precision";
            return -2;
        }
        out->precision = np >= 1 ? (int)v[0] : 0;
        out->scale = np == 2 ? (int)v[1] : 0;
        return 0;
    case IR_TIME:
    case IR_TIMESTAMP:
    case IR_TIMESTAMPTZ:
    case IR_INTERVAL:
        if (np > 1) {
            *why = "takes one precision parameter (digits of fractional seconds)";
            return -2;
        }
        if (np == 1 && (v[0] < 0 || v[0] > 6)) {
            *why = "precision must be between 0 and 6";
            return -2;
        }
        if (np == 1 && out->fields && !strstr(out->fields, "second")) {
            *why = "a precision needs fields ending in second";
            return -2;
        }
        out->has_precision = np == 1;
        out->precision = np ? (int)v[0] : 0;
        return 0;
    default:
        if (np != 0) {
            *why = "takes no parameters";
            return -2;
        }
        return 0;
    }
}

/* The name with its parameters, `zone` written after them
 * (`timestamp(3) with time zone`). */
static const char *with_precision(arena *a, const ir_type *t, const char *name, const char *zone)
{
    if (t->fields)
        return t->has_precision ? arena_printf(a, "%s %s(%d)", name, t->fields, t->precision)
                                : arena_printf(a, "%s %s", name, t->fields);
    if (t->has_precision)
        return arena_printf(a, "%s(%d)%s", name, t->precision, zone);
    return zone[0] ? arena_printf(a, "%s%s", name, zone) : name;
}

static const char *with_dims(arena *a, const ir_type *t, const char *base)
{
    if (!t->array_dims)
        return base;
    buf b = BUF_INIT;
    buf_puts(&b, base);
    for (int i = 0; i < t->array_dims; i++)
        buf_puts(&b, "[]");
    const char *s = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

/* The type without its array dimensions, as written in schema files. */
static const char *base_type_string(arena *a, const ir_type *t)
{
    switch (t->kind) {
    case IR_VARCHAR:
        return t->length ? arena_printf(a, "varchar(%d)", t->length) : "varchar";
    case IR_CHAR:
        return arena_printf(a, "char(%d)", t->length ? t->length : 1);
    case IR_BIT:
        return arena_printf(a, "bit(%d)", t->length ? t->length : 1);
    case IR_VARBIT:
        return t->length ? arena_printf(a, "varbit(%d)", t->length) : "varbit";
    case IR_NUMERIC:
        if (!t->precision)
            return "numeric";
        if (!t->scale)
            return arena_printf(a, "numeric(%d)", t->precision);
        return arena_printf(a, "numeric(%d,%d)", t->precision, t->scale);
    case IR_TIME:
    case IR_TIMESTAMP:
    case IR_TIMESTAMPTZ:
    case IR_INTERVAL:
        return with_precision(a, t, type_names[t->kind], "");
    case IR_ENUM:
    case IR_DOMAIN:
    case IR_EXTENSION_TYPE:
        return t->enum_name;
    default:
        return type_names[t->kind];
    }
}

const char *ir_type_string(arena *a, const ir_type *t)
{
    return with_dims(a, t, base_type_string(a, t));
}

const char *ir_type_sql(arena *a, const ir_type *t)
{
    const char *base;
    switch (t->kind) {
    case IR_VARCHAR:
        base = t->length ? arena_printf(a, "character varying(%d)", t->length)
                         : "character varying";
        break;
    case IR_CHAR:
        base = arena_printf(a, "character(%d)", t->length ? t->length : 1);
        break;
    case IR_VARBIT:
        base = t->length ? arena_printf(a, "bit varying(%d)", t->length) : "bit varying";
        break;
    case IR_TIME:
        base = with_precision(a, t, "time", " without time zone");
        break;
    case IR_TIMESTAMP:
        base = with_precision(a, t, "timestamp", " without time zone");
        break;
    case IR_TIMESTAMPTZ:
        base = with_precision(a, t, "timestamp", " with time zone");
        break;
    case IR_ENUM:
    case IR_DOMAIN:
        /* Resolved (by validate), in its namespace. */
        base = t->enum_type ? ir_object_sql(a, t->enum_type->namespace, t->enum_type->name)
               : t->domain  ? ir_object_sql(a, t->domain->namespace, t->domain->name)
                            : ir_quote_ident(a, t->enum_name);
        break;
    default:
        base = base_type_string(a, t);
    }
    return with_dims(a, t, base);
}

/* ---- foreign key actions ---- */

static const char *const fk_action_names[] = {"no_action", "restrict", "cascade", "set_null",
                                              "set_default"};
static const char *const fk_action_sql[] = {"NO ACTION", "RESTRICT", "CASCADE", "SET NULL",
                                            "SET DEFAULT"};

const char *ir_fk_action_name(ir_fk_action a) { return fk_action_names[a]; }
const char *ir_fk_action_sql(ir_fk_action a) { return fk_action_sql[a]; }

int ir_fk_action_parse(const char *text, ir_fk_action *out)
{
    for (size_t i = 0; i < sizeof fk_action_names / sizeof *fk_action_names; i++)
        if (!strcmp(text, fk_action_names[i])) {
            *out = (ir_fk_action)i;
            return 0;
        }
    return -1;
}

/* ---- names ---- */

/* Bytes of `s` that fit in `limit` without splitting a UTF-8 sequence. */
static size_t clip_utf8(const char *s, size_t len, size_t limit)
{
    if (len <= limit)
        return len;
    size_t n = limit;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

const char *ir_object_name(arena *a, const char *name1, const char *name2, const char *label)
{
    size_t overhead = (name2 ? 1 : 0) + (label ? strlen(label) + 1 : 0);
    size_t avail = overhead < IR_NAME_MAX ? IR_NAME_MAX - overhead : 0;
    size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
    /* As PostgreSQL's makeObjectName: shorten the longer part first. */
    while (n1 + n2 > avail) {
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    n1 = clip_utf8(name1, strlen(name1), n1);
    if (name2)
        n2 = clip_utf8(name2, strlen(name2), n2);
    /* Built by hand: this runs for every key and index of the schema. */
    size_t nl = label ? strlen(label) : 0;
    char *out = arena_alloc(a, n1 + n2 + nl + 3), *w = out;
    memcpy(w, name1, n1);
    w += n1;
    if (name2) {
        *w++ = '_';
        memcpy(w, name2, n2);
        w += n2;
    }
    if (label) {
        *w++ = '_';
        memcpy(w, label, nl);
        w += nl;
    }
    *w = '\0';
    return out;
}

/* PostgreSQL's reserved key words (those quote_ident must quote). */
/* Sorted for bsearch. Besides the reserved words, the column-name key
 * words that cannot stand bare everywhere (up to PostgreSQL 17's JSON
 * ones): quoting them is always safe. */
static const char *const sql_reserved[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
    "authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast",
    "char", "character", "check", "coalesce", "collate", "collation", "column", "concurrently",
    "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
    "current_schema", "current_time", "current_timestamp", "current_user", "dec", "decimal",
    "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists",
    "extract", "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant",
    "greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner", "inout",
    "int", "integer", "intersect", "interval", "into", "is", "isnull", "join", "json",
    "json_array", "json_arrayagg", "json_exists", "json_object", "json_objectagg", "json_query",
    "json_scalar", "json_serialize", "json_table", "json_value", "lateral", "leading", "least",
    "left", "like", "limit", "localtime", "localtimestamp", "merge_action", "national",
    "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric",
    "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing",
    "position", "precision", "primary", "real", "references", "returning", "right", "row",
    "select", "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric",
    "system_user", "table", "tablesample", "then", "time", "timestamp", "to", "trailing",
    "treat", "trim", "true", "union", "unique", "user", "using", "values", "varchar",
    "variadic", "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat",
    "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
    "xmlserialize", "xmltable",
};

static int compare_words(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* `list` must be sorted (strcmp order); see the tables below. */
static bool in_list(const char *word, const char *const *list, size_t n)
{
    return bsearch(&word, list, n, sizeof *list, compare_words) != NULL;
}

const char *ir_qualified_name(arena *a, const char *ns, const char *name)
{
    return ns ? arena_printf(a, "%s.%s", ns, name) : name;
}

const char *ir_renamed_key(arena *a, const char *ns, const char *renamed_from)
{
    const char *dot = strchr(renamed_from, '.');
    if (!dot)
        return ir_qualified_name(a, ns, renamed_from);
    /* public's tables are keyed by their name alone. */
    return strncmp(renamed_from, "public.", 7) ? renamed_from : renamed_from + 7;
}

const char *ir_object_sql(arena *a, const char *ns, const char *name)
{
    if (!ns)
        return ir_quote_ident(a, name);
    return arena_printf(a, "%s.%s", ir_quote_ident(a, ns), ir_quote_ident(a, name));
}

const char *ir_relation_sql(arena *a, const ir_table *t, const char *name)
{
    return ir_object_sql(a, t->namespace, name);
}

const char *ir_table_sql(arena *a, const ir_table *t) { return ir_relation_sql(a, t, t->name); }

const char *ir_quote_ident(arena *a, const char *name)
{
    bool safe = (name[0] >= 'a' && name[0] <= 'z') || name[0] == '_';
    for (const char *p = name; safe && *p; p++)
        safe = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
    if (safe && !in_list(name, sql_reserved, sizeof sql_reserved / sizeof *sql_reserved))
        return name;
    size_t n = strlen(name), quotes = 0;
    for (size_t i = 0; i < n; i++)
        quotes += name[i] == '"';
    char *q = arena_alloc(a, n + quotes + 3), *w = q;
    *w++ = '"';
    for (size_t i = 0; i < n; i++) {
        if (name[i] == '"')
            *w++ = '"';
        *w++ = name[i];
    }
    *w++ = '"';
    *w = '\0';
    return q;
}

/* Sorted for bsearch. */
static const char *const c_keywords[] = {
    "NULL", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary",
    "_Noreturn", "_Static_assert", "_Thread_local", "asm", "auto", "bool", "break", "case",
    "char", "const", "continue", "default", "do", "double", "else", "enum", "extern", "false",
    "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
    "short", "signed", "sizeof", "static", "struct", "switch", "true", "typedef", "typeof",
    "union", "unsigned", "void", "volatile", "while",
};

/* Names the C11 library defines as macros (object-like, or function-like
 * ones that are only macros: assert, offsetof, va_arg, setjmp...), and the
 * type names of the headers generated code includes (<stddef.h>,
 * <stdint.h>, <libpq-fe.h>): a column's bare name is a struct member and a
 * parameter, and `int errno;` breaks as soon as <errno.h> is included, a
 * parameter `size_t` hides the type from the parameters after it. Library
 * functions, which a header may also define as function-like macros, are
 * not here: such a macro expands only before `(`, and generated code never
 * writes one after a name. Families of macro names are in
 * is_library_macro_family. Sorted for bsearch. */
static const char *const c_library_names[] = {
    "BUFSIZ", "CHAR_BIT", "CHAR_MAX", "CHAR_MIN", "CLOCKS_PER_SEC", "CMPLX", "CMPLXF", "CMPLXL",
    "DECIMAL_DIG", "EDOM", "EILSEQ", "EOF", "ERANGE", "EXIT_FAILURE", "EXIT_SUCCESS", "FILE",
    "FILENAME_MAX", "FOPEN_MAX", "HUGE_VAL", "HUGE_VALF", "HUGE_VALL", "I", "INFINITY", "INT_MAX",
    "INT_MIN", "LLONG_MAX", "LLONG_MIN", "LONG_MAX", "LONG_MIN", "L_tmpnam", "MB_CUR_MAX",
    "MB_LEN_MAX", "NAN", "NULL", "ONCE_FLAG_INIT", "Oid", "PGconn", "PGresult", "PTRDIFF_MAX",
    "PTRDIFF_MIN", "RAND_MAX", "SCHAR_MAX", "SCHAR_MIN", "SEEK_CUR", "SEEK_END", "SEEK_SET",
    "SHRT_MAX", "SHRT_MIN", "SIZE_MAX", "TIME_UTC", "TMP_MAX", "TSS_DTOR_ITERATIONS", "UCHAR_MAX",
    "UINT_MAX", "ULLONG_MAX", "ULONG_MAX", "USHRT_MAX", "WCHAR_MAX", "WCHAR_MIN", "WEOF",
    "WINT_MAX", "WINT_MIN", "alignas", "alignof", "and", "and_eq", "assert", "bitand", "bitor",
    "compl", "complex", "errno", "fpclassify", "fpos_t", "imaginary", "int16_t", "int32_t",
    "int64_t", "int8_t", "intmax_t", "intptr_t", "isfinite", "isgreater", "isgreaterequal",
    "isinf", "isless", "islessequal", "islessgreater", "isnan", "isnormal", "isunordered",
    "kill_dependency", "longjmp", "math_errhandling", "max_align_t", "noreturn", "not", "not_eq",
    "offsetof", "or", "or_eq", "ptrdiff_t", "setjmp", "signbit", "size_t", "static_assert",
    "stderr", "stdin", "stdout", "thread_local", "uint16_t", "uint32_t", "uint64_t", "uint8_t",
    "uintmax_t", "uintptr_t", "va_arg", "va_copy", "va_end", "va_list", "va_start", "wchar_t",
    "xor", "xor_eq",
};

/* Families of macro names C11 defines or reserves for later (7.31): errno
 * codes E<digit or upper>..., <fenv.h> FE_, <float.h> FLT_ DBL_ LDBL_,
 * <inttypes.h> PRI and SCN, <locale.h> LC_, <math.h> FP_ MATH_,
 * <signal.h> SIG and SIG_, <stdatomic.h> ATOMIC_, <stdint.h> INT and UINT
 * ..._MAX, _MIN, _C. */
static bool is_library_macro_family(const char *w)
{
    static const char *const upper_families[] = {"FE_", "FLT_", "DBL_", "LDBL_",  "LC_",
                                                 "FP_", "MATH_", "SIG_", "ATOMIC_"};
    for (size_t i = 0; i < sizeof upper_families / sizeof *upper_families; i++) {
        size_t n = strlen(upper_families[i]);
        if (!strncmp(w, upper_families[i], n) && isupper((unsigned char)w[n]))
            return true;
    }
    if (w[0] == 'E' && (isdigit((unsigned char)w[1]) || isupper((unsigned char)w[1])))
        return true;
    if (!strncmp(w, "SIG", 3) && isupper((unsigned char)w[3]))
        return true;
    if ((!strncmp(w, "PRI", 3) || !strncmp(w, "SCN", 3)) &&
        (islower((unsigned char)w[3]) || w[3] == 'X'))
        return true;
    if (!strncmp(w, "INT", 3) || !strncmp(w, "UINT", 4)) {
        size_t n = strlen(w);
        return (n > 4 && (!strcmp(w + n - 4, "_MAX") || !strcmp(w + n - 4, "_MIN"))) ||
               (n > 2 && !strcmp(w + n - 2, "_C"));
    }
    return false;
}

/* A name that may not stand alone as a C identifier: a keyword, or a name
 * of the C library. */
static bool is_taken_in_c(const char *word)
{
    return in_list(word, c_keywords, sizeof c_keywords / sizeof *c_keywords) ||
           in_list(word, c_library_names, sizeof c_library_names / sizeof *c_library_names) ||
           is_library_macro_family(word);
}

/* C reserves identifiers that start with `__` or `_` and an upper-case
 * letter, everywhere (C11 7.1.3). */
static bool is_reserved_start(const char *c)
{
    return c[0] == '_' && (c[1] == '_' || isupper((unsigned char)c[1]));
}

const char *ir_c_name(arena *a, const char *name)
{
    /* Most names need no change: share them rather than copy. */
    bool plain = !isdigit((unsigned char)name[0]) && !is_reserved_start(name);
    for (const char *p = name; plain && *p; p++)
        plain = (isalnum((unsigned char)*p) && (unsigned char)*p < 128) || *p == '_';
    if (plain && !is_taken_in_c(name))
        return name;
    size_t n = strlen(name);
    char *c = arena_alloc(a, n + 4), *w = c;
    if (isdigit((unsigned char)name[0]))
        *w++ = '_';
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)name[i];
        *w++ = (isalnum(ch) && ch < 128) || ch == '_' ? (char)ch : '_';
    }
    *w = '\0';
    if (is_reserved_start(c)) {
        memmove(c + 1, c, (size_t)(w - c) + 1);
        c[0] = 'x';
        w++;
    }
    if (is_taken_in_c(c))
        *w++ = '_', *w = '\0';
    return c;
}

const char *ir_file_stem(arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *stem = arena_strndup(a, base, len);
    for (char *p = stem; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
            *p = '_';
    return stem;
}

const char *ir_file_guard(arena *a, const char *schema_name, const char *path)
{
    char *guard = arena_printf(a, "%s_%s_H", schema_name, ir_file_stem(a, path));
    for (char *p = guard; *p; p++)
        *p = isalnum((unsigned char)*p) ? (char)toupper((unsigned char)*p) : '_';
    return guard;
}
