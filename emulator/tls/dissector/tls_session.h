// TlsSession — what the passive TLS dissector (tls/dissector/tls_dissector.h) learnt about one TLS
// connection on the GPRS link: its endpoints, each handshake step with its cycle, the
// negotiated version and cipher suite, whether a session was resumed, the alerts, the server's
// certificate chain and its verdict against the modem's RTC, and the application-data volume.
// Plain data for the scenario runner and the GUI; the dissector's events say the same in words.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tls/dissector/certificate_verdict.h"
#include "ip/tcp_reassembler.h"
#include "time/cycle_scheduler.h"

namespace q2686 {

struct TlsStep {
    Cycles when = 0;
    StreamSide side = StreamSide::ClientToServer;
    std::string what;  // "ServerHello TLS1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (new session)"
};

struct TlsAlert {
    Cycles when = 0;
    StreamSide side = StreamSide::ClientToServer;  // who sent it
    bool encrypted = false;                        // level and description unknown
    std::uint8_t level = 0;                        // 1 warning, 2 fatal
    std::uint8_t description = 0;                  // RFC 8446 §6 AlertDescription
};

enum class TlsOutcome : std::uint8_t {
    InProgress,   // the handshake has not finished and the connection is open
    Established,  // both Finished messages seen
    Failed,       // ended (alert, reset, close) before the handshake finished
};
const char* to_string(TlsOutcome outcome);

struct TlsSession {
    TcpFlowKey flow;
    std::string server_name;            // SNI; empty when the client sent none
    std::uint16_t offered_version = 0;  // highest the client offered
    std::uint16_t version = 0;          // the ServerHello's (0 until then)
    std::uint16_t cipher_suite = 0;
    bool cipher_suite_known = false;
    bool resumed = false;
    bool certificate_encrypted = false;  // TLS 1.3: the chain is not visible on the link
    TlsOutcome outcome = TlsOutcome::InProgress;

    Cycles client_hello_at = kNever;
    Cycles finished_at = kNever;  // the second Finished, i.e. the end of the handshake
    std::vector<TlsStep> steps;
    std::vector<TlsAlert> alerts;
    std::vector<CertificateInfo> chain;
    bool chain_judged = false;
    ChainVerdict verdict;  // valid when chain_judged

    std::uint64_t application_bytes_to_server = 0;  // record payloads, ciphertext
    std::uint64_t application_bytes_to_client = 0;
    std::uint32_t application_records_to_server = 0;
    std::uint32_t application_records_to_client = 0;
    std::string ended;  // "", or how the connection ended: "fin", "reset", "evicted", "gap"
};

}  // namespace q2686
