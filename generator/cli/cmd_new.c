/* cmd_new: `schemac new model NAME [COLUMN:TYPE ...]` writes DIR/NAME.yaml,
 * one table with an identity primary key, the given columns and timestamps.
 * The file is loaded and validated together with the rest of its schema
 * before it is written, and an existing file is never overwritten. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cli.h"
#include "commands.h"
#include "emit.h"
#include "output.h"
#include "validate.h"

static const char usage[] =
    "schemac new model NAME [COLUMN:TYPE[?][:unique] ...] [--dir DIR] [--schema NAME]";

static void print_help(void)
{
    printf("usage: %s\n\n"
           "Writes DIR/NAME.yaml (DIR defaults to models): a table NAME with\n"
           "  id bigint identity primary key, the columns given, and timestamps.\n\n"
           "A column is NAME:TYPE. TYPE is any schema type (text, integer,\n"
           "varchar(255), numeric(10,2), timestamptz, ...) or an enum of the schema.\n"
           "Columns are NOT NULL; end the type with ? for a nullable column, and add\n"
           ":unique for a unique one. Quote arguments the shell would expand:\n\n"
           "  schemac new model posts title:text 'subtitle:text?' 'slug:varchar(200):unique'\n\n"
           "  --dir DIR       where the model goes (default: models)\n"
           "  --schema NAME   the schema the model belongs to (default: the one\n"
           "                  schema the files in DIR already form)\n\n"
           "The new file is validated with the other files of its schema first;\n"
           "nothing is written if it would not validate, or if the file exists.\n",
           usage);
}

typedef struct column_spec {
    const char *name, *type; /* type in canonical spelling */
    bool nullable, unique;
} column_spec;

static bool is_identifier(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return false;
    return true;
}

/* The hint for an unknown type: the nearest built-in type or enum. */
static const char *type_hint(arena *a, const char *type, const ir_schema *s)
{
    const char *candidates[IR_TYPE_KIND_COUNT + 64];
    size_t n = 0;
    for (int k = 0; k < IR_ENUM; k++)
        candidates[n++] = ir_type_kind_name((ir_type_kind)k);
    for (size_t i = 0; s && i < s->nenums && n < sizeof candidates / sizeof *candidates; i++)
        candidates[n++] = s->enums[i]->name;
    const char *near = diag_suggest(type, candidates, n);
    if (near)
        return arena_printf(a, "did you mean `%s`?", near);
    return "types: smallint integer bigint numeric(p,s) real double precision boolean text "
           "varchar(n) char(n) date time timestamp timestamptz interval uuid json jsonb bytea, "
           "or an enum of the schema";
}

/* Parses NAME:TYPE[?][:unique] into *out, the type checked with
 * ir_type_parse (or found among the enums of `s`). Returns 0 or -1. */
static int parse_column(arena *a, const char *arg, const ir_schema *s, column_spec *out,
                        diag *d)
{
    memset(out, 0, sizeof *out);
    src_pos at = {0};
    const char *colon = strchr(arg, ':');
    if (!colon || colon == arg || !colon[1])
        return diag_error(d, at, "write NAME:TYPE, for instance title:text",
                          "column `%s` has no type", arg);
    out->name = arena_strndup(a, arg, (size_t)(colon - arg));
    if (!is_identifier(out->name))
        return diag_error(d, at, "use letters, digits and _, starting with a letter",
                          "column name `%s` is not an identifier", out->name);
    char *type = arena_strdup(a, colon + 1);
    char *modifier = strchr(type, ':');
    if (modifier) {
        *modifier++ = '\0';
        if (strcmp(modifier, "unique") != 0)
            return diag_error(d, at, "the only modifier is :unique",
                              "column `%s`: unknown modifier `%s`", out->name, modifier);
        out->unique = true;
    }
    size_t len = strlen(type);
    if (len && type[len - 1] == '?') {
        out->nullable = true;
        type[--len] = '\0';
    }
    ir_type parsed;
    const char *why = NULL;
    int r = ir_type_parse(type, &parsed, &why);
    if (r == -2)
        return diag_error(d, at, NULL, "column `%s`: bad type `%s`: %s", out->name, type, why);
    if (r == -1) {
        if (!s || !ir_find_enum(s, type))
            return diag_error(d, at, type_hint(a, type, s), "column `%s`: unknown type `%s`",
                              out->name, type);
        out->type = type;
    } else {
        out->type = ir_type_string(a, &parsed);
    }
    return 0;
}

/* The model file, in canonical form (schemac fmt leaves it as it is). */
static void write_model(buf *out, const char *schema, const char *table, const column_spec *cols,
                        size_t n)
{
    buf_printf(out, "# The %s table. Written by `schemac new model`; edit it freely\n"
                    "# (the schema language is described in schemac's docs/schema.md).\n",
               table);
    buf_printf(out, "schemac: 1\nname: %s\ntables:\n  %s:\n    timestamps: true\n    columns:\n",
               schema, table);
    buf_puts(out, "      id: { type: bigint, primary_key: true, identity: true }\n");
    for (size_t i = 0; i < n; i++) {
        buf_printf(out, "      %s: ", cols[i].name);
        if (!cols[i].nullable && !cols[i].unique) {
            emit_scalar(out, cols[i].type, false);
        } else {
            buf_puts(out, "{ type: ");
            emit_scalar(out, cols[i].type, true);
            if (cols[i].nullable)
                buf_puts(out, ", nullable: true");
            if (cols[i].unique)
                buf_puts(out, ", unique: true");
            buf_puts(out, " }");
        }
        buf_putc(out, '\n');
    }
}

