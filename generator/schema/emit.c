/* emit: writes canonical YAML; see emit.h for the rules and docs/schema.md
 * for the user-facing description of the canonical form. */
#include "emit.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Would YAML read this plain scalar as something other than a string?
 * (`<<` is a merge key to YAML, and refused by ydoc.) */
static bool looks_typed(const char *s)
{
    static const char *const words[] = {"true", "false", "True", "False", "TRUE", "FALSE",
                                        "null", "Null", "NULL", "~", "yes", "no", "on", "off",
                                        "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF",
                                        "<<"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strcmp(s, words[i]))
            return true;
    char *end;
    strtod(s, &end);
    return end != s && !*end;
}

/* The character at p (UTF-8, *len bytes) when YAML cannot hold it as it
 * is: C0 and C1 controls and DEL (refused by the reader), NEL, LS and PS
 * (read as line breaks), the BOM and U+FFFE/U+FFFF. Otherwise -1. */
static long needs_escape(const char *p, int *len)
{
    const unsigned char *u = (const unsigned char *)p;
    *len = 1;
    if (u[0] < 0x80)
        return u[0] < 0x20 || u[0] == 0x7f ? (long)u[0] : -1;
    long cp;
    if ((u[0] & 0xE0) == 0xC0 && (u[1] & 0xC0) == 0x80) {
        *len = 2;
        cp = (long)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
    } else if ((u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        *len = 3;
        cp = (long)(u[0] & 0x0F) << 12 | (long)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
    } else {
        return -1; /* four-byte characters are all printable */
    }
    bool special = (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF ||
                   cp == 0xFFFE || cp == 0xFFFF;
    return special ? cp : -1;
}

static bool safe_plain(const char *s, bool flow)
{
    if (!*s || s[0] == ' ' || s[strlen(s) - 1] == ' ')
        return false;
    /* Indicators that may not start a plain scalar; "-5" may, and is then
     * checked like any other. */
    if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]) && !(s[0] == '-' && isdigit((unsigned char)s[1])))
        return false;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        int len;
        if (needs_escape(p, &len) >= 0)
            return false;
        p += len - 1;
        if (c == ':' && (p[1] == ' ' || p[1] == '\0'))
            return false;
        if (c == '#' && p > s && p[-1] == ' ')
            return false;
        if (flow && strchr(",[]{}", c))
            return false;
        if (c == '"' || c == '\\')
            return false;
    }
    return true;
}

static void emit_quoted(buf *out, const char *s)
{
    buf_putc(out, '"');
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        int len;
        long cp = needs_escape(p, &len);
        if (cp >= 0x80) {
            buf_printf(out, "\\u%04lX", cp);
            p += len - 1;
            continue;
        }
        switch (c) {
        case '"':
            buf_puts(out, "\\\"");
            break;
        case '\\':
            buf_puts(out, "\\\\");
            break;
        case '\n':
            buf_puts(out, "\\n");
            break;
        case '\t':
            buf_puts(out, "\\t");
            break;
        case '\r':
            buf_puts(out, "\\r");
            break;
        default:
            if (c < 0x20 || c == 0x7f)
                buf_printf(out, "\\x%02x", c);
            else
                buf_putc(out, (char)c);
        }
    }
    buf_putc(out, '"');
}

void emit_scalar(buf *out, const char *text, bool flow)
{
    if (safe_plain(text, flow) && !looks_typed(text))
        buf_puts(out, text);
    else
        emit_quoted(out, text);
}

/* SQL text is always quoted: it reads as code, not as YAML. */
void emit_sql(buf *out, const char *text)
{
    emit_quoted(out, text);
}

/* A literal default keeps its YAML form: a plain `true` or `5` stays
 * plain, a quoted "5" stays quoted (the model tells them apart). */
static void emit_default(buf *out, const ir_default *def)
{
    if (def->quoted)
        emit_quoted(out, def->text);
    else if (safe_plain(def->text, true))
        buf_puts(out, def->text);
    else
        emit_scalar(out, def->text, true);
}

static void emit_name_list(buf *out, const ir_name_list *l)
{
    buf_putc(out, '[');
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            buf_puts(out, ", ");
        emit_scalar(out, l->names[i], true);
    }
    buf_putc(out, ']');
}

/* `table.column` reads back the same when the column has no '.' and
 * neither name has a '(' (see load's parse_reference); `table(a, b)`
 * otherwise, which any reference load accepted can be written as. */
