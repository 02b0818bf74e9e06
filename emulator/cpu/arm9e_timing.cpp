#include "cpu/arm9e_timing.h"

#include <initializer_list>

namespace q2686 {

namespace {

bool is_one_of(unsigned id, std::initializer_list<unsigned> ids) {
    for (unsigned candidate : ids)
        if (id == candidate) return true;
    return false;
}

bool is_byte_or_half_load(unsigned id) {
    return is_one_of(id, {ARM_INS_LDRB, ARM_INS_LDRH, ARM_INS_LDRSB, ARM_INS_LDRSH, ARM_INS_LDRBT, ARM_INS_LDRHT,
                          ARM_INS_LDRSBT, ARM_INS_LDRSHT, ARM_INS_LDREXB, ARM_INS_LDREXH});
}

bool is_word_load(unsigned id) {
    return is_one_of(id, {ARM_INS_LDR, ARM_INS_LDRT, ARM_INS_LDREX});
}

bool is_single_store(unsigned id) {
    return is_one_of(id, {ARM_INS_STR, ARM_INS_STRB, ARM_INS_STRH, ARM_INS_STRT, ARM_INS_STRBT, ARM_INS_STRHT,
                          ARM_INS_STREX, ARM_INS_STREXB, ARM_INS_STREXH});
}

bool is_load_multiple(unsigned id) {
    return is_one_of(id, {ARM_INS_LDM, ARM_INS_LDMDA, ARM_INS_LDMDB, ARM_INS_LDMIB, ARM_INS_POP});
}

bool is_store_multiple(unsigned id) {
    return is_one_of(id, {ARM_INS_STM, ARM_INS_STMDA, ARM_INS_STMDB, ARM_INS_STMIB, ARM_INS_PUSH});
}

DataBase base_of(unsigned reg) {
    if (reg == ARM_REG_PC) return DataBase::Pc;
    if (reg == ARM_REG_SP) return DataBase::Sp;
    return DataBase::Other;
}

// The memory operand of a load/store: base register, and whether the offset is a register
// with a shift ("scaled register offset", one extra cycle on ARM9E-S).
struct MemoryOperand {
    DataBase base = DataBase::Other;
    bool scaled = false;
};

MemoryOperand memory_operand(const cs_arm& arm) {
    MemoryOperand result;
    for (int i = 0; i < arm.op_count; ++i) {
        const cs_arm_op& op = arm.operands[i];
        if (op.type == ARM_OP_MEM) {
            result.base = base_of(op.mem.base);
            if (op.mem.index != ARM_REG_INVALID && op.shift.type != ARM_SFT_INVALID && op.shift.value != 0)
                result.scaled = true;
        } else if (op.type == ARM_OP_REG && i >= 2 && op.shift.type != ARM_SFT_INVALID && op.shift.value != 0) {
            // Post-indexed forms list the offset register as a separate operand.
            result.scaled = true;
        }
    }
    return result;
}

bool shift_by_register(const cs_arm& arm) {
    for (int i = 0; i < arm.op_count; ++i) {
        const arm_shifter type = arm.operands[i].shift.type;
        if (type == ARM_SFT_ASR_REG || type == ARM_SFT_LSL_REG || type == ARM_SFT_LSR_REG || type == ARM_SFT_ROR_REG ||
            type == ARM_SFT_RRX_REG)
            return true;
    }
    return false;
}

std::uint16_t register_mask(const cs_regs regs, std::uint8_t count) {
    std::uint16_t mask = 0;
    for (std::uint8_t i = 0; i < count; ++i) {
        const int n = arm_register_number(regs[i]);
        if (n >= 0) mask |= static_cast<std::uint16_t>(1u << n);
    }
    return mask;
}

// The first `count` register operands (the destinations of a load), PC excluded.
std::uint16_t destination_mask(const cs_arm& arm, int count) {
    std::uint16_t mask = 0;
    for (int i = 0; i < arm.op_count && i < count; ++i) {
        if (arm.operands[i].type != ARM_OP_REG) break;
        const int n = arm_register_number(arm.operands[i].reg);
        if (n >= 0 && n < 15) mask |= static_cast<std::uint16_t>(1u << n);
    }
    return mask;
}

// Registers in the list of an LDM/STM/PUSH/POP (operands after the base, if any), PC
// included, as a mask of r0..r15.
std::uint16_t register_list(unsigned id, const cs_arm& arm) {
    const bool has_base = id != ARM_INS_PUSH && id != ARM_INS_POP;
    std::uint16_t mask = 0;
    for (int i = has_base ? 1 : 0; i < arm.op_count; ++i) {
        if (arm.operands[i].type != ARM_OP_REG) continue;
        const int n = arm_register_number(arm.operands[i].reg);
        if (n >= 0) mask |= static_cast<std::uint16_t>(1u << n);
    }
    return mask;
}

// The PSR fields an MSR operand writes, as ARM_SYSREG_{C,S}PSR_* bits. Capstone reports most
// MSR masks as those OR-able bits, but prints CPSR_f, CPSR_s and CPSR_fs as APSR_nzcvq, APSR_g
// and APSR_nzcvqg and reports them as plain enumerators (258, 257, 259): OR-ing those in as
// bits would read APSR_nzcvq (0x102) as "extension field written" and charge a flags-only
// MSR as a control write.
unsigned msr_field_bits(unsigned reg) {
    switch (reg) {
        case ARM_SYSREG_APSR_NZCVQ: return ARM_SYSREG_CPSR_F;
        case ARM_SYSREG_APSR_G: return ARM_SYSREG_CPSR_S;
        case ARM_SYSREG_APSR_NZCVQG: return ARM_SYSREG_CPSR_F | ARM_SYSREG_CPSR_S;
        default: return reg;
    }
}

// Register number of operand `i` (a register operand), or -1.
int operand_register(const cs_arm& arm, int i) {
    if (i >= arm.op_count || arm.operands[i].type != ARM_OP_REG) return -1;
    return arm_register_number(arm.operands[i].reg);
}

std::uint16_t bit_of(int r) {
    return r >= 0 && r < 15 ? static_cast<std::uint16_t>(1u << r) : 0;
}

// Logical data operations: ARM9EJ-S TRM (ARM DDI 0222B) table 8.2 lists "PC destination
// register, logical data output (RSC, ORR, EOR, MOV, BIC)" at 4 cycles against 3 for the
// arithmetic ones; the ARM7EJ-S TRM (ARM DDI 0214B) table 9.7 names AND and MVN with them.
bool is_logical_data_op(unsigned id) {
    return is_one_of(id, {ARM_INS_AND, ARM_INS_ORR, ARM_INS_EOR, ARM_INS_BIC, ARM_INS_MOV, ARM_INS_MVN, ARM_INS_RSC});
}

// A data operation's second operand shifted by an immediate amount (LSL #2, RRX, ...).
bool shifted_operand(const cs_arm& arm) {
    for (int i = 0; i < arm.op_count; ++i) {
        const cs_arm_op& op = arm.operands[i];
        if (op.type == ARM_OP_REG && op.shift.type != ARM_SFT_INVALID &&
            (op.shift.value != 0 || op.shift.type == ARM_SFT_RRX))
            return true;
    }
    return false;
}

}  // namespace

int arm_register_number(unsigned reg) {
    switch (reg) {
        case ARM_REG_R0: return 0;
        case ARM_REG_R1: return 1;
        case ARM_REG_R2: return 2;
        case ARM_REG_R3: return 3;
        case ARM_REG_R4: return 4;
        case ARM_REG_R5: return 5;
        case ARM_REG_R6: return 6;
        case ARM_REG_R7: return 7;
        case ARM_REG_R8: return 8;
        case ARM_REG_R9: return 9;
        case ARM_REG_R10: return 10;
        case ARM_REG_R11: return 11;
        case ARM_REG_R12: return 12;
        case ARM_REG_SP: return 13;
        case ARM_REG_LR: return 14;
        case ARM_REG_PC: return 15;
        default: return -1;
    }
}

InstructionTiming arm9e_timing(csh handle, const cs_insn& insn, bool thumb) {
    const cs_arm& arm = insn.detail->arm;
    const unsigned id = insn.id;
    InstructionTiming t;
    t.conditional = arm.cc != ARM_CC_AL && arm.cc != ARM_CC_INVALID;

    cs_regs read_regs, write_regs;
    std::uint8_t read_count = 0, write_count = 0;
    if (cs_regs_access(handle, &insn, read_regs, &read_count, write_regs, &write_count) == CS_ERR_OK) {
        t.reads = register_mask(read_regs, read_count) & 0x7FFF;  // PC reads never interlock
        t.writes = register_mask(write_regs, write_count);
    }
    const bool pc_written = (t.writes & 0x8000) != 0;
    t.writes &= 0x7FFF;

    if (is_word_load(id) || is_byte_or_half_load(id)) {
        const MemoryOperand mem = memory_operand(arm);
        t.data_base = mem.base;
        t.data_nonseq = 1;
        // 1 cycle; the loaded word is usable one cycle later (1-cycle load-use interlock),
        // a byte/halfword two cycles later (it goes through the aligner).
        t.cycles = pc_written ? 5 : 1;
        if (mem.scaled) t.cycles += 1;
        t.latency_extra = is_byte_or_half_load(id) ? 2 : 1;
        t.writes_pc = pc_written;
        // The base write-back is available at once; only the loaded register waits.
        t.writes = destination_mask(arm, 1);
        return t;
    }
    if (is_single_store(id)) {
        const MemoryOperand mem = memory_operand(arm);
        t.data_base = mem.base;
        t.data_nonseq = 1;
        t.cycles = mem.scaled ? 2 : 1;
        t.writes = 0;  // a base write-back is ready at once
        // The stored register (STREX: the second operand) is needed in the Memory stage.
        t.store_data_reads =
            bit_of(operand_register(arm, is_one_of(id, {ARM_INS_STREX, ARM_INS_STREXB, ARM_INS_STREXH}) ? 1 : 0));
        return t;
    }
    if (id == ARM_INS_LDRD || id == ARM_INS_STRD) {
        t.data_base = memory_operand(arm).base;
        t.data_nonseq = 1;
        t.data_seq = 1;
        t.cycles = 2;
        t.latency_extra = id == ARM_INS_LDRD ? 1 : 0;
        t.writes = id == ARM_INS_LDRD ? destination_mask(arm, 2) : 0;
        // ARM DDI 0222B table 8.2: LDRD takes 3 cycles only when the *last* loaded word is
        // used by the next instruction; the first one is usable at once.
        if (id == ARM_INS_LDRD) t.late_writes = bit_of(operand_register(arm, 1));
        return t;
    }
    if (is_load_multiple(id) || is_store_multiple(id)) {
        const std::uint16_t list = register_list(id, arm);
        const int n = __builtin_popcount(list);
        t.data_base = (id == ARM_INS_PUSH || id == ARM_INS_POP) ? DataBase::Sp : base_of(arm.operands[0].reg);
        t.data_nonseq = n > 0 ? 1 : 0;
        t.data_seq = static_cast<std::uint8_t>(n > 1 ? n - 1 : 0);
        // n cycles (2 for a single register); an LDM that loads the PC refills: n + 4.
        t.cycles = static_cast<std::uint8_t>(n > 1 ? n : 2);
        if (is_load_multiple(id)) {
            t.sequential_results = true;
            t.writes = list & 0x7FFF;  // a base write-back is ready at once
            if (pc_written) {
                t.cycles = static_cast<std::uint8_t>(n + 4);
                t.writes_pc = true;
            }
        } else {
            t.writes = 0;
        }
        return t;
    }
    if (id == ARM_INS_SWP || id == ARM_INS_SWPB) {
        t.data_base = memory_operand(arm).base;
        t.data_nonseq = 2;
        t.cycles = 2;
        t.latency_extra = id == ARM_INS_SWPB ? 2 : 1;
        return t;
    }
    switch (id) {
        // Multiplies: fixed time by operand width (see header); the result is usable one
        // cycle after the last issue cycle. Flag-setting 32- and 64-bit forms take 2 more.
        // ARM DDI 0214B §9.9.1: the flag-setting forms (MULS, MLAS: 4 cycles; SMULLS ...: 5)
        // "cannot generate interlocks in following instructions".
        case ARM_INS_MUL:
        case ARM_INS_MLA:
            t.cycles = arm.update_flags ? 4 : 2;
            t.latency_extra = arm.update_flags ? 0 : 1;
            t.source = ResultSource::Multiply;
            if (id == ARM_INS_MLA) t.accumulator_reads = bit_of(operand_register(arm, 3));
            return t;
        case ARM_INS_SMULL:
        case ARM_INS_UMULL:
        case ARM_INS_SMLAL:
        case ARM_INS_UMLAL:
            t.cycles = arm.update_flags ? 5 : 3;
            t.latency_extra = arm.update_flags ? 0 : 1;
            t.source = ResultSource::Multiply;
            if (id == ARM_INS_SMLAL || id == ARM_INS_UMLAL)
                t.accumulator_reads = bit_of(operand_register(arm, 0)) | bit_of(operand_register(arm, 1));
            return t;
        case ARM_INS_SMULBB:
        case ARM_INS_SMULBT:
        case ARM_INS_SMULTB:
        case ARM_INS_SMULTT:
        case ARM_INS_SMULWB:
        case ARM_INS_SMULWT:
            t.cycles = 1;
            t.latency_extra = 1;
            t.source = ResultSource::Multiply;
            return t;
        case ARM_INS_SMLABB:
        case ARM_INS_SMLABT:
        case ARM_INS_SMLATB:
        case ARM_INS_SMLATT:
        case ARM_INS_SMLAWB:
        case ARM_INS_SMLAWT:
            t.cycles = 1;
            t.latency_extra = 1;
            t.source = ResultSource::Multiply;
            t.accumulator_reads = bit_of(operand_register(arm, 3));
            return t;
        case ARM_INS_SMLALBB:
        case ARM_INS_SMLALBT:
        case ARM_INS_SMLALTB:
        case ARM_INS_SMLALTT:
            t.cycles = 2;
            t.latency_extra = 1;
            t.source = ResultSource::Multiply;
            t.accumulator_reads = bit_of(operand_register(arm, 0)) | bit_of(operand_register(arm, 1));
            return t;
        // ARM DDI 0214B §9.10.1: a QADD-family result is late for the next instruction's first
        // Execute cycle only (an STR of it, or an MLA accumulating it, does not wait).
        case ARM_INS_QADD:
        case ARM_INS_QSUB:
        case ARM_INS_QDADD:
        case ARM_INS_QDSUB:
            t.cycles = 1;
            t.latency_extra = 1;
            t.source = ResultSource::Saturating;
            return t;
        // Branches refill the 5-stage pipeline: 3 cycles when taken.
        case ARM_INS_B:
        case ARM_INS_BL:
        case ARM_INS_BX:
        case ARM_INS_BLX:
            // A Thumb BL is a pair of 16-bit instructions: 1 + 3.
            t.cycles = (thumb && id == ARM_INS_BL) ? 4 : 3;
            t.writes_pc = true;
            return t;
        case ARM_INS_SVC:
        case ARM_INS_UDF:
        case ARM_INS_BKPT:
            t.cycles = 3;  // exception entry: pipeline refill at the vector
            t.writes_pc = true;
            return t;
        case ARM_INS_MRS: t.cycles = 2; return t;
        case ARM_INS_MSR: {
            // Writing only the flags field takes 1 cycle; touching control/extension/status
            // (mode, interrupt masks) takes 3.
            constexpr int kControlFields = ARM_SYSREG_SPSR_C | ARM_SYSREG_SPSR_X | ARM_SYSREG_SPSR_S |
                                           ARM_SYSREG_CPSR_C | ARM_SYSREG_CPSR_X | ARM_SYSREG_CPSR_S;
            int fields = 0;
            for (int i = 0; i < arm.op_count; ++i)
                if (arm.operands[i].type == ARM_OP_SYSREG) fields |= msr_field_bits(arm.operands[i].reg);
            t.cycles = (fields & kControlFields) ? 3 : 1;
            return t;
        }
        case ARM_INS_MCR:
        case ARM_INS_MCR2:
        case ARM_INS_MCRR:
        case ARM_INS_MCRR2: t.cycles = 2; return t;
        case ARM_INS_MRC:
        case ARM_INS_MRC2:
        case ARM_INS_MRRC:
        case ARM_INS_MRRC2:
            t.cycles = 2;
            t.latency_extra = 1;
            return t;
        case ARM_INS_CDP:
        case ARM_INS_CDP2: t.cycles = 1; return t;
        case ARM_INS_LDC:
        case ARM_INS_LDC2:
        case ARM_INS_LDCL:
        case ARM_INS_LDC2L:
        case ARM_INS_STC:
        case ARM_INS_STC2:
        case ARM_INS_STCL:
        case ARM_INS_STC2L:
            t.cycles = 2;
            t.data_base = memory_operand(arm).base;
            t.data_nonseq = 1;
            return t;
        default: break;
    }
    // Data processing (and anything unlisted): 1 cycle, +1 for a register-specified shift.
    // Writing the PC refills the pipeline (ARM DDI 0222B table 8.2): 3 cycles for an
    // arithmetic result, 4 for a logical one or a shifted operand (by a register or not).
    t.cycles = shift_by_register(arm) ? 2 : 1;
    if (pc_written) {
        t.cycles = (is_logical_data_op(id) || shifted_operand(arm) || shift_by_register(arm)) ? 4 : 3;
        t.writes_pc = true;
    }
    return t;
}

}  // namespace q2686
