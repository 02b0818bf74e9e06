// Running scenario files: which files (folders expanded, --shard), and in how many child
// processes at once (--jobs). Each scenario runs in its own process — a fresh emulator, and a
// crash of one cannot take the others along — started as `q2686emu scenario --child-result
// FILE.json ...` from this same binary; the parent gathers the results in file order, so the
// reports and the combined trace hash do not depend on --jobs or on which finished first.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "scenario/scenario.h"
#include "scenario/scenario_executor.h"
#include "scenario/scenario_result.h"

namespace q2686::scenario {

// Files and folders as given → scenario files: a folder gives its *.yaml and *.yml files
// (not its subfolders), sorted by name; files keep their order. A path that does not exist
// throws InputError "PATH:1:1: ...".
std::vector<std::string> expand_scenario_paths(const std::vector<std::string>& paths);

// "2/5" → {2, 5}; throws InputError unless 1 <= K <= N.
struct Shard {
    unsigned index = 1;
    unsigned count = 1;
};
Shard parse_shard(const std::string& text);
// The K-th of N slices: every N-th file starting with the K-th, in the expanded order — each
// file in exactly one shard, the same one on every machine.
std::vector<std::string> shard_files(const std::vector<std::string>& files, Shard shard);

struct JobOptions {
    unsigned jobs = 1;
    RunOptions run;          // trace_path/pcap_path: per scenario, named by trace_file()/pcap_file()
    std::string executable;  // this binary, for the children
    // Called in file order as results become available.
    std::function<void(const ScenarioResult&)> on_result;
};

// Runs every scenario (already loaded and checked) in child processes, at most `jobs` at once.
std::vector<ScenarioResult> run_jobs(const std::vector<Scenario>& scenarios, const JobOptions& options);

// With several scenarios, --pcap out.pcap gives out.<file stem>.pcap per scenario.
std::string per_scenario_path(const std::string& path, const std::string& scenario_file, bool several);

// The running binary (/proc/self/exe).
std::string self_executable();

}  // namespace q2686::scenario
