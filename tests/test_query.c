/* Tests for query_parse and query_cache: annotations, the parameter
 * spellings (and what is not a parameter), positions mapped back to the
 * file, the cache's round trip and its key. No server: describing is
 * tested on PostgreSQL in tests/queries. */
#include <stdlib.h>

#include "check.h"
#include "query.h"
#include "query_cache.h"

static query_set parse(arena *a, diag *d, const char *text)
{
    query_set set = {0};
    diag_init(d);
    query_parse(&set, a, "q.sql", text, d);
    return set;
}

static void test_named_parameters_become_numbers_in_order(void)
{
    arena a = ARENA_INIT;
    diag d;
    query_set set = parse(&a, &d,
                          "-- name: find :many\n"
                          "SELECT id FROM t WHERE a = @a AND b = sqlc.arg(b) AND c = @a\n"
                          "  AND d = sqlc.narg( d ) AND e @> @e::jsonb AND f <@ g;\n");
    CHECK_INT(d.errors, 0);
    CHECK_INT(set.n, 1);
    const query *q = set.items[0];
    CHECK_STR(q->name, "find");
    CHECK_INT(q->kind, QUERY_MANY);
    CHECK_STR(q->sql, "SELECT id FROM t WHERE a = $1 AND b = $2 AND c = $1\n"
                      "  AND d = $3 AND e @> $4::jsonb AND f <@ g");
    CHECK_INT(q->nparams, 4);
    CHECK_STR(q->params[0].name, "a");
    CHECK_STR(q->params[2].name, "d");
    CHECK(q->params[2].nullable);
    CHECK(!q->params[0].nullable);
    CHECK_INT(q->params[1].pos.line, 2);
    CHECK_INT(q->params[1].pos.col, 39);
    diag_free(&d);
    arena_free(&a);
}

static void test_no_parameters_inside_literals_and_comments(void)
{
    arena a = ARENA_INIT;
    diag d;
    const char *sql = "SELECT '@a', E'\\'@b', \"@c\", $$@d$$, $x$ @e $x$ -- @f\n"
                      "  /* @g /* @h */ */ FROM t WHERE u = @real";
    char *text = arena_printf(&a, "-- name: lit :one\n%s\n", sql);
    query_set set = parse(&a, &d, text);
    CHECK_INT(d.errors, 0);
    CHECK_INT(set.items[0]->nparams, 1);
    CHECK_STR(set.items[0]->params[0].name, "real");
    diag_free(&d);
    arena_free(&a);
}

static void test_positional_parameters_are_named_pN(void)
{
    arena a = ARENA_INIT;
    diag d;
    query_set set = parse(&a, &d, "-- name: two :exec\nUPDATE t SET a = $2 WHERE id = $1\n");
    CHECK_INT(d.errors, 0);
    CHECK_INT(set.items[0]->nparams, 2);
    CHECK_STR(set.items[0]->params[0].name, "p1");
    CHECK_STR(set.items[0]->params[1].name, "p2");
    CHECK_STR(set.items[0]->sql, "UPDATE t SET a = $2 WHERE id = $1");
    diag_free(&d);
    arena_free(&a);
}

static void test_positions_map_back_through_replacements(void)
{
    arena a = ARENA_INIT;
    diag d;
    query_set set = parse(&a, &d,
                          "-- name: pos :one\n"
                          "SELECT 'é' AS x FROM t WHERE a = @long_name AND missing = 1\n");
    const query *q = set.items[0];
    /* "missing" is character 41 of the SQL as sent ('é' is one character,
     * two bytes; @long_name became $1). */
    const char *at = strstr(q->sql, "missing");
    CHECK_INT(query_char_offset(q, 41), at - q->sql);
    src_pos p = query_position(q, (size_t)(at - q->sql));
    CHECK_INT(p.line, 2);
    CHECK_INT(p.col, (int)(strstr(q->text, "missing") - strchr(q->text, '\n')));
    diag_free(&d);
    arena_free(&a);
}

static void test_overrides_and_notes_in_the_header(void)
{
    arena a = ARENA_INIT;
    diag d;
    query_set set = parse(&a, &d,
                          "-- name: o :one\n-- a note\n-- nullable: x, y\n-- not null: z\n"
                          "SELECT 1 AS x;\n\n-- name: p :execrows\nDELETE FROM t\n");
    CHECK_INT(d.errors, 0);
    CHECK_INT(set.n, 2);
    CHECK_INT(set.items[0]->noverrides, 3);
    CHECK_STR(set.items[0]->overrides[1].column, "y");
    CHECK(set.items[0]->overrides[1].nullable);
    CHECK(!set.items[0]->overrides[2].nullable);
    CHECK_INT(set.items[1]->kind, QUERY_EXECROWS);
    CHECK_STR(set.items[1]->sql, "DELETE FROM t");
    diag_free(&d);
    arena_free(&a);
}

