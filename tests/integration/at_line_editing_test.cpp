// The V.250 command line as the ROM assembles it: backspace, line feeds, A/, several commands
// on one line, the 256-character limit, and input no modem should choke on.
#include <random>

#include "modem_fixture.h"

namespace q2686::integration {
namespace {

using namespace std::literals;

class AtLineEditing : public BootedModem {
protected:
    // Echo off, so that only answers come back.
    void quiet() { ASSERT_TRUE(Replied(cmd("ATE0"), {}, "OK")); }

    // Sends raw bytes (no CR added), lets `settle` of virtual time pass and returns the lines
    // received meanwhile.
    Lines raw(std::string_view bytes, Cycles settle = seconds(0.2)) {
        const std::size_t mark = rig.at.transcript().size();
        rig.at.send_raw(bytes);
        rig.at.wait(settle);
        return rig.received_since(mark);
    }

    // Sends raw bytes and returns every byte the modem sent back within `settle`, as a
    // terminal receives them (no splitting into lines: CR, LF, BS stay). Leaves the session's
    // line reader disconnected: the last thing a test does.
    std::string bytes_back(std::string_view bytes, Cycles settle = seconds(0.2)) {
        rig.at.wait(seconds(0.05));  // the rest of what came before (the LF of "+WIND: 3\r\n")
        std::string out;
        rig.modem.set_at_output([&out](std::uint8_t byte, Cycles) { out += static_cast<char>(byte); });
        rig.modem.send_at(bytes);
        const Cycles deadline = rig.modem.now() + settle;
        while (rig.modem.now() < deadline) rig.modem.run_until(deadline);
        return out;
    }
};

// ---- backspace, line feed ------------------------------------------------------------------

TEST_F(AtLineEditing, BackspaceDeletesThePreviousCharacter) {
    quiet();
    EXPECT_EQ(raw("AT+CGMX\bI\r"), (Lines{"WAVECOM MODEM", "OK"}));
}

TEST_F(AtLineEditing, DelDeletesThePreviousCharacterToo) {
    quiet();
    EXPECT_EQ(raw("AT+CGMX\x7FI\r"), (Lines{"WAVECOM MODEM", "OK"}));
}

TEST_F(AtLineEditing, SeveralBackspacesDeleteSeveralCharacters) {
    quiet();
    EXPECT_EQ(raw("AT+FOO\b\b\bCGMM\r"), (Lines{"Q2686RD", "OK"}));
}

TEST_F(AtLineEditing, BackspaceCanDeleteTheTOfAt) {
    quiet();
    EXPECT_EQ(raw("AT\bT+CGMR\r"), (Lines{"R7.44.0.q2686emu Q2686RD", "OK"}));
}

TEST_F(AtLineEditing, WithEchoOnEveryCharacterIsEchoedAsItArrives) {
    // Every character comes back as it arrives; the backspace as BS SP BS, which erases the X
    // on a terminal's screen.
    EXPECT_EQ(raw("AT+CGMX\bI\r"), (Lines{"AT+CGMX\b \bI", "WAVECOM MODEM", "OK"}));
}

TEST_F(AtLineEditing, DelIsEchoedAsBackspaceSpaceBackspace) {
    // What a terminal's Backspace key sends (0x7F): echoed raw, nothing would disappear.
    EXPECT_EQ(bytes_back("AT+CGMX\x7FI\r"), "AT+CGMX\b \bI\r\r\nWAVECOM MODEM\r\n\r\nOK\r\n");
}

TEST_F(AtLineEditing, BackspaceIsEchoedAsBackspaceSpaceBackspace) {
    EXPECT_EQ(bytes_back("AT+CGMX\bI\r"), "AT+CGMX\b \bI\r\r\nWAVECOM MODEM\r\n\r\nOK\r\n");
}

TEST_F(AtLineEditing, BackspaceWithNothingBeforeItOnTheLineEchoesNothing) {
    // Two characters typed, three erased: the third has nothing to erase on the screen.
    EXPECT_EQ(bytes_back("AT\x7F\x7F\x7F"), "AT\b \b\b \b");
}

TEST_F(AtLineEditing, LineFeedAfterCarriageReturnIsNotEchoed) {
    // A client ending lines with CR LF (nc -C, many terminal programs) gets OK\r\n, not OK\r\n\n.
    EXPECT_EQ(bytes_back("AT\r\nAT+CGMM\r\n"), "AT\r\r\nOK\r\nAT+CGMM\r\r\nQ2686RD\r\n\r\nOK\r\n");
}

TEST_F(AtLineEditing, LineFeedElsewhereIsStillEchoed) {
    EXPECT_EQ(bytes_back("AT\nI3\r"), "AT\nI3\r\r\nR7.44.0.q2686emu Q2686RD\r\n\r\nOK\r\n");
}

TEST_F(AtLineEditing, WithEchoOffNothingIsEchoedForBackspaceOrLineFeed) {
    quiet();
    EXPECT_EQ(bytes_back("AT+CGMX\x7FI\r\n"), "\r\nWAVECOM MODEM\r\n\r\nOK\r\n");
}

TEST_F(AtLineEditing, LineFeedsAreIgnored) {
    quiet();
    EXPECT_EQ(raw("\nAT+CG\nMM\n\r"), (Lines{"Q2686RD", "OK"}));
}

// ---- A/ ------------------------------------------------------------------------------------

TEST_F(AtLineEditing, ASlashRepeatsThePreviousLineWithoutCarriageReturn) {
    quiet();
    ASSERT_TRUE(Replied(cmd("AT+CGMM"), {"Q2686RD"}, "OK"));
    EXPECT_EQ(raw("A/"), (Lines{"Q2686RD", "OK"}));
}

TEST_F(AtLineEditing, LowerCaseASlashRepeatsToo) {
    quiet();
    ASSERT_TRUE(Replied(cmd("AT+CGMI"), {"WAVECOM MODEM"}, "OK"));
    EXPECT_EQ(raw("a/"), (Lines{"WAVECOM MODEM", "OK"}));
}

TEST_F(AtLineEditing, ASlashRepeatsAWholeLineOfSeveralCommands) {
    quiet();
    ASSERT_TRUE(Replied(cmd("AT+CGMI;+CGMM"), {"WAVECOM MODEM", "Q2686RD"}, "OK"));
    EXPECT_EQ(raw("A/"), (Lines{"WAVECOM MODEM", "Q2686RD", "OK"}));
}

TEST_F(AtLineEditing, ASlashRepeatsAFailingLineWithItsError) {
    quiet();
    ASSERT_TRUE(Replied(cmd("AT+FOO"), {}, "ERROR"));
    EXPECT_EQ(raw("A/"), (Lines{"ERROR"}));
}

TEST_F(AtLineEditing, ASlashCanBeRepeated) {
    quiet();
    ASSERT_TRUE(Replied(cmd("ATI3"), {"R7.44.0.q2686emu Q2686RD"}, "OK"));
    EXPECT_EQ(raw("A/A/"), (Lines{"R7.44.0.q2686emu Q2686RD", "OK", "R7.44.0.q2686emu Q2686RD", "OK"}));
}

TEST_F(AtLineEditing, ASlashRepeatsTheLastLineNotTheLastCommand) {
    quiet();
    ASSERT_TRUE(Replied(cmd("AT+CGMI"), {"WAVECOM MODEM"}, "OK"));
    EXPECT_EQ(raw("AT+CGMM\r"), (Lines{"Q2686RD", "OK"}));  // typed by hand
    EXPECT_EQ(raw("A/"), (Lines{"Q2686RD", "OK"}));
}

// ---- several commands on one line ------------------------------------------------------------

TEST_F(AtLineEditing, SemicolonRunsExtendedCommandsInOrderWithASingleOk) {
    EXPECT_TRUE(Replied(cmd("AT+CGMI;+CGMM"), {"WAVECOM MODEM", "Q2686RD"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGMM;+CGMI;+CGSN;+CGMR"),
                        {"Q2686RD", "WAVECOM MODEM", "351234567890123", "R7.44.0.q2686emu Q2686RD"}, "OK"));
}

TEST_F(AtLineEditing, FirstFailureEndsTheLineWithItsError) {
    EXPECT_TRUE(Replied(cmd("AT+CGMI;+FOO;+CGMM"), {"WAVECOM MODEM"}, "ERROR"));
}

TEST_F(AtLineEditing, FirstFailureEndsTheLineWithItsCmeError) {
    EXPECT_TRUE(Replied(cmd("AT+CMEE=1;+CCLK=\"24/13/01,00:00:00\";+CGMM"), {}, "+CME ERROR: 3"));
    // The commands before the failure did run.
    EXPECT_TRUE(Replied(cmd("AT+CMEE?"), {"+CMEE: 1"}, "OK"));
}

TEST_F(AtLineEditing, CommandsAfterAFailureDoNotRun) {
    rig.set_clock("24/05/17,10:00:00+08");
    EXPECT_TRUE(Replied(cmd("AT+FOO;+CCLK=\"25/01/01,00:00:00+00\""), {}, "ERROR"));
    EXPECT_EQ(clock(), "24/05/17,10:00:00+08");
}

TEST_F(AtLineEditing, SemicolonInsideAQuotedStringDoesNotSplit) {
    EXPECT_TRUE(Replied(cmd("AT+CCLK=\"24/05/17,10:00:00+08\";+CCLK?"), {"+CCLK: \"24/05/17,10:00:00+08\""}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CCLK=\"24/05/17;10:00:00+08\";+CGMI"), {}, "ERROR"));
}

TEST_F(AtLineEditing, SpacesAroundExtendedCommandsAreIgnored) {
    EXPECT_TRUE(Replied(cmd("AT+CGMI "), {"WAVECOM MODEM"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT +CGMI ; +CGMM "), {"WAVECOM MODEM", "Q2686RD"}, "OK"));
}

TEST_F(AtLineEditing, BasicCommandsFollowEachOther) {
    const std::size_t mark = rig.at.transcript().size();
    EXPECT_TRUE(Replied(cmd("ATE0I"), {"WAVECOM MODEM", "Q2686RD"}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATI3E1"), {"R7.44.0.q2686emu Q2686RD"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT"), {}, "OK"));
    // Echo: ATE0I was echoed (echo was on while it arrived), ATI3E1 not, AT again.
    Lines echoes;
    for (std::size_t i = mark; i < rig.at.transcript().size(); ++i)
        if (rig.at.transcript()[i].kind == TranscriptEntry::Kind::Echo) echoes.push_back(rig.at.transcript()[i].text);
    EXPECT_EQ(echoes, (Lines{"ATE0I", "AT"}));
}

TEST_F(AtLineEditing, FailingBasicCommandEndsTheLine) {
    EXPECT_TRUE(Replied(cmd("ATIE2I3"), {"WAVECOM MODEM", "Q2686RD"}, "ERROR"));
}

TEST_F(AtLineEditing, LineOfOnlyAtAndSpacesAnswersOk) {
    EXPECT_TRUE(Replied(cmd("AT    "), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT ; ;"), {}, "OK"));
}

TEST_F(AtLineEditing, InputArrivingDuringACommandWaitsItsTurn) {
    quiet();
    EXPECT_EQ(raw("AT+CGMI\rAT+CGMM\rAT+CGMR\r"),
              (Lines{"WAVECOM MODEM", "OK", "Q2686RD", "OK", "R7.44.0.q2686emu Q2686RD", "OK"}));
}

// ---- line length ---------------------------------------------------------------------------

TEST_F(AtLineEditing, LineOf256CharactersAfterAtIsAccepted) {
    std::string line = "AT";
    for (int i = 0; i < 128; ++i) line += "E0";
    ASSERT_EQ(line.size(), 2u + 256u);
    EXPECT_TRUE(Replied(cmd(line), {}, "OK"));
}

TEST_F(AtLineEditing, LineOf257CharactersAfterAtIsError) {
    std::string line = "AT";
    for (int i = 0; i < 128; ++i) line += "E0";
    line += "I";
    EXPECT_TRUE(Replied(cmd(line), {}, "ERROR"));
}

TEST_F(AtLineEditing, OverLongLineIsErrorAndTheModemStillAnswers) {
    std::string line = "AT+CGMI";
    while (line.size() < 300) line += ";+CGMM";
    line.resize(300);
    EXPECT_TRUE(Replied(cmd(line), {}, "ERROR"));  // nothing of it ran
    EXPECT_TRUE(Replied(cmd("AT"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGMI"), {"WAVECOM MODEM"}, "OK"));
}

TEST_F(AtLineEditing, VeryLongLineDoesNotOverrunTheFirmware) {
    quiet();
    std::string line = "AT";
    line.append(5000, 'I');  // arrives at the UART's pace: the firmware keeps up, echo off
    line += '\r';
    EXPECT_EQ(raw(line, seconds(1)), (Lines{"ERROR"}));
    EXPECT_TRUE(Replied(cmd("AT+CGMM"), {"Q2686RD"}, "OK"));
    EXPECT_FALSE(rig.at.fault());
}

// ---- garbage ---------------------------------------------------------------------------------

TEST_F(AtLineEditing, NulAndFfBytesDoNotBreakTheModem) {
    raw("\x00\x00\xFF\xFF\x00\xFE\x80\r"sv);
    EXPECT_TRUE(Replied(cmd("AT"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGMI"), {"WAVECOM MODEM"}, "OK"));
    EXPECT_FALSE(rig.at.fault());
}

TEST_F(AtLineEditing, EveryByteValueDoesNotBreakTheModem) {
    std::string bytes;
    for (int round = 0; round < 2; ++round)
        for (int b = 0; b < 256; ++b) bytes += static_cast<char>(b);
    bytes += '\r';
    raw(bytes, seconds(1));
    EXPECT_TRUE(Replied(cmd("AT"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATI3"), {"R7.44.0.q2686emu Q2686RD"}, "OK"));
    EXPECT_FALSE(rig.at.fault());
}

TEST_F(AtLineEditing, RandomPrintableJunkDoesNotBreakTheModem) {
    std::mt19937 random(2686);  // fixed seed: the same junk every run
    std::uniform_int_distribution<int> printable(0x20, 0x7E);
    std::string junk;
    for (int i = 0; i < 3000; ++i) junk += static_cast<char>(printable(random));
    raw(junk + "\r", seconds(1));
    EXPECT_TRUE(Replied(cmd("AT"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGMM"), {"Q2686RD"}, "OK"));
    EXPECT_FALSE(rig.at.fault());
}

TEST_F(AtLineEditing, JunkWithoutCarriageReturnIsDiscardedBeforeTheNextAt) {
    quiet();
    EXPECT_EQ(raw("hello world 12345 !@#$%^&*()"), Lines{});
    EXPECT_TRUE(Replied(cmd("AT+CGMI"), {"WAVECOM MODEM"}, "OK"));
}

}  // namespace
}  // namespace q2686::integration
