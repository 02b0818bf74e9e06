// run_with_debugger — the run loop of a bare Machine (`q2686emu run --elf`) with a GDB server:
// the machine runs in slices of virtual time, the server is serviced between them, and while
// GDB holds the machine halted nothing runs (virtual time stands still). The modem's run loop
// (host/serial/at_port_pump.h) does the same with its AT port; this one has no endpoint.
#pragma once

#include <atomic>

#include "core/machine.h"
#include "host/pacing/wall_clock_pacer.h"
#include "host/gdb/gdb_server.h"

namespace q2686 {

// Ends when the program exits, virtual time reaches `limit`, a fault arrives while no GDB
// client takes it, GDB kills the session (outcome Stopped), or `stop` becomes non-zero.
RunResult run_with_debugger(Machine& machine, GdbServer& server, Cycles limit, Speed speed,
                            const std::atomic<int>* stop);

}  // namespace q2686
