/* Tests for ir: PostgreSQL naming (makeObjectName, quote_ident), C name
 * mangling, type parsing and spelling, lookups. The expected names were
 * checked against PostgreSQL 15 (pg_constraint.conname, quote_ident()). */
#include <stdlib.h>

#include "check.h"
#include "ir.h"

static void test_object_name_joins_names_and_label(void)
{
    arena a = ARENA_INIT;
    CHECK_STR(ir_object_name(&a, "users", "email", "key"), "users_email_key");
    CHECK_STR(ir_object_name(&a, "users", NULL, "pkey"), "users_pkey");
    CHECK_STR(ir_object_name(&a, "users", "id", NULL), "users_id");
    CHECK_STR(ir_object_name(&a, "users", NULL, NULL), "users");
    arena_free(&a);
}

static void test_object_name_trims_the_longer_part_first(void)
{
    arena a = ARENA_INIT;
    char t60[61], c10[11];
    memset(t60, 't', 60), t60[60] = '\0';
    memset(c10, 'c', 10), c10[10] = '\0';
    /* PostgreSQL: ttt…(47)_cccccccccc_fkey, 63 bytes. */
    const char *name = ir_object_name(&a, t60, c10, "fkey");
    CHECK_INT(strlen(name), 63);
    CHECK(strncmp(name, t60, 47) == 0 && name[47] == '_');
    CHECK_STR(name + 48, "cccccccccc_fkey");
    arena_free(&a);
}

static void test_object_name_trims_equal_parts_alternately(void)
{
    arena a = ARENA_INIT;
    char a40[41], b40[41], want[64];
    memset(a40, 'a', 40), a40[40] = '\0';
    memset(b40, 'b', 40), b40[40] = '\0';
    /* PostgreSQL: 29 a, _, 29 b, _key. */
    snprintf(want, sizeof want, "%.29s_%.29s_key", a40, b40);
    CHECK_STR(ir_object_name(&a, a40, b40, "key"), want);
    arena_free(&a);
}

static void test_object_name_does_not_split_utf8(void)
{
    arena a = ARENA_INIT;
    char e30[61] = "";
    for (int i = 0; i < 30; i++)
        strcat(e30, "\xc3\xa9"); /* é */
    /* 57 bytes are left for the names; 47 would split the 24th é, so
     * PostgreSQL keeps 23 of them: 62 bytes in all. */
    const char *name = ir_object_name(&a, e30, "cccccccccc", "fkey");
    CHECK_INT(strlen(name), 62);
    CHECK(strncmp(name, e30, 46) == 0);
    CHECK_STR(name + 46, "_cccccccccc_fkey");
    arena_free(&a);
}

static void test_quote_ident_leaves_plain_lowercase_names(void)
{
    arena a = ARENA_INIT;
    CHECK_STR(ir_quote_ident(&a, "users"), "users");
    CHECK_STR(ir_quote_ident(&a, "_x"), "_x");
    CHECK_STR(ir_quote_ident(&a, "post_tags2"), "post_tags2");
    CHECK_STR(ir_quote_ident(&a, "name"), "name"); /* unreserved key word */
    arena_free(&a);
}

static void test_quote_ident_quotes_reserved_words_and_mixed_case(void)
{
    arena a = ARENA_INIT;
    CHECK_STR(ir_quote_ident(&a, "select"), "\"select\"");
    CHECK_STR(ir_quote_ident(&a, "user"), "\"user\"");
    CHECK_STR(ir_quote_ident(&a, "order"), "\"order\"");
    CHECK_STR(ir_quote_ident(&a, "left"), "\"left\"");       /* type/function key word */
    CHECK_STR(ir_quote_ident(&a, "between"), "\"between\""); /* column-name key word */
    CHECK_STR(ir_quote_ident(&a, "User"), "\"User\"");
    CHECK_STR(ir_quote_ident(&a, "1abc"), "\"1abc\"");
    CHECK_STR(ir_quote_ident(&a, "first name"), "\"first name\"");
    CHECK_STR(ir_quote_ident(&a, "\xc3\xa9"), "\"\xc3\xa9\"");
    arena_free(&a);
}

static void test_quote_ident_doubles_embedded_quotes(void)
{
    arena a = ARENA_INIT;
    CHECK_STR(ir_quote_ident(&a, "a\"b"), "\"a\"\"b\"");
    CHECK_STR(ir_quote_ident(&a, "\"\""), "\"\"\"\"\"\"");
    arena_free(&a);
}

