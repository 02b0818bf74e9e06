// `q2686emu bench`: the whole performance suite of docs/performance.md in one run, each figure
// measured in this run on this machine and set against its goal —
//   1 cycle-accounting overhead: SHA-256 and wolfCrypt (ECDHE P-256 + RSA-2048 verify) bare-metal
//     workloads, raw Unicorn vs our cycle model (bench/cpu_bench.h);
//   2 the same workloads, ten times longer, under QEMU with and without -icount, under ours and
//     under raw Unicorn (the floor of ours) (bench/qemu_bench.h);
//   3, 4, 6, 7 one modem with the TLS application firmware: real-time factor, full and resumed
//     handshake, 24 h idle, peak memory (bench/modem_bench.h);
//   5 the scenario suite with --jobs 2 (bench/scenario_bench.h), skipped by --quick.
// The items run in that order: the modem first, so the process's peak memory is that of one
// instance, and the scenarios before QEMU, so the children's peak memory is a scenario's.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/cpu_bench.h"
#include "bench/modem_bench.h"
#include "bench/qemu_bench.h"
#include "bench/scenario_bench.h"

namespace q2686 {

struct BenchSuiteOptions {
    bool quick = false;        // shorter workloads, one run each, QEMU on SHA-256 only, no scenario suite
    std::string image_dir;     // the superbuild's ARM images
    std::string firmware;      // the TLS application firmware
    std::string scenario_dir;  // item 5
    unsigned scenario_jobs = 2;
    std::string executable;  // this binary (scenario children)
    std::filesystem::path pki_cache;
    std::string qemu = "qemu-system-arm";
    std::function<void(const std::string&)> progress;  // one line per item as it starts
};

// Where the figures were measured.
struct HostDescription {
    std::string cpu;     // /proc/cpuinfo "model name"
    unsigned cores = 0;  // online processors
    double ram_gib = 0;
    std::string unicorn;  // the Unicorn library's version
    static HostDescription of_this_machine();
};

struct BenchSuiteReport {
    bool quick = false;
    HostDescription host;
    CpuBenchReport sha256, wolfcrypt;
    QemuBenchReport qemu;
    // Ours on the workloads timed under QEMU (ten times longer, cycle accounting on), in the
    // order of qemu.workloads; empty when QEMU is absent.
    std::vector<CpuBenchRow> qemu_ours;
    // Raw Unicorn (no hooks) on the same workloads, same order: the floor of qemu_ours, what
    // even free cycle accounting could not go below on this Unicorn.
    std::vector<CpuBenchRow> qemu_raw;
    ModemBenchReport modem;
    std::optional<ScenarioBenchReport> scenarios;
    std::string scenarios_skipped;  // why, when scenarios is empty
    double wall_s = 0;              // the whole suite

    // One flat JSON object: the figures by key (docs/performance.md lists them), null with a
    // *_reason key for a figure that could not be measured.
    nlohmann::json to_json() const;
    // figure | measured | goal | met?
    std::string to_table() const;
};

// Throws what the items throw (a workload that fails, a modem that does not answer).
BenchSuiteReport run_bench_suite(const BenchSuiteOptions& options);

}  // namespace q2686
