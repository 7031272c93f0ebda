/* inspect_objects: the schema objects beside tables (see inspect.h), read
 * in one round trip of seven statements, in this order:
 *   1. extensions;
 *   2. domains (base type, NOT NULL, default, comment), 3. their checks;
 *   4. views and materialized views, with pg_get_viewdef's definition,
 *   5. what each view reads (pg_depend, as depends.c reads it for YAML);
 *   6. functions (arguments and result as the server prints them, the
 *      body verbatim);
 *   7. triggers (WHEN as pg_get_triggerdef prints it).
 * What the language cannot say about one of them is a warning naming it. */
#include <stdlib.h>
#include <string.h>

#include "inspect.h"
#include "ir_objects.h"

#define NSP "n.nspname = ANY (%1$s)"
#define NOT_EXTENSION_MEMBER(oid)                                                              \
    "NOT EXISTS (SELECT 1 FROM pg_depend de WHERE de.objid = " oid " AND de.deptype = 'e') "
#define COMMENT(oid, catalog)                                                                  \
    "(SELECT dd.description FROM pg_description dd WHERE dd.objoid = " oid                   \
    " AND dd.classoid = '" catalog "'::regclass AND dd.objsubid = 0)"

static const char objects_sql[] =
    /* 1 */
    "SELECT e.extname FROM pg_extension e WHERE e.extname <> 'plpgsql' ORDER BY 1;\n"
    /* 2 */
    "SELECT t.oid, n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), bt.typtype, "
    "bn.nspname, bt.typname, t.typndims, b.typcategory = 'A', t.typnotnull, "
    "pg_get_expr(t.typdefaultbin, 0), " COMMENT("t.oid", "pg_type") ", "
    "t.typcollation <> b.typcollation "
    "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
    "JOIN pg_type b ON b.oid = t.typbasetype "
    "JOIN pg_type bt ON bt.oid = CASE WHEN b.typcategory = 'A' THEN b.typelem ELSE b.oid END "
    "JOIN pg_namespace bn ON bn.oid = bt.typnamespace "
    "WHERE " NSP " AND t.typtype = 'd' AND " NOT_EXTENSION_MEMBER("t.oid")
    "ORDER BY n.nspname, t.typname;\n"
    /* 3 */
    "SELECT k.contypid, k.conname, pg_get_expr(k.conbin, 0, true), k.convalidated, "
    COMMENT("k.oid", "pg_constraint") " "
    "FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid "
    "JOIN pg_namespace n ON n.oid = t.typnamespace "
    "WHERE " NSP " AND k.contype = 'c' ORDER BY k.contypid, k.conname;\n"
    /* 4 */
    "SELECT c.oid, n.nspname, c.relname, c.relkind, pg_get_viewdef(c.oid), "
    COMMENT("c.oid", "pg_class") ", c.reloptions IS NOT NULL "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE " NSP " AND c.relkind IN ('v', 'm') AND " NOT_EXTENSION_MEMBER("c.oid")
    "ORDER BY n.nspname, c.relname;\n"
    /* 5 */
    "WITH ns AS (SELECT n.oid FROM pg_namespace n WHERE " NSP ") "
    "SELECT v.oid, CASE WHEN r.oid IS NOT NULL THEN CASE WHEN d.refobjsubid = 0 THEN 'r' "
    "  ELSE 'c' END WHEN p.oid IS NOT NULL THEN 'f' WHEN t.oid IS NOT NULL THEN 't' "
    "  ELSE 'k' END, "
    "coalesce(r.relname, p.proname, t.typname, kr.relname), coalesce(a.attname, k.conname) "
    "FROM pg_rewrite w JOIN pg_class v ON v.oid = w.ev_class "
    "JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid "
    "  AND d.deptype = 'n' "
    "LEFT JOIN pg_class r ON d.refclassid = 'pg_class'::regclass AND r.oid = d.refobjid "
    "  AND r.relnamespace IN (SELECT oid FROM ns) AND r.oid <> v.oid "
    "LEFT JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = d.refobjsubid "
    "  AND d.refobjsubid > 0 "
    "LEFT JOIN pg_proc p ON d.refclassid = 'pg_proc'::regclass AND p.oid = d.refobjid "
    "  AND p.pronamespace IN (SELECT oid FROM ns) "
    "LEFT JOIN pg_type t ON d.refclassid = 'pg_type'::regclass AND t.oid = d.refobjid "
    "  AND t.typnamespace IN (SELECT oid FROM ns) "
    "LEFT JOIN pg_constraint k ON d.refclassid = 'pg_constraint'::regclass "
    "  AND k.oid = d.refobjid AND k.connamespace IN (SELECT oid FROM ns) "
    "LEFT JOIN pg_class kr ON kr.oid = k.conrelid "
    "WHERE v.relnamespace IN (SELECT oid FROM ns) AND v.relkind IN ('v', 'm') "
    "  AND coalesce(r.oid, p.oid, t.oid, k.oid) IS NOT NULL "
    "ORDER BY 1, 2, 3, 4;\n"
    /* 6 */
    "SELECT p.oid, n.nspname, p.proname, pg_get_function_arguments(p.oid), "
    "pg_get_function_result(p.oid), l.lanname, p.provolatile, p.prosrc, "
    COMMENT("p.oid", "pg_proc") ", p.prokind, "
    "p.prosecdef OR p.proisstrict OR p.proleakproof OR p.proconfig IS NOT NULL "
    "  OR p.proparallel <> 'u' "
    "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
    "JOIN pg_language l ON l.oid = p.prolang "
    "WHERE " NSP " AND " NOT_EXTENSION_MEMBER("p.oid") "ORDER BY n.nspname, p.proname, p.oid;\n"
    /* 7 */
    "SELECT c.relname, n.nspname, g.tgname, g.tgtype, g.tgnargs, "
    "g.tgattr <> ''::int2vector OR g.tgconstraint <> 0 OR g.tgoldtable IS NOT NULL "
    "  OR g.tgnewtable IS NOT NULL, "
    "p.proname, pn.nspname, "
    "substring(pg_get_triggerdef(g.oid, true) FROM ' WHEN \\((.*)\\) EXECUTE FUNCTION '), "
    COMMENT("g.oid", "pg_trigger") ", g.tgenabled = 'D', g.tgparentid <> 0 "
    "FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_proc p ON p.oid = g.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace "
    "WHERE " NSP " AND NOT g.tgisinternal ORDER BY n.nspname, c.relname, g.tgname;\n";

