/* wip_ssl.h — the Open AT "Security" plug-in API (TLS client channels over WIP), on wolfSSL.
 *
 * Sources for names and shapes: the public Open AT forum code of an HTTPS client (a Lua
 * binding) and a support thread (Q2686, firmware 7.44, Security plug-in 1.4):
 *   wip_SSLInitOpts(WIP_COPT_CERT_AUTHORITY, pem, WIP_COPT_VERIFY, WIP_SSL_ALWAYS, ..., WIP_COPT_END)
 *     returns 0 on success;
 *   wip_SSLClientCreateOpts(host, port, handler, ctx, WIP_COPT_SESSION, s, WIP_COPT_FINALIZER, f,
 *     WIP_COPT_PORT, p, ..., WIP_COPT_END) → a channel; WIP_CEV_OPEN once the TLS session is up;
 *   wip_hasType(ch, WIP_CTYPE_SSL), wip_SSLGetSession(ch), wip_SSLReleaseSession(s);
 *   WIP_CEV_ERROR with errnum 1 ("Bad certificate") for a certificate the modem rejects — and
 *     nothing more: the thread's question is how to learn *why* (the answer was the RTC).
 * Numeric values are ours except WIP_SSL_CERR_BAD_CERTIFICATE (1, printed by that application);
 * applications use the names.
 *
 * What we add (q2686emu extensions, marked "ours"): wip_SSLGetLastError() with the exact reason
 * of a failure (wolfSSL's code, a named cause, the failing certificate's dates and the RTC time
 * used), wip_SSLGetInfo() (version, cipher, resumed, handshake cost), WIP_COPT_SSL_VERSION and
 * WIP_COPT_SSL_STEP_HANDLER (progress of the handshake). docs/network.md "TLS channels".
 *
 * Use (everything from the event loop, as the rest of WIP):
 *   wip_SSLInitOpts(WIP_COPT_CERT_AUTHORITY, ca_pem, WIP_COPT_VERIFY, WIP_SSL_ALWAYS, WIP_COPT_END);
 *   ch = wip_SSLClientCreateOpts("api.example.com", 443, handler, ctx, WIP_COPT_END);
 *        → WIP_CEV_OPEN (handshake done), WIP_CEV_WRITE, WIP_CEV_READ ..., WIP_CEV_PEER_CLOSE
 *        → or WIP_CEV_ERROR: errnum 1 (certificate), 2 (other TLS failure) or a WIP_CERR_* of
 *          the TCP connection underneath; wip_SSLGetLastError(ch, &e) says why. */
#ifndef Q2686_WIP_SSL_H
#define Q2686_WIP_SSL_H

#include <stdbool.h>
#include <stdint.h>

#include "wip.h"

/* Defined when the Security plug-in is there: applications test it with #ifdef, often before
 * including this header (the forum's HTTPS client does), so q2686_add_application also defines
 * it on the compiler's command line, as the Open AT build does for a project with the plug-in.
 * The value is ours: major * 100 + minor of the plug-in version we follow (1.4, the thread's). */
#ifndef __Security_PLUGIN_VERSION__
#define __Security_PLUGIN_VERSION__ 104
#endif

/* ---- options (after the generic WIP_COPT_* of wip_channel.h) --------------------------------- */
/* wip_SSLInitOpts */
#define WIP_COPT_CERT_AUTHORITY 40 /* const ascii*: trusted CA certificate(s), PEM, NUL-terminated */
#define WIP_COPT_CERT 41           /* const ascii*: our client certificate, PEM */
#define WIP_COPT_KEY 42            /* const ascii*: its private key, PEM */
#define WIP_COPT_VERIFY 43         /* int: WIP_SSL_NEVER / WIP_SSL_ONCE / WIP_SSL_ALWAYS */
#define WIP_COPT_SSL_VERSION 44    /* int: WIP_SSL_VERSION_* (ours) */
/* wip_SSLClientCreateOpts (besides WIP_COPT_FINALIZER, WIP_COPT_PORT, WIP_COPT_NODELAY — which is
 * on by default for TLS channels: WIP_COPT_NODELAY, 0 turns Nagle's algorithm back on) */
