// The 32.768 kHz clock of the watchdog and the RTC, derived from virtual CPU cycles.
//
// Tick n of the slow clock begins at the first cycle c with floor(c * 32768 / clock_hz) >= n:
// both conversions are exact integer arithmetic (128-bit intermediates), so a day of virtual
// time is exactly 86400 * 32768 ticks at any CPU clock and nothing drifts.
#pragma once

#include <cstdint>

#include "time/cycle_scheduler.h"

namespace q2686 {

inline constexpr std::uint64_t kSlowClockHz = 32'768;

// Slow-clock ticks completed at cycle `c`.
constexpr std::uint64_t slow_ticks_at(Cycles c, const ClockRate& clock) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(c) * kSlowClockHz) / clock.hz);
}

// The first cycle at which `tick` slow-clock ticks have completed.
constexpr Cycles cycle_of_slow_tick(std::uint64_t tick, const ClockRate& clock) {
    const unsigned __int128 scaled = static_cast<unsigned __int128>(tick) * clock.hz;
    return static_cast<Cycles>((scaled + kSlowClockHz - 1) / kSlowClockHz);
}

// A crystal that is off by `ppb` parts per billion (+20 ppm = +20'000: it runs fast) completes
// floor(c * 32768 * (1e9 + ppb) / (clock_hz * 1e9)) ticks by cycle c — integer arithmetic, so
// 30 days at +20 ppm are exactly 30 * 86400 * 32768 * 1.00002 ticks (51.84 s ahead) on every
// host. ppb = 0 is slow_ticks_at(). |ppb| stays far below 1e9 (the RTC takes ±500 ppm).
inline constexpr std::int64_t kPpbPerUnit = 1'000'000'000;

constexpr std::uint64_t drifted_ticks_at(Cycles c, const ClockRate& clock, std::int64_t ppb) {
    const auto rate = static_cast<unsigned __int128>(kPpbPerUnit + ppb);
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(c) * kSlowClockHz * rate) /
                                      (static_cast<unsigned __int128>(clock.hz) * kPpbPerUnit));
}

// The first cycle at which `tick` ticks of that crystal have completed.
constexpr Cycles cycle_of_drifted_tick(std::uint64_t tick, const ClockRate& clock, std::int64_t ppb) {
    const auto rate = static_cast<unsigned __int128>(kPpbPerUnit + ppb);
    const unsigned __int128 scaled = static_cast<unsigned __int128>(tick) * clock.hz * kPpbPerUnit;
    const unsigned __int128 divisor = rate * kSlowClockHz;
    return static_cast<Cycles>((scaled + divisor - 1) / divisor);
}

}  // namespace q2686
