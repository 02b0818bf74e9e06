#include "peripherals/uart.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "peripheral_test_support.h"
#include "peripherals/interrupt_controller.h"

using namespace q2686;

namespace {
// 8N1 at 115200 baud and 104 MHz: 10 * 104e6 / 115200 = 9027.78 cycles per character.
Cycles char_end(std::uint64_t k, std::uint64_t baud = 115'200) {
    return (k * 10 * 104'000'000 + baud - 1) / baud;
}

struct UartBench {
    EventLog log;
    test::EventCapture events{log};
    CycleScheduler scheduler;
    InterruptController intc{log};
    std::vector<std::pair<std::uint8_t, Cycles>> sent;  // what the host received, when
    Uart uart{"uart1", scheduler, log, ClockRate{}, intc.line(Q2686_IRQ_UART1), [this](std::uint8_t byte, Cycles when) {
                  sent.emplace_back(byte, when);
              }};

    UartBench() { intc.write(INTC_ENABLE, 4, 1u << Q2686_IRQ_UART1, 0); }
    std::uint32_t status(Cycles at) { return uart.read(UART_STATUS, 4, at); }
    unsigned rx_level(Cycles at) { return (status(at) >> UART_STATUS_RX_LEVEL_SHIFT) & 0xFF; }
    unsigned tx_level(Cycles at) { return (status(at) >> UART_STATUS_TX_LEVEL_SHIFT) & 0xFF; }
    std::string drain(Cycles at) {
        std::string out;
        while (status(at) & UART_STATUS_RX_READY) out.push_back(static_cast<char>(uart.read(UART_DATA, 4, at)));
        return out;
    }
    std::string sent_text() const {
        std::string out;
        for (auto [byte, when] : sent) out.push_back(static_cast<char>(byte));
        return out;
    }
};
}  // namespace

TEST(Uart, UartDeliversOneCharacterPerCharacterTime) {
    UartBench b;
    b.uart.host_send("AT\r");
    EXPECT_EQ(b.uart.host_pending(), 3u);
    test::run_until(b.scheduler, char_end(1) - 1);
    EXPECT_EQ(b.rx_level(b.scheduler.now()), 0u);
    test::run_until(b.scheduler, char_end(1));
    EXPECT_EQ(char_end(1), 9028u);
    EXPECT_EQ(b.rx_level(b.scheduler.now()), 1u);
    EXPECT_EQ(b.uart.host_pending(), 2u);
    test::run_until(b.scheduler, char_end(2));
    EXPECT_EQ(b.rx_level(b.scheduler.now()), 2u);
    test::run_until(b.scheduler, char_end(3));
    EXPECT_EQ(b.uart.host_pending(), 0u);
    EXPECT_EQ(b.drain(b.scheduler.now()), "AT\r");
    EXPECT_EQ(b.uart.read(UART_DATA, 4, b.scheduler.now()), 0u);  // empty reads 0
    EXPECT_EQ(b.scheduler.next_due(), kNever);
    EXPECT_EQ(b.events.events.size(), 0u);  // traffic is not an event
}

TEST(Uart, UartLongTransferDoesNotDrift) {
    UartBench b;
    b.uart.host_send(std::string(1000, 'x'));
    std::vector<Cycles> arrivals;
    while (b.scheduler.next_due() != kNever) {
        test::run_until(b.scheduler, b.scheduler.next_due());
        for (const char c : b.drain(b.scheduler.now())) {
            EXPECT_EQ(c, 'x');
            arrivals.push_back(b.scheduler.now());
        }
    }
    ASSERT_EQ(arrivals.size(), 1000u);
    for (std::size_t k = 0; k < arrivals.size(); ++k) ASSERT_EQ(arrivals[k], char_end(k + 1)) << k;
    EXPECT_EQ(arrivals.back(), 9'027'778u);  // 1000 * 9027.78, not 1000 * 9028
}

