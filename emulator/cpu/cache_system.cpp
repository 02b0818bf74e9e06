#include "cpu/cache_system.h"

namespace q2686 {

bool CacheSettings::active() const {
    if (!mpu) return false;  // table 6-2: with the protection unit off, everything is NCNB
    for (const MemoryRegion& region : kQ2686MemoryMap)
        if (instruction_cached(region) || data_cached(region) || buffered(region)) return true;
    return false;
}

CacheSettings cache_settings_from(const Cp15State& cp15) {
    CacheSettings s;
    s.mpu = cp15.mpu_enabled();
    s.icache = cp15.icache_enabled();
    s.dcache = cp15.dcache_enabled();
    s.round_robin = cp15.round_robin();
    for (std::size_t i = 0; i < kQ2686MemoryMap.size(); ++i)
        if (const ProtectionRegion* region = cp15.region_for(kQ2686MemoryMap[i].base))
            s.regions[i] = {region->instruction_cacheable, region->data_cacheable, region->bufferable};
    return s;
}

CacheSettings boot_cache_settings() {
    CacheSettings s;
    s.mpu = s.icache = s.dcache = true;
    for (std::size_t i = 0; i < kQ2686MemoryMap.size(); ++i) {
        const RegionKind kind = kQ2686MemoryMap[i].kind;
        if (kind == RegionKind::Flash) s.regions[i] = {true, true, false};
        if (kind == RegionKind::Ram) s.regions[i] = {true, true, true};
    }
    return s;
}

CacheSystem::CacheSystem(CacheSystemGeometry geometry) : icache_(geometry.icache), dcache_(geometry.dcache) {}

void CacheSystem::configure(const CacheSettings& settings) {
    settings_ = settings;
    const Replacement policy = settings.round_robin ? Replacement::RoundRobin : Replacement::Random;
    icache_.set_replacement(policy);
    dcache_.set_replacement(policy);
}

std::uint32_t CacheSystem::fetch_miss(std::uint32_t address, const MemoryRegion& region) {
    return icache_.access(address, true).hit ? 0 : linefill_extra(region);
}

std::uint32_t CacheSystem::data_access(std::uint64_t now, std::uint32_t address, const MemoryRegion& region, bool write,
                                       bool sequential) {
    const unsigned wait = sequential ? region.wait_s : region.wait_n;
    const bool cached = settings_.data_cached(region);
    const bool buffered = settings_.buffered(region);
    if (!write) {
        if (!cached) {
            // NCB reads drain the write buffer first; NCNB reads bypass it (§6.5.1).
            const std::uint64_t drain = buffered ? write_buffer_.drain(now) : 0;
            return static_cast<std::uint32_t>(drain) + wait;
        }
        const CacheLookup lookup = dcache_.access(address, true);
        if (lookup.hit) return 0;
        // Linefill: the write buffer drains first, the victim's dirty half lines go into it
        // (a buffered write-back, §3.3), then the 8-word burst.
        std::uint64_t stall = write_buffer_.drain(now);
        if (lookup.evicted_dirty)
            stall += write_buffer_.push(now + stall, lookup.dirty_words, region.wait_n, region.wait_s);
        return static_cast<std::uint32_t>(stall) + linefill_extra(region);
    }
    if (cached) {
        // A write miss allocates nothing (§6.5.1); a write-back hit needs no external access.
        const bool hit = dcache_.access(address, false).hit;
        if (hit && buffered) {
            dcache_.mark_dirty(address);
            return 0;
        }
    }
    // Write-through, a write-back miss, or NCB: buffered. NCNB: the core waits for the
    // buffer to drain and then for the write itself.
    if (cached || buffered) return static_cast<std::uint32_t>(write_buffer_.push(now, 1, region.wait_n, region.wait_s));
    return static_cast<std::uint32_t>(write_buffer_.drain(now)) + wait;
}

std::uint32_t CacheSystem::assumed_data_wait(const MemoryRegion& region, unsigned nonseq, unsigned seq) const {
    if (settings_.data_cached(region)) return 0;
    return nonseq * region.wait_n + seq * region.wait_s;
}

std::uint32_t CacheSystem::clean_dcache(std::uint64_t now, const MemoryRegion& region) {
    std::uint32_t words = dcache_.dirty_words();
    dcache_.clean_all();
    std::uint64_t stall = 0;
    for (; words > 0; words -= 4) stall += write_buffer_.push(now + stall, 4, region.wait_n, region.wait_s);
    return static_cast<std::uint32_t>(stall);
}

}  // namespace q2686
