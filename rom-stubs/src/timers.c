/* ADL timers, tickless: TIMER0 is programmed one-shot for the earliest deadline only, so an
 * idle modem takes no interrupt until something is due (hours of virtual time pass at once).
 *
 * The scans visit only the subscribed timers (a bit mask, lowest slot first, as the full
 * rescans did), and TIMER0 is reprogrammed only when the earliest deadline changes: an idle
 * wake-up that re-arms the same deadline costs no MMIO writes. */
#include <stddef.h>

#include "adl.h"
#include "hw.h"
#include "ms_clock.h"

#define MAX_TIMERS 32u
_Static_assert(MAX_TIMERS <= 32u, "active_mask has a bit per timer");

struct adl_tmr_s {
    bool active;
    bool cyclic;
    u8 type;
    uint64_t deadline;  /* CPU cycles */
    uint64_t period;
    adl_tmrHandler_t handler;
    void* context;
    u8 id;
};

static struct adl_tmr_s timers[MAX_TIMERS];
static uint32_t active_mask; /* bit i set: timers[i].active */
static volatile bool timer_fired;
/* The deadline TIMER0 was last programmed for; UINT64_MAX once it is stopped. Its expiry (the
 * interrupt) always reaches timers_poll(), which forgets the deadline before reprogramming, so
 * only the main loop touches this. */
static uint64_t hw_deadline;
static uint32_t clock_hz;
static struct ms_clock ms_clock;

/* The next subscribed slot in `*pending` (lowest first), removed from it; MAX_TIMERS when none.
 * CLZ is an ARMv5TE instruction: one step per subscribed timer, not per slot. */
static unsigned next_slot(uint32_t* pending) {
    if (*pending == 0) return MAX_TIMERS;
    const unsigned slot = (unsigned)__builtin_ctz(*pending);
    *pending &= *pending - 1u;
    return slot;
}

uint64_t cycles_now(void) {
    const uint32_t low = reg_read(Q2686_SYSCTL_BASE, SYSCTL_CYCLES_LO); /* latches HI */
    const uint32_t high = reg_read(Q2686_SYSCTL_BASE, SYSCTL_CYCLES_HI);
    return ((uint64_t)high << 32) | low;
}

uint64_t adl_cyclesNow(void) { return cycles_now(); }
/* cycles_now() / (clock_hz / 1000), without the 64-bit division (ms_clock.h). The clock's
 * mark is shared state: an interrupt handler that asked for the time between the updates of
 * its two halves would count the same milliseconds twice, so the read is a critical section. */
uint32_t adl_msSinceBoot(void) {
    const uint32_t saved = irq_save();
    const uint32_t ms = ms_clock_read(&ms_clock, cycles_now());
    irq_restore(saved);
    return ms;
}

static void timer0_irq(void) {
    reg_write(Q2686_TIMER0_BASE, TIMER_STATUS, TIMER_STATUS_EXPIRED);
    timer_fired = true;
}

/* Program TIMER0 to expire at the earliest deadline (or not at all). Nothing to do when it
 * already counts to that deadline (or is stopped and should be): an expiry still waiting for
 * timers_poll() leaves timer_fired set, and the poll programs afresh. */
static void program_hardware(void) {
    uint64_t earliest = UINT64_MAX;
    for (uint32_t pending = active_mask, i; (i = next_slot(&pending)) < MAX_TIMERS;)
        if (timers[i].deadline < earliest) earliest = timers[i].deadline;
    if (earliest == hw_deadline) return;
    reg_write(Q2686_TIMER0_BASE, TIMER_CTRL, 0);
    hw_deadline = earliest;
    if (earliest == UINT64_MAX) return;
    const uint64_t now = cycles_now();
    uint64_t delta = earliest > now ? earliest - now : 1;
    uint32_t prescale = 0;  /* /1 */
    if (delta > 0xFFFFFFFFull) {
        prescale = 3;       /* /1024: up to ~11.7 h per shot at 104 MHz; longer waits chain */
        delta /= 1024u;
        if (delta > 0xFFFFFFFFull) delta = 0xFFFFFFFFull;
        if (delta == 0) delta = 1;
    }
    reg_write(Q2686_TIMER0_BASE, TIMER_LOAD, (uint32_t)delta);
    reg_write(Q2686_TIMER0_BASE, TIMER_CTRL,
              TIMER_CTRL_ENABLE | TIMER_CTRL_IRQ_EN | (prescale << TIMER_CTRL_PRESCALE_SHIFT));
}

