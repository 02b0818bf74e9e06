#include "peripherals/debug_console.h"

namespace q2686 {

static_assert(is_well_formed(kDebugConsoleRegisters));

namespace {
constexpr std::array<std::uint32_t, 1> kByteAccessible = {DEBUG_PUTC};
}  // namespace

DebugConsole::DebugConsole(EventLog& events, LineSink sink)
    : regs_("debug", kDebugConsoleRegisters, events, kByteAccessible), sink_(std::move(sink)) {}

std::uint32_t DebugConsole::read(std::uint32_t offset, unsigned size, Cycles now) {
    regs_.decode_read(offset, size, now);  // every register is write-only: logged, reads 0
    return 0;
}

void DebugConsole::write(std::uint32_t offset, unsigned size, std::uint32_t value, Cycles now) {
    const RegisterSpec* reg = regs_.decode_write(offset, size, value, now);
    if (!reg || (value & ~reg->writable)) {  // a character with reserved bits set is dropped
        if (reg) regs_.writable_bits(*reg, value, now);
        return;
    }
    const char c = static_cast<char>(value);
    if (c == '\n') return emit_line(now);
    if (c == '\r') return;
    line_.push_back(c);
    if (line_.size() >= kMaxLine) emit_line(now);
}

void DebugConsole::flush(Cycles now) {
    if (!line_.empty()) emit_line(now);
}

void DebugConsole::emit_line(Cycles now) {
    regs_.event(now, EventKind::FirmwareLog, line_);
    if (sink_) sink_(line_, now);
    line_.clear();
}

}  // namespace q2686
