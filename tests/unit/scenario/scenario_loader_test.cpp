// The scenario loader (emulator/scenario/scenario_loader.h): every kind of malformed file is
// refused with FILE:LINE:COL pointing at the offending node, and a well-formed one loads into
// exactly the steps it says.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "base/input_error.h"
#include "bad_scenarios.h"
#include "scenario/scenario_loader.h"

namespace q2686::scenario {
namespace {

std::string load_error(const std::string& text, const std::string& folder = "") {
    try {
        load_scenario_text(text, "bad.yaml", folder);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(loaded)";
}

using test::BadFile;
using test::kBadFiles;

class MalformedScenario : public ::testing::TestWithParam<BadFile> {};

TEST_P(MalformedScenario, IsRefusedWithTheLineAndColumnOfTheMistake) {
    const BadFile& bad = GetParam();
    const std::string error = load_error(bad.yaml);
    EXPECT_TRUE(error.starts_with(bad.position)) << bad.what << ": " << error;
    EXPECT_NE(error.find(bad.message), std::string::npos) << bad.what << ": " << error;
}

INSTANTIATE_TEST_SUITE_P(EveryKind, MalformedScenario, ::testing::ValuesIn(kBadFiles),
                         [](const ::testing::TestParamInfo<BadFile>& info) {
                             std::string name;
                             for (const char* c = info.param.what; *c; ++c)
                                 name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
                             return name;
                         });

TEST(ScenarioLoader, MissingScenarioFileIsAnInputErrorNamingItWithoutAnInventedPosition) {
    try {
        load_scenario_file("no/such/scenario.yaml");
        FAIL() << "loaded";
    } catch (const InputError& e) {
        // No line was read: "FILE:1:1:" would send an editor to a place that says nothing.
        EXPECT_TRUE(std::string(e.what()).starts_with("no/such/scenario.yaml: cannot read")) << e.what();
    }
}

TEST(ScenarioLoader, TheIssuesExampleLoadsIntoItsSteps) {
    const Scenario s = load_scenario_text(R"(name: RTC lost after power cut breaks TLS
timeout: 120s
modem: {battery: false, rtc: "2026-11-25T10:00:00Z"}
network: {registration: home, csq: 18, latency: 300ms, loss: 0%}
server:
  host: api.example.com
  port: 443
  cert: {not_before: 2025-01-01, not_after: 2027-01-01, issuer: ca}
  hostname: api.example.com
steps:
  - power: on
  - expect: "+WIND: 4"
    within: 10s
  - tls-connect: {verify: always}
  - expect-tls: {outcome: not-yet-valid, within: 60s}
  - repeat: {times: 3, steps: [{wait: 2h}, {log: again}]}
)",
                                          "ok.yaml", "");
    EXPECT_EQ(s.name, "RTC lost after power cut breaks TLS");
    EXPECT_EQ(s.timeout, ClockRate{}.from_ns(120'000'000'000ULL));
    EXPECT_FALSE(s.modem.battery);
    ASSERT_TRUE(s.modem.rtc_seconds);
    EXPECT_EQ(s.network.latency_ms, 300u);
    ASSERT_EQ(s.servers.size(), 1u);
    EXPECT_EQ(s.servers[0].builtin.certificate.not_after.iso(), "2027-01-01T00:00:00Z");
    ASSERT_EQ(s.steps.size(), 5u);
    EXPECT_EQ(s.steps[1].kind, Step::Kind::Expect);
    EXPECT_EQ(s.steps[1].mark.line, 12);
    EXPECT_EQ(s.steps[2].tls_connect.verify, 2);
    EXPECT_EQ(s.steps[3].expect_tls.outcome, "not-yet-valid");
    EXPECT_EQ(s.steps[4].times, 3);
    EXPECT_EQ(s.steps[4].steps.size(), 2u);
    ASSERT_EQ(s.server_slots.size(), 1u);
}

TEST(ScenarioLoader, EveryCauseTheModemReportsIsAnExpectTlsOutcome) {
    // +TLSERR's cause field (docs/tls.md "Every cause"), including the application's own
    // `timeout` (30 s without any event) and `key-usage`.
    for (const char* cause : {"not-yet-valid", "expired", "unknown-ca", "self-signed", "hostname-mismatch",
                              "bad-signature", "unsupported-algorithm", "key-usage", "bad-certificate",
                              "handshake-failure", "protocol-error", "timeout", "network-error"}) {
        const Scenario s = load_scenario_text(std::string("server: {host: api.example.com}\nsteps:\n  - tls-connect: "
                                                          "{verify: always}\n  - expect-tls: {outcome: ") +
                                                  cause + ", within: 60s}\n  - expect-tls: " + cause + "\n",
                                              "ok.yaml", "");
        ASSERT_EQ(s.steps.size(), 3u) << cause;
        EXPECT_EQ(s.steps[1].expect_tls.outcome, cause);
        EXPECT_EQ(s.steps[2].expect_tls.outcome, cause);
    }
    EXPECT_THROW(load_scenario_text("steps:\n  - expect-tls: {outcome: time-out}\n", "bad.yaml", ""), InputError);
}

TEST(ScenarioLoader, NetworkTimeKeysAndTheNitzStepLoadAsKnobs) {
    const Scenario s = load_scenario_text(R"(network:
  utc: 2026-03-15T09:00:00Z
  nitz: {zone: "+08", offset: -3h, full: Q2686 Emulator, short: Q2686, dst: 1, enabled: true}
steps:
  - nitz: now
  - nitz: {offset: 0s}
  - nitz: "zone=-20,off"
  - network: {nitz: off}
)",
                                          "nitz.yaml", "");
    ASSERT_TRUE(s.network.utc);
    EXPECT_EQ(*s.network.utc, 1'773'565'200);
    EXPECT_EQ(s.network.nitz, "on,offset=-3h,zone=+08,dst=1,full=Q2686 Emulator,short=Q2686");
    ASSERT_EQ(s.steps.size(), 4u);
    EXPECT_TRUE(s.steps[0].network.send_nitz);
    EXPECT_FALSE(s.steps[0].network.nitz);
    EXPECT_TRUE(s.steps[1].network.send_nitz);
    EXPECT_EQ(s.steps[1].network.nitz, "offset=0s");
    EXPECT_EQ(s.steps[2].network.nitz, "zone=-20,off");
    EXPECT_FALSE(s.steps[3].network.send_nitz);
    EXPECT_EQ(s.steps[3].network.nitz, "off");
    EXPECT_EQ(s.steps[0].label, "nitz: now");
}

TEST(ScenarioLoader, RegexPatternsMatchAnywhereAndSubstringsLiterally) {
    const Scenario s =
        load_scenario_text("steps:\n  - expect: '/^\\+CCLK: \"2[0-9]/'\n  - expect: '+CCLK: ('\n", "ok.yaml", "");
    EXPECT_TRUE(s.steps[0].pattern.matches("+CCLK: \"26/01/01,00:00:00+00\""));
    EXPECT_FALSE(s.steps[0].pattern.matches("+CCLK: \"98/01/01,00:00:00+00\""));
    EXPECT_TRUE(s.steps[1].pattern.matches("x +CCLK: (y"));
}

TEST(ScenarioLoader, RelativeCaPathsResolveAgainstTheScenarioFolder) {
    const auto dir = std::filesystem::temp_directory_path() / "q2686-scenario-loader-test";
    std::filesystem::create_directories(dir / "certs");
    std::ofstream(dir / "certs" / "root.pem") << "-----BEGIN CERTIFICATE-----\n";
    const Scenario s = load_scenario_text(
        "server: {external: \"127.0.0.1:4433\", hostname: device.example.com, ca: certs/root.pem}\nsteps:\n  - send: "
        "AT\n",
        "ok.yaml", dir.string());
    EXPECT_EQ(s.servers[0].ca_path, (dir / "certs" / "root.pem").string());
    EXPECT_EQ(s.servers[0].host, "device.example.com");
    EXPECT_EQ(s.servers[0].address_port, 4433);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace q2686::scenario
