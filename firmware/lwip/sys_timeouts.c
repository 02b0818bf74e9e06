/* sys_timeouts.c — lwIP's timeouts (LWIP_TIMERS_CUSTOM, lwipopts.h): the stack's cyclic
 * timers run only while they have work, so an idle modem sleeps until something is due.
 *
 * Stock lwIP (core/timeouts.c) starts its cyclic timers in lwip_init() and keeps them running.
 * With our options (no ARP, DHCP, AutoIP, IGMP or IPv6) there are three:
 *   tcp_tmr       every 250 ms (TCP_TMR_INTERVAL), only while a PCB is active or in TIME-WAIT:
 *                 TCP starts it with tcp_timer_needed() and it stops itself;
 *   ip_reass_tmr  every second (IP_TMR_INTERVAL): ages the datagrams being reassembled;
 *   dns_tmr       every second (DNS_TMR_INTERVAL): sends and retries queries, counts the TTLs
 *                 of cached answers down.
 * The last two woke an idle modem once a second, 86,400 times a day, to walk an empty list and
 * an empty table. Here every timer keeps its stock schedule — the same interval and, for the
 * two once-a-second timers, the same phase: a grid of instants from lwip_init() on, moved only
 * by lwIP's overload rule (a call more than one interval late restarts the grid) — so every
 * call that does something happens at the instant stock lwIP would make it. A call that would
 * do nothing is skipped:
 *   ip_reass_tmr  runs while a datagram is being reassembled, i.e. while a REASSDATA pool
 *                 element is in use (the pool's statistics, MEMP_STATS);
 *   dns_tmr       runs while the DNS table holds an entry: a query being sent or retried, or a
 *                 cached answer whose TTL is counting down (dns_table_state.c);
 *   tcp_tmr       exactly as stock lwIP runs it, from tcp_timer_needed() until no PCB is left
 *                 after a call (that last call is not a no-op: it advances tcp_ticks). Stock
 *                 core/timeouts.c defines an empty tcp_timer_needed() under LWIP_TIMERS_CUSTOM,
 *                 so it is not compiled: besides that function it holds only the table of
 *                 cyclic timers, which nothing else uses.
 * Whether a timer has work is asked whenever the stack asks for the time to sleep
 * (sys_timeouts_sleeptime(), at the end of every pass of the IP stack's loop hook, wip_net.c)
 * and in sys_check_timeouts(): work that appears — a fragment, a lookup — resumes the ticks at
 * the next instant of their grid, and a timer whose work is gone is skipped from then on.
 * One-shot timeouts (sys_timeout, sys_untimeout) behave as in stock lwIP: a list sorted by due
 * time, a new entry after the ones due at the same time.
 * docs/network.md, "lwIP's timers", explains the choice. */
#include "lwip/opt.h"

#include "dns_table_state.h"
#include "lwip/def.h"
#include "lwip/dns.h"
#include "lwip/ip4_frag.h"
#include "lwip/memp.h"
#include "lwip/pbuf.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/stats.h"
#include "lwip/sys.h"
#include "lwip/timeouts.h"

#if !NO_SYS || !LWIP_TIMERS || !LWIP_TIMERS_CUSTOM
#error "sys_timeouts.c replaces core/timeouts.c for NO_SYS=1, LWIP_TIMERS_CUSTOM=1"
#endif
#if LWIP_ARP || LWIP_DHCP || LWIP_AUTOIP || LWIP_IGMP || LWIP_IPV6 || PPP_SUPPORT
#error "lwipopts.h enables a cyclic timer that sys_timeouts.c does not run"
#endif
#if !LWIP_TCP || !IP_REASSEMBLY || !LWIP_DNS || !MEMP_STATS
#error "sys_timeouts.c runs tcp_tmr, ip_reass_tmr (work seen in MEMP_STATS) and dns_tmr"
#endif

/* As stock lwIP: is `t` earlier than `compare_to`, across the wrap of the u32 millisecond clock. */
#define TIME_LESS_THAN(t, compare_to) ((((u32_t)((t) - (compare_to))) > 0x7FFFFFFFu) ? 1 : 0)

