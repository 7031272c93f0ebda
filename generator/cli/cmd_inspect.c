/* cmd_inspect: `schemac inspect --db URL [--schema NAME]... -o DIR` writes
 * the schema of a live database as canonical YAML: one file per table
 * (TABLE.yaml), enums.yaml for the enums, types.yaml for the extensions and
 * domains, views.yaml, functions.yaml for the functions and triggers, and
 * access.yaml for the roles and the grants on every table. What the language cannot
 * express is named in a warning on stderr; nothing is written when the
 * result would not validate. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "emit.h"
#include "validate.h"
#include "inspect.h"
#include "ir_objects.h"
#include "output.h"

static const char usage[] = "schemac inspect --db URL [--schema NAME]... [--name NAME] -o DIR";

/* A file name for a table: its name with anything but letters, digits,
 * '_', '-' and '.' as '_', unique in the directory even where case does
 * not count. */
static const char *file_for(arena *a, strmap *taken, const char *dir, const char *name)
{
    char *base = arena_strdup(a, name);
    for (char *p = base; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' && *p != '.')
            *p = '_';
    if (base[0] == '.')
        base[0] = '_';
    for (int n = 1;; n++) {
        const char *candidate = n == 1 ? base : arena_printf(a, "%s_%d", base, n);
        char *lower = arena_strdup(a, candidate);
        for (char *p = lower; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        if (!strmap_put(taken, lower, (void *)candidate))
            return arena_printf(a, "%s/%s.yaml", dir, candidate);
    }
}

/* The file of a namespace's enums or domains ("billing.enums.yaml"),
 * made once per namespace and kind and listed in more. */
static const char *namespace_file(arena *a, strmap *taken, strmap *made, const char *dir,
                                  const char *ns, const char *kind, const char **more,
                                  size_t *nmore)
{
    const char *key = arena_printf(a, "%s.%s", ns, kind);
    const char *f = strmap_get(made, key);
    if (!f) {
        f = file_for(a, taken, dir, key);
        strmap_put(made, key, (void *)f);
        more[(*nmore)++] = f;
    }
    return f;
}

/* Schema files in dir that this run would not overwrite: loading the
 * directory later would mix them in. */
/* A database may have names whose C identifiers clash (tables `item` and
 * `item_list`): the files are written, and each clash named once. */
static void warn_c_clashes(ir_schema *s, diag *d)
{
    diag clashes;
    diag_init(&clashes);
    validate_c_names(s, &clashes);
    for (size_t i = 0; i < clashes.count; i++)
        if (clashes.entries[i].severity == DIAG_ERROR)
            diag_warning(d, (src_pos){0}, NULL, "%s: `generate` refuses it until one is renamed",
                         clashes.entries[i].message);
    diag_free(&clashes);
}

static int check_directory(const char *dir, const strmap *written, arena *a, diag *d)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    int err = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t n = strlen(e->d_name);
        bool yaml = (n > 5 && !strcmp(e->d_name + n - 5, ".yaml")) ||
                    (n > 4 && !strcmp(e->d_name + n - 4, ".yml"));
        const char *path = arena_printf(a, "%s/%s", dir, e->d_name);
        if (yaml && e->d_name[0] != '.' && !strmap_get(written, path))
            err = diag_error(d, (src_pos){path, 0, 0},
                             "inspect into an empty directory, or remove the old files",
                             "schema file from elsewhere in the output directory");
    }
    closedir(dp);
    return err;
}

