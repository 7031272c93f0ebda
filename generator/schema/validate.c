/* validate: names, types, defaults, keys, references and collisions, in
 * that order, so later checks can rely on what earlier ones resolved. */
#include "validate.h"
#include "validate_internal.h"

#include "access.h"
#include "buf.h"
#include "seed.h"
#include "ydoc.h"

#include <ctype.h>
#include <stddef.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* ---- identifiers ---- */

/* Reports a name PostgreSQL would not keep as written. A bad name takes
 * no part in collision checks: its own error is the one that matters. */
bool check_identifier(checker *C, const char *name, src_pos pos, const char *what)
{
    size_t n = strlen(name);
    if (n == 0)
        return diag_error(C->d, pos, NULL, "%s name is empty", what) == 0;
    if (n > IR_NAME_MAX)
        return diag_error(C->d, pos, "PostgreSQL truncates longer names; choose a shorter one",
                          "%s name `%s` is %zu bytes long; the limit is %d", what, name, n,
                          IR_NAME_MAX) == 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return diag_error(C->d, pos, NULL, "%s name contains a control character", what) == 0;
    return true;
}


/* Claims `name` in `names` (relations, or one table's constraints); a
 * taken name is reported at `pos`, with a note at the holder. */
bool claim_name(checker *C, strmap *names, const char *name, src_pos pos, const char *what,
                       const char *hint)
{
    claim *mine = arena_alloc(C->a, sizeof *mine);
    *mine = (claim){what, pos};
    const claim *prev = strmap_put(names, name, mine);
    if (!prev)
        return true;
    const char *subject = strchr(what, ' ') + 1;
    if (!strcmp(what, prev->what))
        diag_error(C->d, pos, hint, "%s `%s` has the same name as another %s", subject, name,
                   subject);
    else
        diag_error(C->d, pos, hint, "%s `%s` has the same name as %s", subject, name, prev->what);
    diag_note(C->d, prev->pos, "the other `%s`", name);
    return false;
}

/* A relation name in PostgreSQL's pg_class namespace: tables, indexes
 * (including those behind primary keys and unique constraints), sequences. */
static bool claim_relation(checker *C, const char *name, src_pos pos, const char *what,
                           const char *hint)
{
    return claim_name(C, &C->relations, ir_qualified_name(C->a, C->namespace, name), pos, what,
                      hint);
}

/* ---- types and defaults ---- */

static bool parse_int(const char *text, long long min, long long max)
{
    errno = 0;
    char *end;
    long long v = strtoll(text, &end, 10);
    return end != text && !*end && !errno && v >= min && v <= max;
}

static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* A decimal literal as PostgreSQL's numeric input reads it: sign, digits
 * with an optional point, optional exponent. With a precision, the digits
 * before the point must fit; digits after the scale would be rounded away
 * silently, so they are refused too (trailing zeros aside). */
static const char *check_numeric(arena *a, const ir_type *t, const char *text)
{
    if (!strcmp(text, "NaN"))
        return NULL;
    const char *p = text + (*text == '-' || *text == '+');
    long ndigits = 0, point = -1, first = -1, last = -1; /* indexes into the digits */
    for (; isdigit((unsigned char)*p) || (*p == '.' && point < 0); p++) {
        if (*p == '.') {
            point = ndigits;
            continue;
        }
        if (*p != '0') {
            if (first < 0)
                first = ndigits;
            last = ndigits;
        }
        ndigits++;
    }
    if (ndigits == 0)
        return "not a decimal number";
    if (point < 0)
        point = ndigits;
    if (*p == 'e' || *p == 'E') {
        p++;
        bool minus = *p == '-';
        p += *p == '-' || *p == '+';
        if (!isdigit((unsigned char)*p))
            return "not a decimal number";
        long exp = 0;
        for (; isdigit((unsigned char)*p); p++)
            if (exp < 1000000)
                exp = exp * 10 + (*p - '0');
        point += minus ? -exp : exp;
    }
    if (*p)
        return "not a decimal number";
    if (!t->precision || first < 0)
        return NULL;
    long before = first < point ? point - first : 0, after = last >= point ? last + 1 - point : 0;
    if (before > t->precision - t->scale)
        return arena_printf(a, "more than %d digits before the decimal point",
                            t->precision - t->scale);
    if (after > t->scale)
        return arena_printf(a, "more than %d digits after the decimal point", t->scale);
    return NULL;
}

static bool digits(const char *p, int n)
{
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)p[i]))
            return false;
    return true;
}

/* HH:MM[:SS[.f+]]; returns the rest, or NULL when malformed. */
static const char *parse_time(const char *p)
{
    if (!digits(p, 2) || p[2] != ':' || !digits(p + 3, 2))
        return NULL;
    if (atoi(p) > 24 || atoi(p + 3) > 59)
        return NULL;
    p += 5;
    if (*p == ':') {
        if (!digits(p + 1, 2) || atoi(p + 1) > 60)
            return NULL;
        p += 3;
        if (*p == '.') {
            p++;
            if (!isdigit((unsigned char)*p))
                return NULL;
            while (isdigit((unsigned char)*p))
                p++;
        }
    }
    return p;
}

static const char *parse_date(const char *p)
{
    if (!digits(p, 4) || p[4] != '-' || !digits(p + 5, 2) || p[7] != '-' || !digits(p + 8, 2))
        return NULL;
    int m = atoi(p + 5), d = atoi(p + 8);
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return NULL;
    return p + 10;
}

static bool is_special_time(const char *text)
{
    return !strcmp(text, "infinity") || !strcmp(text, "-infinity") || !strcmp(text, "epoch");
}

static bool parse_zone(const char *p)
{
    if (!*p)
        return true;
    if (*p == 'Z' || *p == 'z')
        return p[1] == '\0';
    if (*p != '+' && *p != '-')
        return false;
    p++;
    if (!digits(p, 2))
        return false;
    p += 2;
    if (*p == ':')
        p++;
    if (!*p)
        return true;
    return digits(p, 2) && !p[2];
}

static bool is_uuid(const char *p)
{
    static const int groups[] = {8, 4, 4, 4, 12};
    for (int g = 0; g < 5; g++) {
        for (int i = 0; i < groups[g]; i++, p++)
            if (!isxdigit((unsigned char)*p))
                return false;
        if (g < 4 && *p++ != '-')
            return false;
    }
    return *p == '\0';
}

/* A small JSON syntax check: enough to refuse a default PostgreSQL would. */
static const char *json_value(const char *p, int depth);

static const char *json_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

static const char *json_string(const char *p)
{
    for (p++; *p && *p != '"'; p++) {
        if ((unsigned char)*p < 0x20)
            return NULL;
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!isxdigit((unsigned char)p[i]))
                        return NULL;
                p += 4;
            } else if (!strchr("\"\\/bfnrt", *p) || !*p) {
                return NULL;
            }
        }
    }
    return *p == '"' ? p + 1 : NULL;
}

static const char *json_value(const char *p, int depth)
{
    p = json_ws(p);
    if (depth > 64)
        return NULL;
    if (*p == '"')
        return json_string(p);
    if (*p == '{' || *p == '[') {
        char close = *p == '{' ? '}' : ']';
        p = json_ws(p + 1);
        if (*p == close)
            return p + 1;
        for (;;) {
            if (close == '}') {
                p = json_ws(p);
                if (*p != '"' || !(p = json_string(p)))
                    return NULL;
                p = json_ws(p);
                if (*p++ != ':')
                    return NULL;
            }
            if (!(p = json_value(p, depth + 1)))
                return NULL;
            p = json_ws(p);
            if (*p == ',') {
                p++;
                continue;
            }
            return *p == close ? p + 1 : NULL;
        }
    }
    if (!strncmp(p, "true", 4))
        return p + 4;
    if (!strncmp(p, "false", 5))
        return p + 5;
    if (!strncmp(p, "null", 4))
        return p + 4;
    const char *start = p;
    if (*p == '-')
        p++;
    if (!isdigit((unsigned char)*p))
        return NULL;
    while (isdigit((unsigned char)*p))
        p++;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return NULL;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return NULL;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return p > start ? p : NULL;
}

