/* lwip_loopback.elf — on-target smoke test of lwIP (firmware/lwip) on the emulated ARM946E-S.
 *
 * adl_main() starts lwIP, opens a raw-API TCP echo server on 127.0.0.1:7 and connects a raw-API
 * client to it over the loopback netif. The client sends a known 2 KiB pattern in odd-sized
 * chunks; the server echoes every byte back; the client checks the echo byte for byte, closes,
 * and once the server has seen the close the result goes out as an unsolicited AT line:
 *
 *   +LWIPTEST: OK <bytes> <virtual ms>     or     +LWIPTEST: FAIL <reason>
 *
 * lwIP is driven from a cyclic ADL timer: netif_poll_all() delivers the loopback queue,
 * sys_check_timeouts() runs lwIP's timers. AT+LWIPSTAT? prints lwIP's memory statistics
 * (heap and pool use and high-water marks) and TCP counters.
 * tests/integration/lwip_smoke_test.cpp boots this image; docs/network.md describes it. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "adl.h"
#include "lwip/init.h"
#include "lwip/ip_addr.h"
#include "lwip/memp.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/stats.h"
#include "lwip/sys.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"

#define TEST_BYTES 2048u
#define WRITE_CHUNK 500u /* odd-sized writes: segments and pbuf chains do not line up with them */
#define ECHO_PORT 7u
#define TICK_MS 10u
#define TEST_TIMEOUT_MS 5000u

static u8 pattern[TEST_BYTES];

static enum { TEST_RUNNING, TEST_PASSED, TEST_FAILED } outcome;
static u32 started_ms;
static u32 sent;       /* bytes the client queued with tcp_write */
static u32 echoed;     /* bytes the server queued back */
static u32 received;   /* bytes the client got back and checked */
static bool client_done;
static bool server_saw_close;
static struct tcp_pcb* client;

static void unsolicited(const char* format, ...) __attribute__((format(printf, 1, 2)));
static void unsolicited(const char* format, ...) {
    char text[120];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    adl_trace(text);
    adl_atSendLine(ADL_AT_UNS, text);
}

static void fail(const char* reason) {
    if (outcome != TEST_RUNNING) return;
    outcome = TEST_FAILED;
    unsolicited("+LWIPTEST: FAIL %s", reason);
}

static void failf(const char* format, ...) __attribute__((format(printf, 1, 2)));
static void failf(const char* format, ...) {
    char reason[96];
    va_list args;
    va_start(args, format);
    vsnprintf(reason, sizeof reason, format, args);
    va_end(args);
    fail(reason);
}

static void check_finished(void) {
    if (outcome != TEST_RUNNING || !client_done || !server_saw_close) return;
#if TCP_STATS && IP_STATS
    if (lwip_stats.tcp.chkerr || lwip_stats.ip.chkerr)
        return failf("checksum errors: ip %u tcp %u", (unsigned)lwip_stats.ip.chkerr,
                     (unsigned)lwip_stats.tcp.chkerr);
#endif
    outcome = TEST_PASSED;
    unsolicited("+LWIPTEST: OK %u %u", (unsigned)received, (unsigned)(sys_now() - started_ms));
}

/* ---- echo server ---------------------------------------------------------------------------- */
static void server_error(void* arg, err_t err) {
    (void)arg;
    failf("server error %d", (int)err);
}

static err_t server_receive(void* arg, struct tcp_pcb* pcb, struct pbuf* p, err_t err) {
    (void)arg;
    if (err != ERR_OK) {
        if (p) pbuf_free(p);
        failf("server receive error %d", (int)err);
        return ERR_OK;
    }
    if (!p) { /* the client closed: close our side too */
        server_saw_close = true;
        tcp_recv(pcb, NULL);
        tcp_err(pcb, NULL);
        if (tcp_close(pcb) != ERR_OK) fail("server close");
        check_finished();
        return ERR_OK;
    }
    /* Echo all of it or none of it: without room, returning ERR_MEM makes lwIP keep the pbuf
     * ("refused data") and offer it again from its fast timer. */
    if (tcp_sndbuf(pcb) < p->tot_len || tcp_sndqueuelen(pcb) + pbuf_clen(p) + 1u > TCP_SND_QUEUELEN)
        return ERR_MEM;
    for (const struct pbuf* q = p; q; q = q->next) {
        const err_t w = tcp_write(pcb, q->payload, q->len, TCP_WRITE_FLAG_COPY | (q->next ? TCP_WRITE_FLAG_MORE : 0));
        if (w != ERR_OK) {
            failf("server tcp_write error %d", (int)w);
            break;
        }
        echoed += q->len;
    }
    tcp_recved(pcb, p->tot_len);
    pbuf_free(p);
    tcp_output(pcb);
    return ERR_OK;
}

