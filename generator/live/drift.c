/* drift: models × live database; see drift.h. The order of the work:
 *   1. inspect the database (seven queries), keeping its names;
 *   2. collect the models' expressions whose text is not already the
 *      database's, one request per distinct (kind, table, type, text):
 *      defaults, checks, index expressions and predicates, policies,
 *      generation expressions, domain checks, function arguments and
 *      results, trigger conditions, partition bounds;
 *   3. send them all in one script: a temporary function, one SELECT over
 *      the requests, ROLLBACK (one round trip);
 *   4. put the server's spelling back into the models where it is the
 *      database's (elsewhere the models' text stays, for the report). */
#include "drift.h"

#include <string.h>

#include "buf.h"
#include "ir_objects.h"
#include "plan.h"

typedef enum norm_kind {
    NORM_DEFAULT,
    NORM_CHECK,
    NORM_WHERE,
    NORM_ELEMENT,
    NORM_POLICY,
    NORM_GENERATED,    /* type: the column's */
    NORM_DOMAIN_CHECK, /* type: the domain's base type */
    NORM_ARGUMENTS,    /* type: the function's result */
    NORM_RESULT,       /* type: the function's arguments */
    NORM_WHEN,         /* type: "BEFORE UPDATE FOR EACH ROW" */
    NORM_BOUND,        /* type: the parent's "RANGE (day)" */
} norm_kind;

static const char *const kind_names[] = {"default",   "check",        "where",
                                         "element",   "policy",       "generated",
                                         "domain",    "arguments",    "result",
                                         "when",      "bound"};

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

/* The texts of the database's domains, functions and triggers. */
static void remember_objects(normalizer *N, const ir_schema *live, const strmap *oids)
{
    for (size_t i = 0; i < live->ntables; i++) {
        const ir_table *t = live->tables[i];
        for (size_t j = 0; j < t->ncolumns; j++)
            remember_live(N, NORM_GENERATED, strmap_get(oids, t->name), t->columns[j]->generated);
    }
    for (size_t i = 0; i < live->ndomains; i++)
        for (size_t j = 0; j < live->domains[i]->nchecks; j++)
            remember_live(N, NORM_DOMAIN_CHECK, NULL, live->domains[i]->checks[j]->expr);
    for (size_t i = 0; i < live->nfunctions; i++) {
        remember_live(N, NORM_ARGUMENTS, NULL, live->functions[i]->arguments);
        remember_live(N, NORM_RESULT, NULL, live->functions[i]->returns);
    }
    for (size_t i = 0; i < live->ntriggers; i++)
        remember_live(N, NORM_WHEN, strmap_get(oids, live->triggers[i]->on),
                      live->triggers[i]->when);
}

/* The models' domains, functions and triggers where the database has one
 * of that name. */
static void ask_objects(normalizer *N, ir_schema *model, const ir_schema *live,
                        const strmap *oids)
{
    static const char *const timings[] = {"BEFORE", "AFTER", "INSTEAD OF"};
    for (size_t i = 0; i < model->ndomains; i++) {
        ir_domain *dom = model->domains[i];
        const ir_domain *ld = ir_find_domain(live, dom->qualified);
        if (!ld)
            continue;
        if (dom->def.kind != IR_DEFAULT_NONE && ld->def.kind != IR_DEFAULT_NONE) {
            const char *mine = plan_default_sql(N->a, &dom->type, &dom->def);
            if (strcmp(mine, plan_default_sql(N->a, &ld->type, &ld->def)) != 0) {
                dom->def.kind = IR_DEFAULT_SQL;
                dom->def.text = mine;
                ask(N, NORM_DEFAULT, NULL, ir_type_sql(N->a, &dom->type), &dom->def.text);
            }
        }
        for (size_t j = 0; j < dom->nchecks; j++)
            ask(N, NORM_DOMAIN_CHECK, NULL, ir_type_sql(N->a, &dom->type), &dom->checks[j]->expr);
    }
    for (size_t i = 0; i < model->nfunctions; i++) {
        ir_function *f = model->functions[i];
        const ir_function *lf = ir_find_function(live, f->name);
        if (!lf)
            continue;
        /* The server keeps the body as the plan sends it: trimmed at its end. */
        size_t n = strcmp(f->body, lf->body) ? strlen(f->body) : 0;
        while (n && strchr(" \t\r\n", f->body[n - 1]))
            n--;
        if (n)
            f->body = arena_strndup(N->a, f->body, n);
        const char *arguments = f->arguments, *returns = f->returns;
        ask(N, NORM_ARGUMENTS, NULL, returns, &f->arguments);
        ask(N, NORM_RESULT, NULL, arguments, &f->returns);
    }
    for (size_t i = 0; i < model->ntriggers; i++) {
        ir_trigger *g = model->triggers[i];
        const char *rel = strmap_get(oids, g->on);
        if (rel && g->when)
            ask(N, NORM_WHEN, rel,
                arena_printf(N->a, "%s %s ON $TABLE FOR EACH %s", timings[g->timing],
                             ir_trigger_events_sql(N->a, g->events),
                             g->for_each_row ? "ROW" : "STATEMENT"),
                &g->when);
    }
}

