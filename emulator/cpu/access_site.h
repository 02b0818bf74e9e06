// AccessSite — where, inside a translated block, an instruction touches data memory, and how
// to recompute its effective address from the registers.
//
// Why: Unicorn 2.0.1 does not update the guest PC before an MMIO callback (it still holds the
// block's start), but it does write the general registers back. To stamp an MMIO access with
// the exact cycle of its instruction we find the instruction in the block whose effective
// address, evaluated on the current registers, is the address being accessed — searching from
// the last match onwards, since accesses happen in program order.
#pragma once

#include <cstdint>

#include <capstone/capstone.h>

namespace q2686 {

struct AccessSite {
    enum class Form : std::uint8_t { Single, Multiple };
    enum class Direction : std::uint8_t { IncrementAfter, IncrementBefore, DecrementAfter, DecrementBefore };

    std::uint16_t slot = 0;  // instruction index in the block (offset / instruction size)
    Form form = Form::Single;
    bool reads = false;
    bool writes = false;
    std::int8_t base = -1;         // r0..r14
    std::int8_t index = -1;        // register offset, or -1
    std::uint8_t index_shift = 0;  // LSL amount applied to the index register
    bool subtract_index = false;
    std::int32_t displacement = 0;  // immediate offset (pre-indexed; post-indexed forms use 0)
    std::uint8_t width = 4;         // bytes per access (Single)
    std::uint8_t registers = 0;     // number of registers (Multiple)
    Direction direction = Direction::IncrementAfter;

    // Does this instruction, with registers `r`, access `address`?
    bool touches(const std::uint32_t (&r)[16], std::uint32_t address) const {
        if (base < 0) return false;
        return address - lowest_address(r) < span();
    }
    // The lowest address it accesses with registers `r` (base >= 0), and how many bytes.
    std::uint32_t lowest_address(const std::uint32_t (&r)[16]) const {
        const std::uint32_t b = r[base];
        if (form == Form::Multiple) {
            switch (direction) {
                case Direction::IncrementAfter: return b;
                case Direction::IncrementBefore: return b + 4;
                case Direction::DecrementAfter: return b - span() + 4;
                case Direction::DecrementBefore: return b - span();
            }
        }
        std::uint32_t ea = b + static_cast<std::uint32_t>(displacement);
        if (index >= 0) {
            const std::uint32_t offset = r[index] << index_shift;
            ea = subtract_index ? ea - offset : ea + offset;
        }
        return ea;
    }
    std::uint32_t span() const { return form == Form::Multiple ? 4u * registers : width; }
};

// Fills `site` for a load/store/LDM/STM/SWP through a general register; false otherwise.
bool decode_access_site(const cs_insn& insn, std::uint16_t slot, AccessSite& site);

}  // namespace q2686
