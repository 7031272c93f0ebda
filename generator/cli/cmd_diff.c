/* cmd_diff: `schemac diff --from A --to B [--down]` prints the SQL that
 * migrates schema A to schema B (or, with --down, back from B to A).
 * A and B are schema files, directories, snapshots, `empty`, or one of
 * them `db:URL`, a live database (compared as `schemac check` does).
 * Writes nothing. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_live.h"
#include "commands.h"
#include "diff.h"
#include "plan.h"

static const char usage[] =
    "schemac diff --from PATH|empty|db:URL --to PATH|empty|db:URL [--down] "
    "[--concurrent-indexes] [--create-roles] [--exit-code] [--db CONNINFO]";

/* Prints the plan of a diff; returns the exit code. */
static int print_plan(const diff_result *diff, const plan_options *opts, bool exit_code)
{
    plan p;
    plan_build(&p, diff, opts);
    buf out = BUF_INIT;
    plan_write_sql(&p, &out);
    fwrite(out.data ? out.data : "", 1, out.len, stdout);
    buf_free(&out);
    int rc = exit_code && p.n ? EXIT_INVALID : EXIT_OK;
    plan_free(&p);
    return rc;
}

/* One side is a live database: the other side's files are normalised
 * against it, then diffed in the direction asked for. */
static int diff_live(const char *url, const char *path, bool db_first, bool down,
                     const plan_options *opts, bool exit_code)
{
    diag d;
    diag_init(&d);
    cli_live l;
    diff_result diff = {0};
    bool diffed = false;
    int rc = EXIT_INVALID;
    char *paths[] = {(char *)path};
    if (cli_live_open(&l, paths, 1, url, NULL, 0, &d) < 0)
        goto done;
    diffed = true;
    ir_schema *live = l.sides.live.schema, *model = l.model;
    /* from → to, or with --down to → from (hints taken from the side they
     * were written on: the files). */
    bool from_live = db_first != down;
    int err = from_live ? diff_schemas(live, model, down, &diff, &d)
                        : diff_schemas(model, live, !down, &diff, &d);
    if (err == 0)
        rc = print_plan(&diff, opts, exit_code);
done:
    cli_render(&d);
    if (diffed)
        diff_free(&diff);
    cli_live_close(&l);
    diag_free(&d);
    return rc;
}

int cmd_diff(int argc, char **argv)
{
    const char *from = NULL, *to = NULL, *db = NULL;
    bool down = false, exit_code = false;
    plan_options opts = PLAN_OPTIONS_INIT;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            printf("usage: %s\n\nPrints the SQL that turns schema A into schema B; --down prints "
                   "the reverse\nmigration (B back to A, renames undone). Writes nothing.\n\n"
                   "  --exit-code   exit 1 when the schemas differ, 0 when they do not\n"
                   "                (as `git diff --exit-code`; errors also exit 1)\n"
                   "  --db CONNINFO a server to ask what views read (default: DATABASE_URL);\n"
                   "                needed only when a schema has views\n",
                   usage);
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "--from") && i + 1 < argc)
            from = argv[++i];
        else if (!strcmp(argv[i], "--to") && i + 1 < argc)
            to = argv[++i];
        else if (!strcmp(argv[i], "--db") && i + 1 < argc)
            db = argv[++i];
        else if (!strcmp(argv[i], "--down"))
            down = true;
        else if (!strcmp(argv[i], "--exit-code"))
            exit_code = true;
        else if (!strcmp(argv[i], "--concurrent-indexes"))
            opts.concurrent_indexes = true;
        else if (!strcmp(argv[i], "--create-roles"))
            opts.create_roles = true;
        else
            return cli_usage_error(usage, "unexpected argument '%s'", argv[i]);
    }
    if (!from || !to)
        return cli_usage_error(usage, "both --from and --to are required");
    bool from_db = !strncmp(from, "db:", 3), to_db = !strncmp(to, "db:", 3);
    if (from_db && to_db)
        return cli_usage_error(usage, "at most one side can be a database");
    if (from_db || to_db)
        return diff_live(from_db ? from + 3 : to + 3, from_db ? to : from, from_db, down, &opts,
                         exit_code);
    cli_side sa = {.path = from}, sb = {.path = to};
    int rc = EXIT_INVALID;
    if (cli_load_pair(&sa, &sb) == 0) {
        ir_schema *a = sa.schema, *b = sb.schema;
        if (!a->name)
            a->name = b->name;
        if (!b->name)
            b->name = a->name;
        if (!a->name) {
            diag_error(&sa.diag, (src_pos){0}, NULL, "both sides are empty");
        } else if (strcmp(a->name, b->name) != 0) {
            diag_error(&sa.diag, (src_pos){0}, "diff two versions of the same schema",
                       "the schemas have different names: %s and %s", a->name, b->name);
        } else if (cli_find_dependencies((ir_schema *[]){a, b}, 2, db, &sa.diag) == 0) {
            diff_result diff;
            int err = down ? diff_schemas(b, a, true, &diff, &sa.diag)
                           : diff_schemas(a, b, false, &diff, &sa.diag);
            if (err == 0)
                rc = print_plan(&diff, &opts, exit_code);
            diff_free(&diff);
        }
    }
    cli_render(&sa.diag);
    cli_render(&sb.diag);
    cli_free_side(&sa);
    cli_free_side(&sb);
    return rc;
}
