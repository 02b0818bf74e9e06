// BlockCostModel — the static cycle cost of a translated block, computed once per block.
//
// Unicorn reports each translated block as it starts; we decode it with Capstone, apply the
// ARM9E-S rules of arm9e_timing.h plus the memory wait states of the regions involved, and
// cache the result by address. The block hook then charges `cycles` in O(1).
//
// What a static cost cannot know, and how it is handled (docs/cycle-model.md):
//  * A conditional PC write that ends the block (B<cond>, LDM<cond> {..pc}, MOV<cond> pc):
//    the block charges the not-taken cost (1 cycle); `taken_extra` is charged when the next
//    block turns out not to be the fall-through. Exact.
//  * Other conditional instructions are assumed to execute. When one fails it really takes
//    1 cycle, so a block is over-charged by (cost - 1) per failed multi-cycle conditional
//    instruction (e.g. LDRNE: 0..2 cycles, LDMNE of n registers: n-1). Single-cycle
//    conditionals (the common MOVNE/ADDEQ) are exact.
//  * Interlocks are exact inside a block, and across a fall-through into the next block: a
//    block records the results still pending when it ends (`tail_*`) and the registers it
//    reads before writing them (`head_*`); carry_stall() charges the stall on entry. After a
//    taken branch the 3-cycle refill hides them (the longest result latency is 2 cycles).
//  * Data wait states: each access pays the region data_region() decides from the origins
//    of the registers (register_origin.h): a known address pays its own region's, a pointer
//    derived from SP the stack region's, an unknown one RAM's; MMIO accesses charged as
//    something else are corrected exactly when they happen.
//  * The first fetch of a block is assumed non-sequential; when the CPU falls through from
//    the previous block, ArmCpu charges `sequential_entry_saving` less. Exact.
//  * Caches on (CP15; cached_access_cost.h): cached fetches and data accesses are charged as
//    hits; the block hook adds the linefills of the instruction-cache lines the block spans
//    and of its literal-pool loads when they miss (`icached`, `literals`). The cost depends on
//    CP15, so every cached cost is dropped when CP15 changes (`cp15_writes`).
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <span>
#include <unordered_map>
#include <vector>

#include "bus/memory_map.h"
#include "cpu/access_site.h"
#include "cpu/cache_system.h"
#include "cpu/register_origin.h"

namespace q2686 {

// Results a block leaves pending when it ends: the registers, how many cycles after the end
// each becomes usable, and which come from a multiply or a saturating add.
struct TailLatency {
    std::uint16_t pending = 0, multiply = 0, saturating = 0;
    std::uint8_t wait[15] = {};
};

struct BlockCost {
    std::uint32_t address = 0;
    std::uint32_t size = 0;  // bytes
    bool thumb = false;
    std::uint32_t cycles = 0;       // charged when the block starts
    std::uint32_t taken_extra = 0;  // charged afterwards if its final conditional PC write was taken
    std::uint32_t instructions = 0;
    // Where register-origin tracking started: `address`, or, for a block resumed in the middle
    // of a translated block after a debugger stop, that block's start (analyze's lead-in).
    std::uint32_t origins_from = 0;
    // Saved when the block is entered by falling through from the previous one: its first
    // fetch is then sequential (code region wait_n - wait_s).
    std::uint32_t sequential_entry_saving = 0;
    // Cycles from the block's first cycle to the start of the instruction at
    // address + i * (thumb ? 2 : 4); used to stamp an MMIO access with its exact cycle.
    std::vector<std::uint32_t> prefix;
    // Data accesses through a general register (candidates for MMIO), in program order.
    std::vector<AccessSite> accesses;
    // Per instruction slot (like `prefix`): the region whose wait states the instruction's
    // data accesses were charged (BlockCostModel::data_region), null when it makes none.
    std::vector<const MemoryRegion*> data_regions;

    // Caches (computed for the CP15 state at analysis): the fetches go through the ICache
    // (from `code_region`); the literal-pool loads that go through the DCache, with the
    // instruction slot each is made from.
    const MemoryRegion* code_region = nullptr;
    bool icached = false;
    std::uint32_t icache_lines = 0;  // lines the block spans (when icached)
    // CacheSystem::epoch() when all its lines were last seen present (the block hook's fast
    // path); a cache state, not part of the cost.
    mutable std::uint64_t warm_epoch = ~std::uint64_t{0};
    struct Literal {
        std::uint32_t address;
        std::uint16_t slot;
        const MemoryRegion* region;
    };
    std::vector<Literal> literals;
    // Cp15Write bits (cached_access_cost.h) of the block's MCRs to p15: CP15 is read again
    // after it runs.
    std::uint8_t cp15_writes = 0;

    // Interlocks across a fall-through (carry_stall): registers whose result is still pending
    // when the block ends, and how many cycles after its end each becomes usable (from a
    // multiply or a saturating add: the TRM's exceptions); registers the block reads before
    // writing them, and the cycle (from the block's start) of that first read.
    TailLatency tail;
    std::uint16_t head_reads = 0, head_exempt_multiply = 0, head_exempt_saturating = 0;
    std::uint8_t head_use[15] = {};