enum { EXTENSIONS, DOMAINS, DOMAIN_CHECKS, VIEWS, READS, FUNCTIONS, TRIGGERS, NRESULTS };

typedef struct reader {
    const inspect_options *o;
    ir_schema *s;
    arena *a;
    diag *d;
    strmap domains_by_oid, views_by_oid;
} reader;

static const char *dup(reader *R, PGresult *r, int row, int col)
{
    const char *v = live_value(r, row, col);
    return v ? arena_strdup(R->a, v) : NULL;
}

static src_pos pos(reader *R) { return (src_pos){R->o->file, 0, 0}; }

static void warn(reader *R, const char *kind, const char *nsp, const char *name, const char *why)
{
    const char *shown = R->o->nschemas <= 1 && !strcmp(nsp, "public")
                            ? name
                            : arena_printf(R->a, "%s.%s", nsp, name);
    diag_warning(R->d, pos(R), NULL, "%s %s: %s", kind, shown, why);
}

static void read_extensions(reader *R, PGresult *r)
{
    for (int i = 0; i < PQntuples(r); i++) {
        ir_extension *x = arena_alloc(R->a, sizeof *x);
        x->name = dup(R, r, i, 0);
        x->pos = pos(R);
        ir_schema_add_extension(R->s, x);
    }
}

