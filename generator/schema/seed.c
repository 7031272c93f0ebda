/* seed: checking and applying seed data; see seed.h. */
#include "seed.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "strmap.h"
#include "validate.h"


static bool is_serial(ir_type_kind k) { return k == IR_SERIAL || k == IR_BIGSERIAL; }

/* The columns a key names, when they are those of a unique constraint or
 * index ON CONFLICT can use: the primary key, a unique key that is not
 * deferrable, or a unique index over plain columns with no predicate. */
static bool same_columns(ir_column *const *cols, size_t n, ir_column *const *want, size_t nwant)
{
    if (!cols || n != nwant)
        return false;
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (size_t j = 0; j < n && !found; j++)
            found = cols[i] == want[j];
        if (!found)
            return false;
    }
    return true;
}

static bool is_conflict_key(const ir_table *t, ir_column *const *cols, size_t n)
{
    if (t->primary_key && same_columns(t->primary_key->cols, t->primary_key->columns.n, cols, n))
        return true;
    for (size_t i = 0; i < t->nuniques; i++)
        if (t->uniques[i]->deferrable == IR_NOT_DEFERRABLE &&
            same_columns(t->uniques[i]->cols, t->uniques[i]->columns.n, cols, n))
            return true;
    for (size_t i = 0; i < t->nindexes; i++) {
        const ir_index *ix = t->indexes[i];
        if (ix->unique && !ix->where && !ix->has_expression &&
            same_columns(ix->cols, ix->columns.n, cols, n))
            return true;
    }
    return false;
}

static bool resolve_key(ir_table *t, ir_seed *seed, arena *a, diag *d)
{
    if (!seed->key.n) {
        if (!t->primary_key || !t->primary_key->cols)
            return false; /* reported by validate */
        seed->key_cols = t->primary_key->cols;
        seed->nkey = t->primary_key->columns.n;
        return true;
    }
    seed->nkey = seed->key.n;
    seed->key_cols = arena_alloc(a, seed->nkey * sizeof *seed->key_cols);
    for (size_t i = 0; i < seed->key.n; i++) {
        seed->key_cols[i] = ir_find_column(t, seed->key.names[i]);
        if (!seed->key_cols[i]) {
            diag_error(d, seed->key.pos[i], NULL, "seed key column `%s` is not a column of `%s`",
                       seed->key.names[i], t->name);
            return false;
        }
    }
    if (is_conflict_key(t, seed->key_cols, seed->nkey))
        return true;
    diag_error(d, seed->key.pos[0],
               "make it unique (`unique: true`, a unique key or a unique index without "
               "`where`), or leave `key` out to use the primary key",
               "the seed key of table `%s` is not its primary key or a unique key that is not "
               "deferrable; ON CONFLICT needs one",
               t->name);
    return false;
}

/* Why `text` is not a value of column c, or NULL. */
static const char *value_problem(const ir_column *c, const ir_seed_value *v, arena *a)
{
    ir_type type = c->type;
    if (type.kind == IR_SERIAL)
        type.kind = IR_INTEGER;
    else if (type.kind == IR_BIGSERIAL)
        type.kind = IR_BIGINT;
    ir_default def = {IR_DEFAULT_LITERAL, v->text, v->quoted, v->pos};
    const char *why = validate_default(a, &type, &def);
    if (why && !strncmp(why, "evaluated once", 14))
        return "not a fixed value (seed rows hold values, not expressions)";
    return why;
}

/* A row must give every NOT NULL column the server cannot fill. */
static bool server_fills(const ir_column *c)
{
    return c->nullable || c->def.kind != IR_DEFAULT_NONE || c->identity != IR_IDENTITY_NONE ||
           is_serial(c->type.kind) || c->origin != IR_ORIGIN_USER;
}

