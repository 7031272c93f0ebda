/* cli: shared command plumbing; see cli.h. */
#include "cli.h"

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