static bool dotted_reference(const ir_fk *fk)
{
    const char *c = fk->ref_columns.names[0];
    return fk->ref_columns.n == 1 && !strchr(c, '.') && !strchr(c, '(') &&
           !strchr(fk->ref_table_name, '(');
}

/* The referenced table as the referencing table `t` names it: bare in its
 * own namespace, `public.x` from another one (see validate's check_fk). */
static const char *reference_name(buf *b, const ir_table *t, const ir_fk *fk)
{
    const ir_table *r = fk->ref_table;
    if (!r || r->namespace == t->namespace ||
        (r->namespace && t->namespace && !strcmp(r->namespace, t->namespace)))
        return r ? r->name : fk->ref_table_name;
    buf_printf(b, "%s.", r->namespace ? r->namespace : "public");
    return r->name;
}

static void emit_reference(buf *out, const ir_table *t, const ir_fk *fk)
{
    buf b = BUF_INIT;
    const char *name = reference_name(&b, t, fk);
    if (dotted_reference(fk)) {
        buf_printf(&b, "%s.%s", name, fk->ref_columns.names[0]);
    } else {
        buf_printf(&b, "%s(", name);
        for (size_t i = 0; i < fk->ref_columns.n; i++)
            buf_printf(&b, "%s%s", i ? ", " : "", fk->ref_columns.names[i]);
        buf_putc(&b, ')');
    }
    emit_scalar(out, buf_cstr(&b), true);
    buf_free(&b);
}

static bool single_column(const ir_name_list *l, const ir_column *c)
{
    return l->n == 1 && !strcmp(l->names[0], c->name);
}

/* The column a single-name list names, when it is one the user wrote (so
 * emit_column writes it); NULL otherwise. */
static const ir_column *user_column(const ir_table *t, const ir_name_list *l)
{
    const ir_column *c = l->n == 1 ? ir_find_column(t, l->names[0]) : NULL;
    return c && c->origin == IR_ORIGIN_USER ? c : NULL;
}

/* Single-column keys and unnamed single-column FKs are written inline on
 * their column, the first of each kind only; everything else (including
 * keys naming unknown or derived columns, and repeats) at the table, so
 * that nothing is lost even from an invalid schema. */
static const ir_fk *inline_fk(const ir_table *t, const ir_column *c)
{
    for (size_t i = 0; i < t->nfks; i++)
        if (!t->fks[i]->name_given && single_column(&t->fks[i]->columns, c) &&
            t->fks[i]->ref_columns.n == 1 && !t->fks[i]->comment)
            return t->fks[i];
    return NULL;
}

static bool fk_is_inline(const ir_table *t, const ir_fk *fk)
{
    const ir_column *c = fk->name_given ? NULL : user_column(t, &fk->columns);
    return c && inline_fk(t, c) == fk;
}

static const ir_key *inline_unique(const ir_table *t, const ir_column *c)
{
    for (size_t i = 0; i < t->nuniques; i++)
        if (single_column(&t->uniques[i]->columns, c) && !t->uniques[i]->nulls_not_distinct &&
            !t->uniques[i]->deferrable && !t->uniques[i]->comment)
            return t->uniques[i];
    return NULL;
}

static bool unique_is_inline(const ir_table *t, const ir_key *k)
{
    const ir_column *c = user_column(t, &k->columns);
    return c && inline_unique(t, c) == k;
}

static bool pk_is_inline(const ir_table *t)
{
    return t->primary_key && user_column(t, &t->primary_key->columns);
}

typedef struct field_writer {
    buf *out;
    bool first;
} field_writer;

static void field(field_writer *w, const char *key)
{
    buf_puts(w->out, w->first ? "{ " : ", ");
    w->first = false;
    buf_printf(w->out, "%s: ", key);
}

/* A type as written from namespace ns (NULL: public): an enum or domain
 * of ns by its name alone, one of another namespace qualified
 * (`public.status` from a billing table), as references are. */
