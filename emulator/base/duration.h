// Durations as users write them: "65s", "100ms", "2h", "400d", "1.5s", "3m" — in CLI
// pseudo-commands (wait:65s) and scenario files. Converted to CPU cycles exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "time/cycle_scheduler.h"

namespace q2686 {

// Nanoseconds, or nullopt when `text` is not a positive number followed by one of
// ns, us, ms, s, m (minutes), h, d. A bare number is not accepted: the unit is required.
std::optional<std::uint64_t> parse_duration_ns(std::string_view text);

// "65 s", "2 h 0 min 3 s", "400 d" — for reports.
std::string format_duration(std::uint64_t ns);

}  // namespace q2686