static void check_row(ir_table *t, ir_seed *seed, ir_seed_row *row, strmap *keys, arena *a,
                      diag *d)
{
    for (size_t i = 0; i < row->n; i++) {
        ir_seed_value *v = &row->values[i];
        v->col = ir_find_column(t, v->column);
        if (!v->col) {
            const char **names = arena_alloc(a, (t->ncolumns + 1) * sizeof *names);
            for (size_t j = 0; j < t->ncolumns; j++)
                names[j] = t->columns[j]->name;
            const char *near = diag_suggest(v->column, names, t->ncolumns);
            diag_error(d, v->pos, near ? arena_printf(a, "did you mean `%s`?", near) : NULL,
                       "table `%s` has no column `%s`", t->name, v->column);
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (row->values[j].col == v->col)
                diag_error(d, v->pos, NULL, "column `%s` is given twice in this seed row",
                           v->column);
        const char *why = NULL;
        if (!v->text && !v->col->nullable)
            why = "null, but the column is NOT NULL";
        else if (v->text)
            why = value_problem(v->col, v, a);
        if (why) {
            diag_error(d, v->value_pos, NULL, "seed value `%s` for column `%s` is %s",
                       v->text ? v->text : "null", v->column, why);
        }
    }
    for (size_t i = 0; i < t->ncolumns; i++) {
        const ir_column *c = t->columns[i];
        bool given = false;
        for (size_t j = 0; j < row->n && !given; j++)
            given = row->values[j].col == c;
        bool in_key = false;
        for (size_t j = 0; j < seed->nkey && !in_key; j++)
            in_key = seed->key_cols[j] == c;
        if (!given && (in_key || !server_fills(c))) {
            diag_error(d, row->pos, in_key ? "rows are matched by the key: give it in every row"
                                           : "give it, or a default to the column",
                       "this seed row of table `%s` has no value for %s column `%s`", t->name,
                       in_key ? "key" : "NOT NULL", c->name);
        }
    }
    /* Two rows with one key would be one row twice. */
    buf k = BUF_INIT;
    size_t found = 0;
    for (size_t i = 0; i < seed->nkey; i++)
        for (size_t j = 0; j < row->n; j++)
            if (row->values[j].col == seed->key_cols[i] && row->values[j].text) {
                buf_printf(&k, "%s\x1f", row->values[j].text);
                found++;
            }
    if (found < seed->nkey) {
        buf_free(&k);
        return;
    }
    ir_seed_row *first = strmap_get(keys, buf_cstr(&k));
    if (first) {
        diag_error(d, row->pos, "remove one of them", "seed rows of table `%s` repeat a key",
                   t->name);
        diag_note(d, first->pos, "the first row with that key");
    } else {
        strmap_put(keys, arena_strdup(a, buf_cstr(&k)), row);
    }
    buf_free(&k);
}

void seed_validate(ir_table *t, arena *a, diag *d)
{
    ir_seed *seed = t->seed;
    if (!seed || !resolve_key(t, seed, a, d))
        return;
    strmap keys;
    strmap_init(&keys, a);
    for (size_t i = 0; i < seed->nrows; i++)
        if (!seed->rows[i].invalid)
            check_row(t, seed, &seed->rows[i], &keys, a, d);
}

bool seed_any(const ir_schema *s)
{
    for (size_t i = 0; i < s->ntables; i++)
        if (s->tables[i]->seed)
            return true;
    return false;
}

/* ---- applying ---- */

typedef struct seeder {
    PGconn *c;
    const seed_options *o;
    arena a;
    diag *d;
} seeder;

/* The type a parameter is cast to (serial columns hold integers). */
static const char *cast_type(arena *a, const ir_type *t)
{
    ir_type plain = *t;
    if (plain.kind == IR_SERIAL)
        plain.kind = IR_INTEGER;
    else if (plain.kind == IR_BIGSERIAL)
        plain.kind = IR_BIGINT;
    return ir_type_sql(a, &plain);
}

static bool in_key(const ir_seed *seed, const ir_column *c)
{
    for (size_t i = 0; i < seed->nkey; i++)
        if (seed->key_cols[i] == c)
            return true;
    return false;
}

/* Runs sql with text parameters; on error reports it at `at`. */
static PGresult *run(seeder *S, const char *sql, int n, const char *const *values, src_pos at,
                     const char *what)
{
    PGresult *res = PQexecParams(S->c, sql, n, NULL, values, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        return res;
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(S->c);
    size_t len = strlen(msg);
    while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
        len--;
    diag_error(S->d, at, NULL, "%s: database error: %.*s", what, (int)len, msg);
    PQclear(res);
    return NULL;
}

/* Equality that every type has: json has no =, so it compares as text. */
static const char *comparable(arena *a, const char *expr, const ir_column *c)
{
    return c->type.kind == IR_JSON ? arena_printf(a, "%s::text", expr) : expr;
}

/* The columns a row gives, in the row's order. */
static ir_column **row_columns(arena *a, const ir_seed_row *row)
{
    ir_column **cols = arena_alloc(a, (row->n + 1) * sizeof *cols);
    for (size_t i = 0; i < row->n; i++)
        cols[i] = row->values[i].col;
    return cols;
}

/* INSERT INTO t AS seeded (cols) [OVERRIDING SYSTEM VALUE]: the head of
 * both forms of the statement. */
static void insert_head(seeder *S, const ir_table *t, ir_column *const *cols, size_t n, buf *sql)
{
    buf_printf(sql, "INSERT INTO %s AS seeded (", ir_table_sql(&S->a, t));
    bool overriding = false;
    for (size_t i = 0; i < n; i++) {
        buf_printf(sql, "%s%s", i ? ", " : "", ir_quote_ident(&S->a, cols[i]->name));
        overriding |= cols[i]->identity == IR_IDENTITY_ALWAYS;
    }
    buf_puts(sql, overriding ? ") OVERRIDING SYSTEM VALUE " : ") ");
}

/* ON CONFLICT (key) DO ... RETURNING (xmax = 0): true for an insert, false
 * for an update, and no row when the row was there already as listed. */
static void conflict_tail(seeder *S, const ir_seed *seed, ir_column *const *cols, size_t n,
                          buf *sql)
{
    buf_puts(sql, " ON CONFLICT (");
    for (size_t i = 0; i < seed->nkey; i++)
        buf_printf(sql, "%s%s", i ? ", " : "", ir_quote_ident(&S->a, seed->key_cols[i]->name));
    buf_puts(sql, ") DO ");
    buf set = BUF_INIT, old = BUF_INIT, new = BUF_INIT;
    if (seed->policy != IR_SEED_INSERT_MISSING)
        for (size_t i = 0; i < n; i++) {
            const ir_column *c = cols[i];
            if (in_key(seed, c) || c->identity == IR_IDENTITY_ALWAYS)
                continue;
            const char *q = ir_quote_ident(&S->a, c->name);
            const char *sep = set.len ? ", " : "";
            buf_printf(&set, "%s%s = EXCLUDED.%s", sep, q, q);
            buf_printf(&old, "%s%s", sep,
                       comparable(&S->a, arena_printf(&S->a, "seeded.%s", q), c));
            buf_printf(&new, "%s%s", sep,
                       comparable(&S->a, arena_printf(&S->a, "EXCLUDED.%s", q), c));
        }
    if (set.len)
        buf_printf(sql, "UPDATE SET %s WHERE ROW(%s) IS DISTINCT FROM ROW(%s)", buf_cstr(&set),
                   buf_cstr(&old), buf_cstr(&new));
    else
        buf_puts(sql, "NOTHING");
    buf_puts(sql, " RETURNING (xmax = 0) AS inserted");
    buf_free(&set);
    buf_free(&old);
    buf_free(&new);
}

typedef struct table_counts {
    long inserted, updated, unchanged, deleted;
} table_counts;

/* Row by row, each reported at its line when the server refuses it: the
 * way to find the row when the bulk form fails. */
static int seed_rows(seeder *S, const ir_table *t, table_counts *n)
{
    const ir_seed *seed = t->seed;
    for (size_t r = 0; r < seed->nrows; r++) {
        const ir_seed_row *row = &seed->rows[r];
        ir_column **cols = row_columns(&S->a, row);
        buf sql = BUF_INIT;
        insert_head(S, t, cols, row->n, &sql);
        buf_puts(&sql, "VALUES (");
        for (size_t i = 0; i < row->n; i++)
            buf_printf(&sql, "%s$%zu::%s", i ? ", " : "", i + 1, cast_type(&S->a, &cols[i]->type));
        buf_putc(&sql, ')');
        conflict_tail(S, seed, cols, row->n, &sql);
        const char **values = arena_alloc(&S->a, (row->n + 1) * sizeof *values);
        for (size_t i = 0; i < row->n; i++)
            values[i] = row->values[i].text;
        PGresult *res = run(S, buf_cstr(&sql), (int)row->n, values, row->pos,
                            arena_printf(&S->a, "seed row of table `%s`", t->name));
        buf_free(&sql);
        if (!res)
            return -1;
        if (PQntuples(res) == 0)
            n->unchanged++;
        else if (!strcmp(PQgetvalue(res, 0, 0), "t"))
            n->inserted++;
        else
            n->updated++;
        PQclear(res);
    }
    return 0;
}

/* ---- the bulk form: COPY into a temporary table, then one INSERT ...
 * SELECT per set of columns the rows give (usually one) ---- */

/* Appends `text` as a field of COPY's text format. */
static void copy_field(buf *b, const char *text)
{
    if (!text) {
        buf_puts(b, "\\N");
        return;
    }
    for (const char *p = text; *p; p++) {
        const char *escape = *p == '\\'   ? "\\\\"
                             : *p == '\n' ? "\\n"
                             : *p == '\r' ? "\\r"
                             : *p == '\t' ? "\\t"
                                          : NULL;
        if (escape)
            buf_puts(b, escape);
        else
            buf_putc(b, *p);
    }
}

/* Rows grouped by the columns they give: group[r] for row r, and for each
 * group its columns in table order. */
typedef struct row_groups {
    size_t *group, n;
    ir_column ***cols;
    size_t *ncols;
    bool *used; /* columns any row gives, by column index */
} row_groups;

static void group_rows(arena *a, const ir_table *t, row_groups *g)
{
    const ir_seed *seed = t->seed;
    g->group = arena_alloc(a, (seed->nrows + 1) * sizeof *g->group);
    g->cols = arena_alloc(a, (seed->nrows + 1) * sizeof *g->cols);
    g->ncols = arena_alloc(a, (seed->nrows + 1) * sizeof *g->ncols);
    g->used = arena_alloc(a, t->ncolumns + 1);
    g->n = 0;
    strmap seen;
    strmap_init(&seen, a);
    char *sig = arena_alloc(a, t->ncolumns + 1);
    for (size_t r = 0; r < seed->nrows; r++) {
        memset(sig, '0', t->ncolumns);
        sig[t->ncolumns] = '\0';
        for (size_t i = 0; i < seed->rows[r].n; i++)
            sig[seed->rows[r].values[i].col->index] = '1';
        size_t *known = strmap_get(&seen, sig);
        if (known) {
            g->group[r] = *known;
            continue;
        }
        size_t *id = arena_alloc(a, sizeof *id);
        *id = g->group[r] = g->n;
        strmap_put(&seen, arena_strdup(a, sig), id);
        g->cols[g->n] = arena_alloc(a, (t->ncolumns + 1) * sizeof **g->cols);
        g->ncols[g->n] = 0;
        for (size_t i = 0; i < t->ncolumns; i++)
            if (sig[i] == '1') {
                g->cols[g->n][g->ncols[g->n]++] = t->columns[i];
                g->used[i] = true;
            }
        g->n++;
    }
}

/* COPY of the rows into `target`: the temporary table, with each row's
 * group, or (group = false) the table itself. */
static int copy_rows(seeder *S, const ir_table *t, const row_groups *g, const char *target,
                     bool group)
{
    buf sql = BUF_INIT, data = BUF_INIT;
    buf_printf(&sql, "COPY %s (", target);
    for (size_t i = 0; i < t->ncolumns; i++)
        if (g->used[i])
            buf_printf(&sql, "%s, ", ir_quote_ident(&S->a, t->columns[i]->name));
    sql.len -= 2;
    buf_puts(&sql, group ? ", schemac_group) FROM STDIN" : ") FROM STDIN");
    PGresult *res = PQexec(S->c, buf_cstr(&sql));
    buf_free(&sql);
    bool copying = PQresultStatus(res) == PGRES_COPY_IN;
    if (!copying)
        diag_error(S->d, t->seed->pos, NULL, "loading the seed rows of table `%s`: %s", t->name,
                   PQresultErrorMessage(res));
    PQclear(res);
    if (!copying)
        return -1;
    int ok = 1;
    for (size_t r = 0; r < t->seed->nrows && ok == 1; r++) {
        const ir_seed_row *row = &t->seed->rows[r];
        for (size_t i = 0; i < t->ncolumns; i++) {
            if (!g->used[i])
                continue;
            const char *text = NULL;
            for (size_t j = 0; j < row->n; j++)
                if (row->values[j].col == t->columns[i])
                    text = row->values[j].text;
            if (data.len && data.data[data.len - 1] != '\n')
                buf_putc(&data, '\t');
            copy_field(&data, text);
        }
        if (group)
            buf_printf(&data, "\t%zu", g->group[r]);
        buf_putc(&data, '\n');
        if (data.len >= 1 << 16 || r + 1 == t->seed->nrows) {
            ok = PQputCopyData(S->c, data.data, (int)data.len);
            buf_clear(&data);
        }
    }
    buf_free(&data);
    if (PQputCopyEnd(S->c, ok == 1 ? NULL : "schemac: sending failed") != 1)
        ok = -1;
    res = PQgetResult(S->c);
    bool done = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!done)
        diag_error(S->d, t->seed->pos, NULL, "loading the seed rows of table `%s`: %s", t->name,
                   res ? PQresultErrorMessage(res) : PQerrorMessage(S->c));
    PQclear(res);
    while ((res = PQgetResult(S->c)))
        PQclear(res);
    return done && ok == 1 ? 0 : -1;
}

static int insert_group(seeder *S, const ir_table *t, const row_groups *g, size_t group,
                        const char *temp, table_counts *n)
{
    ir_column *const *cols = g->cols[group];
    size_t ncols = g->ncols[group];
    buf sql = BUF_INIT;
    buf_puts(&sql, "WITH w AS (");
    insert_head(S, t, cols, ncols, &sql);
    buf_puts(&sql, "SELECT ");
    for (size_t i = 0; i < ncols; i++)
        buf_printf(&sql, "%s%s", i ? ", " : "", ir_quote_ident(&S->a, cols[i]->name));
    buf_printf(&sql, " FROM %s WHERE schemac_group = %zu", temp, group);
    conflict_tail(S, t->seed, cols, ncols, &sql);
    buf_puts(&sql, ") SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT "
                   "inserted) FROM w");
    PGresult *res = run(S, buf_cstr(&sql), 0, NULL, t->seed->pos,
                        arena_printf(&S->a, "seed rows of table `%s`", t->name));
    buf_free(&sql);
    if (!res)
        return -1;
    long inserted = atol(PQgetvalue(res, 0, 0)), updated = atol(PQgetvalue(res, 0, 1));
    PQclear(res);
    size_t rows = 0;
    for (size_t r = 0; r < t->seed->nrows; r++)
        rows += g->group[r] == group;
    n->inserted += inserted;
    n->updated += updated;
    n->unchanged += (long)rows - inserted - updated;
    return 0;
}

/* An empty table takes the rows as they are: there is nothing to conflict
 * with (no two rows share a key), so the bulk form is one COPY. */
static int copy_into_empty(seeder *S, const ir_table *t, const row_groups *g, table_counts *n)
{
    const char *qt = ir_table_sql(&S->a, t);
    PGresult *res = run(S, arena_printf(&S->a, "SELECT EXISTS (SELECT FROM %s)", qt), 0, NULL,
                        t->seed->pos, arena_printf(&S->a, "seed data of table `%s`", t->name));
    if (!res)
        return -1;
    bool empty = !strcmp(PQgetvalue(res, 0, 0), "f");
    PQclear(res);
    if (!empty)
        return 1;
    if (copy_rows(S, t, g, qt, false) < 0)
        return -1;
    n->inserted = (long)t->seed->nrows;
    return 0;
}

static int seed_bulk(seeder *S, const ir_table *t, table_counts *n)
{
    row_groups g;
    group_rows(&S->a, t, &g);
    if (g.n == 1) {
        int done = copy_into_empty(S, t, &g, n);
        if (done <= 0)
            return done;
    }
    const char *temp = arena_printf(&S->a, "pg_temp.schemac_seed_%zu", t->index);
    buf sql = BUF_INIT;
    buf_printf(&sql, "CREATE TEMPORARY TABLE %s ON COMMIT DROP AS SELECT ",
               arena_printf(&S->a, "schemac_seed_%zu", t->index));
    for (size_t i = 0; i < t->ncolumns; i++)
        if (g.used[i])
            buf_printf(&sql, "%s, ", ir_quote_ident(&S->a, t->columns[i]->name));
    buf_printf(&sql, "0::bigint AS schemac_group FROM %s WITH NO DATA",
               ir_quote_ident(&S->a, t->name));
    PGresult *res = run(S, buf_cstr(&sql), 0, NULL, t->seed->pos,
                        arena_printf(&S->a, "seed data of table `%s`", t->name));
    buf_free(&sql);
    if (!res || copy_rows(S, t, &g, temp, true) < 0) {
        PQclear(res);
        return -1;
    }
    PQclear(res);
    for (size_t i = 0; i < g.n; i++)
        if (insert_group(S, t, &g, i, temp, n) < 0)
            return -1;
    res = run(S, arena_printf(&S->a, "DROP TABLE %s", temp), 0, NULL, t->seed->pos,
              "dropping the seed rows' temporary table");
    PQclear(res);
    return res ? 0 : -1;
}

static int command(seeder *S, const char *sql)
{
    PGresult *res = PQexec(S->c, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        diag_error(S->d, (src_pos){0}, NULL, "seed: `%s` failed: %s", sql, PQerrorMessage(S->c));
    PQclear(res);
    return ok ? 0 : -1;
}

/* The bulk form; when the server refuses it, row by row from the same
 * point, which names the row (or, when rows that compare equal only on the
 * server collide in one statement, seeds them one after the other). */
static int seed_table(seeder *S, const ir_table *t, table_counts *n)
{
    if (command(S, "SAVEPOINT schemac_seed") < 0)
        return -1;
    diag quiet;
    diag_init(&quiet);
    diag *d = S->d;
    S->d = &quiet;
    int err = seed_bulk(S, t, n);
    S->d = d;
    diag_free(&quiet);
    if (!err)
        return command(S, "RELEASE SAVEPOINT schemac_seed");
    *n = (table_counts){0};
    if (command(S, "ROLLBACK TO SAVEPOINT schemac_seed") < 0)
        return -1;
    return seed_rows(S, t, n);
}

/* An array literal of the key column's values, for unnest. */
static const char *key_array(arena *a, const ir_seed *seed, const ir_column *key)
{
    buf b = BUF_INIT;
    buf_putc(&b, '{');
    for (size_t r = 0; r < seed->nrows; r++)
        for (size_t i = 0; i < seed->rows[r].n; i++) {
            if (seed->rows[r].values[i].col != key)
                continue;
            buf_puts(&b, r ? ",\"" : "\"");
            for (const char *p = seed->rows[r].values[i].text; *p; p++) {
                if (*p == '"' || *p == '\\')
                    buf_putc(&b, '\\');
                buf_putc(&b, *p);
            }
            buf_putc(&b, '"');
        }
    buf_putc(&b, '}');
    const char *r = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return r;
}

/* sync: deletes the rows whose key no seed row lists. */
static int delete_unlisted(seeder *S, const ir_table *t, table_counts *n)
{
    const ir_seed *seed = t->seed;
    buf sql = BUF_INIT, cols = BUF_INIT, arrays = BUF_INIT;
    const char **values = arena_alloc(&S->a, (seed->nkey + 1) * sizeof *values);
    for (size_t i = 0; i < seed->nkey; i++) {
        const ir_column *c = seed->key_cols[i];
        buf_printf(&cols, "%s%s", i ? ", " : "", ir_quote_ident(&S->a, c->name));
        buf_printf(&arrays, "%s$%zu::%s[]", i ? ", " : "", i + 1, cast_type(&S->a, &c->type));
        values[i] = key_array(&S->a, seed, c);
    }
    buf_printf(&sql, "DELETE FROM %s WHERE (%s) NOT IN (SELECT * FROM unnest(%s))",
               ir_quote_ident(&S->a, t->name), buf_cstr(&cols), buf_cstr(&arrays));
    PGresult *res = run(S, buf_cstr(&sql), (int)seed->nkey, values, seed->pos,
                        arena_printf(&S->a, "deleting the unlisted rows of table `%s`", t->name));
    buf_free(&sql);
    buf_free(&cols);
    buf_free(&arrays);
    if (!res)
        return -1;
    n->deleted = atol(PQcmdTuples(res));
    PQclear(res);
    return 0;
}

/* Moves the sequence of each identity or serial column the rows give past
 * the largest value now in the table, so the next insert does not collide
 * with a seeded id. */
static int advance_sequences(seeder *S, const ir_table *t)
{
    for (size_t i = 0; i < t->ncolumns; i++) {
        const ir_column *c = t->columns[i];
        if (c->identity == IR_IDENTITY_NONE && !is_serial(c->type.kind))
            continue;
        bool given = false;
        for (size_t r = 0; r < t->seed->nrows && !given; r++)
            for (size_t j = 0; j < t->seed->rows[r].n && !given; j++)
                given = t->seed->rows[r].values[j].col == c;
        if (!given)
            continue;
        const char *qt = ir_quote_ident(&S->a, t->name);
        const char *sql = arena_printf(
            &S->a,
            "SELECT setval(x.s, x.m) FROM (SELECT pg_get_serial_sequence($1, $2)::regclass AS s, "
            "(SELECT max(%s) FROM %s) AS m) x JOIN pg_sequence q ON q.seqrelid = x.s "
            "WHERE x.m >= COALESCE(pg_sequence_last_value(x.s) + q.seqincrement, q.seqstart)",
            ir_quote_ident(&S->a, c->name), qt);
        const char *values[] = {qt, c->name};
        PGresult *res = run(S, sql, 2, values, t->seed->pos,
                            arena_printf(&S->a, "moving the sequence of `%s.%s`", t->name,
                                         c->name));
        if (!res)
            return -1;
        PQclear(res);
    }
    return 0;
}

/* The seeded tables, parents before the tables that reference them (a
 * cycle keeps source order). */
static size_t seed_order(const ir_schema *s, const ir_table **out)
{
    size_t n = 0, left = 0;
    bool *done = calloc(s->ntables + 1, 1);
    if (!done)
        abort();
    for (size_t i = 0; i < s->ntables; i++)
        if (s->tables[i]->seed)
            left++;
        else
            done[i] = true;
    while (left) {
        bool progress = false;
        for (size_t i = 0; i < s->ntables; i++) {
            const ir_table *t = s->tables[i];
            if (done[i])
                continue;
            bool ready = true;
            for (size_t j = 0; j < t->nfks && ready; j++)
                ready = !t->fks[j]->ref_table || t->fks[j]->ref_table == t ||
                        done[t->fks[j]->ref_table->index];
            if (!ready)
                continue;
            out[n++] = t;
            done[i] = true;
            left--;
            progress = true;
        }
        for (size_t i = 0; !progress && i < s->ntables; i++)
            if (!done[i]) {
                out[n++] = s->tables[i];
                done[i] = true;
                left--;
                progress = true;
            }
    }
    free(done);
    return n;
}

static int seed_all(seeder *S, const ir_schema *s)
{
    const ir_table **order = arena_alloc(&S->a, (s->ntables + 1) * sizeof *order);
    size_t n = seed_order(s, order);
    table_counts *counts = arena_alloc(&S->a, (n + 1) * sizeof *counts);
    for (size_t i = 0; i < n; i++)
        if (seed_table(S, order[i], &counts[i]) < 0)
            return -1;
    long refused = 0;
    for (size_t i = n; i-- > 0;) {
        if (order[i]->seed->policy != IR_SEED_SYNC)
            continue;
        if (delete_unlisted(S, order[i], &counts[i]) < 0)
            return -1;
        if (counts[i].deleted && !S->o->allow_destructive) {
            diag_error(S->d, order[i]->seed->pos,
                       "pass --allow-destructive to delete them, or list them in `rows`",
                       "seed data of table `%s` (policy sync) would delete %ld row%s it no "
                       "longer lists",
                       order[i]->name, counts[i].deleted, counts[i].deleted == 1 ? "" : "s");
            refused++;
        }
    }
    if (refused)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (advance_sequences(S, order[i]) < 0)
            return -1;
    const char *would = S->o->dry_run ? "would be " : "";
    for (size_t i = 0; i < n; i++) {
        const table_counts *c = &counts[i];
        fprintf(S->o->out, "seed %s (%s): %ld %sinserted, %ld %supdated, %ld unchanged",
                order[i]->name, ir_seed_policy_names[order[i]->seed->policy], c->inserted, would,
                c->updated, would, c->unchanged);
        if (order[i]->seed->policy == IR_SEED_SYNC)
            fprintf(S->o->out, ", %ld %sdeleted", c->deleted, would);
        fputc('\n', S->o->out);
    }
    return 0;
}

int seed_apply(PGconn *c, const ir_schema *s, const seed_options *o, diag *d)
{
    seeder S = {c, o, ARENA_INIT, d};
    if (!seed_any(s)) {
        fprintf(o->out, "no seed data defined\n");
        return 0;
    }
    PGresult *res = PQexec(c, "BEGIN");
    bool began = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    int err = began ? seed_all(&S, s) : -1;
    if (!began)
        diag_error(d, (src_pos){0}, NULL, "cannot start the seed transaction: %s",
                   PQerrorMessage(c));
    if (began) {
        bool commit = !err && !o->dry_run;
        res = PQexec(c, commit ? "COMMIT" : "ROLLBACK");
        if (commit && PQresultStatus(res) != PGRES_COMMAND_OK) {
            diag_error(d, (src_pos){0}, NULL, "seed: COMMIT failed: %s", PQerrorMessage(c));
            err = -1;
        }
        PQclear(res);
        if (err)
            diag_note(d, (src_pos){0}, "the seed transaction was rolled back: nothing changed");
        else if (o->dry_run)
            fprintf(o->out, "dry run: rolled back, nothing changed\n");
    }
    arena_free(&S.a);
    return err;
}
