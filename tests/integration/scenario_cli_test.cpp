// `q2686emu scenario` as CI uses it (docs/scenarios.md): exit codes, bad input refused before
// anything runs, failure reports, JUnit/JSON, trace hashes that do not depend on the run or on
// --jobs, shards, and a scenario against the user's own server (openssl s_server on loopback).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "bad_scenarios.h"
#include "cli_runner.h"
#include "host_server.h"
#include "tls/server/test_pki.h"

namespace q2686::integration {
namespace {

namespace fs = std::filesystem;

const std::string kScenarios = Q2686_SCENARIO_DIR;

class ScenarioCli : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("q2686-scenario-cli-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& text) {
        const fs::path path = dir_ / name;
        std::ofstream(path) << text;
        return path.string();
    }
    static std::string read(const fs::path& path) {
        std::ifstream in(path);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }
    static std::string last_line(const std::string& output) {
        const auto end = output.find_last_not_of('\n');
        const auto start = output.rfind('\n', end);
        return output.substr(start == std::string::npos ? 0 : start + 1,
                             end - (start == std::string::npos ? 0 : start + 1) + 1);
    }
    fs::path dir_;
};

const char* const kQuick = "name: quick\nsteps:\n  - power: on\n  - send: AT+CGMI\n  - expect: OK\n";

TEST_F(ScenarioCli, OneMalformedFileStopsTheWholeRunWithExitTwoAndItsPosition) {
    write("a_good.yaml", kQuick);
    write("b_bad.yaml", "name: bad\nsteps:\n  - power: on\n  - wait: 3 fortnights\n");
    const fs::path junit = dir_ / "report.xml";
    const CliResult r = run_cli("scenario " + dir_.string() + " --junit " + junit.string());
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("b_bad.yaml:4:11: wait: '3 fortnights' is not a duration"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("nothing was run"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(junit)) << "no report: nothing ran";
}

// Through the command, as CI meets them: exit 2, the position on standard error, nothing run.
class MalformedScenarioCli : public ScenarioCli, public ::testing::WithParamInterface<test::BadFile> {};

TEST_P(MalformedScenarioCli, ExitsTwoWithFileLineAndColumn) {
    const std::string file = write("bad.yaml", GetParam().yaml);
    const CliResult r = run_cli("scenario " + file);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    const std::string position = GetParam().position;  // "bad.yaml:L:C:"
    EXPECT_NE(r.output.find("q2686emu: error: " + (dir_ / position).string()), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("PASS"), std::string::npos) << r.output;
}

INSTANTIATE_TEST_SUITE_P(EveryKind, MalformedScenarioCli, ::testing::ValuesIn(test::kBadFiles),
                         [](const ::testing::TestParamInfo<test::BadFile>& info) {
                             std::string name;
                             for (const char* c = info.param.what; *c; ++c)
                                 name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
                             return name;
                         });

TEST_F(ScenarioCli, MissingFileAndBadOptionsExitTwo) {
    EXPECT_EQ(run_cli("scenario " + (dir_ / "nope.yaml").string()).exit_code, 2);
    const std::string good = write("good.yaml", kQuick);
    EXPECT_EQ(run_cli("scenario " + good + " --shard 3/2").exit_code, 2);
    EXPECT_EQ(run_cli("scenario " + good + " --jobs 0").exit_code, 2);
    EXPECT_EQ(run_cli("scenario " + good + " --junit /no/such/folder/r.xml").exit_code, 2);
}

TEST_F(ScenarioCli, UnwritableReportPathExitsTwoBeforeAnythingRuns) {
    const std::string good = write("good.yaml", kQuick);
    const struct {
        std::string options;
        const char* says;
    } cases[] = {
        {"--json /proc/nope.json", "q2686emu: error: --json /proc/nope.json: cannot be written"},
        {"--junit " + dir_.string(), "is a folder"},
        {"--trace /no/such/folder/t.jsonl", "the folder /no/such/folder does not exist"},
        {"--pcap /proc/nope.pcap", "q2686emu: error: --pcap /proc/nope.pcap: cannot be written"},
    };
    for (const auto& c : cases) {
        const CliResult r = run_cli("scenario " + good + " " + c.options);
        EXPECT_EQ(r.exit_code, 2) << c.options << "\n" << r.output;
        EXPECT_NE(r.output.find(c.says), std::string::npos) << c.options << "\n" << r.output;
        EXPECT_EQ(r.output.find("PASS"), std::string::npos) << "it ran: " << r.output;
        EXPECT_EQ(r.output.find("internal error"), std::string::npos) << r.output;
    }
    // The check leaves nothing behind, and an existing report is not emptied before the run.
    EXPECT_FALSE(fs::exists("/proc/nope.json"));
    const std::string old = write("old.json", "{}");
    const std::string bad = write("bad.yaml", "steps: []\n");  // checked after the outputs: exit 2, no run
    EXPECT_EQ(run_cli("scenario " + bad + " --json " + old).exit_code, 2);
    EXPECT_EQ(read(old), "{}");
}

TEST_F(ScenarioCli, MissingFileIsNamedWithoutAnInventedPosition) {
    const std::string missing = (dir_ / "nonexist.yaml").string();
    const CliResult r = run_cli("scenario " + missing);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("q2686emu: error: " + missing + ": no such scenario file or folder"), std::string::npos)
        << r.output;
    EXPECT_EQ(r.output.find(":1:1:"), std::string::npos) << r.output;
    const CliResult empty = run_cli("scenario " + dir_.string());
    EXPECT_NE(empty.output.find(dir_.string() + ": the folder holds no *.yaml scenario"), std::string::npos)
        << empty.output;
    EXPECT_EQ(empty.output.find(":1:1:"), std::string::npos) << empty.output;
}

TEST_F(ScenarioCli, SecondExpectForTheSameLineSaysThePreviousOneConsumedIt) {
    const std::string file = write("twice.yaml",
                                   "name: twice\nsteps:\n  - power: on\n  - send: AT+CGMI\n  - expect: OK\n"
                                   "  - expect: OK\n    within: 1s\n");
    const CliResult r = run_cli("scenario " + file);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("twice.yaml:6:5: step 'expect: OK' failed"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("the line 'OK' (at "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("already consumed by the previous expectation (line 5)"), std::string::npos) << r.output;
}

TEST_F(ScenarioCli, ExpectThatNeverMatchedSaysNothingOfConsumedLines) {
    const std::string file = write("never.yaml",
                                   "name: never\nsteps:\n  - power: on\n  - send: AT+CGMI\n  - expect: OK\n"
                                   "  - expect: NO CARRIER\n    within: 1s\n");
    const CliResult r = run_cli("scenario " + file);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("expected a line matching 'NO CARRIER' within 1 s; it did not arrive"), std::string::npos)
        << r.output;
    EXPECT_EQ(r.output.find("consumed"), std::string::npos) << r.output;
}

TEST_F(ScenarioCli, FailedStepReportsExpectationArrivalsTimeAndPosition) {
    const std::string file = write("fails.yaml",
                                   "name: wrong clock\nsteps:\n  - power: on\n  - send: AT+CCLK?\n"
                                   "  - expect: '+CCLK: \"26/'\n    within: 2s\n  - send: AT\n");
    const fs::path junit = dir_ / "r.xml", json = dir_ / "r.json";
    const CliResult r = run_cli("scenario " + file + " --junit " + junit.string() + " --json " + json.string());
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("FAIL wrong clock"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("fails.yaml:5:5: step 'expect: +CCLK: \"26/' failed at"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("expected: +CCLK: \"26/"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("+CCLK: \"98/01/01,00:00:00+00\""), std::string::npos) << "the last AT lines" << r.output;
    EXPECT_NE(r.output.find("skipped line 7"), std::string::npos) << r.output;
    const std::string xml = read(junit);
    EXPECT_NE(xml.find("<testcase name=\"wrong clock\" classname=\"scenarios.fails\""), std::string::npos) << xml;
    EXPECT_NE(xml.find("<failure message=\"line 5: expect: +CCLK: &quot;26/"), std::string::npos) << xml;
    const auto report = nlohmann::json::parse(read(json));
    ASSERT_EQ(report["scenarios"].size(), 1u);
    const auto& steps = report["scenarios"][0]["steps"];
    ASSERT_EQ(steps.size(), 4u);
    EXPECT_EQ(steps[2]["status"], "failed");
    EXPECT_NEAR(steps[2]["virtual_s"].get<double>(), 2.0, 0.01) << "waited its 2 s of virtual time";
    EXPECT_TRUE(steps[2].contains("wall_s"));
}

// firmware: another ELF — the bare ROM answers AT but has none of the TLS application's commands.
TEST_F(ScenarioCli, FirmwareKeyBootsAnotherImage) {
    const std::string file = write("rom.yaml", std::string("name: bare rom\nfirmware: ") + Q2686_ROM_IMAGE +
                                                   "\nsteps:\n  - power: on\n  - send: AT+TLSCFG?\n"
                                                   "  - expect: /^ERROR$/\n  - send: AT+CGMI\n  - expect: WAVECOM\n");
    const CliResult r = run_cli("scenario " + file);
    EXPECT_EQ(r.exit_code, 0) << r.output;
}

// A firmware fault fails the step with the whole fault report (PC and its symbol, faulting
// address, registers, last events) in the text report and in --json, never a host crash.
TEST_F(ScenarioCli, FirmwareFaultFailsTheStepWithPcRegistersSymbolAndLastEvents) {
    const std::string file = write("fault.yaml", std::string("name: faulting image\nfirmware: ") + Q2686_TEST_IMAGES +
                                                     "/fault_unmapped.elf\nsteps:\n  - power: on\n"
                                                     "  - expect: never printed\n    within: 5s\n");
    const fs::path json = dir_ / "fault.json";
    const CliResult r = run_cli("scenario " + file + " --json " + json.string());
    EXPECT_EQ(r.exit_code, 1) << r.output;
    for (const char* text : {"the firmware faulted: read from unmapped address 0x20000000",
                             "faulting address 0x20000000", "(read_register", "r0 0x", "cpsr 0x", "last events:"})
        EXPECT_NE(r.output.find(text), std::string::npos) << text << "\n" << r.output;
    const auto report = nlohmann::json::parse(std::ifstream(json));
    const auto& failure = report["scenarios"][0]["failure"];
    EXPECT_NE(failure["fault_report"].get<std::string>().find("faulting address 0x20000000"), std::string::npos)
        << failure.dump(2);
}

TEST_F(ScenarioCli, ScenarioTimeoutBoundsEveryWaitInVirtualTime) {
    const std::string file = write("short.yaml",
                                   "name: short\ntimeout: 5s\nsteps:\n  - power: on\n  - expect: never printed\n"
                                   "    within: 1h\n");
    const fs::path json = dir_ / "r.json";
    const CliResult r = run_cli("scenario " + file + " --json " + json.string());
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("the scenario's timeout (5 s) ran out"), std::string::npos) << r.output;
    const auto report = nlohmann::json::parse(read(json));
    EXPECT_NEAR(report["scenarios"][0]["virtual_s"].get<double>(), 5.0, 0.001) << "stopped at the timeout, not 1 h";
}

TEST_F(ScenarioCli, SameScenarioGivesTheSameTraceHashTwiceAndWithAnyJobs) {
    const std::string files = kScenarios + "/invalid_cclk_inputs.yaml " + kScenarios + "/rtc_lost_breaks_tls.yaml";
    const CliResult single1 = run_cli("scenario " + kScenarios + "/rtc_lost_breaks_tls.yaml --trace-hash");
    const CliResult single2 = run_cli("scenario " + kScenarios + "/rtc_lost_breaks_tls.yaml --trace-hash");
    ASSERT_EQ(single1.exit_code, 0) << single1.output;
    EXPECT_EQ(last_line(single1.output), last_line(single2.output));
    EXPECT_TRUE(std::regex_match(last_line(single1.output), std::regex("trace-hash: [0-9a-f]{64}")));
    const CliResult jobs1 = run_cli("scenario " + files + " --trace-hash --jobs 1");
    const CliResult jobs2 = run_cli("scenario " + files + " --trace-hash --jobs 2");
    ASSERT_EQ(jobs1.exit_code, 0) << jobs1.output;
    EXPECT_EQ(last_line(jobs1.output), last_line(jobs2.output));
    const std::string alone = last_line(single1.output).substr(std::string("trace-hash: ").size());
    EXPECT_NE(jobs2.output.find("trace-hash " + alone), std::string::npos)
        << "a scenario in a child process hashes as it does alone\n"
        << jobs2.output;
}

TEST_F(ScenarioCli, TraceIsJsonLinesWithoutHostPortsOrPaths) {
    const fs::path trace = dir_ / "t.jsonl";
    const CliResult r =
        run_cli("scenario " + kScenarios + "/certificate_problems_server_changes.yaml --trace " + trace.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::ifstream in(trace);
    std::string line;
    int lines = 0, tls = 0;
    while (std::getline(in, line)) {
        ++lines;
        const auto j = nlohmann::json::parse(line);
        EXPECT_TRUE(j.contains("t")) << line;
        if (j.value("kind", "") == "tls") ++tls;
        EXPECT_FALSE(std::regex_search(line, std::regex(R"(127\.0\.0\.1:[0-9])"))) << line;
        EXPECT_EQ(line.find(kScenarios), std::string::npos) << line;
    }
    EXPECT_GT(lines, 50);
    EXPECT_GT(tls, 10) << "the dissector's and the server's events are in it";
}

TEST_F(ScenarioCli, SeveralScenariosWriteOnePcapEachAndOneTraceInFileOrder) {
    const std::string a = write("a.yaml", "name: first\nsteps:\n  - power: on\n  - send: AT\n");
    const std::string b = write("b.yaml", "name: second\nsteps:\n  - power: on\n  - send: AT\n");
    const fs::path trace = dir_ / "all.jsonl";
    const CliResult r = run_cli("scenario " + a + " " + b + " --jobs 2 --pcap " + (dir_ / "cap.pcap").string() +
                                " --trace " + trace.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(fs::exists(dir_ / "cap.a.pcap"));
    EXPECT_TRUE(fs::exists(dir_ / "cap.b.pcap"));
    const std::string text = read(trace);
    const auto first = text.find("{\"scenario\":\"first\""), second = text.find("{\"scenario\":\"second\"");
    ASSERT_NE(first, std::string::npos) << text.substr(0, 200);
    ASSERT_NE(second, std::string::npos);
    EXPECT_LT(first, second);
}

TEST_F(ScenarioCli, ShardsSplitTheFolderIntoDisjointSlicesCoveringIt) {
    const CliResult all = run_cli("scenario " + kScenarios + " --list");
    ASSERT_EQ(all.exit_code, 0) << all.output;
    std::multiset<std::string> seen;
    for (int k = 1; k <= 3; ++k) {
        const CliResult shard = run_cli("scenario " + kScenarios + " --list --shard " + std::to_string(k) + "/3");
        ASSERT_EQ(shard.exit_code, 0) << shard.output;
        std::istringstream lines(shard.output);
        for (std::string line; std::getline(lines, line);) seen.insert(line);
    }
    std::multiset<std::string> expected;
    std::istringstream lines(all.output);
    for (std::string line; std::getline(lines, line);) expected.insert(line);
    EXPECT_EQ(seen, expected);
    EXPECT_GE(expected.size(), 12u);
}

// The user's own server: openssl s_server with a chain from the test PKI, its root given as a
// file next to the scenario (relative path), reached as device.example.com.
TEST_F(ScenarioCli, ExternalServerWithItsCaFileVerifiesAndFailsOnTheRtc) {
    const TestPki pki;
    ServerCertificateSpec spec;
    spec.hostname = "device.example.com";
    const ServerCredentials credentials = pki.server(spec);
    fs::create_directories(dir_ / "certs");
    fs::copy_file(pki.root_ca(), dir_ / "certs" / "root.pem");
    test::HostServer server({"openssl", "s_server", "-www", "-quiet", "-cert", credentials.certificate.string(),
                             "-cert_chain", credentials.chain.string(), "-key", credentials.key.string(), "-accept",
                             "127.0.0.1:{port}"});
    ASSERT_TRUE(server.ready()) << "openssl s_server did not start";
    const std::string file =
        write("external.yaml",
              "name: own server\ntimeout: 5m\nserver: {external: \"127.0.0.1:" + std::to_string(server.port()) +
                  "\", hostname: device.example.com, ca: certs/root.pem}\nsteps:\n  - power: on\n"
                  "  - tls-connect: {verify: always}\n  - expect-tls: not-yet-valid\n"
                  "  - set-rtc: 2026-02-01T00:00:00Z\n  - tls-connect: {verify: always}\n"
                  "  - expect-tls: {outcome: ok, status: 200}\n");
    const CliResult r = run_cli("scenario " + file + " -v");
    EXPECT_EQ(r.exit_code, 0) << r.output;
}

}  // namespace
}  // namespace q2686::integration

namespace q2686::integration {
namespace {

// tls-window: the sweep against the scenario's server passes with the window it proves, fails
// naming the window it found when another is expected, and a malformed expect: stops the run.
class ScenarioTlsWindow : public ::testing::Test {
protected:
    std::string write(const std::string& name, const std::string& text) {
        const fs::path path = fs::temp_directory_path() / ("q2686-tls-window-" + name);
        std::ofstream(path) << text;
        return path.string();
    }
    static std::string scenario(const std::string& expect) {
        return "name: window\ntimeout: 5m\nserver:\n  host: api.example.com\n"
               "  cert: {not_before: \"2025-02-03T04:05:06Z\", not_after: \"2031-07-08T09:10:11Z\", issuer: ca}\n"
               "steps:\n  - tls-window: {expect: " + expect + "}\n";
    }
};

TEST_F(ScenarioTlsWindow, TheProvedWindowPassesAndAnotherFailsNamingTheRealOne) {
    const CliResult pass = run_cli("scenario " + write("pass.yaml", scenario("\"2025-02-03T04:05:06Z .. 2031-07-08T09:10:11Z\"")));
    EXPECT_EQ(pass.exit_code, 0) << pass.output;
    const CliResult fail = run_cli("scenario " + write("fail.yaml", scenario("\"2025-02-03T04:05:06Z .. 2031-07-08T09:10:12Z\"")));
    EXPECT_EQ(fail.exit_code, 1) << fail.output;
    EXPECT_NE(fail.output.find("tls-window: the window is 2025-02-03T04:05:06Z .. 2031-07-08T09:10:11Z, expected "
                               "2025-02-03T04:05:06Z .. 2031-07-08T09:10:12Z"),
              std::string::npos)
        << fail.output;
}

TEST_F(ScenarioTlsWindow, AnExpectThatIsNotAnIntervalIsABadFileWithItsPosition) {
    const std::string file = write("bad.yaml", scenario("\"2031-01-01T00:00:00Z .. 2025-01-01T00:00:00Z\""));
    const CliResult r = run_cli("scenario " + file);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find(file + ":7:"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("is not \"FIRST .. LAST\""), std::string::npos) << r.output;
}

}  // namespace
}  // namespace q2686::integration
