// Test support: real TLS bytes from the host's OpenSSL. A PKI (the test PKI's root and
// intermediate, a server certificate for api.example.com with chosen validity dates, and an
// unrelated CA; emulator/tls/server/test_pki.h, made with the openssl command), then `openssl s_server` and `openssl
// s_client` talking on loopback through a relay that records each connection's bytes in order, both directions. The
// dissector tests turn the recordings into IPv4/TCP packets (tests/support/tcp_conversation.h).
//
// Every wait is bounded (processes are killed after their time), so a broken openssl fails a test
// instead of hanging the suite. The openssl program is Debian's (scripts/setup.sh installs it).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace q2686::test {

struct TlsChunk {
    bool from_client = false;
    std::vector<std::uint8_t> bytes;
};
using RecordedConnection = std::vector<TlsChunk>;

class OpensslPki {
public:
    // Server certificate for api.example.com (ECDSA P-256) valid from `not_before` to `not_after`
    // (openssl ca's "YYYYMMDDHHMMSSZ"), issued by the test PKI's intermediate (tls/server/test_pki.h).
    OpensslPki(const std::string& not_before, const std::string& not_after);
    OpensslPki(const OpensslPki&) = delete;
    OpensslPki& operator=(const OpensslPki&) = delete;
    ~OpensslPki();

    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }
    // "ca.pem" (the root), "intermediate.pem", "server.pem", "server.key", "other_ca.pem" (a root
    // that did not sign it), or any scratch file name.
    std::string path(const std::string& name) const { return (dir_ / name).string(); }

private:
    std::filesystem::path dir_;
    std::string error_;
};

struct OpensslRun {
    std::vector<RecordedConnection> connections;  // one per client, in order
    std::vector<std::string> client_logs;         // each s_client's stdout and stderr
    std::string error;                            // empty when everything ran
};

// Starts `openssl s_server -accept 127.0.0.1:0 -naccept N <server_args>` (N = clients.size()),
// then runs each `openssl s_client -connect <relay> <client_args>` in turn, stdin an HTTP/1.0
// request, and records what crosses the relay.
OpensslRun run_openssl(const OpensslPki& pki, const std::vector<std::string>& server_args,
                       const std::vector<std::vector<std::string>>& clients);

// Path of the openssl program, empty when there is none.
std::string openssl_program();

}  // namespace q2686::test