/* A model partition whose bound is spelled otherwise than the database's
 * (`2024-1-1`, a timestamptz key's `2024-01-01`): both bounds go to the
 * server, and when it prints them alike the model takes the database's. */
typedef struct bound_pair {
    ir_partition *mine;
    const ir_partition *theirs;
    const char *mine_text, *their_text; /* normalised in place by the server */
} bound_pair;

static bound_pair *ask_bounds(normalizer *N, ir_table *t, const ir_table *lt, const char *rel,
                              size_t *n)
{
    *n = 0;
    if (!rel || !t->partition_method || t->partition_method != lt->partition_method)
        return NULL;
    bound_pair *pairs = arena_alloc(N->a, (t->npartitions + 1) * sizeof *pairs);
    buf by = BUF_INIT;
    buf_printf(&by, "%s (", ir_partition_method_names[t->partition_method]);
    for (size_t k = 0; k < t->partition_key.n; k++)
        buf_printf(&by, "%s%s", k ? ", " : "", ir_quote_ident(N->a, t->partition_key.names[k]));
    buf_putc(&by, ')');
    const char *method = arena_strdup(N->a, buf_cstr(&by));
    buf_free(&by);
    for (size_t j = 0; j < t->npartitions; j++) {
        const ir_partition *theirs = NULL;
        for (size_t k = 0; k < lt->npartitions && !theirs; k++)
            if (!strcmp(lt->partitions[k]->name, t->partitions[j]->name))
                theirs = lt->partitions[k];
        if (!theirs || theirs->is_default || t->partitions[j]->is_default)
            continue;
        const char *mine = ir_partition_bound_sql(N->a, t->partitions[j]);
        const char *their = ir_partition_bound_sql(N->a, theirs);
        if (!strcmp(mine, their))
            continue;
        bound_pair *b = &pairs[(*n)++];
        *b = (bound_pair){t->partitions[j], theirs, mine, their};
        ask(N, NORM_BOUND, rel, method, &b->mine_text);
        ask(N, NORM_BOUND, rel, method, &b->their_text);
    }
    return pairs;
}

/* The function runs each request in its own subtransaction (the EXCEPTION
 * block): a model expression the server refuses stays as written, and
 * then shows as a difference. Tables are copies of the live ones' columns
 * (names, types, collations) read from pg_attribute, which any role may
 * read: LIKE would need SELECT on the table, and a role without it (a CI
 * role that may only look at the catalog) would see every check differ. */
