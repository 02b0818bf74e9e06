// Verdicts you can trust: the TLS client of q2686_app.elf (AT+TLSGET) against real `openssl
// s_server` peers with odd certificates (tests/support/odd_certificates.sh, made by the host's
// openssl once per PKI cache) — certificates the modem must refuse and say exactly why, and
// failures it must name in words a user can act on.
//   - TLS 1.3 enforces the leaf's keyUsage digitalSignature (RFC 8446 §4.4.2.2): key-usage;
//   - the trusted CAs' own dates are checked against the RTC: expired / not-yet-valid at their
//     depth, with their CN;
//   - an MD5 signature and an RSA-8192 CA are unsupported-algorithm, with the certificate named;
//   - a TLS 1.2 chain that is not yet valid gets one fatal alert, certificate_expired;
//   - a server hanging up mid-handshake, and one requiring a client certificate, say so.
#include <cstdlib>
#include <regex>
#include <string>

#include "test_pki.h"
#include "wip_fixture.h"

namespace q2686::integration {
namespace {

constexpr const char* kRightClock = "26/06/01,12:00:00+00";  // inside 2024..2034, after 2020, before 2030

HostNetworkConfig gateway_to(std::uint16_t server_port) {
    HostNetworkConfig config;
    config.gateway.hosts.push_back(HostMapping{"api.example.com", 443, 0x7F000001, server_port});
    return config;
}

// The odd certificates' folder, made on first use.
const std::string& odd_folder() {
    static const std::string folder = [] {
        const char* cache = std::getenv("Q2686_PKI_CACHE");
        const std::string dir = std::string(cache && *cache ? cache : "/tmp/q2686emu-pki") + "/odd";
        const std::string command = std::string("bash '") + Q2686_ODD_CERTIFICATES_SCRIPT + "' '" + dir + "'";
        if (std::system(command.c_str()) != 0) ADD_FAILURE() << "could not make the odd certificates: " << command;
        return dir;
    }();
    return folder;
}

std::string odd(const std::string& name) {
    return odd_folder() + "/" + name;
}

test::Credentials odd_credentials(const std::string& name, const std::string& chain = "") {
    return {odd(name + ".pem"), odd(name + ".key"), chain.empty() ? "" : odd(chain + ".pem")};
}

class TlsVerdict : public ::testing::Test {
protected:
    // A modem whose gateway maps api.example.com:443 to `server`, with `trusted` (PEM text) in
    // flash object TLS:0, booted, its bearer connected, its clock set.
    void start(const test::HostServer& server, const std::string& trusted, const char* clock = kRightClock) {
        ASSERT_TRUE(server.ready()) << "the server did not start";
        modem = std::make_unique<WipRig>(GprsLinkConfig{}, gateway_to(server.port()));
        modem->rig.modem.flash_objects().store("TLS", 0, trusted);
        ASSERT_TRUE(modem->boot());
        modem->connect_bearer();
        if (clock) modem->rig.set_clock(clock);
    }

    AtReply cmd(std::string_view line) { return modem->cmd(line); }

