/* diff: matches the objects of two schemas and lists what changed; see
 * diff.h. Matching happens in two passes (names, then renamed_from hints)
 * so a hint never steals an object that still exists under its own name. */
#include "diff.h"

#include "access.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

typedef struct differ {
    const ir_schema *from, *to;
    bool renames_in_from;
    diff_result *out;
    arena scratch;
    /* Matches indexed by position: to_table[i] is the from-table matched to
     * to->tables[i]; from_table[j] the reverse. Likewise for enums. */
    const ir_table **to_table, **from_table;
    const ir_enum **to_enum, **from_enum;
    const ir_domain **to_domain, **from_domain;
    bool *rebuilt_enum; /* by new enum index: DIFF_REBUILD_ENUM planned */
    diag *d;
    bool failed;
} differ;

diff_change *diff_append(diff_result *r, diff_change c)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->changes = realloc(r->changes, r->cap * sizeof *r->changes);
        if (!r->changes)
            abort();
    }
    r->changes[r->n] = c;
    return &r->changes[r->n++];
}

diff_change *diff_push(diff_result *r, diff_kind kind)
{
    return diff_append(r, (diff_change){.kind = kind});
}

static diff_change *add(differ *D, diff_kind kind) { return diff_push(D->out, kind); }

static bool same_string(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* ---- matching ---- */

/* An object kept its name while the old name its hint gives exists too and
 * is left over. Either the hint is stale and that object goes, or the
 * object of this name goes and the hinted one takes its name: never
 * guessed. Hints always come from the newer schema, in both directions. */
static void report_ambiguous_hint(differ *D, src_pos pos, const char *what, const char *table,
                                  const char *name, const char *old_name)
{
    D->failed = true;
    diag_error(D->d, pos,
               "remove `renamed_from` to keep this one and drop the other; to replace it, drop "
               "it in one migration and rename the other in the next",
               "%s `%s%s%s` has renamed_from `%s`, but the old %s has both `%s` and `%s`", what,
               table ? table : "", table ? "." : "", name, old_name,
               table ? arena_printf(&D->scratch, "table `%s`", table) : "schema", name, old_name);
}

/* Two objects, neither kept under its own name, give the same old name:
 * which one was renamed would be a guess. */
static void report_double_claim(differ *D, src_pos pos, const char *what, const char *table,
                                const char *first, const char *second, const char *old_name)
{
    D->failed = true;
    diag_error(D->d, pos, "keep `renamed_from` on the one that was renamed",
               "%ss `%s%s%s` and `%s` both have renamed_from `%s`", what, table ? table : "",
               table ? "." : "", first, second, old_name);
}

/* The hints of one kind of object, on the side that has them (the newer
 * schema): ambiguous ones and double claims. `hm` maps each hinted-side
 * object to its match; `other_left[i]` says whether the other side has a
 * leftover object named like hinted object i's hint. */
static void check_hints(differ *D, const char *what, const char *table, size_t n,
                        const char *const *names, const char *const *hints, const src_pos *pos,
                        const char *const *match_names, const bool *other_left)
{
    for (size_t i = 0; i < n; i++) {
        if (!hints[i])
            continue;
        if (match_names[i] && !strcmp(match_names[i], names[i])) {
            if (other_left[i])
                report_ambiguous_hint(D, pos[i], what, table, names[i], hints[i]);
            continue;
        }
        for (size_t k = 0; k < i; k++)
            if (hints[k] && !strcmp(hints[k], hints[i]) &&
                !(match_names[k] && !strcmp(match_names[k], names[k]))) {
                report_double_claim(D, pos[i], what, table, names[k], names[i], hints[i]);
                break;
            }
    }
}

/* One kind of object on one side, as matching sees it. */
typedef struct named {
    const char *name, *hint; /* hint: renamed_from */
    src_pos pos;
} named;

/* Matches the objects of one kind: from[j] and to[i] pair up by name, then
 * through hints (of `to` going forward, of `from` going down), never taking
 * an object that kept its own name. Sets to_match[i] = j + 1 and
 * from_match[j] = i + 1 for each pair (0: unmatched; both zeroed by the
 * caller) and reports ambiguous hints and double claims. */
static void match_named(differ *D, const char *what, const char *table, const named *from,
                        size_t nfrom, const named *to, size_t nto, size_t *to_match,
                        size_t *from_match)
{
    strmap by_name;
    strmap_init(&by_name, &D->scratch);
    for (size_t j = 0; j < nfrom; j++)
        strmap_put(&by_name, from[j].name, (void *)(uintptr_t)(j + 1));
    for (size_t i = 0; i < nto; i++) {
        size_t j = (uintptr_t)strmap_get(&by_name, to[i].name);
        if (j) {
            to_match[i] = j;
            from_match[j - 1] = i + 1;
        }
    }
    bool down = D->renames_in_from;
    for (size_t i = 0; i < nto; i++) {
        if (to_match[i])
            continue;
        size_t j = 0;
        if (!down) {
            if (to[i].hint)
                j = (uintptr_t)strmap_get(&by_name, to[i].hint);
        } else {
            for (size_t k = 0; k < nfrom && !j; k++)
                if (!from_match[k] && same_string(from[k].hint, to[i].name))
                    j = k + 1;
        }
        if (j && !from_match[j - 1]) {
            to_match[i] = j;
            from_match[j - 1] = i + 1;
        }
    }
    /* Hints come from the newer side in both directions. */
    const named *hs = down ? from : to, *os = down ? to : from;
    size_t nh = down ? nfrom : nto, no = down ? nto : nfrom;
    const size_t *hm = down ? from_match : to_match, *om = down ? to_match : from_match;
    strmap other_names;
    strmap_init(&other_names, &D->scratch);
    for (size_t k = 0; k < no; k++)
        strmap_put(&other_names, os[k].name, (void *)(uintptr_t)(k + 1));
    const char **names = arena_alloc(&D->scratch, (nh + 1) * sizeof *names);
    const char **hints = arena_alloc(&D->scratch, (nh + 1) * sizeof *hints);
    const char **match_names = arena_alloc(&D->scratch, (nh + 1) * sizeof *match_names);
    src_pos *pos = arena_alloc(&D->scratch, (nh + 1) * sizeof *pos);
    bool *other_left = arena_alloc(&D->scratch, nh + 1);
    for (size_t i = 0; i < nh; i++) {
        names[i] = hs[i].name;
        hints[i] = hs[i].hint;
        match_names[i] = hm[i] ? os[hm[i] - 1].name : NULL;
        pos[i] = hs[i].pos;
        size_t other = hints[i] ? (uintptr_t)strmap_get(&other_names, hints[i]) : 0;
        other_left[i] = other && !om[other - 1];
    }
    check_hints(D, what, table, nh, names, hints, pos, match_names, other_left);
}

/* The named view of n objects of a type with name, renamed_from and pos
 * fields (enums, tables, columns). */
static named *named_view(differ *D, const void *const *items, size_t n, size_t name_at,
                         size_t hint_at, size_t pos_at)
{
    named *view = arena_alloc(&D->scratch, (n + 1) * sizeof *view);
    for (size_t k = 0; k < n; k++) {
        const char *item = items[k];
        memcpy(&view[k].name, item + name_at, sizeof view[k].name);
        memcpy(&view[k].hint, item + hint_at, sizeof view[k].hint);
        memcpy(&view[k].pos, item + pos_at, sizeof view[k].pos);
    }
    return view;
}

#define NAMED_VIEW(D, items, n, type)                                          \
    named_view((D), (const void *const *)(items), (n), offsetof(type, name),   \
               offsetof(type, renamed_from), offsetof(type, pos))

/* Objects that have a namespace (tables, enums) by qualified name: the
 * same name in two namespaces is two objects; a renamed_from names one of
 * the object's own namespace, or another one when qualified (it moved). */
static named *qualified_view(differ *D, const void *const *items, size_t n, size_t qualified_at,
                             size_t namespace_at, size_t hint_at, size_t pos_at)
{
    named *view = named_view(D, items, n, qualified_at, hint_at, pos_at);
    for (size_t k = 0; k < n; k++) {
        const char *ns;
        memcpy(&ns, (const char *)items[k] + namespace_at, sizeof ns);
        if (view[k].hint)
            view[k].hint = ir_renamed_key(&D->scratch, ns, view[k].hint);
    }
    return view;
}

#define QUALIFIED_VIEW(D, items, n, type)                                      \
    qualified_view((D), (const void *const *)(items), (n), offsetof(type, qualified), \
                   offsetof(type, namespace), offsetof(type, renamed_from), offsetof(type, pos))

/* Pairs of matched objects as pointers, from match_named's indexes, the
 * objects seen through VIEW (NAMED_VIEW or QUALIFIED_VIEW). */
#define MATCH_VIEWED(VIEW, D, what, table, from_items, nfrom, to_items, nto, type, to_out,  \
                     from_out)                                                 \
    do {                                                                       \
        size_t *tm_ = arena_alloc(&(D)->scratch, ((nto) + 1) * sizeof *tm_);   \
        size_t *fm_ = arena_alloc(&(D)->scratch, ((nfrom) + 1) * sizeof *fm_); \
        match_named((D), (what), (table), VIEW(D, from_items, nfrom, type), (nfrom), \
                    VIEW(D, to_items, nto, type), (nto), tm_, fm_);            \
        for (size_t i_ = 0; i_ < (nto); i_++)                                  \
            (to_out)[i_] = tm_[i_] ? (from_items)[tm_[i_] - 1] : NULL;          \
        for (size_t j_ = 0; j_ < (nfrom); j_++)                                \
            (from_out)[j_] = fm_[j_] ? (to_items)[fm_[j_] - 1] : NULL;          \
    } while (0)
