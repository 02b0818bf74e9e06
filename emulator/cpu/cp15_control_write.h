// Guest writes to the CP15 control register (c1) that enable the protection unit.
//
// Why this exists: Unicorn 2.0.1's ARM946 model has QEMU's PMSAv5 region check, but it drops
// bit 0 (M, "protection unit enable", ARM DDI 0201D Register 1) of every MCR to c1: QEMU's
// sctlr_write treats a PMSA core whose `has_mpu` property is unset as having no MPU, and
// Unicorn never sets that property. A write through UC_ARM_REG_CP_REG bypasses the mask, and
// then the core checks every access against the regions. So we find MCR p15, 0, Rd, c1, c0, 0
// in a block and write the guest's value back from the host after the instruction ran.
//
// A CP15 write always ends a translated block (QEMU ends the block after any coprocessor
// write that may change the translation state), so the MCR is the block's last instruction and,
// at the next block boundary, Rd and the flags still hold what it saw.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "cpu/cp15_state.h"

namespace q2686 {

struct ControlWrite {
    std::uint32_t block = 0;      // the block whose last instruction is the MCR
    std::uint32_t condition = 0;  // its condition field, bits [31:28]
    int rd = 0;                   // the source register
};

// The MCR to c1 ending the ARM block `code` that starts at `address`, if it ends in one.
std::optional<ControlWrite> control_write_at_end(std::span<const std::uint8_t> code, std::uint32_t address, bool thumb);

// Writes c1 as the guest meant it, M bit included (a raw register write: no TLB flush).
void write_cp15_control(uc_engine* uc, std::uint32_t value);

// ARM condition codes (ARM ARM A3.2.1, "The condition field") on the CPSR's NZCV flags.
bool condition_passed(std::uint32_t condition, std::uint32_t cpsr);

}  // namespace q2686