static void test_c_name_mangles_to_an_identifier(void)
{
    arena a = ARENA_INIT;
    CHECK_STR(ir_c_name(&a, "users"), "users");
    CHECK_STR(ir_c_name(&a, "a-b"), "a_b");
    CHECK_STR(ir_c_name(&a, "first name"), "first_name");
    CHECK_STR(ir_c_name(&a, "2fa"), "_2fa");
    CHECK_STR(ir_c_name(&a, "Mixed"), "Mixed");
    CHECK_STR(ir_c_name(&a, "caf\xc3\xa9"), "caf__"); /* one '_' per byte */
    arena_free(&a);
}

static void test_c_name_escapes_c_keywords(void)
{
    arena a = ARENA_INIT;
    CHECK_STR(ir_c_name(&a, "int"), "int_");
    CHECK_STR(ir_c_name(&a, "default"), "default_");
    CHECK_STR(ir_c_name(&a, "bool"), "bool_");
    CHECK_STR(ir_c_name(&a, "NULL"), "NULL_");
    CHECK_STR(ir_c_name(&a, "integer"), "integer");
    arena_free(&a);
}

/* Names of the C library get a trailing '_', as keywords do: a member
 * `errno` breaks once <errno.h> is included; a reserved start (`__`, `_`
 * and an upper-case letter) gets an x in front; other names are kept. */
static void test_c_name_avoids_library_and_reserved_names(void)
{
    static const char *const cases[][2] = {
        {"errno", "errno_"},       {"stdin", "stdin_"},     {"stdout", "stdout_"},
        {"assert", "assert_"},     {"offsetof", "offsetof_"}, {"EOF", "EOF_"},
        {"and", "and_"},           {"not", "not_"},         {"size_t", "size_t_"},
        {"int64_t", "int64_t_"},   {"PGconn", "PGconn_"},   {"va_arg", "va_arg_"},
        {"EINVAL", "EINVAL_"},     {"E2BIG", "E2BIG_"},     {"SIGINT", "SIGINT_"},
        {"INT32_MAX", "INT32_MAX_"}, {"UINT64_C", "UINT64_C_"}, {"PRId64", "PRId64_"},
        {"LC_ALL", "LC_ALL_"},     {"FLT_MAX", "FLT_MAX_"}, {"__n__c__d__", "x__n__c__d__"},
        {"_Private", "x_Private"}, {"\xc3\xa9t\xc3\xa9", "x__t__"}, {"_private", "_private"},
        {"2fa", "_2fa"},           {"Email", "Email"},      {"error", "error"},
        {"round", "round"},        {"time", "time"},        {"status", "status"},
        {"e", "e"},                {"INTERVAL", "INTERVAL"}, {"SIGN", "SIGN_"},
    };
    arena a = ARENA_INIT;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        CHECK_STR(ir_c_name(&a, cases[i][0]), cases[i][1]);
    arena_free(&a);
}

static void test_c_name_escapes_every_c11_keyword(void)
{
    /* ir_c_name finds keywords by bsearch: every one must be found. */
    static const char *const words[] = {
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double",
        "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
        "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
        "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Alignas",
        "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn",
        "_Static_assert", "_Thread_local", "bool", "true", "false", "NULL", "asm", "typeof",
    };
    arena a = ARENA_INIT;
    char want[40];
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        /* _Bool and the like start as C reserves: an x in front does. */
        snprintf(want, sizeof want, words[i][0] == '_' ? "x%s" : "%s_", words[i]);
        CHECK_STR(ir_c_name(&a, words[i]), want);
    }
    const char *plain = "post_tags";
    CHECK(ir_c_name(&a, plain) == plain); /* shared, not copied */
    arena_free(&a);
}

static void test_type_parse_reads_names_and_aliases(void)
{
    static const struct {
        const char *text;
        ir_type_kind kind;
    } cases[] = {
        {"smallint", IR_SMALLINT},
        {"int2", IR_SMALLINT},
        {"int", IR_INTEGER},
        {"INT4", IR_INTEGER},
        {"Integer", IR_INTEGER},
        {"int8", IR_BIGINT},
        {"serial4", IR_SERIAL},
        {"serial8", IR_BIGSERIAL},
        {"float4", IR_REAL},
        {"float8", IR_DOUBLE},
        {"double precision", IR_DOUBLE},
        {"bool", IR_BOOLEAN},
        {"decimal", IR_NUMERIC},
        {"character varying", IR_VARCHAR},
        {"character", IR_CHAR},
        {"timestamp with time zone", IR_TIMESTAMPTZ},
        {"timestamp without time zone", IR_TIMESTAMP},
        {"time without time zone", IR_TIME},
        {"jsonb", IR_JSONB},
        {"bytea", IR_BYTEA},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ir_type t;
        const char *why = NULL;
        CHECK_INT(ir_type_parse(cases[i].text, &t, &why), 0);
        CHECK_INT(t.kind, cases[i].kind);
    }
}

