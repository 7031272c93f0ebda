/* Round-trip property of the schema front end, over real schema files:
 *
 *   load → validate → emit → load → validate → emit
 *
 * the two emitted texts are identical, the emitted text is valid, and the
 * model loaded back (derived facts included) is the model emitted. Then
 * `schemac fmt` on a copy of every file: a second run changes nothing and
 * the comment block at the top of the file is kept.
 *
 * usage: test_roundtrip SCHEMAC DIR...   (a missing or empty DIR is skipped) */
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "emit.h"
#include "load.h"
#include "validate.h"

static const char *schemac;
static char tmpdir[] = "/tmp/schemac-roundtrip-XXXXXX";

static void print_diag(diag *d)
{
    if (diag_has_errors(d))
        diag_render(d, stderr, false);
}

static void dump_names(buf *b, const char *what, const ir_name_list *l)
{
    buf_printf(b, " %s(", what);
    for (size_t i = 0; i < l->n; i++)
        buf_printf(b, "%s%s", i ? "," : "", l->names[i]);
    buf_putc(b, ')');
}

/* Everything the model says, derived facts included, without positions
 * or the inline/table-level spelling (which carry no meaning). */
static void dump_model(buf *b, const ir_schema *s)
{
    arena a = ARENA_INIT;
    buf_printf(b, "schema %s v%d comment=%s\n", s->name, s->version,
               s->comment ? s->comment : "-");
    for (size_t i = 0; i < s->nenums; i++) {
        const ir_enum *e = s->enums[i];
        buf_printf(b, "enum %s c=%s comment=%s renamed=%s:", e->name, e->c_name,
                   e->comment ? e->comment : "-", e->renamed_from ? e->renamed_from : "-");
        for (size_t j = 0; j < e->nvalues; j++)
            buf_printf(b, " %s/%s", e->values[j].name, e->values[j].c_name);
        buf_putc(b, '\n');
    }
    for (size_t i = 0; i < s->ntables; i++) {
        const ir_table *t = s->tables[i];
        buf_printf(b, "table %s c=%s comment=%s renamed=%s ts=%d sd=%d\n", t->name, t->c_name,
                   t->comment ? t->comment : "-", t->renamed_from ? t->renamed_from : "-",
                   t->timestamps, t->soft_delete);
        for (size_t j = 0; j < t->ncolumns; j++) {
            const ir_column *c = t->columns[j];
            buf_printf(b, "  column %zu %s c=%s type=%s enum=%s null=%d identity=%d origin=%d",
                       c->index, c->name, c->c_name, ir_type_string(&a, &c->type),
                       c->type.enum_type ? c->type.enum_type->name : "-", c->nullable, c->identity,
                       c->origin);
            buf_printf(b, " default=%d:%s:%d comment=%s renamed=%s\n", c->def.kind,
                       c->def.text ? c->def.text : "-", c->def.quoted,
                       c->comment ? c->comment : "-", c->renamed_from ? c->renamed_from : "-");
        }
        if (t->primary_key) {
            buf_printf(b, "  primary key %s", t->primary_key->name);
            dump_names(b, "on", &t->primary_key->columns);
            buf_putc(b, '\n');
        }
        for (size_t j = 0; j < t->nuniques; j++) {
            buf_printf(b, "  unique %s", t->uniques[j]->name);
            dump_names(b, "on", &t->uniques[j]->columns);
            buf_putc(b, '\n');
        }
        for (size_t j = 0; j < t->nindexes; j++) {
            const ir_index *ix = t->indexes[j];
            buf_printf(b, "  index %s given=%d unique=%d using=%s where=%s fk=%d", ix->name,
                       ix->name_given, ix->unique, ix->method, ix->where ? ix->where : "-",
                       ix->for_fk);
            dump_names(b, "on", &ix->columns);
            buf_putc(b, '\n');
        }
        for (size_t j = 0; j < t->nfks; j++) {
            const ir_fk *fk = t->fks[j];
            buf_printf(b, "  fk %s given=%d", fk->name, fk->name_given);
            dump_names(b, "on", &fk->columns);
            buf_printf(b, " -> %s", fk->ref_table ? fk->ref_table->name : "?");
            dump_names(b, "", &fk->ref_columns);
            buf_printf(b, " delete=%s update=%s\n", ir_fk_action_name(fk->on_delete),
                       ir_fk_action_name(fk->on_update));
        }
        for (size_t j = 0; j < t->nchecks; j++)
            buf_printf(b, "  check %s: %s\n", t->checks[j]->name, t->checks[j]->expr);
    }
    arena_free(&a);
}

/* Prints the first line where two texts differ. */
static void show_difference(const char *what, const char *x, const char *y)
{
    size_t line = 1, i = 0;
    while (x[i] && x[i] == y[i])
        line += x[i++] == '\n';
    size_t start = i;
    while (start > 0 && x[start - 1] != '\n')
        start--;
    fprintf(stderr, "  %s differ at line %zu:\n    %.*s\n    %.*s\n", what, line,
            (int)strcspn(x + start, "\n"), x + start, (int)strcspn(y + start, "\n"), y + start);
}

