/* query_describe: see query_describe.h. Round trips per query: prepare,
 * describe, and the plan; types and source columns are looked up once per
 * distinct OID or column across all queries. */
#include "query_describe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

int query_report_error(const query *q, const PGresult *res, diag *d, bool warning,
                       const char *context)
{
    const char *position = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
    const char *message = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    const char *hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
    src_pos pos = q->pos;
    if (position)
        pos = query_position(q, query_char_offset(q, atoi(position)));
    if (!message)
        message = PQresultErrorMessage(res);
    if (warning)
        diag_warning(d, pos, hint, "query `%s`%s: %s", q->name, context, message);
    else
        diag_error(d, pos, hint, "query `%s`%s: %s", q->name, context, message);
    return -1;
}

/* The EXPLAIN output of a prepared statement, walked by the server itself
 * (it reads JSON; schemac does not): every node with whether an outer join
 * above it can null its rows. A function in pg_temp so nothing stays. */
static const char plan_function[] =
    "CREATE OR REPLACE FUNCTION pg_temp.schemac_plan(stmt text) RETURNS jsonb "
    "LANGUAGE plpgsql AS $f$ DECLARE r json; BEGIN "
    "EXECUTE 'EXPLAIN (VERBOSE, FORMAT JSON) ' || stmt INTO r; RETURN r::jsonb; END $f$";

static const char plan_walk[] =
    "WITH RECURSIVE n(node, nullable) AS ("
    " SELECT pg_temp.schemac_plan($1) -> 0 -> 'Plan', false"
    " UNION ALL"
    " SELECT c, n.nullable OR n.node->>'Join Type' = 'Full'"
    "  OR (n.node->>'Join Type' = 'Left' AND c->>'Parent Relationship' = 'Inner')"
    "  OR (n.node->>'Join Type' = 'Right' AND c->>'Parent Relationship' = 'Outer')"
    " FROM n, jsonb_array_elements(n.node->'Plans') c)"
    " SELECT node->>'Node Type', node->>'Relation Name', nullable, node ? 'Grouping Sets',"
    "  node->>'Filter', node ? 'Index Cond' OR node ? 'Recheck Cond' FROM n";

PGresult *query_plan_nodes(PGconn *conn, const char *name, size_t nparams, diag *d)
{
    PGresult *res = PQexec(conn, plan_function);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    res = PQexec(conn, "SET plan_cache_mode = force_generic_plan");
    PQclear(res);
    if (!ok)
        return diag_error(d, (src_pos){0}, NULL, "cannot explain queries: %s",
                          PQerrorMessage(conn)),
               NULL;
    buf stmt = BUF_INIT;
    buf_printf(&stmt, "EXECUTE %s", name);
    for (size_t i = 0; i < nparams; i++)
        buf_puts(&stmt, i ? ", NULL" : "(NULL");
    if (nparams)
        buf_putc(&stmt, ')');
    const char *values[] = {buf_cstr(&stmt)};
    res = PQexecParams(conn, plan_walk, 1, NULL, values, NULL, NULL, 0);
    buf_free(&stmt);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        diag_error(d, (src_pos){0}, NULL, "cannot explain a query: %s", PQresultErrorMessage(res));
        PQclear(res);
        return NULL;
    }
    return res;
}

typedef struct describer {
    PGconn *conn;
    const ir_schema *s;
    arena *a;
    diag *d;
    strmap types;   /* "oid" → query_type * */
    strmap columns; /* "table oid.attnum" → source * */
} describer;

typedef struct source {
    const char *table, *column;
    bool not_null;
} source;

static PGresult *lookup(describer *D, const char *sql, int n, const char *const *values)
{
    PGresult *res = PQexecParams(D->conn, sql, n, NULL, values, NULL, NULL, 0);
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        return res;
    diag_error(D->d, (src_pos){0}, NULL, "cannot look up a type or column: %s",
               PQresultErrorMessage(res));
    PQclear(res);
    return NULL;
}

/* The value cached under `key` in `cache`, or else made by `make` from the
 * one catalog row that `sql` returns for `values`, and cached. */
