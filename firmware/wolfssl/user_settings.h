/* user_settings.h — wolfSSL configuration of the q2686emu firmware (ARM946E-S, newlib-nano,
 * bare metal, no threads, no file system). Read by wolfSSL because the build defines
 * WOLFSSL_USER_SETTINGS (firmware/wolfssl/CMakeLists.txt); every translation unit that includes
 * a wolfSSL header must see the same definitions, so applications link `wolfssl_arm`, which
 * exports this folder and the define.
 *
 * What is in: a TLS 1.2 and TLS 1.3 *client*; ECDHE and ECDSA on P-256 and P-384; RSA (verify of
 * server chains up to 4096 bits, sign with a 2048-bit client key), RSA-PSS (TLS 1.3); SHA-1
 * (legacy certificate signatures only), SHA-256/384/512; AES-128/256-GCM; SNI; extended master
 * secret; a small session cache. Math: SP (single precision) in portable C, small-footprint
 * variants; no assembly. docs/network.md ("TLS on the modem") has the sizes and timings. */
#ifndef Q2686_WOLFSSL_USER_SETTINGS_H
#define Q2686_WOLFSSL_USER_SETTINGS_H

/* ---- platform --------------------------------------------------------------------------- */
#define SINGLE_THREADED        /* the ADL event loop is the only thread: no mutexes */
#define NO_FILESYSTEM          /* CA/keys come from buffers (wolfSSL_CTX_load_verify_buffer) */
#define NO_WRITEV
#define NO_DEV_RANDOM          /* no /dev/urandom: the seed comes from q2686_wolfssl_seed() */
#define NO_MAIN_DRIVER
#define WOLFSSL_USER_IO        /* no BSD sockets: wolfSSL_SSLSetIORecv/Send callbacks over the */
#define WOLFSSL_NO_SOCK        /*   WIP TCP channel (lwIP raw API), written with the TLS client */
#define WOLFSSL_SMALL_STACK    /* big temporaries on the heap: the SVC stack is ~14 KiB of DTCM */
#define WOLFSSL_GENERAL_ALIGNMENT 4 /* ARMv5: no unaligned word access */
#define SIZEOF_LONG 4
#define SIZEOF_LONG_LONG 8
#define WOLFSSL_NO_ASM         /* portable C everywhere (also no ARMv7/Thumb-2 SP assembly) */
#define TFM_NO_ASM
#define WOLFSSL_IGNORE_FILE_WARN /* files compiled with nothing enabled don't #warning */

/* ---- clock: the modem's RTC --------------------------------------------------------------
 * USER_TIME: wolfSSL calls XTIME() for "now" when it checks certificate validity, and uses its
 * own gmtime() (WOLFSSL_GMTIME). newlib already has time_t and struct tm: HAVE_TIME_T_TYPE and
 * HAVE_TM_TYPE stop wolfSSL from declaring its own (they clash otherwise).
 * q2686_wolfssl_time() (wolfssl_port.c) returns Unix time from the RTC, which counts *local*
 * time in seconds since 1998-01-01 00:00:00 (adl_rtcGetSeconds()) with the zone set by
 * AT+CCLK in quarter hours: unix = seconds + 883612800 - zone * 900. */
#define USER_TIME
#define HAVE_TIME_T_TYPE
#define HAVE_TM_TYPE
#include <time.h>
time_t q2686_wolfssl_time(time_t* t);
#define XTIME(t) q2686_wolfssl_time(t)
/* TLS 1.3 ticket ages want a millisecond clock (TimeNowInMilliseconds); without one wolfSSL
 * calls gettimeofday(), which newlib's stubs fail, and a ticket arriving after the handshake
 * kills the connection with GETTIME_ERROR (-337). Any monotonic milliseconds do: tickets live
 * in RAM, never across a reset. */
#include <stdint.h>
uint32_t adl_msSinceBoot(void); /* rom-stubs/include/adl.h */
#define XTIME_MS(t) adl_msSinceBoot()

/* ---- randomness ----------------------------------------------------------------------------
 * Hash DRBG (SHA-256) seeded by q2686_wolfssl_seed() (wolfssl_port.c) from the TRNG device
 * (adl_trngFill, docs/hardware.md "TRNG").
 * !!! NOT SECURE: the emulated TRNG is a deterministic stream from the emulator's entropy    !!!
 * !!! seed (--entropy-seed), so runs are reproducible and key material is predictable by    !!!
 * !!! anyone who knows the seed. Right for an emulator, wrong for anything to protect.      !!! */
