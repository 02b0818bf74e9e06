// ArmCpu — the ARM946E-S core: Unicorn 2 (CPU model UC_CPU_ARM_946) plus our cycle model.
//
// Cycle accounting: a block hook charges each translated block's static cost (block_cost.h)
// to the CycleScheduler when the block starts. run() executes until virtual time reaches a
// deadline — the hook stops emulation at the first block boundary at or after it, so time
// overshoots a deadline by at most one block. Two other modes exist for benchmarking:
// no accounting at all (raw Unicorn) and a per-instruction code hook.
//
// Exceptions: Unicorn reports SVC/UDF/BKPT to a hook instead of vectoring them, so we do the
// ARMv5 exception entry ourselves (bank switch, SPSR, LR, vector). SVC 0x123456 (ARM) /
// 0xAB (Thumb) is ARM semihosting and is served by the host instead (semihosting.h).
// An access to unmapped or protected memory stops the run with a fault report. An access the
// ARM946E-S protection unit denies (CP15 c1 M bit set by the firmware) is what the core would
// do: a data or prefetch abort the firmware's handler takes (protection_fault.h).
//
// Debugger support (driven by debug/debugger.h; implemented in arm_cpu_debug.cpp): breakpoints
// are Unicorn code hooks on exactly their address, added only while set, so a run without
// breakpoints has no per-instruction hook at all. A breakpoint stops *before* its instruction
// with an exact PC (Unicorn syncs the PC for a code hook); the part of the block that did not
// run is taken back from virtual time. Single step arms a code hook on the next sequential
// instruction and stops at the next block boundary otherwise (taken branch, exception).
// Watchpoints on RAM/flash/TCM are Unicorn memory hooks on their range; on the MMIO window
// the MMIO callbacks check them. A watchpoint stops at the end of the block that made the
// access (Unicorn cannot stop inside a block without losing the PC).
#pragma once

#include <array>
#include <functional>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bus/memory_map.h"
#include "bus/mmio_bus.h"
#include "base/event_log.h"
#include "cpu/block_cost.h"
#include "cpu/cache_system.h"
#include "cpu/cp15_control_write.h"
#include "cpu/cp15_state.h"
#include "cpu/elf_image.h"
#include "time/cycle_scheduler.h"

struct uc_struct;

namespace q2686 {

class Semihosting;

enum class CycleAccounting { None, Blocks, PerInstruction };

enum class CpuStopReason {
    Deadline,      // virtual time reached the deadline
    Exit,          // semihosting exit
    Fault,         // abort, undefined instruction, ...
    UntilAddress,  // reached the `until` address
    Interrupt,     // the IRQ input needs serving: call run() again to take it
    Idle,          // the firmware went to sleep until an interrupt (see enter_idle)
    Requested,     // request_stop()
    Debug,         // a breakpoint, a watchpoint or the end of a single step (CpuStop::debug)
};

enum class FaultKind {
    Memory,     // data abort or prefetch abort: unmapped or protected memory
    Undefined,  // undefined instruction
    Watchdog,   // the watchdog expired (reported instead of the reset while a debugger is attached)
    Other,      // an unexpected exception (BKPT without a debugger, ...)
};

struct CpuFault {
    std::string what;  // "read from unmapped address 0x20000000"
    std::uint32_t pc = 0;
    std::optional<std::uint32_t> address;  // faulting data address, if any
    FaultKind kind = FaultKind::Other;
};

// Which accesses a watchpoint catches.
enum class WatchAccess : std::uint8_t { Write = 1, Read = 2, Any = 3 };

// Why the CPU stopped for the debugger.
struct DebugHit {
    enum class Kind { Breakpoint, Step, Watchpoint } kind = Kind::Step;
    std::uint32_t address = 0;                // the PC for a breakpoint or step; the watched address for a watchpoint
    WatchAccess access = WatchAccess::Write;  // watchpoints: the access that hit (Read or Write)
};

struct CpuStop {
    CpuStopReason reason = CpuStopReason::Deadline;
    int exit_status = 0;            // for Exit
    std::optional<CpuFault> fault;  // for Fault
    std::optional<DebugHit> debug;  // for Debug
};

// Register file snapshot (r0..r15 and CPSR), for reports and debuggers.
struct ArmRegisters {
    std::array<std::uint32_t, 16> r{};
    std::uint32_t cpsr = 0;
};

class ArmCpu {
public:
    static constexpr std::uint32_t kNoStopAddress = 0xFFFF'FFFFu;

