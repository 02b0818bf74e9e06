/* wip_ssl_verify.c — checking the server's certificate, and saying exactly why a TLS channel
 * failed (wip_SSLGetLastError).
 *
 * The real plug-in reports every certificate failure as WIP_CEV_ERROR errnum 1 ("Bad
 * certificate") and nothing more; a wrong RTC (AT+CCLK) looks exactly like an untrusted server.
 * We keep errnum 1 and add the reason: wolfSSL calls our verify callback for the certificate it
 * rejects, with its error code, its depth in the chain and the chain's DER (store->certs); we
 * decode that certificate once more (wip_ssl_certificate.c) for its validity dates, names and
 * whether it is self-signed, and read the clock the check used (XTIME: the RTC with the AT+CCLK
 * zone, firmware/wolfssl/wolfssl_port.c). With WOLFSSL_ALWAYS_VERIFY_CB the callback also sees
 * the server's certificate when it passes: there we add the two checks wolfSSL 5.5 leaves out
 * (keyUsage in TLS 1.3, the trusted CAs' own dates) before the "certificate verified" step; with
 * WOLFSSL_VERIFY_CB_ALL_CERTS it sees each CA the server sends, whose RSA key size we check.
 *
 * wolfSSL's certificate errors (wolfssl/wolfcrypt/error-crypt.h, wolfssl/error-ssl.h) map to
 * causes as in cause_of(); everything else during the handshake is "handshake-failure" (with
 * the alert the server sent, if any), after it "protocol-error". */
#include <stdlib.h>
#include <string.h>

#include <wolfssl/wolfcrypt/asn.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/internal.h> /* SendAlert, ssl->options.sendVerify: nothing public says either */

#include "wip_ssl_internal.h"

#define SSL_CHAIN_MAX 8u /* certificates of the server's chain we follow to its anchors */

/* ---- the certificate that failed ------------------------------------------------------------ */
static void copy_text(ascii* out, size_t size, const char* text) {
    size_t length = strlen(text);
    if (length >= size) length = size - 1;
    memcpy(out, text, length);
    out[length] = '\0';
}

static void record_certificate(struct ssl_channel* s, const struct ssl_certificate* c) {
    wip_sslError_t* e = &s->error;
    e->has_dates = c->has_dates;
    e->not_before = c->not_before;
    e->not_after = c->not_after;
    copy_text(e->subject, sizeof e->subject, c->subject);
    copy_text(e->issuer, sizeof e->issuer, c->issuer);
    s->failing_cert_self_signed = c->self_signed;
}

/* The first failure is the one wolfSSL reports, and the one we describe. */
static void record_failure(struct ssl_channel* s, int code, int depth, const struct ssl_certificate* c) {
    if (s->cert_failure_recorded) return;
    s->cert_failure_recorded = true;
    s->error.library_error = code;
    s->error.depth = (s16)depth;
    s->error.rtc = (int64_t)XTIME(NULL);
    if (c) record_certificate(s, c);
}

static bool read_chain_certificate(WOLFSSL_X509_STORE_CTX* store, int index, struct ssl_certificate* out) {
    if (!store->certs || index < 0 || index >= store->totalCerts) return false;
    return ssl_certificate_read(store->certs[index].buffer, store->certs[index].length, out);
}

/* ---- what wolfSSL leaves out ------------------------------------------------------------------- */
/* RFC 8446 §4.4.2.2: in TLS 1.3 the server's certificate MUST allow signing (digitalSignature,
 * when keyUsage is present) — its key signs the CertificateVerify. wolfSSL 5.5 checks keyUsage
 * against the TLS 1.2 cipher suite's key exchange only, so a TLS 1.3 server with a
 * keyEncipherment-only, keyCertSign-only or keyAgreement-only certificate got through. */
static int check_tls13_key_usage(struct ssl_channel* s, const struct ssl_certificate* leaf) {
    if (wolfSSL_version(s->ssl) != TLS1_3_VERSION || ssl_certificate_allows_signing(leaf)) return 0;
    record_failure(s, KEYUSE_SIGNATURE_E, 0, leaf);
    return KEYUSE_SIGNATURE_E;
}

static int date_error(const struct ssl_certificate* c, int64_t now) {
    if (!c->has_dates) return 0;
    if (now < c->not_before) return ASN_BEFORE_DATE_E; /* both bounds inclusive (RFC 5280 §4.1.2.5) */
    if (now > c->not_after) return ASN_AFTER_DATE_E;
    return 0;
}

/* The anchors the chain ends at, checked against the clock (wip_ssl_anchors.c says why). From
 * the leaf up: an issuer the server sent has been checked by wolfSSL; an issuer from TLS:0 has
 * not, and neither have the anchors above it. Depth counts certificates from the leaf, as
 * wolfSSL's does. */
