/* wip_channel.c — channel handles and the generic channel calls (wip_channel.h), and the
 * per-channel event queues (wip_channel_impl.h).
 *
 * A handle is a pointer into a fixed pool; it is valid from creation until wip_close. Events
 * are pending bits per channel, delivered by wip_channels_deliver() from the event loop in the
 * fixed order OPEN, READ, WRITE, PEER_CLOSE, ERROR — so a handler is never re-entered from a
 * WIP call it makes, and data that arrived before a reset or a FIN is offered before it. */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "wip_channel_impl.h"
#include "wip_internal.h"

static struct wip_channel_s channels[WIP_MAX_CHANNELS];

static const wip_event_kind_t delivery_order[] = {WIP_CEV_OPEN, WIP_CEV_READ, WIP_CEV_WRITE, WIP_CEV_PEER_CLOSE,
                                                  WIP_CEV_ERROR};

static bool valid(wip_channel_t channel) {
    if (channel < channels || channel >= channels + WIP_MAX_CHANNELS) return false;
    if (((const char*)channel - (const char*)channels) % sizeof channels[0]) return false;
    return channel->in_use && !channel->released;
}

/* ---- for channel types ------------------------------------------------------------------- */
wip_channel_t wip_channel_alloc(const struct wip_channel_ops* ops, void* impl, wip_eventHandler_f handler,
                                void* context) {
    for (unsigned i = 0; i < WIP_MAX_CHANNELS; ++i) {
        struct wip_channel_s* c = &channels[i];
        if (c->in_use) continue;
        memset(c, 0, sizeof *c);
        c->ops = ops;
        c->impl = impl;
        c->handler = handler;
        c->context = context;
        c->state = WIP_CSTATE_BUSY;
        c->in_use = true;
        return c;
    }
    return NULL;
}

void wip_channel_discard(wip_channel_t channel) {
    if (channel) channel->in_use = false;
}

void wip_channel_post(wip_channel_t channel, wip_event_kind_t kind, s32 errnum) {
    if (!valid(channel)) return;
    if (kind == WIP_CEV_ERROR) {
        if (channel->pending & (1u << WIP_CEV_ERROR)) return; /* the first cause wins */
        channel->errnum = errnum;
        channel->state = WIP_CSTATE_ERROR;
    }
    channel->pending |= (u8)(1u << kind);
}

void wip_channel_set_state(wip_channel_t channel, wip_cstate_t state) {
    if (valid(channel)) channel->state = state;
}

/* ---- delivery ------------------------------------------------------------------------------- */
bool wip_channels_have_events(void) {
    for (unsigned i = 0; i < WIP_MAX_CHANNELS; ++i)
        if (channels[i].in_use && (channels[i].pending || channels[i].released)) return true;
    return false;
}

static void finalize(struct wip_channel_s* c) {
    void (*finalizer)(void*) = c->finalizer;
    void* context = c->context;
    c->in_use = false;
    if (finalizer) finalizer(context);
}

bool wip_channels_deliver(void) {
    bool delivered = false;
    for (unsigned i = 0; i < WIP_MAX_CHANNELS; ++i) {
        struct wip_channel_s* c = &channels[i];
        if (!c->in_use) continue;
        if (c->released) {
            finalize(c);
            delivered = true;
            continue;
        }
        for (unsigned k = 0; k < sizeof delivery_order / sizeof delivery_order[0]; ++k) {
            const wip_event_kind_t kind = delivery_order[k];
            /* The handler may close this channel (and a new one may take the slot): stop then. */
            if (!valid(c) || !(c->pending & (1u << kind))) continue;
            c->pending &= (u8) ~(1u << kind);
            wip_event_t event;
            memset(&event, 0, sizeof event);
            event.kind = kind;
            event.channel = c;
            if (kind == WIP_CEV_ERROR) event.content.error.errnum = c->errnum;
            if (kind == WIP_CEV_READ) event.content.read.readable = c->ops->readable(c);
            if (kind == WIP_CEV_WRITE) event.content.write.writable = c->ops->writable(c);
            delivered = true;
            c->handler(&event, c->context);
        }
    }
    return delivered;
}

void wip_channels_bearer_down(s32 errnum) {
    for (unsigned i = 0; i < WIP_MAX_CHANNELS; ++i)
        if (valid(&channels[i]) && channels[i].ops->bearer_down) channels[i].ops->bearer_down(&channels[i], errnum);
}

void wip_channels_release_all(void) {
    for (unsigned i = 0; i < WIP_MAX_CHANNELS; ++i) {
        struct wip_channel_s* c = &channels[i];
        if (!c->in_use) continue;
        if (!c->released) c->ops->release(c);
        c->in_use = false; /* wip_netExit: finalizers are not called */
    }
}