void timers_init(void) {
    clock_hz = reg_read(Q2686_SYSCTL_BASE, SYSCTL_CLOCK_HZ);
    ms_clock_init(&ms_clock, clock_hz / 1000u);
    for (unsigned i = 0; i < MAX_TIMERS; ++i) timers[i].active = false;
    active_mask = 0;
    timer_fired = false;
    reg_write(Q2686_TIMER0_BASE, TIMER_CTRL, 0);
    hw_deadline = UINT64_MAX;
    irq_attach(Q2686_IRQ_TIMER0, timer0_irq);
}

/* Cycles per unit of a timer type: 100 ms, the 18.5 ms tick, or (ours) 1 ms. */
static uint64_t unit_cycles(adl_tmrType_e type) {
    if (type == ADL_TMR_TYPE_MS) return clock_hz / 1000u;
    if (type == ADL_TMR_TYPE_TICK) return clock_hz / 10000u * 185u; /* 18.5 ms */
    return clock_hz / 10u;
}

static bool known_type(adl_tmrType_e type) {
    return type == ADL_TMR_TYPE_100MS || type == ADL_TMR_TYPE_TICK || type == ADL_TMR_TYPE_MS;
}

adl_tmr_t* adl_tmrSubscribeExt(adl_tmrCyclicMode_e cyclic, u32 period, adl_tmrType_e type, adl_tmrHandler_t handler,
                               void* context, bool strict) {
    (void)strict; /* virtual time never runs late */
    if (!handler || period == 0 || !known_type(type)) return NULL;
    uint32_t free_slots = ~active_mask;
    const unsigned i = next_slot(&free_slots); /* the lowest free slot, as before */
    if (i < MAX_TIMERS) {
        timers[i].active = true;
        active_mask |= 1u << i;
        timers[i].cyclic = cyclic != ADL_TMR_CYCLIC_OPT_NONE;
        timers[i].type = (u8)type;
        timers[i].period = unit_cycles(type) * period;
        timers[i].deadline = cycles_now() + timers[i].period;
        timers[i].handler = handler;
        timers[i].context = context;
        timers[i].id = (u8)i;
        program_hardware();
        return &timers[i];
    }
    return NULL;
}

adl_tmr_t* adl_tmrSubscribe(bool cyclic, u32 period, adl_tmrType_e type, adl_tmrHandler_t handler) {
    return adl_tmrSubscribeExt(cyclic ? ADL_TMR_CYCLIC_OPT_ON_EXPIRATION : ADL_TMR_CYCLIC_OPT_NONE, period, type,
                               handler, NULL, false);
}

s32 adl_tmrUnSubscribe(adl_tmr_t* timer, adl_tmrHandler_t handler, adl_tmrType_e type) {
    if (!timer) return ADL_RET_ERR_PARAM;
    if (timer < &timers[0] || timer >= &timers[MAX_TIMERS] || !timer->active || timer->handler != handler)
        return ADL_RET_ERR_UNKNOWN_HDL;
    timer->active = false;
    active_mask &= ~(1u << timer->id);
    program_hardware();
    const uint64_t now = cycles_now();
    const uint64_t left = timer->deadline > now ? timer->deadline - now : 0;
    const uint32_t unit = (uint32_t)(known_type(type) ? unit_cycles(type) : unit_cycles(ADL_TMR_TYPE_100MS));
    if ((left >> 32) == 0) { /* the usual case: a 32-bit division */
        const uint32_t quotient = (uint32_t)left / unit;
        return quotient > 0x7FFFFFFFu ? 0x7FFFFFFF : (s32)quotient;
    }
    /* left / unit without libgcc's 64-bit division (which would bring unwind tables along). */
    uint64_t remainder = 0;
    uint32_t quotient = 0;
    for (int bit = 63; bit >= 0; --bit) {
        remainder = remainder << 1 | ((left >> bit) & 1u);
        quotient <<= 1;
        if (remainder >= unit) {
            remainder -= unit;
            quotient |= 1u;
        }
    }
    return quotient > 0x7FFFFFFFu ? 0x7FFFFFFF : (s32)quotient;
}

bool timers_due(void) { return timer_fired; }

bool timers_poll(void) {
    if (!timer_fired) return false;
    timer_fired = false;
    hw_deadline = UINT64_MAX; /* TIMER0 is one-shot: it stopped when it fired */
    bool ran = false;
    const uint64_t now = cycles_now();
    /* Slots in order, as subscribed at the start; a handler may release any of them (checked
     * again here) or take a free one (its deadline is later than `now`). */
    for (uint32_t pending = active_mask, i; (i = next_slot(&pending)) < MAX_TIMERS;) {
        struct adl_tmr_s* t = &timers[i];
        if (!t->active || t->deadline > now) continue;
        if (t->cyclic) {
            t->deadline += t->period;  /* keep the phase: no drift */
        } else {
            t->active = false;
            active_mask &= ~(1u << i);
        }
        t->handler(t->id, t->context);
        ran = true;
    }
    program_hardware();
    return ran;
}
