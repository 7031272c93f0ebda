/* migrate_test: what the migration tests share — running the schemac
 * binary and capturing its output, a scratch migrations directory with
 * hand-written revisions, a fresh database per test, catalog fingerprints.
 * Test-only code: static functions, errors abort the test program. */
#ifndef SCHEMAC_MIGRATE_TEST_H
#define SCHEMAC_MIGRATE_TEST_H

#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "load.h"
#include "pgtest.h"
#include "revision.h"

static const char *schemac_path; /* argv[1] of the test program */

typedef struct proc {
    int status;      /* exit status, or 128 + signal */
    char *out, *err; /* captured, NUL-terminated; free with proc_free */
} proc;

static void proc_free(proc *p)
{
    free(p->out);
    free(p->err);
    p->out = p->err = NULL;
}

static char *scratch_file(const char *tag)
{
    static int n;
    buf b = BUF_INIT;
    buf_printf(&b, "/tmp/schemac-mtest-%ld-%d-%s", (long)getpid(), n++, tag);
    return buf_detach(&b);
}

/* Starts argv with stdout and stderr going to files; returns the pid. */
static pid_t spawn(char *const argv[], const char *out_path, const char *err_path)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    if (pid == 0) {
        int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(126);
        setenv("NO_COLOR", "1", 1);
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

static void collect(proc *p, pid_t pid, const char *out_path, const char *err_path)
{
    int st;
    while (waitpid(pid, &st, 0) < 0)
        ;
    p->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    size_t len;
    p->out = load_read_file(out_path, &len);
    p->err = load_read_file(err_path, &len);
    if (!p->out)
        p->out = calloc(1, 1);
    if (!p->err)
        p->err = calloc(1, 1);
    unlink(out_path);
    unlink(err_path);
}

/* Runs schemac with the arguments (NULL-terminated) and waits. */
static proc schemac(const char *first, ...)
{
    char *argv[64];
    int n = 0;
    argv[n++] = (char *)schemac_path;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && n < 63; a = va_arg(ap, const char *))
        argv[n++] = (char *)a;
    va_end(ap);
    argv[n] = NULL;
    char *out = scratch_file("out"), *err = scratch_file("err");
    proc p;
    collect(&p, spawn(argv, out, err), out, err);
    free(out);
    free(err);
    return p;
}

/* A fresh directory holding an empty migrations directory `m`; returns
 * the path of `m` (caller frees). */
static char *fresh_migrations(void)
{
    char tmpl[] = "/tmp/schemac-mtest-XXXXXX";
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        exit(1);
    }
    buf b = BUF_INIT;
    buf_printf(&b, "%s/m", tmpl);
    mkdir(buf_cstr(&b), 0755);
    return buf_detach(&b);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
}

/* Writes dir/ID.sql with the standard header and `body` (sections). */
static void write_revision(const char *dir, const char *id, const char *parent, const char *body)
{
    buf text = BUF_INIT, path = BUF_INIT;
    revision_write_header(&text, id, parent, id + 14);
    buf_puts(&text, body);
    buf_printf(&path, "%s/%s.sql", dir, id);
    write_text(buf_cstr(&path), buf_cstr(&text));
    buf_free(&text);
    buf_free(&path);
}

/* `schemac migrate hash` for dir, which must succeed. */
static void hash(const char *dir)
{
    proc p = schemac("migrate", "hash", "--dir", dir, NULL);
    if (p.status != 0) {
        fprintf(stderr, "migrate hash failed: %s", p.err);
        exit(1);
    }
    proc_free(&p);
}

/* A fresh database for one test. */
typedef struct testdb {
    PGconn *admin, *conn;
    char *conninfo;
} testdb;

static testdb testdb_create(void)
{
    testdb t;
    t.admin = pgtest_connect();
    t.conninfo = pgtest_create_database(t.admin, "migrate");
    if (!t.conninfo)
        exit(1);
    t.conn = pgtest_connect_to(t.conninfo);
    return t;
}

static void testdb_drop(testdb *t)
{
    PQfinish(t->conn);
    pgtest_drop_database(t->admin, t->conninfo);
    PQfinish(t->admin);
    free(t->conninfo);
}

/* The first column of the first row as a string ("" for none/NULL);
 * static storage, valid until the next call. */
static const char *value(PGconn *c, const char *sql)
{
    static char *last;
    free(last);
    last = pgtest_query_value(c, sql);
    return last ? last : "";
}

static long count(PGconn *c, const char *sql) { return atol(value(c, sql)); }

/* Everything in the public schema, the version table included, as one
 * string: equal strings mean nothing changed. */
static char *fingerprint(PGconn *c)
{
    static const char sql[] =
        "SELECT coalesce(string_agg(x, E'\\n' ORDER BY x), '') FROM ("
        " SELECT 'rel ' || c.relname || ' ' || c.relkind::text || ' ' ||"
        "   coalesce((SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod),"
        "     ',' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0"
        "     AND NOT a.attisdropped), '')"
        "   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
        " UNION ALL SELECT 'type ' || t.typname FROM pg_type t JOIN pg_namespace n"
        "   ON n.oid = t.typnamespace WHERE n.nspname = 'public'"
        " UNION ALL SELECT 'proc ' || p.proname FROM pg_proc p JOIN pg_namespace n"
        "   ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
        " UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal"
        " UNION ALL SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid)"
        "   FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
        ") s(x)";
    char *v = pgtest_query_value(c, sql);
    return v ? v : calloc(1, 1);
}

static bool contains(const char *haystack, const char *needle)
{
    bool found = haystack && strstr(haystack, needle) != NULL;
    if (!found)
        fprintf(stderr, "  expected to find: %s\n  in: %s\n", needle, haystack ? haystack : "(null)");
    return found;
}

#endif
