// The block-cost cache under host writes (emulator/cpu/block_cost.h, BlockCostCache::forget;
// ArmCpu::write_memory): a DMA transfer or a debugger that writes guest memory drops the cost
// of exactly the blocks it overwrote. Blocks elsewhere keep theirs, so a bus master filling a
// RAM buffer does not send the whole firmware back through Capstone; overwritten code runs
// with the cost of the new instructions.
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "core/machine.h"
#include "test_images.h"

using namespace q2686;

namespace {

BlockCost block(std::uint32_t address, std::uint32_t size) {
    BlockCost cost;
    cost.address = address;
    cost.size = size;
    cost.cycles = size;
    return cost;
}

}  // namespace

TEST(BlockCostCache, ForgetDropsExactlyTheBlocksWithAByteInTheRange) {
    BlockCostCache cache;
    cache.insert(block(0x100, 8));  // [0x100, 0x108)
    cache.insert(block(0x108, 8));  // [0x108, 0x110)
    cache.insert(block(0x200, 4));  // [0x200, 0x204)
    ASSERT_NE(cache.find(0x100, 8), nullptr);

    cache.forget(0x110, 0x200);  // between the blocks: touches none
    EXPECT_EQ(cache.size(), 3u);

    cache.forget(0x107, 0x109);  // the last byte of the first block, the first of the second
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_EQ(cache.find(0x100, 8), nullptr);
    EXPECT_EQ(cache.find(0x108, 8), nullptr);
    ASSERT_NE(cache.find(0x200, 4), nullptr);
    EXPECT_EQ(cache.find(0x200, 4)->cycles, 4u);
}

TEST(BlockCostCache, AForgottenBlockIsAnalysedAgainWhenItComesBack) {
    BlockCostCache cache;
    cache.insert(block(0x100, 8));
    cache.forget(0x100, 0x101);
    EXPECT_EQ(cache.find(0x100, 8), nullptr);
    BlockCost changed = block(0x100, 8);
    changed.cycles = 42;
    cache.insert(changed);
    ASSERT_NE(cache.find(0x100, 8), nullptr);
    EXPECT_EQ(cache.find(0x100, 8)->cycles, 42u);
}

namespace {

struct SequenceMachine {
    ElfImage image = load_elf_file(test_image("cycle_sequences.elf"));
    Machine machine;
    SequenceMachine() { machine.load(image); }
    std::uint32_t symbol(const char* name) const {
        const ElfSymbol* found = image.symbols.find(name);
        EXPECT_TRUE(found) << name;
        return found ? found->address : 0;
    }
    // Cycles of seq_mul .. seq_mul_end, r0-r12 pointing at the RAM scratch buffer.
    Cycles run_mul() {
        ArmCpu& cpu = machine.cpu();
        for (int r = 0; r < 13; ++r) cpu.set_register(r, symbol("scratch"));
        cpu.set_register(13, symbol("__stack_top"));
        cpu.set_pc(symbol("seq_mul"), false);
        const Cycles before = machine.scheduler().now();
        EXPECT_EQ(cpu.run(kNever, symbol("seq_mul_end")).reason, CpuStopReason::UntilAddress);
        return machine.scheduler().now() - before;
    }
};

}  // namespace

TEST(HostWrites, AWriteToDataKeepsEveryCachedBlockCost) {
    SequenceMachine m;
    EXPECT_EQ(m.run_mul(), 2u);  // MUL: 2 cycles (ARM DDI 0222 table 8.2), in ITCM
    const std::size_t cached = m.machine.cpu().cached_blocks();
    ASSERT_GT(cached, 0u);
    const std::vector<std::uint8_t> data(64, 0x5A);
    ASSERT_TRUE(m.machine.cpu().write_memory(m.symbol("scratch"), data));
    EXPECT_EQ(m.machine.cpu().cached_blocks(), cached);
    EXPECT_EQ(m.run_mul(), 2u);
}

TEST(HostWrites, AWriteOverCodeRunsTheNewInstructionsWithTheirOwnCost) {
    SequenceMachine m;
    EXPECT_EQ(m.run_mul(), 2u);
    const std::size_t cached = m.machine.cpu().cached_blocks();
    // MUL r1, r2, r3 becomes MOV r1, r2 (1 cycle), as flash programming or a debugger would.
    constexpr std::uint32_t mov_r1_r2 = 0xE1A01002;
    const std::vector<std::uint8_t> code{mov_r1_r2 & 0xFF, (mov_r1_r2 >> 8) & 0xFF, (mov_r1_r2 >> 16) & 0xFF,
                                         mov_r1_r2 >> 24};
    ASSERT_TRUE(m.machine.cpu().write_memory(m.symbol("seq_mul"), code));
    EXPECT_LT(m.machine.cpu().cached_blocks(), cached);
    EXPECT_EQ(m.run_mul(), 1u);
    EXPECT_EQ(m.machine.cpu().registers().r[1], m.symbol("scratch"));  // r2's value, not r2 * r3
}
