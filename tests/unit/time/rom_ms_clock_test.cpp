// The ROM's millisecond clock (rom-stubs/src/ms_clock.h, behind adl_msSinceBoot() and lwIP's
// sys_now()) answers exactly what the 64-bit division it replaces answered: cycles / (cycles
// per ms), truncated to 32 bits — for calls close together (no division or a 32-bit one), far
// apart (the 64-bit path), across the wrap of the 32-bit result and up to the counter's end.
// The header is the ROM's own copy, compiled here for the host.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "../../../rom-stubs/src/ms_clock.h"

namespace {

std::uint32_t divided(std::uint64_t cycles, std::uint32_t per_ms) {
    return static_cast<std::uint32_t>(cycles / per_ms);
}

// The clock rates to check: the Q2686's 104 MHz, a 1 kHz clock (1 cycle per ms), odd and
// large divisors (the top of what SYSCTL_CLOCK_HZ / 1000 can be).
const std::vector<std::uint32_t> kCyclesPerMs = {104'000u, 1u, 7u, 999'983u, 0xFFFF'FFFFu / 1000u};

// Reads the clock at `first`, then at each later value `step` cycles apart, `count` times,
// and compares every answer with the division.
void expect_walk_matches(std::uint32_t per_ms, std::uint64_t first, std::uint64_t step, int count) {
    ms_clock clock{};
    ms_clock_init(&clock, per_ms);
    std::uint64_t cycles = first;
    for (int i = 0; i < count; ++i) {
        ASSERT_EQ(ms_clock_read(&clock, cycles), divided(cycles, per_ms))
            << "per_ms " << per_ms << ", cycle " << cycles << " (read " << i << ")";
        if (cycles > UINT64_MAX - step) break;
        cycles += step;
    }
}

TEST(RomMsClock, EveryCycleAcrossMillisecondBoundariesMatchesTheDivision) {
    for (const std::uint32_t per_ms : {104'000u, 1u, 7u})
        expect_walk_matches(per_ms, 0, 1, static_cast<int>(std::min<std::uint64_t>(3ull * per_ms + 5, 400'000)));
}

TEST(RomMsClock, SteadyWakeUpsMatchTheDivision) {
    // A second, 250 ms, a bit less than one ms and a bit more: the 32-bit path's steps.
    for (const std::uint32_t per_ms : kCyclesPerMs)
        for (const std::uint64_t step : {1000ull * per_ms, 250ull * per_ms, per_ms - 1ull + (per_ms == 1),
                                         per_ms + 1ull, 12'345ull})
            expect_walk_matches(per_ms, 3, step, 2000);
}

TEST(RomMsClock, LongSleepsTakeTheWidePathAndStillMatch) {
    // Gaps of 2^32 cycles and more (41 s and more at 104 MHz): an idle modem's hours.
    for (const std::uint32_t per_ms : kCyclesPerMs)
        for (const std::uint64_t step : {1ull << 32, (1ull << 32) + 1, 104'000ull * 3'600'000, 0x1234'5678'9ABCull})
            expect_walk_matches(per_ms, 17, step, 500);
}

TEST(RomMsClock, TheThirtyTwoBitResultWrapsLikeTheDivision) {
    // 2^32 ms after reset (49.7 days at any clock rate) the result wraps to 0; walk across that
    // point, and the second wrap, in small and odd steps.
    for (const std::uint32_t per_ms : kCyclesPerMs)
        for (const std::uint64_t wrap : {(1ull << 32) * per_ms, (2ull << 32) * per_ms}) {
            expect_walk_matches(per_ms, wrap - 3ull * per_ms, per_ms / 3 + 1, 40);
            expect_walk_matches(per_ms, wrap - 1, 1, 3);
        }
}

TEST(RomMsClock, TheCounterTopMatchesTheDivision) {
    for (const std::uint32_t per_ms : kCyclesPerMs) {
        expect_walk_matches(per_ms, UINT64_MAX - 5ull * per_ms, per_ms / 2 + 1, 30);
        expect_walk_matches(per_ms, 0, UINT64_MAX / 7, 8);  // huge jumps, ending near the top
    }
}

TEST(RomMsClock, RandomReadsMatchTheDivision) {
    // Increasing random counter values with gaps of every size, 64-bit included.
    std::mt19937_64 random(2686);
    for (const std::uint32_t per_ms : kCyclesPerMs) {
        ms_clock clock{};
        ms_clock_init(&clock, per_ms);
        std::uint64_t cycles = 0;
        for (int i = 0; i < 20'000; ++i) {
            const int bits = static_cast<int>(random() % 64);
            const std::uint64_t gap = random() >> (63 - bits);  // up to 2^(bits+1) - 1
            if (cycles > UINT64_MAX - gap) break;
            cycles += gap;
            ASSERT_EQ(ms_clock_read(&clock, cycles), divided(cycles, per_ms)) << "per_ms " << per_ms << ", " << cycles;
        }
    }
}

TEST(RomMsClock, ACounterThatRestartsCountsFromZeroAgain) {
    ms_clock clock{};
    ms_clock_init(&clock, 104'000);
    EXPECT_EQ(ms_clock_read(&clock, 104'000ull * 5'000), 5'000u);
    EXPECT_EQ(ms_clock_read(&clock, 104'000ull * 2 + 1), 2u);  // smaller: a restarted counter
    EXPECT_EQ(ms_clock_read(&clock, 104'000ull * 3), 3u);
}

}  // namespace