/* Each spelling of a v2 type reads to a type whose canonical (schema) and
 * SQL spellings are these, and the canonical one reads back the same. */
static void test_type_spellings_round_trip(void)
{
    static const struct {
        const char *text, *canonical, *sql;
    } cases[] = {
        {"text[]", "text[]", "text[]"},
        {"INTEGER [] []", "integer[][]", "integer[][]"},
        {"varchar(20)[]", "varchar(20)[]", "character varying(20)[]"},
        {"timestamp(3) with time zone", "timestamptz(3)", "timestamp(3) with time zone"},
        {"timestamptz(0)[]", "timestamptz(0)[]", "timestamp(0) with time zone[]"},
        {"time(2)", "time(2)", "time(2) without time zone"},
        {"interval", "interval", "interval"},
        {"interval(4)", "interval(4)", "interval(4)"},
        {"Interval Day To Second(3)", "interval day to second(3)", "interval day to second(3)"},
        {"interval year to month", "interval year to month", "interval year to month"},
        {"bit", "bit(1)", "bit(1)"},
        {"bit varying(5)", "varbit(5)", "bit varying(5)"},
        {"varbit", "varbit", "bit varying"},
        {"inet", "inet", "inet"},
        {"tstzrange[]", "tstzrange[]", "tstzrange[]"},
        {"CITEXT", "citext", "citext"},
    };
    arena a = ARENA_INIT;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ir_type t, again;
        const char *why = NULL;
        CHECK_INT(ir_type_parse(cases[i].text, &t, &why), 0);
        CHECK_STR(ir_type_string(&a, &t), cases[i].canonical);
        CHECK_STR(ir_type_sql(&a, &t), cases[i].sql);
        CHECK_INT(ir_type_parse(ir_type_string(&a, &t), &again, &why), 0);
        CHECK_STR(ir_type_string(&a, &again), cases[i].canonical);
    }
    arena_free(&a);
}

static void test_type_parse_reads_parameters(void)
{
    ir_type t;
    const char *why = NULL;
    CHECK_INT(ir_type_parse("varchar(255)", &t, &why), 0);
    CHECK_INT(t.kind, IR_VARCHAR);
    CHECK_INT(t.length, 255);
    CHECK_INT(ir_type_parse("character varying ( 10 )", &t, &why), 0);
    CHECK_INT(t.length, 10);
    CHECK_INT(ir_type_parse("varchar", &t, &why), 0);
    CHECK_INT(t.length, 0); /* unbounded */
    CHECK_INT(ir_type_parse("char", &t, &why), 0);
    CHECK_INT(t.length, 1); /* as in PostgreSQL */
    CHECK_INT(ir_type_parse("numeric(10,2)", &t, &why), 0);
    CHECK_INT(t.precision, 10);
    CHECK_INT(t.scale, 2);
    CHECK_INT(ir_type_parse("decimal(7)", &t, &why), 0);
    CHECK_INT(t.kind, IR_NUMERIC);
    CHECK_INT(t.precision, 7);
    CHECK_INT(t.scale, 0);
}

static void test_type_parse_reports_bad_parameters(void)
{
    static const char *const bad[] = {
        "varchar(0)", "varchar(10485761)", "varchar(1,2)", "char(x)", "numeric(0)",
        "numeric(3,5)", "numeric(5,-1)", "numeric(1001)", "text(5)", "varchar(10",
        "varchar(10)x", "numeric(,2)", "varchar(99999999999)",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ir_type t;
        const char *why = NULL;
        CHECK_INT(ir_type_parse(bad[i], &t, &why), -2);
        CHECK(why != NULL && *why);
    }
}