const char *validate_default(arena *a, const ir_type *t, const ir_default *def)
{
    const char *text = def->text;
    if (t->array_dims) {
        size_t n = strlen(text);
        return n >= 2 && text[0] == '{' && text[n - 1] == '}'
                   ? NULL
                   : "not an array literal ({...}); use default_sql for ARRAY[...]";
    }
    switch (t->kind) {
    case IR_BIT:
    case IR_VARBIT: {
        size_t n = strspn(text, "01");
        if (text[n])
            return "not a bit string (only 0 and 1)";
        if (t->kind == IR_BIT ? n != (size_t)t->length : t->length && n > (size_t)t->length)
            return arena_printf(a, "not %s %d bits long", t->kind == IR_BIT ? "exactly" : "at most",
                               t->length);
        return NULL;
    }
    case IR_DOMAIN:
        return t->domain ? validate_default(a, &t->domain->type, def) : NULL;
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
    case IR_EXTENSION_TYPE:
        return NULL; /* the server parses it when the default is set */
    case IR_SMALLINT:
        return parse_int(text, INT16_MIN, INT16_MAX) ? NULL : "not a smallint (-32768..32767)";
    case IR_INTEGER:
        return parse_int(text, INT32_MIN, INT32_MAX) ? NULL
                                                     : "not an integer (-2147483648..2147483647)";
    case IR_BIGINT:
        return parse_int(text, INT64_MIN, INT64_MAX) ? NULL : "not a bigint (64-bit integer)";
    case IR_SERIAL:
    case IR_BIGSERIAL:
        return "not allowed: serial columns take their default from their sequence";
    case IR_REAL:
    case IR_DOUBLE: {
        char *end;
        errno = 0;
        strtod(text, &end);
        if (end != text && !*end && !errno)
            return NULL;
        return (!strcmp(text, "NaN") || !strcmp(text, "Infinity") || !strcmp(text, "-Infinity"))
                   ? NULL
                   : "not a floating-point number";
    }
    case IR_NUMERIC:
        return check_numeric(a, t, text);
    case IR_BOOLEAN: {
        /* The spellings YAML (and so `nullable:`) reads as booleans. */
        bool b;
        if (ydoc_bool_text(text, &b) < 0)
            return "not a boolean (true or false)";
        return def->quoted ? "quoted; write true or false without quotes" : NULL;
    }
    case IR_TEXT:
        return NULL;
    case IR_VARCHAR:
    case IR_CHAR:
        if (t->length && utf8_length(text) > (size_t)t->length)
            return arena_printf(a, "longer than %d characters", t->length);
        return NULL;
    case IR_DATE:
        if (!strcmp(text, "now") || !strcmp(text, "today"))
            return "evaluated once when the table is created; use default_sql: CURRENT_DATE";
        return is_special_time(text) || (parse_date(text) && !*parse_date(text))
                   ? NULL
                   : "not a date (YYYY-MM-DD)";
    case IR_TIME: {
        const char *rest = parse_time(text);
        return rest && !*rest ? NULL : "not a time (HH:MM[:SS[.ffffff]])";
    }
    case IR_TIMESTAMP:
    case IR_TIMESTAMPTZ: {
        if (!strcmp(text, "now") || !strcmp(text, "today"))
            return "evaluated once when the table is created; use default_sql: now()";
        if (is_special_time(text))
            return NULL;
        const char *p = parse_date(text);
        if (p && (*p == ' ' || *p == 'T'))
            p = parse_time(p + 1);
        bool ok = p && (t->kind == IR_TIMESTAMPTZ ? parse_zone(p) : !*p);
        return ok ? NULL
                  : t->kind == IR_TIMESTAMPTZ ? "not a timestamp (YYYY-MM-DD HH:MM:SS[+zone])"
                                              : "not a timestamp (YYYY-MM-DD HH:MM:SS)";
    }
    case IR_INTERVAL:
        return *text ? NULL : "not an interval";
    case IR_UUID:
        return is_uuid(text) ? NULL : "not a UUID (8-4-4-4-12 hex digits)";
    case IR_JSON:
    case IR_JSONB: {
        const char *end = json_value(text, 0);
        return end && !*json_ws(end) ? NULL : "not valid JSON";
    }
    case IR_BYTEA:
        if (text[0] == '\\' && text[1] == 'x') {
            size_t n = strlen(text + 2);
            for (const char *p = text + 2; *p; p++)
                if (!isxdigit((unsigned char)*p))
                    return "not hex digits after \\x";
            return n % 2 ? "not whole bytes (an odd number of hex digits)" : NULL;
        }
        return strchr(text, '\\') ? "not \\x followed by hex digits" : NULL;
    case IR_ENUM: {
        const ir_enum *e = t->enum_type;
        if (!e)
            return NULL; /* unknown enum reported elsewhere */
        for (size_t i = 0; i < e->nvalues; i++)
            if (!strcmp(e->values[i].name, text))
                return NULL;
        return arena_printf(a, "not a value of enum `%s`", e->name);
    }
    }
    return NULL;
}

/* ---- columns ---- */

static const char *const type_candidates[] = {
    "smallint", "integer", "bigint", "serial", "bigserial", "real", "double precision",
    "numeric", "boolean", "text", "varchar", "char", "date", "time", "timestamp",
    "timestamptz", "interval", "uuid", "json", "jsonb", "bytea", "inet", "cidr", "macaddr",
    "macaddr8", "tsvector", "tsquery", "xml", "int4range", "int8range", "numrange", "tsrange",
    "tstzrange", "daterange", "bit", "varbit",
};

/* A type later checks can rely on: well-formed, and a declared enum or
 * domain. */
static bool type_known(const ir_type *t)
{
    return !t->invalid && (t->kind != IR_ENUM || t->enum_type) &&
           (t->kind != IR_DOMAIN || t->domain);
}

/* Resolves a named type: an enum or a domain of the schema, or an
 * extension's type, whose extension the schema must list. */
static void resolve_type(checker *C, ir_type *type, src_pos pos)
{
    if (type->invalid)
        return;
    if (type->kind == IR_EXTENSION_TYPE) {
        const char *ext = ir_extension_of_type(type->enum_name);
        if (!ir_find_extension(C->s, ext))
            diag_error(C->d, pos, arena_printf(C->a, "add `%s` to the schema's `extensions:`", ext),
                       "type `%s` comes from the extension `%s`, which the schema does not list",
                       type->enum_name, ext);
        return;
    }
    if (type->kind != IR_ENUM)
        return;
    /* `billing.status` is billing's and `public.status` public's; `status`
     * is of the namespace of what uses it, else public's (as a search_path
     * of that namespace and public). The key found is the type's name from
     * then on. */
    const char *name = type->enum_name;
    const char *keys[3] = {C->namespace ? ir_qualified_name(C->a, C->namespace, name) : NULL,
                           name, !strncmp(name, "public.", 7) ? name + 7 : NULL};
    for (size_t i = 0; i < 3; i++) {
        if (!keys[i])
            continue;
        if ((type->enum_type = ir_find_enum(C->s, keys[i]))) {
            type->enum_name = type->enum_type->qualified;
            return;
        }
        if ((type->domain = ir_find_domain(C->s, keys[i]))) {
            type->kind = IR_DOMAIN;
            type->enum_name = type->domain->qualified;
            return;
        }
    }
    const char *cands[COUNT(type_candidates) + 128];
    size_t n = 0;
    for (size_t i = 0; i < COUNT(type_candidates); i++)
        cands[n++] = type_candidates[i];
    for (size_t i = 0; i < C->s->nenums && n < COUNT(type_candidates) + 64; i++)
        cands[n++] = C->s->enums[i]->qualified;
    for (size_t i = 0; i < C->s->ndomains && n < COUNT(cands); i++)
        cands[n++] = C->s->domains[i]->qualified;
    /* Suggest by the name alone: `varchr(80)` is near `varchar`. */
    const char *paren = strchr(name, '(');
    if (paren)
        name = arena_strndup(C->a, name, (size_t)(paren - name));
    const char *near = diag_suggest(name, cands, n);
    const char *hint = near ? arena_printf(C->a, "did you mean `%s`?", near)
                       : C->namespace || strchr(type->enum_name, '.')
                           ? "a type's name alone is of the namespace of what uses it, else of "
                             "public; `ns.name` is of namespace ns"
                           : "use a built-in type or declare it under `enums:` or `domains:`";
    diag_error(C->d, pos, hint, "unknown type `%s`", type->enum_name);
}

/* Ranges and full-text values have a default gist operator class (so do
 * extension types such as cube and ltree; citext and isn's do not). */
static bool has_default_gist(const ir_type *t)
{
    if (t->array_dims)
        return false;
    switch (t->kind) {
    case IR_INT4RANGE:
    case IR_INT8RANGE:
    case IR_NUMRANGE:
    case IR_TSRANGE:
    case IR_TSTZRANGE:
    case IR_DATERANGE:
    case IR_TSVECTOR:
    case IR_TSQUERY:
        return true;
    case IR_EXTENSION_TYPE: {
        const char *ext = ir_extension_of_type(t->enum_name);
        return strcmp(ext, "citext") != 0 && strcmp(ext, "isn") != 0;
    }
    case IR_DOMAIN:
        return t->domain && has_default_gist(&t->domain->type);
    default:
        return false;
    }
}

/* Can values of the type have a collation (text types, also in a domain
 * or an array)? */
static bool collatable(const ir_type *t)
{
    if (t->kind == IR_DOMAIN)
        return t->domain && collatable(&t->domain->type);
    return t->kind == IR_TEXT || t->kind == IR_VARCHAR || t->kind == IR_CHAR ||
           (t->kind == IR_EXTENSION_TYPE && !strcmp(t->enum_name, "citext"));
}

/* `generated`, `collation` and identity options. */
static void check_column_v2(checker *C, const ir_column *c)
{
    if (c->generated) {
        const char *other = c->def.kind != IR_DEFAULT_NONE ? "a default"
                            : c->identity                   ? "an identity"
                            : (c->type.kind == IR_SERIAL || c->type.kind == IR_BIGSERIAL)
                                ? "a serial type"
                                : NULL;
        if (other)
            diag_error(C->d, c->generated_pos, "keep one of them",
                       "generated column `%s` cannot also have %s", c->name, other);
        if (!*c->generated)
            diag_error(C->d, c->generated_pos, NULL, "`generated` is empty");
    }
    if (c->collation) {
        if (!*c->collation)
            diag_error(C->d, c->collation_pos, NULL, "`collation` is empty");
        else if (type_known(&c->type) && !collatable(&c->type))
            diag_error(C->d, c->collation_pos, "remove `collation`",
                       "column `%s` is %s, which has no collation", c->name,
                       ir_type_string(C->a, &c->type));
    }
    const ir_sequence_options *o = &c->sequence;
    if ((o->set || o->cycle) && !c->identity) {
        diag_error(C->d, c->pos, "add `identity: true`, or remove the sequence options",
                   "column `%s` has sequence options but is not an identity", c->name);
        return;
    }
    if ((o->set >> IR_SEQ_INCREMENT & 1) && o->value[IR_SEQ_INCREMENT] == 0)
        diag_error(C->d, c->pos, NULL, "identity of `%s`: `increment` cannot be 0", c->name);
    if ((o->set >> IR_SEQ_CACHE & 1) && o->value[IR_SEQ_CACHE] < 1)
        diag_error(C->d, c->pos, NULL, "identity of `%s`: `cache` must be at least 1", c->name);
    if ((o->set >> IR_SEQ_MIN & 1) && (o->set >> IR_SEQ_MAX & 1) &&
        o->value[IR_SEQ_MIN] >= o->value[IR_SEQ_MAX])
        diag_error(C->d, c->pos, NULL, "identity of `%s`: `min` must be below `max`", c->name);
    if ((o->set >> IR_SEQ_START & 1) &&
        (((o->set >> IR_SEQ_MIN & 1) && o->value[IR_SEQ_START] < o->value[IR_SEQ_MIN]) ||
         ((o->set >> IR_SEQ_MAX & 1) && o->value[IR_SEQ_START] > o->value[IR_SEQ_MAX])))
        diag_error(C->d, c->pos, NULL, "identity of `%s`: `start` must be between `min` and `max`",
                   c->name);
}

/* A rejected literal that was probably meant as SQL: a call, or an
 * operator where the type's literals have no spaces. */
static bool looks_like_sql(const ir_type *t, const char *text)
{
    if (strchr(text, '('))
        return true;
    switch (t->kind) {
    case IR_SMALLINT:
    case IR_INTEGER:
    case IR_BIGINT:
    case IR_REAL:
    case IR_DOUBLE:
    case IR_NUMERIC:
    case IR_BOOLEAN:
    case IR_UUID:
        return strchr(text, ' ') != NULL;
    default:
        return false;
    }
}

