#include "ip/ipv4.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "ip/network_bytes.h"

namespace q2686::ipv4 {

namespace {

constexpr std::size_t kIpChecksum = 10;  // offsets in the IP header
constexpr std::size_t kIpSource = 12;
constexpr std::size_t kIpDestination = 16;
constexpr std::size_t kTcpChecksum = 16;  // offsets in the transport header
constexpr std::size_t kUdpChecksum = 6;
constexpr std::size_t kIcmpChecksum = 2;

using net_bytes::get16;
using net_bytes::get32;
using net_bytes::put16;
using net_bytes::put32;

std::span<const std::uint8_t> bytes(const IpPacket& p, std::size_t from, std::size_t to) {
    return std::span<const std::uint8_t>(p).subspan(from, to - from);
}

// The pseudo-header of RFC 793 §3.1 / RFC 768: addresses, protocol, transport length.
std::uint32_t pseudo_header_sum(const IpPacket& p, const Header& h) {
    std::uint32_t sum = checksum_add(bytes(p, kIpSource, kIpSource + 8));
    return sum + h.protocol + static_cast<std::uint32_t>(h.total_length - h.header_length);
}

// Offset of the transport checksum field, if this packet carries one we maintain.
std::optional<std::size_t> transport_checksum_at(const Header& h) {
    if (!h.has_transport()) return std::nullopt;
    switch (h.protocol) {
        case kTcp: return h.header_length + kTcpChecksum;
        case kUdp: return h.header_length + kUdpChecksum;
        case kIcmp: return h.header_length + kIcmpChecksum;
        default: return std::nullopt;
    }
}

std::size_t minimum_transport_length(std::uint8_t protocol) {
    return protocol == kTcp ? 20 : 8;
}

IpPacket ip_header(std::uint8_t protocol, std::uint32_t source, std::uint32_t destination, std::size_t transport_length,
                   std::uint16_t id) {
    IpPacket p(20 + transport_length, 0);
    p[0] = 0x45;
    put16(p, 2, static_cast<std::uint16_t>(p.size()));
    put16(p, 4, id);
    p[8] = 64;
    p[9] = protocol;
    put32(p, kIpSource, source);
    put32(p, kIpDestination, destination);
    return p;
}

}  // namespace

std::optional<Header> parse(const IpPacket& packet) {
    if (packet.size() < 20 || (packet[0] >> 4) != 4) return std::nullopt;
    Header h;
    h.header_length = std::size_t{packet[0] & 0x0Fu} * 4;
    h.total_length = get16(packet, 2);
    if (h.header_length < 20 || h.total_length < h.header_length || h.total_length > packet.size()) return std::nullopt;
    const std::uint16_t fragment = get16(packet, 6);
    h.more_fragments = (fragment & 0x2000) != 0;
    h.fragment_offset = fragment & 0x1FFF;
    h.ttl = packet[8];
    h.protocol = packet[9];
    h.source = get32(packet, kIpSource);
    h.destination = get32(packet, kIpDestination);
    return h;
}

std::uint32_t TcpSegment::sequence_length() const {
    return static_cast<std::uint32_t>(payload_length) + ((flags & kSyn) ? 1 : 0) + ((flags & kFin) ? 1 : 0);
}

std::optional<TcpSegment> parse_tcp(const IpPacket& packet, const Header& h) {
    if (h.protocol != kTcp || !h.has_transport() || h.total_length - h.header_length < 20) return std::nullopt;
    const std::size_t t = h.header_length;
    const std::size_t data_offset = static_cast<std::size_t>(packet[t + 12] >> 4) * 4;
    if (data_offset < 20 || t + data_offset > h.total_length) return std::nullopt;
    TcpSegment s;
    s.source_port = get16(packet, t);
    s.destination_port = get16(packet, t + 2);
    s.seq = get32(packet, t + 4);
    s.ack = get32(packet, t + 8);
    s.flags = packet[t + 13];
    s.window = get16(packet, t + 14);
    s.payload_offset = t + data_offset;
    s.payload_length = h.total_length - s.payload_offset;
    return s;
}

std::optional<UdpDatagram> parse_udp(const IpPacket& packet, const Header& h) {
    if (h.protocol != kUdp || !h.has_transport() || h.total_length - h.header_length < 8) return std::nullopt;
    const std::size_t t = h.header_length;
    const std::size_t length = get16(packet, t + 4);
    // A fragmented datagram's length exceeds this packet; only an unfragmented one must fit.
    if (length < 8 || (!h.fragmented() && t + length > h.total_length)) return std::nullopt;
    UdpDatagram d;
    d.source_port = get16(packet, t);
    d.destination_port = get16(packet, t + 2);
    d.payload_offset = t + 8;
    d.payload_length = std::min(length, h.total_length - t) - 8;
    return d;
}

std::optional<IcmpMessage> parse_icmp(const IpPacket& packet, const Header& h) {
    if (h.protocol != kIcmp || !h.has_transport() || h.total_length - h.header_length < 8) return std::nullopt;
    const std::size_t t = h.header_length;
    IcmpMessage m;
    m.type = packet[t];
    m.code = packet[t + 1];
    if (m.type == kIcmpEchoRequest || m.type == kIcmpEchoReply) m.identifier = get16(packet, t + 4);
    return m;
}

std::uint32_t checksum_add(std::span<const std::uint8_t> data, std::uint32_t sum) {
    std::size_t i = 0;
    for (; i + 1 < data.size(); i += 2) sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
    if (i < data.size()) sum += static_cast<std::uint32_t>(data[i] << 8);
    return sum;
}

std::uint16_t checksum_finish(std::uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

std::uint16_t checksum_update(std::uint16_t checksum, std::uint16_t old_word, std::uint16_t new_word) {
    const std::uint32_t sum =
        std::uint32_t{static_cast<std::uint16_t>(~checksum)} + static_cast<std::uint16_t>(~old_word) + new_word;
    return checksum_finish(sum);
}

bool checksums_valid(const IpPacket& packet) {
    const auto h = parse(packet);
    if (!h) return false;
    if (checksum_finish(checksum_add(bytes(packet, 0, h->header_length))) != 0) return false;
    const auto field = transport_checksum_at(*h);
    if (!field || h->fragmented()) return true;
    if (*field + 2 > h->total_length) return false;
    if (h->protocol == kUdp && get16(packet, *field) == 0) return true;
    std::uint32_t sum = h->protocol == kIcmp ? 0 : pseudo_header_sum(packet, *h);
    sum = checksum_add(bytes(packet, h->header_length, h->total_length), sum);
    return checksum_finish(sum) == 0;
}

void fill_checksums(IpPacket& packet) {
    const auto h = parse(packet);
    if (!h) return;
    put16(packet, kIpChecksum, 0);
    put16(packet, kIpChecksum, checksum_finish(checksum_add(bytes(packet, 0, h->header_length))));
    const auto field = transport_checksum_at(*h);
    if (!field || h->fragmented() || *field + 2 > h->total_length) return;
    if (h->total_length - h->header_length < minimum_transport_length(h->protocol)) return;
    put16(packet, *field, 0);
    std::uint32_t sum = h->protocol == kIcmp ? 0 : pseudo_header_sum(packet, *h);
    std::uint16_t value = checksum_finish(checksum_add(bytes(packet, h->header_length, h->total_length), sum));
    if (h->protocol == kUdp && value == 0) value = 0xFFFF;  // RFC 768: 0 would mean "none"
    put16(packet, *field, value);
}

bool rewrite(IpPacket& packet, Endpoint endpoint, std::uint32_t address, std::uint16_t port) {
    const auto h = parse(packet);
    if (!h) return false;
    const bool source = endpoint == Endpoint::Source;
    const std::size_t address_at = source ? kIpSource : kIpDestination;
    // The ICMP checksum covers no addresses; TCP/UDP ports exist only with a whole header.
    const auto at = transport_checksum_at(*h);
    const bool has_ports =
        at && h->protocol != kIcmp && h->total_length - h->header_length >= minimum_transport_length(h->protocol);
    const std::size_t field = has_ports ? *at : 0;
    const bool update_transport = has_ports && !(h->protocol == kUdp && get16(packet, field) == 0);

    // Every changed 16-bit word updates the IP checksum (addresses only) and the transport's.
    auto change = [&](std::size_t offset, std::uint16_t value, bool in_ip_header) {
        const std::uint16_t old = get16(packet, offset);
        if (old == value) return;
        put16(packet, offset, value);
        if (in_ip_header) put16(packet, kIpChecksum, checksum_update(get16(packet, kIpChecksum), old, value));
        if (update_transport) {
            std::uint16_t sum = checksum_update(get16(packet, field), old, value);
            if (h->protocol == kUdp && sum == 0) sum = 0xFFFF;
            put16(packet, field, sum);
        }
    };
    change(address_at, static_cast<std::uint16_t>(address >> 16), true);
    change(address_at + 2, static_cast<std::uint16_t>(address), true);
    if (has_ports) change(h->header_length + (source ? 0 : 2), port, false);
    return true;
}

IpPacket build_tcp(const TcpFields& f, std::span<const std::uint8_t> payload, std::uint16_t id) {
    IpPacket p = ip_header(kTcp, f.source, f.destination, 20 + payload.size(), id);
    put16(p, 20, f.source_port);
    put16(p, 22, f.destination_port);
    put32(p, 24, f.seq);
    put32(p, 28, f.ack);
    p[32] = 5 << 4;
    p[33] = f.flags;
    put16(p, 34, f.window);
    std::copy(payload.begin(), payload.end(), p.begin() + 40);
    fill_checksums(p);
    return p;
}

IpPacket build_udp(std::uint32_t source, std::uint16_t source_port, std::uint32_t destination,
                   std::uint16_t destination_port, std::span<const std::uint8_t> payload, std::uint16_t id) {
    IpPacket p = ip_header(kUdp, source, destination, 8 + payload.size(), id);
    put16(p, 20, source_port);
    put16(p, 22, destination_port);
    put16(p, 24, static_cast<std::uint16_t>(8 + payload.size()));
    std::copy(payload.begin(), payload.end(), p.begin() + 28);
    fill_checksums(p);
    return p;
}

std::string format_address(std::uint32_t a) {
    return fmt::format("{}.{}.{}.{}", a >> 24, (a >> 16) & 0xFF, (a >> 8) & 0xFF, a & 0xFF);
}

std::optional<std::uint32_t> parse_address(std::string_view text) {
    std::uint32_t address = 0;
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (text.empty() || text.front() != '.') return std::nullopt;
            text.remove_prefix(1);
        }
        unsigned value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        const auto digits = static_cast<std::size_t>(end - text.data());
        if (error != std::errc() || digits == 0 || digits > 3 || value > 255) return std::nullopt;
        address = address << 8 | value;
        text.remove_prefix(digits);
    }
    if (!text.empty()) return std::nullopt;
    return address;
}

bool in_prefix(std::uint32_t address, std::uint32_t network, unsigned prefix) {
    if (prefix == 0) return true;
    if (prefix > 32) return false;
    const std::uint32_t mask = prefix == 32 ? 0xFFFFFFFFu : ~(0xFFFFFFFFu >> prefix);
    return (address & mask) == (network & mask);
}

}  // namespace q2686::ipv4
