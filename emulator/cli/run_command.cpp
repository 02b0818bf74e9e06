// `q2686emu run --elf FILE`: run a bare-metal ARM image and report cycles and virtual time.
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.h"
#include "core/input_error.h"
#include "core/machine.h"

namespace q2686::cli {

namespace {

struct RunOptions {
    std::string elf;
    std::uint64_t max_cycles = 0;
    std::string speed = "1";
    std::uint64_t clock_hz = 104'000'000;
    bool quiet = false;
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

int run(const RunOptions& options) {
    const Speed speed = parse_speed(options.speed);
    MachineConfig config;
    config.clock.hz = options.clock_hz;
    config.console = [](int fd, const std::string& text) {
        std::fwrite(text.data(), 1, text.size(), fd == 2 ? stderr : stdout);
        std::fflush(fd == 2 ? stderr : stdout);
    };
    Machine machine(config);
    machine.load(load_elf_file(options.elf));
    const Cycles limit = options.max_cycles ? options.max_cycles : kNever;
    const RunResult result = machine.run(limit, speed);

    const double virtual_s = machine.clock().to_seconds(result.cycles);
    int code = 0;
    switch (result.outcome) {
        case RunOutcome::Exited:
            fmt::print(stderr, "q2686emu: {} exited with status {}\n", options.elf, result.exit_status);
            code = result.exit_status == 0 ? 0 : 1;
            break;
        case RunOutcome::CycleLimit:
            fmt::print(stderr, "q2686emu: stopped at the cycle limit (--max-cycles {})\n", options.max_cycles);
            break;
        case RunOutcome::Stopped:
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
    CLI::App* cmd = app.add_subcommand("run", "Run an ARM ELF image on the emulated ARM946E-S");
    cmd->footer(
        "The image is loaded at its physical addresses (see docs/hardware.md for the memory map) and\n"
        "started at its entry point in SVC mode. It ends by ARM semihosting SYS_EXIT, by a fault\n"
        "(reported with PC, registers and the last events), or at --max-cycles.\n"
        "Example: q2686emu run --elf build/arm/tests/sha256_bench.elf --speed max");
    cmd->add_option("--elf", options->elf, "ARM ELF executable to run")->required();
    cmd->add_option("--max-cycles", options->max_cycles, "Stop after this many CPU cycles of virtual time (0: no limit)");
    cmd->add_option("--speed", options->speed,
                    "'max' (as fast as the host allows) or a factor of real time: 1 = real time, 10 = ten times")
        ->capture_default_str();
    cmd->add_option("--clock-hz", options->clock_hz, "CPU clock in Hz (virtual time = cycles / clock)")
        ->capture_default_str()
        ->check(CLI::Range(std::uint64_t{1'000'000}, std::uint64_t{1'000'000'000}));
    cmd->add_flag("-q,--quiet", options->quiet, "Do not print the cycle/time summary");
    cmd->callback([&action, options] { action = [options] { return run(*options); }; });
}

}  // namespace q2686::cli
