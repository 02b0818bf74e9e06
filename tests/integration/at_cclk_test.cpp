// AT+CCLK against the RTC device, through the ROM: format, validation, two-digit years and
// the calendar running in virtual time (docs/at-commands.md "AT+CCLK — the real-time clock").
//
// Timing: the RTC loads its new time (sub-second 0) while AT+CCLK=... runs; the OK arrives a
// few ms later, and AT+CCLK? reads the clock a millisecond or so after it is sent. So after
// "set, wait N s, read", N s and a few ms have passed since the load: the clock reads exactly
// N s later. Virtual time is deterministic, so the strings are exact.
#include "modem_fixture.h"

namespace q2686::integration {
namespace {

class AtCclk : public BootedModem {};

TEST_F(AtCclk, SetTimeReadsBack) {
    EXPECT_TRUE(Replied(cmd("AT+CCLK=\"24/05/17,10:00:00+08\""), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CCLK?"), {"+CCLK: \"24/05/17,10:00:00+08\""}, "OK"));
}

TEST_F(AtCclk, ClockAdvancesWithVirtualTime) {
    // The example, exactly.
    ASSERT_TRUE(Replied(cmd("AT+CCLK=\"24/05/17,10:00:00+08\""), {}, "OK"));
    rig.at.wait(seconds(65));
    EXPECT_TRUE(Replied(cmd("AT+CCLK?"), {"+CCLK: \"24/05/17,10:01:05+08\""}, "OK"));
}

TEST_F(AtCclk, ClockReadsTheDefaultDateAfterAPowerOnWithoutPriorSetting) {
    // The modem was built with its RTC at the factory default and has run ~1 ms.
    EXPECT_EQ(clock(), "98/01/01,00:00:00+00");
}

TEST_F(AtCclk, SettingWithoutZoneKeepsTheZone) {
    rig.set_clock("24/05/17,10:00:00+08");
    EXPECT_TRUE(Replied(cmd("AT+CCLK=\"25/06/01,12:30:45\""), {}, "OK"));
    EXPECT_EQ(clock(), "25/06/01,12:30:45+08");
    rig.set_clock("25/06/01,12:30:45-12");
    rig.set_clock("25/06/02,00:00:00");
    EXPECT_EQ(clock(), "25/06/02,00:00:00-12");
}

TEST_F(AtCclk, NegativeZoneReadsBackWithMinus) {
    rig.set_clock("24/05/17,10:00:00-20");
    EXPECT_EQ(clock(), "24/05/17,10:00:00-20");
}

TEST_F(AtCclk, ZoneLimitsPlusAndMinus96AreAccepted) {
    EXPECT_TRUE(Replied(cmd("AT+CCLK=\"24/05/17,10:00:00+96\""), {}, "OK"));
    EXPECT_EQ(clock(), "24/05/17,10:00:00+96");
    EXPECT_TRUE(Replied(cmd("AT+CCLK=\"24/05/17,10:00:00-96\""), {}, "OK"));
    EXPECT_EQ(clock(), "24/05/17,10:00:00-96");
}

TEST_F(AtCclk, LeapDayIsAcceptedInALeapYear) {
    EXPECT_TRUE(Replied(cmd("AT+CCLK=\"24/02/29,12:00:00+00\""), {}, "OK"));
    EXPECT_EQ(clock(), "24/02/29,12:00:00+00");
    EXPECT_TRUE(Replied(cmd("AT+CCLK=\"00/02/29,12:00:00+00\""), {}, "OK"));  // 2000: leap (÷400)
    EXPECT_EQ(clock(), "00/02/29,12:00:00+00");
}

TEST_F(AtCclk, LastSecondOfTheRangeIsAccepted) {
    EXPECT_TRUE(Replied(cmd("AT+CCLK=\"97/12/31,23:59:59+00\""), {}, "OK"));  // 2097
    EXPECT_EQ(clock(), "97/12/31,23:59:59+00");
}

TEST_F(AtCclk, TestFormAnswersOk) {
    EXPECT_TRUE(Replied(cmd("AT+CCLK=?"), {}, "OK"));
}

TEST_F(AtCclk, ActionFormIsError) {
    EXPECT_TRUE(Replied(cmd("AT+CCLK"), {}, "ERROR"));
}

// ---- two-digit years and calendar roll-overs ---------------------------------------------------

TEST_F(AtCclk, Year99RollsOverToYear00) {
    // 99 is 1999 and 00 is 2000: one second after 31 Dec 1999 23:59:59 is 1 Jan 2000.
    rig.set_clock("99/12/31,23:59:59+00");
    rig.at.wait(seconds(1));
    EXPECT_EQ(clock(), "00/01/01,00:00:00+00");
}

TEST_F(AtCclk, Year98IsTheFirstYearOfTheRange) {
    // 98 is 1998 (not 2098, which is out of range): accepted, and its year ends in 99 = 1999.
    EXPECT_TRUE(Replied(cmd("AT+CCLK=\"98/01/01,00:00:00+00\""), {}, "OK"));
    EXPECT_EQ(clock(), "98/01/01,00:00:00+00");
    rig.set_clock("98/12/31,23:59:59+00");
    rig.at.wait(seconds(1));
    EXPECT_EQ(clock(), "99/01/01,00:00:00+00");
}

TEST_F(AtCclk, Year97RollsOverTo98AtTheEndOfTheRange) {
    // 97 is 2097, the last year; the RTC wraps to the start of its range, 1998.
    rig.set_clock("97/12/31,23:59:59+00");
    rig.at.wait(seconds(1));
    EXPECT_EQ(clock(), "98/01/01,00:00:00+00");
}

TEST_F(AtCclk, LeapYearFebruary28RollsOverToFebruary29) {
    rig.set_clock("24/02/28,23:59:59+00");
    rig.at.wait(seconds(1));
    EXPECT_EQ(clock(), "24/02/29,00:00:00+00");
    rig.at.wait(seconds(86400));
    EXPECT_EQ(clock(), "24/03/01,00:00:00+00");
}

TEST_F(AtCclk, CommonYearFebruary28RollsOverToMarch1) {
    rig.set_clock("23/02/28,23:59:59+00");
    rig.at.wait(seconds(1));
    EXPECT_EQ(clock(), "23/03/01,00:00:00+00");
}

TEST_F(AtCclk, Year2000February28RollsOverToFebruary29) {
    rig.set_clock("00/02/28,23:59:59+00");
    rig.at.wait(seconds(1));
    EXPECT_EQ(clock(), "00/02/29,00:00:00+00");
}

TEST_F(AtCclk, NewYearsEveRollsOverTheYear) {
    rig.set_clock("24/12/31,23:59:59+04");
    rig.at.wait(seconds(1));
    EXPECT_EQ(clock(), "25/01/01,00:00:00+04");
}

TEST_F(AtCclk, ReadingJustBeforeTheSecondShowsTheOldSecond) {
    // The second changes exactly one second after the load, not when the next command starts.
    rig.set_clock("24/05/17,10:00:00+00");
    rig.at.wait(seconds(0.9));
    EXPECT_EQ(clock(), "24/05/17,10:00:00+00");
    rig.at.wait(seconds(0.1));
    EXPECT_EQ(clock(), "24/05/17,10:00:01+00");
}

TEST_F(AtCclk, FourHundredDaysOfIdleAreCountedExactly) {
    rig.set_clock("24/01/01,00:00:00+00");
    rig.at.wait(seconds(400.0 * 86400.0));
    // 2024 is a leap year: 366 days to 1 Jan 2025, 34 more to 4 Feb 2025.
    EXPECT_EQ(clock(), "25/02/04,00:00:00+00");
    // Still answering and still counting.
    rig.at.wait(seconds(3661));
    EXPECT_EQ(clock(), "25/02/04,01:01:01+00");
}

// ---- refused values: +CME ERROR: 3 (AT+CMEE=1), the clock unchanged -------------------------

struct BadValue {
    const char* name;
    const char* value;  // inside the quotes
};

void PrintTo(const BadValue& v, std::ostream* os) {
    *os << '"' << v.value << '"';
}

class AtCclkRejectsValue : public BootedModem, public ::testing::WithParamInterface<BadValue> {};

TEST_P(AtCclkRejectsValue, WithCmeError3AndLeavesTheClockUnchanged) {
    ASSERT_TRUE(cmd("AT+CMEE=1").ok());
    rig.set_clock("24/05/17,10:00:00+08");
    EXPECT_TRUE(Replied(cmd(std::string("AT+CCLK=\"") + GetParam().value + "\""), {}, "+CME ERROR: 3"));
    EXPECT_EQ(clock(), "24/05/17,10:00:00+08");
}

TEST_P(AtCclkRejectsValue, WithPlainErrorUnderCmee0) {
    rig.set_clock("24/05/17,10:00:00+08");
    EXPECT_TRUE(Replied(cmd(std::string("AT+CCLK=\"") + GetParam().value + "\""), {}, "ERROR"));
    EXPECT_EQ(clock(), "24/05/17,10:00:00+08");
}

INSTANTIATE_TEST_SUITE_P(
    AtCclk, AtCclkRejectsValue,
    ::testing::Values(BadValue{"Month13", "24/13/01,10:00:00+00"}, BadValue{"Month00", "24/00/01,10:00:00+00"},
                      BadValue{"Day00", "24/05/00,10:00:00+00"}, BadValue{"April31", "24/04/31,10:00:00+00"},
                      BadValue{"February30", "24/02/30,10:00:00+00"},
                      BadValue{"February29InCommonYear2023", "23/02/29,10:00:00+00"},
                      BadValue{"February29In2097", "97/02/29,10:00:00+00"}, BadValue{"Hour24", "24/05/17,24:00:00+00"},
                      BadValue{"Minute60", "24/05/17,10:60:00+00"}, BadValue{"Second60", "24/05/17,10:00:60+00"},
                      BadValue{"ZonePlus97", "24/05/17,10:00:00+97"}, BadValue{"ZoneMinus97", "24/05/17,10:00:00-97"},
                      BadValue{"ZonePlus99", "24/05/17,10:00:00+99"},
                      BadValue{"Month13WithoutZone", "24/13/01,10:00:00"}),
    [](const auto& info) { return std::string(info.param.name); });

// ---- syntax errors: plain ERROR even under AT+CMEE=1, the clock unchanged -------------------

struct BadSyntax {
    const char* name;
    const char* command;
};

void PrintTo(const BadSyntax& v, std::ostream* os) {
    *os << v.command;
}

class AtCclkSyntax : public BootedModem, public ::testing::WithParamInterface<BadSyntax> {};

TEST_P(AtCclkSyntax, IsErrorAndLeavesTheClockUnchanged) {
    ASSERT_TRUE(cmd("AT+CMEE=1").ok());
    rig.set_clock("24/05/17,10:00:00+08");
    EXPECT_TRUE(Replied(cmd(GetParam().command), {}, "ERROR"));
    EXPECT_EQ(clock(), "24/05/17,10:00:00+08");
}

INSTANTIATE_TEST_SUITE_P(AtCclk, AtCclkSyntax,
                         ::testing::Values(BadSyntax{"DashesInsteadOfSlashes", "AT+CCLK=\"24-05-17,10:00:00+08\""},
                                           BadSyntax{"DotsInTheTime", "AT+CCLK=\"24/05/17,10.00.00+08\""},
                                           BadSyntax{"MissingQuotes", "AT+CCLK=24/05/17,10:00:00+08"},
                                           BadSyntax{"MissingClosingQuote", "AT+CCLK=\"24/05/17,10:00:00+08"},
                                           BadSyntax{"ExtraCharacterAfterZone", "AT+CCLK=\"24/05/17,10:00:00+08x\""},
                                           BadSyntax{"ExtraCharacterWithoutZone", "AT+CCLK=\"24/05/17,10:00:00x\""},
                                           BadSyntax{"TextAfterClosingQuote", "AT+CCLK=\"24/05/17,10:00:00+08\"x"},
                                           BadSyntax{"SecondParameter", "AT+CCLK=\"24/05/17,10:00:00+08\",1"},
                                           BadSyntax{"OneDigitZone", "AT+CCLK=\"24/05/17,10:00:00+8\""},
                                           BadSyntax{"ZoneWithoutSign", "AT+CCLK=\"24/05/17,10:00:00 08\""},
                                           BadSyntax{"FourDigitYear", "AT+CCLK=\"2024/05/17,10:00:00+08\""},
                                           BadSyntax{"OneDigitDay", "AT+CCLK=\"24/05/7,10:00:00+08\""},
                                           // The seconds are optional (at_cala_test.cpp); one digit of them is not.
                                           BadSyntax{"OneDigitSeconds", "AT+CCLK=\"24/05/17,10:00:0+08\""},
                                           BadSyntax{"EmptyString", "AT+CCLK=\"\""}, BadSyntax{"NoValue", "AT+CCLK="}),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace q2686::integration
