// Timer — TIMER0/TIMER1: a 32-bit down counter clocked at the CPU clock / prescaler.
//
// Registers: hw/registers.txt, the one description of offsets, access, reset values and
// writable bits (docs/hardware.md "TIMER0, TIMER1" shows them).
//
// Counting: enabling (CTRL.ENABLE 0 -> 1) starts from LOAD; the count drops by one every
// prescaler period (/1, /16, /256, /1024 CPU cycles) and expires when it reaches 0, i.e.
// LOAD * prescale cycles after the start. Periodic: the count reloads LOAD at that cycle
// (VALUE reads LOAD, never 0), so expiries are exactly LOAD * prescale apart — computed from
// the previous *due* cycle, not from when the event ran, so they never drift. One-shot: VALUE
// stays 0 and CTRL.ENABLE clears. Disabling freezes VALUE. Enabling with LOAD = 0 expires at
// once and stops (a periodic zero-length period is a guest error).
//
// IRQ line: STATUS.EXPIRED & CTRL.IRQ_EN (level, until the firmware writes 1 to STATUS).
//
// VALUE and STATUS are computed from virtual time at each access; only the expiry is scheduled.
//
// Known inaccuracies:
//   - changing PRESCALE while enabled keeps the tick phase of the old prescaler for the first
//     tick of the new one.
//   - no pause/resume: re-enabling always starts from LOAD.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "peripherals/irq_line.h"
#include "peripherals/peripheral.h"
#include "peripherals/register_map.h"
#include "q2686_hw.h"

namespace q2686 {

// From hw/registers.txt (offset, name, access, reset value, writable bits).
inline constexpr auto kTimerRegisters = Q2686_REGISTER_TABLE(Q2686_TIMER_REGISTERS);

struct TimerState {
    std::uint32_t load = 0;
    std::uint32_t ctrl = 0;
    std::uint32_t status = 0;
    std::uint32_t count = 0;  // VALUE at cycle `start` (frozen VALUE while disabled)
    Cycles start = 0;
};

class Timer final : public Peripheral<Timer, TimerState> {
public:
    Timer(std::string name, CycleScheduler& scheduler, EventLog& events, IrqLine irq);
    ~Timer() override;

    void reset();  // power-on state; drops the IRQ line and any pending expiry

    std::uint32_t value_at(Cycles now) const;
    Cycles next_expiry() const;  // kNever when disabled

private:
    friend Peripheral;
    std::uint32_t on_read(const RegisterSpec& reg, Cycles now);
    void on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now);
    void on_expiry(Cycles late);
    bool enabled() const { return state_.ctrl & TIMER_CTRL_ENABLE; }
    Cycles prescale() const;
    void catch_up(Cycles now);  // processes an expiry due at or before `now`
    void reschedule();
    void update_irq();

    CycleScheduler& scheduler_;
    IrqLine irq_;
    TimedEvent expiry_;
};

}  // namespace q2686
