/* validate_objects: names and references of views, functions and triggers.
 * Their SQL is the server's to check (depends.c creates the views in a
 * transaction it rolls back); here only what the YAML says is checked. */
#include <string.h>

#include "ir_objects.h"
#include "validate_internal.h"

static void check_view(checker *C, ir_view *v)
{
    const ir_enum *e = ir_find_enum(C->s, v->name);
    if (check_identifier(C, v->name, v->pos, "view") &&
        claim_name(C, &C->relations, v->name, v->pos, "a view", "rename one of them") && e) {
        diag_error(C->d, v->pos, "rename the view or the enum",
                   "view `%s` has the name of an enum; PostgreSQL gives each view a type of "
                   "the same name",
                   v->name);
        diag_note(C->d, e->pos, "the enum `%s`", e->name);
    }
    /* CREATE VIEW ... AS sql; a `;` inside would end the statement early. */
    size_t n = strlen(v->sql);
    while (n && strchr(" \t\r\n", v->sql[n - 1]))
        n--;
    if (n && v->sql[n - 1] == ';')
        diag_error(C->d, v->sql_pos, "remove the final `;`",
                   "the `sql` of view `%s` ends with `;`", v->name);
    const ir_table *h = v->index_holder;
    for (size_t i = 0; i < h->nindexes; i++) {
        ir_index *ix = h->indexes[i];
        if (!ix->name_given) {
            diag_error(C->d, ix->pos, "add `name: ...`; schemac does not know the view's columns",
                       "an index of materialized view `%s` needs a `name`", v->name);
            continue;
        }
        if (check_identifier(C, ix->name, ix->pos, "index"))
            claim_name(C, &C->relations, ix->name, ix->pos, "an index", "choose another name");
    }
}

static void check_function(checker *C, const ir_function *f, strmap *names)
{
    if (!check_identifier(C, f->name, f->pos, "function"))
        return;
    claim_name(C, names, f->name, f->pos, "a function", "rename one of them");
    for (size_t i = 0; i < C->s->ntables; i++)
        if (C->s->tables[i]->timestamps &&
            !strcmp(f->name, arena_printf(C->a, "%s_set_updated_at", C->s->name))) {
            diag_error(C->d, f->pos, "rename the function",
                       "function `%s` has the name of the trigger function of `timestamps`",
                       f->name);
            return;
        }
}

static void check_trigger(checker *C, const ir_trigger *t)
{
    if (!check_identifier(C, t->name, t->pos, "trigger"))
        return;
    const ir_table *table = ir_find_table(C->s, t->on);
    const ir_view *view = table ? NULL : ir_find_view(C->s, t->on);
    if (!table && !view) {
        diag_error(C->d, t->on_pos, NULL, "trigger `%s` is on unknown table or view `%s`",
                   t->name, t->on);
        return;
    }
    if (table && table->timestamps && !strcmp(t->name, "set_updated_at"))
        diag_error(C->d, t->pos, "rename the trigger",
                   "table `%s` has `timestamps`, whose trigger is `set_updated_at`", table->name);
    if (view && view->materialized)
        diag_error(C->d, t->on_pos, NULL,
                   "trigger `%s` is on materialized view `%s`; PostgreSQL has none there",
                   t->name, view->name);
    else if (table && t->timing == IR_INSTEAD_OF)
        diag_error(C->d, t->pos, "use before or after on a table",
                   "trigger `%s`: instead_of triggers are for views, and `%s` is a table",
                   t->name, table->name);
    else if (view && t->timing == IR_INSTEAD_OF && !t->for_each_row)
        diag_error(C->d, t->pos, "remove `for_each: statement`",
                   "trigger `%s`: an instead_of trigger fires for each row", t->name);
    else if (view && t->timing != IR_INSTEAD_OF && t->for_each_row)
        diag_error(C->d, t->pos, "use `timing: instead_of`, or `for_each: statement`",
                   "trigger `%s` on view `%s`: a view has row triggers only instead_of",
                   t->name, view->name);
    if ((t->events & IR_ON_TRUNCATE) && (t->for_each_row || view))
        diag_error(C->d, t->events_pos, NULL,
                   "trigger `%s`: truncate fires only for each statement, on a table", t->name);
    if (t->when && t->timing == IR_INSTEAD_OF)
        diag_error(C->d, t->pos, NULL, "trigger `%s`: an instead_of trigger has no `when`",
                   t->name);
    const ir_function *f = ir_find_function(C->s, t->function);
    if (f && strcmp(f->returns, "trigger") != 0)
        diag_error(C->d, t->function_pos, "a trigger calls a function that `returns: trigger`",
                   "function `%s` returns %s, not trigger", f->name, f->returns);
}

void validate_objects(checker *C)
{
    ir_schema *s = C->s;
    for (size_t i = 0; i < s->nviews; i++)
        check_view(C, s->views[i]);
    strmap functions;
    strmap_init(&functions, C->a);
    for (size_t i = 0; i < s->nfunctions; i++)
        check_function(C, s->functions[i], &functions);
    /* Trigger names are the map's keys, so unique in the schema already. */
    for (size_t i = 0; i < s->ntriggers; i++)
        check_trigger(C, s->triggers[i]);
}
