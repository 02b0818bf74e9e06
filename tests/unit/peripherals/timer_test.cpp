#include "peripherals/timer.h"

#include <gtest/gtest.h>

#include "peripheral_test_support.h"
#include "peripherals/interrupt_controller.h"

using namespace q2686;

namespace {
constexpr std::uint32_t prescale(unsigned code) {
    return code << TIMER_CTRL_PRESCALE_SHIFT;
}

struct TimerBench {
    EventLog log;
    test::EventCapture events{log};
    CycleScheduler scheduler;
    InterruptController intc{log};
    Timer timer{"timer0", scheduler, log, intc.line(Q2686_IRQ_TIMER0)};

    TimerBench() { intc.write(INTC_ENABLE, 4, 1u << Q2686_IRQ_TIMER0, 0); }
    std::uint32_t status(Cycles at) { return timer.read(TIMER_STATUS, 4, at); }
};
}  // namespace

TEST(Timer, TimerValueCountsDownLazilyAtThePrescaledRate) {
    TimerBench b;
    b.timer.write(TIMER_LOAD, 4, 1000, 100);
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE | prescale(1), 100);  // /16
    EXPECT_EQ(b.timer.read(TIMER_VALUE, 4, 100), 1000u);
    EXPECT_EQ(b.timer.read(TIMER_VALUE, 4, 115), 1000u);
    EXPECT_EQ(b.timer.read(TIMER_VALUE, 4, 116), 999u);
    EXPECT_EQ(b.timer.read(TIMER_VALUE, 4, 100 + 16 * 600 + 3), 400u);
    EXPECT_EQ(b.timer.next_expiry(), 100u + 16 * 1000);
    EXPECT_EQ(b.scheduler.next_due(), 100u + 16 * 1000);  // only the expiry is scheduled
}

TEST(Timer, TimerPrescalersDivideByOneSixteen256And1024) {
    for (auto [code, divisor] : {std::pair{0u, 1u}, {1u, 16u}, {2u, 256u}, {3u, 1024u}}) {
        TimerBench b;
        b.timer.write(TIMER_LOAD, 4, 50, 0);
        b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE | prescale(code), 0);
        EXPECT_EQ(b.timer.next_expiry(), 50u * divisor) << "prescale code " << code;
        test::run_until(b.scheduler, 50u * divisor - 1);
        EXPECT_EQ(b.status(50u * divisor - 1), 0u);
        test::run_until(b.scheduler, 50u * divisor);
        EXPECT_EQ(b.timer.state().status, TIMER_STATUS_EXPIRED);
    }
}

TEST(Timer, TimerOneShotExpiresOnceAndStops) {
    TimerBench b;
    b.timer.write(TIMER_LOAD, 4, 500, 0);
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE | TIMER_CTRL_IRQ_EN, 0);
    test::run_until(b.scheduler, 499);
    EXPECT_FALSE(b.intc.irq_asserted());
    test::run_until(b.scheduler, 510);
    EXPECT_TRUE(b.intc.irq_asserted());
    EXPECT_EQ(b.timer.read(TIMER_VALUE, 4, 510), 0u);
    EXPECT_EQ(b.timer.read(TIMER_CTRL, 4, 510) & TIMER_CTRL_ENABLE, 0u);
    EXPECT_EQ(b.scheduler.next_due(), kNever);
    b.timer.write(TIMER_STATUS, 4, TIMER_STATUS_EXPIRED, 520);
    EXPECT_FALSE(b.intc.irq_asserted());
    test::run_until(b.scheduler, 5000);
    EXPECT_EQ(b.status(5000), 0u);
}

