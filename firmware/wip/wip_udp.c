/* wip_udp.c — the UDP channel (wip_UDPCreateOpts) on lwIP's raw UDP API.
 *
 * Datagrams received are queued with their sender (up to WIP_UDP_QUEUE; more are dropped, as
 * a full socket buffer drops them) and offered by WIP_CEV_READ; each wip_read takes one. A
 * default peer given by name is resolved like a TCP client's host (the bearer's DNS servers),
 * and the channel opens once it is; with an address, or no peer, it opens at once. */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "lwip/dns.h"
#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "lwip/udp.h"
#include "wip_channel_impl.h"
#include "wip_internal.h"

struct datagram {
    struct pbuf* data;
    wip_in_addr_t from;
    u16 from_port;
};

struct udp_channel {
    bool in_use;
    u8 generation; /* bumped on release: stale DNS answers are ignored */
    bool resolving;
    bool has_peer;
    wip_in_addr_t peer;
    u16 peer_port;
    struct udp_pcb* pcb;
    struct datagram queue[WIP_UDP_QUEUE];
    u8 head, count;
    wip_channel_t channel;
};

static struct udp_channel sockets[WIP_MAX_CHANNELS];

static struct datagram* oldest(struct udp_channel* u) { return u->count ? &u->queue[u->head] : NULL; }

static void drop_oldest(struct udp_channel* u) {
    pbuf_free(u->queue[u->head].data);
    u->head = (u8)((u->head + 1u) % WIP_UDP_QUEUE);
    --u->count;
}

/* ---- lwIP callbacks: they only record and post ---------------------------------------------- */
static void on_datagram(void* arg, struct udp_pcb* pcb, struct pbuf* p, const ip_addr_t* from, u16_t port) {
    (void)pcb;
    struct udp_channel* u = arg;
    if (u->count == WIP_UDP_QUEUE) { /* the socket buffer is full */
        pbuf_free(p);
        return;
    }
    struct datagram* d = &u->queue[(u->head + u->count) % WIP_UDP_QUEUE];
    d->data = p;
    d->from = ip_2_ip4(from)->addr;
    d->from_port = port;
    ++u->count;
    wip_channel_post(u->channel, WIP_CEV_READ, 0);
}

static void open_now(struct udp_channel* u) {
    wip_channel_set_state(u->channel, WIP_CSTATE_READY);
    wip_channel_post(u->channel, WIP_CEV_OPEN, 0);
    wip_channel_post(u->channel, WIP_CEV_WRITE, 0);
}

static void* dns_tag(const struct udp_channel* u) {
    return (void*)(uintptr_t)((unsigned)(u - sockets) | (unsigned)u->generation << 8);
}

static void on_resolved(const char* name, const ip_addr_t* address, void* tag) {
    (void)name;
    const unsigned index = (uintptr_t)tag & 0xFFu;
    if (index >= WIP_MAX_CHANNELS) return;
    struct udp_channel* u = &sockets[index];
    if (!u->in_use || u->generation != (u8)((uintptr_t)tag >> 8) || !u->resolving) return; /* closed meanwhile */
    u->resolving = false;
    if (!address) return wip_channel_post(u->channel, WIP_CEV_ERROR, WIP_CERR_DNS_FAILURE);
    u->peer = ip_2_ip4(address)->addr;
    open_now(u);
}

/* ---- the channel operations ----------------------------------------------------------------- */
static s32 udp_read_from(wip_channel_t channel, void* buffer, u32 size, wip_in_addr_t* peer, u16* peer_port) {
    struct udp_channel* u = channel->impl;
    struct datagram* d = oldest(u);
    if (!d) return 0;
    const u16 length = size < d->data->tot_len ? (u16)size : d->data->tot_len;
    const u16 copied = length ? pbuf_copy_partial(d->data, buffer, length, 0) : 0;
    *peer = d->from;
    *peer_port = d->from_port;
    drop_oldest(u); /* the rest of a datagram larger than the buffer is lost, as with recv() */
    if (u->count) wip_channel_post(channel, WIP_CEV_READ, 0);
    return copied;
}

