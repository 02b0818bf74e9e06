/* wip_tcp_client.c — the TCP client channel (wip_TCPClientCreateOpts) on lwIP's raw TCP API.
 *
 *  - Host names go to lwIP's DNS client (servers set by the bearer from the PDP context);
 *    a dotted address connects at once. The DNS callback carries the slot index and a
 *    generation, so an answer for a channel closed meanwhile is recognised and ignored.
 *  - Received pbufs are queued on the channel and acknowledged to TCP (tcp_recved) only as
 *    the application reads them: the receive window is the flow control.
 *  - wip_write copies into lwIP's send buffer (tcp_write COPY) as much as fits and reports the
 *    rest; WIP_CEV_WRITE is posted when ACKs free WRITE_LOWAT bytes or all data is acknowledged
 *    (and checked again from lwIP's 1 s poll, in case memory, not the window, was short).
 *  - lwIP callbacks only post events (wip_channel_post); handlers run later from the loop.
 *  - A TCP server (wip_tcp_server.c) hands each accepted connection to wip_tcp_adopt(): the
 *    same channel type, born connected.
 *  - Options (wip_channel.h): RCV_LOWAT holds WIP_CEV_READ back until that many bytes wait,
 *    SND_LOWAT is the room that re-arms WIP_CEV_WRITE, SND_BUFSIZE caps the bytes queued and
 *    unacknowledged, KEEPALIVE/TTL/TOS/NODELAY go to the PCB.
 * lwIP error → WIP error: a reset while connecting is WIP_CERR_REFUSED, later
 * WIP_CERR_PIPE_BROKEN; lwIP's own aborts (SYN or data retransmissions exhausted, keepalive)
 * are WIP_CERR_TIMEOUT; the bearer going away is WIP_CERR_NETWORK_UNREACHABLE (lost) or
 * WIP_CERR_ABORTED (stopped). */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "lwip/dns.h"
#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
#include "wip_channel_impl.h"
#include "wip_internal.h"

#define DEFAULT_SND_LOWAT 1024u /* post WIP_CEV_WRITE once this much room is back */
#define POLL_INTERVAL 2u        /* lwIP tcp_poll units of 500 ms */

struct tcp_client {
    bool in_use;
    u8 generation;          /* bumped on release: stale DNS answers are ignored */
    bool resolving;
    bool write_blocked;     /* a wip_write took less than asked */
    bool read_shut;         /* wip_shutdown(read): drop what arrives */
    bool write_shut;        /* wip_shutdown(write): the FIN is queued, no more writes */
    u16 port;
    u16 rcv_lowat, snd_lowat;
    u16 rcv_bufsize, snd_bufsize;
    u32 keepalive;          /* seconds, 0 = off */
    struct tcp_pcb* pcb;
    struct pbuf* received;  /* not yet read */
    wip_channel_t channel;
};

static struct tcp_client clients[WIP_MAX_CHANNELS];

static s32 tcp_read(wip_channel_t channel, void* buffer, u32 size);
static s32 tcp_write_data(wip_channel_t channel, const void* data, u32 size);
static u32 tcp_readable(wip_channel_t channel);
static u32 tcp_writable(wip_channel_t channel);
static void tcp_release(wip_channel_t channel);
static void tcp_bearer_down(wip_channel_t channel, s32 errnum);
static void tcp_abort_channel(wip_channel_t channel);
static void drop_received(struct tcp_client* t);
static s32 tcp_shutdown_channel(wip_channel_t channel, bool read, bool write);
static s32 tcp_set_opts(wip_channel_t channel, const struct wip_copts* options);
static s32 tcp_get_opt(wip_channel_t channel, int option, u32* number, wip_in_addr_t* address);

static const struct wip_channel_ops tcp_client_ops = {
    .type = WIP_CTYPE_TCPCLIENT,
    .read = tcp_read,
    .write = tcp_write_data,
    .readable = tcp_readable,
    .writable = tcp_writable,
    .release = tcp_release,
    .bearer_down = tcp_bearer_down,
    .abort = tcp_abort_channel,
    .shutdown = tcp_shutdown_channel,
    .settable = WIP_COPTS_TCP,
    .set_opts = tcp_set_opts,
    .get_opt = tcp_get_opt,
};

