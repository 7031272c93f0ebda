/* load: walks the ydoc tree of each file and builds IR nodes, reporting
 * unknown keys (with "did you mean"), wrong node kinds and bad scalars. */
#include "load.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "load_internal.h"
#include "strmap.h"

src_pos pos_of(const loader *L, const ynode *n)
{
    return (src_pos){L->file, n->line, n->col};
}

const char *copy_text(loader *L, const ynode *n)
{
    return arena_strndup(&L->s->arena, n->text, n->len);
}

/* Reports a key that is not in `known`, suggesting the nearest one. */
static void unknown_key(loader *L, const ynode *key, const char *const *known, size_t n,
                        const char *where)
{
    const char *near = diag_suggest(key->text, known, n);
    char hint[160];
    if (near)
        snprintf(hint, sizeof hint, "did you mean `%s`?", near);
    else {
        size_t len = (size_t)snprintf(hint, sizeof hint, "known keys:");
        for (size_t i = 0; i < n && len < sizeof hint - 20; i++)
            len += (size_t)snprintf(hint + len, sizeof hint - len, " %s", known[i]);
    }
    diag_error(L->d, pos_of(L, key), hint, "unknown key `%s` in %s", key->text, where);
}

/* What a node is, for "must be X, not Y": a scalar shows its text. */
const char *describe(loader *L, const ynode *n)
{
    if (n->kind != YNODE_SCALAR || ynode_is_null(n))
        return ynode_kind_name(n);
    size_t len = 0;
    while (len < n->len && len < 40 && (unsigned char)n->text[len] >= 0x20)
        len++;
    while (len < n->len && len > 0 && ((unsigned char)n->text[len] & 0xC0) == 0x80)
        len--;
    const char *quote = n->plain ? "" : "\"";
    return arena_printf(L->tmp, "`%s%.*s%s%s`", quote, (int)len, n->text,
                        len < n->len ? "..." : "", quote);
}

bool expect(loader *L, const ynode *n, ynode_kind kind, const char *what)
{
    if (n->kind == kind && !(kind == YNODE_SCALAR && ynode_is_null(n)))
        return true;
    static const char *names[] = {"a string", "a list", "a map"};
    diag_error(L->d, pos_of(L, n), NULL, "%s must be %s, not %s", what, names[kind],
               describe(L, n));
    return false;
}

const char *get_string(loader *L, const ynode *n, const char *what)
{
    if (!expect(L, n, YNODE_SCALAR, what))
        return NULL;
    return copy_text(L, n);
}

bool get_bool(loader *L, const ynode *n, const char *what, bool *out)
{
    if (ynode_bool(n, out) == 0)
        return true;
    diag_error(L->d, pos_of(L, n),
               n->kind == YNODE_SCALAR && !n->plain ? "write true or false without quotes"
                                                    : "write true or false",
               "%s must be true or false, not %s", what, describe(L, n));
    return false;
}

/* Index of `key` in `known`, or -1 after reporting it. */
int key_index(loader *L, const ynode *key, const char *const *known, size_t n,
                     const char *where)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(key->text, known[i]))
            return (int)i;
    unknown_key(L, key, known, n, where);
    return -1;
}

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* A list of column names: `[a, b]`, or a single name where allowed. */
bool get_name_list(loader *L, const ynode *n, const char *what, bool allow_single,
                   ir_name_list *out)
{
    memset(out, 0, sizeof *out);
    if (allow_single && n->kind == YNODE_SCALAR && !ynode_is_null(n)) {
        out->names = arena_alloc(&L->s->arena, sizeof *out->names);
        out->pos = arena_alloc(&L->s->arena, sizeof *out->pos);
        out->names[0] = copy_text(L, n);
        out->pos[0] = pos_of(L, n);
        out->n = 1;
        return true;
    }
    if (!expect(L, n, YNODE_SEQ, what))
        return false;
    if (n->n == 0) {
        diag_error(L->d, pos_of(L, n), NULL, "%s must name at least one column", what);
        return false;
    }
    out->names = arena_alloc(&L->s->arena, n->n * sizeof *out->names);
    out->pos = arena_alloc(&L->s->arena, n->n * sizeof *out->pos);
    bool ok = true;
    for (size_t i = 0; i < n->n; i++) {
        const char *name = get_string(L, n->items[i], "a column name");
        if (!name) {
            ok = false;
            continue;
        }
        out->names[out->n] = name;
        out->pos[out->n++] = pos_of(L, n->items[i]);
    }
    return ok;
}

/* "table.column", "table(column)" or "table(a, b)". */
static bool parse_reference(loader *L, const ynode *n, const char **table, ir_name_list *cols)
{
    const char *text = n->text;
    const char *paren = strchr(text, '(');
    const char *dot = strrchr(text, '.');
    memset(cols, 0, sizeof *cols);
    arena *a = &L->s->arena;
    if (paren) {
        size_t len = strlen(text);
        if (len < 3 || text[len - 1] != ')' || paren == text)
            goto bad;
        *table = arena_strndup(a, text, (size_t)(paren - text));
        const char *p = paren + 1, *end = text + len - 1;
        size_t cap = 0;
        while (p < end) {
            while (p < end && *p == ' ')
                p++;
            const char *q = p;
            while (q < end && *q != ',')
                q++;
            const char *e = q;
            while (e > p && e[-1] == ' ')
                e--;
            if (e == p)
                goto bad;
            cols->names = arena_grow(a, cols->names, sizeof *cols->names, &cap, cols->n + 1);
            cols->names[cols->n++] = arena_strndup(a, p, (size_t)(e - p));
            p = q < end ? q + 1 : q;
        }
        if (!cols->n)
            goto bad;
    } else if (dot && dot != text && dot[1]) {
        *table = arena_strndup(a, text, (size_t)(dot - text));
        cols->names = arena_alloc(a, sizeof *cols->names);
        cols->names[0] = arena_strdup(a, dot + 1);
        cols->n = 1;
    } else {
        goto bad;
    }
    cols->pos = arena_alloc(a, cols->n * sizeof *cols->pos);
    for (size_t i = 0; i < cols->n; i++)
        cols->pos[i] = pos_of(L, n);
    return true;
bad:
    diag_error(L->d, pos_of(L, n), "write `table.column` or `table(column, ...)`",
               "malformed reference `%s`", text);
    return false;
}

static bool get_fk_action(loader *L, const ynode *n, const char *what, ir_fk_action *out)
{
    if (!expect(L, n, YNODE_SCALAR, arena_printf(L->tmp, "`%s`", what)))
        return false;
    if (ir_fk_action_parse(n->text, out) == 0)
        return true;
    static const char *const names[] = {"cascade", "restrict", "set_null", "set_default",
                                        "no_action"};
    /* Compare as the SQL spelling would be written here: `SET NULL` → set_null. */
    char *word = arena_strdup(L->tmp, n->text);
    for (char *p = word; *p; p++)
        *p = *p == ' ' ? '_' : (char)tolower((unsigned char)*p);
    const char *near = diag_suggest(word, names, COUNT(names));
    ir_fk_action same;
    if (!near && ir_fk_action_parse(word, &same) == 0)
        near = ir_fk_action_name(same);
    char hint[100];
    snprintf(hint, sizeof hint, near ? "did you mean `%s`?" : "%s",
             near ? near : "one of cascade, restrict, set_null, set_default, no_action");
    diag_error(L->d, pos_of(L, n), hint, "unknown %s action `%s`", what, n->text);
    return false;
}

/* On failure the type is marked invalid so later checks skip it. */
static bool get_type(loader *L, const ynode *n, ir_type *out)
{
    if (!expect(L, n, YNODE_SCALAR, "`type`")) {
        out->invalid = true;
        return false;
    }
    const char *why = NULL;
    int r = ir_type_parse(n->text, out, &why);
    if (r == -2) {
        out->invalid = true;
        diag_error(L->d, pos_of(L, n), NULL, "bad type `%s`: %s", n->text, why);
        return false;
    }
    if (r == -1) {
        /* Not a built-in: an enum or domain of the schema, checked by
         * validate; `[]` after it was counted into array_dims. */
        out->kind = IR_ENUM;
        char *name = (char *)copy_text(L, n), *bracket = strchr(name, '[');
        if (bracket) {
            while (bracket > name && bracket[-1] == ' ')
                bracket--;
            *bracket = '\0';
        }
        out->enum_name = name;
    }
    return true;
}

/* In `{ type: numeric(10,2) }` the comma ends the value inside braces, so
 * YAML reads a type `numeric(10` and then a key `2)` without value. */
static bool type_cut_at_comma(const ynode *type, const ynode *key, const ynode *val)
{
    return type && type->kind == YNODE_SCALAR && type->plain && strchr(type->text, '(') &&
           !strchr(type->text, ')') && key->plain && key->len && key->text[key->len - 1] == ')' &&
           ynode_is_null(val);
}

/* `default: literal` or `default_sql: expression` (key k, value v) of a
 * column or a domain (`what`). */
static void get_default(loader *L, const ynode *k, const ynode *v, const char *what,
                        ir_default *def)
{
    bool sql = !strcmp(k->text, "default_sql");
    if (!sql && v->kind != YNODE_SCALAR) {
        expect(L, v, YNODE_SCALAR, "`default`");
        return;
    }
    if (!sql && ynode_is_null(v)) {
        diag_error(L->d, pos_of(L, v),
                   "a nullable column without a default is already NULL; remove `default`",
                   "`default` may not be null");
        return;
    }
    const char *text = sql ? get_string(L, v, "`default_sql`") : copy_text(L, v);
    if (!text)
        return;
    if (def->kind == (sql ? IR_DEFAULT_LITERAL : IR_DEFAULT_SQL))
        diag_error(L->d, pos_of(L, k), "keep one of them",
                   "%s has either `default` or `default_sql`, not both", what);
    *def = (ir_default){sql ? IR_DEFAULT_SQL : IR_DEFAULT_LITERAL, text, !sql && !v->plain,
                        pos_of(L, v)};
}

