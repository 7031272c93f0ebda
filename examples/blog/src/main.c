/* blog: the schemac example. Connects to the database DATABASE_URL names,
 * creates the blog's tables when they are missing, then walks through the
 * API schemac generated from models/ (blog.h): inserts that read back what
 * the server made, gets by key, lists by foreign key and through the
 * many-to-many table, keyset pages, a filter, an update, soft delete and
 * restore, constraint violations met as values, and a transaction that
 * retries itself. It prints what it does (with BLOG_TRACE=1, every
 * statement on stderr too) and removes its rows at the end, so it can run
 * again. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "blog.h"
#include "blog.queries.h"

/* Prints why a call failed; true when it did not. */
static bool ok(blog_db_status status, const blog_db_error *err, const char *what)
{
    if (status == BLOG_OK)
        return true;
    fprintf(stderr, "blog: %s: %s: %s\n", what, blog_db_status_name(status), err->message);
    return false;
}

/* ---- The tables ---- */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    do {
        if (len + 4096 + 1 > cap) {
            char *grown = realloc(text, cap = 2 * cap + 4096 + 1);
            if (!grown) {
                free(text);
                fclose(f);
                return NULL;
            }
            text = grown;
        }
        n = fread(text + len, 1, 4096, f);
        len += n;
    } while (n > 0);
    fclose(f);
    text[len] = '\0';
    return text;
}

/* Creates the tables from the script schemac wrote beside blog.h, unless
 * they are there (made by `schemac migrate up`, say). Returns 0 or -1. */
static int create_tables(PGconn *conn)
{
    PGresult *res = PQexec(conn, "SELECT to_regclass('users') IS NOT NULL");
    bool exists = PQresultStatus(res) == PGRES_TUPLES_OK && PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    if (exists) {
        printf("schema: the tables are there already\n");
        return 0;
    }
    char *sql = read_file(SCHEMA_SQL_FILE);
    if (!sql) {
        perror(SCHEMA_SQL_FILE);
        return -1;
    }
    res = PQexec(conn, sql);
    free(sql);
    bool created = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (created)
        printf("schema: created the tables from blog.sql\n");
    else
        fprintf(stderr, "blog: creating the tables: %s", PQresultErrorMessage(res));
    PQclear(res);
    return created ? 0 : -1;
}

/* ---- The walk ---- */

typedef struct demo {
    blog_db db;
    blog_db_error err;
    int64_t ada, grace, linus; /* user ids */
    int64_t posts[5];
    int32_t tag_c, tag_postgres;
} demo;