static void read_domains(reader *R, PGresult *r, PGresult *checks)
{
    for (int i = 0; i < PQntuples(r); i++) {
        const char *nsp = live_value(r, i, 1), *name = live_value(r, i, 2);
        ir_domain *dom = arena_alloc(R->a, sizeof *dom);
        dom->name = dup(R, r, i, 2);
        if (strcmp(nsp, "public") != 0)
            dom->namespace = dup(R, r, i, 1);
        dom->pos = dom->type_pos = pos(R);
        inspect_type_row type = {live_value(r, i, 3), live_value(r, i, 4), live_value(r, i, 5), live_value(r, i, 6),
                                 atoi(live_value(r, i, 7)), live_yes(r, i, 8)};
        if (!inspect_type(R->o, R->a, &type, &dom->type)) {
            warn(R, "domain", nsp, name,
                 arena_printf(R->a, "its type %s is not in the schema language; left out",
                              live_value(r, i, 3)));
            continue;
        }
        if (ir_find_domain(R->s, ir_qualified_name(R->a, dom->namespace, dom->name))) {
            warn(R, "domain", nsp, name,
                 "a domain of that name is read from another schema already; left out");
            continue;
        }
        dom->not_null = live_yes(r, i, 9);
        if (live_value(r, i, 10)) {
            dom->def.kind = IR_DEFAULT_SQL;
            dom->def.text = dup(R, r, i, 10);
            dom->def.pos = pos(R);
        }
        dom->comment = dup(R, r, i, 11);
        if (live_yes(r, i, 12))
            warn(R, "domain", nsp, name,
                 "a domain collation is not in the schema language; the YAML uses the type's");
        ir_schema_add_domain(R->s, dom);
        strmap_put(&R->domains_by_oid, dup(R, r, i, 0), dom);
    }
    for (int i = 0; i < PQntuples(checks); i++) {
        ir_domain *dom = strmap_get(&R->domains_by_oid, live_value(checks, i, 0));
        if (!dom)
            continue;
        if (!live_yes(checks, i, 3) || live_value(checks, i, 4))
            diag_warning(R->d, pos(R), NULL,
                         "check %s of domain %s: %s is not in the schema language; %s",
                         live_value(checks, i, 1), dom->name,
                         live_yes(checks, i, 3) ? "a comment" : "NOT VALID",
                         live_yes(checks, i, 3) ? "left out" : "the YAML holds it valid");
        ir_check *c = arena_alloc(R->a, sizeof *c);
        c->name = dup(R, checks, i, 1);
        c->expr = dup(R, checks, i, 2);
        c->pos = pos(R);
        ir_domain_add_check(R->s, dom, c);
    }
}

/* pg_get_viewdef's " SELECT ...;" as a view's `sql`: without the leading
 * space and the final semicolon. */
static const char *view_sql(arena *a, const char *def)
{
    while (*def == ' ')
        def++;
    size_t n = strlen(def);
    while (n && (def[n - 1] == ';' || def[n - 1] == '\n' || def[n - 1] == ' '))
        n--;
    return arena_strndup(a, def, n);
}

static void read_views(reader *R, PGresult *r, PGresult *reads, const strmap *view_indexes)
{
    for (int i = 0; i < PQntuples(r); i++) {
        const char *nsp = live_value(r, i, 1), *name = live_value(r, i, 2);
        if (ir_find_view(R->s, name) || ir_find_table(R->s, name)) {
            warn(R, "view", nsp, name,
                 "a table or view of that name is read from another schema already; left out");
            continue;
        }
        ir_view *v = arena_alloc(R->a, sizeof *v);
        v->name = dup(R, r, i, 2);
        v->pos = v->sql_pos = pos(R);
        v->materialized = live_value(r, i, 3)[0] == 'm';
        v->definition = dup(R, r, i, 4);
        v->sql = view_sql(R->a, v->definition);
        v->comment = dup(R, r, i, 5);
        if (live_yes(r, i, 6))
            warn(R, v->materialized ? "materialized view" : "view", nsp, name,
                 "view options (WITH ... or CHECK OPTION) are not in the schema language; left "
                 "out of the YAML");
        ir_table *holder = v->materialized ? strmap_get(view_indexes, v->name) : NULL;
        if (!holder) {
            holder = arena_alloc(R->a, sizeof *holder);
            holder->name = v->name;
            holder->pos = v->pos;
        }
        v->index_holder = holder;
        ir_schema_add_view(R->s, v);
        strmap_put(&R->views_by_oid, dup(R, r, i, 0), v);
    }
    for (int i = 0; i < PQntuples(reads); i++) {
        ir_view *v = strmap_get(&R->views_by_oid, live_value(reads, i, 0));
        if (!v)
            continue;
        char kind = live_value(reads, i, 1)[0];
        ir_read read = {.name = dup(R, reads, i, 2), .column = dup(R, reads, i, 3)};
        read.kind = kind == 'r'   ? IR_READS_RELATION
                    : kind == 'c' ? IR_READS_COLUMN
                    : kind == 'f' ? IR_READS_FUNCTION
                    : kind == 't' ? IR_READS_TYPE
                                  : IR_READS_CONSTRAINT;
        ir_view_add_read(R->s, v, read);
    }
    R->s->dependencies_found = true;
}