#define MATCH_OBJECTS(...) MATCH_VIEWED(NAMED_VIEW, __VA_ARGS__)

static void match_enums(differ *D)
{
    MATCH_VIEWED(QUALIFIED_VIEW, D, "enum", NULL, D->from->enums, D->from->nenums, D->to->enums,
                 D->to->nenums, ir_enum, D->to_enum, D->from_enum);
}

static void match_domains(differ *D)
{
    MATCH_VIEWED(QUALIFIED_VIEW, D, "domain", NULL, D->from->domains, D->from->ndomains,
                 D->to->domains, D->to->ndomains, ir_domain, D->to_domain, D->from_domain);
}

static void match_tables(differ *D)
{
    MATCH_VIEWED(QUALIFIED_VIEW, D, "table", NULL, D->from->tables, D->from->ntables,
                 D->to->tables, D->to->ntables, ir_table, D->to_table, D->from_table);
}

/* Column matches of one table pair, by index into each table. */
typedef struct column_match {
    const ir_column **to_col;   /* by new column index */
    const ir_column **from_col; /* by old column index */
} column_match;

static void match_columns(differ *D, const ir_table *f, const ir_table *t, column_match *m)
{
    m->to_col = arena_alloc(&D->scratch, (t->ncolumns + 1) * sizeof *m->to_col);
    m->from_col = arena_alloc(&D->scratch, (f->ncolumns + 1) * sizeof *m->from_col);
    /* Column hints are reported with the name of the table that has them. */
    const char *table = D->renames_in_from ? f->name : t->name;
    MATCH_OBJECTS(D, "column", table, f->columns, f->ncolumns, t->columns, t->ncolumns,
                  ir_column, m->to_col, m->from_col);
}

/* ---- comparisons ---- */

static const ir_enum *matched_enum(const differ *D, const ir_enum *from_enum)
{
    for (size_t j = 0; j < D->from->nenums; j++)
        if (D->from->enums[j] == from_enum)
            return D->from_enum[j];
    return NULL;
}

static const ir_domain *matched_domain(const differ *D, const ir_domain *from_domain)
{
    for (size_t j = 0; j < D->from->ndomains; j++)
        if (D->from->domains[j] == from_domain)
            return D->from_domain[j];
    return NULL;
}

static bool same_type(const differ *D, const ir_type *a, const ir_type *b)
{
    if (a->kind != b->kind || a->length != b->length || a->precision != b->precision ||
        a->scale != b->scale || a->array_dims != b->array_dims ||
        a->has_precision != b->has_precision || a->fields != b->fields)
        return false;
    /* A renamed or moved domain is the same type. */
    if (a->kind == IR_DOMAIN && a->domain && matched_domain(D, a->domain))
        return matched_domain(D, a->domain) == b->domain;
    if (a->kind == IR_DOMAIN || a->kind == IR_EXTENSION_TYPE)
        return !strcmp(a->enum_name, b->enum_name);
    if (a->kind != IR_ENUM)
        return true;
    const ir_enum *m = matched_enum(D, a->enum_type);
    return m ? m == b->enum_type : !strcmp(a->enum_name, b->enum_name);
}

static bool same_default(differ *D, const ir_column *a, const ir_column *b)
{
    if (a->def.kind == IR_DEFAULT_NONE || b->def.kind == IR_DEFAULT_NONE)
        return a->def.kind == b->def.kind;
    return !strcmp(plan_default_sql(&D->scratch, &a->type, &a->def),
                   plan_default_sql(&D->scratch, &b->type, &b->def));
}

/* Do old columns `a` (mapped through m) equal new columns `b`, in order?
 * Order counts for keys too: it is the order of their index's columns. */
static bool same_cols(const column_match *m, ir_column *const *a, size_t na, ir_column *const *b,
                      size_t nb)
{
    if (na != nb || !a || !b)
        return false;
    for (size_t i = 0; i < na; i++)
        if (m->from_col[a[i]->index] != b[i])
            return false;
    return true;
}

/* ---- changes ---- */

static void diff_enum_values(differ *D, const ir_enum *f, const ir_enum *t, size_t t_index)
{
    /* Additions only when every old value survives in the same order. */
    size_t j = 0;
    for (size_t i = 0; i < t->nvalues && j < f->nvalues; i++)
        if (!strcmp(t->values[i].name, f->values[j].name))
            j++;
    if (j < f->nvalues) {
        D->rebuilt_enum[t_index] = true;
        diff_change *c = add(D, DIFF_REBUILD_ENUM);
        c->old_enum = f;
        c->new_enum = t;
        return;
    }
    strmap old_values;
    strmap_init(&old_values, &D->scratch);
    strmap_reserve(&old_values, f->nvalues);
    for (size_t k = 0; k < f->nvalues; k++)
        strmap_put(&old_values, f->values[k].name, &f->values[k]);
    for (size_t i = 0; i < t->nvalues; i++) {
        if (!strmap_get(&old_values, t->values[i].name)) {
            diff_change *c = add(D, DIFF_ADD_ENUM_VALUE);
            c->old_enum = f;
            c->new_enum = t;
            c->value_index = i;
        }
    }
}

static void diff_enums(differ *D)
{
    for (size_t i = 0; i < D->to->nenums; i++) {
        const ir_enum *t = D->to->enums[i], *f = D->to_enum[i];
        if (!f) {
            add(D, DIFF_CREATE_ENUM)->new_enum = t;
            if (t->comment) {
                diff_change *c = add(D, DIFF_ENUM_COMMENT);
                c->new_enum = t;
            }
            continue;
        }
        if (!same_string(f->namespace, t->namespace)) {
            diff_change *c = add(D, DIFF_SET_SCHEMA);
            c->old_enum = f;
            c->new_enum = t;
        }
        if (strcmp(f->name, t->name) != 0) {
            diff_change *c = add(D, DIFF_RENAME_ENUM);
            c->old_enum = f;
            c->new_enum = t;
            c->old_name = f->name;
            c->new_name = t->name;
        }
        diff_enum_values(D, f, t, i);
        if (!same_string(f->comment, t->comment)) {
            diff_change *c = add(D, DIFF_ENUM_COMMENT);
            c->old_enum = f;
            c->new_enum = t;
        }
    }
    for (size_t j = 0; j < D->from->nenums; j++)
        if (!D->from_enum[j])
            add(D, DIFF_DROP_ENUM)->old_enum = D->from->enums[j];
}

/* The namespaces (other than public) that the enums, domains and tables
 * of s use, in that order, without repeats. */