static void check_schema_round_trips(ir_schema *s)
{
    buf first = BUF_INIT, second = BUF_INIT, model1 = BUF_INIT, model2 = BUF_INIT;
    emit_schema(s, NULL, &first);
    dump_model(&model1, s);
    diag d;
    diag_init(&d);
    diag_add_source(&d, "emitted.yaml", first.data, first.len);
    ir_schema *again = load_text(NULL, "emitted.yaml", first.data, first.len, &d);
    bool valid = again && validate_schema(again, &d) == 0;
    CHECK(valid);
    if (!valid) {
        fprintf(stderr, "schema %s: its emitted text is not valid:\n%s\n", s->name, first.data);
        print_diag(&d);
    } else {
        emit_schema(again, NULL, &second);
        dump_model(&model2, again);
        CHECK_STR(first.data, second.data);
        CHECK(strcmp(model1.data, model2.data) == 0);
        if (strcmp(first.data, second.data) != 0)
            show_difference("emitted texts", first.data, second.data);
        if (strcmp(model1.data, model2.data) != 0)
            show_difference("models", model1.data, model2.data);
    }
    ir_schema_free(again);
    diag_free(&d);
    buf_free(&first);
    buf_free(&second);
    buf_free(&model1);
    buf_free(&model2);
}

static char *read_all(const char *path)
{
    size_t len;
    char *text = load_read_file(path, &len);
    return text ? text : strdup("");
}

/* The comment block `fmt` keeps: up to the end of the last comment line
 * before the first key. */
static size_t leading_comment_length(const char *text)
{
    size_t keep = 0;
    for (const char *p = text; *p;) {
        const char *q = p + strspn(p, " \t");
        if (*q != '#' && *q != '\n' && *q != '\r')
            break;
        const char *nl = strchr(p, '\n');
        p = nl ? nl + 1 : p + strlen(p);
        if (*q == '#')
            keep = (size_t)(p - text);
    }
    return keep;
}

/* Runs a shell command built like printf; returns its exit code. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
    buf cmd = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&cmd, fmt, ap);
    va_end(ap);
    int status = system(buf_cstr(&cmd));
    buf_free(&cmd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void check_fmt_is_stable(const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    buf copy = BUF_INIT;
    buf_printf(&copy, "%s/%s", tmpdir, base);
    CHECK_INT(run("cp '%s' '%s'", path, copy.data), 0);
    char *original = read_all(path);
    CHECK_INT(run("'%s' fmt '%s'", schemac, copy.data), 0);
    char *once = read_all(copy.data);
    CHECK_INT(run("'%s' fmt '%s'", schemac, copy.data), 0);
    char *twice = read_all(copy.data);
    CHECK_STR(once, twice);
    CHECK_INT(run("'%s' fmt --check '%s'", schemac, copy.data), 0);
    size_t keep = leading_comment_length(original);
    bool kept = strncmp(once, original, keep) == 0;
    CHECK(kept);
    if (!kept)
        fprintf(stderr, "%s: fmt lost the leading comments\n", path);
    free(original);
    free(once);
    free(twice);
    unlink(copy.data);
    buf_free(&copy);
}

static void collect_files(const char *dir, char ***files, size_t *n)
{
    diag d;
    diag_init(&d);
    char *paths[] = {(char *)dir};
    load_expand_paths(paths, 1, files, n, &d);
    diag_free(&d);
}

static bool has_schema_files(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return false;
    char **files = NULL;
    size_t n = 0;
    collect_files(dir, &files, &n);
    load_free_paths(files, n);
    return n > 0;
}

static void check_directory(const char *dir)
{
    if (!has_schema_files(dir)) {
        printf("%s: no schema files, skipped\n", dir);
        return;
    }
    diag d;
    diag_init(&d);
    load_set set;
    char *paths[] = {(char *)dir};
    int err = load_paths(&set, paths, 1, &d);
    for (size_t i = 0; i < set.n; i++)
        if (validate_schema(set.schemas[i], &d) < 0)
            err = -1;
    CHECK_INT(err, 0);
    print_diag(&d);
    for (size_t i = 0; !err && i < set.n; i++) {
        printf("%s: schema %s (%zu tables, %zu files)\n", dir, set.schemas[i]->name,
               set.schemas[i]->ntables, set.schemas[i]->nfiles);
        check_schema_round_trips(set.schemas[i]);
    }
    load_set_free(&set);
    diag_free(&d);

    char **files = NULL;
    size_t n = 0;
    collect_files(dir, &files, &n);
    for (size_t i = 0; i < n; i++)
        check_fmt_is_stable(files[i]);
    load_free_paths(files, n);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s SCHEMAC DIR...\n", argv[0]);
        return 2;
    }
    schemac = argv[1];
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 2;
    }
    for (int i = 2; i < argc; i++)
        check_directory(argv[i]);
    rmdir(tmpdir);
    return check_report();
}