    ArmCpu(const MemoryMap& map, CycleScheduler& scheduler, MmioBus& mmio, EventLog& events,
           CycleAccounting accounting = CycleAccounting::Blocks);
    ~ArmCpu();
    ArmCpu(const ArmCpu&) = delete;
    ArmCpu& operator=(const ArmCpu&) = delete;

    // Copies the image's segments into memory (throws InputError for a segment outside the
    // map) and forgets every cached block cost.
    void load(const ElfImage& image);
    // ARM reset state: SVC mode, IRQ and FIQ masked, PC at `entry`.
    void reset(std::uint32_t entry, bool thumb);
    // Zero a RAM/TCM region (power loss).
    void clear_region(const MemoryRegion& region);

    // Runs until virtual time reaches `deadline`, the program exits, faults, or reaches
    // `until` (an address, checked at block boundaries).
    CpuStop run(Cycles deadline, std::uint32_t until = kNoStopAddress);

    ArmRegisters registers() const;
    std::uint32_t pc() const;
    bool thumb() const;
    void set_register(int n, std::uint32_t value);
    void set_pc(std::uint32_t pc, bool thumb);
    void set_cpsr(std::uint32_t cpsr);

    // The protection unit and cache configuration the firmware programmed (cp15_state.h).
    Cp15State cp15_state() const;

    bool read_memory(std::uint32_t address, std::span<std::uint8_t> out) const;
    bool write_memory(std::uint32_t address, std::span<const std::uint8_t> bytes);

    // The cycle of the instruction at the current PC: exact in hooks that see a precise PC
    // (interrupts); Unicorn leaves the PC at the block start during data accesses, for which
    // data_access_cycle() finds the instruction instead.
    Cycles instruction_cycle() const;
    // The exact cycle of the instruction in the running block that accesses `address`;
    // `sequential` tells whether it is a later word of the same LDM/STM.
    Cycles data_access_cycle(std::uint32_t address, bool write, bool* sequential);
    std::uint64_t instructions_executed() const { return instructions_; }
    std::size_t cached_blocks() const { return costs_.size(); }
    void set_stack_region(const MemoryRegion* region) { model_.set_stack_region(region); }

    // --- caches and write buffer (cache_system.h; docs/cycle-model.md "Caches") ---
    // The cache state the cycle model follows: CP15's, read again after every block that
    // writes CP15 and applied when it changed. Set directly, it holds until the firmware
    // changes CP15 (bare-metal images run without the ROM that programs it). Changing it drops
    // every cached block cost.
    void set_cache_settings(const CacheSettings& settings);
    const CacheSystem& caches() const { return caches_; }
    // Exact reference mode: every data access to flash and RAM goes through the data-cache
    // model (a Unicorn memory hook), instead of the block-entry approximation. Slow; tests and
    // `bench` use it to measure the approximation's error. Call before the first run.
    void set_exact_data_cache(bool exact);
    bool exact_data_cache() const { return exact_data_cache_; }
    void set_semihosting(Semihosting* semihosting) { semihosting_ = semihosting; }

    // Stop at the next block boundary. Safe from any hook or device callback: Unicorn 2.0.1
    // cannot stop in the middle of a block without losing the PC (it would resume at the
    // block's start and replay instructions), so every stop waits for the block hook.
    void request_stop() { stop_soon(CpuStopReason::Requested); }

    // --- interrupt input and idle ---
    // Level of the IRQ input (the interrupt controller's output). The CPU takes the IRQ
    // exception at the next block boundary where CPSR.I is clear.
    void set_irq_line(bool asserted);
    bool irq_line() const { return irq_line_; }
    bool irq_enabled() const;  // CPSR.I clear
    // Sleep until the IRQ input is asserted, whatever CPSR.I says (like ARM's wait for
    // interrupt). Takes effect at the end of the running block.
    void enter_idle();
    bool idle() const { return idle_; }
    void wake() { idle_ = false; }