#define WIP_COPT_SESSION 45          /* wip_SSLSession_t: try to resume it (NULL: none) */
#define WIP_COPT_SSL_STEP_HANDLER 46 /* wip_sslStepHandler_f: handshake progress (ours) */

/* WIP_COPT_VERIFY. The values are those of AT+TLSCFG.
 *   NEVER   the server's certificate is not checked at all (dates, chain, name);
 *   ONCE    it is checked on every full handshake; a saved session (WIP_COPT_SESSION) is
 *           resumed without certificates, so it is trusted on the strength of the first check;
 *   ALWAYS  it is checked on every connection: a saved session is not offered, every
 *           connection is a full handshake (the default). */
#define WIP_SSL_NEVER 0
#define WIP_SSL_ONCE 1
#define WIP_SSL_ALWAYS 2

/* WIP_COPT_SSL_VERSION (ours); the values are those of AT+TLSCFG's <version>. */
#define WIP_SSL_VERSION_ANY 0 /* TLS 1.3, or TLS 1.2 if the server has no 1.3 (the default) */
#define WIP_SSL_VERSION_1_2 12
#define WIP_SSL_VERSION_1_3 13

/* WIP_CEV_ERROR errnum values of TLS channels, beside the WIP_CERR_* of the TCP connection. */
#define WIP_SSL_CERR_BAD_CERTIFICATE 1 /* any certificate failure: value seen on a real Q2686 */
#define WIP_SSL_CERR_FAILURE 2         /* any other TLS failure: alert, protocol error (ours) */

/* Configures every TLS channel created afterwards (channels already open keep what they had).
 * Options as (option, value) pairs ending with WIP_COPT_END. CAs are loaded even if the RTC says
 * they are not valid yet or any more: dates are checked during the handshake, where the failure
 * can be reported. 0, or a negative wolfSSL error code (a PEM that does not parse, a key that
 * does not match the certificate, an unknown option: -173 BAD_FUNC_ARG). */
s32 wip_SSLInitOpts(int option, ...);

/* A TLS client channel: TCP to `host`:`port` (as wip_TCPClientCreateOpts), then a TLS handshake
 * with SNI = `host` and, when verifying, `host` checked against the certificate's names.
 * NULL if wip_SSLInitOpts has not succeeded yet, a parameter or option is bad, or no channel
 * is free; failures after creation are WIP_CEV_ERROR. wip_read/wip_write carry plaintext;
 * wip_close sends close_notify, then closes the TCP connection gracefully. */
wip_channel_t wip_SSLClientCreateOpts(const ascii* host, u16 port, wip_eventHandler_f handler, void* context, ...);
wip_channel_t wip_SSLClientCreate(const ascii* host, u16 port, wip_eventHandler_f handler, void* context);

/* ---- sessions -------------------------------------------------------------------------------- */
typedef struct wip_SSLSession_s* wip_SSLSession_t;

/* The channel's TLS session, to resume later with WIP_COPT_SESSION; NULL if `channel` is not
 * an open TLS channel or no memory. Take it at WIP_CEV_OPEN: the handle follows the channel
 * until it is closed, so a TLS 1.3 ticket the server sends after the handshake is included.
 * Release every handle with wip_SSLReleaseSession. */
wip_SSLSession_t wip_SSLGetSession(wip_channel_t channel);
void wip_SSLReleaseSession(wip_SSLSession_t session);
/* The host name of the connection the session comes from (ours). */
const ascii* wip_SSLSessionHost(wip_SSLSession_t session);

/* ---- handshake progress and outcome (ours) ----------------------------------------------------- */
typedef enum {
    WIP_SSL_STEP_TCP_OPEN,            /* the TCP connection is up */
    WIP_SSL_STEP_HANDSHAKE,           /* ClientHello on its way */
    WIP_SSL_STEP_CERT_VERIFIED,       /* the server's chain, dates and name passed */
    WIP_SSL_STEP_CERT_NOT_VERIFIED,   /* WIP_SSL_NEVER: accepted unchecked */
} wip_sslStep_t;
/* Called from the event loop while the handshake runs; it may not close the channel. */
typedef void (*wip_sslStepHandler_f)(wip_channel_t channel, wip_sslStep_t step, void* context);