static const char *const column_keys[] = {
    "type",     "nullable",  "default",    "default_sql", "generated", "collation",
    "primary_key", "identity", "unique",   "references", "match",      "on_delete",
    "on_update", "deferrable", "comment",  "renamed_from",
};
enum {
    CK_TYPE, CK_NULLABLE, CK_DEFAULT, CK_DEFAULT_SQL, CK_GENERATED, CK_COLLATION, CK_PRIMARY_KEY,
    CK_IDENTITY, CK_UNIQUE, CK_REFERENCES, CK_MATCH, CK_ON_DELETE, CK_ON_UPDATE, CK_DEFERRABLE,
    CK_COMMENT, CK_RENAMED_FROM,
};

static bool get_deferrable(loader *L, const ynode *n, ir_deferrable *out);

/* `identity: { always: true, start: 100, increment: 10, min: 1, max: 1000,
 * cycle: true, cache: 20 }`. */
static void get_identity_options(loader *L, const ynode *map, ir_column *c)
{
    static const char *const keys[] = {"start", "increment", "min", "max", "cache", "always",
                                       "cycle"};
    c->identity = IR_IDENTITY_BY_DEFAULT;
    for (size_t i = 0; i < map->n; i++) {
        const ynode *k = YNODE_KEY(map, i), *v = YNODE_VALUE(map, i);
        int which = key_index(L, k, keys, COUNT(keys), "an identity");
        bool on = false;
        if (which == 5 || which == 6) {
            get_bool(L, v, which == 5 ? "`always`" : "`cycle`", &on);
            if (which == 5)
                c->identity = on ? IR_IDENTITY_ALWAYS : IR_IDENTITY_BY_DEFAULT;
            else
                c->sequence.cycle = on;
        } else if (which >= 0) {
            char *end = NULL;
            errno = 0;
            long long n = v->kind == YNODE_SCALAR && v->plain ? strtoll(v->text, &end, 10) : 0;
            if (!end || end == v->text || *end || errno) {
                diag_error(L->d, pos_of(L, v), NULL, "`%s` must be a 64-bit integer",
                           keys[which]);
                continue;
            }
            c->sequence.value[which] = n;
            c->sequence.set |= 1u << which;
        }
    }
}

typedef struct inline_flags {
    bool primary_key, unique;
    const ynode *primary_key_node, *unique_node;
} inline_flags;

static void load_column(loader *L, ir_table *t, const ynode *key, const ynode *val,
                        inline_flags *flags)
{
    ir_schema *s = L->s;
    ir_column *c = arena_alloc(&s->arena, sizeof *c);
    c->name = copy_text(L, key);
    c->pos = pos_of(L, key);
    memset(flags, 0, sizeof *flags);
    if (val->kind == YNODE_SCALAR && !ynode_is_null(val)) {
        get_type(L, val, &c->type);
        c->type_pos = pos_of(L, val);
        goto add;
    }
    if (val->kind != YNODE_MAP) {
        diag_error(L->d, pos_of(L, val), "write e.g. `name: text` or `name: { type: text }`",
                   "column `%s` must be a type or a map, not %s", c->name, describe(L, val));
        return;
    }
    const ynode *type = NULL, *references = NULL, *on_delete = NULL, *on_update = NULL;
    const ynode *match = NULL, *deferrable = NULL;
    const ynode *type_tail = NULL;
    for (size_t i = 0; i < val->n; i++) {
        const ynode *k = YNODE_KEY(val, i), *v = YNODE_VALUE(val, i);
        if (i > 0 && YNODE_VALUE(val, i - 1) == type && type_cut_at_comma(type, k, v)) {
            type_tail = k;
            continue;
        }
        switch (key_index(L, k, column_keys, COUNT(column_keys), "a column")) {
        case CK_TYPE:
            type = v;
            break;
        case CK_NULLABLE:
            get_bool(L, v, "`nullable`", &c->nullable);
            break;
        case CK_DEFAULT:
        case CK_DEFAULT_SQL:
            get_default(L, k, v, "a column", &c->def);
            break;
        case CK_PRIMARY_KEY:
            /* A bad value was meant as a key; assuming so spares the table a
             * second error for having no primary key. */
            if (!get_bool(L, v, "`primary_key`", &flags->primary_key))
                flags->primary_key = true;
            flags->primary_key_node = k;
            break;
        case CK_GENERATED:
            c->generated = get_string(L, v, "`generated`");
            c->generated_pos = pos_of(L, v);
            break;
        case CK_COLLATION:
            c->collation = get_string(L, v, "`collation`");
            c->collation_pos = pos_of(L, v);
            break;
        case CK_IDENTITY: {
            bool on;
            if (v->kind == YNODE_MAP)
                get_identity_options(L, v, c);
            else if (v->kind == YNODE_SCALAR && v->plain && !strcmp(v->text, "always"))
                c->identity = IR_IDENTITY_ALWAYS;
            else if (v->kind == YNODE_SCALAR && v->plain && !strcmp(v->text, "by_default"))
                c->identity = IR_IDENTITY_BY_DEFAULT;
            else if (ynode_bool(v, &on) == 0)
                c->identity = on ? IR_IDENTITY_BY_DEFAULT : IR_IDENTITY_NONE;
            else
                diag_error(L->d, pos_of(L, v), "write true (BY DEFAULT) or always",
                           "`identity` must be true, false, by_default or always");
            break;
        }
        case CK_UNIQUE:
            get_bool(L, v, "`unique`", &flags->unique);
            flags->unique_node = k;
            break;
        case CK_REFERENCES:
            if (expect(L, v, YNODE_SCALAR, "`references`"))
                references = v;
            break;
        case CK_ON_DELETE:
            on_delete = v;
            break;
        case CK_ON_UPDATE:
            on_update = v;
            break;
        case CK_MATCH:
            match = v;
            break;
        case CK_DEFERRABLE:
            deferrable = v;
            break;
        case CK_COMMENT:
            c->comment = get_string(L, v, "`comment`");
            break;
        case CK_RENAMED_FROM:
            c->renamed_from = get_string(L, v, "`renamed_from`");
            c->renamed_from_pos = pos_of(L, v);
            break;
        }
    }
    if (type_tail) {
        const char *whole = arena_printf(L->tmp, "%s,%s", type->text, type_tail->text);
        diag_error(L->d, pos_of(L, type),
                   arena_printf(L->tmp, "inside { } a comma ends the value; write `type: \"%s\"`",
                                whole),
                   "type `%s` must be quoted here", whole);
        c->type.invalid = true;
        c->type_pos = pos_of(L, type);
    } else if (type) {
        get_type(L, type, &c->type);
        c->type_pos = pos_of(L, type);
    } else {
        /* Keep the column so keys naming it do not report it as unknown. */
        diag_error(L->d, pos_of(L, key), "add e.g. `type: text`", "column `%s` has no `type`",
                   c->name);
        c->type.invalid = true;
        c->type_pos = c->pos;
    }
    if (references) {
        ir_fk *fk = arena_alloc(&s->arena, sizeof *fk);
        fk->is_inline = true;
        fk->pos = pos_of(L, references);
        fk->columns.names = arena_alloc(&s->arena, sizeof(char *));
        fk->columns.pos = arena_alloc(&s->arena, sizeof(src_pos));
        fk->columns.names[0] = c->name;
        fk->columns.pos[0] = c->pos;
        fk->columns.n = 1;
        if (parse_reference(L, references, &fk->ref_table_name, &fk->ref_columns)) {
            if (on_delete)
                get_fk_action(L, on_delete, "on_delete", &fk->on_delete);
            if (on_update)
                get_fk_action(L, on_update, "on_update", &fk->on_update);
            static const char *const matches[] = {"simple", "full"};
            if (match)
                fk->match_full = get_word(L, match, "`match`", matches, COUNT(matches)) == 1;
            if (deferrable)
                get_deferrable(L, deferrable, &fk->deferrable);
            ir_table_add_fk(s, t, fk);
        }
    } else if (on_delete || on_update || match || deferrable) {
        const ynode *n = on_delete ? on_delete : on_update ? on_update : match ? match : deferrable;
        diag_error(L->d, pos_of(L, n), "add `references: table.column`",
                   "`%s` without `references`",
                   on_delete ? "on_delete" : on_update ? "on_update" : match ? "match" : "deferrable");
    }
add:
    if (ir_table_add_column(s, t, c) != c)
        diag_error(L->d, c->pos, NULL, "duplicate column `%s`", c->name);
}

/* An inline key (`primary_key: true` / `unique: true` on a column). */
static ir_key *inline_key(loader *L, ir_column *c, const ynode *at)
{
    ir_key *k = arena_alloc(&L->s->arena, sizeof *k);
    k->is_inline = true;
    k->pos = pos_of(L, at);
    k->columns.names = arena_alloc(&L->s->arena, sizeof(char *));
    k->columns.pos = arena_alloc(&L->s->arena, sizeof(src_pos));
    k->columns.names[0] = c->name;
    k->columns.pos[0] = c->pos;
    k->columns.n = 1;
    return k;
}

