/* inspect: catalog → IR; see inspect.h. Eight queries, each over every
 * table of the schemas asked for; 1 and 2 on the main connection, the
 * others sent ahead on a second (live_prefetch) so that the server answers
 * them while it answers the column query. They read:
 *   1. tables and their columns (types, defaults, identity, serial
 *      sequences, comments);
 *   2. enum types and their labels;
 *   3. index elements (column or expression, order, opclass, collation),
 *      one row per element of every index;
 *   4. constraints (keys, foreign keys, checks, exclusions);
 *   5. everything else there is (functions and triggers, rules,
 *      sequences, foreign tables, types), to recognise the timestamps
 *      trigger and to warn about the rest;
 *   6. extensions, domains, views, functions and triggers, in one round
 *      trip (inspect_objects.c);
 *   7. privileges, default privileges, row-level security and policies
 *      (inspect_access.c);
 *   8. partition keys and partitions (inspect_partitions.c).
 * Rows become the IR as load would make it; validate then derives what
 * the language derives, so inspect and load agree by construction. */
#include "inspect.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "validate.h"

/* A table being read: its IR and its columns by attnum (NULL: left out). */
typedef struct rel {
    const char *oid, *nspname;
    ir_table *t;
    ir_column **att;
    int natt;
    bool skipped;
    bool view;                    /* a materialized view: t holds its indexes */
    const char *pk_name;          /* the database's names, for exact_names */
    const char **unique_names;
    bool has_trigger;             /* set_updated_at calls the schema's function */
} rel;

/* An index as query 3 reads it. */
typedef struct live_index {
    const char *oid, *name, *table_oid, *method, *where, *comment;
    bool unique, primary, nulls_not_distinct, valid;
    int nkey, n;
    size_t cap;
    int *atts;           /* by element: attnum, 0 for an expression */
    ir_index_elem *elems;
    bool used;           /* backs a constraint */
} live_index;

typedef struct inspector {
    live_db *db;
    const inspect_options *o;
    diag *d;
    ir_schema *s;
    arena *a;
    const char *nsp_array; /* ARRAY['public', ...]::name[] */
    rel *rels;
    size_t nrels;
    strmap rel_map;   /* oid → rel */
    live_index *indexes;
    size_t nindexes;
    strmap index_map; /* oid → live_index */
    strmap live_index_names;
    strmap table_names; /* tables read so far, before they join the schema */
    const char *trigger_function; /* NAME_set_updated_at of the schema, if any */
} inspector;

