// RealTimeBound — what holds idle skipping back while the modem waits on the real world.
//
// Machine::run skips idle virtual time straight to the next event: hours cost microseconds. A
// real host server answers in wall time, though, so while the modem waits on one (the host
// network knows when: host/gateway/real_peer_frontier.h) a skip would race virtual time past
// the moment its answer comes — a server 60 ms late would look 30 s late. A bound gives the
// furthest virtual instant idle skipping may reach now (the "real-peer frontier", which moves
// with the wall clock) and waits in wall time when the machine reaches it. CPU-bound stretches
// are not held back: they may run ahead of the frontier, where the peer cannot see it. With no
// bound installed, or one with nothing pending, run() is exactly what it was: deterministic.
#pragma once

#include "time/cycle_scheduler.h"

namespace q2686 {

class RealTimeBound {
public:
    virtual ~RealTimeBound() = default;
    // The furthest virtual instant idle skipping may reach now; kNever when nothing real is
    // pending. May be below `now` (the CPU ran ahead).
    virtual Cycles idle_limit(Cycles now) = 0;
    // The machine is idle at `now` with nothing due before `until`, and idle_limit(now) < until:
    // waits in wall time until the frontier passes `until` or the host brings something, which it
    // schedules as an event (at most a few milliseconds, so front ends keep control).
    virtual void wait(Cycles now, Cycles until) = 0;
};

}  // namespace q2686
