// RealPeerFrontier — when the modem waits on a real host peer, and how far virtual time may
// have gone by the wall clock since it started waiting (docs/network.md, "Real peers and
// virtual time").
//
// The rule: while the modem waits on a real host socket, virtual time advances no faster than
// wall time; when nothing real is pending, idle skipping runs free again. "Waits" is decided per
// flow (protocol, modem address and port, peer address and port, as libslirp sees them):
//   * TCP: a SYN from the modem waits for the connection to complete (libslirp's SYN|ACK) or
//     fail; data or a FIN from the modem waits for the peer's answer — data, a FIN or a reset.
//     After the peer's FIN, nothing more is awaited on the flow; a reset forgets it;
//   * UDP datagrams and pings to a real host wait for an answer, for at most kDatagramWait (a
//     datagram may never be answered);
//   * after every answer the flow stays pending for kAnswerGrace of wall time: a server's flight
//     often comes in several segments, and the modem is still waiting for the rest.
// The gateway answers DNS itself (never the host's resolver), so a name lookup never waits.
//
// The frontier: every request re-anchors it at (the request's virtual instant, the wall clock
// then); it then moves with the wall clock. Idle skipping may not pass it; the CPU may.
// Pure bookkeeping: the wall clock is passed in, so tests can drive it.
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
    static constexpr std::chrono::milliseconds kAnswerGrace{200};
    static constexpr std::chrono::seconds kDatagramWait{5};

    // protocol, modem address, modem port (ICMP: the echo identifier), peer address, peer port
    using Flow = std::tuple<std::uint8_t, std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t>;
    enum class Ask { Connect, Answer, Datagram, Forget };
    enum class Reply { Connected, Data, Close, Reset };

    explicit RealPeerFrontier(ClockRate clock) : clock_(clock) {}

    // The modem sent something on `flow` at virtual `now`, wall `wall`.
    void asked(const Flow& flow, Ask what, Cycles now, WallClock::time_point wall);
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
        bool waiting = false;
        bool datagram = false;
        bool connecting = false;
        bool peer_closed = false;
        WallClock::time_point asked_at{};
        WallClock::time_point answered_at = WallClock::time_point::min();
    };
    bool flow_pending(const State& s, WallClock::time_point wall) const;

    ClockRate clock_;
    std::map<Flow, State> flows_;
    Cycles anchor_virtual_ = 0;
    WallClock::time_point anchor_wall_{};
};

}  // namespace q2686
