/* fuzz_history: arbitrary bytes as a migrations directory through
 * history_load and history_load_snapshot. The input is cut into files at
 * lines ">>> NAME" (what comes before the first such line is schemac.sum);
 * they are written to a scratch directory and loaded with and without the
 * integrity check. Beyond "no crash, leak or UB" it checks what `migrate
 * hash` and `migrate new` rely on: the sum written for a history that
 * loads verifies it, and a snapshot that loads, once written again, loads
 * again and writes the same text. */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emit.h"
#include "history.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;
static char dir[] = "/tmp/fuzz_history-XXXXXX";

static void clear_dir(void);

static void remove_dir(void)
{
    clear_dir();
    rmdir(dir);
}

static void fail(const char *what, diag *d)
{
    fprintf(stderr, "fuzz_history: %s\n", what);
    diag_render(d, stderr, false);
    abort();
}

static void write_file(const char *name, const char *text, size_t len)
{
    char path[sizeof dir + 80];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
        abort();
}

static void clear_dir(void)
{
    DIR *dh = opendir(dir);
    if (!dh)
        abort();
    struct dirent *e;
    char path[sizeof dir + 300];
    while ((e = readdir(dh)))
        if (e->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    closedir(dh);
}

/* A file name the input may give: [A-Za-z0-9_.-], 1 to 64 bytes, not
 * starting with '.'. */
static bool good_name(const char *s, size_t n)
{
    if (n == 0 || n > 64 || s[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == '_' || s[i] == '.' || s[i] == '-' || (s[i] >= '0' && s[i] <= '9') ||
              (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
            return false;
    return true;
}

static void write_files(const char *text, size_t size)
{
    const char *name = HISTORY_SUM_FILE, *p = text, *end = text + size;
    size_t name_len = strlen(name);
    for (;;) {
        /* The next ">>> " at the start of a line. */
        const char *next = NULL;
        for (const char *q = p; !next && end - q >= 4; q++)
            if ((q == text || q[-1] == '\n') && !memcmp(q, ">>> ", 4))
                next = q;
        char file[65];
        if (good_name(name, name_len)) {
            memcpy(file, name, name_len);
            file[name_len] = '\0';
            write_file(file, p, (size_t)((next ? next : end) - p));
        }
        if (!next)
            return;
        name = next + 4;
        const char *nl = memchr(name, '\n', (size_t)(end - name));
        name_len = (size_t)((nl ? nl : end) - name);
        p = nl ? nl + 1 : end;
    }
}

/* The snapshot of a history that loads, written again, loads the same. */
static void check_snapshot(const history *h)
{
    diag d;
    diag_init(&d);
    int err;
    ir_schema *s = history_load_snapshot(h, &err, &d);
    if (s && history_head(h)) {
        buf first = BUF_INIT, second = BUF_INIT;
        history_format_snapshot(s, history_head(h)->id, &first);
        write_file(HISTORY_SNAPSHOT_FILE, first.data, first.len);
        diag again;
        diag_init(&again);
        ir_schema *back = history_load_snapshot(h, &err, &again);
        if (!back)
            fail("a written snapshot does not load again", &again);
        history_format_snapshot(back, history_head(h)->id, &second);
        if (strcmp(buf_cstr(&first), buf_cstr(&second)) != 0)
            fail("writing a loaded snapshot again changed it", &again);
        ir_schema_free(back);
        diag_free(&again);
        buf_free(&first);
        buf_free(&second);
    }
    ir_schema_free(s);
    if (d.count)
        diag_render(&d, sink, false);
    diag_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sink) {
        sink = fopen("/dev/null", "w");
        if (!mkdtemp(dir))
            abort();
        atexit(remove_dir);
    }
    clear_dir();
    write_files((const char *)data, size);

    static const unsigned flag_sets[] = {HISTORY_VERIFY_SUM, HISTORY_NO_CHAIN, 0};
    for (size_t i = 0; i < sizeof flag_sets / sizeof *flag_sets; i++) {
        history h;
        diag d;
        diag_init(&d);
        int err = history_load(&h, dir, flag_sets[i], &d);
        if (err == 0 && flag_sets[i] == 0) {
            check_snapshot(&h);
            /* What `migrate hash` writes verifies what it was made from. */
            buf sum = BUF_INIT;
            history_format_sum(&h, NULL, &sum);
            write_file(HISTORY_SUM_FILE, sum.data ? sum.data : "", sum.len);
            buf_free(&sum);
            history verified;
            diag vd;
            diag_init(&vd);
            if (history_load(&verified, dir, HISTORY_VERIFY_SUM, &vd) < 0)
                fail("the sum written for a history does not verify it", &vd);
            history_free(&verified);
            diag_free(&vd);
        }
        history_free(&h);
        if (d.count)
            diag_render(&d, sink, false);
        diag_free(&d);
    }
    return 0;
}