static void load_columns(loader *L, ir_table *t, const ynode *cols)
{
    if (!expect(L, cols, YNODE_MAP, "`columns`"))
        return;
    if (cols->n == 0)
        diag_error(L->d, pos_of(L, cols), NULL, "table `%s` has no columns", t->name);
    /* Room for the columns `timestamps` and `soft_delete` add, too. */
    strmap_reserve(&t->column_map, cols->n + 3);
    for (size_t i = 0; i < cols->n; i++) {
        const ynode *k = YNODE_KEY(cols, i), *v = YNODE_VALUE(cols, i);
        inline_flags flags;
        size_t before = t->ncolumns;
        load_column(L, t, k, v, &flags);
        if (t->ncolumns == before)
            continue;
        ir_column *c = t->columns[before];
        if (flags.primary_key) {
            if (t->primary_key) {
                diag_error(L->d, pos_of(L, flags.primary_key_node),
                           "for a composite key write `primary_key: [a, b]` on the table",
                           "table `%s` already has a primary key (column `%s`)", t->name,
                           t->primary_key->columns.names[0]);
            } else {
                t->primary_key = inline_key(L, c, flags.primary_key_node);
            }
        }
        if (flags.unique)
            ir_table_add_unique(L->s, t, inline_key(L, c, flags.unique_node));
    }
}

static const char *const index_elem_keys[] = {"column", "expression", "order", "nulls",
                                               "opclass", "collation", "with"};
enum { EK_COLUMN, EK_EXPRESSION, EK_ORDER, EK_NULLS, EK_OPCLASS, EK_COLLATION, EK_WITH };

/* A word of a fixed set (`order: desc`); reports any other value. */
int get_word(loader *L, const ynode *n, const char *what, const char *const *words, size_t nwords)
{
    const char *text = get_string(L, n, what);
    if (!text)
        return -1;
    for (size_t i = 0; i < nwords; i++)
        if (!strcmp(text, words[i]))
            return (int)i;
    const char *near = diag_suggest(text, words, nwords);
    char list[100];
    size_t len = 0;
    for (size_t i = 0; i < nwords && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                i == 0 ? "" : i + 1 < nwords ? ", " : " or ", words[i]);
    char hint[120];
    if (near)
        snprintf(hint, sizeof hint, "did you mean `%s`?", near);
    else
        snprintf(hint, sizeof hint, "write %s", list);
    diag_error(L->d, pos_of(L, n), hint, "%s must be %s, not %s", what, list, describe(L, n));
    return -1;
}

/* An operator class or collation name: only identifier characters. An
 * operator class is written into SQL as it is (it may be schema-qualified);
 * a collation is quoted, so it may also have `-` (`en-x-icu`). */
static const char *get_sql_name(loader *L, const ynode *n, const char *what, bool dash)
{
    const char *text = get_string(L, n, what);
    if (!text)
        return NULL;
    bool ok = *text != '\0';
    for (const char *p = text; *p && ok; p++)
        ok = isalnum((unsigned char)*p) || *p == '_' || *p == '.' || (dash && *p == '-') ||
             (unsigned char)*p >= 0x80;
    if (!ok) {
        diag_error(L->d, pos_of(L, n),
                   dash ? "letters, digits, `_`, `-` and `.` only"
                        : "letters, digits, `_` and `.` only",
                   "%s `%s` is not a name", what, text);
        return NULL;
    }
    return text;
}

/* The operator of an exclusion element's `with` (`&&`, `=`): operator
 * characters only, since it is written into SQL as it is. */
static const char *get_operator(loader *L, const ynode *n)
{
    const char *text = get_string(L, n, "`with`");
    if (!text)
        return NULL;
    bool ok = *text != '\0';
    for (const char *p = text; *p && ok; p++)
        ok = strchr("+-*/<>=~!@#%^&|`?", *p) != NULL;
    if (!ok)
        diag_error(L->d, pos_of(L, n), "write an operator such as \"&&\" or \"=\", quoted",
                   "`with` `%s` is not an operator", text);
    return ok ? text : NULL;
}

/* One element of an index's `columns`: a column name, or a map with a
 * `column` or an `expression` and how it is ordered and compared. An
 * exclusion constraint's element (`with` not NULL) is always a map and
 * also takes the operator `with`. */
static bool load_index_elem(loader *L, ir_index *ix, size_t i, const ynode *n,
                            const char **with)
{
    ir_index_elem *e = &ix->elems[i];
    e->pos = pos_of(L, n);
    if (n->kind != YNODE_MAP) {
        const char *name = get_string(L, n, "an index column");
        ix->columns.names[i] = name;
        ix->columns.pos[i] = e->pos;
        return name != NULL;
    }
    const ynode *column = NULL, *expression = NULL;
    bool ok = true;
    size_t nkeys = with ? COUNT(index_elem_keys) : COUNT(index_elem_keys) - 1;
    const char *what = with ? "an exclusion element" : "an index column";
    for (size_t j = 0; j < n->n; j++) {
        const ynode *k = YNODE_KEY(n, j), *v = YNODE_VALUE(n, j);
        switch (key_index(L, k, index_elem_keys, nkeys, what)) {
        case EK_COLUMN:
            ok &= (ix->columns.names[i] = get_string(L, v, "`column`")) != NULL;
            ix->columns.pos[i] = pos_of(L, v);
            column = k;
            break;
        case EK_EXPRESSION:
            ok &= (e->expression = get_string(L, v, "`expression`")) != NULL;
            if (e->expression && !*e->expression) {
                diag_error(L->d, pos_of(L, v), "write the SQL expression to index",
                           "`expression` is empty");
                ok = false;
            }
            expression = k;
            break;
        case EK_ORDER: {
            static const char *const orders[] = {"asc", "desc"};
            int o = get_word(L, v, "`order`", orders, COUNT(orders));
            ok &= o >= 0;
            e->desc = o == 1;
            break;
        }
        case EK_NULLS: {
            static const char *const nulls[] = {"first", "last"};
            int o = get_word(L, v, "`nulls`", nulls, COUNT(nulls));
            ok &= o >= 0;
            e->nulls = o == 0 ? IR_NULLS_FIRST : o == 1 ? IR_NULLS_LAST : IR_NULLS_DEFAULT;
            break;
        }
        case EK_OPCLASS:
            ok &= (e->opclass = get_sql_name(L, v, "`opclass`", false)) != NULL;
            break;
        case EK_COLLATION:
            ok &= (e->collation = get_sql_name(L, v, "`collation`", true)) != NULL;
            break;
        case EK_WITH:
            ok &= (*with = get_operator(L, v)) != NULL;
            break;
        default:
            ok = false;
        }
    }
    if (ok && with && !*with) {
        diag_error(L->d, e->pos, "add e.g. `with: \"&&\"` (overlaps) or `with: \"=\"`",
                   "an exclusion element needs the operator `with`");
        ok = false;
    }
    if (ok && column && expression) {
        diag_error(L->d, pos_of(L, expression), "index either a `column` or an `expression`",
                   "an index column has both `column` and `expression`");
        ok = false;
    } else if (ok && !column && !expression) {
        diag_error(L->d, e->pos, "add `column: name` or `expression: \"...\"`",
                   "an index column needs a `column` or an `expression`");
        ok = false;
    }
    /* NULLS LAST is ASC's default and NULLS FIRST DESC's: one spelling. */
    if (e->nulls == (e->desc ? IR_NULLS_FIRST : IR_NULLS_LAST))
        e->nulls = IR_NULLS_DEFAULT;
    ix->has_expression |= expression != NULL;
    return ok;
}

static bool load_index_columns(loader *L, ir_index *ix, const ynode *n)
{
    if (n->kind == YNODE_SCALAR && !ynode_is_null(n))
        return get_name_list(L, n, "`columns`", true, &ix->columns);
    if (!expect(L, n, YNODE_SEQ, "`columns`"))
        return false;
    if (n->n == 0) {
        diag_error(L->d, pos_of(L, n), NULL, "`columns` must name at least one column");
        return false;
    }
    arena *a = &L->s->arena;
    ix->columns.names = arena_alloc(a, n->n * sizeof *ix->columns.names);
    ix->columns.pos = arena_alloc(a, n->n * sizeof *ix->columns.pos);
    ix->columns.n = n->n;
    ix->elems = arena_alloc(a, n->n * sizeof *ix->elems);
    bool ok = true, options = false;
    for (size_t i = 0; i < n->n; i++) {
        ok &= load_index_elem(L, ix, i, n->items[i], NULL);
        options |= n->items[i]->kind == YNODE_MAP;
    }
    if (!options)
        ix->elems = NULL;
    return ok;
}

static const char *const index_keys[] = {"columns", "include", "unique", "nulls_not_distinct",
                                         "using", "where", "name", "comment"};
enum { IK_COLUMNS, IK_INCLUDE, IK_UNIQUE, IK_NULLS_NOT_DISTINCT, IK_USING, IK_WHERE, IK_NAME,
       IK_COMMENT };

