/* wip_channel_impl.h — what a channel type implements and what the generic channel layer
 * (wip_channel.c) gives it. Not for applications: wip_tcp_client.c uses it, and so will the TLS
 * channel. The generic layer owns the handle, the handler, the state and the event queue;
 * the type owns its protocol state (`impl`) and reports through wip_channel_post(). */
#ifndef Q2686_WIP_CHANNEL_IMPL_H
#define Q2686_WIP_CHANNEL_IMPL_H

#include <stdarg.h>

#include "q2686_ext.h"
#include "wip.h"

#define WIP_MAX_CHANNELS 8u

/* The set-form options of a call (create, setOpts, writeOpts), parsed once by
 * wip_copts_parse() (wip_options.c); `given` says which were present. */
#define WIP_COPT_BIT(option) (1u << (option))
struct wip_copts {
    u32 given;
    void (*finalizer)(void* context);
    bool nodelay;
    u16 port, peer_port;
    wip_in_addr_t peer_addr; /* WIP_COPT_PEER_ADDR, or PEER_STRADDR in dotted form */
    const ascii* peer_name;  /* WIP_COPT_PEER_STRADDR that is a host name (NULL otherwise) */
    u32 rcv_bufsize, snd_bufsize, rcv_lowat, snd_lowat, keepalive, ttl, tos;
};
/* Options a TCP connection takes at creation and in setOpts (a server passes them on). */
#define WIP_COPTS_TCP                                                                                        \
    (WIP_COPT_BIT(WIP_COPT_NODELAY) | WIP_COPT_BIT(WIP_COPT_RCV_BUFSIZE) | WIP_COPT_BIT(WIP_COPT_SND_BUFSIZE) | \
     WIP_COPT_BIT(WIP_COPT_RCV_LOWAT) | WIP_COPT_BIT(WIP_COPT_SND_LOWAT) | WIP_COPT_BIT(WIP_COPT_KEEPALIVE) |   \
     WIP_COPT_BIT(WIP_COPT_TTL) | WIP_COPT_BIT(WIP_COPT_TOS))
/* Reads (option, value) pairs up to WIP_COPT_END into `out` (zeroed first). 0, or
 * WIP_CERR_NOT_SUPPORTED for an option outside `allowed`, WIP_CERR_OUT_OF_RANGE for a bad value. */
s32 wip_copts_parse(va_list* args, u32 allowed, struct wip_copts* out);

struct wip_channel_ops {
    wip_ctype_t type;
    s32 (*read)(wip_channel_t channel, void* buffer, u32 size);
    s32 (*write)(wip_channel_t channel, const void* data, u32 size);
    u32 (*readable)(wip_channel_t channel); /* bytes waiting, for content.read.readable */
    u32 (*writable)(wip_channel_t channel); /* room now, for content.write.writable */
    void (*release)(wip_channel_t channel); /* wip_close/abort: free the protocol state, no events */
    /* The bearer went away (wip_bearerStop or lost): fail with `errnum` if the channel depends
     * on it. NULL if the type never does. */
    void (*bearer_down)(wip_channel_t channel, s32 errnum);
    /* Optional (NULL: WIP_CERR_NOT_SUPPORTED): wip_abort (release with a reset; NULL: release),
     * wip_shutdown, setOpts (options already parsed and allowed for the type: check the rest,
     * change nothing on an error), getOpts of a number or address option, and the datagram
     * forms of read/write with a peer. */
    void (*abort)(wip_channel_t channel);
    s32 (*shutdown)(wip_channel_t channel, bool read, bool write);
    u32 settable; /* WIP_COPT_BIT()s wip_setOpts accepts for this type */
    s32 (*set_opts)(wip_channel_t channel, const struct wip_copts* options);
    s32 (*get_opt)(wip_channel_t channel, int option, u32* number, wip_in_addr_t* address);
    s32 (*read_from)(wip_channel_t channel, void* buffer, u32 size, wip_in_addr_t* peer, u16* peer_port);
    s32 (*write_to)(wip_channel_t channel, const void* data, u32 size, wip_in_addr_t peer, u16 peer_port);
};

struct wip_channel_s {
    const struct wip_channel_ops* ops;
    void* impl;
    wip_eventHandler_f handler;
    void* context;
    void (*finalizer)(void* context);
    wip_cstate_t state;
    u8 pending;    /* 1 << WIP_CEV_*: events to deliver */
    s32 errnum;    /* for a pending WIP_CEV_ERROR */
    bool in_use;   /* the slot holds a channel (open, or released with its finalizer still due) */
    bool released; /* wip_close'd: no more events, finalizer pending */
};

/* A new channel in WIP_CSTATE_BUSY, or NULL when all WIP_MAX_CHANNELS are in use. */
wip_channel_t wip_channel_alloc(const struct wip_channel_ops* ops, void* impl, wip_eventHandler_f handler,
                                void* context);
/* Frees a channel whose creation failed before the application saw it (no finalizer). */
void wip_channel_discard(wip_channel_t channel);
/* Queues an event (ERROR also sets the state); events already pending are merged. */
void wip_channel_post(wip_channel_t channel, wip_event_kind_t kind, s32 errnum);
void wip_channel_set_state(wip_channel_t channel, wip_cstate_t state);

#endif /* Q2686_WIP_CHANNEL_IMPL_H */
