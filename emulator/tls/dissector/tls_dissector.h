// TlsDissector — a passive TLS dissector for the packets at the modem's air interface: it
// reassembles each TCP connection (ip/tcp_reassembler.h), reads the TLS records and plaintext
// handshake messages of both directions, and says what happened as EventKind::Tls events
// (source "tls") and as TlsSession records (tls/dissector/tls_session.h). It never decrypts anything and
// never touches a packet. docs/network.md "TLS dissector" shows the events.
//
// A connection is TLS when the client's first bytes are a TLS handshake record; other flows are
// ignored. Steps, each one event "api.example.com:443 ← ServerHello TLS1.2 ... [+812.345 ms]"
// (→ client to server, ← server to client; the time is virtual, since the ClientHello):
//   * ClientHello: offered version(s), SNI, cipher-suite count, a session id / ticket / PSK
//     offered for resumption.
//   * ServerHello: version (supported_versions for TLS 1.3), cipher suite (tls_names.h), new or
//     resumed — TLS 1.2: the server echoes the offered session id (RFC 5246 §7.4.1.3, and
//     RFC 5077 §3.4 for tickets); TLS 1.3: it accepts a PSK (RFC 8446 §4.2.11).
//   * Certificate (TLS ≤ 1.2): each certificate parsed by the injected CertificateParser and
//     judged against the modem's RTC at that cycle (tls/dissector/certificate_verdict.h), one event per
//     finding. TLS 1.3 encrypts it: the event says so.
//   * ServerKeyExchange (ECDHE group), CertificateRequest, ServerHelloDone, ClientKeyExchange,
//     CertificateVerify, NewSessionTicket, ChangeCipherSpec.
//   * Finished is encrypted: recognised by position — the first handshake record after that
//     side's ChangeCipherSpec (TLS 1.2), the client's first protected record (TLS 1.3).
//   * Alerts: plaintext ones decoded (level, description name and number); after
//     ChangeCipherSpec "encrypted alert". In TLS 1.3 an alert is hidden in an application-data
//     record; a 19-byte record where the client's Finished belongs is reported as a likely
//     alert (2 bytes + content type + a 16-byte AEAD tag).
//   * Summaries: "handshake complete: TLS1.2 ..., 812.345 ms (84483880 cycles) from ClientHello
//     to Finished", "handshake failed: ...", the application-data volume and the close.
//
// Known inaccuracies / limits: only what crosses the link (a handshake the modem never sends is
// not seen); after a gap in the TCP stream the direction is no longer followed; renegotiation
// and TLS 1.3 post-handshake messages are opaque; a TLS 1.3 client certificate's record is taken
// for the client's Finished; SSL 2.0 hellos and DTLS are not recognised.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/event_log.h"
#include "tls/dissector/certificate_verdict.h"
#include "ip/tcp_reassembler.h"
#include "tls/dissector/tls_handshake_messages.h"
#include "tls/dissector/tls_record_reader.h"
#include "tls/dissector/tls_session.h"

namespace q2686 {

// DER certificate → its fields (tls/dissector/x509_certificate.h with wolfSSL). On failure, fills `error`.
using CertificateParser = std::function<CertificateInfo(std::span<const std::uint8_t> der)>;
// The modem's RTC at a cycle; nullopt when there is no clock to ask.
using RtcSource = std::function<std::optional<RtcReading>(Cycles when)>;
// The host's clock, UTC seconds since 1970.
using HostClock = std::function<std::int64_t()>;

struct TlsDissectorConfig {
    ClockRate clock;
    RtcSource rtc;                        // empty: certificates are listed, not judged
    HostClock host_clock;                 // the AT+CCLK example of a fix; empty: no date (deterministic)
    CertificateParser parse_certificate;  // empty: certificates are counted, not read
    std::size_t keep_sessions = 32;       // TlsSession records kept, oldest dropped first
    TcpReassemblerLimits limits;
};

class TlsDissector final : private TcpStreamSink {
public:
    TlsDissector(EventLog& events, TlsDissectorConfig config);
    TlsDissector(const TlsDissector&) = delete;
    TlsDissector& operator=(const TlsDissector&) = delete;

    // Every IPv4 packet seen at the observation point, in the order seen.
    void feed(const IpPacket& packet, Cycles when);

    // The sessions seen, oldest first: finished ones and those still open (copies).
    std::vector<TlsSession> sessions() const;

private:
    struct Side {
        tls::TlsRecordReader reader;
        bool encrypted = false;       // records from this side are protected
        bool finished = false;        // its Finished has been seen
        bool protected_seen = false;  // TLS 1.3: a protected handshake record from this side
        bool application_data = false;
        bool loss_reported = false;  // an event said this direction is no longer followed
    };
    struct Flow {
        TcpFlowKey key;
        bool decided = false;  // TLS or not, from the client's first bytes
        bool tls = false;
        bool tls13 = false;
        Side client;
        Side server;
        tls::Bytes offered_session_id;
        std::shared_ptr<TlsSession> session;  // from the ClientHello on
        Side& side(StreamSide s) { return s == StreamSide::ClientToServer ? client : server; }
    };

    // TcpStreamSink.
    void on_data(const TcpFlowKey& key, StreamSide side, std::span<const std::uint8_t> bytes, Cycles when) override;
    void on_gap(const TcpFlowKey& key, StreamSide side, std::uint64_t missing, Cycles when) override;
    void on_close(const TcpFlowKey& key, FlowEnd end, Cycles when) override;

    // Records (tls_dissector.cpp).
    void on_record(Flow& flow, StreamSide side, const tls::Record& record, Cycles when);
    void on_alert(Flow& flow, StreamSide side, std::span<const std::uint8_t> fragment, Cycles when);
    void on_protected(Flow& flow, StreamSide side, const tls::Record& record, Cycles when);
    void check_complete(Flow& flow, Cycles when);
    void fail(Flow& flow, Cycles when, const std::string& why);

    // Handshake messages (tls_handshake_steps.cpp).
    void on_handshake(Flow& flow, StreamSide side, const tls::HandshakeMessage& message, Cycles when);
    void on_client_hello(Flow& flow, const tls::HandshakeMessage& message, Cycles when);
    void on_server_hello(Flow& flow, const tls::HandshakeMessage& message, Cycles when);
    void on_certificate(Flow& flow, StreamSide side, const tls::HandshakeMessage& message, Cycles when);

    // Events.
    void step(Flow& flow, StreamSide side, Cycles when, std::string what);
    void note(const Flow& flow, Cycles when, const std::string& text);
    std::string endpoint(const Flow& flow) const;
    std::string since_hello(const Flow& flow, Cycles when) const;

    EventLog& events_;
    TlsDissectorConfig config_;
    TcpReassembler reassembler_;
    std::map<TcpFlowKey, Flow> flows_;
    std::deque<std::shared_ptr<TlsSession>> sessions_;
};

}  // namespace q2686
