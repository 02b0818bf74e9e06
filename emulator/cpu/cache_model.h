// Cache — one ARM946E-S cache (instruction or data): sets x 4 ways x 32-byte lines, tag check,
// round-robin or pseudo-random replacement, dirty half-lines for the write-back data cache.
//
// Source: ARM946E-S Technical Reference Manual (ARM DDI 0155A): §3.1 "Cache architecture" —
// both caches are 4-way set-associative with 8-word (32-byte) lines, allocate on read miss,
// sizes chosen independently (table 3-1 lists 4 KB upwards; the core is synthesizable up to
// 1 MB), the victim chosen by a segment counter clocked pseudo-randomly or round-robin (c1
// bit 14, RR); §3.3 "DCache" — a dirty bit per half line, and an evicted line's dirty halves
// are written back through the write buffer. The random choice is a deterministic LFSR here:
// virtual time must never depend on the host.
//
// The cache models tags only (which lines are present, which are dirty): the data itself is in
// Unicorn's memory, which is always coherent. Timing lives in cache_system.h.
#pragma once

#include <cstdint>
#include <vector>

namespace q2686 {

inline constexpr std::uint32_t kCacheLineBytes = 32;  // 8 words (DDI 0155A §3.1)
inline constexpr std::uint32_t kCacheWays = 4;        // 4-way set-associative (DDI 0155A §3.1)

struct CacheGeometry {
    std::uint32_t size_bytes = 8 * 1024;  // 4 KB .. 1 MB, a power of two
    std::uint32_t ways = kCacheWays;
    std::uint32_t sets() const { return size_bytes / (ways * kCacheLineBytes); }
    // Throws std::invalid_argument unless the ARM946E-S could be built with this geometry.
    void validate() const;
};

enum class Replacement : std::uint8_t { Random, RoundRobin };

struct CacheLookup {
    bool hit = false;
    bool allocated = false;            // a miss that filled a line
    bool evicted_dirty = false;        // ... and pushed out a dirty line (to be written back)
    std::uint32_t victim_address = 0;  // the evicted line's address, when evicted_dirty
    std::uint32_t dirty_words = 0;     // words to write back: 4 per dirty half line
};

struct CacheStats {
    std::uint64_t hits = 0, misses = 0, fills = 0, dirty_evictions = 0;
};

class Cache {
public:
    explicit Cache(CacheGeometry geometry = {});

    const CacheGeometry& geometry() const { return geometry_; }
    void set_replacement(Replacement replacement) { replacement_ = replacement; }
    Replacement replacement() const { return replacement_; }

    // Is the line holding `address` present? Changes nothing.
    bool contains(std::uint32_t address) const;
    // The block hook's fast path: true and a counted hit if the line is present; false (and
    // nothing counted) otherwise — access() then handles the miss.
    bool hit(std::uint32_t address) {
        const std::uint32_t want = (address & ~(kCacheLineBytes - 1)) | kValid;
        const std::uint32_t* ways = &tags_[std::size_t{set_of(address)} * kCacheWays];
        for (std::uint32_t w = 0; w < kCacheWays; ++w)
            if ((ways[w] & ~kDirty) == want) {
                ++stats_.hits;
                return true;
            }
        return false;
    }
    // Looks `address` up; on a miss with `allocate`, fills the line into the victim way (which
    // may push out a dirty line). Counts the hit or miss.
    CacheLookup access(std::uint32_t address, bool allocate);
    // A write hit in a write-back region: the half line holding `address` now differs from
    // memory.
    void mark_dirty(std::uint32_t address);
    bool dirty(std::uint32_t address) const;

    // CP15 c7 operations (DDI 0155A §2.3.10, table 2-19): flush (invalidate) all / one line,
    // clean one line.
    void invalidate_all();
    void invalidate_line(std::uint32_t address);
    // Cleans the line if present and dirty; returns the words it had to write back.
    std::uint32_t clean_line(std::uint32_t address);
    // Words in dirty half lines (what a full clean writes back).
    std::uint32_t dirty_words() const;
    void clean_all();

    const CacheStats& stats() const { return stats_; }
    // Counts `n` hits the caller proved without a lookup (see CacheSystem::epoch).
    void count_hits(std::uint64_t n) { stats_.hits += n; }
    // Grows whenever a line is filled or invalidated: while it stays the same, every line
    // present before is still present.
    std::uint64_t changes() const { return changes_; }

private:
    // Per way: the line address with kValid and the two half-line dirty bits in its low bits
    // (always zero in a line address).
    static constexpr std::uint32_t kValid = 1, kDirtyLow = 2, kDirtyHigh = 4, kDirty = kDirtyLow | kDirtyHigh,
                                   kFlags = kValid | kDirty;
    static std::uint32_t dirty_words_of(std::uint32_t tag) {
        return 4u * (((tag & kDirtyLow) ? 1u : 0u) + ((tag & kDirtyHigh) ? 1u : 0u));
    }
    std::uint32_t set_of(std::uint32_t address) const { return (address / kCacheLineBytes) & (sets_ - 1); }
    std::uint32_t* way_holding(std::uint32_t address);
    const std::uint32_t* way_holding(std::uint32_t address) const;
    std::uint32_t choose_victim(std::uint32_t set);

    CacheGeometry geometry_;
    std::uint32_t sets_;
    std::vector<std::uint32_t> tags_;  // sets x ways
    Replacement replacement_ = Replacement::Random;
    std::uint32_t round_robin_ = 0;  // next victim way (one counter per cache)
    std::uint16_t lfsr_ = 0xACE1u;   // 16-bit Fibonacci LFSR, taps 16 14 13 11
    CacheStats stats_;
    std::uint64_t changes_ = 0;
};

}  // namespace q2686