static void check_column(checker *C, ir_table *t, ir_column *c)
{
    check_identifier(C, c->name, c->pos, "column");
    resolve_type(C, &c->type, c->type_pos);
    if (c->identity) {
        if (type_known(&c->type) && ((c->type.kind != IR_SMALLINT && c->type.kind != IR_INTEGER &&
                                      c->type.kind != IR_BIGINT) || c->type.array_dims))
            diag_error(C->d, c->type_pos, "use smallint, integer or bigint",
                       "identity column `%s` must have an integer type, not %s", c->name,
                       ir_type_string(C->a, &c->type));
        if (c->def.kind != IR_DEFAULT_NONE)
            diag_error(C->d, c->def.pos, "remove the default",
                       "identity column `%s` cannot have a default", c->name);
        if (c->nullable)
            diag_error(C->d, c->pos, "remove `nullable: true`",
                       "identity column `%s` cannot be nullable", c->name);
    }
    if ((c->type.kind == IR_SERIAL || c->type.kind == IR_BIGSERIAL) && c->nullable)
        diag_error(C->d, c->pos, "remove `nullable: true`", "serial column `%s` cannot be nullable",
                   c->name);
    if (c->type.kind == IR_SERIAL || c->type.kind == IR_BIGSERIAL) {
        claim_relation(C, ir_object_name(C->a, t->name, c->name, "seq"), c->pos,
                       "a serial sequence", "rename the table or the column");
    } else if (c->identity) {
        claim_relation(C, ir_object_name(C->a, t->name, c->name, "seq"), c->pos,
                       "an identity sequence", "rename the table or the column");
    }
    if (c->def.kind == IR_DEFAULT_LITERAL && type_known(&c->type)) {
        const char *why = validate_default(C->a, &c->type, &c->def);
        if (why) {
            const char *hint = looks_like_sql(&c->type, c->def.text)
                                   ? "use default_sql for an SQL expression"
                                   : NULL;
            if (c->type.kind == IR_ENUM && c->type.enum_type) {
                const char *vals[64];
                size_t n = 0;
                for (size_t i = 0; i < c->type.enum_type->nvalues && n < 64; i++)
                    vals[n++] = c->type.enum_type->values[i].name;
                const char *near = diag_suggest(c->def.text, vals, n);
                hint = near ? arena_printf(C->a, "did you mean `%s`?", near) : NULL;
            }
            diag_error(C->d, c->def.pos, hint, "default `%s` for column `%s` is %s",
                       *c->def.text ? c->def.text : "\"\"", c->name, why);
        }
    }
    if (c->def.kind == IR_DEFAULT_SQL && !*c->def.text)
        diag_error(C->d, c->def.pos, NULL, "`default_sql` is empty");
    check_column_v2(C, c);
}

static void check_domain(checker *C, ir_domain *dom)
{
    if (check_identifier(C, dom->name, dom->pos, "domain")) {
        const ir_enum *e = strmap_get(&C->types, dom->qualified);
        if (e) {
            diag_error(C->d, dom->pos, "rename the domain or the enum",
                       "domain `%s` has the name of an enum", dom->qualified);
            diag_note(C->d, e->pos, "the enum");
        }
    }
    C->namespace = dom->namespace; /* its base type's name is looked up there first */
    resolve_type(C, &dom->type, dom->type_pos);
    C->namespace = NULL;
    if (dom->type.kind == IR_DOMAIN || dom->type.kind == IR_SERIAL ||
        dom->type.kind == IR_BIGSERIAL) {
        diag_error(C->d, dom->type_pos,
                   dom->type.kind == IR_DOMAIN ? "give it the other domain's type and checks"
                                               : "use integer or bigint",
                   "a domain's type cannot be %s", dom->type.kind == IR_DOMAIN ? "a domain"
                                                                            : "serial");
        dom->type.invalid = true;
    }
    if (dom->def.kind == IR_DEFAULT_LITERAL && type_known(&dom->type)) {
        const char *why = validate_default(C->a, &dom->type, &dom->def);
        if (why)
            diag_error(C->d, dom->def.pos, NULL, "default `%s` for domain `%s` is %s",
                       dom->def.text, dom->name, why);
    }
    if (dom->def.kind == IR_DEFAULT_SQL && !*dom->def.text)
        diag_error(C->d, dom->def.pos, NULL, "`default_sql` is empty");
    for (size_t i = 0; i < dom->nchecks; i++) {
        ir_check *c = dom->checks[i];
        check_identifier(C, c->name, c->pos, "check");
        if (!*c->expr)
            diag_error(C->d, c->pos, NULL, "check `%s` has an empty expression", c->name);
    }
}

/* Adds the columns `timestamps` and `soft_delete` stand for. */
static void add_derived_columns(checker *C, ir_table *t)
{
    static const struct {
        const char *name;
        ir_origin origin;
        bool nullable;
    } derived[] = {
        {"created_at", IR_ORIGIN_TIMESTAMPS, false},
        {"updated_at", IR_ORIGIN_TIMESTAMPS, false},
        {"deleted_at", IR_ORIGIN_SOFT_DELETE, true},
    };
    for (size_t i = 0; i < COUNT(derived); i++) {
        if (derived[i].origin == IR_ORIGIN_TIMESTAMPS ? !t->timestamps : !t->soft_delete)
            continue;
        ir_column *c = arena_alloc(C->a, sizeof *c);
        c->name = derived[i].name;
        c->pos = t->pos;
        c->type_pos = t->pos;
        c->type.kind = IR_TIMESTAMPTZ;
        c->nullable = derived[i].nullable;
        c->origin = derived[i].origin;
        if (!c->nullable) {
            c->def.kind = IR_DEFAULT_SQL;
            c->def.text = "now()";
            c->def.pos = t->pos;
        }
        ir_column *prev = ir_table_add_column(C->s, t, c);
        if (prev != c)
            diag_error(C->d, prev->pos,
                       derived[i].origin == IR_ORIGIN_TIMESTAMPS
                           ? "remove the column; `timestamps: true` adds created_at and updated_at"
                           : "remove the column; `soft_delete: true` adds deleted_at",
                       "column `%s` of table `%s` is also added by `%s: true`", prev->name,
                       t->name,
                       derived[i].origin == IR_ORIGIN_TIMESTAMPS ? "timestamps" : "soft_delete");
    }
}

/* ---- keys ---- */

/* Resolves names to columns; reports unknown and repeated names. */
bool resolve_columns(checker *C, ir_table *t, ir_name_list *names, ir_column ***out,
                     const char *what)
{
    ir_column **cols = arena_alloc(C->a, (names->n ? names->n : 1) * sizeof *cols);
    bool ok = true;
    for (size_t i = 0; i < names->n; i++) {
        cols[i] = ir_find_column(t, names->names[i]);
        if (!cols[i]) {
            const char *cands[256];
            size_t n = 0;
            for (size_t j = 0; j < t->ncolumns && n < 256; j++)
                cands[n++] = t->columns[j]->name;
            const char *near = diag_suggest(names->names[i], cands, n);
            diag_error(C->d, names->pos[i],
                       near ? arena_printf(C->a, "did you mean `%s`?", near) : NULL,
                       "%s names unknown column `%s` of table `%s`", what, names->names[i],
                       t->name);
            ok = false;
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (cols[j] == cols[i]) {
                diag_error(C->d, names->pos[i], NULL, "%s lists column `%s` twice", what,
                           names->names[i]);
                ok = false;
            }
    }
    *out = ok ? cols : NULL;
    return ok;
}

/* Columns joined with '_' the way PostgreSQL names a constraint. */
static const char *joined_names(checker *C, const ir_name_list *names)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < names->n; i++) {
        if (i)
            buf_putc(&b, '_');
        buf_puts(&b, names->names[i]);
    }
    /* ChooseIndexNameAddition stops once the name is long enough. */
    const char *s = arena_strndup(C->a, buf_cstr(&b), b.len > IR_NAME_MAX ? IR_NAME_MAX : b.len);
    buf_free(&b);
    return s;
}

/* Columns as a reader writes them: "a, b". */
static const char *joined_list(checker *C, const ir_name_list *names)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < names->n; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", names->names[i]);
    const char *s = arena_strdup(C->a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

static bool same_columns(ir_column **a, size_t na, ir_column **b, size_t nb, bool any_order)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++) {
        bool found = false;
        for (size_t j = 0; j < nb && !found; j++)
            found = any_order ? a[i] == b[j] : (i == j && a[i] == b[j]);
        if (!found)
            return false;
    }
    return true;
}

static void check_keys(checker *C, ir_table *t, strmap *constraints)
{
    if (!t->primary_key) {
        /* A table whose columns did not load has had its errors already. */
        if (t->ncolumns > 0)
            diag_error(C->d, t->pos,
                       "mark a column `primary_key: true` or add `primary_key: [a, b]`",
                       "table `%s` has no primary key", t->name);
    } else if (resolve_columns(C, t, &t->primary_key->columns, &t->primary_key->cols,
                               "primary key")) {
        ir_key *k = t->primary_key;
        k->name = ir_object_name(C->a, t->name, NULL, "pkey");
        for (size_t i = 0; i < k->columns.n; i++)
            if (k->cols[i]->nullable)
                diag_error(C->d, k->cols[i]->pos, "remove `nullable: true`",
                           "primary key column `%s` cannot be nullable", k->cols[i]->name);
        claim_relation(C, k->name, k->pos, "a primary key index", "rename one of them");
        claim_name(C, constraints, k->name, k->pos, "a primary key", "rename one of them");
    }
    for (size_t i = 0; i < t->nuniques; i++) {
        ir_key *k = t->uniques[i];
        if (!resolve_columns(C, t, &k->columns, &k->cols, "unique key"))
            continue;
        k->name = ir_object_name(C->a, t->name, joined_names(C, &k->columns), "key");
        if (t->primary_key && t->primary_key->cols &&
            same_columns(k->cols, k->columns.n, t->primary_key->cols, t->primary_key->columns.n,
                         true)) {
            diag_error(C->d, k->pos, "remove it; a primary key is unique already",
                       "unique key on the primary key's columns");
            continue;
        }
        const ir_key *same = NULL;
        for (size_t j = 0; j < i && !same; j++)
            if (t->uniques[j]->cols &&
                same_columns(k->cols, k->columns.n, t->uniques[j]->cols, t->uniques[j]->columns.n,
                             true))
                same = t->uniques[j];
        if (same) {
            const char *mine = joined_list(C, &k->columns),
                       *theirs = joined_list(C, &same->columns);
            if (!strcmp(mine, theirs))
                diag_error(C->d, k->pos, "remove one of them",
                           "unique key on (%s) is declared twice", mine);
            else
                diag_error(C->d, k->pos, "remove one of them",
                           "unique key on (%s) repeats the one on (%s)", mine, theirs);
            diag_note(C->d, same->pos, "the first unique key on these columns");
            continue;
        }
        if (claim_relation(C, k->name, k->pos, "a unique key index", "rename one of them"))
            claim_name(C, constraints, k->name, k->pos, "a unique key", "rename one of them");
    }
}

