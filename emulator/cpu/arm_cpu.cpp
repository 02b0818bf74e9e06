#include "cpu/arm_cpu.h"

#include <cstring>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <unicorn/unicorn.h>

#include "base/input_error.h"
#include "cpu/cached_access_cost.h"
#include "cpu/protection_fault.h"
#include "cpu/semihosting.h"

namespace q2686 {

namespace {

// ARM exception numbers as Unicorn (QEMU target/arm) reports them to an interrupt hook.
constexpr std::uint32_t kExcpUndefined = 1;
constexpr std::uint32_t kExcpSwi = 2;
constexpr std::uint32_t kExcpPrefetchAbort = 3;  // the protection unit denied a fetch
constexpr std::uint32_t kExcpDataAbort = 4;      // ... a data access
constexpr std::uint32_t kExcpBreakpoint = 7;

// CPSR fields (ARM ARM, "Program status registers").
constexpr std::uint32_t kCpsrModeMask = 0x1F;
constexpr std::uint32_t kCpsrThumb = 1u << 5;
constexpr std::uint32_t kCpsrFiqMask = 1u << 6;
constexpr std::uint32_t kCpsrIrqMask = 1u << 7;
constexpr std::uint32_t kModeSvc = 0x13;
constexpr std::uint32_t kModeIrq = 0x12;
constexpr std::uint32_t kModeAbort = 0x17;
constexpr std::uint32_t kModeUser = 0x10;
constexpr std::uint32_t kVectorIrq = 0x18;
constexpr std::uint32_t kVectorPrefetchAbort = 0x0C;
constexpr std::uint32_t kVectorDataAbort = 0x10;
// IRQ entry: the pipeline refills at the vector (ARM9E-S: like a taken branch).
constexpr Cycles kIrqEntryCycles = 3;
// Abort entry: the same refill at the abort vector.
constexpr Cycles kAbortEntryCycles = 3;

constexpr int kRegisterIds[16] = {UC_ARM_REG_R0,  UC_ARM_REG_R1, UC_ARM_REG_R2,  UC_ARM_REG_R3,
                                  UC_ARM_REG_R4,  UC_ARM_REG_R5, UC_ARM_REG_R6,  UC_ARM_REG_R7,
                                  UC_ARM_REG_R8,  UC_ARM_REG_R9, UC_ARM_REG_R10, UC_ARM_REG_R11,
                                  UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR,  UC_ARM_REG_PC};

// Unicorn 2.0.1 names the "flush every translated block" control uc_ctl_flush_tlb.
void flush_all_translations(uc_engine* uc) {
    uc_ctl_flush_tlb(uc);
}

void check(uc_err err, const char* what) {
    if (err != UC_ERR_OK) throw std::runtime_error(fmt::format("Unicorn: {}: {}", what, uc_strerror(err)));
}

ArmCpu& self(void* user) {
    return *static_cast<ArmCpu*>(user);
}

void block_hook(uc_engine*, std::uint64_t address, std::uint32_t size, void* user) {
    self(user).on_block(address, size);
}
void code_hook(uc_engine*, std::uint64_t, std::uint32_t, void* user) {
    self(user).on_instruction();
}
void interrupt_hook(uc_engine*, std::uint32_t number, void* user) {
    self(user).on_interrupt(number);
}
bool invalid_memory_hook(uc_engine*, uc_mem_type type, std::uint64_t address, int size, std::int64_t, void* user) {
    return self(user).on_invalid_memory(type, address, size);
}
std::uint64_t mmio_read_hook(uc_engine*, std::uint64_t offset, unsigned size, void* user) {
    return self(user).on_mmio_read(offset, size);
}
void mmio_write_hook(uc_engine*, std::uint64_t offset, unsigned size, std::uint64_t value, void* user) {
    self(user).on_mmio_write(offset, size, value);
}
void cached_data_hook(uc_engine*, uc_mem_type type, std::uint64_t address, int, std::int64_t, void* user) {
    self(user).on_cached_data_access(type == UC_MEM_WRITE, address);
}

const char* access_name(int type) {
    switch (type) {
        case UC_MEM_READ_UNMAPPED: return "read from unmapped address";
        case UC_MEM_WRITE_UNMAPPED: return "write to unmapped address";
        case UC_MEM_FETCH_UNMAPPED: return "instruction fetch from unmapped address";
        case UC_MEM_WRITE_PROT: return "write to read-only memory at";
        case UC_MEM_READ_PROT: return "read from unreadable memory at";
        case UC_MEM_FETCH_PROT: return "instruction fetch from non-executable memory at";
        default: return "invalid access at";
    }
}

}  // namespace

ArmCpu::ArmCpu(const MemoryMap& map, CycleScheduler& scheduler, MmioBus& mmio, EventLog& events,
               CycleAccounting accounting)
    : map_(map), scheduler_(scheduler), mmio_(mmio), events_(events), accounting_(accounting), model_(map) {
    model_.set_caches(&caches_);
    check(uc_open(UC_ARCH_ARM, UC_MODE_ARM, &uc_), "uc_open");
    // The CPU model must be chosen before anything else touches the engine.
    check(uc_ctl_set_cpu_model(uc_, UC_CPU_ARM_946), "select ARM946");
    map_memory();
    // Literal pools are read at analysis time (register origins, block_cost.h); the guest is
    // little-endian.
    model_.set_literal_reader([this](std::uint32_t address, std::uint32_t& value) {
        std::uint8_t word[4];
        if (!read_memory(address, word)) return false;
        value = static_cast<std::uint32_t>(word[0]) | static_cast<std::uint32_t>(word[1]) << 8 |
                static_cast<std::uint32_t>(word[2]) << 16 | static_cast<std::uint32_t>(word[3]) << 24;
        return true;
    });
    // Unicorn 2 applies hooks only to code translated after they are added: install them all
    // now, before the first instruction is translated.
    install_hooks();
    cp15_seen_ = cp15_state();
}

ArmCpu::~ArmCpu() {
    if (uc_) uc_close(uc_);
}

void ArmCpu::map_memory() {
    storage_.clear();
    storage_.reserve(map_.regions().size());
    for (const auto& region : map_.regions()) {
        if (region.kind == RegionKind::Mmio) {
            check(uc_mmio_map(uc_, region.base, region.size, mmio_read_hook, this, mmio_write_hook, this),
                  "map MMIO window");
            continue;
        }
        std::uint32_t perms = 0;
        if (region.access & kRead) perms |= UC_PROT_READ;
        if (region.access & kWrite) perms |= UC_PROT_WRITE;
        if (region.access & kExecute) perms |= UC_PROT_EXEC;
        storage_.push_back({&region, std::vector<std::uint8_t>(region.size)});
        check(uc_mem_map_ptr(uc_, region.base, region.size, perms, storage_.back().bytes.data()), "map memory region");
    }
}

void ArmCpu::install_hooks() {
    uc_hook hook;
    if (accounting_ == CycleAccounting::Blocks)
        check(uc_hook_add(uc_, &hook, UC_HOOK_BLOCK, reinterpret_cast<void*>(block_hook), this, 1, 0),
              "add block hook");
    if (accounting_ == CycleAccounting::PerInstruction)
        check(uc_hook_add(uc_, &hook, UC_HOOK_CODE, reinterpret_cast<void*>(code_hook), this, 1, 0), "add code hook");
    check(uc_hook_add(uc_, &hook, UC_HOOK_INTR, reinterpret_cast<void*>(interrupt_hook), this, 1, 0),
          "add interrupt hook");
    check(uc_hook_add(uc_, &hook, UC_HOOK_MEM_INVALID, reinterpret_cast<void*>(invalid_memory_hook), this, 1, 0),
          "add invalid-memory hook");
}

void ArmCpu::load(const ElfImage& image) {
    for (const auto& segment : image.segments) {
        const MemoryRegion* region = map_.find(segment.load_address);
        if (!region || region->kind == RegionKind::Mmio || !region->contains(segment.load_address, segment.memory_size))
            throw InputError(fmt::format(
                "{}: segment [{:#010x}, {:#010x}) lies outside the Q2686 memory (flash, TCM, RAM; see "
                "docs/hardware.md)",
                image.path, segment.load_address, std::uint64_t{segment.load_address} + segment.memory_size));
        std::uint8_t* memory = host_pointer(segment.load_address, segment.memory_size);
        std::copy(segment.bytes.begin(), segment.bytes.end(), memory);
        std::fill(memory + segment.bytes.size(), memory + segment.memory_size, 0);
    }
    flush_translations();
}

void ArmCpu::flush_translations() {
    // A TB flush costs ~0.1 s (2 s the first time: it touches the whole code buffer), so
    // skip it when nothing was translated yet.
    if (has_run_) flush_all_translations(uc_);
    costs_.clear();
    carried_from_ = nullptr;
}

void ArmCpu::clear_region(const MemoryRegion& region) {
    for (auto& s : storage_)
        if (s.region == &region) std::fill(s.bytes.begin(), s.bytes.end(), 0);
    // Only code translated from this region is stale: drop just that, not the whole cache
    // (a full flush costs ~0.1 s).
    if (has_run_) uc_ctl_remove_cache(uc_, region.base, std::uint64_t{region.base} + region.size);
    costs_.clear();
    carried_from_ = nullptr;
}

void ArmCpu::reset(std::uint32_t entry, bool thumb) {
    carried_from_ = nullptr;  // the registers changed outside the blocks' view
    for (int n = 0; n < 15; ++n) set_register(n, 0);
    set_cpsr(kModeSvc | kCpsrIrqMask | kCpsrFiqMask);
    set_pc(entry, thumb);
    current_block_ = nullptr;
    pending_extra_ = 0;
    previous_fallthrough_ = kNoStopAddress;
}

std::uint8_t* ArmCpu::host_pointer(std::uint32_t address, std::uint32_t length) {
    for (auto& s : storage_)
        if (s.region->contains(address, length)) return s.bytes.data() + (address - s.region->base);
    return nullptr;
}

bool ArmCpu::read_memory(std::uint32_t address, std::span<std::uint8_t> out) const {
    if (out.empty()) return true;  // memcpy from or to the null data() of an empty span is undefined
    const std::uint8_t* memory =
        const_cast<ArmCpu*>(this)->host_pointer(address, static_cast<std::uint32_t>(out.size()));
    if (!memory) return false;
    std::memcpy(out.data(), memory, out.size());
    return true;
}

bool ArmCpu::write_memory(std::uint32_t address, std::span<const std::uint8_t> bytes) {
    if (bytes.empty()) return true;
    std::uint8_t* memory = host_pointer(address, static_cast<std::uint32_t>(bytes.size()));
    if (!memory) return false;
    std::memcpy(memory, bytes.data(), bytes.size());
    // Stale translations and costs of code we just overwrote must go; only those.
    uc_ctl_remove_cache(uc_, address, std::uint64_t{address} + bytes.size());
    costs_.forget(address, static_cast<std::uint32_t>(address + bytes.size()));
    carried_from_ = nullptr;
    return true;
}

Cp15State ArmCpu::cp15_state() const {
    return read_cp15_state(uc_);
}

ArmRegisters ArmCpu::registers() const {
    ArmRegisters regs;
    for (int n = 0; n < 16; ++n) uc_reg_read(uc_, kRegisterIds[n], &regs.r[n]);
    uc_reg_read(uc_, UC_ARM_REG_CPSR, &regs.cpsr);
    return regs;
}

std::uint32_t ArmCpu::pc() const {
    std::uint32_t value = 0;
    uc_reg_read(uc_, UC_ARM_REG_PC, &value);
    return value;
}

bool ArmCpu::thumb() const {
    std::uint32_t cpsr = 0;
    uc_reg_read(uc_, UC_ARM_REG_CPSR, &cpsr);
    return cpsr & kCpsrThumb;
}

void ArmCpu::set_register(int n, std::uint32_t value) {
    carried_from_ = nullptr;  // the registers changed outside the blocks' view
    uc_reg_write(uc_, kRegisterIds[n], &value);
}

void ArmCpu::set_pc(std::uint32_t pc, bool thumb) {
    carried_from_ = nullptr;  // the registers changed outside the blocks' view
    std::uint32_t cpsr = 0;
    uc_reg_read(uc_, UC_ARM_REG_CPSR, &cpsr);
    cpsr = thumb ? (cpsr | kCpsrThumb) : (cpsr & ~kCpsrThumb);
    uc_reg_write(uc_, UC_ARM_REG_CPSR, &cpsr);
    // Unicorn takes the Thumb state from bit 0 of the PC it is given (and ignores CPSR.T).
    std::uint32_t value = (pc & ~1u) | (thumb ? 1u : 0u);
    uc_reg_write(uc_, UC_ARM_REG_PC, &value);
}

void ArmCpu::set_cpsr(std::uint32_t cpsr) {
    carried_from_ = nullptr;  // the registers changed outside the blocks' view
    uc_reg_write(uc_, UC_ARM_REG_CPSR, &cpsr);
}

void ArmCpu::stop_soon(CpuStopReason reason) {
    if (!running_) return;
    if (accounting_ == CycleAccounting::Blocks) {
        // A debugger stop wins over a plain stop request: the request's owner (a deferred
        // reset, the host) acts when the machine next runs, the debugger's hit would be lost.
        if (!stop_pending_ || reason == CpuStopReason::Debug) stop_pending_ = reason;
    } else {
        // Benchmark modes have no block hook; they only stop from the interrupt hook, where
        // the PC is exact.
        stop_ = CpuStop{reason, 0, std::nullopt, std::nullopt};
        uc_emu_stop(uc_);
    }
}

bool ArmCpu::irq_enabled() const {
    std::uint32_t cpsr = 0;
    uc_reg_read(uc_, UC_ARM_REG_CPSR, &cpsr);
    return !(cpsr & kCpsrIrqMask);
}

void ArmCpu::set_irq_line(bool asserted) {
    // Raised by a register write of the running firmware: the next block hook sees it.
    irq_line_ = asserted;
}

void ArmCpu::enter_idle() {
    idle_ = true;
    stop_soon(CpuStopReason::Idle);
}

void ArmCpu::take_irq() {
    carried_from_ = nullptr;  // the registers changed outside the blocks' view
    // LR_irq = address of the next instruction + 4, in ARM and Thumb state alike; the
    // handler returns with SUBS pc, lr, #4.
    const std::uint32_t next = pc();
    settle_pending_branch(next);
    previous_fallthrough_ = kNoStopAddress;
    enter_exception(kVectorIrq, kModeIrq, next + 4);
    scheduler_.advance(kIrqEntryCycles);
}

Cycles ArmCpu::instruction_cycle() const {
    if (!current_block_) return scheduler_.now();
    return block_start_ +
           current_block_->cycles_before_slot((pc() - current_block_->address) >> (current_block_->thumb ? 1 : 2));
}

Cycles ArmCpu::data_access_cycle(std::uint32_t address, bool write, bool* sequential) {
    *sequential = false;
    access_charged_ = &map_.ram();
    if (!current_block_) return scheduler_.now();
    const auto& sites = current_block_->accesses;
    std::uint32_t r[16];
    for (int n = 0; n < 15; ++n) uc_reg_read(uc_, kRegisterIds[n], &r[n]);
    for (std::size_t i = access_cursor_; i < sites.size(); ++i) {
        const AccessSite& site = sites[i];
        if ((write ? site.writes : site.reads) && site.touches(r, address)) {
            // A later word of the same LDM/STM is a sequential access.
            *sequential = site.form == AccessSite::Form::Multiple && access_matched_ && i == access_cursor_;
            access_cursor_ = i;
            access_matched_ = true;
            if (const MemoryRegion* charged = current_block_->data_region_of_slot(site.slot)) access_charged_ = charged;
            return block_start_ + current_block_->cycles_before_slot(site.slot);
        }
    }
    // Not found (e.g. an index shifted by other than LSL): the block start is the best we know.
    return block_start_;
}

void ArmCpu::charge_mmio_wait(bool sequential) {
    // The static block cost charged this access the wait states of the region its instruction
    // was thought to reach (RAM when its base register's origin was unknown; a cache hit when
    // that region is cached); MMIO has its own.
    const MemoryRegion& mmio = map_.mmio();
    const int charged =
        static_cast<int>(caches_.assumed_data_wait(*access_charged_, sequential ? 0 : 1, sequential ? 1 : 0));
    const int extra = (sequential ? int{mmio.wait_s} : int{mmio.wait_n}) - charged;
    if (extra <= 0) return;
    scheduler_.advance(static_cast<Cycles>(extra));
    block_start_ += static_cast<Cycles>(extra);
}

CpuStop ArmCpu::run(Cycles deadline, std::uint32_t until) {
    stop_.reset();
    memory_fault_.reset();
    deadline_ = deadline;
    if (accounting_ != CycleAccounting::None && scheduler_.now() >= deadline)
        return {CpuStopReason::Deadline, 0, std::nullopt, std::nullopt};

    if (idle_) return {CpuStopReason::Idle, 0, std::nullopt, std::nullopt};
    if (irq_line_ && irq_enabled() && !stepping_) take_irq();

    const bool in_thumb = thumb();
    const std::uint64_t begin = pc() | (in_thumb ? 1u : 0u);
    has_run_ = true;
    running_ = true;
    stop_pending_.reset();
    stopped_before_.reset();
    const uc_err err = uc_emu_start(uc_, begin, until, 0, 0);
    running_ = false;
    apply_control_write();
    if (stopped_before_) {
        // See stop_before_block(); bit 0 of the PC keeps the Thumb state.
        const std::uint32_t value = *stopped_before_ | (thumb() ? 1u : 0u);
        uc_reg_write(uc_, UC_ARM_REG_PC, &value);
    }
    stop_pending_.reset();
    current_block_ = nullptr;

    if (err != UC_ERR_OK) {
        // Unicorn reports some undefined encodings (UDF, unallocated space) as an error of its
        // own instead of the undefined-instruction exception.
        CpuFault fault = memory_fault_.value_or(
            err == UC_ERR_INSN_INVALID ? CpuFault{fmt::format("undefined instruction ({})", uc_strerror(err)), 0,
                                                  std::nullopt, FaultKind::Undefined}
                                       : CpuFault{uc_strerror(err), 0, std::nullopt, FaultKind::Memory});
        fault.pc = pc();
        cancel_single_step();
        events_.emit(
            {scheduler_.now(), EventKind::Cpu, "cpu", fmt::format("fault at pc {:#010x}: {}", fault.pc, fault.what)});
        return {CpuStopReason::Fault, 0, std::move(fault), std::nullopt};
    }
    if (stop_) {
        if (stop_->reason != CpuStopReason::Deadline) settle_pending_branch(pc());
        if (stop_->reason == CpuStopReason::Debug) {
            stop_->debug = debug_hit_;
            debug_hit_.reset();
            // The step hook goes now, outside the hook that reported it: removing translations
            // from inside a running block is not safe.
            if (stop_->debug && stop_->debug->kind != DebugHit::Kind::Watchpoint) cancel_single_step();
        }
        return *stop_;
    }
    settle_pending_branch(pc());
    return {CpuStopReason::UntilAddress, 0, std::nullopt, std::nullopt};
}

void ArmCpu::settle_pending_branch(std::uint32_t next_address) {
    if (pending_extra_ == 0) return;
    // The block ended in a conditional PC write: if we did not fall through, it was taken
    // and the pipeline refill it caused is owed now.
    if (next_address != pending_fallthrough_) scheduler_.advance(pending_extra_);
    pending_extra_ = 0;
}

const BlockCost& ArmCpu::cost_of(std::uint32_t address, std::uint32_t size) {
    // The block that ran just before, whose exit origins this one starts from if it has to be
    // analysed (cheap to keep: a pointer per block; copied only on a miss).
    const BlockCost* previous = std::exchange(carried_from_, nullptr);
    if (resume_) {
        const ResumePoint resume = *resume_;
        resume_.reset();
        if (resume.address == address) {
            // Resumed in the middle of a translated block after a debugger stop: the
            // instructions of that block before the stop still give the registers their
            // origins. Not cached: the same address reached as a block start has no lead-in.
            std::vector<std::uint8_t> code(address - resume.origins_from + size);
            if (uc_mem_read(uc_, resume.origins_from, code.data(), code.size()) == UC_ERR_OK) {
                const std::span<const std::uint8_t> all(code);
                const std::size_t lead = address - resume.origins_from;
                auto cost = std::make_unique<BlockCost>(
                    model_.analyze(all.subspan(lead), address, thumb(), all.first(lead), &resume.entry_origins));
                resumed_cost_ = std::move(cost);
                return *resumed_cost_;
            }
        }
    }
    if (const BlockCost* cached = costs_.find(address, size)) return *cached;
    std::optional<OriginState> entry;
    if (previous) entry = previous->exit_origins;
    std::vector<std::uint8_t> code(size);
    if (size && uc_mem_read(uc_, address, code.data(), size) != UC_ERR_OK) code.clear();
    note_control_write(code, address);
    return costs_.insert(model_.analyze(code, address, thumb(), {}, entry ? &*entry : nullptr));
}

void ArmCpu::note_control_write(std::span<const std::uint8_t> code, std::uint32_t address) {
    const auto size = static_cast<std::uint32_t>(code.size());
    std::erase_if(control_writes_,
                  [address, size](const ControlWrite& w) { return w.block == address && w.size == size; });
    if (const auto write = control_write_at_end(code, address, thumb())) control_writes_.push_back(*write);
}

void ArmCpu::apply_control_write() {
    if (!pending_control_write_) return;
    const ControlWrite write = *pending_control_write_;
    pending_control_write_.reset();
    std::uint32_t cpsr = 0;
    uc_reg_read(uc_, UC_ARM_REG_CPSR, &cpsr);
    // In user mode the MCR was undefined; a failed condition wrote nothing; Rd = PC is
    // UNPREDICTABLE. Without the M bit Unicorn kept the value as written.
    if ((cpsr & kCpsrModeMask) == kModeUser || write.rd == 15 || !condition_passed(write.condition, cpsr)) return;
    std::uint32_t value = 0;
    uc_reg_read(uc_, kRegisterIds[write.rd], &value);
    if (value & 1u) write_cp15_control(uc_, value);
}

void ArmCpu::stop_before_block(std::uint32_t block_address) {
    // Unicorn 2.0.1 puts the PC back at the start of a block whose hook stopped emulation —
    // but not while any code hook exists (it then counts on code hooks having synced the PC),
    // and a breakpoint's code hook covers one address only: the PC can be left at the start
    // of the previous (chained) block, which would run twice. Whether a code hook "exists" is
    // Unicorn's view, not ours: uc_hook_del only marks a hook, which stays in the list until
    // the next uc_emu_start returns, so the run after a breakpoint or a step goes is one more
    // run without the correction. run() therefore puts the PC right after every block-hook
    // stop, hooks or not (writing the PC inside a hook would cancel the stop); where Unicorn
    // already restored it, the write changes nothing.
    stopped_before_ = block_address;
    uc_emu_stop(uc_);
}

void ArmCpu::on_block(std::uint64_t address, std::uint32_t size) {
    const auto block_address = static_cast<std::uint32_t>(address);
    apply_control_write();
    settle_pending_branch(block_address);
    if (stepping_ && step_executed_) {
        // The stepped instruction ended its block (a branch, an exception entry, the last
        // instruction of the block): this block is the next instruction.
        debug_hit_ = DebugHit{DebugHit::Kind::Step, block_address, WatchAccess::Write};
        stop_ = CpuStop{CpuStopReason::Debug, 0, std::nullopt, std::nullopt};
        stop_pending_.reset();
        stop_before_block(block_address);
        return;
    }
    if (stop_pending_) {
        stop_ = CpuStop{*stop_pending_, 0, std::nullopt, std::nullopt};
        stop_pending_.reset();
        stop_before_block(block_address);
        return;
    }
    if (scheduler_.now() >= deadline_) {
        // Stops before this block runs; the hook fires again for it on resume, and only then
        // is it charged.
        stop_ = CpuStop{CpuStopReason::Deadline, 0, std::nullopt, std::nullopt};
        stop_before_block(block_address);
        return;
    }
    if (irq_line_ && irq_enabled() && !stepping_) {
        // Unmasked by the previous block (MSR ends a block) or raised by a device access:
        // stop here; run() takes the exception before this block executes.
        stop_ = CpuStop{CpuStopReason::Interrupt, 0, std::nullopt, std::nullopt};
        stop_before_block(block_address);
        return;
    }
    // The previous block wrote CP15: the caches' state (and with it every cost) may differ.
    if (pending_cp15_) apply_cp15_writes();
    const BlockCost& cost = cost_of(block_address, size);
    // Straight-line entry (the previous block fell through into this one): the first fetch is
    // sequential, not the non-sequential fetch the static cost assumes, and a result the
    // previous block left pending can stall this one (block_cost.h, carry_stall).
    const bool fell_through = block_address == previous_fallthrough_;
    const std::uint32_t saving = fell_through ? cost.sequential_entry_saving : 0;
    const std::uint32_t stall = fell_through && carried_.pending ? carry_stall(carried_, cost) : 0;
    previous_fallthrough_ = cost.fallthrough();
    carried_ = cost.tail;
    block_entry_saving_ = saving;
    current_block_ = &cost;
    carried_from_ = &cost;
    access_cursor_ = 0;
    access_matched_ = false;
    block_start_ = scheduler_.now() - saving;
    // Caches on: the linefills of the lines this block misses (cached_access_cost.h).
    std::uint32_t fills = 0;
    if (cost.icached || !cost.literals.empty()) {
        if (cost.warm_epoch == caches_.epoch()) {
            caches_.count_warm_block(cost.icache_lines,
                                     exact_data_cache_ ? 0 : static_cast<std::uint32_t>(cost.literals.size()));
        } else {
            fills = cache_entry_cycles(cost, block_start_);
            cost.warm_epoch = caches_.epoch();
        }
    }
    pending_cp15_ |= cost.cp15_writes;
    scheduler_.advance(cost.cycles - saving + stall + fills);
    instructions_ += cost.instructions;
    if (cost.taken_extra) {
        pending_fallthrough_ = cost.fallthrough();
        pending_extra_ = cost.taken_extra;
    }
    for (const ControlWrite& write : control_writes_)  // empty but for a few boot blocks
        if (write.block == block_address && write.size == size) pending_control_write_ = write;
    if (stepping_) step_executed_ = true;
}

std::uint32_t ArmCpu::cache_entry_cycles(const BlockCost& cost, Cycles start) {
    std::uint32_t extra = 0;
    // Tag check of every line the block spans: a hit fetches from the cache, a miss fills the
    // line (DDI 0155A §6.2.4).
    const std::uint32_t first = cost.address & ~(kCacheLineBytes - 1);
    for (std::uint32_t i = 0; i < cost.icache_lines; ++i)
        extra += caches_.fetch_line(first + i * kCacheLineBytes, *cost.code_region);
    // Literal-pool loads: the address is known statically, so the data cache sees them exactly.
    // (The exact reference mode's memory hook sees them itself.)
    if (!exact_data_cache_)
        for (const BlockCost::Literal& literal : cost.literals)
            if (!caches_.data_hit(literal.address))
                extra += caches_.data_access(start + cost.cycles_before_slot(literal.slot) + extra, literal.address,
                                             *literal.region, false, false);
    return extra;
}

void ArmCpu::set_cache_settings(const CacheSettings& settings) {
    if (settings == caches_.settings()) return;
    caches_.configure(settings);
    // Costs were computed for the old state; the translations themselves do not change.
    costs_.clear();
    current_block_ = nullptr;
    carried_from_ = nullptr;
}

void ArmCpu::apply_cp15_writes() {
    const std::uint8_t writes = pending_cp15_;
    pending_cp15_ = 0;
    if (writes & kCp15InvalidateI) caches_.invalidate_icache();
    if (writes & kCp15InvalidateD) caches_.invalidate_dcache();
    if (writes & kCp15DrainWrites) scheduler_.advance(caches_.drain(scheduler_.now()));
    const Cp15State cp15 = cp15_state();
    if (cp15 == cp15_seen_) return;
    cp15_seen_ = cp15;
    set_cache_settings(cache_settings_from(cp15));
}

void ArmCpu::set_exact_data_cache(bool exact) {
    if (exact == exact_data_cache_) return;
    exact_data_cache_ = exact;
    for (std::size_t hook : exact_hooks_) uc_hook_del(uc_, hook);
    exact_hooks_.clear();
    if (exact)
        for (const MemoryRegion& region : map_.regions()) {
            if (region.kind == RegionKind::Mmio || region.kind == RegionKind::Tcm) continue;
            uc_hook hook = 0;
            check(uc_hook_add(uc_, &hook, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE,
                              reinterpret_cast<void*>(cached_data_hook), this, region.base, region.end() - 1),
                  "add data-cache reference hook");
            exact_hooks_.push_back(hook);
        }
    // Hooks apply to code translated after they change; costs depend on the mode.
    flush_translations();
}

void ArmCpu::on_cached_data_access(bool write, std::uint64_t address) {
    const MemoryRegion* region = map_.find(static_cast<std::uint32_t>(address));
    // Only cached regions: the static cost charged them as hits; elsewhere it is exact.
    if (!region || !caches_.settings().data_cached(*region)) return;
    bool sequential = false;
    const Cycles when = data_access_cycle(static_cast<std::uint32_t>(address), write, &sequential);
    const std::uint32_t extra =
        caches_.data_access(when, static_cast<std::uint32_t>(address), *region, write, sequential);
    if (!extra) return;
    scheduler_.advance(extra);
    block_start_ += extra;
}

void ArmCpu::on_instruction() {
    // Benchmark mode: what accounting would cost with a hook on every instruction.
    ++instructions_;
    scheduler_.advance(1);
    if (scheduler_.now() >= deadline_) {
        stop_ = CpuStop{CpuStopReason::Deadline, 0, std::nullopt, std::nullopt};
        uc_emu_stop(uc_);
    }
}

void ArmCpu::enter_exception(std::uint32_t vector_offset, std::uint32_t mode, std::uint32_t return_address) {
    std::uint32_t old_cpsr = 0;
    uc_reg_read(uc_, UC_ARM_REG_CPSR, &old_cpsr);
    // Writing CPSR switches the register bank, so SPSR and LR below are the new mode's.
    std::uint32_t new_cpsr = (old_cpsr & ~(kCpsrModeMask | kCpsrThumb)) | mode | kCpsrIrqMask;
    uc_reg_write(uc_, UC_ARM_REG_CPSR, &new_cpsr);
    uc_reg_write(uc_, UC_ARM_REG_SPSR, &old_cpsr);
    uc_reg_write(uc_, UC_ARM_REG_LR, &return_address);
    uc_reg_write(uc_, UC_ARM_REG_PC, &vector_offset);
}

void ArmCpu::take_abort(bool data) {
    // QEMU restores the state of the aborted instruction before it raises the abort: the PC is
    // that instruction's address and no register has been written back yet.
    const std::uint32_t aborted = pc();
    std::uint32_t cpsr = 0;
    uc_reg_read(uc_, UC_ARM_REG_CPSR, &cpsr);
    const bool privileged = (cpsr & kCpsrModeMask) != kModeUser;
    std::string what = "address not known (no block information)";
    if (!data) {
        what = describe_protection_fault(cp15_state(), aborted, ProtectedAccess::Fetch, privileged);
    } else if (current_block_) {
        // The access site of the aborted instruction gives its address from the registers.
        const std::uint16_t slot =
            static_cast<std::uint16_t>((aborted - current_block_->address) >> (current_block_->thumb ? 1 : 2));
        for (const AccessSite& site : current_block_->accesses) {
            if (site.slot != slot || site.base < 0) continue;
            std::uint32_t r[16];
            for (int n = 0; n < 16; ++n) uc_reg_read(uc_, kRegisterIds[n], &r[n]);
            const ProtectedAccess access = site.writes && !site.reads ? ProtectedAccess::Write : ProtectedAccess::Read;
            what = describe_protection_fault(cp15_state(), site.lowest_address(r), access, privileged);
            break;
        }
    }
    events_.emit({scheduler_.now(), EventKind::Cpu, "cpu",
                  fmt::format("{} abort at pc {:#010x}: {}", data ? "data" : "prefetch", aborted, what)});
    // The rest of the block does not run: no branch of it is pending, and nothing falls through.
    pending_extra_ = 0;
    previous_fallthrough_ = kNoStopAddress;
    // ARMv5 abort entry (ARM ARM A2.6.5/A2.6.6): LR_abt = aborted instruction + 8 for a data
    // abort, + 4 for a prefetch abort, in ARM and Thumb state alike.
    enter_exception(data ? kVectorDataAbort : kVectorPrefetchAbort, kModeAbort, aborted + (data ? 8 : 4));
    scheduler_.advance(kAbortEntryCycles);
}

void ArmCpu::on_interrupt(std::uint32_t number) {
    carried_from_ = nullptr;  // the registers changed outside the blocks' view
    apply_control_write();
    if (number == kExcpDataAbort || number == kExcpPrefetchAbort) {
        take_abort(number == kExcpDataAbort);
        return;
    }
    const std::uint32_t next_pc = pc();  // Unicorn reports the instruction after the SVC
    const bool was_thumb = thumb();
    if (number == kExcpSwi) {
        if (semihosting_ && semihosting_->is_semihosting_call(*this, next_pc, was_thumb)) {
            const SemihostingResult result = semihosting_->handle(*this, instruction_cycle());
            if (result.exit) {
                // At an exception boundary the PC is exact: stopping here is safe.
                stop_ = CpuStop{CpuStopReason::Exit, result.exit_status, std::nullopt, std::nullopt};
                uc_emu_stop(uc_);
            }
            return;
        }
        enter_exception(0x08, kModeSvc, next_pc);
        return;
    }
    const char* what = number == kExcpUndefined    ? "undefined instruction"
                       : number == kExcpBreakpoint ? "breakpoint instruction (BKPT) with no debugger attached"
                                                   : "unexpected CPU exception";
    stop_ = CpuStop{CpuStopReason::Fault, 0,
                    CpuFault{fmt::format("{} (exception {})", what, number), next_pc, std::nullopt,
                             number == kExcpUndefined ? FaultKind::Undefined : FaultKind::Other},
                    std::nullopt};
    events_.emit({scheduler_.now(), EventKind::Cpu, "cpu", fmt::format("{} at pc {:#010x}", what, next_pc)});
    uc_emu_stop(uc_);
}

bool ArmCpu::on_invalid_memory(int type, std::uint64_t address, int size) {
    memory_fault_ = CpuFault{fmt::format("{} {:#010x} ({} bytes)", access_name(type), address, size), 0,
                             static_cast<std::uint32_t>(address), FaultKind::Memory};
    return false;  // not handled: Unicorn stops with an error
}

std::uint64_t ArmCpu::on_mmio_read(std::uint64_t offset, unsigned size) {
    bool sequential = false;
    const Cycles when = data_access_cycle(mmio_.base() + static_cast<std::uint32_t>(offset), false, &sequential);
    charge_mmio_wait(sequential);
    if (mmio_watched_) check_mmio_watch(mmio_.base() + static_cast<std::uint32_t>(offset), size, false);
    return mmio_.read(static_cast<std::uint32_t>(offset), size, when);
}

void ArmCpu::on_mmio_write(std::uint64_t offset, unsigned size, std::uint64_t value) {
    bool sequential = false;
    const Cycles when = data_access_cycle(mmio_.base() + static_cast<std::uint32_t>(offset), true, &sequential);
    charge_mmio_wait(sequential);
    // An unbuffered write waits for the buffered stores before it (DDI 0155A §6.5.1).
    if (caches_.settings().active() && !caches_.settings().buffered(map_.mmio()))
        if (const std::uint32_t drain = caches_.drain(when)) {
            scheduler_.advance(drain);
            block_start_ += drain;
        }
    if (mmio_watched_) check_mmio_watch(mmio_.base() + static_cast<std::uint32_t>(offset), size, true);
    mmio_.write(static_cast<std::uint32_t>(offset), size, static_cast<std::uint32_t>(value), when);
}

}  // namespace q2686