static void test_bad_annotations_are_errors(void)
{
    static const char *const bad[] = {
        "-- name: x :all\nSELECT 1\n",
        "-- name: x\nSELECT 1\n",
        "-- name: 1x :one\nSELECT 1\n",
        "SELECT 1\n",
        "-- name: x :one\n",
        "-- name: x :one\nSELECT $1, @a\n",
        "-- name: x :one\nSELECT 1\n-- name: x :one\nSELECT 2\n",
        "-- name: x :one\nSELECT sqlc.arg(\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        arena a = ARENA_INIT;
        diag d;
        parse(&a, &d, bad[i]);
        CHECK(d.errors > 0);
        diag_free(&d);
        arena_free(&a);
    }
}

static void test_select_star_and_keywords(void)
{
    arena a = ARENA_INIT;
    diag d;
    query_set set = parse(&a, &d,
                          "-- name: s :many\nSELECT t.*, 'order' FROM t LIMIT 1\n"
                          "-- name: c :one\nSELECT count(*) AS n FROM t -- ORDER BY\n");
    CHECK(set.items[0]->select_star);
    CHECK(!set.items[1]->select_star);
    CHECK(query_find_word(set.items[0]->sql, "limit") > 0);
    CHECK_INT(query_find_word(set.items[0]->sql, "order"), -1);
    CHECK_INT(query_find_word(set.items[1]->sql, "order"), -1);
    diag_free(&d);
    arena_free(&a);
}

static void test_cache_round_trip_and_key(void)
{
    arena a = ARENA_INIT;
    diag d;
    const char *text = "-- name: r :one\nSELECT a, b FROM t WHERE id = @id\n";
    query_set set = parse(&a, &d, text);
    query *q = set.items[0];
    q->params[0].type = (query_type){"bigint", false, false};
    q->ncolumns = 2;
    q->columns = arena_alloc(&a, 2 * sizeof *q->columns);
    q->columns[0] = (query_column){"a", {"post status", true, false}, false, "t.a"};
    q->columns[1] = (query_column){"b", {"text", false, false}, true, NULL};
    char key[65], other[65];
    query_cache_key(&set, "CREATE TABLE t ();", key);
    query_cache_key(&set, "CREATE TABLE u ();", other);
    CHECK(strcmp(key, other) != 0);
    buf cache = BUF_INIT;
    query_cache_format(&set, key, &cache);

    query_set again = parse(&a, &d, text);
    CHECK_INT(query_cache_apply(&again, &a, "c", buf_cstr(&cache), key, &d), 1);
    const query *r = again.items[0];
    CHECK_STR(r->params[0].type.name, "bigint");
    CHECK_INT(r->ncolumns, 2);
    CHECK_STR(r->columns[0].type.name, "post status");
    CHECK(r->columns[0].type.is_enum);
    CHECK(!r->columns[0].nullable);
    CHECK_STR(r->columns[0].source, "t.a");
    CHECK(r->columns[1].nullable);
    CHECK(r->columns[1].source == NULL);
    buf twice = BUF_INIT;
    query_cache_format(&again, key, &twice);
    CHECK_STR(buf_cstr(&twice), buf_cstr(&cache));
    /* Another key: stale, not applied. */
    query_set stale = parse(&a, &d, text);
    CHECK_INT(query_cache_apply(&stale, &a, "c", buf_cstr(&cache), other, &d), 0);
    CHECK_INT(query_cache_apply(&stale, &a, "c", "schemac-queries\t1\nkey\tx\nbogus\n", "x", &d), -1);
    buf_free(&cache);
    buf_free(&twice);
    diag_free(&d);
    arena_free(&a);
}

static void test_copyfrom_reads_table_and_columns(void)
{
    arena a = ARENA_INIT;
    diag d;
    query_set set = parse(&a, &d,
                          "-- name: c :copyfrom\n"
                          "insert into app.\"Tags\" (name, \"Slug\") values (@name, @slug);\n");
    CHECK_INT(d.errors, 0);
    CHECK_STR(set.items[0]->copy_table, "app.\"Tags\"");
    CHECK_STR(set.items[0]->copy_columns[1], "\"Slug\"");
    diag_free(&d);
    static const char *const bad[] = {
        "-- name: c :copyfrom\nINSERT INTO t (a) VALUES (@a, @b)\n",
        "-- name: c :copyfrom\nINSERT INTO t (a, b) VALUES (@b, @a + 1)\n",
        "-- name: c :copyfrom\nINSERT INTO t (a) VALUES (@a) RETURNING id\n",
        "-- name: c :copyfrom\nUPDATE t SET a = @a\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        parse(&a, &d, bad[i]);
        CHECK(d.errors > 0);
        diag_free(&d);
    }
    arena_free(&a);
}

int main(void)
{
    test_copyfrom_reads_table_and_columns();
    test_named_parameters_become_numbers_in_order();
    test_no_parameters_inside_literals_and_comments();
    test_positional_parameters_are_named_pN();
    test_positions_map_back_through_replacements();
    test_overrides_and_notes_in_the_header();
    test_bad_annotations_are_errors();
    test_select_star_and_keywords();
    test_cache_round_trip_and_key();
    return check_report();
}
