/* sys_arch.c — the little lwIP needs from the platform with NO_SYS=1: a millisecond clock for
 * its timeouts, a random-number hook, and the assertion handler (arch/cc.h). */
#include <stdio.h>

#include "adl.h"
#include "lwip/sys.h"

/* Milliseconds since reset, from the SYSCTL cycle counter (virtual time). lwIP compares these
 * with wrap-around arithmetic, so the u32 wrap after ~49.7 days is harmless. */
u32_t sys_now(void) { return adl_msSinceBoot(); }

/* xorshift32 (Marsaglia), seeded on first use from the RTC's seconds and the cycle counter.
 * Deterministic in virtual time, like everything else in the emulator, yet different after a
 * reboot (the RTC has moved on), so a restarted modem does not reuse its last local ports.
 * Not for cryptography: wolfSSL has its own RNG. */
uint32_t q2686_lwip_rand(void) {
    static uint32_t state;
    if (state == 0) {
        state = adl_rtcGetSeconds() * 2654435761u ^ (uint32_t)adl_cyclesNow();
        if (state == 0) state = 0x2686C0DEu;
    }
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

void q2686_lwip_assert(const char* message, const char* file, int line) {
    char text[160];
    snprintf(text, sizeof text, "lwip: assertion \"%s\" failed at %s:%d", message, file, line);
    adl_trace(text);
    for (;;) __builtin_trap(); /* undefined instruction: the emulator stops with a fault */
}
