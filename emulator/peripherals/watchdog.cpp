#include "peripherals/watchdog.h"

#include <fmt/format.h>

#include "time/slow_clock.h"

namespace q2686 {

static_assert(is_well_formed(kWatchdogRegisters));

Watchdog::Watchdog(CycleScheduler& scheduler, EventLog& events, ClockRate clock, std::function<void()> on_expire)
    : scheduler_(scheduler), regs_("wdog", kWatchdogRegisters, events), clock_(clock), on_expire_(std::move(on_expire)) {
    expiry_.name = "wdog";
    expiry_.callback = &Watchdog::on_expiry;
    expiry_.context = this;
    reset();
}

Watchdog::~Watchdog() { scheduler_.cancel(expiry_); }

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

void Watchdog::on_expiry(void* context, Cycles) {
    auto& self = *static_cast<Watchdog*>(context);
    self.state_.ctrl &= ~WDOG_CTRL_ENABLE;
    self.state_.frozen = 0;
    if (self.on_expire_) self.on_expire_();
}

std::uint32_t Watchdog::read(std::uint32_t offset, unsigned size, Cycles now) {
    const RegisterSpec* reg = regs_.decode_read(offset, size, now);
    if (!reg) return 0;
    switch (reg->offset) {
        case WDOG_LOAD: return state_.load;
        case WDOG_CTRL: return state_.ctrl;
        case WDOG_VALUE: return value_at(now);
    }
    return 0;
}

void Watchdog::write(std::uint32_t offset, unsigned size, std::uint32_t value, Cycles now) {
    const RegisterSpec* reg = regs_.decode_write(offset, size, value, now);
    if (!reg) return;
    if (now >= expiry_cycle()) return;  // already expired: the reset is on its way
    switch (reg->offset) {
        case WDOG_LOAD:
            if (value == 0) return regs_.guest_error(now, "WDOG_LOAD = 0 ignored");
            state_.load = value;
            if (!enabled()) state_.frozen = value;
            break;
        case WDOG_CTRL: {
            const std::uint32_t ctrl = regs_.writable_bits(*reg, value, now);
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
