// The TLS client of q2686_app.elf (firmware/app/at_tls_client.c on firmware/wip_ssl; docs/
// at-commands.md "TLS client"): AT+TLSGET against a real `openssl s_server` on the host, with
// the CA in the modem's flash object TLS:0 and the modem's RTC set (or not) with AT+CCLK.
//
// The point of the product (a public Open AT support thread): a real Q2686 reports a server it
// cannot verify as WIP_CEV_ERROR errnum 1, "Bad certificate", and nothing more — the cause in
// that thread was the RTC. We fail the same way (errnum 1 first) and say exactly why.
#include <regex>
#include <string>

#include "delaying_proxy.h"
#include "test_pki.h"
#include "wip_fixture.h"

namespace q2686::integration {
namespace {

constexpr const char* kRightClock = "25/06/01,12:00:00+00";  // inside every "valid" window of TestPki

HostNetworkConfig gateway_to(std::uint16_t server_port) {
    HostNetworkConfig config;
    config.gateway.hosts.push_back(HostMapping{"api.example.com", 443, 0x7F000001, server_port});
    return config;
}

class TlsClient : public ::testing::Test {
protected:
    const test::TestPki& pki = test::TestPki::shared();

    // A modem whose gateway maps api.example.com:443 to `server`, with the test CA in flash
    // (TLS:0), booted, its bearer connected.
    void start(const test::HostServer& server, bool with_client_credentials = false) {
        ASSERT_TRUE(server.ready()) << "openssl s_server did not start";
        start_on(server.port(), with_client_credentials);
    }
    void start_on(std::uint16_t port, bool with_client_credentials = false) {
        modem = std::make_unique<WipRig>(GprsLinkConfig{}, gateway_to(port));
        FlashObjects& flash = modem->rig.modem.flash_objects();
        flash.store("TLS", 0, pki.ca_pem());
        if (with_client_credentials) {
            flash.store("TLS", 1, test::TestPki::read_file(pki.client.cert));
            flash.store("TLS", 2, test::TestPki::read_file(pki.client.key));
        }
        ASSERT_TRUE(modem->boot());
        modem->connect_bearer();
    }

    AtReply cmd(std::string_view line) { return modem->cmd(line); }

