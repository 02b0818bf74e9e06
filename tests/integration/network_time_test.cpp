// Network time through the real ROM: the network's NITZ message after registration reported as
// "+WIND: 15,..." (Wavecom guide, +WIND event 15) when the +WIND mask has bit 13, AT+CTZU
// (27.007 §8.40) setting the RTC from it, and the +WIND mask itself (every indication gated by
// its bit, the guide's range 0..32767).
#include <algorithm>

#include "cli_runner.h"
#include "modem_fixture.h"

namespace q2686::integration {
namespace {

class NetworkTime : public BootedModem {
protected:
    NetworkModel& net() { return rig.modem.network(); }
    Cycles now() { return rig.modem.now(); }
    void wait(double s) { rig.at.wait(seconds(s)); }
    void nitz(std::string_view knobs) {
        NitzSettings settings = net().nitz();
        apply_nitz_knobs(settings, knobs);
        net().set_nitz(settings, now());
    }
    // Every received line starting with `prefix`.
    Lines received(std::string_view prefix) const {
        Lines lines;
        for (const std::string& line : rig.received_since(0))
            if (line.starts_with(prefix)) lines.push_back(line);
        return lines;
    }
};

// ---- +WIND: the mask -------------------------------------------------------------------------

TEST_F(NetworkTime, WindFactoryMaskHasTheStartupBitsAndTheGuidesRange) {
    ASSERT_TRUE(rig.at.wait_for("+WIND: 4", seconds(3)));
    wait(5);  // registered: no +WIND: 7 (bit 6 off), no +WIND: 15 (bit 13 off)
    EXPECT_EQ(received("+WIND"), (Lines{"+WIND: 3", "+WIND: 4"}));
    EXPECT_TRUE(Replied(cmd("AT+WIND?"), {"+WIND: 12"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIND=?"), {"+WIND: (0-32767)"}, "OK"));
}

TEST_F(NetworkTime, WindAcceptsEveryMaskUpTo32767) {
    ASSERT_TRUE(Replied(cmd("AT+WIND=32767"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIND?"), {"+WIND: 32767"}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+WIND=8192"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIND?"), {"+WIND: 8192"}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+WIND=0"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIND?"), {"+WIND: 0"}, "OK"));
}

TEST_F(NetworkTime, WindBadValuesAreRefusedAndChangeNothing) {
    ASSERT_TRUE(Replied(cmd("AT+WIND=200"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIND=32768"), {}, "ERROR"));  // AT+CMEE=0
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    for (const char* bad : {"AT+WIND=32768", "AT+WIND=-1", "AT+WIND=\"12\"", "AT+WIND=1,2", "AT+WIND=", "AT+WIND=x"})
        EXPECT_TRUE(Replied(cmd(bad), {}, "+CME ERROR: 3")) << bad;
    EXPECT_TRUE(Replied(cmd("AT+WIND"), {}, "ERROR"));
    EXPECT_TRUE(Replied(cmd("AT+WIND?"), {"+WIND: 200"}, "OK"));
}

TEST_F(NetworkTime, WindZeroSilencesReadyAndTheFactoryMaskReturnsAfterReset) {
    ASSERT_TRUE(Replied(cmd("AT+WIND=0"), {}, "OK"));
    wait(5);  // +WIND: 4 was due 2 s after start-up, +WIND: 7 at registration (bit 6 off anyway)
    EXPECT_EQ(received("+WIND"), (Lines{"+WIND: 3"}));
    // Not saved (AT&W): a reset starts again from the factory mask.
    const std::size_t mark = rig.at.transcript().size();
    ASSERT_TRUE(Replied(cmd("AT+CFUN=1"), {}, "OK"));
    ASSERT_TRUE(rig.at.wait_for("+WIND: 4", seconds(5)));
    EXPECT_EQ(rig.received_since(mark), (Lines{"OK", "+WIND: 3", "+WIND: 4"}));
    EXPECT_TRUE(Replied(cmd("AT+WIND?"), {"+WIND: 12"}, "OK"));
}

TEST_F(NetworkTime, WindNetworkBitsGateServiceAvailableAndLost) {
    ASSERT_TRUE(Replied(cmd("AT+WIND=64"), {}, "OK"));  // 7 only
    ASSERT_TRUE(rig.at.wait_for("+WIND: 7", seconds(5)));
    net().drop(now());
    wait(1);
    EXPECT_EQ(received("+WIND"), (Lines{"+WIND: 3", "+WIND: 7"}));  // no 8: bit 7 is off
}

// ---- NITZ as +WIND: 15 -----------------------------------------------------------------------

TEST_F(NetworkTime, NitzAfterRegistrationIsWind15WithNamesZoneTimeAndDst) {
    nitz("zone=+08,full=Q2686 Emulator,short=Q2686");
    ASSERT_TRUE(Replied(cmd("AT+WIND=8204"), {}, "OK"));
    ASSERT_TRUE(rig.at.wait_for("+WIND: 15", seconds(5)));
    // Registered 3 s after power-on, network UTC 2026-03-15T09:00:00Z at virtual time 0.
    EXPECT_EQ(received("+WIND: 15"),
              (Lines{"+WIND: 15,1,\"Q2686 Emulator\",2,\"Q2686\",3,\"+08\",4,\"26/03/15,09:00:03+08\",6,\"0\""}));
    // It follows the registration at once: the ROM writes it within milliseconds of 3 s.
    for (const auto& e : rig.at.transcript())
        if (e.kind == TranscriptEntry::Kind::Received && e.text.starts_with("+WIND: 15")) {
            EXPECT_GE(to_seconds(e.when), 3.0);
            EXPECT_LT(to_seconds(e.when), 3.01);
        }
}

TEST_F(NetworkTime, NitzWithoutNamesSendsZoneTimeAndDstOnly) {
    nitz("zone=-20,dst=1");
    ASSERT_TRUE(Replied(cmd("AT+WIND=8192"), {}, "OK"));
    ASSERT_TRUE(rig.at.wait_for("+WIND: 15", seconds(5)));
    EXPECT_EQ(received("+WIND: 15"), (Lines{"+WIND: 15,3,\"-20\",4,\"26/03/15,09:00:03-20\",6,\"1\""}));
}

TEST_F(NetworkTime, NitzIsNotReportedWithoutMaskBit13AndCtzuZeroLeavesTheClock) {
    wait(5);
    EXPECT_TRUE(net().last_nitz().has_value());  // the network did send it
    EXPECT_TRUE(received("+WIND: 15").empty());
    EXPECT_EQ(clock().substr(0, 9), "98/01/01,");
}

TEST_F(NetworkTime, CtzuZeroOnlyReports) {
    ASSERT_TRUE(Replied(cmd("AT+WIND=8192"), {}, "OK"));
    ASSERT_TRUE(rig.at.wait_for("+WIND: 15", seconds(5)));
    EXPECT_EQ(clock().substr(0, 9), "98/01/01,");
}

TEST_F(NetworkTime, CtzuOneSetsTheRtcToLocalTimeAndZone) {
    nitz("zone=-20");  // UTC-5
    ASSERT_TRUE(Replied(cmd("AT+CTZU=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CTZU?"), {"+CTZU: 1"}, "OK"));
    wait(4);
    const std::string c = clock();  // local time = 09:00:03 UTC − 5 h, counting since
    EXPECT_TRUE(c.starts_with("26/03/15,04:00:0") && c.ends_with("-20")) << c;
    EXPECT_TRUE(received("+WIND: 15").empty());  // setting the clock does not report it
}

TEST_F(NetworkTime, WrongNetworkClockIsTakenAsSent) {
    nitz("offset=-3h,zone=+04");
    ASSERT_TRUE(Replied(cmd("AT+WIND=8192;+CTZU=1"), {}, "OK"));
    ASSERT_TRUE(rig.at.wait_for("+WIND: 15", seconds(5)));
    EXPECT_EQ(received("+WIND: 15"), (Lines{"+WIND: 15,3,\"+04\",4,\"26/03/15,06:00:03+04\",6,\"0\""}));
    const std::string c = clock();
    EXPECT_TRUE(c.starts_with("26/03/15,07:00:0") && c.ends_with("+04")) << c;
}

TEST_F(NetworkTime, NitzNowSendsAgainWithTheTimeOfNow) {
    ASSERT_TRUE(Replied(cmd("AT+WIND=8192"), {}, "OK"));
    ASSERT_TRUE(rig.at.wait_for("+WIND: 15", seconds(5)));
    wait(60);
    EXPECT_TRUE(net().send_nitz(now()));
    wait(1);
    const Lines lines = received("+WIND: 15");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_TRUE(lines[1].starts_with("+WIND: 15,3,\"+00\",4,\"26/03/15,09:01:0")) << lines[1];
}

TEST_F(NetworkTime, NitzOffSendsNothingNotEvenOnRequest) {
    nitz("off");
    ASSERT_TRUE(Replied(cmd("AT+WIND=8192;+CTZU=1"), {}, "OK"));
    wait(5);
    EXPECT_FALSE(net().send_nitz(now()));
    wait(1);
    EXPECT_TRUE(received("+WIND: 15").empty());
    EXPECT_EQ(clock().substr(0, 9), "98/01/01,");
}

TEST_F(NetworkTime, NitzBeforeRegistrationIsNotSent) {
    EXPECT_FALSE(net().send_nitz(now()));  // still searching
    EXPECT_FALSE(net().last_nitz().has_value());
}

// ---- AT+CTZU ----------------------------------------------------------------------------------

TEST_F(NetworkTime, CtzuTestReadAndBadValues) {
    EXPECT_TRUE(Replied(cmd("AT+CTZU=?"), {"+CTZU: (0-1)"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CTZU?"), {"+CTZU: 0"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CTZU=2"), {}, "ERROR"));  // AT+CMEE=0
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    for (const char* bad : {"AT+CTZU=2", "AT+CTZU=-1", "AT+CTZU=\"1\"", "AT+CTZU=1,0", "AT+CTZU=", "AT+CTZU=on"})
        EXPECT_TRUE(Replied(cmd(bad), {}, "+CME ERROR: 3")) << bad;
    EXPECT_TRUE(Replied(cmd("AT+CTZU"), {}, "ERROR"));
    EXPECT_TRUE(Replied(cmd("AT+CTZU?"), {"+CTZU: 0"}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+CTZU=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CTZU=2"), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+CTZU?"), {"+CTZU: 1"}, "OK"));
}

TEST_F(NetworkTime, CtzuIsZeroAgainAfterReset) {
    ASSERT_TRUE(Replied(cmd("AT+CTZU=1"), {}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+CFUN=1"), {}, "OK"));
    ASSERT_TRUE(rig.at.wait_for("+WIND: 3", seconds(5)));
    EXPECT_TRUE(Replied(cmd("AT+CTZU?"), {"+CTZU: 0"}, "OK"));
}

// A network whose time is outside the RTC's years (1998..2097): reported, the clock untouched.
TEST(NetworkTimeRange, NitzOutsideTheRtcYearsIsReportedButNotSet) {
    ModemConfig config = rom_config();
    config.network_utc = 631'152'000;  // 1990-01-01T00:00:00Z
    ModemUnderTest rig(std::move(config));
    ASSERT_TRUE(rig.boot());
    ASSERT_TRUE(Replied(rig.cmd("AT+WIND=8192;+CTZU=1"), {}, "OK"));
    ASSERT_TRUE(rig.at.wait_for("+WIND: 15", seconds(5)));
    const Lines lines = rig.received_since(0);
    EXPECT_NE(std::find(lines.begin(), lines.end(), "+WIND: 15,3,\"+00\",4,\"90/01/01,00:00:03+00\",6,\"0\""),
              lines.end());
    EXPECT_EQ(rig.clock().substr(0, 9), "98/01/01,");
}

// After 2038 the seconds since 1970 no longer fit 31 bits: the RTC is still set right.
TEST(NetworkTimeRange, CtzuSetsTheRtcAfter2038WithAWesternZone) {
    ModemConfig config = rom_config();
    config.network_utc = *parse_utc("2040-06-01T12:00:00Z");
    ModemUnderTest rig(std::move(config));
    ASSERT_TRUE(rig.boot());
    NitzSettings s;
    apply_nitz_knobs(s, "zone=-20");
    rig.modem.network().set_nitz(s, rig.modem.now());
    ASSERT_TRUE(Replied(rig.cmd("AT+CTZU=1"), {}, "OK"));
    rig.at.wait(seconds(4));
    const std::string c = rig.clock();
    EXPECT_TRUE(c.starts_with("40/06/01,07:00:0") && c.ends_with("-20")) << c;
}

// ---- the CLI ----------------------------------------------------------------------------------

TEST(NetworkTimeCli, NitzKnobsAndNetworkUtcShapeTheReportAndTheClock) {
    const CliResult r = run_cli(
        "at --network-utc 2026-03-15T09:00:00Z 'nitz:zone=+08,full=Q2686 Emulator,short=Q2686' AT+WIND=8204 "
        "AT+CTZU=1 wait:5s 'AT+CCLK?' 'nitz:offset=-3h,zone=-20,now' wait:1s 'AT+CCLK?'");
    const std::string& out = r.output;
    EXPECT_EQ(r.exit_code, 0) << out;
    for (const char* line :
         {"< +WIND: 15,1,\"Q2686 Emulator\",2,\"Q2686\",3,\"+08\",4,\"26/03/15,09:00:03+08\",6,\"0\"\n",
          "< +CCLK: \"26/03/15,11:00:0", "~ nitz:offset=-3h,zone=-20,now\n",
          "< +WIND: 15,1,\"Q2686 Emulator\",2,\"Q2686\",3,\"-20\",4,\"26/03/15,06:00:0", "< +CCLK: \"26/03/15,01:00:0"})
        EXPECT_NE(out.find(line), std::string::npos) << line << " missing in\n" << out;
}

TEST(NetworkTimeCli, BadNitzStepsAndNetworkUtcExitTwo) {
    for (const char* args :
         {"at nitz:", "at nitz:zone=+99", "at nitz:offset=3", "at nitz:sometime", "at nitz:dst=5",
          "at 'nitz:short=ABCDEFGHIJKLMNOPQ'", "at --network-utc 2026-03-15 AT", "at --network-utc yesterday AT"}) {
        const CliResult r = run_cli(args);
        EXPECT_EQ(r.exit_code, 2) << args << ": " << r.output;
    }
}

}  // namespace
}  // namespace q2686::integration
