/* drift: models × live database; see drift.h. The order of the work:
 *   1. inspect the database (five queries), keeping its names;
 *   2. collect the models' expressions whose text is not already the
 *      database's, one request per distinct (kind, table, type, text);
 *   3. send them all in one script: a temporary function, one SELECT over
 *      the requests, ROLLBACK (one round trip);
 *   4. put the server's spelling back into the models. */
#include "drift.h"

#include <string.h>

#include "buf.h"
#include "plan.h"

typedef enum norm_kind { NORM_DEFAULT, NORM_CHECK, NORM_WHERE, NORM_ELEMENT, NORM_POLICY } norm_kind;

static const char *const kind_names[] = {"default", "check", "where", "element", "policy"};

/* One distinct expression to normalise, and the places that use it. */
typedef struct request {
    norm_kind kind;
    const char *rel;  /* table oid (not for defaults) */
    const char *type; /* column type (defaults) or index method */
    const char *expr;
    const char ***targets;
    size_t ntargets, cap;
    const char *result;
} request;

typedef struct normalizer {
    arena *a;
    request *reqs;
    size_t n, cap;
    strmap by_key;
    strmap live_texts; /* "oid kind text" of what the database has */
} normalizer;

static const char *key(normalizer *N, norm_kind kind, const char *rel, const char *type,
                       const char *expr)
{
    return arena_printf(N->a, "%d\x1f%s\x1f%s\x1f%s", kind, rel ? rel : "", type ? type : "",
                        expr);
}

static void remember_live(normalizer *N, norm_kind kind, const char *rel, const char *expr)
{
    if (expr)
        strmap_put(&N->live_texts, key(N, kind, rel, NULL, expr), (void *)expr);
}

/* Asks for *target to be normalised unless the database has that text. */
static void ask(normalizer *N, norm_kind kind, const char *rel, const char *type,
                const char **target)
{
    if (!*target || strmap_get(&N->live_texts, key(N, kind, rel, NULL, *target)))
        return;
    const char *k = key(N, kind, rel, type, *target);
    request *r = strmap_get(&N->by_key, k);
    if (!r) {
        if (N->n == N->cap) {
            /* Pointers into reqs live in by_key: grow by moving, then refill. */
            N->reqs = arena_grow(N->a, N->reqs, sizeof *N->reqs, &N->cap, N->n + 1);
            strmap_clear(&N->by_key);
            for (size_t i = 0; i < N->n; i++)
                strmap_put(&N->by_key,
                           key(N, N->reqs[i].kind, N->reqs[i].rel, N->reqs[i].type,
                               N->reqs[i].expr),
                           &N->reqs[i]);
        }
        r = &N->reqs[N->n++];
        memset(r, 0, sizeof *r);
        r->kind = kind;
        r->rel = rel;
        r->type = type;
        r->expr = *target;
        strmap_put(&N->by_key, k, r);
    }
    r->targets = arena_grow(N->a, r->targets, sizeof *r->targets, &r->cap, r->ntargets + 1);
    r->targets[r->ntargets++] = target;
}

static void remember_index(normalizer *N, const char *rel, const ir_index *ix)
{
    remember_live(N, NORM_WHERE, rel, ix->where);
    for (size_t k = 0; ix->elems && k < ix->columns.n; k++)
        remember_live(N, NORM_ELEMENT, rel, ix->elems[k].expression);
}

static void ask_index(normalizer *N, const char *rel, ir_index *ix)
{
    ask(N, NORM_WHERE, rel, ix->method, &ix->where);
    for (size_t k = 0; ix->elems && k < ix->columns.n; k++)
        ask(N, NORM_ELEMENT, rel, ix->method, &ix->elems[k].expression);
}

/* The function runs each request in its own subtransaction (the EXCEPTION
 * block): a model expression the server refuses stays as written, and
 * then shows as a difference. Tables are LIKE copies of the live ones, so
 * column names and types are the database's. */
