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
    return fmt::format("q2686emu {} (Unicorn {}.{}, Capstone {}.{}; emulated CPU ARM946E-S at 104 MHz)", Q2686_VERSION,
                       major, minor, cs_major, cs_minor);
}

// "at", "bench cpu": the subcommands parsed so far (CLI11 records one before parsing its
// arguments, so this names the one whose arguments were wrong).
std::string subcommand_path(const CLI::App& app) {
    std::string path;
    for (const CLI::App* at = &app; !at->get_subcommands().empty();) {
        at = at->get_subcommands().back();
        path += (path.empty() ? "" : " ") + at->get_name();
    }
    return path;
}

int usage_error(const std::string& command, const std::string& message) {
    std::fprintf(stderr, "q2686emu: error: %s\n", message.c_str());
    std::fprintf(stderr, "Run 'q2686emu %s%s--help' for usage.\n", command.c_str(), command.empty() ? "" : " ");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "q2686emu — cycle-level emulator of the Wavecom/Sierra Wireless Q2686 GSM/GPRS modem.\n"
        "An emulated ARM946E-S runs real ARM firmware in virtual time (cycles at 104 MHz).\n\n"
        "Exit codes: 0 success, 1 the emulated program failed or faulted (or a check, scenario or\n"
        "command failed), 2 bad input (file, option), 3 internal error (a bug: please report it).\n"
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
    q2686::cli::add_tls_window_command(app, action);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return usage_error(subcommand_path(app), e.what());
    }
    try {
        return action ? action() : 0;
    } catch (const q2686::cli::UsageError& e) {
        return usage_error(e.command(), e.what());
    } catch (const q2686::InputError& e) {
        std::fprintf(stderr, "q2686emu: error: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "q2686emu: internal error: %s\n", e.what());
        return 3;
    }
}
