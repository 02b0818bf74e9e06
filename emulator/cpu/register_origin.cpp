#include "cpu/register_origin.h"

#include "cpu/arm9e_timing.h"

namespace q2686 {

namespace {

constexpr std::uint16_t bit(int r) {
    return static_cast<std::uint16_t>(1u << r);
}

// The value the instruction reads as the PC: its address + 8 in ARM state, + 4 in Thumb
// (ARM DDI 0100E A2.4.3). Literal loads and ADR word-align it first.
std::uint32_t pc_value(const cs_insn& insn, bool thumb) {
    return static_cast<std::uint32_t>(insn.address) + (thumb ? 4u : 8u);
}

// A shift by an immediate; false for RRX (needs the carry) and the register-specified shifts.
bool shift_value(arm_shifter type, unsigned amount, std::uint32_t& value) {
    switch (type) {
        case ARM_SFT_INVALID: return true;
        case ARM_SFT_LSL: value = amount >= 32 ? 0 : value << amount; return true;
        case ARM_SFT_LSR: value = amount >= 32 ? 0 : value >> amount; return true;
        case ARM_SFT_ASR:
            value = static_cast<std::uint32_t>(static_cast<std::int32_t>(value) >> (amount >= 32 ? 31 : amount));
            return true;
        case ARM_SFT_ROR:
            amount &= 31;
            value = amount ? (value >> amount) | (value << (32 - amount)) : value;
            return true;
        default: return false;
    }
}

bool is_load_multiple(unsigned id) {
    return id == ARM_INS_LDM || id == ARM_INS_LDMIB || id == ARM_INS_LDMDA || id == ARM_INS_LDMDB ||
           id == ARM_INS_POP;
}
bool is_store_multiple(unsigned id) {
    return id == ARM_INS_STM || id == ARM_INS_STMIB || id == ARM_INS_STMDA || id == ARM_INS_STMDB ||
           id == ARM_INS_PUSH;
}
bool is_single_store(unsigned id) {
    return id == ARM_INS_STR || id == ARM_INS_STRB || id == ARM_INS_STRH || id == ARM_INS_STRD ||
           id == ARM_INS_STRT || id == ARM_INS_STRBT || id == ARM_INS_STC || id == ARM_INS_STCL;
}

// The lowest address an LDM/STM of `count` registers touches from base `base`.
std::uint32_t multiple_low_address(unsigned id, std::uint32_t base, unsigned count) {
    switch (id) {
        case ARM_INS_LDMIB:
        case ARM_INS_STMIB: return base + 4;
        case ARM_INS_LDMDA:
        case ARM_INS_STMDA: return base - 4 * count + 4;
        case ARM_INS_LDMDB:
        case ARM_INS_STMDB: return base - 4 * count;
        default: return base;
    }
}

bool multiple_decrements(unsigned id) {
    return id == ARM_INS_LDMDA || id == ARM_INS_LDMDB || id == ARM_INS_STMDA || id == ARM_INS_STMDB;
}

int memory_operand_index(const cs_arm& arm) {
    for (int i = 0; i < arm.op_count; ++i)
        if (arm.operands[i].type == ARM_OP_MEM) return i;
    return -1;
}

std::uint32_t encoding_of(const cs_insn& insn) {
    return static_cast<std::uint32_t>(insn.bytes[0]) | static_cast<std::uint32_t>(insn.bytes[1]) << 8 |
           static_cast<std::uint32_t>(insn.bytes[2]) << 16 | static_cast<std::uint32_t>(insn.bytes[3]) << 24;
}

}  // namespace

RegisterOrigins::Value RegisterOrigins::operand_value(const cs_insn& insn, const cs_arm_op& op, bool thumb) const {
    Value v;
    if (op.type == ARM_OP_IMM) {
        v.known = true;
        v.value = static_cast<std::uint32_t>(op.imm);
        return v;
    }
    if (op.type != ARM_OP_REG) return v;
    const int r = arm_register_number(op.reg);
    if (r == 15) {
        v.known = true;
        v.value = pc_value(insn, thumb);
    } else if (r == 13 || (r >= 0 && origin_[r].kind == RegisterOrigin::Kind::Stack)) {
        v.stack = true;
    } else if (r >= 0 && origin_[r].kind == RegisterOrigin::Kind::Constant) {
        v.known = true;
        v.value = origin_[r].value;
    }
    // A shifted stack pointer no longer points into the stack.
    if (op.shift.type != ARM_SFT_INVALID && (v.stack || !shift_value(op.shift.type, op.shift.value, v.value)))
        v = Value{};
    return v;
}

RegisterOrigin RegisterOrigins::computed(const cs_insn& insn, bool thumb, int destination) const {
    const cs_arm& arm = insn.detail->arm;
    const unsigned id = insn.id;
    auto constant = [](std::uint32_t value) { return RegisterOrigin{RegisterOrigin::Kind::Constant, value}; };
    const RegisterOrigin stack{RegisterOrigin::Kind::Stack, 0};

    switch (id) {
        case ARM_INS_MOV:
        case ARM_INS_MVN: {
            if (arm.op_count != 2) return {};
            const Value v = operand_value(insn, arm.operands[1], thumb);
            if (v.known) return constant(id == ARM_INS_MVN ? ~v.value : v.value);
            if (v.stack && id == ARM_INS_MOV) return stack;
            return {};
        }
        case ARM_INS_ADR:
            // Thumb ADR (Capstone shows ARM's as ADD rd, pc, #imm): Align(PC, 4) + imm.
            if (arm.op_count == 2 && arm.operands[1].type == ARM_OP_IMM)
                return constant((pc_value(insn, thumb) & ~3u) + static_cast<std::uint32_t>(arm.operands[1].imm));
            return {};
        case ARM_INS_LSL:
        case ARM_INS_LSR:
        case ARM_INS_ASR:
        case ARM_INS_ROR: {
            // ARM shows MOV with a shifted operand as "lsl rd, rm" with the shift on rm; Thumb
            // as rd, rm, #n.
            if (arm.op_count == 2) {
                const Value v = operand_value(insn, arm.operands[1], thumb);
                return v.known ? constant(v.value) : RegisterOrigin{};
            }
            if (arm.op_count != 3 || arm.operands[2].type != ARM_OP_IMM) return {};
            Value v = operand_value(insn, arm.operands[1], thumb);
            const arm_shifter type = id == ARM_INS_LSL   ? ARM_SFT_LSL
                                     : id == ARM_INS_LSR ? ARM_SFT_LSR
                                     : id == ARM_INS_ASR ? ARM_SFT_ASR
                                                         : ARM_SFT_ROR;
            if (!v.known || !shift_value(type, static_cast<unsigned>(arm.operands[2].imm), v.value)) return {};
            return constant(v.value);
        }
        case ARM_INS_ADD:
        case ARM_INS_SUB:
        case ARM_INS_RSB:
        case ARM_INS_ORR:
        case ARM_INS_EOR:
        case ARM_INS_AND:
        case ARM_INS_BIC: {
            // Three operands (rd, rn, op2), or Thumb's two (rdn, op2).
            Value a, b;
            if (arm.op_count == 3) {
                a = operand_value(insn, arm.operands[1], thumb);
                b = operand_value(insn, arm.operands[2], thumb);
            } else if (arm.op_count == 2) {
                a = operand_value(insn, arm.operands[0], thumb);
                b = operand_value(insn, arm.operands[1], thumb);
            } else {
                return {};
            }
            if (a.known && b.known) {
                switch (id) {
                    case ARM_INS_ADD: return constant(a.value + b.value);
                    case ARM_INS_SUB: return constant(a.value - b.value);
                    case ARM_INS_RSB: return constant(b.value - a.value);
                    case ARM_INS_ORR: return constant(a.value | b.value);
                    case ARM_INS_EOR: return constant(a.value ^ b.value);
                    case ARM_INS_AND: return constant(a.value & b.value);
                    default: return constant(a.value & ~b.value);
                }
            }
            // The stack pointer plus or minus an offset (known or not) still points into the
            // stack: locals and arrays on the stack.
            if (id == ARM_INS_ADD && a.stack != b.stack) return stack;
            if (id == ARM_INS_SUB && a.stack && !b.stack) return stack;
            return {};
        }
        case ARM_INS_LDR: {
            // A PC-relative literal load: the literal is in memory now (code is not rewritten
            // under a cached block cost, docs/cycle-model.md).
            const int m = memory_operand_index(arm);
            if (m != 1 || arm.op_count != 2 || arm.writeback || destination == 15 || !literals_ || !*literals_)
                return {};
            const arm_op_mem& mem = arm.operands[m].mem;
            if (arm_register_number(mem.base) != 15 || mem.index != ARM_REG_INVALID) return {};
            const std::uint32_t address = (pc_value(insn, thumb) & ~3u) + static_cast<std::uint32_t>(mem.disp);
            std::uint32_t value = 0;
            if (!(*literals_)(address, value)) return {};
            return constant(value);
        }
        default: return {};
    }
}

DataTarget RegisterOrigins::target(const cs_insn& insn, bool thumb) const {
    const cs_arm& arm = insn.detail->arm;
    const unsigned id = insn.id;
    if (id == ARM_INS_PUSH || id == ARM_INS_POP) return {DataTarget::Kind::Stack, 0};
    if (is_load_multiple(id) || is_store_multiple(id)) {
        if (arm.op_count < 1 || arm.operands[0].type != ARM_OP_REG) return {};
        const int base = arm_register_number(arm.operands[0].reg);
        if (base < 0 || base == 15) return {};
        if (base == 13 || origin_[base].kind == RegisterOrigin::Kind::Stack) return {DataTarget::Kind::Stack, 0};
        if (origin_[base].kind != RegisterOrigin::Kind::Constant) return {};
        const auto count = static_cast<unsigned>(arm.op_count - 1);
        return {DataTarget::Kind::Address, multiple_low_address(id, origin_[base].value, count)};
    }
    const int m = memory_operand_index(arm);
    if (m < 0) return {};
    const cs_arm_op& op = arm.operands[m];
    const int base = arm_register_number(op.mem.base);
    std::uint32_t address = 0;
    if (base == 15) {
        address = pc_value(insn, thumb) & ~3u;
    } else if (base == 13 || (base >= 0 && origin_[base].kind == RegisterOrigin::Kind::Stack)) {
        return {DataTarget::Kind::Stack, 0};
    } else if (base >= 0 && origin_[base].kind == RegisterOrigin::Kind::Constant) {
        address = origin_[base].value;
    } else {
        return {};
    }
    // Post-indexed forms ([rn], #imm) access the base itself: Capstone reports a displacement
    // of 0 and lists the offset as a further operand.
    if (op.mem.index == ARM_REG_INVALID) return {DataTarget::Kind::Address, address + static_cast<std::uint32_t>(op.mem.disp)};
    // A register index: exact when the index is known too, else the base's own address (a
    // table indexed from its start stays in the table's region).
    const int index = arm_register_number(op.mem.index);
    if (m + 1 == arm.op_count && index >= 0 && index < 15 && origin_[index].kind == RegisterOrigin::Kind::Constant) {
        std::uint32_t offset = origin_[index].value;
        if (shift_value(op.shift.type, op.shift.value, offset)) {
            const bool subtract = op.subtracted || op.mem.scale == -1;
            return {DataTarget::Kind::Address, subtract ? address - offset : address + offset};
        }
    }
    return {DataTarget::Kind::Address, address};
}

void RegisterOrigins::step(csh handle, const cs_insn& insn, bool thumb) {
    const cs_arm& arm = insn.detail->arm;
    const unsigned id = insn.id;

    std::uint16_t written = 0;
    cs_regs read_regs, write_regs;
    std::uint8_t read_count = 0, write_count = 0;
    if (cs_regs_access(handle, &insn, read_regs, &read_count, write_regs, &write_count) == CS_ERR_OK) {
        for (int i = 0; i < write_count; ++i)
            if (const int r = arm_register_number(write_regs[i]); r >= 0) written |= bit(r);
    } else {
        written = 0xFFFF;  // cannot tell: forget everything
    }
    // A call: the callee may change r0-r3, r12 and lr (AAPCS, "core registers").
    if (id == ARM_INS_BL || id == ARM_INS_BLX) written |= bit(0) | bit(1) | bit(2) | bit(3) | bit(12) | bit(14);

    RegisterOrigin next[16];
    for (int r = 0; r < 16; ++r) next[r] = ((written >> r) & 1u) ? RegisterOrigin{} : origin_[r];

    // The destination of a data-processing op or a literal load.
    const bool multiple = is_load_multiple(id) || is_store_multiple(id);
    if (!multiple && arm.op_count >= 1 && arm.operands[0].type == ARM_OP_REG) {
        const int destination = arm_register_number(arm.operands[0].reg);
        if (destination >= 0 && destination < 15 && ((written >> destination) & 1u))
            next[destination] = computed(insn, thumb, destination);
    }

    // Base write-back: a known base is followed (Capstone 4 does not list an LDM/STM's
    // write-back among the written registers, so it is applied here in any case).
    if (arm.writeback && multiple && arm.op_count >= 1 && arm.operands[0].type == ARM_OP_REG) {
        const int base = arm_register_number(arm.operands[0].reg);
        if (base >= 0 && base < 13) {
            RegisterOrigin updated = origin_[base];
            const auto count = static_cast<std::uint32_t>(arm.op_count - 1);
            if (updated.kind == RegisterOrigin::Kind::Constant)
                updated.value = multiple_decrements(id) ? updated.value - 4 * count : updated.value + 4 * count;
            // An LDM that loads its own base leaves the loaded value.
            if (is_load_multiple(id))
                for (int i = 1; i < arm.op_count; ++i)
                    if (arm_register_number(arm.operands[i].reg) == base) updated = RegisterOrigin{};
            next[base] = updated;
        }
    } else if (arm.writeback) {
        const int m = memory_operand_index(arm);
        const int base = m >= 0 ? arm_register_number(arm.operands[m].mem.base) : -1;
        if (base >= 0 && base < 13) {
            const cs_arm_op& op = arm.operands[m];
            RegisterOrigin updated = origin_[base];
            if (updated.kind == RegisterOrigin::Kind::Constant) {
                const bool post_indexed = m + 1 < arm.op_count;
                if (!post_indexed && op.mem.index == ARM_REG_INVALID) {
                    updated.value += static_cast<std::uint32_t>(op.mem.disp);
                } else if (post_indexed && arm.operands[m + 1].type == ARM_OP_IMM && !thumb && insn.size == 4) {
                    // Capstone 4 drops the sign of a post-indexed immediate: it is bit 23 (U)
                    // of the encoding (ARM DDI 0100E A5.2.8, A5.3.6).
                    const auto amount = static_cast<std::uint32_t>(arm.operands[m + 1].imm);
                    updated.value = ((encoding_of(insn) >> 23) & 1u) ? updated.value + amount : updated.value - amount;
                } else {
                    updated = RegisterOrigin{};
                }
            }
            // A load into its own base with write-back is unpredictable: forget it.
            const bool loads_base = !is_single_store(id) && m != 0 && arm.operands[0].type == ARM_OP_REG &&
                                    arm_register_number(arm.operands[0].reg) == base;
            next[base] = loads_base ? RegisterOrigin{} : updated;
        }
    }

    // A conditional instruction may not execute: keep only what both outcomes agree on.
    const bool conditional = arm.cc != ARM_CC_AL && arm.cc != ARM_CC_INVALID;
    for (int r = 0; r < 16; ++r) origin_[r] = (!conditional || origin_[r] == next[r]) ? next[r] : RegisterOrigin{};
    // SP always points into the stack; the PC is read from the instruction, never tracked.
    origin_[13] = RegisterOrigin{RegisterOrigin::Kind::Stack, 0};
    origin_[15] = RegisterOrigin{};
}

}  // namespace q2686
