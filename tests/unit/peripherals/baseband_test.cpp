// Baseband (BASEBAND): the firmware's registers over NetworkModel.
#include "peripherals/baseband.h"

#include <gtest/gtest.h>

#include "peripheral_test_support.h"
#include "peripherals/interrupt_controller.h"

using namespace q2686;

namespace {
constexpr Cycles kSecond = 104'000'000;

struct BasebandBench {
    EventLog log;
    test::EventCapture events{log};
    CycleScheduler scheduler;
    InterruptController intc{log};
    NetworkModel network{scheduler, log, ClockRate{}};
    Baseband bb{network, log, intc.line(Q2686_IRQ_BASEBAND)};

    BasebandBench() { intc.write(INTC_ENABLE, 4, 1u << Q2686_IRQ_BASEBAND, 0); }
    std::uint32_t rd(std::uint32_t offset, Cycles at = 0) { return bb.read(offset, 4, at); }
    void wr(std::uint32_t offset, std::uint32_t value, Cycles at = 0) { bb.write(offset, 4, value, at); }
    bool irq() { return intc.read(INTC_PENDING, 4, 0) & (1u << Q2686_IRQ_BASEBAND); }
    void run(Cycles until) { test::run_until(scheduler, until); }
};

TEST(Baseband, ShowsRegistrationSignalAndOperator) {
    BasebandBench b;
    b.network.power_on(0);
    EXPECT_EQ(b.rd(BB_REG), BB_REG_SEARCHING);
    EXPECT_EQ(b.rd(BB_CSQ), 0x6363u);
    EXPECT_EQ(b.rd(BB_OPER(0)), 0u);
    b.run(3 * kSecond);
    EXPECT_EQ(b.rd(BB_REG), BB_REG_HOME);
    EXPECT_EQ(b.rd(BB_CSQ), 18u);
    EXPECT_EQ(b.rd(BB_LAC), 0x2A1Fu);
    EXPECT_EQ(b.rd(BB_CELL_ID), 0x4E21u);
    EXPECT_EQ(b.rd(BB_PLMN), (1u << 16) | 1u);
    EXPECT_EQ(b.rd(BB_OPER(0)), 0x38363251u);  // "Q268"
    EXPECT_EQ(b.rd(BB_OPER(1)), 0x554D4536u);  // "6EMU"
    EXPECT_EQ(b.rd(BB_OPER(2)), 0u);
}

TEST(Baseband, EventsRaiseTheIrqWhenEnabledAndClearByWritingOne) {
    BasebandBench b;
    b.network.power_on(0);
    EXPECT_EQ(b.rd(BB_EVENT), BB_EVENT_REG);
    EXPECT_FALSE(b.irq());
    b.wr(BB_IRQ_EN, BB_EVENT_ALL);
    EXPECT_TRUE(b.irq());
    b.wr(BB_EVENT, BB_EVENT_REG);
    EXPECT_FALSE(b.irq());
    b.run(3 * kSecond);
    EXPECT_EQ(b.rd(BB_EVENT), BB_EVENT_REG | BB_EVENT_SIGNAL | BB_EVENT_NITZ);  // registered: NITZ too
    EXPECT_TRUE(b.irq());
}

TEST(Baseband, ShowsTheLastNitzMessage) {
    BasebandBench b;
    NitzSettings s;
    apply_nitz_knobs(s, "zone=-20,dst=1,full=Q2686 Emulator,short=Q2686");
    b.network.set_nitz(s, 0);
    b.network.power_on(0);
    EXPECT_EQ(b.rd(BB_NITZ_DATE), 0u);  // none since power-on
    b.run(3 * kSecond);
    EXPECT_EQ(b.rd(BB_NITZ_DATE), (2026u << 16) | (3u << 8) | 15u);  // 2026-03-15T09:00:03Z
    EXPECT_EQ(b.rd(BB_NITZ_TIME), (9u << 16) | (0u << 8) | 3u);
    EXPECT_EQ(b.rd(BB_NITZ_ZONE), (static_cast<std::uint32_t>(-20) & 0xFFu) | (1u << 8));
    EXPECT_EQ(b.rd(BB_NITZ_FULL(0)), 0x38363251u);  // "Q268"
    EXPECT_EQ(b.rd(BB_NITZ_FULL(3)), 0x0000726Fu);  // "or"
    EXPECT_EQ(b.rd(BB_NITZ_FULL(4)), 0u);
    EXPECT_EQ(b.rd(BB_NITZ_SHORT(1)), 0x00000036u);  // "6"
    b.network.power_off(4 * kSecond);
    EXPECT_EQ(b.rd(BB_NITZ_DATE), 0u);
    EXPECT_EQ(b.rd(BB_NITZ_FULL(0)), 0u);
}

TEST(Baseband, AttachCommandIsBusyThenDone) {
    BasebandBench b;
    b.network.power_on(0);
    b.run(3 * kSecond);
    b.wr(BB_EVENT, BB_EVENT_ALL);
    b.wr(BB_CMD, BB_CMD_ATTACH, 3 * kSecond);
    EXPECT_EQ(b.rd(BB_RESULT), BB_RESULT_BUSY);
    b.run(4 * kSecond);
    EXPECT_EQ(b.rd(BB_RESULT), 0u);
    EXPECT_EQ(b.rd(BB_GPRS), BB_GPRS_ATTACHED);
    EXPECT_EQ(b.rd(BB_EVENT), BB_EVENT_GPRS | BB_EVENT_DONE);
}

TEST(Baseband, PdpActivationUsesTheApnWindowAndShowsTheAddress) {
    BasebandBench b;
    b.network.power_on(0);
    b.run(3 * kSecond);
    b.wr(BB_APN(0), 0x65746E69);  // "inte"
    b.wr(BB_APN(1), 0x74656E72);  // "rnet"
    b.wr(BB_APN(2), 0);
    EXPECT_EQ(b.bb.apn(), "internet");
    b.wr(BB_CMD, BB_CMD_PDP_ACTIVATE | (1u << BB_CMD_CID_SHIFT), 3 * kSecond);
    b.run(6 * kSecond);
    EXPECT_EQ(b.rd(BB_RESULT), 0u);
    EXPECT_EQ(b.rd(BB_PDP_ACTIVE), 1u << 1);
    b.wr(BB_PDP_SELECT, 1);
    EXPECT_EQ(b.rd(BB_PDP_IP), 0x0A400102u);  // 10.64.1.2
    EXPECT_EQ(b.rd(BB_PDP_DNS1), 0x0A400001u);
    EXPECT_EQ(b.network.context(1).apn, "internet");
    b.wr(BB_PDP_SELECT, 2);
    EXPECT_EQ(b.rd(BB_PDP_IP), 0u);
}

TEST(Baseband, GuestMistakesAreLoggedNotFatal) {
    BasebandBench b;
    b.network.power_on(0);
    b.wr(BB_CMD, 0x77);
    b.wr(BB_PDP_SELECT, 9);
    b.wr(BB_REG, 1);
    EXPECT_EQ(b.rd(BB_PDP_SELECT), 1u);
    EXPECT_EQ(b.events.count(EventKind::GuestError), 3u);
    b.wr(BB_CMD, BB_CMD_PDP_ACTIVATE | (7u << BB_CMD_CID_SHIFT));
    EXPECT_EQ(b.rd(BB_RESULT), 3u);  // operation not allowed
}

TEST(Baseband, ResetClearsTheFirmwareRegisters) {
    BasebandBench b;
    b.network.power_on(0);
    b.wr(BB_IRQ_EN, BB_EVENT_ALL);
    b.wr(BB_APN(0), 0x41414141);
    b.bb.reset();
    EXPECT_EQ(b.rd(BB_IRQ_EN), 0u);
    EXPECT_EQ(b.rd(BB_EVENT), 0u);
    EXPECT_EQ(b.bb.apn(), "");
    EXPECT_FALSE(b.irq());
}

}  // namespace

