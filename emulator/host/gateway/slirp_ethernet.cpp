#include "host/gateway/slirp_ethernet.h"

#include <algorithm>

#include "ip/ipv4.h"
#include "ip/network_bytes.h"

namespace q2686::slirp_ethernet {

namespace {

// ARP for IPv4 over Ethernet (RFC 826): hardware type 1, protocol 0x0800, lengths 6 and 4,
// then the operation and sender MAC/IP, target MAC/IP. 28 bytes after the Ethernet header.
constexpr std::size_t kArpBytes = 28;
constexpr std::uint16_t kArpRequest = 1;
constexpr std::uint16_t kArpReply = 2;
constexpr std::size_t kSenderMac = kHeaderBytes + 8;
constexpr std::size_t kSenderIp = kHeaderBytes + 14;
constexpr std::size_t kTargetMac = kHeaderBytes + 18;
constexpr std::size_t kTargetIp = kHeaderBytes + 24;

// libslirp's MAC: 52:55 and the gateway's address (its `special_ethaddr`).
std::array<std::uint8_t, 6> slirp_mac(std::uint32_t gateway) {
    return {0x52,
            0x55,
            static_cast<std::uint8_t>(gateway >> 24),
            static_cast<std::uint8_t>(gateway >> 16),
            static_cast<std::uint8_t>(gateway >> 8),
            static_cast<std::uint8_t>(gateway)};
}

using net_bytes::get16;
using net_bytes::get32;
using net_bytes::put16;
using net_bytes::put32;
template <typename Bytes>
void put(Frame& f, std::size_t at, const Bytes& bytes) {
    std::copy(bytes.begin(), bytes.end(), f.begin() + static_cast<std::ptrdiff_t>(at));
}

Frame arp_frame(std::uint16_t operation) {
    Frame f(kHeaderBytes + kArpBytes, 0);
    put(f, 6, kModemMac);
    put16(f, 12, kTypeArp);
    put16(f, kHeaderBytes, 1);
    put16(f, kHeaderBytes + 2, kTypeIpv4);
    f[kHeaderBytes + 4] = 6;
    f[kHeaderBytes + 5] = 4;
    put16(f, kHeaderBytes + 6, operation);
    put(f, kSenderMac, kModemMac);
    return f;
}

}  // namespace

void wrap(const IpPacket& packet, std::uint32_t gateway, Frame& frame) {
    frame.resize(kHeaderBytes + packet.size());
    put(frame, 0, slirp_mac(gateway));
    put(frame, 6, kModemMac);
    put16(frame, 12, kTypeIpv4);
    put(frame, kHeaderBytes, packet);
}

Frame announcement(std::uint32_t address) {
    Frame f = arp_frame(kArpRequest);
    std::fill_n(f.begin(), 6, 0xFF);  // broadcast
    put32(f, kSenderIp, address);
    put32(f, kTargetIp, address);
    return f;
}

std::optional<IpPacket> unwrap_ipv4(std::span<const std::uint8_t> frame) {
    if (frame.size() < kHeaderBytes || get16(frame, 12) != kTypeIpv4) return std::nullopt;
    IpPacket packet(frame.begin() + kHeaderBytes, frame.end());
    const auto header = ipv4::parse(packet);
    if (!header) return std::nullopt;
    packet.resize(header->total_length);
    return packet;
}

std::optional<std::uint32_t> arp_request_target(std::span<const std::uint8_t> frame) {
    if (frame.size() < kHeaderBytes + kArpBytes || get16(frame, 12) != kTypeArp) return std::nullopt;
    if (get16(frame, kHeaderBytes) != 1 || get16(frame, kHeaderBytes + 2) != kTypeIpv4 ||
        frame[kHeaderBytes + 4] != 6 || frame[kHeaderBytes + 5] != 4 || get16(frame, kHeaderBytes + 6) != kArpRequest)
        return std::nullopt;
    return get32(frame, kTargetIp);
}

Frame arp_reply(std::span<const std::uint8_t> request) {
    Frame f = arp_frame(kArpReply);
    put(f, 0, request.subspan(kSenderMac, 6));         // to the asker
    put(f, kSenderIp, request.subspan(kTargetIp, 4));  // the address asked for
    put(f, kTargetMac, request.subspan(kSenderMac, 6));
    put(f, kTargetIp, request.subspan(kSenderIp, 4));
    return f;
}

}  // namespace q2686::slirp_ethernet
