// The TLS tests' certificates, from the built-in server's test PKI (emulator/tls/server/test_pki.h:
// made by the host's openssl on demand, cached in Q2686_PKI_CACHE — CTest points it into the
// build folder), and the `openssl s_server` that serves one of them: the real peer of the
// TLS client tests.
//
// Validity dates are fixed, not relative to the host's clock, so a test that sets the modem's
// RTC (AT+CCLK) gets the same verdict on any day:
//   valid       api.example.com    2024-01-01 .. 2034-01-01  by the test CA's intermediate
//   expired     api.example.com    2020-01-01 .. 2021-01-01  by the intermediate
//   wrong_host  other.example.com  2024-01-01 .. 2034-01-01  by the intermediate
//   self_signed api.example.com    2024-01-01 .. 2034-01-01  by itself
//   unknown_ca  api.example.com    2024-01-01 .. 2034-01-01  by "q2686emu Other CA" (not trusted)
//   p521        api.example.com    2024-01-01 .. 2034-01-01  by the intermediate, an ECDSA P-521 key
//   client      q2686emu modem (clientAuth) 2020-01-01 .. 2040-01-01, by the root
// The intermediate ("q2686emu Test Intermediate CA") is valid 2020-01-01 .. 2040-01-01.
#pragma once

#include <string>
#include <vector>

#include "host_server.h"
#include "tls/server/test_pki.h"

namespace q2686::test {

struct Credentials {
    std::string cert;  // PEM: the certificate alone
    std::string key;
    std::string intermediate;  // PEM: the intermediate the server sends after it; empty if none
};

class TestPki {
public:
    static const TestPki& shared() {
        static const TestPki pki;
        return pki;
    }

    const std::string& ca_pem() const { return ca_pem_; }  // the root CA, for the "TLS" flash object 0
    std::string ca_file() const { return pki_.root_ca().string(); }

    Credentials valid, expired, wrong_host, self_signed, unknown_ca, p521;
    Credentials client;  // for the modem: flash objects TLS:1 and TLS:2

    static std::string read_file(const std::string& file) { return read_text_file(file); }

    TestPki(const TestPki&) = delete;
    TestPki& operator=(const TestPki&) = delete;

private:
    TestPki() : ca_pem_(read_text_file(pki_.root_ca())) {
        valid = issue({});
        expired = issue({.not_before = {2020, 1, 1}, .not_after = {2021, 1, 1}});
        wrong_host = issue({.hostname = "other.example.com"});
        self_signed = issue({.issuer = CertificateIssuer::SelfSigned});
        unknown_ca = issue({.issuer = CertificateIssuer::UnknownCa});
        p521 = issue({.key = ServerKeyType::EcP521});
        const ClientCredentials c = pki_.client();
        client = {c.certificate.string(), c.key.string(), ""};
    }

    Credentials issue(ServerCertificateSpec spec) const {
        const ServerCredentials s = pki_.server(spec);
        return {s.certificate.string(), s.key.string(), s.intermediate.string()};
    }

    q2686::TestPki pki_;
    std::string ca_pem_;
};

// `openssl s_server -www` on 127.0.0.1:{port} with these credentials (and the intermediate, if
// any): every connection gets a TLS handshake (1.2 or 1.3, session tickets on) and, for a GET,
// "HTTP/1.0 200 ok" and a status page; then the server closes the connection. Resumption works
// across connections (one process).
inline HostServer https_server(const Credentials& credentials, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{"openssl",        "s_server", "-www",          "-quiet",  "-cert",
                                  credentials.cert, "-key",     credentials.key, "-accept", "127.0.0.1:{port}"};
    if (!credentials.intermediate.empty()) argv.insert(argv.end(), {"-cert_chain", credentials.intermediate});
    argv.insert(argv.end(), extra.begin(), extra.end());
    return HostServer(std::move(argv));
}

}  // namespace q2686::test
