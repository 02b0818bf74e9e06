// The caches in the cycle model: small sequences (tests/arm/cycle_sequences.S) and the SHA-256
// workload with the ARM946E-S caches on, as the ROM's boot leaves them (boot_cache_settings).
//
// Linefill cost: an 8-word burst, one N and seven S accesses (ARM DDI 0155A §6.2.4), of which
// the access's own cycle is already in the instruction's cost: wait_n + 7 (1 + wait_s) more.
// A hit costs no wait state at all.
#include <string>

#include <gtest/gtest.h>

#include "core/machine.h"
#include "cpu/cache_model.h"
#include "test_images.h"

using namespace q2686;

namespace {

const MemoryMap kMap;
const MemoryRegion& kFlash = *kMap.find("flash");
const MemoryRegion& kRam = kMap.ram();
constexpr unsigned kAlu = 1, kLdr = 1;

unsigned linefill(const MemoryRegion& r) {
    return r.wait_n + 7 * (1 + r.wait_s);
}

const ElfImage& sequences() {
    static const ElfImage image = load_elf_file(test_image("cycle_sequences.elf"));
    return image;
}

std::uint32_t symbol(const std::string& name) {
    const ElfSymbol* found = sequences().symbols.find(name);
    EXPECT_TRUE(found) << name;
    return found ? found->address : 0;
}

// Instruction-cache lines the sequence's code spans.
unsigned lines_of(const std::string& name) {
    const std::uint32_t first = symbol("seq_" + name), last = symbol("seq_" + name + "_end") - 4;
    return (last / kCacheLineBytes) - (first / kCacheLineBytes) + 1;
}

// Runs seq_<name> on `machine`, returns its cycles.
Cycles run(Machine& machine, const std::string& name) {
    ArmCpu& cpu = machine.cpu();
    for (int r = 0; r < 13; ++r) cpu.set_register(r, symbol("scratch"));
    cpu.set_register(13, symbol("__stack_top"));
    cpu.set_pc(symbol("seq_" + name), false);
    const Cycles before = machine.scheduler().now();
    const CpuStop stop = cpu.run(kNever, symbol("seq_" + name + "_end"));
    EXPECT_EQ(stop.reason, CpuStopReason::UntilAddress) << name;
    return machine.scheduler().now() - before;
}

MachineConfig caches_on(bool exact = false) {
    MachineConfig config;
    config.caches = exact ? BareMetalCaches::OnExact : BareMetalCaches::On;
    return config;
}

RunResult run_sha256(BareMetalCaches caches, Machine** keep = nullptr) {
    MachineConfig config;
    config.caches = caches;
    static std::unique_ptr<Machine> machine;
    machine = std::make_unique<Machine>(config);
    machine->load(load_elf_file(test_image("sha256_quick.elf")));
    if (keep) *keep = machine.get();
    return machine->run(kNever);
}

}  // namespace

TEST(CacheCycles, FlashCodeMissesEachLineOnceThenRunsWithoutWaitStates) {
    Machine machine(caches_on());
    machine.load(sequences());
    const unsigned lines = lines_of("alu_four_in_flash");
    EXPECT_EQ(run(machine, "alu_four_in_flash"), 4 * kAlu + lines * linefill(kFlash));
    EXPECT_EQ(run(machine, "alu_four_in_flash"), 4 * kAlu);  // every line hits now
    EXPECT_EQ(machine.cpu().caches().icache().stats().misses, lines);
}

TEST(CacheCycles, RamCodeFillsFromRamAtRamSpeed) {
    Machine machine(caches_on());
    machine.load(sequences());
    const unsigned lines = lines_of("alu_four_in_ram");
    EXPECT_EQ(run(machine, "alu_four_in_ram"), 4 * kAlu + lines * linefill(kRam));
    EXPECT_EQ(run(machine, "alu_four_in_ram"), 4 * kAlu);
}

TEST(CacheCycles, ALiteralLoadGoesThroughTheDataCache) {
    Machine machine(caches_on());
    machine.load(sequences());
    const unsigned lines = lines_of("ldr_literal_in_flash");
    // The literal lies after the code, in the pool: a data-cache miss of its own.
    EXPECT_EQ(run(machine, "ldr_literal_in_flash"), kLdr + lines * linefill(kFlash) + linefill(kFlash));
    EXPECT_EQ(run(machine, "ldr_literal_in_flash"), kLdr);
    EXPECT_EQ(machine.cpu().caches().dcache().stats().misses, 1u);
    EXPECT_EQ(machine.cpu().caches().dcache().stats().hits, 1u);
}

