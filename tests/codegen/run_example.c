/* run_example: runs the blog example of docs/c-api.md (blog_example.c)
 * against a fresh database made with the generated blog.sql, and checks
 * what it prints. Run by meson under with_pg:
 *   run_example EXAMPLE BLOG.SQL */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "load.h"
#include "pgtest.h"

static const char expected[] = "alice is user 1, role author\n"
                               "second alice refused by users_live_email_key\n"
                               "draft: Arenas\n"
                               "draft: Pointers\n"
                               "1 users\n"
                               "alice is deleted\n";

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: run_example EXAMPLE BLOG.SQL\n");
        return 2;
    }
    size_t len;
    char *sql = load_read_file(argv[2], &len);
    CHECK(sql != NULL);
    PGconn *admin = pgtest_connect();
    char *conninfo = pgtest_create_database(admin, "codegen_example");
    if (!sql || !conninfo)
        return 1;
    PGconn *conn = pgtest_connect_to(conninfo);
    CHECK(pgtest_exec(conn, sql) == 0);
    PQfinish(conn);
    setenv("DATABASE_URL", conninfo, 1);
    FILE *p = popen(argv[1], "r");
    char out[4096];
    size_t n = p ? fread(out, 1, sizeof out - 1, p) : 0;
    out[n] = '\0';
    int status = p ? pclose(p) : -1;
    CHECK(status == 0);
    CHECK_STR(out, expected);
    pgtest_drop_database(admin, conninfo);
    free(conninfo);
    free(sql);
    PQfinish(admin);
    return check_report();
}
