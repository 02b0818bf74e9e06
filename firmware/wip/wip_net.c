/* wip_net.c — the IP stack's life and its place in the ROM's event loop.
 *
 * wip_netInit() starts lwIP once per boot (lwIP cannot be stopped), adds the PKTIF netif "gp"
 * (down until a bearer connects) and subscribes wip_poll() to the loop (adl_pollSubscribe).
 * Each pass of wip_poll():
 *   1. the PKTIF driver: TX completions, received packets into lwIP, link changes;
 *   2. packets queued on the loopback netif (127.0.0.1 and our own address);
 *   3. lwIP's timers, when the ADL timer armed for the earliest of them has fired;
 *   4. events: every channel's, then the bearer's;
 *   5. re-arms the ADL timer for lwIP's next timeout (sys_timeouts_sleeptime), so an idle stack
 *      sleeps until then — and an idle stack has none: TCP's 250 ms timer runs only while
 *      connections need it, DNS's and IP reassembly's once-a-second timers only while a lookup
 *      or a cached answer or a datagram being reassembled needs them (firmware/lwip/sys_timeouts.c).
 * wip_has_work() answers for the same five things, exactly, so the CPU sleeps when they are
 * all quiet. */
#include <stdarg.h>
#include <stdio.h>

#include "lwip/init.h"
#include "lwip/ip4.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/sys.h"
#include "lwip/timeouts.h"
#include "pktif_netif.h"
#include "wip_internal.h"

static bool lwip_running; /* lwip_init() done, netif added, loop hook subscribed */
static bool started;      /* between wip_netInit and wip_netExit */
static struct netif gprs_netif;
static adl_tmr_t* lwip_timer;
static u32 lwip_timer_deadline; /* sys_now() value it was armed for */
static volatile bool lwip_timers_due;

struct netif* wip_gprs_netif(void) { return lwip_running ? &gprs_netif : NULL; }
bool wip_netIsStarted(void) { return started; }

void wip_debug(const ascii* format, ...) {
    char text[200] = "wip: ";
    va_list args;
    va_start(args, format);
    vsnprintf(text + 5, sizeof text - 5, format, args);
    va_end(args);
    adl_trace(text);
}

/* ---- lwIP's timers on an ADL timer ---------------------------------------------------------- */
static void on_lwip_timer(u8 id, void* context) {
    (void)id;
    (void)context;
    lwip_timer = NULL; /* one-shot: ADL has released it */
    lwip_timers_due = true;
}

static void cancel_lwip_timer(void) {
    if (lwip_timer) adl_tmrUnSubscribe(lwip_timer, on_lwip_timer, ADL_TMR_TYPE_MS);
    lwip_timer = NULL;
}

static void arm_lwip_timer(void) {
    if (!started || lwip_timers_due) return;
    const u32 sleep = sys_timeouts_sleeptime();
    if (sleep == SYS_TIMEOUTS_SLEEPTIME_INFINITE) return cancel_lwip_timer();
    if (sleep == 0) {
        cancel_lwip_timer();
        lwip_timers_due = true; /* overdue: run on the next pass */
        return;
    }
    const u32 deadline = sys_now() + sleep; /* = lwIP's next absolute timeout: stable between passes */
    if (lwip_timer && deadline == lwip_timer_deadline) return;
    cancel_lwip_timer();
    lwip_timer = adl_tmrSubscribeExt(ADL_TMR_CYCLIC_OPT_NONE, sleep, ADL_TMR_TYPE_MS, on_lwip_timer, NULL, false);
    lwip_timer_deadline = deadline;
    if (!lwip_timer) lwip_timers_due = true; /* no ADL timer free: poll instead of stalling */
}

/* ---- the loop hook -------------------------------------------------------------------------- */
static bool loopback_pending(void) {
    for (const struct netif* n = netif_list; n; n = n->next)
        if (n->loop_first) return true;
    return false;
}

static bool wip_has_work(void) {
    if (!lwip_running) return false;
    return pktif_has_work() || loopback_pending() || (started && lwip_timers_due) || wip_channels_have_events() ||
           wip_bearer_has_events();
}

static bool wip_poll(void) {
    if (!lwip_running) return false;
    bool worked = pktif_poll();
    if (loopback_pending()) {
        netif_poll_all();
        worked = true;
    }
    if (started && lwip_timers_due) {
        lwip_timers_due = false;
        sys_check_timeouts();
        worked = true;
    }
    worked |= wip_channels_deliver();
    worked |= wip_bearer_deliver();
    arm_lwip_timer();
    return worked;
}

/* ---- the API --------------------------------------------------------------------------------- */
s8 wip_netInitOpts(int option, ...) {
    if (option != WIP_NET_OPT_END || started) return -1;
    if (!lwip_running) {
        lwip_init();
        netif_add(&gprs_netif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4, NULL, pktif_netif_init, ip4_input);
        if (adl_pollSubscribe(wip_poll, wip_has_work) != 0) {
            adl_trace("wip: no room for the IP stack in the event loop");
            return -1;
        }
        lwip_running = true;
    }
    started = true;
    lwip_timers_due = true; /* catch up with whatever lwIP timers fell due while stopped */
    adl_trace("wip: IP stack started (lwIP " LWIP_VERSION_STRING ")");
    return 0;
}

s8 wip_netInit(void) { return wip_netInitOpts(WIP_NET_OPT_END); }

s8 wip_netExit(void) {
    if (!started) return -1;
    wip_channels_release_all();
    wip_bearer_shutdown();
    started = false;
    cancel_lwip_timer();
    lwip_timers_due = false;
    adl_trace("wip: IP stack stopped");
    return 0;
}

/* ---- addresses ------------------------------------------------------------------------------ */
bool wip_inet_aton(const ascii* text, wip_in_addr_t* address) {
    ip4_addr_t parsed;
    if (!text || !address || !ip4addr_aton(text, &parsed)) return false;
    *address = ip4_addr_get_u32(&parsed);
    return true;
}

bool wip_inet_ntoa(wip_in_addr_t address, ascii* buffer, u16 size) {
    ip4_addr_t value;
    ip4_addr_set_u32(&value, address);
    return buffer && ip4addr_ntoa_r(&value, buffer, size) != NULL;
}