int cmd_inspect(int argc, char **argv)
{
    const char *db_url = NULL, *dir = NULL;
    inspect_options opts = INSPECT_OPTIONS_INIT;
    opts.literal_defaults = true;
    const char **schemas = calloc((size_t)argc, sizeof *schemas);
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            printf("usage: %s\n\nWrites the schema of a live database as canonical YAML: one "
                   "file per table,\nenums.yaml, types.yaml (extensions, domains), views.yaml, "
                   "functions.yaml\n(functions, triggers) and access.yaml. Objects the schema "
                   "language cannot\nexpress are named in warnings on stderr.\n\n"
                   "  --db URL       the database (conninfo or URL; default DATABASE_URL)\n"
                   "  --schema NAME  a PostgreSQL schema to read (repeatable; default public)\n"
                   "  --name NAME    the schema's `name` (default: from its updated_at trigger\n"
                   "                 function, else the database's name)\n"
                   "  -o DIR         the directory to write\n\n"
                   "Exit status: 0 written (warnings or not); 1 database or validation error; "
                   "2 usage.\n",
                   usage);
            free(schemas);
            return EXIT_OK;
        }
        bool more = i + 1 < argc;
        if (!strcmp(argv[i], "--db") && more)
            db_url = argv[++i];
        else if (!strcmp(argv[i], "--schema") && more)
            schemas[opts.nschemas++] = argv[++i];
        else if (!strcmp(argv[i], "--name") && more)
            opts.name = argv[++i];
        else if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && more)
            dir = argv[++i];
        else {
            free(schemas);
            return cli_usage_error(usage, "unexpected argument '%s'", argv[i]);
        }
    }
    opts.schemas = schemas;
    if (!dir) {
        free(schemas);
        return cli_usage_error(usage, "-o DIR is required");
    }
    diag d;
    diag_init(&d);
    live_db db;
    inspect_result res = {0};
    int rc = EXIT_USAGE;
    arena a = ARENA_INIT;
    buf text = BUF_INIT;
    if (live_connect(&db, db_url, &d) < 0)
        goto done;
    rc = EXIT_INVALID;
    if (inspect_database(&db, &opts, &res, &d) < 0)
        goto done;
    ir_schema *s = res.schema;
    /* Each object's file, then every file at once. */
    strmap taken, written;
    strmap_init(&taken, &a);
    strmap_init(&written, &a);
    strmap_put(&taken, "enums", "enums");
    strmap_put(&taken, "access", "access");
    strmap_put(&taken, "types", "types");
    strmap_put(&taken, "views", "views");
    strmap_put(&taken, "functions", "functions");
    const char *enums_file = arena_printf(&a, "%s/enums.yaml", dir);
    const char *access_file = arena_printf(&a, "%s/access.yaml", dir);
    const char *types_file = arena_printf(&a, "%s/types.yaml", dir);
    const char *views_file = arena_printf(&a, "%s/views.yaml", dir);
    const char *functions_file = arena_printf(&a, "%s/functions.yaml", dir);
    for (size_t i = 0; i < s->nextensions; i++)
        s->extensions[i]->pos.file = types_file;
    /* Enums and domains outside public: a file per namespace and kind
     * (billing.enums.yaml), since two namespaces may use one name. */
    strmap ns_files;
    strmap_init(&ns_files, &a);
    const char **more = arena_alloc(&a, (2 * (s->nenums + s->ndomains) + 1) * sizeof *more);
    size_t nmore = 0;
    for (size_t i = 0; i < s->ndomains; i++)
        s->domains[i]->pos.file =
            s->domains[i]->namespace
                ? namespace_file(&a, &taken, &ns_files, dir, s->domains[i]->namespace, "types",
                                 more, &nmore)
                : types_file;
    for (size_t i = 0; i < s->nviews; i++)
        s->views[i]->pos.file = views_file;
    for (size_t i = 0; i < s->nfunctions; i++)
        s->functions[i]->pos.file = functions_file;
    for (size_t i = 0; i < s->ntriggers; i++)
        s->triggers[i]->pos.file = functions_file;
    bool public_enums = false;
    for (size_t i = 0; i < s->nenums; i++) {
        public_enums |= !s->enums[i]->namespace;
        s->enums[i]->pos.file = s->enums[i]->namespace
                                    ? namespace_file(&a, &taken, &ns_files, dir,
                                                     s->enums[i]->namespace, "enums", more, &nmore)
                                    : enums_file;
    }
    bool public_types = s->nextensions > 0;
    for (size_t i = 0; i < s->ndomains; i++)
        public_types |= !s->domains[i]->namespace;
    for (size_t i = 0; i < s->nroles; i++)
        s->roles[i]->pos.file = access_file;
    for (size_t i = 0; i < s->ngrants; i++)
        s->grants[i]->pos.file = access_file;
    const char **files = arena_alloc(&a, (s->ntables + nmore + 6) * sizeof *files);
    size_t nfiles = 0;
    if (public_enums)
        files[nfiles++] = enums_file;
    if (public_types)
        files[nfiles++] = types_file;
    for (size_t i = 0; i < nmore; i++)
        files[nfiles++] = more[i];
    if (s->nviews)
        files[nfiles++] = views_file;
    if (s->nfunctions || s->ntriggers)
        files[nfiles++] = functions_file;
    if (s->nroles || s->ngrants)
        files[nfiles++] = access_file;
    for (size_t i = 0; i < nfiles; i++)
        strmap_put(&written, files[i], (void *)files[i]);
    for (size_t i = 0; i < s->ntables; i++) {
        const char *f = file_for(&a, &taken, dir, s->tables[i]->qualified);
        s->tables[i]->pos.file = f;
        strmap_put(&written, f, (void *)f);
        files[nfiles++] = f;
    }
    if (!nfiles) {
        diag_warning(&d, (src_pos){0}, NULL, "the database has no tables or enums to write");
        rc = EXIT_OK;
        goto done;
    }
    if (output_make_dirs(dir, &d) < 0 || check_directory(dir, &written, &a, &d) < 0)
        goto done;
    for (size_t i = 0; i < nfiles; i++) {
        buf_clear(&text);
        emit_schema(s, files[i], &text);
        /* A file inspected again the same is left alone: replacing it costs
         * the file system more than writing it new. */
        if (output_write_unsynced_if_changed(files[i], text.data, text.len, &d) < 0)
            goto done;
    }
    if (output_sync_dir(dir, &d) < 0)
        goto done;
    warn_c_clashes(s, &d);
    fprintf(stderr, "schemac: wrote %zu table%s and %zu enum%s of schema %s to %s (%zu queries)\n",
            s->ntables, s->ntables == 1 ? "" : "s", s->nenums, s->nenums == 1 ? "" : "s", s->name,
            dir, db.queries);
    rc = EXIT_OK;
done:
    cli_render(&d);
    ir_schema_free(res.schema);
    live_close(&db);
    buf_free(&text);
    arena_free(&a);
    diag_free(&d);
    free(schemas);
    return rc;
}
