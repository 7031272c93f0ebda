/* migrate_new: `schemac migrate new` writes a revision from the difference
 * between the snapshot at the head revision (or, with --db, the live
 * database) and the schema files, with the new snapshot and schemac.sum;
 * `schemac migrate hash` rewrites schemac.sum after a deliberate edit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "cli_live.h"
#include "commands.h"
#include "diff.h"
#include "history.h"
#include "migrate.h"
#include "output.h"
#include "plan.h"

/* Creates dir and its missing parents. */
static int make_dirs(const char *dir, diag *d)
{
    buf path = BUF_INIT;
    buf_puts(&path, dir);
    int err = 0;
    for (size_t i = 1; i <= path.len && !err; i++) {
        if (i < path.len && path.data[i] != '/')
            continue;
        char saved = path.data[i];
        path.data[i] = '\0';
        if (mkdir(path.data, 0777) != 0 && errno != EEXIST)
            err = diag_error(d, (src_pos){dir, 0, 0}, NULL, "cannot create directory %s: %s",
                             path.data, strerror(errno));
        path.data[i] = saved;
    }
    buf_free(&path);
    return err;
}

/* Does the statement carry hazard `code`? */
static bool has_hazard(const plan_stmt *s, plan_hazard_code code)
{
    for (size_t j = 0; j < s->nhazards; j++)
        if (s->hazards[j].code == code)
            return true;
    return false;
}

/* Writes a plan as sections of a revision. Consecutive statements of one
 * kind share a section. When the plan adds enum values, the statements of
 * that phase get a transaction of their own, so the values commit before
 * anything uses them (PostgreSQL refuses a value added in the same
 * transaction, and the planner cannot always see the use: a new table's
 * default, a later hand edit). */
static void write_sections(buf *out, const plan *p, revision_direction dir)
{
    int split_phase = -1;
    for (size_t i = 0; i < p->n; i++)
        if (has_hazard(&p->stmts[i], HAZARD_ENUM_VALUE_IN_TRANSACTION) ||
            (!strncmp(p->stmts[i].sql, "ALTER TYPE ", 11) && strstr(p->stmts[i].sql, " ADD VALUE ")))
            split_phase = p->stmts[i].phase;
    size_t split_after = p->n;
    for (size_t i = 0; i < p->n; i++)
        if (p->stmts[i].phase == split_phase)
            split_after = i;
    if (p->n == 0)
        revision_write_marker(out, dir, true);
    for (size_t i = 0; i < p->n; i++) {
        const plan_stmt *s = &p->stmts[i];
        bool new_section = i == 0 || s->transactional != p->stmts[i - 1].transactional ||
                           (i > 0 && i - 1 == split_after && s->transactional);
        if (new_section) {
            if (i > 0 && i - 1 == split_after && s->transactional)
                buf_puts(out, "-- the enum values added above commit before the statements "
                              "below use them\n");
            revision_write_marker(out, dir, s->transactional);
        }
        for (size_t j = 0; j < s->nhazards; j++)
            buf_printf(out, "-- hazard: %s: %s\n", plan_hazard_name(s->hazards[j].code),
                       s->hazards[j].message);
        buf_printf(out, "%s\n", s->sql);
    }
}

static void print_hazards(const plan *p, FILE *out)
{
    for (size_t i = 0; i < p->n; i++)
        for (size_t j = 0; j < p->stmts[i].nhazards; j++) {
            const plan_hazard *hz = &p->stmts[i].hazards[j];
            fprintf(out, "  hazard: %s: %s\n", plan_hazard_name(hz->code), hz->message);
        }
}

