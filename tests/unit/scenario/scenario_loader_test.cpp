// The scenario loader (emulator/scenario/scenario_loader.h): every kind of malformed file is
// refused with FILE:LINE:COL pointing at the offending node, and a well-formed one loads into
// exactly the steps it says.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/input_error.h"
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

struct BadFile {
    const char* what;
    const char* yaml;
    const char* position;  // "bad.yaml:LINE:COL:"
    const char* message;   // a part of the message
};

// One per kind of mistake; the position is where an editor should put the cursor.
const BadFile kBadFiles[] = {
    {"yaml syntax", "steps:\n  - {send: AT\n  - wait: 1s\n", "bad.yaml:3:9:", "end of map flow not found"},
    {"tab indentation", "steps:\n\t- send: AT\n", "bad.yaml:2:2:", "illegal"},
    {"not a mapping", "- send: AT\n", "bad.yaml:1:1:", "a scenario is a mapping"},
    {"unknown top-level key", "name: x\nsteeps:\n  - send: AT\n", "bad.yaml:2:1:", "unknown key 'steeps'"},
    {"no steps", "name: x\n", "bad.yaml:1:1:", "no 'steps:'"},
    {"steps not a list", "steps: {send: AT}\n", "bad.yaml:1:8:", "steps must be a list"},
    {"empty steps", "steps: []\n", "bad.yaml:1:8:", "the list is empty"},
    {"step not a mapping", "steps:\n  - AT+CCLK?\n", "bad.yaml:2:5:", "a step is a mapping"},
    {"unknown step", "steps:\n  - power: on\n  - sned: AT\n", "bad.yaml:3:5:", "unknown step 'sned'"},
    {"two actions in a step", "steps:\n  - send: AT\n    wait: 1s\n", "bad.yaml:3:5:", "one action per step"},
    {"unknown key in a step", "steps:\n  - send: AT\n    whithin: 1s\n", "bad.yaml:3:5:", "unknown key 'whithin'"},
    {"within on a wait", "steps:\n  - wait: 1s\n    within: 2s\n", "bad.yaml:3:5:", "takes no options"},
    {"bad duration", "steps:\n  - wait: 5 parsecs\n", "bad.yaml:2:11:", "is not a duration"},
    {"duration without unit", "steps:\n  - wait: 10\n", "bad.yaml:2:11:", "is not a duration"},
    {"bad within", "steps:\n  - expect: OK\n    within: soon\n", "bad.yaml:3:13:", "is not a duration"},
    {"bad timeout", "timeout: [1]\nsteps:\n  - send: AT\n", "bad.yaml:1:10:", "must be text"},
    {"wrong type for text", "steps:\n  - send: {a: 1}\n", "bad.yaml:2:11:", "send must be text"},
    {"not an AT command", "steps:\n  - send: hello\n", "bad.yaml:2:11:", "not an AT command"},
    {"bad boolean", "steps:\n  - power: maybe\n", "bad.yaml:2:12:", "true or false"},
    {"bad regex", "steps:\n  - expect: /a(b/\n", "bad.yaml:2:13:", "bad regular expression"},
    {"bad modem key", "modem: {batery: false}\nsteps:\n  - send: AT\n", "bad.yaml:1:9:", "unknown key 'batery' in modem"},
    {"bad rtc", "modem: {rtc: 2026-13-01T00:00:00Z}\nsteps:\n  - send: AT\n", "bad.yaml:1:14:", "rtc time"},
    {"rtc before 1998", "steps:\n  - set-rtc: 1990-01-01T00:00:00Z\n", "bad.yaml:2:14:", "1998..2097"},
    {"bad imei", "modem: {imei: 123}\nsteps:\n  - send: AT\n", "bad.yaml:1:15:", "15 digits"},
    {"bad registration", "network: {registration: away}\nsteps:\n  - send: AT\n", "bad.yaml:1:25:", "home|roaming"},
    {"csq out of range", "network: {csq: 40}\nsteps:\n  - send: AT\n", "bad.yaml:1:16:", "0..31 or 99"},
    {"bad loss", "network: {loss: lots}\nsteps:\n  - send: AT\n", "bad.yaml:1:17:", "percentage"},
    {"loss over 100%", "network: {loss: 150%}\nsteps:\n  - send: AT\n", "bad.yaml:1:17:", "0%..100%"},
    {"latency not whole ms", "network: {latency: 1.5ms}\nsteps:\n  - send: AT\n", "bad.yaml:1:20:", "whole milliseconds"},
    {"outage only in steps", "network: {outage: 5s}\nsteps:\n  - send: AT\n", "bad.yaml:1:11:", "unknown key 'outage'"},
    {"bad pdp cause", "steps:\n  - network: {pdp: 140}\n", "bad.yaml:2:20:", "132, 133, 134, 148 or 149"},
    {"bad server key", "server: {host: a.example, sni: x}\nsteps:\n  - send: AT\n", "bad.yaml:1:27:", "unknown key 'sni'"},
    {"bad issuer", "server: {cert: {issuer: me}}\nsteps:\n  - send: AT\n", "bad.yaml:1:25:", "issuer"},
    {"bad certificate date", "server: {cert: {not_after: 2027-02-30}}\nsteps:\n  - send: AT\n", "bad.yaml:1:28:", "not-after"},
    {"dates the wrong way", "server: {cert: {not_before: 2027-01-01, not_after: 2026-01-01}}\nsteps:\n  - send: AT\n",
     "bad.yaml:1:16:", "later than not_before"},
    {"bad server port", "server: {port: 70000}\nsteps:\n  - send: AT\n", "bad.yaml:1:16:", "1..65535"},
    {"bad external", "server: {external: localhost}\nsteps:\n  - send: AT\n", "bad.yaml:1:20:", "IPV4:PORT"},
    {"cert on an external server", "server: {external: \"127.0.0.1:4433\", cert: {issuer: self}}\nsteps:\n  - send: AT\n",
     "bad.yaml:1:38:", "only for the built-in server"},
    {"ca on the built-in server", "server: {ca: root.pem}\nsteps:\n  - send: AT\n", "bad.yaml:1:10:", "only with external"},
    {"missing ca file", "server: {external: \"127.0.0.1:4433\", ca: no-such-root.pem}\nsteps:\n  - send: AT\n",
     "bad.yaml:1:42:", "cannot read"},
    {"missing firmware", "firmware: no-such.elf\nsteps:\n  - send: AT\n", "bad.yaml:1:11:", "cannot read"},
    {"bad verify", "steps:\n  - tls-connect: {verify: sometimes}\n", "bad.yaml:2:27:", "always|once|never"},
    {"bad outcome", "steps:\n  - expect-tls: {outcome: fine}\n", "bad.yaml:2:27:", "ok|not-yet-valid"},
    {"status on a failure", "steps:\n  - expect-tls: {outcome: expired, status: 200}\n", "bad.yaml:2:17:", "outcome: ok"},
    {"bad tls path", "steps:\n  - tls-connect: {path: index.html}\n", "bad.yaml:2:25:", "start with '/'"},
    {"repeat without steps", "steps:\n  - repeat: {times: 2}\n", "bad.yaml:2:13:", "times: N and steps"},
    {"repeat zero times", "steps:\n  - repeat: {times: 0, steps: [{wait: 1s}]}\n", "bad.yaml:2:21:", "1..10000"},
    {"error inside a repeat", "steps:\n  - repeat:\n      times: 2\n      steps:\n        - wait: 1 s\n",
     "bad.yaml:5:17:", "is not a duration"},
    {"key given twice", "steps:\n  - expect: OK\n    within: 1s\n    within: 2s\n", "bad.yaml:4:5:", "given twice"},
    {"host changes kind", "server: {host: a.example}\nsteps:\n  - server: {host: a.example, external: \"127.0.0.1:1\"}\n",
     "bad.yaml:3:13:", "keeps its endpoint"},
};

