/* output: atomic file writes; see output.h. */
#define _GNU_SOURCE /* syncfs */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

/* Writes data to a new temporary file beside `path` (mode: the old file's,
 * or 0644), flushed to disk. Returns 0 and the name in tmp, or -1 after
 * reporting (nothing left behind). */
static int write_temp(const char *path, const char *data, size_t len, bool sync, buf *tmp,
                      diag *d)
{
    buf_printf(tmp, "%s.tmp.%ld", path, (long)getpid());
    mode_t mode = 0644;
    struct stat st;
    if (stat(path, &st) == 0)
        mode = st.st_mode & 07777;
    int fd = open(buf_cstr(tmp), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return diag_error(d, (src_pos){path, 0, 0}, NULL, "cannot write: %s", strerror(errno));
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            diag_error(d, (src_pos){path, 0, 0}, NULL, "cannot write: %s", strerror(errno));
            close(fd);
            unlink(buf_cstr(tmp));
            return -1;
        }
        off += (size_t)n;
    }
    if ((sync && fsync(fd) != 0) || close(fd) != 0) {
        diag_error(d, (src_pos){path, 0, 0}, NULL, "cannot write: %s", strerror(errno));
        unlink(buf_cstr(tmp));
        return -1;
    }
    return 0;
}

static int write_atomic(const char *path, const char *data, size_t len, bool sync, diag *d)
{
    buf tmp = BUF_INIT;
    int err = write_temp(path, data, len, sync, &tmp, d);
    if (err < 0)
        goto done;
    if (rename(buf_cstr(&tmp), path) != 0) {
        err = diag_error(d, (src_pos){path, 0, 0}, NULL, "cannot replace: %s", strerror(errno));
        unlink(buf_cstr(&tmp));
    }
done:
    buf_free(&tmp);
    return err;
}

int output_write_atomic(const char *path, const char *data, size_t len, diag *d)
{
    return write_atomic(path, data, len, true, d);
}

int output_write_unsynced(const char *path, const char *data, size_t len, diag *d)
{
    return write_atomic(path, data, len, false, d);
}

int output_sync_dir(const char *dir, diag *d)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || syncfs(fd) != 0 || fsync(fd) != 0) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        return diag_error(d, (src_pos){dir, 0, 0}, NULL, "cannot flush to disk: %s",
                          strerror(err));
    }
    close(fd);
    return 0;
}

int output_write_new(const char *path, const char *data, size_t len, diag *d)
{
    buf tmp = BUF_INIT;
    int err = write_temp(path, data, len, true, &tmp, d);
    if (err < 0)
        goto done;
    /* link() never replaces its target: the check and the write are one step. */
    if (link(buf_cstr(&tmp), path) != 0) {
        if (errno == EEXIST)
            err = diag_error(d, (src_pos){path, 0, 0}, "remove it first, or choose another name",
                             "already exists; not overwritten");
        else
            err = diag_error(d, (src_pos){path, 0, 0}, NULL, "cannot create: %s",
                             strerror(errno));
    }
    unlink(buf_cstr(&tmp));
done:
    buf_free(&tmp);
    return err;
}

/* The regular file at path holds exactly data, compared a block at a time:
 * no copy of the old file in memory, whatever its size. */
static bool holds(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    bool same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len;
    char block[65536];
    for (size_t off = 0; same && off < len;) {
        ssize_t n = read(fd, block, sizeof block);
        if (n < 0 && errno == EINTR)
            continue;
        same = n > 0 && (size_t)n <= len - off && memcmp(block, data + off, (size_t)n) == 0;
        off += n > 0 ? (size_t)n : 0;
    }
    close(fd);
    return same;
}

static int write_if_changed(const char *path, const char *data, size_t len, bool sync,
                            bool *changed, diag *d)
{
    bool same = holds(path, data, len);
    *changed = !same;
    return same ? 0 : write_atomic(path, data, len, sync, d);
}

int output_write_if_changed(const char *path, const char *data, size_t len, bool *changed,
                            diag *d)
{
    return write_if_changed(path, data, len, true, changed, d);
}

int output_write_unsynced_if_changed(const char *path, const char *data, size_t len, diag *d)
{
    bool changed;
    return write_if_changed(path, data, len, false, &changed, d);
}

int output_stage(output_batch *b, const char *path, const char *data, size_t len, bool *changed,
                 diag *d)
{
    *changed = !holds(path, data, len);
    buf tmp = BUF_INIT;
    if (*changed && write_temp(path, data, len, true, &tmp, d) < 0) {
        buf_free(&tmp);
        return -1;
    }
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 16;
        b->files = realloc(b->files, b->cap * sizeof *b->files);
        if (!b->files)
            abort();
    }
    b->files[b->n++] = (output_staged){strdup(path), *changed ? buf_detach(&tmp) : NULL};
    buf_free(&tmp);
    return 0;
}

static void drop_batch(output_batch *b, size_t from)
{
    for (size_t i = 0; i < b->n; i++) {
        if (i >= from && b->files[i].tmp)
            unlink(b->files[i].tmp);
        free(b->files[i].path);
        free(b->files[i].tmp);
    }
    free(b->files);
    *b = (output_batch)OUTPUT_BATCH_INIT;
}

int output_commit(output_batch *b, diag *d)
{
    for (size_t i = 0; i < b->n; i++) {
        output_staged *f = &b->files[i];
        if (f->tmp && rename(f->tmp, f->path) != 0) {
            diag_error(d, (src_pos){f->path, 0, 0}, NULL, "cannot replace: %s", strerror(errno));
            drop_batch(b, i);
            return -1;
        }
    }
    drop_batch(b, b->n);
    return 0;
}

void output_abort(output_batch *b) { drop_batch(b, 0); }

int output_make_dirs(const char *dir, diag *d)
{
    char path[4096];
    size_t len = strlen(dir);
    if (len >= sizeof path)
        return diag_error(d, (src_pos){dir, 0, 0}, NULL, "path too long");
    memcpy(path, dir, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char saved = path[i];
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return diag_error(d, (src_pos){dir, 0, 0}, NULL, "cannot create directory %s: %s",
                              path, strerror(errno));
        path[i] = saved;
    }
    return 0;
}
