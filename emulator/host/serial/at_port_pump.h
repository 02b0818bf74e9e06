// pump_at_port — the loop behind `q2686emu run` in modem mode: the modem runs in slices of
// virtual time, and between slices (never inside an emulation callback) the host endpoint is
// serviced: bytes the host sent go to the modem's AT port (Q2686Modem::send_at, delivered at
// the UART's baud rate), bytes the modem sent — collected by the AT output sink during the
// slice — go to the host.
//
// Pacing. At a speed factor f > 0 virtual time follows the host clock: one slice is about 1 ms
// of wall time (f ms of virtual time, at most 10 ms), and the loop waits for the host clock by
// waiting on the endpoint, so a keystroke ends the wait and reaches the modem at once. The
// anchor is kept for the whole session (no drift from slice to slice); a host that falls more
// than 200 ms behind (suspended, overloaded) re-anchors instead of racing to catch up. At
// --speed max slices are 10 ms of virtual time and nothing waits.
//
// The session ends at the first of: virtual time reaching `until`; a stop signal (the flag
// StopSignals sets); the user's quit key; the host's input ending (stdin at EOF) — then the
// loop first lets the modem answer: it runs until every byte sent has reached the UART and the
// modem has been quiet for `drain_quiet_ns` of virtual time (at most 60 s of virtual time
// after the end of input); a firmware fault or exit.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "host/pacing/wall_clock_pacer.h"
#include "host/serial/serial_endpoint.h"
#include "modem/q2686_modem.h"

namespace q2686 {

// A debugger riding along the session (host/gdb/gdb_server.h). It is serviced between slices;
// while it holds the modem halted nothing runs and virtual time stands still, so the session
// ends neither at --duration nor at the end of input while halted (signals and the quit key
// still end it).
class PumpDebugHook {
public:
    virtual ~PumpDebugHook() = default;
    // Services the debugger's connection, waiting up to `wait` for it.
    virtual void service(std::chrono::milliseconds wait) = 0;
    virtual bool halted() const = 0;
    // A slice ended with a debug stop or a fault: true if the debugger took it (the modem is
    // halted now and the session goes on).
    virtual bool take_stop(const RunResult& result) = 0;
    virtual bool quit_requested() const = 0;  // the debugger killed the session
    virtual void session_ended(int exit_status) = 0;
};

struct PumpOptions {
    Speed speed;                             // 0: as fast as possible; 1: real time
    Cycles until = kNever;                   // absolute virtual time to stop at
    const std::atomic<int>* stop = nullptr;  // non-zero: stop (StopSignals::received())
    std::uint64_t drain_quiet_ns = 1'000'000'000;
    PumpDebugHook* debug = nullptr;
};

enum class PumpEnd {
    TimeLimit,     // virtual time reached `until`
    Signal,        // a stop signal arrived
    HostQuit,      // the user pressed the quit key (or the debugger killed the session)
    InputEnded,    // the host's input ended and the modem has answered
    Fault,         // the firmware faulted (run.fault)
    FirmwareExit,  // the firmware exited (run.exit_status)
};

struct PumpResult {
    PumpEnd end = PumpEnd::TimeLimit;
    int signal = 0;                   // with PumpEnd::Signal
    RunResult run;                    // the last slice: outcome, fault, registers, instructions so far
    Cycles started = 0;               // virtual time when the pump started
    Cycles cycles = 0;                // virtual time when it stopped
    std::uint64_t bytes_in = 0;       // host → modem
    std::uint64_t bytes_out = 0;      // modem → host (including bytes the endpoint dropped)
    std::uint64_t bytes_dropped = 0;  // modem → nobody (no client, no reader)
    double wall_seconds = 0.0;
};

// Takes over the modem's AT output sink for the session (and clears it before returning).
PumpResult pump_at_port(Q2686Modem& modem, SerialEndpoint& endpoint, const PumpOptions& options);

const char* to_string(PumpEnd end);

}  // namespace q2686