static int64_t now_us(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int add_user(demo *d, int64_t *id, const char *username, const char *name,
                    blog_user_role role, bool role_given)
{
    char email[80];
    snprintf(email, sizeof email, "%s@example.com", username);
    blog_users row = {
        .email = email,
        .username = username,
        .display_name = name,
        .password_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        .role = role,
    };
    blog_users out;
    /* Columns the server can fill (role, settings, ...) are sent only when
     * named: linus gets the schema's default role. */
    if (!ok(blog_users_insert(&d->db, &out, &row, role_given ? BLOG_USERS_COL_ROLE : 0, &d->err),
            &d->err, "insert user"))
        return -1;
    *id = out.id;
    printf("  user #%" PRId64 " %-6s %-15s role %s%s\n", out.id, out.username, out.display_name,
           blog_user_role_to_string(out.role), role_given ? "" : " (the server's default)");
    blog_users_free(&out);
    return 0;
}

static int add_post(demo *d, int64_t *id, int64_t author, const char *slug, const char *title,
                    bool published)
{
    blog_posts row = {
        .author_id = author,
        .status = published ? BLOG_POST_STATUS_PUBLISHED : BLOG_POST_STATUS_DRAFT,
        .slug = slug,
        .title = title,
        .body = "Lorem ipsum.",
        .has_published_at = published,
        .published_at = published ? now_us() : 0,
    };
    blog_posts out;
    if (!ok(blog_posts_insert(&d->db, &out, &row, BLOG_POSTS_COL_STATUS, &d->err), &d->err,
            "insert post"))
        return -1;
    *id = out.id;
    printf("  post #%" PRId64 " by user #%" PRId64 ": \"%s\" (%s, %" PRId64 " views)\n", out.id,
           out.author_id, out.title, blog_post_status_to_string(out.status), out.view_count);
    blog_posts_free(&out);
    return 0;
}

static void print_titles(const char *label, const blog_posts_array *posts)
{
    printf("  %s:", label);
    for (size_t i = 0; i < posts->n; i++)
        printf("%s #%" PRId64 " \"%s\"", i ? "," : "", posts->items[i].id, posts->items[i].title);
    printf("%s\n", posts->n ? "" : " none");
}

/* Two tags, and four posts tagged in one COPY: the work of a transaction
 * (blog_db_transact may run it more than once, so it sets d's ids anew). */
static blog_db_status add_tags(blog_db *db, void *ctx, blog_db_error *err)
{
    demo *d = ctx;
    blog_tags tag = {.name = "C", .slug = "c"}, out;
    blog_db_status status = blog_tags_insert(db, &out, &tag, 0, err);
    if (status != BLOG_OK)
        return status;
    d->tag_c = out.id;
    blog_tags_free(&out);
    tag = (blog_tags){.name = "PostgreSQL", .slug = "postgres"};
    if ((status = blog_tags_insert(db, &out, &tag, 0, err)) != BLOG_OK)
        return status;
    d->tag_postgres = out.id;
    blog_tags_free(&out);
    blog_post_tags links[] = {
        {.post_id = d->posts[0], .tag_id = d->tag_c},
        {.post_id = d->posts[0], .tag_id = d->tag_postgres},
        {.post_id = d->posts[1], .tag_id = d->tag_c},
        {.post_id = d->posts[3], .tag_id = d->tag_postgres},
    };
    return blog_post_tags_insert_many(db, links, sizeof links / sizeof *links, 0, err);
}

static int create_rows(demo *d)
{
    printf("\ninsert (RETURNING fills in what the server made):\n");
    if (add_user(d, &d->ada, "ada", "Ada Lovelace", BLOG_USER_ROLE_AUTHOR, true) < 0 ||
        add_user(d, &d->grace, "grace", "Grace Hopper", BLOG_USER_ROLE_EDITOR, true) < 0 ||
        add_user(d, &d->linus, "linus", "Linus Torvalds", BLOG_USER_ROLE_READER, false) < 0)
        return -1;
    if (add_post(d, &d->posts[0], d->ada, "notes-on-the-engine", "Notes on the Analytical Engine",
                 true) < 0 ||
        add_post(d, &d->posts[1], d->ada, "bernoulli", "Computing Bernoulli numbers", true) < 0 ||
        add_post(d, &d->posts[2], d->ada, "poetical-science", "Poetical science", false) < 0 ||
        add_post(d, &d->posts[3], d->grace, "first-bug", "The first actual bug", true) < 0 ||
        add_post(d, &d->posts[4], d->grace, "nanoseconds", "Nanoseconds", false) < 0)
        return -1;

    /* The tags and their links all or nothing: in one transaction, run
     * again whole if the server reports a serialization failure. */
    blog_db_tx_options o = BLOG_DB_TX_OPTIONS_INIT;
    o.isolation = SCHEMAC_RT_SERIALIZABLE;
    if (!ok(blog_db_transact(&d->db, &o, add_tags, d, &d->err), &d->err, "tag posts"))
        return -1;
    printf("  tags #%" PRId32 " C and #%" PRId32 " PostgreSQL; %d posts tagged in one COPY\n",
           d->tag_c, d->tag_postgres, 4);
    printf("  (in one transaction: blog_db_transact)\n");
    return 0;
}

static int read_rows(demo *d)
{
    printf("\nget by key:\n");
    blog_users user;
    if (!ok(blog_users_get_by_email(&d->db, &user, "grace@example.com", &d->err), &d->err,
            "get user by email"))
        return -1;
    printf("  get_by_email(grace@example.com): user #%" PRId64 " %s\n", user.id,
           user.display_name);
    blog_users_free(&user);
    blog_posts post;
    if (!ok(blog_posts_get_by_slug(&d->db, &post, "bernoulli", &d->err), &d->err,
            "get post by slug"))
        return -1;
    printf("  get_by_slug(bernoulli): post #%" PRId64 " \"%s\"\n", post.id, post.title);
    blog_posts_free(&post);

    printf("\nlists by foreign key:\n");
    blog_posts_array posts;
    if (!ok(blog_posts_list_by_author_id(&d->db, &posts, d->ada, &d->err), &d->err,
            "list posts by author"))
        return -1;
    print_titles("ada's posts", &posts);
    blog_posts_array_free(&posts);
    if (!ok(blog_posts_list_by_post_tags_tag_id(&d->db, &posts, d->tag_postgres, &d->err),
            &d->err, "list posts by tag"))
        return -1;
    print_titles("posts tagged PostgreSQL", &posts);
    blog_posts_array_free(&posts);
    blog_tags_array tags;
    if (!ok(blog_tags_list_by_post_tags_post_id(&d->db, &tags, d->posts[0], &d->err), &d->err,
            "list tags of a post"))
        return -1;
    printf("  tags of post #%" PRId64 ":", d->posts[0]);
    for (size_t i = 0; i < tags.n; i++)
        printf("%s %s", i ? "," : "", tags.items[i].name);
    printf("\n");
    blog_tags_array_free(&tags);

    printf("\nkeyset pages of 2 posts:\n");
    blog_posts last = {0};
    bool have_last = false;
    for (int page = 1;; page++) {
        if (!ok(blog_posts_list(&d->db, &posts, have_last ? &last : NULL, 2, &d->err), &d->err,
                "list posts"))
            return -1;
        if (posts.n == 0) {
            blog_posts_array_free(&posts);
            printf("  page %d: empty, the end\n", page);
            break;
        }
        char label[16];
        snprintf(label, sizeof label, "page %d", page);
        print_titles(label, &posts);
        last.id = posts.items[posts.n - 1].id; /* the key is all the next page needs */
        have_last = true;
        blog_posts_array_free(&posts);
    }

    blog_posts_filter filter = BLOG_POSTS_FILTER_INIT;
    filter.eq = BLOG_POSTS_COL_STATUS;
    filter.value.status = BLOG_POST_STATUS_PUBLISHED;
    filter.order_by = BLOG_POSTS_COL_TITLE;
    if (!ok(blog_posts_find(&d->db, &posts, &filter, &d->err), &d->err, "find posts"))
        return -1;
    printf("\nfind with a filter:\n");
    print_titles("published, by title", &posts);
    blog_posts_array_free(&posts);
    return 0;
}

/* A typed query (queries/posts.sql): a join with an aggregate, its row a
 * struct of the result's columns. */
static int typed_query(demo *d)
{
    blog_published_posts_params params = {.max_posts = 3};
    blog_published_posts_rows rows;
    if (!ok(blog_published_posts(&d->db, &rows, &params, &d->err), &d->err,
            "query published_posts"))
        return -1;
    printf("\na typed query (queries/posts.sql):\n");
    for (size_t i = 0; i < rows.n; i++)
        printf("  published_posts: \"%s\" by %s, %" PRId64 " comments\n", rows.items[i].title,
               rows.items[i].author, rows.items[i].comments);
    blog_published_posts_rows_free(&rows);
    return 0;
}

static int change_rows(demo *d)
{
    printf("\nupdate only the columns named:\n");
    blog_posts row = {.id = d->posts[4], .status = BLOG_POST_STATUS_PUBLISHED,
                      .has_published_at = true, .published_at = now_us()};
    blog_posts out;
    if (!ok(blog_posts_update_columns(&d->db, &out, &row,
                                      BLOG_POSTS_COL_STATUS | BLOG_POSTS_COL_PUBLISHED_AT,
                                      &d->err),
            &d->err, "publish a post"))
        return -1;
    printf("  post #%" PRId64 " \"%s\" is now %s\n", out.id, out.title,
           blog_post_status_to_string(out.status));
    blog_posts_free(&out);

    printf("\nsoft delete and restore:\n");
    int64_t id = d->posts[1], live;
    if (!ok(blog_posts_delete(&d->db, id, &d->err), &d->err, "delete a post"))
        return -1;
    blog_db_status status = blog_posts_get(&d->db, &out, id, &d->err);
    if (!ok(blog_posts_count(&d->db, &live, NULL, &d->err), &d->err, "count posts"))
        return -1;
    printf("  deleted post #%" PRId64 ": get says %s; %" PRId64 " live posts\n", id,
           blog_db_status_name(status), live);
    if (status == BLOG_OK)
        blog_posts_free(&out);
    if (!ok(blog_posts_restore(&d->db, id, &d->err), &d->err, "restore a post") ||
        !ok(blog_posts_get(&d->db, &out, id, &d->err), &d->err, "get the restored post") ||
        !ok(blog_posts_count(&d->db, &live, NULL, &d->err), &d->err, "count posts"))
        return -1;
    printf("  restored post #%" PRId64 " \"%s\"; %" PRId64 " live posts\n", out.id, out.title,
           live);
    blog_posts_free(&out);
    return 0;
}

/* Violations are statuses, told apart without reading messages. */
static int break_rules(demo *d)
{
    printf("\nconstraint violations are values:\n");
    blog_users dup = {.email = "ada@example.com", .username = "ada2", .display_name = "Ada again",
                      .password_hash = "x"};
    blog_db_status status = blog_users_insert(&d->db, NULL, &dup, 0, &d->err);
    if (status != BLOG_UNIQUE_VIOLATION) {
        fprintf(stderr, "blog: a second ada@example.com: want BLOG_UNIQUE_VIOLATION, got %s\n",
                blog_db_status_name(status));
        return -1;
    }
    printf("  a second ada@example.com: %s (SQLSTATE %s, constraint %s)\n",
           blog_db_status_name(status), d->err.sqlstate, d->err.constraint);
    blog_users bad = {.email = "bad@example.com", .username = "Not Valid!",
                      .display_name = "Bad", .password_hash = "x"};
    status = blog_users_insert(&d->db, NULL, &bad, 0, &d->err);
    if (status != BLOG_CHECK_VIOLATION) {
        fprintf(stderr, "blog: username 'Not Valid!': want BLOG_CHECK_VIOLATION, got %s\n",
                blog_db_status_name(status));
        return -1;
    }
    printf("  username \"Not Valid!\": %s (constraint %s)\n", blog_db_status_name(status),
           d->err.constraint);
    blog_posts orphan = {.author_id = 999999, .slug = "orphan", .title = "Orphan", .body = "-"};
    status = blog_posts_insert(&d->db, NULL, &orphan, 0, &d->err);
    if (status != BLOG_FOREIGN_KEY_VIOLATION) {
        fprintf(stderr, "blog: a post by nobody: want BLOG_FOREIGN_KEY_VIOLATION, got %s\n",
                blog_db_status_name(status));
        return -1;
    }
    printf("  a post by user #999999: %s (constraint %s)\n", blog_db_status_name(status),
           d->err.constraint);
    return 0;
}

/* Removes every row the walk made (tags of posts go with their posts). */
static int clean_up(demo *d)
{
    for (size_t i = 0; i < sizeof d->posts / sizeof *d->posts; i++)
        if (d->posts[i] && !ok(blog_posts_hard_delete(&d->db, d->posts[i], &d->err), &d->err,
                               "remove a post"))
            return -1;
    int32_t tags[] = {d->tag_c, d->tag_postgres};
    for (size_t i = 0; i < 2; i++)
        if (tags[i] && !ok(blog_tags_delete(&d->db, tags[i], &d->err), &d->err, "remove a tag"))
            return -1;
    int64_t users[] = {d->ada, d->grace, d->linus};
    for (size_t i = 0; i < 3; i++)
        if (users[i] &&
            !ok(blog_users_hard_delete(&d->db, users[i], &d->err), &d->err, "remove a user"))
            return -1;
    printf("\nclean up: hard-deleted 5 posts, 2 tags and 3 users\n");
    return 0;
}

int main(void)
{
    const char *url = getenv("DATABASE_URL");
    PGconn *conn = PQconnectdb(url ? url : "");
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "blog: cannot connect (set DATABASE_URL): %s", PQerrorMessage(conn));
        PQfinish(conn);
        return 1;
    }
    demo d = {0};
    blog_db_init(&d.db, conn);
    /* BLOG_TRACE=1: every statement, its time and result, on stderr. */
    const char *trace_env = getenv("BLOG_TRACE");
    if (trace_env && *trace_env && strcmp(trace_env, "0") != 0) {
        schemac_rt_trace trace = {schemac_rt_trace_to_file, stderr, false, NULL, NULL};
        schemac_rt_set_trace(&d.db, &trace);
    }
    int rc = 1;
    if (create_tables(conn) < 0)
        goto done;
    int64_t users = 0;
    blog_users_filter all = BLOG_USERS_FILTER_INIT;
    all.with_deleted = true;
    if (!ok(blog_users_count(&d.db, &users, &all, &d.err), &d.err, "count users"))
        goto done;
    if (users > 0) {
        fprintf(stderr, "blog: the users table has rows; run the example on an empty database\n");
        goto done;
    }
    int failed = create_rows(&d) < 0 || read_rows(&d) < 0 || typed_query(&d) < 0 ||
                 change_rows(&d) < 0 ||
                 break_rules(&d) < 0;
    if (clean_up(&d) == 0 && !failed)
        rc = 0;
done:
    PQfinish(conn);
    return rc;
}
