// Parts per million as users write them ("20", "+20", "-3.5", "0.125ppm"), held exactly as an
// integer number of parts per billion — the RTC crystal's drift (`--rtc-ppm`, scenario
// `modem: {rtc_ppm: …}`) must not depend on the host's floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace q2686 {

// An optional sign, digits, an optional '.' with 1..3 digits, an optional "ppm" suffix; nullopt
// for anything else (empty, "1e3", "20.1234", "abc") or beyond ±1'000'000 ppm.
std::optional<std::int64_t> parse_ppm_as_ppb(std::string_view text);

}  // namespace q2686