    // --- debugger support (debug/debugger.h; arm_cpu_debug.cpp). Call only between runs. ---
    void add_breakpoint(std::uint32_t address);
    void remove_breakpoint(std::uint32_t address);
    bool has_breakpoint(std::uint32_t address) const;
    // Address ranges may lie in RAM/flash/TCM or in the MMIO window.
    void add_watchpoint(std::uint32_t address, std::uint32_t length, WatchAccess access);
    void remove_watchpoint(std::uint32_t address, std::uint32_t length, WatchAccess access);
    // The next run() executes one instruction (IRQs stay pending, as QEMU's gdbstub does by
    // default) and stops with a DebugHit of kind Step. Disarmed when it reports, or by
    // cancel_single_step().
    void arm_single_step();
    void cancel_single_step();
    bool single_step_armed() const { return stepping_; }
    // Resuming from a breakpoint: the first hit at `address` is ignored (the instruction the
    // debugger stopped in front of must be able to run).
    void skip_breakpoint_once(std::uint32_t address) { skip_breakpoint_ = address; }
    // Instruction trace (debug/cpu_trace.h): `observer` sees every instruction whose address
    // lies in [first, last], before it runs, with the cycle it issues at. A code hook over that
    // range only: code outside it runs at full speed.
    using InstructionObserver = std::function<void(std::uint32_t address, bool thumb, Cycles cycle)>;
    void add_instruction_observer(std::uint32_t first, std::uint32_t last, InstructionObserver observer);
    struct ObserverEntry {  // what the observer's Unicorn hook is handed
        ArmCpu* cpu;
        InstructionObserver observe;
        void call(std::uint32_t address);
    };

    // Data-access observer (cpu/data_region_audit.h): `observer` sees every data access the
    // core makes, with its address, size and direction — a Unicorn memory hook over the whole
    // address space, for measurements only. Add it before the first run.
    using DataObserver = std::function<void(std::uint32_t address, unsigned size, bool write)>;
    void add_data_observer(DataObserver observer);
    // The block running now and its cost as charged (null outside a run); the region SP-based
    // accesses are charged.
    const BlockCost* running_block() const { return current_block_; }
    const MemoryRegion* stack_region() const { return model_.stack_region(); }

    // --- called from Unicorn hooks (public for the C trampolines) ---
    void on_block(std::uint64_t address, std::uint32_t size);
    void on_instruction();
    void on_interrupt(std::uint32_t number);
    bool on_invalid_memory(int type, std::uint64_t address, int size);
    std::uint64_t on_mmio_read(std::uint64_t offset, unsigned size);
    void on_mmio_write(std::uint64_t offset, unsigned size, std::uint64_t value);
    void on_debug_code(std::uint32_t address);
    void on_watched_access(bool write, std::uint64_t address, int size);
    void on_cached_data_access(bool write, std::uint64_t address);

private:
    struct Watchpoint {
        std::uint32_t address;
        std::uint32_t length;
        WatchAccess access;
        std::size_t hook;  // Unicorn memory hook; 0 on the MMIO window
    };
    void cut_block_at(std::uint32_t address);
    void stop_before_block(std::uint32_t block_address);
    void check_mmio_watch(std::uint32_t address, unsigned size, bool write);
    void report_watch(const Watchpoint& watch, bool write);
    void map_memory();
    void flush_translations();
    std::uint8_t* host_pointer(
        std::uint32_t address,
        std::uint32_t length);  // null if not RAM/flash/TCM  // drop every translated block and its cached cost
    void install_hooks();
    void settle_pending_branch(std::uint32_t next_address);
    void enter_exception(std::uint32_t vector_offset, std::uint32_t mode, std::uint32_t return_address);
    void take_irq();
    void take_abort(bool data);
    void note_control_write(std::span<const std::uint8_t> code, std::uint32_t address);
    void apply_control_write();
    void stop_soon(CpuStopReason reason);
    const BlockCost& cost_of(std::uint32_t address, std::uint32_t size);
    void charge_mmio_wait(bool sequential);
    std::uint32_t cache_entry_cycles(const BlockCost& cost, Cycles start);
    void apply_cp15_writes();

