/* Tests for context: the SQL and C names it computes for the example blog
 * schema, quoting of awkward names, many-to-many detection, clash and size
 * errors, determinism, and that docs/templates.md documents every field. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "context.h"
#include "load.h"
#include "validate.h"

static tree *build(arena *a, const char *file, const char *text, diag *d, ir_schema **out)
{
    ir_schema *s = load_text(NULL, file, text, strlen(text), d);
    *out = s;
    if (!s || validate_schema(s, d) < 0)
        return NULL;
    return context_build(a, s, "test", d);
}

static tree *load_dir(arena *a, const char *path, load_set *set, diag *d)
{
    char *paths[1] = {(char *)path};
    if (load_paths(set, paths, 1, d) < 0 || set->n != 1 || validate_schema(set->schemas[0], d) < 0)
        return NULL;
    return context_build(a, set->schemas[0], "test", d);
}

static const char *str(const tree *t, const char *key) { return tree_string(tree_map_get(t, key)); }

static tree *find_named(const tree *list, const char *name)
{
    for (size_t i = 0; i < tree_len(list); i++)
        if (!strcmp(str(tree_list_at(list, i), "name"), name))
            return tree_list_at(list, i);
    return NULL;
}

static tree *find_by(const tree *list, const char *key, const char *value)
{
    for (size_t i = 0; i < tree_len(list); i++)
        if (!strcmp(str(tree_list_at(list, i), key), value))
            return tree_list_at(list, i);
    return NULL;
}

/* The SQL of a statement's db.out_as_sent form. */
static const char *sent_form(tree *ctx, tree *st)
{
    (void)ctx;
    return str(st, "sent_sql");
}

static void test_blog_users_statements(tree *ctx)
{
    tree *users = find_named(tree_map_get(ctx, "tables"), "users");
    CHECK(users != NULL);
    if (!users)
        return;
    CHECK_STR(str(users, "c_type"), "blog_users");
    CHECK_STR(str(users, "C_NAME"), "BLOG_USERS");
    CHECK_STR(str(tree_map_get(users, "insert"), "sql"),
              "INSERT INTO users (email, username, display_name, password_hash, bio, avatar_url, "
              "last_login_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, email, username, "
              "display_name, password_hash, role, bio, avatar_url, settings, email_verified, "
              "last_login_at, created_at, updated_at, deleted_at");
    /* db.out_as_sent's form returns only what the server made. */
    CHECK_STR(sent_form(ctx, tree_map_get(users, "insert")),
              "INSERT INTO users (email, username, display_name, password_hash, bio, avatar_url, "
              "last_login_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, role, settings, "
              "email_verified, created_at, updated_at, deleted_at");
    CHECK_STR(str(tree_map_get(users, "get"), "sql"),
              "SELECT id, email, username, display_name, password_hash, role, bio, avatar_url, "
              "settings, email_verified, last_login_at, created_at, updated_at, deleted_at FROM "
              "users WHERE id = $1 AND deleted_at IS NULL");
    CHECK_STR(str(tree_map_get(users, "delete"), "sql"),
              "UPDATE users SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL");
    CHECK_STR(str(tree_map_get(users, "list_after"), "sql"),
              "SELECT id, email, username, display_name, password_hash, role, bio, avatar_url, "
              "settings, email_verified, last_login_at, created_at, updated_at, deleted_at FROM "
              "users WHERE deleted_at IS NULL AND id > $1 ORDER BY id LIMIT $2");
    /* Partial unique indexes on deleted_at IS NULL serve gets of live rows. */
    tree *get_by = tree_map_get(users, "get_by");
    CHECK_INT(tree_len(get_by), 2);
    CHECK(find_by(get_by, "function", "blog_users_get_by_email") != NULL);
    CHECK(find_by(get_by, "function", "blog_users_get_by_username") != NULL);
    CHECK(tree_bool(tree_map_get(users, "has_upsert")));
    CHECK_STR(str(tree_map_get(users, "masks"), "insert_optional"), "UINT64_C(0x3b21)");
    tree *cols = tree_map_get(users, "columns");
    tree *bio = find_named(cols, "bio");
    CHECK(tree_bool(tree_map_get(bio, "nullable")));
    CHECK_STR(str(bio, "mask"), "BLOG_USERS_COL_BIO");
    CHECK_STR(str(bio, "insert"), "always");
    CHECK_STR(str(find_named(cols, "id"), "insert"), "optional");
    CHECK_STR(str(find_named(cols, "created_at"), "origin"), "timestamps");
    CHECK_STR(str(find_named(cols, "role"), "codec"), "blog_user_role");
    CHECK(tree_bool(tree_map_get(tree_list_at(cols, 0), "first")));
    CHECK(!tree_bool(tree_map_get(tree_list_at(cols, 0), "last")));
    CHECK(tree_bool(tree_map_get(tree_list_at(cols, tree_len(cols) - 1), "last")));
}

