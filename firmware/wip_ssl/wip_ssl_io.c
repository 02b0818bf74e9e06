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
 * called again when TCP room is back. */
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

static int on_send(WOLFSSL* ssl, char* data, int size, void* context) {
    (void)ssl;
    struct ssl_channel* s = context;
    if (!s->tcp || wip_getState(s->tcp) == WIP_CSTATE_ERROR) return WOLFSSL_CBIO_ERR_CONN_CLOSE;
    u32 take = SSL_OUT_CAPACITY - s->out_length;
    if (take == 0) return WOLFSSL_CBIO_ERR_WANT_WRITE;
    if (take > (u32)size) take = (u32)size;
    memcpy(s->out + s->out_length, data, take);
    s->out_length += take;
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
