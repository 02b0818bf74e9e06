// The modem's TLS client (q2686_app.elf, AT+TLSGET) against the built-in TLS server
// (emulator/tls/server/builtin_tls_server.h): the forum thread's story without any host server, hostile
// servers that must end in a clean +TLSERR (never a firmware fault), session reuse as the
// passive dissector sees it, and determinism — the built-in server runs in virtual time, so the
// same run gives the same transcript to the cycle.
#include <regex>
#include <string>
#include <vector>

#include "test_pki.h"
#include "wip_fixture.h"

namespace q2686::integration {
namespace {

constexpr const char* kRightClock = "25/06/01,12:00:00+00";  // inside the default validity 2024..2034

TlsServerSpec server(const std::string& text) {
    return parse_tls_server_spec(text);
}

// A booted modem with its bearer up, the built-in servers of `specs`, and their root CA in
// flash object TLS:0.
struct BuiltinServerRig {
    explicit BuiltinServerRig(std::vector<TlsServerSpec> specs, const ClientCredentials* client = nullptr)
        : wip(GprsLinkConfig{}, config(std::move(specs))) {
        FlashObjects& flash = wip.rig.modem.flash_objects();
        flash.store("TLS", 0, read_text_file(*wip.network.test_root_ca()));
        if (client) {
            flash.store("TLS", 1, read_text_file(client->certificate));
            flash.store("TLS", 2, read_text_file(client->key));
        }
        booted = wip.boot();
        wip.connect_bearer();
    }

    static HostNetworkConfig config(std::vector<TlsServerSpec> specs) {
        HostNetworkConfig c;
        c.tls_servers = std::move(specs);
        return c;
    }

    // AT+TLSGET, then the lines up to +TLSDONE or +TLSERR (at most `limit` virtual seconds).
    Lines get(const std::string& host = "api.example.com", int port = 443, const std::string& path = "/",
              double limit = 60) {
        EXPECT_TRUE(
            Replied(wip.cmd("AT+TLSGET=\"" + host + "\"," + std::to_string(port) + ",\"" + path + "\""), {}, "OK"));
        const std::size_t mark = wip.rig.at.transcript().size();
        for (double t = 0; t < limit; t += 0.1) {
            const Lines lines = wip.rig.received_since(mark);
            for (const std::string& line : lines)
                if (line.starts_with("+TLSDONE:") || line.starts_with("+TLSERR:")) return lines;
            wip.rig.at.wait(seconds(0.1));
        }
        ADD_FAILURE() << "no +TLSDONE/+TLSERR within " << limit << " s";
        return wip.rig.received_since(mark);
    }