static void test_blog_relations(tree *ctx)
{
    tree *tables = tree_map_get(ctx, "tables");
    tree *tags = find_named(tables, "tags"), *posts = find_named(tables, "posts");
    tree *post_tags = find_named(tables, "post_tags"), *comments = find_named(tables, "comments");
    /* identity: always is never sent, so there is no upsert by key. */
    CHECK(!tree_bool(tree_map_get(tags, "has_upsert")));
    CHECK_STR(str(tree_map_get(tags, "insert"), "sql"),
              "INSERT INTO tags (name, slug, description) VALUES ($1, $2, $3) RETURNING id, name, "
              "slug, description");
    CHECK_STR(sent_form(ctx, tree_map_get(tags, "insert")),
              "INSERT INTO tags (name, slug, description) VALUES ($1, $2, $3) RETURNING id");
    CHECK(tree_bool(tree_map_get(post_tags, "is_association")));
    CHECK(!tree_bool(tree_map_get(posts, "is_association")));
    tree *m2m = tree_map_get(tags, "many_to_many");
    CHECK_INT(tree_len(m2m), 1);
    CHECK_STR(str(tree_list_at(m2m, 0), "function"), "blog_tags_list_by_post_tags_post_id");
    CHECK_STR(str(tree_list_at(m2m, 0), "through"), "post_tags");
    CHECK_STR(str(tree_list_at(m2m, 0), "sql"),
              "SELECT t.id, t.name, t.slug, t.description FROM tags t JOIN post_tags a ON a.tag_id "
              "= t.id WHERE a.post_id = $1 ORDER BY t.id");
    tree *posts_m2m = tree_map_get(posts, "many_to_many");
    CHECK_STR(str(tree_list_at(posts_m2m, 0), "function"), "blog_posts_list_by_post_tags_tag_id");
    /* comments: by post, by author (nullable), by parent (itself). */
    tree *list_by = tree_map_get(comments, "list_by");
    CHECK_INT(tree_len(list_by), 3);
    tree *by_post = find_by(list_by, "function", "blog_comments_list_by_post_id");
    CHECK(by_post != NULL);
    CHECK_STR(str(tree_map_get(by_post, "many"), "sql"),
              "SELECT t.id, t.post_id, t.author_id, t.parent_id, t.body, t.is_approved, "
              "t.created_at, t.updated_at, t.deleted_at, k.ord FROM unnest($1::bigint[]) WITH "
              "ORDINALITY AS k(v1, ord) JOIN comments t ON t.post_id = k.v1 WHERE t.deleted_at IS "
              "NULL ORDER BY k.ord, t.id");
    CHECK(find_by(list_by, "function", "blog_comments_list_by_parent_id") != NULL);
    CHECK_INT(tree_len(tree_map_get(posts, "referenced_by")), 2);
    CHECK_STR(str(tree_list_at(tree_map_get(comments, "references"), 0), "ref_table"), "posts");
}

