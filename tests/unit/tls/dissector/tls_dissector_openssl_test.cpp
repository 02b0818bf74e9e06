// The TLS dissector on real handshakes: OpenSSL's s_server and s_client talk on loopback, the
// bytes are recorded (openssl_tls_capture.h) and replayed as the IPv4/TCP packets of a GPRS
// connection, certificates read with the host's wolfSSL, and the modem's RTC a fixed value.
#include "tls_dissection.h"

namespace q2686::tls_test {
namespace {

TEST_F(TlsDissectorOpensslTest, Tls12FullHandshakeStepsInOrder) {
    const auto d =
        dissect(to_packets(capture({{"-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"}}), 1360), kRtc2030);
    SCOPED_TRACE(d.all());
    ASSERT_EQ(d.sessions.size(), 1u);
    const TlsSession& s = d.sessions[0];
    EXPECT_EQ(s.outcome, TlsOutcome::Established);
    EXPECT_FALSE(s.resumed);
    EXPECT_EQ(s.server_name, "api.example.com");
    const std::vector<std::string> expected = {"ClientHello",       "ServerHello",     "Certificate",
                                               "ServerKeyExchange", "ServerHelloDone", "ClientKeyExchange",
                                               "ChangeCipherSpec",  "Finished",        "NewSessionTicket",
                                               "ChangeCipherSpec",  "Finished",        "application"};
    const auto names = step_names(s);
    ASSERT_GE(names.size(), expected.size());
    EXPECT_EQ(std::vector<std::string>(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(expected.size())),
              expected);
    EXPECT_TRUE(d.has("api.example.com:443 → ClientHello TLS1.2, SNI api.example.com"));
    EXPECT_TRUE(d.has("api.example.com:443 ← ServerHello TLS1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (new session"));
    EXPECT_TRUE(d.has("api.example.com:443 ← ServerKeyExchange (ECDHE x25519"));
    EXPECT_TRUE(d.has("handshake complete: TLS1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, new session, "));
    ASSERT_EQ(s.chain.size(), 2u);
    EXPECT_EQ(s.chain[0].subject_cn, "api.example.com");
    EXPECT_EQ(s.chain[0].issuer_cn, "q2686emu Test Intermediate CA");
    EXPECT_EQ(s.chain[0].key, "EC 256-bit");
    EXPECT_EQ(s.chain[0].signature_algorithm, "sha256WithRSAEncryption") << "the intermediate's key is RSA";
    EXPECT_EQ(s.chain[1].subject_cn, "q2686emu Test Intermediate CA");
    EXPECT_TRUE(s.chain[1].is_ca);
    EXPECT_FALSE(s.chain[1].self_signed);
    EXPECT_TRUE(s.verdict.dates_ok);
    EXPECT_GT(s.application_bytes_to_server, 0u);
    EXPECT_GT(s.application_bytes_to_client, 0u);
    EXPECT_EQ(s.ended, "fin");
}

TEST_F(TlsDissectorOpensslTest, ResumedTls12SessionIsRecognisedByTheEchoedSessionId) {
    const std::string session = pki->path("tls12-ticket.session");
    const auto d = dissect(
        to_packets(capture({{"-tls1_2", "-sess_out", session}, {"-tls1_2", "-sess_in", session}}), 1360), kRtc2030);
    SCOPED_TRACE(d.all());
    ASSERT_EQ(d.sessions.size(), 2u);
    EXPECT_FALSE(d.sessions[0].resumed);
    const TlsSession& resumed = d.sessions[1];
    EXPECT_TRUE(resumed.resumed);
    EXPECT_EQ(resumed.outcome, TlsOutcome::Established);
    EXPECT_TRUE(resumed.chain.empty());  // an abbreviated handshake: no Certificate
    const auto names = step_names(resumed);
    EXPECT_EQ(std::count(names.begin(), names.end(), "Certificate"), 0);
    EXPECT_EQ(names[0], "ClientHello");
    EXPECT_EQ(names[1], "ServerHello");
    EXPECT_TRUE(d.has("offers a session ticket ("));
    EXPECT_TRUE(d.has("(resumed session: session id echoed"));
    EXPECT_TRUE(d.has(", resumed session, "));
}

TEST_F(TlsDissectorOpensslTest, ResumedTls12SessionWithoutTicketsOffersTheSessionId) {
    const std::string session = pki->path("tls12-id.session");
    const auto d = dissect(
        to_packets(capture({{"-tls1_2", "-sess_out", session}, {"-tls1_2", "-sess_in", session}}, {"-no_ticket"}),
                   1360),
        kRtc2030);
    SCOPED_TRACE(d.all());
    ASSERT_EQ(d.sessions.size(), 2u);
    EXPECT_TRUE(d.sessions[1].resumed);
    EXPECT_TRUE(d.has("offers session id 32 B to resume"));
}

TEST_F(TlsDissectorOpensslTest, Tls13HandshakeSaysTheCertificateIsNotVisible) {
    const auto d = dissect(to_packets(capture({{"-tls1_3"}}), 1360), kRtc2030);
    SCOPED_TRACE(d.all());
    ASSERT_EQ(d.sessions.size(), 1u);
    const TlsSession& s = d.sessions[0];
    EXPECT_EQ(s.version, 0x0304);
    EXPECT_TRUE(s.certificate_encrypted);
    EXPECT_TRUE(s.chain.empty());
    EXPECT_EQ(s.outcome, TlsOutcome::Established);
    EXPECT_TRUE(d.has("(offers TLS1.3)"));
    EXPECT_TRUE(d.has("← ServerHello TLS1.3 TLS_AES_256_GCM_SHA384 (new session)"));
    EXPECT_TRUE(d.has("TLS 1.3 encrypts the certificate"));
    EXPECT_TRUE(d.has("→ Finished (encrypted, "));
    EXPECT_TRUE(d.has("handshake complete: TLS1.3"));
}

TEST_F(TlsDissectorOpensslTest, Tls13ResumptionIsRecognisedByTheAcceptedPsk) {
    const std::string session = pki->path("tls13.session");
    const auto d = dissect(
        to_packets(capture({{"-tls1_3", "-sess_out", session}, {"-tls1_3", "-sess_in", session}}), 1360), kRtc2030);
    SCOPED_TRACE(d.all());
    ASSERT_EQ(d.sessions.size(), 2u);
    EXPECT_FALSE(d.sessions[0].resumed);
    EXPECT_TRUE(d.sessions[1].resumed);
    EXPECT_TRUE(d.has("offers a PSK to resume"));
    EXPECT_TRUE(d.has("(resumed session: PSK accepted)"));
}

TEST_F(TlsDissectorOpensslTest, ClientThatDoesNotKnowTheCaSendsAnUnknownCaAlert) {
    const auto d =
        dissect(to_packets(capture({{"-tls1_2", "-verify_return_error", "-CAfile", pki->path("other_ca.pem")}}), 1360),
                kRtc2030);
    SCOPED_TRACE(d.all());
    ASSERT_EQ(d.sessions.size(), 1u);
    const TlsSession& s = d.sessions[0];
    EXPECT_EQ(s.outcome, TlsOutcome::Failed);
    ASSERT_FALSE(s.alerts.empty());
    EXPECT_FALSE(s.alerts[0].encrypted);
    EXPECT_EQ(s.alerts[0].side, StreamSide::ClientToServer);
    EXPECT_EQ(s.alerts[0].level, 2);
    EXPECT_EQ(s.alerts[0].description, 48);
    EXPECT_TRUE(d.has("api.example.com:443 → Alert fatal unknown_ca (48)"));
    EXPECT_TRUE(d.has("handshake failed: client sent alert fatal unknown_ca (48)"));
}

// The forum's "Bad certificate": the modem's clock was never set, so to the client (OpenSSL
// told the same date with -attime) the server's certificate is not yet valid.
TEST_F(TlsDissectorOpensslTest, UnsetModemClockExplainsTheBadCertificateAlert) {
    const auto d = dissect(to_packets(capture({{"-tls1_2", "-verify_return_error", "-CAfile", pki->path("ca.pem"),
                                                "-attime", std::to_string(kUnsetRtc.utc)}}),
                                      1360),
                           kUnsetRtc);
    SCOPED_TRACE(d.all());
    ASSERT_EQ(d.sessions.size(), 1u);
    const TlsSession& s = d.sessions[0];
    EXPECT_EQ(s.outcome, TlsOutcome::Failed);
    EXPECT_EQ(s.verdict.validity, (std::vector<Validity>{Validity::NotYetValid, Validity::NotYetValid}));
    EXPECT_TRUE(
        d.has("api.example.com:443 cert[0] CN=api.example.com: notBefore 2025-01-01T00:00:00Z is after modem RTC "
              "1998-01-01T00:02:11Z → not yet valid"));
    EXPECT_TRUE(
        d.has("modem RTC reads \"98/01/01,00:02:11+00\" (1998-01-01T00:02:11Z), the default after a power loss: "
              "the clock was never set: set AT+CCLK to the current time (the chain is valid from "));
    EXPECT_TRUE(d.has("api.example.com:443 → Alert fatal bad_certificate (42)"));
    EXPECT_TRUE(d.has("handshake failed: client sent alert fatal bad_certificate (42)"));
    EXPECT_TRUE(d.has("the certificate dates do not fit the modem RTC — set AT+CCLK"));
}

// TLS 1.3 hides the certificate; OpenSSL rejects it before switching keys, so its alert is
// plaintext. The dissector gives the one clue it has, the modem's clock.
TEST_F(TlsDissectorOpensslTest, Tls13RejectionGivesTheModemClockAsTheClue) {
    const auto d = dissect(to_packets(capture({{"-tls1_3", "-verify_return_error", "-CAfile", pki->path("ca.pem"),
                                                "-attime", std::to_string(kUnsetRtc.utc)}}),
                                      1360),
                           kUnsetRtc);
    SCOPED_TRACE(d.all());
    ASSERT_EQ(d.sessions.size(), 1u);
    EXPECT_EQ(d.sessions[0].outcome, TlsOutcome::Failed);
    EXPECT_TRUE(d.has("→ Alert fatal bad_certificate (42)"));
    EXPECT_TRUE(d.has("handshake failed: client sent alert fatal bad_certificate (42)"));
    EXPECT_TRUE(
        d.has("the certificate is encrypted (TLS 1.3), but the modem RTC reads \"98/01/01,00:02:11+00\" "
              "(1998-01-01T00:02:11Z), its default after a power loss: if the certificate was rejected, set "
              "AT+CCLK to the current time"));
}

// wolfSSL (the modem's TLS) rejects after switching keys: its alert is a protected record of
// 2 + 1 + 16 bytes where the client's Finished belongs. Played here by cutting a real TLS 1.3
// handshake after the server's flight and sending such a record.
TEST_F(TlsDissectorOpensslTest, Tls13ProtectedRecordOfAnAlertsSizeWhereFinishedBelongsIsALikelyAlert) {
    auto recorded = capture({{"-tls1_3"}});
    ASSERT_EQ(recorded.size(), 1u);
    test::RecordedConnection cut;
    for (const auto& chunk : recorded[0]) {
        if (chunk.from_client && !cut.empty()) break;  // the client's second flight: replaced
        cut.push_back(chunk);
    }
    std::vector<std::uint8_t> flight = {20, 3, 3, 0, 1, 1, 23, 3, 3, 0, 19};
    flight.resize(flight.size() + 19, 0x5A);
    cut.push_back({true, flight});
    const auto d = dissect(to_packets({cut}, 1360), kRtc2030);
    SCOPED_TRACE(d.all());
    ASSERT_EQ(d.sessions.size(), 1u);
    EXPECT_EQ(d.sessions[0].outcome, TlsOutcome::Failed);
    ASSERT_EQ(d.sessions[0].alerts.size(), 1u);
    EXPECT_TRUE(d.sessions[0].alerts[0].encrypted);
    EXPECT_TRUE(
        d.has("→ encrypted record of an alert's size (19 B) where Finished belongs: likely the client's alert"));
    EXPECT_TRUE(d.has("handshake failed: client likely sent an encrypted alert instead of Finished"));
    EXPECT_TRUE(d.has("the modem RTC reads \"30/06/01,12:00:00+04\" (2030-06-01T11:00:00Z)"));
}

TEST_F(TlsDissectorOpensslTest, ModemClockPastNotAfterJudgesTheLeafExpired) {
    const auto d = dissect(to_packets(capture({{"-tls1_2"}}), 1360), kRtc2036);
    SCOPED_TRACE(d.all());
    ASSERT_EQ(d.sessions.size(), 1u);
    EXPECT_EQ(d.sessions[0].verdict.validity, (std::vector<Validity>{Validity::Expired, Validity::Valid}));
    EXPECT_TRUE(
        d.has("cert[0] CN=api.example.com: notAfter 2035-01-01T00:00:00Z is before modem RTC 2036-03-01T12:00:00Z "
              "→ expired"));
}

TEST(TlsDissectorTest, IgnoresConnectionsThatAreNotTls) {
    test::TcpConversation tcp(test::kModemAddress, 49153, test::address("10.64.0.16"), 80);
    tcp.open();
    tcp.send(true, "GET / HTTP/1.0\r\n\r\n");
    tcp.send(false, "HTTP/1.0 200 OK\r\n\r\nhello");
    tcp.close();
    const auto d = dissect(tcp.packets(), kRtc2030);
    EXPECT_TRUE(d.events.empty());
    EXPECT_TRUE(d.sessions.empty());
}

}  // namespace
}  // namespace q2686::tls_test
