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
    RunResult result;
    result.outcome = RunOutcome::Stopped;
    for (;;) {
        server.service(server.halted() ? kHaltedWait : std::chrono::milliseconds(0));
        if (server.quit_requested() || (stop && stop->load() != 0)) {
            result.outcome = RunOutcome::Stopped;
            break;
        }
        if (server.halted()) continue;  // nothing runs: virtual time stands still
        const Cycles now = machine.scheduler().now();
        if (now >= limit) {
            result.outcome = RunOutcome::CycleLimit;
            break;
        }
        result = machine.run(std::min(limit, now + slice), speed);
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
