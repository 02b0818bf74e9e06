// IPv4 helpers — the few IPv4/TCP/UDP/ICMP fields the host gateway reads, rewrites and
// builds, as pure functions on IpPacket (no I/O, no state):
//   * parsing with bounds checks (RFC 791 header, RFC 793 TCP, RFC 768 UDP, RFC 792 echo);
//   * the Internet checksum (RFC 1071) and its incremental update after a rewrite (RFC 1624,
//     eqn. 3: HC' = ~(~HC + ~m + m')), so a NATed packet keeps valid checksums without
//     re-summing it — and so a first fragment, whose TCP/UDP checksum covers bytes that are
//     not in it, can be rewritten too;
//   * builders for the packets the gateway makes up itself (DNS answers, TCP resets), with
//     every checksum filled in.
// Addresses and ports are host byte order in the API; the packet bytes are network order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ip/ip_packet.h"

namespace q2686::ipv4 {

inline constexpr std::uint8_t kIcmp = 1;
inline constexpr std::uint8_t kTcp = 6;
inline constexpr std::uint8_t kUdp = 17;

inline constexpr std::uint8_t kIcmpEchoReply = 0;
inline constexpr std::uint8_t kIcmpEchoRequest = 8;

// TCP header flag bits (RFC 793 §3.1).
inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;

struct Header {
    std::size_t header_length = 20;  // IHL × 4
    std::size_t total_length = 20;   // the packet's bytes beyond this are link padding
    std::uint8_t protocol = 0;
    std::uint8_t ttl = 0;
    std::uint32_t source = 0;
    std::uint32_t destination = 0;
    bool more_fragments = false;
    std::uint16_t fragment_offset = 0;  // in 8-byte units

    bool fragmented() const { return more_fragments || fragment_offset != 0; }
    // The transport header is in this packet (not a later fragment).
    bool has_transport() const { return fragment_offset == 0; }
};

// nullopt unless version 4, IHL ≥ 5 and total length within the packet.
std::optional<Header> parse(const IpPacket& packet);

struct TcpSegment {
    std::uint16_t source_port = 0;
    std::uint16_t destination_port = 0;
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint8_t flags = 0;
    std::uint16_t window = 0;
    std::size_t payload_offset = 0;  // from the start of the packet
    std::size_t payload_length = 0;

    // Sequence space the segment occupies: payload plus one for each of SYN and FIN.
    std::uint32_t sequence_length() const;
};

struct UdpDatagram {
    std::uint16_t source_port = 0;
    std::uint16_t destination_port = 0;
    std::size_t payload_offset = 0;
    std::size_t payload_length = 0;
};

struct IcmpMessage {
    std::uint8_t type = 0;
    std::uint8_t code = 0;
    std::uint16_t identifier = 0;  // echo request/reply only
};

// nullopt when the protocol differs, the packet is a later fragment or the header is cut short.
std::optional<TcpSegment> parse_tcp(const IpPacket& packet, const Header& header);
std::optional<UdpDatagram> parse_udp(const IpPacket& packet, const Header& header);
std::optional<IcmpMessage> parse_icmp(const IpPacket& packet, const Header& header);

// RFC 1071: the one's-complement sum of big-endian 16-bit words (an odd last byte is padded
// with zero), not yet folded; chain calls through `sum`.
std::uint32_t checksum_add(std::span<const std::uint8_t> bytes, std::uint32_t sum = 0);
// Folds a sum and complements it: the value to store in a checksum field.
std::uint16_t checksum_finish(std::uint32_t sum);
// RFC 1624 eqn. 3: the checksum after one 16-bit word of the covered data changes.
std::uint16_t checksum_update(std::uint16_t checksum, std::uint16_t old_word, std::uint16_t new_word);

// True when the IP header checksum verifies, and the TCP/UDP/ICMP checksum (over the
// pseudo-header for TCP/UDP) verifies or, for UDP, is absent (0). Unfragmented packets only
// have a checkable transport checksum; for fragments only the IP header is checked.
bool checksums_valid(const IpPacket& packet);

// Recomputes the IP header checksum and, for an unfragmented TCP/UDP/ICMP packet, the
// transport checksum (builders and tests).
void fill_checksums(IpPacket& packet);

enum class Endpoint : std::uint8_t { Source, Destination };

// Rewrites the source or destination address and, for TCP/UDP with a transport header, the
// port; updates the IP and TCP/UDP checksums incrementally (a UDP checksum of 0, "none",
// stays 0). ICMP checksums cover no addresses, so they do not change. False (packet
// unchanged) if the packet is not IPv4.
bool rewrite(IpPacket& packet, Endpoint endpoint, std::uint32_t address, std::uint16_t port);

struct TcpFields {
    std::uint32_t source = 0;
    std::uint16_t source_port = 0;
    std::uint32_t destination = 0;
    std::uint16_t destination_port = 0;
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint8_t flags = 0;
    std::uint16_t window = 0;
};

// A 20-byte IP header (TTL 64, DF clear, identification `id`) and the given transport.
IpPacket build_tcp(const TcpFields& fields, std::span<const std::uint8_t> payload = {}, std::uint16_t id = 0);
IpPacket build_udp(std::uint32_t source, std::uint16_t source_port, std::uint32_t destination,
                   std::uint16_t destination_port, std::span<const std::uint8_t> payload, std::uint16_t id = 0);

// "10.64.0.1"; and back (strict dotted quad, each part 0-255 in decimal).
std::string format_address(std::uint32_t address);
std::optional<std::uint32_t> parse_address(std::string_view text);
// `address` lies in network/prefix (prefix 0 matches everything).
bool in_prefix(std::uint32_t address, std::uint32_t network, unsigned prefix);

}  // namespace q2686::ipv4