static err_t server_accept(void* arg, struct tcp_pcb* pcb, err_t err) {
    (void)arg;
    if (err != ERR_OK || !pcb) {
        failf("accept error %d", (int)err);
        return ERR_VAL;
    }
    tcp_recv(pcb, server_receive);
    tcp_err(pcb, server_error);
    return ERR_OK;
}

/* ---- client ----------------------------------------------------------------------------------- */
static void client_send_more(struct tcp_pcb* pcb) {
    while (sent < TEST_BYTES) {
        u32 chunk = TEST_BYTES - sent;
        if (chunk > WRITE_CHUNK) chunk = WRITE_CHUNK;
        if (chunk > tcp_sndbuf(pcb) || tcp_sndqueuelen(pcb) + 2u > TCP_SND_QUEUELEN) break; /* wait for ACKs */
        const u8 flags = TCP_WRITE_FLAG_COPY | (sent + chunk < TEST_BYTES ? TCP_WRITE_FLAG_MORE : 0);
        const err_t w = tcp_write(pcb, pattern + sent, (u16_t)chunk, flags);
        if (w == ERR_MEM) break; /* retried from the sent callback */
        if (w != ERR_OK) return failf("client tcp_write error %d", (int)w);
        sent += chunk;
    }
    tcp_output(pcb);
}

static err_t client_sent(void* arg, struct tcp_pcb* pcb, u16_t length) {
    (void)arg;
    (void)length;
    client_send_more(pcb);
    return ERR_OK;
}

static void client_error(void* arg, err_t err) {
    (void)arg;
    client = NULL; /* lwIP has freed the pcb */
    failf("client error %d", (int)err);
}

static err_t client_receive(void* arg, struct tcp_pcb* pcb, struct pbuf* p, err_t err) {
    (void)arg;
    if (err != ERR_OK) {
        if (p) pbuf_free(p);
        failf("client receive error %d", (int)err);
        return ERR_OK;
    }
    if (!p) {
        if (received < TEST_BYTES) failf("server closed after %u of %u bytes", (unsigned)received, TEST_BYTES);
        return ERR_OK;
    }
    if (received + p->tot_len > TEST_BYTES) {
        failf("echo too long: %u bytes", (unsigned)(received + p->tot_len));
    } else {
        for (const struct pbuf* q = p; q; q = q->next) {
            const u8* bytes = q->payload;
            for (u16 i = 0; i < q->len; ++i, ++received) {
                if (bytes[i] != pattern[received]) {
                    failf("mismatch at byte %u: 0x%02x, expected 0x%02x", (unsigned)received, bytes[i],
                          pattern[received]);
                    break;
                }
            }
            if (outcome == TEST_FAILED) break;
        }
    }
    tcp_recved(pcb, p->tot_len);
    pbuf_free(p);
    if (outcome == TEST_RUNNING && received == TEST_BYTES && !client_done) {
        client_done = true;
        tcp_recv(pcb, NULL);
        tcp_sent(pcb, NULL);
        tcp_err(pcb, NULL);
        client = NULL;
        if (tcp_close(pcb) != ERR_OK) fail("client close");
    }
    return ERR_OK;
}

static err_t client_connected(void* arg, struct tcp_pcb* pcb, err_t err) {
    (void)arg;
    if (err != ERR_OK) {
        failf("connect error %d", (int)err);
        return err;
    }
    client_send_more(pcb);
    return ERR_OK;
}