TEST(Uart, RxOverrunWhenFirmwareTooSlow) {
    UartBench b;
    b.uart.host_send("ABCDEFGHIJKLMNOPQRST");  // 20 bytes into a 16-byte FIFO nobody reads
    test::run_until(b.scheduler, char_end(20));
    EXPECT_EQ(b.rx_level(b.scheduler.now()), 16u);
    EXPECT_TRUE(b.status(b.scheduler.now()) & UART_STATUS_OVERRUN);
    EXPECT_EQ(b.uart.rx_lost(), 4u);
    EXPECT_EQ(b.uart.host_pending(), 0u);
    ASSERT_EQ(b.events.count(EventKind::Uart), 1u);  // one event per overrun episode
    EXPECT_EQ(b.events.events[0].text, "RX overrun: 0x51 lost, RX FIFO full");
    EXPECT_EQ(b.events.events[0].when, char_end(17));
    EXPECT_EQ(b.drain(b.scheduler.now()), "ABCDEFGHIJKLMNOP");  // the first 16 survive
    EXPECT_EQ(b.uart.read(UART_CLEAR, 4, b.scheduler.now()), UART_STATUS_OVERRUN);
    b.uart.write(UART_CLEAR, 4, UART_STATUS_OVERRUN, b.scheduler.now());
    EXPECT_FALSE(b.status(b.scheduler.now()) & UART_STATUS_OVERRUN);
}

TEST(Uart, UartTransmitsOneCharacterPerCharacterTime) {
    UartBench b;
    for (const char c : std::string("OK\r\n")) b.uart.write(UART_DATA, 4, static_cast<std::uint8_t>(c), 1000);
    const std::uint32_t s = b.status(1000);
    EXPECT_EQ(b.tx_level(1000), 3u);  // the first character went straight to the shifter
    EXPECT_FALSE(s & UART_STATUS_TX_IDLE);
    EXPECT_TRUE(s & UART_STATUS_TX_READY);
    test::run_until(b.scheduler, 1000 + char_end(4));
    EXPECT_EQ(b.sent_text(), "OK\r\n");
    ASSERT_EQ(b.sent.size(), 4u);
    for (std::uint64_t k = 0; k < 4; ++k) EXPECT_EQ(b.sent[k].second, 1000 + char_end(k + 1));
    EXPECT_TRUE(b.status(b.scheduler.now()) & UART_STATUS_TX_IDLE);
}

