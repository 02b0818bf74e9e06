/* The ADL error service (adl_error.h): one error handler, and adl_errHalt — an application's
 * fatal error. On a real Q2686 the firmware then records a back-trace and the module resets;
 * the application starts again with ADL_INIT_REBOOT_FROM_EXCEPTION (ADL User Guide, error
 * service: "When the Wireless CPU reset is due to a fatal error, the init type parameter will be
 * set to the ADL_INIT_REBOOT_FROM_EXCEPTION value"). Here the ROM resets the way every fatal
 * error does: it stops serving the watchdog, arms it with the shortest timeout and waits with
 * interrupts masked; the reset cause then reads "watchdog", which main.c turns into
 * ADL_INIT_REBOOT_FROM_EXCEPTION. The back-traces themselves are not kept (adl_not_emulated.c). */
#include "adl.h"
#include "hw.h"

static adl_errHdlr_f error_handler;

s8 adl_errSubscribe(adl_errHdlr_f ErrorHandler) {
    if (!ErrorHandler) return ADL_RET_ERR_PARAM;
    if (error_handler) return ADL_RET_ERR_ALREADY_SUBSCRIBED;
    error_handler = ErrorHandler;
    return OK;
}

s8 adl_errUnsubscribe(adl_errHdlr_f ErrorHandler) {
    if (!ErrorHandler) return ADL_RET_ERR_PARAM;
    if (!error_handler) return ADL_RET_ERR_NOT_SUBSCRIBED;
    if (error_handler != ErrorHandler) return ADL_RET_ERR_UNKNOWN_HDL;
    error_handler = NULL;
    return OK;
}

/* The watchdog's reset: the shortest timeout (one 32.768 kHz tick), never kicked. */
static void __attribute__((noreturn)) reset_by_watchdog(void) {
    at_uart_flush(); /* what the application already sent reaches the port first */
    irq_save();
    reg_write(Q2686_WDOG_BASE, WDOG_CTRL, 0);
    reg_write(Q2686_WDOG_BASE, WDOG_LOAD, 1);
    reg_write(Q2686_WDOG_BASE, WDOG_CTRL, WDOG_CTRL_ENABLE);
    for (;;) {
    }
}

void adl_errHalt(u16 ErrorID, const ascii* ErrorStr) {
    const ascii* text = ErrorStr ? ErrorStr : "";
    /* The handler sees the error first and may refuse the reset (it gets a writable copy of
     * the pointer, as the documented prototype has `ascii *`). */
    if (error_handler && !error_handler(ErrorID, (ascii*)text)) {
        adl_trcPrint(1, "adl_errHalt: %u \"%s\" refused by the error handler", (unsigned)ErrorID, text);
        return;
    }
    adl_trcPrint(1, "adl_errHalt: %u \"%s\"", (unsigned)ErrorID, text);
    reset_by_watchdog();
}