static int check_anchors(struct ssl_channel* s, WOLFSSL_X509_STORE_CTX* store) {
    if (!s->anchors || store->totalCerts <= 0) return 0;
    const int sent = store->totalCerts < (int)SSL_CHAIN_MAX ? store->totalCerts : (int)SSL_CHAIN_MAX;
    struct ssl_certificate* chain = malloc(sizeof *chain * (size_t)sent);
    if (!chain) return 0;
    int readable = 0;
    while (readable < sent && read_chain_certificate(store, readable, &chain[readable])) ++readable;
    const int64_t now = (int64_t)XTIME(NULL);
    int result = 0;
    const struct ssl_certificate* current = readable > 0 ? &chain[0] : NULL;
    int index = 0; /* of current in chain, or `sent` once among the anchors */
    for (int depth = 0; current && !current->self_signed && depth < (int)(2 * SSL_CHAIN_MAX); ++depth) {
        const struct ssl_certificate* next = NULL;
        for (int i = index + 1; i < readable && !next; ++i)
            if (ssl_certificate_issued(&chain[i], current)) next = &chain[i], index = i;
        if (!next) {
            next = ssl_anchors_issuer_of(s->anchors, current);
            index = sent;
            if (next && (result = date_error(next, now)) != 0) {
                record_failure(s, result, depth + 1, next);
                break;
            }
        }
        current = next;
    }
    free(chain);
    return result;
}

/* An RSA key larger than this build handles (SSL_RSA_MAX_BITS) fails in wolfSSL as a buffer
 * error (BUFFER_E: its modulus or its signatures are longer than wolfSSL can hold), charged to
 * the certificate that carries the key or to the one it signed. The certificate that cannot be
 * used is the one with the key: that one is reported, as unsupported-algorithm, at its depth. */
static bool blame_oversized_key(struct ssl_channel* s, WOLFSSL_X509_STORE_CTX* store,
                                const struct ssl_certificate* failing) {
    if (s->cert_failure_recorded) return false;
    if (failing->rsa_bits > SSL_RSA_MAX_BITS) {
        record_failure(s, store->error, store->error_depth, failing);
        s->certificate_cause = WIP_SSL_CAUSE_UNSUPPORTED_ALGORITHM;
        return true;
    }
    struct ssl_certificate* candidate = malloc(sizeof *candidate);
    if (!candidate) return false;
    bool blamed = false, issuer_sent = false;
    for (int i = store->error_depth + 1; i < store->totalCerts && !issuer_sent; ++i) {
        if (!read_chain_certificate(store, i, candidate) || !ssl_certificate_issued(candidate, failing)) continue;
        issuer_sent = true;
        if (candidate->rsa_bits > SSL_RSA_MAX_BITS) {
            record_failure(s, store->error, i, candidate);
            blamed = true;
        }
    }
    const struct ssl_certificate* anchor = issuer_sent ? NULL : ssl_anchors_issuer_of(s->anchors, failing);
    if (anchor && anchor->rsa_bits > SSL_RSA_MAX_BITS) {
        record_failure(s, store->error, store->error_depth + 1, anchor);
        blamed = true;
    }
    free(candidate);
    if (blamed) s->certificate_cause = WIP_SSL_CAUSE_UNSUPPORTED_ALGORITHM;
    return blamed;
}

/* The alert for our own findings: the one wolfSSL sends for the same error (DoCertFatalAlert);
 * its own alert for the callback's refusal (bad_certificate) comes second and is not sent
 * (wip_ssl_io.c: one fatal alert). */
static void send_alert_for(struct ssl_channel* s, int code) {
    const int description =
        code == ASN_BEFORE_DATE_E || code == ASN_AFTER_DATE_E ? certificate_expired : bad_certificate;
    SendAlert(s->ssl, alert_fatal, description);
}

/* A CA the server sent with an RSA key this build cannot use (over SSL_RSA_MAX_BITS): wolfSSL
 * passes it, then fails on the signature it made — the leaf's, as a parse error, before any
 * verify callback for the leaf (ProcessPeerCerts: "ASN PARSE or BUFFER ERROR"), so the report
 * would name no certificate at all. Refused here, as the CA it is. */
static int check_ca_key(struct ssl_channel* s, WOLFSSL_X509_STORE_CTX* store) {
    if (s->verify == WIP_SSL_NEVER) return 1;
    struct ssl_certificate* ca = malloc(sizeof *ca);
    if (!ca) return 1;
    int ok = 1;
    if (read_chain_certificate(store, store->error_depth, ca) && ca->rsa_bits > SSL_RSA_MAX_BITS) {
        record_failure(s, NOT_COMPILED_IN, store->error_depth, ca);
        send_alert_for(s, NOT_COMPILED_IN);
        ok = 0;
    }
    free(ca);
    return ok;
}

