// Network time — what the network tells the modem about time after it registers: NITZ
// ("Network Identity and Time Zone", 3GPP TS 22.042), carried by the MM INFORMATION message of
// 3GPP TS 24.008 §9.2.15a: the operator's full and short names, the local time zone, the
// universal time with that zone, and the daylight saving adjustment. docs/network.md,
// "Network time (NITZ)".
//
// The network's *true* UTC is a run parameter: `utc_at_start`, the UTC second at virtual time 0
// (the CLI's --network-utc, default the host's clock when it starts; a scenario's
// `network: {utc: ...}`, default kDefaultNetworkUtc so that scenario runs stay deterministic).
// What the network *sends* is that time plus NitzSettings::offset — a network whose clock is
// wrong — in the zone it is told to announce.
//
// Everything here is plain data and text: NetworkModel (network_model.h) decides when a message
// is sent, the BASEBAND device shows it to the firmware.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "time/rtc_calendar.h"

namespace q2686 {

// 2026-03-15T09:00:00Z: the network's UTC at virtual time 0 when a run does not say.
inline constexpr std::int64_t kDefaultNetworkUtc = 1'773'565'200;

// The network's NITZ behaviour (kept across modem power cycles, like the other controls).
struct NitzSettings {
    bool enabled = true;        // false: the network sends no NITZ (many operators do not)
    std::int64_t offset_s = 0;  // added to the true UTC: the network's clock is wrong by this
    int zone_quarters = 0;      // local time zone, quarter hours east of UTC (-48..+56)
    int dst_hours = 0;          // daylight saving adjustment included in the zone, 0..2
    std::string full_name;      // operator long name; empty: not sent
    std::string short_name;     // operator short name; empty: not sent

    friend bool operator==(const NitzSettings&, const NitzSettings&) = default;
};

inline constexpr std::size_t kNitzFullNameMax = 31;   // BB_NITZ_FULL: 31 characters + NUL
inline constexpr std::size_t kNitzShortNameMax = 15;  // BB_NITZ_SHORT: 15 characters + NUL

// One NITZ message as the modem received it.
struct NitzMessage {
    std::int64_t utc = 0;  // seconds since 1970-01-01T00:00:00Z, as the network sent it
    int zone_quarters = 0;
    int dst_hours = 0;
    std::string full_name;
    std::string short_name;
};

// Applies knobs written as "off", "on", "offset=-3h", "zone=+08", "dst=1", "full=NAME",
// "short=NAME", several separated by commas ("zone=-20,offset=+1096d"). Throws
// std::invalid_argument naming the knob that is wrong; `settings` is unchanged then.
void apply_nitz_knobs(NitzSettings& settings, std::string_view knobs);
// The same checks one at a time (the scenario loader's map form).
std::int64_t parse_nitz_offset(std::string_view text);  // "-3h", "+1096d", "90s", "0s"
int parse_nitz_zone(std::string_view text);             // "+08", "-20", "0": -48..+56
void check_nitz_name(std::string_view name, std::size_t max, const char* what);

// "2026-03-15T09:00:00Z" → seconds since 1970; nullopt unless that exact form, 1970..2099.
std::optional<std::int64_t> parse_utc(std::string_view text);
std::string format_nitz_utc(std::int64_t utc);  // "2026-03-15T09:00:00Z"
CivilDateTime utc_civil(std::int64_t utc);      // the calendar date and time of a UTC second, any year
// NITZ's "<Universal time and local time zone>": "26/03/15,09:00:00+08" (27.007 yy/MM/dd).
std::string format_nitz_time(std::int64_t utc, int zone_quarters);
// "NITZ 2026-03-15T09:00:03Z zone +08 dst 0 full "Q2686 Emulator" short "Q2686"" — the event text.
std::string describe(const NitzMessage& message);

}  // namespace q2686
