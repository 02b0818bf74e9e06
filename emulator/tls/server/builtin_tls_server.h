// BuiltinTlsServer — an HTTPS server inside the emulator process, on the host's wolfSSL, for
// the demo, the tests and scenarios: nothing else needs to be installed or started. The host
// gateway maps a name to it (--tls-server, tls/server/tls_server_spec.h) and ends the modem's TCP
// connections to it itself, in process (tls/server/gateway_service.h): no kernel socket, no
// wall-clock wait. It answers inside the call that brings the modem's bytes — at the same
// virtual instant on every run, whatever the host's speed or load.
//
// What it serves: TLS 1.2 and/or 1.3 with the certificate chain of a TestPki (tls/server/test_pki.h),
// session resumption (TLS 1.2 session ids, TLS 1.3 tickets), optionally a client certificate
// check; then one HTTP/1.1 request per connection:
//   GET /              → 200 OK, a short text body naming the server, its TLS version and cipher
//   GET /status/<NNN>  → that status (100..599), e.g. 503 Service Unavailable
//   anything else      → 404 Not Found
// always with Connection: close; the server sends close_notify and closes after the response.
//
// Hostile behaviours, for testing what the firmware does with a broken peer: after reading the
// client's first TLS record (its ClientHello), close (FIN), reset (RST), answer in plain HTTP
// (a web server on the TLS port), send a truncated record and close, or say nothing at all.
//
// Events (EventKind::Tls, source "tls-server"): connection accepted, handshake done (version,
// cipher, resumed), the request and status, failures with wolfSSL's words, closes.
// Determinism: the server's clock is virtual time and its random numbers come from a stream
// seeded with `seed` (tls/server/server_environment.h), so the same connections get the same bytes —
// and the modem the same cycle counts — on every run; TLS 1.3 tickets age as the modem's RTC says.
// Known limits: one request per connection (no keep-alive); no renegotiation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "tls/server/gateway_service.h"
#include "time/cycle_scheduler.h"
#include "tls/server/test_pki.h"

namespace q2686 {

enum class TlsServerVersions { Any, Tls12, Tls13 };
enum class TlsServerBehaviour {
    Normal,
    CloseAfterHello,
    ResetAfterHello,
    PlainHttp,
    TruncatedRecord,
    Silent,
    GarbageAfterHello
};

const char* to_string(TlsServerVersions versions);  // "any", "1.2", "1.3"
const char* to_string(
    TlsServerBehaviour behaviour);  // "normal", "close", "reset", "http", "truncate", "silent", "garbage"

struct BuiltinTlsServerConfig {
    std::string name = "api.example.com:443";  // how events name it
    ServerCredentials credentials;
    TlsServerVersions versions = TlsServerVersions::Any;
    TlsServerBehaviour behaviour = TlsServerBehaviour::Normal;
    std::optional<std::filesystem::path> client_ca;  // require a client certificate issued by this CA
    ClockRate clock;                                 // to read virtual time as the server's clock
    std::uint64_t seed = 1;                          // of all its random numbers
};

struct TlsServerStats {
    unsigned accepted = 0;
    unsigned handshakes = 0;  // completed
    unsigned resumed = 0;     // ... of which resumed a session
    unsigned requests = 0;    // answered
    unsigned failures = 0;    // handshakes or connections that ended in an error
};

class BuiltinTlsServer final : public GatewayService {
public:
    using Log = std::function<void(Cycles when, std::string text)>;

    // Loads the credentials. Throws std::runtime_error naming what failed.
    explicit BuiltinTlsServer(BuiltinTlsServerConfig config, Log log = {});
    BuiltinTlsServer(const BuiltinTlsServer&) = delete;
    BuiltinTlsServer& operator=(const BuiltinTlsServer&) = delete;
    ~BuiltinTlsServer() override;

    const BuiltinTlsServerConfig& config() const;
    const TlsServerStats& stats() const;
    void set_log(Log log);
    // Resets every open connection (the server is being replaced behind its name).
    void drop_connections(Cycles now);

    void open(ServiceStream& stream, Cycles now) override;
    void readable(ServiceStream& stream, Cycles now) override;
    void closed(ServiceStream& stream, Cycles now) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace q2686