    // Register origins when the block was first entered (carried from the block that ran
    // before it, or all unknown) and when it ends, for the block that runs next. Last: the
    // block hook never reads them.
    OriginState entry_origins{};
    OriginState exit_origins{};

    std::uint32_t fallthrough() const { return address + size; }
    std::uint32_t cycles_before_slot(std::uint32_t slot) const { return slot < prefix.size() ? prefix[slot] : cycles; }
    const MemoryRegion* data_region_of_slot(std::uint32_t slot) const {
        return slot < data_regions.size() ? data_regions[slot] : nullptr;
    }
};

// The cycles `next` stalls on entry when the block that left `previous` pending falls straight
// through into it: the longest wait of such a result for a register `next` reads before
// writing it.
std::uint32_t carry_stall(const TailLatency& previous, const BlockCost& next);

class BlockCostModel {
public:
    explicit BlockCostModel(const MemoryMap& map);
    ~BlockCostModel();
    BlockCostModel(const BlockCostModel&) = delete;
    BlockCostModel& operator=(const BlockCostModel&) = delete;

    // Region whose wait states SP-based accesses pay (where the stack lives).
    void set_stack_region(const MemoryRegion* region) { stack_ = region; }
    // The caches whose CP15 state the costs follow; null (or caches off): the memory map's
    // wait states alone.
    void set_caches(const CacheSystem* caches) { caches_ = caches; }
    const MemoryRegion* stack_region() const { return stack_; }
    // Where PC-relative literal loads read their constants at analysis time; without one, a
    // register loaded from a literal pool has an unknown origin.
    void set_literal_reader(LiteralReader reader) { literals_ = std::move(reader); }

    // `lead_in`: the instructions just before `address` that the CPU ran as part of the same
    // block (a block resumed after a debugger stop): they only establish register origins, so
    // the resumed part costs what it costs inside the whole block.
    // `entry`: the origins the block that ran before it left (null: nothing is known).
    BlockCost analyze(std::span<const std::uint8_t> code, std::uint32_t address, bool thumb,
                      std::span<const std::uint8_t> lead_in = {}, const OriginState* entry = nullptr) const;

    // The region whose wait states a data access to `target` pays: the region holding a known
    // address, the stack region for an SP-derived pointer, RAM when nothing is known (or the
    // address lies outside the map).
    const MemoryRegion* data_region(const DataTarget& target) const;

private:
    const MemoryMap& map_;
    const MemoryRegion* stack_;
    const CacheSystem* caches_ = nullptr;
    LiteralReader literals_;
    std::uintptr_t arm_handle_ = 0;
    std::uintptr_t thumb_handle_ = 0;
};

// Cache of block costs by start address (a block's mode is read from CPSR.T only on a miss:
// code at one address is not run in both ARM and Thumb state). A small direct-mapped table in
// front of a hash map keeps the block hook's lookup to a compare in the common case. An entry
// whose size differs from the block Unicorn reports is recomputed.
class BlockCostCache {
public:
    const BlockCost* find(std::uint32_t address, std::uint32_t size) const {
        const Slot& slot = slots_[slot_index(address)];
        if (slot.cost && slot.address == address && slot.cost->size == size) return slot.cost;
        return find_slow(address, size);
    }
    const BlockCost& insert(BlockCost cost);
    void clear();
    // Forgets the blocks with a byte in [begin, end): the host wrote there (a DMA transfer, a
    // debugger). The others stay: a bus master filling a RAM buffer should not cost every
    // block of the firmware a new Capstone decode (the whole cache was cleared before: 550
    // blocks per received packet). A forgotten entry stays allocated until the next insert()
    // or clear(), so a running block's cost outlives a write from one of its MMIO accesses.
    void forget(std::uint32_t begin, std::uint32_t end);
    std::size_t size() const { return costs_.size(); }

private:
    static std::size_t slot_index(std::uint32_t address) { return (address >> 1) & (kSlots - 1); }
    const BlockCost* find_slow(std::uint32_t address, std::uint32_t size) const;

    struct Slot {
        std::uint32_t address = 0;
        const BlockCost* cost = nullptr;
    };
    static constexpr std::size_t kSlots = 4096;
    mutable std::vector<Slot> slots_ = std::vector<Slot>(kSlots);
    std::unordered_map<std::uint32_t, std::unique_ptr<BlockCost>> costs_;
    std::vector<std::unique_ptr<BlockCost>> forgotten_;  // see forget()
    // The cached blocks' start addresses in order and the longest block, so forget() visits
    // only the blocks that can reach into its range, not the whole cache per DMA transfer.
    std::set<std::uint32_t> starts_;
    std::uint32_t longest_ = 0;
};

}  // namespace q2686