TEST(CacheCycles, CachesOffKeepTheMemoryMapsWaitStates) {
    Machine machine;  // the reset state of CP15: caches off
    machine.load(sequences());
    EXPECT_EQ(run(machine, "alu_four_in_flash"), 4 * kAlu + kFlash.wait_n + 3 * kFlash.wait_s);
    EXPECT_EQ(run(machine, "alu_four_in_flash"), 4 * kAlu + kFlash.wait_n + 3 * kFlash.wait_s);
    EXPECT_EQ(machine.cpu().caches().icache().stats().misses, 0u);
}

TEST(CacheCycles, ChangingTheCacheStateRecomputesTheBlockCosts) {
    Machine machine;
    machine.load(sequences());
    const Cycles off = run(machine, "alu_four_in_flash");
    EXPECT_GT(machine.cpu().cached_blocks(), 0u);
    machine.cpu().set_cache_settings(boot_cache_settings());
    EXPECT_EQ(machine.cpu().cached_blocks(), 0u);
    run(machine, "alu_four_in_flash");  // fills the lines
    EXPECT_LT(run(machine, "alu_four_in_flash"), off);
    machine.cpu().set_cache_settings(CacheSettings{});
    EXPECT_EQ(run(machine, "alu_four_in_flash"), off);
}

TEST(CacheCycles, ADrainWriteBufferOperationIsSeenAfterItsBlock) {
    Machine machine(caches_on());
    machine.load(sequences());
    run(machine, "mcr_cp15");
    run(machine, "alu_four_in_ram");  // the next block entry applies the MCR (nothing buffered)
    EXPECT_EQ(machine.cpu().caches().write_buffer().stats().stall_cycles, 0u);
}

TEST(CacheCycles, Sha256RunsFasterWithCachesOnAndComputesTheSameDigest) {
    const RunResult off = run_sha256(BareMetalCaches::AsTheImageSets);
    Machine* machine = nullptr;
    const RunResult on = run_sha256(BareMetalCaches::On, &machine);
    ASSERT_EQ(off.outcome, RunOutcome::Exited);
    ASSERT_EQ(on.outcome, RunOutcome::Exited);
    EXPECT_EQ(on.exit_status, 0);
    EXPECT_EQ(on.instructions, off.instructions);
    // Code from flash at 3/1 wait states versus a warm instruction cache.
    EXPECT_LT(on.cycles, off.cycles * 3 / 4);
    const CacheStats& icache = machine->cpu().caches().icache().stats();
    EXPECT_GT(icache.hits, 100 * icache.misses);
}

TEST(CacheCycles, TheDataApproximationStaysWithinOnePercentOfTheExactSimulation) {
    const RunResult approximate = run_sha256(BareMetalCaches::On);
    const RunResult exact = run_sha256(BareMetalCaches::OnExact);
    ASSERT_EQ(exact.outcome, RunOutcome::Exited);
    EXPECT_EQ(exact.instructions, approximate.instructions);
    // The approximation charges the data accesses it cannot place as hits (docs/cycle-model.md
    // gives the measured error).
    const Cycles error =
        exact.cycles > approximate.cycles ? exact.cycles - approximate.cycles : approximate.cycles - exact.cycles;
    EXPECT_LT(error, exact.cycles / 100);
}

TEST(CacheCycles, TheCacheStateFollowsTheCp15TheFirmwareProgrammed) {
    // tests/arm/cp15_sequences.S: regions 1 (flash, I+D cacheable), 5 (RAM, D cacheable and
    // bufferable), then c1 with both caches and round-robin on (the protection unit stays off).
    static const ElfImage image = load_elf_file(test_image("cp15_sequences.elf"));
    Machine machine;
    machine.load(image);
    for (const std::string name : {"program_regions", "enable_caches"}) {
        machine.cpu().set_pc(image.symbols.find("seq_" + name)->address, false);
        ASSERT_EQ(machine.cpu().run(kNever, image.symbols.find("seq_" + name + "_end")->address).reason,
                  CpuStopReason::UntilAddress);
    }
    machine.cpu().run(kNever, image.symbols.find("seq_enable_caches_end")->address + 4);  // one more block
    const CacheSettings& s = machine.cpu().caches().settings();
    EXPECT_TRUE(s.icache);
    EXPECT_TRUE(s.dcache);
    EXPECT_TRUE(s.round_robin);
    EXPECT_FALSE(s.mpu);
    EXPECT_EQ(s.regions[CacheSettings::index_of(kFlash)], (RegionCachePolicy{true, true, false}));
    EXPECT_EQ(s.regions[CacheSettings::index_of(kRam)], (RegionCachePolicy{false, true, true}));
    // With the protection unit off everything is noncachable, nonbufferable (table 6-2).
    EXPECT_FALSE(s.active());
    EXPECT_EQ(s, cache_settings_from(machine.cpu().cp15_state()));
}
