// The network AT commands (+CREG, +CGREG, +CSQ, +COPS, +CGATT, +CGDCONT, +CGACT, +CGPADDR)
// answered by the ROM over the BASEBAND device and the host's NetworkModel, in virtual time.

#include <array>
#include <cstdio>

#include "cli_runner.h"
#include "modem_fixture.h"

namespace q2686::integration {
namespace {

class Network : public BootedModem {
protected:
    NetworkModel& net() { return rig.modem.network(); }
    Cycles now() { return rig.modem.now(); }
    void wait(double s) { rig.at.wait(seconds(s)); }
    // Waits until registered (3 s after power-on).
    void registered() {
        wait(4);
        ASSERT_EQ(net().registration(), Registration::Home);
    }
    void define_internet() { ASSERT_TRUE(Replied(cmd("AT+CGDCONT=1,\"IP\",\"internet\""), {}, "OK")); }
};

// ---- registration ---------------------------------------------------------------------------

TEST_F(Network, CregRightAfterBootIsSearching) {
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,2"}, "OK"));
}

TEST_F(Network, CregIsHomeAfterTenSeconds) {
    wait(10);
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,1"}, "OK"));
}

TEST_F(Network, CregTestAndBadModes) {
    EXPECT_TRUE(Replied(cmd("AT+CREG=?"), {"+CREG: (0-2)"}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CREG=3"), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+CREG=\"1\""), {}, "+CME ERROR: 3"));
}

TEST_F(Network, CregMode1SendsUrcOnRegistrationChanges) {
    ASSERT_TRUE(Replied(cmd("AT+CREG=1"), {}, "OK"));
    ASSERT_TRUE(rig.at.wait_for("+CREG: 1", seconds(5)));
    const std::size_t mark = rig.at.transcript().size();
    net().drop(now());
    ASSERT_TRUE(rig.at.wait_for("+CREG: 2", seconds(1)));
    net().recover(now());
    ASSERT_TRUE(rig.at.wait_for("+CREG: 1", seconds(5)));
    EXPECT_EQ(rig.received_since(mark), (Lines{"+CREG: 2", "+CREG: 1"}));
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 1,1"}, "OK"));
}

TEST_F(Network, CregMode2ShowsLacAndCellId) {
    ASSERT_TRUE(Replied(cmd("AT+CREG=2"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 2,2"}, "OK"));
    ASSERT_TRUE(rig.at.wait_for("+CREG: 1,\"2A1F\",\"4E21\"", seconds(5)));
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 2,1,\"2A1F\",\"4E21\""}, "OK"));
}

TEST_F(Network, RoamingIsStat5AndDeniedStat3) {
    registered();
    net().set_registration(Registration::Roaming, now());
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,5"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+COPS?"), {"+COPS: 0,0,\"Q2686EMU\""}, "OK"));
    net().set_registration(Registration::Denied, now());
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,3"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+COPS?"), {"+COPS: 0"}, "OK"));
}

