#include "peripherals/register_map.h"

#include <gtest/gtest.h>

#include "peripheral_test_support.h"
#include "peripherals/timer.h"
#include "peripherals/uart.h"

using namespace q2686;

namespace {
constexpr std::array<RegisterSpec, 3> kMap = {{
    {0x00, "DEV_DATA", RegisterAccess::ReadWrite, 0, 0x3},
    {0x04, "DEV_STATUS", RegisterAccess::ReadOnly, 5, 0},
    {0x08, "DEV_GO", RegisterAccess::WriteOnly, 0, 0xFFFFFFFF},
}};
constexpr std::array<std::uint32_t, 1> kBytes = {0x00};
static_assert(is_well_formed(kMap));
static_assert(find_register(kMap, 0x04)->name == "DEV_STATUS");
static_assert(find_register(kMap, 0x0C) == nullptr);
static_assert(reset_value(kMap, 0x04) == 5);
constexpr std::array<RegisterSpec, 2> kUnsorted = {
    {{0x04, "B", RegisterAccess::ReadWrite, 0, 0}, {0x00, "A", RegisterAccess::ReadWrite, 0, 0}}};
static_assert(!is_well_formed(kUnsorted));

// The device tables come from hw/registers.txt: access, reset and writable bits included.
static_assert(find_register(kTimerRegisters, TIMER_CTRL)->writable ==
              (TIMER_CTRL_ENABLE | TIMER_CTRL_PERIODIC | TIMER_CTRL_IRQ_EN | TIMER_CTRL_PRESCALE_MASK));
static_assert(find_register(kTimerRegisters, TIMER_STATUS)->access == RegisterAccess::WriteOneToClear);
static_assert(find_register(kTimerRegisters, TIMER_STATUS)->writable == TIMER_STATUS_EXPIRED);
static_assert(find_register(kTimerRegisters, TIMER_LOAD)->writable == 0xFFFFFFFFu);
static_assert(find_register(kTimerRegisters, TIMER_VALUE)->writable == 0);
static_assert(find_register(kUartRegisters, UART_DATA)->writable == 0xFFu);
static_assert(find_register(kUartRegisters, UART_CLEAR)->writable == UART_STATUS_OVERRUN);
static_assert(reset_value(kUartRegisters, UART_STATUS) == (UART_STATUS_TX_READY | UART_STATUS_TX_IDLE));
}  // namespace

TEST(RegisterMap, ValidAccessesDecodeToTheirRegister) {
    EventLog log;
    test::EventCapture events(log);
    RegisterDecoder regs("dev", kMap, log, kBytes);
    EXPECT_EQ(regs.decode_read(0x04, 4, 1)->name, "DEV_STATUS");
    EXPECT_EQ(regs.decode_write(0x08, 4, 1, 1)->name, "DEV_GO");
    EXPECT_EQ(regs.decode_write(0x00, 1, 'A', 1)->name, "DEV_DATA");  // byte-accessible
    EXPECT_TRUE(events.events.empty());
}

TEST(RegisterMap, AccessErrorsAreLoggedAsGuestErrors) {
    EventLog log;
    test::EventCapture events(log);
    RegisterDecoder regs("dev", kMap, log, kBytes);
    EXPECT_EQ(regs.decode_read(0x40, 4, 10), nullptr);      // unknown offset
    EXPECT_EQ(regs.decode_write(0x04, 4, 1, 11), nullptr);  // read-only
    EXPECT_EQ(regs.decode_read(0x08, 4, 12), nullptr);      // write-only
    EXPECT_EQ(regs.decode_read(0x04, 1, 13), nullptr);      // byte access to a word register
    EXPECT_EQ(regs.decode_write(0x06, 2, 1, 14), nullptr);  // inside a register
    ASSERT_EQ(events.count(EventKind::GuestError), 5u);
    const auto texts = events.texts(EventKind::GuestError);
    EXPECT_EQ(texts[0], "read32 of unknown register offset +0x40");
    EXPECT_EQ(texts[1], "write of 0x1 to read-only DEV_STATUS ignored");
    EXPECT_EQ(texts[2], "read of write-only DEV_GO returns 0");
    EXPECT_EQ(texts[3], "read8 of DEV_STATUS: only 32-bit accesses are allowed");
    EXPECT_EQ(texts[4], "write16 at +0x6 inside DEV_STATUS: registers are 32-bit words");
    EXPECT_EQ(events.events[0].source, "dev");
    EXPECT_EQ(events.events[0].when, 10u);
}

TEST(RegisterMap, ReservedBitsAreGuestErrorsAndMaskedOff) {
    EventLog log;
    test::EventCapture events(log);
    RegisterDecoder regs("dev", kMap, log);
    EXPECT_EQ(regs.writable_bits(kMap[0], 0x3, 1), 0x3u);  // DEV_DATA's writable mask is 0x3
    EXPECT_EQ(events.count(EventKind::GuestError), 0u);
    EXPECT_EQ(regs.writable_bits(kMap[0], 0x13, 1), 0x3u);
    EXPECT_EQ(events.count(EventKind::GuestError), 1u);
    EXPECT_EQ(events.texts(EventKind::GuestError)[0], "write of 0x13 to DEV_DATA sets reserved bits 0x10 (ignored)");
}
