/* migrate_run: the `schemac migrate` subcommands that use a database — up,
 * down, status, history, current, stamp, repair, bootstrap, seed — and the
 * --sql scripts
 * that stand in for one. The work is runner's; this file parses options
 * and prints. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "history.h"
#include "migrate.h"
#include "runner.h"
#include "seed.h"

typedef struct session {
    migrate_args args;
    diag d;
    history h;
    runner r;
    bool have_history, have_runner;
    bool drift; /* the version table disagrees with the directory */
} session;

/* Parses options and loads the history (checked against schemac.sum).
 * Returns -1 to continue, else the exit code to return. */
static int begin(session *s, const char *name, int argc, char **argv)
{
    memset(s, 0, sizeof *s);
    int parsed = migrate_parse(migrate_find(name), argc, argv, &s->args);
    if (parsed)
        return migrate_parse_exit(parsed);
    diag_init(&s->d);
    s->have_history = true;
    if (history_load(&s->h, s->args.dir, HISTORY_VERIFY_SUM, &s->d) < 0)
        return EXIT_INVALID;
    return -1;
}

static int connect_runner(session *s, bool lock)
{
    s->have_runner = true;
    return runner_open(&s->r, &s->args.db, lock, &s->d);
}

/* For the commands that print the state: reads it and renders any problem
 * before anything is printed. Returns -1 when the version table could not
 * be read (nothing should be printed then); drift sets s->drift. */
static int read_state_first(session *s)
{
    s->drift = runner_load_state(&s->r, &s->h, &s->d) < 0;
    cli_render(&s->d);
    diag_clear(&s->d);
    return s->r.state_read ? 0 : -1;
}

static int end(session *s, int rc)
{
    cli_render(&s->d);
    if (s->have_runner)
        runner_close(&s->r);
    if (s->have_history)
        history_free(&s->h);
    diag_free(&s->d);
    migrate_args_free(&s->args);
    return rc;
}

/* A usage error found after parsing: prints it with the subcommand's
 * usage and ends the session. */
static int usage_error(session *s, const char *name, const char *problem)
{
    char usage[512];
    snprintf(usage, sizeof usage, "schemac migrate %s", migrate_find(name)->usage);
    cli_usage_error(usage, "%s", problem);
    return end(s, EXIT_USAGE);
}

static int move(int argc, char **argv, const char *name, revision_direction dir)
{
    session s;
    int rc = begin(&s, name, argc, argv);
    if (rc >= 0)
        return s.have_history ? end(&s, rc) : rc;
    const char *target = s.args.npositional ? s.args.positional[0] : NULL;
    if (dir == REVISION_DOWN && target &&
        (target[0] == '-' || strspn(target, "0") == strlen(target)))
        return usage_error(&s, name,
                           "the number of revisions to revert must be at least 1 (`down N` "
                           "reverts the last N; `down none` reverts all)");
    if (s.args.sql) {
        if (dir == REVISION_DOWN && !s.args.from)
            diag_error(&s.d, (src_pos){0}, "name the revision the database is at",
                       "`down --sql` needs --from REV");
        buf script = BUF_INIT;
        if (!diag_has_errors(&s.d) &&
            runner_script(&s.h, s.args.from, target, dir, &s.args.db, &script, &s.d) == 0)
            fwrite(script.data ? script.data : "", 1, script.len, stdout);
        buf_free(&script);
        return end(&s, diag_has_errors(&s.d) ? EXIT_INVALID : EXIT_OK);
    }
    if (connect_runner(&s, !s.args.dry_run) < 0)
        return end(&s, EXIT_INVALID);
    int err = dir == REVISION_UP ? runner_up(&s.r, &s.h, target, s.args.dry_run, &s.d)
                                 : runner_down(&s.r, &s.h, target, s.args.dry_run, &s.d);
    return end(&s, err ? EXIT_INVALID : EXIT_OK);
}

int migrate_up(int argc, char **argv) { return move(argc, argv, "up", REVISION_UP); }
int migrate_down(int argc, char **argv) { return move(argc, argv, "down", REVISION_DOWN); }

static const char *row_state(arena *a, const runner_row *row)
{
    if (!row)
        return "pending";
    if (row->down_steps_done > 0)
        return arena_printf(a, "partly reverted (%d down steps done)", row->down_steps_done);
    if (row->steps_done < row->steps_total)
        return arena_printf(a, "partly applied (%d of %d steps)", row->steps_done,
                            row->steps_total);
    return arena_printf(a, "applied %s", row->applied_at);
}

int migrate_status(int argc, char **argv)
{
    session s;
    int rc = begin(&s, "status", argc, argv);
    if (rc >= 0)
        return s.have_history ? end(&s, rc) : rc;
    if (connect_runner(&s, false) < 0)
        return end(&s, EXIT_INVALID);
    /* Drift is reported, then the rest is still worth printing; a version
     * table that cannot be read leaves nothing true to print. */
    if (read_state_first(&s) < 0)
        return end(&s, EXIT_INVALID);
    const runner_row *last = runner_head_row(&s.r);
    bool unfinished = last && (last->steps_done < last->steps_total || last->down_steps_done);
    printf("database %s: ", PQdb(s.r.conn));
    if (!s.r.table)
        printf("no version table yet (nothing applied)\n");
    else if (!last)
        printf("at revision none\n");
    else
        printf("at revision %s%s%s%s\n", last->revision, unfinished ? ", " : "",
               unfinished ? row_state(&s.r.arena, last) : "",
               history_find(&s.h, last->revision) ? "" : " (its file is not in the directory)");
    size_t pending = s.h.n - s.r.applied;
    printf("directory %s: %zu revision%s, %zu pending\n", s.h.dir, s.h.n, s.h.n == 1 ? "" : "s",
           pending);
    for (size_t i = s.r.applied; i < s.h.n; i++)
        printf("  %s  %s\n", s.h.revs[i]->id, s.h.revs[i]->message);
    if (s.drift)
        printf("drift: see the errors above; nothing can be applied until they are fixed\n");
    fflush(stdout);
    if (s.drift)
        return end(&s, EXIT_INVALID);
    return end(&s, s.args.exit_code && (pending || unfinished) ? EXIT_INVALID : EXIT_OK);
}