TEST_F(Network, WindMaskEnablesNetworkIndications) {
    ASSERT_TRUE(Replied(cmd("AT+WIND=192"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIND?"), {"+WIND: 192"}, "OK"));
    ASSERT_TRUE(rig.at.wait_for("+WIND: 7", seconds(5)));
    net().drop(now());
    EXPECT_TRUE(rig.at.wait_for("+WIND: 8", seconds(1)));
}

// ---- signal and operator ---------------------------------------------------------------------

TEST_F(Network, CsqDefaultAndAfterChange) {
    EXPECT_TRUE(Replied(cmd("AT+CSQ"), {"+CSQ: 99,99"}, "OK"));  // still searching
    registered();
    EXPECT_TRUE(Replied(cmd("AT+CSQ"), {"+CSQ: 18,0"}, "OK"));
    net().set_csq(25, now());
    EXPECT_TRUE(Replied(cmd("AT+CSQ"), {"+CSQ: 25,0"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CSQ=?"), {"+CSQ: (0-31,99),(0-7,99)"}, "OK"));
}

TEST_F(Network, CopsShowsTheOperatorOnceRegistered) {
    EXPECT_TRUE(Replied(cmd("AT+COPS?"), {"+COPS: 0"}, "OK"));
    registered();
    EXPECT_TRUE(Replied(cmd("AT+COPS?"), {"+COPS: 0,0,\"Q2686EMU\""}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+COPS=?"), {"+COPS: (2,\"Q2686EMU\",\"Q2686EMU\",\"00101\"),,(0-4),(0-2)"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+COPS=0"), {}, "OK"));
}

// ---- GPRS attach -----------------------------------------------------------------------------

TEST_F(Network, CgattCompletesAfterAboutOneSecond) {
    registered();
    EXPECT_TRUE(Replied(cmd("AT+CGATT?"), {"+CGATT: 0"}, "OK"));
    const AtReply r = cmd("AT+CGATT=1");
    ASSERT_TRUE(Replied(r, {}, "OK"));
    EXPECT_NEAR(to_seconds(r.finished - r.sent), 1.0, 0.05);
    EXPECT_TRUE(Replied(cmd("AT+CGATT?"), {"+CGATT: 1"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGREG?"), {"+CGREG: 0,1"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGATT=0"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGATT?"), {"+CGATT: 0"}, "OK"));
}

TEST_F(Network, CgregMode1ReportsAttach) {
    registered();
    EXPECT_TRUE(Replied(cmd("AT+CGREG?"), {"+CGREG: 0,0"}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+CGREG=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGATT=1"), {"+CGREG: 1"}, "OK"));  // the URC arrives before OK
    EXPECT_TRUE(Replied(cmd("AT+CGREG?"), {"+CGREG: 1,1"}, "OK"));
}

TEST_F(Network, RefusedAttachIsCmeError107) {
    registered();
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    net().set_attach_refused(true, now());
    EXPECT_TRUE(Replied(cmd("AT+CGATT=1"), {}, "+CME ERROR: 107"));
    ASSERT_TRUE(Replied(cmd("AT+CMEE=2"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGATT=1"), {}, "+CME ERROR: GPRS services not allowed"));
    net().set_attach_refused(false, now());
    EXPECT_TRUE(Replied(cmd("AT+CGATT=1"), {}, "OK"));
}

TEST_F(Network, AttachWithoutNetworkIsNoNetworkService) {
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGATT=1"), {}, "+CME ERROR: 30"));
    ASSERT_TRUE(Replied(cmd("AT+CMEE=0"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGATT=1"), {}, "ERROR"));
    ASSERT_TRUE(Replied(cmd("AT+CMEE=2"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGATT=1"), {}, "+CME ERROR: no network service"));
}

// ---- PDP contexts ------------------------------------------------------------------------------

TEST_F(Network, CgdcontDefinesAndListsContexts) {
    define_internet();
    EXPECT_TRUE(Replied(cmd("AT+CGDCONT?"), {"+CGDCONT: 1,\"IP\",\"internet\",\"0.0.0.0\",0,0"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGDCONT=?"), {"+CGDCONT: (1-3),\"IP\",,,(0),(0)"}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGDCONT=4,\"IP\",\"x\""), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+CGDCONT=1,\"PPP\",\"x\""), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+CGDCONT=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGDCONT?"), {}, "OK"));
}

TEST_F(Network, CgactActivatesWithAnAddress) {
    registered();
    define_internet();
    const AtReply r = cmd("AT+CGACT=1,1");
    ASSERT_TRUE(Replied(r, {}, "OK"));
    EXPECT_NEAR(to_seconds(r.finished - r.sent), 2.5, 0.05);  // implicit attach, then activation
    EXPECT_TRUE(Replied(cmd("AT+CGACT?"), {"+CGACT: 1,1"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGPADDR=1"), {"+CGPADDR: 1,\"10.64.1.2\""}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGATT?"), {"+CGATT: 1"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGDCONT?"), {"+CGDCONT: 1,\"IP\",\"internet\",\"10.64.1.2\",0,0"}, "OK"));
    EXPECT_EQ(net().context(1).apn, "internet");
    EXPECT_TRUE(Replied(cmd("AT+CGACT=0,1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGPADDR=1"), {"+CGPADDR: 1,\"0.0.0.0\""}, "OK"));
}

TEST_F(Network, PdpFailureIsACmeError) {
    registered();
    define_internet();
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    net().set_pdp_failure(true, now());
    EXPECT_TRUE(Replied(cmd("AT+CGACT=1,1"), {}, "+CME ERROR: 148"));
    net().set_pdp_failure(std::uint16_t{149}, now());
    ASSERT_TRUE(Replied(cmd("AT+CMEE=2"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGACT=1,1"), {}, "+CME ERROR: PDP authentication failure"));
    EXPECT_TRUE(Replied(cmd("AT+CGACT?"), {"+CGACT: 1,0"}, "OK"));
}

TEST_F(Network, ActivationWithoutNetworkIsError30) {
    define_internet();
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGACT=1,1"), {}, "+CME ERROR: 30"));
    EXPECT_TRUE(Replied(cmd("AT+CGACT=1,2"), {}, "+CME ERROR: 3"));  // cid 2 undefined
}

TEST_F(Network, DropDeactivatesWithUrcs) {
    registered();
    define_internet();
    ASSERT_TRUE(Replied(cmd("AT+CREG=1;+CGREG=1"), {}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+CGACT=1,1"), {"+CGREG: 1"}, "OK"));
    const std::size_t mark = rig.at.transcript().size();
    net().drop(now());
    wait(1);
    EXPECT_EQ(rig.received_since(mark), (Lines{"+CREG: 2", "+CGREG: 2"}));
    EXPECT_TRUE(Replied(cmd("AT+CGACT?"), {"+CGACT: 1,0"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGATT?"), {"+CGATT: 0"}, "OK"));
    net().recover(now());
    wait(4);
    EXPECT_TRUE(Replied(cmd("AT+CGACT=1,1"), {"+CGREG: 1"}, "OK"));
}

TEST_F(Network, RegistrationRestartsAfterPowerCycleButControlsStay) {
    registered();
    net().set_csq(7, now());
    rig.modem.power_off();
    ASSERT_TRUE(rig.boot());
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,2"}, "OK"));
    registered();
    EXPECT_TRUE(Replied(cmd("AT+CSQ"), {"+CSQ: 7,0"}, "OK"));
}

// ---- the CLI ----------------------------------------------------------------------------------

TEST(NetworkCli, CregAfterTenSecondsIsHome) {
    const CliResult r = run_cli("at wait:10s 'AT+CREG?'");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("< +CREG: 0,1\n"), std::string::npos) << r.output;
}

TEST(NetworkCli, NetworkControlsDriveTheModem) {
    const CliResult r = run_cli(
        "at wait:4s csq:9 'AT+CSQ' network:roaming 'AT+CREG?' network:drop 'AT+CREG?' attach:refuse "
        "network:recover wait:4s 'AT+CMEE=1' 'AT+CGATT=1' attach:allow pdp:fail 'AT+CGDCONT=1,\"IP\",\"a\"' "
        "'AT+CGACT=1,1' pdp:ok 'AT+CGACT=1,1'");
    const std::string& out = r.output;
    EXPECT_EQ(r.exit_code, 0) << out;
    for (const char* line : {"< +CSQ: 9,0\n", "< +CREG: 0,5\n", "< +CREG: 0,2\n", "< +CME ERROR: 107\n",
                             "< +CME ERROR: 148\n", "~ network:drop\n"})
        EXPECT_NE(out.find(line), std::string::npos) << line << " missing in\n" << out;
    EXPECT_EQ(out.substr(out.rfind('<')), "< OK\n") << out;
}

TEST(NetworkCli, BadValuesExitTwo) {
    for (const char* step : {"csq:32", "csq:x", "network:moon", "attach:maybe", "pdp:fail:7"}) {
        const CliResult r = run_cli(std::string("at ") + step);
        EXPECT_EQ(r.exit_code, 2) << step << ": " << r.output;
    }
}

}  // namespace
}  // namespace q2686::integration
