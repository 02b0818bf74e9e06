/* wip_tcp_server.c — the TCP server channel (wip_TCPServerCreateOpts) on lwIP's raw API.
 *
 * The server channel owns a listening PCB. Each connection lwIP accepts becomes a TCP client
 * channel (wip_tcp_adopt) with the server's handler, context and connection options; its
 * WIP_CEV_OPEN tells the application about it (event->channel). The server itself only ever
 * fails through its creation: a listening PCB has no errors to report. */
#include <stdarg.h>
#include <string.h>

#include "lwip/tcp.h"
#include "wip_channel_impl.h"
#include "wip_internal.h"

struct tcp_server {
    bool in_use;
    struct tcp_pcb* listener;
    struct wip_copts spawn_options; /* given to every accepted connection */
    wip_channel_t channel;
};

static struct tcp_server servers[WIP_MAX_CHANNELS];

static s32 server_read(wip_channel_t channel, void* buffer, u32 size) {
    (void)channel, (void)buffer, (void)size;
    return WIP_CERR_NOT_SUPPORTED; /* nothing to read from a listener */
}
static s32 server_write(wip_channel_t channel, const void* data, u32 size) {
    (void)channel, (void)data, (void)size;
    return WIP_CERR_NOT_SUPPORTED;
}
static u32 server_nothing(wip_channel_t channel) {
    (void)channel;
    return 0;
}

static void server_release(wip_channel_t channel) {
    struct tcp_server* s = channel->impl;
    if (s->listener) {
        tcp_arg(s->listener, NULL);
        tcp_accept(s->listener, NULL);
        tcp_close(s->listener); /* never fails for a listening PCB */
        s->listener = NULL;
    }
    s->in_use = false;
}

static s32 server_set_opts(wip_channel_t channel, const struct wip_copts* options) {
    struct tcp_server* s = channel->impl;
    struct wip_copts* kept = &s->spawn_options;
    const u32 given = options->given;
    /* Merged field by field: later connections get the latest value of each option. */
    if (given & WIP_COPT_BIT(WIP_COPT_NODELAY)) kept->nodelay = options->nodelay;
    if (given & WIP_COPT_BIT(WIP_COPT_RCV_BUFSIZE)) kept->rcv_bufsize = options->rcv_bufsize;
    if (given & WIP_COPT_BIT(WIP_COPT_SND_BUFSIZE)) kept->snd_bufsize = options->snd_bufsize;
    if (given & WIP_COPT_BIT(WIP_COPT_RCV_LOWAT)) kept->rcv_lowat = options->rcv_lowat;
    if (given & WIP_COPT_BIT(WIP_COPT_SND_LOWAT)) kept->snd_lowat = options->snd_lowat;
    if (given & WIP_COPT_BIT(WIP_COPT_KEEPALIVE)) kept->keepalive = options->keepalive;
    if (given & WIP_COPT_BIT(WIP_COPT_TTL)) kept->ttl = options->ttl;
    if (given & WIP_COPT_BIT(WIP_COPT_TOS)) kept->tos = options->tos;
    kept->given |= given & WIP_COPTS_TCP;
    return 0;
}

static s32 server_get_opt(wip_channel_t channel, int option, u32* number, wip_in_addr_t* address) {
    const struct tcp_server* s = channel->impl;
    const struct wip_copts* o = &s->spawn_options;
    const bool given = (o->given & WIP_COPT_BIT(option)) != 0;
    (void)address;
    switch (option) {
        case WIP_COPT_PORT: *number = s->listener ? s->listener->local_port : 0; return 0;
        case WIP_COPT_NODELAY: *number = given && o->nodelay; return 0;
        case WIP_COPT_RCV_BUFSIZE: *number = given && o->rcv_bufsize < TCP_WND ? o->rcv_bufsize : TCP_WND; return 0;
        case WIP_COPT_SND_BUFSIZE: *number = given && o->snd_bufsize < TCP_SND_BUF ? o->snd_bufsize : TCP_SND_BUF; return 0;
        case WIP_COPT_RCV_LOWAT: *number = given ? o->rcv_lowat : 1u; return 0;
        case WIP_COPT_SND_LOWAT: *number = given ? o->snd_lowat : 1024u; return 0;
        case WIP_COPT_KEEPALIVE: *number = given ? o->keepalive : 0u; return 0;
        case WIP_COPT_TTL: *number = given ? o->ttl : IP_DEFAULT_TTL; return 0;
        case WIP_COPT_TOS: *number = given ? o->tos : 0u; return 0;
        default: return WIP_CERR_NOT_SUPPORTED;
    }
}

static const struct wip_channel_ops tcp_server_ops = {
    .type = WIP_CTYPE_TCPSERVER,
    .read = server_read,
    .write = server_write,
    .readable = server_nothing,
    .writable = server_nothing,
    .release = server_release,
    .settable = WIP_COPTS_TCP,
    .set_opts = server_set_opts,
    .get_opt = server_get_opt,
};

/* lwIP: a connection completed its handshake on the listener. */
static err_t on_accept(void* arg, struct tcp_pcb* pcb, err_t err) {
    struct tcp_server* s = arg;
    if (err != ERR_OK || !pcb) return ERR_VAL;
    if (!s || !s->in_use ||
        !wip_tcp_adopt(pcb, s->channel->handler, s->channel->context, &s->spawn_options)) {
        tcp_abort(pcb); /* no channel free: refuse it with a reset */
        return ERR_ABRT;
    }
    return ERR_OK;
}

wip_channel_t wip_TCPServerCreateOpts(u16 port, wip_eventHandler_f handler, void* context, ...) {
    struct wip_copts o;
    va_list args;
    va_start(args, context);
    const s32 status = wip_copts_parse(&args, WIP_COPTS_TCP | WIP_COPT_BIT(WIP_COPT_FINALIZER), &o);
    va_end(args);
    if (status != 0 || !wip_netIsStarted() || port == 0 || !handler) return NULL;

    struct tcp_server* s = NULL;
    for (unsigned i = 0; i < WIP_MAX_CHANNELS && !s; ++i)
        if (!servers[i].in_use) s = &servers[i];
    if (!s) return NULL;
    struct tcp_pcb* pcb = tcp_new_ip_type(IPADDR_TYPE_V4);
    if (!pcb) return NULL;
    if (tcp_bind(pcb, IP4_ADDR_ANY, port) != ERR_OK) {
        tcp_close(pcb);
        return NULL; /* the port is taken */
    }
    struct tcp_pcb* listener = tcp_listen(pcb); /* frees `pcb` on success */
    if (!listener) {
        tcp_close(pcb);
        return NULL;
    }
    const wip_channel_t channel = wip_channel_alloc(&tcp_server_ops, s, handler, context);
    if (!channel) {
        tcp_close(listener);
        return NULL;
    }
    memset(s, 0, sizeof *s);
    s->in_use = true;
    s->listener = listener;
    s->spawn_options = o;
    s->spawn_options.given &= WIP_COPTS_TCP;
    s->channel = channel;
    channel->finalizer = o.finalizer;
    tcp_arg(listener, s);
    tcp_accept(listener, on_accept);
    wip_channel_set_state(channel, WIP_CSTATE_READY);
    return channel;
}

wip_channel_t wip_TCPServerCreate(u16 port, wip_eventHandler_f handler, void* context) {
    return wip_TCPServerCreateOpts(port, handler, context, WIP_COPT_END);
}
