#include "base/duration.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace q2686 {

std::optional<std::uint64_t> parse_duration_ns(std::string_view text) {
    std::size_t split = 0;
    while (split < text.size() && (std::isdigit(static_cast<unsigned char>(text[split])) || text[split] == '.'))
        ++split;
    if (split == 0 || split == text.size()) return std::nullopt;
    const std::string number(text.substr(0, split));
    const std::string_view unit = text.substr(split);
    double value = 0;
    try {
        std::size_t used = 0;
        value = std::stod(number, &used);
        if (used != number.size()) return std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
    double scale = 0;
    if (unit == "ns")
        scale = 1;
    else if (unit == "us")
        scale = 1e3;
    else if (unit == "ms")
        scale = 1e6;
    else if (unit == "s")
        scale = 1e9;
    else if (unit == "m" || unit == "min")
        scale = 60e9;
    else if (unit == "h")
        scale = 3600e9;
    else if (unit == "d")
        scale = 86400e9;
    else
        return std::nullopt;
    const double ns = value * scale;
    if (!(ns > 0) || ns > 1e19) return std::nullopt;
    return static_cast<std::uint64_t>(std::llround(ns));
}

std::string format_duration(std::uint64_t ns) {
    if (ns < 1'000'000) return fmt::format("{} us", ns / 1000);
    if (ns < 1'000'000'000) return fmt::format("{} ms", ns / 1'000'000);
    const double seconds = static_cast<double>(ns) / 1e9;
    if (seconds < 120) return fmt::format("{:g} s", seconds);
    if (seconds < 7200) return fmt::format("{:g} min", seconds / 60);
    if (seconds < 172800) return fmt::format("{:g} h", seconds / 3600);
    return fmt::format("{:g} d", seconds / 86400);
}

}  // namespace q2686
