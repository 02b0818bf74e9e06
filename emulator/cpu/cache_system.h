// CacheSystem — the timing of the ARM946E-S memory system with its caches and write buffer:
// what an instruction-cache line, a data access or a buffered store costs beyond a
// zero-wait-state access, given the CP15 state (c1 enables, c2 cacheable and c3 bufferable bits
// of the protection region).
//
// Sources: ARM946E-S Technical Reference Manual (ARM DDI 0155A):
//  * §6.2.4 "Linefetch transfers": a miss in either cache fetches the whole 8-word line as a
//    fixed-length burst from the line's start. The core waits for the burst: one
//    non-sequential and seven sequential accesses, (1 + wait_n) + 7 (1 + wait_s) cycles, of
//    which the access's own cycle is already in the instruction's cost.
//  * §6.5 / table 6-2 "Data write modes": Cd = cacheable AND DCache enable AND protection unit
//    enable; Bd = bufferable AND protection unit enable. NCNB: unbuffered, uncached; NCB:
//    writes buffered, reads drain the buffer; WT (Cd, !Bd): reads cached, every write buffered,
//    a hit updates the line; WB (Cd, Bd): write hits only mark the line dirty, write misses are
//    buffered (no allocation on write), dirty lines are written back through the buffer when
//    evicted. Linefills wait for the write buffer to drain.
//  * Instruction fetches are cacheable when the region's instruction-cacheable bit, the
//    ICache enable and the protection unit enable are all set.
//  * TCM accesses never go through the caches or the write buffer (chapter 5, "Tightly-coupled
//    memory").
//
// The memory map's regions (bus/memory_map.h) carry the wait states; the CP15 attributes are
// kept per map region (the ROM gives each its own protection region; cache_settings_from()).
#pragma once

#include <array>
#include <cstdint>

#include "bus/memory_map.h"
#include "cpu/cache_model.h"
#include "cpu/cp15_state.h"
#include "cpu/write_buffer.h"

namespace q2686 {

// The protection region's cache attributes (c2, c3) for one region of the memory map.
struct RegionCachePolicy {
    bool instruction_cacheable = false;
    bool data_cacheable = false;
    bool bufferable = false;
    bool operator==(const RegionCachePolicy&) const = default;
};

// What the cycle model needs of CP15 (c1 bits and the per-region attributes).
struct CacheSettings {
    bool mpu = false;
    bool icache = false;
    bool dcache = false;
    bool round_robin = false;
    std::array<RegionCachePolicy, kQ2686MemoryMap.size()> regions{};
    bool operator==(const CacheSettings&) const = default;

    static std::size_t index_of(const MemoryRegion& region) {
        return static_cast<std::size_t>(&region - kQ2686MemoryMap.data());
    }
    // Ci: instruction fetches from `region` go through the ICache.
    bool instruction_cached(const MemoryRegion& region) const {
        return mpu && icache && region.kind != RegionKind::Tcm && regions[index_of(region)].instruction_cacheable;
    }
    // Cd and Bd of table 6-2.
    bool data_cached(const MemoryRegion& region) const {
        return mpu && dcache && region.kind != RegionKind::Tcm && regions[index_of(region)].data_cacheable;
    }
    bool buffered(const MemoryRegion& region) const {
        return mpu && region.kind != RegionKind::Tcm && regions[index_of(region)].bufferable;
    }
    // Any cache or the write buffer in use: otherwise timing is exactly that of caches off.
    bool active() const;
};

// The cache settings CP15 makes: c1's enables and RR, and for each region of the memory map
// the attributes of the protection region holding its base (none: the background, uncached).
CacheSettings cache_settings_from(const Cp15State& cp15);

// CP15 as the ROM's boot leaves it, for bare-metal images that run without the ROM: the
// protection unit and both caches on; flash cacheable (instructions and data), RAM cacheable
// and write-back; the TCMs outside the caches; the MMIO window uncached and unbuffered.
CacheSettings boot_cache_settings();

// The extra cycles of an 8-word linefill from `region` beyond the access's own cycle.
inline std::uint32_t linefill_extra(const MemoryRegion& region) {
    return region.wait_n + 7u * (1u + region.wait_s);
}

struct CacheSystemGeometry {
    CacheGeometry icache;
    CacheGeometry dcache;
};

class CacheSystem {
public:
    explicit CacheSystem(CacheSystemGeometry geometry = {});

    // New CP15 state: the replacement policy follows c1.RR; the cache contents stay (turning
    // a cache off and on again does not invalidate it on the ARM946E-S).
    void configure(const CacheSettings& settings);
    const CacheSettings& settings() const { return settings_; }

    // Instruction fetch from the line holding `address` in an instruction-cached region: 0 on
    // a hit, the linefill's extra cycles on a miss (the line is filled).
    std::uint32_t fetch_line(std::uint32_t address, const MemoryRegion& region) {
        return icache_.hit(address) ? 0 : fetch_miss(address, region);
    }
    // A read from a data-cached region whose line is present: 0 cycles (the fast path of the
    // block hook; data_access() otherwise).
    bool data_hit(std::uint32_t address) { return dcache_.hit(address); }
    // Grows with every fill or invalidation of either cache. A block whose lines were all
    // present at an epoch still finds them all present while the epoch stays the same (a line
    // leaves only when another is filled in its place): the block hook then skips the tag
    // checks and counts the hits.
    std::uint64_t epoch() const { return icache_.changes() + dcache_.changes(); }
    void count_warm_block(std::uint32_t lines, std::uint32_t literals) {
        icache_.count_hits(lines);
        dcache_.count_hits(literals);
    }

    // One data access at cycle `now` (a word, halfword or byte; `sequential` for the later
    // words of an LDM/STM) to a region outside the TCMs: the cycles it costs beyond a
    // zero-wait-state access — wait states, linefill, write-buffer stalls.
    std::uint32_t data_access(std::uint64_t now, std::uint32_t address, const MemoryRegion& region, bool write,
                              bool sequential);

    // What a data access to `region` costs when it hits the cache or goes into a write buffer
    // with room: the bounded approximation of the static block cost (docs/cycle-model.md).
    // `nonseq` / `seq` accesses; `write` unknown to the static model, so NCB regions are
    // charged as unbuffered.
    std::uint32_t assumed_data_wait(const MemoryRegion& region, unsigned nonseq, unsigned seq) const;

    // CP15 c7 operations.
    void invalidate_icache() { icache_.invalidate_all(); }
    void invalidate_dcache() { dcache_.invalidate_all(); }
    // Cleaning writes the dirty lines back through the write buffer; returns the stall.
    std::uint32_t clean_dcache(std::uint64_t now, const MemoryRegion& region);
    // Cycles until the write buffer is empty (c7 c10 4 "drain write buffer", an unbuffered
    // access).
    std::uint32_t drain(std::uint64_t now) { return static_cast<std::uint32_t>(write_buffer_.drain(now)); }

    const Cache& icache() const { return icache_; }
    const Cache& dcache() const { return dcache_; }
    const WriteBuffer& write_buffer() const { return write_buffer_; }

private:
    std::uint32_t fetch_miss(std::uint32_t address, const MemoryRegion& region);

    CacheSettings settings_;
    Cache icache_;
    Cache dcache_;
    WriteBuffer write_buffer_;
};

}  // namespace q2686
