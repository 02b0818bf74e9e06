// The ARM946E-S write buffer (ARM DDI 0155A §6.5): a 16-entry FIFO of address and data
// entries, draining at the speed of the memory written; the core stalls only when a store
// does not fit, or when an access must wait for the buffer to empty.
#include <gtest/gtest.h>

#include "bus/memory_map.h"
#include "cpu/write_buffer.h"

using namespace q2686;

namespace {

const MemoryMap kMap;
const MemoryRegion& kRam = kMap.ram();
const MemoryRegion& kFlash = *kMap.find("flash");
// A word to RAM leaves the buffer in one non-sequential access: 1 + wait_n cycles.
const unsigned kRamWord = 1 + kRam.wait_n;

}  // namespace

TEST(WriteBuffer, AStoreIntoAnEmptyBufferCostsTheCoreNothing) {
    WriteBuffer wb;
    EXPECT_EQ(wb.push(0, 1, kRam.wait_n, kRam.wait_s), 0u);
    EXPECT_EQ(wb.occupancy(0), 2u);         // an address entry and a data entry
    EXPECT_EQ(wb.occupancy(kRamWord), 0u);  // gone once the bus wrote it
}

TEST(WriteBuffer, DrainsABurstAtTheRegionsSequentialSpeed) {
    WriteBuffer wb;
    // STM of 4 words to flash-speed memory: one N access, three S accesses.
    wb.push(0, 4, kFlash.wait_n, kFlash.wait_s);
    EXPECT_EQ(wb.drain(0), (1u + kFlash.wait_n) + 3u * (1u + kFlash.wait_s));
    EXPECT_EQ(wb.occupancy(0), 0u);
}

TEST(WriteBuffer, StoresQueueBehindEachOther) {
    WriteBuffer wb;
    for (int i = 0; i < 3; ++i) wb.push(0, 1, kRam.wait_n, kRam.wait_s);
    EXPECT_EQ(wb.drain(0), 3 * kRamWord);
}

TEST(WriteBuffer, StallsTheCoreWhenFullUntilTheOldestStoreLeaves) {
    WriteBuffer wb;
    // Eight single stores fill the 16 entries (address + data each).
    for (int i = 0; i < 8; ++i) EXPECT_EQ(wb.push(0, 1, kRam.wait_n, kRam.wait_s), 0u);
    EXPECT_EQ(wb.occupancy(0), kWriteBufferEntries);
    // The ninth waits until the first has been written.
    EXPECT_EQ(wb.push(0, 1, kRam.wait_n, kRam.wait_s), kRamWord);
    EXPECT_EQ(wb.stats().full_stalls, 1u);
    // Later, with room again, no stall.
    EXPECT_EQ(wb.push(100, 1, kRam.wait_n, kRam.wait_s), 0u);
}

TEST(WriteBuffer, ABurstLongerThanTheFifoWaitsForAnEmptyBuffer) {
    WriteBuffer wb;
    wb.push(0, 1, kRam.wait_n, kRam.wait_s);
    // 16 words + address do not fit beside anything: wait for the first store to leave.
    EXPECT_EQ(wb.push(0, 16, kRam.wait_n, kRam.wait_s), kRamWord);
}