#define HAVE_HASHDRBG
int q2686_wolfssl_seed(unsigned char* output, unsigned int size);
#define CUSTOM_RAND_GENERATE_SEED q2686_wolfssl_seed

/* ---- protocol ------------------------------------------------------------------------------ */
#define NO_WOLFSSL_SERVER
#define NO_OLD_TLS             /* no SSLv3, TLS 1.0, TLS 1.1 */
#define WOLFSSL_TLS13
#define HAVE_TLS_EXTENSIONS
#define HAVE_SUPPORTED_CURVES
#define HAVE_SNI
#define HAVE_EXTENDED_MASTER
#define HAVE_ENCRYPT_THEN_MAC
#define HAVE_SERVER_RENEGOTIATION_INFO
#define HAVE_HKDF              /* TLS 1.3 key schedule */
#define SMALL_SESSION_CACHE    /* 6 sessions: enough for WIP_COPT_SESSION reuse on a client */
#define HAVE_SESSION_TICKET    /* TLS 1.3 resumption is by ticket only (NO_PSK); TLS 1.2 uses them too */
#define NO_PSK
#define NO_DH                  /* no finite-field DHE: ECDHE only */
#define NO_DSA
#define NO_RC4
#define NO_MD4
#define NO_DES3
#define NO_PWDBASED
#define NO_MD5                 /* only SSLv3/TLS 1.0/1.1 need it */

/* ---- hashes and ciphers -------------------------------------------------------------------- */
#define WOLFSSL_SHA384
#define WOLFSSL_SHA512
#define USE_SLOW_SHA           /* rolled loops: SHA-1 5.5 KB -> ~1.5 KB of code */
#define USE_SLOW_SHA512        /* rolled loops: SHA-384/512 14 KB -> ~4 KB of code */
#define HAVE_AESGCM
#define GCM_SMALL              /* byte-wise GHASH: no 4/8-bit tables in RAM */
#define WOLFSSL_AES_128
#define WOLFSSL_AES_256
#define WOLFSSL_AES_SMALL_TABLES /* 1 KiB T-table in flash instead of 4+4 KiB */
#define NO_AES_192
#define NO_AES_CBC             /* TLS 1.2 suites with GCM only */

/* ---- public key ---------------------------------------------------------------------------- */
#define HAVE_ECC
#define ECC_USER_CURVES        /* P-256 (default on) and P-384, nothing else */
#define HAVE_ECC384
#define ECC_SHAMIR
#define ECC_TIMING_RESISTANT
#define WC_RSA_BLINDING
#define TFM_TIMING_RESISTANT
#define WC_RSA_PSS
#define WOLFSSL_PSS_LONG_SALT

/* SP math: sp_int.c for arbitrary sizes (RSA chains up to 4096 bits) plus the fixed-size,
 * small-footprint C implementations in sp_c32.c for P-256, P-384 and RSA-2048. */
#define WOLFSSL_SP_MATH_ALL
#define WOLFSSL_SP_SMALL
#define WOLFSSL_HAVE_SP_RSA
#define WOLFSSL_HAVE_SP_ECC
#define WOLFSSL_SP_384
#define WOLFSSL_SP_NO_3072     /* 3072-bit RSA goes through the generic sp_int code */
#define SP_WORD_SIZE 32
#define SP_INT_BITS 4096

/* ---- certificate verification ------------------------------------------------------------ */
/* The TLS channel's verify callback (firmware/wip_ssl/wip_ssl_verify.c) is also called for a
 * server certificate that passes, not only for failures: its "certificate verified" step. */
#define WOLFSSL_ALWAYS_VERIFY_CB
/* ... and for every CA certificate the server sends (WOLFSSL_VERIFY_CB_ALL_CERTS): an RSA key
 * larger than SP_INT_BITS passes wolfSSL's checks there and fails only on the leaf's signature,
 * as a parse error that reaches no callback; the callback refuses that CA instead, by name. */
#define WOLFSSL_VERIFY_CB_ALL_CERTS

/* ---- diagnostics --------------------------------------------------------------------------- */
/* No DEBUG_WOLFSSL. Error strings are kept: the TLS client reports the exact reason. */

#endif /* Q2686_WOLFSSL_USER_SETTINGS_H */
