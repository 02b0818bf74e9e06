/* ROM entry and event loop. Boot sequence (docs/at-commands.md, "Start-up"):
 *   drivers up → built-in AT commands → the application's adl_main() → "+WIND: 3"
 *   (AT commands accepted) → 2 s later "+WIND: 4" (modem fully ready).
 * Then the loop serves AT input, timers, network events and the application's plug-ins
 * (adl_pollSubscribe) and sleeps when none of them has work. */
#include "adl.h"
#include "hw.h"

#define WIND_READY_DELAY_100MS 20u

__attribute__((weak)) void adl_main(adl_InitType_e init_type) { (void)init_type; }

static void announce_ready(u8 id, void* context) {
    (void)id;
    (void)context;
    adl_atSendResponse(ADL_AT_UNS, "+WIND: 4");
}

static adl_InitType_e init_type_from_reset_cause(void) {
    switch (reg_read(Q2686_SYSCTL_BASE, SYSCTL_RESET_CAUSE)) {
        case SYSCTL_CAUSE_SOFTWARE: return ADL_INIT_REBOOT;
        case SYSCTL_CAUSE_WATCHDOG: return ADL_INIT_WATCHDOG;
        default: return ADL_INIT_POWER_ON;
    }
}

static void sleep_until_work(void) {
    const uint32_t saved = irq_save();
    if (!at_engine_has_work() && !timers_due() && !network_has_work() && !plugins_have_work())
        reg_write(Q2686_SYSCTL_BASE, SYSCTL_IDLE, 1);
    irq_restore(saved);
}

int rom_main(void) {
    at_uart_init();
    timers_init();
    rtc_init();
    at_engine_init();
    at_builtin_init();
    network_init();
    at_network_init();
    plugins_init();
    irq_enable();
    adl_trace("rom: boot");
    adl_main(init_type_from_reset_cause());
    adl_atSendResponse(ADL_AT_UNS, "+WIND: 3");
    adl_tmrSubscribe(false, WIND_READY_DELAY_100MS, ADL_TMR_TYPE_100MS, announce_ready);
    for (;;) {
        const bool worked = at_engine_poll() | timers_poll() | network_poll() | plugins_poll();
        if (!worked) sleep_until_work();
    }
}
