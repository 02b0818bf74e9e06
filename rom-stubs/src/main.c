/* ROM entry and event loop. Boot sequence (docs/at-commands.md, "Start-up"):
 *   drivers up → built-in AT commands → the application's entry points (its task table, or
 *   adl_main()) → "+WIND: 1" (the SIM is present) → "+WIND: 3" (AT commands accepted) → 2 s
 *   later "+WIND: 4" (modem fully ready) — each only while its +WIND mask bit is set (wind.h;
 *   the factory mask has 3 and 4).
 * Then the loop serves AT input, timers, network events and the application's plug-ins
 * (adl_pollSubscribe) and sleeps when none of them has work. */
#include "adl.h"
#include "hw.h"
#include "nitz.h"
#include "wind.h"

#define WIND_READY_DELAY_100MS 20u

/* The application's entry points (adl_global.h): the task table, or the older adl_main(). Weak
 * references: the emulator refuses an image that has neither (q2686_modem.cpp). */
extern const adl_InitTasks_t adl_InitTasks[] __attribute__((weak));
extern void adl_main(adl_InitType_e init_type) __attribute__((weak));

static adl_InitType_e init_type;

adl_InitType_e adl_InitGetType(void) { return init_type; }

static void announce_ready(u8 id, void* context) {
    (void)id;
    (void)context;
    wind_indicate(4);
    rtc_alarms_ready(); /* alarm URCs (+CALA) follow the start-up indications */
}

/* Why we started: a software reset (AT+CFUN=1) is a power-on for Open AT; the watchdog's reset
 * follows a fatal error; the RTC alarm (AT+CALA) switched a powered-off modem on. */
static adl_InitType_e init_type_from_reset_cause(void) {
    switch (reg_read(Q2686_SYSCTL_BASE, SYSCTL_RESET_CAUSE)) {
        case SYSCTL_CAUSE_WATCHDOG: return ADL_INIT_REBOOT_FROM_EXCEPTION;
        case SYSCTL_CAUSE_RTC_ALARM: return ADL_INIT_RTC;
        default: return ADL_INIT_POWER_ON;
    }
}

/* Calls every task's entry point, the highest priority first (the table is short: a selection
 * by priority each time). */
static void start_tasks(const adl_InitTasks_t* tasks) {
    unsigned count = 0;
    while (tasks[count].EntryPoint) ++count;
    int last = 256;
    for (unsigned started = 0; started < count; ++started) {
        int best = -1;
        unsigned best_index = 0;
        for (unsigned i = 0; i < count; ++i) {
            const int priority = tasks[i].Priority;
            if (priority < last && priority > best) {
                best = priority;
                best_index = i;
            }
        }
        if (best < 0) break; /* equal priorities: the duplicates are not started (docs/sdk.md) */
        last = best;
        adl_trcPrint(1, "rom: task \"%s\" (priority %d)", tasks[best_index].Name ? tasks[best_index].Name : "",
                     best);
        tasks[best_index].EntryPoint();
    }
}

static void sleep_until_work(void) {
    const uint32_t saved = irq_save();
    if (!at_engine_has_work() && !timers_due() && !network_has_work() && !plugins_have_work() &&
        !rtc_alarms_have_work())
        reg_write(Q2686_SYSCTL_BASE, SYSCTL_IDLE, 1);
    irq_restore(saved);
}

int rom_main(void) {
    at_uart_init();
    timers_init();
    rtc_init();
    at_engine_init();
    at_v250_init();
    wind_init(); /* factory values first: the saved profile (at_profile_init) may replace them */
    nitz_init();
    at_builtin_init();
    at_clock_init();
    at_dial_init();
    network_init();
    at_network_init();
    adl_sim_init();
    at_profile_init(); /* after every command whose setting the profile holds */
    at_engine_rom_ready();
    plugins_init();
    irq_enable();
    adl_trace("rom: boot");
    init_type = init_type_from_reset_cause();
    if (adl_InitTasks)
        start_tasks(adl_InitTasks);
    else if (adl_main)
        adl_main(init_type);
    wind_indicate(1); /* the SIM is always present (adl_sim.c) */
    wind_indicate(3);
    adl_tmrSubscribe(false, WIND_READY_DELAY_100MS, ADL_TMR_TYPE_100MS, announce_ready);
    for (;;) {
        const bool worked = at_engine_poll() | timers_poll() | network_poll() | plugins_poll() | rtc_alarms_poll();
        if (!worked) sleep_until_work();
    }
}