/* ---- foreign keys ---- */

static bool is_key_of(const ir_table *t, ir_column **cols, size_t n)
{
    if (t->primary_key && t->primary_key->cols &&
        same_columns(cols, n, t->primary_key->cols, t->primary_key->columns.n, true))
        return true;
    for (size_t i = 0; i < t->nuniques; i++)
        if (t->uniques[i]->cols &&
            same_columns(cols, n, t->uniques[i]->cols, t->uniques[i]->columns.n, true))
            return true;
    return false;
}

/* The deferrable unique key of `t` on exactly these columns, if any. */
static const ir_key *deferrable_key_of(const ir_table *t, ir_column **cols, size_t n)
{
    for (size_t i = 0; i < t->nuniques; i++)
        if (t->uniques[i]->deferrable && t->uniques[i]->cols &&
            same_columns(cols, n, t->uniques[i]->cols, t->uniques[i]->columns.n, true))
            return t->uniques[i];
    return NULL;
}

static bool types_compatible(const ir_type *from, const ir_type *to)
{
    if (from->invalid || to->invalid)
        return true; /* reported by load */
    ir_type_kind a = ir_type_reference_kind(from->kind), b = ir_type_reference_kind(to->kind);
    if (a != b || from->array_dims != to->array_dims || from->has_precision != to->has_precision ||
        from->fields != to->fields)
        return false;
    if (from->has_precision && from->precision != to->precision)
        return false;
    if (ir_type_is_named(a))
        return !strcmp(from->enum_name, to->enum_name);
    if (a == IR_VARCHAR || a == IR_CHAR || a == IR_BIT || a == IR_VARBIT)
        return from->length == to->length;
    if (a == IR_NUMERIC)
        return from->precision == to->precision && from->scale == to->scale;
    return true;
}

static void check_fk(checker *C, ir_table *t, ir_fk *fk, strmap *constraints)
{
    if (!resolve_columns(C, t, &fk->columns, &fk->cols, "foreign key"))
        return;
    /* Problems with the target are shown at `references`. */
    src_pos ref_pos = fk->ref_columns.n ? fk->ref_columns.pos[0] : fk->pos;
    bool named = true;
    if (!fk->name_given)
        fk->name = ir_object_name(C->a, t->name, joined_names(C, &fk->columns), "fkey");
    else
        named = check_identifier(C, fk->name, fk->pos, "foreign key");
    if (named)
        claim_name(C, constraints, fk->name, fk->pos, "a foreign key",
                   fk->name_given ? "choose another `name`"
                   : fk->is_inline ? "declare it under `foreign_keys:` with a `name`"
                                   : "give the foreign key a `name`");
    /* `accounts` is the referencing table's namespace's, `public.accounts`
     * public's (docs/schema.md §namespace); the key then names it. */
    const char *target = fk->ref_table_name;
    if (!strncmp(target, "public.", 7))
        target += 7;
    else if (!strchr(target, '.'))
        target = ir_qualified_name(C->a, t->namespace, target);
    fk->ref_table = ir_find_table(C->s, target);
    if (fk->ref_table)
        fk->ref_table_name = target;
    if (!fk->ref_table) {
        const char *cands[1024];
        size_t n = 0;
        for (size_t i = 0; i < C->s->ntables && n < 1024; i++)
            cands[n++] = C->s->tables[i]->qualified;
        const char *near = diag_suggest(target, cands, n);
        const char *hint =
            near ? arena_printf(C->a, "did you mean `%s`?", near)
            : t->namespace && !strchr(fk->ref_table_name, '.')
                ? arena_printf(C->a,
                               "a name without a namespace is a table of `%s`; write "
                               "`public.%s` for one in public",
                               t->namespace, fk->ref_table_name)
                : NULL;
        diag_error(C->d, ref_pos, hint, "foreign key references unknown table `%s`",
                   fk->ref_table_name);
        return;
    }
    if (!resolve_columns(C, fk->ref_table, &fk->ref_columns, &fk->ref_cols, "foreign key"))
        return;
    if (fk->ref_columns.n != fk->columns.n) {
        diag_error(C->d, ref_pos, NULL,
                   "foreign key has %zu column%s but references %zu", fk->columns.n,
                   fk->columns.n == 1 ? "" : "s", fk->ref_columns.n);
        return;
    }
    for (size_t i = 0; i < fk->columns.n; i++) {
        const ir_column *from = fk->cols[i], *to = fk->ref_cols[i];
        if (!types_compatible(&from->type, &to->type)) {
            ir_type want = to->type;
            want.kind = ir_type_reference_kind(want.kind);
            diag_error(C->d, ref_pos,
                       arena_printf(C->a, "declare `%s` as %s", from->name,
                                    ir_type_string(C->a, &want)),
                       "column `%s` (%s) cannot reference `%s.%s` (%s)", from->name,
                       ir_type_string(C->a, &from->type), fk->ref_table->name, to->name,
                       ir_type_string(C->a, &to->type));
        }
    }
    if (!is_key_of(fk->ref_table, fk->ref_cols, fk->ref_columns.n))
        diag_error(C->d, ref_pos,
                   "a foreign key must point at a primary key or a unique key; add `unique: true` "
                   "on the target",
                   "referenced column%s (%s) of `%s` %s not a primary or unique key",
                   fk->ref_columns.n == 1 ? "" : "s", joined_list(C, &fk->ref_columns),
                   fk->ref_table->name, fk->ref_columns.n == 1 ? "is" : "are");
    else if (deferrable_key_of(fk->ref_table, fk->ref_cols, fk->ref_columns.n)) {
        /* PostgreSQL needs the key checked at once to check the reference. */
        diag_error(C->d, ref_pos, "remove `deferrable` from that key, or reference another one",
                   "foreign key references a deferrable unique key of `%s`",
                   fk->ref_table->name);
        diag_note(C->d,
                  deferrable_key_of(fk->ref_table, fk->ref_cols, fk->ref_columns.n)->pos,
                  "the deferrable key");
    }
    if (fk->on_delete == IR_FK_SET_NULL || fk->on_update == IR_FK_SET_NULL)
        for (size_t i = 0; i < fk->columns.n; i++)
            if (!fk->cols[i]->nullable)
                diag_error(C->d, fk->pos, "add `nullable: true` or choose another action",
                           "set_null on a foreign key whose column `%s` is NOT NULL",
                           fk->cols[i]->name);
    if (fk->on_delete == IR_FK_SET_DEFAULT || fk->on_update == IR_FK_SET_DEFAULT)
        for (size_t i = 0; i < fk->columns.n; i++)
            if (fk->cols[i]->def.kind == IR_DEFAULT_NONE && !fk->cols[i]->nullable)
                diag_error(C->d, fk->pos, "give the column a default",
                           "set_default on a foreign key whose column `%s` has no default",
                           fk->cols[i]->name);
}

/* ---- indexes ---- */

static bool index_covers(ir_column **lead, size_t nlead, ir_column **cols, size_t ncols)
{
    if (ncols < nlead)
        return false;
    for (size_t i = 0; i < nlead; i++)
        if (lead[i] != cols[i])
            return false;
    return true;
}

/* Resolves an index's column elements (expressions have no name) and its
 * INCLUDE columns. */
static bool resolve_index_columns(checker *C, ir_table *t, ir_index *ix, const char *what)
{
    size_t n = ix->columns.n;
    ir_column **cols = arena_alloc(C->a, (n ? n : 1) * sizeof *cols);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        if (!ix->columns.names[i])
            continue;
        ir_name_list one = {&ix->columns.names[i], &ix->columns.pos[i], 1};
        ir_column **found;
        if (!resolve_columns(C, t, &one, &found, what)) {
            ok = false;
            continue;
        }
        cols[i] = found[0];
        for (size_t j = 0; j < i; j++)
            if (cols[j] == cols[i] && ir_index_elem_is_plain(ix, j) &&
                ir_index_elem_is_plain(ix, i)) {
                diag_error(C->d, ix->columns.pos[i], NULL, "%s lists column `%s` twice", what,
                           cols[i]->name);
                ok = false;
                break;
            }
    }
    ix->cols = ok ? cols : NULL;
    if (ix->include.n && !resolve_columns(C, t, &ix->include, &ix->include_cols, "`include`"))
        ok = false;
    return ok;
}

/* Key columns then INCLUDE columns joined with '_', as PostgreSQL derives
 * an index name (an expression index has a given name). */
static const char *index_name_columns(checker *C, const ir_index *ix)
{
    size_t n = ix->columns.n + ix->include.n;
    ir_name_list all = {arena_alloc(C->a, n * sizeof(char *)), NULL, n};
    for (size_t i = 0; i < n; i++)
        all.names[i] =
            i < ix->columns.n ? ix->columns.names[i] : ix->include.names[i - ix->columns.n];
    return joined_names(C, &all);
}

/* What PostgreSQL would refuse in an index's elements, INCLUDE and NULLS
 * NOT DISTINCT: options the method does not have, a collation on a type
 * without one; and an expression without a name. `noun` is "index" or
 * "exclusion constraint" (both take "an"). */
