#include "panel_text.h"

#include <ctime>

#include <fmt/format.h>

namespace q2686::gui {

namespace {

int year_of(std::int64_t t) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm utc{};
    gmtime_r(&tt, &utc);
    return utc.tm_year + 1900;
}

}  // namespace

std::string offset_text(std::int64_t seconds) {
    const std::int64_t a = seconds < 0 ? -seconds : seconds;
    if (a < 120) return fmt::format("{:+} s", seconds);
    if (a < 7200) return fmt::format("{:+.1f} min", static_cast<double>(seconds) / 60.0);
    if (a < 172800) return fmt::format("{:+.1f} h", static_cast<double>(seconds) / 3600.0);
    if (a < 2 * 31557600) return fmt::format("{:+.1f} days", static_cast<double>(seconds) / 86400.0);
    return fmt::format("{:+.1f} years", static_cast<double>(seconds) / 31557600.0);
}

std::string run_state_text(bool paused, double realtime_factor) {
    return paused ? "Paused" : fmt::format("running, real-time factor {:.1f}x", realtime_factor);
}

bool alarming_alert(std::string_view step) {
    const bool alert = step.find("Alert") != std::string_view::npos || step.find("alert") != std::string_view::npos;
    return alert && step.find("close_notify") == std::string_view::npos;
}

std::pair<int, int> timeline_years(std::int64_t earliest, std::int64_t latest) {
    return {year_of(earliest), year_of(latest) + 1};
}

std::int64_t start_of_year(int year) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mday = 1;
    return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace q2686::gui
