/* plan: turns diff changes into SQL. Statements are sorted by phase so
 * every one is valid where it stands:
 *   roles exist → drop policies → drop foreign keys → drop keys/indexes/checks
 *   → drop triggers → set aside dropped objects whose names are reused →
 *   detach partitions → namespaces → tables moved between them → renames →
 *   extensions → enums → domains → create
 *   tables → create and attach partitions → add columns →
 *   alter columns → add keys/checks → create indexes → add foreign keys →
 *   functions → views (with their indexes) → trigger function, triggers →
 *   grants, revokes, row-level security, policies → comments → drop columns
 *   → drop tables → drop domains → drop enums, trigger function → drop
 *   extensions → drop namespaces.
 * Statements that touch old names (drops before renames) use the old
 * schema's objects; everything after the renames uses the new ones.
 * With --concurrent-indexes, keys on existing tables are swapped instead:
 * each new key's index is built CONCURRENTLY under a temporary name after
 * the columns are altered, and only then, in one transaction, are the old
 * foreign keys and keys dropped, the new keys attached (which renames their
 * indexes) and the foreign keys added back NOT VALID; a failed build leaves
 * every old constraint in place. */
#include "plan.h"

#include "access.h"
#include "ir_objects.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
    PHASE_ROLES,         /* the roles grants name exist: fail before any change */
    PHASE_DROP_POLICY,   /* before the columns its expressions use change */
    PHASE_DROP_OBJECT, /* views, functions, triggers (diff_objects.c orders them) */
    PHASE_DROP_FK,
    PHASE_DROP_KEY,
    PHASE_DROP_TRIGGER,
    PHASE_DETACH_PARTITION, /* before a new partition takes over its range */
    PHASE_SET_ASIDE,     /* a dropped enum or table whose name a table or enum takes */
    PHASE_NAMESPACE,
    PHASE_SET_SCHEMA,    /* a table into its new namespace, under its old name */
    PHASE_RENAME_OBJECT, /* enums, tables, columns */
    PHASE_RENAME_DERIVED, /* constraints, indexes, sequences named after them */
    PHASE_EXTENSION,
    PHASE_ENUM,
    PHASE_DOMAIN,
    PHASE_CREATE_TABLE,
    PHASE_ATTACH_PARTITION, /* once the parent exists, before its keys and indexes */
    PHASE_ADD_COLUMN,
    PHASE_ALTER_COLUMN,
    PHASE_BUILD_KEY,     /* swap: CREATE UNIQUE INDEX CONCURRENTLY under a temporary name */
    PHASE_SWAP_DROP_FK,  /* swap: the drops of foreign keys and keys, after the builds */
    PHASE_SWAP_DROP_KEY,
    PHASE_ADD_KEY,
    PHASE_SWAP_ADD_FK,   /* swap: foreign keys added back NOT VALID, in the same transaction */
    PHASE_CREATE_INDEX,
    PHASE_ADD_FK,
    PHASE_FUNCTION,
    PHASE_VIEW,
    PHASE_TRIGGER_FUNCTION,
    PHASE_ADD_TRIGGER,
    PHASE_ACCESS,        /* grants, revokes, row-level security, policies */
    PHASE_COMMENT,
    PHASE_DROP_COLUMN,
    PHASE_DROP_TABLE,
    PHASE_DROP_DOMAIN,
    PHASE_DROP_TYPE,
    PHASE_DROP_EXTENSION,
    PHASE_DROP_NAMESPACE, /* once its tables are gone */
};

typedef struct planner {
    plan *p;
    const diff_result *diff;
    const plan_options *opts;
    arena *a;
    buf sql;
    /* Foreign keys written inside CREATE TABLE (their ADD_FK is skipped). */
    strmap inlined_fks;
    /* The enum whose added values are being placed (its additions are
     * consecutive changes): its old values, and by index of a new value the
     * index of the next value that exists already (nvalues: none). */
    const ir_enum *placing;
    strmap old_values;
    size_t *next_existing;
    /* Enum values added in this plan: "enum\x1fvalue" → index of the
     * ADD VALUE statement (a size_t). */
    strmap new_enum_values;
    /* Keys on existing tables are swapped (see the top of the file). */
    bool swap_keys;
    /* Tables (new names) that get an index in PHASE_CREATE_INDEX: a foreign
     * key to them may need it, so it is not added early. */
    strmap indexed_tables;
} planner;

#define Q(name) ir_quote_ident(P->a, (name))
/* A table, or a relation of its namespace (index, sequence, partition), as
 * SQL names it; a relation of no table (a view's index) is public's. */
#define QT(table) ir_table_sql(P->a, (table))
#define REL(table, name) ((table) ? ir_relation_sql(P->a, (table), (name)) : Q(name))
/* An enum or domain (or `name` in its namespace) as SQL names it. */
#define QN(object) ir_object_sql(P->a, (object)->namespace, (object)->name)
#define QN_AS(object, name) ir_object_sql(P->a, (object)->namespace, (name))

/* ---- hazards ---- */

static const struct {
    const char *name;
    const char *explanation;
    bool destructive;
} hazards[] = {
    [HAZARD_DROP_TABLE] = {"drop_table", "drops a table and every row in it", true},
    [HAZARD_DROP_COLUMN] = {"drop_column", "drops a column and its values in every row", true},
    [HAZARD_DROP_ENUM_VALUE] = {"drop_enum_value",
                                "removes enum values; rows holding them make the migration fail",
                                true},
    [HAZARD_NARROW_TYPE] = {"narrow_type",
                            "narrows a column's type or converts it across kinds; values that "
                            "do not fit fail, are rounded or lose their spelling",
                            true},
    [HAZARD_REVIVE_SOFT_DELETED] = {"revive_soft_deleted",
                                    "turns soft_delete off: the soft-deleted rows become live "
                                    "again for every reader",
                                    true},
    [HAZARD_TABLE_REWRITE] = {"table_rewrite",
                              "rewrites the whole table under an ACCESS EXCLUSIVE lock", false},
    [HAZARD_LOCKS_WRITES] = {"locks_writes",
                             "holds a lock that blocks reads and writes while it runs", false},
    [HAZARD_INDEX_BUILD] = {"index_build",
                            "builds an index on an existing table, blocking writes; consider "
                            "--concurrent-indexes (CREATE INDEX CONCURRENTLY outside the "
                            "transaction)",
                            false},
    [HAZARD_SET_NOT_NULL] = {"set_not_null",
                             "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock; "
                             "for big tables first add CHECK (col IS NOT NULL) NOT VALID, "
                             "VALIDATE it, then SET NOT NULL",
                             false},
    [HAZARD_NOT_NULL_NO_DEFAULT] = {"not_null_without_default",
                                    "adds a NOT NULL column without a default; fails if the "
                                    "table has rows",
                                    false},
    [HAZARD_UNIQUE_BUILD] = {"unique_build",
                             "builds a unique index on an existing table, blocking writes unless "
                             "concurrent; fails on duplicate values",
                             false},
    [HAZARD_EXCLUSION_BUILD] = {"exclusion_build",
                                "adds an exclusion constraint to an existing table: builds its "
                                "index under an ACCESS EXCLUSIVE lock; fails if existing rows "
                                "conflict",
                                false},
    [HAZARD_VALIDATE_CONSTRAINT] = {"validate_constraint",
                                    "validates a constraint against existing rows; fails if a "
                                    "row violates it",
                                    false},
    [HAZARD_ENUM_VALUE_IN_TRANSACTION] = {"enum_value_in_transaction",
                                          "uses an enum value added in the same transaction, "
                                          "which PostgreSQL refuses; split the migration",
                                          false},
    [HAZARD_REVOKE] = {"revoke",
                       "takes a privilege away: code running as the role that uses it fails",
                       false},
    [HAZARD_ENABLE_ROW_SECURITY] = {"enable_row_security",
                                    "turns on row-level security on an existing table: roles "
                                    "no policy admits see no rows from then on (the owner too "
                                    "with FORCE)",
                                    false},
    [HAZARD_MATERIALIZED_VIEW_FILL] = {"materialized_view_fill",
                                       "fills a materialized view by running its query now, "
                                       "holding an ACCESS EXCLUSIVE lock on it; a recreated "
                                       "one loses the contents of its last REFRESH",
                                       false},
    [HAZARD_DROP_PARTITION] = {"drop_partition",
                               "detaches a partition and drops it with every row in it", true},
    [HAZARD_ATTACH_PARTITION] = {"attach_partition",
                                 "adds a partition to an existing table: scans its rows (and "
                                 "the default partition's) against the bound, locking the "
                                 "parent against writes meanwhile",
                                 false},
    [HAZARD_DROP_NAMESPACE] = {"drop_namespace",
                               "drops a PostgreSQL schema the models no longer use; fails if "
                               "anything else is left in it",
                               false},
    [HAZARD_DROP_EXTENSION] = {"drop_extension",
                                "drops an extension; fails while objects outside the schema "
                                "use it, and other applications may rely on it",
                                false},
};

const char *plan_hazard_name(plan_hazard_code code) { return hazards[code].name; }
const char *plan_hazard_explanation(plan_hazard_code code) { return hazards[code].explanation; }
bool plan_hazard_is_destructive(plan_hazard_code code) { return hazards[code].destructive; }

/* ---- statements ---- */

static plan_stmt *emit(planner *P, int phase, const char *sql)
{
    plan *p = P->p;
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->stmts = realloc(p->stmts, p->cap * sizeof *p->stmts);
        if (!p->stmts)
            abort();
    }
    plan_stmt *s = &p->stmts[p->n++];
    memset(s, 0, sizeof *s);
    s->sql = arena_strdup(P->a, sql);
    s->transactional = true;
    s->phase = phase;
    s->seq = p->n - 1;
    return s;
}

/* Emits the statement built in P->sql and clears it. */
static plan_stmt *flush(planner *P, int phase)
{
    plan_stmt *s = emit(P, phase, buf_cstr(&P->sql));
    buf_clear(&P->sql);
    return s;
}

static void hazard(planner *P, plan_stmt *s, plan_hazard_code code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void hazard(planner *P, plan_stmt *s, plan_hazard_code code, const char *fmt, ...)
{
    buf m = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&m, fmt, ap);
    va_end(ap);
    plan_hazard *h = arena_alloc(P->a, (s->nhazards + 1) * sizeof *h);
    if (s->nhazards)
        memcpy(h, s->hazards, s->nhazards * sizeof *h);
    h[s->nhazards].code = code;
    h[s->nhazards].message = arena_strdup(P->a, buf_cstr(&m));
    s->hazards = h;
    s->nhazards++;
    buf_free(&m);
}

/* ---- SQL fragments ---- */

static void put_literal(buf *b, const char *text)
{
    buf_putc(b, '\'');
    for (const char *p = text; *p; p++) {
        if (*p == '\'')
            buf_putc(b, '\'');
        buf_putc(b, *p);
    }
    buf_putc(b, '\'');
}