static void check_index_options(checker *C, const ir_index *ix, const char *noun)
{
    bool ordered = !strcmp(ix->method, "btree");
    for (size_t i = 0; i < ix->columns.n; i++) {
        const ir_index_elem *e = ir_index_elem_at(ix, i);
        if ((e->desc || e->nulls) && !ordered)
            diag_error(C->d, e->pos, "remove `order` and `nulls`, or use btree",
                       "%s indexes have no order; `order` and `nulls` need btree", ix->method);
        const ir_column *c = ix->cols[i];
        if (e->collation && c && type_known(&c->type) && !collatable(&c->type))
            diag_error(C->d, e->pos, "remove `collation`",
                       "column `%s` is %s, which has no collation", c->name,
                       ir_type_string(C->a, &c->type));
    }
    if (ix->has_expression && !ix->name_given) {
        for (size_t i = 0; i < ix->columns.n; i++)
            if (ir_index_elem_at(ix, i)->expression) {
                diag_error(C->d, ir_index_elem_at(ix, i)->pos,
                           arena_printf(C->a,
                                        "add a `name:` to the %s; PostgreSQL's name for it would "
                                        "depend on how the expression is spelled",
                                        noun),
                           "an %s on an expression needs a `name`", noun);
                break;
            }
    }
    if (ix->include.n && strcmp(ix->method, "btree") != 0 && strcmp(ix->method, "gist") != 0 &&
        strcmp(ix->method, "spgist") != 0)
        diag_error(C->d, ix->include.pos[0], "remove `include`, or use btree",
                   "%s indexes cannot have `include` columns (btree, gist and spgist can)",
                   ix->method);
    if (ix->nulls_not_distinct && !ix->unique)
        diag_error(C->d, ix->pos, "add `unique: true`, or remove `nulls_not_distinct`",
                   "`nulls_not_distinct` needs a unique index");
}

static void check_index(checker *C, ir_table *t, ir_index *ix)
{
    if (!resolve_index_columns(C, t, ix, "index"))
        return;
    bool named = true;
    if (!ix->name_given)
        ix->name = ix->has_expression ? NULL
                                      : ir_object_name(C->a, t->name, index_name_columns(C, ix),
                                                       "idx");
    else
        named = check_identifier(C, ix->name, ix->pos, "index");
    check_index_options(C, ix, "index");
    /* The method checks below are about a column type's default operator
     * class: an expression or an explicit opclass is PostgreSQL's to judge. */
    if (!strcmp(ix->method, "gin")) {
        for (size_t i = 0; i < ix->columns.n; i++)
            if (ir_index_elem_is_plain(ix, i) && type_known(&ix->cols[i]->type) &&
                ix->cols[i]->type.kind != IR_JSONB && ix->cols[i]->type.kind != IR_TSVECTOR &&
                !ix->cols[i]->type.array_dims)
                diag_error(C->d, ix->pos, "use btree, index a jsonb column, or give an `opclass`",
                           "a gin index needs jsonb, tsvector or array columns; `%s` is %s",
                           ix->cols[i]->name,
                           ir_type_string(C->a, &ix->cols[i]->type));
    } else if (!strcmp(ix->method, "hash")) {
        if (ix->unique)
            diag_error(C->d, ix->pos, "use btree", "hash indexes cannot be unique");
        if (ix->columns.n > 1)
            diag_error(C->d, ix->pos, "use btree", "hash indexes have a single column");
    } else if (!strcmp(ix->method, "gist")) {
        for (size_t i = 0; i < ix->columns.n; i++)
            if (ir_index_elem_is_plain(ix, i) && type_known(&ix->cols[i]->type) &&
                !has_default_gist(&ix->cols[i]->type)) {
                diag_error(C->d, ix->pos,
                           "use btree, gin for jsonb, or index an expression (a range) or give "
                           "an `opclass`",
                           "`%s` (%s) has no default gist operator class", ix->cols[i]->name,
                           ir_type_string(C->a, &ix->cols[i]->type));
                break;
            }
    } else if (!strcmp(ix->method, "spgist")) {
        if (ix->columns.n > 1)
            diag_error(C->d, ix->pos, "use btree", "spgist indexes have a single column");
        for (size_t i = 0; i < ix->columns.n; i++)
            if (ir_index_elem_is_plain(ix, i) && type_known(&ix->cols[i]->type) &&
                ix->cols[i]->type.kind != IR_TEXT && ix->cols[i]->type.kind != IR_VARCHAR)
                diag_error(C->d, ix->pos, "use btree",
                           "an spgist index needs text columns; `%s` is %s", ix->cols[i]->name,
                           ir_type_string(C->a, &ix->cols[i]->type));
    } else if (ix->unique && strcmp(ix->method, "btree") != 0) {
        diag_error(C->d, ix->pos, "use btree", "only btree indexes can be unique");
    }
    if (!strcmp(ix->method, "btree") || !strcmp(ix->method, "hash"))
        for (size_t i = 0; i < ix->columns.n; i++)
            if (ir_index_elem_is_plain(ix, i) &&
                (ix->cols[i]->type.kind == IR_JSON || ix->cols[i]->type.kind == IR_XML))
                diag_error(C->d, ix->pos,
                           ix->cols[i]->type.kind == IR_JSON ? "use jsonb" : "index an expression",
                           "%s columns cannot be indexed by %s",
                           ix->cols[i]->type.kind == IR_JSON ? "json" : "xml", ix->method);
    if (named && ix->name)
        claim_relation(C, ix->name, ix->pos, "an index",
                       ix->name_given ? "choose another `name`" : "give the index a `name`");
}

/* ---- exclusion constraints ---- */

static void check_exclusion(checker *C, ir_table *t, ir_exclusion *x, strmap *constraints)
{
    ir_index *ix = &x->index;
    if (!resolve_index_columns(C, t, ix, "exclusion constraint"))
        return;
    ix->name_given = x->name_given;
    check_index_options(C, ix, "exclusion constraint");
    if (!x->name_given) {
        if (ix->has_expression)
            return; /* reported: it needs a name */
        x->name = ir_object_name(C->a, t->name, index_name_columns(C, ix), "excl");
    } else if (!check_identifier(C, x->name, x->pos, "exclusion constraint")) {
        return;
    }
    ix->name = x->name;
    const char *hint = x->name_given ? "choose another `name`" : "give the constraint a `name`";
    /* The constraint and the index behind it share the name. */
    claim_name(C, constraints, x->name, x->pos, "an exclusion constraint", hint);
    claim_relation(C, x->name, x->pos, "an exclusion constraint's index", hint);
}

/* Does an index lead with the columns `lead`, each as a plain column (no
 * expression, opclass or collation), so it serves equality lookups? */
static bool index_leads_with(const ir_index *ix, ir_column **lead, size_t nlead)
{
    if (!ix->cols || ix->columns.n < nlead)
        return false;
    for (size_t i = 0; i < nlead; i++)
        if (!ir_index_elem_is_plain(ix, i) || ix->cols[i] != lead[i])
            return false;
    return true;
}

/* An index for every foreign key not already led by another index or key. */
static void add_fk_indexes(checker *C, ir_table *t)
{
    for (size_t i = 0; i < t->nfks; i++) {
        ir_fk *fk = t->fks[i];
        if (!fk->cols)
            continue;
        bool covered = t->primary_key && t->primary_key->cols &&
                       index_covers(fk->cols, fk->columns.n, t->primary_key->cols,
                                    t->primary_key->columns.n);
        for (size_t j = 0; j < t->nuniques && !covered; j++)
            covered = t->uniques[j]->cols &&
                      index_covers(fk->cols, fk->columns.n, t->uniques[j]->cols,
                                   t->uniques[j]->columns.n);
        /* A btree index led by the FK's columns serves its lookups, and so
         * does a hash index on exactly them (they are equality lookups);
         * a partial index does not see every row. */
        for (size_t j = 0; j < t->nindexes && !covered; j++) {
            const ir_index *ix = t->indexes[j];
            covered = !ix->where &&
                      (!strcmp(ix->method, "btree") ||
                       (!strcmp(ix->method, "hash") && ix->columns.n == fk->columns.n)) &&
                      index_leads_with(ix, fk->cols, fk->columns.n);
        }
        if (covered)
            continue;
        ir_index *ix = arena_alloc(C->a, sizeof *ix);
        ix->columns = fk->columns;
        ix->cols = fk->cols;
        ix->method = "btree";
        ix->pos = fk->pos;
        ix->for_fk = true;
        ix->name = ir_object_name(C->a, t->name, joined_names(C, &fk->columns), "idx");
        ir_table_add_index(C->s, t, ix);
        claim_relation(C, ix->name, ix->pos, "a foreign key index",
                       "index these columns yourself under `indexes:` with a `name`");
    }
}

/* ---- C names ----
 *
 * The one list of the identifiers the C templates (templates/c/NAME.mustache,
 * through generator/codegen/context.c) make from a schema's names: per schema,
 * table, column, enum and enum value, each with the object it is made for.
 * validate reserves every one, so two objects that would make the same
 * identifier are an error at the YAML position of the second, never a
 * failure of `generate` or of the C compiler. Where the templates decide
 * whether to make a name (a get_by for a unique index, a many-to-many
 * list), the name is reserved whenever it could be made. A template that
 * makes a new identifier adds it here; tests/codegen/test_c_names.c checks
 * generated code against this list. */

/* File-scope names of the generated code that come from no schema name:
 * those of schemac_runtime.h (runtime_header.mustache), which every
 * generated file includes, and the schema source's own helpers
 * (source.mustache). A table's static helpers (users_columns...) must not
 * take one. Kept by hand, and exact: test c_names fails on a name the code
 * makes that is missing here, and on a name here the code no longer makes. */
