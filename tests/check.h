/* check: the few assertion macros our unit tests use. Each failed CHECK
 * prints file:line and the expression; a test program exits 1 if any failed
 * and prints "N passed, N failed" for its own checks. */
#ifndef SCHEMAC_CHECK_H
#define SCHEMAC_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (cond) {                                                            \
            check_passed++;                                                    \
        } else {                                                               \
            check_failed++;                                                    \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
        }                                                                      \
    } while (0)

#define CHECK_STR(got, want)                                                   \
    do {                                                                       \
        const char *check_g_ = (got), *check_w_ = (want);                      \
        if (check_g_ && check_w_ && strcmp(check_g_, check_w_) == 0) {         \
            check_passed++;                                                    \
        } else {                                                               \
            check_failed++;                                                    \
            fprintf(stderr, "%s:%d: CHECK_STR failed: %s\n  got:  %s\n  want: %s\n", \
                    __FILE__, __LINE__, #got, check_g_ ? check_g_ : "(null)",  \
                    check_w_ ? check_w_ : "(null)");                          \
        }                                                                      \
    } while (0)

#define CHECK_INT(got, want)                                                   \
    do {                                                                       \
        long long check_g_ = (long long)(got), check_w_ = (long long)(want);   \
        if (check_g_ == check_w_) {                                            \
            check_passed++;                                                    \
        } else {                                                               \
            check_failed++;                                                    \
            fprintf(stderr, "%s:%d: CHECK_INT failed: %s = %lld, want %lld\n",  \
                    __FILE__, __LINE__, #got, check_g_, check_w_);             \
        }                                                                      \
    } while (0)

static inline int check_report(void)
{
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
