#include "bus/memory_map.h"

#include <gtest/gtest.h>

using namespace q2686;

TEST(MemoryMap, RegionsArePageAlignedAndDisjoint) {
    MemoryMap map;
    for (const auto& a : map.regions()) {
        EXPECT_EQ(a.base % 4096, 0u) << a.name;
        EXPECT_EQ(a.size % 4096, 0u) << a.name;
        for (const auto& b : map.regions()) {
            if (&a == &b) continue;
            EXPECT_FALSE(a.base < b.end() && b.base < a.end()) << a.name << " overlaps " << b.name;
        }
    }
}

TEST(MemoryMap, FindsTheRegionOfAnAddress) {
    MemoryMap map;
    EXPECT_EQ(map.find(0x0000'0000u)->name, "flash");
    EXPECT_EQ(map.find(0x007F'FFFFu)->name, "flash");
    EXPECT_EQ(map.find(0x0080'0000u)->name, "itcm");
    EXPECT_EQ(map.find(0x1000'0004u)->name, "ram");
    EXPECT_EQ(map.find(0x8000'1000u)->name, "mmio");
    EXPECT_EQ(map.find(0x2000'0000u), nullptr);
}

TEST(MemoryMap, ContainsRejectsRangesThatSpillOver) {
    const MemoryRegion& ram = MemoryMap().ram();
    EXPECT_TRUE(ram.contains(ram.base, ram.size));
    EXPECT_FALSE(ram.contains(ram.base + 4, ram.size));
    EXPECT_FALSE(ram.contains(ram.end() - 4, 0xFFFF'FFF0u));
}

TEST(MemoryMap, FlashIsSlowerThanRamWhichIsSlowerThanTcm) {
    MemoryMap map;
    EXPECT_GT(map.find("flash")->wait_n, map.find("ram")->wait_n);
    EXPECT_GT(map.find("ram")->wait_n, map.find("itcm")->wait_n);
    EXPECT_EQ(map.find("dtcm")->wait_n, 0);
}
