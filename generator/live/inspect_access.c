/* inspect_access: the privileges, default privileges, row-level security
 * and policies of the tables inspect read, in one query; see inspect.h. */
#include "inspect.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "strmap.h"

static const char access_sql[] =
    "SELECT 'grant', c.oid::text, coalesce(r.rolname, 'public'), x.privilege_type, NULL, NULL, "
    "  NULL, NULL "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "CROSS JOIN LATERAL aclexplode(c.relacl) x LEFT JOIN pg_roles r ON r.oid = x.grantee "
    "WHERE n.nspname = ANY (%1$s) AND c.relkind IN ('r', 'p') AND x.grantee <> c.relowner "
    "UNION ALL SELECT 'column', c.oid::text, coalesce(r.rolname, 'public'), x.privilege_type, "
    "  a.attname::text, a.attnum::text, NULL, NULL "
    "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "CROSS JOIN LATERAL aclexplode(a.attacl) x LEFT JOIN pg_roles r ON r.oid = x.grantee "
    "WHERE n.nspname = ANY (%1$s) AND c.relkind IN ('r', 'p') AND a.attnum > 0 "
    "  AND NOT a.attisdropped "
    "UNION ALL SELECT 'default', NULL, coalesce(r.rolname, 'public'), x.privilege_type, NULL, "
    "  NULL, NULL, NULL "
    "FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace "
    "CROSS JOIN LATERAL aclexplode(d.defaclacl) x LEFT JOIN pg_roles r ON r.oid = x.grantee "
    "WHERE n.nspname = ANY (%1$s) AND d.defaclobjtype = 'r' "
    "UNION ALL SELECT 'rls', c.oid::text, NULL, NULL, c.relforcerowsecurity::text, NULL, NULL, "
    "  NULL "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = ANY (%1$s) AND c.relkind IN ('r', 'p') AND c.relrowsecurity "
    "UNION ALL SELECT 'policy', c.oid::text, p.polname::text, p.polcmd::text, "
    "  p.polpermissive::text, (SELECT string_agg(coalesce(r.rolname, 'public'), ',' ORDER BY o.i) "
    "    FROM unnest(p.polroles) WITH ORDINALITY o(role, i) "
    "    LEFT JOIN pg_roles r ON r.oid = o.role), "
    "  pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid) "
    "FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY (%1$s) "
    "ORDER BY 1, 2, 3, 4, 6";

static unsigned privilege_bit(const char *sql)
{
    for (int b = 0; b < IR_PRIV_COUNT; b++)
        if (!strcmp(sql, ir_privilege_sql[b]))
            return 1u << b;
    return 0;
}

typedef struct reader {
    ir_schema *s;
    arena *a;
    strmap tables; /* oid → ir_table */
    strmap roles;  /* declared so far */
} reader;

static const char *cell(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static void declare_role(reader *R, const char *name)
{
    if (!strcmp(name, "public") || strmap_get(&R->roles, name))
        return;
    ir_role *role = arena_alloc(R->a, sizeof *role);
    role->name = arena_strdup(R->a, name);
    strmap_put(&R->roles, role->name, role);
    ir_schema_add_role(R->s, role);
}

/* The grant of `role` in a list, made when missing. */
static ir_grant *grant_of(reader *R, ir_table *t, const char *role)
{
    ir_grant **list = t ? t->grants : R->s->grants;
    size_t n = t ? t->ngrants : R->s->ngrants;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(list[i]->role, role))
            return list[i];
    declare_role(R, role);
    ir_grant *g = arena_alloc(R->a, sizeof *g);
    g->role = arena_strdup(R->a, role);
    g->columns = arena_alloc(R->a, IR_PRIV_COUNT * sizeof *g->columns);
    if (t)
        ir_table_add_grant(R->s, t, g);
    else
        ir_schema_add_grant(R->s, g);
    return g;
}

static void add_column_grant(reader *R, ir_grant *g, unsigned bit, const char *column)
{
    ir_column_grant *cg = NULL;
    for (size_t i = 0; i < g->ncolumns && !cg; i++)
        if (g->columns[i].privilege == bit)
            cg = &g->columns[i];
    if (!cg) {
        cg = &g->columns[g->ncolumns++];
        cg->privilege = bit;
    }
    ir_name_list *l = &cg->columns;
    size_t cap = l->n;
    l->names = arena_grow(R->a, l->names, sizeof *l->names, &cap, l->n + 1);
    cap = l->n;
    l->pos = arena_grow(R->a, l->pos, sizeof *l->pos, &cap, l->n + 1);
    l->names[l->n++] = arena_strdup(R->a, column);
}

/* "(owner_id = (NULLIF(current_setting('app.user_id'::text, true), ''::text))::bigint)",
 * the server's spelling of the ownership policy: fills the row security's
 * owner column and setting. */