static const char **list_namespaces(differ *D, const ir_schema *s, size_t *n)
{
    const char **out = arena_alloc(&D->scratch,
                                   (s->nenums + s->ndomains + s->ntables + 1) * sizeof *out);
    strmap seen;
    strmap_init(&seen, &D->scratch);
    *n = 0;
#define ADD_NAMESPACE(ns)                                                      \
    do {                                                                       \
        if ((ns) && !strmap_put(&seen, (ns), (void *)(ns)))                    \
            out[(*n)++] = (ns);                                                \
    } while (0)
    for (size_t i = 0; i < s->nenums; i++)
        ADD_NAMESPACE(s->enums[i]->namespace);
    for (size_t i = 0; i < s->ndomains; i++)
        ADD_NAMESPACE(s->domains[i]->namespace);
    for (size_t i = 0; i < s->ntables; i++)
        ADD_NAMESPACE(s->tables[i]->namespace);
#undef ADD_NAMESPACE
    return out;
}

/* A namespace is created before its first object and dropped after its
 * last one. */
static void diff_namespaces(differ *D)
{
    size_t nhad, nhas;
    const char **had = list_namespaces(D, D->from, &nhad);
    const char **has = list_namespaces(D, D->to, &nhas);
    strmap in_from, in_to;
    strmap_init(&in_from, &D->scratch);
    strmap_init(&in_to, &D->scratch);
    for (size_t j = 0; j < nhad; j++)
        strmap_put(&in_from, had[j], (void *)had[j]);
    for (size_t i = 0; i < nhas; i++)
        strmap_put(&in_to, has[i], (void *)has[i]);
    for (size_t i = 0; i < nhas; i++)
        if (!strmap_get(&in_from, has[i]))
            add(D, DIFF_CREATE_NAMESPACE)->new_name = has[i];
    for (size_t j = 0; j < nhad; j++)
        if (!strmap_get(&in_to, had[j]))
            add(D, DIFF_DROP_NAMESPACE)->old_name = had[j];
}

static void diff_extensions(differ *D)
{
    for (size_t i = 0; i < D->to->nextensions; i++)
        if (!ir_find_extension(D->from, D->to->extensions[i]->name))
            add(D, DIFF_CREATE_EXTENSION)->new_name = D->to->extensions[i]->name;
    for (size_t i = 0; i < D->from->nextensions; i++)
        if (!ir_find_extension(D->to, D->from->extensions[i]->name))
            add(D, DIFF_DROP_EXTENSION)->old_name = D->from->extensions[i]->name;
}

static bool same_checks(const ir_domain *a, const ir_domain *b)
{
    if (a->nchecks != b->nchecks)
        return false;
    for (size_t i = 0; i < a->nchecks; i++)
        if (strcmp(a->checks[i]->name, b->checks[i]->name) ||
            strcmp(a->checks[i]->expr, b->checks[i]->expr))
            return false;
    return true;
}

/* Domains are matched by qualified name or renamed_from; a moved or
 * renamed one is moved (SET SCHEMA) and renamed in place. A new base type
 * makes a new domain; the rest is altered in place. */
static void diff_domains(differ *D)
{
    ir_column dummy_a = {0}, dummy_b = {0};
    for (size_t i = 0; i < D->to->ndomains; i++) {
        const ir_domain *t = D->to->domains[i], *f = D->to_domain[i];
        diff_change *c;
        if (!f) {
            add(D, DIFF_CREATE_DOMAIN)->new_obj = t;
            continue;
        }
        if (!same_string(f->namespace, t->namespace)) {
            c = add(D, DIFF_SET_DOMAIN_SCHEMA);
            c->old_obj = f;
            c->new_obj = t;
        }
        if (strcmp(f->name, t->name) != 0) {
            c = add(D, DIFF_RENAME_DOMAIN);
            c->old_obj = f;
            c->new_obj = t;
            c->old_name = f->name;
            c->new_name = t->name;
        }
        dummy_a.type = f->type, dummy_a.def = f->def;
        dummy_b.type = t->type, dummy_b.def = t->def;
        if (!same_type(D, &f->type, &t->type)) {
            c = add(D, DIFF_REBUILD_DOMAIN);
        } else if (f->not_null != t->not_null || !same_default(D, &dummy_a, &dummy_b) ||
                   !same_checks(f, t) || !same_string(f->comment, t->comment)) {
            c = add(D, DIFF_ALTER_DOMAIN);
        } else {
            continue;
        }
        c->old_obj = f;
        c->new_obj = t;
    }
    for (size_t i = 0; i < D->from->ndomains; i++)
        if (!D->from_domain[i])
            add(D, DIFF_DROP_DOMAIN)->old_obj = D->from->domains[i];
}

static bool same_sequence(const ir_column *a, const ir_column *b)
{
    if (a->sequence.set != b->sequence.set || a->sequence.cycle != b->sequence.cycle)
        return false;
    for (int i = 0; i < IR_SEQ_COUNT; i++)
        if ((a->sequence.set >> i & 1) && a->sequence.value[i] != b->sequence.value[i])
            return false;
    return true;
}

/* A new generation expression (or one on a plain column): PostgreSQL 15
 * cannot change it in place, so the column is dropped and added. */
static bool generated_replaced(const ir_column *f, const ir_column *t)
{
    return t->generated && !same_string(f->generated, t->generated);
}

/* Is the column in a key, a foreign key or an exclusion constraint of its
 * table, or referenced by a foreign key? Those the drop would take along. */
static bool column_constrained(const ir_schema *s, const ir_table *t, const ir_column *c)
{
    bool in = t->primary_key && t->primary_key->cols && ir_key_has(t->primary_key, c);
    for (size_t i = 0; i < t->nuniques && !in; i++)
        in = t->uniques[i]->cols && ir_key_has(t->uniques[i], c);
    for (size_t i = 0; i < t->nexclusions && !in; i++)
        for (size_t j = 0; j < t->exclusions[i]->index.columns.n && !in; j++)
            in = t->exclusions[i]->index.cols && t->exclusions[i]->index.cols[j] == c;
    for (size_t i = 0; i < s->ntables && !in; i++)
        for (size_t j = 0; j < s->tables[i]->nfks && !in; j++) {
            const ir_fk *fk = s->tables[i]->fks[j];
            for (size_t k = 0; k < fk->columns.n && !in; k++)
                in = (fk->cols && fk->cols[k] == c) || (fk->ref_cols && fk->ref_cols[k] == c);
        }
    return in;
}

static bool has_sequence(const ir_column *c)
{
    return c->type.kind == IR_SERIAL || c->type.kind == IR_BIGSERIAL || c->identity;
}

