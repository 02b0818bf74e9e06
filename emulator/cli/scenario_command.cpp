// `q2686emu scenario FILE|FOLDER...`: headless regression runs of YAML scenarios
// (docs/scenarios.md). Every file is loaded and checked first — any problem is reported as
// FILE:LINE:COL and the command exits 2 before anything runs; then the scenarios run (one in
// this process, several in child processes, --jobs at a time) and the reports are written.
#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "cli/cli_checks.h"
#include "cli/commands.h"
#include "base/input_error.h"
#include "scenario/job_runner.h"
#include "scenario/report_writers.h"
#include "scenario/scenario_executor.h"
#include "scenario/scenario_loader.h"
#include "scenario/trace_writer.h"
#include "tls/server/test_pki.h"

namespace q2686::cli {

namespace {

using namespace q2686::scenario;

struct ScenarioOptions {
    std::vector<std::string> paths;
    std::string junit, json, trace, pcap, shard, pki_cache, child_result;
    unsigned jobs = 1;
    bool trace_hash = false;
    bool verbose = false;
    bool progress = false;
    bool list = false;
};

int run_scenarios(const ScenarioOptions& o) {
    if (o.paths.empty())
        throw UsageError("scenario",
                         "no scenario to run: give one or more scenario files or folders, "
                         "e.g. q2686emu scenario tests/scenarios");
    // An output file must be writable before the run, not be found unwritable after an hour of it.
    for (auto [path, option] : {std::pair{&o.junit, "--junit"},
                                {&o.json, "--json"},
                                {&o.trace, "--trace"},
                                {&o.pcap, "--pcap"},
                                {&o.child_result, "--child-result"}})
        check_output_file(*path, option);
    std::vector<std::string> files = expand_scenario_paths(o.paths);
    if (!o.shard.empty()) files = shard_files(files, parse_shard(o.shard));

    std::vector<Scenario> scenarios;
    int bad = 0;
    for (const std::string& file : files) {
        try {
            scenarios.push_back(load_scenario_file(file));
        } catch (const InputError& e) {
            std::fprintf(stderr, "q2686emu: error: %s\n", e.what());
            ++bad;
        }
    }
    if (bad) {
        std::fprintf(stderr, "q2686emu: %d of %zu scenario files are not valid; nothing was run\n", bad, files.size());
        return 2;
    }
    if (o.list) {
        for (const auto& s : scenarios) fmt::print("{}\t{}\n", s.file, s.name);
        return 0;
    }

    RunOptions run;
    run.default_firmware = default_firmware();
    run.pki_cache = o.pki_cache.empty() ? TestPki::default_cache_dir() : std::filesystem::path(o.pki_cache);
    run.trace_path = o.trace;
    run.pcap_path = o.pcap;
    run.progress = o.progress;

    if (!o.child_result.empty()) {
        if (scenarios.size() != 1) throw InputError("--child-result takes exactly one scenario file");
        ScenarioResult result = run_scenario(scenarios.front(), run);
        write_text_file(o.child_result, to_json(result).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        return result.passed ? 0 : 1;
    }

    auto print = [&o](const ScenarioResult& r) {
        fmt::print("{}", text_report(r, o.verbose || !r.passed));
        if (o.trace_hash && !r.trace_hash.empty()) fmt::print("  trace-hash {}\n", r.trace_hash);
        std::fflush(stdout);
    };
    std::vector<ScenarioResult> results;
    if (scenarios.empty()) {
        fmt::print("no scenarios in shard {}\n", o.shard);
    } else {
        // Even one scenario runs in a child: if the emulator itself ever crashed, the report
        // would still name the scenario (an <error> in the JUnit file) instead of losing it.
        JobOptions jobs{o.jobs, run, scenario::self_executable(), print};
        results = run_jobs(scenarios, jobs);
    }

    unsigned passed = 0;
    for (const auto& r : results) passed += r.passed ? 1 : 0;
    double wall = 0, virtual_s = 0;
    for (const auto& r : results) {
        wall += r.wall_s;
        virtual_s += r.virtual_s;
    }
    const std::string hash = results.empty() ? sha256_hex("") : combined_trace_hash(results);
    if (!o.junit.empty()) write_text_file(o.junit, junit_xml(results, "q2686emu scenarios"));
    if (!o.json.empty()) write_text_file(o.json, json_report(results, hash));
    fmt::print("{} of {} scenarios passed ({:.1f} s virtual, {:.1f} s wall in the scenarios)\n", passed, results.size(),
               virtual_s, wall);
    if (o.trace_hash) fmt::print("trace-hash: {}\n", hash);
    return passed == results.size() ? 0 : 1;
}

}  // namespace

void add_scenario_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<ScenarioOptions>();
    CLI::App* cmd = app.add_subcommand("scenario", "Run YAML scenarios headless: steps, expectations, reports, traces");
    cmd->footer(
        "Each FILE is a scenario (docs/scenarios.md); a FOLDER stands for its *.yaml files, sorted.\n"
        "A scenario boots its own emulated modem, with the network and TLS servers it describes, and\n"
        "runs its steps in virtual time:\n"
        "  power: on|off   battery: true|false   send: 'AT...'   expect: TEXT|/REGEX/ (within: 10s)\n"
        "  expect-not: TEXT (within: 5s)   wait: 2h   set-rtc: 2026-11-25T10:00:00Z   log: TEXT\n"
        "  network: {registration: denied, csq: 5, loss: 20%, outage: 30s}   server: {...}\n"
        "  tls-connect: {verify: always|once|never}   expect-tls: {outcome: ok|expired|..., within: 60s}\n"
        "  repeat: {times: N, steps: [...]}\n"
        "Every file is checked before anything runs. Several files run in parallel child processes\n"
        "(--jobs), each with its own deterministic emulator; reports list them in file order.\n"
        "Exit code: 0 every scenario passed, 1 any failed, 2 bad input (FILE:LINE:COL: message).\n"
        "Examples:\n"
        "  q2686emu scenario tests/scenarios/rtc_lost_breaks_tls.yaml -v\n"
        "  q2686emu scenario tests/scenarios --jobs 2 --junit report.xml --json report.json\n"
        "  q2686emu scenario tests/scenarios --shard 2/4 --junit shard-2.xml   # the 2nd of 4 CI machines\n"
        "  q2686emu scenario my.yaml --trace my.jsonl --trace-hash             # last line: trace-hash: <hex>");
    // Not ->required(): CLI11 would say "files is required"; run_scenarios says it in the user's words.
    cmd->add_option("FILE", o->paths, "Scenario files or folders");
    cmd->add_option("--junit", o->junit, "Write a JUnit XML report (one testcase per scenario)");
    cmd->add_option("--json", o->json, "Write a JSON report with per-step virtual and wall timings");
    cmd->add_option("--trace", o->trace, "Write the trace (events, AT lines, steps) as JSON lines");
    cmd->add_option("--pcap", o->pcap, "Write the GPRS link's packets (several scenarios: OUT.<file stem>.pcap each)");
    cmd->add_flag("--trace-hash", o->trace_hash,
                  "Print each scenario's trace SHA-256 and, as the last line, 'trace-hash: <hex>' of the run");
    cmd->add_option("--jobs,-j", o->jobs, "Scenarios run at once, each in its own process")
        ->capture_default_str()
        ->transform(whole_number())
        ->check(CLI::Range(1u, 256u));
    cmd->add_option("--shard", o->shard, "Run only the K-th of N slices of the files (K/N, e.g. 2/4), for CI matrices");
    cmd->add_flag("--verbose,-v", o->verbose, "List every step with its virtual time, also for passing scenarios");
    cmd->add_flag("--progress", o->progress, "Print the AT transcript on standard error as it happens");
    cmd->add_flag("--list", o->list, "Check the files and list the scenarios (after --shard) without running them");
    cmd->add_option("--pki-cache", o->pki_cache,
                    "Folder of the built-in servers' test PKI (default: $Q2686_PKI_CACHE or ~/.cache/q2686emu/pki)");
    // How a parallel run's parent gets one child's result; not for users.
    cmd->add_option("--child-result", o->child_result)->group("");
    cmd->callback([&action, o] { action = [o] { return run_scenarios(*o); }; });
}

}  // namespace q2686::cli