int migrate_history(int argc, char **argv)
{
    session s;
    int rc = begin(&s, "history", argc, argv);
    if (rc >= 0)
        return s.have_history ? end(&s, rc) : rc;
    if (connect_runner(&s, false) < 0 || read_state_first(&s) < 0)
        return end(&s, EXIT_INVALID);
    for (size_t i = 0; i < s.h.n; i++) {
        const revision *rev = s.h.revs[i];
        const runner_row *row = runner_row_for(&s.r, rev->id);
        bool edited = row && strcmp(row->checksum, rev->checksum) != 0;
        printf("%s %s  %s  %s%s\n", row ? "[x]" : "[ ]", rev->id, rev->message,
               row_state(&s.r.arena, row), edited ? " (file edited since)" : "");
    }
    if (!s.h.n)
        printf("no revisions in %s\n", s.h.dir);
    fflush(stdout);
    return end(&s, s.drift ? EXIT_INVALID : EXIT_OK);
}

int migrate_current(int argc, char **argv)
{
    session s;
    int rc = begin(&s, "current", argc, argv);
    if (rc >= 0)
        return s.have_history ? end(&s, rc) : rc;
    if (connect_runner(&s, false) < 0 || read_state_first(&s) < 0)
        return end(&s, EXIT_INVALID);
    const runner_row *last = runner_head_row(&s.r);
    if (!last)
        printf("none\n");
    else if (last->steps_done < last->steps_total || last->down_steps_done)
        printf("%s (%s)\n", last->revision, row_state(&s.r.arena, last));
    else
        printf("%s\n", last->revision);
    fflush(stdout);
    return end(&s, s.drift ? EXIT_INVALID : EXIT_OK);
}

int migrate_stamp(int argc, char **argv)
{
    session s;
    int rc = begin(&s, "stamp", argc, argv);
    if (rc >= 0)
        return s.have_history ? end(&s, rc) : rc;
    if (!s.args.npositional)
        return usage_error(&s, "stamp", "name the revision to stamp (or `none`)");
    /* An unknown revision is refused before the database is touched. */
    const char *target = s.args.positional[0];
    if (strcmp(target, "none") != 0 && !runner_find_revision(&s.h, target, &s.d))
        return end(&s, EXIT_INVALID);
    if (connect_runner(&s, !s.args.dry_run) < 0 ||
        runner_stamp(&s.r, &s.h, s.args.positional[0], s.args.dry_run, &s.d) < 0)
        return end(&s, EXIT_INVALID);
    fflush(stdout);
    return end(&s, EXIT_OK);
}

int migrate_repair(int argc, char **argv)
{
    session s;
    int rc = begin(&s, "repair", argc, argv);
    if (rc >= 0)
        return s.have_history ? end(&s, rc) : rc;
    if (connect_runner(&s, !s.args.dry_run) < 0 ||
        runner_repair(&s.r, &s.h, s.args.dry_run, &s.d) < 0)
        return end(&s, EXIT_INVALID);
    fflush(stdout);
    return end(&s, EXIT_OK);
}

/* Loads the seed data of the schema files given, else of the snapshot,
 * and applies it on the runner's connection. */
static int seed(session *s)
{
    load_set set = {0};
    ir_schema *schema = NULL;
    int err = 0;
    if (s->args.npositional) {
        schema = cli_load_one_schema(s->args.positional, (size_t)s->args.npositional, false, &set,
                                     &s->d);
        err = schema ? 0 : -1;
    } else if (access(history_path(&s->h, HISTORY_SNAPSHOT_FILE), F_OK) == 0) {
        schema = history_load_snapshot(&s->h, &err, &s->d);
    }
    if (!err && !schema)
        printf("no seed data defined (no snapshot in %s; pass the schema files to seed from "
               "them)\n",
               s->h.dir);
    if (!err && schema) {
        seed_options o = {s->args.dry_run, s->args.allow_destructive, stdout};
        err = seed_apply(s->r.conn, schema, &o, &s->d);
    }
    if (s->args.npositional)
        load_set_free(&set);
    else
        ir_schema_free(schema);
    fflush(stdout);
    return err ? EXIT_INVALID : EXIT_OK;
}

int migrate_seed(int argc, char **argv)
{
    session s;
    int rc = begin(&s, "seed", argc, argv);
    if (rc >= 0)
        return s.have_history ? end(&s, rc) : rc;
    if (connect_runner(&s, true) < 0)
        return end(&s, EXIT_INVALID);
    return end(&s, seed(&s));
}

int migrate_bootstrap(int argc, char **argv)
{
    session s;
    int rc = begin(&s, "bootstrap", argc, argv);
    if (rc >= 0)
        return s.have_history ? end(&s, rc) : rc;
    if (connect_runner(&s, true) < 0 || runner_up(&s.r, &s.h, NULL, false, &s.d) < 0)
        return end(&s, EXIT_INVALID);
    fflush(stdout);
    return end(&s, seed(&s));
}