static const char *const runtime_names[] = {
    "SCHEMAC_RT_BOOL", "SCHEMAC_RT_BYTEA", "SCHEMAC_RT_CHECK_VIOLATION", "SCHEMAC_RT_DATE",
    "SCHEMAC_RT_ENUM", "SCHEMAC_RT_ERROR", "SCHEMAC_RT_FLOAT4", "SCHEMAC_RT_FLOAT8",
    "SCHEMAC_RT_FOREIGN_KEY_VIOLATION", "SCHEMAC_RT_INT2", "SCHEMAC_RT_INT4", "SCHEMAC_RT_INT8",
    "SCHEMAC_RT_INTERVAL", "SCHEMAC_RT_ISOLATION_DEFAULT", "SCHEMAC_RT_JSONB",
    "SCHEMAC_RT_NOT_FOUND", "SCHEMAC_RT_NOT_NULL_VIOLATION", "SCHEMAC_RT_NUMERIC", "SCHEMAC_RT_OK",
    "SCHEMAC_RT_READ_COMMITTED", "SCHEMAC_RT_REPEATABLE_READ", "SCHEMAC_RT_SERIALIZABLE",
    "SCHEMAC_RT_SHAPES", "SCHEMAC_RT_TEXT", "SCHEMAC_RT_TIMESTAMP", "SCHEMAC_RT_TX_ABORTED",
    "SCHEMAC_RT_TX_ACTIVE", "SCHEMAC_RT_TX_IDLE", "SCHEMAC_RT_TX_OPTIONS_INIT",
    "SCHEMAC_RT_TX_UNKNOWN", "SCHEMAC_RT_UNIQUE_VIOLATION", "SCHEMAC_RT_UUID", "SCHEMAC_RUNTIME_H",
    "schemac_rt_array_begin", "schemac_rt_batch", "schemac_rt_batch_begin",
    "schemac_rt_batch_free", "schemac_rt_batch_run", "schemac_rt_begin", "schemac_rt_buf",
    "schemac_rt_buf_release", "schemac_rt_bytea", "schemac_rt_column", "schemac_rt_commit",
    "schemac_rt_conn_state_clear", "schemac_rt_conn_state_of", "schemac_rt_copy_bytes",
    "schemac_rt_array_free", "schemac_rt_copy_row", "schemac_rt_copy_rows", "schemac_rt_copy_string",
    "schemac_rt_count", "schemac_rt_find", "schemac_rt_get_by", "schemac_rt_insert_many",
    "schemac_rt_key", "schemac_rt_list_by", "schemac_rt_list_by_many", "schemac_rt_remove",
    "schemac_rt_removal", "schemac_rt_sql", "SCHEMAC_RT_DELETE", "SCHEMAC_RT_RESTORE",
    "SCHEMAC_RT_HARD_DELETE",
    "schemac_rt_count_rows", "schemac_rt_date_from_iso", "schemac_rt_date_to_iso", "schemac_rt_db",
    "schemac_rt_decode_bool", "schemac_rt_decode_bytea", "schemac_rt_decode_date",
    "schemac_rt_decode_float4", "schemac_rt_decode_float8", "schemac_rt_decode_int2",
    "schemac_rt_decode_int4", "schemac_rt_decode_int8", "schemac_rt_decode_interval",
    "schemac_rt_decode_jsonb", "schemac_rt_decode_numeric", "schemac_rt_decode_text",
    "schemac_rt_decode_timestamp", "schemac_rt_decode_uuid", "schemac_rt_decoder",
    "schemac_rt_enum", "schemac_rt_error", "schemac_rt_exec_rows", "schemac_rt_fetch_all",
    "schemac_rt_fetch_inserted", "schemac_rt_fetch_one", "schemac_rt_field_bool",
    "schemac_rt_field_bytea", "schemac_rt_field_date", "schemac_rt_field_float4",
    "schemac_rt_field_float8", "schemac_rt_field_int2", "schemac_rt_field_int4",
    "schemac_rt_field_int8", "schemac_rt_field_interval", "schemac_rt_field_jsonb",
    "schemac_rt_field_null", "schemac_rt_field_numeric", "schemac_rt_field_text",
    "schemac_rt_field_timestamp", "schemac_rt_field_uuid", "schemac_rt_filter",
    "schemac_rt_find_rows", "schemac_rt_fixed_query", "schemac_rt_free_row", "schemac_rt_get",
    "schemac_rt_insert", "schemac_rt_insert_row", "schemac_rt_interval", "schemac_rt_isolation",
    "schemac_rt_kind", "schemac_rt_list_keys", "schemac_rt_list_many", "schemac_rt_list_page",
    "schemac_rt_numeric_from_double", "schemac_rt_numeric_from_scaled",
    "schemac_rt_numeric_to_double", "schemac_rt_numeric_to_scaled", "schemac_rt_param_array",
    "schemac_rt_param_bool", "schemac_rt_param_bytea", "schemac_rt_param_date",
    "schemac_rt_param_float4", "schemac_rt_param_float8", "schemac_rt_param_int2",
    "schemac_rt_param_int4", "schemac_rt_param_int8", "schemac_rt_param_interval",
    "schemac_rt_param_jsonb", "schemac_rt_param_null", "schemac_rt_param_numeric",
    "schemac_rt_param_text", "schemac_rt_param_timestamp", "schemac_rt_param_uuid",
    "schemac_rt_params", "schemac_rt_query", "schemac_rt_rollback", "schemac_rt_run_command",
    "schemac_rt_savepoint", "schemac_rt_savepoint_begin",
    "schemac_rt_savepoint_release", "schemac_rt_savepoint_rollback", "schemac_rt_sent_columns",
    "schemac_rt_set_config", "schemac_rt_set_trace", "schemac_rt_statement", "schemac_rt_status",
    "schemac_rt_stream", "schemac_rt_stream_close", "schemac_rt_stream_next",
    "schemac_rt_stream_open", "schemac_rt_table", "schemac_rt_timestamp_from_iso",
    "schemac_rt_timestamp_to_iso", "schemac_rt_trace", "schemac_rt_trace_event",
    "schemac_rt_trace_to_file", "schemac_rt_transact", "schemac_rt_tx_fn", "schemac_rt_tx_options",
    "schemac_rt_tx_state", "schemac_rt_tx_state_of", "schemac_rt_update", "schemac_rt_update_row",
    "schemac_rt_upsert_rows", "transact_call", "transact_work",
};
bool validate_is_runtime_name(const char *name)
{
    for (size_t i = 0; i < COUNT(runtime_names); i++)
        if (!strcmp(name, runtime_names[i]))
            return true;
    return false;
}

/* The schema's own API: PREFIX_db..., and the status codes PREFIX_OK... */
static const char *const schema_names[] = {
    "%p_db", "%p_db_init", "%p_db_status", "%p_db_status_name", "%p_db_error", "%p_bytea",
    "%p_interval", "%P_OK", "%P_NOT_FOUND", "%P_UNIQUE_VIOLATION", "%P_FOREIGN_KEY_VIOLATION",
    "%P_NOT_NULL_VIOLATION", "%P_CHECK_VIOLATION", "%P_ERROR", "%P_H", "%P_BASE_H", "%P_DB_SHAPES",
    "%p_db_discard", "%p_db_tx_options", "%P_DB_TX_OPTIONS_INIT", "%p_db_begin", "%p_db_commit",
    "%p_db_rollback", "%p_db_savepoint", "%p_db_savepoint_begin", "%p_db_savepoint_release",
    "%p_db_savepoint_rollback", "%p_db_tx_fn", "%p_db_transact", "%p_db_set_config",
    "%p_db_batch", "%p_db_batch_begin", "%p_db_batch_run", "%p_db_batch_status", "%p_db_batch_free",
};
/* A table's types, macros and static helpers (%t its C name, %T upper). */
static const char *const table_names[] = {
    "%p_%t", "%p_%t_array", "%p_%t_filter", "%P_%T_ALL_COLUMNS", "%P_%T_FILTER_INIT",
    "%t_columns", "%t_array_casts", "%t_oids", "%t_param", "%t_field", "%t_decode",
    "%t_decode_row", "%t_copy_column", "%t_free_row", "%t_table", "%t_filter_view",
    "%t_result_oids", "%t_keys", "%t_sql",
};
/* A table's functions: PREFIX_TABLE_SUFFIX, and the statement id
 * stmt_TABLE_SUFFIX of each in the source. get_by_, list_by_ and their
 * _many forms follow from keys and foreign keys, in add_key_functions. */
static const char *const table_functions[] = {
    "insert", "insert_many", "get", "update", "update_columns", "upsert", "upsert_many",
    "delete", "restore", "hard_delete", "list", "count", "find", "free", "array_free", "copy",
};
/* Statement ids (stmt_TABLE_SUFFIX) whose function is named otherwise
 * (list_after is the statement of PREFIX_TABLE_list; insert_sent and
 * upsert_sent those of insert and upsert under db.out_as_sent). */
static const char *const table_statements[] = {"list_after", "insert_sent", "upsert_sent"};
/* An enum's type, functions and the source's codec helpers (%e, %E). */
static const char *const enum_names[] = {
    "%p_%e", "%p_%e_to_string", "%p_%e_from_string",
    "param_%p_%e", "field_%p_%e", "decode_%p_%e", "schemac_rt_enum_%p_%e",
    "schemac_rt_enum_is_int_%p_%e",
};

typedef struct namer {
    const ir_schema *s;
    arena *a;
    const char *prefix, *PREFIX;
    validate_c_name_fn *fn;
    void *arg;
} namer;

static char *upper_copy(arena *a, const char *s)
{
    char *u = arena_strdup(a, s);
    for (char *p = u; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return u;
}

/* Expands a pattern of the lists above: %p %P the schema prefix, %t %T a
 * table's C name, %e %E an enum's. */
static void name_pattern(namer *N, const char *pattern, const char *object, const char *owner,
                         src_pos pos)
{
    buf b = BUF_INIT;
    for (const char *p = pattern; *p; p++) {
        if (*p != '%') {
            buf_putc(&b, *p);
            continue;
        }
        p++;
        if (*p == 'p')
            buf_puts(&b, N->prefix);
        else if (*p == 'P')
            buf_puts(&b, N->PREFIX);
        else if (*p == 't' || *p == 'e')
            buf_puts(&b, object);
        else /* T, E */
            buf_puts(&b, upper_copy(N->a, object));
    }
    N->fn(N->arg, buf_cstr(&b), owner, pos);
    buf_free(&b);
}

static void name_function(namer *N, const ir_table *t, const char *suffix, const char *owner,
                          src_pos pos)
{
    if (!owner)
        owner = arena_printf(N->a, "the %s function of table `%s`", suffix, t->name);
    N->fn(N->arg, arena_printf(N->a, "%s_%s_%s", N->prefix, t->c_name, suffix), owner, pos);
    N->fn(N->arg, arena_printf(N->a, "stmt_%s_%s", t->c_name, suffix), owner, pos);
}

static const char *joined_c_names(namer *N, ir_column *const *cols, size_t n)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s%s", i ? "_and_" : "", cols[i]->c_name);
    const char *r = arena_strdup(N->a, buf_cstr(&b));
    buf_free(&b);
    return r;
}

