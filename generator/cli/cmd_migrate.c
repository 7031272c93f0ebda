/* cmd_migrate: `schemac migrate SUBCOMMAND ...` — the subcommand table and
 * the options they share. The subcommands live in migrate_new.c (revision
 * files) and migrate_run.c (the database). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "migrate.h"

static const migrate_command subcommands[] = {
    {"new", migrate_new,
     "new -m MESSAGE [--dir DIR] [--db URL] [--allow-destructive] [--concurrent-indexes]\n"
     "       [--create-roles] [--empty] PATH...\n"
     "       schemac migrate new --check [--dir DIR] [--db URL] PATH...",
     "write a revision from the change between the snapshot and the schema files",
     MIGRATE_OPT_NEW | MIGRATE_OPT_LIVE, -1},
    {"hash", migrate_hash, "hash [--dir DIR]",
     "record the checksums of the revision files in schemac.sum (after a deliberate edit)", 0, 0},
    {"up", migrate_up,
     "up [REV] [--dir DIR] [--db CONNINFO] [--create-database] [--dry-run | --sql [--from REV]]",
     "apply pending revisions (up to and including REV)",
     MIGRATE_OPT_DB | MIGRATE_OPT_RUN | MIGRATE_OPT_CREATE, 1},
    {"down", migrate_down,
     "down [N|REV|none] [--dir DIR] [--db CONNINFO] [--dry-run | --sql --from REV]",
     "revert the last N revisions (default 1), those after REV, or all",
     MIGRATE_OPT_DB | MIGRATE_OPT_RUN, 1},
    {"status", migrate_status, "status [--dir DIR] [--db CONNINFO] [--exit-code]",
     "show the current revision, pending revisions and edited applied files",
     MIGRATE_OPT_DB | MIGRATE_OPT_EXIT_CODE, 0},
    {"history", migrate_history, "history [--dir DIR] [--db CONNINFO]",
     "list the revisions in order, with when each was applied", MIGRATE_OPT_DB, 0},
    {"current", migrate_current, "current [--dir DIR] [--db CONNINFO]",
     "print the revision the database is at", MIGRATE_OPT_DB, 0},
    {"stamp", migrate_stamp, "stamp REV|none [--dir DIR] [--db CONNINFO] [--dry-run]",
     "record the database as being at REV without running anything",
     MIGRATE_OPT_DB | MIGRATE_OPT_DRY_RUN, 1},
    {"repair", migrate_repair, "repair [--dir DIR] [--db CONNINFO] [--dry-run]",
     "accept the edited file of a partly applied revision (its steps not yet applied)",
     MIGRATE_OPT_DB | MIGRATE_OPT_DRY_RUN, 0},
    {"bootstrap", migrate_bootstrap,
     "bootstrap [--dir DIR] [--db CONNINFO] [--create-database] [--allow-destructive] [PATH...]",
     "apply every pending revision, then load seed data",
     MIGRATE_OPT_DB | MIGRATE_OPT_CREATE | MIGRATE_OPT_SEED, -1},
    {"seed", migrate_seed,
     "seed [--dir DIR] [--db CONNINFO] [--dry-run] [--allow-destructive] [PATH...]",
     "load the seed data of the schema files (default: of the snapshot)",
     MIGRATE_OPT_DB | MIGRATE_OPT_SEED, -1},
};

static const size_t nsubcommands = sizeof subcommands / sizeof *subcommands;

const migrate_command *migrate_find(const char *name)
{
    for (size_t i = 0; i < nsubcommands; i++)
        if (!strcmp(subcommands[i].name, name))
            return &subcommands[i];
    return NULL;
}

static void usage(FILE *out)
{
    fputs("usage: schemac migrate SUBCOMMAND [OPTIONS]\n\nsubcommands:\n", out);
    for (size_t i = 0; i < nsubcommands; i++)
        fprintf(out, "  %-10s %s\n", subcommands[i].name, subcommands[i].summary);
    fputs("\nRun 'schemac migrate SUBCOMMAND --help' for its options; docs/migrations.md "
          "explains the workflow.\n",
          out);
}

static void help(const migrate_command *cmd)
{
    printf("usage: schemac migrate %s\n\n%c%s.\n\n", cmd->usage,
           toupper((unsigned char)cmd->summary[0]), cmd->summary + 1);
    printf("  --dir DIR                the migrations directory (default: %s)\n",
           MIGRATE_DEFAULT_DIR);
    if (cmd->options & MIGRATE_OPT_NEW)
        printf("  -m, --message TEXT       what the revision does (names the file)\n"
               "  --allow-destructive      write it even if it drops tables, columns or data\n"
               "  --create-roles           create the roles grants name (NOLOGIN) when missing,\n"
               "                           instead of failing\n"
               "  --concurrent-indexes     build indexes on existing tables CONCURRENTLY,\n"
               "                           outside the transaction\n"
               "  --empty                  write a revision with empty sections to fill by hand\n"
               "                           (then run `schemac migrate hash`)\n"
               "  --check                  write nothing; exit 1 if the schema files have\n"
               "                           changes that no revision holds (for CI)\n");
    if (cmd->options & MIGRATE_OPT_LIVE)
        printf("  --db CONNINFO_OR_URL     start from the live database instead of the\n"
               "                           snapshot (and say where the two disagree)\n");
    if (cmd->options & MIGRATE_OPT_DB)
        printf("  --db CONNINFO_OR_URL     the database (default: DATABASE_URL, else libpq's\n"
               "                           PGHOST, PGDATABASE, ... variables)\n"
               "  --lock-timeout DURATION  how long a statement may wait for a lock (default\n"
               "                           5s; 0 = no limit); units ms, s, min\n"
               "  --statement-timeout DURATION\n"
               "                           how long a statement may run (default 0 = no limit)\n"
               "  --concurrent-lock-timeout DURATION\n"
               "                           how long CREATE/DROP INDEX CONCURRENTLY may wait for\n"
               "                           locks and older transactions (default 0 = no limit)\n");
    if (cmd->options & MIGRATE_OPT_CREATE)
        printf("  --create-database        create the database when the server says it does\n"
               "                           not exist (CREATE DATABASE, from the server's\n"
               "                           postgres database)\n");
    if (cmd->options & MIGRATE_OPT_SEED)
        printf("  PATH...                  the schema files (or directories) whose seed data to\n"
               "                           load; default: the snapshot in DIR, the schema as\n"
               "                           of the last revision\n"
               "  --allow-destructive      let a `sync` seed delete the rows it no longer lists\n"
               "%s",
               cmd->options & MIGRATE_OPT_CREATE
                   ? ""
                   : "  --dry-run                seed, report, then roll back: change nothing\n");
    if (cmd->options & MIGRATE_OPT_DRY_RUN)
        printf("  --dry-run                print the SQL that would run; change nothing\n");
    if (cmd->options & MIGRATE_OPT_EXIT_CODE)
        printf("  --exit-code              exit 1 when revisions are pending or one is partly\n"
               "                           applied or reverted (for CI)\n");
    if (cmd->options & MIGRATE_OPT_RUN)
        printf("  --dry-run                print the SQL that would run; change nothing\n"
               "  --sql                    write a psql script for a DBA to stdout; no database\n"
               "                           is used\n"
               "  --from REV               with --sql: the revision the database is at\n"
               "                           (default none)\n");
    printf("\nExit status: 0 success; 1 failure%s; 2 usage error.\n",
           cmd->options & MIGRATE_OPT_EXIT_CODE ? " (and with --exit-code: revisions to apply)"
           : cmd->options & MIGRATE_OPT_NEW     ? " (and with --check: changes no revision holds)"
                                                : "");
}

/* "5s", "250ms", "2min", "0"; a bare number is milliseconds, as PostgreSQL
 * reads lock_timeout. */
