/* wip_api — an application of WIP channels, for the test sdk_wip_channels (tests/CMakeLists.txt).
 * Written against wip.h as the WIP library documents it; everything goes over the modem's own
 * loopback (127.0.0.1), so no bearer is needed. Its AT commands report what happened as
 * "+<NAME>: ..." lines once the exchange is over:
 *   AT+ECHO   a TCP server on port 2000 echoes what a client sends: the client sends "hello",
 *             reads it back, shuts its write side; the server's spawned channel sees
 *             PEER_CLOSE and closes. Options on the client: NODELAY, the buffer sizes,
 *             KEEPALIVE, RCV_LOWAT; getOpts on both sides.
 *   AT+ABORT  a client aborts its connection: the spawned channel gets WIP_CEV_ERROR.
 *   AT+UDP    two UDP channels: "ping" to port 5000 through the default peer, "pong" back with
 *             writeOpts to the sender readOpts reported.
 *   AT+BADOPT options a channel type does not have, and out-of-range values. */
#include "adl_global.h"
#include "wip.h"

const u16 wm_apmCustomStackSize = 4096;

static void say(const ascii* text) { adl_atSendResponse(ADL_AT_PORT_TYPE(ADL_PORT_UART1, ADL_AT_UNS), text); }

/* ---- AT+ECHO ------------------------------------------------------------------------------------ */
static wip_channel_t server, client, spawned;
static ascii echoed[16];
static int echoed_length;
static ascii report[200];

static void spawned_handler(wip_event_t* ev, void* ctx) {
    u8 data[32];
    ascii peer[16] = "";
    u16 peer_port = 0, local_port = 0;
    switch (ev->kind) {
        case WIP_CEV_OPEN:
            spawned = ev->channel;
            wip_getOpts(ev->channel, WIP_COPT_PEER_STRADDR, peer, (u16)sizeof peer, WIP_COPT_PEER_PORT, &peer_port,
                        WIP_COPT_PORT, &local_port, WIP_COPT_END);
            wm_sprintf(report, "\r\n+ECHO: spawned %s,%u->%u,%d,%s\r\n", peer, (unsigned)peer_port,
                       (unsigned)local_port, wip_hasType(ev->channel, WIP_CTYPE_TCPCLIENT), (const ascii*)ctx);
            say(report);
            break;
        case WIP_CEV_READ: {
            const s32 n = wip_read(ev->channel, data, sizeof data);
            if (n > 0) wip_write(ev->channel, data, (u32)n);
            break;
        }
        case WIP_CEV_PEER_CLOSE:
            say("\r\n+ECHO: server side: peer closed\r\n");
            wip_close(ev->channel);
            spawned = NULL;
            break;
        case WIP_CEV_ERROR:
            wm_sprintf(report, "\r\n+ABORT: server side: error %ld\r\n", (long)ev->content.error.errnum);
            say(report);
            wip_close(ev->channel);
            spawned = NULL;
            break;
        default: break;
    }
}

