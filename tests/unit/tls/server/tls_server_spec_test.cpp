// --tls-server's text form (emulator/tls/server/tls_server_spec.h), certificate dates and the built-in
// server's HTTP answers (emulator/tls/server/http_response.h).
#include <gtest/gtest.h>

#include <stdexcept>

#include "tls/server/http_response.h"
#include "tls/server/tls_server_spec.h"

namespace q2686 {
namespace {

TEST(TlsServerSpec, NameAloneMeansPort443ACaIssuedCertificateAndEveryVersion) {
    const TlsServerSpec spec = parse_tls_server_spec("api.example.com");
    EXPECT_EQ(spec.name, "api.example.com");
    EXPECT_EQ(spec.port, 443);
    EXPECT_EQ(spec.certificate.hostname, "api.example.com");
    EXPECT_EQ(spec.certificate.issuer, CertificateIssuer::Ca);
    EXPECT_EQ(spec.certificate.not_before.iso(), "2024-01-01T00:00:00Z");
    EXPECT_EQ(spec.certificate.not_after.iso(), "2034-01-01T00:00:00Z");
    EXPECT_EQ(spec.versions, TlsServerVersions::Any);
    EXPECT_EQ(spec.behaviour, TlsServerBehaviour::Normal);
    EXPECT_FALSE(spec.client_auth);
}

TEST(TlsServerSpec, EveryKeyIsRead) {
    const TlsServerSpec spec = parse_tls_server_spec(
        "device.example.com:8443,issuer=unknown-ca,not-before=2025-01-01,not-after=2027-06-30T12:30:00Z,"
        "cert-name=other.example.com,key=p256,extra-names=12,versions=1.2,behaviour=garbage,client-auth");
    EXPECT_EQ(spec.address(), "device.example.com:8443");
    EXPECT_EQ(spec.certificate.issuer, CertificateIssuer::UnknownCa);
    EXPECT_EQ(spec.certificate.not_before.openssl(), "20250101000000Z");
    EXPECT_EQ(spec.certificate.not_after.iso(), "2027-06-30T12:30:00Z");
    EXPECT_EQ(spec.certificate.hostname, "other.example.com");
    EXPECT_EQ(spec.certificate.key, ServerKeyType::EcP256);
    EXPECT_EQ(spec.versions, TlsServerVersions::Tls12);
    EXPECT_EQ(spec.behaviour, TlsServerBehaviour::GarbageAfterHello);
    EXPECT_EQ(spec.certificate.extra_names, 12u);
    EXPECT_TRUE(spec.client_auth);
    EXPECT_NE(spec.describe().find("untrusted CA"), std::string::npos) << spec.describe();
}

TEST(TlsServerSpec, BadInputNamesTheBadPart) {
    auto error = [](const char* text) {
        try {
            parse_tls_server_spec(text);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    EXPECT_NE(error("").find("NAME[:PORT]"), std::string::npos);
    EXPECT_NE(error("api.example.com:0").find("port '0'"), std::string::npos);
    EXPECT_NE(error("api.example.com:99999").find("1..65535"), std::string::npos);
    EXPECT_NE(error("bad name").find("NAME[:PORT]"), std::string::npos);
    EXPECT_NE(error("a.example,issuer=someone").find("issuer=someone: expected ca|self|unknown-ca"), std::string::npos);
    EXPECT_NE(error("a.example,colour=blue").find("unknown key 'colour'"), std::string::npos);
    EXPECT_NE(error("a.example,issuer").find("expected KEY=VALUE"), std::string::npos);
    EXPECT_NE(error("a.example,not-after=2023-02-29").find("not-after"), std::string::npos);
    EXPECT_NE(error("a.example,not-before=2030-01-01,not-after=2029-01-01").find("is not after"), std::string::npos);
    EXPECT_NE(error("a.example,behaviour=rude").find("normal|close|reset|http|truncate|silent|garbage"),
              std::string::npos);
    EXPECT_NE(error("a.example,extra-names=2001").find("extra-names=2001: expected a count 0..2000"),
              std::string::npos);
    EXPECT_NE(error("a.example,extra-names=ten").find("extra-names=ten"), std::string::npos);
}

TEST(CertificateDate, AcceptsDatesAndUtcTimesOnly) {
    EXPECT_EQ(CertificateDate::parse("2024-02-29").iso(), "2024-02-29T00:00:00Z");
    EXPECT_EQ(CertificateDate::parse("2030-12-31T23:59:59Z").openssl(), "20301231235959Z");
    for (const char* bad : {"2023-02-29", "2024-13-01", "2024-01-32", "2024-1-1", "2024-01-01T24:00:00Z",
                            "2024-01-01T10:00:00", "2024-01-01T10:00:00+01:00", "1949-12-31", "tomorrow"})
        EXPECT_THROW(CertificateDate::parse(bad), std::invalid_argument) << bad;
}

TEST(HttpAnswer, PathsChooseTheStatus) {
    EXPECT_EQ(answer_request("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status, 200);
    EXPECT_EQ(answer_request("GET /status/503 HTTP/1.1\r\n\r\n").status, 503);
    EXPECT_EQ(answer_request("GET /status/503 HTTP/1.1\r\n\r\n").reason, "Service Unavailable");
    EXPECT_EQ(answer_request("GET /status/99 HTTP/1.1\r\n\r\n").status, 404);
    EXPECT_EQ(answer_request("GET /elsewhere HTTP/1.1\r\n\r\n").status, 404);
    EXPECT_EQ(answer_request("POST / HTTP/1.1\r\n\r\n").status, 405);
    EXPECT_EQ(answer_request("\x16\x03\x01 garbage").status, 400);
    EXPECT_EQ(http_response(200, "OK", "hi\n"),
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nhi\n");
}

}  // namespace
}  // namespace q2686
