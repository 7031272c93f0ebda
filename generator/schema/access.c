/* access: roles, grants and row-level security; see access.h. */
#include "access.h"

#include <ctype.h>
#include <string.h>

#include "buf.h"
#include "strmap.h"

/* ---- validation ---- */

/* Role names go into SQL literals and dollar-quoted blocks: letters,
 * digits and _ only, as PostgreSQL folds them (lower case). */
static bool plain_role_name(const char *s)
{
    if (!*s || strlen(s) > IR_NAME_MAX || !(islower((unsigned char)*s) || *s == '_'))
        return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_'))
            return false;
    return true;
}

typedef struct checker {
    ir_schema *s;
    diag *d;
    arena *a;
    strmap roles;
    const char **names; /* for "did you mean" */
} checker;

static void check_role_ref(checker *C, const char *role, src_pos pos)
{
    if (!strcmp(role, "public") || strmap_get(&C->roles, role))
        return;
    const char *near = diag_suggest(role, C->names, C->s->nroles);
    diag_error(C->d, pos,
               near ? arena_printf(C->a, "did you mean `%s`?", near)
                    : arena_printf(C->a, "declare it under `roles:` (roles: [%s])", role),
               "role `%s` is not declared in `roles`", role);
}

static void check_grant(checker *C, const ir_table *t, const ir_grant *g)
{
    check_role_ref(C, g->role, g->pos);
    for (size_t i = 0; i < g->ncolumns; i++) {
        const ir_column_grant *cg = &g->columns[i];
        if (!(cg->privilege & IR_PRIV_COLUMN_KINDS)) {
            diag_error(C->d, cg->pos, "grant it on the whole table",
                       "a privilege on columns must be select, insert, update or references");
            continue;
        }
        if (!t) {
            diag_error(C->d, cg->pos, "grant column privileges on the table",
                       "schema-level grants are for every table: they cannot name columns");
            continue;
        }
        for (size_t j = 0; j < cg->columns.n; j++)
            if (!ir_find_column(t, cg->columns.names[j]))
                diag_error(C->d, cg->columns.pos[j], NULL,
                           "table `%s` has no column `%s` to grant on", t->name,
                           cg->columns.names[j]);
    }
}

static void check_policy(checker *C, const ir_table *t, const ir_policy *p)
{
    for (size_t i = 0; i < p->roles.n; i++)
        check_role_ref(C, p->roles.names[i], p->roles.pos[i]);
    if (p->check_expr && (!strcmp(p->command, "SELECT") || !strcmp(p->command, "DELETE")))
        diag_error(C->d, p->pos, "remove `with_check`; `using` chooses the rows",
                   "a %s policy cannot have `with_check` (policy `%s`)", p->command, p->name);
    if (p->using_expr && !strcmp(p->command, "INSERT"))
        diag_error(C->d, p->pos, "use `with_check` for the rows it may insert",
                   "an INSERT policy cannot have `using` (policy `%s`)", p->name);
    if (!t->rls) /* PostgreSQL allows it: a policy made ready before RLS is on */
        diag_warning(C->d, p->pos, "add `row_level_security: true` to the table",
                     "policy `%s` has no effect: table `%s` has no row-level security", p->name,
                     t->name);
    if (strlen(p->name) > IR_NAME_MAX)
        diag_error(C->d, p->pos, NULL, "policy name `%s` is longer than %d bytes", p->name,
                   IR_NAME_MAX);
}

/* `app.user_id`: a custom setting has a dot, and is spliced into SQL as a
 * literal, so identifier characters only. */
static bool setting_name(const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot || dot == s || !dot[1])
        return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '.'))
            return false;
    return true;
}

/* The ownership form becomes a policy like any other: rows whose owner is
 * the setting's value, for every command. An unset or empty setting
 * matches no row. */
