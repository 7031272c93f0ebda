/* cmd_validate: `schemac validate PATHS...` loads and checks schemas and
 * prints a summary of each; exit 1 when anything is invalid. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static const char usage[] = "schemac validate [--quiet] PATH...";

static void print_summary(const ir_schema *s)
{
    size_t columns = 0, indexes = 0, fks = 0;
    for (size_t i = 0; i < s->ntables; i++) {
        columns += s->tables[i]->ncolumns;
        indexes += s->tables[i]->nindexes;
        fks += s->tables[i]->nfks;
    }
    printf("schema %s: %zu table%s, %zu enum%s, %zu columns, %zu indexes, %zu foreign keys "
           "(%zu file%s)\n",
           s->name, s->ntables, s->ntables == 1 ? "" : "s", s->nenums, s->nenums == 1 ? "" : "s",
           columns, indexes, fks, s->nfiles, s->nfiles == 1 ? "" : "s");
    if (s->nviews || s->nfunctions || s->ntriggers)
        printf("  and %zu view%s, %zu function%s, %zu trigger%s\n", s->nviews,
               s->nviews == 1 ? "" : "s", s->nfunctions, s->nfunctions == 1 ? "" : "s",
               s->ntriggers, s->ntriggers == 1 ? "" : "s");
    if (s->ntables > 50)
        return;
    for (size_t i = 0; i < s->ntables; i++) {
        const ir_table *t = s->tables[i];
        printf("  %-28s %2zu columns, %zu indexes, %zu foreign keys%s%s\n", t->qualified, t->ncolumns,
               t->nindexes, t->nfks, t->timestamps ? ", timestamps" : "",
               t->soft_delete ? ", soft delete" : "");
    }
}

int cmd_validate(int argc, char **argv)
{
    bool quiet = false;
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (cli_is_help(argv[first])) {
            printf("usage: %s\n\nLoads the schema files (directories are searched for *.yaml and "
                   "*.yml),\nchecks them and prints a summary of each schema.\n\n"
                   "  --quiet   print nothing but diagnostics\n",
                   usage);
            return EXIT_OK;
        }
        if (!strcmp(argv[first], "--quiet") || !strcmp(argv[first], "-q"))
            quiet = true;
        else
            return cli_usage_error(usage, "unknown option '%s'", argv[first]);
    }
    if (first == argc)
        return cli_usage_error(usage, "no schema files given");
    diag d;
    diag_init(&d);
    load_set set;
    int err = cli_load_schemas(argv + first, (size_t)(argc - first), &set, &d);
    cli_render(&d);
    if (!err && !quiet)
        for (size_t i = 0; i < set.n; i++)
            print_summary(set.schemas[i]);
    load_set_free(&set);
    diag_free(&d);
    return err ? EXIT_INVALID : EXIT_OK;
}
