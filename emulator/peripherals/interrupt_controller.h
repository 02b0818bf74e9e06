// InterruptController — INTC, the level-triggered interrupt controller of the Q2686 model.
//
// Eight input lines (Q2686_IRQ_TIMER0 .. Q2686_IRQ_RTC, the rest spare) and one IRQ output to
// the ARM946E-S. Each device drives its line with its current level (IrqLine::set); the
// firmware chooses which lines reach the CPU with ENABLE and acknowledges an interrupt at its
// source (timer STATUS, UART FIFO, RTC STATUS), never here.
//
// Registers: hw/registers.txt, the one description of offsets, access, reset values and
// writable bits (docs/hardware.md "INTC" shows them).
//
// IRQ output: on_output_change() observers hear every change of (PENDING != 0); the Machine
// uses that to stop the CPU at the end of the current instruction/block or wake it from idle.
//
// Known inaccuracies:
//   - no FIQ output, no priorities, no vectoring: the firmware reads SOURCE and dispatches.
//   - the output changes in the same cycle as the line; no synchroniser delay.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "peripherals/irq_line.h"
#include "peripherals/peripheral.h"
#include "peripherals/register_map.h"
#include "q2686_hw.h"

namespace q2686 {

// From hw/registers.txt (offset, name, access, reset value, writable bits).
inline constexpr auto kIntcRegisters = Q2686_REGISTER_TABLE(Q2686_INTC_REGISTERS);

struct InterruptControllerState {
    std::uint32_t raw = 0;
    std::uint32_t enable = 0;
    bool output = false;  // the level last reported to the observers
};

class InterruptController final : public Peripheral<InterruptController, InterruptControllerState> {
public:
    explicit InterruptController(EventLog& events);

    // Device side. `line` < Q2686_IRQ_COUNT (a larger one is a host bug: std::out_of_range).
    void set_line(unsigned line, bool level);
    IrqLine line(unsigned number) { return IrqLine{this, number}; }

    // CPU side.
    bool irq_asserted() const { return pending() != 0; }
    std::uint32_t pending() const { return state_.raw & state_.enable; }
    std::uint32_t raw() const { return state_.raw; }
    std::uint32_t enable() const { return state_.enable; }
    // Adds an observer of the IRQ output; called with the new level on every change.
    void on_output_change(std::function<void(bool)> observer) { observers_.push_back(std::move(observer)); }

    // Power-on/soft reset: ENABLE cleared. RAW keeps the lines' levels (devices drive them).
    void reset();

private:
    friend Peripheral;
    std::uint32_t on_read(const RegisterSpec& reg, Cycles now);
    void on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now);
    void update_irq();

    std::vector<std::function<void(bool)>> observers_;
};

}  // namespace q2686
