#include "at/at_line_reader.h"

#include <array>

namespace q2686 {

bool is_final_result_code(std::string_view line) {
    static constexpr std::array<std::string_view, 6> kExact = {"OK",   "ERROR",     "NO CARRIER",
                                                               "BUSY", "NO ANSWER", "NO DIALTONE"};
    for (std::string_view code : kExact)
        if (line == code) return true;
    return line.starts_with("+CME ERROR:") || line.starts_with("+CMS ERROR:");
}

void AtLineReader::feed(std::uint8_t byte, Cycles when) {
    if (byte == '\r' || byte == '\n') {
        if (!partial_.empty()) {
            std::string line;
            line.swap(partial_);
            on_line_(line, started_);
        }
        return;
    }
    if (partial_.empty()) started_ = when;
    partial_.push_back(static_cast<char>(byte));
}

}  // namespace q2686