int migrate_new(int argc, char **argv)
{
    const migrate_command *cmd = migrate_find("new");
    migrate_args args;
    int parsed = migrate_parse(cmd, argc, argv, &args);
    if (parsed)
        return migrate_parse_exit(parsed);
    if ((!args.check && (!args.message || !*args.message)) || !args.npositional ||
        (args.check && (args.message || args.empty))) {
        migrate_args_free(&args);
        char usage[512];
        snprintf(usage, sizeof usage, "schemac migrate %s", cmd->usage);
        return cli_usage_error(usage, !args.npositional ? "no schema files given"
                                      : args.check ? "--check writes nothing: it takes no -m or "
                                                     "--empty"
                                                   : "a message is required (-m \"...\")");
    }

    diag d;
    diag_init(&d);
    load_set set = {0};
    history h;
    bool have_history = false;
    ir_schema *yaml = NULL, *snapshot = NULL, *empty = NULL;
    diff_result up_diff = {0}, down_diff = {0};
    plan up = {0}, down = {0};
    bool planned = false;
    buf text = BUF_INIT, snap_text = BUF_INIT, sum_text = BUF_INIT;
    arena a = ARENA_INIT;
    int rc = EXIT_INVALID;
    cli_live l;
    memset(&l, 0, sizeof l);

    yaml = cli_load_one_schema(args.positional, (size_t)args.npositional, false, &set, &d);
    if (!yaml)
        goto done;
    if (history_load(&h, args.dir, HISTORY_VERIFY_SUM | HISTORY_MISSING_OK, &d) < 0) {
        have_history = true;
        goto done;
    }
    have_history = true;
    int err;
    snapshot = history_load_snapshot(&h, &err, &d);
    if (err < 0)
        goto done;
    const ir_schema *from = snapshot;
    if (!snapshot) {
        empty = ir_schema_new();
        empty->name = yaml->name;
        empty->version = 1;
        from = empty;
    } else if (strcmp(snapshot->name, yaml->name) != 0) {
        diag_error(&d, (src_pos){history_path(&h, HISTORY_SNAPSHOT_FILE), 0, 0},
                   "pass the files of the schema these migrations are for, or use another --dir",
                   "the schema files are for schema %s, but the migrations in %s are for %s",
                   yaml->name, args.dir, snapshot->name);
        goto done;
    }

    const ir_schema *snapshot_from = from; /* what an empty revision leaves */
    const ir_schema *target = yaml;
    if (args.db.conninfo) {
        /* The files once more, to be normalised against the database: the
         * snapshot is written from them as they are. */
        if (cli_live_open(&l, args.positional, (size_t)args.npositional, args.db.conninfo, NULL,
                          0, &d) < 0 ||
            (snapshot && drift_normalize(&l.db, &l.sides, snapshot, &d) < 0))
            goto done;
        diff_result drift = {0};
        if (snapshot && diff_schemas(snapshot, l.sides.live.schema, false, &drift, &d) == 0 &&
            drift.n) {
            printf("note: the database differs from the snapshot at revision %s in %zu place%s; "
                   "the revision starts from the database:\n",
                   history_head(&h) ? history_head(&h)->id : "none", drift.n,
                   drift.n == 1 ? "" : "s");
            drift_write_report(&drift, stdout);
        }
        if (snapshot)
            diff_free(&drift);
        from = l.sides.live.schema;
        target = l.model;
    }

    plan_options opts = PLAN_OPTIONS_INIT;
    opts.concurrent_indexes = args.concurrent_indexes;
    opts.create_roles = args.create_roles;
    planned = true;
    /* What views read, from the server; both sides alike. */
    if (cli_find_dependencies((ir_schema *[]){(ir_schema *)from, (ir_schema *)target}, 2,
                              args.db.conninfo, &d) < 0)
        goto done;
    if (diff_schemas(from, target, false, &up_diff, &d) < 0 ||
        diff_schemas(target, from, true, &down_diff, &d) < 0)
        goto done;
    if (up_diff.n == 0 && !args.empty) {
        if (args.db.conninfo)
            printf("no changes: the schema files match the database\n");
        else
            printf("no changes: the schema files match the snapshot at revision %s\n",
                   history_head(&h) ? history_head(&h)->id : "none");
        rc = EXIT_OK;
        goto done;
    }
    if (args.check) {
        /* What `migrate new` would write, as an error: CI fails until a
         * revision holds the change. */
        plan_build(&up, &up_diff, &opts);
        diag_error(&d, (src_pos){0},
                   "write a revision for them: schemac migrate new -m MESSAGE ...",
                   "the schema files have changes that no revision in %s holds (%zu statement%s)",
                   args.dir, up.n, up.n == 1 ? "" : "s");
        for (size_t i = 0; i < up.n; i++)
            diag_note(&d, (src_pos){0}, "%s", up.stmts[i].sql);
        goto done;
    }
    if (!args.empty) {
        plan_build(&up, &up_diff, &opts);
        plan_build(&down, &down_diff, &opts);
    }
    if (plan_is_destructive(&up) && !args.allow_destructive && !args.empty) {
        diag_error(&d, (src_pos){0},
                   "review the changes; pass --allow-destructive to write the revision anyway",
                   "refusing to write a revision that destroys data; nothing was written");
        for (size_t i = 0; i < up.n; i++)
            for (size_t j = 0; j < up.stmts[i].nhazards; j++) {
                const plan_hazard *hz = &up.stmts[i].hazards[j];
                if (plan_hazard_is_destructive(hz->code))
                    diag_note(&d, (src_pos){0}, "hazard: %s: %s", plan_hazard_name(hz->code),
                              hz->message);
            }
        goto done;
    }

    const char **ids = arena_alloc(&a, (h.n + 1) * sizeof *ids);
    for (size_t i = 0; i < h.n; i++)
        ids[i] = h.revs[i]->id;
    time_t now;
    if (revision_clock(&now, &d) < 0)
        goto done;
    const char *id = revision_new_id(&a, now, args.message, ids, h.n);
    if (!id) {
        diag_error(&d, (src_pos){0}, "wait until tomorrow (UTC)",
                   "today already has 9999 revisions");
        goto done;
    }
    const revision *head = history_head(&h);
    revision_write_header(&text, id, head ? head->id : NULL, args.message);
    buf_putc(&text, '\n');
    if (args.empty) {
        buf_puts(&text, "-- +up\n-- write the statements that apply the revision here\n\n"
                        "-- +down\n-- write the statements that revert it here\n");
    } else {
        write_sections(&text, &up, REVISION_UP);
        buf_putc(&text, '\n');
        write_sections(&text, &down, REVISION_DOWN);
    }

    /* The revision must read back as written: parse it before writing. */
    const char *path = history_path(&h, arena_printf(&a, "%s.sql", id));
    revision rev;
    if (revision_parse(&a, path, text.data, text.len, &rev, &d) < 0) {
        diag_note(&d, (src_pos){0}, "this is a bug in schemac: the revision it made does not "
                                    "parse; nothing was written");
        goto done;
    }
    struct stat st;
    if (stat(path, &st) == 0) {
        diag_error(&d, (src_pos){path, 0, 0}, "remove it, or use another message",
                   "revision file already exists");
        goto done;
    }
    /* An empty revision changes nothing yet: the snapshot stays as it was. */
    history_format_snapshot(args.empty ? snapshot_from : yaml, id, &snap_text);
    history_format_sum(&h, &rev, &sum_text);

    /* The revision first; the snapshot and the sum last, so a failure never
     * leaves a sum naming a file that is not there. */
    if (make_dirs(args.dir, &d) < 0 ||
        output_write_atomic(path, text.data, text.len, &d) < 0 ||
        output_write_atomic(history_path(&h, HISTORY_SNAPSHOT_FILE), snap_text.data,
                            snap_text.len, &d) < 0 ||
        output_write_atomic(history_path(&h, HISTORY_SUM_FILE), sum_text.data, sum_text.len,
                            &d) < 0)
        goto done;
    printf("created %s\n", path);
    print_hazards(&up, stdout);
    if (args.empty)
        printf("fill in its sections, then run `schemac migrate hash --dir %s`\n", args.dir);
    rc = EXIT_OK;
done:
    cli_render(&d);
    if (planned) {
        plan_free(&up);
        plan_free(&down);
        diff_free(&up_diff);
        diff_free(&down_diff);
    }
    buf_free(&text);
    buf_free(&snap_text);
    buf_free(&sum_text);
    ir_schema_free(snapshot);
    ir_schema_free(empty);
    if (have_history)
        history_free(&h);
    load_set_free(&set);
    cli_live_close(&l);
    arena_free(&a);
    diag_free(&d);
    migrate_args_free(&args);
    return rc;
}

int migrate_hash(int argc, char **argv)
{
    migrate_args args;
    int parsed = migrate_parse(migrate_find("hash"), argc, argv, &args);
    if (parsed)
        return migrate_parse_exit(parsed);
    diag d;
    diag_init(&d);
    history h;
    int rc = EXIT_INVALID;
    buf sum = BUF_INIT;
    if (history_load(&h, args.dir, HISTORY_NO_CHAIN, &d) == 0) {
        history_format_sum(&h, NULL, &sum);
        bool changed;
        if (output_write_if_changed(history_path(&h, HISTORY_SUM_FILE), sum.data, sum.len,
                                    &changed, &d) == 0) {
            printf("%s %s: %zu revision%s\n", changed ? "wrote" : "unchanged",
                   history_path(&h, HISTORY_SUM_FILE), h.n, h.n == 1 ? "" : "s");
            rc = EXIT_OK;
        }
    }
    cli_render(&d);
    history_free(&h);
    buf_free(&sum);
    diag_free(&d);
    migrate_args_free(&args);
    return rc;
}
