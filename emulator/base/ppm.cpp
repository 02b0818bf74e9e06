#include "base/ppm.h"

namespace q2686 {

std::optional<std::int64_t> parse_ppm_as_ppb(std::string_view text) {
    if (text.ends_with("ppm")) text.remove_suffix(3);
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    std::int64_t whole = 0;
    std::size_t i = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        whole = whole * 10 + (text[i] - '0');
        if (whole > 1'000'000) return std::nullopt;
    }
    if (i == 0) return std::nullopt;
    std::int64_t fraction = 0;  // in ppb
    if (i < text.size()) {
        if (text[i] != '.') return std::nullopt;
        const std::string_view digits = text.substr(i + 1);
        if (digits.empty() || digits.size() > 3) return std::nullopt;
        std::int64_t scale = 100;
        for (const char c : digits) {
            if (c < '0' || c > '9') return std::nullopt;
            fraction += (c - '0') * scale;
            scale /= 10;
        }
    }
    const std::int64_t ppb = whole * 1000 + fraction;
    if (ppb > 1'000'000'000) return std::nullopt;
    return negative ? -ppb : ppb;
}

}  // namespace q2686