/* BASE and BASE_many, as a function of `t`. */
static void name_batch_pair(namer *N, const ir_table *t, const char *base, const char *owner,
                            src_pos pos)
{
    name_function(N, t, base, owner, pos);
    name_function(N, t, arena_printf(N->a, "%s_many", base),
                  owner ? owner : arena_printf(N->a, "the %s function of table `%s`", base, t->name),
                  pos);
}

/* get_by_ for every unique key and index, list_by_ for every foreign key,
 * and list_by_ASSOC_ on both ends of every pair of foreign keys of a
 * table (the many-to-many lists of an association table). */
static void name_key_functions(namer *N, const ir_table *t)
{
    for (size_t i = 0; i < t->nuniques; i++)
        if (t->uniques[i]->cols)
            name_batch_pair(N, t,
                            arena_printf(N->a, "get_by_%s",
                                         joined_c_names(N, t->uniques[i]->cols,
                                                        t->uniques[i]->columns.n)),
                            NULL, t->uniques[i]->pos);
    for (size_t i = 0; i < t->nindexes; i++)
        if (t->indexes[i]->unique && t->indexes[i]->cols && !t->indexes[i]->has_expression)
            name_batch_pair(N, t,
                            arena_printf(N->a, "get_by_%s",
                                         joined_c_names(N, t->indexes[i]->cols,
                                                        t->indexes[i]->columns.n)),
                            NULL, t->indexes[i]->pos);
    for (size_t i = 0; i < t->nfks; i++) {
        const ir_fk *f = t->fks[i];
        if (!f->cols || !f->ref_table)
            continue;
        name_batch_pair(N, t,
                        arena_printf(N->a, "list_by_%s", joined_c_names(N, f->cols, f->columns.n)),
                        NULL, f->pos);
        for (size_t j = 0; j < t->nfks; j++) {
            const ir_fk *other = t->fks[j];
            if (j == i || !other->cols || !other->ref_table)
                continue;
            /* Rows of other's table, by the key f points at. */
            name_batch_pair(N, other->ref_table,
                            arena_printf(N->a, "list_by_%s_%s", t->c_name,
                                         joined_c_names(N, f->cols, f->columns.n)),
                            arena_printf(N->a, "the many-to-many list of table `%s` through `%s`",
                                         other->ref_table->name, t->name),
                            other->pos);
        }
    }
}

void validate_each_c_name(const ir_schema *s, arena *a, validate_c_name_fn *fn, void *arg)
{
    namer N = {s, a, s->name, upper_copy(a, s->name), fn, arg};
    const char *runtime = "one of the generated code's own names";
    for (size_t i = 0; i < COUNT(runtime_names); i++)
        fn(arg, runtime_names[i], runtime, (src_pos){0});
    for (size_t i = 0; i < COUNT(schema_names); i++)
        name_pattern(&N, schema_names[i], NULL, runtime, (src_pos){0});
    /* The include guard of each schema file's header (NAME.FILE.h). */
    for (size_t i = 0; i < s->nfiles; i++)
        fn(arg, ir_file_guard(a, s->name, s->files[i]),
           arena_printf(a, "the header made from schema file %s", s->files[i]),
           (src_pos){s->files[i], 1, 1});
    for (size_t i = 0; i < s->nenums; i++) {
        const ir_enum *e = s->enums[i];
        const char *owner = arena_printf(a, "enum `%s`", e->name);
        for (size_t j = 0; j < COUNT(enum_names); j++)
            name_pattern(&N, enum_names[j], e->c_name, owner, e->pos);
        const char *E = upper_copy(a, e->c_name);
        for (size_t j = 0; j < e->nvalues; j++)
            fn(arg, arena_printf(a, "%s_%s_%s", N.PREFIX, E, e->values[j].c_name),
               arena_printf(a, "value `%s` of enum `%s`", e->values[j].name, e->name),
               e->values[j].pos);
    }
    for (size_t i = 0; i < s->ntables; i++) {
        const ir_table *t = s->tables[i];
        const char *owner = arena_printf(a, "table `%s`", t->name);
        for (size_t j = 0; j < COUNT(table_names); j++)
            name_pattern(&N, table_names[j], t->c_name, owner, t->pos);
        for (size_t j = 0; j < COUNT(table_functions); j++)
            name_function(&N, t, table_functions[j], NULL, t->pos);
        for (size_t j = 0; j < COUNT(table_statements); j++)
            fn(arg, arena_printf(a, "stmt_%s_%s", t->c_name, table_statements[j]),
               arena_printf(a, "the %s statement of table `%s`", table_statements[j], t->name),
               t->pos);
        const char *T = upper_copy(a, t->c_name);
        for (size_t j = 0; j < t->ncolumns; j++) {
            const ir_column *c = t->columns[j];
            fn(arg, arena_printf(a, "%s_%s_COL_%s", N.PREFIX, T, upper_copy(a, c->c_name)),
               arena_printf(a, "column `%s` of table `%s`", c->name, t->name), c->pos);
        }
        name_key_functions(&N, t);
    }
}

/* Who made a reserved identifier first. */
typedef struct c_owner {
    const char *owner;
    src_pos pos;
} c_owner;

typedef struct reserver {
    checker *C;
    strmap names;
} reserver;

static void reserve_c_name(void *arg, const char *identifier, const char *owner, src_pos pos)
{
    reserver *R = arg;
    c_owner *prev = strmap_get(&R->names, identifier);
    if (!prev) {
        c_owner *mine = arena_alloc(R->C->a, sizeof *mine);
        *mine = (c_owner){owner, pos};
        strmap_put(&R->names, arena_strdup(R->C->a, identifier), mine);
        return;
    }
    if (!strcmp(prev->owner, owner)) /* one object, two routes to one name */
        return;
    if (!prev->pos.file) {
        diag_error(R->C->d, pos, "rename it",
                   "%s would make the C identifier `%s`, which is %s", owner, identifier,
                   prev->owner);
        return;
    }
    diag_error(R->C->d, pos, "rename one of them",
               "%s and %s both make the C identifier `%s`", owner, prev->owner, identifier);
    diag_note(R->C->d, prev->pos, "%s is here", prev->owner);
}

static void reserve_c_names(checker *C)
{
    reserver R = {C, {0}};
    strmap_init(&R.names, C->a);
    /* About sixty names per table and one per column: sized once, so the
     * table is not rebuilt a dozen times on the way. */
    size_t names = 256;
    for (size_t i = 0; i < C->s->ntables; i++)
        names += 64 + C->s->tables[i]->ncolumns;
    strmap_reserve(&R.names, names);
    validate_each_c_name(C->s, C->a, reserve_c_name, &R);
    /* A column's name stands alone in C, as a struct member and as a
     * parameter inside the functions' bodies: named like one of the
     * identifiers above, a macro would replace it (SHOP_USERS_COL_ID,
     * PG_EPOCH_DAYS) or it would hide what the body uses (users_table).
     * Lower-case names of the runtime are fine: as a parameter such a
     * name gets a trailing `_` (validate_is_runtime_name). */
    for (size_t i = 0; i < C->s->ntables; i++) {
        const ir_table *t = C->s->tables[i];
        for (size_t j = 0; j < t->ncolumns; j++) {
            const ir_column *c = t->columns[j];
            const c_owner *o = strmap_get(&R.names, c->c_name);
            if (!o || (!o->pos.file && validate_is_runtime_name(c->c_name) &&
                       strpbrk(c->c_name, "abcdefghijklmnopqrstuvwxyz")))
                continue;
            diag_error(C->d, c->pos, "rename the column",
                       "column `%s` of table `%s` is named like the C identifier `%s`, which is "
                       "%s",
                       c->name, t->name, c->c_name,
                       o->pos.file ? arena_printf(C->a, "made for %s", o->owner) : o->owner);
            if (o->pos.file)
                diag_note(C->d, o->pos, "%s is here", o->owner);
        }
    }
}

/* Sets the C names of enums, values, tables and columns; with `report`,
 * reports the clashes between them and between the identifiers made of
 * them. */
static void set_c_names(checker *C, size_t errors_before, bool report)
{
    ir_schema *s = C->s;
    size_t errors = C->d->errors;
    strmap seen; /* C names within one enum or table; reused */
    strmap_init(&seen, C->a);
    for (size_t i = 0; i < s->nenums; i++) {
        ir_enum *e = s->enums[i];
        /* NAMESPACE_ENUM outside public, as for tables. */
        e->c_name = ir_c_name(C->a, e->namespace
                                        ? arena_printf(C->a, "%s_%s", e->namespace, e->name)
                                        : e->name);
        strmap_clear(&seen);
        for (size_t j = 0; j < e->nvalues; j++) {
            ir_enum_value *v = &e->values[j];
            /* Enum constants are upper case: BLOG_POST_STATUS_DRAFT. */
            char *c = arena_strdup(C->a, ir_c_name(C->a, v->name));
            for (char *p = c; *p; p++)
                *p = (char)toupper((unsigned char)*p);
            v->c_name = c;
            if (!report)
                continue;
            const ir_enum_value *prev = strmap_put(&seen, c, v);
            if (prev)
                diag_error(C->d, v->pos, "rename one of them",
                           "enum values `%s` and `%s` both become `%s` in C", prev->name, v->name,
                           c);
        }
    }
    for (size_t i = 0; i < s->ntables; i++) {
        ir_table *t = s->tables[i];
        /* A table outside public is NAMESPACE_TABLE in C: the same name
         * may be in two namespaces. */
        t->c_name = ir_c_name(C->a, t->namespace
                                        ? arena_printf(C->a, "%s_%s", t->namespace, t->name)
                                        : t->name);
        strmap_clear(&seen);
        for (size_t j = 0; j < t->ncolumns; j++) {
            ir_column *c = t->columns[j];
            c->c_name = ir_c_name(C->a, c->name);
            if (!report)
                continue;
            const ir_column *prev = strmap_put(&seen, c->c_name, c);
            if (prev)
                diag_error(C->d, c->pos, "rename one of them",
                           "columns `%s` and `%s` of table `%s` both become `%s` in C",
                           prev->name, c->name, t->name, c->c_name);
        }
        if (!report)
            continue;
        /* A key column named like a parameter or local of the generated
         * functions (db, out, params...) is their parameter `NAME_`, which
         * must not be another column's. */
        for (size_t j = 0; j < t->ncolumns; j++) {
            ir_column *c = t->columns[j];
            size_t n = strlen(c->c_name);
            if (n < 2 || c->c_name[n - 1] != '_')
                continue;
            const ir_column *other = strmap_get(&seen, arena_strndup(C->a, c->c_name, n - 1));
            if (other)
                diag_error(C->d, c->pos, "rename one of them",
                           "columns `%s` and `%s` of table `%s` can both become the parameter "
                           "`%s` in C (a parameter named like one the functions use gets a "
                           "trailing `_`)",
                           other->name, c->name, t->name, c->c_name);
        }
        /* Nullable columns get a `has_NAME` flag beside them in C. */
        for (size_t j = 0; j < t->ncolumns; j++) {
            ir_column *c = t->columns[j];
            if (strncmp(c->c_name, "has_", 4) != 0)
                continue;
            const ir_column *other = strmap_get(&seen, c->c_name + 4);
            if (other)
                diag_error(C->d, c->pos, "rename the column",
                           "column `%s` clashes in C with the presence flag of column `%s`",
                           c->name, other->name);
        }
    }
    /* Clashes between generated identifiers once the schema is otherwise
     * valid: a table named like an enum, two names that mangle alike, an
     * empty name are reported above in their own words. */
    if (report && C->d->errors == errors && errors == errors_before)
        reserve_c_names(C);
}

