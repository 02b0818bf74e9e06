#include "bench/cpu_bench.h"

#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/machine.h"

namespace q2686 {

namespace {

const char* mode_name(CycleAccounting accounting, BareMetalCaches caches) {
    if (caches == BareMetalCaches::On) return "cycle accounting, caches on";
    if (caches == BareMetalCaches::OnExact) return "caches on, exact data cache";
    switch (accounting) {
        case CycleAccounting::None: return "raw Unicorn (no hooks)";
        case CycleAccounting::Blocks: return "cycle accounting (block hook)";
        case CycleAccounting::PerInstruction: return "per-instruction code hook";
    }
    return "?";
}

CpuBenchRow run_mode(const ElfImage& image, CycleAccounting accounting, int repeats,
                     BareMetalCaches caches = BareMetalCaches::AsTheImageSets) {
    const char* const name = mode_name(accounting, caches);
    CpuBenchRow row{.mode = name};
    for (int i = 0; i < repeats; ++i) {
        MachineConfig config;
        config.accounting = accounting;
        config.caches = caches;
        Machine machine(config);
        machine.load(image);
        const RunResult result = machine.run(kNever);
        if (result.outcome != RunOutcome::Exited || result.exit_status != 0)
            throw std::runtime_error(
                fmt::format("{}: the workload did not exit cleanly in mode '{}'", image.path, name));
        if (i == 0 || result.wall_seconds < row.wall_seconds) row.wall_seconds = result.wall_seconds;
        row.instructions = result.instructions;
        row.cycles = accounting == CycleAccounting::Blocks ? result.cycles : 0;
    }
    return row;
}

}  // namespace

CpuBenchRow run_cpu_bench_mode(const std::string& elf_path, CycleAccounting accounting, int repeats,
                               BareMetalCaches caches) {
    return run_mode(load_elf_file(elf_path), accounting, repeats, caches);
}

double CpuBenchReport::cache_approximation_error() const {
    if (!caches_exact.cycles) return 0;
    return (static_cast<double>(caches_on.cycles) - static_cast<double>(caches_exact.cycles)) /
           static_cast<double>(caches_exact.cycles);
}

CpuBenchReport run_cpu_bench(const std::string& elf_path, int repeats) {
    const ElfImage image = load_elf_file(elf_path);
    CpuBenchReport report;
    report.workload = elf_path;
    report.repeats = repeats;
    for (CycleAccounting mode : {CycleAccounting::None, CycleAccounting::Blocks, CycleAccounting::PerInstruction})
        report.rows.push_back(run_mode(image, mode, repeats));
    // Raw mode counts nothing: it ran the same deterministic program as the others.
    report.rows[0].instructions = report.rows[1].instructions;
    report.caches_on = run_mode(image, CycleAccounting::Blocks, repeats, BareMetalCaches::On);
    // The reference is slow and its wall time means nothing: one run, for its cycles.
    report.caches_exact = run_mode(image, CycleAccounting::Blocks, 1, BareMetalCaches::OnExact);
    return report;
}

std::string CpuBenchReport::to_table() const {
    std::string out = fmt::format("workload: {} (best of {} runs per mode)\n", workload, repeats);
    out += fmt::format("{:<32} {:>9} {:>12} {:>11} {:>14} {:>8}\n", "mode", "wall s", "instructions", "guest MIPS",
                       "emulated MHz", "vs raw");
    const double raw = rows.empty() ? 0 : rows[0].wall_seconds;
    for (const auto& row : rows) {
        out += fmt::format("{:<32} {:>9.4f} {:>12} {:>11.1f} {:>14} {:>7.2f}x\n", row.mode, row.wall_seconds,
                           row.instructions, row.mips(),
                           row.cycles ? fmt::format("{:.1f}", row.emulated_mhz()) : std::string("-"),
                           raw > 0 ? row.wall_seconds / raw : 0.0);
    }
    for (const CpuBenchRow* row : {&caches_on, &caches_exact})
        if (row->cycles)
            out += fmt::format("{:<32} {:>9.4f} {:>12} {:>11.1f} {:>14.1f} {:>7.2f}x\n", row->mode, row->wall_seconds,
                               row->instructions, row->mips(), row->emulated_mhz(),
                               raw > 0 ? row->wall_seconds / raw : 0.0);
    if (rows.size() > 1 && rows[1].cycles)
        out += fmt::format("virtual time of the workload: {} cycles = {:.3f} s at 104 MHz; real-time factor {:.1f}x\n",
                           rows[1].cycles, rows[1].cycles / 104e6, rows[1].emulated_mhz() / 104.0);
    if (caches_on.cycles)
        out += fmt::format(
            "with the caches on: {} cycles = {:.3f} s ({:.2f}x fewer); exact data cache {} cycles, approximation "
            "error {:+.2f} %\n",
            caches_on.cycles, caches_on.cycles / 104e6,
            rows.size() > 1 ? static_cast<double>(rows[1].cycles) / static_cast<double>(caches_on.cycles) : 0.0,
            caches_exact.cycles, 100 * cache_approximation_error());
    return out;
}

std::string CpuBenchReport::to_json() const {
    // A figure that does not apply (cycles of a mode that does not count them, a ratio to a raw
    // time too short to measure) is null, never a 0 a script would average in.
    auto figure = [](bool applies, auto value) { return applies ? nlohmann::json(value) : nlohmann::json(nullptr); };
    nlohmann::json j;
    j["workload"] = workload;
    j["repeats"] = repeats;
    const double raw = rows.empty() ? 0 : rows[0].wall_seconds;
    j["modes"] = nlohmann::json::array();
    for (const auto& row : rows) {
        const bool timed = row.wall_seconds > 0;
        j["modes"].push_back({{"mode", row.mode},
                              {"wall_s", row.wall_seconds},
                              {"instructions", row.instructions},
                              {"cycles", figure(row.cycles > 0, row.cycles)},
                              {"mips", figure(timed, row.mips())},
                              {"emulated_mhz", figure(timed && row.cycles > 0, row.emulated_mhz())},
                              {"ratio_vs_raw", figure(raw > 0, raw > 0 ? row.wall_seconds / raw : 0.0)}});
    }
    if (rows.size() >= 3) {
        j["cycle_overhead"] = figure(raw > 0, raw > 0 ? rows[1].wall_seconds / raw : 0.0);
        j["per_instruction_overhead"] = figure(raw > 0, raw > 0 ? rows[2].wall_seconds / raw : 0.0);
    }
    if (caches_on.cycles) {
        j["cycles_caches_off"] = rows.size() > 1 ? rows[1].cycles : 0;
        j["cycles_caches_on"] = caches_on.cycles;
        j["cycles_caches_on_exact"] = caches_exact.cycles;
        j["cache_approximation_error"] = cache_approximation_error();
        j["cycle_overhead_caches_on"] = figure(raw > 0, raw > 0 ? caches_on.wall_seconds / raw : 0.0);
    }
    return j.dump(2);
}

}  // namespace q2686