/* ---- the verify callback --------------------------------------------------------------------- */
static int on_verify(int preverify_ok, WOLFSSL_X509_STORE_CTX* store) {
    struct ssl_channel* s = store->userCtx;
    if (!s || !s->in_use) return preverify_ok;
    if (preverify_ok) {
        if (store->error_depth != 0) return check_ca_key(s, store); /* WOLFSSL_VERIFY_CB_ALL_CERTS */
        /* The server's own certificate: the chain below it passed wolfSSL's checks. */
        if (s->verify != WIP_SSL_NEVER) {
            struct ssl_certificate leaf;
            int found = 0;
            if (read_chain_certificate(store, 0, &leaf)) found = check_tls13_key_usage(s, &leaf);
            if (found == 0) found = check_anchors(s, store);
            if (found != 0) {
                send_alert_for(s, found);
                return 0;
            }
        }
        s->verified = s->verify != WIP_SSL_NEVER;
        ssl_channel_step(s, s->verified ? WIP_SSL_STEP_CERT_VERIFIED : WIP_SSL_STEP_CERT_NOT_VERIFIED);
        return 1;
    }
    if (s->verify == WIP_SSL_NEVER) return 1;
    struct ssl_certificate failing;
    const bool described = read_chain_certificate(store, store->error_depth, &failing);
    if (described && blame_oversized_key(s, store, &failing)) return 0;
    record_failure(s, store->error, store->error_depth, described ? &failing : NULL);
    return 0;
}

void ssl_verify_attach(struct ssl_channel* s) {
    s->error.depth = -1;
    s->error.alert = -1;
    copy_text(s->error.host, sizeof s->error.host, s->host);
    const int mode = s->verify == WIP_SSL_NEVER ? WOLFSSL_VERIFY_NONE : WOLFSSL_VERIFY_PEER;
    wolfSSL_set_verify(s->ssl, mode, on_verify);
    wolfSSL_SetCertCbCtx(s->ssl, s); /* store->userCtx in on_verify */
    if (s->verify != WIP_SSL_NEVER) wolfSSL_check_domain_name(s->ssl, s->host);
}

/* ---- classification ------------------------------------------------------------------------- */
static wip_sslCause_t cause_of(const struct ssl_channel* s, int code) {
    switch (code) {
        case ASN_BEFORE_DATE_E: return WIP_SSL_CAUSE_NOT_YET_VALID;
        case ASN_AFTER_DATE_E: return WIP_SSL_CAUSE_EXPIRED;
        case ASN_NO_SIGNER_E:
        case ASN_SELF_SIGNED_E:
            return s->failing_cert_self_signed ? WIP_SSL_CAUSE_SELF_SIGNED : WIP_SSL_CAUSE_UNKNOWN_CA;
        case DOMAIN_NAME_MISMATCH:
        case IPADDR_MISMATCH: return WIP_SSL_CAUSE_HOSTNAME_MISMATCH;
        case ASN_SIG_CONFIRM_E:
        case SIG_VERIFY_E: return WIP_SSL_CAUSE_BAD_SIGNATURE;
        case ASN_SIG_OID_E:
        case ASN_SIG_KEY_E:
        case ASN_SIG_HASH_E:
        case ASN_UNKNOWN_OID_E:
        case ECC_CURVE_OID_E:
        case ASN_ECC_KEY_E:
        case RSA_KEY_SIZE_E:
        case ECC_KEY_SIZE_E:
        case NOT_COMPILED_IN:
        /* A signature hash we lack: MD5 (NO_MD5) — HashForSignature's answer. */
        case HASH_TYPE_E:
        /* The certificate's public key could not be decoded: a curve or key type we lack
         * (P-521, Ed25519). wolfSSL uses the code for a bad key share too, which a working
         * server never sends. */
        case PEER_KEY_ERROR: return WIP_SSL_CAUSE_UNSUPPORTED_ALGORITHM;
        case KEYUSE_SIGNATURE_E:
        case KEYUSE_ENCIPHER_E:
        case EXTKEYUSE_AUTH_E: return WIP_SSL_CAUSE_KEY_USAGE;
        case ASN_PARSE_E:
        case ASN_VERSION_E:
        case ASN_EXPECT_0_E:
        case ASN_BITSTR_E:
        case ASN_TIME_E:
        case ASN_INPUT_E:
        case ASN_CRIT_EXT_E:
        case ASN_ALT_NAME_E:
        case ASN_PATHLEN_INV_E:
        case ASN_PATHLEN_SIZE_E:
        case ASN_NAME_INVALID_E:
        case MAX_CHAIN_ERROR:
        case NO_PEER_CERT: return WIP_SSL_CAUSE_BAD_CERTIFICATE;
        default: return WIP_SSL_CAUSE_NONE;
    }
}