static int parse_duration(const char *text, int *out)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (end == text || v < 0)
        return -1;
    long scale = !*end || !strcmp(end, "ms") ? 1 : !strcmp(end, "s") ? 1000
                                               : !strcmp(end, "min") ? 60000 : -1;
    if (scale < 0 || v > 2147483647L / scale)
        return -1;
    *out = (int)(v * scale);
    return 0;
}

void migrate_args_free(migrate_args *a)
{
    free(a->positional);
    a->positional = NULL;
}

int migrate_parse_exit(int parsed) { return parsed == -1 ? EXIT_OK : EXIT_USAGE; }

int migrate_parse(const migrate_command *cmd, int argc, char **argv, migrate_args *out)
{
    memset(out, 0, sizeof *out);
    out->dir = MIGRATE_DEFAULT_DIR;
    out->db = (runner_options)RUNNER_OPTIONS_INIT;
    out->positional = calloc((size_t)argc + 1, sizeof *out->positional);
    if (!out->positional)
        abort();
    static const char *const with_value[] = {"--dir",
                                             "-m",
                                             "--message",
                                             "--db",
                                             "--lock-timeout",
                                             "--statement-timeout",
                                             "--concurrent-lock-timeout",
                                             "--from"};
    char problem[256] = "";
    bool options_done = false;
    for (int i = 1; i < argc && !*problem; i++) {
        const char *arg = argv[i];
        /* "-1" is an argument (a count), not an option. */
        if (options_done || arg[0] != '-' || !arg[1] || isdigit((unsigned char)arg[1])) {
            out->positional[out->npositional++] = argv[i];
            continue;
        }
        if (!strcmp(arg, "--")) {
            options_done = true;
            continue;
        }
        if (cli_is_help(arg)) {
            help(cmd);
            migrate_args_free(out);
            return -1;
        }
        const char *eq = strchr(arg, '=');
        const char *value = eq ? eq + 1 : NULL;
        char name[64];
        size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
        snprintf(name, sizeof name, "%.*s", (int)(n < 63 ? n : 63), arg);
        bool takes_value = false;
        for (size_t k = 0; k < sizeof with_value / sizeof *with_value; k++)
            takes_value |= !strcmp(name, with_value[k]);
        if (takes_value && !value) {
            if (i + 1 >= argc) {
                snprintf(problem, sizeof problem, "%s needs a value", name);
                break;
            }
            value = argv[++i];
        } else if (!takes_value && value) {
            snprintf(problem, sizeof problem, "%s takes no value", name);
            break;
        }
        unsigned o = cmd->options;
        if (!strcmp(name, "--dir"))
            out->dir = value;
        else if ((o & MIGRATE_OPT_NEW) && (!strcmp(name, "-m") || !strcmp(name, "--message")))
            out->message = value;
        else if ((o & (MIGRATE_OPT_NEW | MIGRATE_OPT_SEED)) && !strcmp(name, "--allow-destructive"))
            out->allow_destructive = true;
        else if ((o & MIGRATE_OPT_NEW) && !strcmp(name, "--create-roles"))
            out->create_roles = true;
        else if ((o & MIGRATE_OPT_NEW) && !strcmp(name, "--concurrent-indexes"))
            out->concurrent_indexes = true;
        else if ((o & MIGRATE_OPT_NEW) && !strcmp(name, "--empty"))
            out->empty = true;
        else if ((o & MIGRATE_OPT_NEW) && !strcmp(name, "--check"))
            out->check = true;
        else if ((o & MIGRATE_OPT_EXIT_CODE) && !strcmp(name, "--exit-code"))
            out->exit_code = true;
        else if ((o & MIGRATE_OPT_CREATE) && !strcmp(name, "--create-database"))
            out->db.create_database = true;
        else if ((o & (MIGRATE_OPT_DB | MIGRATE_OPT_LIVE)) && !strcmp(name, "--db"))
            out->db.conninfo = value;
        else if ((o & MIGRATE_OPT_DB) && !strcmp(name, "--lock-timeout")) {
            if (parse_duration(value, &out->db.lock_timeout_ms) < 0)
                snprintf(problem, sizeof problem,
                         "--lock-timeout: `%.60s` is not a duration (5s, 500ms, 1min, 0)", value);
        } else if ((o & MIGRATE_OPT_DB) && !strcmp(name, "--statement-timeout")) {
            if (parse_duration(value, &out->db.statement_timeout_ms) < 0)
                snprintf(problem, sizeof problem,
                         "--statement-timeout: `%.60s` is not a duration (5s, 500ms, 1min, 0)",
                         value);
        } else if ((o & MIGRATE_OPT_DB) && !strcmp(name, "--concurrent-lock-timeout")) {
            if (parse_duration(value, &out->db.concurrent_lock_timeout_ms) < 0)
                snprintf(problem, sizeof problem,
                         "--concurrent-lock-timeout: `%.60s` is not a duration (5s, 500ms, 1min, "
                         "0)",
                         value);
        } else if ((o & (MIGRATE_OPT_RUN | MIGRATE_OPT_DRY_RUN | MIGRATE_OPT_SEED)) &&
                   !strcmp(name, "--dry-run"))
            out->dry_run = true;
        else if ((o & MIGRATE_OPT_RUN) && !strcmp(name, "--sql"))
            out->sql = true;
        else if ((o & MIGRATE_OPT_RUN) && !strcmp(name, "--from"))
            out->from = value;
        else
            snprintf(problem, sizeof problem, "unknown option '%s'", name);
    }
    if (!*problem && cmd->max_positional >= 0 && out->npositional > cmd->max_positional)
        snprintf(problem, sizeof problem, "unexpected argument '%.100s'",
                 out->positional[cmd->max_positional]);
    if (!*problem && out->dry_run && !strcmp(cmd->name, "bootstrap"))
        snprintf(problem, sizeof problem,
                 "bootstrap has no --dry-run; see `migrate up --dry-run` and `migrate seed "
                 "--dry-run`");
    if (!*problem && out->dry_run && out->sql)
        snprintf(problem, sizeof problem, "--dry-run and --sql exclude each other");
    if (!*problem && out->db.create_database && (out->dry_run || out->sql))
        snprintf(problem, sizeof problem,
                 "--create-database changes the server; it does not go with --dry-run or --sql");
    if (!*problem && out->from && !out->sql)
        snprintf(problem, sizeof problem,
                 "--from goes with --sql (a database knows its own revision)");
    if (!*problem)
        return 0;
    char full_usage[512];
    snprintf(full_usage, sizeof full_usage, "schemac migrate %s", cmd->usage);
    cli_usage_error(full_usage, "%s", problem);
    migrate_args_free(out);
    return -2;
}

int cmd_migrate(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (cli_is_help(argv[1]) || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    const migrate_command *cmd = migrate_find(argv[1]);
    if (!cmd) {
        const char *names[sizeof subcommands / sizeof *subcommands];
        for (size_t i = 0; i < nsubcommands; i++)
            names[i] = subcommands[i].name;
        cli_unknown("schemac migrate", "subcommand", argv[1], names, nsubcommands);
        usage(stderr);
        return EXIT_USAGE;
    }
    return cmd->run(argc - 1, argv + 1);
}