TEST(Uart, UartTransmitStreamRestartsAfterIdle) {
    UartBench b;
    b.uart.write(UART_DATA, 4, 'A', 0);
    b.uart.write(UART_DATA, 4, 'B', 50'000);  // the line went idle at 9028
    test::run_until(b.scheduler, 100'000);
    ASSERT_EQ(b.sent.size(), 2u);
    EXPECT_EQ(b.sent[0].second, 9028u);
    EXPECT_EQ(b.sent[1].second, 50'000 + 9028u);
}

TEST(Uart, UartCharactersAreVisibleToAnAccessBeforeTheirEventsRun) {
    UartBench b;
    b.uart.host_send("Z");
    b.uart.write(UART_DATA, 4, 'Y', 0);
    // The CPU's block started before the characters completed; its access after that sees them.
    EXPECT_EQ(b.uart.read(UART_DATA, 4, 9028), 'Z');
    ASSERT_EQ(b.sent.size(), 1u);
    EXPECT_EQ(b.sent[0], (std::pair<std::uint8_t, Cycles>{'Y', 9028}));
    EXPECT_EQ(b.scheduler.next_due(), kNever);
}

TEST(Uart, UartTxFifoFullIsGuestErrorAndDropsTheByte) {
    UartBench b;
    for (int i = 0; i < 18; ++i) b.uart.write(UART_DATA, 4, static_cast<std::uint32_t>('a' + i), 0);
    EXPECT_EQ(b.tx_level(0), 16u);
    EXPECT_FALSE(b.status(0) & UART_STATUS_TX_READY);
    ASSERT_EQ(b.events.count(EventKind::GuestError), 1u);
    EXPECT_EQ(b.events.events[0].text, "UART_DATA write of 0x72 with the TX FIFO full: dropped");
    test::run_until(b.scheduler, char_end(20));
    EXPECT_EQ(b.sent_text(), "abcdefghijklmnopq");
}

TEST(Uart, UartInterruptFollowsReadyAndEnable) {
    UartBench b;
    b.uart.write(UART_CTRL, 4, UART_CTRL_TX_IRQ_EN, 0);
    EXPECT_TRUE(b.intc.irq_asserted());  // TX FIFO not full
    for (int i = 0; i < 17; ++i) b.uart.write(UART_DATA, 4, '.', 0);
    EXPECT_FALSE(b.intc.irq_asserted());  // full
    test::run_until(b.scheduler, char_end(1));
    EXPECT_TRUE(b.intc.irq_asserted());  // one slot free again
    b.uart.write(UART_CTRL, 4, UART_CTRL_RX_IRQ_EN, char_end(1));
    EXPECT_FALSE(b.intc.irq_asserted());
    b.uart.host_send("!");
    test::run_until(b.scheduler, b.scheduler.now() + char_end(1));
    EXPECT_TRUE(b.intc.irq_asserted());
    EXPECT_EQ(b.uart.read(UART_DATA, 1, b.scheduler.now()), '!');
    EXPECT_FALSE(b.intc.irq_asserted());
}

TEST(Uart, UartBaudChangeSetsCharacterTimeAndIsAnEvent) {
    UartBench b;
    b.uart.write(UART_BAUD, 4, 9600, 0);
    EXPECT_EQ(b.uart.read(UART_BAUD, 4, 0), 9600u);
    EXPECT_EQ(b.events.texts(EventKind::Uart), (std::vector<std::string>{"baud 115200 -> 9600"}));
    b.uart.write(UART_DATA, 4, 'A', 0);
    b.uart.write(UART_DATA, 4, 'B', 0);
    test::run_until(b.scheduler, 1'000'000);
    ASSERT_EQ(b.sent.size(), 2u);
    EXPECT_EQ(b.sent[0].second, 108'334u);  // 10 * 104e6 / 9600 = 108333.3
    EXPECT_EQ(b.sent[1].second, 216'667u);
}

TEST(Uart, UartBaudChangeAppliesAfterTheCharacterOnTheWire) {
    UartBench b;
    b.uart.write(UART_DATA, 4, 'A', 0);
    b.uart.write(UART_DATA, 4, 'B', 0);
    b.uart.write(UART_BAUD, 4, 9600, 100);
    test::run_until(b.scheduler, 1'000'000);
    ASSERT_EQ(b.sent.size(), 2u);
    EXPECT_EQ(b.sent[0].second, 9028u);
    EXPECT_EQ(b.sent[1].second, 9028u + 108'334u);
}

TEST(Uart, UartBaudOutOfRangeIsGuestError) {
    UartBench b;
    b.uart.write(UART_BAUD, 4, 299, 0);
    b.uart.write(UART_BAUD, 4, 4'000'001, 0);
    b.uart.write(UART_BAUD, 4, 0, 0);
    EXPECT_EQ(b.events.count(EventKind::GuestError), 3u);
    EXPECT_EQ(b.uart.read(UART_BAUD, 4, 0), 115'200u);
    b.uart.write(UART_BAUD, 4, 300, 0);
    b.uart.write(UART_BAUD, 4, 4'000'000, 0);
    EXPECT_EQ(b.events.count(EventKind::GuestError), 3u);
    EXPECT_EQ(b.uart.baud(), 4'000'000u);
}

TEST(Uart, UartByteAccessOnlyToData) {
    UartBench b;
    b.uart.write(UART_DATA, 1, 'x', 0);  // strb: fine
    b.uart.read(UART_STATUS, 1, 0);      // ldrb of a word register
    b.uart.write(UART_STATUS, 4, 0, 0);  // read-only
    b.uart.write(UART_CTRL, 4, 0x8, 0);  // reserved bit
    b.uart.read(0x14, 4, 0);             // unknown
    EXPECT_EQ(b.events.count(EventKind::GuestError), 4u);
    test::run_until(b.scheduler, char_end(1));
    EXPECT_EQ(b.sent_text(), "x");
}

TEST(Uart, UartHostSendAfterIdleStartsAtNow) {
    UartBench b;
    b.uart.host_send("a");
    test::run_until(b.scheduler, 1'000'000);
    b.uart.host_send("b");
    test::run_until(b.scheduler, 1'000'000 + char_end(1) - 1);
    EXPECT_EQ(b.drain(b.scheduler.now()), "a");
    test::run_until(b.scheduler, 1'000'000 + char_end(1));
    EXPECT_EQ(b.drain(b.scheduler.now()), "b");
}

TEST(Uart, UartResetEmptiesFifosAndKeepsHostBytesComing) {
    UartBench b;
    b.uart.write(UART_CTRL, 4, UART_CTRL_RX_IRQ_EN, 0);
    b.uart.write(UART_BAUD, 4, 57'600, 0);
    b.uart.host_send("12345");
    for (int i = 0; i < 5; ++i) b.uart.write(UART_DATA, 4, 'T', 0);
    test::run_until(b.scheduler, 2 * char_end(2) + 1);  // two bytes in at 57600
    ASSERT_TRUE(b.intc.irq_asserted());
    b.uart.reset();
    EXPECT_FALSE(b.intc.irq_asserted());
    for (const RegisterSpec& reg : kUartRegisters) {
        if (reg.offset == UART_DATA) continue;
        EXPECT_EQ(b.uart.read(reg.offset, 4, b.scheduler.now()), reg.reset) << reg.name;
    }
    EXPECT_EQ(b.uart.host_pending(), 3u);
    test::run_until(b.scheduler, 10'000'000);
    EXPECT_EQ(b.drain(b.scheduler.now()), "345");
    EXPECT_LT(b.sent.size(), 5u);  // what was still in the TX FIFO is gone
}

// ---- RTS/CTS flow control (AT+IFC): CTRL.CTS is the modem's clear-to-send output ----------

TEST(Uart, AHostThatHonoursCtsWaitsWhileItIsLowAndResumesWhenItRises) {
    UartBench b;
    b.uart.set_host_honours_cts(true);
    b.uart.host_send("ATI\r");
    test::run_until(b.scheduler, char_end(10));
    EXPECT_EQ(b.rx_level(b.scheduler.now()), 0u) << "CTS is low after reset: nothing may be sent";
    EXPECT_EQ(b.uart.host_pending(), 4u);
    const Cycles raised = char_end(10);
    b.uart.write(UART_CTRL, 4, UART_CTRL_CTS, raised);
    test::run_until(b.scheduler, raised + char_end(1) - 1);
    EXPECT_EQ(b.rx_level(b.scheduler.now()), 0u);
    test::run_until(b.scheduler, raised + char_end(1));
    EXPECT_EQ(b.rx_level(b.scheduler.now()), 1u) << "the first character starts when CTS rises";
    // CTS drops while the second character is on the wire: it completes, the third waits.
    b.uart.write(UART_CTRL, 4, 0, raised + char_end(1) + 100);
    test::run_until(b.scheduler, raised + char_end(6));
    EXPECT_EQ(b.drain(b.scheduler.now()), "AT");
    EXPECT_EQ(b.uart.host_pending(), 2u);
    const Cycles again = raised + char_end(6);
    b.uart.write(UART_CTRL, 4, UART_CTRL_CTS, again);
    test::run_until(b.scheduler, again + char_end(2));
    EXPECT_EQ(b.drain(b.scheduler.now()), "I\r");
    EXPECT_EQ(b.uart.rx_lost(), 0u);
}

TEST(Uart, AHostThatIgnoresCtsSendsWhateverCtsSays) {
    UartBench b;  // the default: CTS is not looked at
    b.uart.host_send("AT\r");
    test::run_until(b.scheduler, char_end(3));
    EXPECT_EQ(b.drain(b.scheduler.now()), "AT\r");
}

TEST(Uart, AHostHonouringCtsNeverOverrunsTheFifoOfAFirmwareThatDropsCtsInTime) {
    // The firmware's side of the contract: CTS low before the FIFO is full. 40 bytes, a FIFO of
    // 16: the host stops at each drop and nothing is lost.
    UartBench b;
    b.uart.set_host_honours_cts(true);
    b.uart.write(UART_CTRL, 4, UART_CTRL_CTS, 0);
    const std::string text(40, 'x');
    b.uart.host_send(text);
    std::string received;
    Cycles at = 0;
    while (received.size() < text.size() && at < char_end(1000)) {
        at += char_end(1);
        test::run_until(b.scheduler, at);
        if (b.rx_level(at) >= UART_FIFO_DEPTH - 2) {
            b.uart.write(UART_CTRL, 4, 0, at);  // too full: CTS off, read it later
            at += char_end(5);
            test::run_until(b.scheduler, at);
            received += b.drain(at);
            b.uart.write(UART_CTRL, 4, UART_CTRL_CTS, at);
        }
    }
    test::run_until(b.scheduler, at + char_end(20));
    received += b.drain(b.scheduler.now());
    EXPECT_EQ(received, text);
    EXPECT_EQ(b.uart.rx_lost(), 0u);
}
