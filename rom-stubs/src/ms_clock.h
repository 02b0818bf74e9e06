/* ms_clock.h — milliseconds since reset from the 64-bit cycle counter, without a 64-bit
 * division on the common path.
 *
 * adl_msSinceBoot() is lwIP's sys_now(): the IP stack asks for the time several times on every
 * pass of its loop hook. The ARM946E-S has no divide instruction, and cycles / cycles_per_ms on
 * a 64-bit count is libgcc's __udivmoddi4 (with __clzdi2): a few hundred instructions a call.
 * The clock keeps the last whole millisecond it counted instead (a mark), and divides only
 * the cycles since that mark:
 *     now / c = mark_ms + (now - mark_cycles) / c,   because mark_cycles = mark_ms * c exactly,
 * which is no division at all within the same millisecond and a 32-bit one (__aeabi_uidiv)
 * while calls are less than 2^32 cycles apart (41 s at 104 MHz). A longer gap — an idle modem
 * that slept for hours — takes the 64-bit division once. The answer is the same as the plain
 * division's for every counter value (tests/unit/time/rom_ms_clock_test.cpp compares them,
 * across the wrap of the 32-bit result after 49.7 days).
 *
 * C and C++ alike: the ROM (timers.c) and the host unit test include this one copy. */
#ifndef Q2686_ROM_MS_CLOCK_H
#define Q2686_ROM_MS_CLOCK_H

#include <stdint.h>

struct ms_clock {
    uint32_t cycles_per_ms; /* > 0 */
    uint64_t mark_cycles;   /* = mark_ms * cycles_per_ms */
    uint64_t mark_ms;
};

static inline void ms_clock_init(struct ms_clock* clock, uint32_t cycles_per_ms) {
    clock->cycles_per_ms = cycles_per_ms;
    clock->mark_cycles = 0;
    clock->mark_ms = 0;
}

/* now / cycles_per_ms, truncated to 32 bits. `now` is the cycle counter, which never runs
 * backwards; a smaller value (a counter that restarted) starts the count over from zero. */
static inline uint32_t ms_clock_read(struct ms_clock* clock, uint64_t now) {
    if (now < clock->mark_cycles) {
        clock->mark_cycles = 0;
        clock->mark_ms = 0;
    }
    const uint64_t since = now - clock->mark_cycles;
    if (since >= clock->cycles_per_ms) {
        if ((since >> 32) == 0) {
            const uint32_t ms = (uint32_t)since / clock->cycles_per_ms;
            clock->mark_ms += ms;
            clock->mark_cycles += (uint64_t)ms * clock->cycles_per_ms; /* one UMULL */
        } else {
            const uint64_t ms = since / clock->cycles_per_ms; /* the rare long gap */
            clock->mark_ms += ms;
            clock->mark_cycles += ms * clock->cycles_per_ms;
        }
    }
    return (uint32_t)clock->mark_ms;
}

#endif /* Q2686_ROM_MS_CLOCK_H */
