// The CP15 state a firmware programs with MCR instructions on the emulated ARM946E-S
// (tests/arm/cp15_sequences.S), decoded by read_cp15_state (emulator/cpu/cp15_state.h).
// Register formats: ARM DDI 0201D (ARM946E-S TRM) §2.3.9 tables 2.17/2.18 (c6 regions),
// §2.3.8 tables 2.12/2.13 (c5 extended access permissions), Register 2 (cacheable bits),
// Register 3 (bufferable bits), Register 1 (control).
#include <string>

#include <gtest/gtest.h>

#include "core/machine.h"
#include "test_images.h"

using namespace q2686;

namespace {

const ElfImage& sequences() {
    static const ElfImage image = load_elf_file(test_image("cp15_sequences.elf"));
    return image;
}

// Runs seq_<name> .. seq_<name>_end on the guest CPU (SVC mode, as after reset).
void run_sequence(Machine& machine, const std::string& name) {
    const ElfSymbol* start = sequences().symbols.find("seq_" + name);
    const ElfSymbol* end = sequences().symbols.find("seq_" + name + "_end");
    ASSERT_TRUE(start && end) << "sequence " << name << " not in cp15_sequences.elf";
    machine.cpu().set_pc(start->address, false);
    const CpuStop stop = machine.cpu().run(kNever, end->address);
    ASSERT_EQ(stop.reason, CpuStopReason::UntilAddress)
        << name << ": " << (stop.fault ? stop.fault->what : std::string("did not reach its end"));
}

struct Programmed {
    Machine machine;
    Cp15State state;
    Programmed() {
        machine.load(sequences());
        run_sequence(machine, "program_regions");
        state = machine.cpu().cp15_state();
    }
};

}  // namespace

TEST(Cp15State, ResetStateHasNoRegionsAndTheProtectionUnitOff) {
    Machine machine;
    const Cp15State state = machine.cpu().cp15_state();
    EXPECT_FALSE(state.mpu_enabled());
    EXPECT_FALSE(state.dcache_enabled());
    EXPECT_FALSE(state.icache_enabled());
    for (const ProtectionRegion& region : state.regions) EXPECT_FALSE(region.enabled);
    EXPECT_EQ(state.region_for(0x1000'0000u), nullptr);
}

TEST(Cp15State, RegionRegisterGivesBaseSizeAndEnable) {
    const Programmed p;
    const auto& r = p.state.regions;
    EXPECT_TRUE(r[0].enabled);
    EXPECT_EQ(r[0].base, 0u);
    EXPECT_EQ(r[0].size, std::uint64_t{1} << 32);  // SIZE b11111: 4 GB
    EXPECT_TRUE(r[1].enabled);
    EXPECT_EQ(r[1].size, 8u << 20);  // SIZE b10110: 8 MB
    EXPECT_EQ(r[2].base, 0x0080'0000u);
    EXPECT_EQ(r[2].size, 32u << 10);  // SIZE b01110: 32 KB
    EXPECT_EQ(r[5].base, 0x1000'0000u);
    EXPECT_EQ(r[5].size, 4u << 20);  // SIZE b10101: 4 MB
    EXPECT_FALSE(r[7].enabled);      // enable bit [0] clear; base and size still kept
    EXPECT_EQ(r[7].base, 0x0090'0000u);
    EXPECT_EQ(r[7].size, 16u << 10);
    EXPECT_FALSE(r[3].enabled);  // never written: reset value
}

TEST(Cp15State, CacheableAndBufferableBitsAreOnePerRegion) {
    const Programmed p;
    const auto& r = p.state.regions;
    EXPECT_TRUE(r[1].data_cacheable);  // c2 opcode_2 = 0: 0x22
    EXPECT_TRUE(r[5].data_cacheable);
    EXPECT_FALSE(r[2].data_cacheable);
    EXPECT_TRUE(r[1].instruction_cacheable);  // c2 opcode_2 = 1: 0x06
    EXPECT_TRUE(r[2].instruction_cacheable);
    EXPECT_FALSE(r[5].instruction_cacheable);
    EXPECT_TRUE(r[5].bufferable);  // c3: 0x20
    EXPECT_FALSE(r[1].bufferable);
}

TEST(Cp15State, ExtendedAccessPermissionsAreOneNibblePerRegion) {
    const Programmed p;
    const auto& r = p.state.regions;
    EXPECT_EQ(r[0].data_access, access_permission::kNone);
    EXPECT_EQ(r[1].data_access, access_permission::kReadOnly);
    EXPECT_EQ(r[2].data_access, access_permission::kPrivilegedOnly);
    EXPECT_EQ(r[5].data_access, access_permission::kFull);
    EXPECT_EQ(r[7].data_access, access_permission::kPrivilegedReadOnly);
    EXPECT_EQ(r[1].instruction_access, access_permission::kUserReadOnly);
    EXPECT_EQ(r[2].instruction_access, access_permission::kPrivilegedReadOnly);
    EXPECT_EQ(r[5].instruction_access, access_permission::kFull);
    EXPECT_EQ(r[7].instruction_access, access_permission::kPrivilegedOnly);
}

TEST(Cp15State, HigherNumberedRegionWinsWhereRegionsOverlap) {
    // TRM §4.3: region 1 (flash) over the 4 GB region 0; region 2 (ITCM) over region 0;
    // disabled region 7 (DTCM) takes no part, so region 0 decides there.
    const Programmed p;
    const Cp15State& s = p.state;
    EXPECT_EQ(s.region_for(0x0000'0100u), &s.regions[1]);
    EXPECT_EQ(s.region_for(0x007F'FFFFu), &s.regions[1]);
    EXPECT_EQ(s.region_for(0x0080'0000u), &s.regions[2]);
    EXPECT_EQ(s.region_for(0x0080'8000u), &s.regions[0]);  // one past the 32 KB ITCM region
    EXPECT_EQ(s.region_for(0x0090'0000u), &s.regions[0]);
    EXPECT_EQ(s.region_for(0x103F'FFFFu), &s.regions[5]);
    EXPECT_EQ(s.region_for(0xFFFF'FFFFu), &s.regions[0]);
}

TEST(Cp15State, AddressInNoEnabledRegionIsBackground) {
    ProtectionRegion ram;
    ram.enabled = true;
    ram.base = 0x1000'0000u;
    ram.size = 4u << 20;
    Cp15State state;
    state.regions[3] = ram;
    EXPECT_EQ(state.region_for(0x1000'0000u), &state.regions[3]);
    EXPECT_EQ(state.region_for(0x0FFF'FFFFu), nullptr);
    EXPECT_EQ(state.region_for(0x1040'0000u), nullptr);
}

TEST(Cp15State, ControlRegisterCacheBits) {
    Machine machine;
    machine.load(sequences());
    run_sequence(machine, "enable_caches");
    const Cp15State state = machine.cpu().cp15_state();
    EXPECT_TRUE(state.dcache_enabled());
    EXPECT_TRUE(state.icache_enabled());
    EXPECT_TRUE(state.round_robin());
    EXPECT_FALSE(state.mpu_enabled());
}