static const char normalize_function[] =
    "CREATE FUNCTION pg_temp.schemac_normalize(kind text, rel oid, typ text, expr text)\n"
    "RETURNS text LANGUAGE plpgsql AS $schemac$\n"
    "DECLARE t text := 'schemac_n' || coalesce(rel, 0); r text;\n"
    "BEGIN\n"
    "  IF kind = 'default' THEN\n"
    "    EXECUTE format('CREATE TEMP TABLE schemac_d (x %s DEFAULT %s)', typ, expr);\n"
    "    SELECT pg_get_expr(adbin, adrelid) INTO r FROM pg_attrdef\n"
    "      WHERE adrelid = 'pg_temp.schemac_d'::regclass;\n"
    "    DROP TABLE pg_temp.schemac_d;\n"
    "    RETURN r;\n"
    "  END IF;\n"
    "  IF to_regclass('pg_temp.' || t) IS NULL THEN\n"
    "    EXECUTE format('CREATE TEMP TABLE %I (LIKE %s)', t, rel::regclass);\n"
    "  END IF;\n"
    "  IF kind = 'check' THEN\n"
    "    EXECUTE format('ALTER TABLE pg_temp.%I ADD CONSTRAINT schemac_c CHECK (%s) NOT VALID',"
    " t, expr);\n"
    "    SELECT pg_get_expr(conbin, conrelid, true) INTO r FROM pg_constraint\n"
    "      WHERE conrelid = ('pg_temp.' || t)::regclass AND conname = 'schemac_c';\n"
    "    EXECUTE format('ALTER TABLE pg_temp.%I DROP CONSTRAINT schemac_c', t);\n"
    "  ELSIF kind = 'policy' THEN\n"
    "    EXECUTE format('CREATE POLICY schemac_p ON pg_temp.%I USING (%s)', t, expr);\n"
    "    SELECT pg_get_expr(polqual, polrelid) INTO r FROM pg_policy\n"
    "      WHERE polrelid = ('pg_temp.' || t)::regclass AND polname = 'schemac_p';\n"
    "    EXECUTE format('DROP POLICY schemac_p ON pg_temp.%I', t);\n"
    "  ELSE\n"
    "    IF kind = 'where' THEN\n"
    "      EXECUTE format('CREATE INDEX schemac_i ON pg_temp.%I ((1)) WHERE %s', t, expr);\n"
    "      SELECT pg_get_expr(indpred, indrelid, true) INTO r FROM pg_index\n"
    "        WHERE indexrelid = 'pg_temp.schemac_i'::regclass;\n"
    "    ELSE\n"
    "      EXECUTE format('CREATE INDEX schemac_i ON pg_temp.%I USING %s ((%s))', t, typ, expr);\n"
    "      SELECT pg_get_indexdef(indexrelid, 1, true) INTO r FROM pg_index\n"
    "        WHERE indexrelid = 'pg_temp.schemac_i'::regclass;\n"
    "    END IF;\n"
    "    DROP INDEX pg_temp.schemac_i;\n"
    "  END IF;\n"
    "  RETURN r;\n"
    "EXCEPTION WHEN OTHERS THEN RETURN NULL;\n"
    "END\n"
    "$schemac$;\n";

static void put_literal(buf *b, PGconn *conn, const char *text)
{
    if (!text) {
        buf_puts(b, "NULL");
        return;
    }
    char *q = PQescapeLiteral(conn, text, strlen(text));
    buf_puts(b, q ? q : "NULL");
    PQfreemem(q);
}

static int run_requests(live_db *db, normalizer *N, diag *d)
{
    if (!N->n)
        return 0;
    buf sql = BUF_INIT;
    buf_puts(&sql, "BEGIN;\n");
    buf_puts(&sql, normalize_function);
    buf_puts(&sql, "SELECT pg_temp.schemac_normalize(kind, rel, typ, expr) FROM (VALUES\n");
    for (size_t i = 0; i < N->n; i++) {
        request *r = &N->reqs[i];
        buf_printf(&sql, "%s(%zu, '%s', ", i ? ",\n" : "", i, kind_names[r->kind]);
        if (r->rel)
            buf_printf(&sql, "%s::oid, ", r->rel);
        else
            buf_puts(&sql, "NULL::oid, ");
        put_literal(&sql, db->conn, r->type);
        buf_puts(&sql, ", ");
        put_literal(&sql, db->conn, r->expr);
        buf_putc(&sql, ')');
    }
    buf_puts(&sql, ") v(i, kind, rel, typ, expr) ORDER BY i;\nROLLBACK;\n");
    PGresult *res = live_script(db, buf_cstr(&sql), d);
    buf_free(&sql);
    if (!res) {
        PQexec(db->conn, "ROLLBACK"); /* the script stopped inside its transaction */
        return -1;
    }
    for (int i = 0; i < PQntuples(res) && (size_t)i < N->n; i++)
        if (!PQgetisnull(res, i, 0))
            N->reqs[i].result = arena_strdup(N->a, PQgetvalue(res, i, 0));
    PQclear(res);
    return 0;
}

/* A role the models declare and the database has, but no grant names,
 * is not drift: the live side declares it too. */