TEST(Timer, TimerPeriodicExpiryHasNoDrift) {
    TimerBench b;
    b.timer.write(TIMER_LOAD, 4, 1000, 7);
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE | TIMER_CTRL_PERIODIC | TIMER_CTRL_IRQ_EN, 7);
    // The host runs in uneven slices, so every event fires late by a different amount; the
    // firmware acknowledges each expiry after its slice.
    int expiries = 0;
    Cycles now = 7;
    for (Cycles step = 1; now < 7 + 1000 * 1000; step = step * 7 % 997 + 1) {
        now += step;
        test::run_until(b.scheduler, now);
        if (b.timer.state().status) {
            ++expiries;
            b.timer.write(TIMER_STATUS, 4, TIMER_STATUS_EXPIRED, now);
        }
        // The next expiry is always on the original grid: 7 + k * 1000.
        EXPECT_EQ((b.timer.next_expiry() - 7) % 1000, 0u);
    }
    EXPECT_EQ(expiries, static_cast<int>((now - 7) / 1000));
    EXPECT_EQ(b.timer.read(TIMER_VALUE, 4, now), 1000 - (now - 7) % 1000);
}

TEST(Timer, TimerPeriodicReloadsLoadAtExpiry) {
    TimerBench b;
    b.timer.write(TIMER_LOAD, 4, 10, 0);
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE | TIMER_CTRL_PERIODIC, 0);
    EXPECT_EQ(b.timer.read(TIMER_VALUE, 4, 9), 1u);
    EXPECT_EQ(b.timer.read(TIMER_VALUE, 4, 10), 10u);  // reloaded, never reads 0
    EXPECT_EQ(b.status(10), TIMER_STATUS_EXPIRED);
    // Far behind: many periods collapse into one STATUS bit, the phase is kept.
    EXPECT_EQ(b.timer.read(TIMER_VALUE, 4, 12'345), 5u);
    EXPECT_EQ(b.timer.next_expiry(), 12'350u);
}

TEST(Timer, TimerExpiryIsVisibleToAnAccessBeforeItsEventRuns) {
    TimerBench b;
    b.timer.write(TIMER_LOAD, 4, 100, 0);
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE | TIMER_CTRL_IRQ_EN, 0);
    // The CPU's block started before the expiry; an access inside it, after the expiry cycle,
    // must already see it even though the scheduler has not run the event yet.
    EXPECT_EQ(b.status(150), TIMER_STATUS_EXPIRED);
    EXPECT_TRUE(b.intc.irq_asserted());
    EXPECT_EQ(b.scheduler.next_due(), kNever);
    test::run_until(b.scheduler, 200);  // nothing left to fire
    EXPECT_TRUE(b.intc.irq_asserted());
}

TEST(Timer, TimerInterruptIsExpiredAndIrqEnable) {
    TimerBench b;
    b.timer.write(TIMER_LOAD, 4, 10, 0);
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE, 0);
    test::run_until(b.scheduler, 10);
    EXPECT_EQ(b.timer.state().status, TIMER_STATUS_EXPIRED);
    EXPECT_FALSE(b.intc.irq_asserted());
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_IRQ_EN, 11);
    EXPECT_TRUE(b.intc.irq_asserted());
    b.timer.write(TIMER_STATUS, 4, 0, 12);  // writing 0 clears nothing
    EXPECT_TRUE(b.intc.irq_asserted());
    b.timer.write(TIMER_STATUS, 4, TIMER_STATUS_EXPIRED, 13);
    EXPECT_FALSE(b.intc.irq_asserted());
}

TEST(Timer, TimerLoadWriteWhileEnabledRestartsTheCount) {
    TimerBench b;
    b.timer.write(TIMER_LOAD, 4, 100, 0);
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE, 0);
    b.timer.write(TIMER_LOAD, 4, 300, 60);
    EXPECT_EQ(b.timer.read(TIMER_VALUE, 4, 60), 300u);
    EXPECT_EQ(b.timer.next_expiry(), 360u);
    test::run_until(b.scheduler, 100);
    EXPECT_EQ(b.timer.state().status, 0u);
    test::run_until(b.scheduler, 360);
    EXPECT_EQ(b.timer.state().status, TIMER_STATUS_EXPIRED);
}

