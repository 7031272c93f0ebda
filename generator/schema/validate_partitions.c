/* validate_partitions: a partitioned table's key, the bounds of its
 * partitions against the method, and PostgreSQL's rule that every unique
 * key and unique index of a partitioned table includes the partition key.
 * Whether bounds overlap is left to the server. */
#include <string.h>

#include "buf.h"
#include "validate_internal.h"

static const char *key_list(checker *C, const ir_table *t)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < t->partition_key.n; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", t->partition_key.names[i]);
    const char *s = arena_strdup(C->a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

/* Does a unique key (or unique index) include every partition key column? */
static void check_covers_key(checker *C, const ir_table *t, ir_column *const *cols, size_t n,
                             src_pos pos, const char *what)
{
    if (!cols || !t->partition_cols)
        return;
    for (size_t i = 0; i < t->partition_key.n; i++) {
        bool found = false;
        for (size_t j = 0; j < n && !found; j++)
            found = cols[j] == t->partition_cols[i];
        if (!found) {
            diag_error(C->d, pos,
                       arena_printf(C->a, "add the partition key (%s) to it", key_list(C, t)),
                       "%s of partitioned table `%s` must include partition key column `%s`",
                       what, t->name, t->partition_cols[i]->name);
            return;
        }
    }
}

static bool check_values(checker *C, const ir_partition *p, const ir_bound_value *v, size_t n,
                         size_t want, const char *what, bool range)
{
    if (want && n != want) {
        diag_error(C->d, v[0].pos, "give one value per partition key column",
                   "`%s` of partition `%s` has %zu value%s; the partition key has %zu column%s",
                   what, p->name, n, n == 1 ? "" : "s", want, want == 1 ? "" : "s");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (range && v[i].kind == IR_BOUND_NULL) {
            diag_error(C->d, v[i].pos, "use minvalue or maxvalue, or a default partition",
                       "a range bound cannot be null");
            return false;
        }
        if (!range && (v[i].kind == IR_BOUND_MINVALUE || v[i].kind == IR_BOUND_MAXVALUE)) {
            diag_error(C->d, v[i].pos, "quote it for the text \"minvalue\"",
                       "minvalue and maxvalue bound only range partitions");
            return false;
        }
    }
    return true;
}

static void check_bound(checker *C, const ir_table *t, const ir_partition *p)
{
    ir_partition_method m = t->partition_method;
    bool range = p->nfrom || p->nto, list = p->nvalues > 0, hash = p->modulus || p->remainder;
    int kinds = range + list + hash + p->is_default;
    const char *want = m == IR_PARTITION_RANGE  ? "`from` and `to`"
                       : m == IR_PARTITION_LIST ? "`in`"
                                                : "`modulus` and `remainder`";
    const char *hint = m == IR_PARTITION_HASH
                           ? arena_printf(C->a, "give %s", want)
                           : arena_printf(C->a, "give %s, or `default: true`", want);
    if (kinds != 1 || (range && m != IR_PARTITION_RANGE) || (list && m != IR_PARTITION_LIST) ||
        (hash && m != IR_PARTITION_HASH) || (p->is_default && m == IR_PARTITION_HASH) ||
        (m == IR_PARTITION_HASH && !p->modulus)) {
        diag_error(C->d, p->bound_pos, hint,
                   "partition `%s` of %s-partitioned table `%s` needs %s%s", p->name,
                   ir_partition_method_names[m], t->name, want,
                   m == IR_PARTITION_HASH ? "" : " or `default: true`");
        return;
    }
    if (range) {
        if (!p->nfrom || !p->nto) {
            diag_error(C->d, p->bound_pos, "give both `from` and `to`",
                       "range partition `%s` needs both `from` and `to`", p->name);
            return;
        }
        if (check_values(C, p, p->from, p->nfrom, t->partition_key.n, "from", true))
            check_values(C, p, p->to, p->nto, t->partition_key.n, "to", true);
    } else if (list) {
        check_values(C, p, p->values, p->nvalues, 0, "in", false);
    } else if (hash && p->remainder >= p->modulus) {
        diag_error(C->d, p->bound_pos, "use a remainder from 0 to modulus - 1",
                   "partition `%s` has remainder %lld, not less than its modulus %lld", p->name,
                   p->remainder, p->modulus);
    }
}

void validate_partitions(checker *C, ir_table *t)
{
    if (!t->partition_method) {
        if (t->npartitions)
            diag_error(C->d, t->partitions[0]->pos, "add `partition_by: { range: [column] }`",
                       "table `%s` has partitions but no `partition_by`", t->name);
        return;
    }
    if (!resolve_columns(C, t, &t->partition_key, &t->partition_cols, "partition key"))
        return;
    if (t->partition_method == IR_PARTITION_LIST && t->partition_key.n > 1)
        diag_error(C->d, t->partition_key.pos[1], "partition by one column, or by range",
                   "list partitioning takes one key column");
    for (size_t i = 0; i < t->partition_key.n; i++)
        if (t->partition_cols[i]->generated)
            diag_error(C->d, t->partition_key.pos[i], NULL,
                       "partition key column `%s` cannot be a generated column",
                       t->partition_cols[i]->name);
    if (t->primary_key)
        check_covers_key(C, t, t->primary_key->cols, t->primary_key->columns.n,
                         t->primary_key->pos, "the primary key");
    for (size_t i = 0; i < t->nuniques; i++)
        check_covers_key(C, t, t->uniques[i]->cols, t->uniques[i]->columns.n, t->uniques[i]->pos,
                         "unique key");
    for (size_t i = 0; i < t->nindexes; i++)
        if (t->indexes[i]->unique)
            check_covers_key(C, t, t->indexes[i]->cols, t->indexes[i]->columns.n,
                             t->indexes[i]->pos, "unique index");
    for (size_t i = 0; i < t->nexclusions; i++)
        diag_error(C->d, t->exclusions[i]->pos, "put the constraint on a plain table",
                   "PostgreSQL 15 has no exclusion constraints on partitioned table `%s`",
                   t->name);
    const ir_partition *default_partition = NULL;
    for (size_t i = 0; i < t->npartitions; i++) {
        const ir_partition *p = t->partitions[i];
        if (check_identifier(C, p->name, p->pos, "partition"))
            claim_name(C, &C->relations, ir_qualified_name(C->a, t->namespace, p->name), p->pos,
                       "a partition", "rename one of them");
        check_bound(C, t, p);
        if (p->is_default && default_partition) {
            diag_error(C->d, p->pos, "keep one of them",
                       "table `%s` has a second default partition", t->name);
            diag_note(C->d, default_partition->pos, "the first default partition");
        } else if (p->is_default) {
            default_partition = p;
        }
    }
}
