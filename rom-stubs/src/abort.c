/* rom_abort: what the ROM does with an abort (abort_vectors.S), the way it treats every fatal
 * error (adl_error.c): the debug console says what happened, a back-trace is kept in flash, and
 * the watchdog resets the modem, after which the application starts with
 * ADL_INIT_REBOOT_FROM_EXCEPTION. The emulator's event log adds the faulting data address and
 * the region that refused it (docs/hardware.md, "Protection regions"). */
#include <stdio.h>

#include "fatal_error.h"
#include "hw.h"

#define VECTOR_DATA_ABORT 0x10u
#define CPSR_THUMB (1u << 5)

void rom_abort(uint32_t aborted, uint32_t vector, uint32_t spsr) __attribute__((noreturn));

void rom_abort(uint32_t aborted, uint32_t vector, uint32_t spsr) {
    char record[ROM_BACKTRACE_TEXT_MAX];
    if (vector == VECTOR_DATA_ABORT) {
        /* The instruction was fetched, so it can be read; a prefetch abort's cannot. */
        const uint32_t instruction =
            (spsr & CPSR_THUMB) ? *(const volatile uint16_t*)aborted : *(const volatile uint32_t*)aborted;
        snprintf(record, sizeof record, "data abort at 0x%08lx (instruction 0x%08lx), cpsr 0x%08lx",
                 (unsigned long)aborted, (unsigned long)instruction, (unsigned long)spsr);
    } else {
        snprintf(record, sizeof record, "prefetch abort at 0x%08lx, cpsr 0x%08lx", (unsigned long)aborted,
                 (unsigned long)spsr);
    }
    adl_trcPrint(1, "exception: %s", record);
    rom_record_backtrace("exception", record);
    rom_watchdog_reset();
}