void load_indexes(loader *L, ir_table *t, const ynode *list)
{
    if (!expect(L, list, YNODE_SEQ, "`indexes`"))
        return;
    for (size_t i = 0; i < list->n; i++) {
        const ynode *item = list->items[i];
        if (!expect(L, item, YNODE_MAP, "an index"))
            continue;
        ir_index *ix = arena_alloc(&L->s->arena, sizeof *ix);
        ix->pos = pos_of(L, item);
        ix->method = "btree";
        bool has_columns = false, ok = true;
        for (size_t j = 0; j < item->n; j++) {
            const ynode *k = YNODE_KEY(item, j), *v = YNODE_VALUE(item, j);
            switch (key_index(L, k, index_keys, COUNT(index_keys), "an index")) {
            case IK_COLUMNS:
                ok &= has_columns = load_index_columns(L, ix, v);
                break;
            case IK_INCLUDE:
                ok &= get_name_list(L, v, "`include`", true, &ix->include);
                break;
            case IK_UNIQUE:
                ok &= get_bool(L, v, "`unique`", &ix->unique);
                break;
            case IK_NULLS_NOT_DISTINCT:
                ok &= get_bool(L, v, "`nulls_not_distinct`", &ix->nulls_not_distinct);
                break;
            case IK_USING: {
                static const char *const methods[] = {"btree", "hash", "gin", "gist", "brin",
                                                      "spgist"};
                const char *m = get_string(L, v, "`using`");
                int found = -1;
                for (size_t x = 0; m && x < COUNT(methods); x++)
                    if (!strcmp(m, methods[x]))
                        found = (int)x;
                if (found >= 0) {
                    ix->method = methods[found];
                } else if (m) {
                    char *lower = arena_strdup(L->tmp, m);
                    for (char *p = lower; *p; p++)
                        *p = (char)tolower((unsigned char)*p);
                    const char *near = diag_suggest(lower, methods, COUNT(methods));
                    for (size_t x = 0; !near && x < COUNT(methods); x++)
                        if (!strcmp(lower, methods[x]))
                            near = methods[x];
                    char hint[120];
                    snprintf(hint, sizeof hint, near ? "did you mean `%s`?" : "%s",
                             near ? near : "one of btree, hash, gin, gist, brin, spgist");
                    diag_error(L->d, pos_of(L, v), hint, "unknown index method `%s`", m);
                    ok = false;
                }
                break;
            }
            case IK_WHERE:
                ok &= (ix->where = get_string(L, v, "`where`")) != NULL;
                if (ix->where && !*ix->where) {
                    diag_error(L->d, pos_of(L, v), "remove `where` for an index on every row",
                               "`where` is empty");
                    ok = false;
                }
                break;
            case IK_NAME:
                ok &= (ix->name = get_string(L, v, "`name`")) != NULL;
                ix->name_given = ix->name != NULL;
                break;
            case IK_COMMENT:
                ok &= (ix->comment = get_string(L, v, "`comment`")) != NULL;
                break;
            default:
                ok = false;
            }
        }
        if (!has_columns && ok)
            diag_error(L->d, pos_of(L, item), "add `columns: [...]`", "index has no `columns`");
        if (has_columns && ok)
            ir_table_add_index(L->s, t, ix);
    }
}

/* `deferrable: true | false | initially_deferred` of a unique key or
 * foreign key. */
static bool get_deferrable(loader *L, const ynode *n, ir_deferrable *out)
{
    bool on;
    if (n->kind == YNODE_SCALAR && n->plain && !strcmp(n->text, "initially_deferred")) {
        *out = IR_INITIALLY_DEFERRED;
        return true;
    }
    if (ynode_bool(n, &on) == 0) {
        *out = on ? IR_DEFERRABLE : IR_NOT_DEFERRABLE;
        return true;
    }
    const char *near = NULL;
    if (n->kind == YNODE_SCALAR) {
        static const char *const words[] = {"initially_deferred"};
        near = diag_suggest(n->text, words, COUNT(words));
    }
    diag_error(L->d, pos_of(L, n),
               near ? "did you mean `initially_deferred`?"
                    : "write true (DEFERRABLE INITIALLY IMMEDIATE) or initially_deferred",
               "`deferrable` must be true, false or initially_deferred, not %s", describe(L, n));
    return false;
}

static const char *const fk_keys[] = {"columns",   "references", "match", "on_delete",
                                      "on_update", "deferrable", "name",  "comment"};
enum { FK_COLUMNS, FK_REFERENCES, FK_MATCH, FK_ON_DELETE, FK_ON_UPDATE, FK_DEFERRABLE, FK_NAME,
       FK_COMMENT };

static void load_foreign_keys(loader *L, ir_table *t, const ynode *list)
{
    if (!expect(L, list, YNODE_SEQ, "`foreign_keys`"))
        return;
    for (size_t i = 0; i < list->n; i++) {
        const ynode *item = list->items[i];
        if (!expect(L, item, YNODE_MAP, "a foreign key"))
            continue;
        ir_fk *fk = arena_alloc(&L->s->arena, sizeof *fk);
        fk->pos = pos_of(L, item);
        bool has_columns = false, has_ref = false, ok = true;
        for (size_t j = 0; j < item->n; j++) {
            const ynode *k = YNODE_KEY(item, j), *v = YNODE_VALUE(item, j);
            switch (key_index(L, k, fk_keys, COUNT(fk_keys), "a foreign key")) {
            case FK_COLUMNS:
                ok &= has_columns = get_name_list(L, v, "`columns`", true, &fk->columns);
                break;
            case FK_REFERENCES:
                ok &= has_ref = expect(L, v, YNODE_SCALAR, "`references`") &&
                                parse_reference(L, v, &fk->ref_table_name, &fk->ref_columns);
                break;
            case FK_MATCH: {
                static const char *const matches[] = {"simple", "full"};
                int w = get_word(L, v, "`match`", matches, COUNT(matches));
                ok &= w >= 0;
                fk->match_full = w == 1;
                break;
            }
            case FK_ON_DELETE:
                ok &= get_fk_action(L, v, "on_delete", &fk->on_delete);
                break;
            case FK_ON_UPDATE:
                ok &= get_fk_action(L, v, "on_update", &fk->on_update);
                break;
            case FK_DEFERRABLE:
                ok &= get_deferrable(L, v, &fk->deferrable);
                break;
            case FK_NAME:
                ok &= (fk->name = get_string(L, v, "`name`")) != NULL;
                fk->name_given = fk->name != NULL;
                break;
            case FK_COMMENT:
                ok &= (fk->comment = get_string(L, v, "`comment`")) != NULL;
                break;
            default:
                ok = false;
            }
        }
        if (ok && (!has_columns || !has_ref))
            diag_error(L->d, pos_of(L, item), "a foreign key needs `columns` and `references`",
                       "foreign key without `%s`", has_columns ? "references" : "columns");
        else if (ok)
            ir_table_add_fk(L->s, t, fk);
    }
}

static const char *const exclusion_keys[] = {"elements",   "using", "where",
                                             "deferrable", "name",  "comment"};
enum { XK_ELEMENTS, XK_USING, XK_WHERE, XK_DEFERRABLE, XK_NAME, XK_COMMENT };

static bool load_exclusion_elements(loader *L, ir_exclusion *x, const ynode *n)
{
    if (!expect(L, n, YNODE_SEQ, "`elements`"))
        return false;
    if (n->n == 0) {
        diag_error(L->d, pos_of(L, n), NULL, "`elements` must name at least one element");
        return false;
    }
    arena *a = &L->s->arena;
    ir_index *ix = &x->index;
    ix->columns.names = arena_alloc(a, n->n * sizeof *ix->columns.names);
    ix->columns.pos = arena_alloc(a, n->n * sizeof *ix->columns.pos);
    ix->columns.n = n->n;
    ix->elems = arena_alloc(a, n->n * sizeof *ix->elems);
    x->operators = arena_alloc(a, n->n * sizeof *x->operators);
    bool ok = true;
    for (size_t i = 0; i < n->n; i++) {
        if (!expect(L, n->items[i], YNODE_MAP, "an exclusion element")) {
            ok = false;
            continue;
        }
        ok &= load_index_elem(L, ix, i, n->items[i], &x->operators[i]);
    }
    return ok;
}

/* `exclude`: a list of exclusion constraints. */
static void load_exclusions(loader *L, ir_table *t, const ynode *list)
{
    if (!expect(L, list, YNODE_SEQ, "`exclude`"))
        return;
    for (size_t i = 0; i < list->n; i++) {
        const ynode *item = list->items[i];
        if (!expect(L, item, YNODE_MAP, "an exclusion constraint"))
            continue;
        ir_exclusion *x = arena_alloc(&L->s->arena, sizeof *x);
        x->pos = pos_of(L, item);
        x->index.pos = x->pos;
        x->index.method = "gist";
        bool has_elements = false, ok = true;
        for (size_t j = 0; j < item->n; j++) {
            const ynode *k = YNODE_KEY(item, j), *v = YNODE_VALUE(item, j);
            switch (key_index(L, k, exclusion_keys, COUNT(exclusion_keys),
                              "an exclusion constraint")) {
            case XK_ELEMENTS:
                ok &= has_elements = load_exclusion_elements(L, x, v);
                break;
            case XK_USING: {
                static const char *const methods[] = {"gist", "spgist", "btree", "hash"};
                int m = get_word(L, v, "`using`", methods, COUNT(methods));
                ok &= m >= 0;
                if (m >= 0)
                    x->index.method = methods[m];
                break;
            }
            case XK_WHERE:
                ok &= (x->index.where = get_string(L, v, "`where`")) != NULL;
                if (x->index.where && !*x->index.where) {
                    diag_error(L->d, pos_of(L, v), "remove `where` to constrain every row",
                               "`where` is empty");
                    ok = false;
                }
                break;
            case XK_DEFERRABLE:
                ok &= get_deferrable(L, v, &x->deferrable);
                break;
            case XK_NAME:
                ok &= (x->name = get_string(L, v, "`name`")) != NULL;
                x->name_given = x->name != NULL;
                break;
            case XK_COMMENT:
                ok &= (x->comment = get_string(L, v, "`comment`")) != NULL;
                break;
            default:
                ok = false;
            }
        }
        if (!has_elements && ok)
            diag_error(L->d, x->pos, "add `elements: [{ column: c, with: \"=\" }, ...]`",
                       "exclusion constraint has no `elements`");
        if (has_elements && ok)
            ir_table_add_exclusion(L->s, t, x);
    }
}

static const char *const unique_keys[] = {"columns", "nulls_not_distinct", "deferrable",
                                          "comment"};
enum { UK_COLUMNS, UK_NULLS_NOT_DISTINCT, UK_DEFERRABLE, UK_COMMENT };

