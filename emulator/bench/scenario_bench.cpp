#include "bench/scenario_bench.h"

#include <sys/resource.h>

#include <chrono>

#include <fmt/format.h>

#include "base/input_error.h"
#include "scenario/job_runner.h"
#include "scenario/scenario_loader.h"

namespace q2686 {

ScenarioBenchReport run_scenario_bench(const ScenarioBenchOptions& options) {
    using namespace q2686::scenario;
    std::vector<Scenario> scenarios;
    for (const std::string& file : expand_scenario_paths({options.folder}))
        scenarios.push_back(load_scenario_file(file));
    if (scenarios.empty()) throw InputError(fmt::format("{}: no scenario files (*.yaml) to time", options.folder));

    JobOptions jobs;
    jobs.jobs = options.jobs;
    jobs.run.default_firmware = options.default_firmware;
    jobs.run.pki_cache = options.pki_cache;
    jobs.executable = options.executable;
    const auto start = std::chrono::steady_clock::now();
    const std::vector<ScenarioResult> results = run_jobs(scenarios, jobs);
    ScenarioBenchReport report;
    report.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.folder = options.folder;
    report.jobs = options.jobs;
    report.scenarios = static_cast<unsigned>(results.size());
    for (const ScenarioResult& r : results) report.passed += r.passed ? 1 : 0;
    rusage usage{};
    ::getrusage(RUSAGE_CHILDREN, &usage);
    report.peak_child_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: KiB
    return report;
}

}  // namespace q2686
