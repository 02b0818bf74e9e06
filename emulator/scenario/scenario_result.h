// ScenarioResult — what one scenario run produced, for the reporters (text, JSON, JUnit) and
// for the parent of a parallel run, which gets it from its child process as JSON. Virtual
// times are seconds of emulated time; wall times are the host's and never enter the trace.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace q2686::scenario {

struct StepResult {
    enum class Status { Passed, Failed, Skipped };
    std::string label;
    int line = 0;
    Status status = Status::Passed;
    double virtual_start_s = 0;  // when the step began, from power-up of the emulator
    double virtual_s = 0;        // how long it took in virtual time
    double wall_s = 0;
};

struct StepFailure {
    std::string step;  // its label
    int line = 0;
    int column = 0;
    std::string message;  // "expected '+WIND: 4' within 10 s"
    std::string expected;
    std::vector<std::string> last_lines;  // the last AT lines received
    double virtual_time_s = 0;
    std::string tls_verdict;   // the last +TLSDONE/+TLSERR line, if any
    std::string fault_report;  // a firmware fault: PC, symbol, address, registers, last events
};

struct ScenarioResult {
    std::string file;
    std::string name;
    bool passed = false;
    std::string error;  // the run could not happen (the firmware faulted, a server failed to start)
    std::optional<StepFailure> failure;
    std::vector<StepResult> steps;
    std::vector<std::string> notes;  // log: steps, in order
    double virtual_s = 0;
    double wall_s = 0;
    std::string trace_hash;
    unsigned long long trace_events = 0;
    std::string output;  // the text report of the run (the parent prints it in file order)
};

const char* to_string(StepResult::Status status);

nlohmann::json to_json(const ScenarioResult& result);
// Throws nlohmann::json::exception on a document that is not one.
ScenarioResult result_from_json(const nlohmann::json& json);

// The human report of one scenario: PASS/FAIL line and, on failure, what was expected, what
// arrived, when, and the TLS verdict.
std::string text_report(const ScenarioResult& result, bool verbose);

}  // namespace q2686::scenario
