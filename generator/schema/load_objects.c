/* load_objects: the `views`, `functions` and `triggers` sections of a file.
 * Their SQL is kept verbatim; only the shape of the YAML is checked here
 * (validate_objects.c checks names and references, the server the SQL). */
#include <string.h>

#include "ir_objects.h"
#include "load_internal.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* A required SQL text: a non-empty string. */
static const char *get_sql(loader *L, const ynode *n, const char *what, src_pos *pos)
{
    const char *text = get_string(L, n, what);
    *pos = pos_of(L, n);
    if (text && !text[strspn(text, " \t\r\n")]) {
        diag_error(L->d, *pos, NULL, "%s is empty", what);
        return NULL;
    }
    return text;
}

/* Reports a duplicate across files; true when `name` is new. */
static bool first_definition(loader *L, const char *what, const char *name, src_pos pos,
                             const src_pos *prev)
{
    if (!prev)
        return true;
    diag_error(L->d, pos, NULL, "duplicate %s `%s`", what, name);
    diag_note(L->d, *prev, "`%s` first defined here", name);
    return false;
}

static const char *const view_keys[] = {"comment", "materialized", "sql", "indexes"};

static void load_view(loader *L, const ynode *key, const ynode *val)
{
    ir_view *v = arena_alloc(&L->s->arena, sizeof *v);
    v->name = copy_text(L, key);
    v->pos = pos_of(L, key);
    const ir_view *prev = ir_find_view(L->s, v->name);
    if (!first_definition(L, "view", v->name, v->pos, prev ? &prev->pos : NULL) ||
        !expect(L, val, YNODE_MAP, arena_printf(L->tmp, "view `%s`", v->name)))
        return;
    v->index_holder = arena_alloc(&L->s->arena, sizeof *v->index_holder);
    v->index_holder->name = v->name;
    v->index_holder->pos = v->pos;
    bool ok = true;
    const ynode *indexes = NULL;
    for (size_t i = 0; i < val->n; i++) {
        const ynode *k = YNODE_KEY(val, i), *x = YNODE_VALUE(val, i);
        switch (key_index(L, k, view_keys, COUNT(view_keys), "a view")) {
        case 0:
            ok &= (v->comment = get_string(L, x, "`comment`")) != NULL;
            break;
        case 1:
            ok &= get_bool(L, x, "`materialized`", &v->materialized);
            break;
        case 2:
            ok &= (v->sql = get_sql(L, x, "`sql`", &v->sql_pos)) != NULL;
            break;
        case 3:
            indexes = k;
            load_indexes(L, v->index_holder, x);
            break;
        default:
            ok = false;
        }
    }
    if (indexes && !v->materialized) {
        diag_error(L->d, pos_of(L, indexes), "add `materialized: true`, or remove the indexes",
                   "view `%s` is not materialized; only a materialized view has indexes",
                   v->name);
        ok = false;
    }
    if (!v->sql && ok) {
        diag_error(L->d, v->pos, "add `sql: SELECT ...`", "view `%s` has no `sql`", v->name);
        ok = false;
    }
    if (ok)
        ir_schema_add_view(L->s, v);
}

static const char *const function_keys[] = {"comment",  "arguments",  "returns",
                                            "language", "volatility", "body"};

static void load_function(loader *L, const ynode *key, const ynode *val)
{
    ir_function *f = arena_alloc(&L->s->arena, sizeof *f);
    f->name = copy_text(L, key);
    f->pos = pos_of(L, key);
    f->arguments = "";
    const ir_function *prev = ir_find_function(L->s, f->name);
    if (!first_definition(L, "function", f->name, f->pos, prev ? &prev->pos : NULL) ||
        !expect(L, val, YNODE_MAP, arena_printf(L->tmp, "function `%s`", f->name)))
        return;
    bool ok = true;
    src_pos ignored;
    for (size_t i = 0; i < val->n; i++) {
        const ynode *k = YNODE_KEY(val, i), *x = YNODE_VALUE(val, i);
        switch (key_index(L, k, function_keys, COUNT(function_keys), "a function")) {
        case 0:
            ok &= (f->comment = get_string(L, x, "`comment`")) != NULL;
            break;
        case 1:
            ok &= (f->arguments = get_string(L, x, "`arguments`")) != NULL;
            break;
        case 2:
            ok &= (f->returns = get_sql(L, x, "`returns`", &ignored)) != NULL;
            break;
        case 3:
            ok &= (f->language = get_sql(L, x, "`language`", &ignored)) != NULL;
            break;
        case 4: {
            static const char *const words[] = {"volatile", "stable", "immutable"};
            int w = get_word(L, x, "`volatility`", words, COUNT(words));
            ok &= w >= 0;
            f->volatility = w == 2 ? IR_IMMUTABLE : w == 1 ? IR_STABLE : IR_VOLATILE;
            break;
        }
        case 5:
            ok &= (f->body = get_sql(L, x, "`body`", &f->body_pos)) != NULL;
            break;
        default:
            ok = false;
        }
    }
    static const struct {
        const char *key, *hint;
        size_t offset;
    } required[] = {
        {"returns", "add `returns: TYPE` (`trigger` for a trigger function)",
         offsetof(ir_function, returns)},
        {"language", "add `language: sql` or `language: plpgsql`",
         offsetof(ir_function, language)},
        {"body", "add `body: |` and the function's code", offsetof(ir_function, body)},
    };
    for (size_t i = 0; i < COUNT(required) && ok; i++) {
        const char *value;
        memcpy(&value, (const char *)f + required[i].offset, sizeof value);
        if (!value) {
            diag_error(L->d, f->pos, required[i].hint, "function `%s` has no `%s`", f->name,
                       required[i].key);
            ok = false;
        }
    }
    if (ok)
        ir_schema_add_function(L->s, f);
}

