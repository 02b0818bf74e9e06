// DebugConsole — DEBUG: the firmware's log console, one character per write.
//
// Registers: hw/registers.txt, the one description of offsets, access, reset values and
// writable bits (docs/hardware.md "DEBUG" shows them).
//
// Line-buffered: '\n' completes a line ('\r' is dropped), which becomes one
// EventKind::FirmwareLog event stamped with the cycle of the '\n' write, and is passed to the
// optional sink. A line longer than kMaxLine characters is emitted in kMaxLine pieces so a
// firmware that never writes '\n' cannot grow the buffer without bound. flush() emits a pending
// partial line (end of a run, power-off).
//
// No IRQ line, no timing: a write completes at once (the real trace port would be a UART).
//
// A plain MmioDevice, not a Peripheral: a write with bits set outside DEBUG_PUTC's byte is
// dropped whole (a guest error) rather than masked to its writable bits, and the pending line
// is host-side text, not register state.
//
// Known inaccuracies:
//   - no such device on the real Q2686: it stands in for the Open AT trace output.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "bus/mmio_bus.h"
#include "peripherals/register_map.h"
#include "q2686_hw.h"

namespace q2686 {

// From hw/registers.txt (offset, name, access, reset value, writable bits).
inline constexpr auto kDebugConsoleRegisters = Q2686_REGISTER_TABLE(Q2686_DEBUG_REGISTERS);

class DebugConsole final : public MmioDevice {
public:
    using LineSink = std::function<void(std::string_view line, Cycles when)>;
    static constexpr std::size_t kMaxLine = 1024;

    DebugConsole(EventLog& events, LineSink sink = {});
    DebugConsole(const DebugConsole&) = delete;
    DebugConsole& operator=(const DebugConsole&) = delete;

    std::string_view name() const override { return "debug"; }
    std::uint32_t read(std::uint32_t offset, unsigned size, Cycles now) override;
    void write(std::uint32_t offset, unsigned size, std::uint32_t value, Cycles now) override;

    void set_sink(LineSink sink) { sink_ = std::move(sink); }
    void flush(Cycles now);  // emits the partial line, if any
    const std::string& pending_line() const { return line_; }
    void reset() { line_.clear(); }

private:
    void emit_line(Cycles now);

    RegisterDecoder regs_;
    LineSink sink_;
    std::string line_;
};

}  // namespace q2686
