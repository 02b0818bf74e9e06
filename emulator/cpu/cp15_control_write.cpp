#include "cpu/cp15_control_write.h"

#include <unicorn/unicorn.h>

namespace q2686 {

std::optional<ControlWrite> control_write_at_end(std::span<const std::uint8_t> code, std::uint32_t address,
                                                 bool thumb) {
    // ARMv5TE has no coprocessor instructions in Thumb state.
    if (thumb || code.size() < 4 || code.size() % 4 != 0) return std::nullopt;
    const std::uint8_t* last = code.data() + code.size() - 4;
    const std::uint32_t insn = last[0] | last[1] << 8 | last[2] << 16 | std::uint32_t{last[3]} << 24;
    // MCR: cond 1110 opc1 0 CRn Rd cp_num opc2 1 CRm (ARM ARM A4.1.32); p15, opc1 = 0, CRn = c1,
    // CRm = c0, opc2 = 0 is the control register (ARM DDI 0201D, Register 1). cond = 1111 is MCR2.
    constexpr std::uint32_t kMask = 0x0FFF'0FFFu;  // everything but cond and Rd
    constexpr std::uint32_t kMcrC1 = 0x0E01'0F10u;
    const std::uint32_t condition = insn >> 28;
    if ((insn & kMask) != kMcrC1 || condition == 0xF) return std::nullopt;
    return ControlWrite{address, condition, static_cast<int>((insn >> 12) & 0xFu)};
}

void write_cp15_control(uc_engine* uc, std::uint32_t value) {
    uc_arm_cp_reg reg{};
    reg.cp = 15;
    reg.crn = 1;
    reg.val = value;
    uc_reg_write(uc, UC_ARM_REG_CP_REG, &reg);
}

bool condition_passed(std::uint32_t condition, std::uint32_t cpsr) {
    const bool n = cpsr & (1u << 31), z = cpsr & (1u << 30), c = cpsr & (1u << 29), v = cpsr & (1u << 28);
    switch (condition) {
        case 0x0: return z;             // EQ
        case 0x1: return !z;            // NE
        case 0x2: return c;             // CS
        case 0x3: return !c;            // CC
        case 0x4: return n;             // MI
        case 0x5: return !n;            // PL
        case 0x6: return v;             // VS
        case 0x7: return !v;            // VC
        case 0x8: return c && !z;       // HI
        case 0x9: return !c || z;       // LS
        case 0xA: return n == v;        // GE
        case 0xB: return n != v;        // LT
        case 0xC: return !z && n == v;  // GT
        case 0xD: return z || n != v;   // LE
        default: return true;           // AL
    }
}

}  // namespace q2686
