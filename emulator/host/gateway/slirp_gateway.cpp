// SlirpGateway, the packet paths: what comes from the modem (DNS answered here, refused
// destinations reset here, the rest DNATed and handed to libslirp as Ethernet frames), what
// libslirp produces for the modem, and when the host sockets are polled. libslirp's callbacks
// and start-up are in host/gateway/slirp_callbacks.cpp.
//
// Why the settle: a host server answers in real time, the modem lives in virtual time. Were
// the gateway only to poll every kPollIntervalMs of virtual time, an answer would be stamped
// with whichever poll happened to find it — which depends on how fast the host ran the
// emulation, so two runs would differ. Instead, right after a packet that can make a server
// answer, the gateway waits (in real time, with virtual time standing still) for that answer:
// a local server answering within the bound is then seen at the same virtual instant on
// every run, and everything libslirp produces is stamped with that instant. Only servers
// slower than the bound, or speaking unprompted, are seen later at a poll, at a virtual time
// that can vary between runs — but never later than the wall clock says: while the modem waits
// on a real peer, idle skipping stops at the real-peer frontier (real_peer_frontier.h).
#include "host/gateway/slirp_gateway.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <stdexcept>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "host/gateway/gateway_dns.h"
#include "host/gateway/slirp_gateway_impl.h"