/* ---- pcb life ------------------------------------------------------------------------------ */
static void detach_pcb(struct tcp_client* t) {
    if (!t->pcb) return;
    tcp_arg(t->pcb, NULL);
    tcp_recv(t->pcb, NULL);
    tcp_sent(t->pcb, NULL);
    tcp_err(t->pcb, NULL);
    tcp_poll(t->pcb, NULL, 0);
}

/* Ends the connection at once (RST if possible) and fails the channel with `errnum`. */
static void fail(struct tcp_client* t, s32 errnum) {
    if (t->pcb) {
        detach_pcb(t);
        tcp_abort(t->pcb);
        t->pcb = NULL;
    }
    t->resolving = false;
    wip_channel_post(t->channel, WIP_CEV_ERROR, errnum);
}

static u32 room(const struct tcp_client* t) {
    if (!t->pcb || tcp_sndqueuelen(t->pcb) + 2u > TCP_SND_QUEUELEN) return 0;
    const u32 free = tcp_sndbuf(t->pcb), queued = TCP_SND_BUF - free; /* written, not yet acknowledged */
    const u32 allowed = t->snd_bufsize > queued ? t->snd_bufsize - queued : 0;
    return free < allowed ? free : allowed;
}

static void check_writable(struct tcp_client* t) {
    if (!t->write_blocked || !t->pcb) return;
    const bool all_acked = !t->pcb->unsent && !t->pcb->unacked;
    if (room(t) >= t->snd_lowat || (all_acked && room(t) > 0)) {
        t->write_blocked = false;
        wip_channel_post(t->channel, WIP_CEV_WRITE, 0);
    }
}

/* ---- lwIP callbacks: they only record and post -------------------------------------------- */
static err_t on_connected(void* arg, struct tcp_pcb* pcb, err_t err) {
    (void)pcb;
    (void)err; /* always ERR_OK in lwIP 2.1: failures come through on_error */
    struct tcp_client* t = arg;
    wip_channel_set_state(t->channel, WIP_CSTATE_READY);
    wip_channel_post(t->channel, WIP_CEV_OPEN, 0);
    wip_channel_post(t->channel, WIP_CEV_WRITE, 0);
    return ERR_OK;
}

static err_t on_received(void* arg, struct tcp_pcb* pcb, struct pbuf* p, err_t err) {
    struct tcp_client* t = arg;
    if (err != ERR_OK) { /* not produced by lwIP 2.1's TCP; be safe */
        if (p) pbuf_free(p);
        return ERR_OK;
    }
    if (!p) { /* FIN: the peer has closed its side */
        wip_channel_set_state(t->channel, WIP_CSTATE_TO_CLOSE);
        wip_channel_post(t->channel, WIP_CEV_PEER_CLOSE, 0);
        return ERR_OK;
    }
    if (t->read_shut) { /* wip_shutdown(read): acknowledged and dropped */
        tcp_recved(pcb, p->tot_len);
        pbuf_free(p);
        return ERR_OK;
    }
    if (t->received)
        pbuf_cat(t->received, p);
    else
        t->received = p;
    if (t->received->tot_len >= t->rcv_lowat) wip_channel_post(t->channel, WIP_CEV_READ, 0);
    return ERR_OK;
}

static err_t on_sent(void* arg, struct tcp_pcb* pcb, u16_t length) {
    (void)pcb;
    (void)length;
    check_writable(arg);
    return ERR_OK;
}

static err_t on_poll(void* arg, struct tcp_pcb* pcb) {
    (void)pcb;
    check_writable(arg);
    return ERR_OK;
}

static void on_error(void* arg, err_t err) {
    struct tcp_client* t = arg;
    const bool connecting = wip_getState(t->channel) == WIP_CSTATE_BUSY;
    t->pcb = NULL; /* lwIP has freed it */
    s32 errnum;
    switch (err) {
        case ERR_RST: errnum = connecting ? WIP_CERR_REFUSED : WIP_CERR_PIPE_BROKEN; break;
        case ERR_ABRT: errnum = WIP_CERR_TIMEOUT; break; /* our own aborts detach first */
        case ERR_CLSD: errnum = WIP_CERR_PIPE_BROKEN; break;
        case ERR_MEM: errnum = WIP_CERR_MEMORY; break;
        default: errnum = WIP_CERR_INTERNAL; break;
    }
    wip_channel_post(t->channel, WIP_CEV_ERROR, errnum);
}

