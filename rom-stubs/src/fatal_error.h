/* What every fatal error of the firmware ends with (adl_errHalt, aborts): a back-trace kept in
 * flash, then the watchdog's reset. */
#ifndef ROM_FATAL_ERROR_H
#define ROM_FATAL_ERROR_H

#define ROM_BACKTRACE_TEXT_MAX 160u

/* Appends `record` to the back-traces (handle "~backtraces"); `who` names the caller in the
 * debug console's message when the area is full or the write fails. */
void rom_record_backtrace(const char* who, const char* record);
/* The watchdog's reset: the shortest timeout, never kicked, interrupts masked. */
void rom_watchdog_reset(void) __attribute__((noreturn));

#endif
