/* cmd_generate: `schemac generate -o DIR [--templates DIR] [--depfile FILE]
 * PATHS...` writes, for each schema, the C API rendered from templates
 * (DIR/NAME.h, which includes everything; DIR/NAME.c; DIR/NAME_base.h, the
 * status codes, handle and enums; and per schema file FILE.yaml the header
 * and source of its tables, DIR/NAME.FILE.h and .c) and DIR/NAME.sql (the
 * script that creates the schema), and once DIR/schemac_runtime.h and .c,
 * which every schema's code shares (their bytes do not depend on the
 * schemas). Every check that can fail on the schema is made before
 * anything is rendered; then one file at a time is rendered from the
 * context of what it holds (a schema file's tables), staged to a temporary
 * file and dropped, and the temporaries are renamed over the outputs only
 * when all are staged: a bad template or schema writes nothing, and memory
 * holds one file's context and text, not the whole output. Files whose
 * content is unchanged are left alone, so builds do not cascade. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "config.h"
#include "context.h"
#include "context_files.h"
#include "cli_queries.h"
#include "query_context.h"
#include "mustache.h"
#include "output.h"
#include "templates.h"

static const char usage[] =
    "schemac generate -o DIR [--templates DIR] [--depfile FILE] [--no-runtime]\n"
    "                 [--queries DIR [--db URL]] PATH...\n"
    "       schemac generate -o DIR [--templates DIR] --runtime-only";

static const char help_text[] =
    "\n"
    "Writes the C API of each schema (DIR/NAME.h, which includes the rest;\n"
    "DIR/NAME.c; DIR/NAME_base.h; per schema file STEM.yaml DIR/NAME.STEM.h and\n"
    "DIR/NAME.STEM.c with its tables), the SQL that creates the schema\n"
    "(DIR/NAME.sql) and the runtime the code of every schema shares\n"
    "(DIR/schemac_runtime.h, DIR/schemac_runtime.c: the same bytes whatever the\n"
    "schema; a program compiles it once). Files whose content would not change\n"
    "are not touched.\n"
    "\n"
    "  -o, --output DIR   where to write (created if missing; required)\n"
    "  --templates DIR    templates that replace the built-in ones of the same\n"
    "                     file name (header.mustache, source.mustache, partials)\n"
    "  --depfile FILE     write a Makefile-style depfile: every output depends on\n"
    "                     every schema file and template read\n"
    "  --no-runtime       do not write schemac_runtime.h and .c (a build that\n"
    "                     generates several schemas makes them once)\n"
    "  --runtime-only     write only schemac_runtime.h and .c (no PATH)\n"
    "  --queries DIR      also the typed queries of DIR/*.sql (one schema only):\n"
    "                     NAME.queries.h and .c in the output directory\n"
    "                     (docs/queries.md); their types come from DIR's cache,\n"
    "                     or when it is stale from a server, rewriting the cache\n"
    "  --db URL           the server that describes the queries (default: a\n"
    "                     throwaway one schemac starts)\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 written (or already up to date), 1 invalid schema or\n"
    "template, or a file could not be written, 2 bad usage.\n";

/* The built-in templates: the source tree's when this binary runs from
 * its build tree (so edits to templates/ take effect without installing),
 * else the installed ones. */
static const char *builtin_template_dir(void)
{
    char exe[PATH_MAX], root[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0 && realpath(SCHEMAC_BUILD_ROOT, root)) {
        exe[n] = '\0';
        size_t len = strlen(root);
        if (!strncmp(exe, root, len) && exe[len] == '/' &&
            templates_is_dir(SCHEMAC_SOURCE_TEMPLATE_DIR))
            return SCHEMAC_SOURCE_TEMPLATE_DIR;
    }
    if (templates_is_dir(SCHEMAC_TEMPLATE_DIR))
        return SCHEMAC_TEMPLATE_DIR;
    return SCHEMAC_SOURCE_TEMPLATE_DIR;
}

/* mkdir -p */
static int make_dirs(const char *path, diag *d)
{
    char *p = strdup(path);
    int err = 0;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) < 0 && errno != EEXIST) {
            err = diag_error(d, (src_pos){p, 0, 0}, NULL, "cannot create directory: %s",
                             strerror(errno));
            break;
        }
        *s = c;
        if (c == '\0')
            break;
    }
    free(p);
    if (!err && !templates_is_dir(path))
        err = diag_error(d, (src_pos){path, 0, 0}, NULL, "not a directory");
    return err;
}

