/* wip_ssl_channel.c — the TLS client channel type (WIP_CTYPE_SSL): a WIP TCP client channel
 * underneath, wolfSSL in between, the same events as any channel above.
 *
 * Everything happens in the handler of the TCP channel, called from the event loop:
 *   TCP OPEN         → WIP_SSL_STEP_TCP_OPEN, WIP_SSL_STEP_HANDSHAKE, wolfSSL_connect()
 *   TCP READ/WRITE   → wolfSSL_connect() again until it succeeds (non-blocking: wolfSSL returns
 *                      WANT_READ/WANT_WRITE whenever the I/O callbacks have nothing / no room);
 *                      then WIP_CEV_OPEN + WIP_CEV_WRITE for the application.
 *   once open        TCP READ → a record is decrypted (wolfSSL_peek) and WIP_CEV_READ posted when
 *                      it held application data; close_notify or the TCP FIN → WIP_CEV_PEER_CLOSE.
 *   failures         WIP_CEV_ERROR: a certificate failure 1, another TLS failure 2, a TCP failure
 *                      its WIP_CERR_*; wip_ssl_verify.c records why.
 * A handshake step costs CPU time in the loop (an ECDHE P-256 computation is ~60 M cycles,
 * 0.6 s at 104 MHz): the rest of the loop waits, as it would on the real core. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "wip_ssl_internal.h"

#define WRITE_LOWAT 1024u /* post WIP_CEV_WRITE once this much plaintext fits again */
#define MAX_CHUNK 16384u  /* one TLS record's plaintext at most */

static struct ssl_channel pool[SSL_MAX_CHANNELS];

static s32 ssl_read(wip_channel_t channel, void* buffer, u32 size);
static s32 ssl_write(wip_channel_t channel, const void* data, u32 size);
static u32 ssl_readable(wip_channel_t channel);
static u32 ssl_writable(wip_channel_t channel);
static void ssl_release(wip_channel_t channel);

static const struct wip_channel_ops ssl_ops = {
    .type = WIP_CTYPE_SSL,
    .read = ssl_read,
    .write = ssl_write,
    .readable = ssl_readable,
    .writable = ssl_writable,
    .release = ssl_release,
    .bearer_down = NULL, /* the TCP channel underneath fails, and tells us */
};

struct ssl_channel* ssl_channel_of(wip_channel_t channel) {
    return wip_hasType(channel, WIP_CTYPE_SSL) ? channel->impl : NULL;
}

void ssl_channel_step(struct ssl_channel* s, wip_sslStep_t step) {
    if (s->step) s->step(s->channel, step, s->channel->context);
}

static void close_tcp(struct ssl_channel* s) {
    if (!s->tcp) return;
    wip_close(s->tcp); /* graceful: what wip_write took (e.g. our alert) is still sent, then FIN */
    s->tcp = NULL;
}

void ssl_channel_fail(struct ssl_channel* s, s32 errnum, wip_sslCause_t cause, s32 library_error) {
    if (s->phase == SSL_PHASE_FAILED) return;
    s->phase = SSL_PHASE_FAILED;
    s->error.errnum = errnum;
    s->error.cause = cause;
    s->error.library_error = library_error;
    ssl_io_flush(s);
    close_tcp(s);
    wip_channel_post(s->channel, WIP_CEV_ERROR, errnum);
}

static void peer_closed(struct ssl_channel* s) {
    if (s->peer_closed) return;
    s->peer_closed = true;
    wip_channel_set_state(s->channel, WIP_CSTATE_TO_CLOSE);
    wip_channel_post(s->channel, WIP_CEV_PEER_CLOSE, 0);
}

/* The end of the stream: close_notify, or the TCP FIN without one (many servers skip it). */
static bool is_end_of_stream(const struct ssl_channel* s, int err) {
    return err == WOLFSSL_ERROR_ZERO_RETURN ||
           (s->tcp_closed_by_peer && (err == SOCKET_PEER_CLOSED_E || err == SOCKET_ERROR_E));
}

/* Open: decrypts the next record, if whole, to learn whether application data arrived. */
static void check_incoming(struct ssl_channel* s) {
    if (s->phase != SSL_PHASE_OPEN || s->peer_closed) return;
    if (wolfSSL_pending(s->ssl) > 0) return wip_channel_post(s->channel, WIP_CEV_READ, 0);
    char probe;
    const int r = wolfSSL_peek(s->ssl, &probe, 1);
    ssl_io_flush(s); /* a TLS 1.3 KeyUpdate answer, an alert */
    if (r > 0) {
        s->data_received = true;
        return wip_channel_post(s->channel, WIP_CEV_READ, 0);
    }
    const int err = wolfSSL_get_error(s->ssl, r);
    if (err == WOLFSSL_ERROR_WANT_READ || err == WOLFSSL_ERROR_WANT_WRITE) return;
    if (is_end_of_stream(s, err)) return peer_closed(s);
    ssl_verify_classify(s, err, false);
}

