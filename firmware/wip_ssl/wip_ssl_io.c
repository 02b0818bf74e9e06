/* wip_ssl_io.c — wolfSSL's transport (WOLFSSL_USER_IO callbacks) over the WIP TCP channel.
 *
 * Receiving: wolfSSL asks for bytes; we give what wip_read has (the TCP channel keeps received
 * data in lwIP's pbufs until read, so the TCP window is the flow control). Nothing waiting is
 * WANT_READ — wolfSSL returns and is called again on the next WIP_CEV_READ of the TCP channel —
 * unless the peer has closed, which is CONN_CLOSE.
 *
 * Sending: records go into a queue of SSL_OUT_CAPACITY bytes, then to the TCP channel as far
 * as its send buffer takes them; the rest follows on its WIP_CEV_WRITE. wolfSSL wants a write
 * that returned WANT_WRITE repeated with the same data; a queue that takes every record whole
 * avoids that for application data (wip_write cuts its writes to ssl_io_room()). During the
 * handshake a flight larger than the queue gets WANT_WRITE, and wolfSSL_connect is simply
 * called again when TCP room is back.
 *
 * One fatal alert, then silence: RFC 8446 §6.2 (and RFC 5246 §7.2.2) close the connection at the
 * first fatal alert. wolfSSL does not always stop there — in TLS 1.2, an intermediate that fails
 * (certificate_expired) does not stop it from checking the leaf, which then has no signer
 * (unknown_ca), and it sends both; the server's log and the dissector would then blame the
 * wrong thing. wolfSSL notes every alert it sends (alert_history.last_tx) before writing it, so
 * once a write carrying a fatal one has gone out whole, later writes are dropped. */
#include <string.h>

#include "wip_ssl_internal.h"

static int on_receive(WOLFSSL* ssl, char* buffer, int size, void* context) {
    (void)ssl;
    struct ssl_channel* s = context;
    if (!s->tcp) return WOLFSSL_CBIO_ERR_CONN_CLOSE;
    const s32 n = wip_read(s->tcp, buffer, (u32)size);
    if (n > 0) return (int)n;
    if (n < 0) return WOLFSSL_CBIO_ERR_GENERAL;
    if (s->tcp_closed_by_peer || wip_getState(s->tcp) == WIP_CSTATE_ERROR) return WOLFSSL_CBIO_ERR_CONN_CLOSE;
    return WOLFSSL_CBIO_ERR_WANT_READ;
}

static bool fatal_alert_written(WOLFSSL* ssl) {
    WOLFSSL_ALERT_HISTORY history;
    return wolfSSL_get_alert_history(ssl, &history) == WOLFSSL_SUCCESS && history.last_tx.level == alert_fatal;
}

static int on_send(WOLFSSL* ssl, char* data, int size, void* context) {
    struct ssl_channel* s = context;
    if (s->fatal_alert_sent) return size; /* the connection is over: nothing after the alert */
    if (!s->tcp || wip_getState(s->tcp) == WIP_CSTATE_ERROR) return WOLFSSL_CBIO_ERR_CONN_CLOSE;
    u32 take = SSL_OUT_CAPACITY - s->out_length;
    if (take == 0) return WOLFSSL_CBIO_ERR_WANT_WRITE;
    if (take > (u32)size) take = (u32)size;
    memcpy(s->out + s->out_length, data, take);
    s->out_length += take;
    if (take == (u32)size && fatal_alert_written(ssl)) s->fatal_alert_sent = true;
    ssl_io_flush(s);
    return (int)take;
}

void ssl_io_attach(struct ssl_channel* s) {
    wolfSSL_SSLSetIORecv(s->ssl, on_receive);
    wolfSSL_SSLSetIOSend(s->ssl, on_send);
    wolfSSL_SetIOReadCtx(s->ssl, s);
    wolfSSL_SetIOWriteCtx(s->ssl, s);
}

void ssl_io_flush(struct ssl_channel* s) {
    if (!s->tcp || s->out_length == 0) return;
    const s32 n = wip_write(s->tcp, s->out, s->out_length);
    if (n <= 0) return; /* no room (WIP_CEV_WRITE follows) or failed (WIP_CEV_ERROR follows) */
    memmove(s->out, s->out + n, s->out_length - (u32)n);
    s->out_length -= (u32)n;
}

u32 ssl_io_room(const struct ssl_channel* s) {
    const u32 free_bytes = SSL_OUT_CAPACITY - s->out_length;
    return free_bytes > SSL_RECORD_OVERHEAD ? free_bytes - SSL_RECORD_OVERHEAD : 0;
}
