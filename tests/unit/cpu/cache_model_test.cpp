// The ARM946E-S caches (ARM DDI 0155A chapter 3: 4-way, 32-byte lines, round-robin or
// pseudo-random replacement) and their timing (§6.2.4 linefetch = 8-word burst, N + 7S;
// table 6-2 write modes): hit/miss counts and cycles on known access patterns.
#include <gtest/gtest.h>

#include <stdexcept>

#include "bus/memory_map.h"
#include "cpu/cache_model.h"
#include "cpu/cache_system.h"

using namespace q2686;

namespace {

const MemoryMap kMap;
const MemoryRegion& kRam = kMap.ram();
const MemoryRegion& kFlash = *kMap.find("flash");
const MemoryRegion& kMmio = kMap.mmio();

// A linefill is one non-sequential and seven sequential accesses; the access's own cycle is in
// the instruction's cost, so a miss adds the rest.
unsigned linefill(const MemoryRegion& r) {
    return (1 + r.wait_n) + 7 * (1 + r.wait_s) - 1;
}

constexpr std::uint32_t kRamBase = 0x1000'0000;
constexpr std::uint32_t kFlashBase = 0x0000'4000;
// Addresses `way_stride` apart fall in the same set of an 8 KB 4-way cache (64 sets x 32 B).
constexpr std::uint32_t kSameSet = 64 * kCacheLineBytes;

// CP15 as the ROM programs it: flash and RAM cacheable, RAM write-back, MMIO NCNB.
CacheSettings caches_on(bool write_back = true) {
    CacheSettings s;
    s.mpu = s.icache = s.dcache = true;
    s.regions[CacheSettings::index_of(kFlash)] = {true, true, false};
    s.regions[CacheSettings::index_of(kRam)] = {true, true, write_back};
    return s;
}

}  // namespace

TEST(Cache, GeometryIsTheArm946ESChoices) {
    EXPECT_EQ(CacheGeometry{}.sets(), 64u);  // 8 KB / (4 ways x 32 B)
    EXPECT_NO_THROW(Cache(CacheGeometry{4 * 1024}));
    EXPECT_NO_THROW(Cache(CacheGeometry{1024 * 1024}));
    EXPECT_THROW(Cache(CacheGeometry{2 * 1024}), std::invalid_argument);
    EXPECT_THROW(Cache(CacheGeometry{12 * 1024}), std::invalid_argument);
    EXPECT_THROW(Cache(CacheGeometry{8 * 1024, 2}), std::invalid_argument);
}

TEST(Cache, ASequentialSweepMissesOncePerLineAndHitsOnTheSecondPass) {
    Cache cache;
    for (std::uint32_t a = kRamBase; a < kRamBase + 1024; a += 4) cache.access(a, true);
    EXPECT_EQ(cache.stats().misses, 1024u / kCacheLineBytes);
    EXPECT_EQ(cache.stats().hits, 1024u / 4 - 1024u / kCacheLineBytes);
    for (std::uint32_t a = kRamBase; a < kRamBase + 1024; a += 4) EXPECT_TRUE(cache.access(a, true).hit);
    EXPECT_EQ(cache.stats().fills, 32u);
}

TEST(Cache, RoundRobinEvictsTheWaysInTurn) {
    Cache cache;
    cache.set_replacement(Replacement::RoundRobin);
    for (std::uint32_t i = 0; i < 4; ++i) cache.access(kRamBase + i * kSameSet, true);  // the 4 ways
    cache.access(kRamBase + 4 * kSameSet, true);                                        // evicts way 0: line 0
    EXPECT_FALSE(cache.contains(kRamBase));
    EXPECT_TRUE(cache.contains(kRamBase + 1 * kSameSet));
    cache.access(kRamBase + 5 * kSameSet, true);  // evicts way 1: line 1
    EXPECT_FALSE(cache.contains(kRamBase + 1 * kSameSet));
    EXPECT_TRUE(cache.contains(kRamBase + 2 * kSameSet));
}

