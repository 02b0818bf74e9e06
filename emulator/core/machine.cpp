#include "core/machine.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

namespace q2686 {

Machine::Machine(MachineConfig config)
    : config_(std::move(config)),
      mmio_(map_.mmio().base, map_.mmio().size, events_),
      cpu_(map_, scheduler_, mmio_, events_, config_.accounting),
      semihosting_(
          events_, config_.clock, config_.console ? config_.console : [](int, const std::string&) {}) {
    cpu_.set_semihosting(&semihosting_);
    if (config_.caches != BareMetalCaches::AsTheImageSets) {
        cpu_.set_exact_data_cache(config_.caches == BareMetalCaches::OnExact);
        cpu_.set_cache_settings(boot_cache_settings());
    }
}

void Machine::load(ElfImage image) {
    cpu_.load(image);
    // SP-based accesses pay the wait states of wherever the image puts its stack.
    for (const char* name : {"__stack_top", "_stack_top", "__StackTop", "_estack"})
        if (const ElfSymbol* top = image.symbols.find(name)) {
            if (const MemoryRegion* region = map_.find(top->address - 4)) cpu_.set_stack_region(region);
            break;
        }
    cpu_.reset(image.entry, image.entry_thumb);
    image_ = std::move(image);
}

void Machine::request_stop() {
    stop_requested_ = true;
    cpu_.request_stop();
}

RunResult Machine::run(Cycles max_cycles) {
    using Clock = std::chrono::steady_clock;
    const auto wall_start = Clock::now();

    RunResult result;
    stop_requested_ = false;
    for (;;) {
        scheduler_.run_due();
        if (stop_requested_) {
            result.outcome = RunOutcome::Stopped;
            break;
        }
        if (scheduler_.now() >= max_cycles) {
            result.outcome = RunOutcome::CycleLimit;
            break;
        }
        const Cycles deadline = std::min(max_cycles, scheduler_.next_due());
        if (!powered_) {
            scheduler_.advance_to(deadline);  // the CPU is off: only time passes
            continue;
        }
        if (cpu_.idle()) {
            if (cpu_.irq_line()) {
                cpu_.wake();
            } else {
                // Nothing can happen before the next event: skip straight to it. This is
                // what makes hours of idle virtual time cost microseconds.
                scheduler_.advance_to(idle_target(deadline));
                continue;
            }
        }
        const CpuStop stop = cpu_.run(deadline);
        if (stop.reason == CpuStopReason::Exit) {
            result.outcome = RunOutcome::Exited;
            result.exit_status = stop.exit_status;
            break;
        }
        if (stop.reason == CpuStopReason::Debug) {
            result.outcome = RunOutcome::Debug;
            result.debug = stop.debug;
            break;
        }
        if (stop.reason == CpuStopReason::Fault) {
            result.outcome = RunOutcome::Fault;
            result.fault = stop.fault;
            break;
        }
    }
    result.cycles = scheduler_.now();
    result.instructions = cpu_.instructions_executed();
    result.registers = cpu_.registers();
    result.wall_seconds = std::chrono::duration<double>(Clock::now() - wall_start).count();
    return result;
}

Cycles Machine::idle_target(Cycles deadline) {
    if (!real_time_bound_) return deadline;
    const Cycles now = scheduler_.now();
    if (real_time_bound_->idle_limit(now) >= deadline) return deadline;
    real_time_bound_->wait(now, deadline);
    // The wait may have scheduled the host's answer earlier than the deadline.
    const Cycles due = std::min(deadline, scheduler_.next_due());
    return std::clamp(real_time_bound_->idle_limit(now), now, due);
}

std::string format_fault_report(const RunResult& result, const SymbolTable* symbols, const EventLog& events,
                                const ClockRate& clock) {
    std::string out;
    const ArmRegisters& regs = result.registers;
    const std::uint32_t pc = result.fault ? result.fault->pc : regs.r[15];
    out += fmt::format("firmware fault: {}\n", result.fault ? result.fault->what : "unknown");
    out +=
        fmt::format("  at pc {:#010x}{}\n", pc, symbols ? fmt::format(" ({})", symbols->describe(pc)) : std::string());
    if (result.fault && result.fault->address)
        out += fmt::format("  faulting address {:#010x}\n", *result.fault->address);
    out += fmt::format("  virtual time {} cycles ({:.6f} s)\n", result.cycles, clock.to_seconds(result.cycles));
    static constexpr const char* kNames[16] = {"r0", "r1", "r2",  "r3",  "r4",  "r5", "r6", "r7",
                                               "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc"};
    for (int n = 0; n < 16; ++n) out += fmt::format("  {:>4} {:#010x}{}", kNames[n], regs.r[n], n % 4 == 3 ? "\n" : "");
    out += fmt::format("  cpsr {:#010x}\n", regs.cpsr);
    if (!events.recent().empty()) {
        out += "  last events:\n";
        for (const Event& e : events.recent())
            out += fmt::format("    [{:>12}] {:<13} {:<12} {}\n", e.when, to_string(e.kind), e.source, e.text);
    }
    return out;
}

}  // namespace q2686