/* A path in a depfile: spaces, '#' and '\' escaped, '$' doubled. */
static void put_dep_path(buf *b, const char *path)
{
    for (const char *p = path; *p; p++) {
        if (*p == ' ' || *p == '#' || *p == '\\')
            buf_putc(b, '\\');
        else if (*p == '$')
            buf_putc(b, '$');
        buf_putc(b, *p);
    }
}

typedef struct generator {
    arena a;
    diag d;
    templates set;
    mustache_template *header, *base_header, *source, *model_header, *model_source;
    mustache_template *runtime_header, *runtime_source;
    mustache_template *queries_header, *queries_source;
    query_set queries;
    const char *queries_dir;
    const char *cache_path; /* a new description cache to write, or NULL */
    buf cache_text;
    const char **outputs; /* their paths, in the order a build declares them */
    size_t noutputs, cap_outputs;
    output_batch staged;
    buf text; /* the file being rendered */
} generator;

/* Stages the file rendered into g->text as DIR/NAME and empties g->text. */
static int emit(generator *g, const char *dir, const char *name)
{
    g->outputs = arena_grow(&g->a, g->outputs, sizeof *g->outputs, &g->cap_outputs,
                            g->noutputs + 1);
    const char *path = g->outputs[g->noutputs++] = arena_printf(&g->a, "%s/%s", dir, name);
    bool changed;
    int err = output_stage(&g->staged, path, buf_cstr(&g->text), g->text.len, &changed, &g->d);
    buf_clear(&g->text);
    return err;
}

/* Renders t into g->text and stages it as DIR/NAME. */
static int render(generator *g, const mustache_template *t, const tree *context, const char *dir,
                  const char *name)
{
    mustache_render_opts opts = MUSTACHE_RENDER_OPTS_INIT;
    opts.escape = MUSTACHE_ESCAPE_NONE;
    opts.partials = g->set.partials;
    size_t warnings = g->d.warnings;
    if (mustache_render(&g->text, t, context, &opts, &g->d) < 0)
        return -1;
    if (g->d.warnings > warnings)
        return diag_error(&g->d, (src_pos){mustache_name(t), 0, 0},
                          "generated code must not depend on a missing partial",
                          "generate treats template warnings as errors");
    return emit(g, dir, name);
}

/* NAME.sql. Views, functions and triggers are not generated yet
 * (docs/c-api.md): it is the tables' script, made without a server. */
static int create_script(generator *g, const ir_schema *s, const char *dir)
{
    ir_schema tables_only = *s;
    tables_only.nviews = tables_only.nfunctions = tables_only.ntriggers = 0;
    if (cli_create_script(&tables_only, NULL, &g->text, &g->d) < 0)
        return -1;
    return emit(g, dir, arena_printf(&g->a, "%s.sql", s->name));
}

/* The schema's files. Its context was prepared (and so checked) before
 * anything was staged; each schema file's tables are made into `scratch`
 * for its two files, and dropped. */
static int generate_schema(generator *g, context_schema *cs, const ir_schema *s, const char *dir)
{
    tree *context = context_root(cs);
    tree *no_tables = tree_map_get(context, "tables");
    /* In the order a build declares them: NAME.h, NAME.c and NAME.sql
     * first, as before the split. */
    if (render(g, g->header, context, dir, arena_printf(&g->a, "%s.h", s->name)) < 0 ||
        render(g, g->source, context, dir, arena_printf(&g->a, "%s.c", s->name)) < 0 ||
        create_script(g, s, dir) < 0 ||
        render(g, g->base_header, context, dir, arena_printf(&g->a, "%s_base.h", s->name)) < 0)
        return -1;
    /* Per schema file: its tables' header and source, rendered with the
     * file's entry of model_files as `model`, and its tables as the root's
     * `tables` too. */
    tree *files = tree_map_get(context, "model_files");
    arena scratch = ARENA_INIT;
    int err = 0;
    for (size_t i = 0; i < tree_len(files) && !err; i++) {
        tree *model = tree_list_at(files, i);
        tree *tables = context_model_tables(cs, &scratch, model);
        tree_map_set(model, "tables", tables);
        tree_map_set(context, "tables", tables);
        tree_map_set(context, "model", model);
        err = render(g, g->model_header, context, dir,
                     tree_string(tree_map_get(model, "header_file"))) < 0 ||
              render(g, g->model_source, context, dir,
                     tree_string(tree_map_get(model, "source_file"))) < 0;
        /* Nothing may point into scratch once it is reset. */
        tree_map_set(model, "tables", no_tables);
        tree_map_set(context, "tables", no_tables);
        arena_reset(&scratch);
    }
    arena_free(&scratch);
    return err ? -1 : 0;
}

