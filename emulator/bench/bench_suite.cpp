#include "bench/bench_suite.h"

#include <unistd.h>

#include <chrono>
#include <fstream>

#include <fmt/format.h>
#include <unicorn/unicorn.h>

#include "scenario/job_runner.h"

namespace q2686 {

namespace {

// One figure of the report: its JSON key, what the table calls it, the value (nullopt with a
// reason when it could not be measured) and its goal (docs/performance.md), if it has one.
struct Figure {
    const char* key;
    std::string label;
    std::optional<double> value;
    std::string reason;       // when !value
    const char* format;       // fmt spec of the value in the table, unit included
    std::string goal;         // "" when the figure has none
    std::optional<bool> met;  // with a goal and a value
};

double ratio(double numerator, double denominator) {
    return denominator > 0 ? numerator / denominator : 0;
}

// Sums of the best wall times of the two workloads, per mode (0 raw, 1 cycle accounting, 2 per-insn).
double cpu_wall(const BenchSuiteReport& r, std::size_t mode) {
    return r.sha256.rows.at(mode).wall_seconds + r.wolfcrypt.rows.at(mode).wall_seconds;
}

std::vector<Figure> figures(const BenchSuiteReport& r) {
    std::vector<Figure> f;
    auto at_most = [](double v, double goal) { return std::optional<bool>(v <= goal); };
    auto at_least = [](double v, double goal) { return std::optional<bool>(v >= goal); };

    const double overhead = ratio(cpu_wall(r, 1), cpu_wall(r, 0));
    const double sha = ratio(r.sha256.rows[1].wall_seconds, r.sha256.rows[0].wall_seconds);
    const double wolf = ratio(r.wolfcrypt.rows[1].wall_seconds, r.wolfcrypt.rows[0].wall_seconds);
    f.push_back({"cycle_overhead", "1 cycle accounting ÷ raw Unicorn, both workloads", overhead, "", "{:.2f}x",
                 "<= 1.2x", at_most(overhead, 1.2)});
    f.push_back({"cycle_overhead_sha256", "  SHA-256", sha, "", "{:.2f}x", "<= 1.2x", at_most(sha, 1.2)});
    f.push_back({"cycle_overhead_wolfcrypt", "  wolfCrypt ECDHE P-256 + RSA-2048 verify", wolf, "", "{:.2f}x",
                 "<= 1.2x", at_most(wolf, 1.2)});
    f.push_back({"per_instruction_overhead", "  a per-instruction hook ÷ raw (for comparison)",
                 ratio(cpu_wall(r, 2), cpu_wall(r, 0)), "", "{:.2f}x", "", std::nullopt});
    // The same accounting with the ARM946E-S caches on (as the ROM's boot leaves them).
    const double cached = ratio(r.sha256.caches_on.wall_seconds + r.wolfcrypt.caches_on.wall_seconds, cpu_wall(r, 0));
    f.push_back({"cycle_overhead_caches_on", "  cycle accounting with the caches on ÷ raw", cached, "", "{:.2f}x",
                 "<= 1.3x", at_most(cached, 1.3)});
    f.push_back({"cache_approximation_error_sha256", "  data-cache approximation vs exact, SHA-256 cycles",
                 100 * r.sha256.cache_approximation_error(), "", "{:+.2f} %", "", std::nullopt});
    f.push_back({"cache_approximation_error_wolfcrypt", "  data-cache approximation vs exact, wolfCrypt cycles",
                 100 * r.wolfcrypt.cache_approximation_error(), "", "{:+.2f} %", "", std::nullopt});

    if (r.qemu.absent) {
        f.push_back({"qemu_icount_ratio", "2 ours ÷ QEMU -icount shift=0", std::nullopt, *r.qemu.absent, "", "<= 1.0x",
                     std::nullopt});
        f.push_back(
            {"qemu_ratio", "  ours ÷ QEMU without -icount", std::nullopt, *r.qemu.absent, "", "", std::nullopt});
        f.push_back({"raw_unicorn_qemu_icount_ratio", "  raw Unicorn (no hooks) ÷ QEMU -icount: the floor",
                     std::nullopt, *r.qemu.absent, "", "", std::nullopt});
    } else {
        double qemu = 0, qemu_icount = 0, ours = 0, raw = 0;
        for (const auto& w : r.qemu.workloads) {
            qemu += w.wall_s;
            qemu_icount += w.icount_wall_s;
        }
        for (const auto& row : r.qemu_ours) ours += row.wall_seconds;
        for (const auto& row : r.qemu_raw) raw += row.wall_seconds;
        const double icount_ratio = ratio(ours, qemu_icount);
        const char* const label =
            r.quick ? "2 ours ÷ QEMU -icount shift=0, SHA-256" : "2 ours ÷ QEMU -icount shift=0, both workloads";
        f.push_back({"qemu_icount_ratio", label, icount_ratio, "", "{:.2f}x", "<= 1.0x", at_most(icount_ratio, 1.0)});
        f.push_back(
            {"qemu_ratio", "  ours ÷ QEMU without -icount", ratio(ours, qemu), "", "{:.2f}x", "", std::nullopt});
        // The same workloads with no hook at all: what qemu_icount_ratio would be if cycle
        // accounting cost nothing. Above 1.0 the goal is out of reach of this Unicorn build.
        f.push_back({"raw_unicorn_qemu_icount_ratio", "  raw Unicorn (no hooks) ÷ QEMU -icount: the floor",
                     ratio(raw, qemu_icount), "", "{:.2f}x", "", std::nullopt});
    }

    const double realtime = r.modem.realtime_factor();
    const CpuBenchRow& wolf_blocks = r.wolfcrypt.rows[1];
    const double cpu_bound = wolf_blocks.emulated_mhz() / 104.0;
    f.push_back({"realtime_factor", "3 real-time factor: boot + HTTPS request", realtime, "", "{:.1f}x", ">= 10x",
                 at_least(realtime, 10)});
    f.push_back({"realtime_factor_cpu_bound", "  real-time factor, CPU busy (wolfCrypt workload)", cpu_bound, "",
                 "{:.1f}x", ">= 10x", at_least(cpu_bound, 10)});
    f.push_back({"handshake_full_wall_s", "4 full handshake, wall", r.modem.full.wall_s, "", "{:.3f} s", "<= 0.25 s",
                 at_most(r.modem.full.wall_s, 0.25)});
    f.push_back({"handshake_full_virtual_s", "  full handshake, virtual", r.modem.full.virtual_s, "", "{:.3f} s", "",
                 std::nullopt});
    f.push_back({"handshake_resumed_wall_s", "  resumed handshake, wall", r.modem.resumed.wall_s, "", "{:.3f} s", "",
                 std::nullopt});
    f.push_back({"handshake_resumed_virtual_s", "  resumed handshake, virtual", r.modem.resumed.virtual_s, "",
                 "{:.3f} s", "", std::nullopt});

    if (r.scenarios)
        f.push_back(
            {"scenarios_per_minute",
             fmt::format("5 scenarios per minute ({} files, --jobs {})", r.scenarios->scenarios, r.scenarios->jobs),
             r.scenarios->per_minute(), "", "{:.1f}", "", std::nullopt});
    else
        f.push_back({"scenarios_per_minute", "5 scenarios per minute", std::nullopt, r.scenarios_skipped, "", "",
                     std::nullopt});

    f.push_back({"idle_24h_wall_s", "6 24 h idle wait, wall", r.modem.idle_wall_s, "", "{:.3f} s", "<= 0.5 s",
                 at_most(r.modem.idle_wall_s, 0.5)});
    f.push_back({"peak_rss_mib", "7 peak resident memory, one modem instance", r.modem.peak_rss_mib, "", "{:.1f} MiB",
                 "", std::nullopt});
    if (r.scenarios)
        f.push_back({"scenario_peak_rss_mib", "  the largest scenario process", r.scenarios->peak_child_rss_mib, "",
                     "{:.1f} MiB", "", std::nullopt});
    return f;
}

std::string read_cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("model name")) {
            const auto colon = line.find(':');
            if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
        }
    return "unknown";
}

}  // namespace

