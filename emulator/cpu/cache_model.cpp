#include "cpu/cache_model.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace q2686 {

void CacheGeometry::validate() const {
    const bool power_of_two = size_bytes && !(size_bytes & (size_bytes - 1));
    if (!power_of_two || size_bytes < 4 * 1024 || size_bytes > 1024 * 1024 || ways != kCacheWays)
        throw std::invalid_argument("ARM946E-S caches are 4-way, 4 KB to 1 MB (a power of two); got " +
                                    std::to_string(size_bytes) + " bytes, " + std::to_string(ways) + " ways");
}

Cache::Cache(CacheGeometry geometry) : geometry_(geometry) {
    geometry_.validate();
    sets_ = geometry_.sets();
    tags_.assign(std::size_t{sets_} * geometry_.ways, 0);
}

std::uint32_t* Cache::way_holding(std::uint32_t address) {
    const std::uint32_t line = address & ~(kCacheLineBytes - 1);
    std::uint32_t* ways = &tags_[std::size_t{set_of(address)} * geometry_.ways];
    for (std::uint32_t w = 0; w < geometry_.ways; ++w)
        if ((ways[w] & kValid) && (ways[w] & ~kFlags) == line) return &ways[w];
    return nullptr;
}

const std::uint32_t* Cache::way_holding(std::uint32_t address) const {
    return const_cast<Cache*>(this)->way_holding(address);
}

bool Cache::contains(std::uint32_t address) const {
    return way_holding(address) != nullptr;
}

std::uint32_t Cache::choose_victim(std::uint32_t set) {
    // An invalid way is filled first, as after an invalidate; otherwise the replacement policy.
    const std::uint32_t* ways = &tags_[std::size_t{set} * geometry_.ways];
    for (std::uint32_t w = 0; w < geometry_.ways; ++w)
        if (!(ways[w] & kValid)) return w;
    if (replacement_ == Replacement::RoundRobin) {
        const std::uint32_t w = round_robin_;
        round_robin_ = (round_robin_ + 1) % geometry_.ways;
        return w;
    }
    const std::uint16_t bit = ((lfsr_ >> 0) ^ (lfsr_ >> 2) ^ (lfsr_ >> 3) ^ (lfsr_ >> 5)) & 1u;
    lfsr_ = static_cast<std::uint16_t>((lfsr_ >> 1) | (bit << 15));
    return lfsr_ % geometry_.ways;
}

CacheLookup Cache::access(std::uint32_t address, bool allocate) {
    CacheLookup result;
    if (way_holding(address)) {
        ++stats_.hits;
        result.hit = true;
        return result;
    }
    ++stats_.misses;
    if (!allocate) return result;
    const std::uint32_t set = set_of(address);
    std::uint32_t& way = tags_[std::size_t{set} * geometry_.ways + choose_victim(set)];
    if ((way & kValid) && (way & kDirty)) {
        result.evicted_dirty = true;
        result.victim_address = way & ~kFlags;
        result.dirty_words = dirty_words_of(way);
        ++stats_.dirty_evictions;
    }
    way = (address & ~(kCacheLineBytes - 1)) | kValid;
    ++changes_;
    result.allocated = true;
    ++stats_.fills;
    return result;
}

void Cache::mark_dirty(std::uint32_t address) {
    if (std::uint32_t* way = way_holding(address)) *way |= (address & (kCacheLineBytes / 2)) ? kDirtyHigh : kDirtyLow;
}

bool Cache::dirty(std::uint32_t address) const {
    const std::uint32_t* way = way_holding(address);
    return way && (*way & kDirty);
}

void Cache::invalidate_all() {
    ++changes_;
    std::fill(tags_.begin(), tags_.end(), 0);
}

void Cache::invalidate_line(std::uint32_t address) {
    if (std::uint32_t* way = way_holding(address)) {
        *way = 0;
        ++changes_;
    }
}

std::uint32_t Cache::clean_line(std::uint32_t address) {
    std::uint32_t* way = way_holding(address);
    if (!way) return 0;
    const std::uint32_t words = dirty_words_of(*way);
    *way &= ~kDirty;
    return words;
}

std::uint32_t Cache::dirty_words() const {
    std::uint32_t words = 0;
    for (std::uint32_t t : tags_)
        if (t & kValid) words += dirty_words_of(t);
    return words;
}

void Cache::clean_all() {
    for (std::uint32_t& t : tags_) t &= ~kDirty;
}

}  // namespace q2686