static void test_type_parse_returns_minus_one_for_unknown_names(void)
{
    ir_type t;
    const char *why = NULL;
    CHECK_INT(ir_type_parse("post_status", &t, &why), -1);
    CHECK_INT(ir_type_parse("integr", &t, &why), -1);
    CHECK_INT(ir_type_parse("", &t, &why), -1);
    char long_name[200];
    memset(long_name, 'x', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    CHECK_INT(ir_type_parse(long_name, &t, &why), -1);
}

static void test_type_string_is_the_canonical_spelling(void)
{
    arena a = ARENA_INIT;
    ir_type t;
    const char *why;
    static const struct {
        const char *in, *out, *sql;
    } cases[] = {
        {"int4", "integer", "integer"},
        {"character varying(20)", "varchar(20)", "character varying(20)"},
        {"varchar", "varchar", "character varying"},
        {"char", "char(1)", "character(1)"},
        {"decimal(10,2)", "numeric(10,2)", "numeric(10,2)"},
        {"numeric(7,0)", "numeric(7)", "numeric(7)"},
        {"timestamp with time zone", "timestamptz", "timestamp with time zone"},
        {"float8", "double precision", "double precision"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        CHECK_INT(ir_type_parse(cases[i].in, &t, &why), 0);
        CHECK_STR(ir_type_string(&a, &t), cases[i].out);
        CHECK_STR(ir_type_sql(&a, &t), cases[i].sql);
    }
    t = (ir_type){.kind = IR_ENUM, .enum_name = "Post Status"};
    CHECK_STR(ir_type_string(&a, &t), "Post Status");
    CHECK_STR(ir_type_sql(&a, &t), "\"Post Status\"");
    arena_free(&a);
}

static void test_reference_kind_maps_serials_to_their_integers(void)
{
    CHECK_INT(ir_type_reference_kind(IR_SERIAL), IR_INTEGER);
    CHECK_INT(ir_type_reference_kind(IR_BIGSERIAL), IR_BIGINT);
    CHECK_INT(ir_type_reference_kind(IR_TEXT), IR_TEXT);
    CHECK(ir_type_is_integer(IR_BIGSERIAL));
    CHECK(!ir_type_is_integer(IR_NUMERIC));
}

static void test_fk_actions_round_trip(void)
{
    static const char *const names[] = {"no_action", "restrict", "cascade", "set_null",
                                        "set_default"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        ir_fk_action act;
        CHECK_INT(ir_fk_action_parse(names[i], &act), 0);
        CHECK_STR(ir_fk_action_name(act), names[i]);
    }
    ir_fk_action act;
    CHECK_INT(ir_fk_action_parse("SET NULL", &act), -1);
    CHECK_STR(ir_fk_action_sql(IR_FK_SET_NULL), "SET NULL");
}

static void test_schema_lookups_find_what_was_added(void)
{
    ir_schema *s = ir_schema_new();
    ir_table *t = arena_alloc(&s->arena, sizeof *t);
    t->name = "users";
    CHECK(ir_schema_add_table(s, t) == t);
    ir_table *again = arena_alloc(&s->arena, sizeof *again);
    again->name = "users";
    CHECK(ir_schema_add_table(s, again) == t); /* duplicate: the first is kept */
    CHECK_INT(s->ntables, 1);
    for (int i = 0; i < 100; i++) {
        ir_column *c = arena_alloc(&s->arena, sizeof *c);
        c->name = arena_printf(&s->arena, "c%d", i);
        CHECK(ir_table_add_column(s, t, c) == c);
    }
    CHECK_INT(t->ncolumns, 100);
    CHECK(ir_find_column(t, "c57") == t->columns[57]);
    CHECK_INT(t->columns[57]->index, 57);
    CHECK(ir_find_column(t, "c100") == NULL);
    CHECK(ir_find_table(s, "users") == t);
    CHECK(ir_find_table(s, "nobody") == NULL);
    CHECK(ir_find_enum(s, "users") == NULL);
    ir_schema_free(s);
}

int main(void)
{
    test_object_name_joins_names_and_label();
    test_object_name_trims_the_longer_part_first();
    test_object_name_trims_equal_parts_alternately();
    test_object_name_does_not_split_utf8();
    test_quote_ident_leaves_plain_lowercase_names();
    test_quote_ident_quotes_reserved_words_and_mixed_case();
    test_quote_ident_doubles_embedded_quotes();
    test_c_name_mangles_to_an_identifier();
    test_c_name_escapes_c_keywords();
    test_c_name_escapes_every_c11_keyword();
    test_c_name_avoids_library_and_reserved_names();
    test_type_parse_reads_names_and_aliases();
    test_type_parse_reads_parameters();
    test_type_spellings_round_trip();
    test_type_parse_reports_bad_parameters();
    test_type_parse_returns_minus_one_for_unknown_names();
    test_type_string_is_the_canonical_spelling();
    test_reference_kind_maps_serials_to_their_integers();
    test_fk_actions_round_trip();
    test_schema_lookups_find_what_was_added();
    return check_report();
}
