/* cmd_check: `schemac check --db URL PATH...` compares a live database
 * with the schema files: exit 0 when they match; 1 with a report of every
 * difference (the YAML file:line it comes from) and the SQL that repairs
 * it; 2 on usage, connection or schema errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_live.h"
#include "commands.h"
#include "plan.h"

static const char usage[] = "schemac check --db URL [--schema NAME]... PATH...";

int cmd_check(int argc, char **argv)
{
    const char *db_url = NULL;
    const char **schemas = calloc((size_t)argc, sizeof *schemas);
    char **paths = calloc((size_t)argc, sizeof *paths);
    size_t nschemas = 0, npaths = 0;
    int rc = EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            printf("usage: %s\n\nCompares a live database with the schema files. Expressions "
                   "the server\nrewrites (defaults, checks, index expressions and predicates) "
                   "are compared\nas the server spells them.\n\n"
                   "  --db URL       the database (conninfo or URL; default DATABASE_URL)\n"
                   "  --schema NAME  a PostgreSQL schema to read (repeatable; default public)\n\n"
                   "Exit status: 0 the database matches; 1 it differs (a report, then the SQL\n"
                   "that repairs it); 2 usage, connection or schema file errors.\n",
                   usage);
            rc = EXIT_OK;
            goto out;
        }
        if (!strcmp(argv[i], "--db") && i + 1 < argc)
            db_url = argv[++i];
        else if (!strcmp(argv[i], "--schema") && i + 1 < argc)
            schemas[nschemas++] = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) {
            rc = cli_usage_error(usage, "unexpected argument '%s'", argv[i]);
            goto out;
        } else
            paths[npaths++] = argv[i];
    }
    if (!npaths) {
        rc = cli_usage_error(usage, "no schema files given");
        goto out;
    }
    diag d;
    diag_init(&d);
    cli_live l;
    diff_result diff = {0};
    bool diffed = false;
    if (cli_live_open(&l, paths, npaths, db_url, schemas, nschemas, &d) < 0)
        goto done;
    ir_schema *model = l.model;
    diffed = true;
    if (diff_schemas(l.sides.live.schema, model, false, &diff, &d) < 0)
        goto done;
    if (diff.n == 0) {
        printf("the database matches the models (%zu table%s, %zu enum%s; %zu queries)\n",
               model->ntables, model->ntables == 1 ? "" : "s", model->nenums,
               model->nenums == 1 ? "" : "s", l.db.queries);
        rc = EXIT_OK;
        goto done;
    }
    printf("the database differs from the models in %zu place%s:\n", diff.n,
           diff.n == 1 ? "" : "s");
    drift_write_report(&diff, stdout);
    plan p;
    plan_build(&p, &diff, NULL);
    buf sql = BUF_INIT;
    plan_write_sql(&p, &sql);
    printf("\n-- SQL that brings the database to the models:\n%s", buf_cstr(&sql));
    buf_free(&sql);
    plan_free(&p);
    rc = EXIT_INVALID;
done:
    cli_render(&d);
    if (diffed)
        diff_free(&diff);
    cli_live_close(&l);
    diag_free(&d);
out:
    free(schemas);
    free(paths);
    return rc;
}