    WipRig wip;
    bool booted = false;
};

std::string last_of(const Lines& lines, std::string_view prefix) {
    for (auto line = lines.rbegin(); line != lines.rend(); ++line)
        if (line->starts_with(prefix)) return *line;
    return "";
}

bool matches(const std::string& line, const std::string& pattern) {
    return std::regex_match(line, std::regex(pattern));
}

TEST(BuiltinTlsServer, ClockAtThePowerOnDefaultIsNotYetValidAndSettingItFixesTheConnection) {
    BuiltinServerRig rig({server("api.example.com")});
    ASSERT_TRUE(rig.booted);
    EXPECT_TRUE(matches(last_of(rig.get(), "+TLSERR:"),
                        R"(\+TLSERR: 1,"Bad certificate",-150,"not-yet-valid","notBefore=2020-01-01T00:00:00Z )"
                        R"(notAfter=2040-01-01T00:00:00Z rtc=1998-01-01T00:00:\d\dZ depth=1 )"
                        R"(cn=q2686emu%20Test%20Intermediate%20CA issuer=q2686emu%20Test%20Root%20CA")"));
    rig.wip.rig.set_clock(kRightClock);
    const Lines lines = rig.get();
    EXPECT_EQ(last_of(lines, "+TLSSTEP: \"certificate"), "+TLSSTEP: \"certificate verified\"");
    EXPECT_EQ(last_of(lines, "+TLSHTTP:"), "+TLSHTTP: 200,\"OK\",\"HTTP/1.1\"");
    EXPECT_TRUE(matches(last_of(lines, "+TLSDONE:"), R"(\+TLSDONE: 200,\d{3})"));
    const TlsServerStats& stats = rig.wip.network.tls_servers().at(0)->stats();
    EXPECT_EQ(stats.accepted, 2u);
    EXPECT_EQ(stats.handshakes, 1u) << "the first handshake was refused by the modem";
    EXPECT_EQ(stats.requests, 1u);
}

TEST(BuiltinTlsServer, SelfSignedServerConnectsWithVerifyNeverAndIsRefusedOtherwise) {
    BuiltinServerRig rig({server("self.example.com,issuer=self")});
    rig.wip.rig.set_clock(kRightClock);
    EXPECT_TRUE(matches(last_of(rig.get("self.example.com"), "+TLSERR:"),
                        R"(\+TLSERR: 1,"Bad certificate",-188,"self-signed",".* cn=self\.example\.com )"
                        R"(issuer=self\.example\.com")"));
    ASSERT_TRUE(Replied(rig.wip.cmd("AT+TLSCFG=0"), {}, "OK"));
    const Lines lines = rig.get("self.example.com");
    EXPECT_EQ(last_of(lines, "+TLSSTEP: \"certificate"), "+TLSSTEP: \"certificate not verified\"");
    EXPECT_EQ(last_of(lines, "+TLSHTTP:"), "+TLSHTTP: 200,\"OK\",\"HTTP/1.1\"");
}

TEST(BuiltinTlsServer, CertificateExpiringDuringALongWaitIsRefusedAfterIt) {
    BuiltinServerRig rig({server("api.example.com,not-before=2024-01-01,not-after=2027-01-01")});
    rig.wip.rig.set_clock("26/12/31,23:58:00+00");
    EXPECT_EQ(last_of(rig.get(), "+TLSHTTP:"), "+TLSHTTP: 200,\"OK\",\"HTTP/1.1\"");
    rig.wip.rig.at.wait(seconds(120));
    EXPECT_TRUE(matches(last_of(rig.get(), "+TLSERR:"),
                        R"(\+TLSERR: 1,"Bad certificate",-151,"expired","notBefore=2024-01-01T00:00:00Z )"
                        R"(notAfter=2027-01-01T00:00:00Z rtc=2027-01-01T00:0\d:\d\dZ depth=0 .*")"));
}

TEST(BuiltinTlsServer, StatusPathsAreAnsweredWithThatStatus) {
    BuiltinServerRig rig({server("api.example.com")});
    rig.wip.rig.set_clock(kRightClock);
    EXPECT_EQ(last_of(rig.get("api.example.com", 443, "/status/503"), "+TLSHTTP:"),
              "+TLSHTTP: 503,\"Service Unavailable\",\"HTTP/1.1\"");
    EXPECT_EQ(last_of(rig.get("api.example.com", 443, "/nothing-here"), "+TLSHTTP:"),
              "+TLSHTTP: 404,\"Not Found\",\"HTTP/1.1\"");
}

// ---- hostile servers: a clean error, a responsive modem ---------------------------------------

struct HostileCase {
    const char* name;
    const char* options;   // the server spec after its name
    const char* expected;  // regex of the +TLSERR line
};

void PrintTo(const HostileCase& c, std::ostream* out) {
    *out << c.options;
}

class HostileServer : public ::testing::TestWithParam<HostileCase> {};

TEST_P(HostileServer, EndsInACleanErrorAndTheModemStaysResponsive) {
    const HostileCase& c = GetParam();
    BuiltinServerRig rig({server(std::string("api.example.com,") + c.options)});
    rig.wip.rig.set_clock(kRightClock);
    const std::string error = last_of(rig.get(), "+TLSERR:");
    EXPECT_TRUE(matches(error, c.expected)) << error;
    EXPECT_FALSE(rig.wip.rig.at.fault()) << "the firmware faulted";
    EXPECT_TRUE(Replied(rig.wip.cmd("AT"), {}, "OK"));
    EXPECT_TRUE(Replied(rig.wip.cmd("AT+TLSERR?"), {error}, "OK"));
}

INSTANTIATE_TEST_SUITE_P(
    Behaviours, HostileServer,
    ::testing::Values(
        HostileCase{
            "close", "behaviour=close",
            R"re(\+TLSERR: 2,"TLS failure",-308,"handshake-failure","reason=the%20server%20closed%20the%20connection%20during%20the%20handshake")re"},
        HostileCase{"reset", "behaviour=reset",
                    R"re(\+TLSERR: -986,"connection reset by peer",0,"network-error","")re"},
        HostileCase{
            "http", "behaviour=http",
            R"re(\+TLSERR: 2,"TLS failure",-341,"handshake-failure","reason=record%20layer%20length%20error")re"},
        HostileCase{
            "truncate", "behaviour=truncate",
            R"re(\+TLSERR: 2,"TLS failure",-308,"handshake-failure","reason=the%20server%20closed%20the%20connection%20during%20the%20handshake")re"},
        HostileCase{"silent", "behaviour=silent",
                    R"re(\+TLSERR: -985,"timeout",0,"timeout","idle=30s after=handshake")re"},
        HostileCase{
            "garbage", "behaviour=garbage",
            R"re(\+TLSERR: 2,"TLS failure",-341,"handshake-failure","reason=record%20layer%20length%20error")re"},
        // 800 more names: a server certificate of ~20 KiB, a chain past the 16 KiB of a record.
        HostileCase{
            "oversize_chain", "extra-names=800",
            R"re(\+TLSERR: 2,"TLS failure",-404,"handshake-failure","reason=Handshake%20message%20too%20large%20Error")re"}),
    [](const ::testing::TestParamInfo<HostileCase>& info) { return std::string(info.param.name); });

// ---- power cuts mid-session ----------------------------------------------------------------------

// A power cut while the modem connects, handshakes or reads the answer: the credentials in flash
// are intact after it (nothing writes them during a session), and after the next boot the same
// request succeeds.
TEST(BuiltinTlsServer, APowerCutDuringASessionLeavesTheCredentialsAndTheNextBootConnects) {
    for (const double cut_ms : {5.0, 150.0, 400.0, 900.0}) {
        SCOPED_TRACE(::testing::Message() << "power cut " << cut_ms << " ms after AT+TLSGET");
        BuiltinServerRig rig({server("api.example.com")});
        const auto ca = rig.wip.rig.modem.flash_objects().load("TLS", 0);
        ASSERT_TRUE(ca);
        rig.wip.rig.set_clock(kRightClock);
        rig.wip.rig.at.send_raw("AT+TLSGET=\"api.example.com\",443,\"/\"\r");
        rig.wip.rig.at.wait(seconds(cut_ms / 1000));
        rig.wip.rig.modem.power_off();
        EXPECT_EQ(rig.wip.rig.modem.flash_objects().load("TLS", 0), ca);
        ASSERT_TRUE(rig.wip.boot());
        rig.wip.rig.at.wait(seconds(3));  // registration
        rig.wip.connect_bearer();
        rig.wip.rig.set_clock(kRightClock);  // the backup battery kept it; set again all the same
        const Lines lines = rig.get();
        EXPECT_EQ(last_of(lines, "+TLSHTTP:"), "+TLSHTTP: 200,\"OK\",\"HTTP/1.1\"");
        EXPECT_FALSE(rig.wip.rig.at.fault());
    }
}

// ---- sessions and determinism ------------------------------------------------------------------

TEST(BuiltinTlsServer, SessionReuseIsAnAbbreviatedHandshakeOnTheLink) {
    BuiltinServerRig rig({server("api.example.com")});
    rig.wip.rig.set_clock(kRightClock);
    ASSERT_TRUE(Replied(rig.wip.cmd("AT+TLSCFG=1"), {}, "OK"));
    rig.get();
    const Lines second = rig.get();
    EXPECT_TRUE(matches(last_of(second, "+TLSSTEP: \"established\""), R"(.*,"TLSv1\.3",1,\d+,\d+)"));
    ASSERT_NE(rig.wip.network.tls_dissector(), nullptr);
    const std::vector<TlsSession> sessions = rig.wip.network.tls_dissector()->sessions();
    ASSERT_EQ(sessions.size(), 2u);
    EXPECT_FALSE(sessions[0].resumed);
    EXPECT_TRUE(sessions[1].resumed) << "the ServerHello accepted the modem's PSK";
    EXPECT_EQ(sessions[1].outcome, TlsOutcome::Established);
    EXPECT_LT(sessions[1].finished_at - sessions[1].client_hello_at,
              sessions[0].finished_at - sessions[0].client_hello_at);
    EXPECT_EQ(rig.wip.network.tls_servers().at(0)->stats().resumed, 1u);
}

TEST(BuiltinTlsServer, Tls12SessionReuseIsAnAbbreviatedHandshakeOnTheLink) {
    BuiltinServerRig rig({server("api.example.com,versions=1.2")});
    rig.wip.rig.set_clock(kRightClock);
    ASSERT_TRUE(Replied(rig.wip.cmd("AT+TLSCFG=1"), {}, "OK"));
    rig.get();
    rig.get();
    const std::vector<TlsSession> sessions = rig.wip.network.tls_dissector()->sessions();
    ASSERT_EQ(sessions.size(), 2u);
    EXPECT_EQ(sessions[1].version, 0x0303);
    EXPECT_TRUE(sessions[1].resumed) << "the ServerHello echoed the session id";
    EXPECT_FALSE(sessions[0].chain.empty()) << "TLS 1.2 shows the chain on the link";
    EXPECT_TRUE(sessions[1].chain.empty()) << "an abbreviated handshake sends no certificate";
}

TEST(BuiltinTlsServer, ServerAskingForAClientCertificateGetsTheOneInFlash) {
    const ClientCredentials client = TestPki(TestPki::default_cache_dir()).client();
    BuiltinServerRig with({server("api.example.com,client-auth")}, &client);
    with.wip.rig.set_clock(kRightClock);
    EXPECT_EQ(last_of(with.get(), "+TLSHTTP:"), "+TLSHTTP: 200,\"OK\",\"HTTP/1.1\"");
    BuiltinServerRig without({server("api.example.com,client-auth")});
    without.wip.rig.set_clock(kRightClock);
    EXPECT_TRUE(
        matches(last_of(without.get(), "+TLSERR:"), R"re(\+TLSERR: 2,"TLS failure",-313,"handshake-failure",.*)re"))
        << "no client certificate in flash";
}

// Two modems, the same steps: every line at the same cycle, the handshake's cycle count included.
TEST(BuiltinTlsServer, SameRunTwiceGivesTheSameTranscriptToTheCycle) {
    auto run = [] {
        BuiltinServerRig rig({server("api.example.com")});
        rig.wip.rig.set_clock(kRightClock);
        EXPECT_TRUE(Replied(rig.wip.cmd("AT+TLSCFG=1"), {}, "OK"));
        rig.get();
        rig.get();
        std::vector<std::string> stamped;
        for (const TranscriptEntry& e : rig.wip.rig.at.transcript())
            stamped.push_back(std::to_string(e.when) + " " + e.text);
        return stamped;
    };
    const std::vector<std::string> first = run();
    const std::vector<std::string> second = run();
    EXPECT_EQ(first, second);
    EXPECT_GT(first.size(), 30u);
}

}  // namespace
}  // namespace q2686::integration
