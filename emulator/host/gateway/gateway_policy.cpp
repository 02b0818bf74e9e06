#include "host/gateway/gateway_policy.h"

#include <algorithm>
#include <cctype>

namespace q2686 {

namespace {

constexpr std::uint32_t kLoopback = 0x7F000001;

// DNS names compare case-insensitively (RFC 4343); a final dot (fully qualified) is ignored.
std::string canonical_name(std::string_view name) {
    if (name.ends_with('.')) name.remove_suffix(1);
    std::string out(name);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace

GatewayPolicy::GatewayPolicy(GatewayConfig config) : config_(std::move(config)) {
    for (std::size_t i = 0; i < config_.hosts.size(); ++i) {
        const std::string name = canonical_name(config_.hosts[i].name);
        std::size_t first = i;
        for (std::size_t j = 0; j < i; ++j)
            if (canonical_name(config_.hosts[j].name) == name) {
                first = j;
                break;
            }
        first_entry_.push_back(first);
    }
}

std::uint32_t GatewayPolicy::address_of(std::size_t entry) const {
    return config_.first_mapped + static_cast<std::uint32_t>(first_entry_[entry]);
}

std::uint32_t GatewayPolicy::resolve(std::string_view name) const {
    const std::string wanted = canonical_name(name);
    if (wanted.empty()) return 0;
    for (std::size_t i = 0; i < config_.hosts.size(); ++i)
        if (canonical_name(config_.hosts[i].name) == wanted) return address_of(i);
    return wanted == "localhost" ? config_.gateway : 0;
}

bool GatewayPolicy::is_dns_server(std::uint32_t address) const {
    return address == config_.dns1 || address == config_.dns2;
}

GatewayService* GatewayPolicy::service_at(std::uint32_t address, std::uint16_t port) const {
    for (std::size_t i = 0; i < config_.hosts.size(); ++i) {
        const HostMapping& entry = config_.hosts[i];
        if (address_of(i) != address || !(entry.port == 0 || entry.port == port)) continue;
        return entry.service;  // the first entry for the port decides, as in mapped_target
    }
    return nullptr;
}

std::optional<GatewayPolicy::Target> GatewayPolicy::mapped_target(std::uint32_t address, std::uint16_t port,
                                                                  bool any_port) const {
    for (std::size_t i = 0; i < config_.hosts.size(); ++i) {
        const HostMapping& entry = config_.hosts[i];
        if (address_of(i) != address || !(any_port || entry.port == 0 || entry.port == port)) continue;
        if (entry.service && !any_port) return std::nullopt;  // served in process: TCP only
        return Target{entry.target == kLoopback ? config_.gateway : entry.target,
                      entry.target_port != 0 ? entry.target_port : port};
    }
    return std::nullopt;
}

bool GatewayPolicy::allowed_by_rule(std::uint32_t address, std::optional<std::uint16_t> port) const {
    if (ipv4::in_prefix(address, config_.network, config_.prefix)) return false;
    return std::any_of(config_.allow.begin(), config_.allow.end(), [&](const AllowRule& rule) {
        const bool port_ok = rule.port == 0 || (port && *port == rule.port);
        return port_ok && ipv4::in_prefix(address, rule.address, rule.prefix);
    });
}

void GatewayPolicy::remember(const FlowKey& key, Target original) {
    const auto [it, inserted] = flows_.insert_or_assign(key, original);
    if (!inserted) return;
    flow_order_.push_back(key);
    if (flow_order_.size() > kMaxFlows) {
        flows_.erase(flow_order_.front());
        flow_order_.pop_front();
    }
}

bool GatewayPolicy::outbound(IpPacket& packet) {
    const auto h = ipv4::parse(packet);
    if (!h || h->fragmented()) return false;
    const std::uint32_t destination = h->destination;

    if (h->protocol == ipv4::kIcmp) {
        const auto icmp = ipv4::parse_icmp(packet, *h);
        if (!icmp || icmp->type != ipv4::kIcmpEchoRequest) return false;
        if (destination == config_.gateway || is_dns_server(destination)) return true;
        if (const auto target = mapped_target(destination, 0, true)) {
            ipv4::rewrite(packet, ipv4::Endpoint::Destination, target->address, 0);
            remember({ipv4::kIcmp, h->source, icmp->identifier, target->address, 0}, {destination, 0});
            return true;
        }
        return allowed_by_rule(destination, std::nullopt);
    }

    std::uint16_t modem_port = 0, port = 0;
    if (const auto tcp = ipv4::parse_tcp(packet, *h)) {
        modem_port = tcp->source_port;
        port = tcp->destination_port;
    } else if (const auto udp = ipv4::parse_udp(packet, *h)) {
        modem_port = udp->source_port;
        port = udp->destination_port;
    } else {
        return false;
    }
    if (destination == config_.gateway) return config_.allow_loopback;
    if (const auto target = mapped_target(destination, port, false)) {
        ipv4::rewrite(packet, ipv4::Endpoint::Destination, target->address, target->port);
        remember({h->protocol, h->source, modem_port, target->address, target->port}, {destination, port});
        return true;
    }
    return allowed_by_rule(destination, port);
}

void GatewayPolicy::inbound(IpPacket& packet) {
    if (flows_.empty()) return;
    const auto h = ipv4::parse(packet);
    if (!h) return;
    FlowKey key;
    if (const auto tcp = ipv4::parse_tcp(packet, *h)) {
        key = {ipv4::kTcp, h->destination, tcp->destination_port, h->source, tcp->source_port};
    } else if (const auto udp = ipv4::parse_udp(packet, *h)) {
        key = {ipv4::kUdp, h->destination, udp->destination_port, h->source, udp->source_port};
    } else if (const auto icmp = ipv4::parse_icmp(packet, *h); icmp && icmp->type == ipv4::kIcmpEchoReply) {
        key = {ipv4::kIcmp, h->destination, icmp->identifier, h->source, 0};
    } else {
        return;
    }
    const auto it = flows_.find(key);
    if (it != flows_.end()) ipv4::rewrite(packet, ipv4::Endpoint::Source, it->second.address, it->second.port);
}

}  // namespace q2686
