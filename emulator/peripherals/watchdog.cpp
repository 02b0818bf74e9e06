#include "peripherals/watchdog.h"

#include <fmt/format.h>

#include "time/slow_clock.h"

namespace q2686 {

static_assert(is_well_formed(kWatchdogRegisters));

Watchdog::Watchdog(CycleScheduler& scheduler, EventLog& events, ClockRate clock, std::function<void()> on_expire)
    : Peripheral("wdog", kWatchdogRegisters, events),
      scheduler_(scheduler),
      clock_(clock),
      on_expire_(std::move(on_expire)) {
    expiry_.bind<&Watchdog::on_expiry>(this, "wdog");
    reset();
}

Watchdog::~Watchdog() {
    scheduler_.cancel(expiry_);
}

void Watchdog::reset() {
    state_ = WatchdogState{};
    state_.load = reset_value(kWatchdogRegisters, WDOG_LOAD);
    state_.ctrl = reset_value(kWatchdogRegisters, WDOG_CTRL);
    state_.frozen = reset_value(kWatchdogRegisters, WDOG_VALUE);
    scheduler_.cancel(expiry_);
}

std::uint32_t Watchdog::value_at(Cycles now) const {
    if (!enabled()) return state_.frozen;
    const std::uint64_t ticks = slow_ticks_at(now, clock_);
    const std::uint64_t elapsed = ticks > state_.start_tick ? ticks - state_.start_tick : 0;
    return elapsed >= state_.timeout ? 0 : state_.timeout - static_cast<std::uint32_t>(elapsed);
}

Cycles Watchdog::expiry_cycle() const {
    return enabled() ? cycle_of_slow_tick(state_.start_tick + state_.timeout, clock_) : kNever;
}

void Watchdog::restart(Cycles now) {
    state_.start_tick = slow_ticks_at(now, clock_);
    state_.timeout = state_.load;
    scheduler_.schedule_at(expiry_, expiry_cycle());
}

void Watchdog::on_expiry() {
    state_.ctrl &= ~WDOG_CTRL_ENABLE;
    state_.frozen = 0;
    if (on_expire_) on_expire_();
}

std::uint32_t Watchdog::on_read(const RegisterSpec& reg, Cycles now) {
    switch (reg.offset) {
        case WDOG_LOAD: return state_.load;
        case WDOG_CTRL: return state_.ctrl;
        case WDOG_VALUE: return value_at(now);
    }
    return 0;
}

void Watchdog::on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now) {
    switch (reg.offset) {
        case WDOG_LOAD:
            if (value == 0) return regs_.guest_error(now, "WDOG_LOAD = 0 ignored");
            state_.load = value;
            if (!enabled()) state_.frozen = value;
            break;
        case WDOG_CTRL: {
            const std::uint32_t ctrl = value;  // WDOG_CTRL's writable bits only
            if (!enabled() && (ctrl & WDOG_CTRL_ENABLE)) {
                state_.ctrl = ctrl;
                restart(now);
            } else if (enabled() && !(ctrl & WDOG_CTRL_ENABLE)) {
                state_.frozen = value_at(now);
                state_.ctrl = ctrl;
                scheduler_.cancel(expiry_);
            }
            break;
        }
        case WDOG_KICK:
            if (value != WDOG_KEY_KICK)
                return regs_.guest_error(now, fmt::format("WDOG_KICK with wrong key {:#010x} ignored", value));
            if (enabled()) restart(now);
            break;
    }
}

}  // namespace q2686
