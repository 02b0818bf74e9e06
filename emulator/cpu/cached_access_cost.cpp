#include "cpu/cached_access_cost.h"

namespace q2686 {

std::uint32_t fetch_wait_states(const MemoryRegion* code_region, bool first, const CacheSystem* caches) {
    if (!code_region) return 0;
    // A cached fetch hits (the linefill of a missing line is charged at block entry).
    if (caches && caches->settings().instruction_cached(*code_region)) return 0;
    return first ? code_region->wait_n : code_region->wait_s;
}

std::uint32_t data_wait_states(const InstructionTiming& t, const MemoryRegion* region, const CacheSystem* caches) {
    if (!region) return 0;
    if (caches) return caches->assumed_data_wait(*region, t.data_nonseq, t.data_seq);
    return t.data_nonseq * region->wait_n + t.data_seq * region->wait_s;
}

bool literal_load_address(const cs_insn& insn, bool thumb, std::uint32_t& address) {
    switch (insn.id) {
        case ARM_INS_LDR:
        case ARM_INS_LDRB:
        case ARM_INS_LDRH:
        case ARM_INS_LDRSB:
        case ARM_INS_LDRSH: break;
        default: return false;
    }
    const cs_arm& arm = insn.detail->arm;
    for (int i = 0; i < arm.op_count; ++i) {
        const cs_arm_op& op = arm.operands[i];
        if (op.type != ARM_OP_MEM) continue;
        if (op.mem.base != ARM_REG_PC || op.mem.index != ARM_REG_INVALID || i + 1 < arm.op_count) return false;
        // The PC reads as the instruction's address + 8 (ARM) or + 4, word-aligned (Thumb).
        const std::uint32_t pc = thumb ? ((static_cast<std::uint32_t>(insn.address) + 4) & ~3u)
                                       : static_cast<std::uint32_t>(insn.address) + 8;
        std::int32_t disp = op.mem.disp;
        if (op.subtracted && disp > 0) disp = -disp;
        address = pc + static_cast<std::uint32_t>(disp);
        return true;
    }
    return false;
}

std::uint8_t cp15_write_of(const cs_insn& insn) {
    if (insn.id != ARM_INS_MCR) return 0;
    const cs_arm& arm = insn.detail->arm;
    int coprocessor = -1, crn = -1, crm = -1, opc2 = 0, immediates = 0;
    for (int i = 0; i < arm.op_count; ++i) {
        const cs_arm_op& op = arm.operands[i];
        if (op.type == ARM_OP_PIMM)
            coprocessor = op.imm;
        else if (op.type == ARM_OP_CIMM)
            (crn < 0 ? crn : crm) = op.imm;
        else if (op.type == ARM_OP_IMM && immediates++ == 1)
            opc2 = op.imm;  // opc1 comes first
    }
    if (coprocessor != 15) return 0;
    std::uint8_t bits = kCp15Other;
    if (crn == 7 && crm == 5 && opc2 == 0) bits |= kCp15InvalidateI;
    if (crn == 7 && crm == 6 && opc2 == 0) bits |= kCp15InvalidateD;
    if (crn == 7 && crm == 10 && opc2 == 4) bits |= kCp15DrainWrites;
    return bits;
}

}  // namespace q2686
