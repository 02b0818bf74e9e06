// RealPeerFrontier — when the modem waits on a real host peer, and how far virtual time may
// have gone by the wall clock since it started waiting (docs/network.md, "Real peers and
// virtual time").
//
// The rule: while the modem waits on a real host socket, virtual time advances no faster than
// wall time; when nothing real is pending, idle skipping runs free again. "Waits" is decided per
// flow (protocol, modem address and port, peer address and port, as libslirp sees them):
//   * TCP: from the modem's SYN, a connect in progress until it completes or fails; then a
//     request is outstanding from each segment bringing new data or a FIN (not a retransmission
//     of bytes already seen) until the peer answers — data, a FIN or a reset. The peer's answers
//     cannot be told apart at this level (a TLS 1.3 server's session tickets come before its HTTP
//     response, which a slow back end sends later), so after each piece of data from the peer the
//     flow stays pending for kAnswerGrace more. The peer's FIN or a reset ends the flow;
//   * UDP datagrams and pings to a real host wait for an answer, for at most kDatagramWait (a
//     datagram may never be answered).
// The gateway answers DNS itself (never the host's resolver), so a name lookup never waits.
//
// The frontier: every request from the modem re-anchors it at (the request's virtual instant,
// the wall clock then); it then moves with the wall clock. Idle skipping may not pass it; the CPU
// may. Pure bookkeeping: the wall clock is passed in, so tests can drive it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <tuple>

#include "time/cycle_scheduler.h"

namespace q2686 {

class RealPeerFrontier {
public:
    using WallClock = std::chrono::steady_clock;
    static constexpr std::chrono::seconds kAnswerGrace{2};
    static constexpr std::chrono::seconds kDatagramWait{5};

    // protocol, modem address, modem port (ICMP: the echo identifier), peer address, peer port
    using Flow = std::tuple<std::uint8_t, std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t>;
    enum class Ask { Connect, Data, Datagram, Reset };
    enum class Reply { Connected, Data, Close, Reset };

    explicit RealPeerFrontier(ClockRate clock) : clock_(clock) {}

    // The modem sent something on `flow` at virtual `now`, wall `wall`. TCP: `end` is the
    // sequence number after the segment (SYN, data and FIN counted), to tell retransmissions.
    void asked(const Flow& flow, Ask what, Cycles now, WallClock::time_point wall, std::uint32_t end = 0);
    // The peer sent something toward the modem on `flow`.
    void answered(const Flow& flow, Reply what, WallClock::time_point wall);

    bool pending(WallClock::time_point wall) const;
    // The furthest virtual instant idle skipping may reach at `wall`; kNever when nothing is
    // pending.
    Cycles limit(WallClock::time_point wall) const;
    // The wall instant at which the frontier reaches virtual instant `when`.
    WallClock::time_point wall_at(Cycles when) const;
    std::size_t flows() const { return flows_.size(); }

private:
    struct State {
        bool connecting = false;
        bool datagram = false;  // UDP or ICMP
        bool unanswered = false;
        WallClock::time_point asked_at{};
        WallClock::time_point answered_at = WallClock::time_point::min();
        std::uint32_t modem_end = 0;  // TCP: the sequence number after what the modem sent
    };
    bool flow_pending(const State& s, WallClock::time_point wall) const;

    ClockRate clock_;
    std::map<Flow, State> flows_;
    Cycles anchor_virtual_ = 0;
    WallClock::time_point anchor_wall_{};
};

}  // namespace q2686
