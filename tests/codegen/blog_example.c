/* example: the blog schema's generated API (generated/blog.h) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "blog.h"

/* Prints why a call failed; returns the exit status to use. */
static int report(const char *what, blog_db_status status, const blog_db_error *err)
{
    fprintf(stderr, "%s: %s: %s\n", what, blog_db_status_name(status), err->message);
    return 1;
}

int main(void)
{
    const char *url = getenv("DATABASE_URL");
    PGconn *conn = PQconnectdb(url ? url : "");
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "%s", PQerrorMessage(conn));
        PQfinish(conn);
        return 1;
    }
    blog_db db; /* one per connection: it remembers what is prepared */
    blog_db_init(&db, conn);
    blog_db_error err;
    blog_db_status st;

    /* Insert. Columns the server fills (id, role, created_at...) are left
     * to it unless named in the mask: here we give role. */
    blog_users alice = {0};
    alice.email = "alice@example.com";
    alice.username = "alice";
    alice.display_name = "Alice";
    alice.password_hash = "$argon2id$v=19$m=65536,t=3,p=4$...";
    alice.role = BLOG_USER_ROLE_AUTHOR;
    alice.has_bio = true; /* bio is nullable: has_bio false would be NULL */
    alice.bio = "Writes about C.";
    blog_users stored; /* alice's values, plus the id and timestamps made */
    st = blog_users_insert(&db, &stored, &alice, BLOG_USERS_COL_ROLE, &err);
    if (st != BLOG_OK)
        return report("insert alice", st, &err);
    printf("alice is user %" PRId64 ", role %s\n", stored.id,
           blog_user_role_to_string(stored.role));

    /* Errors are values: the same email again breaks a unique index. */
    st = blog_users_insert(&db, NULL, &alice, 0, &err);
    if (st == BLOG_UNIQUE_VIOLATION)
        printf("second alice refused by %s\n", err.constraint);

    /* Three posts in one COPY. */
    blog_posts posts[3] = {{0}};
    const char *titles[3] = {"Hello", "Pointers", "Arenas"};
    const char *slugs[3] = {"hello", "pointers", "arenas"};
    for (int i = 0; i < 3; i++) {
        posts[i].author_id = stored.id;
        posts[i].slug = slugs[i];
        posts[i].title = titles[i];
        posts[i].body = "...";
    }
    st = blog_posts_insert_many(&db, posts, 3, 0, &err);
    if (st != BLOG_OK)
        return report("insert posts", st, &err);

    /* Publish "Hello": update two chosen columns of the row with that key. */
    blog_posts hello;
    st = blog_posts_get_by_slug(&db, &hello, "hello", &err);
    if (st != BLOG_OK)
        return report("get hello", st, &err);
    hello.status = BLOG_POST_STATUS_PUBLISHED;
    hello.has_published_at = true;
    hello.published_at = stored.created_at;
    st = blog_posts_update_columns(&db, NULL, &hello,
                                   BLOG_POSTS_COL_STATUS | BLOG_POSTS_COL_PUBLISHED_AT, &err);
    blog_posts_free(&hello);
    if (st != BLOG_OK)
        return report("publish", st, &err);

    /* find: alice's drafts, by title. */
    blog_posts_filter f = BLOG_POSTS_FILTER_INIT;
    f.eq = BLOG_POSTS_COL_AUTHOR_ID | BLOG_POSTS_COL_STATUS;
    f.value.author_id = stored.id;
    f.value.status = BLOG_POST_STATUS_DRAFT;
    f.order_by = BLOG_POSTS_COL_TITLE;
    blog_posts_array drafts;
    st = blog_posts_find(&db, &drafts, &f, &err);
    if (st != BLOG_OK)
        return report("find drafts", st, &err);
    for (size_t i = 0; i < drafts.n; i++)
        printf("draft: %s\n", drafts.items[i].title);
    blog_posts_array_free(&drafts);

    /* Every live user, 100 at a time: each page starts after the last row
     * of the one before (keyset pagination). */
    size_t users = 0;
    blog_users_array page;
    st = blog_users_list(&db, &page, NULL, 100, &err);
    while (st == BLOG_OK && page.n > 0) {
        users += page.n;
        blog_users_array next;
        st = blog_users_list(&db, &next, &page.items[page.n - 1], 100, &err);
        blog_users_array_free(&page);
        page = next;
    }
    blog_users_array_free(&page);
    if (st != BLOG_OK)
        return report("list users", st, &err);
    printf("%zu users\n", users);

    /* Soft delete hides alice from every read; restore brings her back. */
    blog_users gone;
    st = blog_users_delete(&db, stored.id, &err);
    if (st == BLOG_OK && blog_users_get(&db, &gone, stored.id, &err) == BLOG_NOT_FOUND)
        printf("alice is deleted\n");
    st = blog_users_restore(&db, stored.id, &err);
    if (st != BLOG_OK)
        return report("restore", st, &err);

    blog_users_free(&stored);
    PQfinish(conn);
    return 0;
}