typedef void *make_fn(describer *D, const PGresult *row, int depth);

static void *cached_row(describer *D, strmap *cache, const char *key, const char *sql, int n,
                        const char *const *values, make_fn *make, int depth)
{
    void *value = strmap_get(cache, key);
    if (value)
        return value;
    PGresult *res = lookup(D, sql, n, values);
    if (!res)
        return NULL;
    value = make(D, res, depth);
    PQclear(res);
    if (value)
        strmap_put(cache, arena_strdup(D->a, key), value);
    return value;
}

static const query_type *type_of(describer *D, Oid oid, int depth);

static void *make_type(describer *D, const PGresult *res, int depth)
{
    query_type *t = arena_alloc(D->a, sizeof *t);
    memset(t, 0, sizeof *t);
    char kind = PQgetvalue(res, 0, 0)[0], category = PQgetvalue(res, 0, 3)[0];
    Oid base = (Oid)strtoul(PQgetvalue(res, 0, 1), NULL, 10);
    Oid elem = (Oid)strtoul(PQgetvalue(res, 0, 2), NULL, 10);
    const query_type *inner = NULL;
    if (depth < 8 && kind == 'd')
        inner = type_of(D, base, depth + 1);
    else if (depth < 8 && category == 'A' && elem)
        inner = type_of(D, elem, depth + 1);
    if (inner) {
        *t = *inner;
        if (kind != 'd')
            t->array = true;
    } else {
        t->is_enum = kind == 'e';
        t->name = arena_strdup(D->a, PQgetvalue(res, 0, t->is_enum ? 5 : 4));
    }
    return t;
}

/* The type of OID `oid`, domains resolved to their base type. */
static const query_type *type_of(describer *D, Oid oid, int depth)
{
    char key[16];
    snprintf(key, sizeof key, "%u", (unsigned)oid);
    const char *values[] = {key};
    return cached_row(D, &D->types, key,
                      "SELECT typtype, typbasetype, typelem, typcategory, "
                      "format_type(oid, NULL), typname FROM pg_type WHERE oid = $1",
                      1, values, make_type, depth);
}

static void *make_source(describer *D, const PGresult *res, int depth)
{
    (void)depth;
    source *src = arena_alloc(D->a, sizeof *src);
    src->table = arena_strdup(D->a, PQgetvalue(res, 0, 0));
    src->column = arena_strdup(D->a, PQgetvalue(res, 0, 1));
    src->not_null = PQgetvalue(res, 0, 3)[0] == 'r' && PQgetvalue(res, 0, 2)[0] == 't';
    if (D->s && src->not_null) {
        const ir_table *t = ir_find_table(D->s, src->table);
        const ir_column *c = t ? ir_find_column(t, src->column) : NULL;
        src->not_null = c && !c->nullable;
    }
    return src;
}

/* Where column `column` of table `table` comes from, and whether the
 * models promise it is never NULL. */
static const source *source_of(describer *D, Oid table, int column)
{
    char key[32], rel[16], att[16];
    snprintf(rel, sizeof rel, "%u", (unsigned)table);
    snprintf(att, sizeof att, "%d", column);
    snprintf(key, sizeof key, "%s.%s", rel, att);
    const char *values[] = {rel, att};
    return cached_row(D, &D->columns, key,
                      "SELECT c.relname, a.attname, a.attnotnull, c.relkind "
                      "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                      "WHERE a.attrelid = $1 AND a.attnum = $2",
                      2, values, make_source, 0);
}

/* Whether table `name` is scanned in the plan only where no outer join
 * nulls it, and the plan has no grouping sets (which null grouped keys). */
