/* wolfcrypt_selftest.elf — on-target self-test of wolfSSL (firmware/wolfssl, Debian's wolfSSL
 * source with our user_settings.h) on the emulated ARM946E-S.
 *
 * 10 ms after adl_main() (so "+WIND: 3" is out first), a one-shot timer runs, in this order:
 *   sha256  SHA-256("abc") against the FIPS 180-2 vector;
 *   ecdhe   two P-256 key pairs generated here, each side computes the shared secret from its
 *           private key and the other's public key: both must agree;
 *   rsa     RSA-2048 PKCS#1 v1.5 SHA-256 verify of a signature made by openssl at build time
 *           (wolfcrypt_vectors.h, firmware/smoke/wolfcrypt_vectors.cmake), and the same
 *           signature with one bit flipped must be rejected;
 *   aesgcm  AES-256-GCM encrypt/decrypt round trip; a flipped tag bit must be rejected;
 *   tls     wolfSSL_Init(), wolfSSL_CTX_new(wolfTLSv1_2_client_method()) and
 *           wolfSSL_CTX_load_verify_buffer() of a self-signed P-256 CA (PEM, made by openssl at
 *           build time). wolfSSL checks the CA's validity window against XTIME (the RTC) when it
 *           loads it: with the RTC at its 1998 default this fails with ASN_BEFORE_DATE_E (-150).
 * and sends one unsolicited line:
 *   +WCTEST: OK sha256 ecdhe rsa aesgcm tls <virtual ms>   or   +WCTEST: FAIL <which> <code>
 * where <code> is the wolfSSL/wolfCrypt error code, or -1 when every call succeeded but the
 * result was wrong (digest, secret, plaintext, or a forgery accepted).
 *
 * AT+WCBENCH times one ECDHE P-256 agreement (one side: ephemeral key generation + shared
 * secret, what a TLS client does per handshake) and one RSA-2048 verify in CPU cycles:
 *   +WCBENCH: ecdhe=<cycles> rsa_verify=<cycles>
 * AT+WCMEM? reports the heap (newlib mallinfo) and the deepest use of the SVC stack:
 *   +WCMEM: heap_arena=<bytes>,heap_in_use=<bytes>,stack_max=<bytes>
 * tests/integration/wolfcrypt_test.cpp boots this image; docs/network.md ("TLS on the modem"). */
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adl.h"

#include <wolfssl/wolfcrypt/settings.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/rsa.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/signature.h>

#include "wolfcrypt_vectors.h"

#define WRONG_RESULT (-1) /* calls succeeded, result wrong */
#define START_DELAY_MS 10u

/* ---- reporting ---------------------------------------------------------------------------- */
static void unsolicited(const char* format, ...) __attribute__((format(printf, 1, 2)));
static void unsolicited(const char* format, ...) {
    char text[120];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    adl_trace(text);
    adl_atSendLine(ADL_AT_UNS, text);
}

/* ---- SVC stack high-water mark -------------------------------------------------------------
 * The SVC stack grows down from __svc_stack_top to the bottom of the 16 KiB DTCM (0x00900000,
 * rom-stubs/rom-stubs.ld). Paint what is unused at start-up; the lowest overwritten word is the
 * deepest the stack has been since. */
#define DTCM_BASE 0x00900000u
#define STACK_PAINT 0xC5C5C5C5u
extern char __svc_stack_top[];

static void paint_stack(void) {
    volatile uint32_t* word = (volatile uint32_t*)DTCM_BASE;
    volatile uint32_t* const limit = (volatile uint32_t*)((uintptr_t)__builtin_frame_address(0) - 256u);
    while (word < limit) *word++ = STACK_PAINT;
}

static uint32_t stack_max_bytes(void) {
    const uint32_t* word = (const uint32_t*)DTCM_BASE;
    while ((uintptr_t)word < (uintptr_t)__svc_stack_top && *word == STACK_PAINT) ++word;
    return (uint32_t)((uintptr_t)__svc_stack_top - (uintptr_t)word);
}

