// SystemControl — SYSCTL: chip identity, reset cause, software reset, power-off, idle, the CPU
// cycle counter and the IMEI.
//
// Registers: hw/registers.txt, the one description of offsets, access, reset values and
// writable bits (docs/hardware.md "SYSCTL" shows them).
//
// No IRQ line. The hooks are called from inside the MMIO write, in the middle of a translated
// block: the Machine must only *request* the reset / power-off / idle there (stop the CPU) and
// carry it out between blocks. A RESET or POWER_OFF write with the wrong key is a guest error
// and does nothing.
//
// Known inaccuracies:
//   - CYCLES counts virtual cycles as charged by the cycle model (see docs/cycle-model.md), so
//     it is as exact as that model, not as the silicon.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "peripherals/peripheral.h"
#include "peripherals/register_map.h"
#include "q2686_hw.h"

namespace q2686 {

// From hw/registers.txt (offset, name, access, reset value, writable bits).
inline constexpr auto kSystemControlRegisters = Q2686_REGISTER_TABLE(Q2686_SYSCTL_REGISTERS);

struct SystemControlHooks {
    std::function<void()> software_reset;  // SYSCTL_RESET with SYSCTL_KEY_RESET
    std::function<void()> power_off;       // SYSCTL_POWER_OFF with SYSCTL_KEY_POWER_OFF
    std::function<void()> idle;            // any write to SYSCTL_IDLE
};

struct SystemControlState {
    std::uint32_t reset_cause = SYSCTL_CAUSE_POWER_ON;
    std::uint32_t cycles_hi_latch = 0;
    std::array<char, 16> imei{};  // 15 digits + NUL
};

class SystemControl final : public Peripheral<SystemControl, SystemControlState> {
public:
    static constexpr std::string_view kDefaultImei = "351234567890123";

    SystemControl(EventLog& events, ClockRate clock, SystemControlHooks hooks);

    // Host side (the Machine, the CLI).
    void set_reset_cause(unsigned cause) { state_.reset_cause = cause; }
    unsigned reset_cause() const { return state_.reset_cause; }
    // Exactly 15 decimal digits, else std::invalid_argument.
    void set_imei(std::string imei);
    std::string imei() const { return std::string(state_.imei.data()); }

    // Clears the CYCLES_HI latch; keeps the reset cause (the Machine sets it) and the IMEI.
    void reset();

private:
    friend Peripheral;
    std::uint32_t on_read(const RegisterSpec& reg, Cycles now);
    void on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now);

    ClockRate clock_;
    SystemControlHooks hooks_;
};

}  // namespace q2686