    // AT+TLSGET for `path` on api.example.com; the URCs up to +TLSDONE or +TLSERR.
    Lines get(const std::string& path = "/") {
        EXPECT_TRUE(Replied(cmd("AT+TLSGET=\"api.example.com\",443,\"" + path + "\""), {}, "OK"));
        const std::size_t mark = modem->rig.at.transcript().size();
        // The server's answers are prompt (the gateway waits for them); its close after the
        // response needs real time, hence the host pauses.
        for (int i = 0; i < 300; ++i) {
            const Lines lines = modem->rig.received_since(mark);
            for (const std::string& line : lines)
                if (line.starts_with("+TLSDONE:") || line.starts_with("+TLSERR:")) return lines;
            modem->rig.at.wait(seconds(0.1));
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        ADD_FAILURE() << "no +TLSDONE/+TLSERR within 30 s:\n"
                      << ::testing::PrintToString(modem->rig.received_since(mark));
        return modem->rig.received_since(mark);
    }

    // AT+TLSGET with no host pause at all, as `q2686emu at` runs: only the gateway holds virtual
    // time back while the server has not answered. At most `limit` virtual seconds.
    Lines get_unpaused(double limit = 60) {
        EXPECT_TRUE(Replied(cmd("AT+TLSGET=\"api.example.com\",443,\"/\""), {}, "OK"));
        const std::size_t mark = modem->rig.at.transcript().size();
        for (double t = 0; t < limit; t += 0.1) {
            const Lines lines = modem->rig.received_since(mark);
            for (const std::string& line : lines)
                if (line.starts_with("+TLSDONE:") || line.starts_with("+TLSERR:")) return lines;
            modem->rig.at.wait(seconds(0.1));
        }
        ADD_FAILURE() << "no +TLSDONE/+TLSERR within " << limit << " s";
        return modem->rig.received_since(mark);
    }

    std::unique_ptr<WipRig> modem;
};

std::string last_of(const Lines& lines, std::string_view prefix) {
    for (auto line = lines.rbegin(); line != lines.rend(); ++line)
        if (line->starts_with(prefix)) return *line;
    return "";
}

// +TLSSTEP: "established","<cipher>","<version>",<resumed>,<ms>,<cycles>
struct Established {
    std::string cipher, version;
    int resumed = -1;
    unsigned long ms = 0, cycles = 0;
};

Established established(const Lines& lines) {
    static const std::regex pattern(R"re(\+TLSSTEP: "established","([^"]+)","([^"]+)",([01]),(\d+),(\d+))re");
    std::smatch m;
    Established e;
    const std::string line = last_of(lines, "+TLSSTEP: \"established\"");
    if (std::regex_match(line, m, pattern)) e = {m[1], m[2], std::stoi(m[3]), std::stoul(m[4]), std::stoul(m[5])};
    return e;
}

bool matches(const std::string& line, const std::string& pattern) {
    return std::regex_match(line, std::regex(pattern));
}

// ---- the forum thread's case, and the clock set right ---------------------------------------

TEST_F(TlsClient, ClockAtItsPowerOnDefaultMakesTheServerCertificateNotYetValid) {
    const auto server = test::https_server(pki.valid);
    start(server);
    const Lines lines = get();
    EXPECT_TRUE(matches(last_of(lines, "+TLSERR:"),
                        R"(\+TLSERR: 1,"Bad certificate",-150,"not-yet-valid","notBefore=2020-01-01T00:00:00Z )"
                        R"(notAfter=2040-01-01T00:00:00Z rtc=1998-01-01T00:00:\d\dZ depth=1 )"
                        R"(cn=q2686emu%20Test%20Intermediate%20CA issuer=q2686emu%20Test%20Root%20CA")"))
        << ::testing::PrintToString(lines);
    EXPECT_EQ(last_of(lines, "+TLSSTEP: \"certificate"), "") << "no verified step for a rejected certificate";
    // wolfSSL checks the chain from its top: the intermediate, already not yet valid in 1998, is
    // the first certificate it rejects — as with the forum thread's GlobalSign chain.
    EXPECT_TRUE(Replied(cmd("AT+TLSERR?"), {last_of(lines, "+TLSERR:")}, "OK")) << "the last error, again";
}

TEST_F(TlsClient, WithTheClockSetTheHandshakeSucceedsAndTheServerAnswers200) {
    const auto server = test::https_server(pki.valid);
    start(server);
    modem->rig.set_clock(kRightClock);
    const Lines lines = get();
    const Lines steps_expected{"+TLSSTEP: \"connecting\",\"api.example.com\",443", "+TLSSTEP: \"tcp open\"",
                               "+TLSSTEP: \"handshake\"", "+TLSSTEP: \"certificate verified\""};
    ASSERT_GE(lines.size(), 8u) << ::testing::PrintToString(lines);
    EXPECT_EQ(Lines(lines.begin(), lines.begin() + 4), steps_expected);
    const Established e = established(lines);
    EXPECT_EQ(e.version, "TLSv1.3");
    EXPECT_EQ(e.resumed, 0);
    EXPECT_TRUE(e.cipher.starts_with("TLS_AES_")) << e.cipher;
    EXPECT_GT(e.cycles, 25'000'000u) << "an ECDHE P-256 alone is ~30 M cycles with the caches on (~60 M off)";
    EXPECT_EQ(lines[5], "+TLSSTEP: \"request sent\",82");
    EXPECT_EQ(lines[6], "+TLSHTTP: 200,\"ok\",\"HTTP/1.0\"") << "openssl s_server -www's status line";
    EXPECT_TRUE(matches(lines[7], R"(\+TLSDONE: 200,\d{3,})")) << lines[7];
}

// ---- certificate failures: errnum 1 like the real plug-in, and the exact reason ---------------

TEST_F(TlsClient, ExpiredCertificateIsReportedWithItsDates) {
    const auto server = test::https_server(pki.expired);
    start(server);
    modem->rig.set_clock(kRightClock);
    EXPECT_TRUE(matches(last_of(get(), "+TLSERR:"),
                        R"(\+TLSERR: 1,"Bad certificate",-151,"expired","notBefore=2020-01-01T00:00:00Z )"
                        R"(notAfter=2021-01-01T00:00:00Z rtc=2025-06-01T12:00:\d\dZ depth=0 )"
                        R"(cn=api\.example\.com .*")"));
}

TEST_F(TlsClient, CertificateFromAnUntrustedCaIsUnknownCa) {
    const auto server = test::https_server(pki.unknown_ca);
    start(server);
    modem->rig.set_clock(kRightClock);
    EXPECT_TRUE(matches(last_of(get(), "+TLSERR:"),
                        R"(\+TLSERR: 1,"Bad certificate",-188,"unknown-ca",".* depth=0 cn=api\.example\.com )"
                        R"(issuer=q2686emu%20Other%20CA")"));
}

TEST_F(TlsClient, SelfSignedCertificateIsReportedAsSelfSigned) {
    const auto server = test::https_server(pki.self_signed);
    start(server);
    modem->rig.set_clock(kRightClock);
    EXPECT_TRUE(matches(last_of(get(), "+TLSERR:"),
                        R"(\+TLSERR: 1,"Bad certificate",-188,"self-signed",".* cn=api\.example\.com )"
                        R"(issuer=api\.example\.com")"));
}

TEST_F(TlsClient, CertificateForAnotherNameIsAHostnameMismatch) {
    const auto server = test::https_server(pki.wrong_host);
    start(server);
    modem->rig.set_clock(kRightClock);
    EXPECT_TRUE(matches(last_of(get(), "+TLSERR:"),
                        R"(\+TLSERR: 1,"Bad certificate",-322,"hostname-mismatch",".* cn=other\.example\.com )"
                        R"(issuer=q2686emu%20Test%20Intermediate%20CA host=api\.example\.com")"));
}

TEST_F(TlsClient, ServerKeyOnACurveTheModemLacksIsAnUnsupportedAlgorithm) {
    const auto server = test::https_server(pki.p521);
    start(server);
    modem->rig.set_clock(kRightClock);
    EXPECT_TRUE(matches(last_of(get(), "+TLSERR:"),
                        R"(\+TLSERR: 1,"Bad certificate",-342,"unsupported-algorithm","notBefore=2024-01-01T00:00:00Z )"
                        R"(notAfter=2034-01-01T00:00:00Z rtc=2025-06-01T12:00:\d\dZ depth=0 cn=api\.example\.com .*")"))
        << "P-521: only P-256 and P-384 are built in";
}

TEST_F(TlsClient, VerifyNeverConnectsDespiteTheWrongClock) {
    const auto server = test::https_server(pki.valid);
    start(server);
    ASSERT_TRUE(Replied(cmd("AT+TLSCFG=0"), {}, "OK"));
    const Lines lines = get();
    EXPECT_EQ(lines.at(3), "+TLSSTEP: \"certificate not verified\"");
    EXPECT_EQ(last_of(lines, "+TLSHTTP:"), "+TLSHTTP: 200,\"ok\",\"HTTP/1.0\"");
    EXPECT_EQ(last_of(lines, "+TLSERR:"), "");
}

// ---- other failures -------------------------------------------------------------------------------

TEST_F(TlsClient, NoServerIsANetworkError) {
    modem = std::make_unique<WipRig>(GprsLinkConfig{}, gateway_to(test::free_loopback_port()));
    modem->rig.modem.flash_objects().store("TLS", 0, pki.ca_pem());
    ASSERT_TRUE(modem->boot());
    modem->connect_bearer();
    EXPECT_EQ(last_of(get(), "+TLSERR:"), "+TLSERR: -989,\"connection refused\",0,\"network-error\",\"\"");
}

TEST_F(TlsClient, ServerWithoutTls13AgainstAClientLimitedTo13IsAHandshakeFailure) {
    const auto server = test::https_server(pki.valid, {"-tls1_2"});
    start(server);
    modem->rig.set_clock(kRightClock);
    ASSERT_TRUE(Replied(cmd("AT+TLSCFG=2,13"), {}, "OK"));
    EXPECT_TRUE(matches(last_of(get(), "+TLSERR:"),
                        R"(\+TLSERR: 2,"TLS failure",-313,"handshake-failure","alert=70 reason=.*")"))
        << "protocol_version (70) from the server";
}

TEST_F(TlsClient, NetworkLostDuringTheHandshakeIsANetworkError) {
    const auto server = test::https_server(pki.valid);
    start(server);
    modem->rig.set_clock(kRightClock);
    ASSERT_TRUE(Replied(cmd("AT+TLSGET=\"api.example.com\",443,\"/\""), {}, "OK"));
    ASSERT_TRUE(modem->saw("+TLSSTEP: \"handshake\"", 5));
    modem->rig.modem.network().drop(modem->rig.modem.now());
    EXPECT_TRUE(modem->saw("+TLSERR: -987,\"network lost\",0,\"network-error\",\"\"", 5));
}

// ---- client certificates (flash objects TLS:1 and TLS:2) -------------------------------------------

TEST_F(TlsClient, ServerAskingForAClientCertificateGetsTheOneInFlash) {
    const auto server = test::https_server(pki.valid, {"-Verify", "1", "-CAfile", pki.ca_file()});
    start(server, true);
    modem->rig.set_clock(kRightClock);
    const Lines lines = get();
    EXPECT_EQ(last_of(lines, "+TLSHTTP:"), "+TLSHTTP: 200,\"ok\",\"HTTP/1.0\"") << ::testing::PrintToString(lines);
    std::printf("TLS 1.3 handshake with an RSA-2048 client certificate: %lu cycles\n", established(lines).cycles);
}

TEST_F(TlsClient, ServerAskingForAClientCertificateRefusesAModemWithout) {
    const auto server = test::https_server(pki.valid, {"-Verify", "1", "-CAfile", pki.ca_file()});
    start(server);
    modem->rig.set_clock(kRightClock);
    EXPECT_TRUE(matches(last_of(get(), "+TLSERR:"),
                        R"(\+TLSERR: 2,"TLS failure",-313,"handshake-failure","alert=116 reason=.*")"))
        << "certificate_required (116, RFC 8446): after the modem's Finished in TLS 1.3, still the handshake's verdict";
}

// ---- sessions ----------------------------------------------------------------------------------------

TEST_F(TlsClient, SecondConnectionResumesTheTls13SessionWithFewerCycles) {
    const auto server = test::https_server(pki.valid);
    start(server);
    modem->rig.set_clock(kRightClock);
    ASSERT_TRUE(Replied(cmd("AT+TLSCFG=1"), {}, "OK"));
    const Established full = established(get());
    EXPECT_TRUE(Replied(cmd("AT+TLSSESSION?"), {"+TLSSESSION: 1,\"api.example.com\""}, "OK"));
    const Lines second = get();
    const Established resumed = established(second);
    EXPECT_EQ(full.resumed, 0);
    EXPECT_EQ(resumed.resumed, 1) << ::testing::PrintToString(second);
    EXPECT_EQ(resumed.version, "TLSv1.3");
    EXPECT_LT(resumed.cycles, full.cycles) << "no certificate chain to verify";
    EXPECT_EQ(last_of(second, "+TLSSTEP: \"certificate"), "") << "a resumed session shows no certificate";
    EXPECT_EQ(last_of(second, "+TLSHTTP:"), "+TLSHTTP: 200,\"ok\",\"HTTP/1.0\"");
    RecordProperty("full_handshake_cycles", std::to_string(full.cycles));
    RecordProperty("resumed_handshake_cycles", std::to_string(resumed.cycles));
    std::printf("TLS 1.3 handshake: full %lu cycles (%lu ms), resumed %lu cycles (%lu ms)\n", full.cycles, full.ms,
                resumed.cycles, resumed.ms);
}

TEST_F(TlsClient, Tls12SessionIsResumedWithoutAnyKeyExchange) {
    const auto server = test::https_server(pki.valid);
    start(server);
    modem->rig.set_clock(kRightClock);
    ASSERT_TRUE(Replied(cmd("AT+TLSCFG=1"), {}, "OK"));
    ASSERT_EQ(established(get()).version, "TLSv1.3");
    ASSERT_TRUE(Replied(cmd("AT+TLSCFG=1,12"), {}, "OK"));
    const Established full = established(get());
    const Established resumed = established(get());
    EXPECT_EQ(full.version, "TLSv1.2") << "the saved TLS 1.3 session is not offered to a TLS 1.2 channel";
    EXPECT_EQ(full.resumed, 0);
    EXPECT_EQ(resumed.resumed, 1);
    EXPECT_LT(resumed.cycles, full.cycles / 10) << "no ECDHE, no signature: hashes and AES only";
    std::printf("TLS 1.2 handshake: full %lu cycles (%lu ms), resumed %lu cycles (%lu ms)\n", full.cycles, full.ms,
                resumed.cycles, resumed.ms);
}

TEST_F(TlsClient, VerifyAlwaysChecksTheCertificateAgainInsteadOfResuming) {
    const auto server = test::https_server(pki.valid);
    start(server);
    modem->rig.set_clock(kRightClock);
    ASSERT_EQ(established(get()).resumed, 0);
    const Lines second = get();
    EXPECT_EQ(established(second).resumed, 0);
    EXPECT_EQ(second.at(3), "+TLSSTEP: \"certificate verified\"");
    EXPECT_TRUE(Replied(cmd("AT+TLSSESSION=0"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+TLSSESSION?"), {"+TLSSESSION: 0"}, "OK"));
}

// ---- a real server far away: virtual time never outruns it ------------------------------------

// openssl s_server behind a proxy that holds every chunk for the delay, each way (a server across
// the internet). While the modem waits for the server, idle skipping stops at the wall clock, so
// the handshake ends `ok` — not in the application's 30 s idle timeout — and its virtual
// duration contains the delay: against the same server without the proxy, "tcp open" →
// "established" grows by at least the delay (one round trip through the proxy: twice it).
class TlsClientFarServer : public TlsClient, public ::testing::WithParamInterface<int> {};

TEST_P(TlsClientFarServer, HandshakeEndsOkAndItsVirtualDurationIncludesTheDelay) {
    const unsigned long delay_ms = static_cast<unsigned long>(GetParam());
    const auto server = test::https_server(pki.valid);
    ASSERT_TRUE(server.ready()) << "openssl s_server did not start";

    start_on(server.port());
    modem->rig.set_clock(kRightClock);
    const Lines direct = get_unpaused();
    ASSERT_TRUE(last_of(direct, "+TLSDONE:").starts_with("+TLSDONE: 200,")) << ::testing::PrintToString(direct);
    const Established near = established(direct);

    test::DelayingProxy proxy(server.port(), std::chrono::milliseconds(delay_ms));
    ASSERT_TRUE(proxy.ready());
    start_on(proxy.port());
    modem->rig.set_clock(kRightClock);
    const Lines lines = get_unpaused();
    EXPECT_EQ(last_of(lines, "+TLSERR:"), "") << ::testing::PrintToString(lines);
    EXPECT_EQ(last_of(lines, "+TLSHTTP:"), "+TLSHTTP: 200,\"ok\",\"HTTP/1.0\"") << ::testing::PrintToString(lines);
    EXPECT_TRUE(last_of(lines, "+TLSDONE:").starts_with("+TLSDONE: 200,")) << ::testing::PrintToString(lines);
    EXPECT_GE(proxy.connections(), 1u) << "the connection went through the proxy";
    const Established far = established(lines);
    EXPECT_EQ(far.version, "TLSv1.3");
    EXPECT_GE(far.ms, near.ms + delay_ms) << "direct: " << near.ms << " ms, through the proxy: " << far.ms << " ms";
}

INSTANTIATE_TEST_SUITE_P(Delays, TlsClientFarServer, ::testing::Values(60, 200, 1000),
                         [](const ::testing::TestParamInfo<int>& p) { return std::to_string(p.param) + "ms"; });

// ---- the commands -----------------------------------------------------------------------------------

TEST_F(TlsClient, CommandsCheckParametersAndState) {
    const auto server = test::https_server(pki.valid);
    ASSERT_TRUE(server.ready());
    modem = std::make_unique<WipRig>(GprsLinkConfig{}, gateway_to(server.port()));
    modem->rig.modem.flash_objects().store("TLS", 0, pki.ca_pem());
    ASSERT_TRUE(modem->boot());
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+TLSGET=\"api.example.com\",443,\"/\""), {}, "+CME ERROR: 803")) << "stack not started";
    const std::string ca_size = std::to_string(pki.ca_pem().size());
    EXPECT_TRUE(Replied(cmd("AT+TLSCFG?"), {"+TLSCFG: 2,0," + ca_size + ",0,0,0"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+TLSCFG=3"), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+TLSCFG=1,11"), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+TLSCFG=1,12"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+TLSCFG?"), {"+TLSCFG: 1,12," + ca_size + ",0,0,0"}, "OK"));
    modem->connect_bearer();
    EXPECT_TRUE(Replied(cmd("AT+TLSGET=\"api.example.com\",443,\"no-slash\""), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+TLSGET=\"api.example.com\",0,\"/\""), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+TLSGET=\"api.example.com\",443,\"/\""), {}, "OK"));
    ASSERT_TRUE(modem->saw("+TLSSTEP: \"connecting\"", 1)) << "1 ms after the OK";
    EXPECT_TRUE(Replied(cmd("AT+TLSGET=\"api.example.com\",443,\"/\""), {}, "+CME ERROR: 831")) << "one at a time";
    EXPECT_TRUE(Replied(cmd("AT+TLSCFG=2"), {}, "+CME ERROR: 831"));
    EXPECT_TRUE(Replied(cmd("AT+TLSSESSION?"), {"+TLSSESSION: 0"}, "OK"));
}

}  // namespace
}  // namespace q2686::integration