static const char normalize_function[] =
    "CREATE FUNCTION pg_temp.schemac_normalize(kind text, rel oid, typ text, expr text)\n"
    "RETURNS text LANGUAGE plpgsql AS $schemac$\n"
    "DECLARE t text := 'schemac_n' || coalesce(rel, 0); r text; cols text;\n"
    "BEGIN\n"
    "  IF kind = 'bound' OR kind NOT IN ('default', 'domain', 'arguments', 'result')\n"
    "     AND to_regclass('pg_temp.' || t) IS NULL THEN\n"
    "    SELECT coalesce(string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod))\n"
    "        || CASE WHEN a.attcollation <> y.typcollation\n"
    "           THEN ' COLLATE ' || a.attcollation::regcollation ELSE '' END, ', ' ORDER BY a.attnum), '')\n"
    "      INTO cols FROM pg_attribute a JOIN pg_type y ON y.oid = a.atttypid\n"
    "      WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped;\n"
    "  END IF;\n"
    "  IF kind = 'default' THEN\n"
    "    EXECUTE format('CREATE TEMP TABLE schemac_d (x %s DEFAULT %s)', typ, expr);\n"
    "    SELECT pg_get_expr(adbin, adrelid) INTO r FROM pg_attrdef\n"
    "      WHERE adrelid = 'pg_temp.schemac_d'::regclass;\n"
    "    DROP TABLE pg_temp.schemac_d;\n"
    "    RETURN r;\n"
    "  END IF;\n"
    "  IF kind = 'domain' THEN\n"
    "    EXECUTE format('CREATE DOMAIN pg_temp.schemac_dom AS %s CHECK (%s)', typ, expr);\n"
    "    SELECT pg_get_expr(conbin, 0, true) INTO r FROM pg_constraint\n"
    "      WHERE contypid = to_regtype('pg_temp.schemac_dom');\n"
    "    DROP DOMAIN pg_temp.schemac_dom;\n"
    "    RETURN r;\n"
    "  END IF;\n"
    "  IF kind IN ('arguments', 'result') THEN\n"
    "    IF kind = 'arguments' THEN\n"
    "      EXECUTE format('CREATE FUNCTION pg_temp.schemac_f(%s) RETURNS %s LANGUAGE plpgsql '\n"
    "        'AS $$BEGIN END$$', expr, typ);\n"
    "      SELECT pg_get_function_arguments(to_regproc('pg_temp.schemac_f')) INTO r;\n"
    "    ELSE\n"
    "      EXECUTE format('CREATE FUNCTION pg_temp.schemac_f(%s) RETURNS %s LANGUAGE plpgsql '\n"
    "        'AS $$BEGIN END$$', typ, expr);\n"
    "      SELECT pg_get_function_result(to_regproc('pg_temp.schemac_f')) INTO r;\n"
    "    END IF;\n"
    "    DROP FUNCTION pg_temp.schemac_f;\n"
    "    RETURN r;\n"
    "  END IF;\n"
    "  IF kind = 'bound' THEN\n"
    "    EXECUTE format('CREATE TEMP TABLE schemac_pt (%s) PARTITION BY %s', cols, typ);\n"
    "    EXECUTE 'CREATE TEMP TABLE schemac_pp PARTITION OF pg_temp.schemac_pt ' || expr;\n"
    "    SELECT pg_get_expr(relpartbound, oid) INTO r FROM pg_class\n"
    "      WHERE oid = 'pg_temp.schemac_pp'::regclass;\n"
    "    DROP TABLE pg_temp.schemac_pt;\n"
    "    RETURN r;\n"
    "  END IF;\n"
    "  IF to_regclass('pg_temp.' || t) IS NULL THEN\n"
    "    EXECUTE format('CREATE TEMP TABLE %I (%s)', t, cols);\n"
    "  END IF;\n"
    "  IF kind = 'check' THEN\n"
    "    EXECUTE format('ALTER TABLE pg_temp.%I ADD CONSTRAINT schemac_c CHECK (%s) NOT VALID',"
    " t, expr);\n"
    "    SELECT pg_get_expr(conbin, conrelid, true) INTO r FROM pg_constraint\n"
    "      WHERE conrelid = ('pg_temp.' || t)::regclass AND conname = 'schemac_c';\n"
    "    EXECUTE format('ALTER TABLE pg_temp.%I DROP CONSTRAINT schemac_c', t);\n"
    "  ELSIF kind = 'generated' THEN\n"
    "    EXECUTE format('ALTER TABLE pg_temp.%I ADD COLUMN schemac_g %s GENERATED ALWAYS AS (%s) '\n"
    "      'STORED', t, typ, expr);\n"
    "    SELECT pg_get_expr(d.adbin, d.adrelid) INTO r FROM pg_attrdef d JOIN pg_attribute a\n"
    "      ON a.attrelid = d.adrelid AND a.attnum = d.adnum\n"
    "      WHERE d.adrelid = ('pg_temp.' || t)::regclass AND a.attname = 'schemac_g';\n"
    "    EXECUTE format('ALTER TABLE pg_temp.%I DROP COLUMN schemac_g', t);\n"
    "  ELSIF kind = 'when' THEN\n"
    "    EXECUTE 'CREATE TRIGGER schemac_t ' || replace(typ, '$TABLE', format('pg_temp.%I', t))\n"
    "      || ' WHEN (' || expr || ') EXECUTE FUNCTION pg_temp.schemac_trigger()';\n"
    "    SELECT substring(pg_get_triggerdef(oid, true) FROM ' WHEN \\((.*)\\) EXECUTE FUNCTION ')\n"
    "      INTO r FROM pg_trigger WHERE tgrelid = ('pg_temp.' || t)::regclass\n"
    "      AND tgname = 'schemac_t';\n"
    "    EXECUTE format('DROP TRIGGER schemac_t ON pg_temp.%I', t);\n"
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
    buf_puts(&sql, "CREATE FUNCTION pg_temp.schemac_trigger() RETURNS trigger LANGUAGE plpgsql "
                   "AS $$BEGIN RETURN NULL; END$$;\n");
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
        size_t n = model->ntables + model->nenums + model->ndomains;
        const char **read = arena_alloc(&model->arena, (n + 2) * sizeof *read);
        strmap seen;
        strmap_init(&seen, &model->arena);
        read[o.nschemas++] = "public";
        for (size_t i = 0; i < n; i++) {
            const char *ns = i < model->ntables ? model->tables[i]->namespace
                             : i < model->ntables + model->nenums
                                 ? model->enums[i - model->ntables]->namespace
                                 : model->domains[i - model->ntables - model->nenums]->namespace;
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

/* Is the database's default `theirs` the literal `mine` cast to the
 * column's type, as the server prints it ('draft'::post_status,
 * 'x'::text)? Then it is the same default, with no round trip; any other
 * spelling is the server's to compare. */
static bool same_literal(arena *a, const char *mine, const ir_type *type, const char *theirs)
{
    size_t n = strlen(mine);
    return n >= 2 && mine[0] == '\'' && mine[n - 1] == '\'' && !strncmp(theirs, mine, n) &&
           !strncmp(theirs + n, "::", 2) && !strcmp(theirs + n + 2, ir_type_sql(a, type));
}

int drift_normalize(live_db *db, drift_sides *sides, ir_schema *model, diag *d)
{
    const ir_schema *live = sides->live.schema;
    const strmap *oids = &sides->live.table_oids;
    normalizer N = {.a = &model->arena};
    bound_pair **bounds = arena_alloc(N.a, (model->ntables + 1) * sizeof *bounds);
    size_t *nbounds = arena_alloc(N.a, (model->ntables + 1) * sizeof *nbounds);
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
    remember_objects(&N, live, oids);
    /* What the models say, where it differs in text. */
    for (size_t i = 0; i < model->ntables; i++) {
        ir_table *t = model->tables[i];
        const ir_table *lt = ir_find_table(live, t->qualified);
        if (!lt)
            continue; /* created whole: nothing to compare */
        const char *rel = strmap_get(oids, t->qualified);
        bounds[i] = ask_bounds(&N, t, lt, rel, &nbounds[i]);
        for (size_t j = 0; j < t->ncolumns; j++) {
            ir_column *c = t->columns[j];
            const ir_column *lc = ir_find_column(lt, c->name);
            if (c->def.kind == IR_DEFAULT_NONE || !lc || lc->def.kind == IR_DEFAULT_NONE)
                continue;
            const char *mine = plan_default_sql(N.a, &c->type, &c->def);
            const char *theirs = plan_default_sql(N.a, &lc->type, &lc->def);
            if (!strcmp(mine, theirs))
                continue;
            c->def.kind = IR_DEFAULT_SQL;
            if (same_literal(N.a, mine, &c->type, theirs)) {
                c->def.text = theirs;
                continue;
            }
            c->def.text = mine;
            ask(&N, NORM_DEFAULT, NULL, ir_type_sql(N.a, &c->type), &c->def.text);
        }
        for (size_t j = 0; j < t->ncolumns; j++)
            if (t->columns[j]->identity)
                inspect_sequence_canonical(&t->columns[j]->sequence, t->columns[j]->type.kind);
        for (size_t j = 0; j < t->ncolumns; j++)
            ask(&N, NORM_GENERATED, rel, ir_type_sql(N.a, &t->columns[j]->type),
                &t->columns[j]->generated);
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
    ask_objects(&N, model, live, oids);
    if (run_requests(db, &N, d) < 0 || known_roles(db, sides->live.schema, model, d) < 0)
        return -1;
    for (size_t i = 0; i < N.n; i++) {
        request *r = &N.reqs[i];
        /* The server's spelling replaces the models' only where it is the
         * database's: a difference keeps the text as written, for the
         * report and for the repair (the server's spelling, parsed again,
         * is not always spelled back the same). */
        if (r->result && r->kind != NORM_DEFAULT && r->kind != NORM_BOUND &&
            !strmap_get(&N.live_texts, key(&N, r->kind, r->rel, NULL, r->result)))
            r->result = NULL;
        if (r->result) {
            sides->normalized++;
            for (size_t k = 0; k < N.reqs[i].ntargets; k++)
                *N.reqs[i].targets[k] = N.reqs[i].result;
        }
    }
    /* A bound the server prints as the database's is the database's. */
    for (size_t i = 0; i < model->ntables; i++)
        for (size_t j = 0; bounds[i] && j < nbounds[i]; j++) {
            bound_pair *b = &bounds[i][j];
            if (!strcmp(b->mine_text, b->their_text)) {
                ir_partition *p = b->mine;
                p->from = b->theirs->from, p->nfrom = b->theirs->nfrom;
                p->to = b->theirs->to, p->nto = b->theirs->nto;
                p->values = b->theirs->values, p->nvalues = b->theirs->nvalues;
                p->modulus = b->theirs->modulus, p->remainder = b->theirs->remainder;
            }
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
        case DIFF_CREATE_VIEW_INDEX:
            return ((const ir_index *)c->new_obj)->pos;
        case DIFF_CREATE_DOMAIN:
        case DIFF_ALTER_DOMAIN:
        case DIFF_REBUILD_DOMAIN:
        case DIFF_SET_DOMAIN_SCHEMA:
        case DIFF_RENAME_DOMAIN:
            return ((const ir_domain *)c->new_obj)->pos;
        case DIFF_CREATE_VIEW:
            return ((const ir_view *)c->new_obj)->pos;
        case DIFF_CREATE_FUNCTION:
        case DIFF_REPLACE_FUNCTION:
            return ((const ir_function *)c->new_obj)->pos;
        case DIFF_CREATE_TRIGGER:
            return ((const ir_trigger *)c->new_obj)->pos;
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

/* "what" when old and new differ in it, else "". */
static const char *differs(arena *a, const char *so_far, bool differ, const char *what)
{
    return differ ? arena_printf(a, "%s%s%s", so_far, *so_far ? ", " : "", what) : so_far;
}

static bool same_text(const char *x, const char *y)
{
    return (!x && !y) || (x && y && !strcmp(x, y));
}

/* What differs in a domain, a function or a view the database has too. */
static const char *object_detail(arena *a, const diff_result *diff, const diff_change *c)
{
    const char *what = "";
    if (c->kind == DIFF_ALTER_DOMAIN) {
        const ir_domain *o = c->old_obj, *n = c->new_obj;
        bool same_checks = o->nchecks == n->nchecks;
        for (size_t i = 0; same_checks && i < o->nchecks; i++)
            same_checks = !strcmp(o->checks[i]->name, n->checks[i]->name) &&
                          !strcmp(o->checks[i]->expr, n->checks[i]->expr);
        what = differs(a, what, o->not_null != n->not_null, "NOT NULL");
        what = differs(a, what,
                       !same_text(o->def.kind ? plan_default_sql(a, &o->type, &o->def) : NULL,
                                  n->def.kind ? plan_default_sql(a, &n->type, &n->def) : NULL),
                       "default");
        what = differs(a, what, !same_checks, "checks");
        what = differs(a, what, !same_text(o->comment, n->comment), "comment");
    } else if (c->kind == DIFF_REPLACE_FUNCTION) {
        const ir_function *o = c->old_obj, *n = c->new_obj;
        what = differs(a, what, strcmp(o->body, n->body) != 0, "body");
        what = differs(a, what, strcmp(o->language, n->language) != 0, "language");
        what = differs(a, what, o->volatility != n->volatility, "volatility");
    } else if (c->kind == DIFF_CREATE_FUNCTION && ir_find_function(diff->from,
                   ((const ir_function *)c->new_obj)->name)) {
        what = "arguments or result";
    } else if (c->kind == DIFF_CREATE_VIEW) {
        const ir_view *n = c->new_obj, *o = ir_find_view(diff->from, n->name);
        if (o)
            what = o->materialized != n->materialized ? "materialized"
                   : same_text(o->definition, n->definition)
                       ? "recreated around a change of what it reads"
                       : "definition";
    } else if (c->kind == DIFF_CREATE_TRIGGER) {
        const ir_trigger *n = c->new_obj;
        for (size_t i = 0; i < diff->from->ntriggers; i++) {
            const ir_trigger *o = diff->from->triggers[i];
            if (strcmp(o->name, n->name) != 0)
                continue;
            what = "recreated around a change of its table";
            what = differs(a, "", strcmp(o->on, n->on) != 0, "table");
            what = differs(a, what, o->timing != n->timing, "timing");
            what = differs(a, what, o->events != n->events, "events");
            what = differs(a, what, o->for_each_row != n->for_each_row, "for each");
            what = differs(a, what, !same_text(o->when, n->when), "when");
            what = differs(a, what, strcmp(o->function, n->function) != 0, "function");
            if (!*what)
                what = "recreated around a change of its table";
        }
    }
    return *what ? arena_printf(a, "differs: %s", what) : NULL;
}

/* What differs, for the changes where the description does not say. */
static const char *detail(arena *a, const diff_result *diff, const diff_change *c)
{
    switch (c->kind) {
    case DIFF_ALTER_DOMAIN:
    case DIFF_REPLACE_FUNCTION:
    case DIFF_CREATE_FUNCTION:
    case DIFF_CREATE_VIEW:
    case DIFF_CREATE_TRIGGER:
        return object_detail(a, diff, c);
    case DIFF_REPLACE_GENERATED:
        return arena_printf(a, "database: %s; models: %s",
                            c->old_column->generated ? c->old_column->generated : "not generated",
                            c->new_column->generated);
    case DIFF_ALTER_COLLATION:
        return arena_printf(a, "database: %s; models: %s",
                            c->old_column->collation ? c->old_column->collation : "the type's",
                            c->new_column->collation ? c->new_column->collation : "the type's");
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
        const char *what = diff_describe(&a, c), *more = detail(&a, diff, c);
        if (c->kind == DIFF_CREATE_EXTENSION)
            for (size_t k = 0; k < diff->to->nextensions; k++)
                if (!strcmp(diff->to->extensions[k]->name, c->new_name))
                    p = diff->to->extensions[k]->pos;
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