static void derive_owner_policy(checker *C, ir_table *t)
{
    const ir_row_security *r = t->rls;
    if (!r || !r->owner_column)
        return;
    ir_column *owner = ir_find_column(t, r->owner_column);
    if (!owner)
        diag_error(C->d, r->owner_pos, NULL, "table `%s` has no column `%s` to own its rows",
                   t->name, r->owner_column);
    if (!setting_name(r->setting))
        diag_error(C->d, r->setting_pos, "write a custom setting such as `app.user_id`",
                   "`setting` must be a name with a dot, of letters, digits and _, not `%s`",
                   r->setting);
    if (!owner || !setting_name(r->setting))
        return;
    for (size_t i = 0; i < r->roles.n; i++)
        check_role_ref(C, r->roles.names[i], r->roles.pos[i]);
    ir_type type = owner->type;
    if (type.kind == IR_SERIAL)
        type.kind = IR_INTEGER;
    else if (type.kind == IR_BIGSERIAL)
        type.kind = IR_BIGINT;
    ir_policy *p = arena_alloc(C->a, sizeof *p);
    p->name = ir_object_name(C->a, t->name, NULL, "owner");
    p->pos = r->pos;
    p->command = "ALL";
    p->roles = r->roles;
    p->derived = true;
    p->using_expr = arena_printf(C->a, "%s = NULLIF(current_setting('%s', true), '')::%s",
                                 ir_quote_ident(C->a, owner->name), r->setting,
                                 ir_type_sql(C->a, &type));
    p->check_expr = p->using_expr;
    for (size_t i = 0; i < t->npolicies; i++)
        if (!strcmp(t->policies[i]->name, p->name)) {
            diag_error(C->d, t->policies[i]->pos, "rename the policy",
                       "policy `%s` has the name of the ownership policy of table `%s`",
                       p->name, t->name);
            return;
        }
    ir_table_add_policy(C->s, t, p);
}

void access_validate(ir_schema *s, diag *d)
{
    checker C = {.s = s, .d = d, .a = &s->arena};
    strmap_init(&C.roles, C.a);
    C.names = arena_alloc(C.a, (s->nroles + 1) * sizeof *C.names);
    for (size_t i = 0; i < s->nroles; i++) {
        const ir_role *r = s->roles[i];
        C.names[i] = r->name;
        if (!plain_role_name(r->name) || !strcmp(r->name, "public") ||
            !strncmp(r->name, "pg_", 3))
            diag_error(d, r->pos, "use lower-case letters, digits and _ (not `public`, not pg_...)",
                       "role name `%s` is not one schemac can manage", r->name);
        else if (strmap_get(&C.roles, r->name))
            diag_error(d, r->pos, NULL, "role `%s` is declared twice", r->name);
        else
            strmap_put(&C.roles, r->name, (void *)r);
    }
    for (size_t i = 0; i < s->ngrants; i++)
        check_grant(&C, NULL, s->grants[i]);
    for (size_t i = 0; i < s->ntables; i++) {
        ir_table *t = s->tables[i];
        for (size_t j = 0; j < t->ngrants; j++)
            check_grant(&C, t, t->grants[j]);
        for (size_t j = 0; j < t->npolicies; j++) {
            check_policy(&C, t, t->policies[j]);
            for (size_t k = 0; k < j; k++)
                if (!strcmp(t->policies[k]->name, t->policies[j]->name))
                    diag_error(d, t->policies[j]->pos, NULL, "policy `%s` is declared twice",
                               t->policies[j]->name);
        }
        derive_owner_policy(&C, t);
    }
}

/* ---- privileges as sets ---- */

/* Every privilege a schema gives on a table, one entry a privilege:
 * "T role priv" on the table, "C role priv column" on a column, "S role
 * sequence" for the sequences of its identity and serial columns (what
 * INSERT needs), in a stable order. */
typedef struct privilege_set {
    const char **entries;
    size_t n, cap;
    strmap index;
} privilege_set;

static void set_add(arena *a, privilege_set *p, const char *entry)
{
    if (strmap_get(&p->index, entry))
        return;
    p->entries = arena_grow(a, p->entries, sizeof *p->entries, &p->cap, p->n + 1);
    p->entries[p->n++] = entry;
    strmap_put(&p->index, entry, (void *)entry);
}

static bool is_sequenced(const ir_column *c)
{
    return c && (c->identity != IR_IDENTITY_NONE || c->type.kind == IR_SERIAL ||
                 c->type.kind == IR_BIGSERIAL);
}

/* Old column names of a table become the new ones through the diff's
 * column renames. */
