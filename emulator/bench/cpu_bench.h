// CPU benchmark: one bare-metal workload run three ways in the same process —
//   raw       Unicorn with no hooks (the ceiling),
//   blocks    our cycle accounting (block hook + cost cache + scheduler),
//   per-insn  a code hook on every instruction (what per-instruction accounting would cost),
// reporting wall time, guest MIPS, emulated MHz and the ratios against raw.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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
    std::vector<CpuBenchRow> rows;  // raw first
    std::string to_table() const;
    std::string to_json() const;
};

// Throws InputError for a bad ELF and std::runtime_error if the workload does not exit 0.
CpuBenchReport run_cpu_bench(const std::string& elf_path, int repeats);
// One mode only (the comparison with QEMU needs only ours): the best of `repeats` runs.
CpuBenchRow run_cpu_bench_mode(const std::string& elf_path, CycleAccounting accounting, int repeats);

}  // namespace q2686
