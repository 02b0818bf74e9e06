// The instruction/MMIO trace: what a line holds, which instructions are traced, that tracing
// changes nothing about the run, and the range syntax.
#include "debug/cpu_trace.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "test_images.h"
#include "base/input_error.h"

using namespace q2686;

namespace {
Machine& loaded(Machine& machine, const char* image) {
    machine.load(load_elf_file(test_image(image)));
    return machine;
}
}  // namespace

TEST(CpuTrace, TracesEachInstructionOfAFunctionWithCycleSymbolAndDisassembly) {
    Machine machine;
    loaded(machine, "fault_unmapped.elf");
    const TraceRange range = parse_trace_range("read_register.constprop.0", machine.image()->symbols);
    std::vector<std::string> lines;
    CpuTrace trace(machine, &range, false, [&](const std::string& line) { lines.push_back(line); });
    const RunResult result = machine.run(kNever);
    ASSERT_EQ(result.outcome, RunOutcome::Fault);
    ASSERT_FALSE(lines.empty());
    // The faulting load is the last line: traced before it ran.
    EXPECT_NE(lines.back().find(fmt::format("{:#010x} read_register.constprop.0", result.fault->pc)), std::string::npos)
        << lines.back();
    EXPECT_NE(lines.back().find("ldr"), std::string::npos) << lines.back();
    for (const std::string& line : lines) EXPECT_NE(line.find("read_register"), std::string::npos) << line;
}

TEST(CpuTrace, TracingChangesNeitherResultNorCycles) {
    Machine plain;
    const RunResult reference = loaded(plain, "sha256_quick.elf").run(kNever);
    Machine traced;
    loaded(traced, "sha256_quick.elf");
    const TraceRange range = parse_trace_range("memcpy", traced.image()->symbols);
    std::uint64_t count = 0;
    CpuTrace trace(traced, &range, false, [&](const std::string&) { ++count; });
    const RunResult result = traced.run(kNever);
    EXPECT_EQ(result.exit_status, reference.exit_status);
    EXPECT_EQ(result.cycles, reference.cycles);
    EXPECT_EQ(result.instructions, reference.instructions);
    EXPECT_GT(count, 20u);
    EXPECT_EQ(trace.lines(), count);
}

// MMIO lines are pinned end to end: GdbSession.TraceCpuWritesTheTracedFunctionAndItsMmioAccessesToAFile.

TEST(CpuTrace, RangeSyntaxAndItsErrors) {
    Machine machine;
    loaded(machine, "sha256_quick.elf");
    const SymbolTable& symbols = machine.image()->symbols;
    const TraceRange dash = parse_trace_range("0x100-0x200", symbols);
    EXPECT_EQ(dash.first, 0x100u);
    EXPECT_EQ(dash.last, 0x1ffu);
    const TraceRange plus = parse_trace_range("0x100+16", symbols);
    EXPECT_EQ(plus.last, 0x10fu);
    const TraceRange function = parse_trace_range("compress", symbols);
    EXPECT_EQ(function.first, symbols.find("compress")->address);
    EXPECT_EQ(function.last, function.first + symbols.find("compress")->size - 1);
    for (const char* bad : {"nosuch", "0x200-0x100", "0x100-zz", "0x100+0", "0x1-0x100000000"})
        EXPECT_THROW(parse_trace_range(bad, symbols), InputError) << bad;
}