static const char *literal(arena *a, const char *text)
{
    buf b = BUF_INIT;
    put_literal(&b, text);
    const char *s = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

const char *plan_default_sql(arena *a, const ir_type *type, const ir_default *def)
{
    if (def->kind == IR_DEFAULT_SQL)
        return def->text;
    if (type->kind == IR_DOMAIN && type->domain && !type->array_dims)
        return plan_default_sql(a, &type->domain->type, def);
    switch (type->array_dims ? IR_TEXT : type->kind) {
    case IR_SMALLINT:
    case IR_INTEGER:
    case IR_BIGINT:
    case IR_NUMERIC:
    case IR_REAL:
    case IR_DOUBLE:
        /* Numbers stand as they are; NaN and Infinity need quotes. */
        if (strpbrk(def->text, "0123456789") && !strpbrk(def->text, "aAiI"))
            return def->text;
        return literal(a, def->text);
    case IR_BOOLEAN:
        return def->text;
    default:
        return literal(a, def->text);
    }
}

/* The put_* helpers run for every column of every table: plain appends,
 * no printf. */
static void put_names(planner *P, const ir_name_list *names)
{
    for (size_t i = 0; i < names->n; i++) {
        if (i)
            buf_puts(&P->sql, ", ");
        buf_puts(&P->sql, Q(names->names[i]));
    }
}

static void put_cols(planner *P, ir_column *const *cols, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_puts(&P->sql, ", ");
        buf_puts(&P->sql, Q(cols[i]->name));
    }
}

static void put_collation(planner *P, const ir_column *c)
{
    if (c->collation) {
        buf_puts(&P->sql, " COLLATE ");
        buf_puts(&P->sql, Q(c->collation));
    }
}

/* An identity's options: in CREATE (" (START WITH 10 CACHE 5)", only those
 * given) or in ALTER COLUMN (" SET START WITH 10 ...", all of them, the
 * ones not given at PostgreSQL's defaults). */
static void put_sequence_options(planner *P, const ir_sequence_options *o, bool alter)
{
    static const char *const sql[] = {"START WITH", "INCREMENT BY", "MINVALUE", "MAXVALUE",
                                      "CACHE"};
    if (!alter && !o->set && !o->cycle)
        return;
    const char *sep = alter ? " SET " : " (";
    long long increment = o->set >> IR_SEQ_INCREMENT & 1 ? o->value[IR_SEQ_INCREMENT] : 1;
    for (int i = 0; i < IR_SEQ_COUNT; i++) {
        bool given = o->set >> i & 1;
        if (!given && !alter)
            continue;
        buf_puts(&P->sql, sep);
        sep = alter ? " SET " : " ";
        if (given)
            buf_printf(&P->sql, "%s %lld", sql[i], o->value[i]);
        else if (i == IR_SEQ_MIN || i == IR_SEQ_MAX)
            buf_printf(&P->sql, "NO %s", sql[i]);
        else if (i == IR_SEQ_START) /* the bound it counts away from */
            buf_printf(&P->sql, "START WITH %lld",
                       increment > 0 ? (o->set >> IR_SEQ_MIN & 1 ? o->value[IR_SEQ_MIN] : 1)
                                     : (o->set >> IR_SEQ_MAX & 1 ? o->value[IR_SEQ_MAX] : -1));
        else
            buf_printf(&P->sql, "%s 1", sql[i]);
    }
    if (o->cycle || alter) {
        buf_puts(&P->sql, sep);
        buf_puts(&P->sql, o->cycle ? "CYCLE" : "NO CYCLE");
    }
    if (!alter)
        buf_putc(&P->sql, ')');
}

static void put_column_definition(planner *P, const ir_column *c)
{
    buf_puts(&P->sql, Q(c->name));
    buf_putc(&P->sql, ' ');
    buf_puts(&P->sql, ir_type_sql(P->a, &c->type));
    put_collation(P, c);
    if (c->identity) {
        buf_puts(&P->sql, c->identity == IR_IDENTITY_ALWAYS ? " GENERATED ALWAYS AS IDENTITY"
                                                            : " GENERATED BY DEFAULT AS IDENTITY");
        put_sequence_options(P, &c->sequence, false);
    }
    if (c->generated) {
        buf_puts(&P->sql, " GENERATED ALWAYS AS (");
        buf_puts(&P->sql, c->generated);
        buf_puts(&P->sql, ") STORED");
    }
    if (!c->nullable)
        buf_puts(&P->sql, " NOT NULL");
    if (c->def.kind != IR_DEFAULT_NONE) {
        buf_puts(&P->sql, " DEFAULT ");
        buf_puts(&P->sql, plan_default_sql(P->a, &c->type, &c->def));
    }
}

static void put_fk_body(planner *P, const ir_fk *fk)
{
    buf_puts(&P->sql, "FOREIGN KEY (");
    put_cols(P, fk->cols, fk->columns.n);
    buf_printf(&P->sql, ") REFERENCES %s (", QT(fk->ref_table));
    put_cols(P, fk->ref_cols, fk->ref_columns.n);
    buf_putc(&P->sql, ')');
    if (fk->match_full)
        buf_puts(&P->sql, " MATCH FULL");
    if (fk->on_update)
        buf_printf(&P->sql, " ON UPDATE %s", ir_fk_action_sql(fk->on_update));
    if (fk->on_delete)
        buf_printf(&P->sql, " ON DELETE %s", ir_fk_action_sql(fk->on_delete));
    buf_puts(&P->sql, ir_deferrable_sql(fk->deferrable));
}

static const char *trigger_function(planner *P)
{
    const ir_schema *s = P->diff->to->name ? P->diff->to : P->diff->from;
    return Q(arena_printf(P->a, "%s_set_updated_at", s->name));
}

/* A map key for the foreign key itself: its address in hex (no printf:
 * this runs for every foreign key). */
static const char *fk_key(planner *P, const ir_fk *fk)
{
    char *key = arena_alloc(P->a, 2 * sizeof(uintptr_t) + 1);
    uintptr_t v = (uintptr_t)fk;
    for (size_t i = 0; i < 2 * sizeof v; i++, v >>= 4)
        key[i] = "0123456789abcdef"[v & 15];
    return key;
}

/* ---- enums ---- */

static void create_enum(planner *P, const ir_enum *e)
{
    buf_printf(&P->sql, "CREATE TYPE %s AS ENUM (", QN(e));
    for (size_t i = 0; i < e->nvalues; i++) {
        if (i)
            buf_puts(&P->sql, ", ");
        put_literal(&P->sql, e->values[i].name);
    }
    buf_puts(&P->sql, ");");
    flush(P, PHASE_ENUM);
}

/* A map of the values of `e` by name, in the plan's arena. */
static void map_values(planner *P, strmap *m, const ir_enum *e)
{
    strmap_init(m, P->a);
    strmap_reserve(m, e->nvalues);
    for (size_t i = 0; i < e->nvalues; i++)
        strmap_put(m, e->values[i].name, &e->values[i]);
}

static void add_enum_value(planner *P, const diff_change *c)
{
    const ir_enum *f = c->old_enum, *t = c->new_enum;
    const char *value = t->values[c->value_index].name;
    if (P->placing != t) {
        P->placing = t;
        map_values(P, &P->old_values, f);
        P->next_existing = arena_alloc(P->a, (t->nvalues + 1) * sizeof *P->next_existing);
        for (size_t i = t->nvalues, next = t->nvalues; i-- > 0;) {
            P->next_existing[i] = next;
            if (strmap_get(&P->old_values, t->values[i].name))
                next = i;
        }
    }
    buf_printf(&P->sql, "ALTER TYPE %s ADD VALUE ", QN(t));
    put_literal(&P->sql, value);
    /* Place it before the next value that already exists. Values are added
     * in order, so this one goes after every earlier addition. */
    size_t next = P->next_existing[c->value_index];
    if (next < t->nvalues) {
        buf_puts(&P->sql, " BEFORE ");
        put_literal(&P->sql, t->values[next].name);
    }
    buf_putc(&P->sql, ';');
    flush(P, PHASE_ENUM);
    size_t *at = arena_alloc(P->a, sizeof *at);
    *at = P->p->n - 1;
    strmap_put(&P->new_enum_values, arena_printf(P->a, "%s\x1f%s", t->qualified, value), at);
}

static void comment(planner *P, const char *what, const char *target, const char *text);

/* A temporary name for an object that a new one of the same name replaces.
 * Truncated like PostgreSQL's derived names but keeping the suffix: a
 * 63-byte name plus a plain suffix would truncate back to itself. */
static const char *aside_name(planner *P, const char *name)
{
    return ir_object_name(P->a, name, NULL, "_schemac_old");
}

/* Is the column of the new schema added (or given its type) by this plan,
 * rather than existing already? */
static bool made_by_plan(planner *P, const ir_table *t, const ir_column *col)
{
    for (size_t k = 0; k < P->diff->n; k++) {
        const diff_change *d = &P->diff->changes[k];
        if ((d->kind == DIFF_ADD_COLUMN && d->new_column == col) ||
            (d->kind == DIFF_CREATE_TABLE && d->new_table == t) ||
            (d->kind == DIFF_ALTER_TYPE && d->new_column == col))
            return true;
    }
    return false;
}

/* Values removed or reordered: build the new type beside the old one,
 * move every column over through text, drop the old type. */
static void rebuild_enum(planner *P, const diff_change *c)
{
    const ir_enum *f = c->old_enum, *t = c->new_enum;
    const char *old_name = aside_name(P, t->name);
    buf_printf(&P->sql, "ALTER TYPE %s RENAME TO %s;", QN(t), Q(old_name));
    plan_stmt *first = flush(P, PHASE_ENUM);
    buf b = BUF_INIT;
    strmap kept;
    map_values(P, &kept, t);
    for (size_t i = 0; i < f->nvalues; i++) {
        if (!strmap_get(&kept, f->values[i].name))
            buf_printf(&b, "%s%s", b.len ? ", " : "", f->values[i].name);
    }
    if (b.len)
        hazard(P, first, HAZARD_DROP_ENUM_VALUE, "removes %s from enum %s", buf_cstr(&b),
               t->name);
    hazard(P, first, HAZARD_TABLE_REWRITE, "rewrites every table with a column of enum %s",
           t->name);
    buf_free(&b);
    create_enum(P, t);
    /* Columns of the new schema whose type is this enum and that exist now
     * (not added by this plan). */
    const ir_schema *to = P->diff->to;
    for (size_t i = 0; i < to->ntables; i++) {
        const ir_table *tt = to->tables[i];
        for (size_t j = 0; j < tt->ncolumns; j++) {
            const ir_column *col = tt->columns[j];
            if (col->type.kind != IR_ENUM || col->type.enum_type != t ||
                made_by_plan(P, tt, col))
                continue;
            /* The old default (if any, perhaps one this plan removes) is
             * of the old type and cannot be cast: drop it always. */
            buf_printf(&P->sql, "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT, ", QT(tt),
                       Q(col->name));
            /* The column's type: an array of the enum stays one. */
            const char *type_sql = ir_type_sql(P->a, &col->type);
            buf_printf(&P->sql, "ALTER COLUMN %s TYPE %s USING %s::text::%s", Q(col->name),
                       type_sql, Q(col->name), type_sql);
            if (col->def.kind != IR_DEFAULT_NONE)
                buf_printf(&P->sql, ", ALTER COLUMN %s SET DEFAULT %s", Q(col->name),
                           plan_default_sql(P->a, &col->type, &col->def));
            buf_putc(&P->sql, ';');
            flush(P, PHASE_ENUM);
        }
    }
    /* A fresh type has no comment. */
    if (t->comment)
        comment(P, "TYPE", QN(t), t->comment);
    /* Last: columns this plan drops, or moves to another type later, still
     * use the old type until then. */
    buf_printf(&P->sql, "DROP TYPE %s;", QN_AS(t, old_name));
    flush(P, PHASE_DROP_TYPE);
}