static const char *type_string(arena *a, const ir_type *t, const char *ns)
{
    const char *tns = NULL, *name = NULL;
    if (t->kind == IR_ENUM && t->enum_type)
        tns = t->enum_type->namespace, name = t->enum_type->name;
    else if (t->kind == IR_DOMAIN && t->domain)
        tns = t->domain->namespace, name = t->domain->name;
    if (!name)
        return ir_type_string(a, t);
    ir_type spelled = *t;
    bool same = tns == ns || (tns && ns && !strcmp(tns, ns));
    spelled.enum_name = same ? name : arena_printf(a, "%s.%s", tns ? tns : "public", name);
    return ir_type_string(a, &spelled);
}

static void emit_column(buf *out, const ir_table *t, const ir_column *c)
{
    bool pk = pk_is_inline(t) && single_column(&t->primary_key->columns, c);
    bool unique = inline_unique(t, c) != NULL;
    const ir_fk *fk = inline_fk(t, c);
    arena scratch = ARENA_INIT;
    const char *type = type_string(&scratch, &c->type, t->namespace);
    buf_puts(out, "      ");
    emit_scalar(out, c->name, false);
    buf_puts(out, ": ");
    if (!c->nullable && c->def.kind == IR_DEFAULT_NONE && !pk && !c->identity && !unique && !fk &&
        !c->comment && !c->renamed_from && !c->generated && !c->collation) {
        emit_scalar(out, type, false);
        buf_putc(out, '\n');
        arena_free(&scratch);
        return;
    }
    field_writer w = {out, true};
    field(&w, "type");
    emit_scalar(out, type, true);
    if (c->nullable) {
        field(&w, "nullable");
        buf_puts(out, "true");
    }
    if (c->def.kind == IR_DEFAULT_LITERAL) {
        field(&w, "default");
        emit_default(out, &c->def);
    } else if (c->def.kind == IR_DEFAULT_SQL) {
        field(&w, "default_sql");
        emit_sql(out, c->def.text);
    }
    if (c->generated) {
        field(&w, "generated");
        emit_sql(out, c->generated);
    }
    if (c->collation) {
        field(&w, "collation");
        emit_scalar(out, c->collation, true);
    }
    if (pk) {
        field(&w, "primary_key");
        buf_puts(out, "true");
    }
    if (c->identity && (c->sequence.set || c->sequence.cycle)) {
        static const char *const keys[] = {"start", "increment", "min", "max", "cache"};
        field(&w, "identity");
        const char *sep = "{ ";
        if (c->identity == IR_IDENTITY_ALWAYS) {
            buf_puts(out, "{ always: true");
            sep = ", ";
        }
        for (int i = 0; i < IR_SEQ_COUNT; i++)
            if (c->sequence.set >> i & 1) {
                buf_printf(out, "%s%s: %lld", sep, keys[i], c->sequence.value[i]);
                sep = ", ";
            }
        if (c->sequence.cycle)
            buf_printf(out, "%scycle: true", sep);
        buf_puts(out, " }");
    } else if (c->identity) {
        field(&w, "identity");
        buf_puts(out, c->identity == IR_IDENTITY_ALWAYS ? "always" : "true");
    }
    if (unique) {
        field(&w, "unique");
        buf_puts(out, "true");
    }
    if (fk) {
        field(&w, "references");
        emit_reference(out, t, fk);
        if (fk->match_full) {
            field(&w, "match");
            buf_puts(out, "full");
        }
        if (fk->on_delete) {
            field(&w, "on_delete");
            buf_puts(out, ir_fk_action_name(fk->on_delete));
        }
        if (fk->on_update) {
            field(&w, "on_update");
            buf_puts(out, ir_fk_action_name(fk->on_update));
        }
        if (fk->deferrable) {
            field(&w, "deferrable");
            buf_puts(out, fk->deferrable == IR_INITIALLY_DEFERRED ? "initially_deferred" : "true");
        }
    }
    if (c->comment) {
        field(&w, "comment");
        emit_scalar(out, c->comment, true);
    }
    if (c->renamed_from) {
        field(&w, "renamed_from");
        emit_scalar(out, c->renamed_from, true);
    }
    buf_puts(out, " }\n");
    arena_free(&scratch);
}

/* `, comment: text` inside a flow map, when there is one. */
static void emit_flow_comment(buf *out, const char *comment)
{
    if (comment) {
        buf_puts(out, ", comment: ");
        emit_scalar(out, comment, true);
    }
}

static void emit_deferrable(buf *out, ir_deferrable d)
{
    if (d)
        buf_puts(out, d == IR_INITIALLY_DEFERRED ? ", deferrable: initially_deferred"
                                                 : ", deferrable: true");
}

