#include "core/machine.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_images.h"

using namespace q2686;

namespace {

RunResult run_image(const std::string& name, Cycles limit, std::string* console = nullptr) {
    MachineConfig config;
    if (console) config.console = [console](int, const std::string& text) { *console += text; };
    Machine machine(config);
    machine.load(load_elf_file(test_image(name)));
    return machine.run(limit);
}

// A device that records the cycle stamp of every access.
class StampRecorder : public MmioDevice {
public:
    std::string_view name() const override { return "stamp-recorder"; }
    std::uint32_t read(std::uint32_t, unsigned, Cycles now) override {
        stamps.push_back(now);
        return 0x1234;
    }
    void write(std::uint32_t, unsigned, std::uint32_t value, Cycles now) override {
        stamps.push_back(now);
        written.push_back(value);
    }
    std::vector<Cycles> stamps;
    std::vector<std::uint32_t> written;
};

}  // namespace

TEST(Machine, Sha256WorkloadRunsToExitAndPrintsItsDigest) {
    std::string console;
    const RunResult result = run_image("sha256_quick.elf", kNever, &console);
    ASSERT_EQ(result.outcome, RunOutcome::Exited);
    EXPECT_EQ(result.exit_status, 0);  // includes the FIPS 180-4 "abc" self-test
    EXPECT_NE(console.find("sha256: "), std::string::npos) << console;
    EXPECT_GT(result.cycles, result.instructions);  // CPI > 1 on ARM9E-S with wait states
}

TEST(Machine, SameImageGivesTheSameCyclesEveryRun) {
    std::string first_console, second_console;
    const RunResult first = run_image("sha256_quick.elf", kNever, &first_console);
    const RunResult second = run_image("sha256_quick.elf", kNever, &second_console);
    EXPECT_EQ(first.cycles, second.cycles);
    EXPECT_EQ(first.instructions, second.instructions);
    EXPECT_EQ(first_console, second_console);
}

TEST(Machine, CycleLimitStopsWithinOneBlock) {
    const Cycles limit = 50'000;
    const RunResult result = run_image("sha256_bench.elf", limit);
    EXPECT_EQ(result.outcome, RunOutcome::CycleLimit);
    EXPECT_GE(result.cycles, limit);
    EXPECT_LT(result.cycles, limit + 200);  // the longest block of the workload costs less
}

TEST(Machine, ScheduledEventFiresAtItsCycleWithinOneBlock) {
    Machine machine;
    machine.load(load_elf_file(test_image("sha256_bench.elf")));
    struct Probe {
        TimedEvent event;
        Machine* machine = nullptr;
        Cycles seen = 0;
        Cycles late = 0;
    } probe;
    probe.machine = &machine;
    probe.event.context = &probe;
    probe.event.callback = [](void* ctx, Cycles late) {
        auto* p = static_cast<Probe*>(ctx);
        p->seen = p->machine->scheduler().now();
        p->late = late;
    };
    machine.scheduler().schedule_at(probe.event, 123'457);
    machine.run(200'000);
    EXPECT_GE(probe.seen, 123'457u);
    EXPECT_EQ(probe.seen - probe.late, 123'457u);
    EXPECT_LT(probe.late, 200u);
}

TEST(Machine, UnmappedReadStopsWithAFaultReport) {
    Machine machine;
    machine.load(load_elf_file(test_image("fault_unmapped.elf")));
    const RunResult result = machine.run(10'000'000);
    ASSERT_EQ(result.outcome, RunOutcome::Fault);
    ASSERT_TRUE(result.fault.has_value());
    EXPECT_EQ(result.fault->address, 0x2000'0000u);
    const std::string report =
        format_fault_report(result, &machine.image()->symbols, machine.events(), machine.clock());
    EXPECT_NE(report.find("read from unmapped address 0x20000000"), std::string::npos) << report;
    EXPECT_NE(report.find("read_register"), std::string::npos) << report;  // the faulting function
    EXPECT_NE(report.find("cpsr"), std::string::npos) << report;
}

TEST(Machine, MmioAccessIsStampedWithTheCycleOfItsInstruction) {
    Machine machine;
    StampRecorder device;
    machine.mmio().attach(0, MmioBus::kPageSize, device);
    machine.load(load_elf_file(test_image("cycle_sequences.elf")));
    const auto& symbols = machine.image()->symbols;
    machine.cpu().set_pc(symbols.find("seq_mmio_stamp")->address, false);
    const Cycles start = machine.scheduler().now();
    machine.cpu().run(kNever, symbols.find("seq_mmio_stamp_end")->address);
    // mov, add, add (3 cycles) then STR: stamped at +3. The STR takes 1 + 2 MMIO wait states,
    // so the LDR after it is stamped at +3 +3 = +6.
    const unsigned mmio_wait = MemoryMap().mmio().wait_n;
    ASSERT_EQ(device.stamps.size(), 2u);
    EXPECT_EQ(device.stamps[0] - start, 3u);
    EXPECT_EQ(device.stamps[1] - start, 3u + 1 + mmio_wait);
    EXPECT_EQ(device.written, (std::vector<std::uint32_t>{9}));
    EXPECT_EQ(machine.scheduler().now() - start, 3u + 2 * (1 + mmio_wait));
    EXPECT_EQ(machine.cpu().registers().r[3], 0x1234u);
}

TEST(Machine, AccessToAnUnmappedMmioPageIsLoggedNotFatal) {
    Machine machine;  // no device attached
    machine.load(load_elf_file(test_image("cycle_sequences.elf")));
    const auto& symbols = machine.image()->symbols;
    machine.cpu().set_pc(symbols.find("seq_mmio_stamp")->address, false);
    const CpuStop stop = machine.cpu().run(kNever, symbols.find("seq_mmio_stamp_end")->address);
    EXPECT_EQ(stop.reason, CpuStopReason::UntilAddress);
    ASSERT_EQ(machine.events().recent().size(), 2u);
    EXPECT_EQ(machine.events().recent()[0].kind, EventKind::GuestError);
    EXPECT_NE(machine.events().recent()[0].text.find("0x80000000"), std::string::npos);
}
