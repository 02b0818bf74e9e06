/* ADL timers, tickless: TIMER0 is programmed one-shot for the earliest deadline only, so an
 * idle modem takes no interrupt until something is due (hours of virtual time pass at once). */
#include <stddef.h>

#include "adl.h"
#include "hw.h"

#define MAX_TIMERS 32u

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
static volatile bool timer_fired;
static uint32_t clock_hz;

uint64_t cycles_now(void) {
    const uint32_t low = reg_read(Q2686_SYSCTL_BASE, SYSCTL_CYCLES_LO); /* latches HI */
    const uint32_t high = reg_read(Q2686_SYSCTL_BASE, SYSCTL_CYCLES_HI);
    return ((uint64_t)high << 32) | low;
}

uint64_t adl_cyclesNow(void) { return cycles_now(); }
uint32_t adl_msSinceBoot(void) { return (uint32_t)(cycles_now() / (clock_hz / 1000u)); }

static void timer0_irq(void) {
    reg_write(Q2686_TIMER0_BASE, TIMER_STATUS, TIMER_STATUS_EXPIRED);
    timer_fired = true;
}

/* Program TIMER0 to expire at the earliest deadline (or not at all). */
static void program_hardware(void) {
    uint64_t earliest = UINT64_MAX;
    for (unsigned i = 0; i < MAX_TIMERS; ++i)
        if (timers[i].active && timers[i].deadline < earliest) earliest = timers[i].deadline;
    reg_write(Q2686_TIMER0_BASE, TIMER_CTRL, 0);
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
    for (unsigned i = 0; i < MAX_TIMERS; ++i) timers[i].active = false;
    timer_fired = false;
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
    for (unsigned i = 0; i < MAX_TIMERS; ++i) {
        if (timers[i].active) continue;
        timers[i].active = true;
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
    program_hardware();
    const uint64_t now = cycles_now();
    const uint64_t left = timer->deadline > now ? timer->deadline - now : 0;
    const uint32_t unit = (uint32_t)(known_type(type) ? unit_cycles(type) : unit_cycles(ADL_TMR_TYPE_100MS));
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
    bool ran = false;
    const uint64_t now = cycles_now();
    for (unsigned i = 0; i < MAX_TIMERS; ++i) {
        struct adl_tmr_s* t = &timers[i];
        if (!t->active || t->deadline > now) continue;
        if (t->cyclic) {
            t->deadline += t->period;  /* keep the phase: no drift */
        } else {
            t->active = false;
        }
        t->handler(t->id, t->context);
        ran = true;
    }
    program_hardware();
    return ran;
}