/* ---- the tests ------------------------------------------------------------------------------ */
static WC_RNG rng;
static bool rng_ready;

static int ensure_rng(void) {
    if (rng_ready) return 0;
    const int ret = wc_InitRng(&rng);
    if (ret == 0) rng_ready = true;
    return ret;
}

static int test_sha256(void) {
    static const byte expected[WC_SHA256_DIGEST_SIZE] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
        0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    byte digest[WC_SHA256_DIGEST_SIZE];
    const int ret = wc_Sha256Hash((const byte*)"abc", 3, digest);
    if (ret != 0) return ret;
    return memcmp(digest, expected, sizeof digest) == 0 ? 0 : WRONG_RESULT;
}

/* One side of an ECDHE P-256 agreement: generate `own`, derive the secret with `peer`'s public
 * key. `own` must be initialised. */
static int ecdhe_side(ecc_key* own, ecc_key* peer, byte* secret, word32* secret_len, bool generate) {
    int ret = 0;
    if (generate) ret = wc_ecc_make_key_ex(&rng, 32, own, ECC_SECP256R1);
    if (ret == 0) ret = wc_ecc_set_rng(own, &rng); /* ECC_TIMING_RESISTANT: blinding needs it */
    if (ret == 0) ret = wc_ecc_shared_secret(own, peer, secret, secret_len);
    return ret;
}

/* Keys live on the heap, never on the stack: with SP_INT_BITS 4096 an ecc_key is ~4 KiB and an
 * RsaKey ~8 KiB, and the SVC stack is ~14 KiB (wolfSSL itself allocates them, WOLFSSL_SMALL_STACK). */
static int test_ecdhe(void) {
    byte secret_a[32], secret_b[32];
    word32 len_a = sizeof secret_a, len_b = sizeof secret_b;
    int ret = ensure_rng();
    if (ret != 0) return ret;
    ecc_key* const keys = malloc(2 * sizeof(ecc_key));
    if (!keys) return MEMORY_E;
    ecc_key* const a = &keys[0];
    ecc_key* const b = &keys[1];
    bool a_ready = false, b_ready = false;
    if ((ret = wc_ecc_init(a)) == 0) a_ready = true;
    if (ret == 0 && (ret = wc_ecc_init(b)) == 0) b_ready = true;
    if (ret == 0) ret = wc_ecc_make_key_ex(&rng, 32, a, ECC_SECP256R1);
    if (ret == 0) ret = wc_ecc_make_key_ex(&rng, 32, b, ECC_SECP256R1);
    if (ret == 0) ret = wc_ecc_check_key(a);
    if (ret == 0) ret = ecdhe_side(a, b, secret_a, &len_a, false);
    if (ret == 0) ret = ecdhe_side(b, a, secret_b, &len_b, false);
    if (ret == 0) {
        static const byte zero[32];
        if (len_a != 32 || len_b != 32 || memcmp(secret_a, secret_b, 32) != 0 || memcmp(secret_a, zero, 32) == 0)
            ret = WRONG_RESULT;
    }
    if (a_ready) wc_ecc_free(a);
    if (b_ready) wc_ecc_free(b);
    free(keys);
    return ret;
}

static int rsa_verify(const byte* signature, word32 signature_len) {
    RsaKey* const key = malloc(sizeof *key);
    if (!key) return MEMORY_E;
    word32 index = 0;
    int ret = wc_InitRsaKey(key, NULL);
    if (ret != 0) {
        free(key);
        return ret;
    }
    ret = wc_RsaPublicKeyDecode(wctest_rsa2048_pub_der, &index, key, wctest_rsa2048_pub_der_len);
    if (ret == 0 && wc_RsaEncryptSize(key) != 256) ret = WRONG_RESULT;
    if (ret == 0)
        ret = wc_SignatureVerify(WC_HASH_TYPE_SHA256, WC_SIGNATURE_TYPE_RSA_W_ENC, (const byte*)WCTEST_MESSAGE,
                                 (word32)strlen(WCTEST_MESSAGE), signature, signature_len, key, sizeof *key);
    wc_FreeRsaKey(key);
    free(key);
    return ret;
}

