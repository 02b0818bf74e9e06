#include "host/pacing/paced_run.h"

#include <algorithm>
#include <chrono>

namespace q2686 {

RunResult run_paced(Machine& machine, Cycles limit, Speed speed) {
    if (speed.is_max()) return machine.run(limit);  // one run, no slices
    const auto wall_start = WallClockPacer::WallClock::now();
    WallClockPacer pacer(speed, machine.clock(), machine.scheduler().now());
    RunResult result;
    for (;;) {
        const Cycles now = machine.scheduler().now();
        result = machine.run(std::min(limit, pacer.horizon(now)));
        if (result.outcome != RunOutcome::CycleLimit || machine.scheduler().now() >= limit) break;
        pacer.sleep_until_due(machine.scheduler().now());
    }
    result.wall_seconds = std::chrono::duration<double>(WallClockPacer::WallClock::now() - wall_start).count();
    return result;
}

}  // namespace q2686
