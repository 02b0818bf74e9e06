// The Ethernet side of libslirp, which the GPRS link does not have: libslirp takes and gives
// Ethernet II frames and resolves the guest's address with ARP (RFC 826) before it sends it
// an IP packet — holding the packet until the answer comes. The gateway therefore
//   * wraps each IP packet from the modem in a frame from kModemMac to libslirp's MAC;
//   * announces the modem's address with a gratuitous ARP request (sender = target = the
//     modem's address) whenever the source address of its packets changes, which libslirp
//     enters in its ARP table, so its answers are not held;
//   * answers libslirp's own ARP requests (for any address in the virtual network, e.g.
//     after its 16-entry table forgot the modem) with kModemMac;
//   * strips the Ethernet header from libslirp's IPv4 frames and drops everything else.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "ip/ip_packet.h"

namespace q2686::slirp_ethernet {

// The modem's MAC toward libslirp: locally administered and unicast (02 in the first octet,
// IEEE 802 §8.2), so it can never be a real interface's; "2686" for the Q2686. libslirp's own
// is 52:55 followed by the gateway's address.
inline constexpr std::array<std::uint8_t, 6> kModemMac = {0x02, 0x00, 0x00, 0x00, 0x26, 0x86};
inline constexpr std::size_t kHeaderBytes = 14;
inline constexpr std::uint16_t kTypeIpv4 = 0x0800;
inline constexpr std::uint16_t kTypeArp = 0x0806;

using Frame = std::vector<std::uint8_t>;

// An IPv4 packet from the modem as a frame to libslirp (`gateway` gives its MAC).
void wrap(const IpPacket& packet, std::uint32_t gateway, Frame& frame);

// A gratuitous ARP request announcing that `address` is at kModemMac.
Frame announcement(std::uint32_t address);

// libslirp's frame: its IPv4 packet (the frame's padding removed), nullopt for anything else.
std::optional<IpPacket> unwrap_ipv4(std::span<const std::uint8_t> frame);

// The target address of an ARP request for IPv4 over Ethernet, nullopt for anything else.
std::optional<std::uint32_t> arp_request_target(std::span<const std::uint8_t> frame);
// The reply to such a request: its target address is at kModemMac.
Frame arp_reply(std::span<const std::uint8_t> request);

}  // namespace q2686::slirp_ethernet
