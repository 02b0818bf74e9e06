#include "cli/trace_options.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/input_error.h"

namespace q2686::cli {

void add_trace_options(CLI::App& command, TraceOptions& options) {
    command.add_option("--trace-cpu", options.range,
                       "Trace every instruction executed in RANGE with its cycle and disassembly: a function "
                       "name, 0xSTART-0xEND or 0xSTART+LENGTH");
    command.add_flag("--trace-mmio", options.mmio, "Trace every MMIO register access (with --trace-cpu or alone)");
    command.add_option("--trace-file", options.file, "Write the trace to FILE instead of stderr");
}

std::unique_ptr<TraceSession> TraceSession::start(const TraceOptions& options, Machine& machine) {
    if (options.range.empty() && !options.mmio) {
        if (!options.file.empty()) throw InputError("--trace-file: nothing to trace; add --trace-cpu or --trace-mmio");
        return nullptr;
    }
    std::unique_ptr<TraceSession> session(new TraceSession);
    std::optional<TraceRange> range;
    if (!options.range.empty()) {
        if (!machine.image()) throw InputError("--trace-cpu: no image loaded");
        range = parse_trace_range(options.range, machine.image()->symbols);
    }
    if (options.file.empty()) {
        session->out_ = stderr;
    } else {
        session->out_ = std::fopen(options.file.c_str(), "w");
        if (!session->out_)
            throw InputError(fmt::format("--trace-file {}: cannot write: {}", options.file, std::strerror(errno)));
        session->owns_ = true;
    }
    std::FILE* out = session->out_;
    const auto sink = [out](const std::string& line) {
        std::fwrite(line.data(), 1, line.size(), out);
        std::fputc('\n', out);
    };
    session->trace_ = std::make_unique<CpuTrace>(machine, range ? &*range : nullptr, options.mmio, sink);
    session->what_ = fmt::format(
        "{}{}{}",
        range ? fmt::format("instructions in {} [{:#010x}, {:#010x}]", range->text, range->first, range->last)
              : std::string(),
        range && options.mmio ? " and " : "", options.mmio ? "MMIO accesses" : "");
    session->what_ += options.file.empty() ? " → stderr" : " → " + options.file;
    return session;
}

TraceSession::~TraceSession() {
    trace_.reset();
    if (owns_ && out_) std::fclose(out_);
}

std::string TraceSession::description() const {
    return what_;
}

}  // namespace q2686::cli
