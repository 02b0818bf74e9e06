/* The ADL error service (adl_error.h): one error handler, and adl_errHalt — an application's
 * fatal error. On a real Q2686 the firmware then records a back-trace and the module resets;
 * the application starts again with ADL_INIT_REBOOT_FROM_EXCEPTION (ADL User Guide, error
 * service: "When the Wireless CPU reset is due to a fatal error, the init type parameter will be
 * set to the ADL_INIT_REBOOT_FROM_EXCEPTION value"). Here the ROM resets the way every fatal
 * error does: it stops serving the watchdog, arms it with the shortest timeout and waits with
 * interrupts masked; the reset cause then reads "watchdog", which main.c turns into
 * ADL_INIT_REBOOT_FROM_EXCEPTION.
 *
 * The back-trace is kept, as on the real modem, in non-volatile memory: a flash object of the
 * ROM's own handle "~backtraces" (one object per error, at most 16; flash_store.c), so that the
 * application can read it after the reset with the analysis functions. Ours: a back-trace is the
 * text "adl_errHalt <id> \"<text>\" from 0x<caller>" with its NUL (the caller is the address
 * adl_errHalt returns to: the top of the call stack the real one dumps). */
#include <stdio.h>
#include <string.h>

#include "adl.h"
#include "fatal_error.h"
#include "flash_store.h"
#include "hw.h"
#include "q2686_flash_objects.h"

#define BACKTRACE_HANDLE "~backtraces"
#define MAX_BACKTRACES 16u

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

void rom_watchdog_reset(void) {
    irq_save();
    reg_write(Q2686_WDOG_BASE, WDOG_CTRL, 0);
    reg_write(Q2686_WDOG_BASE, WDOG_LOAD, 1);
    reg_write(Q2686_WDOG_BASE, WDOG_CTRL, WDOG_CTRL_ENABLE);
    for (;;) {
    }
}

/* An error is still an error when the back-trace area is full. */
void rom_record_backtrace(const char* who, const char* record) {
    const unsigned count = fstore_count(BACKTRACE_HANDLE);
    if (count >= MAX_BACKTRACES) {
        adl_trcPrint(1, "%s: the back-trace area is full (%u), this one is not kept", who, count);
        return;
    }
    const u32 size = (u32)strlen(record) + 1u;
    if (fstore_write(BACKTRACE_HANDLE, (u16)count, FLASHOBJ_FLAG_DATA, (const u8*)record, size) != FSTORE_OK)
        adl_trcPrint(1, "%s: the back-trace could not be written", who);
}

void __attribute__((noinline)) adl_errHalt(u16 ErrorID, const ascii* ErrorStr) {
    const void* caller = __builtin_return_address(0);
    const ascii* text = ErrorStr ? ErrorStr : "";
    /* The handler sees the error first and may refuse the reset (it gets a writable copy of
     * the pointer, as the documented prototype has `ascii *`). */
    if (error_handler && !error_handler(ErrorID, (ascii*)text)) {
        adl_trcPrint(1, "adl_errHalt: %u \"%s\" refused by the error handler", (unsigned)ErrorID, text);
        return;
    }
    adl_trcPrint(1, "adl_errHalt: %u \"%s\"", (unsigned)ErrorID, text);
    char record[ROM_BACKTRACE_TEXT_MAX];
    snprintf(record, sizeof record, "adl_errHalt %u \"%s\" from 0x%08lx", (unsigned)ErrorID, text,
             (unsigned long)(uintptr_t)caller);
    rom_record_backtrace("adl_errHalt", record);
    at_uart_flush(); /* what the application already sent reaches the port first */
    rom_watchdog_reset();
}

/* ---- the back-traces kept ---- */
static bool analysis_running;
static u16 analysis_next; /* the next back-trace to retrieve */
#define ANALYSIS_HANDLE 0

s32 adl_errEraseAllBacktraces(void) {
    if (fstore_count(BACKTRACE_HANDLE) == 0) return OK;
    return fstore_write(BACKTRACE_HANDLE, FLASHOBJ_ID_ALL, FLASHOBJ_FLAG_ERASE, NULL, 0) == FSTORE_OK ? OK
                                                                                                  : ADL_RET_ERR_FATAL;
}

s8 adl_errStartBacktraceAnalysis(void) {
    if (analysis_running) return ADL_RET_ERR_ALREADY_SUBSCRIBED;
    analysis_running = true;
    analysis_next = 0;
    return ANALYSIS_HANDLE;
}

adl_errAnalysisState_e adl_errGetAnalysisState(void) {
    return analysis_running ? ADL_ERR_ANALYSIS_STATE_RUNNING : ADL_ERR_ANALYSIS_STATE_IDLE;
}

/* The ADL User Guide's contract: with a NULL buffer, the size the next one needs; OK once copied;
 * ADL_RET_ERR_DONE (and the analysis ends) after the last. */
s32 adl_errRetrieveNextBacktrace(u8 Handle, u8* BacktraceBuffer, u16 Size) {
    if (!analysis_running) return ADL_RET_ERR_NOT_SUBSCRIBED;
    if (Handle != ANALYSIS_HANDLE) return ADL_RET_ERR_UNKNOWN_HDL;
    const u8* data;
    u32 length;
    if (!fstore_find(BACKTRACE_HANDLE, analysis_next, &data, &length)) {
        analysis_running = false;
        return ADL_RET_ERR_DONE;
    }
    if (!BacktraceBuffer) return (s32)length;
    if (Size < length) return ADL_RET_ERR_PARAM;
    memcpy(BacktraceBuffer, data, length);
    ++analysis_next;
    return OK;
}
