#include "cli/run_modem.h"

#include <unistd.h>

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.h"
#include "host/serial/at_port_pump.h"
#include "host/gdb/gdb_server.h"
#include "host/serial/pty_endpoint.h"
#include "host/serial/stdio_endpoint.h"
#include "host/serial/stop_signals.h"
#include "host/serial/tcp_endpoint.h"
#include "host/gdb/modem_monitor.h"
#include "modem/q2686_modem.h"
#include "rig/modem_rig.h"

namespace q2686::cli {

namespace {

void notice(const std::string& text) {
    fmt::print(stderr, "q2686emu: {}\n", text);
    std::fflush(stderr);
}

std::string speed_text(const RunModemOptions& options) {
    if (options.speed.is_max()) return "as fast as possible (--speed max)";
    if (options.speed.factor == 1.0) return "real time (--speed 1)";
    return fmt::format("{}x real time (--speed {})", options.speed.factor, options.speed_text);
}

// Where the port is and who can reach it: the part of the banner that differs per endpoint.
std::string exposure(const SerialEndpoint* endpoint, bool terminal) {
    if (const auto* tcp = dynamic_cast<const TcpEndpoint*>(endpoint)) {
        if (tcp->loopback_only()) return fmt::format("{} (loopback only)", tcp->description());
        return fmt::format("{} (REACHABLE FROM OTHER HOSTS: --allow-remote)", tcp->description());
    }
    if (const auto* pty = dynamic_cast<const PtyEndpoint*>(endpoint))
        return fmt::format("{} (local to this host, no network listener; e.g. minicom -D {})", pty->description(),
                           pty->path());
    return terminal ? "this terminal (stdin/stdout in raw mode; no network listener)"
                    : "stdin/stdout (no network listener)";
}

std::string how_to_quit(bool stdio, bool terminal) {
    if (stdio && terminal) return "quit with Ctrl-] or Ctrl-C";
    if (stdio) return "stops at the end of input, or on Ctrl-C";
    return "quit with Ctrl-C";
}

std::string end_text(const PumpResult& result, const RunModemOptions& options) {
    switch (result.end) {
        case PumpEnd::TimeLimit: return fmt::format("reached the time limit ({})", options.limit_text);
        case PumpEnd::Signal: return fmt::format("interrupted by {}", signal_name(result.signal));
        case PumpEnd::HostQuit: return "quit";
        case PumpEnd::InputEnded: return "end of input; the modem has answered";
        case PumpEnd::Fault: return "firmware fault";
        case PumpEnd::FirmwareExit: return fmt::format("the firmware exited with status {}", result.run.exit_status);
    }
    return "?";
}

void print_summary(const PumpResult& result, const ClockRate& clock) {
    const double virtual_s = clock.to_seconds(result.cycles - result.started);
    fmt::print(stderr, "  virtual time  {:.6f} s ({} cycles at {:.3f} MHz)\n", virtual_s,
               result.cycles - result.started, double(clock.hz) / 1e6);
    fmt::print(stderr, "  AT port       {} bytes in, {} bytes out{}\n", result.bytes_in, result.bytes_out,
               result.bytes_dropped ? fmt::format(" ({} dropped: nobody was reading)", result.bytes_dropped) : "");
    fmt::print(stderr, "  wall time     {:.3f} s ({}x real time)\n", result.wall_seconds,
               result.wall_seconds > 0 ? fmt::format("{:.1f}", virtual_s / result.wall_seconds) : "-");
}

}  // namespace

int run_modem(const RunModemOptions& options) {
    // Everything that can be wrong with the input fails here, before the terminal changes mode.
    ModemSetup setup;
    setup.modem.firmware = options.firmware.empty() ? default_firmware() : options.firmware;
    apply_network_options(options.network, setup);
    apply_modem_options(options.modem, setup);
    ModemRig rig(std::move(setup));
    Q2686Modem& modem = rig.modem();
    const ModemConfig& config = rig.setup().modem;

    std::unique_ptr<SerialEndpoint> endpoint;
    if (!options.at_tcp.empty())
        endpoint = std::make_unique<TcpEndpoint>(options.at_tcp, options.allow_remote);
    else if (options.at_pty)
        endpoint = std::make_unique<PtyEndpoint>();
    const auto trace = TraceSession::start(options.trace, modem.machine());
    std::unique_ptr<GdbServer> gdb;
    if (!options.gdb.empty()) {
        gdb = std::make_unique<GdbServer>(options.gdb, options.gdb_allow_remote, modem.machine());
        add_modem_monitor_commands(gdb->stub(), modem);
        gdb->set_client_observer([&modem](bool connected) { modem.set_halt_on_watchdog(connected); });
    }
    const bool stdio = !endpoint;
    const bool terminal = stdio && ::isatty(STDIN_FILENO);

    const StopSignals signals;
    fmt::print(stderr, "q2686emu: modem AT port on {}, {}{}; {}\n", exposure(endpoint.get(), terminal),
               speed_text(options),
               options.limit != kNever ? fmt::format(", virtual-time limit {}", options.limit_text) : std::string(),
               how_to_quit(stdio, terminal));
    if (trace) fmt::print(stderr, "q2686emu: tracing {}\n", trace->description());
    if (gdb)
        fmt::print(
            stderr, "q2686emu: GDB stub on {} ({}); {}; connect with: gdb-multiarch -ex 'target remote {}' {}\n",
            gdb->description(),
            gdb->loopback_only() ? "loopback only" : "REACHABLE FROM OTHER HOSTS: --gdb-allow-remote",
            options.gdb_wait ? "halted at reset until GDB continues (--gdb-wait)" : "the modem runs until GDB attaches",
            gdb->description(), config.firmware);
    std::fflush(stderr);
    StdioEndpoint* stdio_endpoint = nullptr;
    if (stdio) {
        auto owned = std::make_unique<StdioEndpoint>();  // raw mode from here on
        stdio_endpoint = owned.get();
        endpoint = std::move(owned);
    }
    endpoint->set_notice(notice);
    if (gdb) gdb->set_notice(notice);

    modem.power_on();
    if (gdb && options.gdb_wait) gdb->halt_at_reset();
    PumpOptions pump;
    pump.speed = options.speed;
    pump.until = options.limit;
    pump.stop = &signals.received();
    pump.debug = gdb.get();
    const PumpResult result = pump_at_port(modem, *endpoint, pump);
    if (stdio_endpoint) stdio_endpoint->finish();  // the terminal back to normal before the summary

    if (result.end == PumpEnd::Fault) {
        fmt::print(stderr, "q2686emu: {}",
                   format_fault_report(result.run, &modem.machine().image()->symbols, modem.events(), modem.clock()));
        return 1;
    }
    if (!options.quiet) {
        fmt::print(stderr, "q2686emu: stopped: {}\n", end_text(result, options));
        print_summary(result, modem.clock());
    }
    if (result.end == PumpEnd::FirmwareExit) return result.run.exit_status == 0 ? 0 : 1;
    return 0;
}

}  // namespace q2686::cli