/* NAME.queries.h and .c: the typed queries of schema s, described. */
static int generate_queries(generator *g, const ir_schema *s, const char *queries_dir,
                            const char *db, const char *dir)
{
    g->queries_dir = queries_dir;
    if (cli_describe_queries(s, queries_dir, db, &g->queries, &g->a, &g->cache_path,
                             &g->cache_text, &g->d) < 0)
        return -1;
    tree *context = query_context(&g->a, s, &g->queries, SCHEMAC_VERSION, &g->d);
    if (!context)
        return -1;
    if (render(g, g->queries_header, context, dir, arena_printf(&g->a, "%s.queries.h", s->name)) <
        0)
        return -1;
    return render(g, g->queries_source, context, dir,
                  arena_printf(&g->a, "%s.queries.c", s->name));
}

/* schemac_runtime.h and .c: rendered without a schema, so the same for all. */
static int generate_runtime(generator *g, const char *dir)
{
    tree *context = tree_new_map(&g->a);
    tree_map_set(context, "schemac_version", tree_new_string(&g->a, SCHEMAC_VERSION));
    if (render(g, g->runtime_header, context, dir, "schemac_runtime.h") < 0)
        return -1;
    return render(g, g->runtime_source, context, dir, "schemac_runtime.c");
}

static void write_depfile(generator *g, buf *b, const load_set *set, char *const *paths,
                          size_t npaths, const char *user_templates)
{
    for (size_t i = 0; i < g->noutputs; i++) {
        if (i)
            buf_putc(b, ' ');
        put_dep_path(b, g->outputs[i]);
    }
    buf_putc(b, ':');
    /* Directories too: a file added to one must rerun generate. */
    for (size_t i = 0; i < npaths; i++)
        if (templates_is_dir(paths[i])) {
            buf_puts(b, " \\\n  ");
            put_dep_path(b, paths[i]);
        }
    for (size_t i = 0; i < set->n; i++)
        for (size_t j = 0; j < set->schemas[i]->nfiles; j++) {
            buf_puts(b, " \\\n  ");
            put_dep_path(b, set->schemas[i]->files[j]);
        }
    /* The queries, their directory (a file added) and the models. */
    if (g->queries_dir) {
        buf_puts(b, " \\\n  ");
        put_dep_path(b, g->queries_dir);
    }
    for (size_t i = 0; i < g->queries.nfiles; i++) {
        buf_puts(b, " \\\n  ");
        put_dep_path(b, g->queries.files[i]);
    }
    if (user_templates) {
        buf_puts(b, " \\\n  ");
        put_dep_path(b, user_templates);
    }
    for (size_t i = 0; i < g->set.nfiles; i++) {
        buf_puts(b, " \\\n  ");
        put_dep_path(b, g->set.files[i]);
    }
    buf_putc(b, '\n');
}

