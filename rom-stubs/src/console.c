/* Firmware log on the DEBUG console; the emulator turns each line into an event. */
#include "adl.h"
#include "hw.h"

void adl_trace(const char* text) {
    while (*text) reg_write(Q2686_DEBUG_BASE, DEBUG_PUTC, (uint8_t)*text++);
    reg_write(Q2686_DEBUG_BASE, DEBUG_PUTC, '\n');
}
