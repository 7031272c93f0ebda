/* output: atomic file writes; see output.h. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "load.h"

int output_write_atomic(const char *path, const char *data, size_t len, diag *d)
{
    buf tmp = BUF_INIT;
    buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
    int err = -1;
    mode_t mode = 0644;
    struct stat st;
    if (stat(path, &st) == 0)
        mode = st.st_mode & 07777;
    int fd = open(buf_cstr(&tmp), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        diag_error(d, (src_pos){path, 0, 0}, NULL, "cannot write: %s", strerror(errno));
        goto done;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            diag_error(d, (src_pos){path, 0, 0}, NULL, "cannot write: %s", strerror(errno));
            close(fd);
            unlink(buf_cstr(&tmp));
            goto done;
        }
        off += (size_t)n;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        diag_error(d, (src_pos){path, 0, 0}, NULL, "cannot write: %s", strerror(errno));
        unlink(buf_cstr(&tmp));
        goto done;
    }
    if (rename(buf_cstr(&tmp), path) != 0) {
        diag_error(d, (src_pos){path, 0, 0}, NULL, "cannot replace: %s", strerror(errno));
        unlink(buf_cstr(&tmp));
        goto done;
    }
    err = 0;
done:
    buf_free(&tmp);
    return err;
}

int output_write_if_changed(const char *path, const char *data, size_t len, bool *changed,
                            diag *d)
{
    size_t old_len;
    char *old = load_read_file(path, &old_len);
    bool same = old && old_len == len && memcmp(old, data, len) == 0;
    free(old);
    *changed = !same;
    return same ? 0 : output_write_atomic(path, data, len, d);
}
