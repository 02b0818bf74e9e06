/* wip_ssl_internal.h — how the TLS channel modules reach each other (not for applications).
 *   wip_ssl_config.c   wip_SSLInitOpts: the wolfSSL context (CAs, client credentials, verify level)
 *   wip_ssl_channel.c  the channel type: creation, the TCP channel underneath, the handshake, events
 *   wip_ssl_io.c       wolfSSL's I/O callbacks and the queue of records waiting for TCP room
 *   wip_ssl_verify.c   the certificate verify callback and the reason of a failure
 *   wip_ssl_certificate.c  what we read from a certificate's DER ourselves
 *   wip_ssl_anchors.c  the trusted CAs as we keep them, for their own validity dates
 *   wip_ssl_session.c  sessions, wip_SSLGetInfo */
#ifndef Q2686_WIP_SSL_INTERNAL_H
#define Q2686_WIP_SSL_INTERNAL_H

#include <wolfssl/wolfcrypt/settings.h>
#include <wolfssl/ssl.h>
#include <wolfssl/error-ssl.h>

#include "wip_channel_impl.h"
#include "wip_ssl.h"

#define SSL_MAX_CHANNELS 2u     /* TLS channels at once: a handshake peaks at ~30 KB of heap */
#define SSL_HOST_MAX 63u
/* Records waiting for room in the TCP send buffer. Writes are cut so that a whole record
 * always fits (SSL_RECORD_OVERHEAD covers the header, explicit nonce and tag of TLS 1.2 and
 * TLS 1.3 AES-GCM), so wolfSSL never has to hold one back after the handshake. */
#define SSL_OUT_CAPACITY 6144u
#define SSL_RECORD_OVERHEAD 64u

struct ssl_anchors; /* wip_ssl_anchors.c */

enum ssl_phase {
    SSL_PHASE_TCP,       /* the TCP connection is being made */
    SSL_PHASE_HANDSHAKE, /* wolfSSL_connect until it succeeds */
    SSL_PHASE_OPEN,      /* application data */
    SSL_PHASE_FAILED,    /* WIP_CEV_ERROR posted */
};

struct ssl_channel {
    bool in_use;
    enum ssl_phase phase;
    wip_channel_t channel;   /* the application's */
    wip_channel_t tcp;       /* ours underneath; NULL once closed */
    WOLFSSL* ssl;
    u8 verify;               /* WIP_SSL_* */
    bool tcp_closed_by_peer; /* the TCP channel reported WIP_CEV_PEER_CLOSE */
    bool peer_closed;        /* WIP_CEV_PEER_CLOSE posted (close_notify or FIN) */
    bool write_blocked;      /* a wip_write took less than asked */
    bool verified;           /* the verify callback passed the server's certificate */
    bool data_received;      /* application data has arrived since the handshake */
    ascii host[SSL_HOST_MAX + 1];
    wip_sslStepHandler_f step;
    u8* out;                 /* SSL_OUT_CAPACITY bytes; out[0..out_length) waits for TCP */
    u32 out_length;
    u32 tcp_open_ms;         /* adl_msSinceBoot() at WIP_CEV_OPEN of the TCP channel */
    uint64_t handshake_cycles;
    u32 handshake_ms;
    wip_sslError_t error;    /* complete once phase is SSL_PHASE_FAILED */
    bool cert_failure_recorded; /* the verify callback filled error's certificate fields */
    bool failing_cert_self_signed;
    wip_sslCause_t certificate_cause; /* set when the cause is not wolfSSL's code's (NONE: it is) */
    struct ssl_anchors* anchors; /* held: the CAs of the context the channel was made with */
    bool fatal_alert_sent;   /* a fatal alert went out whole: nothing more is written (RFC 8446 §6.2) */
};

/* wip_ssl_certificate.c */
#define SSL_ID_SIZE 20u /* a name hash or key identifier (SHA-1) */
struct ssl_certificate {
    bool parsed;             /* wc_ParseCert went to the end (else names and dates only) */
    bool has_dates;
    int64_t not_before, not_after; /* Unix seconds (UTC) */
    ascii subject[64], issuer[64]; /* CNs, "" if none */
    bool self_signed;
    u8 subject_hash[SSL_ID_SIZE], issuer_hash[SSL_ID_SIZE];
    bool has_subject_key_id, has_authority_key_id;
    u8 subject_key_id[SSL_ID_SIZE], authority_key_id[SSL_ID_SIZE];
    bool has_key_usage;
    u16 key_usage;           /* KEYUSE_* bits */
    u16 rsa_bits;            /* the RSA modulus' size, 0 for another key type */
};
/* The largest RSA key whose signatures this build can check (SP_INT_BITS, user_settings.h). */
#define SSL_RSA_MAX_BITS SP_INT_BITS
/* Reads `der` (no verification). false if not even its names could be read. */
bool ssl_certificate_read(const u8* der, u32 length, struct ssl_certificate* out);
/* `issuer` is the one that signed `subject`: by key identifier, else by name. */
bool ssl_certificate_issued(const struct ssl_certificate* issuer, const struct ssl_certificate* subject);
/* No keyUsage extension, or one with digitalSignature. */
bool ssl_certificate_allows_signing(const struct ssl_certificate* certificate);

/* wip_ssl_anchors.c */
/* Every certificate of a PEM text, one reference; *out NULL when there is none. 0 or MEMORY_E. */
s32 ssl_anchors_load(const ascii* pem, struct ssl_anchors** out);
struct ssl_anchors* ssl_anchors_hold(struct ssl_anchors* anchors); /* one more reference (NULL: none) */
void ssl_anchors_release(struct ssl_anchors* anchors);             /* freed with the last one */
/* The anchor that issued `subject`, or NULL. */
const struct ssl_certificate* ssl_anchors_issuer_of(const struct ssl_anchors* anchors,
                                                    const struct ssl_certificate* subject);

/* wip_ssl_config.c */
WOLFSSL_CTX* ssl_context(void); /* NULL until wip_SSLInitOpts succeeded */
int ssl_verify_level(void);
int ssl_version_setting(void); /* WIP_SSL_VERSION_* */
struct ssl_anchors* ssl_trust_anchors(void); /* the context's CAs (not held), NULL if none */

/* wip_ssl_channel.c */
struct ssl_channel* ssl_channel_of(wip_channel_t channel); /* NULL if not a live TLS channel */
void ssl_channel_step(struct ssl_channel* s, wip_sslStep_t step); /* to the step handler, if any */
/* Fails the channel: the first failure wins; posts WIP_CEV_ERROR. */
void ssl_channel_fail(struct ssl_channel* s, s32 errnum, wip_sslCause_t cause, s32 library_error);

/* wip_ssl_io.c */
void ssl_io_attach(struct ssl_channel* s); /* wolfSSL's callbacks for s->ssl, reading/writing s->tcp */
void ssl_io_flush(struct ssl_channel* s);  /* queued records → TCP, as much as it takes */
u32 ssl_io_room(const struct ssl_channel* s); /* plaintext bytes one record may carry now */

/* wip_ssl_verify.c */
void ssl_verify_attach(struct ssl_channel* s); /* the verify callback and mode for s->ssl */
/* The failure after wolfSSL_connect/read/write returned `library_error`: errnum and cause, with
 * what the verify callback recorded. */
void ssl_verify_classify(struct ssl_channel* s, s32 library_error, bool handshake);

/* wip_ssl_session.c */
void ssl_session_offer(wip_SSLSession_t session, struct ssl_channel* s); /* if it is for s->host */

#endif /* Q2686_WIP_SSL_INTERNAL_H */
