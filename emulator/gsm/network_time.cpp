#include "gsm/network_time.h"

#include <charconv>
#include <cstdio>
#include <stdexcept>

#include <fmt/format.h>

#include "base/duration.h"
#include "time/rtc_calendar.h"

namespace q2686 {

namespace {

// Days from 1970-01-01 to the RTC epoch (1998-01-01), so Unix days convert with the RTC
// calendar's day arithmetic, which is valid for any proleptic Gregorian date.
std::int64_t unix_epoch_in_rtc_days() {
    return rtc_days_from_civil(1970, 1, 1);
}

}  // namespace

CivilDateTime utc_civil(std::int64_t utc) {
    std::int64_t days = utc / kSecondsPerDay;
    std::int64_t rest = utc % kSecondsPerDay;
    if (rest < 0) {
        rest += kSecondsPerDay;
        --days;
    }
    CivilDateTime t = rtc_civil_from_days(days + unix_epoch_in_rtc_days());
    t.hour = static_cast<int>(rest / 3600);
    t.minute = static_cast<int>(rest % 3600 / 60);
    t.second = static_cast<int>(rest % 60);
    return t;
}

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
}

}  // namespace

std::int64_t parse_nitz_offset(std::string_view text) {
    std::string_view body = text;
    int sign = 1;
    if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
        sign = body.front() == '-' ? -1 : 1;
        body.remove_prefix(1);
    }
    if (body == "0" || body == "0s") return 0;
    const auto ns = parse_duration_ns(body);
    if (!ns || *ns % 1'000'000'000 != 0)
        throw std::invalid_argument(fmt::format(
            "offset '{}': expected whole seconds with a unit and an optional sign, like -3h or +1096d", text));
    return sign * static_cast<std::int64_t>(*ns / 1'000'000'000);
}

int parse_nitz_zone(std::string_view text) {
    std::string_view body = text;
    int sign = 1;
    if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
        sign = body.front() == '-' ? -1 : 1;
        body.remove_prefix(1);
    }
    int value = -1;
    const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
    // 27.007 <tz> (+CTZR): quarter hours, -48..+56 — the zones that exist (UTC-12 .. UTC+14).
    if (body.empty() || ec != std::errc{} || end != body.data() + body.size() || sign * value < -48 ||
        sign * value > 56)
        throw std::invalid_argument(
            fmt::format("zone '{}': expected quarter hours east of UTC, -48..+56, like +08 (UTC+2) or -20", text));
    return sign * value;
}

void check_nitz_name(std::string_view name, std::size_t max, const char* what) {
    if (name.empty() || name.size() > max)
        throw std::invalid_argument(fmt::format("{} name '{}': 1..{} characters", what, name, max));
    for (const char c : name)
        if (c < 0x20 || c > 0x7E || c == '"' || c == ',')
            throw std::invalid_argument(fmt::format("{} name '{}': printable ASCII without '\"' or ','", what, name));
}

void apply_nitz_knobs(NitzSettings& settings, std::string_view knobs) {
    NitzSettings next = settings;
    if (trim(knobs).empty()) throw std::invalid_argument("no NITZ setting given");
    while (!knobs.empty()) {
        const std::size_t comma = knobs.find(',');
        const std::string_view knob = trim(knobs.substr(0, comma));
        knobs = comma == std::string_view::npos ? std::string_view{} : knobs.substr(comma + 1);
        const std::size_t eq = knob.find('=');
        const std::string_view key = knob.substr(0, eq);
        const std::string_view value = eq == std::string_view::npos ? std::string_view{} : knob.substr(eq + 1);
        if (knob == "off")
            next.enabled = false;
        else if (knob == "on")
            next.enabled = true;
        else if (eq != std::string_view::npos && key == "offset")
            next.offset_s = parse_nitz_offset(value);
        else if (eq != std::string_view::npos && key == "zone")
            next.zone_quarters = parse_nitz_zone(value);
        else if (eq != std::string_view::npos && key == "dst") {
            if (value != "0" && value != "1" && value != "2")
                throw std::invalid_argument(fmt::format("dst '{}': expected 0, 1 or 2 (hours)", value));
            next.dst_hours = value[0] - '0';
        } else if (eq != std::string_view::npos && key == "full") {
            check_nitz_name(value, kNitzFullNameMax, "full");
            next.full_name = std::string(value);
        } else if (eq != std::string_view::npos && key == "short") {
            check_nitz_name(value, kNitzShortNameMax, "short");
            next.short_name = std::string(value);
        } else
            throw std::invalid_argument(fmt::format(
                "'{}': expected off, on, offset=±DURATION, zone=±QQ, dst=0|1|2, full=NAME or short=NAME", knob));
    }
    settings = next;
}

std::optional<std::int64_t> parse_utc(std::string_view text) {
    CivilDateTime t;
    int consumed = 0;
    const std::string s(text);
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &t.year, &t.month, &t.day, &t.hour, &t.minute, &t.second,
                    &consumed) != 6 ||
        consumed != static_cast<int>(s.size()) || s.size() != 20)
        return std::nullopt;
    if (t.year < 1970 || t.year > 2099 || t.month < 1 || t.month > 12 || t.day < 1 ||
        t.day > days_in_month(t.year, t.month) || !is_valid_rtc_time(t.hour, t.minute, t.second))
        return std::nullopt;
    const std::int64_t days = rtc_days_from_civil(t.year, t.month, t.day) - unix_epoch_in_rtc_days();
    return days * kSecondsPerDay + t.hour * 3600 + t.minute * 60 + t.second;
}

std::string format_nitz_utc(std::int64_t utc) {
    const CivilDateTime t = utc_civil(utc);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.year, t.month, t.day, t.hour, t.minute, t.second);
}

std::string format_nitz_time(std::int64_t utc, int zone_quarters) {
    const CivilDateTime t = utc_civil(utc);
    return fmt::format("{:02}/{:02}/{:02},{:02}:{:02}:{:02}{}", ((t.year % 100) + 100) % 100, t.month, t.day, t.hour,
                       t.minute, t.second, format_tz(zone_quarters));
}

std::string describe(const NitzMessage& m) {
    std::string text =
        fmt::format("NITZ {} zone {} dst {}", format_nitz_utc(m.utc), format_tz(m.zone_quarters), m.dst_hours);
    if (!m.full_name.empty()) text += fmt::format(" full \"{}\"", m.full_name);
    if (!m.short_name.empty()) text += fmt::format(" short \"{}\"", m.short_name);
    return text;
}

}  // namespace q2686