static bool ownership_policy(reader *R, ir_row_security *rls, const char *using_expr,
                             const char *check_expr)
{
    static const char mid[] = " = (NULLIF(current_setting('", tail[] = "'::text, true), ''::text))::";
    if (!using_expr || !check_expr || strcmp(using_expr, check_expr) || using_expr[0] != '(')
        return false;
    const char *m = strstr(using_expr, mid);
    const char *t = m ? strstr(m, tail) : NULL;
    if (!m || !t)
        return false;
    const char *col = using_expr + 1;
    size_t n = (size_t)(m - col);
    if (n >= 2 && col[0] == '"' && col[n - 1] == '"') {
        buf b = BUF_INIT;
        for (size_t i = 1; i + 1 < n; i++) {
            buf_putc(&b, col[i]);
            if (col[i] == '"')
                i++;
        }
        rls->owner_column = arena_strdup(R->a, buf_cstr(&b));
        buf_free(&b);
    } else {
        rls->owner_column = arena_strndup(R->a, col, n);
    }
    rls->setting = arena_strndup(R->a, m + sizeof mid - 1, (size_t)(t - m - (sizeof mid - 1)));
    return true;
}

static const char *policy_command(char c)
{
    switch (c) {
    case 'r':
        return "SELECT";
    case 'a':
        return "INSERT";
    case 'w':
        return "UPDATE";
    case 'd':
        return "DELETE";
    default:
        return "ALL";
    }
}

static void read_policy(reader *R, ir_table *t, PGresult *r, int i)
{
    const char *name = cell(r, i, 2), *roles = cell(r, i, 5);
    const char *using_expr = cell(r, i, 6), *check_expr = cell(r, i, 7);
    ir_name_list list = {0};
    if (roles && strcmp(roles, "public")) {
        size_t cap = 0;
        for (const char *p = roles; *p;) {
            size_t n = strcspn(p, ",");
            list.names = arena_grow(R->a, list.names, sizeof *list.names, &cap, list.n + 1);
            list.names[list.n++] = arena_strndup(R->a, p, n);
            declare_role(R, list.names[list.n - 1]);
            p += n + (p[n] == ',');
        }
        list.pos = arena_alloc(R->a, (list.n + 1) * sizeof *list.pos);
    }
    bool all = cell(r, i, 3)[0] == '*', permissive = cell(r, i, 4)[0] == 't';
    if (t->rls && all && permissive && !t->rls->owner_column &&
        !strcmp(name, ir_object_name(R->a, t->name, NULL, "owner")) &&
        ownership_policy(R, t->rls, using_expr, check_expr)) {
        t->rls->roles = list;
        return;
    }
    ir_policy *p = arena_alloc(R->a, sizeof *p);
    p->name = arena_strdup(R->a, name);
    p->command = policy_command(cell(r, i, 3)[0]);
    p->restrictive = !permissive;
    p->roles = list;
    p->using_expr = using_expr ? arena_strdup(R->a, using_expr) : NULL;
    p->check_expr = check_expr ? arena_strdup(R->a, check_expr) : NULL;
    ir_table_add_policy(R->s, t, p);
}

/* Schema-level grants hold for every table: what a table has of them is
 * not written again on the table. */
static void subtract_schema_grants(reader *R)
{
    for (size_t i = 0; i < R->s->ntables; i++) {
        ir_table *t = R->s->tables[i];
        size_t kept = 0;
        for (size_t j = 0; j < t->ngrants; j++) {
            ir_grant *g = t->grants[j];
            for (size_t k = 0; k < R->s->ngrants; k++)
                if (!strcmp(R->s->grants[k]->role, g->role))
                    g->privileges &= ~R->s->grants[k]->privileges;
            if (g->privileges || g->ncolumns)
                t->grants[kept++] = g;
        }
        t->ngrants = kept;
    }
}

const char *inspect_access_sql(arena *a, const char *nsp_array)
{
    return arena_printf(a, access_sql, nsp_array);
}

int inspect_access(live_db *db, ir_schema *s, const char *nsp_array, const strmap *table_oids,
                   diag *d)
{
    reader R = {.s = s, .a = &s->arena};
    strmap_init(&R.tables, R.a);
    strmap_init(&R.roles, R.a);
    for (size_t i = 0; i < s->ntables; i++) {
        const char *oid = strmap_get(table_oids, s->tables[i]->qualified);
        if (oid)
            strmap_put(&R.tables, oid, s->tables[i]);
    }
    PGresult *r = live_query(db, inspect_access_sql(R.a, nsp_array), d);
    if (!r)
        return -1;
    /* Row-level security first: the policies look at it. */
    for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < PQntuples(r); i++) {
        const char *kind = cell(r, i, 0), *oid = cell(r, i, 1);
        ir_table *t = oid ? strmap_get(&R.tables, oid) : NULL;
        if ((oid && !t) || (pass == 0) != !strcmp(kind, "rls"))
            continue; /* a table inspect left out, or not this pass */
        if (!strcmp(kind, "grant") || !strcmp(kind, "default")) {
            unsigned bit = privilege_bit(cell(r, i, 3));
            if (bit)
                grant_of(&R, t, cell(r, i, 2))->privileges |= bit;
        } else if (!strcmp(kind, "column")) {
            unsigned bit = privilege_bit(cell(r, i, 3));
            if (bit & IR_PRIV_COLUMN_KINDS)
                add_column_grant(&R, grant_of(&R, t, cell(r, i, 2)), bit, cell(r, i, 4));
        } else if (!strcmp(kind, "rls")) {
            t->rls = arena_alloc(R.a, sizeof *t->rls);
            t->rls->force = cell(r, i, 4)[0] == 't';
        } else if (!strcmp(kind, "policy")) {
            read_policy(&R, t, r, i);
        }
    }
    PQclear(r);
    subtract_schema_grants(&R);
    return 0;
}
