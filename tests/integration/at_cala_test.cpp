// AT+CALA alarms and the optional seconds of AT+CCLK, through the ROM (docs/at-commands.md
// "AT+CALA — alarms"): set, list, delete, the alarm reported when the RTC reaches it, alarms
// across AT+CFUN=1 and power cycles with and without the backup battery, and every malformed
// form refused without changing anything.
#include <tuple>

#include "modem_fixture.h"

namespace q2686::integration {
namespace {

using Kind = TranscriptEntry::Kind;

class AtCala : public BootedModem {
protected:
    void SetUp() override {
        BootedModem::SetUp();
        ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
        rig.set_clock("26/03/01,08:00:00+04");
    }
    // The cycle of the first received line equal to `text`, from transcript index `from`.
    std::optional<Cycles> received_at(std::string_view text, std::size_t from = 0) const {
        const auto& t = rig.at.transcript();
        for (std::size_t i = from; i < t.size(); ++i)
            if (t[i].kind == Kind::Received && t[i].text == text) return t[i].when;
        return std::nullopt;
    }
};

// ---- AT+CCLK: seconds optional ----------------------------------------------------------------

TEST_F(AtCala, CclkWithoutSecondsSetsSecondZero) {
    EXPECT_TRUE(Replied(cmd("AT+CCLK=\"24/05/17,10:30\""), {}, "OK"));
    EXPECT_EQ(clock(), "24/05/17,10:30:00+04");  // the zone is kept, as with seconds
}

TEST_F(AtCala, CclkWithoutSecondsTakesAZone) {
    EXPECT_TRUE(Replied(cmd("AT+CCLK=\"24/05/17,10:30-08\""), {}, "OK"));
    EXPECT_EQ(clock(), "24/05/17,10:30:00-08");
}

TEST_F(AtCala, CclkMalformedMinutesFormsAreErrorsAndChangeNothing) {
    for (const char* bad : {"AT+CCLK=\"24/05/17,10:3\"", "AT+CCLK=\"24/05/17,10:30:\"", "AT+CCLK=\"24/05/17,10:30:5\"",
                            "AT+CCLK=\"24/05/17,10:30+8\"", "AT+CCLK=\"24/05/17,10\"", "AT+CCLK=\"24/05/17,10:30 \""})
        EXPECT_TRUE(Replied(cmd(bad), {}, "ERROR")) << bad;
    EXPECT_TRUE(Replied(cmd("AT+CCLK=\"24/05/17,10:60\""), {}, "+CME ERROR: 3"));
    EXPECT_EQ(clock(), "26/03/01,08:00:00+04");
}

// ---- set, list, delete ---------------------------------------------------------------------

TEST_F(AtCala, AlarmsAreListedByIndexAndDeletedOneByOne) {
    EXPECT_TRUE(Replied(cmd("AT+CALA?"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CALA=\"26/03/02,07:30\""), {}, "OK"));          // seconds optional
    EXPECT_TRUE(Replied(cmd("AT+CALA=\"26/03/01,09:00:30\",5"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CALA=\"27/01/01,00:00:00\""), {}, "OK"));       // the lowest free index: 2
    EXPECT_TRUE(Replied(cmd("AT+CALA?"),
                        {"+CALA: \"26/03/02,07:30:00\",1", "+CALA: \"27/01/01,00:00:00\",2",
                         "+CALA: \"26/03/01,09:00:30\",5"},
                        "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CALA=\"\",1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CALA?"), {"+CALA: \"27/01/01,00:00:00\",2", "+CALA: \"26/03/01,09:00:30\",5"}, "OK"));
}

TEST_F(AtCala, SettingAnIndexInUseReplacesItsAlarm) {
    ASSERT_TRUE(Replied(cmd("AT+CALA=\"26/03/02,07:30\",3"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CALA=\"26/03/03,07:30\",3"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CALA?"), {"+CALA: \"26/03/03,07:30:00\",3"}, "OK"));
}

TEST_F(AtCala, TestFormAnswersTheIndexRange) {
    EXPECT_TRUE(Replied(cmd("AT+CALA=?"), {"+CALA: (1-16)"}, "OK"));
}

TEST_F(AtCala, SixteenAlarmsFitAndTheSeventeenthIsRefused) {
    for (int i = 1; i <= 16; ++i) {
        const std::string line = "AT+CALA=\"26/04/" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ",12:00\"";
        ASSERT_TRUE(Replied(cmd(line), {}, "OK")) << line;
    }
    EXPECT_TRUE(Replied(cmd("AT+CALA=\"26/05/01,12:00\""), {}, "+CME ERROR: 3"));
    const AtReply list = cmd("AT+CALA?");
    ASSERT_EQ(list.lines.size(), 16u) << list.text();
    EXPECT_EQ(list.lines.front(), "+CALA: \"26/04/01,12:00:00\",1");
    EXPECT_EQ(list.lines.back(), "+CALA: \"26/04/16,12:00:00\",16");
}

TEST_F(AtCala, AlarmInThePastOrNowIsRefused) {
    EXPECT_TRUE(Replied(cmd("AT+CALA=\"26/03/01,07:59:59\""), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+CALA=\"99/03/05,13:00:00\""), {}, "+CME ERROR: 3"));  // the guide's example
    EXPECT_TRUE(Replied(cmd("AT+CALA?"), {}, "OK"));
}