static void client_handler(wip_event_t* ev, void* ctx) {
    (void)ctx;
    switch (ev->kind) {
        case WIP_CEV_OPEN: {
            u32 rcv = 0, snd = 0, keepalive = 0, lowat = 0;
            bool nodelay = false;
            wip_getOpts(ev->channel, WIP_COPT_RCV_BUFSIZE, &rcv, WIP_COPT_SND_BUFSIZE, &snd, WIP_COPT_KEEPALIVE,
                        &keepalive, WIP_COPT_NODELAY, &nodelay, WIP_COPT_RCV_LOWAT, &lowat, WIP_COPT_END);
            wm_sprintf(report, "\r\n+ECHO: client open %lu,%lu,%lu,%d,%lu\r\n", (unsigned long)rcv, (unsigned long)snd,
                       (unsigned long)keepalive, nodelay, (unsigned long)lowat);
            say(report);
            wip_write(ev->channel, "hello", 5);
            break;
        }
        case WIP_CEV_READ: {
            /* RCV_LOWAT 5: the first READ comes with the whole echo. */
            u32 waiting = 0;
            wip_getOpts(ev->channel, WIP_COPT_NREAD, &waiting, WIP_COPT_END);
            echoed_length = (int)wip_read(ev->channel, echoed, sizeof echoed - 1);
            echoed[echoed_length > 0 ? echoed_length : 0] = 0;
            wm_sprintf(report, "\r\n+ECHO: client read %lu \"%s\"\r\n", (unsigned long)waiting, echoed);
            say(report);
            wm_sprintf(report, "\r\n+ECHO: shutdown %d, write after it %ld\r\n", wip_shutdown(ev->channel, false, true),
                       (long)wip_write(ev->channel, "x", 1));
            say(report);
            break;
        }
        case WIP_CEV_PEER_CLOSE:
            say("\r\n+ECHO: client side: peer closed\r\n");
            wip_close(ev->channel);
            client = NULL;
            break;
        case WIP_CEV_ERROR:
            wm_sprintf(report, "\r\n+ECHO: client error %ld\r\n", (long)ev->content.error.errnum);
            say(report);
            break;
        default: break;
    }
}

static void start_server(void) {
    if (!server)
        server = wip_TCPServerCreateOpts(2000, spawned_handler, "ctx", WIP_COPT_NODELAY, 1, WIP_COPT_END);
}

static void echo_handler(adl_atCmdPreParser_t* paras) {
    start_server();
    u16 port = 0;
    wip_getOpts(server, WIP_COPT_PORT, &port, WIP_COPT_END);
    wm_sprintf(report, "\r\n+ECHO: server %d,%u,%d\r\n", server != NULL, (unsigned)port,
               wip_hasType(server, WIP_CTYPE_TCPSERVER));
    adl_atSendResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), report);
    client = wip_TCPClientCreateOpts("127.0.0.1", 2000, client_handler, NULL, WIP_COPT_NODELAY, TRUE,
                                     WIP_COPT_RCV_BUFSIZE, 2048, WIP_COPT_SND_BUFSIZE, 2048, WIP_COPT_KEEPALIVE, 60,
                                     WIP_COPT_RCV_LOWAT, 5, WIP_COPT_END);
    adl_atSendStdResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), client ? ADL_STR_OK : ADL_STR_ERROR);
}

/* ---- AT+ABORT ------------------------------------------------------------------------------------ */
static void abort_client_handler(wip_event_t* ev, void* ctx) {
    (void)ctx;
    if (ev->kind == WIP_CEV_OPEN) {
        wm_sprintf(report, "\r\n+ABORT: client aborts: %d, again: %d\r\n", wip_abort(ev->channel),
                   wip_abort(ev->channel));
        say(report);
    }
}

static void abort_handler(adl_atCmdPreParser_t* paras) {
    start_server();
    const wip_channel_t c = wip_TCPClientCreate("127.0.0.1", 2000, abort_client_handler, NULL);
    adl_atSendStdResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), c ? ADL_STR_OK : ADL_STR_ERROR);
}

/* ---- AT+UDP --------------------------------------------------------------------------------------- */
static wip_channel_t listener, sender;

static void listener_handler(wip_event_t* ev, void* ctx) {
    (void)ctx;
    if (ev->kind != WIP_CEV_READ) return;
    ascii data[16], peer[16];
    u16 peer_port = 0;
    const s32 n = wip_readOpts(ev->channel, data, sizeof data - 1, WIP_COPT_PEER_STRADDR, peer, (u16)sizeof peer,
                               WIP_COPT_PEER_PORT, &peer_port, WIP_COPT_END);
    data[n > 0 ? n : 0] = 0;
    wip_in_addr_t address = 0;
    wip_inet_aton(peer, &address);
    const s32 sent = wip_writeOpts(ev->channel, "pong", 4, WIP_COPT_PEER_ADDR, address, WIP_COPT_PEER_PORT,
                                   (int)peer_port, WIP_COPT_END);
    wm_sprintf(report, "\r\n+UDP: listener got \"%s\" from %s:%d, answered %ld\r\n", data, peer,
               peer_port == 5001, (long)sent);
    say(report);
}

