// BuiltinTlsServer: the connections' state machines and the wolfSSL context. Each connection is
// a ServiceStream from the gateway (tls/server/gateway_service.h); wolfSSL reads and writes it
// through I/O callbacks, so no socket is involved. Every call does all the work that is possible
// now and returns — wolfSSL's WANT_READ just means "when the modem's next bytes come".
#include "tls/server/builtin_tls_server.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfio.h>

#include "tls/server/http_response.h"
#include "tls/server/server_environment.h"

namespace q2686 {

const char* to_string(TlsServerVersions versions) {
    switch (versions) {
        case TlsServerVersions::Any: return "any";
        case TlsServerVersions::Tls12: return "1.2";
        case TlsServerVersions::Tls13: return "1.3";
    }
    return "?";
}

const char* to_string(TlsServerBehaviour behaviour) {
    switch (behaviour) {
        case TlsServerBehaviour::Normal: return "normal";
        case TlsServerBehaviour::CloseAfterHello: return "close";
        case TlsServerBehaviour::ResetAfterHello: return "reset";
        case TlsServerBehaviour::PlainHttp: return "http";
        case TlsServerBehaviour::TruncatedRecord: return "truncate";
        case TlsServerBehaviour::Silent: return "silent";
        case TlsServerBehaviour::GarbageAfterHello: return "garbage";
    }
    return "?";
}

namespace {

constexpr std::size_t kMaxRequest = 4096;

std::string wolfssl_error_text(int code) {
    char text[WOLFSSL_MAX_ERROR_SZ] = {};
    wolfSSL_ERR_error_string_n(static_cast<unsigned long>(code), text, sizeof text);
    return fmt::format("{} ({})", text, code);
}

WOLFSSL_METHOD* method_for(TlsServerVersions versions) {
    switch (versions) {
        case TlsServerVersions::Tls12: return wolfTLSv1_2_server_method();
        case TlsServerVersions::Tls13: return wolfTLSv1_3_server_method();
        case TlsServerVersions::Any: break;
    }
    return wolfSSLv23_server_method();
}

// Debian's wolfSSL keeps a fixed-point cache of ECC points (FP_ECC): a point's lookup table is
// built at its second use, and the path — and the random numbers it draws for blinding —
// depends on what the process computed before. Emptied before each connection, the cache is
// in the same state on every run, so the server's seeded stream (tls/server/server_environment.h)
// gives the same bytes whatever ran earlier in this process.
void forget_ecc_point_cache() {
    wc_ecc_fp_free();
}

}  // namespace

struct BuiltinTlsServer::Impl {
    enum class State { Hello, Handshake, Request, Respond, Closing, Done };
    struct Connection {
        ServiceStream* stream = nullptr;  // nullptr once closed() said the connection is over
        WOLFSSL* ssl = nullptr;           // nullptr for the hostile behaviours, which speak no TLS
        State state = State::Hello;
        std::string in;   // the request (or the raw ClientHello for hostile behaviours)
        std::string out;  // what is left to write
        std::size_t written = 0;
    };

    BuiltinTlsServerConfig config;
    Log log;
    TlsServerStats stats;
    WOLFSSL_CTX* ctx = nullptr;
    std::vector<std::unique_ptr<Connection>> connections;  // in the order they opened
    Cycles now = 0;
    SeededStream random;  // all of wolfSSL's random numbers for this server
    // The server clock at virtual time 0. Fixed, not the host's: the clock goes into its TLS 1.3
    // tickets, whose bytes the modem decrypts (and so pays for) — a host-dependent epoch would
    // make the resumed handshakes' cycle counts differ between runs.
    static constexpr std::uint64_t epoch_us = 946'684'800'000'000;  // 2000-01-01T00:00:00Z

    std::uint64_t virtual_us() const { return config.clock.to_ns(now) / 1000; }

    void say(std::string text) const {
        if (log) log(now, fmt::format("{}: {}", config.name, text));
    }

