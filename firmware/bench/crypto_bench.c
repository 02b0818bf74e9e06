/* crypto_bench.elf — bare-metal wolfCrypt workload for `q2686emu bench` (docs/performance.md):
 * what a TLS client's CPU does in a handshake, without the modem around it. ROUNDS times:
 *   ecdhe   two P-256 key pairs generated, each side derives the shared secret from the
 *           other's public key; both secrets must agree;
 *   rsa     RSA-2048 PKCS#1 v1.5 SHA-256 verify of a signature made by openssl at build time
 *           (wolfcrypt_vectors.h, firmware/smoke/wolfcrypt_vectors.cmake).
 * Runs on the emulated Q2686 (tests/arm/bare.ld) and, linked at 0, under QEMU's versatilepb
 * (tests/arm/qemu_versatilepb.ld): no devices, only ARM semihosting. Exits 0 when every round
 * succeeded, 1 otherwise.
 *
 * The DRBG seed is a fixed xorshift stream, so every run computes the same keys: this is a
 * benchmark, never a source of secrets. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <wolfssl/wolfcrypt/settings.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/rsa.h>
#include <wolfssl/wolfcrypt/signature.h>

#include "semihost.h"
#include "wolfcrypt_vectors.h"

#ifndef ROUNDS
#define ROUNDS 3
#endif

/* ---- what wolfSSL's user_settings.h expects from the platform ------------------------------- */
int q2686_wolfssl_seed(unsigned char* output, unsigned int size) {
    static uint32_t x = 0x9E3779B9u;
    for (unsigned int i = 0; i < size; ++i) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        output[i] = (unsigned char)x;
    }
    return 0;
}

time_t q2686_wolfssl_time(time_t* t) {
    const time_t now = 1767225600; /* 2026-01-01: nothing here checks a validity window */
    if (t) *t = now;
    return now;
}

/* newlib's malloc grows its arena through _sbrk: a fixed heap in .bss. */
static uint8_t heap[128 * 1024] __attribute__((aligned(8)));
void* _sbrk(ptrdiff_t increment) {
    static size_t used;
    if (increment < 0 || used + (size_t)increment > sizeof heap) {
        errno = ENOMEM;
        return (void*)-1;
    }
    void* const start = heap + used;
    used += (size_t)increment;
    return start;
}

/* ---- the workload --------------------------------------------------------------------------- */
static WC_RNG rng;
static ecc_key key_a, key_b;
static RsaKey rsa_key;

static int ecdhe(void) {
    byte secret_a[32], secret_b[32];
    word32 len_a = sizeof secret_a, len_b = sizeof secret_b;
    int ret = wc_ecc_init(&key_a);
    if (ret == 0) ret = wc_ecc_init(&key_b);
    if (ret == 0) ret = wc_ecc_make_key_ex(&rng, 32, &key_a, ECC_SECP256R1);
    if (ret == 0) ret = wc_ecc_make_key_ex(&rng, 32, &key_b, ECC_SECP256R1);
    if (ret == 0) ret = wc_ecc_set_rng(&key_a, &rng); /* ECC_TIMING_RESISTANT: blinding needs it */
    if (ret == 0) ret = wc_ecc_set_rng(&key_b, &rng);
    if (ret == 0) ret = wc_ecc_shared_secret(&key_a, &key_b, secret_a, &len_a);
    if (ret == 0) ret = wc_ecc_shared_secret(&key_b, &key_a, secret_b, &len_b);
    if (ret == 0 && (len_a != len_b || memcmp(secret_a, secret_b, len_a) != 0)) ret = -1;
    wc_ecc_free(&key_a);
    wc_ecc_free(&key_b);
    return ret;
}

static int rsa_verify(void) {
    word32 index = 0;
    int ret = wc_InitRsaKey(&rsa_key, NULL);
    if (ret == 0)
        ret = wc_RsaPublicKeyDecode(wctest_rsa2048_pub_der, &index, &rsa_key, wctest_rsa2048_pub_der_len);
    if (ret == 0)
        ret = wc_SignatureVerify(WC_HASH_TYPE_SHA256, WC_SIGNATURE_TYPE_RSA_W_ENC, (const byte*)WCTEST_MESSAGE,
                                 (word32)strlen(WCTEST_MESSAGE), wctest_rsa2048_sig, wctest_rsa2048_sig_len,
                                 &rsa_key, sizeof rsa_key);
    wc_FreeRsaKey(&rsa_key);
    return ret;
}

int main(void) {
    if (wc_InitRng(&rng) != 0) {
        semihost_puts("crypto: RNG FAILED\n");
        return 1;
    }
    for (int round = 0; round < ROUNDS; ++round) {
        if (ecdhe() != 0) {
            semihost_puts("crypto: ecdhe FAILED\n");
            return 1;
        }
        if (rsa_verify() != 0) {
            semihost_puts("crypto: rsa FAILED\n");
            return 1;
        }
    }
    semihost_puts("crypto: ecdhe rsa OK\n");
    return 0;
}