static const char *value(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static const char *dup(inspector *I, PGresult *r, int row, int col)
{
    const char *v = value(r, row, col);
    return v ? arena_strdup(I->a, v) : NULL;
}

static bool yes(PGresult *r, int row, int col)
{
    const char *v = value(r, row, col);
    return v && v[0] == 't';
}

static void warn(inspector *I, const char *fmt, const char *a, const char *b, const char *c)
{
    diag_warning(I->d, (src_pos){I->o->file, 0, 0}, NULL, fmt, a, b ? b : "", c ? c : "");
}

/* "public.users" when several schemas are read or the schema is not
 * public, else "users". */
static const char *qualified(inspector *I, const char *nsp, const char *name)
{
    if (I->o->nschemas <= 1 && !strcmp(nsp, "public"))
        return name;
    return arena_printf(I->a, "%s.%s", nsp, name);
}

static src_pos pos(inspector *I) { return (src_pos){I->o->file, 0, 0}; }

/* ---- 1. tables and columns ---- */

/* Joins rather than obj_description() and subqueries per row: those run a
 * query each, which is most of the time on a thousand tables. */
static const char columns_sql[] =
    /* Lookups are scalar subqueries on unique indexes: joins here get
     * quadratic plans while the catalog statistics are stale (a database
     * just made), and a column owned by two sequences stays one row. */
    "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relispartition, "
    /* Comments are looked up only for tables that have one (the IN is
     * hashed once): most columns have none, and two index probes per
     * column were a tenth of the query. */
    "CASE WHEN c.oid IN (SELECT hd.objoid FROM pg_description hd "
    "  WHERE hd.classoid = 'pg_class'::regclass) THEN "
    "(SELECT td.description FROM pg_description td WHERE td.objoid = c.oid "
    "  AND td.classoid = 'pg_class'::regclass AND td.objsubid = 0) END, "
    "a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), t.typtype, tn.nspname, "
    "t.typname, a.attnotnull, "
    /* A default reads no column, so it is printed without its table (relid
     * 0): given the table, pg_get_expr opens it, a fifth of the query's time
     * at 1,000 tables. A generated column's expression does read columns. */
    "CASE WHEN a.atthasdef THEN (SELECT pg_get_expr(d.adbin, CASE WHEN a.attgenerated = '' "
    "  THEN 0 ELSE d.adrelid END) FROM pg_attrdef d "
    "  WHERE d.adrelid = c.oid AND d.adnum = a.attnum) END, a.attidentity, a.attgenerated, "
    "CASE WHEN c.oid IN (SELECT hd.objoid FROM pg_description hd "
    "  WHERE hd.classoid = 'pg_class'::regclass) THEN "
    "(SELECT cd.description FROM pg_description cd WHERE cd.objoid = c.oid "
    "  AND cd.classoid = 'pg_class'::regclass AND cd.objsubid = a.attnum) END, "
    "CASE WHEN a.attcollation <> t.typcollation THEN (SELECT co.collname FROM pg_collation co "
    "  WHERE co.oid = a.attcollation) END, "
    "a.atthasdef AND EXISTS (SELECT 1 FROM pg_depend dp "
    "  JOIN pg_class s ON s.oid = dp.objid AND s.relkind = 'S' "
    "  WHERE dp.refclassid = 'pg_class'::regclass AND dp.refobjid = c.oid "
    "    AND dp.refobjsubid = a.attnum AND dp.classid = 'pg_class'::regclass "
    "    AND dp.deptype = 'a'), c.relrowsecurity, "
    /* Hashed once: as EXISTS, a scan of pg_inherits per column row. */
    "c.oid IN (SELECT h.inhrelid FROM pg_inherits h), a.attndims, "
    /* An identity's sequence: start, increment, min, max, cache, cycle. */
    "CASE WHEN a.attidentity <> '' THEN (SELECT concat_ws(' ', q.seqstart, q.seqincrement, "
    "  q.seqmin, q.seqmax, q.seqcache, q.seqcycle) FROM pg_depend dq "
    "  JOIN pg_sequence q ON q.seqrelid = dq.objid "
    "  WHERE dq.refclassid = 'pg_class'::regclass AND dq.refobjid = c.oid "
    "    AND dq.refobjsubid = a.attnum AND dq.classid = 'pg_class'::regclass "
    "    AND dq.deptype = 'i') END, "
    "at.typcategory = 'A' "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
    /* t: the type, or an array's element type. */
    "LEFT JOIN pg_type at ON at.oid = a.atttypid "
    "LEFT JOIN pg_type t ON t.oid = CASE WHEN at.typcategory = 'A' THEN at.typelem "
    "  ELSE at.oid END "
    "LEFT JOIN pg_namespace tn ON tn.oid = t.typnamespace "
    "WHERE n.nspname = ANY (%s) AND c.relkind IN ('r', 'p', 'm') "
    "AND c.relname <> 'schemac_migrations' "
    "ORDER BY c.oid, a.attnum";

/* `'it''s'::text` → it's, when the cast is to `type` (or none); NULL when
 * the text is not one quoted literal. */
static const char *unquote_literal(arena *a, const char *sql, const char *type)
{
    if (sql[0] != '\'')
        return NULL;
    buf b = BUF_INIT;
    const char *p = sql + 1;
    for (;; p++) {
        if (!*p) {
            buf_free(&b);
            return NULL;
        }
        if (*p == '\'') {
            if (p[1] != '\'')
                break;
            p++;
        }
        buf_putc(&b, *p);
    }
    p++;
    const char *result = NULL;
    if (!*p || (!strncmp(p, "::", 2) && !strcmp(p + 2, type)))
        result = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return result;
}

/* The literal a server default stands for, when the language can write it
 * as `default:` and it validates; else the SQL text stays. */
static void set_default(inspector *I, ir_column *c, const char *sql, const char *nsp,
                        const char *format_type)
{
    c->def.kind = IR_DEFAULT_SQL;
    c->def.text = sql;
    if (!I->o->literal_defaults)
        return;
    ir_default lit = {IR_DEFAULT_LITERAL, NULL, false, c->pos};
    switch (c->type.kind) {
    case IR_SMALLINT:
    case IR_INTEGER:
    case IR_BIGINT:
    case IR_NUMERIC:
    case IR_REAL:
    case IR_DOUBLE: {
        const char *p = sql + (sql[0] == '-');
        if (isdigit((unsigned char)*p) && strspn(p, "0123456789.") == strlen(p))
            lit.text = sql;
        break;
    }
    case IR_BOOLEAN:
        if (!strcmp(sql, "true") || !strcmp(sql, "false"))
            lit.text = sql;
        break;
    case IR_TEXT:
    case IR_VARCHAR:
    case IR_CHAR:
    case IR_ENUM: {
        const char *cast = c->type.kind == IR_TEXT      ? "text"
                           : c->type.kind == IR_VARCHAR ? "character varying"
                           : c->type.kind == IR_CHAR    ? "bpchar"
                                                        : ir_quote_ident(I->a, format_type);
        lit.text = unquote_literal(I->a, sql, cast);
        /* An enum the search path does not see is cast by its qualified name. */
        if (!lit.text && c->type.kind == IR_ENUM)
            lit.text = unquote_literal(I->a, sql, ir_object_sql(I->a, nsp, format_type));
        /* An enum label is written plain unless YAML would read it as
         * something else; text stays a quoted string. */
        lit.quoted = c->type.kind != IR_ENUM || (lit.text && (!strcmp(lit.text, "true") ||
                                                              !strcmp(lit.text, "false") ||
                                                              strtod(lit.text, NULL) != 0 ||
                                                              isdigit((unsigned char)lit.text[0])));
        break;
    }
    default:
        break;
    }
    if (lit.text && !validate_default(I->a, &c->type, &lit))
        c->def = lit;
}

/* Is nsp one of the PostgreSQL schemas read? */
static bool inspected_namespace(const inspect_options *o, const char *nsp)
{
    for (size_t i = 0; i < o->nschemas; i++)
        if (!strcmp(o->schemas[i], nsp))
            return true;
    return o->nschemas == 0 && !strcmp(nsp, "public");
}

bool inspect_type(const inspect_options *o, arena *a, const inspect_type_row *row, ir_type *out)
{
    int dims = row->array ? (row->ndims > 0 ? row->ndims : 1) : 0;
    memset(out, 0, sizeof *out);
    if (!strcmp(row->typtype, "e") || !strcmp(row->typtype, "d")) {
        /* An enum or a domain: validate tells which by the name, always
         * qualified here so it reads the same from any namespace. */
        if (!inspected_namespace(o, row->nsp))
            return false;
        out->kind = IR_ENUM;
        out->enum_name = arena_printf(a, "%s.%s", row->nsp, row->name);
        out->array_dims = dims;
        return true;
    }
    if (strcmp(row->typtype, "b") != 0 && strcmp(row->typtype, "r") != 0)
        return false;
    if (strcmp(row->nsp, "pg_catalog") != 0) {
        /* A type of an extension schemac knows (citext, ...). */
        if (!ir_extension_of_type(row->name) || !inspected_namespace(o, row->nsp))
            return false;
        out->kind = IR_EXTENSION_TYPE;
        out->enum_name = arena_strdup(a, row->name);
        out->array_dims = dims;
        return true;
    }
    const char *why;
    if (ir_type_parse(row->format, out, &why) != 0 || out->kind == IR_SERIAL ||
        out->kind == IR_BIGSERIAL || ir_type_is_named(out->kind))
        return false;
    out->array_dims = dims;
    return true;
}

void inspect_sequence_canonical(ir_sequence_options *o, ir_type_kind kind)
{
    long long type_max = kind == IR_SMALLINT ? 32767LL : kind == IR_INTEGER ? 2147483647LL
                                                                             : 9223372036854775807LL;
    long long *v = o->value;
    bool given[IR_SEQ_COUNT];
    for (int i = 0; i < IR_SEQ_COUNT; i++)
        given[i] = o->set >> i & 1;
    if (!given[IR_SEQ_INCREMENT])
        v[IR_SEQ_INCREMENT] = 1;
    long long inc = v[IR_SEQ_INCREMENT];
    long long defaults[IR_SEQ_COUNT] = {0, 1, inc > 0 ? 1 : -type_max - 1, inc > 0 ? type_max : -1,
                                        1};
    for (int i = IR_SEQ_INCREMENT; i < IR_SEQ_COUNT; i++)
        if (!given[i])
            v[i] = defaults[i];
    defaults[IR_SEQ_START] = inc > 0 ? v[IR_SEQ_MIN] : v[IR_SEQ_MAX];
    if (!given[IR_SEQ_START])
        v[IR_SEQ_START] = defaults[IR_SEQ_START];
    o->set = 0;
    for (int i = 0; i < IR_SEQ_COUNT; i++)
        if (v[i] != defaults[i])
            o->set |= 1u << i;
}

/* The identity options of "start increment min max cache cycle". */
static void read_sequence_options(ir_sequence_options *o, ir_type_kind kind, const char *text)
{
    char cycle[8] = "";
    memset(o, 0, sizeof *o);
    long long *v = o->value;
    if (!text || sscanf(text, "%lld %lld %lld %lld %lld %7s", &v[IR_SEQ_START],
                        &v[IR_SEQ_INCREMENT], &v[IR_SEQ_MIN], &v[IR_SEQ_MAX], &v[IR_SEQ_CACHE],
                        cycle) != 6)
        return;
    o->set = (1u << IR_SEQ_COUNT) - 1;
    o->cycle = cycle[0] == 't';
    inspect_sequence_canonical(o, kind);
}

static rel *find_rel(inspector *I, const char *oid) { return strmap_get(&I->rel_map, oid); }

static int read_columns(inspector *I)
{
    PGresult *r = live_query(I->db, arena_printf(I->a, columns_sql, I->nsp_array), I->d);
    if (!r)
        return -1;
    int n = PQntuples(r);
    I->rels = arena_alloc(I->a, (size_t)(n + 1) * sizeof *I->rels);
    strmap_reserve(&I->rel_map, (size_t)n);
    rel *cur = NULL;
    for (int i = 0; i < n; i++) {
        const char *oid = value(r, i, 0);
        if (!cur || strcmp(cur->oid, oid) != 0) {
            cur = &I->rels[I->nrels++];
            cur->oid = arena_strdup(I->a, oid);
            cur->nspname = dup(I, r, i, 1);
            const char *name = dup(I, r, i, 2);
            strmap_put(&I->rel_map, cur->oid, cur);
            const char *shown = qualified(I, cur->nspname, name);
            /* A partition is its parent's (inspect_partitions.c). */
            if (yes(r, i, 4)) {
                cur->skipped = true;
                continue;
            }
            if (yes(r, i, 20)) {
                warn(I, "table %s: %s are not in the schema language; left out", shown,
                     "inherited tables", NULL);
                cur->skipped = true;
                continue;
            }
            ir_table *t = arena_alloc(I->a, sizeof *t);
            t->name = name;
            t->pos = pos(I);
            t->comment = dup(I, r, i, 5);
            /* Outside public, the table's namespace (docs/schema.md). */
            if (strcmp(cur->nspname, "public") != 0)
                t->namespace = cur->nspname;
            t->qualified = ir_qualified_name(I->a, t->namespace, name);
            strmap_put(&I->table_names, t->qualified, t);
            cur->t = t;
            cur->view = value(r, i, 3)[0] == 'm';
        }
        if (cur->skipped || !value(r, i, 6))
            continue;
        int attnum = atoi(value(r, i, 6));
        if (attnum >= cur->natt) {
            size_t cap = (size_t)cur->natt;
            cur->att = arena_grow(I->a, cur->att, sizeof *cur->att, &cap, (size_t)attnum + 1);
            cur->natt = (int)cap;
        }
        ir_column *c = arena_alloc(I->a, sizeof *c);
        c->name = dup(I, r, i, 7);
        c->pos = c->type_pos = pos(I);
        const char *where = arena_printf(I->a, "%s.%s", qualified(I, cur->nspname, cur->t->name),
                                         c->name);
        if (cur->view) {
            cur->att[attnum] = c; /* only its name, for the view's indexes */
            continue;
        }
        inspect_type_row type = {value(r, i, 8), value(r, i, 9), value(r, i, 10),
                                 value(r, i, 11), atoi(value(r, i, 21)), yes(r, i, 23)};
        if (!inspect_type(I->o, I->a, &type, &c->type)) {
            warn(I, "column %s: type %s is not in the schema language; left out", where,
                 value(r, i, 8), NULL);
            continue;
        }
        c->nullable = !yes(r, i, 12);
        c->comment = dup(I, r, i, 16);
        c->collation = dup(I, r, i, 17);
        const char *identity = value(r, i, 14), *def = value(r, i, 13);
        if (identity[0]) {
            c->identity = identity[0] == 'a' ? IR_IDENTITY_ALWAYS : IR_IDENTITY_BY_DEFAULT;
            read_sequence_options(&c->sequence, c->type.kind, value(r, i, 22));
        }
        if (value(r, i, 15)[0] == 's') {
            c->generated = arena_strdup(I->a, def ? def : "");
        } else if (value(r, i, 15)[0]) {
            warn(I, "column %s: virtual generated columns are not in the schema language; left "
                    "out", where, NULL, NULL);
            continue;
        } else if (def && yes(r, i, 18)) {
            /* A serial: its own sequence as default. */
            const char *expected = arena_printf(
                I->a, "nextval('%s'::regclass)",
                ir_relation_sql(I->a, cur->t, ir_object_name(I->a, cur->t->name, c->name, "seq")));
            if ((c->type.kind != IR_INTEGER && c->type.kind != IR_BIGINT) ||
                c->type.array_dims || strcmp(def, expected) != 0) {
                warn(I, "column %s: a sequence default other than serial's (%s) is not in the "
                        "schema language; left out", where, def, NULL);
                continue;
            }
            c->type.kind = c->type.kind == IR_INTEGER ? IR_SERIAL : IR_BIGSERIAL;
        } else if (def && (c->type.array_dims || !strcmp(value(r, i, 9), "d"))) {
            /* Literals of arrays and domains stay SQL: the cast says what they are. */
            c->def.kind = IR_DEFAULT_SQL;
            c->def.text = arena_strdup(I->a, def);
        } else if (def) {
            set_default(I, c, arena_strdup(I->a, def), value(r, i, 10), value(r, i, 11));
        }
        cur->att[attnum] = c;
        ir_table_add_column(I->s, cur->t, c);
    }
    PQclear(r);
    return 0;
}

/* ---- 2. enums ---- */

static const char enums_sql[] =
    "SELECT n.nspname, t.typname, e.enumlabel, td.description "
    "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
    "JOIN pg_enum e ON e.enumtypid = t.oid "
    "LEFT JOIN pg_description td ON td.objoid = t.oid AND td.classoid = 'pg_type'::regclass "
    "  AND td.objsubid = 0 "
    "WHERE n.nspname = ANY (%s) ORDER BY n.nspname, t.typname, e.enumsortorder";

static int read_enums(inspector *I)
{
    PGresult *r = live_query(I->db, arena_printf(I->a, enums_sql, I->nsp_array), I->d);
    if (!r)
        return -1;
    int n = PQntuples(r);
    ir_enum *cur = NULL;
    const char *cur_nsp = NULL;
    size_t cap = 0;
    for (int i = 0; i < n; i++) {
        const char *nsp = value(r, i, 0), *name = value(r, i, 1);
        if (!cur || strcmp(cur->name, name) != 0 || strcmp(cur_nsp, nsp) != 0) {
            cur_nsp = dup(I, r, i, 0);
            cur = arena_alloc(I->a, sizeof *cur);
            cur->name = dup(I, r, i, 1);
            cur->pos = pos(I);
            cur->comment = dup(I, r, i, 3);
            if (strcmp(cur_nsp, "public") != 0)
                cur->namespace = cur_nsp;
            cap = 0;
            if (ir_schema_add_enum(I->s, cur) != cur) {
                warn(I, "enum %s: an enum of that name is read from another schema already; "
                        "left out", qualified(I, nsp, name), NULL, NULL);
                cur->values = NULL;
            }
        }
        cur->values = arena_grow(I->a, cur->values, sizeof *cur->values, &cap, cur->nvalues + 1);
        ir_enum_value *v = &cur->values[cur->nvalues++];
        v->name = dup(I, r, i, 2);
        v->pos = pos(I);
    }
    PQclear(r);
    return 0;
}

/* ---- 3. indexes ---- */

static const char indexes_sql[] =
    "SELECT i.indexrelid, ic.relname, i.indrelid, am.amname, i.indisunique, i.indisprimary, "
    "i.indnullsnotdistinct, i.indisvalid, i.indnkeyatts, pg_get_expr(i.indpred, i.indrelid, true), "
    "x.n, x.att, CASE WHEN x.att = 0 THEN pg_get_indexdef(i.indexrelid, x.n::int, true) END, "
    "i.indoption[x.n - 1], "
    "CASE WHEN NOT oc.opcdefault THEN CASE WHEN ocn.nspname = 'pg_catalog' "
    "  OR ocn.nspname = ANY (%1$s) THEN oc.opcname "
    "  ELSE ocn.nspname || '.' || oc.opcname END END, "
    /* The column's collation looked up only for an element with one: a
     * join read all of pg_attribute. */
    "CASE WHEN i.indcollation[x.n - 1] <> 0 AND i.indcollation[x.n - 1] <> "
    "  coalesce((SELECT a.attcollation FROM pg_attribute a WHERE a.attrelid = i.indrelid "
    "    AND a.attnum = x.att AND x.att > 0), 100) "
    /* An expression's own collation (lower(code) of a "C" column is "C")
     * is no option: pg_get_indexdef says COLLATE only for another. */
    "  AND (x.att <> 0 OR position(' COLLATE ' IN pg_get_indexdef(i.indexrelid)) > 0) "
    "  THEN co.collname END, "
    "CASE WHEN x.n = 1 THEN (SELECT dc.description FROM pg_description dc "
    "  WHERE dc.objoid = i.indexrelid AND dc.classoid = 'pg_class'::regclass "
    "    AND dc.objsubid = 0) END "
    "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
    "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_am am ON am.oid = ic.relam "
    "CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY x(att, n) "
    "LEFT JOIN pg_opclass oc ON oc.oid = i.indclass[x.n - 1] "
    "LEFT JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace "
    "LEFT JOIN pg_collation co ON co.oid = i.indcollation[x.n - 1] "
    "WHERE n.nspname = ANY (%1$s) AND c.relname <> 'schemac_migrations' "
    "ORDER BY i.indexrelid, x.n";

static int read_indexes(inspector *I)
{
    PGresult *r = live_query(I->db, arena_printf(I->a, indexes_sql, I->nsp_array), I->d);
    if (!r)
        return -1;
    int n = PQntuples(r);
    I->indexes = arena_alloc(I->a, (size_t)(n + 1) * sizeof *I->indexes);
    strmap_reserve(&I->index_map, (size_t)n);
    live_index *cur = NULL;
    for (int i = 0; i < n; i++) {
        if (!cur || strcmp(cur->oid, value(r, i, 0)) != 0) {
            cur = &I->indexes[I->nindexes++];
            cur->oid = dup(I, r, i, 0);
            cur->name = dup(I, r, i, 1);
            cur->table_oid = dup(I, r, i, 2);
            cur->method = dup(I, r, i, 3);
            cur->unique = yes(r, i, 4);
            cur->primary = yes(r, i, 5);
            cur->nulls_not_distinct = yes(r, i, 6);
            cur->valid = yes(r, i, 7);
            cur->nkey = atoi(value(r, i, 8));
            cur->where = dup(I, r, i, 9);
            cur->comment = dup(I, r, i, 16);
            strmap_put(&I->index_map, cur->oid, cur);
            strmap_put(&I->live_index_names, cur->name, cur);
        }
        int k = atoi(value(r, i, 10)) - 1;
        size_t cap = cur->cap;
        cur->atts = arena_grow(I->a, cur->atts, sizeof *cur->atts, &cap, (size_t)k + 1);
        cur->elems = arena_grow(I->a, cur->elems, sizeof *cur->elems, &cur->cap, (size_t)k + 1);
        cur->n = k + 1;
        cur->atts[k] = atoi(value(r, i, 11));
        ir_index_elem *e = &cur->elems[k];
        memset(e, 0, sizeof *e);
        e->expression = dup(I, r, i, 12);
        int option = value(r, i, 13) ? atoi(value(r, i, 13)) : 0;
        e->desc = option & 1;
        bool nulls_first = option & 2;
        if (nulls_first != e->desc)
            e->nulls = nulls_first ? IR_NULLS_FIRST : IR_NULLS_LAST;
        e->opclass = dup(I, r, i, 14);
        e->collation = dup(I, r, i, 15);
        e->pos = pos(I);
    }
    PQclear(r);
    return 0;
}

/* The IR of a live index's elements on table `R`; false (after a warning
 * naming `what`) when one is a column that was left out. */
static bool index_elements(inspector *I, rel *R, const live_index *li, ir_index *ix,
                           const char *what)
{
    ix->method = li->method;
    ix->where = li->where;
    ix->pos = pos(I);
    size_t nkey = (size_t)li->nkey;
    ix->columns.n = nkey;
    ix->columns.names = arena_alloc(I->a, nkey * sizeof *ix->columns.names);
    ix->columns.pos = arena_alloc(I->a, nkey * sizeof *ix->columns.pos);
    ix->elems = arena_alloc(I->a, nkey * sizeof *ix->elems);
    bool options = false;
    for (size_t k = 0; k < (size_t)li->n; k++) {
        int att = li->atts[k];
        ir_column *c = att > 0 && att < R->natt ? R->att[att] : NULL;
        if (att > 0 && !c) {
            warn(I, "%s: uses a column that was left out; left out too", what, NULL, NULL);
            return false;
        }
        if (k >= nkey) {
            ir_name_list *inc = &ix->include;
            size_t cap = inc->n;
            inc->names = arena_grow(I->a, inc->names, sizeof *inc->names, &cap, inc->n + 1);
            cap = inc->n;
            inc->pos = arena_grow(I->a, inc->pos, sizeof *inc->pos, &cap, inc->n + 1);
            inc->pos[inc->n] = pos(I);
            inc->names[inc->n++] = c->name;
            continue;
        }
        ix->elems[k] = li->elems[k];
        ix->columns.names[k] = c ? c->name : NULL;
        ix->columns.pos[k] = pos(I);
        const ir_index_elem *e = &li->elems[k];
        options |= e->expression || e->desc || e->nulls || e->opclass || e->collation;
        ix->has_expression |= e->expression != NULL;
    }
    if (!options)
        ix->elems = NULL;
    return true;
}

/* "a_b" for the derived names of keys and indexes. */
static const char *joined(inspector *I, const ir_name_list *l, const ir_name_list *more)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < l->n; i++)
        buf_printf(&b, "%s%s", i ? "_" : "", l->names[i] ? l->names[i] : "expr");
    for (size_t i = 0; more && i < more->n; i++)
        buf_printf(&b, "_%s", more->names[i]);
    const char *s = arena_strdup(I->a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

/* ---- 4. constraints ---- */

static const char constraints_sql[] =
    "SELECT k.conrelid, k.conname, k.contype, k.condeferrable, k.condeferred, k.convalidated, "
    "array_to_string(k.conkey, ' '), k.confrelid, array_to_string(k.confkey, ' '), "
    "k.confupdtype, k.confdeltype, k.confmatchtype, "
    "CASE WHEN k.contype = 'c' THEN pg_get_expr(k.conbin, k.conrelid, true) END, k.conindid, "
    /* Only for exclusions: per row, the aggregate took a third of the query. */
    "k.connoinherit, CASE WHEN k.contype = 'x' THEN (SELECT string_agg(o.oprname, ' ' "
    "  ORDER BY x.n) FROM unnest(k.conexclop) WITH ORDINALITY x(op, n) "
    "  JOIN pg_operator o ON o.oid = x.op) END, "
    "k.confdelsetcols IS NOT NULL, (SELECT dk.description FROM pg_description dk "
    "  WHERE dk.objoid = k.oid AND dk.classoid = 'pg_constraint'::regclass "
    "    AND dk.objsubid = 0) "
    "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = ANY (%s) AND k.contype IN ('p', 'u', 'f', 'c', 'x') "
    "AND k.conparentid = 0 " /* not a partitioned table's constraint, cloned */
    "AND c.relname <> 'schemac_migrations' "
    "ORDER BY k.conrelid, k.contype, k.conname";

/* Column names of "1 2 3" on R; false when one was left out. */
static bool attnames(inspector *I, rel *R, const char *list, ir_name_list *out)
{
    size_t n = 0;
    for (const char *p = list; *p; p++)
        n += *p == ' ';
    n += *list != '\0';
    out->n = n;
    out->names = arena_alloc(I->a, (n + 1) * sizeof *out->names);
    out->pos = arena_alloc(I->a, (n + 1) * sizeof *out->pos);
    char *end;
    const char *p = list;
    for (size_t i = 0; i < n; i++, p = end) {
        long att = strtol(p, &end, 10);
        if (!R || R->skipped || att <= 0 || att >= R->natt || !R->att[att])
            return false;
        out->names[i] = R->att[att]->name;
        out->pos[i] = pos(I);
    }
    return true;
}

static ir_fk_action fk_action(char c)
{
    switch (c) {
    case 'r':
        return IR_FK_RESTRICT;
    case 'c':
        return IR_FK_CASCADE;
    case 'n':
        return IR_FK_SET_NULL;
    case 'd':
        return IR_FK_SET_DEFAULT;
    default:
        return IR_FK_NO_ACTION;
    }
}

static ir_deferrable deferrable(PGresult *r, int i)
{
    return !yes(r, i, 3) ? IR_NOT_DEFERRABLE : yes(r, i, 4) ? IR_INITIALLY_DEFERRED
                                                            : IR_DEFERRABLE;
}

static void read_constraint(inspector *I, PGresult *r, int i)
{
    rel *R = find_rel(I, value(r, i, 0));
    if (!R || R->skipped)
        return;
    ir_table *t = R->t;
    const char *name = dup(I, r, i, 1);
    char type = value(r, i, 2)[0];
    const char *what = arena_printf(I->a, "constraint %s of table %s", name,
                                    qualified(I, R->nspname, t->name));
    live_index *li = value(r, i, 13) ? strmap_get(&I->index_map, value(r, i, 13)) : NULL;
    if (li && type != 'f')
        li->used = true;
    if (!yes(r, i, 5))
        warn(I, "%s: NOT VALID is not in the schema language; the YAML holds it valid", what,
             NULL, NULL);
    ir_name_list cols = {0};
    bool have_cols = type == 'c' || attnames(I, R, value(r, i, 6) ? value(r, i, 6) : "", &cols);
    if (type != 'c' && type != 'x' && !have_cols) {
        warn(I, "%s: uses a column that was left out; left out too", what, NULL, NULL);
        return;
    }
    if (type == 'p' || type == 'u') {
        ir_key *k = arena_alloc(I->a, sizeof *k);
        k->columns = cols;
        k->pos = pos(I);
        k->deferrable = deferrable(r, i);
        k->nulls_not_distinct = li && li->nulls_not_distinct;
        k->comment = dup(I, r, i, 17);
        const char *derived = type == 'p' ? ir_object_name(I->a, t->name, NULL, "pkey")
                                          : ir_object_name(I->a, t->name, joined(I, &cols, NULL),
                                                           "key");
        if (strcmp(derived, name) != 0 && !I->o->exact_names)
            warn(I, "%s: the schema language names it %s", what, derived, NULL);
        if (type == 'p') {
            if (k->deferrable)
                warn(I, "%s: a deferrable primary key is not in the schema language; the YAML "
                        "makes it immediate", what, NULL, NULL);
            k->deferrable = IR_NOT_DEFERRABLE;
            if (k->comment)
                warn(I, "%s: a comment on a primary key is not in the schema language; left out",
                     what, NULL, NULL);
            k->comment = NULL;
            t->primary_key = k;
            R->pk_name = name;
        } else {
            size_t cap = t->nuniques;
            R->unique_names = arena_grow(I->a, R->unique_names, sizeof *R->unique_names, &cap,
                                         t->nuniques + 1);
            R->unique_names[t->nuniques] = name;
            ir_table_add_unique(I->s, t, k);
        }
    } else if (type == 'f') {
        rel *to = find_rel(I, value(r, i, 7));
        ir_fk *fk = arena_alloc(I->a, sizeof *fk);
        if (!to || to->skipped || !attnames(I, to, value(r, i, 8), &fk->ref_columns)) {
            warn(I, "%s: references a table or column that is not read or was left out; left "
                    "out", what, NULL, NULL);
            return;
        }
        fk->columns = cols;
        /* Qualified always, so it reads the same from any namespace. */
        fk->ref_table_name = ir_qualified_name(I->a, to->t->namespace ? to->t->namespace : "public",
                                               to->t->name);
        fk->on_update = fk_action(value(r, i, 9)[0]);
        fk->on_delete = fk_action(value(r, i, 10)[0]);
        char match = value(r, i, 11)[0];
        if (match == 'p')
            warn(I, "%s: MATCH PARTIAL is not in the schema language; the YAML says MATCH SIMPLE",
                 what, NULL, NULL);
        fk->match_full = match == 'f';
        fk->deferrable = deferrable(r, i);
        if (yes(r, i, 16))
            warn(I, "%s: ON DELETE SET NULL/DEFAULT of some columns is not in the schema "
                    "language; the YAML sets all of them", what, NULL, NULL);
        fk->name = name;
        fk->name_given =
            strcmp(name, ir_object_name(I->a, t->name, joined(I, &cols, NULL), "fkey")) != 0;
        fk->pos = pos(I);
        fk->comment = dup(I, r, i, 17);
        ir_table_add_fk(I->s, t, fk);
    } else if (type == 'c') {
        if (yes(r, i, 14))
            warn(I, "%s: NO INHERIT is not in the schema language; left as a plain check", what,
                 NULL, NULL);
        ir_check *c = arena_alloc(I->a, sizeof *c);
        c->name = name;
        c->expr = dup(I, r, i, 12);
        c->comment = dup(I, r, i, 17);
        c->pos = pos(I);
        ir_table_add_check(I->s, t, c);
    } else if (type == 'x' && li) {
        ir_exclusion *x = arena_alloc(I->a, sizeof *x);
        if (!index_elements(I, R, li, &x->index, what))
            return;
        x->operators = arena_alloc(I->a, ((size_t)li->nkey + 1) * sizeof *x->operators);
        const char *ops = value(r, i, 15) ? value(r, i, 15) : "";
        for (int k = 0; k < li->nkey; k++) {
            size_t len = strcspn(ops, " ");
            x->operators[k] = arena_strndup(I->a, ops, len);
            ops += len + (ops[len] == ' ');
        }
        if (!x->index.elems) {
            x->index.elems = arena_alloc(I->a, (size_t)li->nkey * sizeof *x->index.elems);
            memcpy(x->index.elems, li->elems, (size_t)li->nkey * sizeof *li->elems);
        }
        x->name = name;
        x->name_given = x->index.has_expression ||
                        strcmp(name, ir_object_name(I->a, t->name,
                                                    joined(I, &x->index.columns, NULL),
                                                    "excl")) != 0;
        x->deferrable = deferrable(r, i);
        x->comment = dup(I, r, i, 17);
        x->pos = pos(I);
        ir_table_add_exclusion(I->s, t, x);
    }
}

static int read_constraints(inspector *I)
{
    PGresult *r = live_query(I->db, arena_printf(I->a, constraints_sql, I->nsp_array), I->d);
    if (!r)
        return -1;
    /* Primary keys first: a table without one is left out, and so is
     * every foreign key to it. */
    for (int i = 0; i < PQntuples(r); i++)
        if (value(r, i, 2)[0] == 'p')
            read_constraint(I, r, i);
    for (size_t i = 0; i < I->nrels; i++) {
        rel *R = &I->rels[i];
        if (R->skipped || R->view)
            continue;
        if (R->t->primary_key) {
            ir_schema_add_table(I->s, R->t);
            continue;
        }
        warn(I, "table %s: has no primary key, which the schema language requires; left out",
             qualified(I, R->nspname, R->t->name), NULL, NULL);
        R->skipped = true;
    }
    for (int i = 0; i < PQntuples(r); i++)
        if (value(r, i, 2)[0] != 'p')
            read_constraint(I, r, i);
    PQclear(r);
    return 0;
}

/* Do the names `cols` lead with `lead`? */
static bool names_lead(const ir_name_list *cols, const ir_name_list *lead)
{
    if (cols->n < lead->n)
        return false;
    for (size_t k = 0; k < lead->n; k++)
        if (!cols->names[k] || strcmp(cols->names[k], lead->names[k]))
            return false;
    return true;
}

/* Does ix serve lookups on `c` as validate's add_fk_indexes judges it? */
static bool index_serves(const ir_index *ix, const ir_name_list *c)
{
    if (ix->where || !(!strcmp(ix->method, "btree") ||
                       (!strcmp(ix->method, "hash") && ix->columns.n == c->n)))
        return false;
    for (size_t k = 0; k < c->n && k < ix->columns.n; k++)
        if (!ir_index_elem_is_plain(ix, k))
            return false;
    return names_lead(&ix->columns, c);
}

/* Does a key of t, or an index of t other than ix, serve lookups on c? */
static bool served_elsewhere(const ir_table *t, const ir_index *ix, const ir_name_list *c)
{
    if (t->primary_key && names_lead(&t->primary_key->columns, c))
        return true;
    for (size_t j = 0; j < t->nuniques; j++)
        if (names_lead(&t->uniques[j]->columns, c))
            return true;
    for (size_t j = 0; j < t->nindexes; j++)
        if (t->indexes[j] != ix && index_serves(t->indexes[j], c))
            return true;
    return false;
}

/* Is ix the index validate would add for one of t's foreign keys, with
 * nothing else serving that key and ix serving no other? Only then does
 * leaving it out give it back whatever order validate meets the keys in:
 * validate skips a key some index already serves, so an index that also
 * serves a second key, or a key served twice, must stay written. */
static bool is_derived_fk_index(inspector *I, const ir_table *t, const ir_index *ix)
{
    if (ix->unique || ix->where || ix->elems || ix->include.n || strcmp(ix->method, "btree"))
        return false;
    const ir_name_list *own = NULL;
    for (size_t i = 0; i < t->nfks; i++) {
        const ir_name_list *c = &t->fks[i]->columns;
        if (c->n == ix->columns.n && names_lead(&ix->columns, c) &&
            !strcmp(ix->name, ir_object_name(I->a, t->name, joined(I, c, NULL), "idx")))
            own = c;
        else if (index_serves(ix, c))
            return false;
    }
    return own && !served_elsewhere(t, ix, own);
}

/* Leaves out of each table the foreign key indexes validate adds again. */
static void drop_derived_fk_indexes(inspector *I)
{
    for (size_t r = 0; r < I->nrels; r++) {
        ir_table *t = I->rels[r].t;
        if (I->rels[r].view || I->rels[r].skipped || !t)
            continue;
        bool *derived = arena_alloc(I->a, (t->nindexes ? t->nindexes : 1) * sizeof *derived);
        for (size_t j = 0; j < t->nindexes; j++)
            derived[j] = is_derived_fk_index(I, t, t->indexes[j]);
        size_t kept = 0;
        for (size_t j = 0; j < t->nindexes; j++)
            if (!derived[j])
                t->indexes[kept++] = t->indexes[j];
        t->nindexes = kept;
    }
}

/* Secondary indexes: those no constraint owns. */
static void add_indexes(inspector *I)
{
    for (size_t i = 0; i < I->nindexes; i++) {
        live_index *li = &I->indexes[i];
        rel *R = find_rel(I, li->table_oid);
        if (li->used || li->primary || !R || R->skipped)
            continue;
        const char *what = arena_printf(I->a, "index %s", qualified(I, R->nspname, li->name));
        if (!li->valid) {
            warn(I, "%s: is invalid (a failed concurrent build); left out", what, NULL, NULL);
            continue;
        }
        ir_index *ix = arena_alloc(I->a, sizeof *ix);
        if (!index_elements(I, R, li, ix, what))
            continue;
        ix->unique = li->unique;
        ix->comment = li->comment;
        ix->nulls_not_distinct = li->nulls_not_distinct;
        ix->name = li->name;
        ix->name_given =
            ix->has_expression ||
            strcmp(li->name, ir_object_name(I->a, R->t->name, joined(I, &ix->columns, &ix->include),
                                            "idx")) != 0;
        ix->name_given |= R->view; /* the language asks for a view's index names */
        ir_table_add_index(I->s, R->t, ix);
    }
    drop_derived_fk_indexes(I);
}

/* ---- 5. everything else ---- */

static const char others_sql[] =
    "SELECT 'view', n.nspname || '.' || c.relname, CASE c.relkind "
    "  WHEN 'f' THEN 'foreign tables' ELSE 'composite types' END, NULL "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = ANY (%1$s) AND c.relkind IN ('f', 'c') "
    "UNION ALL SELECT 'sequence', n.nspname || '.' || c.relname, 'sequences of their own', NULL "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = ANY (%1$s) AND c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d "
    "  WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
    "  AND d.refclassid = 'pg_class'::regclass) "
    "UNION ALL SELECT 'function', n.nspname || '.' || p.proname || '(' || "
    "  pg_get_function_identity_arguments(p.oid) || ')', 'functions', p.prosrc "
    "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
    "WHERE n.nspname = ANY (%1$s) AND NOT EXISTS (SELECT 1 FROM pg_depend d "
    "  WHERE d.objid = p.oid AND d.deptype = 'e') "
    /* The timestamps trigger is "set_updated_at" BEFORE UPDATE (2 | 16) FOR
     * EACH ROW (1) without arguments, columns or WHEN, calling a function
     * of the same schema: "OID yes FUNCTION" then, else "OID no". */
    "UNION ALL SELECT 'trigger', g.tgname || ' on ' || n.nspname || '.' || c.relname, "
    "  'triggers', c.oid || CASE WHEN g.tgname = 'set_updated_at' AND g.tgtype = 19 "
    "    AND g.tgnargs = 0 AND g.tgqual IS NULL AND g.tgattr = ''::int2vector "
    "    AND (p.pronamespace = c.relnamespace OR p.pronamespace = 'public'::regnamespace) "
    "    THEN ' yes ' || p.proname ELSE ' no' END "
    "FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = g.tgfoid "
    "WHERE n.nspname = ANY (%1$s) AND NOT g.tgisinternal AND g.tgparentid = 0 "
    "UNION ALL SELECT 'rule', r.rulename || ' on ' || n.nspname || '.' || c.relname, 'rules', NULL "
    "FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = ANY (%1$s) AND r.rulename <> '_RETURN' "
    "UNION ALL SELECT 'type', n.nspname || '.' || t.typname, CASE t.typtype "
    "  WHEN 'r' THEN 'range types' ELSE 'base types' END, "
    "  NULL "
    "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
    "WHERE n.nspname = ANY (%1$s) AND t.typtype IN ('r', 'b') AND t.typelem = 0 "
    "  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e') "
    "ORDER BY 1, 2";

static const char trigger_body[] = "\nBEGIN\n    NEW.updated_at := now();\n    RETURN NEW;\nEND\n";

/* "blog" of a function "public.blog_set_updated_at()" with schemac's body. */
static const char *trigger_prefix(inspector *I, const char *name, const char *body)
{
    const char *dot = strchr(name, '.');
    const char *suffix = "_set_updated_at()";
    size_t n = strlen(name), ns = strlen(suffix);
    if (!dot || n < ns || strcmp(name + n - ns, suffix) != 0 || !body ||
        strcmp(body, trigger_body) != 0)
        return NULL;
    return arena_strndup(I->a, dot + 1, (size_t)(name + n - ns - dot - 1));
}

static int read_others(inspector *I)
{
    PGresult *r = live_query(I->db, arena_printf(I->a, others_sql, I->nsp_array), I->d);
    if (!r)
        return -1;
    int n = PQntuples(r);
    /* The trigger function first: the triggers name it. */
    for (int i = 0; i < n; i++)
        if (!strcmp(value(r, i, 0), "function") && !I->trigger_function) {
            const char *prefix = trigger_prefix(I, value(r, i, 1), value(r, i, 3));
            if (prefix && (!I->o->name || !strcmp(prefix, I->o->name))) {
                if (!I->s->name)
                    I->s->name = prefix;
                I->trigger_function = arena_printf(I->a, "%s_set_updated_at", prefix);
            }
        }
    for (int i = 0; i < n; i++) {
        const char *kind = value(r, i, 0), *name = value(r, i, 1), *text = value(r, i, 3);
        if (!strcmp(kind, "function") && I->trigger_function &&
            trigger_prefix(I, name, text) &&
            !strcmp(strchr(name, '.') + 1, arena_printf(I->a, "%s()", I->trigger_function)))
            continue;
        if (!strcmp(kind, "trigger") && I->trigger_function) {
            const char *space = strchr(text, ' ');
            rel *R = find_rel(I, arena_strndup(I->a, text, (size_t)(space - text)));
            if (R && !R->skipped && !strncmp(space, " yes ", 5) &&
                !strcmp(space + 5, I->trigger_function)) {
                R->has_trigger = true;
                continue;
            }
        }
        if (strcmp(kind, "function") != 0 && strcmp(kind, "trigger") != 0) /* inspect_objects */
            warn(I, "%s %s: %s are not in the schema language; left out", kind, name,
                 value(r, i, 2));
    }
    PQclear(r);
    return 0;
}

/* ---- timestamps and soft_delete ---- */

static bool is_now_column(const ir_column *c)
{
    return c && c->type.kind == IR_TIMESTAMPTZ && !c->nullable && !c->comment &&
           c->def.kind == IR_DEFAULT_SQL && !strcmp(c->def.text, "now()");
}

/* Removes column c from t (it is made by a table flag instead). */
static void remove_column(ir_table *t, const ir_column *c)
{
    size_t j = 0;
    for (size_t i = 0; i < t->ncolumns; i++)
        if (t->columns[i] != c)
            t->columns[j++] = t->columns[i];
    t->ncolumns = j;
}

static void recognise_flags(inspector *I, rel *R)
{
    ir_table *t = R->t;
    ir_column *created = ir_find_column(t, "created_at"), *updated = ir_find_column(t, "updated_at");
    ir_column *deleted = ir_find_column(t, "deleted_at");
    if (R->has_trigger && is_now_column(created) && is_now_column(updated)) {
        t->timestamps = true;
        remove_column(t, created);
        remove_column(t, updated);
    } else if (R->has_trigger) {
        warn(I, "trigger set_updated_at on %s: the table lacks schemac's created_at and "
                "updated_at columns; left out", qualified(I, R->nspname, t->name), NULL, NULL);
    }
    if (deleted && deleted->type.kind == IR_TIMESTAMPTZ && deleted->nullable &&
        deleted->def.kind == IR_DEFAULT_NONE && !deleted->comment) {
        t->soft_delete = true;
        remove_column(t, deleted);
    }
    /* The column map still holds them: validate adds them back under the
     * same names, so start the map afresh. */
    strmap_init(&t->column_map, &I->s->arena);
    for (size_t i = 0; i < t->ncolumns; i++) {
        t->columns[i]->index = i;
        strmap_put(&t->column_map, t->columns[i]->name, t->columns[i]);
    }
}

/* ---- the whole ---- */

/* "ARRAY['public']::name[]" with each name quoted by the server's rules. */
/* ARRAY['a', 'b']::name[] of the schemas to read. Quoted here, not by
 * PQescapeLiteral: inspect_prefetch spells it before there is a
 * connection, and a statement sent ahead is found again by its text. */
static const char *schema_array(arena *a, const inspect_options *o)
{
    buf b = BUF_INIT;
    buf_puts(&b, "ARRAY[");
    size_t n = o->nschemas ? o->nschemas : 1;
    for (size_t i = 0; i < n; i++) {
        const char *name = o->nschemas ? o->schemas[i] : "public";
        buf_puts(&b, i ? ", " : "");
        buf_puts(&b, strchr(name, '\\') ? "E'" : "'");
        for (const char *p = name; *p; p++) {
            if (*p == '\'' || *p == '\\')
                buf_putc(&b, *p);
            buf_putc(&b, *p);
        }
        buf_putc(&b, '\'');
    }
    buf_puts(&b, "]::name[]");
    const char *s = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

/* Every catalog query of an inspection, in the order read: the enums
 * and the columns, then the others. */
enum { SQL_FIRST = 2, SQL_COUNT = 8 };

static void catalog_sqls(arena *a, const char *nsp_array, const char *out[SQL_COUNT])
{
    out[0] = arena_printf(a, enums_sql, nsp_array);
    out[1] = arena_printf(a, columns_sql, nsp_array);
    out[2] = arena_printf(a, indexes_sql, nsp_array);
    out[3] = arena_printf(a, constraints_sql, nsp_array);
    out[4] = arena_printf(a, others_sql, nsp_array);
    out[5] = inspect_objects_sql(a, nsp_array);
    out[6] = inspect_access_sql(a, nsp_array);
    out[7] = inspect_partitions_sql(a, nsp_array);
}

void inspect_prefetch(live_db *db, const inspect_options *opts)
{
    const char *sqls[SQL_COUNT];
    catalog_sqls(&db->arena, schema_array(&db->arena, opts), sqls);
    live_prefetch(db, sqls + SQL_FIRST, SQL_COUNT - SQL_FIRST);
    live_prefetch(db, sqls, SQL_FIRST);
}

/* A name the language accepts, from the database's name. */
static const char *name_from_database(inspector *I)
{
    const char *db = PQdb(I->db->conn);
    char *name = arena_strdup(I->a, db && *db ? db : "schema");
    for (char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            *p = '_';
    if (isdigit((unsigned char)name[0]))
        name = arena_printf(I->a, "db_%s", name);
    if (strlen(name) > 40)
        name[40] = '\0';
    return name;
}

int inspect_database(live_db *db, const inspect_options *opts, inspect_result *out, diag *d)
{
    memset(out, 0, sizeof *out);
    ir_schema *s = ir_schema_new();
    s->version = 1;
    s->name = opts->name;
    inspector I = {.db = db, .o = opts, .d = d, .s = s, .a = &s->arena};
    strmap_init(&I.rel_map, I.a);
    strmap_init(&I.index_map, I.a);
    strmap_init(&I.live_index_names, I.a);
    strmap_init(&I.table_names, I.a);
    strmap_init(&out->table_oids, I.a);
    I.nsp_array = schema_array(I.a, opts);
    /* The server answers the column query, the longest, on this connection
     * while a second one answers the others (unless inspect_prefetch sent
     * them all ahead). */
    const char *sqls[SQL_COUNT];
    catalog_sqls(I.a, I.nsp_array, sqls);
    live_prefetch(db, sqls + SQL_FIRST, SQL_COUNT - SQL_FIRST);
    if (read_enums(&I) < 0 || read_columns(&I) < 0 || read_indexes(&I) < 0 ||
        read_constraints(&I) < 0 || read_others(&I) < 0)
        goto fail;
    if (!s->name)
        s->name = name_from_database(&I);
    add_indexes(&I);
    strmap view_indexes;
    strmap_init(&view_indexes, I.a);
    for (size_t i = 0; i < I.nrels; i++) {
        rel *R = &I.rels[i];
        if (R->view)
            strmap_put(&view_indexes, R->t->name, R->t);
        if (R->skipped || R->view)
            continue;
        strmap_put(&out->table_oids, R->t->qualified, (void *)R->oid);
        recognise_flags(&I, R);
    }
    if (inspect_objects(db, opts, s, I.nsp_array, &view_indexes, I.trigger_function, d) < 0 ||
        inspect_access(db, s, I.nsp_array, &out->table_oids, d) < 0 ||
        inspect_partitions(db, s, I.nsp_array, &out->table_oids, d) < 0)
        goto fail;
    if (validate_schema_sql(s, d) < 0)
        goto fail;
    for (size_t i = 0; i < I.nrels; i++) {
        rel *R = &I.rels[i];
        if (R->skipped || R->view)
            continue;
        ir_table *t = R->t;
        /* A derived FK index the database lacks. */
        size_t j = 0;
        for (size_t k = 0; k < t->nindexes; k++) {
            ir_index *ix = t->indexes[k];
            bool missing = ix->for_fk && !strmap_get(&I.live_index_names, ix->name);
            if (missing && !opts->exact_names)
                warn(&I, "table %s: the database has no index %s for a foreign key; the schema "
                         "language adds one",
                     qualified(&I, R->nspname, t->name), ix->name, NULL);
            if (!missing || !opts->exact_names)
                t->indexes[j++] = ix;
        }
        t->nindexes = j;
        if (opts->exact_names) {
            if (t->primary_key && R->pk_name)
                t->primary_key->name = R->pk_name;
            for (size_t k = 0; k < t->nuniques; k++)
                t->uniques[k]->name = R->unique_names[k];
        }
    }
    out->schema = s;
    return 0;
fail:
    ir_schema_free(s);
    return -1;
}