/* ---- domains ---- */

static void put_domain_check(planner *P, const ir_check *c)
{
    buf_printf(&P->sql, " CONSTRAINT %s CHECK (%s)", Q(c->name), c->expr);
}

static void create_domain(planner *P, const ir_domain *d)
{
    buf_printf(&P->sql, "CREATE DOMAIN %s AS %s", QN(d), ir_type_sql(P->a, &d->type));
    if (d->def.kind != IR_DEFAULT_NONE)
        buf_printf(&P->sql, " DEFAULT %s", plan_default_sql(P->a, &d->type, &d->def));
    if (d->not_null)
        buf_puts(&P->sql, " NOT NULL");
    for (size_t i = 0; i < d->nchecks; i++)
        put_domain_check(P, d->checks[i]);
    buf_putc(&P->sql, ';');
    flush(P, PHASE_DOMAIN);
    if (d->comment)
        comment(P, "DOMAIN", QN(d), d->comment);
}

static const ir_check *find_check(const ir_domain *d, const char *name)
{
    for (size_t i = 0; i < d->nchecks; i++)
        if (!strcmp(d->checks[i]->name, name))
            return d->checks[i];
    return NULL;
}

/* Default, NOT NULL, checks and comment, each by its own ALTER DOMAIN. A
 * changed check is dropped and added again NOT VALID, then validated. The
 * drops come before a move or rename of the domain, under its old name. */
static void alter_domain(planner *P, const diff_change *c)
{
    const ir_domain *f = c->old_obj, *t = c->new_obj;
    const char *name = QN(t), *old_name = QN(f);
    const char *fd = f->def.kind ? plan_default_sql(P->a, &f->type, &f->def) : NULL;
    const char *td = t->def.kind ? plan_default_sql(P->a, &t->type, &t->def) : NULL;
    if (!fd != !td || (fd && strcmp(fd, td) != 0)) {
        if (td)
            buf_printf(&P->sql, "ALTER DOMAIN %s SET DEFAULT %s;", name, td);
        else
            buf_printf(&P->sql, "ALTER DOMAIN %s DROP DEFAULT;", name);
        flush(P, PHASE_DOMAIN);
    }
    for (size_t i = 0; i < f->nchecks; i++) {
        const ir_check *k = find_check(t, f->checks[i]->name);
        if (k && !strcmp(k->expr, f->checks[i]->expr))
            continue;
        buf_printf(&P->sql, "ALTER DOMAIN %s DROP CONSTRAINT %s;", old_name,
                   Q(f->checks[i]->name));
        flush(P, PHASE_DROP_KEY);
    }
    for (size_t i = 0; i < t->nchecks; i++) {
        const ir_check *k = find_check(f, t->checks[i]->name);
        if (k && !strcmp(k->expr, t->checks[i]->expr))
            continue;
        buf_printf(&P->sql, "ALTER DOMAIN %s ADD", name);
        put_domain_check(P, t->checks[i]);
        buf_puts(&P->sql, " NOT VALID;");
        flush(P, PHASE_ADD_KEY);
        buf_printf(&P->sql, "ALTER DOMAIN %s VALIDATE CONSTRAINT %s;", name,
                   Q(t->checks[i]->name));
        plan_stmt *s = flush(P, PHASE_ADD_KEY);
        hazard(P, s, HAZARD_VALIDATE_CONSTRAINT,
               "validates check %s of domain %s against every column of the domain",
               t->checks[i]->name, t->name);
    }
    if (f->not_null != t->not_null) {
        buf_printf(&P->sql, "ALTER DOMAIN %s %s NOT NULL;", name, t->not_null ? "SET" : "DROP");
        plan_stmt *s = flush(P, t->not_null ? PHASE_ADD_KEY : PHASE_DOMAIN);
        if (t->not_null)
            hazard(P, s, HAZARD_SET_NOT_NULL, "sets domain %s NOT NULL: scans every column of it",
                   t->name);
    }
    if ((f->comment || t->comment) &&
        (!f->comment || !t->comment || strcmp(f->comment, t->comment) != 0))
        comment(P, "DOMAIN", name, t->comment);
}

/* A new base type: the new domain is built beside the old one and every
 * existing column of it moves over through text, as for enums. */
static void rebuild_domain(planner *P, const diff_change *c)
{
    const ir_domain *t = c->new_obj;
    const char *old_name = aside_name(P, t->name);
    buf_printf(&P->sql, "ALTER DOMAIN %s RENAME TO %s;", QN(t), Q(old_name));
    plan_stmt *first = flush(P, PHASE_DOMAIN);
    hazard(P, first, HAZARD_TABLE_REWRITE, "rewrites every table with a column of domain %s",
           t->name);
    hazard(P, first, HAZARD_NARROW_TYPE,
           "changes the type of domain %s: values that do not convert fail", t->name);
    create_domain(P, t);
    const ir_schema *to = P->diff->to;
    for (size_t i = 0; i < to->ntables; i++) {
        const ir_table *tt = to->tables[i];
        for (size_t j = 0; j < tt->ncolumns; j++) {
            const ir_column *col = tt->columns[j];
            if (col->type.kind != IR_DOMAIN || col->type.domain != t || made_by_plan(P, tt, col))
                continue;
            const char *type_sql = ir_type_sql(P->a, &col->type);
            buf_printf(&P->sql, "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT, ", QT(tt),
                       Q(col->name));
            buf_printf(&P->sql, "ALTER COLUMN %s TYPE %s USING %s::text::%s", Q(col->name),
                       type_sql, Q(col->name), type_sql);
            if (col->def.kind != IR_DEFAULT_NONE)
                buf_printf(&P->sql, ", ALTER COLUMN %s SET DEFAULT %s", Q(col->name),
                           plan_default_sql(P->a, &col->type, &col->def));
            buf_putc(&P->sql, ';');
            flush(P, PHASE_DOMAIN);
        }
    }
    buf_printf(&P->sql, "DROP DOMAIN %s;", QN_AS(t, old_name));
    flush(P, PHASE_DROP_DOMAIN);
}

/* ---- tables ---- */

static void put_exclusion_body(planner *P, const ir_exclusion *x); /* keys, below */

static void create_table(planner *P, const ir_table *t, const bool *created)
{
    buf_printf(&P->sql, "CREATE TABLE %s (", QT(t));
    for (size_t i = 0; i < t->ncolumns; i++) {
        buf_puts(&P->sql, i ? ",\n    " : "\n    ");
        put_column_definition(P, t->columns[i]);
    }
    if (t->primary_key) {
        buf_printf(&P->sql, ",\n    CONSTRAINT %s PRIMARY KEY (", Q(t->primary_key->name));
        put_names(P, &t->primary_key->columns);
        buf_putc(&P->sql, ')');
    }
    for (size_t i = 0; i < t->nuniques; i++) {
        const ir_key *k = t->uniques[i];
        buf_printf(&P->sql, ",\n    CONSTRAINT %s UNIQUE %s(", Q(k->name),
                   k->nulls_not_distinct ? "NULLS NOT DISTINCT " : "");
        put_names(P, &k->columns);
        buf_putc(&P->sql, ')');
        buf_puts(&P->sql, ir_deferrable_sql(k->deferrable));
    }
    for (size_t i = 0; i < t->nchecks; i++)
        buf_printf(&P->sql, ",\n    CONSTRAINT %s CHECK (%s)", Q(t->checks[i]->name),
                   t->checks[i]->expr);
    for (size_t i = 0; i < t->nexclusions; i++) {
        buf_printf(&P->sql, ",\n    CONSTRAINT %s ", Q(t->exclusions[i]->name));
        put_exclusion_body(P, t->exclusions[i]);
    }
    /* Foreign keys to tables this plan has created by now go inline; the
     * rest (cycles, forward references) are added once every table exists.
     * So are those to tables that existed before: their key may be one this
     * plan adds (on a column it adds), which happens after CREATE TABLE. */
    for (size_t i = 0; i < t->nfks; i++) {
        const ir_fk *fk = t->fks[i];
        if (fk->ref_table != t && !created[fk->ref_table->index])
            continue;
        buf_printf(&P->sql, ",\n    CONSTRAINT %s ", Q(fk->name));
        put_fk_body(P, fk);
        strmap_put(&P->inlined_fks, fk_key(P, fk), (void *)fk);
    }
    buf_puts(&P->sql, "\n)");
    if (t->partition_method) {
        static const char *const methods[] = {"", "RANGE", "LIST", "HASH"};
        buf_printf(&P->sql, " PARTITION BY %s (", methods[t->partition_method]);
        put_names(P, &t->partition_key);
        buf_putc(&P->sql, ')');
    }
    buf_putc(&P->sql, ';');
    flush(P, PHASE_CREATE_TABLE);
}

/* ---- partitions ---- */

static void create_partition(planner *P, const diff_change *c)
{
    const ir_partition *p = c->new_obj;
    buf_printf(&P->sql, "CREATE TABLE %s PARTITION OF %s %s;", REL(c->new_table, p->name),
               QT(c->new_table),
               ir_partition_bound_sql(P->a, p));
    plan_stmt *s = flush(P, PHASE_ATTACH_PARTITION);
    if (c->old_table)
        hazard(P, s, HAZARD_ATTACH_PARTITION, "creates partition %s of existing table %s",
               p->name, c->new_table->name);
}

static void detach_partition(planner *P, const ir_table *parent, const ir_partition *p)
{
    buf_printf(&P->sql, "ALTER TABLE %s DETACH PARTITION %s;", QT(parent), REL(parent, p->name));
    flush(P, PHASE_DETACH_PARTITION);
}

static void drop_partition(planner *P, const diff_change *c)
{
    const ir_partition *p = c->old_obj;
    detach_partition(P, c->old_table, p);
    buf_printf(&P->sql, "DROP TABLE %s;", REL(c->old_table, p->name));
    plan_stmt *s = flush(P, PHASE_DROP_TABLE);
    hazard(P, s, HAZARD_DROP_PARTITION, "drops partition %s of table %s", p->name,
           c->old_table->name);
}

/* Detached early (old names), attached again once partitions are made. */
static void rebound_partition(planner *P, const diff_change *c)
{
    const ir_partition *p = c->new_obj;
    detach_partition(P, c->old_table, c->old_obj);
    buf_printf(&P->sql, "ALTER TABLE %s ATTACH PARTITION %s %s;", QT(c->new_table),
               REL(c->new_table, p->name), ir_partition_bound_sql(P->a, p));
    plan_stmt *s = flush(P, PHASE_ATTACH_PARTITION);
    hazard(P, s, HAZARD_ATTACH_PARTITION, "attaches partition %s of table %s with a new bound",
           p->name, c->new_table->name);
}

/* Creates new tables so that a table comes after the tables it references
 * where possible (a stable topological order; cycles keep source order). */
