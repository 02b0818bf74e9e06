#include "peripherals/watchdog.h"

#include <gtest/gtest.h>

#include "peripheral_test_support.h"
#include "time/slow_clock.h"

using namespace q2686;

namespace {
constexpr Cycles kSecond = 104'000'000;  // 32768 ticks at 104 MHz

struct WatchdogBench {
    EventLog log;
    test::EventCapture events{log};
    CycleScheduler scheduler;
    int resets = 0;
    Watchdog wdog{scheduler, log, ClockRate{}, [this] { ++resets; }};
};
}  // namespace

TEST(Watchdog, WatchdogSlowClockConversionIsExact) {
    const ClockRate clock{};
    EXPECT_EQ(slow_ticks_at(kSecond, clock), 32'768u);
    EXPECT_EQ(slow_ticks_at(kSecond - 1, clock), 32'767u);
    EXPECT_EQ(cycle_of_slow_tick(32'768, clock), kSecond);
    EXPECT_EQ(cycle_of_slow_tick(1, clock), 3'174u);  // 104e6 / 32768 = 3173.8
    EXPECT_EQ(slow_ticks_at(3'173, clock), 0u);
    EXPECT_EQ(slow_ticks_at(3'174, clock), 1u);
    EXPECT_EQ(slow_ticks_at(86'400 * kSecond, clock), 86'400u * 32'768u);
}

TEST(Watchdog, WatchdogExpiryCallsReset) {
    WatchdogBench b;
    b.wdog.write(WDOG_LOAD, 4, 32'768, 0);
    b.wdog.write(WDOG_CTRL, 4, WDOG_CTRL_ENABLE, 0);
    EXPECT_EQ(b.wdog.expiry_cycle(), kSecond);
    test::run_until(b.scheduler, kSecond - 1);
    EXPECT_EQ(b.resets, 0);
    EXPECT_EQ(b.wdog.read(WDOG_VALUE, 4, kSecond - 1), 1u);
    test::run_until(b.scheduler, kSecond + 500);
    EXPECT_EQ(b.resets, 1);
    EXPECT_EQ(b.wdog.read(WDOG_VALUE, 4, kSecond + 500), 0u);
    EXPECT_EQ(b.wdog.read(WDOG_CTRL, 4, kSecond + 500), 0u);  // stopped: bites once
    test::run_until(b.scheduler, 10 * kSecond);
    EXPECT_EQ(b.resets, 1);
    b.wdog.reset();
    EXPECT_EQ(b.wdog.read(WDOG_LOAD, 4, 10 * kSecond), 0x10000u);
    EXPECT_EQ(b.wdog.read(WDOG_VALUE, 4, 10 * kSecond), 0x10000u);
}

TEST(Watchdog, WatchdogTimeoutStartsAtTheSlowClockTickOfTheKick) {
    WatchdogBench b;
    b.wdog.write(WDOG_LOAD, 4, 10, 0);
    // Enabled mid-tick: the count starts at tick 1 (cycle 3174), so it runs out at tick 11.
    b.wdog.write(WDOG_CTRL, 4, WDOG_CTRL_ENABLE, 5'000);
    EXPECT_EQ(b.wdog.expiry_cycle(), cycle_of_slow_tick(11, ClockRate{}));
    EXPECT_EQ(b.wdog.read(WDOG_VALUE, 4, 5'000), 10u);
    EXPECT_EQ(b.wdog.read(WDOG_VALUE, 4, cycle_of_slow_tick(2, ClockRate{})), 9u);
}

TEST(Watchdog, WatchdogKickRestartsTheTimeout) {
    WatchdogBench b;
    b.wdog.write(WDOG_LOAD, 4, 32'768, 0);
    b.wdog.write(WDOG_CTRL, 4, WDOG_CTRL_ENABLE, 0);
    for (Cycles t = kSecond / 2; t < 20 * kSecond; t += kSecond / 2) {
        test::run_until(b.scheduler, t);
        b.wdog.write(WDOG_KICK, 4, WDOG_KEY_KICK, t);
    }
    EXPECT_EQ(b.resets, 0);
    test::run_until(b.scheduler, 30 * kSecond);
    EXPECT_EQ(b.resets, 1);
}

TEST(Watchdog, WatchdogLoadTakesEffectAtTheNextKick) {
    WatchdogBench b;
    b.wdog.write(WDOG_LOAD, 4, 32'768, 0);
    b.wdog.write(WDOG_CTRL, 4, WDOG_CTRL_ENABLE, 0);
    b.wdog.write(WDOG_LOAD, 4, 65'536, 10);
    EXPECT_EQ(b.wdog.expiry_cycle(), kSecond);
    b.wdog.write(WDOG_KICK, 4, WDOG_KEY_KICK, kSecond / 2);
    EXPECT_EQ(b.wdog.expiry_cycle(), kSecond / 2 + 2 * kSecond);
}

TEST(Watchdog, WatchdogWrongKeyIsGuestErrorAndDoesNotKick) {
    WatchdogBench b;
    b.wdog.write(WDOG_LOAD, 4, 32'768, 0);
    b.wdog.write(WDOG_CTRL, 4, WDOG_CTRL_ENABLE, 0);
    b.wdog.write(WDOG_KICK, 4, 0x1234, kSecond / 2);
    EXPECT_EQ(b.events.count(EventKind::GuestError), 1u);
    EXPECT_EQ(b.events.texts(EventKind::GuestError)[0], "WDOG_KICK with wrong key 0x00001234 ignored");
    test::run_until(b.scheduler, kSecond);
    EXPECT_EQ(b.resets, 1);
}

TEST(Watchdog, WatchdogLateKickCannotPreventReset) {
    WatchdogBench b;
    b.wdog.write(WDOG_LOAD, 4, 32'768, 0);
    b.wdog.write(WDOG_CTRL, 4, WDOG_CTRL_ENABLE, 0);
    // A block that started before the expiry kicks after it: too late.
    b.wdog.write(WDOG_KICK, 4, WDOG_KEY_KICK, kSecond + 3);
    b.wdog.write(WDOG_CTRL, 4, 0, kSecond + 4);
    EXPECT_EQ(b.resets, 0);  // never from inside an MMIO access
    test::run_until(b.scheduler, kSecond + 10);
    EXPECT_EQ(b.resets, 1);
}

TEST(Watchdog, WatchdogDisabledNeverExpires) {
    WatchdogBench b;
    b.wdog.write(WDOG_LOAD, 4, 100, 0);
    b.wdog.write(WDOG_CTRL, 4, WDOG_CTRL_ENABLE, 0);
    b.wdog.write(WDOG_CTRL, 4, 0, cycle_of_slow_tick(40, ClockRate{}));
    EXPECT_EQ(b.wdog.read(WDOG_VALUE, 4, 100 * kSecond), 60u);  // frozen
    test::run_until(b.scheduler, 100 * kSecond);
    EXPECT_EQ(b.resets, 0);
    EXPECT_EQ(b.scheduler.next_due(), kNever);
}

TEST(Watchdog, WatchdogRegisterMistakesAreGuestErrors) {
    WatchdogBench b;
    b.wdog.write(WDOG_LOAD, 4, 0, 0);    // zero timeout
    b.wdog.write(WDOG_VALUE, 4, 1, 0);   // read-only
    b.wdog.read(WDOG_KICK, 4, 0);        // write-only
    b.wdog.write(WDOG_CTRL, 4, 0x3, 0);  // reserved bit 1 (enable still taken)
    EXPECT_EQ(b.events.count(EventKind::GuestError), 4u);
    EXPECT_EQ(b.wdog.read(WDOG_LOAD, 4, 0), 0x10000u);
    EXPECT_EQ(b.wdog.read(WDOG_CTRL, 4, 0), WDOG_CTRL_ENABLE);
}