TEST(Cache, RandomReplacementIsDeterministic) {
    Cache a, b;
    for (std::uint32_t i = 0; i < 200; ++i) {
        const std::uint32_t address = kRamBase + (i * 7 % 13) * kSameSet;
        EXPECT_EQ(a.access(address, true).hit, b.access(address, true).hit);
    }
    EXPECT_EQ(a.stats().misses, b.stats().misses);
    // 13 lines compete for 4 ways: some of them stay, some are thrown out.
    EXPECT_GT(a.stats().hits, 0u);
    EXPECT_GT(a.stats().misses, 13u);
}

TEST(Cache, InvalidatingForgetsEveryLine) {
    Cache cache;
    cache.access(kRamBase, true);
    cache.invalidate_all();
    EXPECT_FALSE(cache.contains(kRamBase));
}

TEST(Cache, EvictingADirtyLineReportsItsAddressForTheWriteBack) {
    Cache cache;
    cache.set_replacement(Replacement::RoundRobin);
    cache.access(kRamBase + 0x40, true);
    cache.mark_dirty(kRamBase + 0x44);
    EXPECT_TRUE(cache.dirty(kRamBase + 0x40));
    for (std::uint32_t i = 1; i < 4; ++i)
        EXPECT_FALSE(cache.access(kRamBase + 0x40 + i * kSameSet, true).evicted_dirty);
    const CacheLookup out = cache.access(kRamBase + 0x40 + 4 * kSameSet, true);
    EXPECT_TRUE(out.evicted_dirty);
    EXPECT_EQ(out.victim_address, kRamBase + 0x40);
    EXPECT_EQ(out.dirty_words, 4u);  // only the written half line (DDI 0155A §3.3)
    EXPECT_EQ(cache.stats().dirty_evictions, 1u);
}

TEST(CacheSystem, WithCachesOffEveryAccessPaysTheRegionsWaitStatesAsBefore) {
    CacheSystem caches;  // CP15 reset state: protection unit and caches off
    EXPECT_FALSE(caches.settings().active());
    EXPECT_EQ(caches.data_access(0, kRamBase, kRam, false, false), kRam.wait_n);
    EXPECT_EQ(caches.data_access(10, kRamBase, kRam, false, false), kRam.wait_n);  // no cache
    EXPECT_EQ(caches.data_access(20, kRamBase, kRam, true, false), kRam.wait_n);
    EXPECT_EQ(caches.data_access(30, kRamBase + 4, kRam, true, true), kRam.wait_s);
    EXPECT_EQ(caches.dcache().stats().hits + caches.dcache().stats().misses, 0u);
}

TEST(CacheSystem, AnInstructionLineMissCostsAnEightWordBurstThenHits) {
    CacheSystem caches;
    caches.configure(caches_on());
    EXPECT_TRUE(caches.settings().instruction_cached(kFlash));
    EXPECT_EQ(caches.fetch_line(kFlashBase, kFlash), linefill(kFlash));  // 3 + 7 x 2 = 17
    EXPECT_EQ(caches.fetch_line(kFlashBase + 28, kFlash), 0u);           // same line
    EXPECT_EQ(caches.fetch_line(kFlashBase + 32, kFlash), linefill(kFlash));
}

TEST(CacheSystem, ReadMissFillsTheLineAndLaterReadsHit) {
    CacheSystem caches;
    caches.configure(caches_on());
    EXPECT_EQ(caches.data_access(0, kRamBase, kRam, false, false), linefill(kRam));  // 1 + 7 = 8
    for (std::uint32_t a = kRamBase + 4; a < kRamBase + 32; a += 4)
        EXPECT_EQ(caches.data_access(10, a, kRam, false, false), 0u);
    EXPECT_EQ(caches.dcache().stats().misses, 1u);
    EXPECT_EQ(caches.dcache().stats().hits, 7u);
}

