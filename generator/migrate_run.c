/* migrate_run: the `schemac migrate` subcommands that use a database — up,
 * down, status, history, current, bootstrap, seed — and the --sql scripts
 * that stand in for one. The work is runner's; this file parses options
 * and prints. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "history.h"
#include "migrate.h"
#include "runner.h"

typedef struct session {
    migrate_args args;
    diag d;
    history h;
    runner r;
    bool have_history, have_runner;
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

static int move(int argc, char **argv, const char *name, revision_direction dir)
{
    session s;
    int rc = begin(&s, name, argc, argv);
    if (rc >= 0)
        return s.have_history ? end(&s, rc) : rc;
    const char *target = s.args.npositional ? s.args.positional[0] : NULL;
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
    /* Problems are reported; the rest is still worth printing. */
    runner_load_state(&s.r, &s.h, &s.d);
    const runner_row *last =
        s.r.applied ? runner_row_for(&s.r, s.h.revs[s.r.applied - 1]->id) : NULL;
    printf("database %s: ", PQdb(s.r.conn));
    if (!s.r.table)
        printf("no version table yet (nothing applied)\n");
    else if (!last)
        printf("at revision none\n");
    else
        printf("at revision %s%s%s\n", last->revision,
               last->steps_done < last->steps_total || last->down_steps_done ? ", " : "",
               last->steps_done < last->steps_total || last->down_steps_done
                   ? row_state(&s.r.arena, last)
                   : "");
    size_t pending = s.h.n - s.r.applied;
    printf("directory %s: %zu revision%s, %zu pending\n", s.h.dir, s.h.n, s.h.n == 1 ? "" : "s",
           pending);
    for (size_t i = s.r.applied; i < s.h.n; i++)
        printf("  %s  %s\n", s.h.revs[i]->id, s.h.revs[i]->message);
    if (diag_has_errors(&s.d))
        printf("drift: see the errors below; nothing can be applied until they are fixed\n");
    fflush(stdout);
    return end(&s, diag_has_errors(&s.d) ? EXIT_INVALID : EXIT_OK);
}

int migrate_history(int argc, char **argv)
{
    session s;
    int rc = begin(&s, "history", argc, argv);
    if (rc >= 0)
        return s.have_history ? end(&s, rc) : rc;
    if (connect_runner(&s, false) < 0)
        return end(&s, EXIT_INVALID);
    runner_load_state(&s.r, &s.h, &s.d);
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
    return end(&s, diag_has_errors(&s.d) ? EXIT_INVALID : EXIT_OK);
}

int migrate_current(int argc, char **argv)
{
    session s;
    int rc = begin(&s, "current", argc, argv);
    if (rc >= 0)
        return s.have_history ? end(&s, rc) : rc;
    if (connect_runner(&s, false) < 0)
        return end(&s, EXIT_INVALID);
    int err = runner_load_state(&s.r, &s.h, &s.d);
    const runner_row *last =
        s.r.applied ? runner_row_for(&s.r, s.h.revs[s.r.applied - 1]->id) : NULL;
    if (!last)
        printf("none\n");
    else if (last->steps_done < last->steps_total || last->down_steps_done)
        printf("%s (%s)\n", last->revision, row_state(&s.r.arena, last));
    else
        printf("%s\n", last->revision);
    fflush(stdout);
    return end(&s, err ? EXIT_INVALID : EXIT_OK);
}

/* Seed data is not part of the schema language yet; this is where it will
 * be loaded. */
static int seed(const migrate_args *args)
{
    (void)args;
    printf("no seed data defined\n");
    return EXIT_OK;
}

int migrate_seed(int argc, char **argv)
{
    migrate_args args;
    int parsed = migrate_parse(migrate_find("seed"), argc, argv, &args);
    if (parsed)
        return migrate_parse_exit(parsed);
    int rc = seed(&args);
    migrate_args_free(&args);
    return rc;
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
    return end(&s, seed(&s.args));
}
