/* migrate: what the `schemac migrate` subcommands share: their options and
 * the entry point of each. cmd_migrate.c dispatches; migrate_new.c makes
 * revisions; migrate_run.c talks to the database. */
#ifndef SCHEMAC_MIGRATE_H
#define SCHEMAC_MIGRATE_H

#include <stdbool.h>

#include "runner.h"

#define MIGRATE_DEFAULT_DIR "migrations"

/* Which options a subcommand accepts. */
enum {
    MIGRATE_OPT_DB = 1,    /* --db, --lock-timeout, --statement-timeout */
    MIGRATE_OPT_RUN = 2,   /* --dry-run, --sql, --from */
    MIGRATE_OPT_NEW = 4,   /* -m, --allow-destructive, --concurrent-indexes, --empty, --check */
    MIGRATE_OPT_DRY_RUN = 8,   /* --dry-run alone */
    MIGRATE_OPT_EXIT_CODE = 16, /* --exit-code */
    MIGRATE_OPT_CREATE = 32,    /* --create-database */
    MIGRATE_OPT_SEED = 64,      /* --allow-destructive, --dry-run: seed data */
    MIGRATE_OPT_LIVE = 128,     /* --db alone: the live database instead of the snapshot */
};

typedef struct migrate_args {
    const char *dir;
    const char *message;
    runner_options db;
    bool dry_run, sql, allow_destructive, concurrent_indexes, empty, check, exit_code;
    bool create_roles;
    const char *from;
    char **positional;
    int npositional;
} migrate_args;

typedef struct migrate_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;   /* after "schemac migrate " */
    const char *summary;
    unsigned options;
    int max_positional;  /* -1: any number */
} migrate_command;

/* Parses argv (argv[0] is the subcommand) for cmd. Returns -1 when it
 * printed help (exit 0), -2 after a usage error (exit 2), else 0. */
int migrate_parse(const migrate_command *cmd, int argc, char **argv, migrate_args *out);
/* Frees what migrate_parse allocated. */
void migrate_args_free(migrate_args *a);
/* The entry of the subcommand table named `name`. */
const migrate_command *migrate_find(const char *name);
/* Exit code for a migrate_parse result that is not 0. */
int migrate_parse_exit(int parsed);

int migrate_new(int argc, char **argv);
int migrate_hash(int argc, char **argv);
int migrate_up(int argc, char **argv);
int migrate_down(int argc, char **argv);
int migrate_status(int argc, char **argv);
int migrate_history(int argc, char **argv);
int migrate_current(int argc, char **argv);
int migrate_stamp(int argc, char **argv);
int migrate_repair(int argc, char **argv);
int migrate_bootstrap(int argc, char **argv);
int migrate_seed(int argc, char **argv);

#endif