struct cyclic_timer {
    u32_t interval_ms;
    void (*handler)(void);
    int (*has_work)(void); /* NULL: TCP's own start and stop rule */
    u8_t running;
    u32_t due; /* the next instant of the grid, kept while the timer is skipped */
};

static int reassembly_pending(void) { return lwip_stats.memp[MEMP_REASSDATA]->used != 0; }

/* Stock lwIP's order (lwip_cyclic_timers[]), which also decides among timers due at once. */
enum { TCP_TIMER, REASS_TIMER, DNS_TIMER, CYCLIC_TIMERS };
static struct cyclic_timer cyclic[CYCLIC_TIMERS] = {
    {TCP_TMR_INTERVAL, tcp_tmr, NULL, 0, 0},
    {IP_TMR_INTERVAL, ip_reass_tmr, reassembly_pending, 0, 0},
    {DNS_TMR_INTERVAL, dns_tmr, q2686_dns_table_in_use, 0, 0},
};

/* One-shot timeouts: a static pool (lwIP's SYS_TIMEOUT pool exists only without
 * LWIP_TIMERS_CUSTOM, and its stock size was taken by the three cyclic timers) and the sorted
 * list. lwIP itself sets none with our options; these are for an application's. */
#define ONE_SHOT_TIMEOUTS 4
static struct sys_timeo one_shot_pool[ONE_SHOT_TIMEOUTS];
static struct sys_timeo* one_shots;

/* ---- the cyclic timers ------------------------------------------------------------------- */

/* TCP's rule (stock core/timeouts.c): start the timer when a PCB is registered while it is off. */
void tcp_timer_needed(void) {
    struct cyclic_timer* tcp = &cyclic[TCP_TIMER];
    if (!tcp->running && (tcp_active_pcbs || tcp_tw_pcbs)) {
        tcp->running = 1;
        tcp->due = sys_now() + TCP_TMR_INTERVAL;
    }
}

/* Grid timers run while they have work. A skipped one keeps its grid: its due instant moves to
 * the first one at or after `now` (the instants it skipped did nothing). After more than 2^31 ms
 * without a pass (24.8 days) the u32 clock cannot tell past from future, and the grid restarts
 * one interval from now, as lwIP's overload rule restarts it. */
static void update_grid_timers(u32_t now) {
    for (int i = REASS_TIMER; i < CYCLIC_TIMERS; ++i) {
        struct cyclic_timer* t = &cyclic[i];
        if (!t->running) {
            const u32_t late = now - t->due;
            if (late != 0 && late <= 0x7FFFFFFFu)
                t->due += (late + t->interval_ms - 1u) / t->interval_ms * t->interval_ms;
            else if (late != 0 && (u32_t)(t->due - now) > t->interval_ms)
                t->due = now + t->interval_ms; /* lost track */
        }
        t->running = (u8_t)(t->has_work() != 0);
    }
}

static void run_cyclic(struct cyclic_timer* t) {
    t->handler();
    const u32_t now = sys_now();
    if (!t->has_work) { /* TCP: again in 250 ms while PCBs are left, else off (stock) */
        if (tcp_active_pcbs || tcp_tw_pcbs)
            t->due = now + TCP_TMR_INTERVAL;
        else
            t->running = 0;
        return;
    }
    u32_t next = t->due + t->interval_ms;
    if (TIME_LESS_THAN(next, now)) next = now + t->interval_ms; /* overload: no catching up */
    t->due = next;
    t->running = (u8_t)(t->has_work() != 0);
}

/* The cyclic timer due first (the lower index among equals), or NULL. */
static struct cyclic_timer* earliest_cyclic(void) {
    struct cyclic_timer* first = NULL;
    for (int i = 0; i < CYCLIC_TIMERS; ++i)
        if (cyclic[i].running && (!first || TIME_LESS_THAN(cyclic[i].due, first->due))) first = &cyclic[i];
    return first;
}

/* ---- lwIP's timeout API (lwip/timeouts.h) -------------------------------------------------- */

