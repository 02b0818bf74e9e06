// AtLineReader — splits what the modem sends on its AT port into lines and recognises final
// result codes (V.250 / 27.007), so host-side tools know when a command has finished.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "time/cycle_scheduler.h"

namespace q2686 {

// OK, ERROR, +CME ERROR: <err>, +CMS ERROR: <err>, NO CARRIER, BUSY, NO ANSWER, NO DIALTONE.
bool is_final_result_code(std::string_view line);

class AtLineReader {
public:
    using LineHandler = std::function<void(const std::string& line, Cycles when)>;

    explicit AtLineReader(LineHandler on_line) : on_line_(std::move(on_line)) {}

    // One byte from the modem, stamped with the cycle its last bit left the wire. A line ends
    // at CR or LF; empty lines are skipped. `when` of a line is that of its first byte.
    void feed(std::uint8_t byte, Cycles when);
    const std::string& partial() const { return partial_; }

private:
    LineHandler on_line_;
    std::string partial_;
    Cycles started_ = 0;
};

}  // namespace q2686
