#include "cpu/cp15_state.h"

#include <unicorn/unicorn.h>

namespace q2686 {

namespace {

// One CP15 register as MRC p15, 0, Rd, CRn, CRm, opcode_2 reads it. `sec` = 0 selects the
// non-secure bank, the one an ARMv5 core without security extensions uses.
std::uint32_t read_cp15(uc_engine* uc, std::uint32_t crn, std::uint32_t crm, std::uint32_t opc2) {
    uc_arm_cp_reg reg{};
    reg.cp = 15;
    reg.crn = crn;
    reg.crm = crm;
    reg.opc2 = opc2;
    if (uc_reg_read(uc, UC_ARM_REG_CP_REG, &reg) != UC_ERR_OK) return 0;
    return static_cast<std::uint32_t>(reg.val);
}

}  // namespace

bool ProtectionRegion::contains(std::uint32_t address) const {
    // TRM §2.3.9: the base must be aligned to the size (UNPREDICTABLE otherwise). Like the
    // core model under us (QEMU's PMSAv5 check), only the address bits above the size count.
    const std::uint64_t above_size = ~(size - 1);
    return enabled && ((std::uint64_t{address} ^ base) & above_size) == 0;
}

const ProtectionRegion* Cp15State::region_for(std::uint32_t address) const {
    // TRM §4.3 "Overlapping regions": the region with the higher number takes priority.
    for (int n = 7; n >= 0; --n)
        if (regions[n].contains(address)) return &regions[n];
    return nullptr;
}

Cp15State read_cp15_state(uc_engine* uc) {
    Cp15State state;
    state.control = read_cp15(uc, 1, 0, 0);                    // Register 1, control
    const std::uint32_t dcacheable = read_cp15(uc, 2, 0, 0);   // Register 2, opcode_2 = 0
    const std::uint32_t icacheable = read_cp15(uc, 2, 0, 1);   // Register 2, opcode_2 = 1
    const std::uint32_t bufferable = read_cp15(uc, 3, 0, 0);   // Register 3, write buffer
    const std::uint32_t data_access = read_cp15(uc, 5, 0, 2);  // Register 5, extended, data
    const std::uint32_t insn_access = read_cp15(uc, 5, 0, 3);  // ... instruction
    for (std::uint32_t n = 0; n < 8; ++n) {
        // Register 6, CRm = region number; TRM table 2.17: base [31:12], size [5:1], enable [0];
        // table 2.18: a SIZE field of s encodes 2^(s+1) bytes (b01011 = 4 KB ... b11111 = 4 GB).
        const std::uint32_t c6 = read_cp15(uc, 6, n, 0);
        ProtectionRegion& region = state.regions[n];
        region.enabled = c6 & 1u;
        region.base = c6 & 0xFFFF'F000u;
        region.size = std::uint64_t{1} << (((c6 >> 1) & 0x1Fu) + 1);
        region.data_cacheable = (dcacheable >> n) & 1u;
        region.instruction_cacheable = (icacheable >> n) & 1u;
        region.bufferable = (bufferable >> n) & 1u;
        region.data_access = (data_access >> (4 * n)) & 0xFu;
        region.instruction_access = (insn_access >> (4 * n)) & 0xFu;
    }
    return state;
}

}  // namespace q2686
