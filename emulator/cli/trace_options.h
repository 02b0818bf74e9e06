// The CPU trace options of `run` (both modes): --trace-cpu RANGE, --trace-mmio, --trace-file.
// See debug/cpu_trace.h and docs/debugging.md "Instruction trace".
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "debug/cpu_trace.h"

namespace q2686::cli {

struct TraceOptions {
    std::string range;  // empty: no instruction trace
    bool mmio = false;
    std::string file;  // empty: stderr
};

void add_trace_options(CLI::App& command, TraceOptions& options);

// A running trace and the file it writes.
class TraceSession {
public:
    // nullptr when no trace was asked for. Throws InputError for a bad range or file.
    static std::unique_ptr<TraceSession> start(const TraceOptions& options, Machine& machine);
    ~TraceSession();
    TraceSession(const TraceSession&) = delete;
    TraceSession& operator=(const TraceSession&) = delete;
    std::string description() const;  // for the banner

private:
    TraceSession() = default;
    std::FILE* out_ = nullptr;
    bool owns_ = false;
    std::string what_;
    std::unique_ptr<CpuTrace> trace_;
};

}  // namespace q2686::cli
