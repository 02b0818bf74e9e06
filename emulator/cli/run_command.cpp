// `q2686emu run --elf FILE`: run a bare-metal ARM image and report cycles and virtual time.
// `q2686emu run` without --elf: run the modem with its AT port on stdio, a PTY or TCP
// (cli/run_modem.cpp).
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/cli_checks.h"
#include "cli/commands.h"
#include "cli/run_modem.h"
#include "cli/trace_options.h"
#include "base/duration.h"
#include "base/input_error.h"
#include "core/machine.h"
#include "host/gdb/debug_run_loop.h"
#include "host/pacing/paced_run.h"
#include "host/gdb/gdb_server.h"
#include "host/serial/stop_signals.h"

namespace q2686::cli {

namespace {

struct RunOptions {
    std::string elf;
    std::uint64_t max_cycles = 0;
    std::string duration;
    std::string speed = "1";
    std::uint64_t clock_hz = 104'000'000;
    bool quiet = false;
    // Modem mode.
    std::string firmware;
    bool at_pty = false;
    std::string at_tcp;
    bool allow_remote = false;
    std::string gdb;  // empty: no GDB stub
    bool gdb_wait = false;
    bool gdb_allow_remote = false;
    TraceOptions trace;
    NetworkOptions network;
    ModemOptions modem;
};

Speed parse_speed(const std::string& text) {
    if (text == "max") return {0.0};
    try {
        std::size_t used = 0;
        const double factor = std::stod(text, &used);
        if (used == text.size() && factor > 0) return {factor};
    } catch (const std::exception&) {
    }
    throw InputError(fmt::format("--speed {}: expected 'max' or a positive factor of real time (1, 10, 0.5)", text));
}

// The virtual-time limit from --max-cycles and --duration (the earlier wins), and how to name it.
struct Limit {
    Cycles cycles = kNever;
    std::string text;
};

Limit parse_limit(const RunOptions& options, const ClockRate& clock) {
    Limit limit;
    if (options.max_cycles) {
        limit.cycles = options.max_cycles;
        limit.text = fmt::format("--max-cycles {}", options.max_cycles);
    }
    if (!options.duration.empty()) {
        const auto ns = parse_duration_ns(options.duration);
        if (!ns)
            throw InputError(fmt::format("--duration {}: expected a duration of virtual time like 500ms, 30s, 2h",
                                         options.duration));
        if (clock.from_ns(*ns) < limit.cycles) {
            limit.cycles = clock.from_ns(*ns);
            limit.text = fmt::format("--duration {}", options.duration);
        }
    }
    return limit;
}

int run_modem_mode(const RunOptions& options) {
    RunModemOptions modem;
    modem.firmware = options.firmware;
    modem.at_pty = options.at_pty;
    modem.at_tcp = options.at_tcp;
    modem.allow_remote = options.allow_remote;
    modem.gdb = options.gdb;
    modem.gdb_wait = options.gdb_wait;
    modem.gdb_allow_remote = options.gdb_allow_remote;
    modem.trace = options.trace;
    modem.speed = parse_speed(options.speed);
    modem.speed_text = options.speed;
    const Limit limit = parse_limit(options, ClockRate{});
    modem.limit = limit.cycles;
    modem.limit_text = limit.text;
    modem.quiet = options.quiet;
    modem.network = options.network;
    modem.modem = options.modem;
    return run_modem(modem);
}

int run(const RunOptions& options) {
    if (options.elf.empty()) return run_modem_mode(options);
    const Speed speed = parse_speed(options.speed);
    MachineConfig config;
    config.clock.hz = options.clock_hz;
    const Limit limit = parse_limit(options, config.clock);
    config.console = [](int fd, const std::string& text) {
        std::fwrite(text.data(), 1, text.size(), fd == 2 ? stderr : stdout);
        std::fflush(fd == 2 ? stderr : stdout);
    };
    Machine machine(config);
    machine.load(load_elf_file(options.elf));
    const auto trace = TraceSession::start(options.trace, machine);
    if (trace) fmt::print(stderr, "q2686emu: tracing {}\n", trace->description());
    RunResult result;
    if (options.gdb.empty()) {
        result = run_paced(machine, limit.cycles, speed);
    } else {
        GdbServer gdb(options.gdb, options.gdb_allow_remote, machine);
        gdb.set_notice([](const std::string& text) { fmt::print(stderr, "q2686emu: {}\n", text); });
        fmt::print(stderr, "q2686emu: GDB stub on {} ({}); {}; connect with: gdb-multiarch -ex 'target remote {}' {}\n",
                   gdb.description(),
                   gdb.loopback_only() ? "loopback only" : "REACHABLE FROM OTHER HOSTS: --gdb-allow-remote",
                   options.gdb_wait ? "halted at reset until GDB continues (--gdb-wait)" : "running until GDB attaches",
                   gdb.description(), options.elf);
        if (options.gdb_wait) gdb.halt_at_reset();
        const StopSignals signals;
        result = run_with_debugger(machine, gdb, limit.cycles, speed, &signals.received());
    }

    const double virtual_s = machine.clock().to_seconds(result.cycles);
    int code = 0;
    switch (result.outcome) {
        case RunOutcome::Exited:
            fmt::print(stderr, "q2686emu: {} exited with status {}\n", options.elf, result.exit_status);
            code = result.exit_status == 0 ? 0 : 1;
            break;
        case RunOutcome::CycleLimit:
            fmt::print(stderr, "q2686emu: stopped at the cycle limit ({})\n", limit.text);
            break;
        case RunOutcome::Stopped:
        case RunOutcome::Debug:  // only with a debugger attached
            fmt::print(stderr, "q2686emu: stopped\n");
            break;
        case RunOutcome::Fault:
            fmt::print(stderr, "q2686emu: {}",
                       format_fault_report(result, &machine.image()->symbols, machine.events(), machine.clock()));
            code = 1;
            break;
    }
    if (!options.quiet) {
        fmt::print(stderr, "  cycles        {}\n", result.cycles);
        fmt::print(stderr, "  virtual time  {:.6f} s at {:.3f} MHz\n", virtual_s, options.clock_hz / 1e6);
        fmt::print(stderr, "  instructions  {} ({:.2f} cycles per instruction)\n", result.instructions,
                   result.instructions ? double(result.cycles) / double(result.instructions) : 0.0);
        fmt::print(stderr, "  wall time     {:.3f} s ({}x real time)\n", result.wall_seconds,
                   result.wall_seconds > 0 ? fmt::format("{:.1f}", virtual_s / result.wall_seconds) : "-");
    }
    return code;
}

}  // namespace

void add_run_command(CLI::App& app, Action& action) {
    auto options = std::make_shared<RunOptions>();
    CLI::App* cmd =
        app.add_subcommand("run", "Run an ARM ELF image, or the modem with its AT port on stdio, a PTY or TCP");
    cmd->footer(
        "Two modes.\n"
        "\n"
        "--elf FILE: a bare-metal image. It is loaded at its physical addresses (see docs/hardware.md\n"
        "for the memory map) and started at its entry point in SVC mode. It ends by ARM semihosting\n"
        "SYS_EXIT, by a fault (reported with PC, registers and the last events), or at --max-cycles.\n"
        "\n"
        "Without --elf: the modem. It boots the application firmware q2686_app.elf (or --firmware FILE) and keeps\n"
        "running with its AT port (UART1, 115200 8N1) on one host endpoint until interrupted:\n"
        "  (default)      stdin/stdout. On a terminal: raw mode, keys go to the modem as typed, quit\n"
        "                 with Ctrl-] or Ctrl-C. From a pipe: stops once input has ended and the\n"
        "                 modem has been quiet for 1 s of virtual time.\n"
        "  --at-pty       a pseudo-terminal; the banner prints its path for minicom, picocom, pyserial.\n"
        "  --at-tcp ADDR  a TCP listener, one client at a time. ADDR is PORT or HOST:PORT (numeric or\n"
        "                 localhost); port 0 picks a free port, printed in the banner.\n"
        "Exposure: --at-tcp listens on loopback (127.0.0.0/8, ::1) only; any other address is refused\n"
        "unless --allow-remote is given. A PTY is local to this host; stdio opens nothing.\n"
        "The modem runs at real time (--speed 1) unless told otherwise; --speed max lets virtual time\n"
        "race ahead. It stops on Ctrl-C / SIGTERM / SIGHUP, at --duration or --max-cycles of virtual\n"
        "time, or at the end of stdin, then prints a summary on stderr (exit code 0; 1 on a firmware\n"
        "fault). A one-line banner on stderr says where the port is, who can reach it, the speed and\n"
        "how to quit.\n"
        "\n"
        "Examples:\n"
        "  q2686emu run --elf build/arm/tests/sha256_bench.elf --speed max\n"
        "  q2686emu run                                # type AT commands in this terminal\n"
        "  q2686emu run --at-pty                       # then: minicom -D /dev/pts/N (path in banner)\n"
        "  q2686emu run --at-tcp 127.0.0.1:5000        # then: nc -C 127.0.0.1 5000\n"
        "  printf 'AT+CGMI\\r' | q2686emu run --speed max\n"
        "  q2686emu run --at-tcp 0 --duration 10m      # loopback, a free port, 10 virtual minutes\n"
        "  q2686emu run --host echo.test:7=127.0.0.1:7007 --pcap out.pcap   # then AT+WIPCREATE=2,1,\"echo.test\",7\n"
        "  q2686emu run --gdb 1234 --gdb-wait --at-tcp 5000   # then: gdb-multiarch -ex 'target remote :1234' "
        "q2686_app.elf\n"
        "\n"
        "Debugging (both modes; docs/debugging.md):\n"
        "  --gdb ADDR     a GDB remote stub (gdb-multiarch: target remote ADDR). ADDR is PORT or HOST:PORT;\n"
        "                 port 0 picks a free port, printed in the banner. Loopback only: any other address\n"
        "                 is refused unless --gdb-allow-remote is given (a GDB stub reads and writes all\n"
        "                 memory). While GDB holds the modem halted, virtual time stands still: no timeout\n"
        "                 (network, UART, RTC) runs on. With GDB connected, a firmware fault halts the modem\n"
        "                 and reaches GDB as SIGSEGV/SIGILL instead of ending the run.\n"
        "  --gdb-wait     halt at reset, before the first instruction, until GDB continues.\n"
        "  --trace-cpu RANGE   every instruction executed in RANGE (a function name, 0xSTART-0xEND,\n"
        "                 0xSTART+LENGTH) with its cycle, symbol and disassembly; --trace-mmio adds\n"
        "                 every register access; --trace-file FILE instead of stderr. Only RANGE is\n"
        "                 slowed down: the rest of the firmware runs at full speed.\n"
        "\n" +
        std::string(kNetworkHelp));
    CLI::Option* elf = cmd->add_option("--elf", options->elf, "ARM ELF executable to run (bare-metal mode)");
    cmd->add_option("--max-cycles", options->max_cycles,
                    "Stop after this many CPU cycles of virtual time (0: no limit)")
        ->transform(whole_number());
    cmd->add_option("--duration", options->duration,
                    "Stop after this much virtual time (500ms, 30s, 10m, 2h); with --max-cycles the earlier wins");
    cmd->add_option("--speed", options->speed,
                    "'max' (as fast as the host allows) or a factor of real time: 1 = real time, 10 = ten times")
        ->capture_default_str();
    cmd->add_option("--clock-hz", options->clock_hz, "CPU clock in Hz (virtual time = cycles / clock; --elf only)")
        ->capture_default_str()
        ->transform(whole_number())
        ->check(CLI::Range(std::uint64_t{1'000'000}, std::uint64_t{1'000'000'000}))
        ->needs(elf);
    cmd->add_flag("-q,--quiet", options->quiet, "Do not print the cycle/time summary");
    CLI::Option* firmware = cmd->add_option(
        "--firmware", options->firmware, "Modem mode: firmware ELF (default: the application firmware q2686_app.elf)");
    CLI::Option* pty =
        cmd->add_flag("--at-pty", options->at_pty, "Modem mode: AT port on a new pseudo-terminal (path in the banner)");
    CLI::Option* tcp = cmd->add_option("--at-tcp", options->at_tcp,
                                       "Modem mode: AT port on TCP, listening on PORT or HOST:PORT (loopback only)");
    CLI::Option* remote = cmd->add_flag("--allow-remote", options->allow_remote,
                                        "Let --at-tcp listen on a non-loopback address (anyone reaching it drives "
                                        "the modem)");
    CLI::Option* gdb =
        cmd->add_option("--gdb", options->gdb, "GDB remote stub listening on PORT or HOST:PORT (loopback only)");
    CLI::Option* gdb_wait =
        cmd->add_flag("--gdb-wait", options->gdb_wait, "Halt at reset until GDB connects and continues");
    CLI::Option* gdb_remote = cmd->add_flag("--gdb-allow-remote", options->gdb_allow_remote,
                                            "Let --gdb listen on a non-loopback address (anyone reaching it can read "
                                            "and write the modem's memory)");
    add_trace_options(*cmd, options->trace);
    gdb_wait->needs(gdb);
    gdb_remote->needs(gdb);
    elf->excludes(firmware)->excludes(pty)->excludes(tcp)->excludes(remote);
    for (CLI::Option* option : add_network_options(*cmd, options->network)) elf->excludes(option);
    for (CLI::Option* option : add_modem_options(*cmd, options->modem)) elf->excludes(option);
    pty->excludes(tcp);
    remote->needs(tcp);
    cmd->callback([&action, options] { action = [options] { return run(*options); }; });
}

}  // namespace q2686::cli
