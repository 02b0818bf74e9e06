/* The ADL application watchdog (adl_wd.h) on the modem's hardware watchdog (WDOG, 32.768 kHz
 * ticks; docs/hardware.md): the period is converted from 18.5 ms ticks, re-arming kicks it, and
 * when it expires the emulator resets the modem with the reset cause "watchdog", which main.c
 * reports as ADL_INIT_REBOOT_FROM_EXCEPTION. */
#include "adl.h"
#include "hw.h"

#define MAX_APP_WD_TICKS 7000000u /* × 606.208 slow ticks still fits WDOG_LOAD's 32 bits */

static bool active;

s32 adl_wdActiveAppWd(u32 wdTime) {
    if (wdTime == 0 || wdTime > MAX_APP_WD_TICKS) return ADL_RET_ERR_PARAM;
    /* One 18.5 ms tick is 606.208 ticks of 32.768 kHz. */
    const u32 load = (u32)(((u64)wdTime * 606208u) / 1000u);
    reg_write(Q2686_WDOG_BASE, WDOG_CTRL, 0);
    reg_write(Q2686_WDOG_BASE, WDOG_LOAD, load ? load : 1u);
    reg_write(Q2686_WDOG_BASE, WDOG_CTRL, WDOG_CTRL_ENABLE);
    active = true;
    return OK;
}

s32 adl_wdDeActiveAppWd(void) {
    if (!active) return ADL_RET_ERR_BAD_STATE;
    reg_write(Q2686_WDOG_BASE, WDOG_CTRL, 0);
    active = false;
    return OK;
}

void adl_wdRearmAppWd(void) {
    if (active) reg_write(Q2686_WDOG_BASE, WDOG_KICK, WDOG_KEY_KICK);
}
