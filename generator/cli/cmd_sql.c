/* cmd_sql: `schemac sql PATHS...` prints the script that creates the schema
 * from nothing: the plan of diff(empty, schema). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static const char usage[] = "schemac sql [--create-roles] [--db CONNINFO] PATH...";

int cmd_sql(int argc, char **argv)
{
    if (argc > 1 && cli_is_help(argv[1])) {
        printf("usage: %s\n\nPrints the SQL that creates the schema in an empty database.\n\n"
               "  --create-roles   create the roles grants name (NOLOGIN) when missing,\n"
               "                   instead of failing\n"
               "  --db CONNINFO    a server to ask what views read (default: DATABASE_URL);\n"
               "                   needed only when the schema has views\n",
               usage);
        return EXIT_OK;
    }
    plan_options opts = PLAN_OPTIONS_INIT;
    const char *db = NULL;
    /* The options come before the paths. */
    while (argc > 1) {
        if (!strcmp(argv[1], "--create-roles")) {
            opts.create_roles = true;
            argc--;
            argv++;
        } else if (argc > 2 && !strcmp(argv[1], "--db")) {
            db = argv[2];
            argc -= 2;
            argv += 2;
        } else {
            break;
        }
    }
    if (argc < 2)
        return cli_usage_error(usage, "no schema files given");
    diag d;
    diag_init(&d);
    load_set set;
    ir_schema *s = cli_load_one_schema(argv + 1, (size_t)(argc - 1), false, &set, &d);
    int rc = EXIT_INVALID;
    buf out = BUF_INIT;
    if (s && cli_find_dependencies(&s, 1, db, &d) == 0 &&
        cli_create_script(s, &opts, &out, &d) == 0) {
        fwrite(out.data, 1, out.len, stdout);
        rc = EXIT_OK;
    }
    cli_render(&d);
    buf_free(&out);
    load_set_free(&set);
    diag_free(&d);
    return rc;
}