static int known_roles(live_db *db, ir_schema *live, const ir_schema *model, diag *d)
{
    buf sql = BUF_INIT;
    for (size_t i = 0; i < model->nroles; i++) {
        bool listed = false;
        for (size_t j = 0; j < live->nroles && !listed; j++)
            listed = !strcmp(live->roles[j]->name, model->roles[i]->name);
        if (listed)
            continue;
        buf_puts(&sql, sql.len ? ", " : "SELECT rolname FROM pg_roles WHERE rolname IN (");
        put_literal(&sql, db->conn, model->roles[i]->name);
    }
    if (!sql.len)
        return 0;
    buf_putc(&sql, ')');
    PGresult *r = live_query(db, buf_cstr(&sql), d);
    buf_free(&sql);
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++) {
        ir_role *role = arena_alloc(&live->arena, sizeof *role);
        role->name = arena_strdup(&live->arena, PQgetvalue(r, i, 0));
        ir_schema_add_role(live, role);
    }
    PQclear(r);
    return 0;
}

int drift_prepare(live_db *db, ir_schema *model, const char *const *schemas, size_t nschemas,
                  drift_sides *out, diag *d)
{
    memset(out, 0, sizeof *out);
    inspect_options o = INSPECT_OPTIONS_INIT;
    o.schemas = schemas;
    o.nschemas = nschemas;
    if (!nschemas) {
        /* By default: public and the namespaces the models use. */
        const char **read = arena_alloc(&model->arena, (model->ntables + 1) * sizeof *read);
        strmap seen;
        strmap_init(&seen, &model->arena);
        read[o.nschemas++] = "public";
        for (size_t i = 0; i < model->ntables; i++) {
            const char *ns = model->tables[i]->namespace;
            if (ns && !strmap_put(&seen, ns, (void *)ns))
                read[o.nschemas++] = ns;
        }
        o.schemas = read;
    }
    o.name = model->name;
    o.exact_names = true;
    if (inspect_database(db, &o, &out->live, d) < 0)
        return -1;
    if (drift_normalize(db, out, model, d) < 0) {
        drift_free(out);
        return -1;
    }
    return 0;
}

int drift_normalize(live_db *db, drift_sides *sides, ir_schema *model, diag *d)
{
    const ir_schema *live = sides->live.schema;
    const strmap *oids = &sides->live.table_oids;
    normalizer N = {.a = &model->arena};
    strmap_init(&N.by_key, N.a);
    strmap_init(&N.live_texts, N.a);
    /* What the database has, by table. */
    for (size_t i = 0; i < live->ntables; i++) {
        const ir_table *t = live->tables[i];
        const char *rel = strmap_get(oids, t->qualified);
        for (size_t j = 0; j < t->nchecks; j++)
            remember_live(&N, NORM_CHECK, rel, t->checks[j]->expr);
        for (size_t j = 0; j < t->nindexes; j++)
            remember_index(&N, rel, t->indexes[j]);
        for (size_t j = 0; j < t->nexclusions; j++)
            remember_index(&N, rel, &t->exclusions[j]->index);
        for (size_t j = 0; j < t->npolicies; j++) {
            remember_live(&N, NORM_POLICY, rel, t->policies[j]->using_expr);
            remember_live(&N, NORM_POLICY, rel, t->policies[j]->check_expr);
        }
    }
    /* What the models say, where it differs in text. */
    for (size_t i = 0; i < model->ntables; i++) {
        ir_table *t = model->tables[i];
        const ir_table *lt = ir_find_table(live, t->qualified);
        if (!lt)
            continue; /* created whole: nothing to compare */
        const char *rel = strmap_get(oids, t->qualified);
        for (size_t j = 0; j < t->ncolumns; j++) {
            ir_column *c = t->columns[j];
            const ir_column *lc = ir_find_column(lt, c->name);
            if (c->def.kind == IR_DEFAULT_NONE || !lc || lc->def.kind == IR_DEFAULT_NONE)
                continue;
            const char *mine = plan_default_sql(N.a, &c->type, &c->def);
            if (!strcmp(mine, plan_default_sql(N.a, &lc->type, &lc->def)))
                continue;
            c->def.kind = IR_DEFAULT_SQL;
            c->def.text = mine;
            ask(&N, NORM_DEFAULT, NULL, ir_type_sql(N.a, &c->type), &c->def.text);
        }
        for (size_t j = 0; j < t->nchecks; j++)
            ask(&N, NORM_CHECK, rel, NULL, &t->checks[j]->expr);
        for (size_t j = 0; j < t->nindexes; j++)
            ask_index(&N, rel, t->indexes[j]);
        for (size_t j = 0; j < t->nexclusions; j++)
            ask_index(&N, rel, &t->exclusions[j]->index);
        for (size_t j = 0; j < t->npolicies; j++)
            if (!t->policies[j]->derived) { /* derived ones match derived ones */
                ask(&N, NORM_POLICY, rel, NULL, &t->policies[j]->using_expr);
                ask(&N, NORM_POLICY, rel, NULL, &t->policies[j]->check_expr);
            }
    }
    if (run_requests(db, &N, d) < 0 || known_roles(db, sides->live.schema, model, d) < 0)
        return -1;
    for (size_t i = 0; i < N.n; i++)
        if (N.reqs[i].result) {
            sides->normalized++;
            for (size_t k = 0; k < N.reqs[i].ntargets; k++)
                *N.reqs[i].targets[k] = N.reqs[i].result;
        }
    return 0;
}

