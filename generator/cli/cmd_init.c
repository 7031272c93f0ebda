/* cmd_init: `schemac init DIR` writes a starter meson project: a model in
 * models/, a meson.build that runs `schemac generate` at build time (with a
 * depfile, so ninja reruns it when a schema or template changes), a
 * src/main.c that uses the generated API, a queries/ directory for typed
 * queries (with a README saying how), and a README. It never
 * overwrites: if any of its files exists, it writes none. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cli.h"
#include "commands.h"
#include "output.h"
#include "validate.h"

static const char usage[] = "schemac init [--name NAME] DIR";

/* The files, from generator/init/ (embedded by embed.py), with @NAME@
 * standing for the project and schema name (@NAME_UPPER@ in capitals). */
typedef struct embedded_file {
    const char *path; /* in the new project */
    const char *text;
    size_t len;
} embedded_file;

#include "init_files.h"

enum { NFILES = sizeof init_files / sizeof *init_files, MODEL = 2 };

/* A C identifier from the directory's last component: "my-app" → "my_app". */
static const char *name_from_dir(arena *a, const char *dir)
{
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    size_t start = len;
    while (start && dir[start - 1] != '/')
        start--;
    char *name = arena_alloc(a, len - start + 2);
    size_t n = 0;
    if (start < len && isdigit((unsigned char)dir[start]))
        name[n++] = '_';
    for (size_t i = start; i < len; i++) {
        unsigned char c = (unsigned char)dir[i];
        name[n++] = isalnum(c) && c < 128 ? (char)tolower(c) : '_';
    }
    name[n] = '\0';
    return n && strcmp(name, ".") ? name : "app";
}

/* Copies text, replacing @NAME@ with name and @NAME_UPPER@ with its
 * upper-case form (the prefix of the generated macros). */
static void expand(buf *out, const char *text, const char *name)
{
    static const char placeholder[] = "@NAME", upper_suffix[] = "_UPPER@";
    for (const char *p; (p = strstr(text, placeholder)); ) {
        buf_add(out, text, (size_t)(p - text));
        p += sizeof placeholder - 1;
        if (*p == '@') {
            buf_puts(out, name);
            text = p + 1;
        } else if (!strncmp(p, upper_suffix, sizeof upper_suffix - 1)) {
            for (const char *c = name; *c; c++)
                buf_putc(out, (char)toupper((unsigned char)*c));
            text = p + sizeof upper_suffix - 1;
        } else {
            buf_puts(out, placeholder);
            text = p;
        }
    }
    buf_puts(out, text);
}

int cmd_init(int argc, char **argv)
{
    const char *dir = NULL, *name = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            printf("usage: %s\n\nWrites a starter meson project into DIR (created if missing):\n"
                   "  meson.build        runs schemac generate at build time, with a depfile\n"
                   "  meson_options.txt  -Dschemac=PATH picks the schemac to run\n"
                   "  models/notes.yaml  a first model\n"
                   "  src/main.c         a program using the generated API\n"
                   "  README.md, .gitignore\n\n"
                   "  --name NAME   the project and schema name (default: DIR's last\n"
                   "                component, made a C identifier)\n\n"
                   "Nothing is overwritten: if any of these files exists, none is written.\n",
                   usage);
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "--name")) {
            if (i + 1 == argc)
                return cli_usage_error(usage, "--name needs a value");
            name = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error(usage, "unknown option '%s'", argv[i]);
        } else if (!dir) {
            dir = argv[i];
        } else {
            return cli_usage_error(usage, "one directory only");
        }
    }
    if (!dir)
        return cli_usage_error(usage, "no directory given");

    diag d;
    diag_init(&d);
    arena a = ARENA_INIT;
    buf texts[NFILES] = {BUF_INIT};
    const char *paths[NFILES];
    ir_schema *s = NULL;
    int rc = EXIT_INVALID;
    if (!name)
        name = name_from_dir(&a, dir);

    for (size_t i = 0; i < NFILES; i++) {
        paths[i] = arena_printf(&a, "%s/%s", dir, init_files[i].path);
        expand(&texts[i], init_files[i].text, name);
        struct stat st;
        if (lstat(paths[i], &st) == 0)
            diag_error(&d, (src_pos){paths[i], 0, 0}, NULL, "already exists; not overwritten");
    }
    if (diag_has_errors(&d)) {
        diag_note(&d, (src_pos){0}, "nothing was written; init needs a directory without these files");
        goto done;
    }
    /* The model must be valid under this name before anything is written. */
    const buf *model = &texts[MODEL];
    diag_add_source(&d, paths[MODEL], model->data, model->len);
    s = load_text(NULL, paths[MODEL], model->data, model->len, &d);
    if (!s || diag_has_errors(&d) || validate_schema(s, &d) < 0) {
        diag_note(&d, (src_pos){0}, "nothing was written; choose a valid name with --name");
        goto done;
    }

    if (output_make_dirs(arena_printf(&a, "%s/models", dir), &d) < 0 ||
        output_make_dirs(arena_printf(&a, "%s/src", dir), &d) < 0 ||
        output_make_dirs(arena_printf(&a, "%s/queries", dir), &d) < 0)
        goto done;
    for (size_t i = 0; i < NFILES; i++)
        if (output_write_new(paths[i], texts[i].data, texts[i].len, &d) < 0)
            goto done;
    /* The steps of README.md's "A first project" (tests/pg/starter_project.sh
     * runs both). */
    printf("created %s: a meson project for schema %s\n\n"
           "  cd %s\n"
           "  meson setup build          # -Dschemac=/path/to/schemac if it is not on PATH\n"
           "  ninja -C build\n"
           "  createdb %s\n"
           "  schemac migrate new -m \"create the tables\" models/\n"
           "  export DATABASE_URL=postgresql:///%s\n"
           "  schemac migrate up\n"
           "  ./build/%s\n",
           dir, name, dir, name, name, name);
    rc = EXIT_OK;
done:
    cli_render(&d);
    if (s)
        ir_schema_free(s);
    for (size_t i = 0; i < NFILES; i++)
        buf_free(&texts[i]);
    arena_free(&a);
    diag_free(&d);
    return rc;
}
