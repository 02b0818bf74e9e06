#include "peripherals/interrupt_controller.h"

#include <vector>

#include <gtest/gtest.h>

#include "peripheral_test_support.h"

using namespace q2686;

TEST(InterruptController, InterruptOutputFollowsPendingAndEnable) {
    EventLog log;
    InterruptController intc(log);
    std::vector<bool> changes;
    intc.on_output_change([&](bool level) { changes.push_back(level); });

    intc.set_line(Q2686_IRQ_UART1, true);
    EXPECT_EQ(intc.raw(), 1u << Q2686_IRQ_UART1);
    EXPECT_FALSE(intc.irq_asserted());  // not enabled
    EXPECT_TRUE(changes.empty());

    intc.write(INTC_ENABLE_SET, 4, 1u << Q2686_IRQ_UART1, 10);
    EXPECT_TRUE(intc.irq_asserted());
    EXPECT_EQ(intc.pending(), 1u << Q2686_IRQ_UART1);
    EXPECT_EQ(intc.read(INTC_PENDING, 4, 11), 1u << Q2686_IRQ_UART1);

    intc.set_line(Q2686_IRQ_UART1, true);  // same level: no change reported
    intc.set_line(Q2686_IRQ_TIMER0, true);
    intc.write(INTC_ENABLE, 4, 1u << Q2686_IRQ_TIMER0, 12);
    EXPECT_TRUE(intc.irq_asserted());  // TIMER0 now, output stays up
    intc.set_line(Q2686_IRQ_TIMER0, false);
    EXPECT_FALSE(intc.irq_asserted());
    intc.write(INTC_ENABLE_SET, 4, 1u << Q2686_IRQ_UART1, 13);
    EXPECT_TRUE(intc.irq_asserted());
    intc.write(INTC_ENABLE_CLR, 4, 1u << Q2686_IRQ_UART1, 14);
    EXPECT_FALSE(intc.irq_asserted());

    EXPECT_EQ(changes, (std::vector<bool>{true, false, true, false}));
}

TEST(InterruptController, InterruptSourceIsLowestPendingLine) {
    EventLog log;
    InterruptController intc(log);
    EXPECT_EQ(intc.read(INTC_SOURCE, 4, 0), INTC_NO_SOURCE);
    intc.write(INTC_ENABLE, 4, 0xFF, 0);
    intc.set_line(Q2686_IRQ_RTC, true);
    intc.set_line(Q2686_IRQ_UART2, true);
    EXPECT_EQ(intc.read(INTC_SOURCE, 4, 1), Q2686_IRQ_UART2);
    intc.write(INTC_ENABLE_CLR, 4, 1u << Q2686_IRQ_UART2, 2);
    EXPECT_EQ(intc.read(INTC_SOURCE, 4, 3), Q2686_IRQ_RTC);
    EXPECT_EQ(intc.read(INTC_RAW, 4, 3), (1u << Q2686_IRQ_RTC) | (1u << Q2686_IRQ_UART2));
}

TEST(InterruptController, InterruptLinesDrivenThroughIrqLine) {
    EventLog log;
    InterruptController intc(log);
    IrqLine line = intc.line(Q2686_IRQ_TIMER1);
    line.set(true);
    EXPECT_EQ(intc.raw(), 1u << Q2686_IRQ_TIMER1);
    line.set(false);
    EXPECT_EQ(intc.raw(), 0u);
    IrqLine{}.set(true);  // unconnected: nothing happens
    EXPECT_THROW(intc.set_line(Q2686_IRQ_COUNT, true), std::out_of_range);
}

TEST(InterruptController, InterruptResetClearsEnableButKeepsLineLevels) {
    EventLog log;
    InterruptController intc(log);
    intc.write(INTC_ENABLE, 4, 0x1, 0);
    intc.set_line(0, true);
    ASSERT_TRUE(intc.irq_asserted());
    intc.reset();
    EXPECT_FALSE(intc.irq_asserted());
    EXPECT_EQ(intc.read(INTC_ENABLE, 4, 1), 0u);
    EXPECT_EQ(intc.raw(), 1u);
}

TEST(InterruptController, InterruptRegisterMistakesAreGuestErrors) {
    EventLog log;
    test::EventCapture events(log);
    InterruptController intc(log);
    intc.write(INTC_RAW, 4, 1, 5);                    // read-only
    intc.write(INTC_PENDING, 4, 1, 5);                // read-only
    EXPECT_EQ(intc.read(INTC_ENABLE_SET, 4, 5), 0u);  // write-only
    EXPECT_EQ(intc.read(0x40, 4, 5), 0u);             // unknown
    intc.write(INTC_ENABLE, 1, 1, 5);                 // byte access
    EXPECT_EQ(intc.enable(), 0u);
    intc.write(INTC_ENABLE, 4, 0x1FF, 5);  // reserved bit 8
    EXPECT_EQ(intc.enable(), 0xFFu);
    EXPECT_EQ(events.count(EventKind::GuestError), 6u);
    EXPECT_EQ(intc.raw(), 0u);
}
