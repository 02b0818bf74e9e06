// Subcommands of the q2686emu CLI. Each registers its options on the app and returns the
// exit code when run: 0 success, 1 the emulated program failed or faulted, 2 bad input,
// 3 an internal error (a bug: main.cpp catches what no check foresaw).
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "base/input_error.h"
#include "images/image_paths.h"

namespace q2686::cli {

using Action = std::function<int()>;

// The command line itself is wrong (a missing argument, say), found when the subcommand runs:
// main prints the message and one hint, "Run 'q2686emu COMMAND --help' for usage.", exit 2.
class UsageError : public InputError {
public:
    UsageError(std::string command, const std::string& message) : InputError(message), command_(std::move(command)) {}
    const std::string& command() const { return command_; }  // "at", "bench cpu"

private:
    std::string command_;
};

// Registers `run` and returns the callback that executes it once parsing succeeded.
void add_run_command(CLI::App& app, Action& action);
void add_bench_command(CLI::App& app, Action& action);
// `bench tls-soak` (cli/tls_soak_command.cpp), registered by add_bench_command.
void add_tls_soak_bench(CLI::App& bench, Action& action);
void add_at_command(CLI::App& app, Action& action);
void add_demo_command(CLI::App& app, Action& action);
void add_gui_command(CLI::App& app, Action& action);
void add_scenario_command(CLI::App& app, Action& action);
void add_fuzz_at_command(CLI::App& app, Action& action);
// `tls-window` (cli/tls_window_command.cpp).
void add_tls_window_command(CLI::App& app, Action& action);

// Where the ARM images are (images/image_paths.h), under the names the commands use.
using images::arm_image_dir;
using images::default_firmware;

}  // namespace q2686::cli
