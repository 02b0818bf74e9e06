#include "host/gdb/debug_run_loop.h"

#include <algorithm>
#include <chrono>

namespace q2686 {

namespace {
constexpr std::uint64_t kSliceNs = 10'000'000;  // between two looks at the GDB connection
constexpr auto kHaltedWait = std::chrono::milliseconds(20);
}  // namespace

RunResult run_with_debugger(Machine& machine, GdbServer& server, Cycles limit, Speed speed,
                            const std::atomic<int>* stop) {
    const Cycles slice = std::max<Cycles>(1, machine.clock().from_ns(kSliceNs));
    const auto wall_start = std::chrono::steady_clock::now();
    WallClockPacer pacer(speed, machine.clock(), machine.scheduler().now());
    RunResult result;
    result.outcome = RunOutcome::Stopped;
    bool was_halted = false;
    for (;;) {
        // Halted: wait on the connection. Paced: wait on it until the host clock catches up
        // with virtual time, so GDB's Ctrl-C is seen at once.
        auto wait = server.halted() ? kHaltedWait : std::chrono::milliseconds(0);
        if (!server.halted() && !speed.is_max()) {
            const auto ahead = pacer.due(machine.scheduler().now()) - std::chrono::steady_clock::now();
            wait = std::max(wait, std::chrono::duration_cast<std::chrono::milliseconds>(ahead));
        }
        server.service(wait);
        if (server.quit_requested() || (stop && stop->load() != 0)) {
            result.outcome = RunOutcome::Stopped;
            break;
        }
        if (server.halted()) {  // nothing runs: virtual time stands still
            was_halted = true;
            continue;
        }
        const Cycles now = machine.scheduler().now();
        if (was_halted) pacer.restart(now);  // the host clock went on while halted
        was_halted = false;
        if (now >= limit) {
            result.outcome = RunOutcome::CycleLimit;
            break;
        }
        result = machine.run(std::min({limit, now + slice, pacer.horizon(now)}));
        if ((result.outcome == RunOutcome::Debug || result.outcome == RunOutcome::Fault) && server.take_stop(result))
            continue;
        if (result.outcome == RunOutcome::CycleLimit && machine.scheduler().now() < limit) continue;
        break;
    }
    server.session_ended(result.outcome == RunOutcome::Exited ? result.exit_status : 0);
    result.cycles = machine.scheduler().now();
    result.instructions = machine.cpu().instructions_executed();
    result.registers = machine.cpu().registers();
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    return result;
}

}  // namespace q2686