static void create_tables(planner *P)
{
    const diff_result *d = P->diff;
    const ir_schema *to = d->to;
    size_t n = to->ntables;
    bool *pending = calloc(n + 1, 1), *created = calloc(n + 1, 1);
    if (!pending || !created)
        abort();
    size_t left = 0;
    for (size_t k = 0; k < d->n; k++)
        if (d->changes[k].kind == DIFF_CREATE_TABLE) {
            pending[d->changes[k].new_table->index] = true;
            left++;
        }
    /* Tables that exist already are no reason to wait. */
    bool *existing = calloc(n + 1, 1);
    if (!existing)
        abort();
    for (size_t i = 0; i < n; i++)
        existing[i] = !pending[i];
    while (left) {
        bool progress = false;
        for (size_t i = 0; i < n; i++) {
            if (!pending[i])
                continue;
            const ir_table *t = to->tables[i];
            bool ready = true;
            for (size_t j = 0; j < t->nfks && ready; j++)
                ready = t->fks[j]->ref_table == t || existing[t->fks[j]->ref_table->index] ||
                        created[t->fks[j]->ref_table->index];
            if (!ready)
                continue;
            create_table(P, t, created);
            pending[i] = false;
            created[i] = true;
            left--;
            progress = true;
        }
        if (!progress) {
            /* A cycle: create the first pending table; its forward foreign
             * keys are added later. */
            for (size_t i = 0; i < n; i++)
                if (pending[i]) {
                    create_table(P, to->tables[i], created);
                    pending[i] = false;
                    created[i] = true;
                    left--;
                    break;
                }
        }
    }
    free(pending);
    free(created);
    free(existing);
}

/* ---- columns ---- */

static bool is_serial(ir_type_kind k) { return k == IR_SERIAL || k == IR_BIGSERIAL; }

/* Does PostgreSQL change the type without touching the rows? */
static bool binary_coercible(const ir_type *from, const ir_type *to)
{
    /* A domain is stored as its type (moving onto one checks its rules). */
    if (from->kind == IR_DOMAIN && from->domain && !from->array_dims)
        return binary_coercible(&from->domain->type, to);
    if (to->kind == IR_DOMAIN && to->domain && !to->array_dims)
        return binary_coercible(from, &to->domain->type);
    if (from->kind == to->kind && !ir_type_is_named(from->kind) && from->length == to->length &&
        from->precision == to->precision && from->scale == to->scale &&
        from->array_dims == to->array_dims && from->has_precision == to->has_precision &&
        from->fields == to->fields)
        return true;
    /* Arrays keep no dimensions in their type: text[] is text[][]. */
    if (from->array_dims || to->array_dims) {
        if (!from->array_dims || !to->array_dims)
            return false;
        ir_type fe = *from, te = *to;
        fe.array_dims = te.array_dims = 0;
        return (fe.kind == te.kind && fe.length == te.length && fe.precision == te.precision &&
                fe.scale == te.scale && fe.has_precision == te.has_precision &&
                fe.fields == te.fields && !ir_type_is_named(fe.kind)) ||
               binary_coercible(&fe, &te);
    }
    /* More fractional digits (or none: up to 6) keep every value. */
    if ((from->kind == IR_TIMESTAMP || from->kind == IR_TIMESTAMPTZ || from->kind == IR_TIME ||
         from->kind == IR_INTERVAL) &&
        to->kind == from->kind && to->fields == from->fields)
        return !to->has_precision || (from->has_precision && to->precision >= from->precision);
    if (from->kind == IR_VARBIT && to->kind == IR_VARBIT)
        return !to->length || (from->length && to->length >= from->length);
    if (from->kind == IR_CIDR && to->kind == IR_INET)
        return true;
    if ((from->kind == IR_VARCHAR || from->kind == IR_TEXT) &&
        (to->kind == IR_TEXT || (to->kind == IR_VARCHAR && to->length == 0)))
        return true;
    if (from->kind == IR_VARCHAR && to->kind == IR_VARCHAR)
        return from->length && to->length >= from->length;
    if (from->kind == IR_NUMERIC && to->kind == IR_NUMERIC)
        return to->precision == 0 ||
               (from->precision && to->precision >= from->precision && to->scale == from->scale);
    return false;
}

/* Network types convert into each other directly (macaddr8 → macaddr
 * only when the middle bytes are ff:fe, which its text cannot say). */
static bool has_direct_cast(ir_type_kind a, ir_type_kind b)
{
    return (a == IR_INET && b == IR_CIDR) || (a == IR_CIDR && b == IR_INET) ||
           (a == IR_MACADDR && b == IR_MACADDR8) || (a == IR_MACADDR8 && b == IR_MACADDR);
}

static bool is_string(ir_type_kind k)
{
    return k == IR_TEXT || k == IR_VARCHAR || k == IR_CHAR;
}

static int integer_rank(ir_type_kind k)
{
    switch (k) {
    case IR_SMALLINT:
        return 1;
    case IR_INTEGER:
    case IR_SERIAL:
        return 2;
    case IR_BIGINT:
    case IR_BIGSERIAL:
        return 3;
    default:
        return 0;
    }
}

static bool narrows(const ir_type *from, const ir_type *to)
{
    if (from->array_dims && !to->array_dims)
        return true; /* keeps the first element */
    if (!from->array_dims && to->array_dims)
        return false;
    if (to->kind == IR_DOMAIN && to->domain && (to->domain->nchecks || to->domain->not_null))
        return true;
    if (from->kind == to->kind &&
        (to->kind == IR_TIMESTAMP || to->kind == IR_TIMESTAMPTZ || to->kind == IR_TIME ||
         to->kind == IR_INTERVAL))
        return !binary_coercible(from, to);
    if (from->kind == to->kind && (to->kind == IR_BIT || to->kind == IR_VARBIT))
        return !binary_coercible(from, to);
    if (from->kind != to->kind && (from->kind >= IR_INET || to->kind >= IR_INET))
        return !(from->kind == IR_CIDR && to->kind == IR_INET) &&
               !(from->kind == IR_MACADDR && to->kind == IR_MACADDR8) &&
               !is_string(to->kind);
    int rf = integer_rank(from->kind), rt = integer_rank(to->kind);
    if (rf && rt)
        return rt < rf;
    if ((from->kind == IR_VARCHAR || from->kind == IR_TEXT || from->kind == IR_CHAR) &&
        (to->kind == IR_VARCHAR || to->kind == IR_CHAR) && to->length)
        return from->kind == IR_TEXT || !from->length || to->length < from->length;
    if (from->kind == IR_NUMERIC && to->kind == IR_NUMERIC)
        return to->precision &&
               (!from->precision || to->scale < from->scale ||
                to->precision - to->scale < from->precision - from->scale);
    if (from->kind == IR_DOUBLE && to->kind == IR_REAL)
        return true;
    /* timestamptz → timestamp keeps the wall-clock time in the session's
     * TimeZone: which instant a value meant is lost. */
    if (from->kind == IR_TIMESTAMPTZ && to->kind == IR_TIMESTAMP)
        return true;
    if (from->kind == IR_TIMESTAMPTZ || from->kind == IR_TIMESTAMP)
        return to->kind == IR_DATE || to->kind == IR_TIME;
    /* Across kinds: parsing text fails or normalises ('01' becomes 1),
     * another enum may lack a label, fractions round to integers, binary
     * floats and numerics do not hold each other's digits, big integers
     * do not fit a float's mantissa, jsonb drops duplicate keys. */
    if (is_string(from->kind))
        return !is_string(to->kind);
    if (from->kind == IR_ENUM && to->kind == IR_ENUM)
        return true;
    bool from_float = from->kind == IR_REAL || from->kind == IR_DOUBLE;
    if ((from_float || from->kind == IR_NUMERIC) && rt)
        return true;
    if ((from_float && to->kind == IR_NUMERIC && to->precision) ||
        (from->kind == IR_NUMERIC && (to->kind == IR_REAL || to->kind == IR_DOUBLE)))
        return true;
    if (rf && to->kind == IR_NUMERIC && to->precision) {
        static const int digits[] = {0, 5, 10, 19}; /* of smallint, integer, bigint */
        return to->precision - to->scale < digits[rf];
    }
    if (rf && to->kind == IR_REAL)
        return rf >= 2;
    if (rf && to->kind == IR_DOUBLE)
        return rf == 3;
    return from->kind == IR_JSON && to->kind == IR_JSONB;
}

/* The type PostgreSQL stores: serial is integer with a sequence default. */
static ir_type stored_type(const ir_type *t)
{
    ir_type s = *t;
    if (s.kind == IR_SERIAL)
        s.kind = IR_INTEGER;
    else if (s.kind == IR_BIGSERIAL)
        s.kind = IR_BIGINT;
    return s;
}

static bool same_stored_type(const ir_type *a, const ir_type *b)
{
    ir_type x = stored_type(a), y = stored_type(b);
    return x.kind == y.kind && !ir_type_is_named(x.kind) && x.length == y.length &&
           x.precision == y.precision && x.scale == y.scale && x.array_dims == y.array_dims &&
           x.has_precision == y.has_precision && x.fields == y.fields;
}

/* Renames the column's sequence out of the way so a new one can take its
 * name, and returns the temporary name. */
static const char *set_sequence_aside(planner *P, const ir_table *t, const char *seq)
{
    const char *aside = aside_name(P, seq);
    buf_printf(&P->sql, "ALTER SEQUENCE %s RENAME TO %s;", REL(t, seq), Q(aside));
    flush(P, PHASE_ALTER_COLUMN);
    return aside;
}

/* The new sequence continues where the old one stopped, so ids of deleted
 * rows are never handed out again. */
static void continue_sequence(planner *P, const ir_table *t, const char *seq, const char *old_seq)
{
    buf_printf(&P->sql, "SELECT setval(%s, last_value, is_called) FROM %s;",
               literal(P->a, REL(t, seq)), REL(t, old_seq));
    flush(P, PHASE_ALTER_COLUMN);
}