    // AT+TLSGET on api.example.com; the URCs up to +TLSDONE or +TLSERR.
    Lines get() {
        EXPECT_TRUE(Replied(cmd("AT+TLSGET=\"api.example.com\",443,\"/\""), {}, "OK"));
        const std::size_t mark = modem->rig.at.transcript().size();
        for (int i = 0; i < 400; ++i) {
            const Lines lines = modem->rig.received_since(mark);
            for (const std::string& line : lines)
                if (line.starts_with("+TLSDONE:") || line.starts_with("+TLSERR:")) return lines;
            modem->rig.at.wait(seconds(0.1));
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        ADD_FAILURE() << "no +TLSDONE/+TLSERR within 40 s:\n"
                      << ::testing::PrintToString(modem->rig.received_since(mark));
        return modem->rig.received_since(mark);
    }

    // The final line; printed, for the record (docs/tls.md quotes these runs).
    std::string verdict() {
        const Lines lines = get();
        for (auto line = lines.rbegin(); line != lines.rend(); ++line)
            if (line->starts_with("+TLSERR:") || line->starts_with("+TLSDONE:")) {
                std::printf("%s\n", line->c_str());
                return *line;
            }
        return "";
    }

    std::unique_ptr<WipRig> modem;
};

bool matches(const std::string& line, const std::string& pattern) {
    return std::regex_match(line, std::regex(pattern));
}

// The fatal alerts the modem sent on one connection, as the dissector saw them (TLS 1.2: in clear).
std::vector<int> fatal_alerts_from_the_modem(const TlsSession& session) {
    std::vector<int> fatal;
    for (const TlsAlert& alert : session.alerts)
        if (alert.side == StreamSide::ClientToServer && alert.level == 2) fatal.push_back(alert.description);
    return fatal;
}

::testing::AssertionResult Matches(const std::string& line, const std::string& pattern) {
    if (matches(line, pattern)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << line << "\n  expected " << pattern;
}
#define EXPECT_VERDICT(line, pattern) EXPECT_TRUE(Matches((line), (pattern)))

// ---- 1. keyUsage in TLS 1.3 -------------------------------------------------------------------

class TlsVerdictKeyUsage : public TlsVerdict, public ::testing::WithParamInterface<const char*> {};

TEST_P(TlsVerdictKeyUsage, Tls13LeafWithoutDigitalSignatureIsRefusedAsKeyUsage) {
    const auto server = test::https_server(odd_credentials(GetParam()), {"-tls1_3"});
    start(server, test::TestPki::read_file(odd("root.pem")));
    EXPECT_VERDICT(verdict(), R"(\+TLSERR: 1,"Bad certificate",-383,"key-usage","notBefore=2024-01-01T00:00:00Z )"
                              R"(notAfter=2034-01-01T00:00:00Z rtc=2026-06-01T12:00:\d\dZ depth=0 )"
                              R"(cn=api\.example\.com issuer=q2686emu%20Odd%20Root%20CA")");
}

INSTANTIATE_TEST_SUITE_P(CriticalKeyUsage, TlsVerdictKeyUsage,
                         ::testing::Values("ku-encipher", "ku-certsign", "ku-agreement"), [](const auto& info) {
                             std::string name = info.param;
                             name.erase(0, 3);  // "encipher", "certsign", "agreement"
                             return name;
                         });

TEST_F(TlsVerdict, Tls12RefusesTheSameLeafWithTheSameCause) {
    const auto server = test::https_server(odd_credentials("ku-encipher"));
    start(server, test::TestPki::read_file(odd("root.pem")));
    ASSERT_TRUE(Replied(cmd("AT+TLSCFG=2,12"), {}, "OK"));
    EXPECT_VERDICT(verdict(), R"(\+TLSERR: 1,"Bad certificate",-383,"key-usage",".* depth=0 cn=api\.example\.com .*")");
}

// ---- 2. the trust anchors' own dates ------------------------------------------------------------

TEST_F(TlsVerdict, ExpiredRootInTls0IsExpiredAtItsDepthOverTls13AndTls12) {
    const auto server = test::https_server(odd_credentials("by-old-root"));
    start(server, test::TestPki::read_file(odd("old-root.pem")));
    const std::string expected = R"(\+TLSERR: 1,"Bad certificate",-151,"expired","notBefore=2010-01-01T00:00:00Z )"
                                 R"(notAfter=2020-01-01T00:00:00Z rtc=2026-06-01T12:00:\d\dZ depth=1 )"
                                 R"(cn=q2686emu%20Old%20Root%20CA issuer=q2686emu%20Old%20Root%20CA")";
    EXPECT_VERDICT(verdict(), expected);
    ASSERT_TRUE(Replied(cmd("AT+TLSCFG=2,12"), {}, "OK"));
    EXPECT_VERDICT(verdict(), expected);
    modem->rig.at.wait(seconds(1));
    EXPECT_EQ(fatal_alerts_from_the_modem(modem->network.tls_dissector()->sessions().back()), std::vector<int>{45})
        << "TLS 1.2 shows the alert: certificate_expired for the root, as wolfSSL names a date failure";
    // Inside the root's window the same chain is fine: the date, not the chain, was the problem.
    modem->rig.set_clock("19/06/01,12:00:00+00");
    ASSERT_TRUE(Replied(cmd("AT+TLSCFG=2"), {}, "OK"));
    EXPECT_VERDICT(verdict(),
                   R"(\+TLSERR: 1,"Bad certificate",-150,"not-yet-valid",".* depth=0 cn=api\.example\.com .*")")
        << "in 2019 the root is valid and the leaf (2024..2034) is the one out of its window";
}

TEST_F(TlsVerdict, RootInTls0NotYetValidIsNotYetValidAtItsDepth) {
    const auto server = test::https_server(odd_credentials("by-future-root"));
    start(server, test::TestPki::read_file(odd("future-root.pem")));
    EXPECT_VERDICT(verdict(), R"(\+TLSERR: 1,"Bad certificate",-150,"not-yet-valid","notBefore=2030-01-01T00:00:00Z )"
                              R"(notAfter=2040-01-01T00:00:00Z rtc=2026-06-01T12:00:\d\dZ depth=1 )"
                              R"(cn=q2686emu%20Future%20Root%20CA issuer=q2686emu%20Future%20Root%20CA")");
}

