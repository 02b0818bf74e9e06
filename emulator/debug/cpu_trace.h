// CpuTrace — an instruction and MMIO trace for post-mortem debugging (`run --trace-cpu`):
// every instruction executed in an address range, with its cycle, address, symbol and
// Capstone disassembly; and, optionally, every MMIO access (the bus's Mmio events).
//
//   [      202617] 0x00003ac8 rtc_init+0x4   e59f3004  ldr r3, [pc, #4]
//   [      202622] mmio rtc +0x018 write32 0x2
//
// Only the traced range gets a code hook; the rest of the firmware runs at full speed. The
// cycle is the one the instruction issues at in the cycle model (block start + prefix).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/machine.h"

namespace q2686 {

struct TraceRange {
    std::uint32_t first = 0;  // inclusive
    std::uint32_t last = 0;   // inclusive
    std::string text;         // as the user wrote it
};

// "SYMBOL" (a function: its whole body), "0xSTART-0xEND" (END exclusive) or "0xSTART+LENGTH".
// Throws InputError naming `option` for anything else or an unknown symbol.
TraceRange parse_trace_range(std::string_view spec, const SymbolTable& symbols,
                             std::string_view option = "--trace-cpu");

class CpuTrace {
public:
    using Sink = std::function<void(const std::string& line)>;

    // `range` null: MMIO accesses only.
    CpuTrace(Machine& machine, const TraceRange* range, bool mmio, Sink sink);
    ~CpuTrace();
    CpuTrace(const CpuTrace&) = delete;
    CpuTrace& operator=(const CpuTrace&) = delete;

    std::uint64_t lines() const { return lines_; }

private:
    void instruction(std::uint32_t address, bool thumb, Cycles cycle);
    const std::string& disassembly(std::uint32_t address, bool thumb);

    Machine& machine_;
    Sink sink_;
    std::size_t arm_ = 0;  // Capstone handles (csh)
    std::size_t thumb_ = 0;
    std::unordered_map<std::uint64_t, std::string> cache_;  // (address, state) → text
    std::uint64_t lines_ = 0;
};

}  // namespace q2686