static void alter_type(planner *P, const diff_change *c)
{
    const ir_column *f = c->old_column, *t = c->new_column;
    const char *table = QT(c->new_table), *col = Q(t->name);
    ir_type target = stored_type(&t->type);
    const char *type_sql = ir_type_sql(P->a, &target);
    bool from_serial = is_serial(f->type.kind), to_serial = is_serial(t->type.kind);
    const char *seq = ir_object_name(P->a, c->new_table->name, t->name, "seq");
    /* serial ↔ integer of the same width changes only the default and the
     * sequence, not the column. */
    bool retype = !same_stored_type(&f->type, &t->type);
    /* A serial's default stays on a serial; any other default may not cast. */
    bool drop_default = f->def.kind != IR_DEFAULT_NONE || (from_serial && !to_serial);
    if (retype || drop_default) {
        buf_printf(&P->sql, "ALTER TABLE %s ", table);
        if (drop_default)
            buf_printf(&P->sql, "ALTER COLUMN %s DROP DEFAULT%s", col, retype ? ", " : "");
        if (retype) {
            buf_printf(&P->sql, "ALTER COLUMN %s TYPE %s", col, type_sql);
            put_collation(P, t);
        }
        /* Every type converts to a string type by an assignment cast, which
         * fails on a value too long; an explicit `USING col::varchar(n)`
         * would cut it silently. So no USING towards strings. */
        /* A generated column takes no USING: it is computed again. */
        bool assignment_cast = (is_string(t->type.kind) && !t->type.array_dims) || t->generated;
        /* bit(n) and varbit(n) too: an explicit cast would pad or cut. */
        assignment_cast |= f->type.kind == t->type.kind && !f->type.array_dims &&
                           !t->type.array_dims &&
                           (t->type.kind == IR_BIT || t->type.kind == IR_VARBIT);
        if (retype && !t->generated && !f->type.array_dims && t->type.array_dims) {
            buf_printf(&P->sql, " USING ");
            for (int i = 0; i < t->type.array_dims; i++)
                buf_puts(&P->sql, "ARRAY[");
            buf_printf(&P->sql, "%s::%s", col, ir_type_sql(P->a, &(ir_type){
                                                   .kind = target.kind,
                                                   .length = target.length,
                                                   .precision = target.precision,
                                                   .scale = target.scale,
                                                   .has_precision = target.has_precision,
                                                   .fields = target.fields,
                                                   .enum_name = target.enum_name,
                                                   .enum_type = target.enum_type,
                                                   .domain = target.domain}));
            for (int i = 0; i < t->type.array_dims; i++)
                buf_putc(&P->sql, ']');
        } else if (retype && !t->generated && f->type.array_dims && !t->type.array_dims) {
            buf_printf(&P->sql, " USING (%s", col);
            for (int i = 0; i < f->type.array_dims; i++)
                buf_puts(&P->sql, "[1]");
            buf_printf(&P->sql, ")::text::%s", type_sql);
        } else if (retype && !assignment_cast && !binary_coercible(&f->type, &t->type) &&
                   !has_direct_cast(f->type.kind, t->type.kind) &&
                   (ir_type_is_named(f->type.kind) || ir_type_is_named(t->type.kind) ||
                    (f->type.kind != t->type.kind &&
                     (f->type.kind >= IR_INET || t->type.kind >= IR_INET))))
            buf_printf(&P->sql, " USING %s::text::%s", col, type_sql);
        else if (retype && !assignment_cast && !binary_coercible(&f->type, &t->type))
            buf_printf(&P->sql, " USING %s::%s", col, type_sql);
        if (t->def.kind != IR_DEFAULT_NONE)
            buf_printf(&P->sql, ", ALTER COLUMN %s SET DEFAULT %s", col,
                       plan_default_sql(P->a, &t->type, &t->def));
        buf_putc(&P->sql, ';');
        plan_stmt *s = flush(P, PHASE_ALTER_COLUMN);
        ir_type from = stored_type(&f->type);
        if (retype && !binary_coercible(&from, &target))
            hazard(P, s, HAZARD_TABLE_REWRITE, "rewrites table %s to change %s.%s to %s",
                   c->new_table->name, c->new_table->name, t->name,
                   ir_type_string(P->a, &t->type));
        if (retype && narrows(&f->type, &t->type))
            hazard(P, s, HAZARD_NARROW_TYPE, "narrows %s.%s from %s to %s%s", c->new_table->name,
                   t->name, ir_type_string(P->a, &f->type), ir_type_string(P->a, &t->type),
                   f->type.kind == IR_TIMESTAMPTZ && t->type.kind == IR_TIMESTAMP
                       ? " (values become wall-clock times of the session's TimeZone)"
                       : "");
    }
    if (from_serial && to_serial) {
        buf_printf(&P->sql, "ALTER SEQUENCE %s AS %s;", REL(c->new_table, seq), type_sql);
        flush(P, PHASE_ALTER_COLUMN);
    } else if (from_serial && t->identity) {
        /* The identity's sequence takes the serial's name and position. */
        const char *aside = set_sequence_aside(P, c->new_table, seq);
        buf_printf(&P->sql, "ALTER TABLE %s ALTER COLUMN %s ADD GENERATED %s AS IDENTITY", table,
                   col, t->identity == IR_IDENTITY_ALWAYS ? "ALWAYS" : "BY DEFAULT");
        put_sequence_options(P, &t->sequence, false);
        buf_putc(&P->sql, ';');
        flush(P, PHASE_ALTER_COLUMN);
        continue_sequence(P, c->new_table, seq, aside);
        buf_printf(&P->sql, "DROP SEQUENCE %s;", REL(c->new_table, aside));
        flush(P, PHASE_ALTER_COLUMN);
    } else if (f->identity && to_serial) {
        /* Likewise the other way; DROP IDENTITY drops the identity's own
         * sequence, found by dependency, not name. */
        const char *aside = set_sequence_aside(P, c->new_table, seq);
        buf_printf(&P->sql, "CREATE SEQUENCE %s AS %s OWNED BY %s.%s;", REL(c->new_table, seq),
                   type_sql, table, col);
        flush(P, PHASE_ALTER_COLUMN);
        continue_sequence(P, c->new_table, seq, aside);
        buf_printf(&P->sql,
                   "ALTER TABLE %s ALTER COLUMN %s DROP IDENTITY, ALTER COLUMN %s SET DEFAULT "
                   "nextval(%s::regclass);",
                   table, col, col, literal(P->a, REL(c->new_table, seq)));
        flush(P, PHASE_ALTER_COLUMN);
    } else if (from_serial) {
        /* The column stops being serial: its sequence goes. */
        buf_printf(&P->sql, "DROP SEQUENCE %s;", REL(c->new_table, seq));
        flush(P, PHASE_ALTER_COLUMN);
    } else if (to_serial) {
        buf_printf(&P->sql, "CREATE SEQUENCE %s AS %s OWNED BY %s.%s;", REL(c->new_table, seq),
                   type_sql, table, col);
        flush(P, PHASE_ALTER_COLUMN);
        buf_printf(&P->sql, "SELECT setval(%s, coalesce(max(%s), 0) + 1, false) FROM %s;",
                   literal(P->a, REL(c->new_table, seq)), col, table);
        flush(P, PHASE_ALTER_COLUMN);
        buf_printf(&P->sql, "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT nextval(%s::regclass);",
                   table, col, literal(P->a, REL(c->new_table, seq)));
        flush(P, PHASE_ALTER_COLUMN);
    }
}

static void alter_identity(planner *P, const diff_change *c)
{
    const ir_column *f = c->old_column, *t = c->new_column;
    /* serial ↔ identity is one move, made by alter_type. */
    if (is_serial(f->type.kind) || is_serial(t->type.kind))
        return;
    buf_printf(&P->sql, "ALTER TABLE %s ALTER COLUMN %s ", QT(c->new_table), Q(t->name));
    if (!t->identity)
        buf_puts(&P->sql, "DROP IDENTITY;");
    else if (!f->identity) {
        buf_printf(&P->sql, "ADD GENERATED %s AS IDENTITY",
                   t->identity == IR_IDENTITY_ALWAYS ? "ALWAYS" : "BY DEFAULT");
        put_sequence_options(P, &t->sequence, false);
        buf_putc(&P->sql, ';');
    } else {
        buf_printf(&P->sql, "SET GENERATED %s",
                   t->identity == IR_IDENTITY_ALWAYS ? "ALWAYS" : "BY DEFAULT");
        put_sequence_options(P, &t->sequence, true);
        buf_putc(&P->sql, ';');
    }
    flush(P, PHASE_ALTER_COLUMN);
    if (t->identity && !f->identity) {
        /* Start after the values the column holds already. */
        buf_printf(&P->sql,
                   "SELECT setval(pg_get_serial_sequence(%s, %s), coalesce(max(%s), 0) + 1, "
                   "false) FROM %s;",
                   literal(P->a, QT(c->new_table)), literal(P->a, t->name), Q(t->name),
                   QT(c->new_table));
        flush(P, PHASE_ALTER_COLUMN);
    }
}

static void add_column(planner *P, const diff_change *c)
{
    const ir_column *col = c->new_column;
    buf_printf(&P->sql, "ALTER TABLE %s ADD COLUMN ", QT(c->new_table));
    put_column_definition(P, col);
    buf_putc(&P->sql, ';');
    plan_stmt *s = flush(P, PHASE_ADD_COLUMN);
    if (!col->nullable && col->def.kind == IR_DEFAULT_NONE && !col->identity &&
        !is_serial(col->type.kind))
        hazard(P, s, HAZARD_NOT_NULL_NO_DEFAULT, "adds NOT NULL column %s.%s without a default",
               c->new_table->name, col->name);
    if (col->identity || is_serial(col->type.kind))
        hazard(P, s, HAZARD_TABLE_REWRITE, "rewrites table %s to number the rows of %s",
               c->new_table->name, col->name);
    /* Volatile functions by name (gen_random_uuid and random, the
     * uuid-ossp uuid_generate_*, ...); a uuid literal is constant. */
    if (col->def.kind == IR_DEFAULT_SQL &&
        (strstr(col->def.text, "random") || strstr(col->def.text, "uuid_generate") ||
         strstr(col->def.text, "clock_timestamp") || strstr(col->def.text, "nextval")))
        hazard(P, s, HAZARD_TABLE_REWRITE,
               "rewrites table %s: a volatile default is computed for every row",
               c->new_table->name);
}

/* ---- keys, checks, indexes, foreign keys ---- */

/* The temporary name a swapped key's index is built under: NAME_swap,
 * NAME cut (at a character boundary) to fit PostgreSQL's 63 bytes. */
static const char *swap_index_name(planner *P, const char *name)
{
    size_t n = strlen(name);
    if (n > 58) {
        n = 58;
        while (n && ((unsigned char)name[n] & 0xC0) == 0x80)
            n--;
    }
    return arena_printf(P->a, "%.*s_swap", (int)n, name);
}

/* Keys are swapped with --concurrent-indexes unless the revision also
 * renames, retypes, or makes nullable: those statements run before the
 * builds and may need the old keys and foreign keys gone first (a column
 * of a primary key cannot drop NOT NULL), so such a revision keeps the
 * plain order. */
static bool can_swap_keys(const planner *P)
{
    if (!P->opts->concurrent_indexes)
        return false;
    for (size_t i = 0; i < P->diff->n; i++) {
        const diff_change *c = &P->diff->changes[i];
        switch (c->kind) {
        case DIFF_SET_SCHEMA:
        case DIFF_SET_DOMAIN_SCHEMA:
        case DIFF_RENAME_DOMAIN:
        case DIFF_RENAME_TABLE:
        case DIFF_RENAME_COLUMN:
        case DIFF_RENAME_ENUM:
        case DIFF_RENAME_CONSTRAINT:
        case DIFF_RENAME_INDEX:
        case DIFF_RENAME_SEQUENCE:
        case DIFF_ALTER_TYPE:
        case DIFF_REBUILD_ENUM:
            return false;
        case DIFF_ALTER_NULLABLE:
            if (c->new_column->nullable)
                return false;
            break;
        default:
            break;
        }
    }
    return true;
}

static void add_key(planner *P, const diff_change *c, bool primary)
{
    const ir_key *k = c->new_obj;
    const char *table = QT(c->new_table);
    if (c->new_table->partition_method) {
        /* PostgreSQL attaches no index to a partitioned table's constraint
         * (USING INDEX) and builds none there concurrently. */
        buf_printf(&P->sql, "ALTER TABLE %s ADD CONSTRAINT %s %s %s(", table, Q(k->name),
                   primary ? "PRIMARY KEY" : "UNIQUE",
                   k->nulls_not_distinct ? "NULLS NOT DISTINCT " : "");
        put_names(P, &k->columns);
        buf_printf(&P->sql, ")%s;", ir_deferrable_sql(k->deferrable));
        plan_stmt *s = flush(P, PHASE_ADD_KEY);
        hazard(P, s, HAZARD_UNIQUE_BUILD, "builds unique index %s on table %s", k->name,
               c->new_table->name);
        return;
    }
    bool concurrent = P->opts->concurrent_indexes;
    /* On an existing table: build the index first, then attach it, so the
     * constraint itself is instant. That is also what lets the build be
     * concurrent; swapped, it is built under another name, so that the old
     * key of that name stays until the new index is valid. */
    const char *index = P->swap_keys ? swap_index_name(P, k->name) : k->name;
    buf_printf(&P->sql, "CREATE UNIQUE INDEX %s%s ON %s (", concurrent ? "CONCURRENTLY " : "",
               Q(index), table);
    put_names(P, &k->columns);
    buf_puts(&P->sql, k->nulls_not_distinct ? ") NULLS NOT DISTINCT;" : ");");
    plan_stmt *s = flush(P, P->swap_keys ? PHASE_BUILD_KEY : PHASE_ADD_KEY);
    s->transactional = !concurrent;
    hazard(P, s, HAZARD_UNIQUE_BUILD, "builds unique index %s on table %s", k->name,
           c->new_table->name);
    buf_printf(&P->sql, "ALTER TABLE %s ADD CONSTRAINT %s %s USING INDEX %s%s;", table,
               Q(k->name), primary ? "PRIMARY KEY" : "UNIQUE", Q(index),
               ir_deferrable_sql(k->deferrable));
    flush(P, PHASE_ADD_KEY);
}

