// `q2686emu at` as a user runs it: the binary, its output and its exit code.
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli_runner.h"
#include "tls/server/builtin_tls_server.h"

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

const std::string kFirmware = std::string(" --firmware ") + Q2686_ROM_IMAGE;

TEST(AtCli, IssueExamplePrintsTheAdvancedClockAndExitsZero) {
    const CliResult r = run_cli("at 'AT+CCLK=\"24/05/17,10:00:00+08\"' wait:65s 'AT+CCLK?'");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(lines_of(r.output), (std::vector<std::string>{
                                      "~ power on",
                                      "< +WIND: 3",
                                      "> AT+CCLK=\"24/05/17,10:00:00+08\"",
                                      "< OK",
                                      "~ wait 65 s",
                                      "< +WIND: 4",
                                      "> AT+CCLK?",
                                      "< +CCLK: \"24/05/17,10:01:05+08\"",
                                      "< OK",
                                  }))
        << r.output;
}

TEST(AtCli, ExplicitFirmwareOptionBootsTheSameRom) {
    const CliResult r = run_cli("at AT+CGMI" + kFirmware);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "< WAVECOM MODEM\n< OK\n")) << r.output;
}

TEST(AtCli, RtsctsMakesTheHostHonourCtsAndTheModemAnswersAsUsual) {
    const CliResult r = run_cli("at --rtscts AT+IFC? ATV0 AT+CGMI ATV1");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "< +IFC: 2,2\n< OK\n")) << r.output;
    EXPECT_TRUE(contains(r.output, "< WAVECOM MODEM\n< 0\n")) << "numeric result codes end the command too\n"
                                                                 << r.output;
}

TEST(AtCli, ErrorResultStillExitsZero) {
    // ERROR is a final result code: the command completed.
    const CliResult r = run_cli("at AT+FOO 'AT+CCLK=\"24/13/01,00:00:00\"'");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(occurrences(r.output, "< ERROR\n"), 2u) << r.output;
}

TEST(AtCli, AnImageWithoutOpenAtEntryPointsIsRefusedWithExitTwo) {
    // A bare-metal workload: an ARM ELF, but neither adl_InitTasks[] nor adl_main().
    const CliResult r = run_cli(std::string("at AT --firmware ") + Q2686_TEST_IMAGES + "/sha256_quick.elf");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(contains(r.output,
                         "sha256_quick.elf: not an Open AT application: it defines neither the task "
                         "table adl_InitTasks[] nor adl_main()"))
        << r.output;
    EXPECT_FALSE(contains(r.output, "> AT")) << r.output;
}

TEST(AtCli, BadWaitDurationExitsTwoBeforeRunningAnything) {
    const CliResult r = run_cli("at AT wait:soon");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(contains(r.output, "wait: 'soon'")) << r.output;
    EXPECT_TRUE(contains(r.output, "expected a duration like 500ms, 65s, 2h, 400d")) << r.output;
    EXPECT_FALSE(contains(r.output, "power on")) << r.output;  // checked before the modem starts
    EXPECT_FALSE(contains(r.output, "> AT")) << r.output;
}

TEST(AtCli, UnknownPseudoCommandExitsTwoWithTheChoices) {
    const CliResult r = run_cli("at AT frob");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(contains(r.output, "'frob' is neither an AT command")) << r.output;
    EXPECT_TRUE(contains(r.output, "wait:DURATION")) << r.output;
    EXPECT_TRUE(contains(r.output, "power:on|off")) << r.output;
    EXPECT_FALSE(contains(r.output, "> AT")) << r.output;
}

TEST(AtCli, MisspelledPowerStepExitsTwo) {
    const CliResult r = run_cli("at power:reboot");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(contains(r.output, "'power:reboot'")) << r.output;
}

TEST(AtCli, WaitWithoutUnitExitsTwo) {
    const CliResult r = run_cli("at wait:65");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(contains(r.output, "wait: '65'")) << r.output;
}

TEST(AtCli, BadTimeoutOptionExitsTwo) {
    const CliResult r = run_cli("at AT --timeout forever");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(contains(r.output, "--timeout 'forever'")) << r.output;
}

TEST(AtCli, MissingStepsExitTwo) {
    const CliResult r = run_cli("at");
    EXPECT_EQ(r.exit_code, 2) << r.output;
}

TEST(AtCli, NoFinalResultCodeInTimeExitsOne) {
    const CliResult r = run_cli("at AT+CGMI --timeout 100us");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_TRUE(contains(r.output, "~ no final result code within 100us")) << r.output;
}

TEST(AtCli, TimestampsPrefixEveryLineWithVirtualSeconds) {
    const CliResult r = run_cli("at AT wait:2s AT --timestamps");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const std::regex stamped(R"(\[ *\d+\.\d{6}\] [<>~] .+)");
    const auto lines = lines_of(r.output);
    ASSERT_EQ(lines.size(), 8u) << r.output;  // power on, WIND 3, > AT, OK, wait, WIND 4, > AT, OK
    for (const auto& line : lines) EXPECT_TRUE(std::regex_match(line, stamped)) << line;
    EXPECT_TRUE(lines.front().starts_with("[      0.000000] ~ power on")) << lines.front();
    // The second AT goes out after the 2 s wait.
    EXPECT_TRUE(std::regex_match(lines[6], std::regex(R"(\[ +2\.\d{6}\] > AT)"))) << lines[6];
}