/* A unique key in the long form: `{ columns: [a, b], deferrable: true }`. */
static bool load_unique_map(loader *L, ir_key *k, const ynode *item)
{
    bool ok = true, has_columns = false;
    for (size_t j = 0; j < item->n; j++) {
        const ynode *key = YNODE_KEY(item, j), *v = YNODE_VALUE(item, j);
        switch (key_index(L, key, unique_keys, COUNT(unique_keys), "a unique key")) {
        case UK_COLUMNS:
            ok &= has_columns = get_name_list(L, v, "`columns`", true, &k->columns);
            break;
        case UK_NULLS_NOT_DISTINCT:
            ok &= get_bool(L, v, "`nulls_not_distinct`", &k->nulls_not_distinct);
            break;
        case UK_DEFERRABLE:
            ok &= get_deferrable(L, v, &k->deferrable);
            break;
        case UK_COMMENT:
            ok &= (k->comment = get_string(L, v, "`comment`")) != NULL;
            break;
        default:
            ok = false;
        }
    }
    if (ok && !has_columns) {
        diag_error(L->d, k->pos, "add `columns: [...]`", "unique key has no `columns`");
        ok = false;
    }
    return ok;
}

static void load_uniques(loader *L, ir_table *t, const ynode *list)
{
    if (!expect(L, list, YNODE_SEQ, "`unique`"))
        return;
    for (size_t i = 0; i < list->n; i++) {
        ir_key *k = arena_alloc(&L->s->arena, sizeof *k);
        k->pos = pos_of(L, list->items[i]);
        bool ok = list->items[i]->kind == YNODE_MAP
                      ? load_unique_map(L, k, list->items[i])
                      : get_name_list(L, list->items[i], "a unique key", true, &k->columns);
        if (ok)
            ir_table_add_unique(L->s, t, k);
    }
}

/* A table's or a domain's `checks` (one of t, d). */
static void load_checks(loader *L, ir_table *t, ir_domain *d, const ynode *map)
{
    if (!expect(L, map, YNODE_MAP, "`checks`"))
        return;
    for (size_t i = 0; i < map->n; i++) {
        ir_check *c = arena_alloc(&L->s->arena, sizeof *c);
        c->name = copy_text(L, YNODE_KEY(map, i));
        c->pos = pos_of(L, YNODE_KEY(map, i));
        const ynode *v = YNODE_VALUE(map, i), *expression = v;
        if (v->kind == YNODE_MAP) { /* the long form: { expression: "...", comment: ... } */
            static const char *const keys[] = {"expression", "comment"};
            expression = NULL;
            for (size_t j = 0; j < v->n; j++) {
                int w = key_index(L, YNODE_KEY(v, j), keys, COUNT(keys), "a check");
                if (w == 0)
                    expression = YNODE_VALUE(v, j);
                else if (w == 1)
                    c->comment = get_string(L, YNODE_VALUE(v, j), "`comment`");
            }
            if (!expression) {
                diag_error(L->d, c->pos, "add `expression: \"...\"`",
                           "check `%s` has no `expression`", c->name);
                continue;
            }
        }
        if (!(c->expr = get_string(L, expression, arena_printf(L->tmp, "check `%s`", c->name))))
            continue;
        if (d && c->comment) {
            diag_error(L->d, c->pos, "remove the comment; the domain's own `comment` describes it",
                       "a check of a domain takes no comment");
            continue;
        }
        if (t)
            ir_table_add_check(L->s, t, c);
        else
            ir_domain_add_check(L->s, d, c);
    }
}

static const char *const seed_keys[] = {"policy", "key", "rows"};

/* One row of seed data: a map of column to scalar (null for SQL NULL). */
static bool load_seed_row(loader *L, ir_seed_row *row, const ynode *map)
{
    row->pos = pos_of(L, map);
    if (!expect(L, map, YNODE_MAP, "a seed row"))
        return false;
    row->n = map->n;
    row->values = arena_alloc(&L->s->arena, (map->n + 1) * sizeof *row->values);
    bool ok = true;
    for (size_t i = 0; i < map->n; i++) {
        const ynode *k = YNODE_KEY(map, i), *v = YNODE_VALUE(map, i);
        ir_seed_value *sv = &row->values[i];
        sv->column = copy_text(L, k);
        sv->pos = pos_of(L, k);
        sv->value_pos = pos_of(L, v);
        if (v->kind != YNODE_SCALAR) {
            diag_error(L->d, pos_of(L, v), "write JSON as a quoted string",
                       "the value of `%s` in a seed row must be a scalar, not %s", sv->column,
                       describe(L, v));
            ok = false;
        } else if (!ynode_is_null(v)) {
            sv->text = copy_text(L, v);
            sv->quoted = !v->plain;
        }
    }
    return ok;
}

static void load_seed(loader *L, ir_table *t, const ynode *key, const ynode *val)
{
    if (!expect(L, val, YNODE_MAP, "`seed`"))
        return;
    ir_seed *seed = arena_alloc(&L->s->arena, sizeof *seed);
    seed->pos = pos_of(L, key);
    const ynode *rows = NULL;
    bool ok = true, has_policy = false;
    for (size_t i = 0; i < val->n; i++) {
        const ynode *k = YNODE_KEY(val, i), *v = YNODE_VALUE(val, i);
        switch (key_index(L, k, seed_keys, COUNT(seed_keys), "`seed`")) {
        case 0: {
            int p = get_word(L, v, "`policy`", ir_seed_policy_names, COUNT(ir_seed_policy_names));
            ok &= p >= 0;
            seed->policy = p < 0 ? IR_SEED_INSERT_MISSING : (ir_seed_policy)p;
            has_policy = true;
            break;
        }
        case 1:
            ok &= get_name_list(L, v, "`key`", true, &seed->key);
            break;
        case 2:
            rows = v;
            break;
        default:
            ok = false;
        }
    }
    if (!has_policy) {
        diag_error(L->d, seed->pos, "add `policy: insert_missing`, `upsert` or `sync`",
                   "`seed` of table `%s` has no `policy`", t->name);
        ok = false;
    }
    if (!rows) {
        diag_error(L->d, seed->pos, "add `rows: [...]`", "`seed` of table `%s` has no `rows`",
                   t->name);
        ok = false;
    } else if (expect(L, rows, YNODE_SEQ, "`rows`")) {
        seed->nrows = rows->n;
        seed->rows = arena_alloc(&L->s->arena, (rows->n + 1) * sizeof *seed->rows);
        for (size_t i = 0; i < rows->n; i++)
            seed->rows[i].invalid = !load_seed_row(L, &seed->rows[i], rows->items[i]);
    } else {
        ok = false;
    }
    if (ok) /* with rows that failed to load marked: the others are still checked */
        t->seed = seed;
}

/* ---- access: roles, grants, row-level security ---- */

/* A privilege's bit, or 0 after reporting. */
static unsigned get_privilege(loader *L, const ynode *n)
{
    int i = get_word(L, n, "a privilege", ir_privilege_names, IR_PRIV_COUNT);
    return i < 0 ? 0 : 1u << i;
}

/* `role: [select, insert, { update: [a, b] }]`, or `role: all`. */
static ir_grant *load_grant(loader *L, const ynode *key, const ynode *val)
{
    ir_grant *g = arena_alloc(&L->s->arena, sizeof *g);
    g->role = copy_text(L, key);
    g->pos = pos_of(L, key);
    if (val->kind == YNODE_SCALAR && !strcmp(val->text, "all")) {
        g->privileges = (1u << IR_PRIV_COUNT) - 1;
        return g;
    }
    if (!expect(L, val, YNODE_SEQ, arena_printf(L->tmp, "the grants of `%s`", g->role)))
        return NULL;
    g->columns = arena_alloc(&L->s->arena, (val->n + 1) * sizeof *g->columns);
    for (size_t i = 0; i < val->n; i++) {
        const ynode *item = val->items[i];
        if (item->kind != YNODE_MAP) {
            g->privileges |= get_privilege(L, item);
            continue;
        }
        for (size_t j = 0; j < item->n; j++) {
            ir_column_grant *c = &g->columns[g->ncolumns];
            c->pos = pos_of(L, YNODE_KEY(item, j));
            c->privilege = get_privilege(L, YNODE_KEY(item, j));
            if (c->privilege &&
                get_name_list(L, YNODE_VALUE(item, j), "the columns of a grant", true, &c->columns))
                g->ncolumns++;
        }
    }
    return g;
}

static void load_grants(loader *L, ir_table *t, const ynode *map)
{
    if (!expect(L, map, YNODE_MAP, "`grants`"))
        return;
    for (size_t i = 0; i < map->n; i++) {
        ir_grant *g = load_grant(L, YNODE_KEY(map, i), YNODE_VALUE(map, i));
        if (g && t)
            ir_table_add_grant(L->s, t, g);
        else if (g)
            ir_schema_add_grant(L->s, g);
    }
}

/* `roles: [app, reporting]` or `roles: { app: { comment: ... } }`. */
static void load_roles(loader *L, const ynode *val)
{
    bool list = val->kind == YNODE_SEQ;
    if (!list && !expect(L, val, YNODE_MAP, "`roles`"))
        return;
    for (size_t i = 0; i < val->n; i++) {
        const ynode *k = list ? val->items[i] : YNODE_KEY(val, i);
        if (!expect(L, k, YNODE_SCALAR, "a role"))
            continue;
        ir_role *r = arena_alloc(&L->s->arena, sizeof *r);
        r->name = copy_text(L, k);
        r->pos = pos_of(L, k);
        const ynode *v = list ? NULL : YNODE_VALUE(val, i);
        if (v && !ynode_is_null(v) && expect(L, v, YNODE_MAP, "a role")) {
            static const char *const role_keys[] = {"comment"};
            for (size_t j = 0; j < v->n; j++)
                if (key_index(L, YNODE_KEY(v, j), role_keys, 1, "a role") == 0)
                    r->comment = get_string(L, YNODE_VALUE(v, j), "`comment`");
        }
        ir_schema_add_role(L->s, r);
    }
}

