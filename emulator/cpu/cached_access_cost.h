// The wait states a block's fetches and data accesses pay given their region and the state of
// the ARM946E-S caches (cache_system.h) — the part of the static block cost (block_cost.h) that
// depends on CP15 — and the facts the block hook needs to finish the cost at block entry.
//
// Caches off (or a region the MPU leaves uncached) give exactly the cost of the memory map's
// wait states. With caches on, the static cost charges cached fetches and data accesses as
// hits; the block hook then adds, at block entry, the linefill of each instruction-cache line
// the block spans that misses, and of each literal-pool load (the one data address a static
// look knows) that misses in the data cache. Other data accesses stay charged as hits: the
// bounded approximation that docs/cycle-model.md measures against an exact simulation.
#pragma once

#include <cstdint>

#include <capstone/capstone.h>

#include "bus/memory_map.h"
#include "cpu/arm9e_timing.h"
#include "cpu/cache_system.h"

namespace q2686 {

// Wait states of one instruction fetch from `code_region` (`first`: the block's first fetch,
// non-sequential). `caches` null: caches off.
std::uint32_t fetch_wait_states(const MemoryRegion* code_region, bool first, const CacheSystem* caches);

// Wait states of an instruction's data accesses to `region` (null: none).
std::uint32_t data_wait_states(const InstructionTiming& t, const MemoryRegion* region, const CacheSystem* caches);

// The address a PC-relative single load reads (a literal pool), if `insn` is one.
bool literal_load_address(const cs_insn& insn, bool thumb, std::uint32_t& address);

// CP15 writes a block makes, for the block hook: after such a block CP15 is read again.
enum Cp15Write : std::uint8_t {
    kCp15Other = 1,        // any MCR to p15 (c1, c2, c3, c6 ... may have changed)
    kCp15InvalidateI = 2,  // c7, c5, 0: invalidate the whole ICache
    kCp15InvalidateD = 4,  // c7, c6, 0: invalidate the whole DCache
    kCp15DrainWrites = 8,  // c7, c10, 4: drain the write buffer
};
// The Cp15Write bits of `insn` (0 for anything but an MCR to p15). DDI 0155A §2.3.10 "Register
// 7, Cache operations register", table 2-19.
std::uint8_t cp15_write_of(const cs_insn& insn);

}  // namespace q2686
