#include "peripherals/rtc.h"

#include <gtest/gtest.h>

#include "peripheral_test_support.h"
#include "peripherals/interrupt_controller.h"
#include "time/slow_clock.h"

using namespace q2686;

namespace {
constexpr Cycles kSecond = 104'000'000;  // 32768 slow ticks at 104 MHz
constexpr Cycles kDay = 86'400 * kSecond;

std::int64_t seconds_of(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
    return rtc_seconds_from_civil({y, mo, d, h, mi, s}).value();
}

struct RtcBench {
    EventLog log;
    test::EventCapture events{log};
    CycleScheduler scheduler;
    InterruptController intc{log};
    Rtc rtc{scheduler, log, ClockRate{}, intc.line(Q2686_IRQ_RTC)};

    RtcBench() { intc.write(INTC_ENABLE, 4, 1u << Q2686_IRQ_RTC, 0); }

    // What the firmware's rtc_get() does: DATE then TIME.
    std::string read_clock(Cycles at) {
        const std::uint32_t date = rtc.read(RTC_DATE, 4, at);
        const std::uint32_t time = rtc.read(RTC_TIME, 4, at);
        return format_rtc(rtc_unpack(date, time));
    }
    void load(int y, int mo, int d, int h, int mi, int s, Cycles at) {
        rtc.write(RTC_SET_DATE, 4, RTC_PACK_DATE(y, mo, d), at);
        rtc.write(RTC_SET_TIME, 4, RTC_PACK_TIME(h, mi, s), at);
        // Read-modify-write: CTRL also holds the alarm enables.
        rtc.write(RTC_CTRL, 4, rtc.read(RTC_CTRL, 4, at) | RTC_CTRL_LOAD, at);
    }
    void set_alarm(int y, int mo, int d, int h, int mi, int s, std::uint32_t ctrl, Cycles at) {
        rtc.write(RTC_ALARM_DATE, 4, RTC_PACK_DATE(y, mo, d), at);
        rtc.write(RTC_ALARM_TIME, 4, RTC_PACK_TIME(h, mi, s), at);
        rtc.write(RTC_CTRL, 4, ctrl, at);
    }
};
}  // namespace

TEST(Rtc, RtcStartsAtTheDefaultEpoch) {
    RtcBench b;
    EXPECT_EQ(b.read_clock(0), "1998-01-01 00:00:00");
    EXPECT_EQ(b.rtc.read(RTC_COUNT, 4, 0), 0u);
    EXPECT_EQ(b.read_clock(61 * kSecond + 5), "1998-01-01 00:01:01");
    EXPECT_EQ(b.rtc.read(RTC_STATUS, 4, 0), 0u);
}

TEST(Rtc, RtcLoadSetsDateAndTime) {
    RtcBench b;
    b.load(2024, 5, 17, 10, 0, 0, 1000);
    EXPECT_EQ(b.read_clock(1000), "2024-05-17 10:00:00");
    EXPECT_EQ(b.read_clock(1000 + 5 * kSecond / 2), "2024-05-17 10:00:02");
    EXPECT_EQ(b.rtc.read(RTC_CTRL, 4, 1000), 0u);  // LOAD reads 0
    EXPECT_EQ(b.events.texts(EventKind::Rtc)[2], "load 2024-05-17 10:00:00");
}

