// ArmCpu's debugger support: breakpoints, single step and watchpoints (see arm_cpu.h).
//
// Cost when unused: nothing per instruction. Unicorn emits a code-hook call only into code
// whose address lies in a hook's range, so a breakpoint costs a call at its own address and
// nowhere else, and with no breakpoint there is no code hook at all. Every translation that
// covers an address whose hooks change is dropped (uc_ctl_remove_cache over a few bytes), so
// the change applies at once without flushing the whole translation cache.
#include <algorithm>

#include <unicorn/unicorn.h>

#include "cpu/arm_cpu.h"

namespace q2686 {

namespace {

ArmCpu& self(void* user) {
    return *static_cast<ArmCpu*>(user);
}

void debug_code_hook(uc_engine*, std::uint64_t address, std::uint32_t, void* user) {
    self(user).on_debug_code(static_cast<std::uint32_t>(address));
}

void watch_hook(uc_engine*, uc_mem_type type, std::uint64_t address, int size, std::int64_t, void* user) {
    self(user).on_watched_access(type == UC_MEM_WRITE, address, size);
}

void data_observer_hook(uc_engine*, uc_mem_type type, std::uint64_t address, int size, std::int64_t, void* user) {
    (*static_cast<ArmCpu::DataObserver*>(user))(static_cast<std::uint32_t>(address), static_cast<unsigned>(size),
                                                type == UC_MEM_WRITE);
}

void observer_hook(uc_engine*, std::uint64_t address, std::uint32_t, void* user) {
    static_cast<ArmCpu::ObserverEntry*>(user)->call(static_cast<std::uint32_t>(address));
}

bool overlaps(std::uint32_t a, std::uint32_t a_length, std::uint64_t b, std::uint64_t b_length) {
    return std::uint64_t{a} < b + b_length && b < std::uint64_t{a} + a_length;
}

}  // namespace

void ArmCpu::add_breakpoint(std::uint32_t address) {
    address &= ~1u;
    if (has_breakpoint(address)) return;
    uc_hook hook = 0;
    if (uc_hook_add(uc_, &hook, UC_HOOK_CODE, reinterpret_cast<void*>(debug_code_hook), this, address, address) !=
        UC_ERR_OK)
        return;
    breakpoints_.emplace_back(address, hook);
    uc_ctl_remove_cache(uc_, address, std::uint64_t{address} + 4);
}

void ArmCpu::remove_breakpoint(std::uint32_t address) {
    address &= ~1u;
    const auto it = std::find_if(breakpoints_.begin(), breakpoints_.end(),
                                 [address](const auto& bp) { return bp.first == address; });
    if (it == breakpoints_.end()) return;
    uc_hook_del(uc_, it->second);
    breakpoints_.erase(it);
    uc_ctl_remove_cache(uc_, address, std::uint64_t{address} + 4);
}

bool ArmCpu::has_breakpoint(std::uint32_t address) const {
    return std::any_of(breakpoints_.begin(), breakpoints_.end(),
                       [address](const auto& bp) { return bp.first == (address & ~1u); });
}

void ArmCpu::arm_single_step() {
    if (stepping_) cancel_single_step();
    // The next sequential instruction: pc + 4 in ARM state; pc + 2 or pc + 4 in Thumb state
    // (a 32-bit Thumb BL pair), so the hook covers both. Whatever is not sequential — a taken
    // branch, an exception entry — starts a new block, and the block hook stops there.
    step_from_ = pc();
    const std::uint32_t first = step_from_ + (thumb() ? 2 : 4);
    const std::uint32_t last = step_from_ + 4;
    if (uc_hook_add(uc_, &step_hook_, UC_HOOK_CODE, reinterpret_cast<void*>(debug_code_hook), this, first, last) !=
        UC_ERR_OK)
        return;
    uc_ctl_remove_cache(uc_, step_from_, std::uint64_t{last} + 4);
    stepping_ = true;
    step_executed_ = false;
}

void ArmCpu::cancel_single_step() {
    if (!stepping_) return;
    uc_hook_del(uc_, step_hook_);
    uc_ctl_remove_cache(uc_, step_from_, std::uint64_t{step_from_} + 8);
    stepping_ = false;
    step_executed_ = false;
}

void ArmCpu::cut_block_at(std::uint32_t address) {
    // The block hook charged the whole block; the instructions from `address` on did not run.
    // Take their cycles back so that stopping and resuming costs what running straight
    // through would have (docs/cycle-model.md, "Debugger stops").
    if (!current_block_) return;
    const BlockCost& block = *current_block_;
    const std::uint32_t slot = (address - block.address) >> (block.thumb ? 1 : 2);
    if (address < block.address || slot >= block.instructions) return;
    if (slot == 0) {
        scheduler_.take_back_to(block_start_ + block_entry_saving_);  // where the block started
    } else {
        // prefix[slot] is where instruction `slot` issues, after its own (sequential) fetch:
        // that fetch is charged again by the block that resumes here.
        const MemoryRegion* code = map_.find(block.address);
        scheduler_.take_back_to(block_start_ + block.cycles_before_slot(slot) - (code ? code->wait_s : 0));
    }
    instructions_ -= block.instructions - slot;
    pending_extra_ = 0;  // the block's final branch never ran
    // Resuming at `address` continues the fetch stream (a sequential fetch) — unless nothing of
    // the block ran, in which case the resumed block is entered the way this one was.
    previous_fallthrough_ = slot > 0 || block_entry_saving_ ? address : kNoStopAddress;
    // The block that resumes here keeps the register origins the instructions before the stop
    // established (BlockCostModel::analyze's lead-in).
    if (address != block.origins_from) resume_ = ResumePoint{address, block.origins_from, block.entry_origins};
    carried_from_ = nullptr;
    current_block_ = nullptr;
}

void ArmCpu::on_debug_code(std::uint32_t address) {
    if (!running_) return;
    if (skip_breakpoint_ && *skip_breakpoint_ == address) {
        skip_breakpoint_.reset();
        return;
    }
    skip_breakpoint_.reset();  // whatever ran first, the breakpoint we resumed from is behind us
    const bool breakpoint = has_breakpoint(address);
    if (!breakpoint && !(stepping_ && step_executed_)) return;
    cut_block_at(address);
    debug_hit_ = DebugHit{breakpoint ? DebugHit::Kind::Breakpoint : DebugHit::Kind::Step, address, WatchAccess::Write};
    // A code hook runs before its instruction with the PC synced: stopping here is exact.
    stop_ = CpuStop{CpuStopReason::Debug, 0, std::nullopt, std::nullopt};
    stop_pending_.reset();
    uc_emu_stop(uc_);
}

void ArmCpu::ObserverEntry::call(std::uint32_t address) {
    observe(address, cpu->thumb(), cpu->instruction_cycle());
}

void ArmCpu::add_instruction_observer(std::uint32_t first, std::uint32_t last, InstructionObserver observer) {
    auto entry = std::make_unique<ObserverEntry>(ObserverEntry{this, std::move(observer)});
    uc_hook hook = 0;
    if (uc_hook_add(uc_, &hook, UC_HOOK_CODE, reinterpret_cast<void*>(observer_hook), entry.get(), first, last) !=
        UC_ERR_OK)
        return;
    observers_.push_back(std::move(entry));
    if (has_run_) uc_ctl_remove_cache(uc_, first, std::uint64_t{last} + 4);
}

void ArmCpu::add_data_observer(DataObserver observer) {
    auto entry = std::make_unique<DataObserver>(std::move(observer));
    uc_hook hook = 0;
    // begin > end: every address.
    if (uc_hook_add(uc_, &hook, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, reinterpret_cast<void*>(data_observer_hook),
                    entry.get(), 1, 0) != UC_ERR_OK)
        return;
    data_observers_.push_back(std::move(entry));
    if (has_run_) flush_translations();
}

void ArmCpu::add_watchpoint(std::uint32_t address, std::uint32_t length, WatchAccess access) {
    if (length == 0) length = 1;
    Watchpoint watch{address, length, access, 0};
    const MemoryRegion& mmio = map_.mmio();
    if (!overlaps(mmio.base, mmio.size, address, length)) {
        int types = 0;
        if (static_cast<int>(access) & static_cast<int>(WatchAccess::Write)) types |= UC_HOOK_MEM_WRITE;
        if (static_cast<int>(access) & static_cast<int>(WatchAccess::Read)) types |= UC_HOOK_MEM_READ;
        if (uc_hook_add(uc_, &watch.hook, types, reinterpret_cast<void*>(watch_hook), this, address,
                        std::uint64_t{address} + length - 1) != UC_ERR_OK)
            return;
    } else {
        mmio_watched_ = true;
    }
    watchpoints_.push_back(watch);
}

void ArmCpu::remove_watchpoint(std::uint32_t address, std::uint32_t length, WatchAccess access) {
    if (length == 0) length = 1;
    const auto it = std::find_if(watchpoints_.begin(), watchpoints_.end(), [&](const Watchpoint& w) {
        return w.address == address && w.length == length && w.access == access;
    });
    if (it == watchpoints_.end()) return;
    if (it->hook) uc_hook_del(uc_, it->hook);
    watchpoints_.erase(it);
    mmio_watched_ = std::any_of(watchpoints_.begin(), watchpoints_.end(), [](const Watchpoint& w) { return !w.hook; });
}

void ArmCpu::report_watch(const Watchpoint& watch, bool write) {
    if (debug_hit_) return;  // the first access of the block is the one reported
    debug_hit_ = DebugHit{DebugHit::Kind::Watchpoint, watch.address, write ? WatchAccess::Write : WatchAccess::Read};
    // Inside a data access Unicorn has not synced the PC: stop at the end of this block.
    stop_soon(CpuStopReason::Debug);
}

void ArmCpu::on_watched_access(bool write, std::uint64_t address, int size) {
    const WatchAccess kind = write ? WatchAccess::Write : WatchAccess::Read;
    for (const Watchpoint& watch : watchpoints_)
        if (watch.hook && (static_cast<int>(watch.access) & static_cast<int>(kind)) &&
            overlaps(watch.address, watch.length, address, static_cast<std::uint64_t>(size)))
            return report_watch(watch, write);
}

void ArmCpu::check_mmio_watch(std::uint32_t address, unsigned size, bool write) {
    const WatchAccess kind = write ? WatchAccess::Write : WatchAccess::Read;
    for (const Watchpoint& watch : watchpoints_)
        if (!watch.hook && (static_cast<int>(watch.access) & static_cast<int>(kind)) &&
            overlaps(watch.address, watch.length, address, size))
            return report_watch(watch, write);
}

}  // namespace q2686
