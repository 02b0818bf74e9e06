// TLS handshake message bodies the dissector reads in the clear — the hellos, the TLS 1.2
// Certificate list, the ECDHE group of a ServerKeyExchange and alerts — parsed with bounds
// checks from the bytes after the 4-byte handshake header. Pure functions, no state.
//
// Layouts: ClientHello and ServerHello RFC 5246 §7.4.1.2-3 / RFC 8446 §4.1.2-3; extensions
// server_name (0, RFC 6066 §3), session_ticket (35, RFC 5077 §3.2), pre_shared_key (41) and
// supported_versions (43, RFC 8446 §4.2); Certificate RFC 5246 §7.4.2; ServerKeyExchange for
// ECDHE RFC 8422 §5.4. A HelloRetryRequest is a ServerHello whose random is the fixed value of
// RFC 8446 §4.1.3. Anything malformed gives nullopt: the dissector reports it and stops reading
// that direction rather than guessing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace q2686::tls {

using Bytes = std::vector<std::uint8_t>;

struct ClientHello {
    std::uint16_t legacy_version = 0;
    Bytes session_id;  // non-empty: offers to resume that session (TLS 1.2)
    std::vector<std::uint16_t> cipher_suites;
    std::string server_name;                        // SNI host_name, empty when absent
    bool ticket_extension = false;                  // session_ticket extension present
    std::size_t ticket_length = 0;                  // > 0: offers a ticket to resume with
    std::vector<std::uint16_t> supported_versions;  // extension 43, empty when absent
    bool offers_psk = false;                        // pre_shared_key extension (TLS 1.3 resumption)
};

struct ServerHello {
    std::uint16_t legacy_version = 0;
    std::uint16_t version = 0;  // supported_versions when present (TLS 1.3), else legacy_version
    Bytes session_id;
    std::uint16_t cipher_suite = 0;
    bool ticket_extension = false;  // a NewSessionTicket will follow (TLS 1.2)
    bool accepted_psk = false;      // pre_shared_key present: TLS 1.3 resumption
    bool hello_retry_request = false;
};

std::optional<ClientHello> parse_client_hello(std::span<const std::uint8_t> body);
std::optional<ServerHello> parse_server_hello(std::span<const std::uint8_t> body);

// The DER certificates of a TLS 1.0-1.2 Certificate message, leaf first.
std::optional<std::vector<Bytes>> parse_certificate_list(std::span<const std::uint8_t> body);

// The named group of an ECDHE ServerKeyExchange ("x25519", "secp256r1", "0x001F").
std::optional<std::string> server_key_exchange_group(std::span<const std::uint8_t> body);
std::string named_group_name(std::uint16_t group);

}  // namespace q2686::tls
