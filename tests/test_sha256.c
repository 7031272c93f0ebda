/* Tests for sha256: the FIPS 180 example vectors, hashed in one call and
 * fed in pieces of every size so block boundaries are crossed everywhere. */
#include <stdlib.h>

#include "check.h"
#include "sha256.h"

static const struct {
    const char *input;
    const char *digest;
} vectors[] = {
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlm"
     "nopqrsmnopqrstnopqrstu",
     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
};

static void test_fips_180_vectors_in_one_call(void)
{
    for (size_t i = 0; i < sizeof vectors / sizeof *vectors; i++) {
        char hex[SHA256_HEX_SIZE];
        sha256_hex(vectors[i].input, strlen(vectors[i].input), hex);
        CHECK_STR(hex, vectors[i].digest);
    }
}

static void test_fips_180_vectors_fed_in_pieces(void)
{
    for (size_t i = 0; i < sizeof vectors / sizeof *vectors; i++) {
        const char *in = vectors[i].input;
        size_t len = strlen(in);
        for (size_t piece = 1; piece <= 70; piece++) {
            sha256_ctx c;
            unsigned char digest[SHA256_DIGEST_SIZE];
            char hex[SHA256_HEX_SIZE];
            sha256_init(&c);
            for (size_t off = 0; off < len; off += piece)
                sha256_update(&c, in + off, len - off < piece ? len - off : piece);
            sha256_final(&c, digest);
            sha256_to_hex(digest, hex);
            CHECK_STR(hex, vectors[i].digest);
        }
    }
}

static void test_one_million_a(void)
{
    size_t len = 1000000;
    char *a = malloc(len);
    memset(a, 'a', len);
    char hex[SHA256_HEX_SIZE];
    sha256_hex(a, len, hex);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* The same in 1000 updates of 1000 bytes, as the standard's example. */
    sha256_ctx c;
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    for (int i = 0; i < 1000; i++)
        sha256_update(&c, a, 1000);
    sha256_final(&c, digest);
    sha256_to_hex(digest, hex);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

static void test_padding_edges(void)
{
    /* 55, 56, 63 and 64 bytes: the lengths where the length field does or
     * does not fit after the 0x80 byte. Digests from sha256sum. */
    static const struct {
        size_t len;
        const char *digest;
    } edges[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
    };
    char a[64];
    memset(a, 'a', sizeof a);
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++) {
        char hex[SHA256_HEX_SIZE];
        sha256_hex(a, edges[i].len, hex);
        CHECK_STR(hex, edges[i].digest);
    }
}

int main(void)
{
    test_fips_180_vectors_in_one_call();
    test_fips_180_vectors_fed_in_pieces();
    test_one_million_a();
    test_padding_edges();
    return check_report();
}
