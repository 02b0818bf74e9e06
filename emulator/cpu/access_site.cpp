#include "cpu/access_site.h"

#include <capstone/capstone.h>

#include "cpu/arm9e_timing.h"

namespace q2686 {

namespace {

std::uint8_t width_of(unsigned id) {
    switch (id) {
        case ARM_INS_LDRB:
        case ARM_INS_STRB:
        case ARM_INS_LDRSB:
        case ARM_INS_LDRBT:
        case ARM_INS_STRBT:
        case ARM_INS_LDRSBT:
        case ARM_INS_SWPB:
        case ARM_INS_LDREXB:
        case ARM_INS_STREXB: return 1;
        case ARM_INS_LDRH:
        case ARM_INS_STRH:
        case ARM_INS_LDRSH:
        case ARM_INS_LDRHT:
        case ARM_INS_STRHT:
        case ARM_INS_LDRSHT:
        case ARM_INS_LDREXH:
        case ARM_INS_STREXH: return 2;
        case ARM_INS_LDRD:
        case ARM_INS_STRD: return 8;
        default: return 4;
    }
}

bool multiple_direction(unsigned id, AccessSite& site) {
    using D = AccessSite::Direction;
    switch (id) {
        case ARM_INS_LDM:
            site.reads = true;
            site.direction = D::IncrementAfter;
            return true;
        case ARM_INS_POP:
            site.reads = true;
            site.direction = D::IncrementAfter;
            return true;
        case ARM_INS_LDMIB:
            site.reads = true;
            site.direction = D::IncrementBefore;
            return true;
        case ARM_INS_LDMDA:
            site.reads = true;
            site.direction = D::DecrementAfter;
            return true;
        case ARM_INS_LDMDB:
            site.reads = true;
            site.direction = D::DecrementBefore;
            return true;
        case ARM_INS_STM:
            site.writes = true;
            site.direction = D::IncrementAfter;
            return true;
        case ARM_INS_STMIB:
            site.writes = true;
            site.direction = D::IncrementBefore;
            return true;
        case ARM_INS_STMDA:
            site.writes = true;
            site.direction = D::DecrementAfter;
            return true;
        case ARM_INS_STMDB:
            site.writes = true;
            site.direction = D::DecrementBefore;
            return true;
        case ARM_INS_PUSH:
            site.writes = true;
            site.direction = D::DecrementBefore;
            return true;
        default: return false;
    }
}

}  // namespace

bool decode_access_site(const cs_insn& insn, std::uint16_t slot, AccessSite& site) {
    const cs_arm& arm = insn.detail->arm;
    site = AccessSite{};
    site.slot = slot;

    if (multiple_direction(insn.id, site)) {
        site.form = AccessSite::Form::Multiple;
        const bool stack = insn.id == ARM_INS_PUSH || insn.id == ARM_INS_POP;
        site.base = stack ? 13 : static_cast<std::int8_t>(arm_register_number(arm.operands[0].reg));
        for (int i = stack ? 0 : 1; i < arm.op_count; ++i)
            if (arm.operands[i].type == ARM_OP_REG) ++site.registers;
        return site.base >= 0 && site.base < 15;
    }

    for (int i = 0; i < arm.op_count; ++i) {
        const cs_arm_op& op = arm.operands[i];
        if (op.type != ARM_OP_MEM) continue;
        const int base = arm_register_number(op.mem.base);
        if (base < 0 || base >= 15) return false;  // PC-relative: literal pools, never MMIO
        site.base = static_cast<std::int8_t>(base);
        site.width = width_of(insn.id);
        // Post-indexed forms ([rn], #imm / [rn], rm) access the base address itself and list
        // the offset as a further operand.
        const bool post_indexed = i + 1 < arm.op_count;
        if (!post_indexed) {
            site.displacement = op.mem.disp;
            if (op.mem.index != ARM_REG_INVALID) {
                site.index = static_cast<std::int8_t>(arm_register_number(op.mem.index));
                site.subtract_index = op.mem.scale == -1 || op.subtracted;
                if (op.shift.type == ARM_SFT_LSL) site.index_shift = static_cast<std::uint8_t>(op.shift.value);
            }
        }
        const bool is_swap = insn.id == ARM_INS_SWP || insn.id == ARM_INS_SWPB;
        const unsigned id = insn.id;
        const bool is_store = id == ARM_INS_STR || id == ARM_INS_STRB || id == ARM_INS_STRH || id == ARM_INS_STRD ||
                              id == ARM_INS_STRT || id == ARM_INS_STRBT || id == ARM_INS_STRHT || id == ARM_INS_STREX ||
                              id == ARM_INS_STREXB || id == ARM_INS_STREXH || id == ARM_INS_STC || id == ARM_INS_STCL ||
                              id == ARM_INS_STC2 || id == ARM_INS_STC2L;
        site.writes = is_store || is_swap;
        site.reads = !is_store || is_swap;
        return true;
    }
    return false;
}

}  // namespace q2686