namespace q2686 {

namespace {

constexpr int kMaxSettleRounds = 64;  // bounds a settle even if a socket stays ready
// slirp_pollfds_fill lowers its timeout below this only while a TCP timer is pending (fast
// timer 2 ms, slow timer 500 ms) or a UDP/ICMP socket waits to expire.
constexpr std::uint32_t kSlirpIdleTimeoutMs = 1000;

}  // namespace

void SlirpGateway::Impl::input(IpPacket packet) {
    const auto header = ipv4::parse(packet);
    if (!header) return log("dropped a packet from the modem: not IPv4");
    if (header->fragmented())
        return log(fmt::format("dropped a fragment to {} (fragments are not forwarded)",
                               ipv4::format_address(header->destination)));
    if (const auto udp = ipv4::parse_udp(packet, *header);
        udp && udp->destination_port == 53 && policy.is_dns_server(header->destination))
        return answer_dns(packet, *header, *udp);
    if (const auto tcp = ipv4::parse_tcp(packet, *header))
        if (GatewayService* service = policy.service_at(header->destination, tcp->destination_port))
            return service_tcp.input(packet, *header, *tcp, *service, now);
    if (!policy.outbound(packet)) return refuse(packet, *header);
    note_request(packet);

    if (header->source != announced) {
        const auto announcement = slirp_ethernet::announcement(header->source);
        slirp_input(slirp, announcement.data(), static_cast<int>(announcement.size()));
        announced = header->source;
    }
    // libslirp's clock for socket expiry is a process-wide global that only slirp_pollfds_poll
    // updates: bring it to now before the packet goes in.
    poll_round(-1);
    slirp_ethernet::wrap(packet, policy.config().gateway, frame);
    slirp_input(slirp, frame.data(), static_cast<int>(frame.size()));
    flush();
    if (may_answer(packet)) settle();
    plan_poll();
}

void SlirpGateway::Impl::answer_dns(const IpPacket& packet, const ipv4::Header& header, const ipv4::UdpDatagram& udp) {
    const auto query = std::span<const std::uint8_t>(packet).subspan(udp.payload_offset, udp.payload_length);
    const auto answer = answer_dns_query(query, [this](std::string_view name) { return policy.resolve(name); });
    if (!answer) return;
    log("dns " + answer->summary);
    to_modem.push_back(
        ipv4::build_udp(header.destination, 53, header.source, udp.source_port, answer->message, next_ip_id++));
    flush();
}

// A refused destination: a TCP segment is answered with a reset as if nothing listened there
// (RFC 793 §3.4, "Reset Generation", case 1), a UDP datagram or ping is dropped.
void SlirpGateway::Impl::refuse(const IpPacket& packet, const ipv4::Header& header) {
    const std::string to = ipv4::format_address(header.destination);
    constexpr std::string_view why = "(not allowed; --allow)";
    if (const auto tcp = ipv4::parse_tcp(packet, header)) {
        if ((tcp->flags & ipv4::kSyn) && !(tcp->flags & ipv4::kAck))
            log(fmt::format("blocked {}:{} {}", to, tcp->destination_port, why));
        if (tcp->flags & ipv4::kRst) return;
        ipv4::TcpFields rst{.source = header.destination,
                            .source_port = tcp->destination_port,
                            .destination = header.source,
                            .destination_port = tcp->source_port};
        if (tcp->flags & ipv4::kAck) {
            rst.seq = tcp->ack;
            rst.flags = ipv4::kRst;
        } else {
            rst.ack = tcp->seq + tcp->sequence_length();
            rst.flags = ipv4::kRst | ipv4::kAck;
        }
        to_modem.push_back(ipv4::build_tcp(rst, {}, next_ip_id++));
        flush();
    } else if (const auto udp = ipv4::parse_udp(packet, header)) {
        log(fmt::format("blocked {}:{}/udp {}", to, udp->destination_port, why));
    } else if (const auto icmp = ipv4::parse_icmp(packet, header); icmp && icmp->type == ipv4::kIcmpEchoRequest) {
        log(fmt::format("blocked ping {} {}", to, why));
    } else {
        log(fmt::format("blocked IP protocol {} to {} (not forwarded)", header.protocol, to));
    }
}

// Packets a host server may answer: TCP opening, closing or carrying data, UDP, pings that
// libslirp forwards to a real host (its own address it answers at once).
bool SlirpGateway::Impl::may_answer(const IpPacket& packet) const {
    const auto header = ipv4::parse(packet);
    if (!header) return false;
    if (const auto tcp = ipv4::parse_tcp(packet, *header))
        return (tcp->flags & (ipv4::kSyn | ipv4::kFin)) || tcp->payload_length > 0;
    if (header->protocol == ipv4::kUdp) return true;
    const GatewayConfig& cfg = policy.config();
    return header->protocol == ipv4::kIcmp && header->destination != cfg.gateway &&
           !policy.is_dns_server(header->destination);
}

// Feeds libslirp the ARP answers it asked for (then lets it send what waited for them), and
// hands the packets it produced to the link, stamped with the current virtual instant.
void SlirpGateway::Impl::flush() {
    while (!arp_replies.empty()) {
        for (const auto& reply : std::exchange(arp_replies, {}))
            slirp_input(slirp, reply.data(), static_cast<int>(reply.size()));
        poll_round(-1);  // if_start: the packets held for the address go out now
    }
    for (IpPacket& packet : std::exchange(to_modem, {}))
        if (output) output(std::move(packet), now);
}

// Waits up to kSettleFirstMs for the server's answer — data, a close or a reset; a socket that
// merely became writable (a connect completing) does not count — then for as long as more
// keeps coming with gaps under kSettleQuietMs.
void SlirpGateway::Impl::settle() {
    using Clock = std::chrono::steady_clock;
    const Clock::time_point give_up = Clock::now() + std::chrono::milliseconds(kSettleFirstMs);
    bool answered = false;
    for (int round = 0; round < kMaxSettleRounds; ++round) {
        int wait_ms = static_cast<int>(kSettleQuietMs);
        if (!answered) {
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(give_up - Clock::now()).count();
            if (left <= 0) return;
            wait_ms = static_cast<int>(left);
        }
        const PollResult result = poll_round(wait_ms);
        flush();
        if (!result.fds) return;
        if (result.answers)
            answered = true;
        else if (answered && !result.events)
            return;
    }
}

// The periodic poll runs every kPollIntervalMs while libslirp watches sockets; with none but
// a TCP timer pending, when the timer needs it; otherwise (an idle modem) not at all, until
// the next packet or notify().
void SlirpGateway::Impl::plan_poll() {
    pollfds.clear();
    std::uint32_t timeout = UINT32_MAX;
    slirp_pollfds_fill(slirp, &timeout, add_poll, this);
    Cycles delay = 0;
    if (!pollfds.empty())
        delay = ms(kPollIntervalMs);
    else if (timeout < kSlirpIdleTimeoutMs)
        delay = ms(std::max<std::uint32_t>(kPollIntervalMs, timeout));
    else
        return scheduler.cancel(poll_event);
    if (!poll_event.scheduled || poll_event.due > now + delay) scheduler.schedule_at(poll_event, now + delay);
}

void SlirpGateway::Impl::on_poll() {
    advance(scheduler.now());
    poll_round(0);
    flush();
    plan_poll();
}

void SlirpGateway::Impl::from_slirp(const std::uint8_t* data, std::size_t size) {
    if (closing) return;
    const std::span<const std::uint8_t> frame_bytes(data, size);
    if (auto packet = slirp_ethernet::unwrap_ipv4(frame_bytes)) {
        note_answer(*packet);
        policy.inbound(*packet);
        to_modem.push_back(std::move(*packet));
    } else if (const auto target = slirp_ethernet::arp_request_target(frame_bytes)) {
        const GatewayConfig& cfg = policy.config();
        if (ipv4::in_prefix(*target, cfg.network, cfg.prefix) && *target != cfg.gateway)
            arp_replies.push_back(slirp_ethernet::arp_reply(frame_bytes));
    }
}

// What the modem's packet (after DNAT) asks of a real peer (real_peer_frontier.h).
void SlirpGateway::Impl::note_request(const IpPacket& packet) {
    const auto h = ipv4::parse(packet);
    if (!h) return;
    using Ask = RealPeerFrontier::Ask;
    const auto wall = RealPeerFrontier::WallClock::now();
    if (const auto tcp = ipv4::parse_tcp(packet, *h)) {
        const RealPeerFrontier::Flow flow{ipv4::kTcp, h->source, tcp->source_port, h->destination,
                                          tcp->destination_port};
        const std::uint32_t end = tcp->seq + tcp->sequence_length();
        if (tcp->flags & ipv4::kRst)
            frontier.asked(flow, Ask::Reset, now, wall);
        else if ((tcp->flags & ipv4::kSyn) && !(tcp->flags & ipv4::kAck))
            frontier.asked(flow, Ask::Connect, now, wall, end);
        else if (tcp->payload_length > 0 || (tcp->flags & ipv4::kFin))
            frontier.asked(flow, Ask::Data, now, wall, end);
    } else if (const auto udp = ipv4::parse_udp(packet, *h)) {
        frontier.asked({ipv4::kUdp, h->source, udp->source_port, h->destination, udp->destination_port},
                       Ask::Datagram, now, wall);
    } else if (const auto icmp = ipv4::parse_icmp(packet, *h); icmp && icmp->type == ipv4::kIcmpEchoRequest) {
        frontier.asked({ipv4::kIcmp, h->source, icmp->identifier, h->destination, 0}, Ask::Datagram, now, wall);
    }
}

// What a real peer's packet (before the reverse NAT) answers.
void SlirpGateway::Impl::note_answer(const IpPacket& packet) {
    if (frontier.flows() == 0) return;
    const auto h = ipv4::parse(packet);
    if (!h) return;
    using Reply = RealPeerFrontier::Reply;
    const auto wall = RealPeerFrontier::WallClock::now();
    if (const auto tcp = ipv4::parse_tcp(packet, *h)) {
        const RealPeerFrontier::Flow flow{ipv4::kTcp, h->destination, tcp->destination_port, h->source,
                                          tcp->source_port};
        if (tcp->flags & ipv4::kRst)
            frontier.answered(flow, Reply::Reset, wall);
        else if (tcp->flags & ipv4::kFin)
            frontier.answered(flow, Reply::Close, wall);
        else if (tcp->payload_length > 0)
            frontier.answered(flow, Reply::Data, wall);
        else if (tcp->flags & ipv4::kSyn)
            frontier.answered(flow, Reply::Connected, wall);
    } else if (const auto udp = ipv4::parse_udp(packet, *h)) {
        frontier.answered({ipv4::kUdp, h->destination, udp->destination_port, h->source, udp->source_port},
                          Reply::Data, wall);
    } else if (const auto icmp = ipv4::parse_icmp(packet, *h); icmp && icmp->type == ipv4::kIcmpEchoReply) {
        frontier.answered({ipv4::kIcmp, h->destination, icmp->identifier, h->source, 0}, Reply::Data, wall);
    }
}

Cycles SlirpGateway::Impl::idle_limit() {
    if (frontier.flows() == 0) return kNever;
    return frontier.limit(RealPeerFrontier::WallClock::now());
}

// Waits on libslirp's sockets for a real peer's answer — until the frontier reaches `until`, at
// most kMaxWaitMs — and schedules a poll at the frontier's virtual instant when one comes, so the
// answer is stamped no earlier than the wall clock allows. Sockets that are merely writable do
// not end the wait; readiness the last poll left as it was (nothing libslirp reads now) does not
// either, so an idle machine never spins.
void SlirpGateway::Impl::wait(Cycles at, Cycles until) {
    using WallClock = RealPeerFrontier::WallClock;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(frontier.wall_at(until) - WallClock::now()).count();
    const int wait_ms = static_cast<int>(std::clamp<long long>(left, 1, SlirpGateway::kMaxWaitMs));
    pollfds.clear();
    std::uint32_t timeout = UINT32_MAX;
    slirp_pollfds_fill(slirp, &timeout, add_poll, this);
    for (pollfd& fd : pollfds) fd.events &= ~POLLOUT;
    int ready = 0;
    do {
        ready = ::poll(pollfds.data(), pollfds.size(), wait_ms);
    } while (ready < 0 && errno == EINTR);
    pollfds.clear();
    if (ready <= 0 || at == last_wake) {
        if (ready > 0) std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
        return;
    }
    const Cycles limit = frontier.limit(WallClock::now());
    const Cycles when = std::min(until, std::max(at, limit == kNever ? at : limit));
    last_wake = when;
    if (!poll_event.scheduled || poll_event.due > when) scheduler.schedule_at(poll_event, when);
}

SlirpGateway::SlirpGateway(CycleScheduler& scheduler, EventLog& events, ClockRate clock, GatewayConfig config)
    : impl_(std::make_unique<Impl>(scheduler, events, clock, std::move(config))) {
    // libslirp send()s to sockets a server may have closed: without this, SIGPIPE would end
    // the process. A handler someone else installed is left alone.
    struct sigaction current {};
    if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) ::signal(SIGPIPE, SIG_IGN);
}

SlirpGateway::~SlirpGateway() = default;

void SlirpGateway::set_output(Output output) {
    impl_->output = std::move(output);
}

void SlirpGateway::input(IpPacket packet, Cycles now) {
    impl_->advance(now);
    impl_->input(std::move(packet));
}

std::uint32_t SlirpGateway::resolve(const std::string& name) const {
    return impl_->policy.resolve(name);
}

Cycles SlirpGateway::idle_limit(Cycles) {
    return impl_->idle_limit();
}

void SlirpGateway::wait(Cycles now, Cycles until) {
    impl_->wait(now, until);
}

const GatewayConfig& SlirpGateway::config() const {
    return impl_->policy.config();
}

}  // namespace q2686