TEST_F(TlsVerdict, ExpiredIntermediateHeldInTls0IsExpiredWhenTheServerSendsOnlyItsLeaf) {
    const std::string trusted =
        test::TestPki::read_file(odd("root.pem")) + test::TestPki::read_file(odd("old-inter.pem"));
    const std::string expected = R"(\+TLSERR: 1,"Bad certificate",-151,"expired","notBefore=2010-01-01T00:00:00Z )"
                                 R"(notAfter=2020-01-01T00:00:00Z rtc=2026-06-01T12:00:\d\dZ depth=1 )"
                                 R"(cn=q2686emu%20Old%20Intermediate%20CA issuer=q2686emu%20Odd%20Root%20CA")";
    {
        const auto leaf_only = test::https_server(odd_credentials("by-old-inter"));
        start(leaf_only, trusted);
        EXPECT_VERDICT(verdict(), expected);
    }
    // The server sending the intermediate itself: wolfSSL's own check, the same verdict.
    const auto with_chain = test::https_server(odd_credentials("by-old-inter", "old-inter"));
    start(with_chain, trusted);
    EXPECT_VERDICT(verdict(), expected);
}

TEST_F(TlsVerdict, AnExpiredAnchorTheChainDoesNotEndAtChangesNothing) {
    const test::TestPki& pki = test::TestPki::shared();
    const auto server = test::https_server(pki.valid);
    start(server, test::TestPki::read_file(odd("old-root.pem")) + pki.ca_pem(), "25/06/01,12:00:00+00");
    EXPECT_EQ(verdict().substr(0, 14), "+TLSDONE: 200,");
}

// ---- 3. algorithms the modem lacks -------------------------------------------------------------

TEST_F(TlsVerdict, Md5SignedLeafIsAnUnsupportedAlgorithmWithItsDetails) {
    const auto server = test::https_server(odd_credentials("md5"), {"-cipher", "DEFAULT@SECLEVEL=0"});
    start(server, test::TestPki::read_file(odd("root.pem")));
    EXPECT_VERDICT(verdict(),
                   R"(\+TLSERR: 1,"Bad certificate",-\d+,"unsupported-algorithm",)"
                   R"("notBefore=2024-01-01T00:00:00Z notAfter=2034-01-01T00:00:00Z )"
                   R"(rtc=2026-06-01T12:00:\d\dZ depth=0 cn=api\.example\.com issuer=q2686emu%20Odd%20Root%20CA")");
}

