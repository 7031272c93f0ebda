/* cmd_context: `schemac context PATHS...` prints the template context of a
 * schema as YAML: what `generate` renders its templates against. A tool for
 * template authors (docs/templates.md lists every field). */
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "config.h"
#include "context.h"

static const char usage[] = "schemac context PATH...";

int cmd_context(int argc, char **argv)
{
    if (argc > 1 && cli_is_help(argv[1])) {
        printf("usage: %s\n\nPrints the template context of the schema as YAML: the data the\n"
               "templates of 'schemac generate' are rendered with (see docs/templates.md).\n",
               usage);
        return EXIT_OK;
    }
    if (argc < 2)
        return cli_usage_error(usage, "no schema files given");
    diag d;
    diag_init(&d);
    load_set set;
    arena a = ARENA_INIT;
    int rc = EXIT_INVALID;
    ir_schema *s = cli_load_one_schema(argv + 1, (size_t)(argc - 1), true, &set, &d);
    tree *context = s ? context_build(&a, s, SCHEMAC_VERSION, &d) : NULL;
    cli_render(&d);
    if (context) {
        buf out = BUF_INIT;
        tree_write_yaml(context, &out);
        fwrite(out.data, 1, out.len, stdout);
        buf_free(&out);
        rc = EXIT_OK;
    }
    arena_free(&a);
    load_set_free(&set);
    diag_free(&d);
    return rc;
}
