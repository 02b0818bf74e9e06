// V.250 and the serial port through the real ROM (rom-stubs/src/at_v250.c, at_engine.c,
// uart.c): numeric and quiet result codes, S-parameters, &C/&D/X, the identification and
// status commands, AT+IPR with the UART's character time, AT+ICF, AT+IFC with RTS/CTS against
// a fast host writer, ATD (no dial-up), host init strings, and every malformed form answered
// with the Wavecom error and changing nothing.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "modem_fixture.h"

namespace q2686::integration {
namespace {

using namespace std::literals;

// 10 bits per character at 104 MHz.
constexpr double kCyclesPerCharAt9600 = 10.0 * 104'000'000 / 9600;      // 108333.3: 1.04 ms
constexpr double kCyclesPerCharAt115200 = 10.0 * 104'000'000 / 115200;  // 9027.8: 86.8 µs

class AtV250 : public BootedModem {
protected:
    void SetUp() override {
        BootedModem::SetUp();
        ASSERT_TRUE(rig.at.wait_for("+WIND: 4", seconds(3)));  // so that it lands in no reply
    }

    // Sends raw bytes and returns every byte the modem sent back within `settle`, as a terminal
    // receives them. Takes the AT port's output from the session: later cmd() calls do not see
    // replies any more, so a test uses it for its last exchanges only.
    std::string bytes_back(std::string_view bytes, Cycles settle = seconds(0.3)) {
        rig.at.wait(seconds(0.01));  // the rest of the previous answer (its last LF)
        std::string out;
        rig.modem.set_at_output([&out](std::uint8_t byte, Cycles) { out += static_cast<char>(byte); });
        rig.modem.send_at(bytes);
        const Cycles deadline = rig.modem.now() + settle;
        while (rig.modem.now() < deadline) rig.modem.run_until(deadline);
        return out;
    }

    // The bytes the modem sends within `settle` after `bytes`, with the cycle each left the wire.
    std::vector<std::pair<char, Cycles>> timed_bytes_back(std::string_view bytes, Cycles settle = seconds(0.5)) {
        rig.at.wait(seconds(0.01));  // the rest of the previous answer (its last LF)
        std::vector<std::pair<char, Cycles>> out;
        rig.modem.set_at_output(
            [&out](std::uint8_t byte, Cycles when) { out.emplace_back(static_cast<char>(byte), when); });
        rig.modem.send_at(bytes);
        const Cycles deadline = rig.modem.now() + settle;
        while (rig.modem.now() < deadline) rig.modem.run_until(deadline);
        return out;
    }

    std::string profile() {
        const AtReply r = cmd("AT&V");
        std::string out;
        for (const auto& line : r.lines) out += line + "\n";
        return out + r.final_code;
    }
};

// ---- ATV: numeric result codes --------------------------------------------------------------

TEST_F(AtV250, AtV0SendsResultCodesAsNumbersEndedByCr) {
    ASSERT_TRUE(cmd("ATE0").ok());
    // V.250 §5.7.1: information text "text<CR><LF>", a result code "<number><CR>".
    EXPECT_EQ(bytes_back("ATV0\r"), "0\r");
    EXPECT_EQ(bytes_back("AT+CGMI\r"), "WAVECOM MODEM\r\n0\r");
    EXPECT_EQ(bytes_back("ATV7\r"), "4\r");                              // ERROR
    EXPECT_EQ(bytes_back("ATD*99#\r"), "3\r");                           // NO CARRIER
    EXPECT_EQ(bytes_back("AT+CMEE=1;+IPR=12345\r"), "+CME ERROR: 3\r");  // no number: its text
    EXPECT_EQ(bytes_back("ATV1\r"), "\r\nOK\r\n");
}

TEST_F(AtV250, AtV0AppliesFromTheNextResultCodeOnTheSameLine) {
    ASSERT_TRUE(cmd("ATE0").ok());
    EXPECT_EQ(bytes_back("ATV0I\r"), "WAVECOM MODEM\r\nQ2686RD\r\n0\r");
}

TEST_F(AtV250, TheHostSessionRecognisesNumericFinalResultCodes) {
    EXPECT_TRUE(Replied(cmd("ATV0"), {}, "0"));
    EXPECT_TRUE(Replied(cmd("AT+CGMM"), {"Q2686RD"}, "0"));
    EXPECT_TRUE(Replied(cmd("ATV5"), {}, "4"));
    EXPECT_TRUE(Replied(cmd("ATD*99#"), {}, "3"));
    EXPECT_TRUE(Replied(cmd("ATS0?"), {"000"}, "0")) << "a three-digit information line is not a result code";
    EXPECT_TRUE(Replied(cmd("ATV1"), {}, "OK"));
}

// ---- ATQ: quiet ------------------------------------------------------------------------------

TEST_F(AtV250, AtQ1SuppressesResultCodesButNotInformationText) {
    ASSERT_TRUE(cmd("ATE0").ok());
    EXPECT_EQ(bytes_back("ATQ1\r"), "");
    EXPECT_EQ(bytes_back("AT+CGMM\r"), "\r\nQ2686RD\r\n");
    EXPECT_EQ(bytes_back("ATQ5\r"), "");  // its ERROR is suppressed too
    EXPECT_EQ(bytes_back("ATQ0\r"), "\r\nOK\r\n");
}

// ---- S-parameters ------------------------------------------------------------------------------

TEST_F(AtV250, SParametersReadAsThreeDigitsAndKeepWhatIsSet) {
    EXPECT_TRUE(Replied(cmd("ATS0?"), {"000"}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATS3?"), {"013"}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATS4?"), {"010"}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATS5?"), {"008"}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATS7?"), {"050"}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATS0=2"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATS0?"), {"002"}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATS7=60S8=4S10=20"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATS7?S8?S10?"), {"060", "004", "020"}, "OK"));
}

