#include "host/gateway/real_peer_frontier.h"

namespace q2686 {

void RealPeerFrontier::asked(const Flow& flow, Ask what, Cycles now, WallClock::time_point wall) {
    if (what == Ask::Forget) {
        flows_.erase(flow);
        return;
    }
    State& s = flows_[flow];
    switch (what) {
        case Ask::Connect: s = State{.waiting = true, .connecting = true}; break;
        case Ask::Answer:
            if (s.peer_closed) {  // both sides closed: nothing more will come
                flows_.erase(flow);
                return;
            }
            s.waiting = true;
            break;
        case Ask::Datagram:
            s.waiting = true;
            s.datagram = true;
            break;
        case Ask::Forget: break;
    }
    s.asked_at = wall;
    anchor_virtual_ = now;
    anchor_wall_ = wall;
}

void RealPeerFrontier::answered(const Flow& flow, Reply what, WallClock::time_point wall) {
    const auto it = flows_.find(flow);
    if (it == flows_.end()) return;
    State& s = it->second;
    switch (what) {
        case Reply::Connected:
            if (s.connecting) s.waiting = false;
            s.connecting = false;
            return;
        case Reply::Reset: flows_.erase(it); return;
        case Reply::Close: s.peer_closed = true; [[fallthrough]];
        case Reply::Data:
            s.waiting = false;
            s.connecting = false;
            s.answered_at = wall;
            return;
    }
}

bool RealPeerFrontier::flow_pending(const State& s, WallClock::time_point wall) const {
    if (s.waiting && !(s.datagram && wall - s.asked_at >= kDatagramWait)) return true;
    return s.answered_at != WallClock::time_point::min() && wall - s.answered_at < kAnswerGrace;
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