/* prosrc as the YAML's `body`: schemac writes the body between line breaks
 * after and before its dollar quotes. */
static const char *function_body(arena *a, const char *src)
{
    size_t n = strlen(src);
    if (n >= 2 && src[0] == '\n' && src[n - 1] == '\n')
        return arena_strndup(a, src + 1, n - 2);
    return arena_strdup(a, src);
}

static void read_functions(reader *R, PGresult *r, const char *trigger_function)
{
    for (int i = 0; i < PQntuples(r); i++) {
        const char *nsp = live_value(r, i, 1), *name = live_value(r, i, 2);
        const char *shown = arena_printf(R->a, "%s(%s)", name, live_value(r, i, 3));
        if (trigger_function && !strcmp(name, trigger_function) && !strcmp(live_value(r, i, 3), ""))
            continue; /* the timestamps trigger's, read with its tables */
        const char *kind = live_value(r, i, 9), *language = live_value(r, i, 5);
        if (kind[0] != 'f') {
            warn(R, "function", nsp, shown,
                 kind[0] == 'p' ? "procedures are not in the schema language; left out"
                                : "aggregate and window functions are not in the schema "
                                  "language; left out");
            continue;
        }
        if (!strcmp(language, "c") || !strcmp(language, "internal")) {
            warn(R, "function", nsp, shown,
                 "functions in C are not in the schema language; left out");
            continue;
        }
        if (ir_find_function(R->s, name)) {
            warn(R, "function", nsp, shown,
                 "overloaded functions (two of one name) are not in the schema language; left "
                 "out");
            continue;
        }
        ir_function *f = arena_alloc(R->a, sizeof *f);
        f->name = dup(R, r, i, 2);
        f->pos = f->body_pos = pos(R);
        f->arguments = dup(R, r, i, 3);
        f->returns = dup(R, r, i, 4);
        f->language = dup(R, r, i, 5);
        char vol = live_value(r, i, 6)[0];
        f->volatility = vol == 'i' ? IR_IMMUTABLE : vol == 's' ? IR_STABLE : IR_VOLATILE;
        f->body = function_body(R->a, live_value(r, i, 7));
        f->comment = dup(R, r, i, 8);
        if (live_yes(r, i, 10))
            warn(R, "function", nsp, shown,
                 "SECURITY DEFINER, STRICT, LEAKPROOF, PARALLEL and SET are not in the schema "
                 "language; the YAML leaves them out");
        ir_schema_add_function(R->s, f);
    }
}

enum { TG_ROW = 1, TG_BEFORE = 2, TG_INSERT = 4, TG_DELETE = 8, TG_UPDATE = 16,
       TG_TRUNCATE = 32, TG_INSTEAD = 64 };

static bool find_trigger(const ir_schema *s, const char *name)
{
    for (size_t i = 0; i < s->ntriggers; i++)
        if (!strcmp(s->triggers[i]->name, name))
            return true;
    return false;
}

