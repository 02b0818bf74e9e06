// Regression throughput (docs/performance.md, item 5): a folder of scenario files run as
// `q2686emu scenario --jobs N` runs them — each in its own child process of this binary —
// timed from the first start to the last result: scenarios per wall minute.
#pragma once

#include <filesystem>
#include <string>

namespace q2686 {

struct ScenarioBenchReport {
    std::string folder;
    unsigned jobs = 0;
    unsigned scenarios = 0, passed = 0;
    double wall_s = 0;
    double peak_child_rss_mib = 0;  // the largest scenario process (getrusage RUSAGE_CHILDREN)
    double per_minute() const { return wall_s > 0 ? scenarios * 60.0 / wall_s : 0; }
};

struct ScenarioBenchOptions {
    std::string folder;
    unsigned jobs = 2;
    std::string executable;  // q2686emu, for the children
    std::string default_firmware;
    std::filesystem::path pki_cache;
};

// Throws InputError for a folder without valid scenario files; a failing scenario counts as
// run (passed says how many passed).
ScenarioBenchReport run_scenario_bench(const ScenarioBenchOptions& options);

}  // namespace q2686