static const char *new_column_name(const diff_result *r, const ir_table *old, const char *name)
{
    for (size_t i = 0; i < r->n; i++) {
        const diff_change *c = &r->changes[i];
        if (c->kind == DIFF_RENAME_COLUMN && c->old_table == old && c->old_column &&
            !strcmp(c->old_column->name, name))
            return c->new_column->name;
    }
    return name;
}

/* `t` is the table in schema `s`; `now` is the table in the target
 * schema, whose names the entries use (the same table when s is the
 * target). */
static void add_grant(arena *a, privilege_set *p, const diff_result *r, const ir_grant *g,
                      const ir_table *t, const ir_table *now)
{
    for (int b = 0; b < IR_PRIV_COUNT; b++)
        if (g->privileges & (1u << b))
            set_add(a, p, arena_printf(a, "T\x1f%s\x1f%s", g->role, ir_privilege_sql[b]));
    for (size_t i = 0; i < g->ncolumns; i++) {
        const ir_column_grant *cg = &g->columns[i];
        int b = 0;
        while (!(cg->privilege & (1u << b)))
            b++;
        for (size_t j = 0; j < cg->columns.n; j++) {
            const char *col = t == now ? cg->columns.names[j]
                                       : new_column_name(r, t, cg->columns.names[j]);
            set_add(a, p, arena_printf(a, "C\x1f%s\x1f%s\x1f%s", g->role, ir_privilege_sql[b], col));
        }
    }
    if (!(g->privileges & IR_PRIV_INSERT))
        return;
    /* Sequences of the target's columns that have one on this side too. */
    for (size_t i = 0; i < now->ncolumns; i++) {
        const ir_column *c = now->columns[i];
        if (!is_sequenced(c))
            continue;
        if (t != now) {
            const ir_column *before = NULL;
            for (size_t j = 0; j < t->ncolumns && !before; j++)
                if (!strcmp(new_column_name(r, t, t->columns[j]->name), c->name))
                    before = t->columns[j];
            if (!is_sequenced(before))
                continue;
        }
        set_add(a, p, arena_printf(a, "S\x1f%s\x1f%s", g->role,
                                   ir_object_name(a, now->name, c->name, "seq")));
    }
}

static void table_privileges(arena *a, privilege_set *p, const diff_result *r,
                             const ir_schema *s, const ir_table *t, const ir_table *now)
{
    memset(p, 0, sizeof *p);
    strmap_init(&p->index, a);
    if (!t)
        return;
    for (size_t i = 0; i < s->ngrants; i++)
        add_grant(a, p, r, s->grants[i], t, now);
    for (size_t i = 0; i < t->ngrants; i++)
        add_grant(a, p, r, t->grants[i], t, now);
}

/* Schema-level grants as default privileges: "D role priv", and "Q role"
 * for USAGE on future sequences of a role that may insert. */
static void default_privileges(arena *a, privilege_set *p, const ir_schema *s)
{
    memset(p, 0, sizeof *p);
    strmap_init(&p->index, a);
    for (size_t i = 0; i < s->ngrants; i++)
        for (int b = 0; b < IR_PRIV_COUNT; b++)
            if (s->grants[i]->privileges & (1u << b)) {
                set_add(a, p, arena_printf(a, "D\x1f%s\x1f%s", s->grants[i]->role,
                                           ir_privilege_sql[b]));
                if (1u << b == IR_PRIV_INSERT)
                    set_add(a, p, arena_printf(a, "Q\x1f%s", s->grants[i]->role));
            }
}

/* Field i (0-based) of an entry. */
static const char *field(arena *a, const char *entry, int i)
{
    for (; i > 0; i--)
        entry = strchr(entry, '\x1f') + 1;
    const char *end = strchr(entry, '\x1f');
    return end ? arena_strndup(a, entry, (size_t)(end - entry)) : entry;
}

static void add_change(diff_result *out, diff_change c) { diff_append(out, c); }

/* The entries of `a` not in `b`, grouped into statements: a role's table
 * privileges in one, a role's privilege on columns in one, a sequence in
 * one. */
