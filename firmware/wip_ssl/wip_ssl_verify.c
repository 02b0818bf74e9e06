/* wip_ssl_verify.c — checking the server's certificate, and saying exactly why a TLS channel
 * failed (wip_SSLGetLastError).
 *
 * The real plug-in reports every certificate failure as WIP_CEV_ERROR errnum 1 ("Bad
 * certificate") and nothing more; a wrong RTC (AT+CCLK) looks exactly like an untrusted server.
 * We keep errnum 1 and add the reason: wolfSSL calls our verify callback for the certificate it
 * rejects, with its error code, its depth in the chain and the chain's DER (store->certs); we
 * decode that certificate once more (wc_ParseCert, no verification) for its validity dates,
 * names and whether it is self-signed, and read the clock the check used (XTIME: the RTC with
 * the AT+CCLK zone, firmware/wolfssl/wolfssl_port.c). With WOLFSSL_ALWAYS_VERIFY_CB the callback
 * also sees the server's certificate when it passes, which is the "certificate verified" step.
 *
 * wolfSSL's certificate errors (wolfssl/wolfcrypt/error-crypt.h, wolfssl/error-ssl.h) map to
 * causes as in cause_of(); everything else during the handshake is "handshake-failure" (with
 * the alert the server sent, if any), after it "protocol-error". */
#include <stdlib.h>
#include <string.h>

#include <wolfssl/wolfcrypt/asn.h>
#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

#include "wip_ssl_internal.h"

/* ---- calendar --------------------------------------------------------------------------------- */
/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's
 * days_from_civil, http://howardhinnant.github.io/date_algorithms.html). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* An ASN.1 UTCTime/GeneralizedTime TLV (as DecodedCert keeps beforeDate/afterDate) → Unix time. */
static bool asn_date_to_unix(const byte* tlv, int tlv_length, int64_t* unix_time) {
    const byte* date;
    byte format;
    int length;
    struct tm tm;
    if (!tlv || wc_GetDateInfo(tlv, tlv_length, &date, &format, &length) != 0 ||
        wc_GetDateAsCalendarTime(date, length, format, &tm) != 0)
        return false;
    *unix_time = days_from_civil(tm.tm_year + 1900, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday) * 86400 +
                 tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
    return true;
}

/* ---- the certificate that failed ------------------------------------------------------------ */
static void copy_text(ascii* out, size_t size, const char* text, size_t length) {
    if (length >= size) length = size - 1;
    memcpy(out, text, length);
    out[length] = '\0';
}

/* The CN of a name as DecodedCert prints it ("/C=FR/O=Example/CN=Example CA"). */
static void common_name_of(const char* name, ascii* out, size_t size) {
    const char* cn = strstr(name, "/CN=");
    if (!cn) return copy_text(out, size, "", 0);
    cn += 4;
    const char* end = strchr(cn, '/');
    copy_text(out, size, cn, end ? (size_t)(end - cn) : strlen(cn));
}

static void describe_certificate(struct ssl_channel* s, const byte* der, word32 length) {
    DecodedCert* cert = malloc(sizeof *cert);
    if (!cert) return;
    wc_InitDecodedCert(cert, der, length, NULL); /* zeroes it */
    /* The parse may stop at the public key (a curve we lack: ECC_CURVE_OID_E); names and dates
     * come before it in the certificate and are kept, so whatever was decoded is used. */
    const int parsed = wc_ParseCert(cert, CERT_TYPE, NO_VERIFY, NULL);
    wip_sslError_t* e = &s->error;
    e->has_dates = asn_date_to_unix(cert->beforeDate, cert->beforeDateLen, &e->not_before) &&
                   asn_date_to_unix(cert->afterDate, cert->afterDateLen, &e->not_after);
    if (cert->subjectCN) copy_text(e->subject, sizeof e->subject, cert->subjectCN, (size_t)cert->subjectCNLen);
    common_name_of(cert->issuer, e->issuer, sizeof e->issuer);
    s->failing_cert_self_signed = parsed == 0 && cert->selfSigned;
    wc_FreeDecodedCert(cert);
    free(cert);
}

/* ---- the verify callback --------------------------------------------------------------------- */
static int on_verify(int preverify_ok, WOLFSSL_X509_STORE_CTX* store) {
    struct ssl_channel* s = store->userCtx;
    if (!s || !s->in_use) return preverify_ok;
    if (preverify_ok) {
        if (store->error_depth == 0) { /* the server's own certificate: the chain below it passed */
            s->verified = s->verify != WIP_SSL_NEVER;
            ssl_channel_step(s, s->verified ? WIP_SSL_STEP_CERT_VERIFIED : WIP_SSL_STEP_CERT_NOT_VERIFIED);
        }
        return 1;
    }
    if (s->verify == WIP_SSL_NEVER) return 1;
    if (!s->cert_failure_recorded) { /* the first failure is the one wolfSSL reports */
        s->cert_failure_recorded = true;
        s->error.library_error = store->error;
        s->error.depth = (s16)store->error_depth;
        s->error.rtc = (int64_t)XTIME(NULL);
        if (store->certs && store->error_depth >= 0 && store->error_depth < store->totalCerts)
            describe_certificate(s, store->certs[store->error_depth].buffer, store->certs[store->error_depth].length);
    }
    return 0;
}

void ssl_verify_attach(struct ssl_channel* s) {
    s->error.depth = -1;
    s->error.alert = -1;
    copy_text(s->error.host, sizeof s->error.host, s->host, strlen(s->host));
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
        /* The certificate's public key could not be decoded: a curve or key type we lack
         * (P-521, Ed25519). wolfSSL uses the code for a bad key share too, which a working
         * server never sends. */
        case PEER_KEY_ERROR: return WIP_SSL_CAUSE_UNSUPPORTED_ALGORITHM;
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
        case KEYUSE_SIGNATURE_E:
        case KEYUSE_ENCIPHER_E:
        case EXTKEYUSE_AUTH_E:
        case MAX_CHAIN_ERROR:
        case NO_PEER_CERT: return WIP_SSL_CAUSE_BAD_CERTIFICATE;
        default: return WIP_SSL_CAUSE_NONE;
    }
}

void ssl_verify_classify(struct ssl_channel* s, s32 library_error, bool handshake) {
    /* The verify callback saw the certificate failure first; wolfSSL_get_error returns the same
     * code, unless something later (e.g. a second check) overwrote it. */
    const s32 code = s->cert_failure_recorded ? s->error.library_error : library_error;
    wip_sslCause_t cause = cause_of(s, code);
    if (cause != WIP_SSL_CAUSE_NONE) return ssl_channel_fail(s, WIP_SSL_CERR_BAD_CERTIFICATE, cause, code);

    WOLFSSL_ALERT_HISTORY history;
    if (wolfSSL_get_alert_history(s->ssl, &history) == WOLFSSL_SUCCESS && history.last_rx.level == alert_fatal)
        s->error.alert = (s16)history.last_rx.code;
    if (s->tcp_closed_by_peer && (library_error == SOCKET_PEER_CLOSED_E || library_error == SOCKET_ERROR_E) &&
        s->error.alert < 0 && handshake) {
        /* The server hung up in the middle of the handshake without a word. */
        return ssl_channel_fail(s, WIP_SSL_CERR_FAILURE, WIP_SSL_CAUSE_HANDSHAKE_FAILURE, library_error);
    }
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
