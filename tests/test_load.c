/* Tests for load: YAML text and files → IR, the shape checks with their
 * suggestions, files joining schemas by `name`, directories. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "load.h"

typedef struct loaded {
    diag d;
    ir_schema *s;
    char *out; /* rendered diagnostics */
} loaded;

static char *render(diag *d)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    diag_render(d, f, false);
    fclose(f);
    return text;
}

static void load(loaded *l, const char *text)
{
    diag_init(&l->d);
    diag_add_source(&l->d, "t.yaml", text, strlen(text));
    l->s = load_text(NULL, "t.yaml", text, strlen(text), &l->d);
    l->out = render(&l->d);
}

static void done(loaded *l)
{
    free(l->out);
    ir_schema_free(l->s);
    diag_free(&l->d);
}

static bool has(const loaded *l, const char *text) { return strstr(l->out, text) != NULL; }

static const char blog[] =
    "schemac: 1\n"
    "name: blog\n"
    "comment: The blog.\n"
    "enums:\n"
    "  status: [draft, published]\n"
    "  role:\n"
    "    values: [admin, member]\n"
    "    comment: Who may do what.\n"
    "    renamed_from: kind\n"
    "tables:\n"
    "  users:\n"
    "    comment: People.\n"
    "    timestamps: true\n"
    "    soft_delete: true\n"
    "    columns:\n"
    "      id: { type: bigint, identity: always, primary_key: true }\n"
    "      email: { type: varchar(255), unique: true }\n"
    "      name: text\n"
    "      bio: { type: text, nullable: true, comment: \"About: me\" }\n"
    "      age: { type: smallint, default: 18 }\n"
    "      code: { type: text, default: \"18\" }\n"
    "      settings: { type: jsonb, default_sql: \"'{}'::jsonb\" }\n"
    "      role: { type: role, default: member, renamed_from: kind }\n"
    "    indexes:\n"
    "      - columns: [name]\n"
    "      - { columns: bio, unique: true, using: hash, where: \"bio <> ''\", name: ux }\n"
    "    checks:\n"
    "      adult: age >= 18\n"
    "  posts:\n"
    "    primary_key: [author_id, slug]\n"
    "    columns:\n"
    "      author_id: { type: bigint, references: users.id, on_delete: cascade }\n"
    "      slug: text\n"
    "      editor: { type: bigint, nullable: true }\n"
    "    unique: [[slug, editor], editor]\n"
    "    foreign_keys:\n"
    "      - { columns: [editor], references: \"users(id)\", on_update: set_null, name: ed }\n";

static void test_loads_every_key_into_the_model(void)
{
    loaded l;
    load(&l, blog);
    CHECK(l.s != NULL);
    CHECK_INT(l.d.errors, 0);
    ir_schema *s = l.s;
    CHECK_STR(s->name, "blog");
    CHECK_STR(s->comment, "The blog.");
    CHECK_INT(s->nenums, 2);
    CHECK_INT(s->enums[0]->nvalues, 2);
    CHECK_STR(s->enums[0]->values[1].name, "published");
    CHECK_STR(s->enums[1]->comment, "Who may do what.");
    CHECK_STR(s->enums[1]->renamed_from, "kind");
    CHECK_INT(s->ntables, 2);
    ir_table *u = ir_find_table(s, "users");
    CHECK(u == s->tables[0]);
    CHECK(u->timestamps && u->soft_delete);
    CHECK_STR(u->comment, "People.");
    CHECK_INT(u->ncolumns, 8); /* derived columns come from validate */
    ir_column *id = ir_find_column(u, "id");
    CHECK_INT(id->identity, IR_IDENTITY_ALWAYS);
    CHECK(u->primary_key && u->primary_key->is_inline);
    CHECK_STR(u->primary_key->columns.names[0], "id");
    CHECK_INT(ir_find_column(u, "email")->type.length, 255);
    CHECK_INT(u->nuniques, 1);
    CHECK(ir_find_column(u, "bio")->nullable);
    CHECK_STR(ir_find_column(u, "bio")->comment, "About: me");
    CHECK(!ir_find_column(u, "name")->nullable);
    ir_column *age = ir_find_column(u, "age"), *code = ir_find_column(u, "code");
    CHECK_INT(age->def.kind, IR_DEFAULT_LITERAL);
    CHECK_STR(age->def.text, "18");
    CHECK(!age->def.quoted);
    CHECK(code->def.quoted);
    CHECK_INT(ir_find_column(u, "settings")->def.kind, IR_DEFAULT_SQL);
    ir_column *role = ir_find_column(u, "role");
    CHECK_INT(role->type.kind, IR_ENUM);
    CHECK_STR(role->type.enum_name, "role");
    CHECK_STR(role->renamed_from, "kind");
    CHECK_INT(u->nindexes, 2);
    CHECK_STR(u->indexes[1]->method, "hash");
    CHECK_STR(u->indexes[1]->name, "ux");
    CHECK(u->indexes[1]->unique && u->indexes[1]->name_given);
    CHECK_STR(u->indexes[1]->where, "bio <> ''");
    CHECK_STR(u->indexes[1]->columns.names[0], "bio");
    CHECK_STR(u->checks[0]->expr, "age >= 18");
    ir_table *p = ir_find_table(s, "posts");
    CHECK_INT(p->primary_key->columns.n, 2);
    CHECK(!p->primary_key->is_inline);
    CHECK_INT(p->nuniques, 2);
    CHECK_INT(p->uniques[0]->columns.n, 2);
    CHECK_STR(p->uniques[1]->columns.names[0], "editor");
    CHECK_INT(p->nfks, 2);
    CHECK(p->fks[0]->is_inline);
    CHECK_STR(p->fks[0]->ref_table_name, "users");
    CHECK_INT(p->fks[0]->on_delete, IR_FK_CASCADE);
    CHECK_STR(p->fks[1]->name, "ed");
    CHECK_INT(p->fks[1]->on_update, IR_FK_SET_NULL);
    CHECK_STR(p->fks[1]->ref_columns.names[0], "id");
    done(&l);
}

