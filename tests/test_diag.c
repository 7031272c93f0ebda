/* Tests for diag: gcc-style rendering, sorting, caps, suggestions. */
#define _XOPEN_SOURCE 600 /* posix_openpt, grantpt, unlockpt, ptsname */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"

static char *render(diag *d)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    diag_render(d, f, false);
    fclose(f);
    return text;
}

static void test_renders_position_caret_and_hint(void)
{
    diag d;
    diag_init(&d);
    const char *src = "tables:\n  users:\n    colums: {}\n";
    diag_add_source(&d, "a.yaml", src, strlen(src));
    src_pos p = {"a.yaml", 3, 5};
    CHECK_INT(diag_error(&d, p, "did you mean `columns`?", "unknown key `%s`", "colums"), -1);
    char *out = render(&d);
    CHECK_STR(out, "a.yaml:3:5: error: unknown key `colums`\n"
                   "     3 |     colums: {}\n"
                   "       |     ^\n"
                   "hint: did you mean `columns`?\n");
    CHECK(diag_has_errors(&d));
    free(out);
    diag_free(&d);
}

static void test_sorts_by_file_then_position(void)
{
    diag d;
    diag_init(&d);
    diag_add_source(&d, "a.yaml", "x\ny\n", 4);
    diag_add_source(&d, "b.yaml", "x\n", 2);
    diag_error(&d, (src_pos){"b.yaml", 1, 1}, NULL, "third");
    diag_error(&d, (src_pos){"a.yaml", 2, 1}, NULL, "second");
    diag_error(&d, (src_pos){"a.yaml", 1, 1}, NULL, "first");
    char *out = render(&d);
    char *first = strstr(out, "first"), *second = strstr(out, "second"),
         *third = strstr(out, "third");
    CHECK(first && second && third && first < second && second < third);
    free(out);
    diag_free(&d);
}

static void test_caps_errors_and_counts_the_rest(void)
{
    diag d;
    diag_init(&d);
    d.max_errors = 3;
    for (int i = 0; i < 10; i++)
        diag_error(&d, (src_pos){0}, NULL, "e%d", i);
    CHECK_INT(d.count, 3);
    CHECK_INT(d.errors, 10);
    char *out = render(&d);
    CHECK(strstr(out, "7 more errors not shown") != NULL);
    free(out);
    diag_free(&d);
}

static void test_suggests_only_close_words(void)
{
    const char *keys[] = {"columns", "nullable", "comment"};
    CHECK_STR(diag_suggest("colums", keys, 3), "columns");
    CHECK_STR(diag_suggest("nulable", keys, 3), "nullable");
    CHECK(diag_suggest("zzzzzz", keys, 3) == NULL);
}

/* Colour on a terminal, unless NO_COLOR is set or TERM says it is dumb;
 * never into a file. A pseudo-terminal stands in for the user's. */
static void test_colour_only_on_a_terminal_that_shows_it(void)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) {
        fputs("no pseudo-terminal here; colour test skipped\n", stderr);
        if (master >= 0)
            close(master);
        return;
    }
    FILE *tty = fopen(ptsname(master), "w");
    CHECK(tty != NULL);
    if (!tty) {
        close(master);
        return;
    }
    unsetenv("NO_COLOR");
    setenv("TERM", "xterm-256color", 1);
    CHECK(diag_use_color(tty));
    setenv("TERM", "dumb", 1);
    CHECK(!diag_use_color(tty));
    setenv("TERM", "xterm-256color", 1);
    setenv("NO_COLOR", "1", 1);
    CHECK(!diag_use_color(tty));
    unsetenv("NO_COLOR");
    FILE *file = tmpfile();
    CHECK(file && !diag_use_color(file));
    if (file)
        fclose(file);
    fclose(tty);
    close(master);
}

/* After diag_clear, what was rendered is gone and carets still work. */
static void test_clear_forgets_entries_and_keeps_sources(void)
{
    diag d;
    diag_init(&d);
    const char *src = "a\nbb\n";
    diag_add_source(&d, "f", src, strlen(src));
    diag_error(&d, (src_pos){"f", 1, 1}, NULL, "first");
    diag_clear(&d);
    CHECK(!diag_has_errors(&d));
    diag_error(&d, (src_pos){"f", 2, 2}, NULL, "second");
    char *out = render(&d);
    CHECK_STR(out, "f:2:2: error: second\n"
                   "     2 | bb\n"
                   "       |  ^\n");
    free(out);
    diag_free(&d);
}

int main(void)
{
    test_clear_forgets_entries_and_keeps_sources();
    test_renders_position_caret_and_hint();
    test_sorts_by_file_then_position();
    test_caps_errors_and_counts_the_rest();
    test_suggests_only_close_words();
    test_colour_only_on_a_terminal_that_shows_it();
    return check_report();
}
