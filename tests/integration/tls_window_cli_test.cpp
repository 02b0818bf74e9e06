// `q2686emu tls-window` as a user runs it: the exact RTC interval in which the firmware accepts
// a server's chain, each bound proved by the firmware's own handshake — against a built-in
// server and against real `openssl s_server` peers whose window is bounded by the intermediate
// (it ends before the leaf) or by the trust anchor (narrower than the chain). The certificates
// of the real peers: tests/support/window_certificates.sh.
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "host_server.h"
#include "tls/server/test_pki.h"

namespace {

using nlohmann::json;

const std::string& window_folder() {
    static const std::string folder = [] {
        const char* cache = std::getenv("Q2686_PKI_CACHE");
        const std::string dir = std::string(cache && *cache ? cache : "/tmp/q2686emu-pki") + "/window";
        const std::string command = std::string("bash '") + Q2686_WINDOW_CERTIFICATES_SCRIPT + "' '" + dir + "'";
        if (std::system(command.c_str()) != 0) ADD_FAILURE() << "could not make the certificates: " << command;
        return dir;
    }();
    return folder;
}

std::string file(const std::string& name) {
    return window_folder() + "/" + name;
}

// The JSON report (stdout; the progress lines go to stderr, which --json keeps quiet).
json report_of(const CliResult& r) {
    try {
        return json::parse(r.output);
    } catch (const json::exception& e) {
        ADD_FAILURE() << "not JSON: " << e.what() << "\n" << r.output;
        return json::object();
    }
}

// One proof, "what: outcome [depth=N cn=CN] [rtc=...]": what the firmware answered (the RTC of
// the power-on proof only `with_power_on_rtc`).
std::string proof_text(const json& proof, bool with_power_on_rtc) {
    std::string text = proof["what"].get<std::string>() + ": " + proof["outcome"].get<std::string>();
    if (!proof["depth"].is_null())
        text += " depth=" + std::to_string(proof["depth"].get<int>()) + " cn=" + proof["cn"].get<std::string>();
    if (!proof["rtc"].is_null() && (with_power_on_rtc || !proof["at"].is_null()))
        text += " rtc=" + proof["rtc"].get<std::string>();
    if (!proof["holds"].get<bool>()) text += " (DOES NOT HOLD)";
    return text;
}

std::vector<std::string> proofs_of(const json& report, bool with_power_on_rtc = false) {
    std::vector<std::string> proofs;
    for (const json& proof : report["proofs"]) proofs.push_back(proof_text(proof, with_power_on_rtc));
    return proofs;
}

TEST(TlsWindowCli, BuiltinServerWindowIsTheLeafsOwnAndEveryBoundIsProved) {
    q2686::TestPki pki;  // makes the test CA if needed
    const std::string ca = pki.root_ca().string();
    const CliResult r = run_cli(
        "tls-window --server 'builtin:api.example.com,not-before=2025-02-03T04:05:06Z,not-after=2031-07-08T09:10:11Z' "
        "--ca " + ca + " --json --drift-ppm 20 --synced-at 2026-01-01");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const json report = report_of(r);
    EXPECT_EQ(report["window"]["first"], "2025-02-03T04:05:06Z");
    EXPECT_EQ(report["window"]["last"], "2031-07-08T09:10:11Z");
    EXPECT_EQ(report["window"]["first_cclk"], "25/02/03,04:05:06+00");
    EXPECT_EQ(report["window"]["begins"]["depth"], 0);
    EXPECT_EQ(report["window"]["ends"]["cn"], "api.example.com");
    ASSERT_EQ(report["chain"].size(), 3u);  // leaf, intermediate, the test root from --ca
    EXPECT_EQ(report["chain"][2]["anchor"], true);
    EXPECT_EQ(proofs_of(report, true),
              (std::vector<std::string>{
                  "power-on default: not-yet-valid depth=1 cn=q2686emu Test Intermediate CA rtc=1998-01-01T00:00:09Z",
                  "first - 1 s: not-yet-valid depth=0 cn=api.example.com rtc=2025-02-03T04:05:05Z",
                  "first: ok",
                  "last: ok",
                  "last + 1 s: expired depth=0 cn=api.example.com rtc=2031-07-08T09:10:12Z",
              }));
    EXPECT_EQ(report["proven"], true);
    // 2026-01-01 .. 2031-07-08T09:10:12Z is 174 734 412 s; an RTC 20 ppm fast covers it
    // 3494.618 s sooner: it reads 09:10:12 in the true second 2031-07-08T08:12:12Z.
    EXPECT_EQ(report["drift"]["leaves_at"], "2031-07-08T08:12:12Z");
    EXPECT_EQ(report["drift"]["rtc_reads"], "2031-07-08T09:10:12Z");
}

TEST(TlsWindowCli, RealServerWhoseIntermediateEndsFirstHasTheIntermediatesEnd) {
    q2686::test::HostServer server({"openssl", "s_server", "-www", "-quiet", "-cert", file("by-short-inter.pem"), "-key",
                             file("by-short-inter.key"), "-cert_chain", file("short-inter.pem"), "-accept",
                             "127.0.0.1:{port}"});
    ASSERT_TRUE(server.ready()) << "openssl s_server did not start";
    const CliResult r = run_cli("tls-window --server 127.0.0.1:" + std::to_string(server.port()) +
                                " --hostname api.example.com --ca " + file("root.pem") + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const json report = report_of(r);
    EXPECT_EQ(report["window"]["first"], "2024-01-01T00:00:00Z");
    EXPECT_EQ(report["window"]["last"], "2030-06-15T12:34:56Z");
    EXPECT_EQ(report["window"]["ends"]["depth"], 1);
    EXPECT_EQ(report["window"]["ends"]["cn"], "q2686emu Short Intermediate CA");
    // A real server's answer takes wall time: the power-on check's second is not pinned.
    EXPECT_EQ(proofs_of(report), (std::vector<std::string>{
                                     "power-on default: not-yet-valid depth=1 cn=q2686emu Short Intermediate CA",
                                     "first - 1 s: not-yet-valid depth=0 cn=api.example.com rtc=2023-12-31T23:59:59Z",
                                     "first: ok",
                                     "last: ok",
                                     "last + 1 s: expired depth=1 cn=q2686emu Short Intermediate CA "
                                     "rtc=2030-06-15T12:34:57Z",
                                 }));
}

TEST(TlsWindowCli, RealServerUnderANarrowAnchorHasTheAnchorsWindow) {
    q2686::test::HostServer server({"openssl", "s_server", "-www", "-quiet", "-cert", file("by-narrow-root.pem"), "-key",
                             file("by-narrow-root.key"), "-accept", "127.0.0.1:{port}"});
    ASSERT_TRUE(server.ready()) << "openssl s_server did not start";
    const CliResult r = run_cli("tls-window --server 127.0.0.1:" + std::to_string(server.port()) +
                                " --hostname api.example.com --ca " + file("narrow-root.pem"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("window: 2025-03-01T08:00:01Z .. 2033-01-01T00:00:00Z (inclusive)"), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("begins: notBefore of depth 1 CN=q2686emu Narrow Root CA (trust anchor)"),
              std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("as AT+CCLK: \"25/03/01,08:00:01+00\" .. \"33/01/01,00:00:00+00\""), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("tls-window: every bound proven by the firmware"), std::string::npos) << r.output;
}

// The chain is read from a TLS 1.2 handshake: a server that speaks only TLS 1.3 cannot be swept,
// and the command says why (the emulated run failed: exit 1, not a bad option).
TEST(TlsWindowCli, ATls13OnlyServerCannotBeSweptAndSaysWhy) {
    q2686::TestPki pki;
    const CliResult r = run_cli("tls-window --server builtin:api.example.com,versions=1.3 --ca " + pki.root_ca().string());
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("the discovery handshake (TLS 1.2) saw no certificate from api.example.com:443"),
              std::string::npos)
        << r.output;
}

TEST(TlsWindowCli, BadOptionsExitTwoWithTheReason) {
    q2686::TestPki pki;
    const std::string ca = " --ca " + pki.root_ca().string();
    const struct {
        std::string args, message;
    } cases[] = {
        {"tls-window --server builtin:api.example.com", "--ca is required"},
        {"tls-window --server nowhere" + ca, "--server nowhere: expected builtin:NAME[,KEY=VALUE...] or HOST:PORT"},
        {"tls-window --server 127.0.0.1:99999" + ca, "(PORT 1..65535)"},
        {"tls-window --server builtin:api.example.com,key=dsa" + ca, "--server builtin:api.example.com,key=dsa:"},
        {"tls-window --server builtin:api.example.com --drift-ppm 20" + ca, "--drift-ppm and --synced-at go together"},
        {"tls-window --server builtin:api.example.com --drift-ppm 20 --synced-at 2026-13-01" + ca,
         "--synced-at 2026-13-01: expected YYYY-MM-DD"},
        {"tls-window --server builtin:api.example.com --ca /no/such.pem", "/no/such.pem"},
    };
    for (const auto& c : cases) {
        const CliResult r = run_cli(c.args);
        EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.output;
        EXPECT_NE(r.output.find(c.message), std::string::npos) << c.args << "\n" << r.output;
    }
}

}  // namespace
