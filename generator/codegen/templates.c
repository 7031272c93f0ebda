/* templates: template files from a search path of directories; see
 * templates.h. */
#include "templates.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "load.h"

char *templates_read_file(arena *a, const char *path, size_t *len)
{
    char *text = load_read_file(path, len);
    if (!text)
        return NULL;
    char *copy = arena_strndup(a, text, *len);
    free(text);
    return copy;
}

const char *templates_directory_of(arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    if (slash == path)
        return "/";
    return arena_strndup(a, path, (size_t)(slash - path));
}

bool templates_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void remember(templates *t, const char *path)
{
    for (size_t i = 0; i < t->nfiles; i++)
        if (!strcmp(t->files[i], path))
            return;
    t->files = arena_grow(t->a, t->files, sizeof *t->files, &t->cap_files, t->nfiles + 1);
    t->files[t->nfiles++] = path;
}

/* Reads `path` and registers it for diagnostics; NULL with errno set. */
static char *read_template(templates *t, const char *path, size_t *len)
{
    char *text = templates_read_file(t->a, path, len);
    if (text) {
        diag_add_source(t->d, path, text, *len);
        remember(t, path);
    }
    return text;
}

/* The refusals of load_read_file (not a regular file, too large) say why. */
static void report_unreadable(templates *t, const char *path, int err)
{
    if (err == EINVAL || err == EFBIG)
        load_read_failed(t->d, path, err);
    else
        diag_error(t->d, (src_pos){path, 0, 0}, NULL, "cannot read template: %s", strerror(err));
}

/* Finds NAME.mustache in the directories: its text, or NULL (errno ENOENT
 * when no directory has it; any other failure is reported). */
static char *find(templates *t, const char *name, size_t *len, const char **file)
{
    /* Names stay inside the directories: no absolute paths, no `..`. */
    if (name[0] == '/' || strstr(name, "..") != NULL) {
        errno = ENOENT;
        return NULL;
    }
    for (size_t i = 0; i < t->ndirs; i++) {
        const char *path = arena_printf(t->a, "%s/%s.mustache", t->dirs[i], name);
        char *text = read_template(t, path, len);
        if (text) {
            *file = path;
            return text;
        }
        if (errno != ENOENT) {
            report_unreadable(t, path, errno);
            errno = EIO;
            return NULL;
        }
    }
    errno = ENOENT;
    return NULL;
}

static const char *find_partial(void *ud, const char *name, size_t *len, const char **file)
{
    return find(ud, name, len, file);
}

void templates_init(templates *t, arena *a, diag *d, const char *const *dirs, size_t ndirs)
{
    memset(t, 0, sizeof *t);
    t->a = a;
    t->d = d;
    t->dirs = arena_alloc(a, (ndirs ? ndirs : 1) * sizeof *t->dirs);
    for (size_t i = 0; i < ndirs; i++)
        t->dirs[i] = arena_strdup(a, dirs[i]);
    t->ndirs = ndirs;
    t->partials = mustache_partials_new(a, find_partial, t);
}

mustache_template *templates_compile_file(templates *t, const char *path)
{
    size_t len;
    char *text = read_template(t, path, &len);
    if (!text) {
        report_unreadable(t, path, errno);
        return NULL;
    }
    return mustache_compile(t->a, path, text, len, t->d);
}

mustache_template *templates_compile(templates *t, const char *name)
{
    size_t len;
    const char *file = NULL;
    char *text = find(t, name, &len, &file);
    if (!text) {
        if (errno == ENOENT) {
            buf where = BUF_INIT;
            for (size_t i = 0; i < t->ndirs; i++)
                buf_printf(&where, "%s%s", i ? ", " : "", t->dirs[i]);
            diag_error(t->d, (src_pos){0}, "check the template directories",
                       "template `%s.mustache` not found in %s", name, buf_cstr(&where));
            buf_free(&where);
        }
        return NULL;
    }
    return mustache_compile(t->a, file, text, len, t->d);
}