static const char *const rls_keys[] = {"owner_column", "setting", "force", "roles"};

/* `row_level_security: true`, or the ownership form. */
static void load_row_security(loader *L, ir_table *t, const ynode *key, const ynode *val)
{
    ir_row_security *r = arena_alloc(&L->s->arena, sizeof *r);
    r->pos = pos_of(L, key);
    if (val->kind != YNODE_MAP) {
        bool on;
        if (get_bool(L, val, "`row_level_security`", &on) && on)
            t->rls = r;
        return;
    }
    bool ok = true;
    for (size_t i = 0; i < val->n; i++) {
        const ynode *k = YNODE_KEY(val, i), *v = YNODE_VALUE(val, i);
        switch (key_index(L, k, rls_keys, COUNT(rls_keys), "`row_level_security`")) {
        case 0:
            ok &= (r->owner_column = get_string(L, v, "`owner_column`")) != NULL;
            r->owner_pos = pos_of(L, v);
            break;
        case 1:
            ok &= (r->setting = get_string(L, v, "`setting`")) != NULL;
            r->setting_pos = pos_of(L, v);
            break;
        case 2:
            ok &= get_bool(L, v, "`force`", &r->force);
            break;
        case 3:
            ok &= get_name_list(L, v, "`roles`", true, &r->roles);
            break;
        default:
            ok = false;
        }
    }
    if (ok && !r->owner_column != !r->setting) {
        diag_error(L->d, r->pos, "give both, or neither for hand-written `policies` only",
                   "`row_level_security` of table `%s` needs `owner_column` and `setting` "
                   "together",
                   t->name);
        ok = false;
    }
    if (ok)
        t->rls = r;
}

static const char *const policy_keys[] = {"command", "restrictive", "roles", "using",
                                          "with_check"};
static const char *const policy_commands[] = {"all", "select", "insert", "update", "delete"};
static const char *const policy_commands_sql[] = {"ALL", "SELECT", "INSERT", "UPDATE", "DELETE"};

static void load_policies(loader *L, ir_table *t, const ynode *map)
{
    if (!expect(L, map, YNODE_MAP, "`policies`"))
        return;
    for (size_t i = 0; i < map->n; i++) {
        const ynode *v = YNODE_VALUE(map, i);
        ir_policy *p = arena_alloc(&L->s->arena, sizeof *p);
        p->name = copy_text(L, YNODE_KEY(map, i));
        p->pos = pos_of(L, YNODE_KEY(map, i));
        p->command = "ALL";
        if (!expect(L, v, YNODE_MAP, arena_printf(L->tmp, "policy `%s`", p->name)))
            continue;
        bool ok = true;
        for (size_t j = 0; j < v->n; j++) {
            const ynode *k = YNODE_KEY(v, j), *pv = YNODE_VALUE(v, j);
            switch (key_index(L, k, policy_keys, COUNT(policy_keys), "a policy")) {
            case 0: {
                int c = get_word(L, pv, "`command`", policy_commands, COUNT(policy_commands));
                ok &= c >= 0;
                if (c >= 0)
                    p->command = policy_commands_sql[c];
                break;
            }
            case 1:
                ok &= get_bool(L, pv, "`restrictive`", &p->restrictive);
                break;
            case 2:
                ok &= get_name_list(L, pv, "`roles`", true, &p->roles);
                break;
            case 3:
                ok &= (p->using_expr = get_string(L, pv, "`using`")) != NULL;
                break;
            case 4:
                ok &= (p->check_expr = get_string(L, pv, "`with_check`")) != NULL;
                break;
            default:
                ok = false;
            }
        }
        if (ok && !p->using_expr && !p->check_expr) {
            diag_error(L->d, p->pos, "add `using:` (rows it may see) or `with_check:` (rows it "
                                     "may write)",
                       "policy `%s` has neither `using` nor `with_check`", p->name);
            ok = false;
        }
        if (ok)
            ir_table_add_policy(L->s, t, p);
    }
}

static const char *const table_keys[] = {
    "comment", "renamed_from", "timestamps", "soft_delete", "columns",
    "primary_key", "unique", "indexes", "checks", "foreign_keys", "exclude", "seed",
    "grants", "row_level_security", "policies", "partition_by", "partitions", "namespace",
};

/* A `namespace`: a PostgreSQL schema name; "public" is NULL (the default). */
static bool get_namespace(loader *L, const ynode *n, const char **out)
{
    const char *ns = get_string(L, n, "`namespace`");
    if (!ns)
        return false;
    if (!*ns || strlen(ns) > IR_NAME_MAX || strchr(ns, '.') || strchr(ns, '"') ||
        !strncmp(ns, "pg_", 3) || !strcmp(ns, "information_schema")) {
        diag_error(L->d, pos_of(L, n), "use letters, digits and _, not starting with pg_",
                   "`%s` cannot be a namespace", ns);
        return false;
    }
    *out = strcmp(ns, "public") ? ns : NULL;
    return true;
}

/* The value of `key` in a map, or NULL. */
static const ynode *map_value(const ynode *map, const char *key)
{
    for (size_t i = 0; map->kind == YNODE_MAP && i < map->n; i++)
        if (!strcmp(YNODE_KEY(map, i)->text, key))
            return YNODE_VALUE(map, i);
    return NULL;
}

static void load_table(loader *L, const ynode *key, const ynode *val)
{
    ir_schema *s = L->s;
    ir_table *t = arena_alloc(&s->arena, sizeof *t);
    t->name = copy_text(L, key);
    t->pos = pos_of(L, key);
    /* The namespace first: it is part of the table's key. */
    t->namespace = L->namespace;
    t->namespace_of_file = L->namespace != NULL;
    const ynode *ns = map_value(val, "namespace");
    if (ns) {
        t->namespace_pos = pos_of(L, ns);
        get_namespace(L, ns, &t->namespace);
        t->namespace_of_file = false;
    }
    ir_table *prev = ir_schema_add_table(s, t);
    if (prev != t) {
        diag_error(L->d, t->pos, NULL, "duplicate table `%s`", t->qualified);
        diag_note(L->d, prev->pos, "`%s` first defined here", t->qualified);
        return;
    }
    if (!expect(L, val, YNODE_MAP, arena_printf(L->tmp, "table `%s`", t->name)))
        return;
    const ynode *columns = NULL, *pk = NULL, *uniques = NULL, *fks = NULL, *exclude = NULL;
    const ynode *seed = NULL, *seed_key = NULL;
    for (size_t i = 0; i < val->n; i++) {
        const ynode *k = YNODE_KEY(val, i), *v = YNODE_VALUE(val, i);
        switch (key_index(L, k, table_keys, COUNT(table_keys), "a table")) {
        case 0:
            t->comment = get_string(L, v, "`comment`");
            break;
        case 1:
            t->renamed_from = get_string(L, v, "`renamed_from`");
            t->renamed_from_pos = pos_of(L, v);
            break;
        case 2:
            get_bool(L, v, "`timestamps`", &t->timestamps);
            break;
        case 3:
            get_bool(L, v, "`soft_delete`", &t->soft_delete);
            break;
        case 4:
            columns = v;
            break;
        case 5:
            pk = v;
            break;
        case 6:
            uniques = v;
            break;
        case 7:
            load_indexes(L, t, v);
            break;
        case 8:
            load_checks(L, t, NULL, v);
            break;
        case 9:
            fks = v;
            break;
        case 10:
            exclude = v;
            break;
        case 11:
            seed_key = k;
            seed = v;
            break;
        case 12:
            load_grants(L, t, v);
            break;
        case 13:
            load_row_security(L, t, k, v);
            break;
        case 14:
            load_policies(L, t, v);
            break;
        case 15:
            load_partition_by(L, t, v);
            break;
        case 16:
            load_partitions(L, t, v);
            break;
        case 17: /* namespace: read above */
            break;
        }
    }
    if (!columns) {
        diag_error(L->d, t->pos, "add `columns:` with at least one column",
                   "table `%s` has no `columns`", t->name);
        return;
    }
    /* Inline keys first, in column order, then the table's own. */
    load_columns(L, t, columns);
    if (uniques)
        load_uniques(L, t, uniques);
    if (fks)
        load_foreign_keys(L, t, fks);
    if (exclude)
        load_exclusions(L, t, exclude);
    if (seed)
        load_seed(L, t, seed_key, seed);
    if (pk) {
        ir_key *k = arena_alloc(&s->arena, sizeof *k);
        k->pos = pos_of(L, pk);
        if (get_name_list(L, pk, "`primary_key`", true, &k->columns)) {
            if (t->primary_key)
                diag_error(L->d, k->pos, "keep either the column's `primary_key: true` or this",
                           "table `%s` already has a primary key (column `%s`)", t->name,
                           t->primary_key->columns.names[0]);
            else
                t->primary_key = k;
        }
    }
}

/* The namespace of an enum or domain: the file's, or its own `namespace`
 * (read first: it is part of the key). */
static void get_object_namespace(loader *L, const ynode *val, const char **ns, src_pos *pos)
{
    *ns = L->namespace;
    const ynode *n = val->kind == YNODE_MAP ? map_value(val, "namespace") : NULL;
    if (n) {
        *pos = pos_of(L, n);
        get_namespace(L, n, ns);
    }
}