TEST_F(AtV250, S3EndsTheCommandLineAndFramesResponses) {
    ASSERT_TRUE(cmd("ATE0").ok());
    // '#' (35) ends lines from now on, and responses are "<S3><S4>text<S3><S4>": the OK of
    // the line that set it already uses it.
    EXPECT_EQ(bytes_back("ATS3=35\r"), "#\nOK#\n");
    EXPECT_EQ(bytes_back("AT+CGMM#"), "#\nQ2686RD#\n#\nOK#\n");
    EXPECT_EQ(bytes_back("AT+CGMM\r"), "") << "CR is just a character of the line now";
    EXPECT_EQ(bytes_back("#"), "#\nERROR#\n") << "\"+CGMM<CR>\" is not a command";
    EXPECT_EQ(bytes_back("ATS3=13#"), "\r\nOK\r\n");
}

// ---- &C, &D, X -------------------------------------------------------------------------------

TEST_F(AtV250, AmpersandCAmpersandDAndXAreKeptAndShownByAtAmpersandV) {
    EXPECT_TRUE(Replied(cmd("AT&C0&D1X3"), {}, "OK"));
    const AtReply r = cmd("AT&V");
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.lines.size(), 5u);
    EXPECT_EQ(r.lines[2], "E:1 X:3 &C:0 &D:1");
}

// ---- identification and status ---------------------------------------------------------------

