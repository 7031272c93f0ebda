/* diff_objects: the changes of views, functions and triggers. Views are
 * compared by the definition the server printed for each side (depends.c),
 * functions and triggers by what the YAML says. A view is recreated (drop,
 * then create) when its definition changes, when something it reads is
 * retyped, dropped or renamed, or when a view it reads is recreated; a
 * trigger when it, its function or its view is, or, if it has a WHEN, when
 * a column of its table is retyped, dropped or renamed. The changes are appended
 * in the order they must run: drops (triggers, views with their dependents
 * first, functions), functions, views (each after what it reads), their
 * indexes, triggers, comments. The comments of tables' indexes and
 * constraints are made here too, once the table changes are known. */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "diff.h"
#include "emit.h"
#include "ir_objects.h"

typedef struct objects {
    diff_result *out;
    const ir_schema *from, *to;
    arena *a;
    /* Old-schema names whose change forces the views reading them to go:
     * "table", "table\x1fcolumn", "\x1ftype", "\x1f\x1ffunction",
     * "table\x1f\x1fconstraint". */
    strmap touched;
    bool *view_recreated; /* by old view index */
    strmap function_recreated; /* old function names dropped or recreated */
} objects;

static bool same(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

static void touch(objects *O, const char *key) { strmap_put(&O->touched, key, (void *)1); }

/* What the table changes so far do to objects views may read. */
static void collect_touched(objects *O)
{
    for (size_t i = 0; i < O->out->n; i++) {
        const diff_change *c = &O->out->changes[i];
        switch (c->kind) {
        case DIFF_SET_SCHEMA:
            if (c->old_enum) {
                touch(O, arena_printf(O->a, "\x1f%s", c->old_enum->name));
                break;
            }
            /* fall through */
        case DIFF_DROP_TABLE:
        case DIFF_RENAME_TABLE:
            touch(O, c->old_table->name);
            break;
        case DIFF_DROP_COLUMN:
        case DIFF_RENAME_COLUMN:
        case DIFF_ALTER_TYPE:
        case DIFF_REPLACE_GENERATED: /* dropped and added again */
            touch(O, arena_printf(O->a, "%s\x1f%s", c->old_table->name, c->old_column->name));
            /* A trigger's WHEN may use it: PostgreSQL would refuse. */
            touch(O, arena_printf(O->a, "%s\x1f*", c->old_table->name));
            break;
        case DIFF_REBUILD_ENUM:
        case DIFF_DROP_ENUM:
        case DIFF_RENAME_ENUM:
            touch(O, arena_printf(O->a, "\x1f%s", c->old_enum->name));
            /* Every column of the enum is retyped by a rebuild. */
            for (size_t t = 0; t < O->from->ntables; t++)
                for (size_t k = 0; k < O->from->tables[t]->ncolumns; k++) {
                    const ir_column *col = O->from->tables[t]->columns[k];
                    if (col->type.kind == IR_ENUM && same(col->type.enum_name, c->old_enum->name))
                        touch(O, arena_printf(O->a, "%s\x1f%s", O->from->tables[t]->name,
                                              col->name));
                }
            break;
        case DIFF_DROP_PRIMARY_KEY:
        case DIFF_DROP_UNIQUE:
            touch(O, arena_printf(O->a, "%s\x1f\x1f%s", c->old_table->name,
                                  ((const ir_key *)c->old_obj)->name));
            break;
        default:
            break;
        }
    }
}

static bool read_touched(objects *O, const ir_read *r)
{
    const char *key = NULL;
    switch (r->kind) {
    case IR_READS_RELATION:
        key = r->name;
        break;
    case IR_READS_COLUMN:
        if (strmap_get(&O->touched, r->name))
            return true;
        key = arena_printf(O->a, "%s\x1f%s", r->name, r->column);
        break;
    case IR_READS_TYPE:
        key = arena_printf(O->a, "\x1f%s", r->name);
        break;
    case IR_READS_FUNCTION:
        return strmap_get(&O->function_recreated, r->name) != NULL;
    case IR_READS_CONSTRAINT:
        key = arena_printf(O->a, "%s\x1f\x1f%s", r->name, r->column);
        break;
    }
    return strmap_get(&O->touched, key) != NULL;
}

/* Does a view read the relation `name` (as a whole or a column of it)? */
static bool reads_relation(const ir_view *v, const char *name)
{
    for (size_t i = 0; i < v->nreads; i++)
        if ((v->reads[i].kind == IR_READS_RELATION || v->reads[i].kind == IR_READS_COLUMN) &&
            !strcmp(v->reads[i].name, name))
            return true;
    return false;
}

static bool same_view(const ir_view *a, const ir_view *b)
{
    if (a->materialized != b->materialized)
        return false;
    if (a->definition && b->definition)
        return !strcmp(a->definition, b->definition);
    return !strcmp(a->sql, b->sql);
}

static bool same_function_signature(const ir_function *a, const ir_function *b)
{
    return !strcmp(a->arguments, b->arguments) && !strcmp(a->returns, b->returns);
}

static bool same_function_body(const ir_function *a, const ir_function *b)
{
    return !strcmp(a->language, b->language) && a->volatility == b->volatility &&
           !strcmp(a->body, b->body);
}

static bool same_trigger(const ir_trigger *a, const ir_trigger *b)
{
    return !strcmp(a->on, b->on) && a->timing == b->timing && a->events == b->events &&
           a->for_each_row == b->for_each_row && same(a->when, b->when) &&
           !strcmp(a->function, b->function);
}

/* Two indexes are the same when their canonical YAML lines are, comments
 * aside (a comment changes with COMMENT ON). */
static bool same_index(const ir_index *x, const ir_index *y)
{
    ir_index a = *x, b = *y;
    a.comment = b.comment = NULL;
    buf bx = BUF_INIT, by = BUF_INIT;
    emit_index(&bx, &a);
    emit_index(&by, &b);
    bool equal = !strcmp(buf_cstr(&bx), buf_cstr(&by));
    buf_free(&bx);
    buf_free(&by);
    return equal;
}

static diff_change *push(objects *O, diff_kind kind, const void *old_obj, const void *new_obj)
{
    diff_change *c = diff_push(O->out, kind);
    c->old_obj = old_obj;
    c->new_obj = new_obj;
    return c;
}

static void comment(objects *O, const char *kind, const char *target, const char *text)
{
    diff_change *c = push(O, DIFF_OBJECT_COMMENT, NULL, text);
    c->old_name = kind;
    c->new_name = target;
}

#define Q(name) ir_quote_ident(O->a, (name))

static const char *view_kind(const ir_view *v)
{
    return v->materialized ? "MATERIALIZED VIEW" : "VIEW";
}

static const char *trigger_target(objects *O, const ir_trigger *t)
{
    return arena_printf(O->a, "%s ON %s", Q(t->name), Q(t->on));
}

/* Marks the old views to recreate, to a fixed point: a view that reads a
 * recreated view goes too. */
static void mark_views(objects *O)
{
    const ir_schema *f = O->from;
    for (size_t i = 0; i < f->nviews; i++) {
        const ir_view *v = f->views[i], *nv = ir_find_view(O->to, v->name);
        bool go = !nv || !same_view(v, nv);
        for (size_t k = 0; k < v->nreads && !go; k++)
            go = read_touched(O, &v->reads[k]);
        O->view_recreated[i] = go;
    }
    for (bool more = true; more;) {
        more = false;
        for (size_t i = 0; i < f->nviews; i++)
            for (size_t j = 0; j < f->nviews && !O->view_recreated[i]; j++)
                if (O->view_recreated[j] && reads_relation(f->views[i], f->views[j]->name))
                    O->view_recreated[i] = more = true;
    }
}

/* Drops the marked views, each after every marked view that reads it. */
static void drop_views(objects *O)
{
    const ir_schema *f = O->from;
    size_t n = f->nviews;
    bool *dropped = arena_alloc(O->a, n + 1);
    for (size_t left = n; left;) {
        left = 0;
        for (size_t i = 0; i < n; i++) {
            if (!O->view_recreated[i] || dropped[i])
                continue;
            bool read = false;
            for (size_t j = 0; j < n && !read; j++)
                read = j != i && O->view_recreated[j] && !dropped[j] &&
                       reads_relation(f->views[j], f->views[i]->name);
            if (read) {
                left++;
                continue;
            }
            push(O, DIFF_DROP_VIEW, f->views[i], NULL);
            dropped[i] = true;
        }
    }
}

/* Creates the views to create (new, or recreated), each after the views
 * of this list it reads. */
static void create_views(objects *O, bool *create)
{
    const ir_schema *t = O->to;
    size_t n = t->nviews;
    for (size_t left = n; left;) {
        left = 0;
        for (size_t i = 0; i < n; i++) {
            if (!create[i])
                continue;
            bool waits = false;
            for (size_t j = 0; j < n && !waits; j++)
                waits = j != i && create[j] && reads_relation(t->views[i], t->views[j]->name);
            if (waits) {
                left++;
                continue;
            }
            const ir_view *v = t->views[i];
            push(O, DIFF_CREATE_VIEW, NULL, v);
            for (size_t k = 0; k < v->index_holder->nindexes; k++) {
                const ir_index *ix = v->index_holder->indexes[k];
                push(O, DIFF_CREATE_VIEW_INDEX, NULL, ix)->new_name = v->name;
                if (ix->comment)
                    comment(O, "INDEX", Q(ix->name), ix->comment);
            }
            create[i] = false;
        }
    }
}

/* The indexes of a materialized view that stays. */
static void diff_view_indexes(objects *O, const ir_view *f, const ir_view *t, bool drops)
{
    const ir_table *fh = f->index_holder, *th = t->index_holder;
    for (size_t i = 0; i < (drops ? fh->nindexes : th->nindexes); i++) {
        const ir_index *mine = drops ? fh->indexes[i] : th->indexes[i], *other = NULL;
        const ir_table *there = drops ? th : fh;
        for (size_t j = 0; j < there->nindexes && !other; j++)
            if (!strcmp(there->indexes[j]->name, mine->name))
                other = there->indexes[j];
        bool kept = other && same_index(mine, other);
        if (drops && !kept)
            push(O, DIFF_DROP_VIEW_INDEX, mine, NULL);
        if (!drops && !kept)
            push(O, DIFF_CREATE_VIEW_INDEX, NULL, mine)->new_name = t->name;
        if (!drops && !same(kept ? other->comment : NULL, mine->comment))
            comment(O, "INDEX", Q(mine->name), mine->comment);
    }
}

/* ---- comments of indexes and constraints ---- */

/* One commentable object of a table: its kind, name and comment. */
typedef struct commented {
    bool index; /* else a constraint */
    const char *name, *comment;
    const void *obj;
} commented;

/* The indexes and constraints of t that can have a comment; n set. */
static commented *commentable(arena *a, const ir_table *t, size_t *n)
{
    commented *c = arena_alloc(a, (t->nindexes + t->nuniques + t->nchecks + t->nfks +
                                   t->nexclusions + 1) * sizeof *c);
    *n = 0;
    for (size_t i = 0; i < t->nindexes; i++)
        c[(*n)++] = (commented){true, t->indexes[i]->name, t->indexes[i]->comment, t->indexes[i]};
    for (size_t i = 0; i < t->nuniques; i++)
        c[(*n)++] = (commented){false, t->uniques[i]->name, t->uniques[i]->comment, t->uniques[i]};
    for (size_t i = 0; i < t->nchecks; i++)
        c[(*n)++] = (commented){false, t->checks[i]->name, t->checks[i]->comment, t->checks[i]};
    for (size_t i = 0; i < t->nfks; i++)
        c[(*n)++] = (commented){false, t->fks[i]->name, t->fks[i]->comment, t->fks[i]};
    for (size_t i = 0; i < t->nexclusions; i++)
        c[(*n)++] = (commented){false, t->exclusions[i]->name, t->exclusions[i]->comment,
                                t->exclusions[i]};
    return c;
}

/* COMMENT ON INDEX / CONSTRAINT for each index and constraint whose
 * comment differs from its old one: none when the diff creates it (a new
 * object has no comment), else that of the old object it was renamed from
 * or keeps the name of. */
static void constraint_comments(objects *O)
{
    strmap fresh, renamed, old_tables;
    strmap_init(&fresh, O->a);
    strmap_init(&renamed, O->a);
    strmap_init(&old_tables, O->a);
    for (size_t i = 0; i < O->from->ntables; i++)
        strmap_put(&old_tables, O->from->tables[i]->qualified, O->from->tables[i]);
    for (size_t i = 0; i < O->out->n; i++) {
        const diff_change *c = &O->out->changes[i];
        if (c->kind == DIFF_CREATE_TABLE)
            strmap_put(&fresh, arena_printf(O->a, "t%p", (const void *)c->new_table), (void *)1);
        else if (c->kind == DIFF_RENAME_TABLE || (c->kind == DIFF_SET_SCHEMA && c->new_table))
            strmap_put(&old_tables, c->new_table->qualified, (void *)c->old_table);
        else if ((c->kind == DIFF_CREATE_INDEX || c->kind == DIFF_ADD_UNIQUE ||
                  c->kind == DIFF_ADD_CHECK || c->kind == DIFF_ADD_FK ||
                  c->kind == DIFF_ADD_EXCLUSION) && c->new_obj)
            strmap_put(&fresh, arena_printf(O->a, "o%p", c->new_obj), (void *)1);
        else if (c->kind == DIFF_RENAME_INDEX || c->kind == DIFF_RENAME_CONSTRAINT)
            strmap_put(&renamed,
                       arena_printf(O->a, "%s\x1f%s", c->new_table->qualified, c->new_name),
                       (void *)c->old_name);
    }
    for (size_t i = 0; i < O->to->ntables; i++) {
        const ir_table *t = O->to->tables[i];
        bool new_table = strmap_get(&fresh, arena_printf(O->a, "t%p", (const void *)t)) != NULL;
        const ir_table *f = new_table ? NULL : strmap_get(&old_tables, t->qualified);
        size_t n, nold = 0;
        commented *mine = commentable(O->a, t, &n), *old = f ? commentable(O->a, f, &nold) : NULL;
        for (size_t k = 0; k < n; k++) {
            const char *was = NULL;
            if (f && !strmap_get(&fresh, arena_printf(O->a, "o%p", mine[k].obj))) {
                const char *old_name =
                    strmap_get(&renamed,
                               arena_printf(O->a, "%s\x1f%s", t->qualified, mine[k].name));
                old_name = old_name ? old_name : mine[k].name;
                for (size_t j = 0; j < nold; j++)
                    if (old[j].index == mine[k].index && !strcmp(old[j].name, old_name))
                        was = old[j].comment;
            }
            if (same(was, mine[k].comment))
                continue;
            comment(O, mine[k].index ? "INDEX" : "CONSTRAINT",
                    mine[k].index ? ir_relation_sql(O->a, t, mine[k].name)
                                  : arena_printf(O->a, "%s ON %s", Q(mine[k].name),
                                                 ir_table_sql(O->a, t)),
                    mine[k].comment);
        }
    }
}

/* ---- views, functions, triggers ---- */

int diff_objects(diff_result *out, diag *d)
{
    const ir_schema *from = out->from, *to = out->to;
    objects state = {.out = out, .from = from, .to = to, .a = &out->arena}, *O = &state;
    constraint_comments(O);
    if (!from->nviews && !to->nviews && !from->nfunctions && !to->nfunctions &&
        !from->ntriggers && !to->ntriggers)
        return 0;
    if ((from->nviews && !from->dependencies_found) || (to->nviews && !to->dependencies_found)) {
        const ir_schema *s = from->nviews && !from->dependencies_found ? from : to;
        diag_error(d, s->views[0]->pos, "this is a bug in schemac: the caller must ask first",
                   "schema `%s` has views whose dependencies were not asked of a server",
                   s->name);
        return -1;
    }
    strmap_init(&O->touched, O->a);
    strmap_init(&O->function_recreated, O->a);
    O->view_recreated = arena_alloc(O->a, from->nviews + 1);
    collect_touched(O);

    /* Functions whose signature changes, or that go, are dropped first. */
    for (size_t i = 0; i < from->nfunctions; i++) {
        const ir_function *f = from->functions[i], *t = ir_find_function(to, f->name);
        if (!t || !same_function_signature(f, t))
            strmap_put(&O->function_recreated, f->name, (void *)f);
    }
    mark_views(O);

    /* Drops: triggers, view indexes, views, functions. */
    bool *trigger_recreated = arena_alloc(O->a, from->ntriggers + 1);
    for (size_t i = 0; i < from->ntriggers; i++) {
        const ir_trigger *f = from->triggers[i], *t = NULL;
        for (size_t j = 0; j < to->ntriggers && !t; j++)
            if (!strcmp(to->triggers[j]->name, f->name))
                t = to->triggers[j];
        const ir_view *on = ir_find_view(from, f->on);
        /* schemac does not parse a WHEN: any column of its table changing
         * under it recreates the trigger. */
        bool when_touched =
            f->when && strmap_get(&O->touched, arena_printf(O->a, "%s\x1f*", f->on));
        trigger_recreated[i] = !t || !same_trigger(f, t) ||
                               strmap_get(&O->function_recreated, f->function) ||
                               (on && O->view_recreated[on->index]) || when_touched;
        if (trigger_recreated[i])
            push(O, DIFF_DROP_TRIGGER, f, NULL);
    }
    for (size_t i = 0; i < from->nviews; i++) {
        const ir_view *t = ir_find_view(to, from->views[i]->name);
        if (!O->view_recreated[i] && t)
            diff_view_indexes(O, from->views[i], t, true);
    }
    drop_views(O);
    for (size_t i = 0; i < from->nfunctions; i++)
        if (strmap_get(&O->function_recreated, from->functions[i]->name))
            push(O, DIFF_DROP_FUNCTION, from->functions[i], NULL);

    /* Creates, each with its comment. */
    for (size_t i = 0; i < to->nfunctions; i++) {
        const ir_function *t = to->functions[i], *f = ir_find_function(from, t->name);
        bool fresh = !f || strmap_get(&O->function_recreated, f->name);
        if (fresh)
            push(O, DIFF_CREATE_FUNCTION, NULL, t);
        else if (!same_function_body(f, t))
            push(O, DIFF_REPLACE_FUNCTION, f, t);
        if (fresh ? t->comment != NULL : !same(f->comment, t->comment))
            comment(O, "FUNCTION", Q(t->name), t->comment);
    }
    bool *create = arena_alloc(O->a, to->nviews + 1);
    for (size_t i = 0; i < to->nviews; i++) {
        const ir_view *f = ir_find_view(from, to->views[i]->name);
        create[i] = !f || O->view_recreated[f->index];
    }
    create_views(O, create);
    for (size_t i = 0; i < to->nviews; i++) {
        const ir_view *t = to->views[i], *f = ir_find_view(from, t->name);
        bool fresh = !f || O->view_recreated[f->index];
        if (!fresh)
            diff_view_indexes(O, f, t, false);
        if (fresh ? t->comment != NULL : !same(f->comment, t->comment))
            comment(O, view_kind(t), Q(t->name), t->comment);
    }
    for (size_t i = 0; i < to->ntriggers; i++) {
        const ir_trigger *t = to->triggers[i], *f = NULL;
        size_t fi = 0;
        for (size_t j = 0; j < from->ntriggers && !f; j++)
            if (!strcmp(from->triggers[j]->name, t->name))
                f = from->triggers[fi = j];
        bool fresh = !f || trigger_recreated[fi];
        if (fresh)
            push(O, DIFF_CREATE_TRIGGER, NULL, t);
        if (fresh ? t->comment != NULL : !same(f->comment, t->comment))
            comment(O, "TRIGGER", trigger_target(O, t), t->comment);
    }
    return 0;
}

const char *diff_describe_object(arena *a, const diff_change *c)
{
    const ir_view *nv = c->new_obj, *ov = c->old_obj;
    const ir_function *nf = c->new_obj, *of = c->old_obj;
    const ir_trigger *nt = c->new_obj, *ot = c->old_obj;
    const ir_index *ni = c->new_obj, *oi = c->old_obj;
    switch (c->kind) {
    case DIFF_CREATE_FUNCTION:
        return arena_printf(a, "create function %s", nf->name);
    case DIFF_REPLACE_FUNCTION:
        return arena_printf(a, "replace function %s", nf->name);
    case DIFF_DROP_FUNCTION:
        return arena_printf(a, "drop function %s", of->name);
    case DIFF_CREATE_VIEW:
        return arena_printf(a, "create view %s", nv->name);
    case DIFF_DROP_VIEW:
        return arena_printf(a, "drop view %s", ov->name);
    case DIFF_CREATE_VIEW_INDEX:
        return arena_printf(a, "create index %s on view %s", ni->name, c->new_name);
    case DIFF_DROP_VIEW_INDEX:
        return arena_printf(a, "drop index %s", oi->name);
    case DIFF_CREATE_TRIGGER:
        return arena_printf(a, "create trigger %s on %s", nt->name, nt->on);
    case DIFF_DROP_TRIGGER:
        return arena_printf(a, "drop trigger %s on %s", ot->name, ot->on);
    case DIFF_OBJECT_COMMENT:
        return arena_printf(a, "change comment of %s %s", c->old_name, c->new_name);
    default:
        return "?";
    }
}
