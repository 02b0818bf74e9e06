/* wip_channel.h — WIP channels (included by wip.h): the generic calls (wip_read, wip_write,
 * wip_close, wip_abort, wip_shutdown, wip_getState, wip_hasType, the options), their events,
 * and the channel types: TCP client, TCP server (spawning client channels), UDP.
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

/* Channel types, for wip_hasType. A channel spawned by a TCP server is a TCP client. */
typedef enum {
    WIP_CTYPE_TCPCLIENT = 1,
    WIP_CTYPE_SSL = 2, /* the TLS client channel (next layer) */
    WIP_CTYPE_TCPSERVER = 3,
    WIP_CTYPE_UDP = 4,
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

/* Channel options, as (option, value) pairs ending with WIP_COPT_END, for the *CreateOpts
 * calls, wip_setOpts/wip_getOpts and wip_readOpts/wip_writeOpts. The names are the WIP
 * library's; the values are ours (applications use the names). What each call takes:
 *
 *   option                 set (create, setOpts, writeOpts)  get (getOpts, readOpts)  channels
 *   WIP_COPT_FINALIZER     void (*)(void* context)            -                        all
 *   WIP_COPT_NODELAY       int: non-zero disables Nagle       bool*                    TCP
 *   WIP_COPT_PORT          int: local port (create only)      u16*                     TCP, UDP, server
 *   WIP_COPT_ADDR          -                                  wip_in_addr_t*           TCP, UDP
 *   WIP_COPT_STRADDR       -                                  ascii* buffer, u16 size  TCP, UDP
 *   WIP_COPT_PEER_PORT     int (UDP create, writeOpts)        u16*                     TCP, UDP
 *   WIP_COPT_PEER_ADDR     wip_in_addr_t (UDP, writeOpts)     wip_in_addr_t*           TCP, UDP
 *   WIP_COPT_PEER_STRADDR  const ascii*: dotted, or a name    ascii* buffer, u16 size  TCP, UDP
 *                          (UDP create: resolved by DNS)
 *   WIP_COPT_NREAD         -                                  u32*: bytes readable     all but server
 *   WIP_COPT_NWRITE        -                                  u32*: room to write      all but server
 *   WIP_COPT_RCV_BUFSIZE   int: 1..65535                      u32*                     TCP, server
 *   WIP_COPT_SND_BUFSIZE   int: 1..65535                      u32*                     TCP, server
 *   WIP_COPT_RCV_LOWAT     int: WIP_CEV_READ once this many   u32*                     TCP, server
 *                          bytes are waiting (default 1)
 *   WIP_COPT_SND_LOWAT     int: WIP_CEV_WRITE once this much  u32*                     TCP, server
 *                          room is back (default 1024)
 *   WIP_COPT_KEEPALIVE     int: seconds idle before probes    u32*                     TCP, server
 *                          (0..86400), 0 = off (the default)
 *   WIP_COPT_TTL           int: 1..255 (default 64)           u32*                     TCP, UDP, server
 *   WIP_COPT_TOS           int: 0..255 (default 0)            u32*                     TCP, UDP, server
 *   WIP_COPT_ERROR         -                                  s32*: the WIP_CERR_* the channel failed with, 0 if none
 *
 * The buffer sizes meet the stack's configuration (lwIP: a 5840-byte window and send buffer):
 * SND_BUFSIZE limits what wip_write accepts (at most 5840 bytes unacknowledged); the receive
 * window stays 5840 bytes whatever RCV_BUFSIZE says. getOpts reports the sizes in effect. An option
 * a channel type does not have, or a value out of range, fails the call (NULL for a create,
 * WIP_CERR_NOT_SUPPORTED / WIP_CERR_OUT_OF_RANGE otherwise) and changes nothing. */
#define WIP_COPT_END 0
#define WIP_COPT_FINALIZER 1
#define WIP_COPT_NODELAY 2
#define WIP_COPT_PORT 3
#define WIP_COPT_ADDR 4
#define WIP_COPT_STRADDR 5
#define WIP_COPT_PEER_PORT 6
#define WIP_COPT_PEER_ADDR 7
#define WIP_COPT_PEER_STRADDR 8
#define WIP_COPT_NREAD 9
#define WIP_COPT_NWRITE 10
#define WIP_COPT_RCV_BUFSIZE 11
#define WIP_COPT_SND_BUFSIZE 12
#define WIP_COPT_RCV_LOWAT 13
#define WIP_COPT_SND_LOWAT 14
#define WIP_COPT_KEEPALIVE 15
#define WIP_COPT_TTL 16
#define WIP_COPT_TOS 17
#define WIP_COPT_ERROR 18

/* TCP client: resolves `host` with the DNS servers of the connected bearer (a dotted address
 * skips DNS), connects to `port`. NULL if the stack is not started, a parameter or option is
 * bad, or no channel/PCB is free; anything that fails later is a WIP_CEV_ERROR. */
wip_channel_t wip_TCPClientCreateOpts(const ascii* host, u16 port, wip_eventHandler_f handler, void* context, ...);
wip_channel_t wip_TCPClientCreate(const ascii* host, u16 port, wip_eventHandler_f handler, void* context);

/* TCP server: listens on local `port` (every address: the bearer's and 127.0.0.1). Each
 * connection accepted spawns a new TCP client channel whose handler and context are the
 * server's `handler`/`context`: it receives WIP_CEV_OPEN (event->channel is the new channel),
 * then READ/WRITE/PEER_CLOSE/ERROR like any client channel, and is closed with wip_close.
 * The options given (NODELAY, buffer sizes, LOWATs, KEEPALIVE, TTL, TOS) apply to every
 * spawned channel. The server channel itself is READY at once and gets no events; closing
 * it stops listening and leaves spawned channels open. NULL if the stack is not started, the
 * port is 0 or taken, an option is bad, or no channel/PCB is free. */
wip_channel_t wip_TCPServerCreateOpts(u16 port, wip_eventHandler_f handler, void* context, ...);
wip_channel_t wip_TCPServerCreate(u16 port, wip_eventHandler_f handler, void* context);

/* UDP: a socket bound to WIP_COPT_PORT (default: an ephemeral port), with an optional default
 * peer (WIP_COPT_PEER_ADDR or WIP_COPT_PEER_STRADDR, and WIP_COPT_PEER_PORT). WIP_CEV_OPEN
 * (then WIP_CEV_WRITE) follows once the peer's name is resolved, at once otherwise. Each
 * wip_read returns one datagram (what does not fit in the buffer is dropped), readOpts gives
 * its sender; each wip_write sends one datagram (at most WIP_UDP_MAX_DATAGRAM bytes) to the
 * default peer, writeOpts to the peer it names. Datagrams not yet read are kept up to
 * WIP_UDP_QUEUE; more are dropped, as a full socket buffer drops them. */
#define WIP_UDP_MAX_DATAGRAM 1472u /* 1500-byte MTU − 20 (IP) − 8 (UDP): never fragmented */
#define WIP_UDP_QUEUE 8u
wip_channel_t wip_UDPCreateOpts(wip_eventHandler_f handler, void* context, ...);
wip_channel_t wip_UDPCreate(wip_eventHandler_f handler, void* context);

/* Bytes read (0: nothing waiting), or WIP_CERR_INVALID. */
s32 wip_read(wip_channel_t channel, void* buffer, u32 size);
/* Bytes accepted, possibly fewer than `size` (WIP_CEV_WRITE follows when there is room), or
 * WIP_CERR_INVALID / WIP_CERR_CSTATE (not open, or failed). */
s32 wip_write(wip_channel_t channel, const void* data, u32 size);
/* Releases the channel at once; a TCP connection is closed gracefully in the background (data
 * already accepted by wip_write is still sent). No event follows except the finalizer.
 * 0 or WIP_CERR_INVALID. */
int wip_close(wip_channel_t channel);
/* Releases the channel at once like wip_close, but a TCP connection is reset (RST), not closed
 * gracefully: data not yet sent is dropped. 0 or WIP_CERR_INVALID. */
int wip_abort(wip_channel_t channel);
/* TCP: stops reading (data arriving later is dropped) and/or writing (a FIN is sent once what
 * was written has gone; the peer sees the end of the stream). The channel stays open for the
 * other direction. 0, WIP_CERR_INVALID, WIP_CERR_CSTATE (not connected) or
 * WIP_CERR_NOT_SUPPORTED (not TCP). */
int wip_shutdown(wip_channel_t channel, bool read, bool write);
/* wip_read/wip_write with options: readOpts fills WIP_COPT_PEER_* with the sender of what it
 * read (UDP: that datagram's; TCP: the connection's peer), writeOpts sends to the peer named
 * by WIP_COPT_PEER_* (UDP only). Same results as wip_read/wip_write, or WIP_CERR_NOT_SUPPORTED /
 * WIP_CERR_OUT_OF_RANGE for a bad option. */
s32 wip_readOpts(wip_channel_t channel, void* buffer, u32 size, ...);
s32 wip_writeOpts(wip_channel_t channel, const void* data, u32 size, ...);
/* Sets / reads options (table above). 0, or WIP_CERR_INVALID / WIP_CERR_NOT_SUPPORTED /
 * WIP_CERR_OUT_OF_RANGE; on an error nothing is changed (setOpts) or filled after the
 * offending option (getOpts). */
int wip_setOpts(wip_channel_t channel, ...);
int wip_getOpts(wip_channel_t channel, ...);
wip_cstate_t wip_getState(wip_channel_t channel); /* WIP_CSTATE_ERROR for an invalid channel */
/* Replaces the context the channel's handler (and finalizer) receives. 0 or WIP_CERR_INVALID. */
int wip_setCtx(wip_channel_t channel, void* context);
bool wip_hasType(wip_channel_t channel, wip_ctype_t type);

#endif /* Q2686_WIP_CHANNEL_H */