/* ---- connecting ---------------------------------------------------------------------------- */
static void connect_to(struct tcp_client* t, const ip_addr_t* address) {
    const err_t err = tcp_connect(t->pcb, address, t->port, on_connected);
    if (err == ERR_OK) return;
    fail(t, err == ERR_RTE ? WIP_CERR_NETWORK_UNREACHABLE : err == ERR_MEM ? WIP_CERR_MEMORY : WIP_CERR_INTERNAL);
}

static void* dns_tag(const struct tcp_client* t) {
    return (void*)(uintptr_t)((unsigned)(t - clients) | (unsigned)t->generation << 8);
}

static void on_resolved(const char* name, const ip_addr_t* address, void* tag) {
    (void)name;
    const unsigned index = (uintptr_t)tag & 0xFFu;
    const u8 generation = (u8)((uintptr_t)tag >> 8);
    if (index >= WIP_MAX_CHANNELS) return;
    struct tcp_client* t = &clients[index];
    if (!t->in_use || t->generation != generation || !t->resolving) return; /* closed meanwhile */
    t->resolving = false;
    if (!address) return fail(t, WIP_CERR_DNS_FAILURE);
    connect_to(t, address);
}

/* The options of a connection (creation, a server's spawned channels, setOpts) onto its PCB. */
static void apply_options(struct tcp_client* t, const struct wip_copts* o) {
    const u32 given = o->given;
    if (given & WIP_COPT_BIT(WIP_COPT_RCV_LOWAT)) t->rcv_lowat = (u16)o->rcv_lowat;
    if (given & WIP_COPT_BIT(WIP_COPT_SND_LOWAT)) t->snd_lowat = (u16)o->snd_lowat;
    if (given & WIP_COPT_BIT(WIP_COPT_RCV_BUFSIZE)) t->rcv_bufsize = (u16)o->rcv_bufsize;
    if (given & WIP_COPT_BIT(WIP_COPT_SND_BUFSIZE))
        t->snd_bufsize = (u16)(o->snd_bufsize < TCP_SND_BUF ? o->snd_bufsize : TCP_SND_BUF);
    if (given & WIP_COPT_BIT(WIP_COPT_KEEPALIVE)) t->keepalive = o->keepalive;
    struct tcp_pcb* pcb = t->pcb;
    if (!pcb) return;
    if (given & WIP_COPT_BIT(WIP_COPT_NODELAY)) {
        if (o->nodelay)
            tcp_nagle_disable(pcb);
        else
            tcp_nagle_enable(pcb);
    }
    if (given & WIP_COPT_BIT(WIP_COPT_TTL)) pcb->ttl = (u8_t)o->ttl;
    if (given & WIP_COPT_BIT(WIP_COPT_TOS)) pcb->tos = (u8_t)o->tos;
    if (given & WIP_COPT_BIT(WIP_COPT_KEEPALIVE)) {
        if (t->keepalive) {
            ip_set_option(pcb, SOF_KEEPALIVE);
            pcb->keep_idle = t->keepalive * 1000u; /* then lwIP's default probes: 9 every 75 s */
        } else {
            ip_reset_option(pcb, SOF_KEEPALIVE);
        }
    }
}

/* A free client slot, reset, with the default settings; NULL when all are in use. */
static struct tcp_client* new_client(void) {
    for (unsigned i = 0; i < WIP_MAX_CHANNELS; ++i) {
        struct tcp_client* t = &clients[i];
        if (t->in_use) continue;
        const u8 generation = t->generation;
        memset(t, 0, sizeof *t);
        t->generation = generation;
        t->rcv_lowat = 1;
        t->snd_lowat = DEFAULT_SND_LOWAT;
        t->rcv_bufsize = TCP_WND;
        t->snd_bufsize = TCP_SND_BUF;
        return t;
    }
    return NULL;
}

static void attach_pcb(struct tcp_client* t, struct tcp_pcb* pcb) {
    t->pcb = pcb;
    tcp_arg(pcb, t);
    tcp_recv(pcb, on_received);
    tcp_sent(pcb, on_sent);
    tcp_err(pcb, on_error);
    tcp_poll(pcb, on_poll, POLL_INTERVAL);
}