static void add_check(planner *P, const diff_change *c)
{
    const ir_check *k = c->new_obj;
    buf_printf(&P->sql, "ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s) NOT VALID;",
               QT(c->new_table), Q(k->name), k->expr);
    flush(P, PHASE_ADD_KEY);
    buf_printf(&P->sql, "ALTER TABLE %s VALIDATE CONSTRAINT %s;", QT(c->new_table),
               Q(k->name));
    plan_stmt *s = flush(P, PHASE_ADD_KEY);
    hazard(P, s, HAZARD_VALIDATE_CONSTRAINT, "validates check %s on table %s", k->name,
           c->new_table->name);
}

static void add_fk(planner *P, const diff_change *c)
{
    const ir_fk *fk = c->new_obj;
    if (strmap_get(&P->inlined_fks, fk_key(P, fk)))
        return;
    /* PostgreSQL 15 has no NOT VALID foreign keys on partitioned tables:
     * theirs are checked as they are added. */
    bool existing = c->old_table != NULL && !c->new_table->partition_method;
    buf_printf(&P->sql, "ALTER TABLE %s ADD CONSTRAINT %s ", QT(c->new_table), Q(fk->name));
    put_fk_body(P, fk);
    buf_puts(&P->sql, existing ? " NOT VALID;" : ";");
    bool early = existing && P->swap_keys && !strmap_get(&P->indexed_tables, fk->ref_table_name);
    plan_stmt *added = flush(P, early ? PHASE_SWAP_ADD_FK : PHASE_ADD_FK);
    if (c->old_table && !existing)
        hazard(P, added, HAZARD_VALIDATE_CONSTRAINT,
               "checks foreign key %s against every row of partitioned table %s while adding it",
               fk->name, c->new_table->name);
    if (!existing)
        return;
    /* NOT VALID then VALIDATE: the check of existing rows takes only a
     * SHARE UPDATE EXCLUSIVE lock, so writes go on meanwhile. */
    buf_printf(&P->sql, "ALTER TABLE %s VALIDATE CONSTRAINT %s;", QT(c->new_table),
               Q(fk->name));
    plan_stmt *s = flush(P, PHASE_ADD_FK);
    hazard(P, s, HAZARD_VALIDATE_CONSTRAINT, "validates foreign key %s on table %s", fk->name,
           c->new_table->name);
}

/* An index's elements: `col`, `(expression)`, each with its collation,
 * operator class, order and nulls placement, in PostgreSQL's order; an
 * exclusion constraint's also with `WITH operator`. */
static void put_index_elems(planner *P, const ir_index *ix, const char *const *operators)
{
    for (size_t i = 0; i < ix->columns.n; i++) {
        const ir_index_elem *e = ir_index_elem_at(ix, i);
        if (i)
            buf_puts(&P->sql, ", ");
        if (e->expression)
            buf_printf(&P->sql, "(%s)", e->expression);
        else
            buf_puts(&P->sql, Q(ix->columns.names[i]));
        if (e->collation)
            buf_printf(&P->sql, " COLLATE %s", Q(e->collation));
        if (e->opclass)
            buf_printf(&P->sql, " %s", e->opclass);
        if (e->desc)
            buf_puts(&P->sql, " DESC");
        if (e->nulls)
            buf_puts(&P->sql, e->nulls == IR_NULLS_FIRST ? " NULLS FIRST" : " NULLS LAST");
        if (operators)
            buf_printf(&P->sql, " WITH %s", operators[i]);
    }
}

/* EXCLUDE USING method (elements) [WHERE (predicate)] [DEFERRABLE ...] */
static void put_exclusion_body(planner *P, const ir_exclusion *x)
{
    buf_printf(&P->sql, "EXCLUDE USING %s (", x->index.method);
    put_index_elems(P, &x->index, x->operators);
    buf_putc(&P->sql, ')');
    if (x->index.where)
        buf_printf(&P->sql, " WHERE (%s)", x->index.where);
    buf_puts(&P->sql, ir_deferrable_sql(x->deferrable));
}

static void add_exclusion(planner *P, const diff_change *c)
{
    const ir_exclusion *x = c->new_obj;
    buf_printf(&P->sql, "ALTER TABLE %s ADD CONSTRAINT %s ", QT(c->new_table), Q(x->name));
    put_exclusion_body(P, x);
    buf_putc(&P->sql, ';');
    plan_stmt *s = flush(P, PHASE_ADD_KEY);
    hazard(P, s, HAZARD_EXCLUSION_BUILD, "adds exclusion constraint %s on table %s", x->name,
           c->new_table->name);
}

static void create_index(planner *P, const diff_change *c)
{
    const ir_index *ix = c->new_obj;
    bool existing = c->old_table != NULL;
    bool concurrent = existing && P->opts->concurrent_indexes && !c->new_table->partition_method;
    buf_printf(&P->sql, "CREATE %sINDEX %s%s ON %s", ix->unique ? "UNIQUE " : "",
               concurrent ? "CONCURRENTLY " : "", Q(ix->name), QT(c->new_table));
    if (strcmp(ix->method, "btree") != 0)
        buf_printf(&P->sql, " USING %s", ix->method);
    buf_puts(&P->sql, " (");
    put_index_elems(P, ix, NULL);
    buf_putc(&P->sql, ')');
    if (ix->include.n) {
        buf_puts(&P->sql, " INCLUDE (");
        put_names(P, &ix->include);
        buf_putc(&P->sql, ')');
    }
    if (ix->nulls_not_distinct)
        buf_puts(&P->sql, " NULLS NOT DISTINCT");
    if (ix->where)
        buf_printf(&P->sql, " WHERE %s", ix->where);
    buf_putc(&P->sql, ';');
    plan_stmt *s = flush(P, PHASE_CREATE_INDEX);
    s->transactional = !concurrent;
    if (existing && ix->unique)
        hazard(P, s, HAZARD_UNIQUE_BUILD, "builds unique index %s on table %s", ix->name,
               c->new_table->name);
    else if (existing && !concurrent)
        hazard(P, s, HAZARD_INDEX_BUILD, "builds index %s on existing table %s", ix->name,
               c->new_table->name);
}

/* ---- soft delete ---- */

/* soft_delete goes: the rows it hid come back. Just before deleted_at is
 * dropped, the migration tells whoever runs it how many (the runner and
 * psql print the notice). */
static void revive_soft_deleted(planner *P, const diff_change *c)
{
    const char *table = c->new_table->name;
    buf message = BUF_INIT;
    buf_puts(&message, "% soft-deleted rows of ");
    for (const char *p = table; *p; p++) {
        if (*p == '%') /* a % of the name is no placeholder */
            buf_putc(&message, '%');
        buf_putc(&message, *p);
    }
    buf_puts(&message, " become live again");
    buf_puts(&P->sql, "DO $schemac$ BEGIN RAISE NOTICE ");
    put_literal(&P->sql, buf_cstr(&message));
    buf_printf(&P->sql, ", (SELECT count(*) FROM %s WHERE %s IS NOT NULL); END $schemac$;",
               Q(table), Q(c->old_column->name));
    buf_free(&message);
    plan_stmt *s = flush(P, PHASE_DROP_COLUMN);
    hazard(P, s, HAZARD_REVIVE_SOFT_DELETED,
           "soft-deleted rows of %s become live again (the migration reports how many)", table);
}

/* ---- comments ---- */

static void comment(planner *P, const char *what, const char *target, const char *text)
{
    buf_printf(&P->sql, "COMMENT ON %s %s IS ", what, target);
    if (text)
        put_literal(&P->sql, text);
    else
        buf_puts(&P->sql, "NULL");
    buf_putc(&P->sql, ';');
    flush(P, PHASE_COMMENT);
}

/* ---- views, functions, triggers ---- */

static void object_change(planner *P, const diff_change *c)
{
    static const int phases[] = {[PLAN_OBJECT_DROP] = PHASE_DROP_OBJECT,
                                 [PLAN_OBJECT_FUNCTION] = PHASE_FUNCTION,
                                 [PLAN_OBJECT_VIEW] = PHASE_VIEW,
                                 [PLAN_OBJECT_TRIGGER] = PHASE_ADD_TRIGGER};
    if (c->kind == DIFF_OBJECT_COMMENT) {
        comment(P, c->old_name, c->new_name, c->new_obj);
        return;
    }
    if (c->kind == DIFF_CREATE_VIEW_INDEX) {
        /* As a table's new index, after its view is created. */
        const ir_index *ix = c->new_obj;
        ir_table holder = {.name = c->new_name};
        create_index(P, &(diff_change){.kind = DIFF_CREATE_INDEX, .new_table = &holder,
                                       .new_obj = ix});
        P->p->stmts[P->p->n - 1].phase = PHASE_VIEW;
        return;
    }
    plan_object_stmt o = plan_object_change(P->a, c);
    plan_stmt *s = emit(P, phases[o.when], o.sql);
    const ir_view *v = c->new_obj;
    const ir_schema *from = P->diff->from;
    if (c->kind == DIFF_CREATE_VIEW && v->materialized && (from->ntables || from->nviews))
        hazard(P, s, HAZARD_MATERIALIZED_VIEW_FILL, "fills materialized view %s%s", v->name,
               ir_find_view(from, v->name) ? " again (recreated)" : "");
}

/* ALTER TYPE ... SET SCHEMA moves an enum, its columns keeping their
 * values. ALTER TABLE ... SET SCHEMA keeps the rows, and takes the table's
 * indexes, constraints and owned sequences along; its partitions are
 * tables of their own and move one by one (those the new version keeps;
 * the others are dropped where they are). */
static void set_schema(planner *P, const diff_change *c)
{
    if (c->old_enum) {
        buf_printf(&P->sql, "ALTER TYPE %s SET SCHEMA %s;", QN(c->old_enum),
                   Q(c->new_enum->namespace ? c->new_enum->namespace : "public"));
        flush(P, PHASE_SET_SCHEMA);
        return;
    }
    const char *ns = Q(c->new_table->namespace ? c->new_table->namespace : "public");
    buf_printf(&P->sql, "ALTER TABLE %s SET SCHEMA %s;", QT(c->old_table), ns);
    flush(P, PHASE_SET_SCHEMA);
    for (size_t i = 0; i < c->old_table->npartitions; i++) {
        const char *name = c->old_table->partitions[i]->name;
        for (size_t j = 0; j < c->new_table->npartitions; j++)
            if (!strcmp(c->new_table->partitions[j]->name, name)) {
                buf_printf(&P->sql, "ALTER TABLE %s SET SCHEMA %s;", REL(c->old_table, name),
                           ns);
                flush(P, PHASE_SET_SCHEMA);
                break;
            }
    }
}