/* A unique key of the table's list: its columns, or the long form when it
 * has options. */
static void emit_unique(buf *out, const ir_key *k)
{
    if (!k->nulls_not_distinct && !k->deferrable && !k->comment) {
        emit_name_list(out, &k->columns);
        return;
    }
    buf_puts(out, "{ columns: ");
    emit_name_list(out, &k->columns);
    if (k->nulls_not_distinct)
        buf_puts(out, ", nulls_not_distinct: true");
    emit_deferrable(out, k->deferrable);
    emit_flow_comment(out, k->comment);
    buf_puts(out, " }");
}

/* An index's elements: a plain column as its name, one with options (or
 * an expression) as a map. */
static void emit_index_columns(buf *out, const ir_index *ix, const char *const *operators)
{
    buf_putc(out, '[');
    for (size_t i = 0; i < ix->columns.n; i++) {
        const ir_index_elem *e = ir_index_elem_at(ix, i);
        if (i)
            buf_puts(out, ", ");
        if (!operators && !e->expression && !e->desc && !e->nulls && !e->opclass &&
            !e->collation) {
            emit_scalar(out, ix->columns.names[i], true);
            continue;
        }
        field_writer w = {out, true};
        if (e->expression) {
            field(&w, "expression");
            emit_sql(out, e->expression);
        } else {
            field(&w, "column");
            emit_scalar(out, ix->columns.names[i], true);
        }
        if (e->desc) {
            field(&w, "order");
            buf_puts(out, "desc");
        }
        if (e->nulls) {
            field(&w, "nulls");
            buf_puts(out, e->nulls == IR_NULLS_FIRST ? "first" : "last");
        }
        if (e->opclass) {
            field(&w, "opclass");
            emit_scalar(out, e->opclass, true);
        }
        if (e->collation) {
            field(&w, "collation");
            emit_scalar(out, e->collation, true);
        }
        if (operators) {
            field(&w, "with");
            emit_quoted(out, operators[i]);
        }
        buf_puts(out, " }");
    }
    buf_putc(out, ']');
}

static void emit_exclusions(buf *out, const ir_table *t)
{
    if (t->nexclusions)
        buf_puts(out, "    exclude:\n");
    for (size_t i = 0; i < t->nexclusions; i++) {
        const ir_exclusion *x = t->exclusions[i];
        buf_puts(out, "      - { elements: ");
        emit_index_columns(out, &x->index, x->operators);
        if (strcmp(x->index.method, "gist") != 0)
            buf_printf(out, ", using: %s", x->index.method);
        if (x->index.where) {
            buf_puts(out, ", where: ");
            emit_sql(out, x->index.where);
        }
        emit_deferrable(out, x->deferrable);
        if (x->name_given) {
            buf_puts(out, ", name: ");
            emit_scalar(out, x->name, true);
        }
        emit_flow_comment(out, x->comment);
        buf_puts(out, " }\n");
    }
}

/* `  role: [select, { update: [a, b] }]`, or `all`, at `indent`. */
/* A bound value: plain unless YAML or load would read it as null,
 * minvalue or maxvalue (a bound value is text either way). */
static void emit_bound_value(buf *out, const ir_bound_value *v)
{
    static const char *const words[] = {"", "minvalue", "maxvalue", "null"};
    if (v->kind != IR_BOUND_VALUE) {
        buf_puts(out, words[v->kind]);
        return;
    }
    const char *t = v->text;
    bool special = !strcasecmp(t, "minvalue") || !strcasecmp(t, "maxvalue") ||
                   !strcasecmp(t, "null") || !strcmp(t, "~");
    if (!special && safe_plain(t, true))
        buf_puts(out, t);
    else
        emit_quoted(out, t);
}

static void emit_bound_values(buf *out, const char *key, const ir_bound_value *v, size_t n)
{
    buf_printf(out, "%s: [", key);
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_puts(out, ", ");
        emit_bound_value(out, &v[i]);
    }
    buf_putc(out, ']');
}

