// `q2686emu bench cpu`: the three-way CPU benchmark (raw Unicorn, cycle accounting,
// per-instruction hook) on a bare-metal workload.
#include <memory>

#include <fmt/format.h>

#include "bench/cpu_bench.h"
#include "cli/commands.h"

namespace q2686::cli {

namespace {
struct BenchOptions {
    std::string elf;
    int repeats = 3;
    bool json = false;
};
}  // namespace

void add_bench_command(CLI::App& app, Action& action) {
    CLI::App* bench = app.add_subcommand("bench", "Measure emulator performance (ratios measured in one run)");
    bench->require_subcommand(1);
    auto options = std::make_shared<BenchOptions>();
    CLI::App* cpu = bench->add_subcommand(
        "cpu", "Run a bare-metal workload three ways: raw Unicorn, with cycle accounting, with a per-instruction hook");
    cpu->add_option("--elf", options->elf, "Workload ELF (default: the built-in SHA-256 workload)");
    cpu->add_option("--repeat", options->repeats, "Runs per mode; the best is reported")
        ->capture_default_str()
        ->check(CLI::Range(1, 100));
    cpu->add_flag("--json", options->json, "Print one JSON object instead of a table");
    cpu->callback([&action, options] {
        action = [options] {
            const std::string elf = options->elf.empty() ? arm_image_dir() + "/tests/sha256_bench.elf" : options->elf;
            const CpuBenchReport report = run_cpu_bench(elf, options->repeats);
            fmt::print("{}\n", options->json ? report.to_json() : report.to_table());
            return 0;
        };
    });
    add_tls_soak_bench(*bench, action);
}

}  // namespace q2686::cli