static int test_rsa(void) {
    int ret = rsa_verify(wctest_rsa2048_sig, wctest_rsa2048_sig_len);
    if (ret != 0) return ret;
    static byte forged[wctest_rsa2048_sig_len];
    memcpy(forged, wctest_rsa2048_sig, sizeof forged);
    forged[100] ^= 0x04;
    return rsa_verify(forged, sizeof forged) == 0 ? WRONG_RESULT : 0;
}

static int test_aesgcm(void) {
    static const byte key[32] = "q2686emu AES-256-GCM test key!!";
    static const byte iv[12] = "nonce 96 bit";
    static const byte aad[] = "header";
    static const byte plain[64] = "The quick brown fox jumps over the lazy dog, 64 bytes of text.";
    byte cipher[sizeof plain], decrypted[sizeof plain], tag[16];
    Aes aes;
    int ret = wc_AesInit(&aes, NULL, INVALID_DEVID);
    if (ret != 0) return ret;
    ret = wc_AesGcmSetKey(&aes, key, sizeof key);
    if (ret == 0)
        ret = wc_AesGcmEncrypt(&aes, cipher, plain, sizeof plain, iv, sizeof iv, tag, sizeof tag, aad, sizeof aad);
    if (ret == 0 && memcmp(cipher, plain, sizeof plain) == 0) ret = WRONG_RESULT;
    if (ret == 0)
        ret = wc_AesGcmDecrypt(&aes, decrypted, cipher, sizeof cipher, iv, sizeof iv, tag, sizeof tag, aad, sizeof aad);
    if (ret == 0 && memcmp(decrypted, plain, sizeof plain) != 0) ret = WRONG_RESULT;
    if (ret == 0) {
        tag[5] ^= 0x10;
        const int tampered =
            wc_AesGcmDecrypt(&aes, decrypted, cipher, sizeof cipher, iv, sizeof iv, tag, sizeof tag, aad, sizeof aad);
        if (tampered != AES_GCM_AUTH_E) ret = tampered == 0 ? WRONG_RESULT : tampered;
    }
    wc_AesFree(&aes);
    return ret;
}

static int test_tls(void) {
    int ret = wolfSSL_Init();
    if (ret != WOLFSSL_SUCCESS) return ret;
    WOLFSSL_CTX* ctx = wolfSSL_CTX_new(wolfTLSv1_2_client_method());
    if (!ctx) return MEMORY_E;
    ret = wolfSSL_CTX_load_verify_buffer(ctx, wctest_ca_p256_pem, wctest_ca_p256_pem_len, WOLFSSL_FILETYPE_PEM);
    wolfSSL_CTX_free(ctx);
    return ret == WOLFSSL_SUCCESS ? 0 : ret;
}

static void run_tests(u8 id, void* context) {
    (void)id;
    (void)context;
    static const struct {
        const char* name;
        int (*run)(void);
    } tests[] = {
        {"sha256", test_sha256}, {"ecdhe", test_ecdhe}, {"rsa", test_rsa}, {"aesgcm", test_aesgcm}, {"tls", test_tls},
    };
    const u32 started_ms = adl_msSinceBoot();
    for (unsigned i = 0; i < sizeof tests / sizeof tests[0]; ++i) {
        const int ret = tests[i].run();
        if (ret != 0) {
            unsolicited("+WCTEST: FAIL %s %d", tests[i].name, ret);
            return;
        }
    }
    unsolicited("+WCTEST: OK sha256 ecdhe rsa aesgcm tls %u", (unsigned)(adl_msSinceBoot() - started_ms));
}

/* ---- AT+WCBENCH ----------------------------------------------------------------------------- */
/* newlib-nano's printf has no %llu: decimal of a u64 into buffer[24]. */
static const char* u64_text(uint64_t value, char* buffer) {
    char* p = buffer + 23;
    *p = '\0';
    do {
        *--p = (char)('0' + value % 10u);
        value /= 10u;
    } while (value != 0);
    return p;
}