static void sender_handler(wip_event_t* ev, void* ctx) {
    (void)ctx;
    ascii data[16];
    switch (ev->kind) {
        case WIP_CEV_OPEN: say("\r\n+UDP: sender open\r\n"); break;
        case WIP_CEV_WRITE: {
            static bool sent;
            if (!sent) {
                sent = true;
                wm_sprintf(report, "\r\n+UDP: sent %ld\r\n", (long)wip_write(ev->channel, "ping", 4));
                say(report);
            }
            break;
        }
        case WIP_CEV_READ: {
            const s32 n = wip_read(ev->channel, data, sizeof data - 1);
            data[n > 0 ? n : 0] = 0;
            wm_sprintf(report, "\r\n+UDP: sender got \"%s\"\r\n", data);
            say(report);
            wip_close(ev->channel);
            wip_close(listener);
            break;
        }
        default: break;
    }
}

static void udp_handler(adl_atCmdPreParser_t* paras) {
    listener = wip_UDPCreateOpts(listener_handler, NULL, WIP_COPT_PORT, 5000, WIP_COPT_END);
    sender = wip_UDPCreateOpts(sender_handler, NULL, WIP_COPT_PORT, 5001, WIP_COPT_PEER_STRADDR, "127.0.0.1",
                               WIP_COPT_PEER_PORT, 5000, WIP_COPT_END);
    adl_atSendStdResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), listener && sender ? ADL_STR_OK : ADL_STR_ERROR);
}

/* ---- AT+BADOPT ------------------------------------------------------------------------------------ */
static void nothing(wip_event_t* ev, void* ctx) {
    (void)ev;
    (void)ctx;
}

static void badopt_handler(adl_atCmdPreParser_t* paras) {
    const wip_channel_t udp = wip_UDPCreateOpts(nothing, NULL, WIP_COPT_PORT, 6000, WIP_COPT_END);
    const bool keepalive_on_udp = wip_UDPCreateOpts(nothing, NULL, WIP_COPT_KEEPALIVE, 10, WIP_COPT_END) != NULL;
    const bool bad_ttl = wip_TCPClientCreateOpts("127.0.0.1", 1, nothing, NULL, WIP_COPT_TTL, 0, WIP_COPT_END) != NULL;
    const bool taken = wip_UDPCreateOpts(nothing, NULL, WIP_COPT_PORT, 6000, WIP_COPT_END) != NULL;
    u32 ttl = 0;
    wm_sprintf(report, "\r\n+BADOPT: %d,%d,%d,%d,%d,%d,%d,%lu,%d\r\n", keepalive_on_udp, bad_ttl, taken,
               wip_setOpts(udp, WIP_COPT_NODELAY, 1, WIP_COPT_END), wip_setOpts(udp, WIP_COPT_TTL, 300, WIP_COPT_END),
               wip_setOpts(udp, WIP_COPT_TTL, 9, WIP_COPT_END), wip_shutdown(udp, false, true),
               (wip_getOpts(udp, WIP_COPT_TTL, &ttl, WIP_COPT_END), (unsigned long)ttl),
               wip_setOpts(NULL, WIP_COPT_TTL, 9, WIP_COPT_END));
    wip_close(udp);
    adl_atSendResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), report);
    adl_atSendStdResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), ADL_STR_OK);
}

void adl_main(adl_InitType_e type) {
    (void)type;
    wip_netInit();
    adl_atCmdSubscribe("AT+ECHO", echo_handler, ADL_CMD_TYPE_ACT);
    adl_atCmdSubscribe("AT+ABORT", abort_handler, ADL_CMD_TYPE_ACT);
    adl_atCmdSubscribe("AT+UDP", udp_handler, ADL_CMD_TYPE_ACT);
    adl_atCmdSubscribe("AT+BADOPT", badopt_handler, ADL_CMD_TYPE_ACT);
}
