/* Tests for buf: growth, formatting, detach. */
#include <stdlib.h>

#include "buf.h"
#include "check.h"

static void test_grows_past_initial_capacity(void)
{
    buf b = BUF_INIT;
    CHECK_STR(buf_cstr(&b), "");
    for (int i = 0; i < 1000; i++)
        buf_putc(&b, (char)('a' + i % 26));
    CHECK_INT(b.len, 1000);
    CHECK(b.data[999] == (char)('a' + 999 % 26));
    CHECK(b.data[1000] == '\0');
    buf_free(&b);
}

static void test_printf_and_truncate(void)
{
    buf b = BUF_INIT;
    buf_printf(&b, "%s-%d", "x", 42);
    buf_puts(&b, "!");
    CHECK_STR(buf_cstr(&b), "x-42!");
    buf_truncate(&b, 2);
    CHECK_STR(buf_cstr(&b), "x-");
    buf_repeat(&b, '=', 3);
    CHECK_STR(buf_cstr(&b), "x-===");
    char *s = buf_detach(&b);
    CHECK_STR(s, "x-===");
    CHECK(b.data == NULL && b.len == 0);
    free(s);
}

static void test_holds_zero_bytes(void)
{
    buf b = BUF_INIT;
    buf_add(&b, "a\0b", 3);
    CHECK_INT(b.len, 3);
    CHECK(b.data[1] == '\0' && b.data[2] == 'b');
    buf_free(&b);
}

int main(void)
{
    test_grows_past_initial_capacity();
    test_printf_and_truncate();
    test_holds_zero_bytes();
    return check_report();
}