static const char *const trigger_keys[] = {"comment",  "table", "timing",  "events",
                                           "for_each", "when",  "function"};

static bool load_events(loader *L, ir_trigger *t, const ynode *n)
{
    static const char *const words[] = {"insert", "update", "delete", "truncate"};
    t->events_pos = pos_of(L, n);
    if (!expect(L, n, YNODE_SEQ, "`events`"))
        return false;
    if (n->n == 0) {
        diag_error(L->d, t->events_pos, "e.g. `events: [insert, update]`", "`events` is empty");
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n->n; i++) {
        int w = get_word(L, n->items[i], "an event", words, COUNT(words));
        if (w < 0) {
            ok = false;
        } else if (t->events & (1u << w)) {
            diag_error(L->d, pos_of(L, n->items[i]), NULL, "event `%s` is listed twice",
                       words[w]);
            ok = false;
        }
        t->events |= w >= 0 ? 1u << w : 0;
    }
    return ok;
}

static void load_trigger(loader *L, const ynode *key, const ynode *val)
{
    ir_trigger *t = arena_alloc(&L->s->arena, sizeof *t);
    t->name = copy_text(L, key);
    t->pos = pos_of(L, key);
    t->for_each_row = true;
    for (size_t i = 0; i < L->s->ntriggers; i++)
        if (!strcmp(L->s->triggers[i]->name, t->name) &&
            !first_definition(L, "trigger", t->name, t->pos, &L->s->triggers[i]->pos))
            return;
    if (!expect(L, val, YNODE_MAP, arena_printf(L->tmp, "trigger `%s`", t->name)))
        return;
    bool ok = true, timing = false;
    for (size_t i = 0; i < val->n; i++) {
        const ynode *k = YNODE_KEY(val, i), *x = YNODE_VALUE(val, i);
        switch (key_index(L, k, trigger_keys, COUNT(trigger_keys), "a trigger")) {
        case 0:
            ok &= (t->comment = get_string(L, x, "`comment`")) != NULL;
            break;
        case 1:
            ok &= (t->on = get_string(L, x, "`table`")) != NULL;
            t->on_pos = pos_of(L, x);
            break;
        case 2: {
            static const char *const words[] = {"before", "after", "instead_of"};
            int w = get_word(L, x, "`timing`", words, COUNT(words));
            ok &= timing = w >= 0;
            t->timing = (ir_trigger_timing)(w < 0 ? 0 : w);
            break;
        }
        case 3:
            ok &= load_events(L, t, x);
            break;
        case 4: {
            static const char *const words[] = {"row", "statement"};
            int w = get_word(L, x, "`for_each`", words, COUNT(words));
            ok &= w >= 0;
            t->for_each_row = w != 1;
            break;
        }
        case 5: {
            src_pos ignored;
            ok &= (t->when = get_sql(L, x, "`when`", &ignored)) != NULL;
            break;
        }
        case 6:
            ok &= (t->function = get_string(L, x, "`function`")) != NULL;
            t->function_pos = pos_of(L, x);
            break;
        default:
            ok = false;
        }
    }
    const char *missing = !t->on ? "table" : !timing ? "timing" : !t->events ? "events"
                          : !t->function ? "function" : NULL;
    if (ok && missing) {
        diag_error(L->d, t->pos, "a trigger needs `table`, `timing`, `events` and `function`",
                   "trigger `%s` has no `%s`", t->name, missing);
        ok = false;
    }
    if (ok)
        ir_schema_add_trigger(L->s, t);
}

void load_objects(loader *L, const char *section, const ynode *map)
{
    if (!expect(L, map, YNODE_MAP, arena_printf(L->tmp, "`%s`", section)))
        return;
    void (*load_one)(loader *, const ynode *, const ynode *) =
        !strcmp(section, "views") ? load_view
        : !strcmp(section, "functions") ? load_function
                                        : load_trigger;
    for (size_t i = 0; i < map->n; i++)
        load_one(L, YNODE_KEY(map, i), YNODE_VALUE(map, i));
}
