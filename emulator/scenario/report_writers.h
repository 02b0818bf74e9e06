// The reports of a scenario run over several files (docs/scenarios.md "Reports"):
//  * JUnit XML — one <testcase> per scenario (classname scenarios.<file stem>, the scenario's
//    name), a <failure> with the message and the text report, an <error> when the run could not
//    happen, wall time in seconds; the shape Jenkins, GitLab and GitHub test-report actions read.
//  * JSON — every result with per-step virtual and wall timings, and the combined trace hash.
#pragma once

#include <string>
#include <vector>

#include "scenario/scenario_result.h"

namespace q2686::scenario {

std::string junit_xml(const std::vector<ScenarioResult>& results, const std::string& suite_name);
std::string json_report(const std::vector<ScenarioResult>& results, const std::string& combined_hash);

// The run's trace hash: a single scenario's own, or the SHA-256 of the scenarios' hashes, one
// per line in file order (independent of --jobs and of which process ran what).
std::string combined_trace_hash(const std::vector<ScenarioResult>& results);

// Writes `text` to `path`; throws std::runtime_error naming it when it cannot.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace q2686::scenario
