/* migrate_test: helpers for the migration tests; see migrate_test.h. */
#define _XOPEN_SOURCE 700 /* nftw */

#include "migrate_test.h"

#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "load.h"
#include "revision.h"

const char *mt_schemac_path;

void mt_proc_free(mt_proc *p)
{
    free(p->out);
    free(p->err);
    p->out = p->err = NULL;
}

char *mt_scratch_file(const char *tag)
{
    static int n;
    buf b = BUF_INIT;
    buf_printf(&b, "/tmp/schemac-mtest-%ld-%d-%s", (long)getpid(), n++, tag);
    return buf_detach(&b);
}

/* Starts argv with stdout and stderr going to files; returns the pid. */
pid_t mt_spawn(char *const argv[], const char *out_path, const char *err_path)
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

void mt_collect(mt_proc *p, pid_t pid, const char *out_path, const char *err_path)
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
mt_proc mt_schemac(const char *first, ...)
{
    char *argv[64];
    int n = 0;
    argv[n++] = (char *)mt_schemac_path;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && n < 63; a = va_arg(ap, const char *))
        argv[n++] = (char *)a;
    va_end(ap);
    argv[n] = NULL;
    char *out = mt_scratch_file("out"), *err = mt_scratch_file("err");
    mt_proc p;
    mt_collect(&p, mt_spawn(argv, out, err), out, err);
    free(out);
    free(err);
    return p;
}

/* A fresh directory holding an empty migrations directory `m`; returns
 * the path of `m` (caller frees). */
/* The scratch directories made so far, removed when the test exits. */
static char *scratch_dirs[256];
static size_t nscratch_dirs;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void remove_scratch_dirs(void)
{
    for (size_t i = 0; i < nscratch_dirs; i++) {
        nftw(scratch_dirs[i], remove_entry, 16, FTW_DEPTH | FTW_PHYS);
        free(scratch_dirs[i]);
    }
    nscratch_dirs = 0;
}

char *mt_fresh_migrations(void)
{
    char tmpl[] = "/tmp/schemac-mtest-XXXXXX";
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        exit(1);
    }
    if (nscratch_dirs == 0)
        atexit(remove_scratch_dirs);
    if (nscratch_dirs < sizeof scratch_dirs / sizeof *scratch_dirs)
        scratch_dirs[nscratch_dirs++] = strdup(tmpl);
    buf b = BUF_INIT;
    buf_printf(&b, "%s/m", tmpl);
    mkdir(buf_cstr(&b), 0755);
    return buf_detach(&b);
}

void mt_write_text(const char *path, const char *text)
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
void mt_write_revision(const char *dir, const char *id, const char *parent, const char *body)
{
    buf text = BUF_INIT, path = BUF_INIT;
    revision_write_header(&text, id, parent, id + 14);
    buf_puts(&text, body);
    buf_printf(&path, "%s/%s.sql", dir, id);
    mt_write_text(buf_cstr(&path), buf_cstr(&text));
    buf_free(&text);
    buf_free(&path);
}

/* `schemac migrate hash` for dir, which must succeed. */
void mt_hash(const char *dir)
{
    mt_proc p = mt_schemac("migrate", "hash", "--dir", dir, NULL);
    if (p.status != 0) {
        fprintf(stderr, "migrate hash failed: %s", p.err);
        exit(1);
    }
    mt_proc_free(&p);
}


mt_testdb mt_testdb_create(void)
{
    mt_testdb t;
    t.admin = pgtest_connect();
    t.conninfo = pgtest_create_database(t.admin, "migrate");
    if (!t.conninfo)
        exit(1);
    t.conn = pgtest_connect_to(t.conninfo);
    return t;
}

void mt_testdb_drop(mt_testdb *t)
{
    PQfinish(t->conn);
    pgtest_drop_database(t->admin, t->conninfo);
    PQfinish(t->admin);
    free(t->conninfo);
}

/* The first column of the first row as a string ("" for none/NULL);
 * static storage, valid until the next call. */
const char *mt_value(PGconn *c, const char *sql)
{
    static char *last;
    free(last);
    last = pgtest_query_value(c, sql);
    return last ? last : "";
}

long mt_count(PGconn *c, const char *sql) { return atol(mt_value(c, sql)); }

/* Everything in the public schema, the version table included, as one
 * string: equal strings mean nothing changed. */
char *mt_fingerprint(PGconn *c)
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

bool mt_contains(const char *haystack, const char *needle)
{
    bool found = haystack && strstr(haystack, needle) != NULL;
    if (!found)
        fprintf(stderr, "  expected to find: %s\n  in: %s\n", needle, haystack ? haystack : "(null)");
    return found;
}