/* `partition_by: { range: [a] }` and each partition on one line. */
static void emit_partitions(buf *out, const ir_table *t)
{
    if (t->partition_method) {
        buf_printf(out, "    partition_by: { %s: ",
                   ir_partition_method_names[t->partition_method]);
        emit_name_list(out, &t->partition_key);
        buf_puts(out, " }\n");
    }
    if (t->npartitions)
        buf_puts(out, "    partitions:\n");
    for (size_t i = 0; i < t->npartitions; i++) {
        const ir_partition *p = t->partitions[i];
        buf_puts(out, "      ");
        emit_scalar(out, p->name, false);
        buf_puts(out, ": { ");
        if (p->is_default) {
            buf_puts(out, "default: true");
        } else if (p->nfrom) {
            emit_bound_values(out, "from", p->from, p->nfrom);
            emit_bound_values(out, ", to", p->to, p->nto);
        } else if (p->nvalues) {
            emit_bound_values(out, "in", p->values, p->nvalues);
        } else {
            buf_printf(out, "modulus: %lld, remainder: %lld", p->modulus, p->remainder);
        }
        emit_flow_comment(out, p->comment);
        buf_puts(out, " }\n");
    }
}

static void emit_grants(buf *out, const char *indent, ir_grant *const *grants, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const ir_grant *g = grants[i];
        buf_printf(out, "%s", indent);
        emit_scalar(out, g->role, false);
        if (g->privileges == (1u << IR_PRIV_COUNT) - 1 && !g->ncolumns) {
            buf_puts(out, ": all\n");
            continue;
        }
        buf_puts(out, ": [");
        bool first = true;
        for (int b = 0; b < IR_PRIV_COUNT; b++)
            if (g->privileges & (1u << b)) {
                buf_printf(out, "%s%s", first ? "" : ", ", ir_privilege_names[b]);
                first = false;
            }
        for (size_t j = 0; j < g->ncolumns; j++) {
            int b = 0;
            while (!(g->columns[j].privilege & (1u << b)))
                b++;
            buf_printf(out, "%s{ %s: ", first ? "" : ", ", ir_privilege_names[b]);
            emit_name_list(out, &g->columns[j].columns);
            buf_puts(out, " }");
            first = false;
        }
        buf_puts(out, "]\n");
    }
}

static void emit_row_security(buf *out, const ir_table *t)
{
    const ir_row_security *r = t->rls;
    if (!r->owner_column && !r->force) {
        buf_puts(out, "    row_level_security: true\n");
        return;
    }
    buf_puts(out, "    row_level_security: {");
    const char *sep = " ";
    if (r->owner_column) {
        buf_puts(out, " owner_column: ");
        emit_scalar(out, r->owner_column, true);
        buf_puts(out, ", setting: ");
        emit_scalar(out, r->setting, true);
        sep = ", ";
    }
    if (r->force) {
        buf_printf(out, "%sforce: true", sep);
        sep = ", ";
    }
    if (r->roles.n) {
        buf_printf(out, "%sroles: ", sep);
        emit_name_list(out, &r->roles);
    }
    buf_puts(out, " }\n");
}

static void emit_policies(buf *out, const ir_table *t)
{
    bool any = false;
    for (size_t i = 0; i < t->npolicies; i++) {
        const ir_policy *p = t->policies[i];
        if (p->derived)
            continue;
        if (!any)
            buf_puts(out, "    policies:\n");
        any = true;
        buf_puts(out, "      ");
        emit_scalar(out, p->name, false);
        buf_puts(out, ": {");
        const char *sep = " ";
        if (strcmp(p->command, "ALL")) {
            char lower[8];
            size_t n = 0;
            for (; p->command[n] && n < sizeof lower - 1; n++)
                lower[n] = (char)tolower((unsigned char)p->command[n]);
            lower[n] = '\0';
            buf_printf(out, " command: %s", lower);
            sep = ", ";
        }
        if (p->restrictive) {
            buf_printf(out, "%srestrictive: true", sep);
            sep = ", ";
        }
        if (p->roles.n) {
            buf_printf(out, "%sroles: ", sep);
            emit_name_list(out, &p->roles);
            sep = ", ";
        }
        if (p->using_expr) {
            buf_printf(out, "%susing: ", sep);
            emit_sql(out, p->using_expr);
            sep = ", ";
        }
        if (p->check_expr) {
            buf_printf(out, "%swith_check: ", sep);
            emit_sql(out, p->check_expr);
        }
        buf_puts(out, " }\n");
    }
}

/* Seed rows as flow maps, one a line, in the order written. A value keeps
 * its YAML form, as a default does. */
