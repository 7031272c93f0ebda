/* inspect_partitions: the partition key of each partitioned table inspect
 * read, and its partitions with their bounds, in one query; see inspect.h.
 * Bounds come as pg_get_expr prints them and are parsed back into values,
 * so `schemac sql` of the inspected YAML writes the same bounds. */
#include "inspect.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "strmap.h"

static const char partitions_sql[] =
    "SELECT 'key', p.partrelid::text, p.partstrat::text, a.attname::text, k.n::int, NULL, NULL "
    "FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "CROSS JOIN LATERAL unnest(p.partattrs::int2[]) WITH ORDINALITY k(att, n) "
    "LEFT JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = k.att AND k.att > 0 "
    "WHERE n.nspname = ANY (%1$s) "
    "UNION ALL SELECT 'partition', h.inhparent::text, c.relname::text, "
    "  pg_get_expr(c.relpartbound, c.oid), 0, c.relkind::text, "
    "  (SELECT d.description FROM pg_description d WHERE d.objoid = c.oid "
    "    AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0) "
    "FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = ANY (%1$s) AND c.relispartition "
    "ORDER BY 1, 2, 5, 3";

static const char *cell(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

/* One value at *p: 'quoted''text', a bare word or number; advances *p. */
static bool parse_value(arena *a, const char **p, ir_bound_value *out)
{
    const char *s = *p;
    if (*s == '\'') {
        buf b = BUF_INIT;
        for (s++;; s++) {
            if (!*s) {
                buf_free(&b);
                return false;
            }
            if (*s == '\'' && s[1] != '\'')
                break;
            if (*s == '\'')
                s++;
            buf_putc(&b, *s);
        }
        out->kind = IR_BOUND_VALUE;
        out->text = arena_strdup(a, buf_cstr(&b));
        buf_free(&b);
        *p = s + 1;
        return true;
    }
    size_t n = strcspn(s, ",)");
    while (n && s[n - 1] == ' ')
        n--;
    if (!n)
        return false;
    const char *word = arena_strndup(a, s, n);
    out->kind = !strcmp(word, "MINVALUE")   ? IR_BOUND_MINVALUE
                : !strcmp(word, "MAXVALUE") ? IR_BOUND_MAXVALUE
                : !strcmp(word, "NULL")     ? IR_BOUND_NULL
                                            : IR_BOUND_VALUE;
    out->text = out->kind == IR_BOUND_VALUE ? word : NULL;
    *p = s + n;
    return true;
}

/* "(v, v, ...)" at *p into a new array; advances *p. */
static bool parse_values(arena *a, const char **p, ir_bound_value **out, size_t *n)
{
    const char *s = *p;
    if (*s++ != '(')
        return false;
    size_t cap = 0;
    *n = 0;
    for (;;) {
        *out = arena_grow(a, *out, sizeof **out, &cap, *n + 1);
        if (!parse_value(a, &s, &(*out)[(*n)++]))
            return false;
        if (*s == ')')
            break;
        if (strncmp(s, ", ", 2) != 0)
            return false;
        s += 2;
    }
    *p = s + 1;
    return true;
}

/* pg_get_expr's bound: DEFAULT, FOR VALUES FROM (..) TO (..), IN (..),
 * WITH (modulus m, remainder r). */
static bool parse_bound(arena *a, const char *s, ir_partition *p)
{
    if (!strcmp(s, "DEFAULT")) {
        p->is_default = true;
        return true;
    }
    if (!strncmp(s, "FOR VALUES FROM ", 16)) {
        s += 16;
        if (!parse_values(a, &s, &p->from, &p->nfrom) || strncmp(s, " TO ", 4) != 0)
            return false;
        s += 4;
        return parse_values(a, &s, &p->to, &p->nto) && !*s;
    }
    if (!strncmp(s, "FOR VALUES IN ", 14)) {
        s += 14;
        return parse_values(a, &s, &p->values, &p->nvalues) && !*s;
    }
    int used = 0;
    return sscanf(s, "FOR VALUES WITH (modulus %lld, remainder %lld)%n", &p->modulus,
                  &p->remainder, &used) == 2 &&
           !s[used];
}

const char *inspect_partitions_sql(arena *a, const char *nsp_array)
{
    return arena_printf(a, partitions_sql, nsp_array);
}

int inspect_partitions(live_db *db, ir_schema *s, const char *nsp_array,
                       const strmap *table_oids, diag *d)
{
    arena *a = &s->arena;
    strmap tables; /* oid → ir_table */
    strmap_init(&tables, a);
    for (size_t i = 0; i < s->ntables; i++) {
        const char *oid = strmap_get(table_oids, s->tables[i]->qualified);
        if (oid)
            strmap_put(&tables, oid, s->tables[i]);
    }
    PGresult *r = live_query(db, inspect_partitions_sql(a, nsp_array), d);
    if (!r)
        return -1;
    src_pos at = {0};
    for (int i = 0; i < PQntuples(r); i++) {
        ir_table *t = strmap_get(&tables, cell(r, i, 1));
        if (!t)
            continue; /* a table inspect left out */
        if (!strcmp(cell(r, i, 0), "key")) {
            const char *column = cell(r, i, 3);
            if (!column) {
                diag_warning(d, at, NULL,
                             "table %s: an expression in the partition key is not in the schema "
                             "language; the YAML partitions by its columns only",
                             t->name);
                continue;
            }
            char strategy = cell(r, i, 2)[0];
            t->partition_method = strategy == 'r'   ? IR_PARTITION_RANGE
                                  : strategy == 'l' ? IR_PARTITION_LIST
                                                    : IR_PARTITION_HASH;
            ir_name_list *k = &t->partition_key;
            size_t cap = k->n;
            k->names = arena_grow(a, k->names, sizeof *k->names, &cap, k->n + 1);
            cap = k->n;
            k->pos = arena_grow(a, k->pos, sizeof *k->pos, &cap, k->n + 1);
            k->pos[k->n] = at;
            k->names[k->n++] = arena_strdup(a, column);
            continue;
        }
        ir_partition *p = arena_alloc(a, sizeof *p);
        p->name = arena_strdup(a, cell(r, i, 2));
        p->pos = p->bound_pos = at;
        p->comment = cell(r, i, 6) ? arena_strdup(a, cell(r, i, 6)) : NULL;
        if (cell(r, i, 5)[0] == 'p')
            diag_warning(d, at, NULL,
                         "partition %s of table %s: partitions of partitions are not in the "
                         "schema language; its own partitions are left out",
                         p->name, t->name);
        if (!parse_bound(a, cell(r, i, 3), p)) {
            diag_warning(d, at, NULL,
                         "partition %s of table %s: cannot read its bound %s; left out", p->name,
                         t->name, cell(r, i, 3));
            continue;
        }
        ir_table_add_partition(s, t, p);
    }
    PQclear(r);
    return 0;
}