static diff_kind delta_kind(char tag, bool grant)
{
    switch (tag) {
    case 'S':
        return grant ? DIFF_GRANT_SEQUENCE : DIFF_REVOKE_SEQUENCE;
    case 'D':
        return grant ? DIFF_DEFAULT_GRANT : DIFF_DEFAULT_REVOKE;
    case 'Q':
        return grant ? DIFF_DEFAULT_GRANT_SEQUENCES : DIFF_DEFAULT_REVOKE_SEQUENCES;
    default: /* T, C */
        return grant ? DIFF_GRANT : DIFF_REVOKE;
    }
}

static void add_deltas(diff_result *out, bool grant, const ir_table *t, const privilege_set *a,
                       const privilege_set *b)
{
    arena *A = &out->arena;
    bool *done = arena_alloc(A, a->n + 1);
    for (size_t i = 0; i < a->n; i++) {
        if (done[i] || strmap_get(&b->index, a->entries[i]))
            continue;
        const char *e = a->entries[i];
        char tag = e[0];
        const char *role = field(A, e, 1);
        buf sql = BUF_INIT;
        if (tag == 'T' || tag == 'D') {
            for (size_t j = i; j < a->n; j++) {
                const char *f = a->entries[j];
                if (f[0] == tag && !done[j] && !strcmp(field(A, f, 1), role) &&
                    !strmap_get(&b->index, f)) {
                    buf_printf(&sql, "%s%s", sql.len ? ", " : "", field(A, f, 2));
                    done[j] = true;
                }
            }
        } else if (tag == 'C') {
            const char *priv = field(A, e, 2);
            buf_printf(&sql, "%s (", priv);
            bool first = true;
            for (size_t j = i; j < a->n; j++) {
                const char *f = a->entries[j];
                if (f[0] == 'C' && !done[j] && !strcmp(field(A, f, 1), role) &&
                    !strcmp(field(A, f, 2), priv) && !strmap_get(&b->index, f)) {
                    buf_printf(&sql, "%s%s", first ? "" : ", ", ir_quote_ident(A, field(A, f, 3)));
                    first = false;
                    done[j] = true;
                }
            }
            buf_putc(&sql, ')');
        } else { /* S: a sequence; Q: future sequences */
            buf_puts(&sql, tag == 'S' ? field(A, e, 2) : "");
            done[i] = true;
        }
        access_delta *d = arena_alloc(A, sizeof *d);
        d->role = role;
        d->privileges = arena_strdup(A, buf_cstr(&sql));
        buf_free(&sql);
        add_change(out, (diff_change){.kind = delta_kind(tag, grant), .new_table = t,
                                      .new_obj = d});
    }
}

/* ---- the diff ---- */

/* The table of `from` that `t` of `to` was, by the changes already made. */
static const ir_table *old_table_of(const ir_schema *from, const diff_result *r, const ir_table *t)
{
    for (size_t i = 0; i < r->n; i++) {
        const diff_change *c = &r->changes[i];
        if (c->new_table == t && c->kind == DIFF_CREATE_TABLE)
            return NULL;
        if (c->new_table == t && c->old_table && c->kind < DIFF_ENSURE_ROLES)
            return c->old_table;
    }
    return ir_find_table(from, t->qualified);
}

static bool same_text(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

static bool same_policy(const ir_policy *a, const ir_policy *b)
{
    if (strcmp(a->command, b->command) || a->restrictive != b->restrictive ||
        !same_text(a->using_expr, b->using_expr) || !same_text(a->check_expr, b->check_expr) ||
        a->roles.n != b->roles.n)
        return false;
    for (size_t i = 0; i < a->roles.n; i++)
        if (strcmp(a->roles.names[i], b->roles.names[i]))
            return false;
    return true;
}

static bool column_retyped(const diff_result *r, const ir_table *t)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->changes[i].kind == DIFF_ALTER_TYPE && r->changes[i].new_table == t)
            return true;
    return false;
}

