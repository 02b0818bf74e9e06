#include "cpu/block_cost.h"

#include <algorithm>
#include <stdexcept>

#include <capstone/capstone.h>

#include "cpu/arm9e_timing.h"
#include "cpu/capstone_handle.h"
#include "cpu/cached_access_cost.h"

namespace q2686 {

namespace {

}  // namespace

BlockCostModel::BlockCostModel(const MemoryMap& map) : map_(map), stack_(&map.ram()) {
    arm_handle_ = open_arm_disassembler(CS_MODE_ARM);
    thumb_handle_ = open_arm_disassembler(CS_MODE_THUMB);
}

BlockCostModel::~BlockCostModel() {
    csh handle = arm_handle_;
    cs_close(&handle);
    handle = thumb_handle_;
    cs_close(&handle);
}

BlockCost BlockCostModel::analyze(std::span<const std::uint8_t> code, std::uint32_t address, bool thumb,
                                  std::span<const std::uint8_t> lead_in, const OriginState* entry) const {
    const csh handle = thumb ? thumb_handle_ : arm_handle_;
    const unsigned unit = thumb ? 2 : 4;
    const MemoryRegion* code_region = map_.find(address);

    BlockCost cost;
    cost.address = address;
    cost.size = static_cast<std::uint32_t>(code.size());
    cost.thumb = thumb;
    cost.prefix.assign(code.size() / unit, 0);
    const CacheSystem* caches = caches_ && caches_->settings().active() ? caches_ : nullptr;
    cost.code_region = code_region;
    cost.icached = caches && code_region && caches->settings().instruction_cached(*code_region) && !code.empty();
    if (cost.icached) cost.icache_lines = (address + cost.size - 1) / kCacheLineBytes - address / kCacheLineBytes + 1;
    cost.data_regions.assign(code.size() / unit, nullptr);
    // Where each register points, from the block's start (register_origin.h).
    RegisterOrigins origins = entry ? RegisterOrigins(&literals_, *entry) : RegisterOrigins(&literals_);
    cost.entry_origins = origins.state();
    cost.origins_from = address - static_cast<std::uint32_t>(lead_in.size());
    cs_insn* insn = cs_malloc(handle);
    {
        const std::uint8_t* bytes = lead_in.data();
        std::size_t remaining = lead_in.size();
        std::uint64_t pc = cost.origins_from;
        while (remaining > 0) {
            if (cs_disasm_iter(handle, &bytes, &remaining, &pc, insn)) {
                origins.step(handle, *insn, thumb);
                continue;
            }
            origins = RegisterOrigins(&literals_);
            const std::size_t skip = std::min<std::size_t>(unit, remaining);
            bytes += skip;
            remaining -= skip;
            pc += skip;
        }
    }
    if (code_region && !cost.icached && code_region->wait_n > code_region->wait_s)
        cost.sequential_entry_saving = code_region->wait_n - code_region->wait_s;

    // Pipeline bookkeeping within the block: `now` is the cycle at which the next instruction
    // may issue, `ready[r]` the cycle from which register r's pending result is usable.
    std::uint32_t now = 0;
    std::uint32_t ready[16] = {};
    ResultSource source[16] = {};
    std::uint16_t written = 0;  // registers written so far in this block
    bool first_fetch = true;

    const std::uint8_t* bytes = code.data();
    std::size_t remaining = code.size();
    std::uint64_t pc = address;
    while (remaining > 0) {
        const std::uint32_t offset = static_cast<std::uint32_t>(pc - address);
        const std::uint32_t fetch_wait = fetch_wait_states(code_region, first_fetch, caches);
        first_fetch = false;
        if (!cs_disasm_iter(handle, &bytes, &remaining, &pc, insn)) {
            // Undecodable (data in code, or an instruction the CPU will reject): 1 cycle, and
            // nothing is known of the registers any more.
            origins = RegisterOrigins(&literals_);
            if (offset / unit < cost.prefix.size()) cost.prefix[offset / unit] = now;
            now += 1 + fetch_wait;
            const std::size_t skip = std::min<std::size_t>(unit, remaining);
            bytes += skip;
            remaining -= skip;
            pc += skip;
            ++cost.instructions;
            continue;
        }
        ++cost.instructions;
        const InstructionTiming t = arm9e_timing(handle, *insn, thumb);
        if (AccessSite site; decode_access_site(*insn, static_cast<std::uint16_t>(offset / unit), site))
            cost.accesses.push_back(site);
        now += fetch_wait;
        std::uint32_t issue = now;
        for (int r = 0; r < 15; ++r) {
            if (!((t.reads >> r) & 1u)) continue;
            if (!((written >> r) & 1u) && !((cost.head_reads >> r) & 1u)) {
                // Read before any write in this block: a result the previous block left
                // pending may stall here (BlockCost::carry_stall).
                cost.head_reads |= static_cast<std::uint16_t>(1u << r);
                cost.head_use[r] = static_cast<std::uint8_t>(std::min<std::uint32_t>(now, 255));
                if ((t.accumulator_reads >> r) & 1u || (t.store_data_reads >> r) & 1u) {
                    InstructionTiming use;
                    use.reads = t.reads;
                    use.accumulator_reads = t.accumulator_reads;
                    use.store_data_reads = t.store_data_reads;
                    if (!interlocks(ResultSource::Multiply, use, r))
                        cost.head_exempt_multiply |= static_cast<std::uint16_t>(1u << r);
                    if (!interlocks(ResultSource::Saturating, use, r))
                        cost.head_exempt_saturating |= static_cast<std::uint16_t>(1u << r);
                }
            }
            if (ready[r] > issue && interlocks(source[r], t, r)) issue = ready[r];
        }
        if (offset / unit < cost.prefix.size()) cost.prefix[offset / unit] = issue;

        const MemoryRegion* region = nullptr;
        if (t.data_nonseq + t.data_seq > 0) {
            region = data_region(origins.target(*insn, thumb));
            if (offset / unit < cost.data_regions.size()) cost.data_regions[offset / unit] = region;
        }
        origins.step(handle, *insn, thumb);
        const std::uint32_t busy = t.cycles + data_wait_states(t, region, caches);
        cost.cp15_writes |= cp15_write_of(*insn);
        if (std::uint32_t literal = 0;
            caches && t.data_base == DataBase::Pc && literal_load_address(*insn, thumb, literal))
            if (const MemoryRegion* where = map_.find(literal); where && caches->settings().data_cached(*where))
                cost.literals.push_back({literal, static_cast<std::uint16_t>(offset / unit), where});
        const bool last = remaining == 0;
        if (last && t.writes_pc && t.conditional) {
            // Charge the not-taken cost now; the rest once we know the branch was taken.
            now = issue + 1;
            cost.taken_extra = busy - 1;
        } else {
            now = issue + busy;
        }
        // LDM returns one register per cycle in ascending order, the last one usable a cycle
        // after the instruction ends (an LDM whose last register is used next costs n+1);
        // other instructions make all their results usable `latency_extra` cycles after
        // their last busy cycle.
        const int count = __builtin_popcount(t.writes);
        int loaded = 0;
        for (int r = 0; r < 15; ++r) {
            if (!((t.writes >> r) & 1u)) continue;
            ++loaded;
            const std::uint32_t extra = ((t.late_writes >> r) & 1u) ? t.latency_extra : 0;
            ready[r] = t.sequential_results ? issue + busy - count + loaded + 1 : issue + busy + extra;
            source[r] = t.source;
        }
        written |= t.writes;
    }
    cs_free(insn, 1);
    cost.exit_origins = origins.state();
    cost.cycles = now;
    // Results still pending when the block ends, for the block that falls through from it.
    for (int r = 0; r < 15; ++r) {
        if (ready[r] <= now) continue;
        cost.tail.pending |= static_cast<std::uint16_t>(1u << r);
        cost.tail.wait[r] = static_cast<std::uint8_t>(std::min<std::uint32_t>(ready[r] - now, 255));
        if (source[r] == ResultSource::Multiply) cost.tail.multiply |= static_cast<std::uint16_t>(1u << r);
        if (source[r] == ResultSource::Saturating) cost.tail.saturating |= static_cast<std::uint16_t>(1u << r);
    }
    return cost;
}

const MemoryRegion* BlockCostModel::data_region(const DataTarget& target) const {
    switch (target.kind) {
        case DataTarget::Kind::Stack: return stack_;
        case DataTarget::Kind::Address:
            if (const MemoryRegion* region = map_.find(target.address)) return region;
            return &map_.ram();
        case DataTarget::Kind::Unknown: break;
    }
    return &map_.ram();
}

std::uint32_t carry_stall(const TailLatency& previous, const BlockCost& next) {
    const std::uint16_t both = previous.pending & next.head_reads;
    if (!both) return 0;
    std::uint32_t stall = 0;
    for (int r = 0; r < 15; ++r) {
        const std::uint16_t bit = static_cast<std::uint16_t>(1u << r);
        if (!(both & bit)) continue;
        if ((previous.multiply & bit) && (next.head_exempt_multiply & bit)) continue;
        if ((previous.saturating & bit) && (next.head_exempt_saturating & bit)) continue;
        if (previous.wait[r] > next.head_use[r])
            stall = std::max<std::uint32_t>(stall, previous.wait[r] - next.head_use[r]);
    }
    return stall;
}

const BlockCost* BlockCostCache::find_slow(std::uint32_t address, std::uint32_t size) const {
    const auto it = costs_.find(address);
    if (it == costs_.end() || it->second->size != size) return nullptr;
    slots_[slot_index(address)] = {address, it->second.get()};
    return it->second.get();
}

const BlockCost& BlockCostCache::insert(BlockCost cost) {
    forgotten_.clear();
    const std::uint32_t address = cost.address;
    starts_.insert(address);
    longest_ = std::max(longest_, cost.size);
    auto& stored = costs_[address];
    stored = std::make_unique<BlockCost>(std::move(cost));
    // Only this slot can refer to `address`: repoint it, so a replaced entry is never used.
    slots_[slot_index(address)] = {address, stored.get()};
    return *stored;
}

void BlockCostCache::clear() {
    costs_.clear();
    forgotten_.clear();
    starts_.clear();
    longest_ = 0;
    std::fill(slots_.begin(), slots_.end(), Slot{});
}

void BlockCostCache::forget(std::uint32_t begin, std::uint32_t end) {
    // A block with a byte in [begin, end) starts in [begin - longest_ + 1, end).
    const std::uint32_t first = begin > longest_ ? begin - longest_ + 1 : 0;
    for (auto start = starts_.lower_bound(first); start != starts_.end() && *start < end;) {
        const auto it = costs_.find(*start);
        const BlockCost& cost = *it->second;
        if (std::uint64_t{cost.address} + cost.size <= begin) {
            ++start;
            continue;
        }
        Slot& slot = slots_[slot_index(cost.address)];
        if (slot.cost == &cost) slot = Slot{};
        forgotten_.push_back(std::move(it->second));
        costs_.erase(it);
        start = starts_.erase(start);
    }
}

}  // namespace q2686