typedef struct {
    const ascii* version;  /* "TLSv1.3", "TLSv1.2" */
    const ascii* cipher;   /* IANA name, "TLS_AES_128_GCM_SHA256" */
    bool resumed;          /* abbreviated handshake with a saved session */
    bool verified;         /* the certificate was checked on this connection */
    u32 handshake_ms;      /* virtual time from the TCP connection to the end of the handshake */
    uint64_t handshake_cycles; /* CPU cycles spent in the TLS library during the handshake */
} wip_sslInfo_t;
/* 0 and `info` for an open TLS channel; WIP_CERR_INVALID or WIP_CERR_CSTATE (not open yet). */
s32 wip_SSLGetInfo(wip_channel_t channel, wip_sslInfo_t* info);

typedef enum {
    WIP_SSL_CAUSE_NONE,
    WIP_SSL_CAUSE_NOT_YET_VALID,         /* the certificate's notBefore is after the RTC */
    WIP_SSL_CAUSE_EXPIRED,               /* its notAfter is before the RTC */
    WIP_SSL_CAUSE_UNKNOWN_CA,            /* no trusted CA signed it */
    WIP_SSL_CAUSE_SELF_SIGNED,           /* self-signed and not among the trusted CAs */
    WIP_SSL_CAUSE_HOSTNAME_MISMATCH,     /* none of its names is the host asked for */
    WIP_SSL_CAUSE_BAD_SIGNATURE,         /* a signature in the chain does not verify */
    WIP_SSL_CAUSE_UNSUPPORTED_ALGORITHM, /* key type, curve, key size or signature we lack */
    WIP_SSL_CAUSE_BAD_CERTIFICATE,       /* anything else about it: malformed, key usage, chain length */
    WIP_SSL_CAUSE_HANDSHAKE_FAILURE,     /* no certificate problem: an alert, no common cipher/version */
    WIP_SSL_CAUSE_PROTOCOL_ERROR,        /* a TLS failure after the handshake */
    WIP_SSL_CAUSE_NETWORK_ERROR,         /* the TCP connection failed (errnum is its WIP_CERR_*) */
    WIP_SSL_CAUSE_KEY_USAGE,             /* its keyUsage/extKeyUsage forbid the use (RFC 8446 §4.4.2.2) */
} wip_sslCause_t;

typedef struct {
    s32 errnum;              /* what WIP_CEV_ERROR carried */
    wip_sslCause_t cause;
    s32 library_error;       /* wolfSSL's error code (-150 ASN_BEFORE_DATE_E, ...), 0 if none */
    s16 alert;               /* TLS alert received from the server (RFC 8446 §6.2), -1 if none */
    s16 depth;               /* the failing certificate in the server's chain (0: its own), -1 n/a */
    bool has_dates;          /* not_before/not_after are the failing certificate's */
    int64_t not_before;      /* Unix seconds (UTC) */
    int64_t not_after;
    int64_t rtc;             /* Unix seconds (UTC): the clock the check used (RTC and AT+CCLK zone) */
    ascii subject[64];       /* the failing certificate's CN ("" if unknown) */
    ascii issuer[64];        /* its issuer's CN */
    ascii host[64];          /* the host name the channel was created for */
    const ascii* reason;     /* what happened, when more precise than wolfSSL's text for
                                library_error ("the server closed the connection"); else NULL */
} wip_sslError_t;

/* Why `channel` failed: 0 and `error` once WIP_CEV_ERROR has been posted (ask before wip_close),
 * WIP_CERR_CSTATE while it has not failed, WIP_CERR_INVALID for anything else. */
s32 wip_SSLGetLastError(wip_channel_t channel, wip_sslError_t* error);
/* "not-yet-valid", "expired", "unknown-ca", "self-signed", "hostname-mismatch", "bad-signature",
 * "unsupported-algorithm", "key-usage", "bad-certificate", "handshake-failure", "protocol-error",
 * "network-error", "none". */
const ascii* wip_SSLCauseName(wip_sslCause_t cause);
/* "Bad certificate", "TLS failure", or wip_strerror() for a WIP_CERR_*. */
const ascii* wip_SSLErrorText(s32 errnum);
/* wolfSSL's text for one of its error codes ("ASN date error, current date before"); the
 * buffer is overwritten by the next call. */
const ascii* wip_SSLLibraryErrorText(s32 library_error);

#endif /* Q2686_WIP_SSL_H */
