#include "cpu/data_region_audit.h"

#include <stdexcept>

#include <capstone/capstone.h>

#include "cpu/arm9e_timing.h"
#include "cpu/capstone_handle.h"

namespace q2686 {

namespace {

void add(DataRegionError& error, std::uint64_t real, std::uint64_t charged) {
    ++error.instructions;
    error.real += real;
    error.charged += charged;
    error.gross += charged > real ? charged - real : real - charged;
    if (charged != real) ++error.wrong;
}

}  // namespace

DataRegionAudit::DataRegionAudit(ArmCpu& cpu, const MemoryMap& map) : cpu_(cpu), map_(map) {
    arm_handle_ = open_arm_disassembler(CS_MODE_ARM);
    thumb_handle_ = open_arm_disassembler(CS_MODE_THUMB);
    cpu_.add_instruction_observer(0, 0xFFFF'FFFFu, [this](std::uint32_t address, bool thumb, Cycles) {
        on_instruction(address, thumb);
    });
    cpu_.add_data_observer([this](std::uint32_t address, unsigned size, bool) { on_access(address, size); });
}

DataRegionAudit::~DataRegionAudit() {
    csh handle = arm_handle_;
    cs_close(&handle);
    handle = thumb_handle_;
    cs_close(&handle);
}

const DataRegionAuditReport& DataRegionAudit::report() {
    finish();
    return report_;
}

void DataRegionAudit::finish() {
    if (pending_ && accesses_ > 0) {
        if (mmio_) {
            ++report_.mmio_instructions;
        } else if (charged_region_) {
            add(report_.origins, real_, charged_);
            add(report_.base_register, real_, base_charged_);
        }
    }
    pending_ = false;
}

void DataRegionAudit::on_instruction(std::uint32_t address, bool thumb) {
    finish();
    pending_ = true;
    accesses_ = 0;
    mmio_ = false;
    real_ = charged_ = base_charged_ = 0;
    charged_region_ = nullptr;
    if (const BlockCost* block = cpu_.running_block(); block && address >= block->address)
        charged_region_ = block->data_region_of_slot((address - block->address) >> (block->thumb ? 1 : 2));
    base_region_ = base_register_region(address, thumb);
}

void DataRegionAudit::on_access(std::uint32_t address, unsigned size) {
    if (!pending_) return;
    // An 8-byte access (LDRD/STRD reported at once) is two words.
    for (unsigned word = 0; word < (size > 4 ? 2u : 1u); ++word) {
        const std::uint32_t at = address + 4 * word;
        const MemoryRegion* region = map_.find(at);
        if (!region) continue;  // faults: reported by the run
        if (region->kind == RegionKind::Mmio) mmio_ = true;
        const bool sequential = accesses_ > 0 && at == next_address_;
        ++accesses_;
        next_address_ = at + (size > 4 ? 4 : size);
        real_ += sequential ? region->wait_s : region->wait_n;
        if (charged_region_) charged_ += sequential ? charged_region_->wait_s : charged_region_->wait_n;
        if (base_region_) base_charged_ += sequential ? base_region_->wait_s : base_region_->wait_n;
    }
}

const MemoryRegion* DataRegionAudit::base_register_region(std::uint32_t address, bool thumb) {
    const std::uint32_t key = address | (thumb ? 1u : 0u);
    if (const auto it = base_rule_.find(key); it != base_rule_.end()) return it->second;
    const MemoryRegion* region = nullptr;
    std::uint8_t bytes[4] = {};
    const std::size_t length = cpu_.read_memory(address, bytes) ? 4 : (cpu_.read_memory(address, {bytes, 2}) ? 2 : 0);
    const csh handle = thumb ? thumb_handle_ : arm_handle_;
    const std::uint8_t* code = bytes;
    std::size_t remaining = length;
    std::uint64_t pc = address;
    cs_insn* insn = cs_malloc(handle);
    if (length && cs_disasm_iter(handle, &code, &remaining, &pc, insn)) {
        const InstructionTiming t = arm9e_timing(handle, *insn, thumb);
        switch (t.data_base) {
            case DataBase::Pc: region = map_.find(address); break;
            case DataBase::Sp: region = cpu_.stack_region(); break;
            case DataBase::Other: region = &map_.ram(); break;
            case DataBase::None: region = &map_.ram(); break;
        }
    }
    cs_free(insn, 1);
    base_rule_.emplace(key, region);
    return region;
}

}  // namespace q2686
