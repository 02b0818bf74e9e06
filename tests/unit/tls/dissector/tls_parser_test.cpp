// The TLS record layer and handshake-message parsers on hand-built bytes: records cut anywhere
// by TCP, messages spanning records, the hello fields the dissector reports, and names.
// (Real handshakes from OpenSSL: tests/unit/tls/dissector/tls_dissector_openssl_test.cpp.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tls/dissector/tls_handshake_messages.h"
#include "tls/dissector/tls_names.h"
#include "tls/dissector/tls_record_reader.h"

namespace q2686::tls {
namespace {

void put16(Bytes& b, std::size_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
void put24(Bytes& b, std::size_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 16));
    put16(b, v);
}
Bytes record(std::uint8_t type, const Bytes& fragment) {
    Bytes r = {type, 3, 3};
    put16(r, fragment.size());
    r.insert(r.end(), fragment.begin(), fragment.end());
    return r;
}
Bytes handshake(std::uint8_t type, const Bytes& body) {
    Bytes m = {type};
    put24(m, body.size());
    m.insert(m.end(), body.begin(), body.end());
    return m;
}
Bytes extension(std::uint16_t type, const Bytes& data) {
    Bytes e;
    put16(e, type);
    put16(e, data.size());
    e.insert(e.end(), data.begin(), data.end());
    return e;
}

Bytes client_hello_body(const std::string& sni, std::size_t session_id, std::size_t ticket, bool tls13) {
    Bytes b;
    put16(b, kTls12);
    b.insert(b.end(), 32, 0x11);  // random
    b.push_back(static_cast<std::uint8_t>(session_id));
    b.insert(b.end(), session_id, 0x22);
    put16(b, 4);
    put16(b, 0xC02F);
    put16(b, 0x1301);
    b.insert(b.end(), {1, 0});  // compression: null
    Bytes exts;
    Bytes names = {0};
    put16(names, sni.size());
    names.insert(names.end(), sni.begin(), sni.end());
    Bytes list;
    put16(list, names.size());
    list.insert(list.end(), names.begin(), names.end());
    const Bytes e0 = extension(0, list);
    exts.insert(exts.end(), e0.begin(), e0.end());
    const Bytes e35 = extension(35, Bytes(ticket, 0x33));
    exts.insert(exts.end(), e35.begin(), e35.end());
    if (tls13) {
        const Bytes e43 = extension(43, {4, 0x03, 0x04, 0x03, 0x03});
        exts.insert(exts.end(), e43.begin(), e43.end());
    }
    put16(b, exts.size());
    b.insert(b.end(), exts.begin(), exts.end());
    return b;
}

Bytes server_hello_body(const Bytes& random, std::size_t session_id, bool tls13_psk) {
    Bytes b;
    put16(b, kTls12);
    b.insert(b.end(), random.begin(), random.end());
    b.push_back(static_cast<std::uint8_t>(session_id));
    b.insert(b.end(), session_id, 0x22);
    put16(b, tls13_psk ? 0x1301 : 0xC02F);
    b.push_back(0);
    if (tls13_psk) {
        Bytes exts = extension(43, {0x03, 0x04});
        const Bytes psk = extension(41, {0, 0});
        exts.insert(exts.end(), psk.begin(), psk.end());
        put16(b, exts.size());
        b.insert(b.end(), exts.begin(), exts.end());
    }
    return b;
}

TEST(TlsRecordReaderTest, ReassemblesRecordsCutAnywhereByTcp) {
    Bytes stream = record(kHandshake, {1, 2, 3});
    const Bytes second = record(kAlert, {2, 42});
    stream.insert(stream.end(), second.begin(), second.end());
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        TlsRecordReader reader;
        std::vector<std::pair<std::uint8_t, Bytes>> seen;
        const auto on = [&](const Record& r) {
            seen.emplace_back(r.type, Bytes(r.fragment.begin(), r.fragment.end()));
        };
        reader.feed(std::span(stream).first(cut), on);
        reader.feed(std::span(stream).subspan(cut), on);
        ASSERT_EQ(seen.size(), 2u) << "cut at " << cut;
        EXPECT_EQ(seen[0], std::make_pair(kHandshake, Bytes{1, 2, 3}));
        EXPECT_EQ(seen[1], std::make_pair(kAlert, Bytes{2, 42}));
        EXPECT_EQ(reader.buffered(), 0u);
    }
}

TEST(TlsRecordReaderTest, JoinsAHandshakeMessageSpanningRecordsAndSplitsMessagesSharingOne) {
    const Bytes big = handshake(kCertificate, Bytes(300, 0xAB));
    const Bytes done = handshake(kServerHelloDone, {});
    TlsRecordReader reader;
    std::vector<std::pair<std::uint8_t, std::size_t>> messages;
    const auto on = [&](const HandshakeMessage& m) { messages.emplace_back(m.type, m.body.size()); };
    reader.feed_handshake(std::span(big).first(100), on);
    EXPECT_TRUE(messages.empty());
    Bytes rest(big.begin() + 100, big.end());
    rest.insert(rest.end(), done.begin(), done.end());
    reader.feed_handshake(rest, on);
    EXPECT_EQ(messages,
              (std::vector<std::pair<std::uint8_t, std::size_t>>{{kCertificate, 300}, {kServerHelloDone, 0}}));
}