static void diff_columns(differ *D, const ir_table *f, const ir_table *t, const column_match *m)
{
    for (size_t i = 0; i < t->ncolumns; i++) {
        const ir_column *tc = t->columns[i], *fc = m->to_col[i];
        if (!fc) {
            diff_change *c = add(D, DIFF_ADD_COLUMN);
            c->old_table = f;
            c->new_table = t;
            c->new_column = tc;
            if (tc->comment) {
                c = add(D, DIFF_COLUMN_COMMENT);
                c->old_table = f;
                c->new_table = t;
                c->new_column = tc;
            }
            continue;
        }
#define COLUMN_CHANGE(kind)                                                    \
    do {                                                                       \
        diff_change *c_ = add(D, kind);                                        \
        c_->old_table = f;                                                     \
        c_->new_table = t;                                                     \
        c_->old_column = fc;                                                   \
        c_->new_column = tc;                                                   \
    } while (0)
        if (strcmp(fc->name, tc->name) != 0) {
            COLUMN_CHANGE(DIFF_RENAME_COLUMN);
            D->out->changes[D->out->n - 1].old_name = fc->name;
            D->out->changes[D->out->n - 1].new_name = tc->name;
        }
        if (generated_replaced(fc, tc)) {
            if (column_constrained(D->to, t, tc) || column_constrained(D->from, f, fc)) {
                D->failed = true;
                diag_error(D->d, tc->generated_pos,
                           "drop the constraint in one migration, change the column in the next",
                           "cannot change the expression of generated column `%s.%s`: "
                           "PostgreSQL 15 drops and adds the column, and a key or foreign key "
                           "uses it",
                           t->name, tc->name);
            }
            /* The new column has the new type, nullability and collation. */
            COLUMN_CHANGE(DIFF_REPLACE_GENERATED);
            if (tc->comment)
                COLUMN_CHANGE(DIFF_COLUMN_COMMENT);
            continue;
        }
        /* First: the rest may then treat it as a plain column. */
        if (fc->generated && !tc->generated)
            COLUMN_CHANGE(DIFF_DROP_EXPRESSION);
        bool type_changed = !same_type(D, &fc->type, &tc->type);
        if (type_changed)
            COLUMN_CHANGE(DIFF_ALTER_TYPE);
        if (fc->nullable != tc->nullable)
            COLUMN_CHANGE(DIFF_ALTER_NULLABLE);
        /* An identity column takes no default: the identity goes before a
         * default is set, and comes after the old default is dropped. */
        bool identity_goes = fc->identity && !tc->identity;
        if (identity_goes)
            COLUMN_CHANGE(DIFF_ALTER_IDENTITY);
        /* A type change re-sets the default itself. */
        if (!type_changed && !same_default(D, fc, tc))
            COLUMN_CHANGE(DIFF_ALTER_DEFAULT);
        if (!identity_goes &&
            (fc->identity != tc->identity || (tc->identity && !same_sequence(fc, tc))))
            COLUMN_CHANGE(DIFF_ALTER_IDENTITY);
        if (!same_string(fc->collation, tc->collation) && !type_changed)
            COLUMN_CHANGE(DIFF_ALTER_COLLATION);
        if (!same_string(fc->comment, tc->comment))
            COLUMN_CHANGE(DIFF_COLUMN_COMMENT);
        /* Also when the sequence goes in this step: its DROP (or the set
         * aside before an identity takes over) names it after the new
         * table and column. */
        if (has_sequence(fc)) {
            const char *old_seq = ir_object_name(&D->out->arena, f->name, fc->name, "seq");
            const char *new_seq = ir_object_name(&D->out->arena, t->name, tc->name, "seq");
            if (strcmp(old_seq, new_seq) != 0) {
                COLUMN_CHANGE(DIFF_RENAME_SEQUENCE);
                D->out->changes[D->out->n - 1].old_name = old_seq;
                D->out->changes[D->out->n - 1].new_name = new_seq;
            }
        }
#undef COLUMN_CHANGE
    }
    for (size_t j = 0; j < f->ncolumns; j++)
        if (!m->from_col[j]) {
            diff_change *c = add(D, DIFF_DROP_COLUMN);
            c->old_table = f;
            c->new_table = t;
            c->old_column = f->columns[j];
        }
}

static void rename_constraint(differ *D, diff_kind kind, const ir_table *f, const ir_table *t,
                              const void *old_obj, const void *new_obj, const char *old_name,
                              const char *new_name)
{
    if (!strcmp(old_name, new_name))
        return;
    diff_change *c = add(D, kind);
    c->old_table = f;
    c->new_table = t;
    c->old_obj = old_obj;
    c->new_obj = new_obj;
    c->old_name = old_name;
    c->new_name = new_name;
}

static void pair_change(differ *D, diff_kind kind, const ir_table *f, const ir_table *t,
                        const void *old_obj, const void *new_obj)
{
    diff_change *c = add(D, kind);
    c->old_table = f;
    c->new_table = t;
    c->old_obj = old_obj;
    c->new_obj = new_obj;
}

/* Keys (primary and unique) of a persisting table. Dropped keys are
 * remembered: foreign keys that lean on them must be rebuilt. */
static void diff_keys(differ *D, const ir_table *f, const ir_table *t, const column_match *m,
                      strmap *dropped_keys)
{
    const ir_key *fp = f->primary_key, *tp = t->primary_key;
    if (fp && tp && same_cols(m, fp->cols, fp->columns.n, tp->cols, tp->columns.n)) {
        rename_constraint(D, DIFF_RENAME_CONSTRAINT, f, t, fp, tp, fp->name, tp->name);
    } else {
        if (fp) {
            pair_change(D, DIFF_DROP_PRIMARY_KEY, f, t, fp, NULL);
            strmap_put(dropped_keys, arena_printf(&D->scratch, "%p", (const void *)fp), (void *)fp);
        }
        if (tp)
            pair_change(D, DIFF_ADD_PRIMARY_KEY, f, t, NULL, tp);
    }
    bool *used = arena_alloc(&D->scratch, f->nuniques + 1);
    for (size_t i = 0; i < t->nuniques; i++) {
        const ir_key *tk = t->uniques[i], *fk = NULL;
        for (size_t j = 0; j < f->nuniques && !fk; j++)
            if (!used[j] && same_cols(m, f->uniques[j]->cols, f->uniques[j]->columns.n, tk->cols,
                                      tk->columns.n)) {
                used[j] = true;
                fk = f->uniques[j];
            }
        if (fk && (fk->nulls_not_distinct != tk->nulls_not_distinct ||
                   fk->deferrable != tk->deferrable)) {
            /* PostgreSQL alters the deferrability of foreign keys only. */
            pair_change(D, DIFF_DROP_UNIQUE, f, t, fk, NULL);
            strmap_put(dropped_keys, arena_printf(&D->scratch, "%p", (const void *)fk),
                       (void *)fk);
            fk = NULL;
        }
        if (fk)
            rename_constraint(D, DIFF_RENAME_CONSTRAINT, f, t, fk, tk, fk->name, tk->name);
        else
            pair_change(D, DIFF_ADD_UNIQUE, f, t, NULL, tk);
    }
    for (size_t j = 0; j < f->nuniques; j++)
        if (!used[j]) {
            pair_change(D, DIFF_DROP_UNIQUE, f, t, f->uniques[j], NULL);
            strmap_put(dropped_keys, arena_printf(&D->scratch, "%p", (const void *)f->uniques[j]),
                       (void *)f->uniques[j]);
        }
}

/* Which btree operator family compares a type's values: a foreign key
 * kept across a type change must find an equality operator between the
 * two ends in the key's family while one end is changed and the other not
 * yet (PostgreSQL rebuilds the constraint after each ALTER TYPE). */
static int key_family(ir_type_kind k)
{
    if (ir_type_is_integer(k) || k == IR_SERIAL || k == IR_BIGSERIAL)
        return -1;
    if (k == IR_REAL || k == IR_DOUBLE)
        return -2;
    if (k == IR_TEXT || k == IR_VARCHAR)
        return -3;
    if (k == IR_DATE || k == IR_TIMESTAMP || k == IR_TIMESTAMPTZ)
        return -4;
    return (int)k;
}

/* How a column's type change reaches what depends on it. */
enum {
    RETYPE_NONE,
    /* Checks, index predicates: PostgreSQL re-reads them with casts of
     * the old type ((amount)::numeric >= (0)::numeric), which then no
     * longer match a fresh database or the queries an index serves, or
     * are refused (a timestamptz comparison over timestamp is not
     * immutable). They are dropped and recreated from the model's text. */
    RETYPE_EXPRESSIONS,
    /* Also foreign keys: the new type has other operators (another key
     * family, an enum, a rebuilt enum), so the constraint between the
     * column and one not yet changed cannot be kept either. */
    RETYPE_OPERATORS,
    /* The column is dropped and added (a new generation expression): every
     * index on it goes too. */
    RETYPE_REPLACED,
};

/* By column of `t`: how its type changes (RETYPE_*). serial ↔ integer of
 * the same width changes no stored type, and a new length, precision or
 * scale (varchar(8) → varchar(16), numeric(8,2) → numeric(12,2)) no cast
 * in an expression (those name the bare type), so neither touches what
 * depends on the column. */
static unsigned char *retyped_columns(differ *D, const ir_table *t, const column_match *m)
{
    unsigned char *retyped = arena_alloc(&D->scratch, t->ncolumns + 1);
    for (size_t i = 0; i < t->ncolumns; i++) {
        const ir_column *tc = t->columns[i], *fc = m->to_col[i];
        if (!fc)
            continue;
        if (generated_replaced(fc, tc)) {
            retyped[i] = RETYPE_REPLACED;
            continue;
        }
        if (key_family(fc->type.kind) != key_family(tc->type.kind)) {
            retyped[i] = RETYPE_OPERATORS;
            continue;
        }
        if (fc->type.kind == IR_ENUM) {
            if (!same_type(D, &fc->type, &tc->type))
                retyped[i] = RETYPE_OPERATORS;
            else
                for (size_t e = 0; e < D->to->nenums; e++)
                    if (D->to->enums[e] == tc->type.enum_type && D->rebuilt_enum[e])
                        retyped[i] = RETYPE_OPERATORS;
            continue;
        }
        if (ir_type_reference_kind(fc->type.kind) != ir_type_reference_kind(tc->type.kind))
            retyped[i] = RETYPE_EXPRESSIONS;
    }
    return retyped;
}