static s32 udp_read(wip_channel_t channel, void* buffer, u32 size) {
    wip_in_addr_t peer;
    u16 port;
    return udp_read_from(channel, buffer, size, &peer, &port);
}

static s32 udp_write_to(wip_channel_t channel, const void* data, u32 size, wip_in_addr_t peer, u16 peer_port) {
    struct udp_channel* u = channel->impl;
    if (!u->pcb) return WIP_CERR_CSTATE;
    if (size > WIP_UDP_MAX_DATAGRAM) return WIP_CERR_OUT_OF_RANGE;
    struct pbuf* p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)size, PBUF_RAM);
    if (!p) return WIP_CERR_MEMORY;
    if (size) pbuf_take(p, data, (u16_t)size);
    ip_addr_t to;
    ip_addr_set_ip4_u32(&to, peer);
    const err_t err = udp_sendto(u->pcb, p, &to, peer_port);
    pbuf_free(p);
    if (err == ERR_RTE) return WIP_CERR_NETWORK_UNREACHABLE; /* no bearer: no route */
    if (err == ERR_MEM || err == ERR_BUF) return WIP_CERR_MEMORY;
    if (err != ERR_OK) return WIP_CERR_INTERNAL;
    return (s32)size;
}

static s32 udp_write(wip_channel_t channel, const void* data, u32 size) {
    const struct udp_channel* u = channel->impl;
    if (!u->has_peer) return WIP_CERR_CSTATE; /* no default peer: use wip_writeOpts */
    return udp_write_to(channel, data, size, u->peer, u->peer_port);
}

static u32 udp_readable(wip_channel_t channel) {
    struct udp_channel* u = channel->impl;
    const struct datagram* d = oldest(u);
    return d ? d->data->tot_len : 0;
}

static u32 udp_writable(wip_channel_t channel) {
    const struct udp_channel* u = channel->impl;
    return u->pcb ? WIP_UDP_MAX_DATAGRAM : 0;
}

static void udp_release(wip_channel_t channel) {
    struct udp_channel* u = channel->impl;
    while (u->count) drop_oldest(u);
    if (u->pcb) udp_remove(u->pcb);
    u->pcb = NULL;
    u->in_use = false;
    ++u->generation;
}

static s32 udp_set_opts(wip_channel_t channel, const struct wip_copts* o) {
    struct udp_channel* u = channel->impl;
    if ((o->given & WIP_COPT_BIT(WIP_COPT_PEER_ADDR)) && o->peer_name) return WIP_CERR_OUT_OF_RANGE; /* no DNS here */
    if (o->given & WIP_COPT_BIT(WIP_COPT_TTL)) u->pcb->ttl = (u8_t)o->ttl;
    if (o->given & WIP_COPT_BIT(WIP_COPT_TOS)) u->pcb->tos = (u8_t)o->tos;
    if (o->given & WIP_COPT_BIT(WIP_COPT_PEER_ADDR)) {
        u->peer = o->peer_addr;
        u->has_peer = true;
    }
    if (o->given & WIP_COPT_BIT(WIP_COPT_PEER_PORT)) u->peer_port = o->peer_port;
    return 0;
}

static s32 udp_get_opt(wip_channel_t channel, int option, u32* number, wip_in_addr_t* address) {
    const struct udp_channel* u = channel->impl;
    if (!u->pcb) return WIP_CERR_CSTATE;
    switch (option) {
        case WIP_COPT_PORT: *number = u->pcb->local_port; return 0;
        case WIP_COPT_ADDR: *address = ip_2_ip4(&u->pcb->local_ip)->addr; return 0;
        case WIP_COPT_PEER_PORT: *number = u->peer_port; return 0;
        case WIP_COPT_PEER_ADDR: *address = u->has_peer ? u->peer : 0; return 0;
        case WIP_COPT_TTL: *number = u->pcb->ttl; return 0;
        case WIP_COPT_TOS: *number = u->pcb->tos; return 0;
        default: return WIP_CERR_NOT_SUPPORTED;
    }
}

