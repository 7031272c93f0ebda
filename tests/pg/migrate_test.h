/* migrate_test: what the migration tests share — running the schemac
 * binary and capturing its output, a scratch migrations directory with
 * hand-written revisions, a fresh database per test, catalog fingerprints.
 * Test-only code: errors end the test program. */
#ifndef SCHEMAC_MIGRATE_TEST_H
#define SCHEMAC_MIGRATE_TEST_H

#include <stdbool.h>
#include <sys/types.h>

#include "pgtest.h"

/* The schemac binary (each test program's argv[1]). */
extern const char *mt_schemac_path;

typedef struct mt_proc {
    int status;      /* exit status, or 128 + signal */
    char *out, *err; /* captured, NUL-terminated; free with mt_proc_free */
} mt_proc;

/* A fresh database for one test. */
typedef struct mt_testdb {
    PGconn *admin, *conn;
    char *conninfo;
} mt_testdb;

void mt_proc_free(mt_proc *p);

/* A unique path under /tmp for a scratch file (caller frees). */
char *mt_scratch_file(const char *tag);

/* Starts argv with stdout and stderr going to files; returns the pid. */
pid_t mt_spawn(char *const argv[], const char *out_path, const char *err_path);

/* Waits for pid and reads (then removes) the files it wrote. */
void mt_collect(mt_proc *p, pid_t pid, const char *out_path, const char *err_path);

/* Runs schemac with the arguments (NULL-terminated) and waits. */
mt_proc mt_schemac(const char *first, ...);

/* A fresh directory holding an empty migrations directory `m`; returns
 * the path of `m` (caller frees). */
char *mt_fresh_migrations(void);

/* Writes a whole file; exits on failure. */
void mt_write_text(const char *path, const char *text);

/* Writes dir/ID.sql with the standard header and `body` (sections). */
void mt_write_revision(const char *dir, const char *id, const char *parent, const char *body);

/* `schemac migrate hash` for dir, which must succeed. */
void mt_hash(const char *dir);

mt_testdb mt_testdb_create(void);
void mt_testdb_drop(mt_testdb *t);

/* The first column of the first row as a string ("" for none/NULL);
 * static storage, valid until the next call. */
const char *mt_value(PGconn *c, const char *sql);

/* mt_value as a number. */
long mt_count(PGconn *c, const char *sql);

/* Everything in the public schema, the version table included, as one
 * string: equal strings mean nothing changed. */
char *mt_fingerprint(PGconn *c);

/* strstr that says what it missed. */
bool mt_contains(const char *haystack, const char *needle);

#endif