/* ---- driving lwIP -------------------------------------------------------------------------- */
static void tick(u8 id, void* context) {
    (void)id;
    (void)context;
    netif_poll_all();     /* deliver what the loopback netif queued */
    sys_check_timeouts(); /* TCP fast/slow timers, IP reassembly, DNS */
    if (outcome == TEST_RUNNING && sys_now() - started_ms > TEST_TIMEOUT_MS)
        failf("timeout after %u ms: sent %u, echoed %u, received %u", TEST_TIMEOUT_MS, (unsigned)sent,
              (unsigned)echoed, (unsigned)received);
}

/* ---- AT+LWIPSTAT? -------------------------------------------------------------------------- */
static void stat_line(const char* name, const struct stats_mem* s) {
    char text[96];
    /* <name>,<in use>,<high-water mark>,<capacity>,<allocation failures> */
    snprintf(text, sizeof text, "+LWIPSTAT: %s,%u,%u,%u,%u", name, (unsigned)s->used, (unsigned)s->max,
             (unsigned)s->avail, (unsigned)s->err);
    adl_atSendLine(ADL_AT_RSP, text);
}

static void cmd_lwipstat(adl_atCmdPreParser_t* params) {
    if (params->Type == ADL_CMD_TYPE_READ) {
        stat_line("MEM", &lwip_stats.mem); /* the heap: capacity is MEM_SIZE */
        stat_line("PBUF_POOL", lwip_stats.memp[MEMP_PBUF_POOL]);
        stat_line("PBUF_REF", lwip_stats.memp[MEMP_PBUF]);
        stat_line("TCP_PCB", lwip_stats.memp[MEMP_TCP_PCB]);
        stat_line("TCP_SEG", lwip_stats.memp[MEMP_TCP_SEG]);
        stat_line("UDP_PCB", lwip_stats.memp[MEMP_UDP_PCB]);
        char text[96];
        /* TCP,<segments sent>,<received>,<dropped>,<checksum errors>,<out-of-memory errors> */
        snprintf(text, sizeof text, "+LWIPSTAT: TCP,%u,%u,%u,%u,%u", (unsigned)lwip_stats.tcp.xmit,
                 (unsigned)lwip_stats.tcp.recv, (unsigned)lwip_stats.tcp.drop, (unsigned)lwip_stats.tcp.chkerr,
                 (unsigned)lwip_stats.tcp.memerr);
        adl_atSendLine(ADL_AT_RSP, text);
    }
    adl_atSendStdResponse(ADL_AT_RSP, ADL_STR_OK);
}

/* ---- start-up ------------------------------------------------------------------------------ */
static void start_test(void) {
    uint32_t x = 0x2686u;
    for (u32 i = 0; i < TEST_BYTES; ++i) {
        x = x * 1664525u + 1013904223u; /* LCG: no period that a chunk or segment size would hide */
        pattern[i] = (u8)(x >> 24);
    }

    const struct netif* lo = netif_find("lo0");
    if (!lo || !netif_is_up(lo)) return fail("no loopback netif");

    ip_addr_t loopback;
    IP_ADDR4(&loopback, 127, 0, 0, 1);

    struct tcp_pcb* listener = tcp_new_ip_type(IPADDR_TYPE_V4);
    if (!listener) return fail("tcp_new (server)");
    if (tcp_bind(listener, &loopback, ECHO_PORT) != ERR_OK) return fail("tcp_bind 127.0.0.1:7");
    listener = tcp_listen(listener);
    if (!listener) return fail("tcp_listen");
    tcp_accept(listener, server_accept);

    client = tcp_new_ip_type(IPADDR_TYPE_V4);
    if (!client) return fail("tcp_new (client)");
    tcp_recv(client, client_receive);
    tcp_sent(client, client_sent);
    tcp_err(client, client_error);
    started_ms = sys_now();
    const err_t c = tcp_connect(client, &loopback, ECHO_PORT, client_connected);
    if (c != ERR_OK) return failf("tcp_connect error %d", (int)c);
}

void adl_main(adl_InitType_e init_type) {
    (void)init_type;
    adl_trace("lwip_loopback: lwIP " LWIP_VERSION_STRING);
    lwip_init();
    adl_atCmdSubscribe("+LWIPSTAT", cmd_lwipstat, ADL_CMD_TYPE_READ | ADL_CMD_TYPE_TEST);
    if (!adl_tmrSubscribe(true, TICK_MS, ADL_TMR_TYPE_MS, tick)) return fail("no ADL timer");
    start_test();
}