    // Backing store of flash, TCM and RAM, owned here (uc_mem_map_ptr) so the host can load,
    // inspect and clear memory without going through the engine.
    struct RegionStorage {
        const MemoryRegion* region;
        std::vector<std::uint8_t> bytes;
    };

    const MemoryMap& map_;
    CycleScheduler& scheduler_;
    MmioBus& mmio_;
    EventLog& events_;
    CycleAccounting accounting_;
    uc_struct* uc_ = nullptr;
    CacheSystem caches_;
    BlockCostModel model_;
    BlockCostCache costs_;
    bool exact_data_cache_ = false;
    std::vector<std::size_t> exact_hooks_;
    std::uint8_t pending_cp15_ = 0;  // Cp15Write bits of the last block, applied at the next entry
    Cp15State cp15_seen_;            // CP15 as last read: the cache settings follow its changes
    Semihosting* semihosting_ = nullptr;
    std::vector<RegionStorage> storage_;

    // Run state.
    bool has_run_ = false;  // code may have been translated
    bool running_ = false;  // inside uc_emu_start
    bool irq_line_ = false;
    std::optional<CpuStopReason> stop_pending_;  // honoured by the next block hook
    bool idle_ = false;
    Cycles deadline_ = 0;
    const BlockCost* current_block_ = nullptr;
    Cycles block_start_ = 0;
    std::size_t access_cursor_ = 0;                        // data_access_cycle() searches from here
    bool access_matched_ = false;                          // ... and has matched a site in this block
    const MemoryRegion* access_charged_ = nullptr;         // region the matched access was charged
    std::uint32_t previous_fallthrough_ = kNoStopAddress;  // where the last block would fall through
    TailLatency carried_;  // the results the last block left pending (for a fall-through)
    std::uint32_t pending_fallthrough_ = 0;
    std::uint32_t pending_extra_ = 0;
    std::uint64_t instructions_ = 0;
    std::optional<CpuStop> stop_;
    std::optional<CpuFault> memory_fault_;
    // Blocks that end in an MCR to c1, and the one that just ran (cp15_control_write.h).
    std::vector<ControlWrite> control_writes_;
    std::optional<ControlWrite> pending_control_write_;

    // Debugger state (arm_cpu_debug.cpp).
    std::vector<std::pair<std::uint32_t, std::size_t>> breakpoints_;  // address, Unicorn code hook
    std::vector<Watchpoint> watchpoints_;
    bool mmio_watched_ = false;  // a watchpoint lies in the MMIO window
    bool stepping_ = false;
    bool step_executed_ = false;  // the stepped instruction's block has started
    std::size_t step_hook_ = 0;
    std::uint32_t step_from_ = 0;
    std::optional<std::uint32_t> skip_breakpoint_;
    std::optional<DebugHit> debug_hit_;
    std::uint32_t block_entry_saving_ = 0;         // sequential-entry saving the current block got
    std::optional<std::uint32_t> stopped_before_;  // the block hook stopped before this block
    // A debugger stop cut a block at `address`; the block that resumes there tracks register
    // origins from `origins_from` (the cut block's start) and is costed apart from the cache.
    struct ResumePoint {
        std::uint32_t address;
        std::uint32_t origins_from;
        OriginState entry_origins;  // of the cut block
    };
    // The block that ran last, whose exit origins a block met for the first time right after
    // it starts from (block_cost.h); null whenever registers change outside a block.
    const BlockCost* carried_from_ = nullptr;
    std::optional<ResumePoint> resume_;
    std::unique_ptr<BlockCost> resumed_cost_;
    std::vector<std::unique_ptr<ObserverEntry>> observers_;
    std::vector<std::unique_ptr<DataObserver>> data_observers_;
};

}  // namespace q2686
