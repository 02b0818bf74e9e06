// `q2686emu gui ARGS...`: runs the desktop front end, q2686emu-gui (gui/), installed beside this
// binary, with the same arguments — so users have one command to remember.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "base/input_error.h"

namespace q2686::cli {

namespace {

std::filesystem::path gui_program() {
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    return (error ? std::filesystem::path(".") : self.parent_path()) / "q2686emu-gui";
}

int run_gui(const std::vector<std::string>& args) {
    const std::filesystem::path program = gui_program();
    std::vector<std::string> argv{program.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> raw;
    for (std::string& a : argv) raw.push_back(a.data());
    raw.push_back(nullptr);
    ::execv(raw[0], raw.data());
    throw InputError(
        fmt::format("cannot start {}: {} (build the q2686emu-gui target)", program.string(), std::strerror(errno)));
}

}  // namespace

void add_gui_command(CLI::App& app, Action& action) {
    auto args = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = app.add_subcommand(
        "gui", "Open the desktop debugging GUI (q2686emu-gui): AT console, clock, TLS, network, CPU panels");
    cmd->prefix_command();  // everything after `gui` goes to q2686emu-gui as is
    cmd->set_help_flag();   // --help too: q2686emu-gui answers it
    cmd->footer("Every argument is passed to q2686emu-gui; `q2686emu gui --help` lists them. docs/gui.md.");
    cmd->callback([&action, args, cmd] {
        *args = cmd->remaining();
        action = [args] { return run_gui(*args); };
    });
}

}  // namespace q2686::cli
