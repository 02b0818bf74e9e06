// SlirpGateway::Impl — the host gateway's state, shared by its two halves: the packet paths
// and socket polling (host/gateway/slirp_gateway.cpp) and libslirp's callbacks, clock, timers and
// start-up (host/gateway/slirp_callbacks.cpp). Private to those two files.
#pragma once

#include <poll.h>
#include <slirp/libslirp.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "host/gateway/gateway_policy.h"
#include "host/gateway/real_peer_frontier.h"
#include "host/gateway/service_tcp.h"
#include "host/gateway/slirp_ethernet.h"
#include "host/gateway/slirp_gateway.h"
#include "ip/ipv4.h"

namespace q2686 {

struct SlirpGateway::Impl {
    // One libslirp timer (slirp->cb->timer_new / timer_new_opaque) as a TimedEvent.
    struct Timer {
        Impl* gateway = nullptr;
        TimedEvent event;
        SlirpTimerCb callback = nullptr;  // timer_new
        void* callback_opaque = nullptr;
        SlirpTimerId id{};  // timer_new_opaque: fired through slirp_handle_timer
        void* id_opaque = nullptr;

        void fire();
    };
    struct PollResult {
        bool fds = false;      // libslirp asked for at least one socket to be watched
        bool events = false;   // poll() saw something
        bool answers = false;  // ... from a server: data, a close or an error (not just "writable")
        std::uint32_t timeout = 0;
    };

    CycleScheduler& scheduler;
    EventLog& events;
    ClockRate clock;
    GatewayPolicy policy;
    Output output;
    Slirp* slirp = nullptr;
    Cycles now = 0;  // the virtual instant being processed; libslirp's clock
    TimedEvent poll_event;
    std::vector<pollfd> pollfds;
    std::vector<IpPacket> to_modem;  // produced inside libslirp calls, delivered after them
    std::vector<slirp_ethernet::Frame> arp_replies;
    slirp_ethernet::Frame frame;
    std::uint32_t announced = 0;   // the modem address libslirp last learned
    std::uint16_t next_ip_id = 0;  // for the packets the gateway makes up
    std::vector<std::unique_ptr<Timer>> timers;
    ServiceTcp service_tcp;          // in-process services: their TCP ends here, not in libslirp
    RealPeerFrontier frontier;       // what the modem waits on from real peers
    Cycles last_wake = kNever;       // the virtual instant wait() last scheduled a poll for
    bool closing = false;

    Impl(CycleScheduler& s, EventLog& e, ClockRate c, GatewayConfig config);
    ~Impl();

    void log(std::string text) { events.emit({now, EventKind::Packet, "gateway", std::move(text)}); }
    void advance(Cycles when) { now = std::max({now, when, scheduler.now()}); }
    Cycles ms(std::uint64_t milliseconds) const { return clock.from_ns(milliseconds * 1'000'000); }

    void input(IpPacket packet);
    void answer_dns(const IpPacket& packet, const ipv4::Header& header, const ipv4::UdpDatagram& udp);
    void refuse(const IpPacket& packet, const ipv4::Header& header);
    bool may_answer(const IpPacket& packet) const;
    void note_request(const IpPacket& packet);
    void note_answer(const IpPacket& packet);
    Cycles idle_limit();
    void wait(Cycles at, Cycles until);

    PollResult poll_round(int wait_ms);
    void flush();
    void settle();
    void plan_poll();
    void on_poll();
    void from_slirp(const std::uint8_t* data, std::size_t size);

    // libslirp's callbacks (SlirpCb) and their helpers.
    static const SlirpCb kCallbacks;
    static Impl& of(void* opaque);
    static int add_poll(int fd, int events, void* opaque);
    static int get_revents(int index, void* opaque);
    static Timer* new_timer(void* opaque);
};

}  // namespace q2686
