// Test support for the TLS dissector tests: real OpenSSL handshakes (openssl_tls_capture.h)
// replayed as the IPv4/TCP packets of a GPRS connection (tcp_conversation.h) through a
// TlsDissector whose certificates are read with the host's wolfSSL and whose modem RTC is a
// fixed value; the Tls events and sessions it produced, for the assertions.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "packet_builder.h"
#include "tcp_conversation.h"
#include "tls/dissector/x509_certificate.h"
#include "tls/dissector/tls_dissector.h"
#include "openssl_tls_capture.h"

namespace q2686::tls_test {

// The modem's RTC at its power-loss default, 2 min 11 s after power-on: AT+CCLK never set.
inline const RtcReading kUnsetRtc = rtc_reading(CivilDateTime{1998, 1, 1, 0, 2, 11}, 0);
inline const RtcReading kRtc2030 = rtc_reading(CivilDateTime{2030, 6, 1, 12, 0, 0}, 4);
inline const RtcReading kRtc2036 = rtc_reading(CivilDateTime{2036, 3, 1, 12, 0, 0}, 0);

inline const std::vector<std::string> kServer = {"-cert",       "server.pem",       "-key", "server.key",
                                                 "-cert_chain", "intermediate.pem", "-www"};

struct Dissected {
    std::vector<std::string> events;
    std::vector<TlsSession> sessions;
    bool has(const std::string& text) const {
        return std::any_of(events.begin(), events.end(),
                           [&](const std::string& e) { return e.find(text) != std::string::npos; });
    }
    std::string all() const {
        std::string text = "events:\n";
        for (const auto& e : events) text += "  " + e + "\n";
        return text;
    }
};

inline std::vector<test::TimedPacket> to_packets(const std::vector<test::RecordedConnection>& connections,
                                                 std::size_t mss) {
    std::vector<test::TimedPacket> packets;
    Cycles start = 0;
    for (std::size_t i = 0; i < connections.size(); ++i) {
        test::TcpConversation tcp(test::kModemAddress, static_cast<std::uint16_t>(49153 + i),
                                  test::address("10.64.0.16"), 443, 1000 + 77 * static_cast<std::uint32_t>(i),
                                  0xFFFFF000u);
        tcp.open();
        for (const auto& chunk : connections[i]) tcp.send(chunk.from_client, chunk.bytes, mss);
        tcp.close();
        for (auto& p : tcp.packets()) packets.push_back({std::move(p.packet), p.when + start});
        start = packets.back().when;
    }
    return packets;
}

inline Dissected dissect(const std::vector<test::TimedPacket>& packets, const RtcReading& rtc) {
    EventLog log;
    Dissected out;
    log.subscribe([&](const Event& e) {
        if (e.kind == EventKind::Tls) out.events.push_back(e.text);
    });
    TlsDissector dissector(log, {.clock = {},
                                 .rtc = [rtc](Cycles) -> std::optional<RtcReading> { return rtc; },
                                 .host_clock = {},  // no date in the fix: events compared as text
                                 .parse_certificate = parse_x509_certificate,
                                 .keep_sessions = 8,
                                 .limits = {}});
    for (const auto& p : packets) dissector.feed(p.packet, p.when);
    out.sessions = dissector.sessions();
    return out;
}

inline std::vector<std::string> step_names(const TlsSession& s) {
    std::vector<std::string> names;
    for (const auto& step : s.steps) names.push_back(step.what.substr(0, step.what.find_first_of(" :")));
    return names;
}

class TlsDissectorOpensslTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (test::openssl_program().empty()) return;
        pki = std::make_unique<test::OpensslPki>("20250101000000Z", "20350101000000Z");
    }
    static void TearDownTestSuite() { pki.reset(); }

    void SetUp() override {
        if (!pki) GTEST_SKIP() << "no openssl program on this host";
        ASSERT_TRUE(pki->ok()) << pki->error();
    }

    // Runs s_server (kServer + `server_extra`) against one s_client per entry of `clients`.
    std::vector<test::RecordedConnection> capture(const std::vector<std::vector<std::string>>& clients,
                                                  const std::vector<std::string>& server_extra = {}) {
        std::vector<std::string> server;
        for (const auto& a : kServer) server.push_back(a.ends_with(".pem") || a.ends_with(".key") ? pki->path(a) : a);
        server.insert(server.end(), server_extra.begin(), server_extra.end());
        std::vector<std::vector<std::string>> full;
        for (auto c : clients) {
            c.insert(c.end(), {"-servername", "api.example.com", "-ign_eof"});
            full.push_back(std::move(c));
        }
        const test::OpensslRun run = test::run_openssl(*pki, server, full);
        EXPECT_EQ(run.error, "");
        for (std::size_t i = 0; i < run.connections.size(); ++i)
            EXPECT_FALSE(run.connections[i].empty()) << run.client_logs[i];
        return run.connections;
    }

    static inline std::unique_ptr<test::OpensslPki> pki;
};

}  // namespace q2686::tls_test