static void diff_policies(diff_result *out, const ir_table *old, const ir_table *t)
{
    /* A policy's expression holds the types of its columns: a type change
     * under it rebuilds it. */
    bool rebuild = old && column_retyped(out, t);
    size_t n = old ? old->npolicies : 0;
    for (size_t i = 0; i < n; i++) {
        const ir_policy *p = old->policies[i], *q = NULL;
        for (size_t j = 0; j < t->npolicies && !q; j++)
            if (!strcmp(t->policies[j]->name, p->name))
                q = t->policies[j];
        if (!q || rebuild || !same_policy(p, q))
            add_change(out, (diff_change){.kind = DIFF_DROP_POLICY, .old_table = old,
                                          .new_table = t, .old_obj = p});
    }
    for (size_t j = 0; j < t->npolicies; j++) {
        const ir_policy *q = t->policies[j], *p = NULL;
        for (size_t i = 0; i < n && !p; i++)
            if (!strcmp(old->policies[i]->name, q->name))
                p = old->policies[i];
        if (!p || rebuild || !same_policy(p, q))
            add_change(out, (diff_change){.kind = DIFF_CREATE_POLICY, .old_table = old,
                                          .new_table = t, .new_obj = q});
    }
}

void access_diff(const ir_schema *from, const ir_schema *to, diff_result *out)
{
    arena *A = &out->arena;
    buf missing = BUF_INIT;
    for (size_t i = 0; i < to->nroles; i++) {
        bool known = false;
        for (size_t j = 0; j < from->nroles && !known; j++)
            known = !strcmp(from->roles[j]->name, to->roles[i]->name);
        if (!known)
            buf_printf(&missing, "%s%s", missing.len ? "," : "", to->roles[i]->name);
    }
    if (missing.len)
        add_change(out, (diff_change){.kind = DIFF_ENSURE_ROLES,
                                      .new_name = arena_strdup(A, buf_cstr(&missing))});
    buf_free(&missing);
    privilege_set was, now;
    default_privileges(A, &was, from);
    default_privileges(A, &now, to);
    add_deltas(out, false, NULL, &was, &now);
    add_deltas(out, true, NULL, &now, &was);
    for (size_t i = 0; i < to->ntables; i++) {
        const ir_table *t = to->tables[i];
        const ir_table *old = old_table_of(from, out, t);
        table_privileges(A, &was, out, from, old, t);
        table_privileges(A, &now, out, to, t, t);
        add_deltas(out, false, t, &was, &now);
        add_deltas(out, true, t, &now, &was);
        bool on = t->rls, was_on = old && old->rls;
        bool force = on && t->rls->force, was_force = was_on && old->rls->force;
        if (on != was_on || force != was_force)
            add_change(out, (diff_change){.kind = DIFF_SET_ROW_SECURITY, .old_table = old,
                                          .new_table = t});
        diff_policies(out, old, t);
    }
}

/* ---- SQL ---- */

static const char *grantee(arena *a, const char *role)
{
    return !strcmp(role, "public") ? "PUBLIC" : ir_quote_ident(a, role);
}

static const char *ensure_roles(arena *a, const char *names, bool create)
{
    buf list = BUF_INIT;
    for (const char *p = names; *p;) {
        size_t n = strcspn(p, ",");
        buf_printf(&list, "%s'%.*s'", list.len ? ", " : "", (int)n, p);
        p += n + (p[n] == ',');
    }
    const char *sql =
        create ? arena_printf(a,
                              "DO $$\nDECLARE r text;\nBEGIN\n    FOREACH r IN ARRAY ARRAY[%s] LOOP\n"
                              "        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN\n"
                              "            BEGIN\n"
                              "                EXECUTE format('CREATE ROLE %%I NOLOGIN', r);\n"
                              "            EXCEPTION WHEN duplicate_object OR unique_violation THEN\n"
                              "                NULL; -- made meanwhile by another session\n"
                              "            END;\n"
                              "        END IF;\n    END LOOP;\nEND $$;",
                              buf_cstr(&list))
               : arena_printf(a,
                              "DO $$\nDECLARE missing text;\nBEGIN\n"
                              "    SELECT string_agg(r, ', ') INTO missing FROM unnest(ARRAY[%s]) r\n"
                              "        WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r);\n"
                              "    IF missing IS NOT NULL THEN\n"
                              "        RAISE EXCEPTION 'roles the schema grants to do not exist: %%', "
                              "missing\n            USING HINT = 'create them (CREATE ROLE name "
                              "NOLOGIN), or write the migration with --create-roles';\n"
                              "    END IF;\nEND $$;",
                              buf_cstr(&list));
    buf_free(&list);
    return sql;
}

