// CPU benchmark: one bare-metal workload run three ways in the same process —
//   raw       Unicorn with no hooks (the ceiling),
//   blocks    our cycle accounting (block hook + cost cache + scheduler),
//   per-insn  a code hook on every instruction (what per-instruction accounting would cost),
// reporting wall time, guest MIPS, emulated MHz and the ratios against raw — and, with the
// ARM946E-S caches on as the ROM's boot leaves them (the workloads run without the ROM), the
// cycle accounting again plus one run with the exact data-cache reference, to measure the
// block-entry approximation's error (docs/cycle-model.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/machine.h"
#include "cpu/arm_cpu.h"

namespace q2686 {

struct CpuBenchRow {
    std::string mode;
    double wall_seconds = 0;  // best of the repeats
    std::uint64_t instructions = 0;
    std::uint64_t cycles = 0;  // virtual cycles (0 when the mode does not count them)
    double mips() const { return wall_seconds > 0 ? instructions / wall_seconds / 1e6 : 0; }
    double emulated_mhz() const { return wall_seconds > 0 ? cycles / wall_seconds / 1e6 : 0; }
};

struct CpuBenchReport {
    std::string workload;
    int repeats = 0;
    std::vector<CpuBenchRow> rows;  // raw first; caches as the image sets them (off)
    CpuBenchRow caches_on;          // cycle accounting with the caches on
    CpuBenchRow caches_exact;       // ... with the exact data-cache reference (one run)
    // (approximate - exact) / exact cycles with the caches on.
    double cache_approximation_error() const;
    std::string to_table() const;
    std::string to_json() const;
};

// Throws InputError for a bad ELF and std::runtime_error if the workload does not exit 0.
CpuBenchReport run_cpu_bench(const std::string& elf_path, int repeats);
// One mode only (the comparison with QEMU needs only ours): the best of `repeats` runs.
CpuBenchRow run_cpu_bench_mode(const std::string& elf_path, CycleAccounting accounting, int repeats,
                               BareMetalCaches caches = BareMetalCaches::AsTheImageSets);

}  // namespace q2686
