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

// What an instruction's results come from, where the TRMs make an exception to the interlocks.
enum class ResultSource : std::uint8_t { Other, Multiply, Saturating };

// Where an instruction's data accesses go, as far as a static look can tell.
enum class DataBase : std::uint8_t { None, Pc, Sp, Other };

struct InstructionTiming {
    std::uint8_t cycles = 1;         // issue cycles when executed (no interlock, no wait state)
    std::uint8_t latency_extra = 0;  // results become usable this many cycles after `cycles`
    std::uint8_t data_nonseq = 0;    // non-sequential data accesses (pay wait_n)
    std::uint8_t data_seq = 0;       // sequential data accesses (pay wait_s)
    DataBase data_base = DataBase::None;
    bool writes_pc = false;    // ends the block; taken => pipeline refill
    bool conditional = false;  // not AL: when it fails it costs 1 cycle
    // Registers (ARM r0..r15 as bit n) the instruction reads, and the ones its result
    // latency applies to. For LDM the registers come back one per cycle: see
    // `sequential_results`.
    std::uint16_t reads = 0;
    std::uint16_t writes = 0;
    bool sequential_results = false;
    // LDRD: only the second loaded register comes back late (the first is usable at once).
    std::uint16_t late_writes = 0xFFFF;
    // What produced the results, for the TRMs' exceptions to the interlocks.
    ResultSource source = ResultSource::Other;
    // Registers read only as a multiply-accumulate's accumulator (MLA's Rn, SMLAL's RdLo and
    // RdHi): a multiply or saturating result needed there does not interlock.
    std::uint16_t accumulator_reads = 0;
    // Registers read only as a single store's data: a saturating (QADD-family) result needed
    // there does not interlock — it is wanted in the Memory stage, not Execute.
    std::uint16_t store_data_reads = 0;
};

// Whether a pending result of `source` stalls an instruction reading register `r` through
// `t`: the ARM7EJ-S TRM (ARM DDI 0214B) §9.9.1 "a multiply accumulate using the previous
// multiply result as the accumulator operand" and §9.10.1 "QADD ... result ... for the first
// Memory cycle" (STR data; also MLA's accumulator) do not interlock.
inline bool interlocks(ResultSource source, const InstructionTiming& t, int r) {
    const std::uint16_t bit = static_cast<std::uint16_t>(1u << r);
    const bool other_read = (t.reads & ~(t.accumulator_reads | t.store_data_reads) & bit) != 0;
    if (other_read) return true;
    if ((t.accumulator_reads & bit) && (source == ResultSource::Multiply || source == ResultSource::Saturating))
        return false;
    if ((t.store_data_reads & bit) && source == ResultSource::Saturating) return false;
    return true;
}

// Timing of one decoded instruction (Capstone with CS_OPT_DETAIL on).
InstructionTiming arm9e_timing(csh handle, const cs_insn& insn, bool thumb);

// Number (0..15) of a Capstone ARM register, or -1 for anything else.
int arm_register_number(unsigned capstone_reg);

}  // namespace q2686