static void handshake(struct ssl_channel* s) {
    const uint64_t started = adl_cyclesNow();
    const int r = wolfSSL_connect(s->ssl);
    s->handshake_cycles += adl_cyclesNow() - started;
    ssl_io_flush(s);
    if (r == WOLFSSL_SUCCESS) {
        s->phase = SSL_PHASE_OPEN;
        s->handshake_ms = adl_msSinceBoot() - s->tcp_open_ms;
        wip_channel_set_state(s->channel, WIP_CSTATE_READY);
        wip_channel_post(s->channel, WIP_CEV_OPEN, 0);
        wip_channel_post(s->channel, WIP_CEV_WRITE, 0);
        check_incoming(s); /* data (or a TLS 1.3 ticket) may have come with the last flight */
        if (s->tcp_closed_by_peer) peer_closed(s);
        return;
    }
    const int err = wolfSSL_get_error(s->ssl, r);
    if (err == WOLFSSL_ERROR_WANT_READ || err == WOLFSSL_ERROR_WANT_WRITE) return;
    ssl_verify_classify(s, err, true);
}

static void on_tcp_event(wip_event_t* event, void* context) {
    struct ssl_channel* s = context;
    if (!s->in_use || s->tcp != event->channel || s->phase == SSL_PHASE_FAILED) return;
    switch (event->kind) {
        case WIP_CEV_OPEN:
            s->tcp_open_ms = adl_msSinceBoot();
            s->phase = SSL_PHASE_HANDSHAKE;
            ssl_channel_step(s, WIP_SSL_STEP_TCP_OPEN);
            ssl_channel_step(s, WIP_SSL_STEP_HANDSHAKE);
            handshake(s);
            break;
        case WIP_CEV_READ:
            if (s->phase == SSL_PHASE_HANDSHAKE) handshake(s);
            else check_incoming(s);
            break;
        case WIP_CEV_WRITE:
            ssl_io_flush(s);
            if (s->phase == SSL_PHASE_HANDSHAKE) {
                handshake(s);
            } else if (s->phase == SSL_PHASE_OPEN && s->write_blocked &&
                       (ssl_io_room(s) >= WRITE_LOWAT || s->out_length == 0)) {
                s->write_blocked = false;
                wip_channel_post(s->channel, WIP_CEV_WRITE, 0);
            }
            break;
        case WIP_CEV_PEER_CLOSE:
            s->tcp_closed_by_peer = true;
            if (s->phase == SSL_PHASE_HANDSHAKE) {
                handshake(s); /* what arrived first (an alert?) is read, then the close fails it */
            } else if (s->phase == SSL_PHASE_OPEN) {
                check_incoming(s);
                peer_closed(s);
            } else {
                ssl_channel_fail(s, WIP_CERR_PIPE_BROKEN, WIP_SSL_CAUSE_NETWORK_ERROR, 0);
            }
            break;
        case WIP_CEV_ERROR:
            if (s->phase == SSL_PHASE_OPEN) check_incoming(s); /* what was received stays readable */
            ssl_channel_fail(s, event->content.error.errnum, WIP_SSL_CAUSE_NETWORK_ERROR, 0);
            break;
        default: break;
    }
}

/* ---- creation -------------------------------------------------------------------------------- */
struct create_options {
    void (*finalizer)(void*);
    int local_port;
    int nodelay;
    wip_SSLSession_t session;
    wip_sslStepHandler_f step;
};

static bool take_options(va_list* args, struct create_options* o) {
    for (;;) {
        switch (va_arg(*args, int)) {
            case WIP_COPT_END: return true;
            case WIP_COPT_FINALIZER: o->finalizer = va_arg(*args, void (*)(void*)); break;
            case WIP_COPT_PORT: o->local_port = va_arg(*args, int); break;
            case WIP_COPT_NODELAY: o->nodelay = va_arg(*args, int); break;
            case WIP_COPT_SESSION: o->session = va_arg(*args, wip_SSLSession_t); break;
            case WIP_COPT_SSL_STEP_HANDLER: o->step = va_arg(*args, wip_sslStepHandler_f); break;
            default: return false;
        }
    }
}

static void free_state(struct ssl_channel* s) {
    if (s->ssl) wolfSSL_free(s->ssl);
    ssl_anchors_release(s->anchors);
    free(s->out);
    memset(s, 0, sizeof *s);
}

static bool is_dotted_address(const ascii* host) {
    wip_in_addr_t address;
    return wip_inet_aton(host, &address);
}

static bool set_up_tls(struct ssl_channel* s, const struct create_options* o) {
    s->out = malloc(SSL_OUT_CAPACITY);
    s->ssl = wolfSSL_new(ssl_context());
    if (!s->out || !s->ssl) return false;
    s->anchors = ssl_anchors_hold(ssl_trust_anchors());
    /* SNI carries a name, never an address (RFC 6066 §3). */
    if (!is_dotted_address(s->host) &&
        wolfSSL_UseSNI(s->ssl, WOLFSSL_SNI_HOST_NAME, s->host, (word16)strlen(s->host)) != WOLFSSL_SUCCESS)
        return false;
    ssl_verify_attach(s);
    ssl_io_attach(s);
    /* WIP_SSL_ALWAYS: a resumed session carries no certificate to check, so none is offered. */
    if (o->session && s->verify != WIP_SSL_ALWAYS) ssl_session_offer(o->session, s);
    return true;
}