/* ---- the generic calls ---------------------------------------------------------------------- */
s32 wip_read(wip_channel_t channel, void* buffer, u32 size) {
    if (!valid(channel) || (!buffer && size)) return WIP_CERR_INVALID;
    return channel->ops->read(channel, buffer, size);
}

s32 wip_write(wip_channel_t channel, const void* data, u32 size) {
    if (!valid(channel) || (!data && size)) return WIP_CERR_INVALID;
    if (channel->state != WIP_CSTATE_READY && channel->state != WIP_CSTATE_TO_CLOSE) return WIP_CERR_CSTATE;
    return channel->ops->write(channel, data, size);
}

/* After the type has released its state (gracefully or not): no more events; the slot is freed
 * now, or after the finalizer has run from the loop. */
static int forget(wip_channel_t channel) {
    channel->pending = 0;
    if (channel->finalizer)
        channel->released = true; /* the finalizer runs from the loop; the slot is freed after it */
    else
        channel->in_use = false;
    return 0;
}

int wip_close(wip_channel_t channel) {
    if (!valid(channel)) return WIP_CERR_INVALID;
    channel->ops->release(channel);
    return forget(channel);
}

int wip_abort(wip_channel_t channel) {
    if (!valid(channel)) return WIP_CERR_INVALID;
    (channel->ops->abort ? channel->ops->abort : channel->ops->release)(channel);
    return forget(channel);
}

int wip_shutdown(wip_channel_t channel, bool read, bool write) {
    if (!valid(channel)) return WIP_CERR_INVALID;
    if (!channel->ops->shutdown) return WIP_CERR_NOT_SUPPORTED;
    return channel->ops->shutdown(channel, read, write);
}

/* ---- options ------------------------------------------------------------------------------------ */
int wip_setOpts(wip_channel_t channel, ...) {
    if (!valid(channel)) return WIP_CERR_INVALID;
    struct wip_copts options;
    va_list args;
    va_start(args, channel);
    s32 status = wip_copts_parse(&args, channel->ops->settable | WIP_COPT_BIT(WIP_COPT_FINALIZER), &options);
    va_end(args);
    if (status == 0 && (options.given & ~WIP_COPT_BIT(WIP_COPT_FINALIZER)))
        status = channel->ops->set_opts ? channel->ops->set_opts(channel, &options) : WIP_CERR_NOT_SUPPORTED;
    if (status == 0 && (options.given & WIP_COPT_BIT(WIP_COPT_FINALIZER))) channel->finalizer = options.finalizer;
    return status;
}

/* One get-form option: reads its arguments and fills them. `peer`/`peer_port` (readOpts) stand
 * for the channel's peer when given. */
static s32 get_one(wip_channel_t channel, int option, va_list* args, const wip_in_addr_t* peer,
                   const u16* peer_port) {
    u32 number = 0;
    wip_in_addr_t address = 0;
    s32 status = 0;
    switch (option) {
        case WIP_COPT_NREAD: *va_arg(*args, u32*) = channel->ops->readable(channel); return 0;
        case WIP_COPT_NWRITE:
            *va_arg(*args, u32*) = channel->state == WIP_CSTATE_READY ? channel->ops->writable(channel) : 0;
            return 0;
        case WIP_COPT_ERROR: *va_arg(*args, s32*) = channel->state == WIP_CSTATE_ERROR ? channel->errnum : 0; return 0;
        case WIP_COPT_PEER_ADDR:
        case WIP_COPT_PEER_STRADDR:
            if (peer)
                address = *peer;
            else
                status = channel->ops->get_opt ? channel->ops->get_opt(channel, WIP_COPT_PEER_ADDR, &number, &address)
                                               : WIP_CERR_NOT_SUPPORTED;
            break;
        case WIP_COPT_PEER_PORT:
            if (peer_port)
                number = *peer_port;
            else
                status = channel->ops->get_opt ? channel->ops->get_opt(channel, option, &number, &address)
                                               : WIP_CERR_NOT_SUPPORTED;
            break;
        case WIP_COPT_STRADDR:
            status = channel->ops->get_opt ? channel->ops->get_opt(channel, WIP_COPT_ADDR, &number, &address)
                                           : WIP_CERR_NOT_SUPPORTED;
            break;
        default:
            status = channel->ops->get_opt ? channel->ops->get_opt(channel, option, &number, &address)
                                           : WIP_CERR_NOT_SUPPORTED;
    }
    if (status != 0) return status;
    switch (option) {
        case WIP_COPT_NODELAY: *va_arg(*args, bool*) = number != 0; break;
        case WIP_COPT_PORT:
        case WIP_COPT_PEER_PORT: *va_arg(*args, u16*) = (u16)number; break;
        case WIP_COPT_ADDR:
        case WIP_COPT_PEER_ADDR: *va_arg(*args, wip_in_addr_t*) = address; break;
        case WIP_COPT_STRADDR:
        case WIP_COPT_PEER_STRADDR: {
            ascii* buffer = va_arg(*args, ascii*);
            const u16 size = (u16)va_arg(*args, int);
            if (!buffer || !wip_inet_ntoa(address, buffer, size)) return WIP_CERR_OUT_OF_RANGE;
            break;
        }
        default: *va_arg(*args, u32*) = number; break;
    }
    return 0;
}