HostDescription HostDescription::of_this_machine() {
    HostDescription h;
    h.cpu = read_cpu_model();
    h.cores = static_cast<unsigned>(::sysconf(_SC_NPROCESSORS_ONLN));
    h.ram_gib = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE)) /
                (1024.0 * 1024.0 * 1024.0);
    unsigned major = 0, minor = 0;
    uc_version(&major, &minor);
    h.unicorn = fmt::format("{}.{}", major, minor);
    return h;
}

BenchSuiteReport run_bench_suite(const BenchSuiteOptions& o) {
    const auto start = std::chrono::steady_clock::now();
    auto progress = [&o](const std::string& line) {
        if (o.progress) o.progress(line);
    };
    BenchSuiteReport r;
    r.quick = o.quick;
    r.host = HostDescription::of_this_machine();

    // A mistyped scenario folder is reported before a minute of measuring, not after it.
    if (!o.quick) scenario::expand_scenario_paths({o.scenario_dir});

    progress("modem: boot, two HTTPS requests (full, resumed), 24 h idle");
    r.modem = run_modem_bench({o.firmware, o.pki_cache});

    if (o.quick) {
        r.scenarios_skipped = "skipped by --quick";
    } else {
        progress(fmt::format("scenarios: {} with --jobs {}", o.scenario_dir, o.scenario_jobs));
        r.scenarios = run_scenario_bench({o.scenario_dir, o.scenario_jobs, o.executable, o.firmware, o.pki_cache});
    }

    // --quick: one round of the wolfCrypt workload instead of three, one run per mode.
    const std::string wolfcrypt = o.quick ? "crypto_quick" : "crypto_bench";
    const int repeats = o.quick ? 1 : 3;
    progress(
        "cpu: SHA-256 and wolfCrypt workloads, raw Unicorn / cycle accounting / per-instruction hook / caches on / "
        "exact data cache");
    r.sha256 = run_cpu_bench(o.image_dir + "/tests/sha256_bench.elf", repeats);
    r.wolfcrypt = run_cpu_bench(o.image_dir + "/firmware/" + wolfcrypt + ".elf", repeats);

    progress(fmt::format("qemu: the workloads ten times longer under {} -M versatilepb -cpu arm946", o.qemu));
    // Image paths without ".elf": ours is STEM.elf, QEMU's twin STEM_qemu.elf. --quick times
    // SHA-256 alone.
    std::vector<QemuWorkload> long_workloads = {{"sha256", o.image_dir + "/tests/sha256_long"}};
    if (!o.quick) long_workloads.push_back({"wolfcrypt", o.image_dir + "/firmware/crypto_long"});
    std::vector<QemuWorkload> qemu_images;
    for (const QemuWorkload& w : long_workloads) qemu_images.push_back({w.name, w.elf + "_qemu.elf"});
    r.qemu = run_qemu_bench(qemu_images, o.image_dir + "/tests/empty_qemu.elf", o.quick ? 2 : 5, o.qemu);
    if (!r.qemu.absent) {
        progress("qemu: the same workloads under ours");
        for (const QemuWorkload& w : long_workloads) {
            r.qemu_ours.push_back(run_cpu_bench_mode(w.elf + ".elf", CycleAccounting::Blocks, o.quick ? 1 : 2));
            r.qemu_raw.push_back(run_cpu_bench_mode(w.elf + ".elf", CycleAccounting::None, o.quick ? 1 : 2));
        }
    }
    r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

nlohmann::json BenchSuiteReport::to_json() const {
    nlohmann::json j;
    std::vector<std::string> unmet;
    for (const Figure& f : figures(*this)) {
        if (f.value) {
            j[f.key] = *f.value;
        } else {
            j[f.key] = nullptr;
            j[std::string(f.key) + "_reason"] = f.reason;
        }
        if (f.met && !*f.met) unmet.push_back(f.key);
    }
    j["goals_not_met"] = unmet;
    j["handshake_full_cpu_cycles"] = modem.full.cpu_cycles;
    j["handshake_resumed_cpu_cycles"] = modem.resumed.cpu_cycles;
    j["handshake_tls"] = fmt::format("{} {}", modem.full.version, modem.full.cipher);
    j["tls_server"] = modem.server;
    j["session_virtual_s"] = modem.session_virtual_s;
    j["session_wall_s"] = modem.session_wall_s;
    j["emulated_mhz_cpu_bound"] = wolfcrypt.rows[1].emulated_mhz();
    j["sha256_cycles_caches_off"] = sha256.rows[1].cycles;
    j["sha256_cycles_caches_on"] = sha256.caches_on.cycles;
    j["wolfcrypt_cycles_caches_off"] = wolfcrypt.rows[1].cycles;
    j["wolfcrypt_cycles_caches_on"] = wolfcrypt.caches_on.cycles;
    if (!qemu.absent) {
        j["qemu_startup_s"] = qemu.startup_s;
        j["qemu_icount_startup_s"] = qemu.startup_icount_s;
        for (std::size_t i = 0; i < qemu.workloads.size(); ++i)
            j["qemu_workloads"].push_back({{"name", qemu.workloads[i].name},
                                           {"instructions", qemu_ours.at(i).instructions},
                                           {"qemu_wall_s", qemu.workloads[i].wall_s},
                                           {"qemu_icount_wall_s", qemu.workloads[i].icount_wall_s},
                                           {"ours_wall_s", qemu_ours.at(i).wall_seconds},
                                           {"raw_unicorn_wall_s", qemu_raw.at(i).wall_seconds},
                                           {"raw_unicorn_qemu_icount_ratio",
                                            ratio(qemu_raw.at(i).wall_seconds, qemu.workloads[i].icount_wall_s)}});
    }
    if (scenarios) j["scenarios_passed"] = fmt::format("{} of {}", scenarios->passed, scenarios->scenarios);
    j["workloads"] = {{"sha256", nlohmann::json::parse(sha256.to_json())},
                      {"wolfcrypt", nlohmann::json::parse(wolfcrypt.to_json())}};
    j["quick"] = quick;
    j["bench_wall_s"] = wall_s;
    j["machine"] = {{"cpu", host.cpu}, {"cores", host.cores}, {"ram_gib", host.ram_gib}, {"unicorn", host.unicorn}};
    return j;
}

std::string BenchSuiteReport::to_table() const {
    std::string out = fmt::format("q2686emu bench{}: {}, {} cores, {:.1f} GiB RAM, Unicorn {}\n\n",
                                  quick ? " --quick" : "", host.cpu, host.cores, host.ram_gib, host.unicorn);
    out += fmt::format("{:<58} {:>12} {:>9} {:>5}\n", "figure", "measured", "goal", "met?");
    for (const Figure& f : figures(*this)) {
        const std::string measured = f.value ? fmt::format(fmt::runtime(f.format), *f.value) : std::string("-");
        out += fmt::format("{:<58} {:>12} {:>9} {:>5}\n", f.label, measured, f.goal.empty() ? "-" : f.goal,
                           f.met ? (*f.met ? "yes" : "NO") : "");
        if (!f.value) out += fmt::format("    ({})\n", f.reason);
    }
    out += "\n";
    out += fmt::format("handshakes: {} {} with {}; CPU cycles {} full, {} resumed\n", modem.full.version,
                       modem.full.cipher, modem.server, modem.full.cpu_cycles, modem.resumed.cpu_cycles);
    out += fmt::format("boot + first request: {:.2f} s virtual in {:.2f} s wall\n", modem.session_virtual_s,
                       modem.session_wall_s);
    if (!qemu.absent) {
        out += fmt::format("QEMU start-up subtracted: {:.3f} s, {:.3f} s with -icount\n", qemu.startup_s,
                           qemu.startup_icount_s);
        for (std::size_t i = 0; i < qemu.workloads.size(); ++i) {
            const QemuWorkloadTiming& w = qemu.workloads[i];
            const CpuBenchRow& ours = qemu_ours.at(i);
            const CpuBenchRow& raw = qemu_raw.at(i);
            out += fmt::format(
                "  {} ({} instructions): QEMU {:.3f} s, -icount {:.3f} s, ours {:.3f} s ({:.0f} MIPS), "
                "raw Unicorn {:.3f} s ({:.0f} MIPS, {:.2f}x -icount)\n",
                w.name, ours.instructions, w.wall_s, w.icount_wall_s, ours.wall_seconds, ours.mips(), raw.wall_seconds,
                ratio(static_cast<double>(ours.instructions), raw.wall_seconds) / 1e6,
                ratio(raw.wall_seconds, w.icount_wall_s));
        }
    }
    if (scenarios)
        out += fmt::format("scenarios: {} of {} passed in {:.1f} s wall\n", scenarios->passed, scenarios->scenarios,
                           scenarios->wall_s);
    out += "\n" + sha256.to_table() + "\n" + wolfcrypt.to_table();
    out += fmt::format("\nthe suite took {:.1f} s\n", wall_s);
    return out;
}

}  // namespace q2686
