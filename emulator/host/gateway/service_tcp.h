// ServiceTcp — the server end of the modem's TCP connections to in-process services
// (tls/server/gateway_service.h): a small TCP (RFC 9293) in virtual time, so a built-in server
// needs no kernel socket and no wall-clock wait. Packets from the modem to a service's host-map
// address:port come here instead of going to libslirp; what it answers goes straight to the
// link, stamped with the virtual instant of the segment or timer that caused it.
//
// What it does:
//   * passive open: a SYN gets a SYN|ACK with MSS 1460 (RFC 9293 §3.7.1; the link carries
//     1500-byte IP packets); the service's open() comes with the modem's ACK of it;
//   * receives in order: a segment at rcv_nxt (its already-received head trimmed) is taken, one
//     beyond it (a loss before it) is dropped; every segment carrying data or FIN is ACKed at once
//     (the ACK rides on the service's answer when there is one);
//   * sends within the modem's advertised window, at most one MSS per segment, PSH on the last;
//     a FIN after the service's data when it closes; RST when it resets;
//   * retransmits from the oldest unacknowledged byte (go-back-N) when nothing was acknowledged
//     for the retransmission timeout: 3 s, doubled at each retry up to 60 s (RFC 6298 §5; 3 s is
//     RFC 6298 §2.1's fallback, and GPRS round trips with a full window queued reach seconds),
//     restarted by every ACK that advances; a zero window is probed the same way with one byte
//     (RFC 9293 §3.8.6.1). After kMaxRetries retries without an answer the connection is
//     reset (a probe the modem answers with its zero window counts as an answer);
//   * a segment for no connection gets RST (RFC 9293 §3.10.7.1); a RST from the modem ends
//     the connection.
// Deterministic by construction: initial sequence numbers count up from a constant, no random
// numbers, no host clock — the same segments at the same virtual instants give the same answers.
// Known limits: no TIME-WAIT (a connection is forgotten when both FINs are acknowledged; a FIN
// the modem repeats after that gets RST), no out-of-order queue, no window scaling, no SACK, no
// urgent data, no congestion control (the GPRS link's queue is the bottleneck, and the modem's
// window bounds what is in flight).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <tuple>
#include <vector>

#include "ip/ip_packet.h"
#include "ip/ipv4.h"
#include "time/cycle_scheduler.h"
#include "tls/server/gateway_service.h"

namespace q2686 {

class ServiceTcp {
public:
    static constexpr std::uint16_t kMss = 1460;
    static constexpr std::uint16_t kWindow = 65535;  // what the service side advertises
    static constexpr std::uint64_t kInitialRtoMs = 3000;
    static constexpr std::uint64_t kMaxRtoMs = 60000;
    static constexpr unsigned kMaxRetries = 8;

    using Output = std::function<void(IpPacket packet, Cycles when)>;

    ServiceTcp(CycleScheduler& scheduler, ClockRate clock, Output output);
    ServiceTcp(const ServiceTcp&) = delete;
    ServiceTcp& operator=(const ServiceTcp&) = delete;
    ~ServiceTcp();

    // A TCP segment from the modem to `service` (its destination is the service's address and
    // port as the modem used them), at virtual instant `now`.
    void input(const IpPacket& packet, const ipv4::Header& header, const ipv4::TcpSegment& segment,
               GatewayService& service, Cycles now);
    // Open connections (for tests and events).
    std::size_t connections() const { return connections_.size(); }

private:
    struct Connection;
    // modem address, modem port, service address, service port
    using Key = std::tuple<std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t>;

    void send_reset_for(const ipv4::Header& header, const ipv4::TcpSegment& segment, Cycles now);
    void finish(Connection& c, Cycles now);

    CycleScheduler& scheduler_;
    ClockRate clock_;
    Output output_;
    std::map<Key, std::unique_ptr<Connection>> connections_;
    // Finished connections, destroyed at the next input(): one may finish inside its own timer.
    std::vector<std::unique_ptr<Connection>> graveyard_;
    std::uint32_t next_iss_ = 0x26860000;
    std::uint16_t next_ip_id_ = 0;
};

}  // namespace q2686