static bool never_nulled(const PGresult *plan, const char *name)
{
    bool seen = false;
    for (int r = 0; r < PQntuples(plan); r++) {
        if (PQgetvalue(plan, r, 3)[0] == 't')
            return false;
        const char *type = PQgetvalue(plan, r, 0);
        bool nullable = PQgetvalue(plan, r, 2)[0] == 't';
        /* A CTE's plan is not under the scan that reads it: on a nullable
         * side, it hides which tables it nulls. (A subquery's plan is under
         * its scan, so the walk already marks it.) */
        if (nullable && (!strcmp(type, "CTE Scan") || !strcmp(type, "WorkTable Scan")))
            return false;
        if (!PQgetisnull(plan, r, 1) && !strcmp(PQgetvalue(plan, r, 1), name)) {
            if (nullable)
                return false;
            seen = true;
        }
    }
    return seen;
}

static int describe_one(describer *D, query *q, size_t index)
{
    char name[48];
    snprintf(name, sizeof name, "schemac_query_%zu", index);
    /* In a transaction, a failed prepare must not abort the others. */
    bool in_tx = PQtransactionStatus(D->conn) == PQTRANS_INTRANS;
    if (in_tx)
        PQclear(PQexec(D->conn, "SAVEPOINT schemac_query"));
    PGresult *res = PQprepare(D->conn, name, q->sql, 0, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        query_report_error(q, res, D->d, false, "");
        PQclear(res);
        if (in_tx)
            PQclear(PQexec(D->conn, "ROLLBACK TO SAVEPOINT schemac_query"));
        return -1;
    }
    PQclear(res);
    res = PQdescribePrepared(D->conn, name);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        query_report_error(q, res, D->d, false, "");
        PQclear(res);
        return -1;
    }
    int err = 0;
    if ((size_t)PQnparams(res) != q->nparams) {
        err = diag_error(D->d, q->pos, "number the parameters $1, $2, … without gaps",
                         "query `%s`: the server sees %d parameters, schemac %zu", q->name,
                         PQnparams(res), q->nparams);
        goto done;
    }
    for (size_t i = 0; i < q->nparams; i++) {
        const query_type *t = type_of(D, PQparamtype(res, (int)i), 0);
        if (!t) {
            err = -1;
            goto done;
        }
        q->params[i].type = *t;
    }
    q->ncolumns = (size_t)PQnfields(res);
    q->columns = arena_alloc(D->a, (q->ncolumns ? q->ncolumns : 1) * sizeof *q->columns);
    PGresult *plan = NULL;
    if (q->ncolumns && !(plan = query_plan_nodes(D->conn, name, q->nparams, D->d))) {
        err = -1;
        goto done;
    }
    for (size_t i = 0; i < q->ncolumns && !err; i++) {
        query_column *c = &q->columns[i];
        memset(c, 0, sizeof *c);
        c->name = arena_strdup(D->a, PQfname(res, (int)i));
        const query_type *t = type_of(D, PQftype(res, (int)i), 0);
        if (!t) {
            err = -1;
            break;
        }
        c->type = *t;
        c->nullable = true;
        Oid table = PQftable(res, (int)i);
        int column = PQftablecol(res, (int)i);
        if (table != InvalidOid && column > 0) {
            const source *src = source_of(D, table, column);
            if (!src) {
                err = -1;
                break;
            }
            c->source = arena_printf(D->a, "%s.%s", src->table, src->column);
            c->nullable = !(src->not_null && never_nulled(plan, src->table));
        }
    }
    PQclear(plan);
    for (size_t o = 0; o < q->noverrides && !err; o++) {
        size_t i = 0;
        while (i < q->ncolumns && strcmp(q->columns[i].name, q->overrides[o].column))
            i++;
        if (i == q->ncolumns)
            err = diag_error(D->d, q->overrides[o].pos, "name a column of the query's result",
                             "query `%s` has no result column `%s`", q->name,
                             q->overrides[o].column);
        else
            q->columns[i].nullable = q->overrides[o].nullable;
    }
done:
    PQclear(res);
    return err;
}

int query_describe(query_set *set, PGconn *conn, const ir_schema *s, arena *a, diag *d)
{
    describer D = {conn, s, a, d, {0}, {0}};
    strmap_init(&D.types, a);
    strmap_init(&D.columns, a);
    int err = 0;
    for (size_t i = 0; i < set->n; i++)
        if (describe_one(&D, set->items[i], i) < 0)
            err = -1;
    return err;
}
