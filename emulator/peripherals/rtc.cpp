#include "peripherals/rtc.h"

#include <stdexcept>

#include <fmt/format.h>

#include "time/slow_clock.h"

namespace q2686 {

static_assert(is_well_formed(kRtcRegisters));

namespace {

std::string format_fields(std::uint32_t packed, char sep) {
    return fmt::format("{:02}{}{:02}{}{:02}", packed >> 16, sep, (packed >> 8) & 0xFF, sep, packed & 0xFF);
}
}  // namespace

Rtc::Rtc(CycleScheduler& scheduler, EventLog& events, ClockRate clock, IrqLine irq, std::int64_t drift_ppb,
         std::function<void()> wake)
    : Peripheral("rtc", kRtcRegisters, events),
      scheduler_(scheduler),
      clock_(clock),
      irq_(irq),
      drift_ppb_(drift_ppb),
      wake_(std::move(wake)) {
    if (drift_ppb < -kMaxDriftPpb || drift_ppb > kMaxDriftPpb)
        throw std::invalid_argument(fmt::format("RTC crystal drift {} ppb is outside -{}..+{} ppb", drift_ppb,
                                                kMaxDriftPpb, kMaxDriftPpb));
    alarm_.bind<&Rtc::on_alarm>(this, "rtc-alarm");
    update_irq();
}

Rtc::~Rtc() {
    scheduler_.cancel(alarm_);
}

std::uint64_t Rtc::ticks_at(Cycles now) const {
    return drifted_ticks_at(now, clock_, drift_ppb_);
}

Cycles Rtc::cycle_of_tick(std::uint64_t tick) const {
    return cycle_of_drifted_tick(tick, clock_, drift_ppb_);
}

std::uint64_t Rtc::elapsed_ticks(Cycles now) const {
    const std::uint64_t tick = ticks_at(now);
    return tick > state_.base_tick ? tick - state_.base_tick : 0;
}

std::int64_t Rtc::seconds_at(Cycles now) const {
    return rtc_wrap_seconds(state_.base_seconds + static_cast<std::int64_t>(elapsed_ticks(now) / kSlowClockHz));
}

CivilDateTime Rtc::calendar_at(Cycles now) const {
    return rtc_civil_from_seconds(seconds_at(now));
}

std::uint32_t Rtc::subsec_at(Cycles now) const {
    return static_cast<std::uint32_t>(elapsed_ticks(now) % kSlowClockHz);
}

void Rtc::event(Cycles now, std::string text) const {
    regs_.event(now, EventKind::Rtc, std::move(text));
}

void Rtc::set_calendar(std::int64_t seconds, Cycles now) {
    state_.base_seconds = seconds;
    state_.base_tick = ticks_at(now);
    arm_alarm(now, false);
}

void Rtc::arm_alarm(Cycles now, bool from_guest) {
    state_.alarm_due = kNever;
    scheduler_.cancel(alarm_);
    if (!(state_.ctrl & RTC_CTRL_ALARM_EN)) return;
    const CivilDateTime when = rtc_unpack(state_.alarm_date, state_.alarm_time);
    const std::optional<std::int64_t> alarm = rtc_seconds_from_civil(when);
    if (!alarm) {
        if (from_guest)
            regs_.guest_error(
                now, fmt::format("alarm {} {} is not a valid date/time: not armed",
                                 format_fields(state_.alarm_date, '-'), format_fields(state_.alarm_time, ':')));
        return;
    }
    // The first second boundary after `now` whose calendar second is the alarm's.
    const auto elapsed = static_cast<std::int64_t>(elapsed_ticks(now) / kSlowClockHz);
    const std::int64_t next = elapsed + 1;
    const std::int64_t at = next + rtc_wrap_seconds(*alarm - (state_.base_seconds + next));
    state_.alarm_due = cycle_of_tick(state_.base_tick + static_cast<std::uint64_t>(at) * kSlowClockHz);
    scheduler_.schedule_at(alarm_, state_.alarm_due);  // on or off: the alarm may switch the modem on
}

void Rtc::catch_up(Cycles now) {
    if (state_.alarm_due == kNever || now < state_.alarm_due) return;
    const Cycles due = state_.alarm_due;
    state_.status |= RTC_STATUS_ALARM;
    event(due, fmt::format("alarm {}", format_rtc(calendar_at(due))));
    arm_alarm(due, false);  // next occurrence: after the wrap
    update_irq();
}

void Rtc::on_alarm(Cycles late) {
    catch_up(scheduler_.now() - late);
    if (!state_.powered && wake_) wake_();
}

void Rtc::update_irq() {
    irq_.set(state_.powered && (state_.status & RTC_STATUS_ALARM) && (state_.ctrl & RTC_CTRL_ALARM_IRQ_EN));
}

void Rtc::reset_core() {
    state_.set_date = reset_value(kRtcRegisters, RTC_SET_DATE);
    state_.set_time = reset_value(kRtcRegisters, RTC_SET_TIME);
    state_.time_latch = reset_value(kRtcRegisters, RTC_TIME);
    state_.status &= ~RTC_STATUS_BAD_LOAD;
}

void Rtc::reset() {
    reset_core();
    update_irq();
}

void Rtc::preload(std::int64_t seconds_since_epoch, int tz_quarters, Cycles now) {
    if (seconds_since_epoch < 0 || seconds_since_epoch >= kRtcRangeSeconds)
        throw std::invalid_argument(
            fmt::format("RTC time {} s is outside 1998-01-01 .. 2097-12-31", seconds_since_epoch));
    if (tz_quarters < -kMaxTzQuarters || tz_quarters > kMaxTzQuarters)
        throw std::invalid_argument(fmt::format("RTC time zone {} quarter hours is outside -96..+96", tz_quarters));
    catch_up(now);
    state_.tz = tz_quarters;
    set_calendar(seconds_since_epoch, now);
    event(now, fmt::format("preload {} tz {}", format_rtc(calendar_at(now)), format_tz(tz_quarters)));
}

void Rtc::power_off(Cycles now) {
    catch_up(now);
    state_.powered = false;
    update_irq();  // the alarm stays armed: it may switch the modem on
    event(now, fmt::format("power-off at {}", format_rtc(calendar_at(now))));
}

void Rtc::power_on(Cycles now, bool battery_present) {
    state_.powered = true;
    reset_core();
    if (battery_present) {
        catch_up(now);  // an alarm reached while off is pending now
        arm_alarm(now, false);
        event(now, fmt::format("power-on with battery: {}", format_rtc(calendar_at(now))));
    } else {
        state_ = RtcState{};
        state_.status = RTC_STATUS_LOST;
        set_calendar(0, now);
        event(now, fmt::format("power-on without battery: time lost, {}", format_rtc(calendar_at(now))));
    }
    update_irq();
}

std::uint32_t Rtc::on_read(const RegisterSpec& reg, Cycles now) {
    if (reg.offset >= RTC_BACKUP(0) && reg.offset < RTC_BACKUP(RTC_BACKUP_WORDS))
        return state_.backup[(reg.offset - RTC_BACKUP(0)) / 4];
    switch (reg.offset) {
        case RTC_DATE: {
            const CivilDateTime t = calendar_at(now);
            state_.time_latch = rtc_pack_time(t);
            event(now, fmt::format("read {}", format_rtc(t)));
            return rtc_pack_date(t);
        }
        case RTC_TIME:
            event(now, fmt::format("read time {}", format_fields(state_.time_latch, ':')));
            return state_.time_latch;
        case RTC_SUBSEC: return subsec_at(now);
        case RTC_SET_DATE: return state_.set_date;
        case RTC_SET_TIME: return state_.set_time;
        case RTC_CTRL: return state_.ctrl;
        case RTC_STATUS: return state_.status;
        case RTC_ALARM_DATE: return state_.alarm_date;
        case RTC_ALARM_TIME: return state_.alarm_time;
        case RTC_TZ: return static_cast<std::uint32_t>(state_.tz);
        case RTC_COUNT: {
            const std::int64_t seconds = seconds_at(now);
            event(now, fmt::format("read count {} ({})", seconds, format_rtc(rtc_civil_from_seconds(seconds))));
            return static_cast<std::uint32_t>(seconds);
        }
    }
    return 0;
}

// `value` holds only the register's writable bits (RTC_CTRL, RTC_STATUS: their fields).
void Rtc::on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now) {
    if (reg.offset >= RTC_BACKUP(0) && reg.offset < RTC_BACKUP(RTC_BACKUP_WORDS)) {
        state_.backup[(reg.offset - RTC_BACKUP(0)) / 4] = value;
        event(now, fmt::format("write {} {:#x}", reg.name, value));
        return;
    }
    switch (reg.offset) {
        case RTC_SET_DATE:
            state_.set_date = value;
            event(now, fmt::format("write RTC_SET_DATE {}", format_fields(value, '-')));
            break;
        case RTC_SET_TIME:
            state_.set_time = value;
            event(now, fmt::format("write RTC_SET_TIME {}", format_fields(value, ':')));
            break;
        case RTC_CTRL: {
            const std::uint32_t ctrl = value;
            state_.ctrl = ctrl & ~RTC_CTRL_LOAD;
            std::string text = fmt::format("write RTC_CTRL {:#x}", ctrl);
            if (ctrl & RTC_CTRL_LOAD) {
                const CivilDateTime t = rtc_unpack(state_.set_date, state_.set_time);
                const std::string shown =
                    fmt::format("{} {}", format_fields(state_.set_date, '-'), format_fields(state_.set_time, ':'));
                if (const auto seconds = rtc_seconds_from_civil(t)) {
                    state_.status &= ~RTC_STATUS_BAD_LOAD;
                    set_calendar(*seconds, now);
                    text = fmt::format("load {}", shown);
                } else {
                    state_.status |= RTC_STATUS_BAD_LOAD;
                    regs_.guest_error(
                        now, fmt::format("RTC_CTRL.LOAD of invalid date/time {} ignored (STATUS.BAD_LOAD)", shown));
                    text = fmt::format("load rejected {}", shown);
                }
                if (ctrl != RTC_CTRL_LOAD) text += fmt::format(", RTC_CTRL {:#x}", ctrl);
            }
            event(now, std::move(text));
            arm_alarm(now, true);
            break;
        }
        case RTC_STATUS:
            state_.status &= ~value;
            event(now, fmt::format("write RTC_STATUS {:#x}", value));
            break;
        case RTC_ALARM_DATE:
        case RTC_ALARM_TIME:
            (reg.offset == RTC_ALARM_DATE ? state_.alarm_date : state_.alarm_time) = value;
            event(now,
                  fmt::format("write {} {}", reg.name, format_fields(value, reg.offset == RTC_ALARM_DATE ? '-' : ':')));
            arm_alarm(now, true);
            break;
        case RTC_TZ: {
            const auto tz = static_cast<std::int32_t>(value);
            if (tz < -kMaxTzQuarters || tz > kMaxTzQuarters) {
                regs_.guest_error(now, fmt::format("RTC_TZ {} is outside -96..+96 quarter hours: ignored", tz));
                event(now, fmt::format("tz rejected {}", tz));
            } else {
                state_.tz = tz;
                event(now, fmt::format("tz {}", format_tz(tz)));
            }
            break;
        }
    }
}

}  // namespace q2686
