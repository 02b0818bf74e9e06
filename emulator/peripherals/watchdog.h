// Watchdog — WDOG: a timeout on the 32.768 kHz clock; when it runs out the modem is reset.
//
// Registers: hw/registers.txt, the one description of offsets, access, reset values and
// writable bits (docs/hardware.md "WDOG" shows them).
//
// The 32.768 kHz ticks are derived from virtual cycles (slow_clock.h). Enabling or kicking at
// cycle c starts the count at tick floor(c * 32768 / hz); it expires once LOAD more ticks
// have completed, so a timeout is between LOAD - 1 and LOAD ticks, as with a real
// asynchronous slow clock. LOAD takes effect at the next enable or kick. A kick with the wrong
// key is a guest error and does not restart anything.
//
// On expiry the watchdog stops and calls `on_expire` (the Machine resets the modem with cause
// SYSCTL_CAUSE_WATCHDOG, and calls reset()). on_expire is only ever called from the scheduled
// event, between translated blocks — never from inside an MMIO access. A write stamped at or
// after the expiry cycle (its block started before the event could run) is too late: it is
// ignored and the reset still happens.
//
// No IRQ line (no early-warning interrupt).
//
// Known inaccuracies:
//   - the watchdog can be disabled again once enabled (many real ones cannot).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string_view>

#include "peripherals/peripheral.h"
#include "peripherals/register_map.h"
#include "q2686_hw.h"

namespace q2686 {

// From hw/registers.txt (offset, name, access, reset value, writable bits).
inline constexpr auto kWatchdogRegisters = Q2686_REGISTER_TABLE(Q2686_WDOG_REGISTERS);

struct WatchdogState {
    std::uint32_t load = 0;
    std::uint32_t ctrl = 0;
    std::uint32_t timeout = 0;     // LOAD when the count last (re)started
    std::uint64_t start_tick = 0;  // slow-clock tick of that (re)start
    std::uint32_t frozen = 0;      // VALUE while disabled
};

class Watchdog final : public Peripheral<Watchdog, WatchdogState> {
public:
    Watchdog(CycleScheduler& scheduler, EventLog& events, ClockRate clock, std::function<void()> on_expire);
    ~Watchdog() override;

    void reset();  // power-on state: disabled, LOAD = 2 s

    std::uint32_t value_at(Cycles now) const;
    Cycles expiry_cycle() const;  // kNever when disabled

private:
    friend Peripheral;
    std::uint32_t on_read(const RegisterSpec& reg, Cycles now);
    // A write stamped at or after the expiry is too late (see above).
    bool ignores_write(Cycles now) const { return now >= expiry_cycle(); }
    void on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now);
    void on_expiry();
    bool enabled() const { return state_.ctrl & WDOG_CTRL_ENABLE; }
    void restart(Cycles now);

    CycleScheduler& scheduler_;
    ClockRate clock_;
    std::function<void()> on_expire_;
    TimedEvent expiry_;
};

}  // namespace q2686