TEST(Rtc, RtcSubsecondPhaseStartsAtLoad) {
    RtcBench b;
    const ClockRate clock{};
    const Cycles at = 5000;  // inside slow tick 1
    ASSERT_EQ(slow_ticks_at(at, clock), 1u);
    b.load(2026, 11, 25, 10, 0, 0, at);
    EXPECT_EQ(b.rtc.read(RTC_SUBSEC, 4, at), 0u);
    const Cycles last_tick = cycle_of_slow_tick(1 + 32'767, clock);
    EXPECT_EQ(b.rtc.read(RTC_SUBSEC, 4, last_tick), 32'767u);
    EXPECT_EQ(b.read_clock(last_tick), "2026-11-25 10:00:00");
    const Cycles next_second = cycle_of_slow_tick(1 + 32'768, clock);
    EXPECT_EQ(b.read_clock(next_second - 1), "2026-11-25 10:00:00");
    EXPECT_EQ(b.read_clock(next_second), "2026-11-25 10:00:01");
    EXPECT_EQ(b.rtc.read(RTC_SUBSEC, 4, next_second), 0u);
}

TEST(Rtc, RtcDateReadLatchesTime) {
    RtcBench b;
    b.load(2026, 11, 25, 10, 0, 0, 0);
    const std::uint32_t date = b.rtc.read(RTC_DATE, 4, 59 * kSecond);
    // The seconds roll over before TIME is read: TIME is still the latched 10:00:59.
    EXPECT_EQ(b.rtc.read(RTC_TIME, 4, 61 * kSecond), RTC_PACK_TIME(10, 0, 59));
    EXPECT_EQ(date, RTC_PACK_DATE(2026, 11, 25));
    b.rtc.read(RTC_DATE, 4, 61 * kSecond);
    EXPECT_EQ(b.rtc.read(RTC_TIME, 4, 62 * kSecond), RTC_PACK_TIME(10, 1, 1));
}

TEST(Rtc, RtcBadLoadIsIgnoredAndFlagged) {
    RtcBench b;
    b.load(2026, 11, 25, 10, 0, 0, 0);
    struct Bad {
        int y, mo, d, h, mi, s;
    };
    for (const Bad& bad :
         {Bad{2026, 2, 29, 0, 0, 0}, Bad{2026, 4, 31, 0, 0, 0}, Bad{2026, 13, 1, 0, 0, 0}, Bad{2026, 1, 1, 24, 0, 0},
          Bad{2026, 1, 1, 0, 60, 0}, Bad{2098, 1, 1, 0, 0, 0}, Bad{1997, 12, 31, 23, 59, 59}}) {
        b.events.clear();
        b.load(bad.y, bad.mo, bad.d, bad.h, bad.mi, bad.s, kSecond);
        EXPECT_EQ(b.rtc.read(RTC_STATUS, 4, kSecond), RTC_STATUS_BAD_LOAD) << bad.y << "-" << bad.mo << "-" << bad.d;
        EXPECT_EQ(b.events.count(EventKind::GuestError), 1u);
        EXPECT_EQ(b.read_clock(kSecond), "2026-11-25 10:00:01");
    }
    b.load(2024, 2, 29, 12, 0, 0, 2 * kSecond);  // a leap day is fine
    EXPECT_EQ(b.rtc.read(RTC_STATUS, 4, 2 * kSecond), 0u);
    EXPECT_EQ(b.read_clock(2 * kSecond), "2024-02-29 12:00:00");
}

TEST(Rtc, RtcAfter400DaysIsExact) {
    RtcBench b;
    b.rtc.preload(seconds_of(2024, 1, 1), 0, 0);
    EXPECT_EQ(b.read_clock(400 * kDay - 1), "2025-02-03 23:59:59");
    EXPECT_EQ(b.rtc.read(RTC_SUBSEC, 4, 400 * kDay - 1), 32'767u);
    EXPECT_EQ(b.read_clock(400 * kDay), "2025-02-04 00:00:00");
    EXPECT_EQ(b.rtc.read(RTC_SUBSEC, 4, 400 * kDay), 0u);
    EXPECT_EQ(b.rtc.seconds_at(400 * kDay), seconds_of(2025, 2, 4));
}

TEST(Rtc, RtcRollsOverFrom1999To2000) {
    RtcBench b;
    b.load(1999, 12, 31, 23, 59, 59, 0);
    EXPECT_EQ(b.read_clock(kSecond - 1), "1999-12-31 23:59:59");
    EXPECT_EQ(b.read_clock(kSecond), "2000-01-01 00:00:00");
}

TEST(Rtc, RtcWrapsAfter2097To1998) {
    RtcBench b;
    b.load(2097, 12, 31, 23, 59, 59, 0);
    EXPECT_EQ(b.rtc.read(RTC_COUNT, 4, 0), static_cast<std::uint32_t>(kRtcRangeSeconds - 1));
    EXPECT_EQ(b.read_clock(kSecond), "1998-01-01 00:00:00");
    EXPECT_EQ(b.rtc.read(RTC_COUNT, 4, kSecond), 0u);
}

TEST(Rtc, RtcCountIsSecondsSinceEpoch) {
    RtcBench b;
    b.rtc.preload(seconds_of(2026, 11, 25, 10, 0, 0), 0, 0);
    EXPECT_EQ(b.rtc.read(RTC_COUNT, 4, 3 * kSecond), seconds_of(2026, 11, 25, 10, 0, 3));
    EXPECT_EQ(b.events.texts(EventKind::Rtc).back(), "read count 911988003 (2026-11-25 10:00:03)");
}

TEST(Rtc, RtcAlarmFiresAtTheExactCycle) {
    RtcBench b;
    const ClockRate clock{};
    b.load(2026, 11, 25, 9, 59, 58, 5000);  // the second boundaries are at slow ticks 1 + k * 32768
    b.set_alarm(2026, 11, 25, 10, 0, 0, RTC_CTRL_ALARM_EN | RTC_CTRL_ALARM_IRQ_EN, 6000);
    const Cycles due = cycle_of_slow_tick(1 + 2 * 32'768, clock);
    EXPECT_EQ(b.scheduler.next_due(), due);
    test::run_until(b.scheduler, due - 1);
    EXPECT_EQ(b.rtc.status(), 0u);
    EXPECT_FALSE(b.intc.irq_asserted());
    test::run_until(b.scheduler, due + 77);  // fires late, stamped with its due cycle
    EXPECT_EQ(b.rtc.status(), RTC_STATUS_ALARM);
    EXPECT_TRUE(b.intc.irq_asserted());
    const Event* alarm = b.events.last(EventKind::Rtc);
    ASSERT_NE(alarm, nullptr);
    EXPECT_EQ(alarm->text, "alarm 2026-11-25 10:00:00");
    EXPECT_EQ(alarm->when, due);
    b.rtc.write(RTC_STATUS, 4, RTC_STATUS_ALARM, due + 100);
    EXPECT_EQ(b.rtc.status(), 0u);
    EXPECT_FALSE(b.intc.irq_asserted());
    // The next occurrence of that second is after the 100-year wrap.
    EXPECT_GT(b.scheduler.next_due(), due + 99 * 365 * kDay);
}

TEST(Rtc, RtcAlarmIsVisibleToAnAccessBeforeItsEventRuns) {
    RtcBench b;
    b.load(2026, 11, 25, 9, 59, 59, 0);
    b.set_alarm(2026, 11, 25, 10, 0, 0, RTC_CTRL_ALARM_EN, 0);
    EXPECT_EQ(b.rtc.read(RTC_STATUS, 4, kSecond), RTC_STATUS_ALARM);
    EXPECT_FALSE(b.intc.irq_asserted());  // ALARM_IRQ_EN is off: flag only
    b.rtc.write(RTC_CTRL, 4, RTC_CTRL_ALARM_EN | RTC_CTRL_ALARM_IRQ_EN, kSecond + 1);
    EXPECT_TRUE(b.intc.irq_asserted());
}

TEST(Rtc, RtcAlarmFollowsALoadThatMovesTheClock) {
    RtcBench b;
    b.load(2026, 11, 25, 8, 0, 0, 0);
    b.set_alarm(2026, 11, 25, 10, 0, 0, RTC_CTRL_ALARM_EN, 0);
    EXPECT_EQ(b.scheduler.next_due(), 7200 * kSecond);
    b.load(2026, 11, 25, 9, 59, 0, kSecond);
    EXPECT_EQ(b.scheduler.next_due(), 61 * kSecond);
    EXPECT_EQ(b.events.texts(EventKind::Rtc).back(), "load 2026-11-25 09:59:00, RTC_CTRL 0x3");
    b.rtc.write(RTC_CTRL, 4, RTC_CTRL_LOAD, 2 * kSecond);  // LOAD alone also writes ALARM_EN = 0
    EXPECT_EQ(b.scheduler.next_due(), kNever);
}

TEST(Rtc, RtcInvalidAlarmIsGuestErrorAndNotArmed) {
    RtcBench b;
    b.set_alarm(2026, 2, 30, 10, 0, 0, RTC_CTRL_ALARM_EN, 0);
    EXPECT_GE(b.events.count(EventKind::GuestError), 1u);
    EXPECT_EQ(b.scheduler.next_due(), kNever);
}

TEST(Rtc, RtcTimeZoneIsSignedQuarterHours) {
    RtcBench b;
    b.rtc.write(RTC_TZ, 4, static_cast<std::uint32_t>(-20), 0);
    EXPECT_EQ(b.rtc.read(RTC_TZ, 4, 0), 0xFFFF'FFECu);
    EXPECT_EQ(b.rtc.tz(), -20);
    b.rtc.write(RTC_TZ, 4, 96, 0);
    EXPECT_EQ(b.rtc.tz(), 96);
    b.rtc.write(RTC_TZ, 4, 97, 0);
    b.rtc.write(RTC_TZ, 4, static_cast<std::uint32_t>(-97), 0);
    EXPECT_EQ(b.rtc.tz(), 96);
    EXPECT_EQ(b.events.count(EventKind::GuestError), 2u);
    EXPECT_EQ(b.events.texts(EventKind::Rtc)[0], "tz -20");
}

TEST(Rtc, RtcKeepsTimeAcrossPowerCycleWithBattery) {
    RtcBench b;
    b.rtc.preload(seconds_of(2026, 11, 25, 10, 0, 0), 8, 0);
    b.rtc.power_off(10 * kSecond);
    b.rtc.power_on(3600 * kSecond, true);
    EXPECT_EQ(b.read_clock(3600 * kSecond), "2026-11-25 11:00:00");
    EXPECT_EQ(b.rtc.tz(), 8);
    EXPECT_EQ(b.rtc.status() & RTC_STATUS_LOST, 0u);
    EXPECT_EQ(b.events.texts(EventKind::Rtc)[2], "power-on with battery: 2026-11-25 11:00:00");
}

TEST(Rtc, RtcResetsToDefaultEpochWithoutBattery) {
    RtcBench b;
    b.rtc.preload(seconds_of(2026, 11, 25, 10, 0, 0), 8, 0);
    b.set_alarm(2026, 11, 25, 12, 0, 0, RTC_CTRL_ALARM_EN, 0);
    b.rtc.power_off(10 * kSecond);
    const Cycles on = 3600 * kSecond + 12'345;
    b.rtc.power_on(on, false);
    EXPECT_EQ(b.read_clock(on), "1998-01-01 00:00:00");
    EXPECT_EQ(b.rtc.read(RTC_SUBSEC, 4, on), 0u);
    EXPECT_EQ(b.read_clock(on + kSecond), "1998-01-01 00:00:01");
    EXPECT_EQ(b.rtc.tz(), 0);
    EXPECT_EQ(b.rtc.read(RTC_STATUS, 4, on), RTC_STATUS_LOST);
    EXPECT_EQ(b.rtc.read(RTC_CTRL, 4, on), 0u);  // the alarm went with the battery domain
    EXPECT_EQ(b.scheduler.next_due(), kNever);
    b.rtc.write(RTC_STATUS, 4, RTC_STATUS_LOST, on + 1);
    EXPECT_EQ(b.rtc.read(RTC_STATUS, 4, on + 1), 0u);
}

TEST(Rtc, RtcAlarmReachedWhileOffIsPendingAtPowerOn) {
    RtcBench b;
    b.load(2026, 11, 25, 10, 0, 0, 0);
    b.set_alarm(2026, 11, 25, 10, 30, 0, RTC_CTRL_ALARM_EN | RTC_CTRL_ALARM_IRQ_EN, 0);
    b.rtc.power_off(60 * kSecond);
    EXPECT_EQ(b.scheduler.next_due(), 1800 * kSecond);  // the alarm stays armed while off
    test::run_until(b.scheduler, 3600 * kSecond);
    EXPECT_FALSE(b.intc.irq_asserted());  // nothing drives the line while the modem is off
    b.rtc.power_on(3600 * kSecond, true);
    EXPECT_EQ(b.rtc.status(), RTC_STATUS_ALARM);
    EXPECT_TRUE(b.intc.irq_asserted());
}

TEST(Rtc, RtcAlarmWhileOffCallsTheWakeUpAtItsExactCycle) {
    EventLog log;
    CycleScheduler scheduler;
    InterruptController intc{log};
    int wakes = 0;
    Rtc rtc{scheduler, log, ClockRate{}, intc.line(Q2686_IRQ_RTC), 0, [&] { ++wakes; }};
    rtc.write(RTC_ALARM_DATE, 4, RTC_PACK_DATE(1998, 1, 31), 0);
    rtc.write(RTC_ALARM_TIME, 4, RTC_PACK_TIME(0, 0, 0), 0);
    rtc.write(RTC_CTRL, 4, RTC_CTRL_ALARM_EN | RTC_CTRL_ALARM_IRQ_EN, 0);
    test::run_until(scheduler, kDay);  // on: an alarm does not call the wake-up
    EXPECT_EQ(wakes, 0);
    rtc.power_off(kDay);
    test::run_until(scheduler, 30 * kDay - 1);
    EXPECT_EQ(wakes, 0);
    test::run_until(scheduler, 30 * kDay);
    EXPECT_EQ(wakes, 1);
    EXPECT_EQ(rtc.status(), RTC_STATUS_ALARM);
    test::run_until(scheduler, 60 * kDay);
    EXPECT_EQ(wakes, 1);
}

TEST(Rtc, RtcBackupWordsKeepWithTheBatteryAndGoWithoutIt) {
    RtcBench b;
    b.rtc.write(RTC_BACKUP(0), 4, 0x12345678u, 0);
    b.rtc.write(RTC_BACKUP(RTC_BACKUP_WORDS - 1), 4, 7, 0);
    b.rtc.reset();
    b.rtc.power_off(kSecond);
    b.rtc.power_on(2 * kSecond, true);
    EXPECT_EQ(b.rtc.read(RTC_BACKUP(0), 4, 2 * kSecond), 0x12345678u);
    EXPECT_EQ(b.rtc.read(RTC_BACKUP(RTC_BACKUP_WORDS - 1), 4, 2 * kSecond), 7u);
    b.rtc.power_off(3 * kSecond);
    b.rtc.power_on(4 * kSecond, false);
    EXPECT_EQ(b.rtc.read(RTC_BACKUP(0), 4, 4 * kSecond), 0u);
    EXPECT_EQ(b.rtc.read(RTC_BACKUP(RTC_BACKUP_WORDS - 1), 4, 4 * kSecond), 0u);
}

// +20 ppm for 30 days of true time: 2'592'000 s * 20e-6 = 51.84 s ahead, to the tick —
// floor(30 * 86400 * 32768 * 1.00002) = 84'936'354'693 ticks = 2'592'051 s + 27'525 ticks.
TEST(Rtc, RtcAt20PpmGains51Point84SecondsIn30Days) {
    EventLog log;
    CycleScheduler scheduler;
    InterruptController intc{log};
    Rtc rtc{scheduler, log, ClockRate{}, intc.line(Q2686_IRQ_RTC), 20'000};
    rtc.preload(seconds_of(2026, 3, 1), 0, 0);
    const Cycles later = 30 * kDay;
    EXPECT_EQ(rtc.seconds_at(later), seconds_of(2026, 3, 31) + 51);
    EXPECT_EQ(rtc.subsec_at(later), 27'525u);  // 0.84 s = 27'525.12 ticks
    EXPECT_EQ(format_rtc(rtc.calendar_at(later)), "2026-03-31 00:00:51");
    EXPECT_EQ(drifted_ticks_at(later, ClockRate{}, 20'000) - slow_ticks_at(later, ClockRate{}), 1'698'693u);
}

TEST(Rtc, RtcSlowCrystalLosesTimeAndItsAlarmComesLate) {
    EventLog log;
    CycleScheduler scheduler;
    InterruptController intc{log};
    Rtc rtc{scheduler, log, ClockRate{}, intc.line(Q2686_IRQ_RTC), -50'000};
    rtc.preload(seconds_of(2026, 3, 1), 0, 0);
    EXPECT_EQ(rtc.seconds_at(kDay), seconds_of(2026, 3, 1, 23, 59, 55));  // 86400 * 50e-6 = 4.32 s behind
    rtc.write(RTC_ALARM_DATE, 4, RTC_PACK_DATE(2026, 3, 2), 0);
    rtc.write(RTC_ALARM_TIME, 4, RTC_PACK_TIME(0, 0, 0), 0);
    rtc.write(RTC_CTRL, 4, RTC_CTRL_ALARM_EN, 0);
    // The alarm fires when the *crystal* has counted a day: 86400 / (1 - 50e-6) s of true time.
    EXPECT_EQ(rtc.alarm_due(), cycle_of_drifted_tick(86'400ull * 32'768, ClockRate{}, -50'000));
    EXPECT_GT(rtc.alarm_due(), kDay + 4 * kSecond);
    EXPECT_EQ(rtc.seconds_at(rtc.alarm_due()), seconds_of(2026, 3, 2));
    EXPECT_EQ(rtc.seconds_at(rtc.alarm_due() - 1), seconds_of(2026, 3, 1, 23, 59, 59));
}

TEST(Rtc, RtcDriftBeyond500PpmIsRefused) {
    EventLog log;
    CycleScheduler scheduler;
    InterruptController intc{log};
    EXPECT_THROW((Rtc{scheduler, log, ClockRate{}, intc.line(Q2686_IRQ_RTC), 500'001}), std::invalid_argument);
    EXPECT_THROW((Rtc{scheduler, log, ClockRate{}, intc.line(Q2686_IRQ_RTC), -500'001}), std::invalid_argument);
    EXPECT_NO_THROW((Rtc{scheduler, log, ClockRate{}, intc.line(Q2686_IRQ_RTC), -500'000}));
}

TEST(Rtc, RtcSoftResetKeepsTime) {
    RtcBench b;
    b.load(2026, 11, 25, 10, 0, 0, 0);
    b.rtc.write(RTC_TZ, 4, 4, 0);
    b.load(2026, 2, 30, 0, 0, 0, 0);  // BAD_LOAD
    b.rtc.reset();
    EXPECT_EQ(b.read_clock(90 * kSecond), "2026-11-25 10:01:30");
    EXPECT_EQ(b.rtc.tz(), 4);
    EXPECT_EQ(b.rtc.read(RTC_STATUS, 4, 90 * kSecond), 0u);  // BAD_LOAD is core domain
    EXPECT_EQ(b.rtc.read(RTC_SET_DATE, 4, 90 * kSecond), kRtcDefaultDate);
}

TEST(Rtc, RtcHostPreloadAndQueries) {
    RtcBench b;
    b.rtc.preload(seconds_of(2026, 11, 25, 10, 0, 0), -12, kSecond);
    EXPECT_EQ(b.rtc.calendar_at(kSecond + 30 * kSecond), (CivilDateTime{2026, 11, 25, 10, 0, 30}));
    EXPECT_EQ(b.rtc.seconds_at(kSecond), seconds_of(2026, 11, 25, 10, 0, 0));
    EXPECT_EQ(b.rtc.subsec_at(kSecond + kSecond / 2), 16'384u);
    EXPECT_EQ(b.rtc.tz(), -12);
    EXPECT_EQ(b.events.texts(EventKind::Rtc)[0], "preload 2026-11-25 10:00:00 tz -12");
    EXPECT_THROW(b.rtc.preload(kRtcRangeSeconds, 0, 0), std::invalid_argument);
    EXPECT_THROW(b.rtc.preload(-1, 0, 0), std::invalid_argument);
    EXPECT_THROW(b.rtc.preload(0, 97, 0), std::invalid_argument);
}

TEST(Rtc, RtcReadsAndWritesAreEvents) {
    RtcBench b;
    b.load(2024, 5, 17, 10, 0, 0, 0);
    b.read_clock(kSecond);
    b.rtc.read(RTC_SUBSEC, 4, kSecond);  // not an event
    b.rtc.write(RTC_STATUS, 4, RTC_STATUS_ALARM, kSecond);
    EXPECT_EQ(b.events.texts(EventKind::Rtc),
              (std::vector<std::string>{"write RTC_SET_DATE 2024-05-17", "write RTC_SET_TIME 10:00:00",
                                        "load 2024-05-17 10:00:00", "read 2024-05-17 10:00:01", "read time 10:00:01",
                                        "write RTC_STATUS 0x1"}));
    EXPECT_EQ(b.events.last(EventKind::Rtc)->source, "rtc");
    EXPECT_EQ(to_string(EventKind::Rtc), std::string("rtc"));
}

TEST(Rtc, RtcRegisterMistakesAreGuestErrors) {
    RtcBench b;
    b.rtc.write(RTC_DATE, 4, 0, 0);     // read-only
    b.rtc.write(RTC_COUNT, 4, 0, 0);    // read-only
    b.rtc.read(RTC_DATE, 1, 0);         // byte access
    b.rtc.read(0x2C, 4, 0);             // unknown
    b.rtc.write(RTC_CTRL, 4, 0x10, 0);  // reserved bit
    EXPECT_EQ(b.events.count(EventKind::GuestError), 5u);
    EXPECT_EQ(b.read_clock(0), "1998-01-01 00:00:00");
}
