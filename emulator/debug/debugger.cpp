#include "debug/debugger.h"

#include <algorithm>

#include <fmt/format.h>

namespace q2686 {

Debugger::Debugger(Machine& machine) : machine_(machine) {}

Debugger::~Debugger() {
    clear_all();
}

void Debugger::halt(HaltCause cause) {
    machine_.cpu().cancel_single_step();
    halted_ = true;
    halt_ = HaltInfo{cause, std::nullopt, std::nullopt};
}

void Debugger::resume() {
    if (!halted_) return;
    ArmCpu& cpu = machine_.cpu();
    // Stopped in front of a breakpoint: its instruction must run now, not stop us again.
    if (cpu.has_breakpoint(cpu.pc())) cpu.skip_breakpoint_once(cpu.pc());
    halted_ = false;
}

void Debugger::step() {
    resume();
    machine_.cpu().arm_single_step();
}

bool Debugger::on_run_result(const RunResult& result) {
    if (result.outcome == RunOutcome::Debug) {
        machine_.cpu().cancel_single_step();
        halted_ = true;
        halt_ = HaltInfo{HaltCause::Step, result.debug, std::nullopt};
        if (result.debug) {
            switch (result.debug->kind) {
                case DebugHit::Kind::Breakpoint: halt_.cause = HaltCause::Breakpoint; break;
                case DebugHit::Kind::Step: halt_.cause = HaltCause::Step; break;
                case DebugHit::Kind::Watchpoint: halt_.cause = HaltCause::Watchpoint; break;
            }
        }
        return true;
    }
    if (result.outcome == RunOutcome::Fault && catch_faults_) {
        machine_.cpu().cancel_single_step();
        halted_ = true;
        const bool watchdog = result.fault && result.fault->kind == FaultKind::Watchdog;
        halt_ = HaltInfo{watchdog ? HaltCause::Watchdog : HaltCause::Fault, std::nullopt, result.fault};
        return true;
    }
    return false;
}

void Debugger::add_breakpoint(std::uint32_t address) {
    address &= ~1u;
    if (std::find(breakpoints_.begin(), breakpoints_.end(), address) != breakpoints_.end()) return;
    breakpoints_.push_back(address);
    machine_.cpu().add_breakpoint(address);
}

void Debugger::remove_breakpoint(std::uint32_t address) {
    address &= ~1u;
    std::erase(breakpoints_, address);
    machine_.cpu().remove_breakpoint(address);
}

void Debugger::add_watchpoint(std::uint32_t address, std::uint32_t length, WatchAccess access) {
    for (const Watch& w : watchpoints_)
        if (w.address == address && w.length == length && w.access == access) return;
    watchpoints_.push_back({address, length, access});
    machine_.cpu().add_watchpoint(address, length, access);
}

void Debugger::remove_watchpoint(std::uint32_t address, std::uint32_t length, WatchAccess access) {
    std::erase_if(watchpoints_,
                  [&](const Watch& w) { return w.address == address && w.length == length && w.access == access; });
    machine_.cpu().remove_watchpoint(address, length, access);
}

std::optional<WatchAccess> Debugger::watch_access(std::uint32_t address) const {
    for (const Watch& w : watchpoints_)
        if (w.address == address) return w.access;
    return std::nullopt;
}

void Debugger::clear_all() {
    for (const std::uint32_t address : breakpoints_) machine_.cpu().remove_breakpoint(address);
    for (const Watch& w : watchpoints_) machine_.cpu().remove_watchpoint(w.address, w.length, w.access);
    breakpoints_.clear();
    watchpoints_.clear();
    machine_.cpu().cancel_single_step();
}

void Debugger::set_register(int n, std::uint32_t value) {
    ArmCpu& cpu = machine_.cpu();
    if (n == kCpsr) return cpu.set_cpsr(value);
    if (n == 15) return cpu.set_pc(value, cpu.thumb());
    if (n >= 0 && n < 15) cpu.set_register(n, value);
}

bool Debugger::mmio(std::uint32_t address, std::uint32_t length) const {
    const MemoryRegion& window = machine_.memory_map().mmio();
    return window.contains(address, length);
}

std::size_t Debugger::read_memory(std::uint32_t address, std::span<std::uint8_t> out) {
    const auto length = static_cast<std::uint32_t>(out.size());
    if (mmio(address, length)) {
        MmioBus& bus = machine_.mmio();
        const Cycles now = machine_.scheduler().now();
        // Whole aligned words as the firmware would read them; anything else byte by byte.
        const unsigned width = (address % 4 == 0 && length % 4 == 0) ? 4 : 1;
        for (std::uint32_t i = 0; i < length; i += width) {
            const std::uint32_t value = bus.read(address + i - bus.base(), width, now);
            for (unsigned b = 0; b < width; ++b) out[i + b] = static_cast<std::uint8_t>(value >> (8 * b));
        }
        return length;
    }
    if (machine_.cpu().read_memory(address, out)) return length;
    // Straddles the end of a region: as much as can be read from the start.
    std::size_t n = 0;
    for (; n < out.size(); ++n)
        if (!machine_.cpu().read_memory(address + static_cast<std::uint32_t>(n), out.subspan(n, 1))) break;
    return n;
}

bool Debugger::write_memory(std::uint32_t address, std::span<const std::uint8_t> bytes) {
    const auto length = static_cast<std::uint32_t>(bytes.size());
    if (mmio(address, length)) {
        MmioBus& bus = machine_.mmio();
        const Cycles now = machine_.scheduler().now();
        const unsigned width = (address % 4 == 0 && length % 4 == 0) ? 4 : 1;
        for (std::uint32_t i = 0; i < length; i += width) {
            std::uint32_t value = 0;
            for (unsigned b = 0; b < width; ++b) value |= std::uint32_t{bytes[i + b]} << (8 * b);
            bus.write(address + i - bus.base(), width, value, now);
        }
        return true;
    }
    return machine_.cpu().write_memory(address, bytes);
}

std::string Debugger::time_report() const {
    const Cycles now = machine_.scheduler().now();
    const ClockRate& clock = machine_.clock();
    return fmt::format("virtual time {:.9f} s ({} cycles at {:.3f} MHz), {} instructions; {}", clock.to_seconds(now),
                       now, double(clock.hz) / 1e6, machine_.cpu().instructions_executed(),
                       halted_ ? "halted (virtual time stands still)" : "running");
}

}  // namespace q2686
