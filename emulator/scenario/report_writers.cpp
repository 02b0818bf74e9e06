#include "scenario/report_writers.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "scenario/trace_writer.h"

namespace q2686::scenario {

namespace {

// XML 1.0 text and attribute values: the five entities, and control characters (a firmware
// line may hold any byte) replaced, since XML 1.0 cannot carry them at all.
std::string xml(const std::string& text) {
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default:
                if (c < 0x20 && ch != '\n' && ch != '\t')
                    out += fmt::format("\\x{:02x}", c);
                else
                    out += ch;
        }
    }
    return out;
}

}  // namespace

std::string combined_trace_hash(const std::vector<ScenarioResult>& results) {
    if (results.size() == 1) return results.front().trace_hash;
    std::string all;
    for (const auto& r : results) all += r.trace_hash + "\n";
    return sha256_hex(all);
}

std::string junit_xml(const std::vector<ScenarioResult>& results, const std::string& suite_name) {
    unsigned failures = 0, errors = 0;
    double time = 0;
    for (const auto& r : results) {
        if (!r.error.empty())
            ++errors;
        else if (!r.passed)
            ++failures;
        time += r.wall_s;
    }
    std::string cases;
    for (const auto& r : results) {
        const std::string stem = std::filesystem::path(r.file).stem().string();
        cases += fmt::format("    <testcase name=\"{}\" classname=\"scenarios.{}\" file=\"{}\" time=\"{:.3f}\">\n",
                             xml(r.name), xml(stem), xml(r.file), r.wall_s);
        if (!r.error.empty()) {
            cases += fmt::format("      <error message=\"{}\" type=\"error\">{}</error>\n", xml(r.error),
                                 xml(text_report(r, false)));
        } else if (!r.passed) {
            const std::string message =
                r.failure ? fmt::format("line {}: {}: {}", r.failure->line, r.failure->step, r.failure->message)
                          : "failed";
            cases += fmt::format("      <failure message=\"{}\" type=\"scenario\">{}</failure>\n", xml(message),
                                 xml(text_report(r, true)));
        }
        cases += fmt::format("      <system-out>{}</system-out>\n",
                             xml(fmt::format("virtual time {:.3f} s, trace-hash {}\n", r.virtual_s, r.trace_hash)));
        cases += "    </testcase>\n";
    }
    return fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites name=\"{0}\" tests=\"{1}\" failures=\"{2}\" errors=\"{3}\" time=\"{4:.3f}\">\n"
        "  <testsuite name=\"{0}\" tests=\"{1}\" failures=\"{2}\" errors=\"{3}\" skipped=\"0\" time=\"{4:.3f}\">\n"
        "{5}"
        "  </testsuite>\n"
        "</testsuites>\n",
        xml(suite_name), results.size(), failures, errors, time, cases);
}

std::string json_report(const std::vector<ScenarioResult>& results, const std::string& combined_hash) {
    nlohmann::json list = nlohmann::json::array();
    unsigned passed = 0;
    for (const auto& r : results) {
        list.push_back(to_json(r));
        passed += r.passed ? 1 : 0;
    }
    const nlohmann::json out = {
        {"scenarios", list}, {"passed", passed}, {"failed", results.size() - passed}, {"trace_hash", combined_hash}};
    return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void write_text_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out || !(out << text) || !out.flush()) throw std::runtime_error(fmt::format("cannot write {}", path));
}

}  // namespace q2686::scenario