void PrintTo(const BadFile& bad, std::ostream* out) { *out << bad.what; }

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

TEST(ScenarioLoader, MissingScenarioFileIsAnInputErrorNamingIt) {
    try {
        load_scenario_file("no/such/scenario.yaml");
        FAIL() << "loaded";
    } catch (const InputError& e) {
        EXPECT_TRUE(std::string(e.what()).starts_with("no/such/scenario.yaml:1:1: cannot read"));
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

TEST(ScenarioLoader, RegexPatternsMatchAnywhereAndSubstringsLiterally) {
    const Scenario s = load_scenario_text("steps:\n  - expect: '/^\\+CCLK: \"2[0-9]/'\n  - expect: '+CCLK: ('\n",
                                          "ok.yaml", "");
    EXPECT_TRUE(s.steps[0].pattern.matches("+CCLK: \"26/01/01,00:00:00+00\""));
    EXPECT_FALSE(s.steps[0].pattern.matches("+CCLK: \"98/01/01,00:00:00+00\""));
    EXPECT_TRUE(s.steps[1].pattern.matches("x +CCLK: (y"));
}

TEST(ScenarioLoader, RelativeCaPathsResolveAgainstTheScenarioFolder) {
    const auto dir = std::filesystem::temp_directory_path() / "q2686-scenario-loader-test";
    std::filesystem::create_directories(dir / "certs");
    std::ofstream(dir / "certs" / "root.pem") << "-----BEGIN CERTIFICATE-----\n";
    const Scenario s = load_scenario_text(
        "server: {external: \"127.0.0.1:4433\", hostname: device.example.com, ca: certs/root.pem}\nsteps:\n  - send: AT\n",
        "ok.yaml", dir.string());
    EXPECT_EQ(s.servers[0].ca_path, (dir / "certs" / "root.pem").string());
    EXPECT_EQ(s.servers[0].host, "device.example.com");
    EXPECT_EQ(s.servers[0].address_port, 4433);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace q2686::scenario
