// WallClockPacer — the one place virtual time is held to the host clock. The core never sleeps:
// front ends (`q2686emu run`, the AT-port pump, the GDB run loop, the GUI) run the machine in
// slices up to horizon() and wait until due() between them. Pacing changes only how long the
// host waits, never what happens: the trace is the same at every speed.
//
// The anchor (a wall instant and the virtual instant it stands for) moves only when pacing
// cannot hold: after a pause or a debugger halt (restart(): the host clock went on, virtual
// time did not) and when the host fell more than kMaxLag behind (a slow host or a long
// emulated stretch) — then virtual time does not race to catch up.
#pragma once

#include <chrono>

#include "time/cycle_scheduler.h"

namespace q2686 {

// How fast virtual time runs against the host clock.
struct Speed {
    double factor = 0.0;  // 0: as fast as possible; 1: real time; 10: ten times real time
    bool is_max() const { return factor <= 0.0; }
};

class WallClockPacer {
public:
    using WallClock = std::chrono::steady_clock;
    static constexpr std::uint64_t kMaxSpeedSliceNs = 10'000'000;  // virtual time per slice at max speed
    static constexpr double kPacedSliceWallNs = 1'000'000;         // wall time per slice when paced
    static constexpr std::uint64_t kMaxSliceNs = 10'000'000;       // no slice is longer (virtual)
    static constexpr auto kMaxLag = std::chrono::milliseconds(200);

    WallClockPacer(Speed speed, const ClockRate& clock, Cycles now);

    Speed speed() const { return speed_; }
    // A new speed from virtual instant `now` on (the GUI's speed control).
    void set_speed(Speed speed, Cycles now);
    // Starts over from `now`: after a pause or a debugger halt.
    void restart(Cycles now);

    // When the host has fallen more than kMaxLag behind virtual time `now`, starts over from
    // there instead of racing to catch up.
    void forgive_lag(Cycles now);
    // How far the machine may run now: one slice past where the host clock is (at max speed,
    // one slice past `now`). Forgives lag first.
    Cycles horizon(Cycles now);
    // The wall instant at which virtual time `now` is due; the past at max speed.
    WallClock::time_point due(Cycles now) const;
    // Sleeps until due(now). A front end that must also watch something else (host input, a
    // GUI command) waits on that with due() as its deadline instead.
    void sleep_until_due(Cycles now) const;

private:
    Speed speed_;
    ClockRate clock_;
    WallClock::time_point wall_anchor_;
    Cycles virtual_anchor_;
    Cycles slice_ = 1;
};

}  // namespace q2686
