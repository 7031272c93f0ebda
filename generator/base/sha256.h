/* sha256: SHA-256 (FIPS 180-4), for revision checksums and the integrity
 * file. Incremental (init/update/final) or one call; no other hashes. */
#ifndef SCHEMAC_SHA256_H
#define SCHEMAC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_HEX_SIZE 65 /* 64 hex digits and a NUL */

typedef struct sha256_ctx {
    uint32_t state[8];
    uint64_t length; /* bytes hashed so far */
    unsigned char block[64];
    size_t used; /* bytes waiting in block */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
void sha256_final(sha256_ctx *c, unsigned char out[SHA256_DIGEST_SIZE]);

/* The digest of data as 64 lowercase hex digits. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_SIZE]);
/* Lowercase hex of a digest. */
void sha256_to_hex(const unsigned char digest[SHA256_DIGEST_SIZE], char out[SHA256_HEX_SIZE]);

#endif
