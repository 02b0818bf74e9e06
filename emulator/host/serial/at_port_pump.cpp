#include "host/serial/at_port_pump.h"

#include <algorithm>
#include <chrono>
#include <string>

namespace q2686 {

namespace {

using WallClock = std::chrono::steady_clock;

constexpr std::uint64_t kDrainLimitNs = 60'000'000'000;

}  // namespace

PumpResult pump_at_port(Q2686Modem& modem, SerialEndpoint& endpoint, const PumpOptions& options) {
    const auto wall_start = WallClock::now();
    const ClockRate clock = modem.clock();
    PumpResult result;
    result.started = modem.now();

    // The sink runs inside the UART's TX event: it only queues.
    std::string outbox;
    Cycles last_output = 0;
    modem.set_at_output([&](std::uint8_t byte, Cycles when) {
        outbox.push_back(static_cast<char>(byte));
        last_output = when;
    });
    const auto deliver = [&] {
        if (outbox.empty()) return;
        endpoint.write(outbox);
        result.bytes_out += outbox.size();
        outbox.clear();
    };

    WallClockPacer pacer(options.speed, clock, modem.now());
    const Cycles quiet = clock.from_ns(options.drain_quiet_ns);
    bool input_ended = false;
    Cycles ended_at = 0;
    Cycles drained_at = kNever;
    std::string incoming;
    PumpDebugHook* const debug = options.debug;
    bool was_halted = false;
    // While halted the loop waits on the debugger's connection this long per turn (and so
    // sees host input at most this late).
    constexpr auto kHaltedWait = std::chrono::milliseconds(20);
    for (;;) {
        if (debug) {
            debug->service(debug->halted() ? kHaltedWait : std::chrono::milliseconds(0));
            if (was_halted && !debug->halted()) pacer.restart(modem.now());
            was_halted = debug->halted();
        }
        incoming.clear();
        const HostInput input = endpoint.poll(incoming);
        if (!incoming.empty()) {
            modem.send_at(incoming);
            result.bytes_in += incoming.size();
        }
        const Cycles now = modem.now();
        if (input == HostInput::Quit) {
            result.end = PumpEnd::HostQuit;
            break;
        }
        if (options.stop && options.stop->load() != 0) {
            result.end = PumpEnd::Signal;
            result.signal = options.stop->load();
            break;
        }
        if (debug && debug->quit_requested()) {
            result.end = PumpEnd::HostQuit;
            break;
        }
        if (debug && debug->halted()) continue;  // nothing runs: virtual time stands still
        if (now >= options.until) {
            result.end = PumpEnd::TimeLimit;
            break;
        }
        Cycles slice_end = std::min(options.until, pacer.horizon(now));
        if (input == HostInput::Ended && !input_ended) {
            input_ended = true;
            ended_at = now;
        }
        if (input_ended && modem.at_uart().host_pending() == 0) {
            if (drained_at == kNever) drained_at = now;
            const Cycles quiet_until = std::max(drained_at, last_output) + quiet;
            if (now >= quiet_until || now - ended_at >= clock.from_ns(kDrainLimitNs)) {
                result.end = PumpEnd::InputEnded;
                break;
            }
            slice_end = std::min(slice_end, quiet_until);
        }
        if (slice_end > now) {
            result.run = modem.run_until(slice_end);
            deliver();
            if (debug && (result.run.outcome == RunOutcome::Debug || result.run.outcome == RunOutcome::Fault) &&
                debug->take_stop(result.run)) {
                was_halted = true;
                continue;
            }
            if (result.run.outcome == RunOutcome::Fault) {
                result.end = PumpEnd::Fault;
                break;
            }
            if (result.run.outcome == RunOutcome::Exited) {
                result.end = PumpEnd::FirmwareExit;
                break;
            }
        }
        // Wait on the endpoint, so host input ends the wait early.
        if (!options.speed.is_max())
            endpoint.wait(
                std::chrono::duration_cast<std::chrono::nanoseconds>(pacer.due(modem.now()) - WallClock::now()));
    }
    deliver();
    modem.set_at_output({});
    if (debug) debug->session_ended(result.end == PumpEnd::FirmwareExit ? result.run.exit_status : 0);
    result.cycles = modem.now();
    result.bytes_dropped = endpoint.bytes_dropped();
    result.wall_seconds = std::chrono::duration<double>(WallClock::now() - wall_start).count();
    return result;
}

const char* to_string(PumpEnd end) {
    switch (end) {
        case PumpEnd::TimeLimit: return "time limit";
        case PumpEnd::Signal: return "signal";
        case PumpEnd::HostQuit: return "quit key";
        case PumpEnd::InputEnded: return "end of input";
        case PumpEnd::Fault: return "firmware fault";
        case PumpEnd::FirmwareExit: return "firmware exit";
    }
    return "?";
}

}  // namespace q2686