static void emit_seed(buf *out, const ir_seed *seed)
{
    buf_printf(out, "    seed:\n      policy: %s\n", ir_seed_policy_names[seed->policy]);
    if (seed->key.n) {
        buf_puts(out, "      key: ");
        emit_name_list(out, &seed->key);
        buf_putc(out, '\n');
    }
    buf_puts(out, seed->nrows ? "      rows:\n" : "      rows: []\n");
    for (size_t i = 0; i < seed->nrows; i++) {
        const ir_seed_row *row = &seed->rows[i];
        buf_puts(out, "        - {");
        for (size_t j = 0; j < row->n; j++) {
            const ir_seed_value *v = &row->values[j];
            buf_puts(out, j ? ", " : " ");
            emit_scalar(out, v->column, true);
            buf_puts(out, ": ");
            if (!v->text)
                buf_puts(out, "null");
            else
                emit_default(out, &(ir_default){IR_DEFAULT_LITERAL, v->text, v->quoted, v->pos});
        }
        buf_puts(out, row->n ? " }\n" : "}\n");
    }
}

/* One index of an `indexes` list, as a flow map on its line. */
void emit_index(buf *out, const ir_index *ix)
{
    buf_puts(out, "      - { columns: ");
    emit_index_columns(out, ix, NULL);
    if (ix->include.n) {
        buf_puts(out, ", include: ");
        emit_name_list(out, &ix->include);
    }
    if (ix->unique)
        buf_puts(out, ", unique: true");
    if (ix->nulls_not_distinct)
        buf_puts(out, ", nulls_not_distinct: true");
    if (strcmp(ix->method, "btree") != 0)
        buf_printf(out, ", using: %s", ix->method);
    if (ix->where) {
        buf_puts(out, ", where: ");
        emit_sql(out, ix->where);
    }
    if (ix->name_given) {
        buf_puts(out, ", name: ");
        emit_scalar(out, ix->name, true);
    }
    emit_flow_comment(out, ix->comment);
    buf_puts(out, " }\n");
}

/* `file_namespace`: the tables of this output are in it, said once at the
 * top of the file. */
static void emit_table(buf *out, const ir_table *t, bool file_namespace)
{
    buf_puts(out, "  ");
    emit_scalar(out, t->name, false);
    buf_puts(out, ":\n");
    if (t->namespace && !file_namespace) {
        buf_puts(out, "    namespace: ");
        emit_scalar(out, t->namespace, false);
        buf_putc(out, '\n');
    }
    if (t->comment) {
        buf_puts(out, "    comment: ");
        emit_scalar(out, t->comment, false);
        buf_putc(out, '\n');
    }
    if (t->renamed_from) {
        buf_puts(out, "    renamed_from: ");
        emit_scalar(out, t->renamed_from, false);
        buf_putc(out, '\n');
    }
    if (t->timestamps)
        buf_puts(out, "    timestamps: true\n");
    if (t->soft_delete)
        buf_puts(out, "    soft_delete: true\n");
    buf_puts(out, "    columns:\n");
    for (size_t i = 0; i < t->ncolumns; i++)
        if (t->columns[i]->origin == IR_ORIGIN_USER)
            emit_column(out, t, t->columns[i]);
    if (t->primary_key && !pk_is_inline(t)) {
        buf_puts(out, "    primary_key: ");
        emit_name_list(out, &t->primary_key->columns);
        buf_putc(out, '\n');
    }
    bool any = false;
    for (size_t i = 0; i < t->nuniques; i++) {
        if (unique_is_inline(t, t->uniques[i]))
            continue;
        buf_puts(out, any ? ", " : "    unique: [");
        any = true;
        emit_unique(out, t->uniques[i]);
    }
    if (any)
        buf_puts(out, "]\n");
    any = false;
    for (size_t i = 0; i < t->nindexes; i++) {
        const ir_index *ix = t->indexes[i];
        if (ix->for_fk)
            continue;
        if (!any)
            buf_puts(out, "    indexes:\n");
        any = true;
        emit_index(out, ix);
    }
    if (t->nchecks) {
        buf_puts(out, "    checks:\n");
        for (size_t i = 0; i < t->nchecks; i++) {
            buf_puts(out, "      ");
            emit_scalar(out, t->checks[i]->name, false);
            buf_puts(out, t->checks[i]->comment ? ": { expression: " : ": ");
            emit_sql(out, t->checks[i]->expr);
            emit_flow_comment(out, t->checks[i]->comment);
            buf_puts(out, t->checks[i]->comment ? " }\n" : "\n");
        }
    }
    any = false;
    for (size_t i = 0; i < t->nfks; i++) {
        const ir_fk *fk = t->fks[i];
        if (fk_is_inline(t, fk))
            continue;
        if (!any)
            buf_puts(out, "    foreign_keys:\n");
        any = true;
        buf_puts(out, "      - { columns: ");
        emit_name_list(out, &fk->columns);
        buf_puts(out, ", references: ");
        emit_reference(out, t, fk);
        if (fk->match_full)
            buf_puts(out, ", match: full");
        if (fk->on_delete)
            buf_printf(out, ", on_delete: %s", ir_fk_action_name(fk->on_delete));
        if (fk->on_update)
            buf_printf(out, ", on_update: %s", ir_fk_action_name(fk->on_update));
        emit_deferrable(out, fk->deferrable);
        if (fk->name_given) {
            buf_puts(out, ", name: ");
            emit_scalar(out, fk->name, true);
        }
        emit_flow_comment(out, fk->comment);
        buf_puts(out, " }\n");
    }
    emit_exclusions(out, t);
    emit_partitions(out, t);
    if (t->ngrants) {
        buf_puts(out, "    grants:\n");
        emit_grants(out, "      ", t->grants, t->ngrants);
    }
    if (t->rls)
        emit_row_security(out, t);
    emit_policies(out, t);
    if (t->seed)
        emit_seed(out, t->seed);
}