static void test_awkward_names_are_quoted_and_escaped(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    ir_schema *s;
    tree *ctx = build(&a, "awkward.yaml",
                      "schemac: 1\nname: shop\nenums:\n  Size: [\"x?\\\"s\", m]\ntables:\n"
                      "  Order Items:\n    columns:\n      id: { type: integer, primary_key: true }\n"
                      "      user: text\n      out: { type: Size, unique: true }\n"
                      "      \"a*/b\": { type: text, nullable: true }\n",
                      &d, &s);
    CHECK(ctx != NULL);
    if (ctx) {
        tree *t = tree_list_at(tree_map_get(ctx, "tables"), 0);
        CHECK_STR(str(t, "sql_name"), "\"Order Items\"");
        CHECK_STR(str(t, "sql_name_c"), "\"\\\"Order Items\\\"\"");
        CHECK_STR(str(t, "c_type"), "shop_Order_Items");
        CHECK_STR(str(t, "C_NAME"), "SHOP_ORDER_ITEMS");
        CHECK_STR(str(tree_map_get(t, "insert"), "sql"),
                  "INSERT INTO \"Order Items\" (id, \"user\", \"out\", \"a*/b\") VALUES ($1, $2, $3, $4) "
                  "RETURNING id, \"user\", \"out\", \"a*/b\"");
        CHECK_STR(str(tree_map_get(t, "insert"), "sql_comment"),
                  "INSERT INTO \"Order Items\" (id, \"user\", \"out\", \"a* /b\") VALUES ($1, $2, $3, $4) "
                  "RETURNING id, \"user\", \"out\", \"a* /b\"");
        /* Every column is sent: the as-sent form returns nothing. */
        CHECK_STR(sent_form(ctx, tree_map_get(t, "insert")),
                  "INSERT INTO \"Order Items\" (id, \"user\", \"out\", \"a*/b\") VALUES ($1, $2, $3, $4)");
        /* A key column named like a parameter of the functions. */
        tree *get_by = tree_list_at(tree_map_get(t, "get_by"), 0);
        tree *key = tree_list_at(tree_map_get(get_by, "keys"), 0);
        CHECK_STR(str(key, "arg"), "out_");
        CHECK_STR(str(key, "arg_decl"), "shop_Size out_");
        CHECK_STR(str(key, "array_cast"), "text[]::\"Size\"[]");
        tree *e = tree_list_at(tree_map_get(ctx, "enums"), 0);
        /* No trigraph can form in a C string. */
        CHECK_STR(str(tree_list_at(tree_map_get(e, "values"), 0), "c_string"), "\"x\\?\\\"s\"");
        CHECK_STR(str(tree_list_at(tree_map_get(e, "values"), 0), "c_name"), "SHOP_SIZE_X__S");
    }
    ir_schema_free(s);
    diag_free(&d);
    arena_free(&a);
}

static void test_clashing_identifiers_are_errors(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    ir_schema *s;
    /* enum a_col's value c and table a's column c both make X_A_COL_C. */
    tree *ctx = build(&a, "clash.yaml",
                      "schemac: 1\nname: x\nenums:\n  a_col: [c]\ntables:\n  a:\n    columns:\n"
                      "      c: { type: integer, primary_key: true }\n",
                      &d, &s);
    CHECK(ctx == NULL);
    CHECK(d.errors == 1);
    CHECK(d.count > 0 && strstr(d.entries[0].message, "X_A_COL_C") != NULL);
    ir_schema_free(s);
    diag_free(&d);
    arena_free(&a);
}

/* Past 64 columns a mask is a struct of words, not one uint64_t. */
static void test_more_than_64_columns_get_word_masks(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    buf b = BUF_INIT;
    buf_puts(&b, "schemac: 1\nname: wide\ntables:\n  t:\n    columns:\n      id: { type: integer, "
                 "primary_key: true }\n");
    for (int i = 1; i < 65; i++)
        buf_printf(&b, "      c%d: integer\n", i);
    ir_schema *s;
    tree *ctx = build(&a, "wide.yaml", buf_cstr(&b), &d, &s);
    CHECK(ctx != NULL);
    CHECK_INT(d.errors, 0);
    if (ctx) {
        tree *t = tree_list_at(tree_map_get(ctx, "tables"), 0);
        CHECK_STR(str(t, "mask_type"), "wide_t_mask");
        CHECK_STR(str(t, "words"), "2");
    }
    buf_free(&b);
    ir_schema_free(s);
    diag_free(&d);
    arena_free(&a);
}

/* Every key of every map in the context, once. */
static void collect_keys(const tree *t, strmap *seen, arena *a)
{
    if (tree_kind_of(t) == TREE_MAP) {
        for (size_t i = 0; i < tree_len(t); i++) {
            const char *k = tree_map_key(t, i);
            if (!strmap_get(seen, k))
                strmap_put(seen, arena_strdup(a, k), (void *)k);
            collect_keys(tree_map_value(t, i), seen, a);
        }
    } else if (tree_kind_of(t) == TREE_LIST) {
        for (size_t i = 0; i < tree_len(t); i++)
            collect_keys(tree_list_at(t, i), seen, a);
    }
}

static void test_every_field_is_documented(tree *blog, tree *rt)
{
    size_t len;
    arena a = ARENA_INIT;
    char *doc = load_read_file(SCHEMAC_TESTS_DIR "/../docs/templates.md", &len);
    CHECK(doc != NULL);
    if (!doc)
        return;
    strmap seen;
    strmap_init(&seen, &a);
    collect_keys(blog, &seen, &a);
    collect_keys(rt, &seen, &a);
    int missing = 0;
    for (size_t i = 0; i < seen.cap; i++) {
        const char *k = seen.slots[i].key;
        if (!k)
            continue;
        const char *want = arena_printf(&a, "`%s`", k);
        if (!strstr(doc, want)) {
            fprintf(stderr, "docs/templates.md does not document the context field %s\n", want);
            missing++;
        }
    }
    CHECK_INT(missing, 0);
    CHECK(seen.count > 100);
    free(doc);
    arena_free(&a);
}

