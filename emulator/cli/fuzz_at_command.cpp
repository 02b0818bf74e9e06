// `q2686emu fuzz-at --seconds N --seed S`: boot the modem and stream random and mutated command
// lines into its AT port for N seconds of virtual time (fuzz/at_fuzzer.h). Exit 0 when nothing
// was found, 1 on a finding (its reproducing lines are in the --out file; `--replay FILE`
// sends them again), 2 for bad options.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include <fmt/format.h>

#include "cli/cli_checks.h"
#include "cli/commands.h"
#include "rig/modem_rig.h"
#include "cli/modem_options.h"
#include "base/duration.h"
#include "base/input_error.h"
#include "fuzz/at_fuzzer.h"

namespace q2686::cli {

namespace {

struct FuzzAtOptions {
    double seconds = 60;
    std::uint64_t seed = 1;
    std::string answer_within = "30s";
    std::string boot_timeout = "10s";
    std::string out;
    std::string replay;
    std::string firmware;
    bool transcript = false;
    ModemOptions modem;
};

std::vector<std::string> read_journal(const std::string& path) {
    check_input_file(path, "--replay");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(fmt::format("{}: cannot open", path));
    std::vector<std::string> lines;
    std::string text;
    for (int number = 1; std::getline(in, text); ++number) {
        if (text.empty() || text[0] == '#') continue;
        if (!text.starts_with("> "))
            throw InputError(fmt::format("{}:{}: expected '> LINE' or a '#' comment", path, number));
        const auto line = unescape_at_line(std::string_view(text).substr(2));
        if (!line) throw InputError(fmt::format("{}:{}: bad escape (\\\\ or \\xHH expected)", path, number));
        lines.push_back(*line);
    }
    return lines;
}

int run_fuzz_at(const FuzzAtOptions& options) {
    if (options.seconds <= 0) throw InputError("--seconds: expected a positive number of virtual seconds");
    MachineConfig machine;
    const ClockRate& clock = machine.clock;
    AtFuzzConfig fuzz;
    fuzz.duration = clock.from_ns(static_cast<std::uint64_t>(options.seconds * 1e9));
    fuzz.answer_within = duration_option(options.answer_within, "--answer-within", clock);
    fuzz.boot_within = duration_option(options.boot_timeout, "--boot-timeout", clock);
    fuzz.ignored_within = clock.from_ns(200'000'000);  // 200 ms: the firmware answers AT within a few
    const std::vector<std::string> replay =
        options.replay.empty() ? std::vector<std::string>{} : read_journal(options.replay);
    const std::string out = !options.out.empty()     ? options.out
                            : options.replay.empty() ? fmt::format("fuzz-at-{}.txt", options.seed)
                                                     : options.replay + ".again";

    ModemSetup setup;
    setup.modem.machine = machine;
    setup.modem.firmware = options.firmware.empty() ? default_firmware() : options.firmware;
    apply_modem_options(options.modem, setup);
    // No host network: whatever a fuzzed line asks the WIP stack for never leaves the machine.
    setup.network.reset();
    ModemRig rig(std::move(setup));
    Q2686Modem& modem = rig.modem();
    AtSession& session = rig.session();
    if (options.transcript)
        session.on_entry([](const TranscriptEntry& e) {
            const char* mark = e.kind == TranscriptEntry::Kind::Sent       ? ">"
                               : e.kind == TranscriptEntry::Kind::Received ? "<"
                               : e.kind == TranscriptEntry::Kind::Echo     ? "="
                                                                           : "~";
            fmt::print("{} {}\n", mark, escape_at_line(e.text));
        });

    // The journal: every line is on disk before it is sent, so a host crash leaves its input.
    std::ofstream journal(out, std::ios::binary | std::ios::trunc);
    if (!journal) throw InputError(fmt::format("--out {}: cannot create", out));
    journal << fmt::format("# q2686emu fuzz-at --seed {} --seconds {} --answer-within {}\n", options.seed,
                           options.seconds, options.answer_within);
    journal << "# each '> ' line was sent with CR (\\xHH, \\\\ escapes); replay: q2686emu fuzz-at --replay THIS_FILE\n";
    journal.flush();

    modem.power_on();
    if (!session.wait_for("+WIND: 3", fuzz.boot_within)) {
        fmt::print(stderr, "q2686emu: fuzz-at: the modem did not signal +WIND: 3 within {}\n", options.boot_timeout);
        return 1;
    }
    AtFuzzer fuzzer(modem, session, fuzz, [&journal](const std::string& line) {
        journal << "> " << line << '\n';
        journal.flush();
    });
    const auto finding = options.replay.empty() ? fuzzer.run(options.seed) : fuzzer.replay(replay);
    const AtFuzzStats& s = fuzzer.stats();
    fmt::print(
        "fuzz-at: {} {}: {} lines ({} bytes) in {:.1f} s of virtual time; {} of {} final result codes owed, "
        "{} probes, {} restarts; {} finding{}\n",
        options.replay.empty() ? "seed" : "replay of",
        options.replay.empty() ? std::to_string(options.seed) : options.replay, s.lines, s.bytes,
        clock.to_seconds(s.virtual_time), s.answered, s.expected_answer, s.probes, s.restarts, finding ? 1 : 0,
        finding ? "" : "s");
    if (!finding) {
        journal.close();
        std::filesystem::remove(out);
        return 0;
    }
    journal << fmt::format("# finding: {}\n# line: {}\n", to_string(finding->kind), finding->line);
    for (std::size_t at = 0, end; at < finding->detail.size(); at = end + 1) {
        end = finding->detail.find('\n', at);
        if (end == std::string::npos) end = finding->detail.size();
        journal << "# " << finding->detail.substr(at, end - at) << '\n';
    }
    fmt::print(stderr, "q2686emu: fuzz-at: {} after line {}: {}\n{}\nreproducing input: {}\n", to_string(finding->kind),
               s.lines, finding->line, finding->detail, out);
    return 1;
}

}  // namespace

void add_fuzz_at_command(CLI::App& app, Action& action) {
    auto options = std::make_shared<FuzzAtOptions>();
    CLI::App* cmd = app.add_subcommand(
        "fuzz-at", "Stream random and mutated command lines into the modem's AT port and report faults and hangs");
    cmd->footer(
        "The lines come from --seed alone and the run lasts --seconds of virtual time, so a seed\n"
        "reproduces the same run on any host. A finding is a firmware fault, a watchdog reset, a line\n"
        "whose command lines (AT... or A/) get no final result code within --answer-within, an\n"
        "AT+CGMI probe not answered WAVECOM MODEM and OK, or a host error. Every line is written to\n"
        "--out (default fuzz-at-SEED.txt)\n"
        "before it is sent; the file is removed when nothing was found. Exit code 0 nothing found,\n"
        "1 a finding, 2 bad options. No host network is attached.");
    cmd->add_option("--seconds", options->seconds, "Virtual seconds to fuzz for")->capture_default_str();
    cmd->add_option("--seed", options->seed, "Seed of the line generator")
        ->capture_default_str()
        ->transform(whole_number());
    cmd->add_option("--answer-within", options->answer_within, "Virtual time a final result code may take")
        ->capture_default_str();
    cmd->add_option("--boot-timeout", options->boot_timeout, "Virtual time to wait for +WIND: 3 after a (re)start")
        ->capture_default_str();
    cmd->add_option("--out", options->out, "Where the lines sent (the reproducing input) are written");
    cmd->add_option("--replay", options->replay, "Send the lines of a file --out wrote, with the same checks")
        ->check(CLI::ExistingFile);
    cmd->add_option("--firmware", options->firmware, "Firmware ELF (default: the application firmware q2686_app.elf)");
    cmd->add_flag("--transcript", options->transcript, "Print what was sent and received");
    add_modem_options(*cmd, options->modem);
    cmd->callback([&action, options] { action = [options] { return run_fuzz_at(*options); }; });
}

}  // namespace q2686::cli