TEST(AtCli, EchoOptionShowsTheEcho) {
    const CliResult without = run_cli("at AT+CGMM");
    const CliResult with = run_cli("at AT+CGMM --echo");
    EXPECT_EQ(with.exit_code, 0) << with.output;
    EXPECT_TRUE(contains(with.output, "> AT+CGMM\n= AT+CGMM\n< Q2686RD\n< OK\n")) << with.output;
    EXPECT_FALSE(contains(without.output, "= AT+CGMM")) << without.output;
}

TEST(AtCli, ImeiOptionChangesCgsn) {
    const CliResult r = run_cli("at AT+CGSN --imei 490154203237518");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "< 490154203237518\n< OK\n")) << r.output;
}

TEST(AtCli, PowerCycleWithBatteryKeepsTheClockRunning) {
    const CliResult r = run_cli("at 'AT+CCLK=\"24/05/17,10:00:00+08\"' power:off wait:1h power:on 'AT+CCLK?'");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "~ power off\n")) << r.output;
    EXPECT_EQ(occurrences(r.output, "~ power on\n"), 2u) << r.output;
    EXPECT_EQ(occurrences(r.output, "< +WIND: 3\n"), 2u) << r.output;
    EXPECT_TRUE(contains(r.output, "< +CCLK: \"24/05/17,11:00:00+08\"")) << r.output;
}

TEST(AtCli, BatteryOffThenPowerCycleLosesTheClock) {
    const CliResult r =
        run_cli("at 'AT+CCLK=\"24/05/17,10:00:00+08\"' battery:off power:off wait:10s power:on 'AT+CCLK?'");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "~ backup battery removed\n")) << r.output;
    EXPECT_TRUE(contains(r.output, "< +CCLK: \"98/01/01,00:00:00+00\"")) << r.output;
}

TEST(AtCli, BatteryOnAgainKeepsTheClockThroughThePowerCycle) {
    const CliResult r =
        run_cli("at battery:off battery:on 'AT+CCLK=\"24/05/17,10:00:00+08\"' power:off wait:2h power:on 'AT+CCLK?'");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "~ backup battery connected\n")) << r.output;
    EXPECT_TRUE(contains(r.output, "< +CCLK: \"24/05/17,12:00:00+08\"")) << r.output;
}

TEST(AtCli, NoBatteryOptionStartsWithTheDefaultDate) {
    const CliResult r =
        run_cli("at wait:1h 'AT+CCLK=\"24/05/17,10:00:00+08\"' power:off power:on 'AT+CCLK?' --no-battery");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "< +CCLK: \"98/01/01,00:00:00+00\"")) << r.output;
}

TEST(AtCli, CommandSentWhileOffGetsNoAnswerAndExitsOne) {
    const CliResult r = run_cli("at power:off AT --timeout 1s");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_TRUE(contains(r.output, "~ no final result code within 1s")) << r.output;
}

TEST(AtCli, LongWaitRunsInVirtualTime) {
    const CliResult r = run_cli("at 'AT+CCLK=\"24/01/01,00:00:00+00\"' wait:400d 'AT+CCLK?'");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "~ wait 400 d\n")) << r.output;
    EXPECT_TRUE(contains(r.output, "< +CCLK: \"25/02/04,00:00:00+00\"")) << r.output;
}

TEST(AtCli, EventsOptionInterleavesRtcAndPowerEvents) {
    const CliResult r = run_cli("at --events 'AT+CCLK=\"24/05/17,10:00:00+08\"' power:off power:on");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const auto lines = lines_of(r.output);
    const auto has_event = [&](const std::string& part) {
        return std::any_of(lines.begin(), lines.end(),
                           [&](const std::string& l) { return l.starts_with("# ") && contains(l, part); });
    };
    EXPECT_TRUE(has_event("load 2024-05-17 10:00:00")) << r.output;
    EXPECT_TRUE(has_event("power off (backup battery present)")) << r.output;
    const CliResult quiet = run_cli("at 'AT+CCLK=\"24/05/17,10:00:00+08\"'");
    EXPECT_FALSE(contains(quiet.output, "# ")) << quiet.output;
}

TEST(AtCli, HelpListsEveryBuiltInServerBehaviourAndKey) {
    const CliResult r = run_cli("at --help");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::string behaviours;  // the help's "behaviour=a|b|c" line
    for (const std::string& line : lines_of(r.output))
        if (contains(line, "behaviour=")) behaviours = line;
    ASSERT_FALSE(behaviours.empty()) << r.output;
    // Every value of the enum, so a behaviour added later cannot be left out of the help.
    for (int b = 0;; ++b) {
        const std::string name = q2686::to_string(static_cast<q2686::TlsServerBehaviour>(b));
        if (name == "?") break;
        EXPECT_TRUE(contains(behaviours, name == "normal" ? "=normal" : "|" + name)) << name << " in: " << behaviours;
    }
    for (const char* key :
         {"issuer=", "not-before=", "not-after=", "cert-name=", "key=", "versions=", "client-auth", "extra-names="})
        EXPECT_TRUE(contains(r.output, key)) << key << "\n" << r.output;
}

TEST(AtCli, HelpDescribesThePseudoCommands) {
    const CliResult r = run_cli("at --help");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    for (const char* part : {"wait:DURATION", "power:off", "power:on", "battery:off", "battery:on", "--timestamps",
                             "--no-battery", "--imei", "Exit code"})
        EXPECT_TRUE(contains(r.output, part)) << part << "\n" << r.output;
}

}  // namespace
