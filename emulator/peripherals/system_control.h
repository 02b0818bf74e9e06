// SystemControl — SYSCTL: chip identity, reset cause, software reset, power-off, idle, the CPU
// cycle counter and the IMEI.
//
//   offset  register            access  reset        meaning
//   0x00    SYSCTL_ID           RO      0x26860001   chip identity
//   0x04    SYSCTL_RESET_CAUSE  RO      0 (POWER_ON) why the CPU last left reset (set by the Machine)
//   0x08    SYSCTL_RESET        WO      -            SYSCTL_KEY_RESET: software reset, RAM kept
//   0x0C    SYSCTL_IDLE         WO      -            any value: stop until an enabled IRQ is pending
//   0x10    SYSCTL_CYCLES_LO    RO      -            cycle of the access, low word; latches HI
//   0x14    SYSCTL_CYCLES_HI    RO      0            high word latched by the last CYCLES_LO read
//   0x18    SYSCTL_CLOCK_HZ     RO      104000000    the CPU clock (ClockRate)
//   0x1C    SYSCTL_POWER_OFF    WO      -            SYSCTL_KEY_POWER_OFF: switch the modem off
//   0x20..  SYSCTL_IMEI0..3     RO      IMEI         15 ASCII digits + NUL, 4 per word, little-endian
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

#include "bus/mmio_bus.h"
#include "peripherals/register_map.h"
#include "q2686_hw.h"

namespace q2686 {

// clang-format off
inline constexpr std::array<RegisterSpec, 12> kSystemControlRegisters = {{
    {SYSCTL_ID,          "SYSCTL_ID",          RegisterAccess::ReadOnly,  SYSCTL_ID_VALUE},
    {SYSCTL_RESET_CAUSE, "SYSCTL_RESET_CAUSE", RegisterAccess::ReadOnly,  SYSCTL_CAUSE_POWER_ON},
    {SYSCTL_RESET,       "SYSCTL_RESET",       RegisterAccess::WriteOnly, 0},
    {SYSCTL_IDLE,        "SYSCTL_IDLE",        RegisterAccess::WriteOnly, 0},
    {SYSCTL_CYCLES_LO,   "SYSCTL_CYCLES_LO",   RegisterAccess::ReadOnly,  0},
    {SYSCTL_CYCLES_HI,   "SYSCTL_CYCLES_HI",   RegisterAccess::ReadOnly,  0},
    {SYSCTL_CLOCK_HZ,    "SYSCTL_CLOCK_HZ",    RegisterAccess::ReadOnly,  104'000'000},
    {SYSCTL_POWER_OFF,   "SYSCTL_POWER_OFF",   RegisterAccess::WriteOnly, 0},
    {SYSCTL_IMEI0 + 0,   "SYSCTL_IMEI0",       RegisterAccess::ReadOnly,  0},
    {SYSCTL_IMEI0 + 4,   "SYSCTL_IMEI1",       RegisterAccess::ReadOnly,  0},
    {SYSCTL_IMEI0 + 8,   "SYSCTL_IMEI2",       RegisterAccess::ReadOnly,  0},
    {SYSCTL_IMEI0 + 12,  "SYSCTL_IMEI3",       RegisterAccess::ReadOnly,  0},
}};
// clang-format on

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

class SystemControl final : public MmioDevice {
public:
    static constexpr std::string_view kDefaultImei = "351234567890123";

    SystemControl(EventLog& events, ClockRate clock, SystemControlHooks hooks);
    SystemControl(const SystemControl&) = delete;
    SystemControl& operator=(const SystemControl&) = delete;

    std::string_view name() const override { return "sysctl"; }
    std::uint32_t read(std::uint32_t offset, unsigned size, Cycles now) override;
    void write(std::uint32_t offset, unsigned size, std::uint32_t value, Cycles now) override;

    // Host side (the Machine, the CLI).
    void set_reset_cause(unsigned cause) { state_.reset_cause = cause; }
    unsigned reset_cause() const { return state_.reset_cause; }
    // Exactly 15 decimal digits, else std::invalid_argument.
    void set_imei(std::string imei);
    std::string imei() const { return std::string(state_.imei.data()); }

    // Clears the CYCLES_HI latch; keeps the reset cause (the Machine sets it) and the IMEI.
    void reset();

    const SystemControlState& state() const { return state_; }

private:
    RegisterDecoder regs_;
    ClockRate clock_;
    SystemControlHooks hooks_;
    SystemControlState state_;
};

}  // namespace q2686