// ---- the alarm fires ---------------------------------------------------------------------------

TEST_F(AtCala, AlarmFiresAtItsSecondAndIsThenGone) {
    const Cycles set = rig.modem.now();  // the clock read 08:00:00 a few ms ago
    ASSERT_TRUE(Replied(cmd("AT+CALA=\"26/03/01,08:00:10\",4"), {}, "OK"));
    ASSERT_TRUE(rig.at.wait_for("+CALA: \"26/03/01,08:00:10\",4", seconds(15)));
    const auto fired = received_at("+CALA: \"26/03/01,08:00:10\",4");
    ASSERT_TRUE(fired);
    const double after = to_seconds(*fired - set);
    EXPECT_GT(after, 9.9);
    EXPECT_LT(after, 10.1);
    EXPECT_TRUE(Replied(cmd("AT+CALA?"), {}, "OK"));
    EXPECT_EQ(clock(), "26/03/01,08:00:10+04");
}

TEST_F(AtCala, TwoAlarmsFireInTimeOrder) {
    ASSERT_TRUE(Replied(cmd("AT+CALA=\"26/03/01,08:00:20\",1"), {}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+CALA=\"26/03/01,08:00:05\",2"), {}, "OK"));
    const std::size_t from = rig.at.transcript().size();
    rig.at.wait(seconds(25));
    EXPECT_EQ(rig.received_since(from), (Lines{"+WIND: 4", "+CALA: \"26/03/01,08:00:05\",2",
                                               "+CALA: \"26/03/01,08:00:20\",1"}));
}

TEST_F(AtCala, DeletedAlarmDoesNotFire) {
    ASSERT_TRUE(Replied(cmd("AT+CALA=\"26/03/01,08:00:05\",1"), {}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+CALA=\"26/03/01,08:00:07\",2"), {}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+CALA=\"\",1"), {}, "OK"));
    const std::size_t from = rig.at.transcript().size();
    rig.at.wait(seconds(10));
    EXPECT_EQ(rig.received_since(from), (Lines{"+WIND: 4", "+CALA: \"26/03/01,08:00:07\",2"}));
}

TEST_F(AtCala, SettingTheClockPastAnAlarmReportsItAtOnce) {
    ASSERT_TRUE(Replied(cmd("AT+CALA=\"26/03/01,12:00\",7"), {}, "OK"));
    const std::size_t from = rig.at.transcript().size();
    ASSERT_TRUE(Replied(cmd("AT+CCLK=\"26/03/01,13:00:00+04\""), {}, "OK"));
    rig.at.wait(seconds(3));  // past +WIND: 4, when alarm reports may follow
    EXPECT_TRUE(received_at("+CALA: \"26/03/01,12:00:00\",7", from));
    EXPECT_TRUE(Replied(cmd("AT+CALA?"), {}, "OK"));
}

TEST_F(AtCala, AlarmsSurviveTheSoftwareResetOfCfun1) {
    ASSERT_TRUE(Replied(cmd("AT+CALA=\"26/03/02,07:30\",9"), {}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+CFUN=1"), {}, "OK"));
    ASSERT_TRUE(rig.at.wait_for("+WIND: 4", seconds(10)));
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CALA?"), {"+CALA: \"26/03/02,07:30:00\",9"}, "OK"));
}

// ---- power cycles --------------------------------------------------------------------------

TEST_F(AtCala, AlarmsSurviveAPowerCycleWithTheBackupBattery) {
    ASSERT_TRUE(Replied(cmd("AT+CALA=\"26/03/02,07:30\",2"), {}, "OK"));
    rig.modem.power_off();
    rig.at.wait(seconds(3600));
    ASSERT_TRUE(rig.boot());
    EXPECT_TRUE(Replied(cmd("AT+CALA?"), {"+CALA: \"26/03/02,07:30:00\",2"}, "OK"));
}