static void test_positions_point_at_the_source(void)
{
    loaded l;
    load(&l, blog);
    ir_table *u = ir_find_table(l.s, "users");
    CHECK_INT(u->pos.line, 11);
    CHECK_INT(u->pos.col, 3);
    ir_column *email = ir_find_column(u, "email");
    CHECK_INT(email->pos.line, 17);
    CHECK_INT(email->type_pos.col, 22);
    CHECK_STR(email->pos.file, "t.yaml");
    CHECK_INT(ir_find_column(u, "age")->def.pos.col, 39);
    done(&l);
}

static void test_references_accept_both_forms(void)
{
    loaded l;
    load(&l, "schemac: 1\nname: x\ntables:\n  t:\n    columns:\n"
             "      a: { type: int, references: my.table.id }\n"
             "      b: { type: int, references: \"u( x ,y )\" }\n");
    CHECK_INT(l.d.errors, 0);
    ir_table *t = l.s->tables[0];
    CHECK_STR(t->fks[0]->ref_table_name, "my.table");
    CHECK_STR(t->fks[0]->ref_columns.names[0], "id");
    CHECK_STR(t->fks[1]->ref_table_name, "u");
    CHECK_INT(t->fks[1]->ref_columns.n, 2);
    CHECK_STR(t->fks[1]->ref_columns.names[0], "x");
    CHECK_STR(t->fks[1]->ref_columns.names[1], "y");
    done(&l);
}

static void test_unknown_keys_suggest_the_nearest(void)
{
    loaded l;
    load(&l, "schemac: 1\nname: x\ntabels: {}\ntables:\n  t:\n    colums: {}\n    columns:\n"
             "      a: { tpye: int, nulable: true }\n");
    CHECK(has(&l, "t.yaml:3:1: error: unknown key `tabels` in a schema file\n"));
    CHECK(has(&l, "hint: did you mean `tables`?"));
    CHECK(has(&l, "t.yaml:6:5: error: unknown key `colums` in a table"));
    CHECK(has(&l, "t.yaml:8:12: error: unknown key `tpye` in a column"));
    CHECK(has(&l, "hint: did you mean `type`?"));
    CHECK(has(&l, "hint: did you mean `nullable`?"));
    CHECK(has(&l, "error: column `a` has no `type`"));
    done(&l);
}

static void test_wrong_node_kinds_say_what_was_found(void)
{
    loaded l;
    load(&l, "schemac: 1\nname: x\nenums: [a]\ntables:\n  t:\n    columns:\n"
             "      a: [int]\n      b: { type: int, nullable: \"true\" }\n");
    CHECK(has(&l, "t.yaml:3:8: error: `enums` must be a map, not a list"));
    CHECK(has(&l, "t.yaml:7:10: error: column `a` must be a type or a map, not a list"));
    CHECK(has(&l, "error: `nullable` must be true or false, not `\"true\"`"));
    CHECK(has(&l, "hint: write true or false without quotes"));
    done(&l);
}

static void test_version_and_name_are_required_first(void)
{
    loaded l;
    load(&l, "name: x\ntables: {}\n");
    CHECK(l.s == NULL);
    CHECK(has(&l, "error: missing `schemac` format version"));
    done(&l);
    load(&l, "schemac: 2\nname: x\n");
    CHECK(l.s == NULL);
    CHECK(has(&l, "t.yaml:1:10: error: `schemac` must be 1, not `2`"));
    done(&l);
    load(&l, "schemac: 1\ntables: {}\n");
    CHECK(l.s == NULL);
    CHECK(has(&l, "error: missing `name` of the schema"));
    done(&l);
}

static void test_a_comma_inside_braces_gets_one_error_with_the_fix(void)
{
    loaded l;
    load(&l, "schemac: 1\nname: x\ntables:\n  t:\n    columns:\n"
             "      a: { type: numeric(10,2), primary_key: true }\n");
    CHECK_INT(l.d.errors, 1);
    CHECK(has(&l, "t.yaml:6:18: error: type `numeric(10,2)` must be quoted here"));
    CHECK(has(&l, "hint: inside { } a comma ends the value; write `type: \"numeric(10,2)\"`"));
    CHECK(ir_find_column(l.s->tables[0], "a")->type.invalid);
    done(&l);
}

