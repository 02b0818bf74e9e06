/* adl_wd.h — the ADL application watchdog, included by adl_global.h. Written for q2686emu from
 * the public ADL documentation; not copied from a vendor header.
 *
 * Emulated with the modem's hardware watchdog (docs/hardware.md): once activated, an
 * application that does not re-arm it within the period resets the modem, and the next start's
 * adl_InitGetType() is ADL_INIT_REBOOT_FROM_EXCEPTION. */
#ifndef ADL_WD_H
#define ADL_WD_H

/* Starts the application watchdog with a period of `wdTime` ticks (18.5 ms; ADL_TMR_S_TO_TICK).
 * OK, ADL_RET_ERR_PARAM (0, or longer than 7 000 000 ticks: 36 hours). */
s32 adl_wdActiveAppWd(u32 wdTime);
/* Stops it. OK, ADL_RET_ERR_BAD_STATE (not active). */
s32 adl_wdDeActiveAppWd(void);
/* Starts its period again. */
void adl_wdRearmAppWd(void);

#endif /* ADL_WD_H */
