#include "peripherals/system_control.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace q2686 {

static_assert(is_well_formed(kSystemControlRegisters));
static_assert(SYSCTL_IMEI_WORDS == 4, "the IMEI registers of kSystemControlRegisters");

namespace {
void call(const std::function<void()>& hook) {
    if (hook) hook();
}
}  // namespace

SystemControl::SystemControl(EventLog& events, ClockRate clock, SystemControlHooks hooks)
    : Peripheral("sysctl", kSystemControlRegisters, events), clock_(clock), hooks_(std::move(hooks)) {
    set_imei(std::string(kDefaultImei));
}

void SystemControl::set_imei(std::string imei) {
    if (imei.size() != 15 || !std::all_of(imei.begin(), imei.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw std::invalid_argument(fmt::format("IMEI '{}' is not 15 decimal digits", imei));
    state_.imei.fill('\0');
    std::copy(imei.begin(), imei.end(), state_.imei.begin());
}

void SystemControl::reset() {
    state_.cycles_hi_latch = 0;
}

std::uint32_t SystemControl::on_read(const RegisterSpec& reg, Cycles now) {
    switch (reg.offset) {
        case SYSCTL_ID: return SYSCTL_ID_VALUE;
        case SYSCTL_RESET_CAUSE: return state_.reset_cause;
        case SYSCTL_CYCLES_LO:
            // `now` is the cycle of this very instruction (docs/cycle-model.md#mmio-accesses).
            state_.cycles_hi_latch = static_cast<std::uint32_t>(now >> 32);
            return static_cast<std::uint32_t>(now);
        case SYSCTL_CYCLES_HI: return state_.cycles_hi_latch;
        case SYSCTL_CLOCK_HZ: return static_cast<std::uint32_t>(clock_.hz);
    }
    if (reg.offset >= SYSCTL_IMEI0 && reg.offset < SYSCTL_IMEI0 + 4 * SYSCTL_IMEI_WORDS) {
        const std::size_t first = reg.offset - SYSCTL_IMEI0;
        std::uint32_t word = 0;
        for (std::size_t i = 0; i < 4; ++i)
            word |= static_cast<std::uint32_t>(static_cast<unsigned char>(state_.imei[first + i])) << (8 * i);
        return word;
    }
    return 0;
}

void SystemControl::on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now) {
    switch (reg.offset) {
        case SYSCTL_RESET:
            if (value == SYSCTL_KEY_RESET) return call(hooks_.software_reset);
            return regs_.guest_error(now, fmt::format("SYSCTL_RESET with wrong key {:#010x} ignored", value));
        case SYSCTL_POWER_OFF:
            if (value == SYSCTL_KEY_POWER_OFF) return call(hooks_.power_off);
            return regs_.guest_error(now, fmt::format("SYSCTL_POWER_OFF with wrong key {:#010x} ignored", value));
        case SYSCTL_IDLE: return call(hooks_.idle);
    }
}

}  // namespace q2686