static void emit_enum(buf *out, const ir_enum *e)
{
    buf_puts(out, "  ");
    emit_scalar(out, e->name, false);
    bool long_form = e->comment || e->renamed_from || e->namespace;
    if (e->namespace) {
        buf_puts(out, ":\n    namespace: ");
        emit_scalar(out, e->namespace, false);
        buf_putc(out, '\n');
    }
    buf_puts(out, !long_form ? ": [" : e->namespace ? "    values: [" : ":\n    values: [");
    for (size_t i = 0; i < e->nvalues; i++) {
        if (i)
            buf_puts(out, ", ");
        emit_scalar(out, e->values[i].name, true);
    }
    buf_puts(out, "]\n");
    if (e->comment) {
        buf_puts(out, "    comment: ");
        emit_scalar(out, e->comment, false);
        buf_putc(out, '\n');
    }
    if (e->renamed_from) {
        buf_puts(out, "    renamed_from: ");
        emit_scalar(out, e->renamed_from, false);
        buf_putc(out, '\n');
    }
}

bool emit_from_file(src_pos pos, const char *file)
{
    return !file || (pos.file && !strcmp(pos.file, file));
}

static void emit_domain(buf *out, const ir_domain *d)
{
    arena scratch = ARENA_INIT;
    const char *type = type_string(&scratch, &d->type, d->namespace);
    buf_puts(out, "  ");
    emit_scalar(out, d->name, false);
    if (!d->not_null && d->def.kind == IR_DEFAULT_NONE && !d->nchecks && !d->comment &&
        !d->namespace && !d->renamed_from) {
        buf_puts(out, ": ");
        emit_scalar(out, type, false);
        buf_putc(out, '\n');
        arena_free(&scratch);
        return;
    }
    buf_puts(out, ":\n");
    if (d->namespace) {
        buf_puts(out, "    namespace: ");
        emit_scalar(out, d->namespace, false);
        buf_putc(out, '\n');
    }
    buf_puts(out, "    type: ");
    emit_scalar(out, type, false);
    buf_putc(out, '\n');
    if (d->not_null)
        buf_puts(out, "    not_null: true\n");
    if (d->def.kind == IR_DEFAULT_LITERAL) {
        buf_puts(out, "    default: ");
        emit_default(out, &d->def);
        buf_putc(out, '\n');
    } else if (d->def.kind == IR_DEFAULT_SQL) {
        buf_puts(out, "    default_sql: ");
        emit_sql(out, d->def.text);
        buf_putc(out, '\n');
    }
    if (d->nchecks) {
        buf_puts(out, "    checks:\n");
        for (size_t i = 0; i < d->nchecks; i++) {
            buf_puts(out, "      ");
            emit_scalar(out, d->checks[i]->name, false);
            buf_puts(out, ": ");
            emit_sql(out, d->checks[i]->expr);
            buf_putc(out, '\n');
        }
    }
    if (d->comment) {
        buf_puts(out, "    comment: ");
        emit_scalar(out, d->comment, false);
        buf_putc(out, '\n');
    }
    if (d->renamed_from) {
        buf_puts(out, "    renamed_from: ");
        emit_scalar(out, d->renamed_from, false);
        buf_putc(out, '\n');
    }
    arena_free(&scratch);
}

