/* wip_channel_impl.h — what a channel type implements and what the generic channel layer
 * (wip_channel.c) gives it. Not for applications: wip_tcp_client.c uses it, and so will the TLS
 * channel. The generic layer owns the handle, the handler, the state and the event queue;
 * the type owns its protocol state (`impl`) and reports through wip_channel_post(). */
#ifndef Q2686_WIP_CHANNEL_IMPL_H
#define Q2686_WIP_CHANNEL_IMPL_H

#include "q2686_ext.h"
#include "wip.h"

#define WIP_MAX_CHANNELS 8u

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