TEST(Baseband, RadioOffDeregistersDetachesAndEndsTheProcedureAtOnce) {
    BasebandBench b;
    b.network.power_on(0);
    b.run(3 * kSecond);
    b.wr(BB_CMD, BB_CMD_ATTACH, 3 * kSecond);
    b.run(5 * kSecond);
    ASSERT_EQ(b.rd(BB_GPRS), BB_GPRS_ATTACHED);
    b.wr(BB_CMD, BB_CMD_PDP_ACTIVATE | (1u << BB_CMD_CID_SHIFT), 5 * kSecond);  // running
    b.wr(BB_EVENT, BB_EVENT_ALL, 5 * kSecond);
    EXPECT_EQ(b.rd(BB_RADIO), BB_RADIO_ON);
    b.wr(BB_RADIO, 0, 5 * kSecond);
    EXPECT_EQ(b.rd(BB_RADIO), 0u);
    EXPECT_EQ(b.rd(BB_REG), BB_REG_NOT_REGISTERED);
    EXPECT_EQ(b.rd(BB_CSQ), 0x6363u);
    EXPECT_EQ(b.rd(BB_GPRS), 0u);
    EXPECT_EQ(b.rd(BB_RESULT), 30u);  // the activation ended: no network service
    EXPECT_EQ(b.rd(BB_EVENT), BB_EVENT_REG | BB_EVENT_SIGNAL | BB_EVENT_GPRS | BB_EVENT_DONE);
    b.run(60 * kSecond);  // and it stays off: no registration
    EXPECT_EQ(b.rd(BB_REG), BB_REG_NOT_REGISTERED);
    b.wr(BB_RADIO, BB_RADIO_ON, 60 * kSecond);
    EXPECT_EQ(b.rd(BB_REG), BB_REG_SEARCHING);
    b.run(64 * kSecond);
    EXPECT_EQ(b.rd(BB_REG), BB_REG_HOME);
}