static bool is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int cmd_new(int argc, char **argv)
{
    if (argc > 1 && cli_is_help(argv[1])) {
        print_help();
        return EXIT_OK;
    }
    if (argc < 2 || strcmp(argv[1], "model") != 0)
        return cli_usage_error(usage, argc < 2 ? "say what to make: model"
                                               : "cannot make '%s'; the only kind is model",
                               argv[argc < 2 ? 0 : 1]);
    const char *dir = "models", *schema_name = NULL, *table = NULL;
    const char *args[256];
    size_t nargs = 0;
    for (int i = 2; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            print_help();
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "--dir") || !strcmp(argv[i], "--schema")) {
            if (i + 1 == argc)
                return cli_usage_error(usage, "%s needs a value", argv[i]);
            *(argv[i][2] == 'd' ? &dir : &schema_name) = argv[i + 1];
            i++;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error(usage, "unknown option '%s'", argv[i]);
        } else if (!table) {
            table = argv[i];
        } else if (nargs < sizeof args / sizeof *args) {
            args[nargs++] = argv[i];
        } else {
            return cli_usage_error(usage, "too many columns");
        }
    }
    if (!table)
        return cli_usage_error(usage, "no model name given");
    if (!is_identifier(table))
        return cli_usage_error(usage, "model name '%s' is not an identifier (letters, digits, _)",
                               table);

    diag d;
    diag_init(&d);
    arena a = ARENA_INIT;
    buf path = BUF_INIT, text = BUF_INIT;
    load_set set = {0};
    ir_schema *fresh = NULL;
    int rc = EXIT_INVALID;

    buf_printf(&path, "%s%s%s.yaml", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", table);
    struct stat st;
    if (lstat(buf_cstr(&path), &st) == 0) {
        diag_error(&d, (src_pos){buf_cstr(&path), 0, 0}, "edit it, or choose another name",
                   "already exists; not overwritten");
        goto done;
    }

    /* The schema the model joins: the files already in dir. */
    if (is_directory(dir)) {
        char *paths[] = {(char *)dir};
        if (load_paths(&set, paths, 1, &d) < 0) {
            diag_note(&d, (src_pos){0}, "fix the files in %s first", dir);
            goto done;
        }
    }
    ir_schema *into = NULL;
    if (schema_name) {
        for (size_t i = 0; i < set.n; i++)
            if (!strcmp(set.schemas[i]->name, schema_name))
                into = set.schemas[i];
    } else if (set.n == 1) {
        into = set.schemas[0];
        schema_name = into->name;
    } else {
        if (set.n)
            diag_error(&d, (src_pos){0}, "pass --schema NAME",
                       "the files in %s form %zu schemas; which one is the model for?", dir,
                       set.n);
        else
            diag_error(&d, (src_pos){0}, "pass --schema NAME",
                       "no schema files in %s to take the schema name from", dir);
        goto done;
    }

    column_spec cols[sizeof args / sizeof *args];
    strmap seen;
    strmap_init(&seen, &a);
    strmap_put(&seen, "id", "id");
    bool columns_ok = true;
    for (size_t i = 0; i < nargs; i++) {
        if (parse_column(&a, args[i], into, &cols[i], &d) < 0) {
            columns_ok = false;
            continue;
        }
        if (strmap_put(&seen, cols[i].name, (void *)cols[i].name)) {
            diag_error(&d, (src_pos){0}, !strcmp(cols[i].name, "id") ? "every model has an id"
                                                                      : "give each column once",
                       "column `%s` is given twice", cols[i].name);
            columns_ok = false;
        }
    }
    if (!columns_ok)
        goto done;

    write_model(&text, schema_name, table, cols, nargs);

    /* Prove it: the new file loads and validates with the rest of its schema. */
    diag_add_source(&d, buf_cstr(&path), text.data, text.len);
    ir_schema *s = load_text(into, buf_cstr(&path), text.data, text.len, &d);
    if (!into)
        fresh = s;
    if (!s || diag_has_errors(&d) || validate_schema(s, &d) < 0) {
        diag_note(&d, (src_pos){0}, "nothing was written");
        goto done;
    }
    if (output_make_dirs(dir, &d) < 0 || output_write_new(buf_cstr(&path), text.data, text.len, &d) < 0)
        goto done;
    printf("created %s (table %s of schema %s)\n", buf_cstr(&path), table, schema_name);
    rc = EXIT_OK;
done:
    cli_render(&d);
    if (fresh)
        ir_schema_free(fresh);
    load_set_free(&set);
    buf_free(&path);
    buf_free(&text);
    arena_free(&a);
    diag_free(&d);
    return rc;
}