/* ---- the plan ---- */

static void plan_change(planner *P, const diff_change *c)
{
    const char *old_table = c->old_table ? QT(c->old_table) : NULL;
    const char *new_table = c->new_table ? QT(c->new_table) : NULL;
    plan_stmt *s;
    switch (c->kind) {
    case DIFF_CREATE_NAMESPACE:
        buf_printf(&P->sql, "CREATE SCHEMA IF NOT EXISTS %s;", Q(c->new_name));
        flush(P, PHASE_NAMESPACE);
        break;
    case DIFF_DROP_NAMESPACE:
        buf_printf(&P->sql, "DROP SCHEMA %s;", Q(c->old_name));
        s = flush(P, PHASE_DROP_NAMESPACE);
        hazard(P, s, HAZARD_DROP_NAMESPACE, "drops namespace %s", c->old_name);
        break;
    case DIFF_CREATE_EXTENSION:
        buf_printf(&P->sql, "CREATE EXTENSION IF NOT EXISTS %s;", Q(c->new_name));
        flush(P, PHASE_EXTENSION);
        break;
    case DIFF_DROP_EXTENSION:
        /* RESTRICT: fails while anything outside the schema uses it. */
        buf_printf(&P->sql, "DROP EXTENSION IF EXISTS %s;", Q(c->old_name));
        s = flush(P, PHASE_DROP_EXTENSION);
        hazard(P, s, HAZARD_DROP_EXTENSION, "drops extension %s", c->old_name);
        break;
    case DIFF_CREATE_DOMAIN:
        create_domain(P, c->new_obj);
        break;
    case DIFF_DROP_DOMAIN:
        buf_printf(&P->sql, "DROP DOMAIN %s;", QN((const ir_domain *)c->old_obj));
        flush(P, PHASE_DROP_DOMAIN);
        break;
    case DIFF_REBUILD_DOMAIN:
        rebuild_domain(P, c);
        break;
    case DIFF_ALTER_DOMAIN:
        alter_domain(P, c);
        break;
    case DIFF_SET_DOMAIN_SCHEMA: {
        /* Its columns keep it: a domain is referenced by OID. */
        const ir_domain *t = c->new_obj;
        buf_printf(&P->sql, "ALTER DOMAIN %s SET SCHEMA %s;", QN((const ir_domain *)c->old_obj),
                   Q(t->namespace ? t->namespace : "public"));
        flush(P, PHASE_SET_SCHEMA);
        break;
    }
    case DIFF_RENAME_DOMAIN:
        /* In the new namespace: a moved domain moved first. */
        buf_printf(&P->sql, "ALTER DOMAIN %s RENAME TO %s;",
                   QN_AS((const ir_domain *)c->new_obj, c->old_name), Q(c->new_name));
        flush(P, PHASE_RENAME_OBJECT);
        break;
    case DIFF_CREATE_ENUM:
        create_enum(P, c->new_enum);
        break;
    case DIFF_DROP_ENUM: {
        /* A table of the same name (and so a row type) may be created or
         * renamed into place before the drop: move the enum out of its way. */
        const char *name = c->old_enum->name;
        if (ir_find_table(P->diff->to, c->old_enum->qualified)) {
            const char *aside = aside_name(P, name);
            buf_printf(&P->sql, "ALTER TYPE %s RENAME TO %s;", QN(c->old_enum), Q(aside));
            flush(P, PHASE_SET_ASIDE);
            name = aside;
        }
        buf_printf(&P->sql, "DROP TYPE %s;", QN_AS(c->old_enum, name));
        flush(P, PHASE_DROP_TYPE);
        break;
    }
    case DIFF_RENAME_ENUM:
        /* In the new namespace: a moved enum moved first. */
        buf_printf(&P->sql, "ALTER TYPE %s RENAME TO %s;", QN_AS(c->new_enum, c->old_name),
                   Q(c->new_name));
        flush(P, PHASE_RENAME_OBJECT);
        break;
    case DIFF_ADD_ENUM_VALUE:
        add_enum_value(P, c);
        break;
    case DIFF_REBUILD_ENUM:
        rebuild_enum(P, c);
        break;
    case DIFF_ENUM_COMMENT:
        comment(P, "TYPE", QN(c->new_enum), c->new_enum->comment);
        break;
    case DIFF_CREATE_TABLE:
        break; /* all at once, in dependency order: see create_tables */
    case DIFF_DROP_TABLE:
        /* Likewise for an enum taking the name of a dropped table. */
        if (ir_find_enum(P->diff->to, c->old_table->qualified)) {
            const char *aside = aside_name(P, c->old_table->name);
            buf_printf(&P->sql, "ALTER TABLE %s RENAME TO %s;", old_table, Q(aside));
            flush(P, PHASE_SET_ASIDE);
            old_table = REL(c->old_table, aside);
        }
        buf_printf(&P->sql, "DROP TABLE %s;", old_table);
        s = flush(P, PHASE_DROP_TABLE);
        hazard(P, s, HAZARD_DROP_TABLE, "drops table %s", c->old_table->name);
        break;
    case DIFF_SET_SCHEMA:
        set_schema(P, c);
        break;
    case DIFF_RENAME_TABLE:
        /* In the new namespace: a moved table moved first. */
        buf_printf(&P->sql, "ALTER TABLE %s RENAME TO %s;", REL(c->new_table, c->old_name),
                   Q(c->new_name));
        flush(P, PHASE_RENAME_OBJECT);
        break;
    case DIFF_TABLE_COMMENT:
        comment(P, "TABLE", new_table, c->new_table->comment);
        break;
    case DIFF_ADD_COLUMN:
        add_column(P, c);
        break;
    case DIFF_DROP_COLUMN:
        if (c->old_column->origin == IR_ORIGIN_SOFT_DELETE)
            revive_soft_deleted(P, c);
        buf_printf(&P->sql, "ALTER TABLE %s DROP COLUMN %s;", new_table, Q(c->old_column->name));
        s = flush(P, PHASE_DROP_COLUMN);
        hazard(P, s, HAZARD_DROP_COLUMN, "drops column %s.%s", c->new_table->name,
               c->old_column->name);
        break;
    case DIFF_RENAME_COLUMN:
        buf_printf(&P->sql, "ALTER TABLE %s RENAME COLUMN %s TO %s;", new_table, Q(c->old_name),
                   Q(c->new_name));
        flush(P, PHASE_RENAME_OBJECT);
        break;
    case DIFF_ALTER_TYPE:
        alter_type(P, c);
        break;
    case DIFF_ALTER_NULLABLE:
        buf_printf(&P->sql, "ALTER TABLE %s ALTER COLUMN %s %s NOT NULL;", new_table,
                   Q(c->new_column->name), c->new_column->nullable ? "DROP" : "SET");
        s = flush(P, PHASE_ALTER_COLUMN);
        if (!c->new_column->nullable)
            hazard(P, s, HAZARD_SET_NOT_NULL, "sets %s.%s NOT NULL", c->new_table->name,
                   c->new_column->name);
        break;
    case DIFF_ALTER_DEFAULT:
        if (c->new_column->def.kind == IR_DEFAULT_NONE)
            buf_printf(&P->sql, "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT;", new_table,
                       Q(c->new_column->name));
        else
            buf_printf(&P->sql, "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s;", new_table,
                       Q(c->new_column->name),
                       plan_default_sql(P->a, &c->new_column->type, &c->new_column->def));
        flush(P, PHASE_ALTER_COLUMN);
        break;
    case DIFF_ALTER_IDENTITY:
        alter_identity(P, c);
        break;
    case DIFF_ALTER_COLLATION:
        buf_printf(&P->sql, "ALTER TABLE %s ALTER COLUMN %s TYPE %s", new_table,
                   Q(c->new_column->name), ir_type_sql(P->a, &c->new_column->type));
        buf_puts(&P->sql, c->new_column->collation ? "" : " COLLATE \"default\"");
        put_collation(P, c->new_column);
        buf_putc(&P->sql, ';');
        s = flush(P, PHASE_ALTER_COLUMN);
        hazard(P, s, HAZARD_LOCKS_WRITES, "rebuilds the indexes on %s.%s for the new collation",
               c->new_table->name, c->new_column->name);
        break;
    case DIFF_REPLACE_GENERATED:
        buf_printf(&P->sql, "ALTER TABLE %s DROP COLUMN %s, ADD COLUMN ", new_table,
                   Q(c->new_column->name));
        put_column_definition(P, c->new_column);
        buf_putc(&P->sql, ';');
        s = flush(P, PHASE_ALTER_COLUMN);
        hazard(P, s, HAZARD_TABLE_REWRITE, "rewrites table %s to compute %s.%s again",
               c->new_table->name, c->new_table->name, c->new_column->name);
        if (!c->old_column->generated)
            hazard(P, s, HAZARD_DROP_COLUMN, "replaces the values of %s.%s by computed ones",
                   c->new_table->name, c->new_column->name);
        break;
    case DIFF_DROP_EXPRESSION:
        buf_printf(&P->sql, "ALTER TABLE %s ALTER COLUMN %s DROP EXPRESSION;", new_table,
                   Q(c->new_column->name));
        /* Before the columns it read are altered (PostgreSQL refuses to
         * alter a column a generated one uses). */
        flush(P, PHASE_ADD_COLUMN);
        break;
    case DIFF_COLUMN_COMMENT:
        comment(P, "COLUMN",
                arena_printf(P->a, "%s.%s", new_table, Q(c->new_column->name)),
                c->new_column->comment);
        break;
    case DIFF_RENAME_SEQUENCE:
        buf_printf(&P->sql, "ALTER SEQUENCE %s RENAME TO %s;", REL(c->new_table, c->old_name),
                   Q(c->new_name));
        flush(P, PHASE_RENAME_DERIVED);
        break;
    case DIFF_ADD_PRIMARY_KEY:
        add_key(P, c, true);
        break;
    case DIFF_ADD_UNIQUE:
        add_key(P, c, false);
        break;
    case DIFF_DROP_PRIMARY_KEY:
    case DIFF_DROP_UNIQUE:
        buf_printf(&P->sql, "ALTER TABLE %s DROP CONSTRAINT %s;", old_table,
                   Q(((const ir_key *)c->old_obj)->name));
        flush(P, P->swap_keys && c->new_table ? PHASE_SWAP_DROP_KEY : PHASE_DROP_KEY);
        break;
    case DIFF_ADD_CHECK:
        add_check(P, c);
        break;
    case DIFF_DROP_CHECK:
        buf_printf(&P->sql, "ALTER TABLE %s DROP CONSTRAINT %s;", old_table,
                   Q(((const ir_check *)c->old_obj)->name));
        flush(P, PHASE_DROP_KEY);
        break;
    case DIFF_ADD_FK:
        add_fk(P, c);
        break;
    case DIFF_DROP_FK:
        buf_printf(&P->sql, "ALTER TABLE %s DROP CONSTRAINT %s;", old_table,
                   Q(((const ir_fk *)c->old_obj)->name));
        flush(P, P->swap_keys && c->new_table ? PHASE_SWAP_DROP_FK : PHASE_DROP_FK);
        break;
    case DIFF_ADD_EXCLUSION:
        add_exclusion(P, c);
        break;
    case DIFF_DROP_EXCLUSION:
        buf_printf(&P->sql, "ALTER TABLE %s DROP CONSTRAINT %s;", old_table,
                   Q(((const ir_exclusion *)c->old_obj)->name));
        flush(P, PHASE_DROP_KEY);
        break;
    case DIFF_ALTER_FK_DEFERRABLE: {
        const ir_fk *fk = c->new_obj;
        /* Spelled out: the other attribute would take its default. */
        buf_printf(&P->sql, "ALTER TABLE %s ALTER CONSTRAINT %s %s;", new_table, Q(fk->name),
                   fk->deferrable == IR_INITIALLY_DEFERRED ? "DEFERRABLE INITIALLY DEFERRED"
                   : fk->deferrable                       ? "DEFERRABLE INITIALLY IMMEDIATE"
                                                          : "NOT DEFERRABLE");
        flush(P, PHASE_ADD_FK);
        break;
    }
    case DIFF_RENAME_CONSTRAINT:
        buf_printf(&P->sql, "ALTER TABLE %s RENAME CONSTRAINT %s TO %s;", new_table,
                   Q(c->old_name), Q(c->new_name));
        flush(P, PHASE_RENAME_DERIVED);
        break;
    case DIFF_CREATE_INDEX:
        create_index(P, c);
        break;
    case DIFF_DROP_INDEX:
        buf_printf(&P->sql, "DROP INDEX %s;",
                   REL(c->old_table, ((const ir_index *)c->old_obj)->name));
        flush(P, PHASE_DROP_KEY);
        break;
    case DIFF_RENAME_INDEX:
        buf_printf(&P->sql, "ALTER INDEX %s RENAME TO %s;", REL(c->new_table, c->old_name),
                   Q(c->new_name));
        flush(P, PHASE_RENAME_DERIVED);
        break;
    case DIFF_CREATE_PARTITION:
        create_partition(P, c);
        break;
    case DIFF_DROP_PARTITION:
        drop_partition(P, c);
        break;
    case DIFF_REBOUND_PARTITION:
        rebound_partition(P, c);
        break;
    case DIFF_ADD_TIMESTAMP_TRIGGER:
        buf_printf(&P->sql,
                   "CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s FOR EACH ROW EXECUTE "
                   "FUNCTION %s();",
                   new_table, trigger_function(P));
        flush(P, PHASE_ADD_TRIGGER);
        break;
    case DIFF_DROP_TIMESTAMP_TRIGGER:
        buf_printf(&P->sql, "DROP TRIGGER set_updated_at ON %s;", old_table);
        flush(P, PHASE_DROP_TRIGGER);
        break;
    case DIFF_CREATE_TRIGGER_FUNCTION:
        buf_printf(&P->sql,
                   "CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                   "BEGIN\n    NEW.updated_at := now();\n    RETURN NEW;\nEND\n$$;",
                   trigger_function(P));
        flush(P, PHASE_TRIGGER_FUNCTION);
        break;
    case DIFF_DROP_TRIGGER_FUNCTION:
        buf_printf(&P->sql, "DROP FUNCTION %s();", trigger_function(P));
        flush(P, PHASE_DROP_TYPE);
        break;
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
        object_change(P, c);
        break;
    case DIFF_ENSURE_ROLES:
        buf_puts(&P->sql, access_sql(P->a, c, P->opts->create_roles));
        flush(P, PHASE_ROLES);
        break;
    case DIFF_DROP_POLICY:
        buf_puts(&P->sql, access_sql(P->a, c, false));
        flush(P, PHASE_DROP_POLICY);
        break;
    case DIFF_REVOKE:
    case DIFF_REVOKE_SEQUENCE:
    case DIFF_DEFAULT_REVOKE:
    case DIFF_DEFAULT_REVOKE_SEQUENCES:
        buf_puts(&P->sql, access_sql(P->a, c, false));
        s = flush(P, PHASE_ACCESS);
        hazard(P, s, HAZARD_REVOKE, "%s", diff_describe(P->a, c));
        break;
    case DIFF_SET_ROW_SECURITY:
        buf_puts(&P->sql, access_sql(P->a, c, false));
        s = flush(P, PHASE_ACCESS);
        if (c->old_table && !c->old_table->rls && c->new_table->rls)
            hazard(P, s, HAZARD_ENABLE_ROW_SECURITY, "turns on row-level security on table %s",
                   c->new_table->name);
        break;
    case DIFF_GRANT:
    case DIFF_GRANT_SEQUENCE:
    case DIFF_DEFAULT_GRANT:
    case DIFF_DEFAULT_GRANT_SEQUENCES:
    case DIFF_CREATE_POLICY:
        buf_puts(&P->sql, access_sql(P->a, c, false));
        flush(P, PHASE_ACCESS);
        break;
    }
}