int cmd_generate(int argc, char **argv)
{
    const char *out_dir = NULL, *user_templates = NULL, *depfile = NULL;
    const char *queries_dir = NULL, *db = NULL;
    bool runtime = true, runtime_only = false;
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        const char *arg = argv[first];
        const char **target = NULL;
        if (cli_is_help(arg)) {
            printf("usage: %s\n%s", usage, help_text);
            return EXIT_OK;
        }
        if (!strcmp(arg, "--")) {
            first++;
            break;
        }
        if (!strcmp(arg, "-o") || !strcmp(arg, "--output"))
            target = &out_dir;
        else if (!strcmp(arg, "--templates"))
            target = &user_templates;
        else if (!strcmp(arg, "--depfile"))
            target = &depfile;
        else if (!strcmp(arg, "--queries"))
            target = &queries_dir;
        else if (!strcmp(arg, "--db"))
            target = &db;
        else if (!strcmp(arg, "--no-runtime"))
            runtime = false;
        else if (!strcmp(arg, "--runtime-only"))
            runtime_only = true;
        else if (!strncmp(arg, "--output=", 9))
            out_dir = arg + 9;
        else if (!strncmp(arg, "--templates=", 12))
            user_templates = arg + 12;
        else if (!strncmp(arg, "--depfile=", 10))
            depfile = arg + 10;
        else
            return cli_usage_error(usage, "unknown option '%s'", arg);
        if (target) {
            if (first + 1 >= argc)
                return cli_usage_error(usage, "%s needs a value", arg);
            *target = argv[++first];
        }
    }
    if (!out_dir)
        return cli_usage_error(usage, "missing -o DIR");
    if (runtime_only && !runtime)
        return cli_usage_error(usage, "--runtime-only and --no-runtime exclude each other");
    if (runtime_only && first < argc)
        return cli_usage_error(usage, "--runtime-only takes no schema files");
    if (first == argc && !runtime_only)
        return cli_usage_error(usage, "no schema files given");
    if (db && !queries_dir)
        return cli_usage_error(usage, "--db is for --queries");
    if (user_templates && !templates_is_dir(user_templates))
        return cli_usage_error(usage, "--templates %s is not a directory", user_templates);

    generator g = {.a = ARENA_INIT, .staged = OUTPUT_BATCH_INIT, .text = BUF_INIT};
    bool created_dir = false;
    diag_init(&g.d);
    load_set set = {0};
    int rc = EXIT_INVALID;
    char *const *paths = argv + first;
    size_t npaths = (size_t)(argc - first);
    if (!runtime_only && cli_load_schemas(paths, npaths, &set, &g.d) < 0)
        goto done;

    const char *builtin = arena_printf(&g.a, "%s/c", builtin_template_dir());
    const char *dirs[2];
    size_t ndirs = 0;
    if (user_templates)
        dirs[ndirs++] = user_templates;
    dirs[ndirs++] = builtin;
    templates_init(&g.set, &g.a, &g.d, dirs, ndirs);
    /* All are compiled, so one run reports the errors of all. */
    g.header = templates_compile(&g.set, "header");
    g.base_header = templates_compile(&g.set, "base_header");
    g.source = templates_compile(&g.set, "source");
    g.model_header = templates_compile(&g.set, "model_header");
    g.model_source = templates_compile(&g.set, "model_source");
    g.runtime_header = templates_compile(&g.set, "runtime_header");
    g.runtime_source = templates_compile(&g.set, "runtime_source");
    if (queries_dir) {
        g.queries_header = templates_compile(&g.set, "queries_header");
        g.queries_source = templates_compile(&g.set, "queries_source");
        if (!g.queries_header || !g.queries_source)
            goto done;
    }
    if (!g.header || !g.base_header || !g.source || !g.model_header || !g.model_source ||
        !g.runtime_header || !g.runtime_source)
        goto done;

    if (queries_dir && set.n != 1) {
        diag_error(&g.d, (src_pos){queries_dir, 0, 0}, "generate one schema at a time with --queries",
                   "--queries needs exactly one schema");
        goto done;
    }
    /* Every schema checked before anything is staged. */
    context_schema **contexts = arena_alloc(&g.a, (set.n ? set.n : 1) * sizeof *contexts);
    for (size_t i = 0; i < set.n; i++)
        if (!(contexts[i] = context_prepare(&g.a, set.schemas[i], SCHEMAC_VERSION, &g.d)))
            goto done;
    if (diag_has_errors(&g.d))
        goto done;

    created_dir = !templates_is_dir(out_dir);
    if (make_dirs(out_dir, &g.d) < 0)
        goto done;
    for (size_t i = 0; i < set.n; i++)
        if (generate_schema(&g, contexts[i], set.schemas[i], out_dir) < 0)
            goto done;
    if (queries_dir && generate_queries(&g, set.schemas[0], queries_dir, db, out_dir) < 0)
        goto done;
    if (runtime && generate_runtime(&g, out_dir) < 0)
        goto done;
    if (diag_has_errors(&g.d))
        goto done;
    /* The cache last: it is not a build output (not in the depfile). */
    bool changed;
    if (g.cache_path && output_stage(&g.staged, g.cache_path, buf_cstr(&g.cache_text),
                                     g.cache_text.len, &changed, &g.d) < 0)
        goto done;
    if (depfile) {
        write_depfile(&g, &g.text, &set, paths, npaths, user_templates);
        if (output_stage(&g.staged, depfile, buf_cstr(&g.text), g.text.len, &changed, &g.d) < 0)
            goto done;
    }
    /* Everything staged: now replace. */
    if (output_commit(&g.staged, &g.d) < 0)
        goto done;
    rc = EXIT_OK;
done:
    if (rc != EXIT_OK) {
        output_abort(&g.staged);
        if (created_dir)
            rmdir(out_dir); /* left alone unless empty */
    }
    cli_render(&g.d);
    buf_free(&g.text);
    buf_free(&g.cache_text);
    load_set_free(&set);
    diag_free(&g.d);
    arena_free(&g.a);
    return rc;
}
