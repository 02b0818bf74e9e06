// Subcommands of the q2686emu CLI. Each registers its options on the app and returns the
// exit code when run: 0 success, 1 the emulated program failed or faulted, 2 bad input.
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace q2686::cli {

using Action = std::function<int()>;

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

// Folder holding the ARM images the superbuild produced (env Q2686_IMAGE_DIR overrides).
std::string arm_image_dir();
// The firmware image the modem boots unless told otherwise.
std::string default_firmware();

}  // namespace q2686::cli
