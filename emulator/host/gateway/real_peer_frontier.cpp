#include "host/gateway/real_peer_frontier.h"

namespace q2686 {

void RealPeerFrontier::asked(const Flow& flow, Ask what, Cycles now, WallClock::time_point wall, std::uint32_t end) {
    // Datagrams never answered are forgotten once they no longer count.
    std::erase_if(flows_, [wall](const auto& entry) {
        return entry.second.datagram && wall - entry.second.asked_at >= kDatagramWait;
    });
    switch (what) {
        case Ask::Reset: flows_.erase(flow); return;
        case Ask::Connect:
            flows_[flow] = State{.connecting = true, .unanswered = true, .asked_at = wall, .modem_end = end};
            break;
        case Ask::Data: {
            // Unknown: the peer closed it (nothing more will come) or it never opened here.
            const auto it = flows_.find(flow);
            if (it == flows_.end()) return;
            State& s = it->second;
            if (static_cast<std::int32_t>(end - s.modem_end) <= 0) return;  // a retransmission
            s.modem_end = end;
            s.unanswered = true;
            s.asked_at = wall;
            break;
        }
        case Ask::Datagram: flows_[flow] = State{.datagram = true, .unanswered = true, .asked_at = wall}; break;
    }
    anchor_virtual_ = now;
    anchor_wall_ = wall;
}

void RealPeerFrontier::answered(const Flow& flow, Reply what, WallClock::time_point wall) {
    const auto it = flows_.find(flow);
    if (it == flows_.end()) return;
    State& s = it->second;
    switch (what) {
        case Reply::Close:
        case Reply::Reset: flows_.erase(it); return;
        case Reply::Connected:
            if (s.connecting) s.unanswered = false;
            s.connecting = false;
            return;
        case Reply::Data:
            if (s.datagram) {  // answered: nothing more is awaited
                flows_.erase(it);
                return;
            }
            s.unanswered = false;
            s.connecting = false;
            s.answered_at = wall;
            return;
    }
}

bool RealPeerFrontier::flow_pending(const State& s, WallClock::time_point wall) const {
    if (s.datagram) return s.unanswered && wall - s.asked_at < kDatagramWait;
    return s.unanswered || (s.answered_at != WallClock::time_point::min() && wall - s.answered_at < kAnswerGrace);
}

bool RealPeerFrontier::pending(WallClock::time_point wall) const {
    for (const auto& [flow, state] : flows_)
        if (flow_pending(state, wall)) return true;
    return false;
}

Cycles RealPeerFrontier::limit(WallClock::time_point wall) const {
    if (!pending(wall)) return kNever;
    if (wall <= anchor_wall_) return anchor_virtual_;
    const auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(wall - anchor_wall_).count();
    return anchor_virtual_ + clock_.from_ns(static_cast<std::uint64_t>(elapsed));
}

RealPeerFrontier::WallClock::time_point RealPeerFrontier::wall_at(Cycles when) const {
    if (when <= anchor_virtual_) return anchor_wall_;
    return anchor_wall_ + std::chrono::nanoseconds(clock_.to_ns(when - anchor_virtual_));
}

}  // namespace q2686