void drift_free(drift_sides *sides)
{
    ir_schema_free(sides->live.schema);
    sides->live.schema = NULL;
}

src_pos drift_change_pos(const diff_change *c)
{
    if (c->new_column)
        return c->new_column->pos;
    if (c->new_obj) {
        switch (c->kind) {
        case DIFF_ADD_PRIMARY_KEY:
        case DIFF_ADD_UNIQUE:
            return ((const ir_key *)c->new_obj)->pos;
        case DIFF_ADD_CHECK:
            return ((const ir_check *)c->new_obj)->pos;
        case DIFF_ADD_FK:
        case DIFF_ALTER_FK_DEFERRABLE:
            return ((const ir_fk *)c->new_obj)->pos;
        case DIFF_ADD_EXCLUSION:
            return ((const ir_exclusion *)c->new_obj)->pos;
        case DIFF_CREATE_INDEX:
            return ((const ir_index *)c->new_obj)->pos;
        default:
            break;
        }
    }
    if (c->new_enum)
        return c->new_enum->pos;
    if (c->new_table)
        return c->new_table->pos;
    return (src_pos){0};
}

/* What differs, for the changes where the description does not say. */
static const char *detail(arena *a, const diff_change *c)
{
    switch (c->kind) {
    case DIFF_ALTER_DEFAULT: {
        const ir_column *o = c->old_column, *n = c->new_column;
        return arena_printf(a, "database: %s; models: %s",
                            o->def.kind ? plan_default_sql(a, &o->type, &o->def) : "none",
                            n->def.kind ? plan_default_sql(a, &n->type, &n->def) : "none");
    }
    case DIFF_ADD_CHECK:
        return arena_printf(a, "models: CHECK (%s)", ((const ir_check *)c->new_obj)->expr);
    case DIFF_DROP_CHECK:
        return arena_printf(a, "database: CHECK (%s)", ((const ir_check *)c->old_obj)->expr);
    case DIFF_CREATE_INDEX:
    case DIFF_DROP_INDEX: {
        const ir_index *ix = c->kind == DIFF_CREATE_INDEX ? c->new_obj : c->old_obj;
        return ix->where ? arena_printf(a, "%s: WHERE %s",
                                        c->kind == DIFF_CREATE_INDEX ? "models" : "database",
                                        ix->where)
                         : NULL;
    }
    case DIFF_ADD_FK:
    case DIFF_DROP_FK: {
        const ir_fk *fk = c->kind == DIFF_ADD_FK ? c->new_obj : c->old_obj;
        return arena_printf(a, "%s: REFERENCES %s ON DELETE %s ON UPDATE %s%s%s",
                            c->kind == DIFF_ADD_FK ? "models" : "database", fk->ref_table_name,
                            ir_fk_action_sql(fk->on_delete), ir_fk_action_sql(fk->on_update),
                            fk->match_full ? " MATCH FULL" : "", ir_deferrable_sql(fk->deferrable));
    }
    case DIFF_TABLE_COMMENT:
    case DIFF_COLUMN_COMMENT: {
        bool table = c->kind == DIFF_TABLE_COMMENT;
        const char *o = table ? (c->old_table ? c->old_table->comment : NULL)
                              : (c->old_column ? c->old_column->comment : NULL);
        const char *n = table ? c->new_table->comment : c->new_column->comment;
        return arena_printf(a, "database: %s; models: %s", o ? o : "none", n ? n : "none");
    }
    default:
        return NULL;
    }
}

void drift_write_report(const diff_result *diff, FILE *out)
{
    arena a = ARENA_INIT;
    for (size_t i = 0; i < diff->n; i++) {
        const diff_change *c = &diff->changes[i];
        src_pos p = drift_change_pos(c);
        const char *what = diff_describe(&a, c), *more = detail(&a, c);
        if (p.file && p.line)
            fprintf(out, "%s:%d: %s", p.file, p.line, what);
        else if (p.file)
            fprintf(out, "%s: %s", p.file, what);
        else
            fprintf(out, "(database only): %s", what);
        if (more)
            fprintf(out, " (%s)", more);
        fputc('\n', out);
    }
    arena_free(&a);
}