wip_channel_t wip_tcp_adopt(struct tcp_pcb* pcb, wip_eventHandler_f handler, void* context,
                            const struct wip_copts* options) {
    struct tcp_client* t = new_client();
    if (!t) return NULL;
    const wip_channel_t channel = wip_channel_alloc(&tcp_client_ops, t, handler, context);
    if (!channel) return NULL;
    t->in_use = true;
    t->channel = channel;
    t->port = pcb->remote_port;
    attach_pcb(t, pcb);
    apply_options(t, options);
    wip_channel_set_state(channel, WIP_CSTATE_READY);
    wip_channel_post(channel, WIP_CEV_OPEN, 0);
    wip_channel_post(channel, WIP_CEV_WRITE, 0);
    return channel;
}

wip_channel_t wip_TCPClientCreateOpts(const ascii* host, u16 port, wip_eventHandler_f handler, void* context, ...) {
    struct wip_copts o;
    va_list args;
    va_start(args, context);
    const s32 status =
        wip_copts_parse(&args, WIP_COPTS_TCP | WIP_COPT_BIT(WIP_COPT_FINALIZER) | WIP_COPT_BIT(WIP_COPT_PORT), &o);
    va_end(args);
    if (status != 0 || !wip_netIsStarted() || !host || !host[0] || strlen(host) >= DNS_MAX_NAME_LENGTH || !handler ||
        port == 0)
        return NULL;

    struct tcp_client* t = new_client();
    if (!t) return NULL;
    const wip_channel_t channel = wip_channel_alloc(&tcp_client_ops, t, handler, context);
    if (!channel) return NULL;
    struct tcp_pcb* pcb = tcp_new_ip_type(IPADDR_TYPE_V4);
    if (!pcb) {
        wip_channel_discard(channel);
        return NULL;
    }
    t->in_use = true;
    t->port = port;
    t->channel = channel;
    channel->finalizer = o.finalizer;
    attach_pcb(t, pcb);
    apply_options(t, &o);

    if (o.port && tcp_bind(pcb, IP4_ADDR_ANY, o.port) != ERR_OK) {
        fail(t, WIP_CERR_PORT_IN_USE);
        return channel;
    }
    ip_addr_t address;
    if (ipaddr_aton(host, &address)) {
        connect_to(t, &address);
        return channel;
    }
    /* lwIP may answer synchronously: from its cache (ERR_OK), or through on_resolved already
     * (no DNS server configured) — hence `resolving` is set before the call. */
    t->resolving = true;
    const err_t err = dns_gethostbyname(host, &address, on_resolved, dns_tag(t));
    if (err == ERR_OK) {
        t->resolving = false;
        connect_to(t, &address);
    } else if (err != ERR_INPROGRESS && t->resolving) {
        fail(t, WIP_CERR_DNS_FAILURE);
    }
    return channel;
}

wip_channel_t wip_TCPClientCreate(const ascii* host, u16 port, wip_eventHandler_f handler, void* context) {
    return wip_TCPClientCreateOpts(host, port, handler, context, WIP_COPT_END);
}

/* ---- the channel operations ---------------------------------------------------------------- */
static s32 tcp_read(wip_channel_t channel, void* buffer, u32 size) {
    struct tcp_client* t = channel->impl;
    if (!t->received || size == 0) return 0;
    u16 length = t->received->tot_len;
    if (size < length) length = (u16)size;
    const u16 copied = pbuf_copy_partial(t->received, buffer, length, 0);
    t->received = pbuf_free_header(t->received, copied);
    if (t->pcb) tcp_recved(t->pcb, copied); /* reopens the window */
    return copied;
}

static s32 tcp_write_data(wip_channel_t channel, const void* data, u32 size) {
    struct tcp_client* t = channel->impl;
    if (!t->pcb || t->write_shut) return WIP_CERR_CSTATE;
    u32 written = 0;
    u32 chunk = room(t);
    while (written < size && chunk > 0) {
        if (chunk > size - written) chunk = size - written;
        if (chunk > 0xFFFFu) chunk = 0xFFFFu;
        const err_t err = tcp_write(t->pcb, (const u8*)data + written, (u16_t)chunk, TCP_WRITE_FLAG_COPY);
        if (err == ERR_OK) {
            written += chunk;
            chunk = room(t);
        } else if (err == ERR_MEM) {
            chunk /= 2; /* heap or segment queue short: try smaller, give up at 0 */
        } else {
            break;
        }
    }
    if (written > 0) tcp_output(t->pcb);
    if (written < size) t->write_blocked = true;
    return (s32)written;
}

static u32 tcp_readable(wip_channel_t channel) {
    const struct tcp_client* t = channel->impl;
    return t->received ? t->received->tot_len : 0;
}