void ssl_verify_classify(struct ssl_channel* s, s32 library_error, bool handshake) {
    /* The verify callback saw the certificate failure first; wolfSSL_get_error returns the same
     * code, unless something later (e.g. a second check) overwrote it. */
    const s32 code = s->cert_failure_recorded ? s->error.library_error : library_error;
    wip_sslCause_t cause = s->certificate_cause != WIP_SSL_CAUSE_NONE ? s->certificate_cause : cause_of(s, code);
    if (cause != WIP_SSL_CAUSE_NONE) return ssl_channel_fail(s, WIP_SSL_CERR_BAD_CERTIFICATE, cause, code);

    WOLFSSL_ALERT_HISTORY history;
    if (wolfSSL_get_alert_history(s->ssl, &history) == WOLFSSL_SUCCESS && history.last_rx.level == alert_fatal)
        s->error.alert = (s16)history.last_rx.code;
    if (s->tcp_closed_by_peer && (library_error == SOCKET_PEER_CLOSED_E || library_error == SOCKET_ERROR_E) &&
        s->error.alert < 0 && handshake) {
        /* The server hung up in the middle of the handshake without a word: wolfSSL's text for
         * that ("error state on socket") reads like a fault of ours. */
        s->error.reason = "the server closed the connection during the handshake";
        return ssl_channel_fail(s, WIP_SSL_CERR_FAILURE, WIP_SSL_CAUSE_HANDSHAKE_FAILURE, library_error);
    }
    /* A server that wants a client certificate and got our empty one ends the handshake with an
     * alert: handshake_failure (40) in TLS 1.2, certificate_required (116) in TLS 1.3. The alert
     * alone does not say it; wolfSSL remembers that it answered a CertificateRequest blank. */
    if (s->error.alert >= 0 && s->ssl->options.sendVerify == SEND_BLANK_CERT)
        s->error.reason = "the server requested a client certificate and none is configured";
    /* In TLS 1.3 the client's part of the handshake ends with its Finished, before the server
     * has judged it: a server refusing our client certificate (certificate_required, ...) says
     * so in an alert that arrives after WIP_CEV_OPEN. An alert before any data is still the
     * handshake's verdict. */
    const bool refused_after_finished = s->error.alert >= 0 && !s->data_received;
    cause = handshake || refused_after_finished ? WIP_SSL_CAUSE_HANDSHAKE_FAILURE : WIP_SSL_CAUSE_PROTOCOL_ERROR;
    ssl_channel_fail(s, WIP_SSL_CERR_FAILURE, cause, library_error);
}

/* ---- reporting -------------------------------------------------------------------------------- */
s32 wip_SSLGetLastError(wip_channel_t channel, wip_sslError_t* error) {
    const struct ssl_channel* s = ssl_channel_of(channel);
    if (!s || !error) return WIP_CERR_INVALID;
    if (s->phase != SSL_PHASE_FAILED) return WIP_CERR_CSTATE;
    *error = s->error;
    return 0;
}

const ascii* wip_SSLCauseName(wip_sslCause_t cause) {
    static const char* const names[] = {
        [WIP_SSL_CAUSE_NONE] = "none",
        [WIP_SSL_CAUSE_NOT_YET_VALID] = "not-yet-valid",
        [WIP_SSL_CAUSE_EXPIRED] = "expired",
        [WIP_SSL_CAUSE_UNKNOWN_CA] = "unknown-ca",
        [WIP_SSL_CAUSE_SELF_SIGNED] = "self-signed",
        [WIP_SSL_CAUSE_HOSTNAME_MISMATCH] = "hostname-mismatch",
        [WIP_SSL_CAUSE_BAD_SIGNATURE] = "bad-signature",
        [WIP_SSL_CAUSE_UNSUPPORTED_ALGORITHM] = "unsupported-algorithm",
        [WIP_SSL_CAUSE_BAD_CERTIFICATE] = "bad-certificate",
        [WIP_SSL_CAUSE_HANDSHAKE_FAILURE] = "handshake-failure",
        [WIP_SSL_CAUSE_PROTOCOL_ERROR] = "protocol-error",
        [WIP_SSL_CAUSE_NETWORK_ERROR] = "network-error",
        [WIP_SSL_CAUSE_KEY_USAGE] = "key-usage",
    };
    return (unsigned)cause < sizeof names / sizeof names[0] ? names[cause] : "none";
}

const ascii* wip_SSLLibraryErrorText(s32 library_error) {
    static char text[WOLFSSL_MAX_ERROR_SZ];
    return wolfSSL_ERR_error_string((unsigned long)library_error, text);
}

const ascii* wip_SSLErrorText(s32 errnum) {
    if (errnum == WIP_SSL_CERR_BAD_CERTIFICATE) return "Bad certificate";
    if (errnum == WIP_SSL_CERR_FAILURE) return "TLS failure";
    return wip_strerror(errnum);
}