/* A check or index predicate this plan creates, and what to call it. */
typedef struct plan_expression {
    const char *sql, *what;
} plan_expression;

/* Counts an expression, and stores it once `out` has room. */
static void add_expression(planner *P, plan_expression *out, size_t *n, const char *sql,
                           const char *kind, const char *name)
{
    if (out)
        out[*n] = (plan_expression){sql, arena_printf(P->a, "%s %s", kind, name)};
    ++*n;
}

static void add_exclusion_expressions(planner *P, plan_expression *out, size_t *n,
                                      const ir_exclusion *x)
{
    if (x->index.where)
        add_expression(P, out, n, x->index.where, "exclusion constraint", x->name);
    for (size_t i = 0; i < x->index.columns.n; i++)
        if (x->index.elems[i].expression)
            add_expression(P, out, n, x->index.elems[i].expression, "exclusion constraint",
                           x->name);
}

/* The checks and index predicates this plan creates, in change order; an
 * array of *n in the plan's arena (counted first, then filled). */
static const plan_expression *created_expressions(planner *P, size_t *n)
{
    plan_expression *exprs = NULL;
    for (int pass = 0; pass < 2; pass++) {
        *n = 0;
        for (size_t k = 0; k < P->diff->n; k++) {
            const diff_change *c = &P->diff->changes[k];
            if (c->kind == DIFF_ADD_CHECK) {
                const ir_check *check = c->new_obj;
                add_expression(P, exprs, n, check->expr, "check", check->name);
            } else if (c->kind == DIFF_CREATE_INDEX) {
                const ir_index *index = c->new_obj;
                if (index->where)
                    add_expression(P, exprs, n, index->where, "index", index->name);
                for (size_t i = 0; index->elems && i < index->columns.n; i++)
                    if (index->elems[i].expression)
                        add_expression(P, exprs, n, index->elems[i].expression, "index",
                                       index->name);
            } else if (c->kind == DIFF_CREATE_TABLE) {
                for (size_t i = 0; i < c->new_table->nchecks; i++)
                    add_expression(P, exprs, n, c->new_table->checks[i]->expr, "check",
                                   c->new_table->checks[i]->name);
                for (size_t i = 0; i < c->new_table->nexclusions; i++)
                    add_exclusion_expressions(P, exprs, n, c->new_table->exclusions[i]);
            } else if (c->kind == DIFF_ADD_EXCLUSION) {
                add_exclusion_expressions(P, exprs, n, c->new_obj);
            }
        }
        if (!pass)
            exprs = arena_alloc(P->a, (*n + 1) * sizeof *exprs);
    }
    return exprs;
}

/* A value added with ALTER TYPE ... ADD VALUE cannot be used before the
 * transaction that added it commits; say so on the statement adding it.
 * Users are a column default naming the value (a new value's default is
 * set by this plan) or a check or index predicate the plan creates that
 * spells it as a literal. Found through maps built once: a plan may add
 * thousands of values. */
static void flag_new_enum_values(planner *P)
{
    const ir_schema *to = P->diff->to;
    strmap defaults; /* "enum\x1fvalue" → "the default of t.c" */
    strmap_init(&defaults, P->a);
    for (size_t i = 0; i < to->ntables; i++)
        for (size_t j = 0; j < to->tables[i]->ncolumns; j++) {
            const ir_column *col = to->tables[i]->columns[j];
            if (col->type.kind == IR_ENUM && col->type.enum_type &&
                col->def.kind == IR_DEFAULT_LITERAL)
                strmap_put(&defaults,
                           arena_printf(P->a, "%s\x1f%s", col->type.enum_type->qualified,
                                        col->def.text),
                           (void *)arena_printf(P->a, "the default of %s.%s",
                                                to->tables[i]->name, col->name));
        }
    size_t nexprs;
    const plan_expression *exprs = created_expressions(P, &nexprs);
    for (size_t k = 0; k < P->diff->n; k++) {
        const diff_change *c = &P->diff->changes[k];
        if (c->kind != DIFF_ADD_ENUM_VALUE)
            continue;
        const char *value = c->new_enum->values[c->value_index].name;
        const char *key = arena_printf(P->a, "%s\x1f%s", c->new_enum->qualified, value);
        const size_t *at = strmap_get(&P->new_enum_values, key);
        const char *user = strmap_get(&defaults, key);
        if (!user && nexprs) {
            const char *quoted = literal(P->a, value);
            for (size_t i = 0; i < nexprs && !user; i++)
                if (strstr(exprs[i].sql, quoted))
                    user = exprs[i].what;
        }
        if (at && user)
            hazard(P, &P->p->stmts[*at], HAZARD_ENUM_VALUE_IN_TRANSACTION,
                   "%s uses new value %s of enum %s", user, value, c->new_enum->name);
    }
}

static int compare_phase(const void *a, const void *b)
{
    const plan_stmt *x = a, *y = b;
    if (x->phase != y->phase)
        return x->phase < y->phase ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void plan_build(plan *out, const diff_result *diff, const plan_options *opts)
{
    memset(out, 0, sizeof *out);
    plan_options defaults = PLAN_OPTIONS_INIT;
    planner P = {.p = out, .diff = diff, .opts = opts ? opts : &defaults, .a = &out->arena};
    strmap_init(&P.inlined_fks, P.a);
    strmap_init(&P.new_enum_values, P.a);
    strmap_init(&P.indexed_tables, P.a);
    P.swap_keys = can_swap_keys(&P);
    for (size_t i = 0; i < diff->n; i++)
        if (diff->changes[i].kind == DIFF_CREATE_INDEX)
            strmap_put(&P.indexed_tables, diff->changes[i].new_table->qualified, (void *)1);
    create_tables(&P);
    for (size_t i = 0; i < diff->n; i++)
        plan_change(&P, &diff->changes[i]);
    flag_new_enum_values(&P);
    buf_free(&P.sql);
    if (out->n) /* an empty plan has no array, and qsort takes no NULL */
        qsort(out->stmts, out->n, sizeof *out->stmts, compare_phase);
}

void plan_free(plan *p)
{
    free(p->stmts);
    arena_free(&p->arena);
    memset(p, 0, sizeof *p);
}

bool plan_is_destructive(const plan *p)
{
    for (size_t i = 0; i < p->n; i++)
        for (size_t j = 0; j < p->stmts[i].nhazards; j++)
            if (plan_hazard_is_destructive(p->stmts[i].hazards[j].code))
                return true;
    return false;
}

void plan_write_sql(const plan *p, buf *out)
{
    for (size_t i = 0; i < p->n; i++) {
        const plan_stmt *s = &p->stmts[i];
        for (size_t j = 0; j < s->nhazards; j++)
            buf_printf(out, "-- hazard: %s: %s\n", plan_hazard_name(s->hazards[j].code),
                       s->hazards[j].message);
        buf_puts(out, s->sql);
        buf_putc(out, '\n');
    }
}