/* A unique index over an expression has no column values to look a row
 * up by: no get_by for it; one over columns with options still has one. */
static void test_expression_unique_index_makes_no_get_by(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    ir_schema *s;
    tree *ctx = build(&a, "expr.yaml",
                      "schemac: 1\nname: shop\ntables:\n  users:\n    columns:\n"
                      "      id: { type: integer, primary_key: true }\n      email: text\n"
                      "      nick: text\n    indexes:\n"
                      "      - { columns: [{ expression: \"lower(email)\" }], unique: true, name: "
                      "users_email_lower_key }\n"
                      "      - { columns: [{ column: nick, order: desc }], unique: true, "
                      "include: [email] }\n",
                      &d, &s);
    CHECK(ctx != NULL);
    if (ctx) {
        tree *get_by = tree_map_get(tree_list_at(tree_map_get(ctx, "tables"), 0), "get_by");
        CHECK_INT(tree_len(get_by), 1);
        CHECK(find_by(get_by, "function", "shop_users_get_by_nick") != NULL);
    } else {
        diag_render(&d, stderr, false);
    }
    ir_schema_free(s);
    diag_free(&d);
    arena_free(&a);
}

/* generate's way: the prepared root, then tables one at a time, in any
 * order and each in an arena reset before the next, give exactly the maps
 * of the whole build (statement numbers and relations included). */
static void test_tables_one_at_a_time_match_the_whole(const tree *whole, const ir_schema *s)
{
    arena a = ARENA_INIT, scratch = ARENA_INIT;
    diag d;
    diag_init(&d);
    context_schema *cs = context_prepare(&a, s, "test", &d);
    CHECK(cs != NULL);
    if (cs) {
        const tree *root = context_root(cs);
        CHECK_INT(tree_len(root), tree_len(whole));
        int wrong = 0;
        for (size_t i = 0; i < tree_len(root); i++)
            if (strcmp(tree_map_key(root, i), "tables") != 0)
                wrong += !tree_equal(tree_map_value(root, i), tree_map_value(whole, i));
        CHECK_INT(wrong, 0);
        CHECK_INT(tree_len(tree_map_get(root, "tables")), 0);
        const tree *tables = tree_map_get(whole, "tables");
        size_t n = tree_len(tables);
        CHECK(n >= 2);
        for (size_t k = 0; k < n; k++) {
            size_t i = n - 1 - k; /* last first: nothing depends on the order */
            tree *one = context_tables(cs, &scratch, &i, 1);
            CHECK_INT(tree_len(one), 1);
            wrong += !tree_equal(tree_list_at(one, 0), tree_list_at(tables, i));
            arena_reset(&scratch);
        }
        CHECK_INT(wrong, 0);
    }
    diag_free(&d);
    arena_free(&scratch);
    arena_free(&a);
}

int main(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    load_set blog_set, rt_set;
    tree *blog = load_dir(&a, SCHEMAC_TESTS_DIR "/../schemas/blog", &blog_set, &d);
    tree *rt = load_dir(&a, SCHEMAC_TESTS_DIR "/codegen/rt.yaml", &rt_set, &d);
    CHECK(blog != NULL && rt != NULL);
    if (blog && rt) {
        test_blog_users_statements(blog);
        test_blog_relations(blog);
        test_every_field_is_documented(blog, rt);
        test_tables_one_at_a_time_match_the_whole(blog, blog_set.schemas[0]);
        test_tables_one_at_a_time_match_the_whole(rt, rt_set.schemas[0]);
        /* Same input, same context. */
        tree *again = context_build(&a, blog_set.schemas[0], "test", &d);
        CHECK(tree_equal(blog, again));
    } else {
        diag_render(&d, stderr, false);
    }
    test_awkward_names_are_quoted_and_escaped();
    test_expression_unique_index_makes_no_get_by();
    test_clashing_identifiers_are_errors();
    test_more_than_64_columns_get_word_masks();
    load_set_free(&blog_set);
    load_set_free(&rt_set);
    diag_free(&d);
    arena_free(&a);
    return check_report();
}
