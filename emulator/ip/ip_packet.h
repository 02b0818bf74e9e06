// IpPacket — one IPv4 packet as it crosses the GPRS link: the bytes from the first byte of
// the IP header to the end of the payload (no link-layer header). The packet interface
// (peripherals/packet_interface.h), the link model (gsm/gprs_link.h), the host gateway
// (host/gateway/slirp_gateway.h) and the pcap writer (host/pcap/pcap_writer.h) all pass these.
#pragma once

#include <cstdint>
#include <vector>

namespace q2686 {

using IpPacket = std::vector<std::uint8_t>;

}  // namespace q2686
