#include "peripherals/timer.h"

#include <algorithm>

#include <fmt/format.h>

namespace q2686 {

static_assert(is_well_formed(kTimerRegisters));

namespace {
constexpr std::array<Cycles, 4> kPrescale = {1, 16, 256, 1024};
}  // namespace

Timer::Timer(std::string name, CycleScheduler& scheduler, EventLog& events, IrqLine irq)
    : Peripheral(std::move(name), kTimerRegisters, events), scheduler_(scheduler), irq_(irq) {
    expiry_.bind<&Timer::on_expiry>(this, name_.c_str());
    reset();
}

Timer::~Timer() {
    scheduler_.cancel(expiry_);
}

void Timer::reset() {
    state_ = TimerState{};
    state_.load = reset_value(kTimerRegisters, TIMER_LOAD);
    state_.ctrl = reset_value(kTimerRegisters, TIMER_CTRL);
    state_.status = reset_value(kTimerRegisters, TIMER_STATUS);
    state_.count = state_.load;
    scheduler_.cancel(expiry_);
    update_irq();
}

Cycles Timer::prescale() const {
    return kPrescale[(state_.ctrl & TIMER_CTRL_PRESCALE_MASK) >> TIMER_CTRL_PRESCALE_SHIFT];
}

std::uint32_t Timer::value_at(Cycles now) const {
    if (!enabled() || now <= state_.start) return state_.count;
    const Cycles ticks = (now - state_.start) / prescale();
    return ticks >= state_.count ? 0 : state_.count - static_cast<std::uint32_t>(ticks);
}

Cycles Timer::next_expiry() const {
    return enabled() ? state_.start + static_cast<Cycles>(state_.count) * prescale() : kNever;
}

void Timer::catch_up(Cycles now) {
    const Cycles due = next_expiry();
    if (due == kNever || now < due) return;
    state_.status |= TIMER_STATUS_EXPIRED;
    const Cycles period = static_cast<Cycles>(state_.load) * prescale();
    if ((state_.ctrl & TIMER_CTRL_PERIODIC) && period > 0) {
        // Every expiry between `due` and `now` collapses into the one STATUS bit; the phase
        // stays that of the first start, whenever this runs.
        state_.start = due + (now - due) / period * period;
        state_.count = state_.load;
    } else {
        state_.start = due;
        state_.count = 0;
        state_.ctrl &= ~TIMER_CTRL_ENABLE;
    }
    reschedule();
    update_irq();
}

void Timer::on_expiry(Cycles late) {
    catch_up(scheduler_.now() - late);
}

void Timer::reschedule() {
    const Cycles due = next_expiry();
    if (due == kNever)
        scheduler_.cancel(expiry_);
    else
        scheduler_.schedule_at(expiry_, due);
}

void Timer::update_irq() {
    irq_.set((state_.status & TIMER_STATUS_EXPIRED) && (state_.ctrl & TIMER_CTRL_IRQ_EN));
}

std::uint32_t Timer::on_read(const RegisterSpec& reg, Cycles now) {
    switch (reg.offset) {
        case TIMER_LOAD: return state_.load;
        case TIMER_VALUE: return value_at(now);
        case TIMER_CTRL: return state_.ctrl;
        case TIMER_STATUS: return state_.status;
    }
    return 0;
}

// `value` holds only TIMER_CTRL's / TIMER_STATUS's defined bits (the base checked them).
void Timer::on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now) {
    switch (reg.offset) {
        case TIMER_LOAD:
            state_.load = value;
            state_.count = value;
            state_.start = now;
            break;
        case TIMER_CTRL: {
            const std::uint32_t ctrl = value;
            const bool was_enabled = enabled();
            if (!was_enabled && (ctrl & TIMER_CTRL_ENABLE)) {
                state_.count = state_.load;
                state_.start = now;
                if (state_.load == 0 && (ctrl & TIMER_CTRL_PERIODIC))
                    regs_.guest_error(now, "periodic TIMER_CTRL.ENABLE with TIMER_LOAD = 0: expires once and stops");
            } else if (was_enabled) {
                // Freeze (disable) or rebase (prescaler change) at the last whole tick.
                const std::uint32_t count = value_at(now);
                if (now > state_.start) state_.start += (now - state_.start) / prescale() * prescale();
                state_.count = count;
            }
            state_.ctrl = ctrl;
            break;
        }
        case TIMER_STATUS: state_.status &= ~value; break;
    }
    catch_up(now);  // LOAD = 0 expires at once; the base then reschedules and updates the IRQ
}

}  // namespace q2686
