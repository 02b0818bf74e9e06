// The SIM through the real ROM: the card is a hardware fact (BASEBAND BB_SIM*, set from the
// host like --sim), the ROM's +CPIN/+CCID/+CIMI answer from it, "+WIND: 0/1" report removal
// and insertion (mask bit 0), and the radio registers only once the ROM has unlocked the SIM.

#include <algorithm>

#include "cli_runner.h"
#include "modem_fixture.h"

namespace q2686::integration {
namespace {

ModemConfig with_sim(SimCard card) {
    ModemConfig config = rom_config();
    config.sim = std::move(card);
    return config;
}

// A modem booted with `card` in the holder, +CME ERROR codes numeric.
class Sim : public ::testing::Test {
protected:
    void start(SimCard card) {
        rig.emplace(with_sim(std::move(card)));
        ASSERT_TRUE(rig->boot()) << "no +WIND: 3 within 10 s of power-on";
        ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    }
    AtReply cmd(std::string_view line) { return rig->cmd(line); }
    void wait(double s) { rig->at.wait(seconds(s)); }
    NetworkModel& net() { return rig->modem.network(); }

    std::optional<ModemUnderTest> rig;
};

TEST_F(Sim, ReadySimAnswersReadyIdentitiesAndRegisters) {
    start(SimCard{});
    wait(1);
    EXPECT_TRUE(Replied(cmd("AT+CPIN?"), {"+CPIN: READY"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CCID"), {"+CCID: \"8900101234567890123\""}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CIMI"), {"001010123456789"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CPIN=1234"), {}, "+CME ERROR: 3"));  // no PIN is awaited
    wait(3);
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,1"}, "OK"));
}

TEST_F(Sim, AbsentSimIsError10AndTheModemNeverRegisters) {
    start(SimCard{false, ""});
    wait(1);
    EXPECT_TRUE(Replied(cmd("AT+CPIN?"), {}, "+CME ERROR: 10"));
    EXPECT_TRUE(Replied(cmd("AT+CPIN=1234"), {}, "+CME ERROR: 10"));
    EXPECT_TRUE(Replied(cmd("AT+CCID"), {}, "+CME ERROR: 10"));
    EXPECT_TRUE(Replied(cmd("AT+CIMI"), {}, "+CME ERROR: 10"));
    wait(10);
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,0"}, "OK"));
    EXPECT_EQ(net().registration(), Registration::NotRegistered);
}

TEST_F(Sim, PinFlowRegistersOnlyAfterTheRightPin) {
    start(SimCard{true, "4321"});
    EXPECT_TRUE(Replied(cmd("AT+CPIN?"), {"+CPIN: SIM PIN"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CIMI"), {}, "+CME ERROR: 11"));
    EXPECT_TRUE(Replied(cmd("AT+CCID"), {"+CCID: \"8900101234567890123\""}, "OK"));  // on the card, no PIN needed
    wait(10);
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,0"}, "OK"));  // waiting for the PIN
    EXPECT_TRUE(Replied(cmd("AT+CPIN=1111"), {}, "+CME ERROR: 16"));
    EXPECT_TRUE(Replied(cmd("AT+CPIN?"), {"+CPIN: SIM PIN"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CPIN=12a4"), {}, "ERROR"));  // not a PIN: nothing changes
    EXPECT_TRUE(Replied(cmd("AT+CPIN=4321"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CPIN?"), {"+CPIN: READY"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CIMI"), {"001010123456789"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,2"}, "OK"));  // searching from the PIN on
    wait(3.5);
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,1"}, "OK"));
}

TEST_F(Sim, ThreeWrongPinsLeaveTheSimWaitingForItsPuk) {
    start(SimCard{true, "4321"});
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(Replied(cmd("AT+CPIN=0000"), {}, "+CME ERROR: 16"));
    EXPECT_TRUE(Replied(cmd("AT+CPIN?"), {"+CPIN: SIM PUK"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CPIN=4321"), {}, "+CME ERROR: 12"));
    EXPECT_TRUE(Replied(cmd("AT+CIMI"), {}, "+CME ERROR: 12"));
    wait(5);
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,0"}, "OK"));
}

TEST_F(Sim, RemovalAndInsertionAreWind0And1WithMaskBit0) {
    start(SimCard{});
    wait(4);
    ASSERT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,1"}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+WIND=13"), {}, "OK"));  // bit 0 on, with 3 and 4 kept
    const std::size_t mark = rig->at.transcript().size();
    net().set_sim(SimCard{false, ""}, rig->modem.now());
    ASSERT_TRUE(rig->at.wait_for("+WIND: 0", seconds(1)));
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,0"}, "OK"));  // deregistered at once
    EXPECT_TRUE(Replied(cmd("AT+CPIN?"), {}, "+CME ERROR: 10"));
    net().set_sim(SimCard{}, rig->modem.now());
    ASSERT_TRUE(rig->at.wait_for("+WIND: 1", seconds(1)));
    EXPECT_TRUE(Replied(cmd("AT+CPIN?"), {"+CPIN: READY"}, "OK"));
    wait(3.5);
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,1"}, "OK"));
    const Lines seen = rig->received_since(mark);
    EXPECT_EQ(std::count(seen.begin(), seen.end(), "+WIND: 0"), 1);
    EXPECT_EQ(std::count(seen.begin(), seen.end(), "+WIND: 1"), 1);
}

TEST_F(Sim, RemovalIsSilentWithoutMaskBit0) {
    start(SimCard{});
    const std::size_t mark = rig->at.transcript().size();
    net().set_sim(SimCard{false, ""}, rig->modem.now());
    wait(1);
    net().set_sim(SimCard{}, rig->modem.now());
    wait(1);
    for (const std::string& line : rig->received_since(mark)) EXPECT_FALSE(line.starts_with("+WIND: 0") || line.starts_with("+WIND: 1")) << line;
}

TEST_F(Sim, InsertedCardWithPinWaitsForItAgain) {
    start(SimCard{true, "4321"});
    ASSERT_TRUE(Replied(cmd("AT+CPIN=4321"), {}, "OK"));
    net().set_sim(SimCard{false, "4321"}, rig->modem.now());
    wait(0.5);
    net().set_sim(SimCard{true, "4321"}, rig->modem.now());
    wait(0.5);
    EXPECT_TRUE(Replied(cmd("AT+CPIN?"), {"+CPIN: SIM PIN"}, "OK"));
    wait(5);
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,0"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CPIN=4321"), {}, "OK"));
}

TEST_F(Sim, ResetLocksThePinAgain) {
    start(SimCard{true, "4321"});
    ASSERT_TRUE(Replied(cmd("AT+CPIN=4321"), {}, "OK"));
    ASSERT_TRUE(cmd("AT+CFUN=1").ok());  // a reset
    ASSERT_TRUE(rig->at.wait_for("+WIND: 3", seconds(10)));
    EXPECT_TRUE(Replied(cmd("AT+CPIN?"), {"+CPIN: SIM PIN"}, "OK"));
    wait(5);
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,0"}, "OK"));
}

TEST(SimCli, SimOptionSetsTheCardAndBadValuesExitTwo) {
    const CliResult r = run_cli("at --sim pin=1234 AT+CPIN? AT+CPIN=1234 AT+CPIN?");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("< +CPIN: SIM PIN"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("< +CPIN: READY"), std::string::npos) << r.output;
    const CliResult absent = run_cli("at --sim absent AT+CMEE=1 AT+CIMI");
    EXPECT_NE(absent.output.find("< +CME ERROR: 10"), std::string::npos) << absent.output;
    for (const char* bad : {"gone", "pin=12", "pin=123456789", "pin=12a4", "pin="}) {
        const CliResult b = run_cli(std::string("at --sim '") + bad + "' AT");
        EXPECT_EQ(b.exit_code, 2) << bad << ": " << b.output;
        EXPECT_NE(b.output.find("--sim"), std::string::npos) << bad << ": " << b.output;
    }
}

}  // namespace
}  // namespace q2686::integration
