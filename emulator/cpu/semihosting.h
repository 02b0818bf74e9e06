// Semihosting — the ARM semihosting calls a bare-metal test image may use to print and exit
// (ARM "Semihosting for AArch32 and AArch64", SVC 0x123456 in ARM state, 0xAB in Thumb).
// The same images then run unchanged under QEMU (-semihosting), which the benchmarks use.
//
// Supported: SYS_WRITEC (0x03), SYS_WRITE0 (0x04), SYS_WRITE (0x05, handles 1 and 2),
// SYS_CLOCK (0x10, centiseconds of *virtual* time), SYS_EXIT (0x18), SYS_EXIT_EXTENDED (0x20).
// Anything else returns -1 in r0 and logs an "unimplemented" event.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "base/event_log.h"
#include "time/cycle_scheduler.h"

namespace q2686 {

class ArmCpu;

struct SemihostingResult {
    bool exit = false;
    int exit_status = 0;
};

class Semihosting {
public:
    using Output = std::function<void(int fd, const std::string& text)>;

    Semihosting(EventLog& events, ClockRate clock, Output output);

    bool is_semihosting_call(const ArmCpu& cpu, std::uint32_t next_pc, bool thumb) const;
    SemihostingResult handle(ArmCpu& cpu, Cycles now);

private:
    std::string read_string(const ArmCpu& cpu, std::uint32_t address, std::size_t max) const;

    EventLog& events_;
    ClockRate clock_;
    Output output_;
};

}  // namespace q2686