/* Does SQL text mention a retyped column? By name, so it may say yes for
 * a column it does not use: the cost is rebuilding one check or index. */
static bool mentions_retyped(const char *sql, const ir_table *t, const unsigned char *retyped)
{
    for (size_t i = 0; sql && i < t->ncolumns; i++)
        if (retyped[i] && strstr(sql, t->columns[i]->name))
            return true;
    return false;
}

static void diff_checks(differ *D, const ir_table *f, const ir_table *t,
                        const unsigned char *retyped)
{
    bool *used = arena_alloc(&D->scratch, f->nchecks + 1);
    const ir_check **match = arena_alloc(&D->scratch, (t->nchecks + 1) * sizeof *match);
    /* By name first; then an unchanged expression under a new name is a
     * rename, which spares validating every row again. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < t->nchecks; i++)
            for (size_t j = 0; j < f->nchecks && !match[i]; j++)
                if (!used[j] && (pass ? !strcmp(f->checks[j]->expr, t->checks[i]->expr)
                                      : !strcmp(f->checks[j]->name, t->checks[i]->name))) {
                    used[j] = true;
                    match[i] = f->checks[j];
                }
    for (size_t i = 0; i < t->nchecks; i++) {
        const ir_check *tc = t->checks[i], *fc = match[i];
        if (fc && !strcmp(fc->expr, tc->expr) && !mentions_retyped(tc->expr, t, retyped)) {
            rename_constraint(D, DIFF_RENAME_CONSTRAINT, f, t, fc, tc, fc->name, tc->name);
            continue;
        }
        if (fc)
            pair_change(D, DIFF_DROP_CHECK, f, t, fc, NULL);
        pair_change(D, DIFF_ADD_CHECK, f, t, NULL, tc);
    }
    for (size_t j = 0; j < f->nchecks; j++)
        if (!used[j])
            pair_change(D, DIFF_DROP_CHECK, f, t, f->checks[j], NULL);
}

/* Do two indexes have the same elements: the same columns (mapped through
 * m) or expressions, each ordered and compared alike? */
static bool same_index_elems(const column_match *m, const ir_index *a, const ir_index *b)
{
    if (a->columns.n != b->columns.n || !a->cols || !b->cols)
        return false;
    for (size_t i = 0; i < a->columns.n; i++) {
        const ir_index_elem *x = ir_index_elem_at(a, i), *y = ir_index_elem_at(b, i);
        if (!same_string(x->expression, y->expression) || x->desc != y->desc ||
            x->nulls != y->nulls || !same_string(x->opclass, y->opclass) ||
            !same_string(x->collation, y->collation))
            return false;
        if (!x->expression && (!a->cols[i] || m->from_col[a->cols[i]->index] != b->cols[i]))
            return false;
    }
    return true;
}

static bool same_index(const column_match *m, const ir_index *a, const ir_index *b)
{
    return a->unique == b->unique && a->nulls_not_distinct == b->nulls_not_distinct &&
           !strcmp(a->method, b->method) && same_string(a->where, b->where) &&
           same_index_elems(m, a, b) &&
           (a->include.n == 0 ? b->include.n == 0
                              : same_cols(m, a->include_cols, a->include.n, b->include_cols,
                                          b->include.n));
}

/* Does a retyped column reach an index other than as a plain key column
 * (which ALTER COLUMN TYPE rebuilds by itself)? Its predicate, an
 * expression, or an element with an operator class or collation for the
 * old type. */
static bool index_mentions_retyped(const ir_table *t, const ir_index *ix,
                                   const unsigned char *retyped)
{
    if (mentions_retyped(ix->where, t, retyped))
        return true;
    for (size_t i = 0; ix->elems && i < ix->columns.n; i++) {
        const ir_index_elem *e = &ix->elems[i];
        if (mentions_retyped(e->expression, t, retyped))
            return true;
        if ((e->opclass || e->collation) && ix->cols && ix->cols[i] &&
            retyped[ix->cols[i]->index])
            return true;
    }
    for (size_t i = 0; ix->cols && i < ix->columns.n; i++)
        if (ix->cols[i] && retyped[ix->cols[i]->index] == RETYPE_REPLACED)
            return true;
    for (size_t i = 0; ix->include_cols && i < ix->include.n; i++)
        if (retyped[ix->include_cols[i]->index] == RETYPE_REPLACED)
            return true;
    return false;
}

static void diff_indexes(differ *D, const ir_table *f, const ir_table *t, const column_match *m,
                         const unsigned char *retyped)
{
    bool *used = arena_alloc(&D->scratch, f->nindexes + 1);
    const ir_index **match = arena_alloc(&D->scratch, (t->nindexes + 1) * sizeof *match);
    /* Same definition and name first; then same definition under another
     * name (a given name changed, or a derived one that followed a
     * rename): ALTER INDEX RENAME instead of building it again. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < t->nindexes; i++)
            for (size_t j = 0; j < f->nindexes && !match[i]; j++)
                if (!used[j] && same_index(m, f->indexes[j], t->indexes[i]) &&
                    !index_mentions_retyped(t, t->indexes[i], retyped) &&
                    (pass || !strcmp(f->indexes[j]->name, t->indexes[i]->name))) {
                    used[j] = true;
                    match[i] = f->indexes[j];
                }
    for (size_t i = 0; i < t->nindexes; i++) {
        const ir_index *ti = t->indexes[i], *fi = match[i];
        if (fi)
            rename_constraint(D, DIFF_RENAME_INDEX, f, t, fi, ti, fi->name, ti->name);
        else
            pair_change(D, DIFF_CREATE_INDEX, f, t, NULL, ti);
    }
    for (size_t j = 0; j < f->nindexes; j++)
        if (!used[j])
            pair_change(D, DIFF_DROP_INDEX, f, t, f->indexes[j], NULL);
}

/* ---- exclusion constraints ---- */

static bool same_exclusion(const column_match *m, const ir_exclusion *a, const ir_exclusion *b)
{
    if (strcmp(a->index.method, b->index.method) != 0 ||
        !same_string(a->index.where, b->index.where) || a->deferrable != b->deferrable ||
        !same_index_elems(m, &a->index, &b->index))
        return false;
    for (size_t i = 0; i < a->index.columns.n; i++)
        if (strcmp(a->operators[i], b->operators[i]) != 0)
            return false;
    return true;
}

/* A retyped column in an exclusion constraint: its operators are the old
 * type's, so the constraint is rebuilt whatever the change. */
static bool exclusion_retyped(const ir_table *t, const ir_exclusion *x,
                              const unsigned char *retyped)
{
    if (index_mentions_retyped(t, &x->index, retyped))
        return true;
    for (size_t i = 0; x->index.cols && i < x->index.columns.n; i++)
        if (x->index.cols[i] && retyped[x->index.cols[i]->index])
            return true;
    return false;
}

static void diff_exclusions(differ *D, const ir_table *f, const ir_table *t,
                            const column_match *m, const unsigned char *retyped)
{
    bool *used = arena_alloc(&D->scratch, f->nexclusions + 1);
    const ir_exclusion **match =
        arena_alloc(&D->scratch, (t->nexclusions + 1) * sizeof *match);
    /* Same definition and name first, then under another name: a rename. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < t->nexclusions; i++)
            for (size_t j = 0; j < f->nexclusions && !match[i]; j++)
                if (!used[j] && same_exclusion(m, f->exclusions[j], t->exclusions[i]) &&
                    !exclusion_retyped(t, t->exclusions[i], retyped) &&
                    (pass || !strcmp(f->exclusions[j]->name, t->exclusions[i]->name))) {
                    used[j] = true;
                    match[i] = f->exclusions[j];
                }
    for (size_t i = 0; i < t->nexclusions; i++) {
        const ir_exclusion *tx = t->exclusions[i], *fx = match[i];
        if (fx)
            rename_constraint(D, DIFF_RENAME_CONSTRAINT, f, t, fx, tx, fx->name, tx->name);
        else
            pair_change(D, DIFF_ADD_EXCLUSION, f, t, NULL, tx);
    }
    for (size_t j = 0; j < f->nexclusions; j++)
        if (!used[j])
            pair_change(D, DIFF_DROP_EXCLUSION, f, t, f->exclusions[j], NULL);
}

/* The key of `fk->ref_table` that a foreign key leans on. */
static const void *fk_target_key(const ir_fk *fk)
{
    const ir_table *r = fk->ref_table;
    if (!r || !fk->ref_cols)
        return NULL;
    ir_key *keys[1 + 64];
    size_t n = 0;
    if (r->primary_key)
        keys[n++] = r->primary_key;
    for (size_t i = 0; i < r->nuniques && n < 65; i++)
        keys[n++] = r->uniques[i];
    for (size_t i = 0; i < n; i++) {
        if (!keys[i]->cols || keys[i]->columns.n != fk->ref_columns.n)
            continue;
        bool all = true;
        for (size_t a = 0; a < fk->ref_columns.n && all; a++) {
            bool found = false;
            for (size_t b = 0; b < keys[i]->columns.n && !found; b++)
                found = keys[i]->cols[b] == fk->ref_cols[a];
            all = found;
        }
        if (all)
            return keys[i];
    }
    return NULL;
}

static const ir_table *matched_table(const differ *D, const ir_table *from_table)
{
    return from_table ? D->from_table[from_table->index] : NULL;
}

/* Does a foreign key have a column on either side whose operators change? */
static bool fk_retyped(const ir_table *t, const ir_fk *fk,
                       const unsigned char *const *retyped_by_table)
{
    const unsigned char *here = retyped_by_table[t->index],
                        *there = retyped_by_table[fk->ref_table->index];
    for (size_t k = 0; k < fk->columns.n; k++)
        if ((here && here[fk->cols[k]->index] >= RETYPE_OPERATORS) ||
            (there && there[fk->ref_cols[k]->index] >= RETYPE_OPERATORS))
            return true;
    return false;
}

static void diff_fks(differ *D, const ir_table *f, const ir_table *t, const column_match *m,
                     column_match *matches, strmap *dropped_keys,
                     const unsigned char *const *retyped_by_table)
{
    bool *used = arena_alloc(&D->scratch, f->nfks + 1);
    for (size_t i = 0; i < t->nfks; i++) {
        const ir_fk *tf = t->fks[i], *ff = NULL;
        for (size_t j = 0; j < f->nfks && !ff; j++) {
            const ir_fk *cand = f->fks[j];
            if (used[j] || matched_table(D, cand->ref_table) != tf->ref_table)
                continue;
            const column_match *rm = &matches[cand->ref_table->index];
            if (same_cols(m, cand->cols, cand->columns.n, tf->cols, tf->columns.n) &&
                same_cols(rm, cand->ref_cols, cand->ref_columns.n, tf->ref_cols,
                          tf->ref_columns.n)) {
                used[j] = true;
                ff = cand;
            }
        }
        const void *key = ff ? fk_target_key(ff) : NULL;
        bool key_dropped =
            key && strmap_get(dropped_keys, arena_printf(&D->scratch, "%p", key)) != NULL;
        if (ff && ff->on_delete == tf->on_delete && ff->on_update == tf->on_update &&
            ff->match_full == tf->match_full && !key_dropped &&
            !fk_retyped(t, tf, retyped_by_table)) {
            rename_constraint(D, DIFF_RENAME_CONSTRAINT, f, t, ff, tf, ff->name, tf->name);
            if (ff->deferrable != tf->deferrable)
                pair_change(D, DIFF_ALTER_FK_DEFERRABLE, f, t, ff, tf);
            continue;
        }
        if (ff)
            pair_change(D, DIFF_DROP_FK, f, t, ff, NULL);
        pair_change(D, DIFF_ADD_FK, f, t, NULL, tf);
    }
    for (size_t j = 0; j < f->nfks; j++)
        if (!used[j])
            pair_change(D, DIFF_DROP_FK, f, t, f->fks[j], NULL);
}

/* ---- partitions ---- */

static void partition_comment(differ *D, const ir_table *t, const ir_partition *p)
{
    diff_change *c = add(D, DIFF_OBJECT_COMMENT);
    c->old_name = "TABLE";
    c->new_name = ir_relation_sql(&D->out->arena, t, p->name);
    c->new_obj = p->comment;
}

static const ir_partition *find_partition(const ir_table *t, const char *name)
{
    for (size_t i = 0; i < t->npartitions; i++)
        if (!strcmp(t->partitions[i]->name, name))
            return t->partitions[i];
    return NULL;
}

static bool same_partitioning(const ir_table *f, const ir_table *t)
{
    if (f->partition_method != t->partition_method || f->partition_key.n != t->partition_key.n)
        return false;
    for (size_t i = 0; i < t->partition_key.n; i++)
        if (strcmp(f->partition_key.names[i], t->partition_key.names[i]) != 0)
            return false;
    return true;
}

/* PostgreSQL refuses to detach a partition holding rows a foreign key
 * references; such foreign keys are dropped first and added back after,
 * as for a dropped key. */
static void release_references(differ *D, const ir_table *f, strmap *dropped_keys)
{
    if (f->primary_key)
        strmap_put(dropped_keys, arena_printf(&D->scratch, "%p", (const void *)f->primary_key),
                   f->primary_key);
    for (size_t j = 0; j < f->nuniques; j++)
        strmap_put(dropped_keys, arena_printf(&D->scratch, "%p", (const void *)f->uniques[j]),
                   f->uniques[j]);
}

/* Partitions are matched by name; a changed bound detaches and attaches
 * the same table again, keeping its rows. The partitioning itself cannot
 * change in place. */
static void diff_partitions(differ *D, const ir_table *f, const ir_table *t, strmap *dropped_keys)
{
    if (!same_partitioning(f, t)) {
        diag_error(D->d, t->partition_method ? t->partition_pos : t->pos,
                   "create the table anew under another name and copy the rows over",
                   "table `%s` changes its partitioning (`partition_by`), which PostgreSQL "
                   "cannot alter in place",
                   t->name);
        D->failed = true;
        return;
    }
    bool detaches = false;
    for (size_t i = 0; i < f->npartitions; i++)
        if (!find_partition(t, f->partitions[i]->name)) {
            pair_change(D, DIFF_DROP_PARTITION, f, t, f->partitions[i], NULL);
            detaches = true;
        }
    for (size_t i = 0; i < t->npartitions; i++) {
        const ir_partition *tp = t->partitions[i], *fp = find_partition(f, tp->name);
        if (!fp) {
            pair_change(D, DIFF_CREATE_PARTITION, f, t, NULL, tp);
            if (tp->comment)
                partition_comment(D, t, tp);
            continue;
        }
        if (strcmp(ir_partition_bound_sql(&D->scratch, fp),
                   ir_partition_bound_sql(&D->scratch, tp)) != 0) {
            pair_change(D, DIFF_REBOUND_PARTITION, f, t, fp, tp);
            detaches = true;
        }
        if (!same_string(fp->comment, tp->comment))
            partition_comment(D, t, tp);
    }
    if (detaches)
        release_references(D, f, dropped_keys);
}

static void add_created_table(differ *D, const ir_table *t)
{
    add(D, DIFF_CREATE_TABLE)->new_table = t;
    for (size_t i = 0; i < t->npartitions; i++) {
        pair_change(D, DIFF_CREATE_PARTITION, NULL, t, NULL, t->partitions[i]);
        if (t->partitions[i]->comment)
            partition_comment(D, t, t->partitions[i]);
    }
    for (size_t i = 0; i < t->nfks; i++)
        pair_change(D, DIFF_ADD_FK, NULL, t, NULL, t->fks[i]);
    for (size_t i = 0; i < t->nindexes; i++)
        pair_change(D, DIFF_CREATE_INDEX, NULL, t, NULL, t->indexes[i]);
    if (t->timestamps)
        add(D, DIFF_ADD_TIMESTAMP_TRIGGER)->new_table = t;
    if (t->comment)
        add(D, DIFF_TABLE_COMMENT)->new_table = t;
    for (size_t i = 0; i < t->ncolumns; i++)
        if (t->columns[i]->comment) {
            diff_change *c = add(D, DIFF_COLUMN_COMMENT);
            c->new_table = t;
            c->new_column = t->columns[i];
        }
}

static bool needs_trigger_function(const ir_schema *s)
{
    for (size_t i = 0; i < s->ntables; i++)
        if (s->tables[i]->timestamps)
            return true;
    return false;
}

int diff_schemas(const ir_schema *from, const ir_schema *to, bool renames_in_from,
                 diff_result *out, diag *d)
{
    memset(out, 0, sizeof *out);
    out->from = from;
    out->to = to;
    differ D = {.from = from, .to = to, .renames_in_from = renames_in_from, .out = out, .d = d};
    D.to_table = arena_alloc(&D.scratch, (to->ntables + 1) * sizeof *D.to_table);
    D.from_table = arena_alloc(&D.scratch, (from->ntables + 1) * sizeof *D.from_table);
    D.to_enum = arena_alloc(&D.scratch, (to->nenums + 1) * sizeof *D.to_enum);
    D.from_enum = arena_alloc(&D.scratch, (from->nenums + 1) * sizeof *D.from_enum);
    D.rebuilt_enum = arena_alloc(&D.scratch, to->nenums + 1);
    match_enums(&D);
    D.to_domain = arena_alloc(&D.scratch, (to->ndomains + 1) * sizeof *D.to_domain);
    D.from_domain = arena_alloc(&D.scratch, (from->ndomains + 1) * sizeof *D.from_domain);
    match_domains(&D);
    match_tables(&D);
    diff_namespaces(&D);
    diff_extensions(&D);
    diff_enums(&D);
    diff_domains(&D);

    bool fn_from = needs_trigger_function(from), fn_to = needs_trigger_function(to);
    if (fn_to && !fn_from)
        add(&D, DIFF_CREATE_TRIGGER_FUNCTION);

    /* Column matches for every persisting table, by old table index, so a
     * foreign key can map the columns it references in another table. */
    column_match *matches = arena_alloc(&D.scratch, (from->ntables + 1) * sizeof *matches);
    for (size_t j = 0; j < from->ntables; j++)
        if (D.from_table[j])
            match_columns(&D, from->tables[j], D.from_table[j], &matches[j]);

    /* By new table index; NULL for tables this diff creates. */
    const unsigned char **retyped_by_table =
        arena_alloc(&D.scratch, (to->ntables + 1) * sizeof *retyped_by_table);
    strmap dropped_keys;
    strmap_init(&dropped_keys, &D.scratch);
    for (size_t i = 0; i < to->ntables; i++) {
        const ir_table *t = to->tables[i], *f = D.to_table[i];
        if (!f) {
            add_created_table(&D, t);
            continue;
        }
        if (!same_string(f->namespace, t->namespace)) {
            diff_change *c = add(&D, DIFF_SET_SCHEMA);
            c->old_table = f;
            c->new_table = t;
        }
        if (strcmp(f->name, t->name) != 0) {
            diff_change *c = add(&D, DIFF_RENAME_TABLE);
            c->old_table = f;
            c->new_table = t;
            c->old_name = f->name;
            c->new_name = t->name;
        }
        if (!same_string(f->comment, t->comment)) {
            diff_change *c = add(&D, DIFF_TABLE_COMMENT);
            c->old_table = f;
            c->new_table = t;
        }
        const column_match *m = &matches[f->index];
        diff_columns(&D, f, t, m);
        diff_keys(&D, f, t, m, &dropped_keys);
        const unsigned char *retyped = retyped_columns(&D, t, m);
        retyped_by_table[i] = retyped;
        diff_checks(&D, f, t, retyped);
        diff_indexes(&D, f, t, m, retyped);
        diff_exclusions(&D, f, t, m, retyped);
        diff_partitions(&D, f, t, &dropped_keys);
        if (f->timestamps != t->timestamps) {
            diff_change *c = add(&D, t->timestamps ? DIFF_ADD_TIMESTAMP_TRIGGER
                                                   : DIFF_DROP_TIMESTAMP_TRIGGER);
            c->old_table = f;
            c->new_table = t;
        }
    }
    /* Foreign keys last: they need every table's dropped keys. */
    for (size_t i = 0; i < to->ntables; i++) {
        const ir_table *t = to->tables[i], *f = D.to_table[i];
        if (f)
            diff_fks(&D, f, t, &matches[f->index], matches, &dropped_keys, retyped_by_table);
    }
    for (size_t j = 0; j < from->ntables; j++) {
        const ir_table *f = from->tables[j];
        if (D.from_table[j])
            continue;
        for (size_t k = 0; k < f->nfks; k++)
            pair_change(&D, DIFF_DROP_FK, f, NULL, f->fks[k], NULL);
        add(&D, DIFF_DROP_TABLE)->old_table = f;
    }
    if (fn_from && !fn_to)
        add(&D, DIFF_DROP_TRIGGER_FUNCTION);
    if (diff_objects(out, d) < 0)
        D.failed = true;
    access_diff(from, to, out);
    arena_free(&D.scratch);
    return D.failed ? -1 : 0;
}

void diff_free(diff_result *r)
{
    free(r->changes);
    arena_free(&r->arena);
    memset(r, 0, sizeof *r);
}

const char *diff_describe(arena *a, const diff_change *c)
{
    const char *ot = c->old_table ? c->old_table->qualified : NULL;
    const char *nt = c->new_table ? c->new_table->qualified : NULL;
    switch (c->kind) {
    case DIFF_CREATE_NAMESPACE:
        return arena_printf(a, "create namespace %s", c->new_name);
    case DIFF_DROP_NAMESPACE:
        return arena_printf(a, "drop namespace %s", c->old_name);
    case DIFF_CREATE_EXTENSION:
        return arena_printf(a, "create extension %s", c->new_name);
    case DIFF_DROP_EXTENSION:
        return arena_printf(a, "drop extension %s", c->old_name);
    case DIFF_CREATE_DOMAIN:
        return arena_printf(a, "create domain %s", ((const ir_domain *)c->new_obj)->qualified);
    case DIFF_DROP_DOMAIN:
        return arena_printf(a, "drop domain %s", ((const ir_domain *)c->old_obj)->qualified);
    case DIFF_REBUILD_DOMAIN:
        return arena_printf(a, "rebuild domain %s (its type changes)",
                            ((const ir_domain *)c->new_obj)->qualified);
    case DIFF_ALTER_DOMAIN:
        return arena_printf(a, "alter domain %s", ((const ir_domain *)c->new_obj)->qualified);
    case DIFF_SET_DOMAIN_SCHEMA: {
        const ir_domain *t = c->new_obj;
        return arena_printf(a, "move domain %s to namespace %s",
                            ((const ir_domain *)c->old_obj)->qualified,
                            t->namespace ? t->namespace : "public");
    }
    case DIFF_RENAME_DOMAIN:
        return arena_printf(a, "rename domain %s to %s", c->old_name, c->new_name);
    case DIFF_CREATE_ENUM:
        return arena_printf(a, "create enum %s", c->new_enum->qualified);
    case DIFF_DROP_ENUM:
        return arena_printf(a, "drop enum %s", c->old_enum->qualified);
    case DIFF_RENAME_ENUM:
        return arena_printf(a, "rename enum %s to %s", c->old_name, c->new_name);
    case DIFF_ADD_ENUM_VALUE:
        return arena_printf(a, "add value %s to enum %s", c->new_enum->values[c->value_index].name,
                            c->new_enum->qualified);
    case DIFF_REBUILD_ENUM:
        return arena_printf(a, "rebuild enum %s (values removed or reordered)", c->new_enum->qualified);
    case DIFF_ENUM_COMMENT:
        return arena_printf(a, "change comment of enum %s", c->new_enum->qualified);
    case DIFF_CREATE_TABLE:
        return arena_printf(a, "create table %s", nt);
    case DIFF_DROP_TABLE:
        return arena_printf(a, "drop table %s", ot);
    case DIFF_SET_SCHEMA:
        if (c->old_enum)
            return arena_printf(a, "move enum %s to namespace %s", c->old_enum->qualified,
                                c->new_enum->namespace ? c->new_enum->namespace : "public");
        return arena_printf(a, "move table %s to namespace %s", ot,
                            c->new_table->namespace ? c->new_table->namespace : "public");
    case DIFF_RENAME_TABLE:
        return arena_printf(a, "rename table %s to %s", c->old_name, c->new_name);
    case DIFF_TABLE_COMMENT:
        return arena_printf(a, "change comment of table %s", nt);
    case DIFF_ADD_COLUMN:
        return arena_printf(a, "add column %s.%s", nt, c->new_column->name);
    case DIFF_DROP_COLUMN:
        return arena_printf(a, "drop column %s.%s", ot, c->old_column->name);
    case DIFF_RENAME_COLUMN:
        return arena_printf(a, "rename column %s.%s to %s", nt, c->old_name, c->new_name);
    case DIFF_ALTER_TYPE:
        return arena_printf(a, "change type of %s.%s from %s to %s", nt, c->new_column->name,
                            ir_type_string(a, &c->old_column->type),
                            ir_type_string(a, &c->new_column->type));
    case DIFF_ALTER_NULLABLE:
        return arena_printf(a, "make %s.%s %s", nt, c->new_column->name,
                            c->new_column->nullable ? "nullable" : "NOT NULL");
    case DIFF_ALTER_DEFAULT:
        return arena_printf(a, "change default of %s.%s", nt, c->new_column->name);
    case DIFF_ALTER_IDENTITY:
        return arena_printf(a, "change identity of %s.%s", nt, c->new_column->name);
    case DIFF_ALTER_COLLATION:
        return arena_printf(a, "change collation of %s.%s", nt, c->new_column->name);
    case DIFF_REPLACE_GENERATED:
        return arena_printf(a, "recreate generated column %s.%s", nt, c->new_column->name);
    case DIFF_DROP_EXPRESSION:
        return arena_printf(a, "make %s.%s a plain column", nt, c->new_column->name);
    case DIFF_COLUMN_COMMENT:
        return arena_printf(a, "change comment of %s.%s", nt, c->new_column->name);
    case DIFF_RENAME_SEQUENCE:
        return arena_printf(a, "rename sequence %s to %s", c->old_name, c->new_name);
    case DIFF_ADD_PRIMARY_KEY:
        return arena_printf(a, "add primary key of %s", nt);
    case DIFF_DROP_PRIMARY_KEY:
        return arena_printf(a, "drop primary key of %s", ot);
    case DIFF_ADD_UNIQUE:
        return arena_printf(a, "add unique key %s", ((const ir_key *)c->new_obj)->name);
    case DIFF_DROP_UNIQUE:
        return arena_printf(a, "drop unique key %s", ((const ir_key *)c->old_obj)->name);
    case DIFF_ADD_CHECK:
        return arena_printf(a, "add check %s on %s", ((const ir_check *)c->new_obj)->name, nt);
    case DIFF_DROP_CHECK:
        return arena_printf(a, "drop check %s on %s", ((const ir_check *)c->old_obj)->name, ot);
    case DIFF_ADD_FK:
        return arena_printf(a, "add foreign key %s", ((const ir_fk *)c->new_obj)->name);
    case DIFF_DROP_FK:
        return arena_printf(a, "drop foreign key %s", ((const ir_fk *)c->old_obj)->name);
    case DIFF_ADD_EXCLUSION:
        return arena_printf(a, "add exclusion constraint %s on %s",
                            ((const ir_exclusion *)c->new_obj)->name, nt);
    case DIFF_DROP_EXCLUSION:
        return arena_printf(a, "drop exclusion constraint %s on %s",
                            ((const ir_exclusion *)c->old_obj)->name, ot);
    case DIFF_ALTER_FK_DEFERRABLE:
        return arena_printf(a, "alter deferrability of foreign key %s",
                            ((const ir_fk *)c->new_obj)->name);
    case DIFF_RENAME_CONSTRAINT:
        return arena_printf(a, "rename constraint %s to %s", c->old_name, c->new_name);
    case DIFF_CREATE_INDEX:
        return arena_printf(a, "create index %s", ((const ir_index *)c->new_obj)->name);
    case DIFF_DROP_INDEX:
        return arena_printf(a, "drop index %s", ((const ir_index *)c->old_obj)->name);
    case DIFF_RENAME_INDEX:
        return arena_printf(a, "rename index %s to %s", c->old_name, c->new_name);
    case DIFF_CREATE_PARTITION:
        return arena_printf(a, "create partition %s of %s (%s)",
                            ((const ir_partition *)c->new_obj)->name, nt,
                            ir_partition_bound_sql(a, c->new_obj));
    case DIFF_DROP_PARTITION:
        return arena_printf(a, "detach and drop partition %s of %s",
                            ((const ir_partition *)c->old_obj)->name, ot);
    case DIFF_REBOUND_PARTITION:
        return arena_printf(a, "change bound of partition %s of %s to %s",
                            ((const ir_partition *)c->new_obj)->name, nt,
                            ir_partition_bound_sql(a, c->new_obj));
    case DIFF_ADD_TIMESTAMP_TRIGGER:
        return arena_printf(a, "add updated_at trigger on %s", nt);
    case DIFF_DROP_TIMESTAMP_TRIGGER:
        return arena_printf(a, "drop updated_at trigger on %s", ot);
    case DIFF_CREATE_TRIGGER_FUNCTION:
        return "create the updated_at trigger function";
    case DIFF_DROP_TRIGGER_FUNCTION:
        return "drop the updated_at trigger function";
    case DIFF_CREATE_FUNCTION:
    case DIFF_REPLACE_FUNCTION:
    case DIFF_DROP_FUNCTION:
    case DIFF_CREATE_VIEW:
    case DIFF_DROP_VIEW:
    case DIFF_CREATE_VIEW_INDEX:
    case DIFF_DROP_VIEW_INDEX:
    case DIFF_CREATE_TRIGGER:
    case DIFF_DROP_TRIGGER:
    case DIFF_OBJECT_COMMENT:
        return diff_describe_object(a, c);
    case DIFF_ENSURE_ROLES:
        return arena_printf(a, "require roles %s", c->new_name);
    case DIFF_GRANT:
    case DIFF_REVOKE:
    case DIFF_GRANT_SEQUENCE:
    case DIFF_REVOKE_SEQUENCE:
    case DIFF_DEFAULT_GRANT:
    case DIFF_DEFAULT_REVOKE:
    case DIFF_DEFAULT_GRANT_SEQUENCES:
    case DIFF_DEFAULT_REVOKE_SEQUENCES: {
        const access_delta *d = c->new_obj;
        bool grant = c->kind == DIFF_GRANT || c->kind == DIFF_GRANT_SEQUENCE ||
                     c->kind == DIFF_DEFAULT_GRANT || c->kind == DIFF_DEFAULT_GRANT_SEQUENCES;
        const char *on = c->kind == DIFF_GRANT_SEQUENCE || c->kind == DIFF_REVOKE_SEQUENCE
                             ? arena_printf(a, "USAGE on sequence %s", d->privileges)
                         : c->kind == DIFF_DEFAULT_GRANT_SEQUENCES ||
                                 c->kind == DIFF_DEFAULT_REVOKE_SEQUENCES
                             ? "USAGE on future sequences"
                         : nt ? arena_printf(a, "%s on %s", d->privileges, nt)
                              : arena_printf(a, "%s on future tables", d->privileges);
        return arena_printf(a, "%s %s %s %s", grant ? "grant" : "revoke", on,
                            grant ? "to" : "from", d->role);
    }
    case DIFF_SET_ROW_SECURITY:
        return arena_printf(a, "%s row-level security on %s",
                            c->new_table->rls ? "set" : "disable", nt);
    case DIFF_CREATE_POLICY:
        return arena_printf(a, "create policy %s on %s", ((const ir_policy *)c->new_obj)->name,
                            nt);
    case DIFF_DROP_POLICY:
        return arena_printf(a, "drop policy %s on %s", ((const ir_policy *)c->old_obj)->name, ot);
    }
    return "?";
}
