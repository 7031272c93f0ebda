/* Tests for arena: zeroed memory, also after arena_reset hands the blocks
 * out again, and arena_printf on both sides of its stack buffer. */
#include <string.h>

#include "arena.h"
#include "check.h"

static int nonzero(const unsigned char *p, size_t n)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += p[i] != 0;
    return bad;
}

static void test_reset_gives_zeroed_memory_again(void)
{
    arena a = ARENA_INIT;
    /* Small ones past several blocks, and one bigger than any block. */
    const size_t sizes[] = {24, 4000, 70000, 300000, 5u << 20, 8, 1u << 20};
    enum { N = sizeof sizes / sizeof *sizes };
    for (int round = 0; round < 3; round++) {
        int bad = 0;
        for (size_t i = 0; i < N; i++) {
            unsigned char *p = arena_alloc(&a, sizes[i]);
            bad += nonzero(p, sizes[i]);
            memset(p, 0xff, sizes[i]);
        }
        CHECK_INT(bad, 0);
        CHECK(a.total >= 5u << 20);
        arena_reset(&a);
        CHECK_INT(a.total, 0);
        CHECK(a.head == NULL);
    }
    arena_free(&a);
    CHECK(a.head == NULL && a.spare == NULL);
}

static void test_printf_short_and_long(void)
{
    arena a = ARENA_INIT;
    CHECK_STR(arena_printf(&a, "%s_%d", "t", 42), "t_42");
    char big[1000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    const char *p = arena_printf(&a, "<%s>", big);
    CHECK_INT(strlen(p), sizeof big + 1);
    CHECK(p[0] == '<' && p[sizeof big] == '>' && p[500] == 'x');
    char edge[256]; /* 255 characters: exactly the stack buffer */
    memset(edge, 'y', 255);
    edge[255] = '\0';
    CHECK_STR(arena_printf(&a, "%s", edge), edge);
    arena_free(&a);
}

int main(void)
{
    test_reset_gives_zeroed_memory_again();
    test_printf_short_and_long();
    return check_report();
}