wip_channel_t wip_SSLClientCreateOpts(const ascii* host, u16 port, wip_eventHandler_f handler, void* context, ...) {
    /* Nagle off unless asked: TLS already sends whole records, and holding the first request
     * until the server ACKs our Finished cost a round trip (~0.4 s on the default link). */
    struct create_options o = {.nodelay = 1};
    va_list args;
    va_start(args, context);
    const bool options_ok = take_options(&args, &o);
    va_end(args);
    if (!options_ok || !ssl_context() || !host || !host[0] || strlen(host) > SSL_HOST_MAX || !handler || port == 0)
        return NULL;

    struct ssl_channel* s = NULL;
    for (unsigned i = 0; i < SSL_MAX_CHANNELS && !s; ++i)
        if (!pool[i].in_use) s = &pool[i];
    if (!s) return NULL;
    memset(s, 0, sizeof *s);
    s->in_use = true;
    s->verify = (u8)ssl_verify_level();
    s->step = o.step;
    strcpy(s->host, host);
    if (!set_up_tls(s, &o)) {
        free_state(s);
        return NULL;
    }
    s->channel = wip_channel_alloc(&ssl_ops, s, handler, context);
    if (!s->channel) {
        free_state(s);
        return NULL;
    }
    s->channel->finalizer = o.finalizer;
    s->tcp = wip_TCPClientCreateOpts(host, port, on_tcp_event, s, WIP_COPT_PORT, o.local_port, WIP_COPT_NODELAY,
                                     o.nodelay, WIP_COPT_END);
    if (!s->tcp) {
        wip_channel_discard(s->channel);
        free_state(s);
        return NULL;
    }
    return s->channel;
}

wip_channel_t wip_SSLClientCreate(const ascii* host, u16 port, wip_eventHandler_f handler, void* context) {
    return wip_SSLClientCreateOpts(host, port, handler, context, WIP_COPT_END);
}

/* ---- the channel operations ------------------------------------------------------------------ */
static s32 ssl_read(wip_channel_t channel, void* buffer, u32 size) {
    struct ssl_channel* s = channel->impl;
    if (s->phase == SSL_PHASE_FAILED && s->ssl) {
        /* The record decrypted before the failure (check_incoming) is still offered; nothing
         * more is read from the network. */
        const int pending = wolfSSL_pending(s->ssl);
        const int ask = (u32)pending < size ? pending : (int)size;
        const int r = ask > 0 ? wolfSSL_read(s->ssl, buffer, ask) : 0;
        return r > 0 ? r : 0;
    }
    if (s->phase != SSL_PHASE_OPEN) return 0;
    u32 total = 0;
    while (total < size) {
        const u32 ask = size - total > MAX_CHUNK ? MAX_CHUNK : size - total;
        const int r = wolfSSL_read(s->ssl, (u8*)buffer + total, (int)ask);
        if (r > 0) {
            total += (u32)r;
            s->data_received = true;
            continue;
        }
        const int err = wolfSSL_get_error(s->ssl, r);
        if (is_end_of_stream(s, err))
            peer_closed(s);
        else if (err != WOLFSSL_ERROR_WANT_READ && err != WOLFSSL_ERROR_WANT_WRITE)
            ssl_verify_classify(s, err, false);
        break;
    }
    ssl_io_flush(s);
    return (s32)total;
}

static s32 ssl_write(wip_channel_t channel, const void* data, u32 size) {
    struct ssl_channel* s = channel->impl;
    if (s->phase != SSL_PHASE_OPEN) return WIP_CERR_CSTATE;
    u32 chunk = ssl_io_room(s);
    if (chunk > MAX_CHUNK) chunk = MAX_CHUNK;
    if (chunk > size) chunk = size;
    if (chunk == 0) {
        s->write_blocked = size > 0;
        return 0;
    }
    const int r = wolfSSL_write(s->ssl, data, (int)chunk);
    if (r <= 0) {
        ssl_verify_classify(s, wolfSSL_get_error(s->ssl, r), false);
        return WIP_CERR_CSTATE;
    }
    if ((u32)r < size) s->write_blocked = true;
    return r;
}

static u32 ssl_readable(wip_channel_t channel) {
    struct ssl_channel* s = channel->impl;
    return s->phase == SSL_PHASE_OPEN || s->phase == SSL_PHASE_FAILED ? (u32)wolfSSL_pending(s->ssl) : 0;
}

static u32 ssl_writable(wip_channel_t channel) {
    struct ssl_channel* s = channel->impl;
    return s->phase == SSL_PHASE_OPEN ? ssl_io_room(s) : 0;
}

static void ssl_release(wip_channel_t channel) {
    struct ssl_channel* s = channel->impl;
    if (s->phase == SSL_PHASE_OPEN && !s->tcp_closed_by_peer) {
        wolfSSL_shutdown(s->ssl); /* close_notify; we do not wait for the server's */
        ssl_io_flush(s);
    }
    close_tcp(s);
    free_state(s); /* saved sessions hold their own reference (wip_ssl_session.c) */
}