int wip_getOpts(wip_channel_t channel, ...) {
    if (!valid(channel)) return WIP_CERR_INVALID;
    va_list args;
    va_start(args, channel);
    s32 status = 0;
    for (int option; status == 0 && (option = va_arg(args, int)) != WIP_COPT_END;)
        status = get_one(channel, option, &args, NULL, NULL);
    va_end(args);
    return status;
}

s32 wip_readOpts(wip_channel_t channel, void* buffer, u32 size, ...) {
    if (!valid(channel) || (!buffer && size)) return WIP_CERR_INVALID;
    wip_in_addr_t peer = 0;
    u16 peer_port = 0;
    const s32 read = channel->ops->read_from ? channel->ops->read_from(channel, buffer, size, &peer, &peer_port)
                                             : channel->ops->read(channel, buffer, size);
    if (read < 0) return read;
    va_list args;
    va_start(args, size);
    s32 status = 0;
    for (int option; status == 0 && (option = va_arg(args, int)) != WIP_COPT_END;) {
        if (option != WIP_COPT_PEER_ADDR && option != WIP_COPT_PEER_STRADDR && option != WIP_COPT_PEER_PORT)
            status = WIP_CERR_NOT_SUPPORTED;
        else
            status = get_one(channel, option, &args, channel->ops->read_from ? &peer : NULL,
                             channel->ops->read_from ? &peer_port : NULL);
    }
    va_end(args);
    return status != 0 ? status : read;
}

s32 wip_writeOpts(wip_channel_t channel, const void* data, u32 size, ...) {
    if (!valid(channel) || (!data && size)) return WIP_CERR_INVALID;
    struct wip_copts options;
    va_list args;
    va_start(args, size);
    const s32 status = wip_copts_parse(
        &args, WIP_COPT_BIT(WIP_COPT_PEER_ADDR) | WIP_COPT_BIT(WIP_COPT_PEER_STRADDR) | WIP_COPT_BIT(WIP_COPT_PEER_PORT),
        &options);
    va_end(args);
    if (status != 0) return status;
    if (!options.given) return wip_write(channel, data, size);
    if (!channel->ops->write_to) return WIP_CERR_NOT_SUPPORTED;
    if (options.peer_name) return WIP_CERR_OUT_OF_RANGE; /* a dotted address: no DNS on a datagram */
    if (!(options.given & WIP_COPT_BIT(WIP_COPT_PEER_ADDR)) || !(options.given & WIP_COPT_BIT(WIP_COPT_PEER_PORT)))
        return WIP_CERR_OUT_OF_RANGE;
    if (channel->state != WIP_CSTATE_READY) return WIP_CERR_CSTATE;
    return channel->ops->write_to(channel, data, size, options.peer_addr, options.peer_port);
}

int wip_setCtx(wip_channel_t channel, void* context) {
    if (!valid(channel)) return WIP_CERR_INVALID;
    channel->context = context;
    return 0;
}

wip_cstate_t wip_getState(wip_channel_t channel) { return valid(channel) ? channel->state : WIP_CSTATE_ERROR; }

bool wip_hasType(wip_channel_t channel, wip_ctype_t type) { return valid(channel) && channel->ops->type == type; }

const ascii* wip_strerror(s32 errnum) {
    switch (errnum) {
        case 0: return "no error";
        case WIP_CERR_ABORTED: return "aborted";
        case WIP_CERR_CSTATE: return "bad channel state";
        case WIP_CERR_NOT_SUPPORTED: return "not supported";
        case WIP_CERR_OUT_OF_RANGE: return "out of range";
        case WIP_CERR_MEMORY: return "out of memory";
        case WIP_CERR_INTERNAL: return "internal error";
        case WIP_CERR_INVALID: return "invalid channel or parameter";
        case WIP_CERR_DNS_FAILURE: return "host name not resolved";
        case WIP_CERR_RESOURCES: return "no resources";
        case WIP_CERR_PORT_IN_USE: return "port in use";
        case WIP_CERR_REFUSED: return "connection refused";
        case WIP_CERR_HOST_UNREACHABLE: return "host unreachable";
        case WIP_CERR_NETWORK_UNREACHABLE: return "network lost";
        case WIP_CERR_PIPE_BROKEN: return "connection reset by peer";
        case WIP_CERR_TIMEOUT: return "timeout";
        default: return "unknown error";
    }
}
