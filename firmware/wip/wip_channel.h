/* wip_channel.h — WIP channels (included by wip.h): the generic calls (wip_read, wip_write,
 * wip_close, wip_getState, wip_hasType), their events, and the TCP client channel.
 *
 * Events, delivered from the event loop to the channel's handler, in this order when several
 * are due: OPEN, READ, WRITE, PEER_CLOSE, ERROR.
 *   WIP_CEV_OPEN        connected; WIP_CEV_WRITE follows at once (the channel is writable)
 *   WIP_CEV_READ        data has arrived (content.read.readable bytes are waiting). Read until
 *                       wip_read returns less than asked: the next READ comes with new data
 *   WIP_CEV_WRITE       room to write again (content.write.writable bytes), after OPEN and
 *                       after a wip_write that could not take everything
 *   WIP_CEV_PEER_CLOSE  the peer closed its side; data already received can still be read
 *   WIP_CEV_ERROR       the channel failed (content.error.errnum, WIP_CERR_*); only wip_read
 *                       of what had arrived and wip_close remain useful
 * The values of WIP_CEV_ERROR (1) and WIP_CEV_OPEN (2) are those printed by an Open AT 7.44
 * application in a public support thread; the rest follow the same (alphabetical) order.
 *
 * A channel is a byte transport: another layer (the TLS channel, WIP_CTYPE_SSL) can create a
 * TCP client channel with its own handler and drive it with wip_read/wip_write exactly as an
 * application does. */
#ifndef Q2686_WIP_CHANNEL_H
#define Q2686_WIP_CHANNEL_H

#include "adl_global.h"

typedef struct wip_channel_s* wip_channel_t;

typedef enum {
    WIP_CEV_DONE = 0, /* no channel type here sends it yet */
    WIP_CEV_ERROR = 1,
    WIP_CEV_OPEN = 2,
    WIP_CEV_PEER_CLOSE = 3,
    WIP_CEV_PING = 4, /* no ping channel yet */
    WIP_CEV_READ = 5,
    WIP_CEV_WRITE = 6,
    WIP_CEV_LAST = WIP_CEV_WRITE
} wip_event_kind_t;

typedef struct {
    wip_event_kind_t kind;
    wip_channel_t channel;
    union {
        struct {
            s32 errnum; /* WIP_CERR_* */
        } error;
        struct {
            u32 readable;
        } read;
        struct {
            u32 writable;
        } write;
    } content;
} wip_event_t;

typedef void (*wip_eventHandler_f)(wip_event_t* event, void* context);

/* Channel types, for wip_hasType. */
typedef enum {
    WIP_CTYPE_TCPCLIENT = 1,
    WIP_CTYPE_SSL = 2, /* the TLS client channel (next layer) */
} wip_ctype_t;

/* Channel states (wip_getState). */
typedef enum {
    WIP_CSTATE_BUSY,     /* opening: resolving the host name or connecting */
    WIP_CSTATE_READY,    /* open */
    WIP_CSTATE_TO_CLOSE, /* the peer has closed; what arrived before can still be read */
    WIP_CSTATE_ERROR,    /* failed (WIP_CEV_ERROR was or will be sent) */
} wip_cstate_t;

/* Channel error codes (return values and content.error.errnum). Names from the WIP library's
 * wip_channel.h as documented in the Open AT IP Connectivity Development Guide and used by
 * public Open AT code (WIP_CERR_CSTATE, WIP_CERR_NOT_SUPPORTED, WIP_CERR_INVALID,
 * WIP_CERR_MEMORY, WIP_CERR_INTERNAL); the values are the guide's as far as we could
 * reconstruct them (-999 counting up), not verified against a real wip_channel.h. */
#define WIP_CERR_ABORTED (-999)             /* the channel was aborted (bearer stopped, wip_netExit) */
#define WIP_CERR_CSTATE (-998)              /* not possible in the channel's state */
#define WIP_CERR_NOT_SUPPORTED (-997)       /* not supported by this channel type */
#define WIP_CERR_OUT_OF_RANGE (-996)
#define WIP_CERR_MEMORY (-995)              /* out of memory (lwIP heap or pools) */
#define WIP_CERR_INTERNAL (-994)
#define WIP_CERR_INVALID (-993)             /* not a channel, or a bad parameter */
#define WIP_CERR_DNS_FAILURE (-992)         /* the host name could not be resolved */
#define WIP_CERR_RESOURCES (-991)
#define WIP_CERR_PORT_IN_USE (-990)         /* WIP_COPT_PORT: the local port is taken */
#define WIP_CERR_REFUSED (-989)             /* the peer refused the connection (RST to our SYN) */
#define WIP_CERR_HOST_UNREACHABLE (-988)
#define WIP_CERR_NETWORK_UNREACHABLE (-987) /* no bearer, or it was lost under the channel */
#define WIP_CERR_PIPE_BROKEN (-986)         /* the connection was reset by the peer */
#define WIP_CERR_TIMEOUT (-985)             /* no answer: SYN or data retransmissions exhausted */

/* A short English text for a WIP_CERR_* ("network lost", ...). q2686emu extension. */
const ascii* wip_strerror(s32 errnum);

/* Options for wip_TCPClientCreateOpts, as (option, value) pairs ending with WIP_COPT_END. An
 * unsupported option makes the creation fail (NULL). */
#define WIP_COPT_END 0
#define WIP_COPT_FINALIZER 1 /* void (*)(void* context): called from the loop once the channel is released */
#define WIP_COPT_NODELAY 2   /* int: non-zero disables Nagle's algorithm */
#define WIP_COPT_PORT 3      /* int: local port to bind (default: an ephemeral one) */

/* TCP client: resolves `host` with the DNS servers of the connected bearer (a dotted address
 * skips DNS), connects to `port`. NULL if the stack is not started, a parameter or option is
 * bad, or no channel/PCB is free; anything that fails later is a WIP_CEV_ERROR. */
wip_channel_t wip_TCPClientCreateOpts(const ascii* host, u16 port, wip_eventHandler_f handler, void* context, ...);
wip_channel_t wip_TCPClientCreate(const ascii* host, u16 port, wip_eventHandler_f handler, void* context);

/* Bytes read (0: nothing waiting), or WIP_CERR_INVALID. */
s32 wip_read(wip_channel_t channel, void* buffer, u32 size);
/* Bytes accepted, possibly fewer than `size` (WIP_CEV_WRITE follows when there is room), or
 * WIP_CERR_INVALID / WIP_CERR_CSTATE (not open, or failed). */
s32 wip_write(wip_channel_t channel, const void* data, u32 size);
/* Releases the channel at once; a TCP connection is closed gracefully in the background (data
 * already accepted by wip_write is still sent). No event follows except the finalizer.
 * 0 or WIP_CERR_INVALID. */
int wip_close(wip_channel_t channel);
wip_cstate_t wip_getState(wip_channel_t channel); /* WIP_CSTATE_ERROR for an invalid channel */
/* Replaces the context the channel's handler (and finalizer) receives. 0 or WIP_CERR_INVALID. */
int wip_setCtx(wip_channel_t channel, void* context);
bool wip_hasType(wip_channel_t channel, wip_ctype_t type);

#endif /* Q2686_WIP_CHANNEL_H */