static u32 tcp_writable(wip_channel_t channel) { return room(channel->impl); }

static void tcp_release(wip_channel_t channel) {
    struct tcp_client* t = channel->impl;
    /* Acknowledge what was never read, so the close is a FIN, not a reset (lwIP resets a
     * connection closed with unacknowledged received data). */
    drop_received(t);
    if (t->pcb) {
        detach_pcb(t);
        if (tcp_close(t->pcb) != ERR_OK) tcp_abort(t->pcb); /* out of memory for the FIN */
        t->pcb = NULL;
    }
    t->in_use = false;
    ++t->generation;
}

static void tcp_bearer_down(wip_channel_t channel, s32 errnum) {
    struct tcp_client* t = channel->impl;
    const struct netif* gprs = wip_gprs_netif();
    if (t->resolving) return fail(t, errnum); /* its DNS servers were on that bearer */
    if (!t->pcb || !gprs) return;
    /* Connections bound to the bearer's address; loopback ones (127.0.0.1) live on. */
    if (ip_addr_cmp(&t->pcb->local_ip, netif_ip_addr4(gprs))) fail(t, errnum);
}

static void drop_received(struct tcp_client* t) {
    if (!t->received) return;
    if (t->pcb) tcp_recved(t->pcb, t->received->tot_len);
    pbuf_free(t->received);
    t->received = NULL;
}

static void tcp_abort_channel(wip_channel_t channel) {
    struct tcp_client* t = channel->impl;
    if (t->received) {
        pbuf_free(t->received);
        t->received = NULL;
    }
    if (t->pcb) {
        detach_pcb(t);
        tcp_abort(t->pcb); /* RST; lwIP frees the PCB */
        t->pcb = NULL;
    }
    t->in_use = false;
    ++t->generation;
}

static s32 tcp_shutdown_channel(wip_channel_t channel, bool read, bool write) {
    struct tcp_client* t = channel->impl;
    if (!t->pcb || (wip_getState(channel) != WIP_CSTATE_READY && wip_getState(channel) != WIP_CSTATE_TO_CLOSE))
        return WIP_CERR_CSTATE;
    if (read) { /* lwIP's own shut_rx would answer later data with a reset: drop it here instead */
        t->read_shut = true;
        drop_received(t);
    }
    if (write && !t->write_shut) {
        if (tcp_shutdown(t->pcb, 0, 1) != ERR_OK) return WIP_CERR_MEMORY;
        t->write_shut = true;
    }
    return 0;
}

static s32 tcp_set_opts(wip_channel_t channel, const struct wip_copts* options) {
    apply_options(channel->impl, options);
    return 0;
}

static s32 tcp_get_opt(wip_channel_t channel, int option, u32* number, wip_in_addr_t* address) {
    const struct tcp_client* t = channel->impl;
    const struct tcp_pcb* pcb = t->pcb;
    switch (option) {
        case WIP_COPT_RCV_BUFSIZE: *number = t->rcv_bufsize < TCP_WND ? t->rcv_bufsize : TCP_WND; return 0;
        case WIP_COPT_SND_BUFSIZE: *number = t->snd_bufsize; return 0;
        case WIP_COPT_RCV_LOWAT: *number = t->rcv_lowat; return 0;
        case WIP_COPT_SND_LOWAT: *number = t->snd_lowat; return 0;
        case WIP_COPT_KEEPALIVE: *number = t->keepalive; return 0;
        default: break;
    }
    if (!pcb) return WIP_CERR_CSTATE; /* failed or not yet created: no connection to describe */
    switch (option) {
        case WIP_COPT_NODELAY: *number = tcp_nagle_disabled(pcb) ? 1u : 0u; return 0;
        case WIP_COPT_TTL: *number = pcb->ttl; return 0;
        case WIP_COPT_TOS: *number = pcb->tos; return 0;
        case WIP_COPT_PORT: *number = pcb->local_port; return 0;
        case WIP_COPT_PEER_PORT: *number = pcb->remote_port; return 0;
        case WIP_COPT_ADDR: *address = ip_2_ip4(&pcb->local_ip)->addr; return 0; /* network order */
        case WIP_COPT_PEER_ADDR: *address = ip_2_ip4(&pcb->remote_ip)->addr; return 0;
        default: return WIP_CERR_NOT_SUPPORTED;
    }
}
