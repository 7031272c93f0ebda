/* cmd_render: `schemac render TEMPLATE --data DATA.yaml` renders one
 * Mustache template with YAML data to stdout. A tool for template authors;
 * it knows nothing of schemas. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "commands.h"
#include "diag.h"
#include "load.h"
#include "mustache.h"
#include "templates.h"
#include "tree_yaml.h"

static const char usage_text[] =
    "usage: schemac render TEMPLATE --data DATA.yaml [--partials DIR] [--escape html|none]\n"
    "\n"
    "Renders the Mustache template TEMPLATE with the YAML document DATA.yaml\n"
    "as its context and writes the result to standard output.\n"
    "\n"
    "  --data FILE      the context: one YAML document (required)\n"
    "  --partials DIR   {{>name}} reads DIR/name.mustache\n"
    "                   (default: the directory of TEMPLATE)\n"
    "  --escape MODE    html: {{x}} escapes & < > \" (default, as the spec says)\n"
    "                   none: {{x}} writes values as they are\n"
    "  -h, --help       show this help\n"
    "\n"
    "Exit status: 0 rendered, 1 template or data errors, 2 bad usage.\n";

/* Reads the data file and registers it for diagnostics. */
static char *read_data(arena *a, diag *d, const char *path, size_t *len)
{
    char *text = templates_read_file(a, path, len);
    if (!text)
        load_read_failed(d, path, errno);
    else
        diag_add_source(d, path, text, *len);
    return text;
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("schemac render: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nRun 'schemac render --help' for usage.\n", stderr);
    va_end(ap);
    return EXIT_USAGE;
}

/* The value of --name VALUE or --name=VALUE at argv[*i], or NULL when
 * argv[*i] is not that option. */
static const char *option_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

int cmd_render(int argc, char **argv)
{
    const char *template_path = NULL, *data_path = NULL, *partials_dir = NULL;
    mustache_escape escape = MUSTACHE_ESCAPE_HTML;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *v;
        bool missing = false;
        if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
            fputs(usage_text, stdout);
            return EXIT_OK;
        } else if ((v = option_value(argc, argv, &i, "--data", &missing))) {
            data_path = v;
        } else if ((v = option_value(argc, argv, &i, "--partials", &missing))) {
            partials_dir = v;
        } else if ((v = option_value(argc, argv, &i, "--escape", &missing))) {
            if (!strcmp(v, "html"))
                escape = MUSTACHE_ESCAPE_HTML;
            else if (!strcmp(v, "none"))
                escape = MUSTACHE_ESCAPE_NONE;
            else
                return usage_error("--escape must be html or none, not '%s'", v);
        } else if (missing) {
            return usage_error("%s needs a value", arg);
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage_error("unknown option '%s'", arg);
        } else if (template_path) {
            return usage_error("one template at a time; '%s' is a second one", arg);
        } else {
            template_path = arg;
        }
    }
    if (!template_path)
        return usage_error("missing TEMPLATE");
    if (!data_path)
        return usage_error("missing --data DATA.yaml");

    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    buf out = BUF_INIT;
    int status = EXIT_INVALID;
    size_t data_len;
    mustache_template *t = NULL;
    tree *data = NULL;
    templates set;
    const char *dir = partials_dir ? partials_dir : templates_directory_of(&a, template_path);
    templates_init(&set, &a, &d, &dir, 1);
    mustache_render_opts opts = MUSTACHE_RENDER_OPTS_INIT;
    /* Both files are checked, so one run reports the errors of both. */
    t = templates_compile_file(&set, template_path);
    const char *data_text = read_data(&a, &d, data_path, &data_len);
    if (data_text)
        data = tree_yaml_load(&a, data_path, data_text, data_len, &d);
    if (!t || !data)
        goto done;
    opts.escape = escape;
    opts.partials = set.partials;
    if (mustache_render(&out, t, data, &opts, &d) < 0 || diag_has_errors(&d))
        goto done;
    if (fwrite(buf_cstr(&out), 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
        diag_error(&d, (src_pos){0}, NULL, "cannot write the output: %s", strerror(errno));
        goto done;
    }
    status = EXIT_OK;
done:
    if (d.count)
        diag_render(&d, stderr, diag_use_color(stderr));
    buf_free(&out);
    diag_free(&d);
    arena_free(&a);
    return status;
}