TEST(CacheSystem, WriteBackHitsOnlyDirtyTheLineAndTheEvictionWritesItBack) {
    CacheSystem caches;
    CacheSettings settings = caches_on();
    settings.round_robin = true;
    caches.configure(settings);
    caches.data_access(0, kRamBase, kRam, false, false);                     // fill
    EXPECT_EQ(caches.data_access(20, kRamBase + 8, kRam, true, false), 0u);  // write hit
    EXPECT_TRUE(caches.dcache().dirty(kRamBase));
    EXPECT_EQ(caches.write_buffer().stats().stores, 0u);  // nothing went out
    for (std::uint32_t i = 1; i < 4; ++i) caches.data_access(40 + i, kRamBase + i * kSameSet, kRam, false, false);
    EXPECT_EQ(caches.data_access(21, kRamBase + 20, kRam, true, false), 0u);  // both halves dirty now
    // The fifth line of the set evicts the dirty one: its 8 words go into the write buffer
    // (buffered write-back), the fill follows.
    EXPECT_EQ(caches.data_access(100, kRamBase + 4 * kSameSet, kRam, false, false), linefill(kRam));
    EXPECT_EQ(caches.write_buffer().stats().stores, 1u);
    // A linefill right after waits for that write-back to drain: N + 7S of RAM.
    const unsigned write_back = (1 + kRam.wait_n) + 7 * (1 + kRam.wait_s);
    EXPECT_EQ(caches.data_access(100, kRamBase + 5 * kSameSet, kRam, false, false), write_back + linefill(kRam));
}

TEST(CacheSystem, WriteMissesAreBufferedWithoutAllocating) {
    CacheSystem caches;
    caches.configure(caches_on());
    EXPECT_EQ(caches.data_access(0, kRamBase, kRam, true, false), 0u);
    EXPECT_FALSE(caches.dcache().contains(kRamBase));
    EXPECT_EQ(caches.write_buffer().stats().stores, 1u);
}

TEST(CacheSystem, WriteThroughHitsUpdateTheLineAndGoOutThroughTheBuffer) {
    CacheSystem caches;
    caches.configure(caches_on(/*write_back=*/false));
    caches.data_access(0, kRamBase, kRam, false, false);
    EXPECT_EQ(caches.data_access(20, kRamBase, kRam, true, false), 0u);
    EXPECT_FALSE(caches.dcache().dirty(kRamBase));
    EXPECT_EQ(caches.write_buffer().stats().stores, 1u);
    // Nine stores at one cycle (the first has left by then): the ninth finds the buffer full
    // and waits for the oldest to be written.
    for (int i = 0; i < 8; ++i) EXPECT_EQ(caches.data_access(30, kRamBase, kRam, true, false), 0u);
    EXPECT_EQ(caches.data_access(30, kRamBase, kRam, true, false), 1u + kRam.wait_n);
    EXPECT_EQ(caches.write_buffer().stats().full_stalls, 1u);
}

TEST(CacheSystem, UncachedRegionsKeepTheirWaitStatesWithCachesOn) {
    CacheSystem caches;
    caches.configure(caches_on());
    EXPECT_FALSE(caches.settings().data_cached(kMmio));
    EXPECT_EQ(caches.data_access(0, kMmio.base, kMmio, false, false), kMmio.wait_n);
    // An unbuffered write waits for earlier buffered stores first.
    caches.data_access(10, kRamBase, kRam, true, false);  // write miss: buffered
    EXPECT_EQ(caches.data_access(10, kMmio.base, kMmio, true, false), (1 + kRam.wait_n) + kMmio.wait_n);
}

TEST(CacheSystem, TheStaticApproximationChargesCachedAccessesAsHits) {
    CacheSystem caches;
    EXPECT_EQ(caches.assumed_data_wait(kRam, 1, 3), kRam.wait_n + 3 * kRam.wait_s);
    caches.configure(caches_on());
    EXPECT_EQ(caches.assumed_data_wait(kRam, 1, 3), 0u);
    EXPECT_EQ(caches.assumed_data_wait(kMmio, 1, 0), kMmio.wait_n);
}
