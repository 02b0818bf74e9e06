// Cycle counts of small ARM sequences (tests/arm/cycle_sequences.S) against the ARM9E-S
// timing tables (ARM DDI 0165 / DDI 0222 "Instruction Cycle Times") plus the wait states of
// our memory map (docs/hardware.md). Every expectation is written as "core cycles + wait
// states" so each number can be traced to the table it comes from.
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "core/machine.h"
#include "test_images.h"

using namespace q2686;

namespace {

// Wait states from the memory map, named as the expectations use them.
const MemoryMap kMap;
const unsigned kRamN = kMap.find("ram")->wait_n;        // data access to RAM, non-sequential
const unsigned kRamS = kMap.find("ram")->wait_s;        // ... sequential (LDM/STM beats)
const unsigned kFlashN = kMap.find("flash")->wait_n;    // instruction fetch, non-sequential
const unsigned kFlashS = kMap.find("flash")->wait_s;    // ... sequential

const ElfImage& sequences() {
    static const ElfImage image = load_elf_file(test_image("cycle_sequences.elf"));
    return image;
}

struct SequenceRun {
    Cycles cycles = 0;
    std::uint64_t instructions = 0;
    ArmRegisters registers;
};

// Runs seq_<name> .. seq_<name>_end with r0-r12 pointing at `scratch` (RAM).
SequenceRun run_sequence(const std::string& name, const std::function<void(ArmCpu&)>& setup = {}) {
    Machine machine;
    machine.load(sequences());
    const ElfSymbol* start = sequences().symbols.find("seq_" + name);
    const ElfSymbol* end = sequences().symbols.find("seq_" + name + "_end");
    const ElfSymbol* scratch = sequences().symbols.find("scratch");
    EXPECT_TRUE(start && end && scratch) << "sequence " << name << " not in cycle_sequences.elf";
    if (!start || !end || !scratch) return {};
    ArmCpu& cpu = machine.cpu();
    for (int r = 0; r < 13; ++r) cpu.set_register(r, scratch->address);
    cpu.set_register(13, sequences().symbols.find("__stack_top")->address);
    if (setup) setup(cpu);
    cpu.set_pc(start->address, false);
    const Cycles before = machine.scheduler().now();
    const std::uint64_t instructions_before = cpu.instructions_executed();
    const CpuStop stop = cpu.run(kNever, end->address);
    EXPECT_EQ(stop.reason, CpuStopReason::UntilAddress)
        << name << ": " << (stop.fault ? stop.fault->what : std::string("did not reach its end"));
    return {machine.scheduler().now() - before, cpu.instructions_executed() - instructions_before, cpu.registers()};
}

Cycles cycles_of(const std::string& name, const std::function<void(ArmCpu&)>& setup = {}) {
    return run_sequence(name, setup).cycles;
}

}  // namespace

// --- data processing: 1 cycle; +1 for a register-specified shift ---
TEST(CycleTiming, DataProcessingTakesOneCycleEach) { EXPECT_EQ(cycles_of("alu_four"), 4u); }
TEST(CycleTiming, ImmediateShiftIsFree) { EXPECT_EQ(cycles_of("alu_shift_by_immediate"), 2u); }
TEST(CycleTiming, RegisterShiftAddsOneCycle) { EXPECT_EQ(cycles_of("alu_shift_by_register"), 1u + 2u); }

// --- loads: 1 cycle + RAM wait; a loaded word used by the next instruction interlocks 1 ---
TEST(CycleTiming, LoadNotUsedNextHasNoInterlock) { EXPECT_EQ(cycles_of("ldr_no_use"), (1 + kRamN) + 1); }
TEST(CycleTiming, LoadWordUsedNextInterlocksOneCycle) { EXPECT_EQ(cycles_of("ldr_use_next"), (1 + kRamN) + 1 + 1); }

// --- branches: 3 cycles (pipeline refill) ---
TEST(CycleTiming, TakenBranchRefillsThePipeline) { EXPECT_EQ(cycles_of("b_taken"), 3u); }