void sys_timeouts_init(void) {
    const u32_t now = sys_now();
    for (int i = 0; i < CYCLIC_TIMERS; ++i) {
        cyclic[i].running = 0;
        cyclic[i].due = now + cyclic[i].interval_ms; /* the grid starts here, as in stock lwIP */
    }
    one_shots = NULL;
    for (size_t i = 0; i < LWIP_ARRAYSIZE(one_shot_pool); ++i) one_shot_pool[i].h = NULL;
}

void sys_timeout(u32_t msecs, sys_timeout_handler handler, void* arg) {
    LWIP_ASSERT("Timeout time too long, max is LWIP_UINT32_MAX/4 msecs", msecs <= (LWIP_UINT32_MAX / 4));
    LWIP_ASSERT("sys_timeout: a handler", handler != NULL);
    struct sys_timeo* timeout = NULL;
    for (size_t i = 0; i < LWIP_ARRAYSIZE(one_shot_pool) && !timeout; ++i)
        if (!one_shot_pool[i].h) timeout = &one_shot_pool[i];
    if (!timeout) {
        LWIP_ASSERT("sys_timeout: timeout != NULL, pool MEMP_SYS_TIMEOUT is empty", timeout != NULL);
        return;
    }
    timeout->h = handler;
    timeout->arg = arg;
    timeout->time = sys_now() + msecs;
    struct sys_timeo** link = &one_shots;
    while (*link && !TIME_LESS_THAN(timeout->time, (*link)->time)) link = &(*link)->next;
    timeout->next = *link;
    *link = timeout;
}

void sys_untimeout(sys_timeout_handler handler, void* arg) {
    for (struct sys_timeo** link = &one_shots; *link; link = &(*link)->next) {
        struct sys_timeo* t = *link;
        if (t->h == handler && t->arg == arg) {
            *link = t->next;
            t->h = NULL;
            return;
        }
    }
}

void sys_check_timeouts(void) {
    const u32_t now = sys_now(); /* only what was due when called, as in stock lwIP */
    for (;;) {
        PBUF_CHECK_FREE_OOSEQ();
        update_grid_timers(now);
        struct cyclic_timer* timer = earliest_cyclic();
        struct sys_timeo* timeout = one_shots;
        if (timer && timeout && TIME_LESS_THAN(timeout->time, timer->due)) timer = NULL;
        if (timer) {
            if (TIME_LESS_THAN(now, timer->due)) return;
            run_cyclic(timer);
        } else if (timeout) {
            if (TIME_LESS_THAN(now, timeout->time)) return;
            one_shots = timeout->next;
            const sys_timeout_handler handler = timeout->h;
            void* const arg = timeout->arg;
            timeout->h = NULL; /* free before the call: the handler may set a timeout again */
            handler(arg);
        } else {
            return;
        }
    }
}

void sys_restart_timeouts(void) {
    const u32_t now = sys_now();
    update_grid_timers(now);
    struct cyclic_timer* timer = earliest_cyclic();
    u32_t base;
    if (timer && (!one_shots || !TIME_LESS_THAN(one_shots->time, timer->due)))
        base = timer->due;
    else if (one_shots)
        base = one_shots->time;
    else
        return;
    for (int i = 0; i < CYCLIC_TIMERS; ++i)
        if (cyclic[i].running) cyclic[i].due = cyclic[i].due - base + now;
    for (struct sys_timeo* t = one_shots; t; t = t->next) t->time = t->time - base + now;
}

u32_t sys_timeouts_sleeptime(void) {
    const u32_t now = sys_now();
    update_grid_timers(now);
    const struct cyclic_timer* timer = earliest_cyclic();
    u32_t next;
    if (timer && (!one_shots || !TIME_LESS_THAN(one_shots->time, timer->due)))
        next = timer->due;
    else if (one_shots)
        next = one_shots->time;
    else
        return SYS_TIMEOUTS_SLEEPTIME_INFINITE;
    if (TIME_LESS_THAN(next, now)) return 0;
    return next - now;
}
