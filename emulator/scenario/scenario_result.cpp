#include "scenario/scenario_result.h"

#include <sstream>

#include <fmt/format.h>

namespace q2686::scenario {

using nlohmann::json;

const char* to_string(StepResult::Status status) {
    switch (status) {
        case StepResult::Status::Passed: return "passed";
        case StepResult::Status::Failed: return "failed";
        case StepResult::Status::Skipped: return "skipped";
    }
    return "skipped";
}

json to_json(const ScenarioResult& r) {
    json steps = json::array();
    for (const auto& s : r.steps)
        steps.push_back({{"step", s.label},
                         {"line", s.line},
                         {"status", to_string(s.status)},
                         {"virtual_start_s", s.virtual_start_s},
                         {"virtual_s", s.virtual_s},
                         {"wall_s", s.wall_s}});
    json out = {{"file", r.file},
                {"name", r.name},
                {"passed", r.passed},
                {"virtual_s", r.virtual_s},
                {"wall_s", r.wall_s},
                {"trace_hash", r.trace_hash},
                {"trace_events", r.trace_events},
                {"steps", steps},
                {"notes", r.notes}};
    if (!r.error.empty()) out["error"] = r.error;
    if (r.failure) {
        const auto& f = *r.failure;
        out["failure"] = {{"step", f.step},
                          {"line", f.line},
                          {"column", f.column},
                          {"message", f.message},
                          {"expected", f.expected},
                          {"last_lines", f.last_lines},
                          {"virtual_time_s", f.virtual_time_s},
                          {"tls_verdict", f.tls_verdict}};
        if (!f.fault_report.empty()) out["failure"]["fault_report"] = f.fault_report;
    }
    return out;
}

ScenarioResult result_from_json(const json& j) {
    ScenarioResult r;
    r.file = j.at("file").get<std::string>();
    r.name = j.at("name").get<std::string>();
    r.passed = j.at("passed").get<bool>();
    r.virtual_s = j.at("virtual_s").get<double>();
    r.wall_s = j.at("wall_s").get<double>();
    r.trace_hash = j.at("trace_hash").get<std::string>();
    r.trace_events = j.at("trace_events").get<unsigned long long>();
    r.notes = j.at("notes").get<std::vector<std::string>>();
    r.error = j.value("error", std::string());
    r.output = j.value("output", std::string());
    for (const auto& s : j.at("steps")) {
        StepResult step{s.at("step").get<std::string>(), s.at("line").get<int>(),
                        StepResult::Status::Passed,      s.at("virtual_start_s").get<double>(),
                        s.at("virtual_s").get<double>(), s.at("wall_s").get<double>()};
        const std::string status = s.at("status").get<std::string>();
        step.status = status == "failed"    ? StepResult::Status::Failed
                      : status == "skipped" ? StepResult::Status::Skipped
                                            : StepResult::Status::Passed;
        r.steps.push_back(std::move(step));
    }
    if (j.contains("failure")) {
        const auto& f = j.at("failure");
        r.failure = StepFailure{f.at("step").get<std::string>(),
                                f.at("line").get<int>(),
                                f.at("column").get<int>(),
                                f.at("message").get<std::string>(),
                                f.at("expected").get<std::string>(),
                                f.at("last_lines").get<std::vector<std::string>>(),
                                f.at("virtual_time_s").get<double>(),
                                f.at("tls_verdict").get<std::string>(),
                                f.value("fault_report", std::string())};
    }
    return r;
}

std::string text_report(const ScenarioResult& r, bool verbose) {
    std::string out = fmt::format("{} {} ({}) — {:.3f} s virtual, {:.2f} s wall\n", r.passed ? "PASS" : "FAIL", r.name,
                                  r.file, r.virtual_s, r.wall_s);
    if (verbose)
        for (const auto& s : r.steps)
            out += fmt::format("  {:7} line {:<4} {:>11.3f} s  +{:.3f} s  {}\n", to_string(s.status), s.line,
                               s.virtual_start_s, s.virtual_s, s.label);
    for (const auto& note : r.notes) out += fmt::format("  note: {}\n", note);
    if (!r.error.empty()) out += fmt::format("  error: {}\n", r.error);
    if (r.failure) {
        const auto& f = *r.failure;
        out += fmt::format("  {}:{}:{}: step '{}' failed at {:.3f} s virtual\n", r.file, f.line, f.column, f.step,
                           f.virtual_time_s);
        out += fmt::format("    {}\n", f.message);
        if (!f.expected.empty()) out += fmt::format("    expected: {}\n", f.expected);
        if (!f.tls_verdict.empty()) out += fmt::format("    TLS verdict: {}\n", f.tls_verdict);
        if (!f.fault_report.empty()) {
            std::istringstream report(f.fault_report);
            for (std::string line; std::getline(report, line);) out += fmt::format("    {}\n", line);
        }
        if (f.last_lines.empty()) {
            out += "    nothing arrived on the AT port\n";
        } else {
            out += "    last AT lines (> sent, < received):\n";
            for (const auto& line : f.last_lines) out += fmt::format("      {}\n", line);
        }
    }
    return out;
}

}  // namespace q2686::scenario