    void start();
    Connection* find(const ServiceStream& stream);
    void accept(ServiceStream& stream);
    void step(Connection& c);
    void hostile(Connection& c);
    void handshake(Connection& c);
    void read_request(Connection& c);
    void write_pending(Connection& c);
    void fail(Connection& c, const std::string& what, int code);
    static void close(Connection& c);
    static void reset(Connection& c);
    static int receive(WOLFSSL* ssl, char* buffer, int size, void* context);
    static int send(WOLFSSL* ssl, char* buffer, int size, void* context);
};

// wolfSSL's I/O over the connection's stream: what the modem sent, else "later" or "closed".
int BuiltinTlsServer::Impl::receive(WOLFSSL*, char* buffer, int size, void* context) {
    auto& c = *static_cast<Connection*>(context);
    if (!c.stream) return WOLFSSL_CBIO_ERR_CONN_CLOSE;
    const std::size_t n = c.stream->read({reinterpret_cast<std::uint8_t*>(buffer), static_cast<std::size_t>(size)});
    if (n > 0) return static_cast<int>(n);
    return c.stream->peer_closed() ? WOLFSSL_CBIO_ERR_CONN_CLOSE : WOLFSSL_CBIO_ERR_WANT_READ;
}

int BuiltinTlsServer::Impl::send(WOLFSSL*, char* buffer, int size, void* context) {
    auto& c = *static_cast<Connection*>(context);
    if (!c.stream) return WOLFSSL_CBIO_ERR_CONN_CLOSE;
    c.stream->write({reinterpret_cast<const std::uint8_t*>(buffer), static_cast<std::size_t>(size)});
    return size;
}

void BuiltinTlsServer::Impl::start() {
    static const int initialised = wolfSSL_Init();
    (void)initialised;
    const bool speaks_tls = config.behaviour == TlsServerBehaviour::Normal;
    if (speaks_tls) {
        forget_ecc_point_cache();
        ctx = wolfSSL_CTX_new(method_for(config.versions));
        if (!ctx) throw std::runtime_error("built-in TLS server: wolfSSL_CTX_new failed");
        if (config.versions == TlsServerVersions::Any) wolfSSL_CTX_SetMinVersion(ctx, WOLFSSL_TLSV1_2);
        wolfSSL_CTX_SetIORecv(ctx, receive);
        wolfSSL_CTX_SetIOSend(ctx, send);
        const std::string chain = config.credentials.chain.string(), key = config.credentials.key.string();
        if (wolfSSL_CTX_use_certificate_chain_file(ctx, chain.c_str()) != WOLFSSL_SUCCESS)
            throw std::runtime_error(fmt::format("built-in TLS server: cannot load the certificate chain {}", chain));
        if (wolfSSL_CTX_use_PrivateKey_file(ctx, key.c_str(), WOLFSSL_FILETYPE_PEM) != WOLFSSL_SUCCESS)
            throw std::runtime_error(fmt::format("built-in TLS server: cannot load the key {}", key));
        if (config.client_ca) {
            const std::string ca = config.client_ca->string();
            if (wolfSSL_CTX_load_verify_locations(ctx, ca.c_str(), nullptr) != WOLFSSL_SUCCESS)
                throw std::runtime_error(fmt::format("built-in TLS server: cannot load the client CA {}", ca));
            wolfSSL_CTX_set_verify(ctx, WOLFSSL_VERIFY_PEER | WOLFSSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
        } else {
            wolfSSL_CTX_set_verify(ctx, WOLFSSL_VERIFY_NONE, nullptr);
        }
    }

}

BuiltinTlsServer::Impl::Connection* BuiltinTlsServer::Impl::find(const ServiceStream& stream) {
    for (const auto& c : connections)
        if (c->stream == &stream) return c.get();
    return nullptr;
}

void BuiltinTlsServer::Impl::accept(ServiceStream& stream) {
    auto owned = std::make_unique<Connection>();
    Connection& c = *owned;
    c.stream = &stream;
    connections.push_back(std::move(owned));
    if (ctx) {
        forget_ecc_point_cache();
        c.ssl = wolfSSL_new(ctx);
        if (!c.ssl) {
            say("wolfSSL_new failed; connection closed");
            return close(c);
        }
        wolfSSL_SetIOReadCtx(c.ssl, &c);
        wolfSSL_SetIOWriteCtx(c.ssl, &c);
    }
    ++stats.accepted;
    say(config.behaviour == TlsServerBehaviour::Normal
            ? "connection accepted"
            : fmt::format("connection accepted (hostile behaviour: {})", to_string(config.behaviour)));
}

// A graceful close (FIN after what was written).
void BuiltinTlsServer::Impl::close(Connection& c) {
    if (c.ssl) wolfSSL_free(c.ssl);
    if (c.stream) c.stream->close();
    c.ssl = nullptr;
    c.state = State::Done;
}

// An abortive close (RST).
void BuiltinTlsServer::Impl::reset(Connection& c) {
    if (c.ssl) wolfSSL_free(c.ssl);
    if (c.stream) c.stream->reset();
    c.ssl = nullptr;
    c.state = State::Done;
}

void BuiltinTlsServer::Impl::fail(Connection& c, const std::string& what, int code) {
    ++stats.failures;
    say(fmt::format("{}: {}; connection closed", what, wolfssl_error_text(code)));
    close(c);
}

namespace {

// A TLS 1.2 ServerHello record (RFC 5246 §7.4.1.3) a client accepts for `client_hello` (a whole
// ClientHello record): the first TLS 1.2 cipher suite it offered, no session id, no compression,
// no extensions. A fixed random, without the RFC 8446 §4.1.3 downgrade marker. What follows it
// on the wire is up to the caller.
std::string server_hello_for(const std::string& client_hello) {
    const auto byte_at = [&client_hello](std::size_t i) -> std::size_t {
        return i < client_hello.size() ? static_cast<unsigned char>(client_hello[i]) : 0;
    };
    // record header 5, handshake header 4, version 2, random 32, then the session id.
    std::size_t at = 5 + 4 + 2 + 32;
    at += 1 + byte_at(at);
    const std::size_t suites_end = at + 2 + (byte_at(at) << 8 | byte_at(at + 1));
    std::size_t suite = 0xC02F;  // ECDHE-RSA-AES128-GCM-SHA256 if nothing usable is found
    for (std::size_t i = at + 2; i + 1 < suites_end && i + 1 < client_hello.size(); i += 2) {
        const std::size_t offered = byte_at(i) << 8 | byte_at(i + 1);
        const bool tls13_or_signal = (offered >> 8) == 0x13 || offered == 0x00FF || offered == 0x5600;
        if (!tls13_or_signal) {
            suite = offered;
            break;
        }
    }
    std::string body = "\x03\x03";
    for (int i = 0; i < 32; ++i) body += static_cast<char>(0x40 + i);
    body += '\0';  // session id: none
    body += static_cast<char>(suite >> 8);
    body += static_cast<char>(suite & 0xFF);
    body += '\0';  // compression: null
    const std::size_t n = body.size();
    std::string message = {'\x02', '\0', static_cast<char>(n >> 8), static_cast<char>(n & 0xFF)};
    message += body;
    const std::size_t m = message.size();
    return std::string{'\x16', '\x03', '\x03', static_cast<char>(m >> 8), static_cast<char>(m & 0xFF)} + message;
}

}  // namespace

// Hostile behaviours: read raw bytes until the client's first record is whole, then misbehave.
void BuiltinTlsServer::Impl::hostile(Connection& c) {
    std::uint8_t buffer[2048];
    while (const std::size_t n = c.stream->read(buffer)) c.in.append(reinterpret_cast<const char*>(buffer), n);
    if (c.stream->peer_closed()) {
        say("client closed the connection");
        return close(c);
    }
    // A TLS record: type, version (2 bytes), length (2 bytes, big-endian), then that many bytes.
    const auto byte_at = [&c](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(c.in[i])); };
    const bool hello_whole = c.in.size() >= 5 && c.in.size() >= 5 + (byte_at(3) << 8 | byte_at(4));
    if (config.behaviour == TlsServerBehaviour::Silent) {
        if (c.state == State::Hello && hello_whole) {
            say("ClientHello read; never answering (hostile)");
            c.state = State::Handshake;
        }
        if (c.state == State::Handshake) c.in.clear();  // whatever else comes is read and dropped
        return;
    }
    if (c.state != State::Hello || !hello_whole) return;
    c.state = State::Closing;
    switch (config.behaviour) {
        case TlsServerBehaviour::CloseAfterHello:
            say("ClientHello read; closing without an answer (hostile)");
            return close(c);
        case TlsServerBehaviour::ResetAfterHello: {
            say("ClientHello read; resetting the connection (hostile)");
            return reset(c);
        }
        case TlsServerBehaviour::PlainHttp:
            say("ClientHello read; answering in plain HTTP (hostile)");
            c.out = http_response(400, "Bad Request", "This is a plain HTTP server; it does not speak TLS.\n");
            break;
        case TlsServerBehaviour::TruncatedRecord:
            // A handshake record announcing 1000 bytes, then 10 of them, then the close.
            say("ClientHello read; sending a truncated record and closing (hostile)");
            c.out = std::string("\x16\x03\x03\x03\xe8\x02\x00\x03\xe4\x03\x03\x00\x00\x00\x00", 15);
            break;
        case TlsServerBehaviour::GarbageAfterHello:
            say("ClientHello read; answering a ServerHello, then bytes that are no TLS record (hostile)");
            c.out = server_hello_for(c.in) + std::string(64, '\xA5');
            break;
        case TlsServerBehaviour::Silent:
        case TlsServerBehaviour::Normal: break;
    }
    write_pending(c);
}

void BuiltinTlsServer::Impl::handshake(Connection& c) {
    const int result = wolfSSL_accept(c.ssl);
    if (result != WOLFSSL_SUCCESS) {
        const int error = wolfSSL_get_error(c.ssl, result);
        if (error == WOLFSSL_ERROR_WANT_READ || error == WOLFSSL_ERROR_WANT_WRITE) return;
        return fail(c, "handshake failed", error);
    }
    ++stats.handshakes;
    const bool resumed = wolfSSL_session_reused(c.ssl) == 1;
    if (resumed) ++stats.resumed;
    say(fmt::format("handshake complete: {} {}{}", wolfSSL_get_version(c.ssl), wolfSSL_get_cipher_name(c.ssl),
                    resumed ? ", session resumed" : ""));
    c.state = State::Request;
    read_request(c);
}

void BuiltinTlsServer::Impl::read_request(Connection& c) {
    char buffer[1024];
    for (;;) {
        const int n = wolfSSL_read(c.ssl, buffer, sizeof buffer);
        if (n > 0) {
            c.in.append(buffer, static_cast<std::size_t>(n));
            if (c.in.size() > kMaxRequest) {
                c.out = http_response(431, "Request Header Fields Too Large", "");
                break;
            }
            if (c.in.find("\r\n\r\n") != std::string::npos) break;
            continue;
        }
        const int error = wolfSSL_get_error(c.ssl, n);
        if (error == WOLFSSL_ERROR_WANT_READ || error == WOLFSSL_ERROR_WANT_WRITE) return;
        if (error == WOLFSSL_ERROR_ZERO_RETURN || error == SOCKET_PEER_CLOSED_E) {
            say("client closed the connection before its request");
            return close(c);
        }
        return fail(c, "reading the request failed", error);
    }
    if (c.out.empty()) {
        const HttpAnswer answer = answer_request(c.in);
        say(fmt::format("{} → {} {}", answer.request_line, answer.status, answer.reason));
        c.out = http_response(answer.status, answer.reason,
                              fmt::format("q2686emu built-in TLS server {}: {} {}\n{}", config.name,
                                          wolfSSL_get_version(c.ssl), wolfSSL_get_cipher_name(c.ssl), answer.body));
    }
    ++stats.requests;
    c.state = State::Respond;
    write_pending(c);
}

void BuiltinTlsServer::Impl::write_pending(Connection& c) {
    while (c.written < c.out.size()) {
        const char* data = c.out.data() + c.written;
        const int left = static_cast<int>(c.out.size() - c.written);
        int n = 0;
        if (c.ssl) {
            n = wolfSSL_write(c.ssl, data, left);
            if (n <= 0) {
                const int error = wolfSSL_get_error(c.ssl, n);
                if (error == WOLFSSL_ERROR_WANT_WRITE || error == WOLFSSL_ERROR_WANT_READ) return;
                return fail(c, "writing the response failed", error);
            }
        } else {
            c.stream->write({reinterpret_cast<const std::uint8_t*>(data), static_cast<std::size_t>(left)});
            n = left;
        }
        c.written += static_cast<std::size_t>(n);
    }
    if (c.ssl) wolfSSL_shutdown(c.ssl);  // close_notify; the client's is not waited for
    say("response sent; connection closed");
    close(c);
}

void BuiltinTlsServer::Impl::step(Connection& c) {
    if (c.state == State::Done || !c.stream) return;
    if (!c.ssl) {
        if (c.state == State::Closing)
            write_pending(c);
        else
            hostile(c);
        return;
    }
    switch (c.state) {
        case State::Hello:
        case State::Handshake: return handshake(c);
        case State::Request: return read_request(c);
        case State::Respond: return write_pending(c);
        case State::Closing:
        case State::Done: return;
    }
}

BuiltinTlsServer::BuiltinTlsServer(BuiltinTlsServerConfig config, Log log) : impl_(std::make_unique<Impl>()) {
    impl_->config = std::move(config);
    impl_->log = std::move(log);
    impl_->random.state = impl_->config.seed;
    try {
        const ServerEnvironmentScope scope(impl_->epoch_us, 0, impl_->random);  // the ticket key, at start
        impl_->start();
    } catch (...) {
        if (impl_->ctx) wolfSSL_CTX_free(impl_->ctx);
        throw;
    }
}

// The streams are the gateway's: they are not touched here (the gateway may be gone already).
BuiltinTlsServer::~BuiltinTlsServer() {
    for (auto& c : impl_->connections)
        if (c->ssl) wolfSSL_free(c->ssl);
    if (impl_->ctx) wolfSSL_CTX_free(impl_->ctx);
}
const BuiltinTlsServerConfig& BuiltinTlsServer::config() const {
    return impl_->config;
}
const TlsServerStats& BuiltinTlsServer::stats() const {
    return impl_->stats;
}
void BuiltinTlsServer::set_log(Log log) {
    impl_->log = std::move(log);
}

void BuiltinTlsServer::drop_connections(Cycles now) {
    Impl& s = *impl_;
    s.now = now;
    const ServerEnvironmentScope scope(s.epoch_us, s.virtual_us(), s.random);
    for (auto& c : s.connections)
        if (c->state != Impl::State::Done) {
            s.say("server replaced; connection reset");
            Impl::reset(*c);
        }
}

void BuiltinTlsServer::open(ServiceStream& stream, Cycles now) {
    Impl& s = *impl_;
    s.now = now;
    const ServerEnvironmentScope scope(s.epoch_us, s.virtual_us(), s.random);
    s.accept(stream);
}

void BuiltinTlsServer::readable(ServiceStream& stream, Cycles now) {
    Impl& s = *impl_;
    s.now = now;
    const ServerEnvironmentScope scope(s.epoch_us, s.virtual_us(), s.random);
    if (Impl::Connection* c = s.find(stream)) s.step(*c);
}

// The gateway is done with the stream: a connection still running was reset by the modem.
void BuiltinTlsServer::closed(ServiceStream& stream, Cycles now) {
    Impl& s = *impl_;
    s.now = now;
    Impl::Connection* c = s.find(stream);
    if (!c) return;
    if (c->state != Impl::State::Done) {
        ++s.stats.failures;
        s.say("connection reset by the client");
        if (c->ssl) wolfSSL_free(c->ssl);
        c->ssl = nullptr;
        c->state = Impl::State::Done;
    }
    c->stream = nullptr;
    std::erase_if(s.connections, [](const auto& owned) { return owned->stream == nullptr; });
}

}  // namespace q2686
