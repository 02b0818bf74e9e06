// ARM9E-S instruction timing — the rules the cycle model charges, one instruction at a time.
//
// Source: ARM9E-S / ARM9EJ-S Technical Reference Manuals, chapter "Instruction Cycle Times"
// (ARM DDI 0165, DDI 0222 table 8.2), which give issue cycles per instruction class and the
// load-use interlocks. docs/cycle-model.md lists every rule and the known deviations.
//
// ARM9E-S has a 32x16 single-cycle multiplier array with *no* early termination: multiply
// time depends on the operand width of the instruction (16x16, 32x16, 32x32, 32x32->64), not
// on the value in Rs as on the ARM7TDMI.
#pragma once

#include <cstdint>

#include <capstone/capstone.h>

namespace q2686 {

// Where an instruction's data accesses go, as far as a static look can tell.
enum class DataBase : std::uint8_t { None, Pc, Sp, Other };

struct InstructionTiming {
    std::uint8_t cycles = 1;          // issue cycles when executed (no interlock, no wait state)
    std::uint8_t latency_extra = 0;   // results become usable this many cycles after `cycles`
    std::uint8_t data_nonseq = 0;     // non-sequential data accesses (pay wait_n)
    std::uint8_t data_seq = 0;        // sequential data accesses (pay wait_s)
    DataBase data_base = DataBase::None;
    bool writes_pc = false;           // ends the block; taken => pipeline refill
    bool conditional = false;         // not AL: when it fails it costs 1 cycle
    // Registers (ARM r0..r15 as bit n) the instruction reads, and the ones its result
    // latency applies to. For LDM the registers come back one per cycle: see
    // `sequential_results`.
    std::uint16_t reads = 0;
    std::uint16_t writes = 0;
    bool sequential_results = false;
};

// Timing of one decoded instruction (Capstone with CS_OPT_DETAIL on).
InstructionTiming arm9e_timing(csh handle, const cs_insn& insn, bool thumb);

// Number (0..15) of a Capstone ARM register, or -1 for anything else.
int arm_register_number(unsigned capstone_reg);

}  // namespace q2686