static void test_default_and_default_sql_conflict_in_either_order(void)
{
    loaded l;
    load(&l, "schemac: 1\nname: x\ntables:\n  t:\n    columns:\n"
             "      a: { type: int, default: 1, default_sql: \"2\" }\n"
             "      b: { type: int, default_sql: \"2\", default: 1 }\n"
             "      c: { type: int, default: 1, default_sql: [2] }\n");
    CHECK_INT(l.d.errors, 3);
    CHECK(has(&l, "t.yaml:6:35: error: a column has either"));
    CHECK(has(&l, "t.yaml:7:41: error: a column has either"));
    ir_column *c = ir_find_column(l.s->tables[0], "c");
    CHECK_INT(c->def.kind, IR_DEFAULT_LITERAL); /* the bad default_sql left it alone */
    CHECK_STR(c->def.text, "1");
    done(&l);
}

static void test_loading_into_a_schema_checks_its_name(void)
{
    diag d;
    diag_init(&d);
    const char *a = "schemac: 1\nname: shop\ntables:\n  t:\n    columns: { id: int }\n";
    const char *b = "schemac: 1\nname: shop\ntables:\n  u:\n    columns: { id: int }\n";
    const char *c = "schemac: 1\nname: other\n";
    ir_schema *s = load_text(NULL, "a.yaml", a, strlen(a), &d);
    CHECK(load_text(s, "b.yaml", b, strlen(b), &d) == s);
    CHECK_INT(s->ntables, 2);
    CHECK_INT(s->nfiles, 2);
    CHECK_STR(s->files[1], "b.yaml");
    CHECK_STR(s->tables[1]->pos.file, "b.yaml");
    CHECK(load_text(s, "c.yaml", c, strlen(c), &d) == NULL);
    char *out = render(&d);
    CHECK(strstr(out, "c.yaml:2:7: error: file belongs to schema `other`, expected `shop`"));
    free(out);
    ir_schema_free(s);
    diag_free(&d);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static void test_directories_load_sorted_schema_files_by_name(void)
{
    char dir[] = "/tmp/schemac-test-load-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/sub", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/b.yaml", dir);
    write_file(path, "schemac: 1\nname: shop\ntables:\n  b:\n    columns: { id: int }\n");
    snprintf(path, sizeof path, "%s/sub/a.yml", dir);
    write_file(path, "schemac: 1\nname: shop\ntables:\n  c:\n    columns: { id: int }\n");
    snprintf(path, sizeof path, "%s/a.yaml", dir);
    write_file(path, "schemac: 1\nname: shop\ntables:\n  a:\n    columns: { id: int }\n");
    snprintf(path, sizeof path, "%s/other.yaml", dir);
    write_file(path, "schemac: 1\nname: other\ntables:\n  z:\n    columns: { id: int }\n");
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    write_file(path, "not a schema");

    diag d;
    diag_init(&d);
    load_set set;
    char *paths[] = {dir};
    CHECK_INT(load_paths(&set, paths, 1, &d), 0);
    CHECK_INT(set.n, 2);
    CHECK_STR(set.schemas[0]->name, "shop");
    CHECK_INT(set.schemas[0]->ntables, 3);
    CHECK_STR(set.schemas[0]->tables[0]->name, "a");
    CHECK_STR(set.schemas[0]->tables[1]->name, "b");
    CHECK_STR(set.schemas[0]->tables[2]->name, "c"); /* sub/ sorts after b.yaml */
    CHECK_STR(set.schemas[1]->name, "other");
    load_set_free(&set);

    char *missing[] = {"/nonexistent/schema.yaml"};
    CHECK_INT(load_paths(&set, missing, 1, &d), -1);
    char *out = render(&d);
    CHECK(strstr(out, "/nonexistent/schema.yaml: error: cannot read") != NULL);
    free(out);
    load_set_free(&set);
    diag_free(&d);

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK_INT(system(cmd), 0);
}

static void test_read_file_returns_the_whole_file(void)
{
    char path[] = "/tmp/schemac-test-read-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    char big[200000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + i % 26);
    CHECK_INT(write(fd, big, sizeof big), sizeof big);
    close(fd);
    size_t len = 0;
    char *text = load_read_file(path, &len);
    CHECK_INT(len, sizeof big);
    CHECK(text && memcmp(text, big, len) == 0 && text[len] == '\0');
    free(text);
    unlink(path);
    CHECK(load_read_file(path, &len) == NULL);
}

int main(void)
{
    test_loads_every_key_into_the_model();
    test_positions_point_at_the_source();
    test_references_accept_both_forms();
    test_unknown_keys_suggest_the_nearest();
    test_wrong_node_kinds_say_what_was_found();
    test_version_and_name_are_required_first();
    test_a_comma_inside_braces_gets_one_error_with_the_fix();
    test_default_and_default_sql_conflict_in_either_order();
    test_loading_into_a_schema_checks_its_name();
    test_directories_load_sorted_schema_files_by_name();
    test_read_file_returns_the_whole_file();
    return check_report();
}
