// GatewayPolicy — the host gateway's decisions about single packets, without I/O
// (docs/network.md, "Host gateway"):
//   * names: each distinct host-map name (case-insensitive) has one virtual address,
//     first_mapped + the index of its first entry; "localhost" is the gateway;
//   * outbound policy: which destinations the modem may reach —
//       the gateway (→ the host's 127.0.0.1), any port, when allow_loopback;
//       a host-map address on a port one of its entries maps (port 0: any);
//       an address outside the virtual network matching an AllowRule;
//       ICMP echo to the gateway or a DNS server (answered by libslirp itself), to a host-map
//       address, or to an address an AllowRule with port 0 allows;
//     everything else in the virtual network, and everything else outside, is refused;
//   * in-process services: TCP to a host-map entry with a service goes to that service
//     (service_at), never to libslirp; UDP to it is refused;
//   * destination NAT: a packet to a host-map address leaves with the entry's target address
//     (127.0.0.1 becomes the gateway, which libslirp connects to the host's loopback) and
//     target port; its flow is remembered (protocol, modem address/port, target address/port)
//     so that answers from the target get the host-map address and port back. The table keeps
//     the kMaxFlows most recent flows.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "host/gateway/slirp_gateway.h"
#include "ip/ipv4.h"

namespace q2686 {

class GatewayPolicy {
public:
    static constexpr std::size_t kMaxFlows = 1024;

    explicit GatewayPolicy(GatewayConfig config);

    const GatewayConfig& config() const { return config_; }
    std::uint32_t resolve(std::string_view name) const;
    bool is_dns_server(std::uint32_t address) const;
    // The in-process service behind address:port (TCP), nullptr if none.
    GatewayService* service_at(std::uint32_t address, std::uint16_t port) const;

    // A packet from the modem: true if it may pass, after DNAT in place when it goes to a
    // host-map address; false (packet unchanged) when its destination is refused.
    bool outbound(IpPacket& packet);
    // A packet toward the modem: the source of a DNATed flow becomes the host-map address/port.
    void inbound(IpPacket& packet);

private:
    struct Target {
        std::uint32_t address;
        std::uint16_t port;
    };
    using FlowKey = std::tuple<std::uint8_t, std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t>;

    std::uint32_t address_of(std::size_t entry) const;
    std::optional<Target> mapped_target(std::uint32_t address, std::uint16_t port, bool any_port) const;
    bool allowed_by_rule(std::uint32_t address, std::optional<std::uint16_t> port) const;
    void remember(const FlowKey& key, Target original);

    GatewayConfig config_;
    std::vector<std::size_t> first_entry_;  // per host entry: index of the first entry with its name
    std::map<FlowKey, Target> flows_;
    std::deque<FlowKey> flow_order_;
};

}  // namespace q2686