TEST(Timer, TimerDisableFreezesValueAndEnableRestartsFromLoad) {
    TimerBench b;
    b.timer.write(TIMER_LOAD, 4, 100, 0);
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE, 0);
    b.timer.write(TIMER_CTRL, 4, 0, 30);
    EXPECT_EQ(b.timer.read(TIMER_VALUE, 4, 500), 70u);
    EXPECT_EQ(b.scheduler.next_due(), kNever);
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE, 600);
    EXPECT_EQ(b.timer.read(TIMER_VALUE, 4, 600), 100u);
    EXPECT_EQ(b.timer.next_expiry(), 700u);
}

TEST(Timer, TimerPrescalerChangeWhileRunningKeepsTheCount) {
    TimerBench b;
    b.timer.write(TIMER_LOAD, 4, 100, 0);
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE, 0);
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE | prescale(1), 50);  // /1 -> /16 at count 50
    EXPECT_EQ(b.timer.read(TIMER_VALUE, 4, 65), 50u);
    EXPECT_EQ(b.timer.read(TIMER_VALUE, 4, 66), 49u);
    EXPECT_EQ(b.timer.next_expiry(), 50u + 50 * 16);
}

TEST(Timer, TimerZeroLoadExpiresAtOnce) {
    TimerBench b;
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE | TIMER_CTRL_PERIODIC, 40);
    EXPECT_EQ(b.status(40), TIMER_STATUS_EXPIRED);
    EXPECT_EQ(b.timer.read(TIMER_CTRL, 4, 40) & TIMER_CTRL_ENABLE, 0u);
    EXPECT_EQ(b.events.count(EventKind::GuestError), 1u);  // periodic with LOAD = 0
}

TEST(Timer, TimerRegisterMistakesAreGuestErrors) {
    TimerBench b;
    b.timer.write(TIMER_LOAD, 4, 100, 0);
    b.timer.write(TIMER_VALUE, 4, 5, 0);                         // read-only
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE | 0x100, 0);  // reserved bit: masked
    b.timer.read(TIMER_LOAD, 2, 0);                              // halfword
    b.timer.read(0x10, 4, 0);                                    // unknown
    EXPECT_EQ(b.events.count(EventKind::GuestError), 4u);
    EXPECT_EQ(b.timer.read(TIMER_CTRL, 4, 0), TIMER_CTRL_ENABLE);
    EXPECT_EQ(b.events.events[0].source, "timer0");
}

TEST(Timer, TimerResetRestoresPowerOnState) {
    TimerBench b;
    b.timer.write(TIMER_LOAD, 4, 10, 0);
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE | TIMER_CTRL_IRQ_EN, 0);
    test::run_until(b.scheduler, 10);
    ASSERT_TRUE(b.intc.irq_asserted());
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE | TIMER_CTRL_PERIODIC | TIMER_CTRL_IRQ_EN, 11);
    b.timer.reset();
    EXPECT_FALSE(b.intc.irq_asserted());
    EXPECT_EQ(b.scheduler.next_due(), kNever);
    for (const RegisterSpec& reg : kTimerRegisters) EXPECT_EQ(b.timer.read(reg.offset, 4, 20), reg.reset) << reg.name;
}

TEST(Timer, ReservedCtrlBitsAreAGuestErrorAndDroppedByTheRegisterTable) {
    TimerBench b;
    b.timer.write(TIMER_LOAD, 4, 100, 0);
    b.timer.write(TIMER_CTRL, 4, TIMER_CTRL_ENABLE | (1u << 3), 10);  // bit 3 is not a field
    EXPECT_EQ(b.timer.read(TIMER_CTRL, 4, 11), TIMER_CTRL_ENABLE);
    EXPECT_EQ(b.timer.next_expiry(), 110u);  // the defined bits still took effect
    const auto errors = b.events.texts(EventKind::GuestError);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0], "write of 0x9 to TIMER_CTRL sets reserved bits 0x8 (ignored)");
}