TEST_F(AtV250, GmiGmmGmrAnswerAsTheirCgTwins) {
    EXPECT_TRUE(Replied(cmd("AT+GMI"), {"WAVECOM MODEM"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+GMM"), {"Q2686RD"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+GMR"), {"R7.44.0.q2686emu Q2686RD"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+GCAP"), {"+GCAP: +CGSM,+FCLASS"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+GMI=?"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+GMI?"), {}, "ERROR"));
}

TEST_F(AtV250, CpasReportsReadyAndFclassOnlyData) {
    EXPECT_TRUE(Replied(cmd("AT+CPAS"), {"+CPAS: 0"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CPAS=?"), {"+CPAS: (0-5)"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+FCLASS?"), {"+FCLASS: 0"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+FCLASS=?"), {"+FCLASS: (0)"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+FCLASS=0"), {}, "OK"));
}

// ---- AT+IPR: the UART's rate -------------------------------------------------------------------

TEST_F(AtV250, IprReadAndTestForms) {
    EXPECT_TRUE(Replied(cmd("AT+IPR?"), {"+IPR: 115200"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+IPR=?"),
                        {"+IPR: (0,2400,4800,9600,19200,38400,57600,115200),(300,600,1200,230400,460800,921600)"},
                        "OK"));
}

TEST_F(AtV250, AtIpr9600AnswersAtTheOldRateThenEveryCharacterTakes104Ms) {
    ASSERT_TRUE(cmd("ATE0").ok());
    const auto ok = timed_bytes_back("AT+IPR=9600\r");
    ASSERT_EQ(ok.size(), 6u);  // "\r\nOK\r\n" at 115200 bit/s
    for (std::size_t i = 1; i < ok.size(); ++i)
        EXPECT_NEAR(static_cast<double>(ok[i].second - ok[i - 1].second), kCyclesPerCharAt115200, 1.0);
    EXPECT_EQ(rig.modem.at_uart().baud(), 9600u);

    // The host follows the UART: its 8 characters take 8 character times at 9600 bit/s, and so
    // does the answer, character after character.
    const Cycles sent = rig.modem.now();
    const auto reply = timed_bytes_back("AT+CGMI\r");
    std::string text;
    for (auto [c, when] : reply) text += c;
    ASSERT_EQ(text, "\r\nWAVECOM MODEM\r\n\r\nOK\r\n");
    EXPECT_GE(static_cast<double>(reply.front().second - sent), 9 * kCyclesPerCharAt9600 - 1)
        << "8 characters in, then the first one out";
    for (std::size_t i = 1; i < reply.size(); ++i)
        EXPECT_NEAR(static_cast<double>(reply[i].second - reply[i - 1].second), kCyclesPerCharAt9600, 1.0)
            << "character " << i;
}

TEST_F(AtV250, AtIpr0IsAutobaudingAndKeepsTheRate) {
    EXPECT_TRUE(Replied(cmd("AT+IPR=0"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+IPR?"), {"+IPR: 0"}, "OK"));
    EXPECT_EQ(rig.modem.at_uart().baud(), 115200u);
    EXPECT_TRUE(Replied(cmd("AT+IPR=57600"), {}, "OK"));
    rig.at.wait(seconds(0.01));  // the OK's LF leaves at the old rate, then the rate changes
    EXPECT_EQ(rig.modem.at_uart().baud(), 57600u);
    EXPECT_TRUE(Replied(cmd("AT+IPR?"), {"+IPR: 57600"}, "OK"));
}

// ---- AT+ICF, AT+IFC -------------------------------------------------------------------------------

TEST_F(AtV250, IcfAndIfcReadTestAndSet) {
    EXPECT_TRUE(Replied(cmd("AT+ICF?"), {"+ICF: 3,4"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+ICF=?"), {"+ICF: (1-6),(0-4)"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+ICF=2,1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+ICF?"), {"+ICF: 2,1"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+IFC?"), {"+IFC: 2,2"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+IFC=?"), {"+IFC: (0,2),(0,2)"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+IFC=0,0"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+IFC?"), {"+IFC: 0,0"}, "OK"));
}

// A fast host writer: 1000 "AT<CR>" lines in one go, 3000 bytes. Each answer (echo and OK) is
// three times longer than its line, so the modem reads slower than the host writes and its
// 512-byte receive buffer fills. With RTS/CTS (AT+IFC=2,2, the default) and a host that honours
// CTS, every line is answered; a host that ignores CTS loses lines.
unsigned answered_of_fast_writer(ModemUnderTest& rig, bool host_honours_cts, std::string_view setup = {}) {
    if (!setup.empty()) {
        EXPECT_TRUE(rig.cmd(setup).ok());
    }
    rig.modem.at_uart().set_host_honours_cts(host_honours_cts);
    std::string burst;
    for (int i = 0; i < 1000; ++i) burst += "AT\r";
    const std::size_t mark = rig.at.transcript().size();
    rig.at.send_raw(burst);
    rig.at.wait(seconds(3));
    unsigned oks = 0;
    for (const auto& line : rig.received_since(mark)) oks += line == "OK";
    return oks;
}

TEST_F(AtV250, AHostHonouringCtsNeverOverrunsTheModemsReceiveBuffer) {
    EXPECT_EQ(answered_of_fast_writer(rig, true), 1000u);
    EXPECT_EQ(rig.modem.at_uart().rx_lost(), 0u);
}

TEST(AtV250Config, AModemConfiguredWithAHostHonouringCtsLosesNothing) {
    ModemConfig config = rom_config();
    config.at_host_honours_cts = true;  // what --rtscts sets
    ModemUnderTest rig(config);
    ASSERT_TRUE(rig.boot());
    ASSERT_TRUE(rig.at.wait_for("+WIND: 4", seconds(3)));
    EXPECT_TRUE(rig.modem.at_uart().host_honours_cts());
    EXPECT_EQ(answered_of_fast_writer(rig, true), 1000u);
}

TEST_F(AtV250, AHostIgnoringCtsLosesLinesWhenItWritesFasterThanTheModemReads) {
    EXPECT_LT(answered_of_fast_writer(rig, false), 1000u);
}

TEST_F(AtV250, WithoutFlowControlCtsStaysUpAndAFastHostLosesLines) {
    EXPECT_LT(answered_of_fast_writer(rig, true, "AT+IFC=0,0"), 1000u);
}

// ---- ATD: no dial-up ---------------------------------------------------------------------------

TEST_F(AtV250, DialUpIsAnsweredNoCarrier) {
    EXPECT_TRUE(Replied(cmd("ATD*99#"), {}, "NO CARRIER"));
    EXPECT_TRUE(Replied(cmd("ATD*99***1#"), {}, "NO CARRIER"));
    EXPECT_TRUE(Replied(cmd("ATDT0123456789"), {}, "NO CARRIER"));
    EXPECT_TRUE(Replied(cmd("ATD0123456789;"), {}, "NO CARRIER"));
    EXPECT_TRUE(Replied(cmd("ATD"), {}, "ERROR"));
    EXPECT_TRUE(Replied(cmd("ATH"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATH0"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("ATH1"), {}, "ERROR"));
}

// ---- init strings of real host software ---------------------------------------------------------

TEST_F(AtV250, InitStringsOfHostSoftwareRunAsAWhole) {
    for (const char* line : {
             "ATE0V1&C1&D2",                       // a typical embedded host
             "ATQ0 V1 E1 S0=0 &C1 &D2 +FCLASS=0",  // wvdial's default Init2
             "AT&FE0V1X4&C1&D2S0=0",               // a terminal program's modem init
             "ATZ",                                // pppd chat: reset
             "ATE1Q0V1X4&C1&D2S7=60S0=0",          // Windows modem INF style
             "ATE0V1+CMEE=1;+CREG=2;+CGREG=2",     // ModemManager-like probing, basic then extended
             "AT+IFC=2,2;+ICF=3,4;+IPR=115200",    // port set-up
             "AT&F&C1&D2E1V1Q0+CMEE=2;+GCAP",      // with an information response
         }) {
        SCOPED_TRACE(line);
        const AtReply r = cmd(line);
        EXPECT_TRUE(r.ok()) << r.text();
    }
    EXPECT_TRUE(Replied(cmd("AT+CMEE?"), {"+CMEE: 2"}, "OK"));
}

// ---- bad input: the Wavecom error, and nothing changes ------------------------------------------

struct BadForm {
    const char* command;
    const char* cmee1_answer;  // with AT+CMEE=1
};

TEST_F(AtV250, EveryMalformedFormGetsTheWavecomErrorAndChangesNothing) {
    const std::vector<BadForm> table = {
        {"ATV2", "ERROR"},
        {"ATQ2", "ERROR"},
        {"ATX5", "ERROR"},
        {"AT&C5", "ERROR"},
        {"AT&C2", "ERROR"},
        {"AT&D3", "ERROR"},
        {"ATE2", "ERROR"},
        {"ATS99=1", "ERROR"},
        {"ATS99?", "ERROR"},
        {"ATS1=1", "ERROR"},
        {"ATS0=256", "ERROR"},
        {"ATS3=128", "ERROR"},
        {"ATS6=1", "ERROR"},
        {"ATS7=0", "ERROR"},
        {"ATS10=255", "ERROR"},
        {"ATS0", "ERROR"},
        {"ATS=1", "ERROR"},
        {"ATS0=", "ERROR"},
        {"ATS0=x", "ERROR"},
        {"AT&W1", "ERROR"},
        {"AT&F1", "ERROR"},
        {"ATZ1", "ERROR"},
        {"AT&V1", "ERROR"},
        {"AT+IPR=12345", "+CME ERROR: 3"},
        {"AT+IPR=-1", "+CME ERROR: 3"},
        {"AT+IPR=\"9600\"", "+CME ERROR: 3"},
        {"AT+IPR=9600,1", "+CME ERROR: 3"},
        {"AT+IPR=5000000", "+CME ERROR: 3"},
        {"AT+IPR=", "+CME ERROR: 3"},
        {"AT+IPR", "ERROR"},
        {"AT+ICF=0", "+CME ERROR: 3"},
        {"AT+ICF=7", "+CME ERROR: 3"},
        {"AT+ICF=3,5", "+CME ERROR: 3"},
        {"AT+ICF=3,4,1", "+CME ERROR: 3"},
        {"AT+ICF=a", "+CME ERROR: 3"},
        {"AT+IFC=1,1", "+CME ERROR: 3"},
        {"AT+IFC=3", "+CME ERROR: 3"},
        {"AT+IFC=2,1", "+CME ERROR: 3"},
        {"AT+IFC=2,2,2", "+CME ERROR: 3"},
        {"AT+FCLASS=1", "+CME ERROR: 3"},
        {"AT+FCLASS=8", "+CME ERROR: 3"},
        {"AT+CPAS?", "ERROR"},
        {"AT+CPAS=1", "ERROR"},
        {"AT+GCAP?", "ERROR"},
    };
    ASSERT_TRUE(cmd("AT+CMEE=1").ok());
    const std::string before = profile();
    const std::uint32_t baud = rig.modem.at_uart().baud();
    for (const BadForm& bad : table) {
        SCOPED_TRACE(bad.command);
        EXPECT_TRUE(Replied(cmd(bad.command), {}, bad.cmee1_answer));
        EXPECT_EQ(profile(), before);
    }
    EXPECT_EQ(rig.modem.at_uart().baud(), baud);
    // Under AT+CMEE=0 the +CME ERROR ones are plain ERROR.
    ASSERT_TRUE(cmd("AT+CMEE=0").ok());
    EXPECT_TRUE(Replied(cmd("AT+IPR=12345"), {}, "ERROR"));
    EXPECT_TRUE(Replied(cmd("AT+IPR?"), {"+IPR: 115200"}, "OK"));
}

}  // namespace
}  // namespace q2686::integration
