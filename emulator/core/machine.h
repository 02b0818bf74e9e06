// Machine — one emulated Q2686: the CPU, the memory map, the MMIO bus, the scheduler that owns
// virtual time and the event stream, wired together. Front ends (CLI, benchmarks, tests,
// later the GUI and the scenario runner) drive it through this narrow interface.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "bus/memory_map.h"
#include "bus/mmio_bus.h"
#include "base/event_log.h"
#include "cpu/arm_cpu.h"
#include "cpu/elf_image.h"
#include "core/real_time_bound.h"
#include "cpu/semihosting.h"
#include "time/cycle_scheduler.h"

namespace q2686 {

// Caches for images that run without the ROM (which programs CP15 itself): leave CP15 as the
// image sets it, or turn the caches on as the ROM's boot does (boot_cache_settings), with the
// block-entry approximation for data or the exact per-access reference (docs/cycle-model.md).
enum class BareMetalCaches { AsTheImageSets, On, OnExact };

struct MachineConfig {
    ClockRate clock;
    CycleAccounting accounting = CycleAccounting::Blocks;
    BareMetalCaches caches = BareMetalCaches::AsTheImageSets;
    Semihosting::Output console;  // guest console output (semihosting); default: drop it
};

enum class RunOutcome {
    Exited,      // the program exited (semihosting)
    CycleLimit,  // virtual time reached the limit
    Fault,       // the firmware faulted
    Stopped,     // request_stop() was called (a device or the host wants control back)
    Debug,       // a breakpoint, watchpoint or single step stopped the CPU (RunResult::debug)
};

struct RunResult {
    RunOutcome outcome = RunOutcome::CycleLimit;
    int exit_status = 0;
    Cycles cycles = 0;  // virtual time at the end of the run
    std::uint64_t instructions = 0;
    double wall_seconds = 0.0;
    std::optional<CpuFault> fault;
    std::optional<DebugHit> debug;
    ArmRegisters registers;
};

class Machine {
public:
    explicit Machine(MachineConfig config = {});

    // Loads an ARM image and resets the CPU to its entry point.
    void load(ElfImage image);
    // Runs until the program exits or faults, virtual time reaches `max_cycles`, or
    // request_stop() is called. While the machine is unpowered only virtual time (and the
    // devices' events) advance. As fast as the host can: a front end that wants real time runs
    // slices and waits between them (host/pacing/wall_clock_pacer.h).
    RunResult run(Cycles max_cycles);
    // Makes the current run() return RunOutcome::Stopped soon (at the next block boundary).
    // Callable from device callbacks and host sinks.
    void request_stop();
    void set_powered(bool powered) { powered_ = powered; }
    // Holds idle skipping to the real world while the modem waits on it (core/real_time_bound.h);
    // nullptr: none. The host network installs itself here and removes itself before it dies.
    void set_real_time_bound(RealTimeBound* bound) { real_time_bound_ = bound; }
    bool powered() const { return powered_; }

    const ClockRate& clock() const { return config_.clock; }
    CycleScheduler& scheduler() { return scheduler_; }
    const CycleScheduler& scheduler() const { return scheduler_; }
    ArmCpu& cpu() { return cpu_; }
    MmioBus& mmio() { return mmio_; }
    EventLog& events() { return events_; }
    const MemoryMap& memory_map() const { return map_; }
    const ElfImage* image() const { return image_ ? &*image_ : nullptr; }

private:
    MachineConfig config_;
    MemoryMap map_;
    EventLog events_;
    CycleScheduler scheduler_;
    MmioBus mmio_;
    ArmCpu cpu_;
    Semihosting semihosting_;
    std::optional<ElfImage> image_;
    bool stop_requested_ = false;
    bool powered_ = true;
    RealTimeBound* real_time_bound_ = nullptr;

    // Where an idle CPU may skip to, up to `deadline`: the deadline, or — while the modem waits
    // on a real peer — no further than the real-peer frontier, after a wall-clock wait for it.
    Cycles idle_target(Cycles deadline);
};

// A multi-line report of a firmware fault: what, where (symbol), registers, recent events.
std::string format_fault_report(const RunResult& result, const SymbolTable* symbols, const EventLog& events,
                                const ClockRate& clock);

}  // namespace q2686
