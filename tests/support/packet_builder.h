// Test support: raw IPv4 packets as the modem's lwIP would send them (DNS queries, pings, TCP
// segments), with valid checksums, and readers for what comes back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ip/ipv4.h"

namespace q2686::test {

inline constexpr std::uint32_t kModemAddress = 0x0A400102;  // 10.64.1.2, cid 1's first address

inline std::uint32_t address(std::string_view text) {
    return ipv4::parse_address(text).value();
}

inline IpPacket tcp_packet(std::uint32_t from, std::uint16_t from_port, std::uint32_t to, std::uint16_t to_port,
                           std::uint8_t flags, std::uint32_t seq, std::uint32_t ack = 0,
                           std::string_view payload = {}) {
    const std::vector<std::uint8_t> bytes(payload.begin(), payload.end());
    return ipv4::build_tcp({.source = from,
                            .source_port = from_port,
                            .destination = to,
                            .destination_port = to_port,
                            .seq = seq,
                            .ack = ack,
                            .flags = flags,
                            .window = 5840},
                           bytes);
}

// A standard query with recursion desired (RFC 1035 §4.1) for `name`, of type `type` (1 = A).
inline std::vector<std::uint8_t> dns_query_message(std::uint16_t id, std::string_view name, std::uint16_t type = 1) {
    std::vector<std::uint8_t> m = {
        static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
    while (!name.empty()) {
        const auto dot = name.find('.');
        const auto label = name.substr(0, dot);
        m.push_back(static_cast<std::uint8_t>(label.size()));
        m.insert(m.end(), label.begin(), label.end());
        name = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
    }
    m.insert(m.end(), {0, static_cast<std::uint8_t>(type >> 8), static_cast<std::uint8_t>(type), 0, 1});
    return m;
}

inline IpPacket dns_query(std::uint32_t server, std::uint16_t id, std::string_view name, std::uint16_t type = 1) {
    return ipv4::build_udp(kModemAddress, 49153, server, 53, dns_query_message(id, name, type));
}

inline IpPacket icmp_echo(std::uint32_t to, std::uint16_t identifier, std::uint16_t sequence) {
    IpPacket p = {0x45, 0, 0, 32, 0, 0, 0, 0, 64, ipv4::kIcmp, 0, 0};
    for (const std::uint32_t a : {kModemAddress, to})
        for (int shift = 24; shift >= 0; shift -= 8) p.push_back(static_cast<std::uint8_t>(a >> shift));
    p.insert(p.end(), {ipv4::kIcmpEchoRequest, 0, 0, 0, static_cast<std::uint8_t>(identifier >> 8),
                       static_cast<std::uint8_t>(identifier), static_cast<std::uint8_t>(sequence >> 8),
                       static_cast<std::uint8_t>(sequence), 'p', 'i', 'n', 'g'});
    ipv4::fill_checksums(p);
    return p;
}

// The A record of a DNS response built by the gateway (answer name a pointer), 0 if none.
inline std::uint32_t dns_answer_address(const std::vector<std::uint8_t>& m) {
    if (m.size() < 12 || ((m[6] << 8) | m[7]) == 0) return 0;
    std::size_t at = 12;
    while (at < m.size() && m[at] != 0) at += m[at] + 1u;
    at += 1 + 4;              // end of name, type, class
    at += 2 + 2 + 2 + 4 + 2;  // pointer, type, class, TTL, length
    if (at + 4 > m.size()) return 0;
    return std::uint32_t{m[at]} << 24 | std::uint32_t{m[at + 1]} << 16 | std::uint32_t{m[at + 2]} << 8 | m[at + 3];
}

inline unsigned dns_rcode(const std::vector<std::uint8_t>& m) {
    return m.size() >= 4 ? (m[3] & 0x0Fu) : 99u;
}

inline std::vector<std::uint8_t> udp_payload(const IpPacket& p) {
    const auto h = ipv4::parse(p);
    const auto udp = h ? ipv4::parse_udp(p, *h) : std::nullopt;
    if (!udp) return {};
    return {p.begin() + static_cast<std::ptrdiff_t>(udp->payload_offset),
            p.begin() + static_cast<std::ptrdiff_t>(udp->payload_offset + udp->payload_length)};
}

}  // namespace q2686::test