/* ---- the schema ---- */

static bool is_c_identifier(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_'))
        return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_') || (unsigned char)*s > 127)
            return false;
    return true;
}

/* A `renamed_from` names what the object was called in the previous
 * version, so nothing of this version may still have that name: diff
 * would match the old object by name and drop the hint unsaid. Two
 * objects naming each other ask for a swap, which is refused with its own
 * message, once. `other_hint` is the hint of the object the hint names. */
static void check_renamed_from(checker *C, const char *what, const char *table, const char *name,
                               const char *hint, src_pos pos, bool other_exists,
                               const char *other_hint)
{
    const char *prefix = table ? arena_printf(C->a, "%s.", table) : "";
    if (!hint || !other_exists)
        return;
    bool swap = other_hint && !strcmp(other_hint, name);
    if (swap && strcmp(name, hint) > 0)
        return; /* reported once, at the first name of the two */
    if (!strcmp(hint, name))
        diag_error(C->d, pos, "remove `renamed_from`", "%s `%s%s` has renamed_from its own name",
                   what, prefix, name);
    else if (swap)
        diag_error(C->d, pos,
                   arena_printf(C->a,
                                "swap them in three migrations: `%s` to a temporary name, `%s` "
                                "to `%s`, then the temporary name to `%s`",
                                hint, name, hint, name),
                   "%ss `%s%s` and `%s%s` swap names through renamed_from, which schemac does "
                   "not plan",
                   what, prefix, name, prefix, hint);
    else
        diag_error(C->d, pos,
                   arena_printf(C->a,
                                "remove `renamed_from` if `%s` is new; to rename `%s` and add "
                                "another `%s`, rename in one migration and add in the next",
                                name, hint, hint),
                   "%s `%s%s` has renamed_from `%s`, but `%s%s` is still in this version", what,
                   prefix, name, hint, prefix, hint);
}

/* The renamed_from of an object with a namespace (a table, an enum),
 * checked as keys: `objects` is the schema's map of them, and the fields
 * of the object it holds are found at these offsets. */
static void check_qualified_rename(checker *C, const char *what, const strmap *objects,
                                   const char *qualified, const char *ns, const char *hint,
                                   src_pos pos, size_t namespace_at, size_t hint_at)
{
    const char *old_key = hint ? ir_renamed_key(C->a, ns, hint) : NULL;
    const char *o = old_key ? strmap_get(objects, old_key) : NULL;
    const char *o_ns = NULL, *o_hint = NULL;
    if (o) {
        memcpy(&o_ns, o + namespace_at, sizeof o_ns);
        memcpy(&o_hint, o + hint_at, sizeof o_hint);
    }
    check_renamed_from(C, what, NULL, qualified, old_key, pos, o != NULL,
                       o_hint ? ir_renamed_key(C->a, o_ns, o_hint) : NULL);
}

static void check_renames(checker *C)
{
    for (size_t i = 0; i < C->s->nenums; i++) {
        const ir_enum *e = C->s->enums[i];
        check_qualified_rename(C, "enum", &C->s->enum_map, e->qualified, e->namespace,
                               e->renamed_from, e->renamed_from_pos, offsetof(ir_enum, namespace),
                               offsetof(ir_enum, renamed_from));
    }
    for (size_t i = 0; i < C->s->ndomains; i++) {
        const ir_domain *d = C->s->domains[i];
        check_qualified_rename(C, "domain", &C->s->domain_map, d->qualified, d->namespace,
                               d->renamed_from, d->renamed_from_pos,
                               offsetof(ir_domain, namespace), offsetof(ir_domain, renamed_from));
    }
    for (size_t i = 0; i < C->s->ntables; i++) {
        const ir_table *t = C->s->tables[i];
        check_qualified_rename(C, "table", &C->s->table_map, t->qualified, t->namespace,
                               t->renamed_from, t->renamed_from_pos,
                               offsetof(ir_table, namespace), offsetof(ir_table, renamed_from));
        for (size_t j = 0; j < t->ncolumns; j++) {
            const ir_column *c = t->columns[j];
            const ir_column *oc = c->renamed_from ? ir_find_column(t, c->renamed_from) : NULL;
            check_renamed_from(C, "column", t->name, c->name, c->renamed_from,
                               c->renamed_from_pos, oc != NULL, oc ? oc->renamed_from : NULL);
        }
    }
}

static int validate(ir_schema *s, diag *d, bool c_clashes)
{
    size_t errors = d->errors;
    checker C = {.s = s, .d = d, .a = &s->arena};
    strmap_init(&C.relations, C.a);
    strmap_init(&C.types, C.a);
    /* Sized once for the relations every table is likely to have (itself,
     * its keys' and indexes', and an index per FK): no growth garbage. */
    size_t relations = 0;
    for (size_t i = 0; i < s->ntables; i++)
        relations += 2 + s->tables[i]->nuniques + s->tables[i]->nindexes + s->tables[i]->nfks +
                     s->tables[i]->nexclusions;
    strmap_reserve(&C.relations, relations);
    if (!is_c_identifier(s->name) || strlen(s->name) > 40)
        diag_error(d, s->name_pos, "use letters, digits and _, starting with a letter",
                   "schema name `%s` must be a C identifier of at most 40 characters", s->name);
    for (size_t i = 0; i < s->nenums; i++) {
        ir_enum *e = s->enums[i];
        if (check_identifier(&C, e->name, e->pos, "enum"))
            strmap_put(&C.types, e->qualified, e);
        for (size_t j = 0; j < e->nvalues; j++) {
            const char *v = e->values[j].name;
            if (!*v)
                diag_error(d, e->values[j].pos, NULL, "empty enum value");
            else if (strlen(v) > IR_NAME_MAX)
                diag_error(d, e->values[j].pos, NULL, "enum value is longer than %d bytes",
                           IR_NAME_MAX);
        }
    }
    for (size_t i = 0; i < s->nextensions; i++)
        check_identifier(&C, s->extensions[i]->name, s->extensions[i]->pos, "extension");
    for (size_t i = 0; i < s->ndomains; i++)
        check_domain(&C, s->domains[i]);
    for (size_t i = 0; i < s->ntables; i++) {
        ir_table *t = s->tables[i];
        C.namespace = t->namespace;
        if (ir_find_domain(s, t->qualified))
            diag_error(d, t->pos, "rename the table or the domain",
                       "table `%s` has the name of a domain; PostgreSQL gives each table a type "
                       "of the same name",
                       t->qualified);
        if (check_identifier(&C, t->name, t->pos, "table") &&
            claim_relation(&C, t->name, t->pos, "a table", "rename one of them") &&
            strmap_get(&C.types, t->qualified))
            diag_error(d, t->pos, "rename the table or the enum",
                       "table `%s` has the name of an enum; PostgreSQL gives each table a type "
                       "of the same name",
                       t->qualified);
        add_derived_columns(&C, t);
        for (size_t j = 0; j < t->ncolumns; j++)
            check_column(&C, t, t->columns[j]);
    }
    /* With the derived columns, which a hint may name too. */
    check_renames(&C);
    /* Keys before foreign keys: an FK's target must know its keys. */
    strmap *constraints = arena_alloc(C.a, s->ntables * sizeof *constraints + 1);
    for (size_t i = 0; i < s->ntables; i++) {
        strmap_init(&constraints[i], C.a);
        C.namespace = s->tables[i]->namespace;
        check_keys(&C, s->tables[i], &constraints[i]);
    }
    /* Checks after foreign keys: a check named like a derived constraint
     * name is the one to rename. */
    for (size_t i = 0; i < s->ntables; i++) {
        ir_table *t = s->tables[i];
        C.namespace = t->namespace;
        for (size_t j = 0; j < t->nfks; j++)
            check_fk(&C, t, t->fks[j], &constraints[i]);
        for (size_t j = 0; j < t->nchecks; j++) {
            ir_check *c = t->checks[j];
            if (!*c->expr)
                diag_error(d, c->pos, NULL, "check `%s` has an empty expression", c->name);
            if (check_identifier(&C, c->name, c->pos, "check"))
                claim_name(&C, &constraints[i], c->name, c->pos, "a check", "choose another name");
        }
        for (size_t j = 0; j < t->nexclusions; j++)
            check_exclusion(&C, t, t->exclusions[j], &constraints[i]);
        for (size_t j = 0; j < t->nindexes; j++)
            check_index(&C, t, t->indexes[j]);
        add_fk_indexes(&C, t);
        validate_partitions(&C, t);
    }
    C.namespace = NULL; /* views and their indexes live in public */
    validate_objects(&C);
    access_validate(s, d);
    /* Seed rows after the keys and indexes they are matched by. */
    for (size_t i = 0; i < s->ntables; i++)
        seed_validate(s->tables[i], C.a, d);
    set_c_names(&C, errors, c_clashes);
    return d->errors > errors ? -1 : 0;
}

int validate_schema(ir_schema *s, diag *d) { return validate(s, d, true); }

int validate_schema_sql(ir_schema *s, diag *d) { return validate(s, d, false); }

int validate_c_names(ir_schema *s, diag *d)
{
    size_t errors = d->errors;
    checker C = {.s = s, .d = d, .a = &s->arena};
    set_c_names(&C, errors, true);
    return d->errors > errors ? -1 : 0;
}
