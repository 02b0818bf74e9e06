// Debugger — breakpoints, watchpoints, single step and halt over one Machine: the one
// component every debugging front end uses (the GDB stub, debug/gdb_stub.h, and later the
// GUI; CONTRIBUTING.md "The debugger wraps the core"). It never runs the machine itself: the front end's run loop does,
// asks halted() before each slice, and hands every slice's result to on_run_result().
//
// All-stop model. The machine is either running or halted. Halted means nothing runs — no
// instruction, no device event — so virtual time stands still: a breakpoint held for an
// hour does not make the network, a UART or the RTC time out (the RTC is an offset from
// virtual time). Halting is only possible between slices, at a block boundary, where the PC
// is exact.
//
// Memory access. RAM, TCM and flash are read and written directly (a write drops stale
// translations). The MMIO window goes through the bus as real accesses, stamped with the
// current cycle: reading a register with read side effects (the UART's receive FIFO,
// RTC_DATE latching RTC_TIME) has them — as a JTAG debugger's read would on the real part.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/machine.h"

namespace q2686 {

enum class HaltCause {
    Reset,      // halted before the first instruction (--gdb-wait) or at attach
    Interrupt,  // the debugger asked (Ctrl-C in GDB)
    Breakpoint,
    Step,
    Watchpoint,
    Fault,     // the firmware faulted (abort, undefined instruction)
    Watchdog,  // the watchdog expired
};

struct HaltInfo {
    HaltCause cause = HaltCause::Reset;
    std::optional<DebugHit> hit;    // Breakpoint, Step, Watchpoint
    std::optional<CpuFault> fault;  // Fault
};

class Debugger {
public:
    explicit Debugger(Machine& machine);
    Debugger(const Debugger&) = delete;
    Debugger& operator=(const Debugger&) = delete;
    ~Debugger();  // removes every breakpoint and watchpoint from the CPU

    bool halted() const { return halted_; }
    const HaltInfo& halt_info() const { return halt_; }
    void halt(HaltCause cause = HaltCause::Interrupt);
    void resume();  // continue
    void step();    // run one instruction, then halt with cause Step
    // Each slice's result. Returns true when the debugger took it — a debug stop, or a fault
    // (a watchdog expiry is a fault of kind Watchdog) while `catch_faults` — and the machine
    // is now halted.
    bool on_run_result(const RunResult& result);
    void set_catch_faults(bool on) { catch_faults_ = on; }

    // Breakpoints and watchpoints. Hardware and software breakpoints are the same thing
    // here: neither touches guest memory.
    void add_breakpoint(std::uint32_t address);
    void remove_breakpoint(std::uint32_t address);
    void add_watchpoint(std::uint32_t address, std::uint32_t length, WatchAccess access);
    void remove_watchpoint(std::uint32_t address, std::uint32_t length, WatchAccess access);
    void clear_all();  // every breakpoint and watchpoint
    // How the watchpoint at `address` was set (nullopt: none there).
    std::optional<WatchAccess> watch_access(std::uint32_t address) const;

    // Registers 0..15 are r0..pc, 16 is CPSR.
    static constexpr int kCpsr = 16;
    ArmRegisters registers() const { return machine_.cpu().registers(); }
    void set_register(int n, std::uint32_t value);
    // Returns how many bytes from `address` on could be read (memory ends, unmapped gaps).
    std::size_t read_memory(std::uint32_t address, std::span<std::uint8_t> out);
    bool write_memory(std::uint32_t address, std::span<const std::uint8_t> bytes);

    Machine& machine() { return machine_; }
    // "virtual time 1.234567891 s (128395000 cycles at 104.000 MHz), 40123456 instructions; halted"
    std::string time_report() const;

private:
    struct Watch {
        std::uint32_t address;
        std::uint32_t length;
        WatchAccess access;
    };
    bool mmio(std::uint32_t address, std::uint32_t length) const;

    Machine& machine_;
    bool halted_ = false;
    bool catch_faults_ = true;
    HaltInfo halt_;
    std::vector<std::uint32_t> breakpoints_;
    std::vector<Watch> watchpoints_;
};

}  // namespace q2686
