/* wip_options.c — the set form of the channel options (wip_channel.h's table): one parser for
 * every call that takes them, so a value means the same everywhere and every range is checked
 * in one place. */
#include <string.h>

#include "wip_channel_impl.h"

static bool in_range(int value, int low, int high) { return value >= low && value <= high; }

s32 wip_copts_parse(va_list* args, u32 allowed, struct wip_copts* out) {
    memset(out, 0, sizeof *out);
    for (;;) {
        const int option = va_arg(*args, int);
        if (option == WIP_COPT_END) return 0;
        if (option < 0 || option > 31 || !(allowed & WIP_COPT_BIT(option))) return WIP_CERR_NOT_SUPPORTED;
        out->given |= WIP_COPT_BIT(option);
        int value = 0;
        switch (option) {
            case WIP_COPT_FINALIZER: out->finalizer = va_arg(*args, void (*)(void*)); break;
            case WIP_COPT_PEER_ADDR: out->peer_addr = va_arg(*args, wip_in_addr_t); break;
            case WIP_COPT_PEER_STRADDR: {
                const ascii* text = va_arg(*args, const ascii*);
                if (!text || !text[0] || strlen(text) > 127) return WIP_CERR_OUT_OF_RANGE;
                out->given |= WIP_COPT_BIT(WIP_COPT_PEER_ADDR);
                if (!wip_inet_aton(text, &out->peer_addr)) out->peer_name = text;
                break;
            }
            default:
                value = va_arg(*args, int);
                switch (option) {
                    case WIP_COPT_NODELAY: out->nodelay = value != 0; break;
                    case WIP_COPT_PORT:
                        if (!in_range(value, 0, 0xFFFF)) return WIP_CERR_OUT_OF_RANGE;
                        out->port = (u16)value;
                        break;
                    case WIP_COPT_PEER_PORT:
                        if (!in_range(value, 1, 0xFFFF)) return WIP_CERR_OUT_OF_RANGE;
                        out->peer_port = (u16)value;
                        break;
                    case WIP_COPT_RCV_BUFSIZE:
                    case WIP_COPT_SND_BUFSIZE:
                        if (!in_range(value, 1, 0xFFFF)) return WIP_CERR_OUT_OF_RANGE;
                        *(option == WIP_COPT_RCV_BUFSIZE ? &out->rcv_bufsize : &out->snd_bufsize) = (u32)value;
                        break;
                    case WIP_COPT_RCV_LOWAT:
                    case WIP_COPT_SND_LOWAT:
                        if (!in_range(value, 1, 0xFFFF)) return WIP_CERR_OUT_OF_RANGE;
                        *(option == WIP_COPT_RCV_LOWAT ? &out->rcv_lowat : &out->snd_lowat) = (u32)value;
                        break;
                    case WIP_COPT_KEEPALIVE:
                        if (!in_range(value, 0, 86400)) return WIP_CERR_OUT_OF_RANGE;
                        out->keepalive = (u32)value;
                        break;
                    case WIP_COPT_TTL:
                        if (!in_range(value, 1, 255)) return WIP_CERR_OUT_OF_RANGE;
                        out->ttl = (u32)value;
                        break;
                    case WIP_COPT_TOS:
                        if (!in_range(value, 0, 255)) return WIP_CERR_OUT_OF_RANGE;
                        out->tos = (u32)value;
                        break;
                    default: return WIP_CERR_NOT_SUPPORTED; /* a get-only option in a set call */
                }
        }
    }
}
