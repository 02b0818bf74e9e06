// The modem's own AT commands as docs/at-commands.md documents them, answered by the ROM's
// V.250 interpreter running on the emulated CPU.
#include <algorithm>
#include <cstdio>

#include "modem_fixture.h"

namespace q2686::integration {
namespace {

using Kind = TranscriptEntry::Kind;

class AtCommands : public BootedModem {
protected:
    // Number of echo entries from transcript index `from` on.
    std::size_t echoes_since(std::size_t from) const {
        const auto& t = rig.at.transcript();
        return static_cast<std::size_t>(std::count_if(t.begin() + static_cast<std::ptrdiff_t>(from), t.end(),
                                                      [](const TranscriptEntry& e) { return e.kind == Kind::Echo; }));
    }
};

// ---- command line basics -------------------------------------------------------------------

TEST_F(AtCommands, BareAtAnswersOk) {
    EXPECT_TRUE(Replied(cmd("AT"), {}, "OK"));
}

TEST_F(AtCommands, UnknownExtendedCommandIsError) {
    EXPECT_TRUE(Replied(cmd("AT+FOO"), {}, "ERROR"));
}

TEST_F(AtCommands, UnknownBasicCommandIsError) {
    EXPECT_TRUE(Replied(cmd("ATY"), {}, "ERROR"));
}

TEST_F(AtCommands, CharactersBeforeAtAreDiscarded) {
    EXPECT_TRUE(Replied(cmd("xyz 12!AT+CGMI"), {"WAVECOM MODEM"}, "OK"));
}

TEST_F(AtCommands, LowerCaseAtAndCommandNamesWork) {
    EXPECT_TRUE(Replied(cmd("at"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("at+cgmm"), {"Q2686RD"}, "OK"));
    EXPECT_TRUE(Replied(cmd("ati3"), {"R7.44.0.q2686emu Q2686RD"}, "OK"));
}

// ---- echo ----------------------------------------------------------------------------------

TEST_F(AtCommands, EchoIsOnAfterStartUp) {
    const std::size_t mark = rig.at.transcript().size();
    ASSERT_TRUE(Replied(cmd("AT+CGMI"), {"WAVECOM MODEM"}, "OK"));
    ASSERT_EQ(echoes_since(mark), 1u);
    const auto& t = rig.at.transcript();
    const auto echo = std::find_if(t.begin() + static_cast<std::ptrdiff_t>(mark), t.end(),
                                   [](const TranscriptEntry& e) { return e.kind == Kind::Echo; });
    EXPECT_EQ(echo->text, "AT+CGMI");
}

TEST_F(AtCommands, Ate0StopsTheEcho) {
    ASSERT_TRUE(Replied(cmd("ATE0"), {}, "OK"));
    const std::size_t mark = rig.at.transcript().size();
    EXPECT_TRUE(Replied(cmd("AT"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATI"), {"WAVECOM MODEM", "Q2686RD"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CCLK=\"24/13/01,00:00:00\""), {}, "ERROR"));
    EXPECT_EQ(echoes_since(mark), 0u);
    // Nothing but the answers came back: no echo mistaken for an answer either.
    EXPECT_EQ(rig.received_since(mark), (Lines{"OK", "WAVECOM MODEM", "Q2686RD", "OK", "ERROR"}));
}

TEST_F(AtCommands, AteWithoutDigitIsAte0) {
    ASSERT_TRUE(Replied(cmd("ATE"), {}, "OK"));
    const std::size_t mark = rig.at.transcript().size();
    EXPECT_TRUE(Replied(cmd("AT"), {}, "OK"));
    EXPECT_EQ(echoes_since(mark), 0u);
}

TEST_F(AtCommands, Ate1TurnsTheEchoBackOn) {
    ASSERT_TRUE(Replied(cmd("ATE0"), {}, "OK"));
    ASSERT_TRUE(Replied(cmd("ATE1"), {}, "OK"));
    const std::size_t mark = rig.at.transcript().size();
    EXPECT_TRUE(Replied(cmd("AT+CGMM"), {"Q2686RD"}, "OK"));
    EXPECT_EQ(echoes_since(mark), 1u);
}

TEST_F(AtCommands, Ate2IsErrorAndLeavesTheEchoOn) {
    EXPECT_TRUE(Replied(cmd("ATE2"), {}, "ERROR"));
    const std::size_t mark = rig.at.transcript().size();
    EXPECT_TRUE(Replied(cmd("AT"), {}, "OK"));
    EXPECT_EQ(echoes_since(mark), 1u);
}

// ---- identification ------------------------------------------------------------------------

TEST_F(AtCommands, AtiReportsManufacturerAndModel) {
    EXPECT_TRUE(Replied(cmd("ATI"), {"WAVECOM MODEM", "Q2686RD"}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATI0"), {"WAVECOM MODEM", "Q2686RD"}, "OK"));
}

TEST_F(AtCommands, Ati3ReportsTheRevision) {
    EXPECT_TRUE(Replied(cmd("ATI3"), {"R7.44.0.q2686emu Q2686RD"}, "OK"));
}

TEST_F(AtCommands, OtherAtiNAnswersJustOk) {
    EXPECT_TRUE(Replied(cmd("ATI1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATI5"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATI9"), {}, "OK"));
}

TEST_F(AtCommands, CgmiReportsTheManufacturer) {
    EXPECT_TRUE(Replied(cmd("AT+CGMI"), {"WAVECOM MODEM"}, "OK"));
}

TEST_F(AtCommands, CgmmReportsTheModel) {
    EXPECT_TRUE(Replied(cmd("AT+CGMM"), {"Q2686RD"}, "OK"));
}

TEST_F(AtCommands, CgmrReportsTheRevision) {
    EXPECT_TRUE(Replied(cmd("AT+CGMR"), {"R7.44.0.q2686emu Q2686RD"}, "OK"));
}

TEST_F(AtCommands, CgsnReportsTheDefaultImei) {
    EXPECT_TRUE(Replied(cmd("AT+CGSN"), {"351234567890123"}, "OK"));
}

TEST(AtCommandsConfigured, CgsnReportsTheConfiguredImei) {
    ModemConfig config = rom_config();
    config.imei = "490154203237518";
    ModemUnderTest rig(config);
    ASSERT_TRUE(rig.boot());
    EXPECT_TRUE(Replied(rig.cmd("AT+CGSN"), {"490154203237518"}, "OK"));
}

TEST_F(AtCommands, IdentificationTestFormsAnswerOk) {
    for (const char* command : {"AT+CGMI=?", "AT+CGMM=?", "AT+CGMR=?", "AT+CGSN=?"}) {
        SCOPED_TRACE(command);
        EXPECT_TRUE(Replied(cmd(command), {}, "OK"));
    }
}

TEST_F(AtCommands, IdentificationReadAndSetFormsAreErrorInEveryCmeeMode) {
    for (const char* mode : {"AT+CMEE=0", "AT+CMEE=1", "AT+CMEE=2"}) {
        ASSERT_TRUE(cmd(mode).ok());
        for (const char* command : {"AT+CGMI?", "AT+CGMM?", "AT+CGMR?", "AT+CGSN?", "AT+CGMI=1"}) {
            SCOPED_TRACE(std::string(mode) + " then " + command);
            EXPECT_TRUE(Replied(cmd(command), {}, "ERROR"));
        }
    }
}

// ---- ATZ / AT&F ----------------------------------------------------------------------------

TEST_F(AtCommands, AtzRestoresEchoAndCmee) {
    ASSERT_TRUE(cmd("ATE0").ok());
    ASSERT_TRUE(cmd("AT+CMEE=2").ok());
    EXPECT_TRUE(Replied(cmd("ATZ"), {}, "OK"));
    const std::size_t mark = rig.at.transcript().size();
    EXPECT_TRUE(Replied(cmd("AT+CMEE?"), {"+CMEE: 0"}, "OK"));
    EXPECT_EQ(echoes_since(mark), 1u);
}

TEST_F(AtCommands, AtAmpersandFRestoresEchoAndCmee) {
    ASSERT_TRUE(cmd("ATE0").ok());
    ASSERT_TRUE(cmd("AT+CMEE=1").ok());
    EXPECT_TRUE(Replied(cmd("AT&F"), {}, "OK"));
    const std::size_t mark = rig.at.transcript().size();
    EXPECT_TRUE(Replied(cmd("AT+CMEE?"), {"+CMEE: 0"}, "OK"));
    EXPECT_EQ(echoes_since(mark), 1u);
}

// ---- +CMEE ---------------------------------------------------------------------------------

TEST_F(AtCommands, CmeeSelectsHowABadValueIsReported) {
    const char* bad = "AT+CCLK=\"24/13/01,10:00:00+00\"";  // month 13: well-formed, bad value
    EXPECT_TRUE(Replied(cmd(bad), {}, "ERROR"));           // default: AT+CMEE=0
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd(bad), {}, "+CME ERROR: 3"));
    ASSERT_TRUE(Replied(cmd("AT+CMEE=2"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd(bad), {}, "+CME ERROR: operation not allowed"));
    ASSERT_TRUE(Replied(cmd("AT+CMEE=0"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd(bad), {}, "ERROR"));
}

TEST_F(AtCommands, CmeeReadReportsTheMode) {
    EXPECT_TRUE(Replied(cmd("AT+CMEE?"), {"+CMEE: 0"}, "OK"));
    ASSERT_TRUE(cmd("AT+CMEE=2").ok());
    EXPECT_TRUE(Replied(cmd("AT+CMEE?"), {"+CMEE: 2"}, "OK"));
    ASSERT_TRUE(cmd("AT+CMEE=1").ok());
    EXPECT_TRUE(Replied(cmd("AT+CMEE?"), {"+CMEE: 1"}, "OK"));
}

TEST_F(AtCommands, CmeeTestListsTheModes) {
    EXPECT_TRUE(Replied(cmd("AT+CMEE=?"), {"+CMEE: (0-2)"}, "OK"));
}

TEST_F(AtCommands, CmeeOutOfRangeIsRefusedAndTheModeKept) {
    EXPECT_TRUE(Replied(cmd("AT+CMEE=3"), {}, "ERROR"));
    EXPECT_TRUE(Replied(cmd("AT+CMEE?"), {"+CMEE: 0"}, "OK"));
    ASSERT_TRUE(cmd("AT+CMEE=1").ok());
    EXPECT_TRUE(Replied(cmd("AT+CMEE=3"), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+CMEE=7"), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+CMEE?"), {"+CMEE: 1"}, "OK"));
}

TEST_F(AtCommands, SyntaxErrorsStayPlainErrorWhateverTheCmeeMode) {
    ASSERT_TRUE(cmd("AT+CMEE=2").ok());
    EXPECT_TRUE(Replied(cmd("AT+FOO"), {}, "ERROR"));
    EXPECT_TRUE(Replied(cmd("AT+CGMI?"), {}, "ERROR"));
    EXPECT_TRUE(Replied(cmd("AT+CCLK=24/05/17,10:00:00"), {}, "ERROR"));
    EXPECT_TRUE(Replied(cmd("AT+CCLK"), {}, "ERROR"));
}

// ---- +HEAP (ours; the soak in docs/reliability.md reads it) -----------------------------------

TEST_F(AtCommands, HeapReadGivesInUseHighWaterAndSizeInThatOrder) {
    const AtReply r = cmd("AT+HEAP?");
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.lines.size(), 1u);
    unsigned long in_use = 0, high_water = 0, size = 0;
    ASSERT_EQ(std::sscanf(r.lines[0].c_str(), "+HEAP: %lu,%lu,%lu", &in_use, &high_water, &size), 3) << r.lines[0];
    EXPECT_LE(in_use, high_water);
    EXPECT_LE(high_water, size);
    EXPECT_GT(size, 1024u * 1024) << "the RAM after .bss, most of the 4 MiB";
    EXPECT_TRUE(Replied(cmd("AT+HEAP=?"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+HEAP=1"), {}, "ERROR"));
}

// ---- +CFUN (the software reset of AT+CFUN=1 is in modem_power_test.cpp) ----------------------

TEST_F(AtCommands, CfunReadReportsFullFunctionality) {
    EXPECT_TRUE(Replied(cmd("AT+CFUN?"), {"+CFUN: 1"}, "OK"));
}

TEST_F(AtCommands, CfunTestListsTheModes) {
    EXPECT_TRUE(Replied(cmd("AT+CFUN=?"), {"+CFUN: (0,1)"}, "OK"));
}

TEST_F(AtCommands, CfunOutOfRangeIsRefused) {
    EXPECT_TRUE(Replied(cmd("AT+CFUN=2"), {}, "ERROR"));
    ASSERT_TRUE(cmd("AT+CMEE=1").ok());
    EXPECT_TRUE(Replied(cmd("AT+CFUN=2"), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+CFUN?"), {"+CFUN: 1"}, "OK"));
}

TEST_F(AtCommands, CfunZeroAnswersOkAndSelectsMinimumFunctionality) {
    EXPECT_TRUE(Replied(cmd("AT+CFUN=0"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CFUN?"), {"+CFUN: 0"}, "OK"));
    // Still talking: minimum functionality has no radio, the AT interpreter runs on.
    EXPECT_TRUE(Replied(cmd("AT+CGMM"), {"Q2686RD"}, "OK"));
}

}  // namespace
}  // namespace q2686::integration