static void cmd_wcbench(adl_atCmdPreParser_t* params) {
    if (params->Type != ADL_CMD_TYPE_ACT) {
        adl_atSendStdResponse(ADL_AT_RSP, ADL_STR_OK); /* AT+WCBENCH=? */
        return;
    }
    byte secret[32];
    word32 secret_len = sizeof secret;
    int ret = ensure_rng();
    ecc_key* const keys = malloc(2 * sizeof(ecc_key));
    if (!keys) ret = MEMORY_E;
    ecc_key* const own = keys;
    ecc_key* const peer = keys + 1;
    bool own_ready = false, peer_ready = false;
    if (ret == 0 && (ret = wc_ecc_init(peer)) == 0) peer_ready = true;
    if (ret == 0) ret = wc_ecc_make_key_ex(&rng, 32, peer, ECC_SECP256R1); /* the "server" side, not timed */
    if (ret == 0 && (ret = wc_ecc_init(own)) == 0) own_ready = true;
    const uint64_t ecdhe_start = adl_cyclesNow();
    if (ret == 0) ret = ecdhe_side(own, peer, secret, &secret_len, true);
    const uint64_t ecdhe_cycles = adl_cyclesNow() - ecdhe_start;
    if (own_ready) wc_ecc_free(own);
    if (peer_ready) wc_ecc_free(peer);
    free(keys);

    uint64_t rsa_cycles = 0;
    if (ret == 0) {
        const uint64_t rsa_start = adl_cyclesNow();
        ret = rsa_verify(wctest_rsa2048_sig, wctest_rsa2048_sig_len); /* includes decoding the key */
        rsa_cycles = adl_cyclesNow() - rsa_start;
    }
    if (ret != 0) {
        char text[64];
        snprintf(text, sizeof text, "+WCBENCH: FAIL %d", ret);
        adl_atSendLine(ADL_AT_RSP, text);
        adl_atSendStdResponse(ADL_AT_RSP, ADL_STR_ERROR);
        return;
    }
    char text[96], ecdhe_text[24], rsa_text[24];
    snprintf(text, sizeof text, "+WCBENCH: ecdhe=%s rsa_verify=%s", u64_text(ecdhe_cycles, ecdhe_text),
             u64_text(rsa_cycles, rsa_text));
    adl_trace(text);
    adl_atSendLine(ADL_AT_RSP, text);
    adl_atSendStdResponse(ADL_AT_RSP, ADL_STR_OK);
}

/* ---- AT+WCMEM? ------------------------------------------------------------------------------ */
static void cmd_wcmem(adl_atCmdPreParser_t* params) {
    if (params->Type == ADL_CMD_TYPE_READ) {
        /* newlib-nano never gives memory back to _sbrk: the arena is the heap's high-water mark
         * (the ROM's own allocations included). */
        const struct mallinfo info = mallinfo();
        char text[96];
        snprintf(text, sizeof text, "+WCMEM: heap_arena=%u,heap_in_use=%u,stack_max=%u", (unsigned)info.arena,
                 (unsigned)info.uordblks, (unsigned)stack_max_bytes());
        adl_atSendLine(ADL_AT_RSP, text);
    }
    adl_atSendStdResponse(ADL_AT_RSP, ADL_STR_OK);
}

void adl_main(adl_InitType_e init_type) {
    (void)init_type;
    paint_stack();
    adl_trace("wolfcrypt_selftest: wolfSSL " LIBWOLFSSL_VERSION_STRING);
    adl_atCmdSubscribe("+WCBENCH", cmd_wcbench, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_TEST);
    adl_atCmdSubscribe("+WCMEM", cmd_wcmem, ADL_CMD_TYPE_READ | ADL_CMD_TYPE_TEST);
    if (!adl_tmrSubscribe(false, START_DELAY_MS, ADL_TMR_TYPE_MS, run_tests))
        unsolicited("+WCTEST: FAIL timer %d", WRONG_RESULT);
}
