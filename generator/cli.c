/* cli: shared command plumbing; see cli.h. */
#include "cli.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "commands.h"
#include "validate.h"

bool cli_is_help(const char *arg) { return !strcmp(arg, "-h") || !strcmp(arg, "--help"); }

int cli_usage_error(const char *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("schemac: ", stderr);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nusage: %s\n", usage);
    va_end(ap);
    return EXIT_USAGE;
}

int cli_load_schemas(char *const *paths, size_t n, load_set *set, diag *d)
{
    int err = load_paths(set, paths, n, d);
    for (size_t i = 0; i < set->n; i++)
        if (validate_schema(set->schemas[i], d) < 0)
            err = -1;
    return err;
}

ir_schema *cli_load_one_schema(char *const *paths, size_t n, load_set *set, diag *d)
{
    if (cli_load_schemas(paths, n, set, d) < 0)
        return NULL;
    if (set->n != 1) {
        buf names = BUF_INIT;
        for (size_t i = 0; i < set->n; i++)
            buf_printf(&names, "%s%s", i ? ", " : "", set->schemas[i]->name);
        diag_error(d, (src_pos){0}, "pass the files of one schema",
                   "these files form %zu schemas (%s); this command takes one", set->n,
                   buf_cstr(&names));
        buf_free(&names);
        return NULL;
    }
    return set->schemas[0];
}

void cli_render(diag *d) { diag_render(d, stderr, diag_use_color(stderr)); }

static void *load_side(void *arg)
{
    cli_side *side = arg;
    memset(&side->set, 0, sizeof side->set);
    if (!strcmp(side->path, "empty")) {
        side->empty = side->schema = ir_schema_new();
        return NULL;
    }
    char *paths[] = {(char *)side->path};
    side->schema = cli_load_one_schema(paths, 1, &side->set, &side->diag);
    return NULL;
}

int cli_load_pair(cli_side *a, cli_side *b)
{
    diag_init(&a->diag);
    diag_init(&b->diag);
    a->empty = b->empty = NULL;
    pthread_t thread;
    bool threaded = pthread_create(&thread, NULL, load_side, b) == 0;
    load_side(a);
    if (threaded)
        pthread_join(thread, NULL);
    else
        load_side(b);
    return a->schema && b->schema ? 0 : -1;
}

void cli_free_side(cli_side *side)
{
    ir_schema_free(side->empty);
    load_set_free(&side->set);
    diag_free(&side->diag);
}
