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

}  // namespace q2686
