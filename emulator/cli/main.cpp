// q2686emu — command-line front end of the Q2686 emulator.
#include <cstdio>
#include <cstdlib>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unicorn/unicorn.h>
#include <capstone/capstone.h>

#include "cli/commands.h"
#include "base/input_error.h"
#include "version.h"

namespace {

std::string version_text() {
    unsigned major = 0, minor = 0;
    uc_version(&major, &minor);
    int cs_major = 0, cs_minor = 0;
    cs_version(&cs_major, &cs_minor);
    return fmt::format("q2686emu {} (Unicorn {}.{}, Capstone {}.{}; emulated CPU ARM946E-S at 104 MHz)",
                       Q2686_VERSION, major, minor, cs_major, cs_minor);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "q2686emu — cycle-level emulator of the Wavecom/Sierra Wireless Q2686 GSM/GPRS modem.\n"
        "An emulated ARM946E-S runs real ARM firmware in virtual time (cycles at 104 MHz).\n\n"
        "Exit codes: 0 success, 1 the emulated program failed or faulted, 2 bad input (file, option).\n"
        "Docs: docs/ in the source tree (hardware.md, cycle-model.md).",
        "q2686emu"};
    app.set_version_flag("--version", version_text());
    app.require_subcommand(1);
    app.fallthrough(false);

    q2686::cli::Action action;
    q2686::cli::add_demo_command(app, action);
    q2686::cli::add_at_command(app, action);
    q2686::cli::add_run_command(app, action);
    q2686::cli::add_bench_command(app, action);
    q2686::cli::add_gui_command(app, action);
    q2686::cli::add_scenario_command(app, action);
    q2686::cli::add_fuzz_at_command(app, action);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        std::fprintf(stderr, "Run 'q2686emu --help' for usage.\n");
        return 2;
    }
    try {
        return action ? action() : 0;
    } catch (const q2686::InputError& e) {
        std::fprintf(stderr, "q2686emu: error: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "q2686emu: internal error: %s\n", e.what());
        return 3;
    }
}