static void load_enum(loader *L, const ynode *key, const ynode *val)
{
    ir_schema *s = L->s;
    ir_enum *e = arena_alloc(&s->arena, sizeof *e);
    e->name = copy_text(L, key);
    e->pos = pos_of(L, key);
    get_object_namespace(L, val, &e->namespace, &e->namespace_pos);
    ir_enum *prev = ir_schema_add_enum(s, e);
    if (prev != e) {
        diag_error(L->d, e->pos, NULL, "duplicate enum `%s`", e->qualified);
        diag_note(L->d, prev->pos, "`%s` first defined here", e->name);
        return;
    }
    const ynode *values = val;
    if (val->kind == YNODE_MAP) {
        static const char *const keys[] = {"values", "comment", "renamed_from", "namespace"};
        values = NULL;
        for (size_t i = 0; i < val->n; i++) {
            const ynode *k = YNODE_KEY(val, i), *v = YNODE_VALUE(val, i);
            switch (key_index(L, k, keys, COUNT(keys), "an enum")) {
            case 0:
                values = v;
                break;
            case 1:
                e->comment = get_string(L, v, "`comment`");
                break;
            case 2:
                e->renamed_from = get_string(L, v, "`renamed_from`");
                e->renamed_from_pos = pos_of(L, v);
                break;
            }
        }
        if (!values) {
            diag_error(L->d, e->pos, "add `values: [a, b]`", "enum `%s` has no `values`", e->name);
            return;
        }
    }
    if (!expect(L, values, YNODE_SEQ,
                values == val ? arena_printf(L->tmp, "enum `%s`", e->name) : "`values`"))
        return;
    if (values->n == 0) {
        diag_error(L->d, pos_of(L, values), NULL, "enum `%s` has no values", e->name);
        return;
    }
    e->values = arena_alloc(&s->arena, values->n * sizeof *e->values);
    strmap seen;
    strmap_init(&seen, &s->arena);
    for (size_t i = 0; i < values->n; i++) {
        const ynode *v = values->items[i];
        const char *name = get_string(L, v, "an enum value");
        if (!name)
            continue;
        ir_enum_value *ev = &e->values[e->nvalues];
        ev->name = name;
        ev->pos = pos_of(L, v);
        const ir_enum_value *dup = strmap_put(&seen, name, ev);
        if (dup) {
            diag_error(L->d, ev->pos, NULL, "duplicate value `%s` in enum `%s`", name, e->name);
            continue;
        }
        e->nvalues++;
    }
}

static void load_domain(loader *L, const ynode *key, const ynode *val)
{
    ir_schema *s = L->s;
    ir_domain *d = arena_alloc(&s->arena, sizeof *d);
    d->name = copy_text(L, key);
    d->pos = pos_of(L, key);
    get_object_namespace(L, val, &d->namespace, &d->namespace_pos);
    ir_domain *prev = ir_schema_add_domain(s, d);
    if (prev != d) {
        diag_error(L->d, d->pos, NULL, "duplicate domain `%s`", d->qualified);
        diag_note(L->d, prev->pos, "`%s` first defined here", d->name);
        return;
    }
    const ynode *type = val;
    if (val->kind == YNODE_MAP) {
        static const char *const keys[] = {"type",   "not_null", "default",   "default_sql",
                                           "checks", "comment",  "namespace", "renamed_from"};
        type = NULL;
        for (size_t i = 0; i < val->n; i++) {
            const ynode *k = YNODE_KEY(val, i), *v = YNODE_VALUE(val, i);
            switch (key_index(L, k, keys, COUNT(keys), "a domain")) {
            case 0:
                type = v;
                break;
            case 1:
                get_bool(L, v, "`not_null`", &d->not_null);
                break;
            case 2:
            case 3:
                get_default(L, k, v, "a domain", &d->def);
                break;
            case 4:
                load_checks(L, NULL, d, v);
                break;
            case 5:
                d->comment = get_string(L, v, "`comment`");
                break;
            case 7:
                d->renamed_from = get_string(L, v, "`renamed_from`");
                d->renamed_from_pos = pos_of(L, v);
                break;
            }
        }
    }
    d->type_pos = type ? pos_of(L, type) : d->pos;
    if (!type) {
        diag_error(L->d, d->pos, "add e.g. `type: text`", "domain `%s` has no `type`", d->name);
        d->type.invalid = true;
    } else {
        get_type(L, type, &d->type);
    }
}

static void load_extensions(loader *L, const ynode *list)
{
    if (!expect(L, list, YNODE_SEQ, "`extensions`"))
        return;
    for (size_t i = 0; i < list->n; i++) {
        const char *name = get_string(L, list->items[i], "an extension");
        if (!name)
            continue;
        ir_extension *x = arena_alloc(&L->s->arena, sizeof *x);
        x->name = name;
        x->pos = pos_of(L, list->items[i]);
        ir_extension *prev = ir_schema_add_extension(L->s, x);
        if (prev != x) {
            diag_error(L->d, x->pos, "list it once", "duplicate extension `%s`", name);
            diag_note(L->d, prev->pos, "`%s` first listed here", name);
        }
    }
}

enum {
    TK_SCHEMAC, TK_NAME, TK_COMMENT, TK_EXTENSIONS, TK_ENUMS, TK_DOMAINS, TK_TABLES,
    TK_VIEWS, TK_FUNCTIONS, TK_TRIGGERS, TK_ROLES, TK_GRANTS, TK_NAMESPACE,
};
static const char *const top_keys[] = {
    [TK_SCHEMAC] = "schemac", [TK_NAME] = "name",         [TK_COMMENT] = "comment",
    [TK_EXTENSIONS] = "extensions", [TK_ENUMS] = "enums", [TK_DOMAINS] = "domains",
    [TK_TABLES] = "tables",   [TK_VIEWS] = "views",       [TK_FUNCTIONS] = "functions",
    [TK_TRIGGERS] = "triggers", [TK_ROLES] = "roles",     [TK_GRANTS] = "grants",
    [TK_NAMESPACE] = "namespace",
};

/* Chooses the schema a file with this `name` loads into (creating it when
 * needed), or NULL when the file may not join (reported by the chooser). */
typedef ir_schema *(*schema_picker)(void *ud, const char *name, src_pos at, diag *d);

static ir_schema *load_document(const char *file, const char *text, size_t len, diag *d,
                                schema_picker pick, void *ud)
{
    arena scratch = ARENA_INIT;
    ir_schema *result = NULL;
    ynode *root = ydoc_parse(&scratch, file, text, len, d);
    if (!root)
        goto done;
    loader L = {.d = d, .file = file, .tmp = &scratch};
    if (root->kind != YNODE_MAP) {
        diag_error(d, pos_of(&L, root),
                   "a schema file is a map starting with `schemac: 1`",
                   "the top level must be a map, not %s", describe(&L, root));
        goto done;
    }
    const ynode *name = NULL, *version = NULL;
    for (size_t i = 0; i < root->n; i++) {
        if (!strcmp(YNODE_KEY(root, i)->text, "name"))
            name = YNODE_VALUE(root, i);
        if (!strcmp(YNODE_KEY(root, i)->text, "schemac"))
            version = YNODE_VALUE(root, i);
    }
    if (!version) {
        diag_error(d, pos_of(&L, root),
                   "add `schemac: 1` as the first line", "missing `schemac` format version");
        goto done;
    }
    if (version->kind != YNODE_SCALAR || strcmp(version->text, "1") != 0) {
        diag_error(d, pos_of(&L, version),
                   "this schemac reads format version 1", "`schemac` must be 1, not %s",
                   describe(&L, version));
        goto done;
    }
    if (!name) {
        diag_error(d, pos_of(&L, root),
                   "add `name: app`; it prefixes every generated C identifier",
                   "missing `name` of the schema");
        goto done;
    }
    if (name->kind != YNODE_SCALAR || ynode_is_null(name)) {
        diag_error(d, pos_of(&L, name), NULL,
                   "`name` must be a string, not %s", describe(&L, name));
        goto done;
    }
    result = pick(ud, name->text, pos_of(&L, name), d);
    if (!result)
        goto done;
    L.s = result;
    L.file = arena_strdup(&result->arena, file);
    {
        size_t cap = result->cap_files;
        result->files = arena_grow(&result->arena, result->files, sizeof *result->files, &cap,
                                   result->nfiles + 1);
        result->cap_files = cap;
        result->files[result->nfiles++] = L.file;
    }
    if (!result->name) {
        result->version = 1;
        result->name = copy_text(&L, name);
        result->name_pos = pos_of(&L, name);
    }
    const ynode *ns = map_value(root, "namespace");
    if (ns)
        get_namespace(&L, ns, &L.namespace);
    for (size_t i = 0; i < root->n; i++) {
        const ynode *k = YNODE_KEY(root, i), *v = YNODE_VALUE(root, i);
        int which = key_index(&L, k, top_keys, COUNT(top_keys), "a schema file");
        if (L.namespace && (which == TK_VIEWS || which == TK_FUNCTIONS ||
                            which == TK_TRIGGERS || which == TK_GRANTS))
            diag_error(d, pos_of(&L, k),
                       "declare them in a file without `namespace`; they live in public",
                       "`namespace` holds tables, enums and domains only: a file with one "
                       "cannot declare `%s`",
                       k->text);
        switch (which) {
        case TK_COMMENT:
            if (result->comment)
                diag_error(d, pos_of(&L, k), "keep the comment in one file",
                           "schema `%s` has a comment already", result->name);
            else if ((result->comment = get_string(&L, v, "`comment`")))
                result->comment_file = L.file;
            break;
        case TK_EXTENSIONS:
            load_extensions(&L, v);
            break;
        case TK_ENUMS:
            if (expect(&L, v, YNODE_MAP, "`enums`"))
                for (size_t j = 0; j < v->n; j++)
                    load_enum(&L, YNODE_KEY(v, j), YNODE_VALUE(v, j));
            break;
        case TK_DOMAINS:
            if (expect(&L, v, YNODE_MAP, "`domains`"))
                for (size_t j = 0; j < v->n; j++)
                    load_domain(&L, YNODE_KEY(v, j), YNODE_VALUE(v, j));
            break;
        case TK_TABLES:
            if (expect(&L, v, YNODE_MAP, "`tables`"))
                for (size_t j = 0; j < v->n; j++)
                    load_table(&L, YNODE_KEY(v, j), YNODE_VALUE(v, j));
            break;
        case TK_VIEWS:
        case TK_FUNCTIONS:
        case TK_TRIGGERS:
            load_objects(&L, k->text, v);
            break;
        case TK_ROLES:
            load_roles(&L, v);
            break;
        case TK_GRANTS:
            load_grants(&L, NULL, v);
            break;
        default: /* schemac and name: read above */
            break;
        }
    }
done:
    arena_free(&scratch);
    return result;
}

