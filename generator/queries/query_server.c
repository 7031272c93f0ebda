/* query_server: see query_server.h. Programs run through fork and exec,
 * never a shell, with the server user's ids set in the child. */
#include "query_server.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static bool has_server(const char *dir)
{
    char path[600];
    snprintf(path, sizeof path, "%s/initdb", dir);
    if (access(path, X_OK))
        return false;
    snprintf(path, sizeof path, "%s/pg_ctl", dir);
    return !access(path, X_OK);
}

/* The directory of initdb and pg_ctl, in out[size]; false when none. */
static bool find_bindir(char *out, size_t size)
{
    const char *env = getenv("SCHEMAC_PG_BINDIR");
    if (env && *env) {
        snprintf(out, size, "%s", env);
        return has_server(out);
    }
    FILE *p = popen("pg_config --bindir 2>/dev/null", "r");
    if (p) {
        bool got = fgets(out, (int)size, p) != NULL;
        pclose(p);
        if (got) {
            out[strcspn(out, "\n")] = '\0';
            if (has_server(out))
                return true;
        }
    }
    glob_t g;
    bool found = false;
    if (glob("/usr/lib/postgresql/*/bin", 0, NULL, &g) == 0) {
        /* The highest major version: compare numerically. */
        long best = -1;
        for (size_t i = 0; i < g.gl_pathc; i++) {
            long v = strtol(g.gl_pathv[i] + strlen("/usr/lib/postgresql/"), NULL, 10);
            if (v > best && has_server(g.gl_pathv[i])) {
                best = v;
                snprintf(out, size, "%s", g.gl_pathv[i]);
                found = true;
            }
        }
        globfree(&g);
    }
    if (found)
        return true;
    const char *path = getenv("PATH");
    for (const char *s = path; s && *s;) {
        size_t n = strcspn(s, ":");
        snprintf(out, size, "%.*s", (int)n, s);
        if (n && has_server(out))
            return true;
        s += n + (s[n] == ':');
    }
    return false;
}

bool query_server_available(void)
{
    char dir[512];
    return find_bindir(dir, sizeof dir);
}

/* Runs argv (as uid/gid when uid is not ours), output to `log`. Its exit
 * status, or -1. */
static int run_as(uid_t uid, gid_t gid, char *const *argv, const char *log)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (uid != geteuid() && (setgid(gid) < 0 || setuid(uid) < 0))
            _exit(126);
        if (chdir("/") < 0)
            _exit(126);
        FILE *f = freopen(log, "a", stdout);
        if (!f || dup2(fileno(stdout), 2) < 0)
            _exit(126);
        freopen("/dev/null", "r", stdin);
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The user the server runs as: ourselves, or when root another one. */
static int server_user(uid_t *uid, gid_t *gid, diag *d)
{
    *uid = geteuid();
    *gid = getegid();
    if (*uid != 0)
        return 0;
    const char *name = getenv("SCHEMAC_PG_RUN_AS");
    struct passwd *pw = name && *name ? getpwnam(name) : getpwnam("postgres");
    if (!pw && !(name && *name))
        pw = getpwnam("nobody");
    if (!pw || pw->pw_uid == 0)
        return diag_error(d, (src_pos){0}, "set SCHEMAC_PG_RUN_AS to a user that is not root",
                          "no user to run the throwaway PostgreSQL server as");
    *uid = pw->pw_uid;
    *gid = pw->pw_gid;
    return 0;
}

/* Shows the end of a log in a note. */
static void note_log(diag *d, const char *log)
{
    FILE *f = fopen(log, "r");
    if (!f)
        return;
    char text[2048];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    diag_note(d, (src_pos){0}, "%s", text);
}

int query_server_start(query_server *s, diag *d)
{
    memset(s, 0, sizeof *s);
    if (!find_bindir(s->bindir, sizeof s->bindir))
        return diag_error(d, (src_pos){0},
                          "install PostgreSQL's server (initdb, pg_ctl), set SCHEMAC_PG_BINDIR, "
                          "or give --db URL",
                          "PostgreSQL server programs not found: cannot describe the queries");
    uid_t uid;
    gid_t gid;
    if (server_user(&uid, &gid, d) < 0)
        return -1;
    /* /tmp, not TMPDIR: a socket path is at most 107 bytes. */
    snprintf(s->dir, sizeof s->dir, "/tmp/schemac-describe.XXXXXX");
    if (!mkdtemp(s->dir)) {
        s->dir[0] = '\0';
        return diag_error(d, (src_pos){0}, NULL, "cannot make a temporary directory: %s",
                          strerror(errno));
    }
    if (uid != geteuid() && chown(s->dir, uid, gid) < 0)
        return diag_error(d, (src_pos){s->dir, 0, 0}, NULL, "cannot chown: %s", strerror(errno));
    char data[300], log[300], initdb[600], pg_ctl[600], options[700];
    snprintf(data, sizeof data, "%s/data", s->dir);
    snprintf(log, sizeof log, "%s/log", s->dir);
    snprintf(initdb, sizeof initdb, "%s/initdb", s->bindir);
    snprintf(pg_ctl, sizeof pg_ctl, "%s/pg_ctl", s->bindir);
    char *init_argv[] = {initdb, "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                         "--locale=C", "--no-sync", "--no-instructions", NULL};
    if (run_as(uid, gid, init_argv, log) != 0) {
        note_log(d, log);
        return diag_error(d, (src_pos){0}, NULL, "initdb failed (its output above)");
    }
    snprintf(options, sizeof options,
             "-k %s -c listen_addresses= -c fsync=off -c synchronous_commit=off "
             "-c full_page_writes=off -c timezone=UTC -c shared_buffers=16MB -c max_connections=10",
             s->dir);
    char *start_argv[] = {pg_ctl, "-D", data, "-w", "-s", "-l", log, "-o", options, "start", NULL};
    if (run_as(uid, gid, start_argv, log) != 0) {
        note_log(d, log);
        return diag_error(d, (src_pos){0}, NULL, "the throwaway PostgreSQL server did not start");
    }
    s->running = true;
    snprintf(s->conninfo, sizeof s->conninfo, "host=%s port=5432 user=postgres dbname=postgres",
             s->dir);
    return 0;
}

void query_server_stop(query_server *s)
{
    if (s->running) {
        uid_t uid;
        gid_t gid;
        diag quiet;
        diag_init(&quiet);
        if (server_user(&uid, &gid, &quiet) == 0) {
            char data[300], log[300], pg_ctl[600];
            snprintf(data, sizeof data, "%s/data", s->dir);
            snprintf(log, sizeof log, "%s/log", s->dir);
            snprintf(pg_ctl, sizeof pg_ctl, "%s/pg_ctl", s->bindir);
            char *stop_argv[] = {pg_ctl, "-D", data, "-w", "-s", "-m", "immediate", "stop", NULL};
            run_as(uid, gid, stop_argv, log);
        }
        diag_free(&quiet);
        s->running = false;
    }
    if (s->dir[0]) {
        char *rm_argv[] = {"/bin/rm", "-rf", "--", s->dir, NULL};
        run_as(geteuid(), getegid(), rm_argv, "/dev/null");
    }
    s->dir[0] = '\0';
}
