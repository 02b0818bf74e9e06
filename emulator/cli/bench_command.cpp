// `q2686emu bench [all]`: the performance suite of docs/performance.md (bench/bench_suite.h),
// a table of figures against their goals or one JSON object; `q2686emu bench cpu`: the
// three-way CPU benchmark (raw Unicorn, cycle accounting, per-instruction hook) on one
// bare-metal workload.
#include <cstdio>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "bench/bench_suite.h"
#include "base/input_error.h"
#include "bench/cpu_bench.h"
#include "cli/cli_checks.h"
#include "cli/commands.h"
#include "scenario/job_runner.h"
#include "tls/server/test_pki.h"
#include "version.h"

namespace q2686::cli {

namespace {

struct BenchOptions {
    std::string elf;
    int repeats = 3;
    bool json = false;
};

struct SuiteOptions {
    bool quick = false;
    bool json = false;
    std::string scenarios = Q2686_SOURCE_SCENARIO_DIR;
    unsigned jobs = 2;
    std::string qemu = "qemu-system-arm";
    std::string firmware;
    std::string pki_cache;
};

// `bench` and `bench all` take the same options.
void add_suite_options(CLI::App& app, SuiteOptions& o) {
    app.add_flag("--quick", o.quick, "Shorter workloads, fewer repeats, no scenario suite (under a minute)");
    app.add_flag("--json", o.json, "Print one JSON object (docs/performance.md lists its keys) instead of a table");
    app.add_option("--scenarios", o.scenarios, "Scenario folder timed for item 5")->capture_default_str();
    app.add_option("--jobs,-j", o.jobs, "Scenarios run at once")
        ->capture_default_str()
        ->transform(whole_number())
        ->check(CLI::Range(1u, 64u));
    app.add_option("--qemu", o.qemu, "QEMU binary for item 2")->capture_default_str();
    app.add_option("--firmware", o.firmware, "TLS application firmware (default: q2686_app.elf)");
    app.add_option("--pki-cache", o.pki_cache, "Folder of the built-in server's test PKI (default: the user's cache)");
}

int run_suite(const SuiteOptions& o) {
    BenchSuiteOptions options;
    options.quick = o.quick;
    options.image_dir = arm_image_dir();
    options.firmware = o.firmware.empty() ? default_firmware() : o.firmware;
    options.scenario_dir = o.scenarios;
    options.scenario_jobs = o.jobs;
    options.executable = scenario::self_executable();
    options.pki_cache = o.pki_cache.empty() ? TestPki::default_cache_dir() : std::filesystem::path(o.pki_cache);
    options.qemu = o.qemu;
    // Progress on standard error: standard output is the table or the JSON alone.
    options.progress = [](const std::string& line) {
        fmt::print(stderr, "bench: {}\n", line);
        std::fflush(stderr);
    };
    const BenchSuiteReport report = run_bench_suite(options);
    fmt::print("{}\n", o.json ? report.to_json().dump(2) : report.to_table());
    if (report.scenarios && report.scenarios->passed != report.scenarios->scenarios) {
        fmt::print(stderr, "q2686emu: bench: {} of {} scenarios failed (q2686emu scenario {} says which)\n",
                   report.scenarios->scenarios - report.scenarios->passed, report.scenarios->scenarios, o.scenarios);
        return 1;
    }
    return 0;
}

}  // namespace

void add_bench_command(CLI::App& app, Action& action) {
    CLI::App* bench = app.add_subcommand(
        "bench", "Measure emulator performance (ratios measured in one run); without a subcommand: the whole suite");
    bench->require_subcommand(0, 1);
    bench->footer(
        "Every figure is measured in this run on this machine; docs/performance.md explains each and its goal.\n"
        "Examples:\n"
        "  q2686emu bench            the suite: a table of figures, goals, met?\n"
        "  q2686emu bench --quick --json\n"
        "  q2686emu bench cpu --elf my_workload.elf");
    auto suite = std::make_shared<SuiteOptions>();
    add_suite_options(*bench, *suite);
    CLI::App* all = bench->add_subcommand("all", "The whole suite (the same as `bench` alone)");
    add_suite_options(*all, *suite);
    all->callback([&action, suite] { action = [suite] { return run_suite(*suite); }; });
    bench->callback([&action, bench, suite] {
        if (bench->get_subcommands().empty()) action = [suite] { return run_suite(*suite); };
    });

    auto options = std::make_shared<BenchOptions>();
    CLI::App* cpu = bench->add_subcommand(
        "cpu", "Run a bare-metal workload three ways: raw Unicorn, with cycle accounting, with a per-instruction hook");
    cpu->add_option("--elf", options->elf, "Workload ELF (default: the built-in SHA-256 workload)");
    cpu->add_option("--repeat", options->repeats, "Runs per mode; the best is reported")
        ->capture_default_str()
        ->transform(whole_number())
        ->check(CLI::Range(1, 100));
    cpu->add_flag("--json", options->json, "Print one JSON object instead of a table");
    cpu->callback([&action, options] {
        action = [options] {
            const std::string elf = options->elf.empty() ? arm_image_dir() + "/tests/sha256_bench.elf" : options->elf;
            CpuBenchReport report;
            try {
                report = run_cpu_bench(elf, options->repeats);
            } catch (const InputError&) {
                throw;                               // not an ELF, not ARM: exit 2
            } catch (const std::runtime_error& e) {  // the workload faulted or exited non-zero: exit 1
                fmt::print(stderr, "q2686emu: bench cpu: {}\n", e.what());
                return 1;
            }
            fmt::print("{}\n", options->json ? report.to_json() : report.to_table());
            return 0;
        };
    });
    add_tls_soak_bench(*bench, action);
}

}  // namespace q2686::cli
