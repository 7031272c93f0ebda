/* Tests for live: passwords are masked in URLs, conninfo strings and in
 * messages that quote them; text without secrets is returned as it is. */
#include "check.h"
#include "live.h"

static void test_url_password_masked(void)
{
    arena a = ARENA_INIT;
    const char *url = "postgresql://ann:Se%21cret@db.example:5432/app";
    CHECK_STR(live_mask(&a, url, url), "postgresql://ann:****@db.example:5432/app");
    /* A message quoting the decoded password. */
    CHECK_STR(live_mask(&a, "password authentication failed for \"Se!cret\"", url),
              "password authentication failed for \"****\"");
    arena_free(&a);
}

static void test_conninfo_password_masked(void)
{
    arena a = ARENA_INIT;
    const char *ci = "host=db user=ann password='it\\'s secret' dbname=app";
    CHECK_STR(live_mask(&a, ci, ci), "host=db user=ann password=**** dbname=app");
    CHECK_STR(live_mask(&a, "host=db password=hunter2", NULL), "host=db password=****");
    CHECK_STR(live_mask(&a, "x password = hunter2 y", NULL), "x password = **** y");
    arena_free(&a);
}

static void test_urls_in_messages_masked(void)
{
    arena a = ARENA_INIT;
    CHECK_STR(live_mask(&a, "bad \"postgres://u:p@h/d\" here", NULL),
              "bad \"postgres://u:****@h/d\" here");
    const char *plain = "connection to server on socket failed";
    CHECK(live_mask(&a, plain, "host=/tmp dbname=x") == plain);
    CHECK(live_mask(&a, "postgresql://ann@h/d", NULL)[0] == 'p');
    CHECK_STR(live_mask(&a, "postgresql://ann@h/d", NULL), "postgresql://ann@h/d");
    arena_free(&a);
}

int main(void)
{
    test_url_password_masked();
    test_conninfo_password_masked();
    test_urls_in_messages_masked();
    return check_report();
}