TEST(TlsRecordReaderTest, StopsAtBytesThatAreNotTls) {
    TlsRecordReader reader;
    int records = 0;
    const std::string http = "GET / HTTP/1.0\r\n\r\n";
    reader.feed(std::span(reinterpret_cast<const std::uint8_t*>(http.data()), http.size()),
                [&](const Record&) { ++records; });
    EXPECT_TRUE(reader.broken());
    EXPECT_EQ(records, 0);
    EXPECT_FALSE(looks_like_tls_client_start(std::span(reinterpret_cast<const std::uint8_t*>(http.data()), 3)));
}

TEST(TlsRecordReaderTest, RefusesOversizeRecordsAndMessages) {
    TlsRecordReader records;
    records.feed(Bytes{kApplicationData, 3, 3, 0xFF, 0xFF}, [](const Record&) {});
    EXPECT_TRUE(records.broken());
    TlsRecordReader messages;
    messages.feed_handshake(Bytes{kCertificate, 0x10, 0, 0}, [](const HandshakeMessage&) {});  // 1 MiB
    EXPECT_TRUE(messages.broken());
}

TEST(TlsHelloTest, ClientHelloGivesSniSessionIdTicketAndVersions) {
    const auto hello = parse_client_hello(client_hello_body("api.example.com", 32, 180, true));
    ASSERT_TRUE(hello);
    EXPECT_EQ(hello->server_name, "api.example.com");
    EXPECT_EQ(hello->session_id.size(), 32u);
    EXPECT_EQ(hello->cipher_suites, (std::vector<std::uint16_t>{0xC02F, 0x1301}));
    EXPECT_TRUE(hello->ticket_extension);
    EXPECT_EQ(hello->ticket_length, 180u);
    EXPECT_EQ(hello->supported_versions, (std::vector<std::uint16_t>{kTls13, kTls12}));
}

TEST(TlsHelloTest, TruncatedClientHelloIsRejected) {
    Bytes body = client_hello_body("api.example.com", 0, 0, false);
    body.resize(body.size() - 3);
    EXPECT_FALSE(parse_client_hello(body));
}

TEST(TlsHelloTest, ServerHelloReportsTls13VersionAndPsk) {
    const auto hello = parse_server_hello(server_hello_body(Bytes(32, 0x44), 32, true));
    ASSERT_TRUE(hello);
    EXPECT_EQ(hello->legacy_version, kTls12);
    EXPECT_EQ(hello->version, kTls13);
    EXPECT_TRUE(hello->accepted_psk);
    EXPECT_FALSE(hello->hello_retry_request);
}

TEST(TlsHelloTest, HelloRetryRequestIsRecognisedByItsRandom) {
    const Bytes hrr_random = {0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C,
                              0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB,
                              0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};
    EXPECT_TRUE(parse_server_hello(server_hello_body(hrr_random, 0, false))->hello_retry_request);
}

TEST(TlsHelloTest, CertificateListAndEcdheGroup) {
    Bytes list;
    for (const std::size_t size : {5u, 3u}) {
        put24(list, size);
        list.insert(list.end(), size, 0x30);
    }
    Bytes body;
    put24(body, list.size());
    body.insert(body.end(), list.begin(), list.end());
    const auto certs = parse_certificate_list(body);
    ASSERT_TRUE(certs);
    ASSERT_EQ(certs->size(), 2u);
    EXPECT_EQ((*certs)[0].size(), 5u);
    EXPECT_EQ(server_key_exchange_group(Bytes{3, 0x00, 0x1D, 32}), "x25519");
    EXPECT_FALSE(server_key_exchange_group(Bytes{1, 0}));
}

TEST(TlsNamesTest, NamesKnownNumbersAndShowsOthersInHex) {
    EXPECT_EQ(cipher_suite_name(0xC02F), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    EXPECT_EQ(cipher_suite_name(0x1302), "TLS_AES_256_GCM_SHA384");
    EXPECT_EQ(cipher_suite_name(0xFAFA), "0xFAFA");
    EXPECT_EQ(alert_description_name(42), "bad_certificate");
    EXPECT_EQ(alert_description_name(48), "unknown_ca");
    EXPECT_EQ(alert_description_name(200), "alert_200");
    EXPECT_EQ(version_name(kTls13), "TLS1.3");
    EXPECT_EQ(handshake_type_name(kServerHelloDone), "ServerHelloDone");
}

}  // namespace
}  // namespace q2686::tls