static const struct wip_channel_ops udp_ops = {
    .type = WIP_CTYPE_UDP,
    .read = udp_read,
    .write = udp_write,
    .readable = udp_readable,
    .writable = udp_writable,
    .release = udp_release,
    .settable = WIP_COPT_BIT(WIP_COPT_PEER_ADDR) | WIP_COPT_BIT(WIP_COPT_PEER_STRADDR) |
                WIP_COPT_BIT(WIP_COPT_PEER_PORT) | WIP_COPT_BIT(WIP_COPT_TTL) | WIP_COPT_BIT(WIP_COPT_TOS),
    .set_opts = udp_set_opts,
    .get_opt = udp_get_opt,
    .read_from = udp_read_from,
    .write_to = udp_write_to,
};

wip_channel_t wip_UDPCreateOpts(wip_eventHandler_f handler, void* context, ...) {
    struct wip_copts o;
    va_list args;
    va_start(args, context);
    const s32 status = wip_copts_parse(&args,
                                       WIP_COPT_BIT(WIP_COPT_FINALIZER) | WIP_COPT_BIT(WIP_COPT_PORT) |
                                           WIP_COPT_BIT(WIP_COPT_PEER_ADDR) | WIP_COPT_BIT(WIP_COPT_PEER_STRADDR) |
                                           WIP_COPT_BIT(WIP_COPT_PEER_PORT) | WIP_COPT_BIT(WIP_COPT_TTL) |
                                           WIP_COPT_BIT(WIP_COPT_TOS),
                                       &o);
    va_end(args);
    const bool peer = (o.given & WIP_COPT_BIT(WIP_COPT_PEER_ADDR)) != 0;
    /* A default peer needs both its address and its port. */
    if (status != 0 || !wip_netIsStarted() || !handler || peer != ((o.given & WIP_COPT_BIT(WIP_COPT_PEER_PORT)) != 0))
        return NULL;
    if (o.peer_name && strlen(o.peer_name) >= DNS_MAX_NAME_LENGTH) return NULL;

    struct udp_channel* u = NULL;
    for (unsigned i = 0; i < WIP_MAX_CHANNELS && !u; ++i)
        if (!sockets[i].in_use) u = &sockets[i];
    if (!u) return NULL;
    struct udp_pcb* pcb = udp_new_ip_type(IPADDR_TYPE_V4);
    if (!pcb) return NULL;
    if (udp_bind(pcb, IP4_ADDR_ANY, o.port) != ERR_OK) { /* the port is taken */
        udp_remove(pcb);
        return NULL;
    }
    const wip_channel_t channel = wip_channel_alloc(&udp_ops, u, handler, context);
    if (!channel) {
        udp_remove(pcb);
        return NULL;
    }
    const u8 generation = u->generation;
    memset(u, 0, sizeof *u);
    u->in_use = true;
    u->generation = generation;
    u->pcb = pcb;
    u->channel = channel;
    u->has_peer = peer;
    u->peer = o.peer_addr;
    u->peer_port = o.peer_port;
    channel->finalizer = o.finalizer;
    if (o.given & WIP_COPT_BIT(WIP_COPT_TTL)) pcb->ttl = (u8_t)o.ttl;
    if (o.given & WIP_COPT_BIT(WIP_COPT_TOS)) pcb->tos = (u8_t)o.tos;
    udp_recv(pcb, on_datagram, u);
    if (!o.peer_name) {
        open_now(u);
        return channel;
    }
    ip_addr_t address;
    u->resolving = true; /* before the call: lwIP may answer through on_resolved at once */
    const err_t err = dns_gethostbyname(o.peer_name, &address, on_resolved, dns_tag(u));
    if (err == ERR_OK) {
        u->resolving = false;
        u->peer = ip_2_ip4(&address)->addr;
        open_now(u);
    } else if (err != ERR_INPROGRESS && u->resolving) {
        u->resolving = false;
        wip_channel_post(channel, WIP_CEV_ERROR, WIP_CERR_DNS_FAILURE);
    }
    return channel;
}

wip_channel_t wip_UDPCreate(wip_eventHandler_f handler, void* context) {
    return wip_UDPCreateOpts(handler, context, WIP_COPT_END);
}
