/* plan_objects: the SQL of views, functions and triggers. Their bodies are
 * written as the user gave them; a function's body goes between dollar
 * quotes whose tag it does not contain. Where each statement runs (which
 * phase) is plan.c's; here is only what it says. */
#include <string.h>

#include "ir_objects.h"
#include "plan.h"

#define Q(name) ir_quote_ident(a, (name))

/* $function$, or $function1$... when the body holds that tag. */
static const char *dollar_tag(arena *a, const char *body)
{
    const char *tag = "$function$";
    for (int i = 1; strstr(body, tag); i++)
        tag = arena_printf(a, "$function%d$", i);
    return tag;
}

/* The SQL without the blanks and line breaks after its end. */
static const char *trimmed(arena *a, const char *sql)
{
    size_t n = strlen(sql);
    while (n && strchr(" \t\r\n", sql[n - 1]))
        n--;
    return arena_strndup(a, sql, n);
}

/* What ends a view's statement: `;`, on a line of its own when the SQL's
 * last line has a `--` comment (which would swallow it). */
static const char *statement_end(const char *sql)
{
    const char *last = strrchr(sql, '\n');
    return strstr(last ? last : sql, "--") ? "\n;" : ";";
}

static const char *create_function(arena *a, const ir_function *f, bool replace)
{
    const char *tag = dollar_tag(a, f->body);
    return arena_printf(a, "CREATE %sFUNCTION %s(%s) RETURNS %s LANGUAGE %s%s AS %s\n%s\n%s;",
                        replace ? "OR REPLACE " : "", Q(f->name), f->arguments, f->returns,
                        Q(f->language),
                        f->volatility == IR_IMMUTABLE ? " IMMUTABLE"
                        : f->volatility == IR_STABLE  ? " STABLE"
                                                      : "",
                        tag, trimmed(a, f->body), tag);
}

static const char *create_trigger(arena *a, const ir_trigger *t)
{
    static const char *const timings[] = {"BEFORE", "AFTER", "INSTEAD OF"};
    return arena_printf(a, "CREATE TRIGGER %s %s %s ON %s FOR EACH %s%s%s%s EXECUTE FUNCTION %s();",
                        Q(t->name), timings[t->timing], ir_trigger_events_sql(a, t->events),
                        Q(t->on), t->for_each_row ? "ROW" : "STATEMENT",
                        t->when ? " WHEN (" : "", t->when ? t->when : "", t->when ? ")" : "",
                        Q(t->function));
}

plan_object_stmt plan_object_change(arena *a, const diff_change *c)
{
    const ir_view *ov = c->old_obj, *nv = c->new_obj;
    const ir_function *of = c->old_obj, *nf = c->new_obj;
    const ir_trigger *ot = c->old_obj, *nt = c->new_obj;
    plan_object_stmt s = {PLAN_OBJECT_DROP, NULL};
    switch (c->kind) {
    case DIFF_CREATE_FUNCTION:
    case DIFF_REPLACE_FUNCTION:
        s.when = PLAN_OBJECT_FUNCTION;
        s.sql = create_function(a, nf, c->kind == DIFF_REPLACE_FUNCTION);
        break;
    case DIFF_DROP_FUNCTION:
        /* By name alone: a managed function has no overloads. */
        s.sql = arena_printf(a, "DROP FUNCTION %s;", Q(of->name));
        break;
    case DIFF_CREATE_VIEW:
        s.when = PLAN_OBJECT_VIEW;
        s.sql = arena_printf(a, "CREATE %sVIEW %s AS\n%s%s",
                             nv->materialized ? "MATERIALIZED " : "", Q(nv->name),
                             trimmed(a, nv->sql), statement_end(trimmed(a, nv->sql)));
        break;
    case DIFF_DROP_VIEW:
        s.sql = arena_printf(a, "DROP %sVIEW %s;", ov->materialized ? "MATERIALIZED " : "",
                             Q(ov->name));
        break;
    case DIFF_DROP_VIEW_INDEX:
        s.sql = arena_printf(a, "DROP INDEX %s;", Q(((const ir_index *)c->old_obj)->name));
        break;
    case DIFF_CREATE_TRIGGER:
        s.when = PLAN_OBJECT_TRIGGER;
        s.sql = create_trigger(a, nt);
        break;
    case DIFF_DROP_TRIGGER:
        s.sql = arena_printf(a, "DROP TRIGGER %s ON %s;", Q(ot->name), Q(ot->on));
        break;
    default:
        break; /* view indexes and comments are plan.c's own statements */
    }
    return s;
}