static void read_triggers(reader *R, PGresult *r)
{
    for (int i = 0; i < PQntuples(r); i++) {
        const char *table = live_value(r, i, 0), *nsp = live_value(r, i, 1), *name = live_value(r, i, 2);
        const char *shown = arena_printf(R->a, "%s on %s", name, table);
        if (live_yes(r, i, 11))
            continue; /* a partition's clone of its parent's trigger */
        /* Tables outside public are known by their qualified names. */
        bool in_public = !strcmp(nsp, "public");
        ir_table *t = ir_find_table(R->s, in_public ? table : ir_qualified_name(R->a, nsp, table));
        if (t && t->timestamps && !strcmp(name, "set_updated_at"))
            continue;
        if (!t && !(in_public && ir_find_view(R->s, table))) {
            warn(R, "trigger", nsp, shown, "its table was left out; left out too");
            continue;
        }
        if (!in_public) {
            warn(R, "trigger", nsp, shown,
                 "triggers outside public are not in the schema language; left out");
            continue;
        }
        const char *why = atoi(live_value(r, i, 4)) ? "arguments to the trigger function"
                          : live_yes(r, i, 5) ? "UPDATE OF columns, constraint triggers and "
                                           "transition tables"
                          : strcmp(live_value(r, i, 7), "pg_catalog") &&
                                  !ir_find_function(R->s, live_value(r, i, 6))
                              ? "a function of another schema"
                              : NULL;
        if (why) {
            warn(R, "trigger", nsp, shown,
                 arena_printf(R->a, "%s are not in the schema language; left out", why));
            continue;
        }
        if (find_trigger(R->s, name)) {
            warn(R, "trigger", nsp, shown,
                 "a trigger of that name is on another table already (the schema language "
                 "names triggers per schema); left out");
            continue;
        }
        int type = atoi(live_value(r, i, 3));
        ir_trigger *g = arena_alloc(R->a, sizeof *g);
        g->name = dup(R, r, i, 2);
        g->pos = g->on_pos = g->events_pos = g->function_pos = pos(R);
        g->on = dup(R, r, i, 0);
        g->timing = type & TG_INSTEAD ? IR_INSTEAD_OF : type & TG_BEFORE ? IR_BEFORE : IR_AFTER;
        g->events = (type & TG_INSERT ? IR_ON_INSERT : 0) | (type & TG_UPDATE ? IR_ON_UPDATE : 0) |
                    (type & TG_DELETE ? IR_ON_DELETE : 0) |
                    (type & TG_TRUNCATE ? IR_ON_TRUNCATE : 0);
        g->for_each_row = type & TG_ROW;
        g->when = dup(R, r, i, 8);
        g->function = dup(R, r, i, 6);
        g->comment = dup(R, r, i, 9);
        if (live_yes(r, i, 10))
            warn(R, "trigger", nsp, shown,
                 "a disabled trigger is not in the schema language; the YAML enables it");
        ir_schema_add_trigger(R->s, g);
    }
}

const char *inspect_objects_sql(arena *a, const char *nsp_array)
{
    return arena_printf(a, objects_sql, nsp_array);
}

int inspect_objects(live_db *db, const inspect_options *o, ir_schema *s, const char *nsp_array,
                    const strmap *view_indexes, const char *trigger_function, diag *d)
{
    reader R = {.o = o, .s = s, .a = &s->arena, .d = d};
    strmap_init(&R.domains_by_oid, R.a);
    strmap_init(&R.views_by_oid, R.a);
    PGresult *res[NRESULTS];
    if (live_results(db, inspect_objects_sql(R.a, nsp_array), res, NRESULTS, d) < 0)
        return -1;
    int err = 0;
    for (int i = 0; i < NRESULTS; i++)
        if (!res[i])
            err = diag_error(d, (src_pos){0}, NULL, "the catalog query for views, functions "
                                                    "and triggers returned too few results");
    if (err == 0) {
        read_extensions(&R, res[EXTENSIONS]);
        read_domains(&R, res[DOMAINS], res[DOMAIN_CHECKS]);
        read_functions(&R, res[FUNCTIONS], trigger_function);
        read_views(&R, res[VIEWS], res[READS], view_indexes);
        read_triggers(&R, res[TRIGGERS]);
    }
    for (int i = 0; i < NRESULTS; i++)
        PQclear(res[i]);
    return err;
}
