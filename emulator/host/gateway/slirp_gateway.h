// SlirpGateway — the GPRS core network's exit to the host: IP packets from the modem (after
// the GPRS link) are NATed by libslirp to real host sockets, and what the host answers comes
// back as IP packets for the modem. libslirp runs on our virtual clock (clock_get_ns and its
// timers come from the CycleScheduler), so TCP retransmission timers see virtual time.
//
// Virtual network (docs/network.md, "Host gateway"), matching NetworkProfile's addresses:
//   10.64.0.0/16   the operator's network; the modem's PDP addresses are 10.64.<cid>.<n>
//   10.64.0.1      gateway: TCP/UDP to it reaches the host's 127.0.0.1 (same port)
//   10.64.0.1, 10.64.0.2  DNS (UDP 53), answered here from the host map — never the host's
//                  resolver, so runs are reproducible and names like api.example.com work
//   10.64.0.16...  one address per host-map entry, DNATed to the entry's target address/port
// Outbound policy: a TCP SYN or UDP datagram to an address:port not allowed is answered with a
// TCP RST (UDP: dropped) and logged as a "blocked" Packet event. Allowed by default: the
// gateway (host loopback) and host-map targets; more with GatewayConfig::allow.
//
// Host sockets in virtual time: after every packet that may make a host server answer (TCP
// SYN/FIN/payload, UDP), the gateway waits a short real time for the answer ("settle": up to
// kSettleFirstMs for the server's data, close or reset, then until kSettleQuietMs pass with
// nothing more) while virtual time stands still, so a local server's answer is stamped at the
// same virtual instant on every run. Between packets it polls the sockets every
// kPollIntervalMs of virtual time without waiting. A server slower than the settle bound is
// not outrun: while the modem waits on a real peer (real_peer_frontier.h) the gateway, as the
// machine's RealTimeBound, keeps idle skipping from passing the wall clock, and its answer is
// stamped at the virtual instant the wall clock has reached since the request. The price: a
// packet the server does not answer costs kSettleFirstMs of real time.
//
// In-process services (tls/server/gateway_service.h; the built-in TLS servers) are not host
// sockets: TCP to their host-map entries ends in the gateway (service_tcp.h), with no settle and
// no wall clock — deterministic by construction.
//
// libslirp writes to host sockets with send(): the constructor makes the process ignore
// SIGPIPE (unless a handler is installed), or a host server closing first would kill it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/event_log.h"
#include "core/real_time_bound.h"
#include "tls/server/gateway_service.h"
#include "ip/ip_packet.h"
#include "time/cycle_scheduler.h"

namespace q2686 {

// "api.example.com:443 → 127.0.0.1:4433". port 0 = any port (kept as is); target_port 0 =
// same as the port the modem used. With `service`, TCP to NAME:PORT is served in process by it
// (host/gateway/service_tcp.h) and target/target_port are not used for TCP or UDP.
struct HostMapping {
    std::string name;  // matched case-insensitively in DNS queries
    std::uint16_t port = 0;
    std::uint32_t target = 0x7F000001;  // IPv4, host byte order
    std::uint16_t target_port = 0;
    GatewayService* service = nullptr;  // must outlive the gateway
};

// An outbound destination the modem may reach: address/prefix, port 0 = any.
struct AllowRule {
    std::uint32_t address = 0;
    unsigned prefix = 32;
    std::uint16_t port = 0;
};

struct GatewayConfig {
    std::uint32_t network = 0x0A400000;  // 10.64.0.0/16
    unsigned prefix = 16;
    std::uint32_t gateway = 0x0A400001;  // 10.64.0.1
    std::uint32_t dns1 = 0x0A400001;
    std::uint32_t dns2 = 0x0A400002;
    std::uint32_t first_mapped = 0x0A400010;  // 10.64.0.16
    std::vector<HostMapping> hosts;
    std::vector<AllowRule> allow;
    bool allow_loopback = true;  // the gateway address (→ 127.0.0.1) on any port
};

// Parsers for the CLI: "NAME[:PORT]=ADDR[:PORT]" and "ADDR[/PREFIX][:PORT]". Throw
// std::invalid_argument with a message naming the bad part.
HostMapping parse_host_mapping(const std::string& text);
AllowRule parse_allow_rule(const std::string& text);

class SlirpGateway final : public RealTimeBound {
public:
    static constexpr unsigned kSettleFirstMs = 50;
    static constexpr unsigned kSettleQuietMs = 10;
    static constexpr unsigned kPollIntervalMs = 10;

    using Output = std::function<void(IpPacket packet, Cycles when)>;

    // Throws std::runtime_error if libslirp cannot start.
    SlirpGateway(CycleScheduler& scheduler, EventLog& events, ClockRate clock, GatewayConfig config = {});
    SlirpGateway(const SlirpGateway&) = delete;
    SlirpGateway& operator=(const SlirpGateway&) = delete;
    ~SlirpGateway() override;

    void set_output(Output output);           // packets toward the modem (into the link's downlink)
    void input(IpPacket packet, Cycles now);  // a packet from the modem (out of the link's uplink)

    // The address the modem should use for `name` (host map, "localhost"), 0 if unknown.
    std::uint32_t resolve(const std::string& name) const;
    const GatewayConfig& config() const;

    // RealTimeBound: the real-peer frontier (kNever with nothing real pending), and the wait for
    // a real peer's answer, at most kMaxWaitMs of wall time at once.
    static constexpr unsigned kMaxWaitMs = 10;
    Cycles idle_limit(Cycles now) override;
    void wait(Cycles now, Cycles until) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace q2686
