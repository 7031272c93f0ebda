/* ir_objects: the arrays and lookups of views, functions and triggers. */
#include "ir_objects.h"

#include <string.h>

/* The capacity arena_grow left for `n` items (powers of two from 8), so
 * the arrays need no capacity fields. */
static size_t cap_for(size_t n)
{
    size_t c = n ? 8 : 0;
    while (c < n)
        c *= 2;
    return c;
}

#define APPEND(s, array, count, item)                                          \
    do {                                                                       \
        size_t cap_ = cap_for(count);                                          \
        (array) = arena_grow(&(s)->arena, (array), sizeof *(array), &cap_, (count) + 1); \
        (array)[(count)++] = (item);                                           \
    } while (0)

void ir_schema_add_view(ir_schema *s, ir_view *v)
{
    v->index = s->nviews;
    APPEND(s, s->views, s->nviews, v);
}

void ir_schema_add_function(ir_schema *s, ir_function *f)
{
    APPEND(s, s->functions, s->nfunctions, f);
}

void ir_schema_add_trigger(ir_schema *s, ir_trigger *t) { APPEND(s, s->triggers, s->ntriggers, t); }

void ir_view_add_read(ir_schema *s, ir_view *v, ir_read r) { APPEND(s, v->reads, v->nreads, r); }

ir_view *ir_find_view(const ir_schema *s, const char *name)
{
    for (size_t i = 0; i < s->nviews; i++)
        if (!strcmp(s->views[i]->name, name))
            return s->views[i];
    return NULL;
}

ir_function *ir_find_function(const ir_schema *s, const char *name)
{
    for (size_t i = 0; i < s->nfunctions; i++)
        if (!strcmp(s->functions[i]->name, name))
            return s->functions[i];
    return NULL;
}

const char *ir_volatility_name(ir_volatility v)
{
    return v == IR_IMMUTABLE ? "immutable" : v == IR_STABLE ? "stable" : "volatile";
}

const char *ir_trigger_events_sql(arena *a, unsigned events)
{
    static const char *const names[] = {"INSERT", "UPDATE", "DELETE", "TRUNCATE"};
    const char *out = "";
    for (int i = 0; i < 4; i++)
        if (events & (1u << i))
            out = arena_printf(a, "%s%s%s", out, *out ? " OR " : "", names[i]);
    return out;
}
