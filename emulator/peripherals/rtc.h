// Rtc — the battery-backed real-time clock: a calendar 1998..2097 on the 32.768 kHz clock.
//
// Registers: hw/registers.txt, the one description of offsets, access, reset values and
// writable bits (docs/hardware.md "RTC" shows them).
//
// Time base: tick = floor(cycle * 32768 * (1e9 + drift_ppb) / (clock_hz * 1e9)) of *virtual*
// time (slow_clock.h, drifted_ticks_at): the crystal's error in parts per billion, 0 for a
// perfect one (the default). The calendar is base_seconds + (tick - base_tick) / 32768, so
// SUBSEC is 0 at the LOAD's tick and a day of the crystal is exactly 86400 * 32768 ticks — at
// +20 ppm the RTC gains exactly 51.84 s in 30 days of true (virtual) time, on every host.
// After 2097-12-31 23:59:59 comes 1998-01-01 00:00:00.
// LOAD with an invalid SET_DATE/SET_TIME (rtc_calendar.h) sets STATUS.BAD_LOAD, changes
// nothing and is a guest error; a valid LOAD clears BAD_LOAD.
//
// Alarm: with ALARM_EN, STATUS.ALARM is set at the exact cycle a second boundary brings the
// calendar to ALARM_DATE/ALARM_TIME (a TimedEvent; an access stamped later sees it at once).
// An alarm time already reached fires at its next occurrence, i.e. after the 100-year wrap.
// IRQ line (Q2686_IRQ_RTC): STATUS.ALARM & CTRL.ALARM_IRQ_EN, low while the modem is off.
// The alarm keeps running while the modem is off: when it fires then, the wake-up callback
// asks the modem to switch on (the power-on of an AT+CALA alarm; Q2686Modem decides — without
// the backup battery nothing ran, and nothing wakes).
//
// Power domains. Battery: the time, TZ, ALARM_DATE/TIME, CTRL, STATUS.ALARM/LOST, BACKUP —
// kept by reset() and by a power cycle with the backup battery (the clock runs on while the
// modem is off). Core: SET_DATE/TIME, the TIME latch, STATUS.BAD_LOAD — reset by reset() and
// power-on. Power-on without the battery resets the battery domain too: 1998-01-01 00:00:00
// at that instant, TZ 0, alarm off, BACKUP 0, STATUS = LOST.
//
// Events (EventKind::Rtc): every read of DATE/TIME/COUNT, every write, each alarm, each power
// transition and host preload — "read 2026-11-25 10:00:00", "load 2024-05-17 10:00:00".
//
// Known inaccuracies:
//   - the alarm compares whole seconds only at second boundaries: an alarm armed during the
//     very second it names does not fire until the wrap (the ROM refuses such AT+CALA times).
//   - the drift is constant: no temperature or ageing.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string_view>

#include "peripherals/irq_line.h"
#include "peripherals/peripheral.h"
#include "peripherals/register_map.h"
#include "time/rtc_calendar.h"
#include "q2686_hw.h"

namespace q2686 {

inline constexpr std::uint32_t kRtcDefaultDate = RTC_PACK_DATE(RTC_DEFAULT_YEAR, 1, 1);

// From hw/registers.txt (offset, name, access, reset value, writable bits).
inline constexpr auto kRtcRegisters = Q2686_REGISTER_TABLE(Q2686_RTC_REGISTERS);

struct RtcState {
    // Battery domain.
    std::int64_t base_seconds = 0;  // calendar, seconds since the epoch, at base_tick
    std::uint64_t base_tick = 0;    // slow-clock tick at which that second began
    std::int32_t tz = 0;
    std::uint32_t alarm_date = kRtcDefaultDate;
    std::uint32_t alarm_time = 0;
    std::uint32_t ctrl = 0;     // ALARM_EN | ALARM_IRQ_EN
    std::uint32_t status = 0;   // ALARM | LOST | BAD_LOAD (BAD_LOAD is core domain)
    std::array<std::uint32_t, RTC_BACKUP_WORDS> backup{};
    Cycles alarm_due = kNever;  // cycle of the next alarm while armed
    // Core domain.
    std::uint32_t set_date = kRtcDefaultDate;
    std::uint32_t set_time = 0;
    std::uint32_t time_latch = 0;
    bool powered = true;
};

class Rtc final : public Peripheral<Rtc, RtcState> {
public:
    static constexpr int kMaxTzQuarters = 96;

    static constexpr std::int64_t kMaxDriftPpb = 500'000;  // ±500 ppm

    // `drift_ppb`: the crystal's error, -kMaxDriftPpb..kMaxDriftPpb (std::invalid_argument
    // otherwise). `wake`: called when the alarm fires while the modem is off.
    Rtc(CycleScheduler& scheduler, EventLog& events, ClockRate clock, IrqLine irq, std::int64_t drift_ppb = 0,
        std::function<void()> wake = {});
    ~Rtc() override;

    // Host side (CLI, scenarios, GDB). preload: the battery-backed clock reads
    // `seconds_since_epoch` (0 .. kRtcRangeSeconds-1) with SUBSEC 0 at `now`; throws
    // std::invalid_argument on a value out of range.
    void preload(std::int64_t seconds_since_epoch, int tz_quarters, Cycles now);
    std::int64_t seconds_at(Cycles now) const;
    CivilDateTime calendar_at(Cycles now) const;
    std::uint32_t subsec_at(Cycles now) const;
    int tz() const { return state_.tz; }
    std::uint32_t status() const { return state_.status; }
    std::int64_t drift_ppb() const { return drift_ppb_; }
    // The cycle of the next alarm while armed (kNever otherwise).
    Cycles alarm_due() const { return state_.alarm_due; }

    // Battery model: the time runs on in virtual time while the modem is off; power-on without
    // the backup battery loses it (see above). Power-on also resets the core domain.
    void power_off(Cycles now);
    void power_on(Cycles now, bool battery_present);
    // Soft reset (software, watchdog): the core domain only; the time keeps running.
    void reset();

private:
    friend Peripheral;
    std::uint32_t on_read(const RegisterSpec& reg, Cycles now);
    void on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now);
    void on_alarm(Cycles late);
    std::uint64_t ticks_at(Cycles now) const;
    Cycles cycle_of_tick(std::uint64_t tick) const;
    std::uint64_t elapsed_ticks(Cycles now) const;
    void set_calendar(std::int64_t seconds, Cycles now);
    void arm_alarm(Cycles now, bool from_guest);
    void catch_up(Cycles now);
    void reset_core();
    void update_irq();
    void event(Cycles now, std::string text) const;

    CycleScheduler& scheduler_;
    ClockRate clock_;
    IrqLine irq_;
    std::int64_t drift_ppb_;
    std::function<void()> wake_;
    TimedEvent alarm_;
};

}  // namespace q2686