static const char *create_policy(arena *a, const ir_table *t, const ir_policy *p)
{
    buf b = BUF_INIT;
    buf_printf(&b, "CREATE POLICY %s ON %s%s FOR %s TO ", ir_quote_ident(a, p->name),
               ir_table_sql(a, t), p->restrictive ? " AS RESTRICTIVE" : "", p->command);
    for (size_t i = 0; i < p->roles.n; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", grantee(a, p->roles.names[i]));
    if (!p->roles.n)
        buf_puts(&b, "PUBLIC");
    if (p->using_expr)
        buf_printf(&b, " USING (%s)", p->using_expr);
    if (p->check_expr)
        buf_printf(&b, " WITH CHECK (%s)", p->check_expr);
    buf_putc(&b, ';');
    const char *r = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return r;
}

const char *access_sql(arena *a, const diff_change *c, bool create_roles)
{
    const access_delta *d = c->new_obj;
    const char *table = c->new_table ? ir_table_sql(a, c->new_table) : NULL;
    switch (c->kind) {
    case DIFF_ENSURE_ROLES:
        return ensure_roles(a, c->new_name, create_roles);
    case DIFF_GRANT:
        return arena_printf(a, "GRANT %s ON %s TO %s;", d->privileges, table,
                            grantee(a, d->role));
    case DIFF_REVOKE:
        return arena_printf(a, "REVOKE %s ON %s FROM %s;", d->privileges, table,
                            grantee(a, d->role));
    case DIFF_GRANT_SEQUENCE:
        return arena_printf(a, "GRANT USAGE ON SEQUENCE %s TO %s;",
                            c->new_table ? ir_relation_sql(a, c->new_table, d->privileges)
                                         : ir_quote_ident(a, d->privileges),
                            grantee(a, d->role));
    case DIFF_REVOKE_SEQUENCE:
        return arena_printf(a, "REVOKE USAGE ON SEQUENCE %s FROM %s;",
                            c->new_table ? ir_relation_sql(a, c->new_table, d->privileges)
                                         : ir_quote_ident(a, d->privileges),
                            grantee(a, d->role));
    case DIFF_DEFAULT_GRANT:
        return arena_printf(a, "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT %s ON TABLES TO %s;",
                            d->privileges, grantee(a, d->role));
    case DIFF_DEFAULT_REVOKE:
        return arena_printf(a,
                            "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE %s ON TABLES FROM %s;",
                            d->privileges, grantee(a, d->role));
    case DIFF_DEFAULT_GRANT_SEQUENCES:
        return arena_printf(a,
                            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO %s;",
                            grantee(a, d->role));
    case DIFF_DEFAULT_REVOKE_SEQUENCES:
        return arena_printf(a,
                            "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE ON SEQUENCES "
                            "FROM %s;",
                            grantee(a, d->role));
    case DIFF_SET_ROW_SECURITY: {
        const ir_row_security *was = c->old_table ? c->old_table->rls : NULL, *now = c->new_table->rls;
        buf b = BUF_INIT;
        buf_printf(&b, "ALTER TABLE %s ", table);
        if (!was != !now)
            buf_puts(&b, now ? "ENABLE ROW LEVEL SECURITY" : "DISABLE ROW LEVEL SECURITY");
        bool force = now && now->force, was_force = was && was->force;
        if (force != was_force)
            buf_printf(&b, "%s%s", !was != !now ? ", " : "",
                       force ? "FORCE ROW LEVEL SECURITY" : "NO FORCE ROW LEVEL SECURITY");
        buf_putc(&b, ';');
        const char *r = arena_strdup(a, buf_cstr(&b));
        buf_free(&b);
        return r;
    }
    case DIFF_CREATE_POLICY:
        return create_policy(a, c->new_table, c->new_obj);
    case DIFF_DROP_POLICY:
        return arena_printf(a, "DROP POLICY %s ON %s;",
                            ir_quote_ident(a, ((const ir_policy *)c->old_obj)->name),
                            ir_table_sql(a, c->old_table));
    default:
        return NULL;
    }
}