TEST_F(TlsVerdict, Rsa8192IntermediateIsAnUnsupportedAlgorithmWithItsDetails) {
    const auto server = test::https_server(odd_credentials("by-big-inter", "big-inter"));
    start(server, test::TestPki::read_file(odd("root.pem")));
    EXPECT_VERDICT(verdict(), R"(\+TLSERR: 1,"Bad certificate",-\d+,"unsupported-algorithm",)"
                              R"("notBefore=2020-01-01T00:00:00Z notAfter=2040-01-01T00:00:00Z )"
                              R"(rtc=2026-06-01T12:00:\d\dZ depth=1 cn=q2686emu%20RSA-8192%20Intermediate%20CA )"
                              R"(issuer=q2686emu%20Odd%20Root%20CA")");
}

// ---- 4. one fatal alert ---------------------------------------------------------------------------

TEST_F(TlsVerdict, Tls12ChainNotYetValidGetsExactlyOneFatalAlertCertificateExpired) {
    const auto server = test::https_server(test::TestPki::shared().valid);
    start(server, test::TestPki::shared().ca_pem(), nullptr);  // the RTC at 98/01/01
    ASSERT_TRUE(Replied(cmd("AT+TLSCFG=2,12"), {}, "OK"));
    EXPECT_VERDICT(verdict(), R"(\+TLSERR: 1,"Bad certificate",-150,"not-yet-valid",".* depth=1 .*")");
    modem->rig.at.wait(seconds(1));  // the alert's record is on the link
    ASSERT_NE(modem->network.tls_dissector(), nullptr);
    const std::vector<TlsSession> sessions = modem->network.tls_dissector()->sessions();
    ASSERT_EQ(sessions.size(), 1u);
    EXPECT_EQ(fatal_alerts_from_the_modem(sessions[0]), std::vector<int>{45})
        << "certificate_expired, and nothing after it (not unknown_ca)";
}

// ---- 5. failures in words --------------------------------------------------------------------------

TEST_F(TlsVerdict, ServerClosingMidHandshakeIsSaidToHaveClosedTheConnection) {
    // A real peer that reads the ClientHello and closes cleanly (FIN), without a word.
    const test::HostServer server(
        {"socat", "TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork", "SYSTEM:timeout 0.3 cat >/dev/null"});
    start(server, test::TestPki::shared().ca_pem());
    EXPECT_VERDICT(verdict(), R"(\+TLSERR: 2,"TLS failure",-30\d,"handshake-failure",)"
                              R"("reason=the%20server%20closed%20the%20connection%20during%20the%20handshake")");
}

TEST_F(TlsVerdict, ServerRequiringAClientCertificateSaysNoneIsConfiguredOverTls12AndTls13) {
    const test::TestPki& pki = test::TestPki::shared();
    const auto server = test::https_server(pki.valid, {"-Verify", "1", "-CAfile", pki.ca_file()});
    start(server, pki.ca_pem(), "25/06/01,12:00:00+00");
    const std::string reason =
        "reason=the%20server%20requested%20a%20client%20certificate%20and%20none%20is%20configured";
    ASSERT_TRUE(Replied(cmd("AT+TLSCFG=2,12"), {}, "OK"));
    EXPECT_VERDICT(verdict(), R"(\+TLSERR: 2,"TLS failure",-313,"handshake-failure","alert=40 )" + reason + "\"");
    ASSERT_TRUE(Replied(cmd("AT+TLSCFG=2,13"), {}, "OK"));
    EXPECT_VERDICT(verdict(), R"(\+TLSERR: 2,"TLS failure",-313,"handshake-failure","alert=116 )" + reason + "\"");
}

}  // namespace
}  // namespace q2686::integration
