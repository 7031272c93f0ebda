/* load_partitions: a table's `partition_by` and `partitions`. Only the
 * shape of the YAML is checked here; validate_partitions.c checks the key
 * columns, the bounds against the method, and the keys of the table. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "load_internal.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* `partition_by: { range: [a, b] }` (or `range: a`). */
void load_partition_by(loader *L, ir_table *t, const ynode *n)
{
    t->partition_pos = pos_of(L, n);
    if (!expect(L, n, YNODE_MAP, "`partition_by`"))
        return;
    if (n->n != 1) {
        diag_error(L->d, t->partition_pos, "write `{ range: [column] }`, `list:` or `hash:`",
                   "`partition_by` must have exactly one method");
        return;
    }
    const ynode *k = YNODE_KEY(n, 0), *v = YNODE_VALUE(n, 0);
    int method = key_index(L, k, ir_partition_method_names + 1, 3, "`partition_by`");
    if (method < 0)
        return;
    t->partition_pos = pos_of(L, k);
    if (get_name_list(L, v, "the partition key", true, &t->partition_key))
        t->partition_method = (ir_partition_method)(method + 1);
}

/* One bound value: a scalar, `minvalue`/`maxvalue` (unquoted) or null. */
static bool load_bound_value(loader *L, ir_bound_value *out, const ynode *n)
{
    out->pos = pos_of(L, n);
    if (n->kind == YNODE_SCALAR && ynode_is_null(n)) {
        out->kind = IR_BOUND_NULL;
        return true;
    }
    if (!expect(L, n, YNODE_SCALAR, "a bound value"))
        return false;
    if (n->plain && !strcasecmp(n->text, "minvalue"))
        out->kind = IR_BOUND_MINVALUE;
    else if (n->plain && !strcasecmp(n->text, "maxvalue"))
        out->kind = IR_BOUND_MAXVALUE;
    else
        out->text = copy_text(L, n);
    return true;
}

/* A list of bound values, or one value alone. */
static bool load_bound_values(loader *L, ir_bound_value **out, size_t *nout, const ynode *n)
{
    size_t count = n->kind == YNODE_SEQ ? n->n : 1;
    if (!count) {
        diag_error(L->d, pos_of(L, n), NULL, "a bound needs at least one value");
        return false;
    }
    *out = arena_alloc(&L->s->arena, count * sizeof **out);
    *nout = count;
    bool ok = true;
    for (size_t i = 0; i < count; i++)
        ok &= load_bound_value(L, &(*out)[i], n->kind == YNODE_SEQ ? n->items[i] : n);
    return ok;
}

static bool get_count(loader *L, const ynode *n, const char *what, long long min, long long *out)
{
    const char *text = get_string(L, n, what);
    if (!text)
        return false;
    char *end;
    long long v = strtoll(text, &end, 10);
    if (!*text || *end || v < min || v > 2147483647) {
        diag_error(L->d, pos_of(L, n), NULL, "%s must be a whole number of at least %lld, not `%s`",
                   what, min, text);
        return false;
    }
    *out = v;
    return true;
}

static const char *const partition_keys[] = {"from", "to", "in", "modulus", "remainder",
                                             "default", "comment"};

static void load_partition(loader *L, ir_table *t, const ynode *key, const ynode *val)
{
    ir_partition *p = arena_alloc(&L->s->arena, sizeof *p);
    p->name = copy_text(L, key);
    p->pos = pos_of(L, key);
    if (!expect(L, val, YNODE_MAP, arena_printf(L->tmp, "partition `%s`", p->name)))
        return;
    bool ok = true, bound = false, nested = false;
    for (size_t i = 0; i < val->n; i++) {
        const ynode *k = YNODE_KEY(val, i), *v = YNODE_VALUE(val, i);
        if (!strcmp(k->text, "partition_by") || !strcmp(k->text, "partitions")) {
            /* Said plainly rather than as an unknown key (it is asked for),
             * once for the two keys. */
            if (!nested)
                diag_error(L->d, pos_of(L, k),
                           "partition the parent by one key, or keep the sub-partitioned "
                           "table out of the models",
                           "partition `%s` cannot be partitioned itself: partitions of "
                           "partitions (sub-partitioning) are not in the schema language",
                           p->name);
            nested = true;
            ok = false;
            continue;
        }
        int which = key_index(L, k, partition_keys, COUNT(partition_keys), "a partition");
        if (which >= 0 && which < 6 && !bound) {
            p->bound_pos = pos_of(L, k);
            bound = true;
        }
        switch (which) {
        case 0:
            ok &= load_bound_values(L, &p->from, &p->nfrom, v);
            break;
        case 1:
            ok &= load_bound_values(L, &p->to, &p->nto, v);
            break;
        case 2:
            ok &= load_bound_values(L, &p->values, &p->nvalues, v);
            break;
        case 3:
            ok &= get_count(L, v, "`modulus`", 1, &p->modulus);
            break;
        case 4:
            ok &= get_count(L, v, "`remainder`", 0, &p->remainder);
            break;
        case 5:
            ok &= get_bool(L, v, "`default`", &p->is_default);
            break;
        case 6:
            ok &= (p->comment = get_string(L, v, "`comment`")) != NULL;
            break;
        default:
            ok = false;
        }
    }
    if (ok && !bound) {
        diag_error(L->d, p->pos, "give `from` and `to`, `in`, `modulus` and `remainder`, or "
                   "`default: true`", "partition `%s` has no bound", p->name);
        ok = false;
    }
    if (ok)
        ir_table_add_partition(L->s, t, p);
}

/* `partitions`: a map from partition name to its bound. */
void load_partitions(loader *L, ir_table *t, const ynode *map)
{
    if (!expect(L, map, YNODE_MAP, "`partitions`"))
        return;
    for (size_t i = 0; i < map->n; i++)
        load_partition(L, t, YNODE_KEY(map, i), YNODE_VALUE(map, i));
}