TEST_F(AtCala, AlarmsAreLostWithTheBackupBattery) {
    ASSERT_TRUE(Replied(cmd("AT+CALA=\"26/03/01,09:00\",2"), {}, "OK"));
    rig.modem.power_off();
    rig.modem.set_battery(false);
    rig.at.wait(seconds(7200));  // past the alarm: no battery, no wake-up
    EXPECT_FALSE(rig.modem.powered());
    ASSERT_TRUE(rig.boot());
    EXPECT_TRUE(Replied(cmd("AT+CALA?"), {}, "OK"));
    EXPECT_EQ(clock(), "98/01/01,00:00:00+00");
}

// ---- malformed forms: the Wavecom error, and nothing changes ---------------------------------

class AtCalaBadInput : public AtCala, public ::testing::WithParamInterface<std::tuple<const char*, const char*>> {};

TEST_P(AtCalaBadInput, IsRefusedAndChangesNothing) {
    const auto [line, error] = GetParam();
    ASSERT_TRUE(Replied(cmd("AT+CALA=\"26/03/02,07:30\",3"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd(line), {}, error)) << line;
    EXPECT_TRUE(Replied(cmd("AT+CALA?"), {"+CALA: \"26/03/02,07:30:00\",3"}, "OK")) << line;
    EXPECT_EQ(clock().substr(0, 15), "26/03/01,08:00:") << line;
    EXPECT_TRUE(rig.modem.powered()) << line;
}

INSTANTIATE_TEST_SUITE_P(
    EveryForm, AtCalaBadInput,
    ::testing::Values(
        // Not the command's syntax: ERROR.
        std::tuple{"AT+CALA=\"xx\"", "ERROR"}, std::tuple{"AT+CALA=26/03/02,07:30", "ERROR"},
        std::tuple{"AT+CALA=\"26/03/02,07:30\",x", "ERROR"}, std::tuple{"AT+CALA=\"26/03/02,07:30\",\"3\"", "ERROR"},
        std::tuple{"AT+CALA=\"26/03/02,07:30\",3,1", "ERROR"}, std::tuple{"AT+CALA=\"26/03/02\"", "ERROR"},
        std::tuple{"AT+CALA=\"26/03/02,07:30:00+04\"", "ERROR"}, std::tuple{"AT+CALA=\"26/3/2,7:30\"", "ERROR"},
        std::tuple{"AT+CALA=\"26/03/02,07:30\",", "ERROR"}, std::tuple{"AT+CALA", "ERROR"},
        std::tuple{"AT+CALA=", "ERROR"},
        // Well-formed, a value out of range: +CME ERROR: 3.
        std::tuple{"AT+CALA=\"26/03/02,07:30\",0", "+CME ERROR: 3"},
        std::tuple{"AT+CALA=\"26/03/02,07:30\",17", "+CME ERROR: 3"},
        std::tuple{"AT+CALA=\"26/03/02,07:30\",-1", "+CME ERROR: 3"},
        std::tuple{"AT+CALA=\"26/13/02,07:30\"", "+CME ERROR: 3"}, std::tuple{"AT+CALA=\"26/02/30,07:30\"", "+CME ERROR: 3"},
        std::tuple{"AT+CALA=\"26/03/02,24:00\"", "+CME ERROR: 3"}, std::tuple{"AT+CALA=\"26/03/01,07:00\",3", "+CME ERROR: 3"},
        std::tuple{"AT+CALA=\"\",0", "+CME ERROR: 3"}, std::tuple{"AT+CALA=\"\",17", "+CME ERROR: 3"},
        std::tuple{"AT+CALA=\"\",4", "+CME ERROR: 3"}, std::tuple{"AT+CALA=\"\"", "+CME ERROR: 3"},
        // AT+CPOF: only the action form and =1 switch the modem off.
        std::tuple{"AT+CPOF=5", "+CME ERROR: 3"}, std::tuple{"AT+CPOF=0", "+CME ERROR: 3"},
        std::tuple{"AT+CPOF=x", "ERROR"}, std::tuple{"AT+CPOF=1,1", "ERROR"}, std::tuple{"AT+CPOF?", "ERROR"}),
    [](const ::testing::TestParamInfo<std::tuple<const char*, const char*>>& info) {
        std::string name = std::to_string(info.index) + "_";
        for (const char* c = std::get<0>(info.param) + 3; *c; ++c)
            name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
        return name;
    });

}  // namespace
}  // namespace q2686::integration