void emit_schema(const ir_schema *s, const char *file, buf *out)
{
    buf_printf(out, "schemac: %d\nname: ", s->version ? s->version : 1);
    emit_scalar(out, s->name, false);
    buf_putc(out, '\n');
    if (s->comment && (!file || (s->comment_file && !strcmp(s->comment_file, file)))) {
        buf_puts(out, "comment: ");
        emit_scalar(out, s->comment, false);
        buf_putc(out, '\n');
    }
    /* A file's `namespace` stays one key when all its tables took it and
     * the output has nothing else (a file with one declares only tables). */
    const char *file_namespace = NULL;
    bool only_tables = file || (!s->nenums && !s->ndomains && !s->nviews && !s->nfunctions &&
                                !s->ntriggers && !s->ngrants);
    for (size_t i = 0; only_tables && i < s->ntables; i++)
        if (emit_from_file(s->tables[i]->pos, file)) {
            if (!s->tables[i]->namespace_of_file) {
                file_namespace = NULL;
                break;
            }
            file_namespace = s->tables[i]->namespace;
        }
    if (file_namespace) {
        buf_puts(out, "namespace: ");
        emit_scalar(out, file_namespace, false);
        buf_putc(out, '\n');
    }
    bool any = false;
    for (size_t i = 0; i < s->nextensions; i++) {
        if (!emit_from_file(s->extensions[i]->pos, file))
            continue;
        buf_puts(out, any ? ", " : "extensions: [");
        any = true;
        emit_scalar(out, s->extensions[i]->name, true);
    }
    if (any)
        buf_puts(out, "]\n");
    any = false;
    /* Roles: a list, or a map when one has a comment. */
    bool commented = false;
    for (size_t i = 0; i < s->nroles; i++)
        commented |= emit_from_file(s->roles[i]->pos, file) && s->roles[i]->comment;
    for (size_t i = 0; !commented && i < s->nroles; i++)
        if (emit_from_file(s->roles[i]->pos, file)) {
            buf_puts(out, any ? ", " : "roles: [");
            any = true;
            emit_scalar(out, s->roles[i]->name, true);
        }
    if (any)
        buf_puts(out, "]\n");
    any = false;
    for (size_t i = 0; commented && i < s->nroles; i++) {
        const ir_role *r = s->roles[i];
        if (!emit_from_file(r->pos, file))
            continue;
        buf_puts(out, any ? "  " : "roles:\n  ");
        any = true;
        emit_scalar(out, r->name, false);
        if (r->comment) {
            buf_puts(out, ": { comment: ");
            emit_scalar(out, r->comment, true);
            buf_puts(out, " }\n");
        } else {
            buf_puts(out, ": {}\n");
        }
    }
    any = false;
    for (size_t i = 0; i < s->ngrants; i++) {
        if (!emit_from_file(s->grants[i]->pos, file))
            continue;
        if (!any)
            buf_puts(out, "grants:\n");
        any = true;
        emit_grants(out, "  ", &s->grants[i], 1);
    }
    any = false;
    for (size_t i = 0; i < s->nenums; i++) {
        if (!emit_from_file(s->enums[i]->pos, file))
            continue;
        if (!any)
            buf_puts(out, "enums:\n");
        any = true;
        emit_enum(out, s->enums[i]);
    }
    any = false;
    for (size_t i = 0; i < s->ndomains; i++) {
        if (!emit_from_file(s->domains[i]->pos, file))
            continue;
        if (!any)
            buf_puts(out, "domains:\n");
        any = true;
        emit_domain(out, s->domains[i]);
    }
    any = false;
    for (size_t i = 0; i < s->ntables; i++) {
        if (!emit_from_file(s->tables[i]->pos, file))
            continue;
        if (!any)
            buf_puts(out, "tables:\n");
        any = true;
        emit_table(out, s->tables[i], file_namespace != NULL);
    }
    emit_objects(s, file, out);
}
