#include "host/pacing/wall_clock_pacer.h"

#include <algorithm>
#include <thread>

namespace q2686 {

WallClockPacer::WallClockPacer(Speed speed, const ClockRate& clock, Cycles now) : clock_(clock) {
    set_speed(speed, now);
}

void WallClockPacer::set_speed(Speed speed, Cycles now) {
    speed_ = speed;
    // Paced, a slice is about a millisecond of wall time, so host input reaches the modem within
    // about a millisecond; at max speed 10 ms of virtual time between two looks at the host.
    const double slice_ns = speed.is_max() ? double(kMaxSpeedSliceNs) : kPacedSliceWallNs * speed.factor;
    slice_ = std::max<Cycles>(1, clock_.from_ns(std::min<std::uint64_t>(kMaxSliceNs, std::uint64_t(slice_ns))));
    restart(now);
}

void WallClockPacer::restart(Cycles now) {
    wall_anchor_ = WallClock::now();
    virtual_anchor_ = now;
}

void WallClockPacer::forgive_lag(Cycles now) {
    if (!speed_.is_max() && WallClock::now() - due(now) > kMaxLag) restart(now);
}

Cycles WallClockPacer::horizon(Cycles now) {
    if (speed_.is_max()) return now + slice_;
    forgive_lag(now);
    const auto wall_now = WallClock::now();
    const double elapsed_ns = std::chrono::duration<double, std::nano>(wall_now - wall_anchor_).count();
    const Cycles at_wall = virtual_anchor_ + clock_.from_ns(std::uint64_t(elapsed_ns * speed_.factor));
    return std::min(at_wall + slice_, now + clock_.from_ns(kMaxSliceNs));
}

WallClockPacer::WallClock::time_point WallClockPacer::due(Cycles now) const {
    if (speed_.is_max()) return WallClock::time_point::min();
    if (now <= virtual_anchor_) return wall_anchor_;
    const double virtual_ns = double(clock_.to_ns(now - virtual_anchor_));
    return wall_anchor_ + std::chrono::duration_cast<WallClock::duration>(
                              std::chrono::duration<double, std::nano>(virtual_ns / speed_.factor));
}

void WallClockPacer::sleep_until_due(Cycles now) const {
    if (!speed_.is_max()) std::this_thread::sleep_until(due(now));
}

}  // namespace q2686