/* What stat's mode makes of a file that is not a regular one. */
static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISFIFO(mode))
        return "a pipe";
    if (S_ISSOCK(mode))
        return "a socket";
    return "something that is not a regular file";
}

char *load_read_file(const char *path, size_t *len)
{
    /* stat before opening: opening a pipe would wait for a writer. */
    struct stat st;
    if (stat(path, &st) != 0)
        return NULL;
    if (!S_ISREG(st.st_mode)) {
        errno = EINVAL;
        return NULL;
    }
    if ((uintmax_t)st.st_size > LOAD_MAX_FILE_SIZE) {
        errno = EFBIG;
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    /* One buffer of the size stat saw, plus room to notice a file that has
     * grown since; reading stops one byte past the limit. */
    size_t cap = (size_t)st.st_size + 65536, n = 0;
    if (cap > LOAD_MAX_FILE_SIZE + 1)
        cap = LOAD_MAX_FILE_SIZE + 1;
    char *data = malloc(cap + 1);
    int err = data ? 0 : ENOMEM;
    while (!err) {
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            err = ferror(f) ? EIO : 0;
            break;
        }
        if (n > LOAD_MAX_FILE_SIZE) {
            err = EFBIG;
        } else if (n == cap) {
            size_t grown = cap * 2 > LOAD_MAX_FILE_SIZE + 1 ? LOAD_MAX_FILE_SIZE + 1 : cap * 2;
            char *p = realloc(data, grown + 1);
            if (!p)
                err = ENOMEM;
            else
                data = p, cap = grown;
        }
    }
    fclose(f);
    if (err) {
        free(data);
        errno = err;
        return NULL;
    }
    data[n] = '\0';
    *len = n;
    return data;
}

int load_read_failed(diag *d, const char *path, int err)
{
    src_pos at = {path, 0, 0};
    struct stat st;
    if (err == EINVAL && stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return diag_error(d, at, "schemac reads regular files (or symlinks to them) only",
                          "cannot read %s", file_kind(st.st_mode));
    if (err == EFBIG)
        return diag_error(d, at,
                          "no real schema or revision file comes near this size; is this "
                          "the right file?",
                          "file is larger than %zu MiB, the most schemac reads from one file",
                          LOAD_MAX_FILE_SIZE >> 20);
    return diag_error(d, at, NULL, "cannot read: %s", strerror(err));
}

typedef struct path_list {
    char **items;
    size_t n, cap;
} path_list;

static void path_push(path_list *l, char *p)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = realloc(l->items, l->cap * sizeof *l->items);
        if (!l->items)
            abort();
    }
    l->items[l->n++] = p;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_schema_file(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && !strcmp(name + n - 5, ".yaml")) || (n > 4 && !strcmp(name + n - 4, ".yml"));
}

/* A walk over the paths given: every file and directory is taken once,
 * known by device and inode, so links to a shared file or directory work,
 * and a link back to a directory being read is reported, not followed. */
typedef struct open_dir {
    dev_t dev;
    ino_t ino;
    const char *path;
} open_dir;

typedef struct walk {
    arena a;
    strmap seen;    /* "dev:ino" of each file and directory taken */
    open_dir *open; /* the directories being read, outermost first */
    size_t depth, cap;
    path_list *out;
    diag *d;
} walk;

/* Records the file; false when the walk has taken it already. */
static bool first_visit(walk *w, const struct stat *st)
{
    const char *key = arena_printf(&w->a, "%jx:%jx", (uintmax_t)st->st_dev,
                                   (uintmax_t)st->st_ino);
    return strmap_put(&w->seen, key, (void *)key) == NULL;
}

static void scan_dir(walk *w, const char *dir, const struct stat *dir_st);

/* Takes `path` found in a directory (or given): a directory is searched, a
 * schema file listed. `path` is malloc'd and taken over. */
static void take_entry(walk *w, char *path, const struct stat *st, bool given)
{
    if (S_ISDIR(st->st_mode)) {
        for (size_t i = 0; i < w->depth; i++) {
            if (w->open[i].dev == st->st_dev && w->open[i].ino == st->st_ino) {
                diag_warning(w->d, (src_pos){path, 0, 0},
                             "remove the link; its files are read once already",
                             "symlink loop: this leads back to `%s`, a directory being "
                             "read; skipped",
                             w->open[i].path);
                free(path);
                return;
            }
        }
        if (first_visit(w, st)) {
            size_t before = w->out->n;
            scan_dir(w, path, st);
            if (given && w->out->n == before)
                diag_error(w->d, (src_pos){path, 0, 0}, "schema files end in .yaml or .yml",
                           "no schema files in this directory");
        }
        free(path);
    } else if ((given || is_schema_file(path)) && first_visit(w, st)) {
        path_push(w->out, path);
    } else {
        free(path);
    }
}

static void scan_dir(walk *w, const char *dir, const struct stat *dir_st)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        diag_error(w->d, (src_pos){dir, 0, 0}, NULL, "cannot read directory: %s",
                   strerror(errno));
        return;
    }
    path_list found = {0};
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (!p)
            abort();
        snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
        path_push(&found, p);
    }
    closedir(dh);
    if (found.n) /* an empty directory has no array, and qsort takes no NULL */
        qsort(found.items, found.n, sizeof *found.items, compare_paths);
    w->open = arena_grow(&w->a, w->open, sizeof *w->open, &w->cap, w->depth + 1);
    w->open[w->depth++] = (open_dir){dir_st->st_dev, dir_st->st_ino, dir};
    for (size_t i = 0; i < found.n; i++) {
        struct stat st;
        if (stat(found.items[i], &st) == 0)
            take_entry(w, found.items[i], &st, false);
        else if (is_schema_file(found.items[i])) /* reported when it is read */
            path_push(w->out, found.items[i]);
        else
            free(found.items[i]);
    }
    w->depth--;
    free(found.items);
}

int load_expand_paths(char *const *paths, size_t npaths, char ***out, size_t *nout, diag *d)
{
    path_list list = {0};
    size_t errors = d->errors;
    walk w = {.a = ARENA_INIT, .out = &list, .d = d};
    strmap_init(&w.seen, &w.a);
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            diag_error(d, (src_pos){paths[i], 0, 0}, NULL, "cannot read: %s", strerror(errno));
            continue;
        }
        size_t n = strlen(paths[i]) + 1;
        char *p = malloc(n);
        if (!p)
            abort();
        memcpy(p, paths[i], n);
        take_entry(&w, p, &st, true);
    }
    arena_free(&w.a);
    *out = list.items;
    *nout = list.n;
    return d->errors > errors ? -1 : 0;
}

void load_free_paths(char **files, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
}

static ir_schema *pick_into(void *ud, const char *name, src_pos at, diag *d)
{
    ir_schema *into = ud;
    if (!into)
        return ir_schema_new();
    if (strcmp(into->name, name) != 0) {
        diag_error(d, at, NULL, "file belongs to schema `%s`, expected `%s`", name, into->name);
        return NULL;
    }
    return into;
}

ir_schema *load_text(ir_schema *into, const char *file, const char *text, size_t len, diag *d)
{
    return load_document(file, text, len, d, pick_into, into);
}

/* Files with the same name form one schema. */
static ir_schema *pick_by_name(void *ud, const char *name, src_pos at, diag *d)
{
    load_set *set = ud;
    (void)at;
    (void)d;
    for (size_t i = 0; i < set->n; i++)
        if (!strcmp(set->schemas[i]->name, name))
            return set->schemas[i];
    ir_schema **grown = realloc(set->schemas, (set->n + 1) * sizeof *grown);
    if (!grown)
        abort();
    set->schemas = grown;
    return set->schemas[set->n++] = ir_schema_new();
}

int load_paths(load_set *out, char *const *paths, size_t npaths, diag *d)
{
    memset(out, 0, sizeof *out);
    char **files;
    size_t nfiles;
    size_t errors = d->errors;
    load_expand_paths(paths, npaths, &files, &nfiles, d);
    for (size_t i = 0; i < nfiles; i++) {
        size_t len;
        char *text = load_read_file(files[i], &len);
        if (!text) {
            load_read_failed(d, files[i], errno);
            continue;
        }
        /* diag keeps the text for caret lines; no copy of a large file. */
        diag_take_source(d, files[i], text, len);
        load_document(files[i], text, len, d, pick_by_name, out);
    }
    load_free_paths(files, nfiles);
    return d->errors > errors ? -1 : 0;
}

void load_set_free(load_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        ir_schema_free(set->schemas[i]);
    free(set->schemas);
    memset(set, 0, sizeof *set);
}
