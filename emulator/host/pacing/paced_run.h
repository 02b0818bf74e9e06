// run_paced — Machine::run held to the host clock: slices up to the pacer's horizon, a sleep
// until each is due. `q2686emu run --elf` without a debugger (the GDB run loop and the AT-port
// pump pace their own slices, because they also watch a connection).
#pragma once

#include "core/machine.h"
#include "host/pacing/wall_clock_pacer.h"

namespace q2686 {

// Runs until `limit`, an exit, a fault or a stop — as Machine::run, at `speed`. The result's
// wall time covers the whole run.
RunResult run_paced(Machine& machine, Cycles limit, Speed speed);

}  // namespace q2686
