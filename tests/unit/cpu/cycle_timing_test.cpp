// Cycle counts of small ARM sequences (tests/arm/cycle_sequences.S) against the ARM9E-S
// timing tables (ARM DDI 0165 / DDI 0222 "Instruction Cycle Times") plus the wait states of
// our memory map (docs/hardware.md). Every expectation is written as "core cycles + wait
// states" so each number can be traced to the table it comes from.
//
// How the model turns wait states into cycles (emulator/cpu/block_cost.*): the first
// instruction fetch of a translated block is non-sequential (pays the code region's wait_n),
// the later ones sequential (wait_s); a load/store pays one wait_n, an LDM/STM of n registers
// wait_n + (n-1) wait_s, in the region its base register points to as far as the block
// shows (register_origin.h): a known address -> its region, SP or SP-derived -> the stack
// region (the DTCM here), anything else -> RAM.
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "core/machine.h"
#include "test_images.h"

using namespace q2686;

namespace {

// Wait states from the memory map, named as the expectations use them.
const MemoryMap kMap;
const unsigned kRamN = kMap.find("ram")->wait_n;      // data access to RAM, non-sequential
const unsigned kRamS = kMap.find("ram")->wait_s;      // ... sequential (LDM/STM beats)
const unsigned kFlashN = kMap.find("flash")->wait_n;  // instruction fetch, non-sequential
const unsigned kFlashS = kMap.find("flash")->wait_s;  // ... sequential
const unsigned kItcmN = kMap.find("itcm")->wait_n;    // zero: where most sequences run
const unsigned kItcmS = kMap.find("itcm")->wait_s;
const unsigned kDtcmN = kMap.find("dtcm")->wait_n;  // zero: the stack (SP-based accesses)
const unsigned kDtcmS = kMap.find("dtcm")->wait_s;
const unsigned kMmioN = kMap.find("mmio")->wait_n;  // the peripheral window

// ARM9E-S instruction cycle times (DDI 0222 table 8.2), in core cycles without wait states.
constexpr unsigned kAlu = 1;            // data processing (any immediate shift, flags or not)
constexpr unsigned kAluShiftByReg = 2;  // ... with a register-specified shift
// ... writing the PC (ARM DDI 0222B table 8.2): an arithmetic result (ADD, SUB, RSB, ADC, SBC)
// 3 cycles, a logical one (MOV, ORR, EOR, BIC, AND, MVN, RSC) or a shifted operand 4.
constexpr unsigned kArithmeticToPc = 3;
constexpr unsigned kLogicalToPc = 4;
constexpr unsigned kShiftedToPc = 4;
constexpr unsigned kClz = 1;
constexpr unsigned kCondFailed = 1;    // any instruction whose condition fails
constexpr unsigned kLdr = 1;           // LDR/LDRB/LDRH, immediate or unscaled register offset
constexpr unsigned kScaledOffset = 1;  // extra for a scaled register offset ([rn, rm, lsl #s])
constexpr unsigned kLdrPc = 5;         // LDR into the PC
constexpr unsigned kStr = 1;
constexpr unsigned kLoadUse = 1;               // interlock: loaded word used by the next instruction
constexpr unsigned kByteLoadUse = 2;           // ... byte/halfword (through the aligner) used next
constexpr unsigned kByteLoadUseAfterNext = 1;  // ... byte/halfword used one instruction later
constexpr unsigned kLdmLastUse = 1;            // interlock: LDM's last register used next
// LDM/STM of n registers: n cycles, 2 for a single register; an LDM loading the PC: n + 4.
constexpr unsigned ldm_stm(unsigned n) {
    return n > 1 ? n : 2;
}
constexpr unsigned ldm_with_pc(unsigned n) {
    return n + 4;
}
constexpr unsigned kMul = 2;        // MUL, MLA
constexpr unsigned kMulS = 4;       // MULS, MLAS
constexpr unsigned kMulLong = 3;    // SMULL, UMULL, SMLAL, UMLAL
constexpr unsigned kMulLongS = 5;   // SMULLS, UMULLS, SMLALS, UMLALS
constexpr unsigned kMul16 = 1;      // SMULxy, SMLAxy, SMULWy, SMLAWy
constexpr unsigned kMulLong16 = 2;  // SMLALxy
constexpr unsigned kMulUse = 1;     // interlock: multiply (or QADD) result used by the next instruction
constexpr unsigned kLdrd = 2;       // LDRD: 2 cycles, one N + one S data access
constexpr unsigned kQadd = 1;       // QADD, QSUB, QDADD, QDSUB
constexpr unsigned kBranch = 3;     // B, BL, BX taken: pipeline refill
constexpr unsigned kBranchNotTaken = 1;
constexpr unsigned kSwi = 3;  // SWI/SVC: exception entry, refill at the vector
constexpr unsigned kMrs = 2;
constexpr unsigned kMsrFlags = 1;    // MSR writing the flags field only
constexpr unsigned kMsrControl = 3;  // MSR writing the control field (mode, masks)
constexpr unsigned kMcr = 2;
constexpr unsigned kMrc = 2;

// CPSR values for the setup lambdas: the reset state (SVC mode, IRQ and FIQ masked), and Z.
constexpr std::uint32_t kCpsrSvc = 0x13 | 0xC0;
constexpr std::uint32_t kFlagZ = 1u << 30;

const ElfImage& sequences() {
    static const ElfImage image = load_elf_file(test_image("cycle_sequences.elf"));
    return image;
}

std::uint32_t address_of(const std::string& symbol) {
    const ElfSymbol* found = sequences().symbols.find(symbol);
    EXPECT_TRUE(found) << symbol << " not in cycle_sequences.elf";
    return found ? found->address : 0;
}

struct SequenceRun {
    Cycles cycles = 0;
    std::uint64_t instructions = 0;
    ArmRegisters registers;
};

// Runs seq_<name> .. seq_<name>_end on `machine` (already loaded with the sequences) with
// r0-r12 pointing at `scratch` (RAM) and sp at the top of the DTCM, after `setup`.
SequenceRun run_in(Machine& machine, const std::string& name, const std::function<void(ArmCpu&)>& setup = {},
                   bool thumb = false) {
    const ElfSymbol* start = sequences().symbols.find("seq_" + name);
    const ElfSymbol* end = sequences().symbols.find("seq_" + name + "_end");
    const ElfSymbol* scratch = sequences().symbols.find("scratch");
    EXPECT_TRUE(start && end && scratch) << "sequence " << name << " not in cycle_sequences.elf";
    if (!start || !end || !scratch) return {};
    ArmCpu& cpu = machine.cpu();
    for (int r = 0; r < 13; ++r) cpu.set_register(r, scratch->address);
    cpu.set_register(13, sequences().symbols.find("__stack_top")->address);
    if (setup) setup(cpu);
    cpu.set_pc(start->address, thumb);
    const Cycles before = machine.scheduler().now();
    const std::uint64_t instructions_before = cpu.instructions_executed();
    const CpuStop stop = cpu.run(kNever, end->address);
    EXPECT_EQ(stop.reason, CpuStopReason::UntilAddress)
        << name << ": " << (stop.fault ? stop.fault->what : std::string("did not reach its end"));
    return {machine.scheduler().now() - before, cpu.instructions_executed() - instructions_before, cpu.registers()};
}

// The same on a fresh machine.
SequenceRun run_sequence(const std::string& name, const std::function<void(ArmCpu&)>& setup = {}) {
    Machine machine;
    machine.load(sequences());
    return run_in(machine, name, setup);
}

Cycles cycles_of(const std::string& name, const std::function<void(ArmCpu&)>& setup = {}) {
    return run_sequence(name, setup).cycles;
}

// The same in Thumb state.
Cycles thumb_cycles_of(const std::string& name, const std::function<void(ArmCpu&)>& setup = {}) {
    Machine machine;
    machine.load(sequences());
    return run_in(machine, name, setup, true).cycles;
}

// Setup: register n holds the address of `symbol`.
std::function<void(ArmCpu&)> point(int n, const std::string& symbol) {
    return [n, symbol](ArmCpu& cpu) { cpu.set_register(n, address_of(symbol)); };
}
std::function<void(ArmCpu&)> set_register(int n, std::uint32_t value) {
    return [n, value](ArmCpu& cpu) { cpu.set_register(n, value); };
}
std::function<void(ArmCpu&)> set_cpsr(std::uint32_t cpsr) {
    return [cpsr](ArmCpu& cpu) { cpu.set_cpsr(cpsr); };
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Data processing: 1 cycle; +1 for a register-specified shift; +2 when it writes the PC.
// ---------------------------------------------------------------------------------------
TEST(CycleTiming, DataProcessingTakesOneCycleEach) {
    EXPECT_EQ(cycles_of("alu_four"), 4 * kAlu);
}
TEST(CycleTiming, ImmediateShiftIsFree) {
    EXPECT_EQ(cycles_of("alu_shift_by_immediate"), 2 * kAlu);
}
TEST(CycleTiming, RegisterShiftAddsOneCycle) {
    EXPECT_EQ(cycles_of("alu_shift_by_register"), kAlu + kAluShiftByReg);
}
TEST(CycleTiming, FlagSettingDataProcessingTakesOneCycle) {
    // ADDS, SUBS, ANDS, ORRS: setting the flags costs nothing extra.
    EXPECT_EQ(cycles_of("alu_flag_setting"), 4 * kAlu);
}
TEST(CycleTiming, MoveAndCompareTakeOneCycleEach) {
    // MOV, MVN, CMP, TST.
    EXPECT_EQ(cycles_of("alu_move_and_compare"), 4 * kAlu);
}
TEST(CycleTiming, MoveToPcIsALogicalResultAndTakesFourCycles) {
    // MOV pc, r1 (r1 = the end label); the NOP after it is skipped. ARM DDI 0222B table 8.2.
    const SequenceRun run = run_sequence("alu_writes_pc", point(1, "seq_alu_writes_pc_end"));
    EXPECT_EQ(run.cycles, kLogicalToPc);
    EXPECT_EQ(run.instructions, 1u);
}
TEST(CycleTiming, ArithmeticResultToPcTakesThreeCycles) {
    EXPECT_EQ(cycles_of("alu_arithmetic_writes_pc", point(1, "seq_alu_arithmetic_writes_pc_end")), kArithmeticToPc);
}
TEST(CycleTiming, LogicalResultToPcTakesFourCycles) {
    EXPECT_EQ(cycles_of("alu_logical_writes_pc", point(1, "seq_alu_logical_writes_pc_end")), kLogicalToPc);
}
TEST(CycleTiming, ShiftedOperandToPcTakesFourCycles) {
    // ADD pc, r1, r2, LSL #2 (a switch table's jump) with r2 = 0.
    const auto setup = [](ArmCpu& cpu) {
        cpu.set_register(1, address_of("seq_alu_shifted_operand_writes_pc_end"));
        cpu.set_register(2, 0);
    };
    EXPECT_EQ(cycles_of("alu_shifted_operand_writes_pc", setup), kShiftedToPc);
}
TEST(CycleTiming, ClzTakesOneCycle) {
    EXPECT_EQ(cycles_of("clz_pair"), 2 * kClz);
}

// A failed condition costs 1 cycle whatever the instruction; these are 1-cycle ALU ops, so
// executed or not, the block model is exact (block_cost.h).
TEST(CycleTiming, FailedConditionalDataProcessingStillTakesOneCycle) {
    EXPECT_EQ(cycles_of("alu_conditional", set_cpsr(kCpsrSvc)), 2 * kCondFailed);    // Z clear: fail
    EXPECT_EQ(cycles_of("alu_conditional", set_cpsr(kCpsrSvc | kFlagZ)), 2 * kAlu);  // Z set: run
}

// ---------------------------------------------------------------------------------------
// Loads and stores: 1 cycle + one non-sequential RAM access; interlocks on the loaded value.
// ---------------------------------------------------------------------------------------
TEST(CycleTiming, LoadNotUsedNextHasNoInterlock) {
    EXPECT_EQ(cycles_of("ldr_no_use"), (kLdr + kRamN) + kAlu);
}
TEST(CycleTiming, LoadWordUsedNextInterlocksOneCycle) {
    EXPECT_EQ(cycles_of("ldr_use_next"), (kLdr + kRamN) + kLoadUse + kAlu);
}
TEST(CycleTiming, LoadWordUsedByInstructionAfterNextHasNoInterlock) {
    EXPECT_EQ(cycles_of("ldr_use_after_next"), (kLdr + kRamN) + kAlu + kAlu);
}
TEST(CycleTiming, LoadByteUsedNextInterlocksTwoCycles) {
    EXPECT_EQ(cycles_of("ldrb_use_next"), (kLdr + kRamN) + kByteLoadUse + kAlu);
}
TEST(CycleTiming, LoadHalfwordUsedNextInterlocksTwoCycles) {
    EXPECT_EQ(cycles_of("ldrh_use_next"), (kLdr + kRamN) + kByteLoadUse + kAlu);
}
TEST(CycleTiming, LoadByteUsedByInstructionAfterNextInterlocksOneCycle) {
    EXPECT_EQ(cycles_of("ldrb_use_after_next"), (kLdr + kRamN) + kAlu + kByteLoadUseAfterNext + kAlu);
}
TEST(CycleTiming, ScaledRegisterOffsetAddsOneCycle) {
    // r2 = 4: [r0, r2] and [r0, r2, lsl #2] both stay inside scratch.
    EXPECT_EQ(cycles_of("ldr_register_offset", set_register(2, 4)), kLdr + kRamN);
    EXPECT_EQ(cycles_of("ldr_scaled_register_offset", set_register(2, 4)), kLdr + kScaledOffset + kRamN);
}
TEST(CycleTiming, LoadIntoPcTakesFiveCycles) {
    // LDR pc, =label: the literal is PC-relative, so its access pays the code region's wait
    // (ITCM: 0). The NOP after it is skipped.
    const SequenceRun run = run_sequence("ldr_pc_from_literal");
    EXPECT_EQ(run.cycles, kLdrPc + kItcmN);
    EXPECT_EQ(run.instructions, 1u);
}
TEST(CycleTiming, LoadFromStackPaysDtcmWaitStates) {
    // SP-based: the stack region (DTCM, zero wait), not RAM.
    EXPECT_EQ(cycles_of("ldr_from_stack"), kLdr + kDtcmN);
}
TEST(CycleTiming, StoreTakesOneCycle) {
    EXPECT_EQ(cycles_of("str_word"), kStr + kRamN);
}
TEST(CycleTiming, StoreOfJustLoadedRegisterInterlocksOneCycle) {
    // STR needs the loaded word as its data: the same 1-cycle load-use interlock.
    EXPECT_EQ(cycles_of("str_of_loaded_register"), (kLdr + kRamN) + kLoadUse + (kStr + kRamN));
}

// ---------------------------------------------------------------------------------------
// LDM/STM of n registers: n cycles (2 for one), data N + (n-1)S; loading the PC: n + 4.
// ---------------------------------------------------------------------------------------
TEST(CycleTiming, StmOfOneRegisterTakesTwoCycles) {
    EXPECT_EQ(cycles_of("stm_one"), ldm_stm(1) + kRamN);
}
TEST(CycleTiming, StmOfTwoRegistersTakesTwoCycles) {
    EXPECT_EQ(cycles_of("stm_two"), ldm_stm(2) + kRamN + 1 * kRamS);
}
TEST(CycleTiming, StmOfFourRegistersTakesFourCycles) {
    EXPECT_EQ(cycles_of("stm_four"), ldm_stm(4) + kRamN + 3 * kRamS);
}
TEST(CycleTiming, StmOfEightRegistersTakesEightCycles) {
    EXPECT_EQ(cycles_of("stm_eight"), ldm_stm(8) + kRamN + 7 * kRamS);
}
TEST(CycleTiming, StmOfSixteenRegistersTakesSixteenCycles) {
    // Storing the PC is no different from storing any other register.
    EXPECT_EQ(cycles_of("stm_sixteen"), ldm_stm(16) + kRamN + 15 * kRamS);
}
TEST(CycleTiming, StmToStackPaysDtcmWaitStates) {
    EXPECT_EQ(cycles_of("stm_four_to_stack"), ldm_stm(4) + kDtcmN + 3 * kDtcmS);
}
TEST(CycleTiming, LdmOfOneRegisterTakesTwoCycles) {
    EXPECT_EQ(cycles_of("ldm_one"), ldm_stm(1) + kRamN);
}
TEST(CycleTiming, LdmOfTwoRegistersTakesTwoCycles) {
    EXPECT_EQ(cycles_of("ldm_two"), ldm_stm(2) + kRamN + 1 * kRamS);
}
TEST(CycleTiming, LdmOfFourRegistersTakesFourCycles) {
    EXPECT_EQ(cycles_of("ldm_four"), ldm_stm(4) + kRamN + 3 * kRamS);
}
TEST(CycleTiming, LdmOfEightRegistersTakesEightCycles) {
    EXPECT_EQ(cycles_of("ldm_eight"), ldm_stm(8) + kRamN + 7 * kRamS);
}
TEST(CycleTiming, LdmOfFifteenRegistersWithoutPcTakesFifteenCycles) {
    EXPECT_EQ(cycles_of("ldm_fifteen"), ldm_stm(15) + kRamN + 14 * kRamS);
}
TEST(CycleTiming, LdmOfSixteenRegistersIncludingPcTakesNPlusFourCycles) {
    // r0 -> ldm_pc_table (RAM), whose 16th word is the end label: the PC load refills.
    const SequenceRun run = run_sequence("ldm_sixteen_with_pc", point(0, "ldm_pc_table"));
    EXPECT_EQ(run.cycles, ldm_with_pc(16) + kRamN + 15 * kRamS);
    EXPECT_EQ(run.instructions, 1u);
    EXPECT_EQ(run.registers.r[15], address_of("seq_ldm_sixteen_with_pc_end"));
}
TEST(CycleTiming, LdmLastRegisterUsedNextInterlocksOneCycle) {
    EXPECT_EQ(cycles_of("ldm_last_register_used_next"), (ldm_stm(2) + kRamN + kRamS) + kLdmLastUse + kAlu);
}
TEST(CycleTiming, LdmEarlierRegisterUsedNextHasNoInterlock) {
    // Registers come back one per cycle: only the last one is late for the next instruction.
    EXPECT_EQ(cycles_of("ldm_first_register_used_next"), (ldm_stm(2) + kRamN + kRamS) + kAlu);
}

// ---------------------------------------------------------------------------------------
// Multiplies: ARM9E-S has no early termination, time depends on the operand width only.
// ---------------------------------------------------------------------------------------
TEST(CycleTiming, MulTakesTwoCycles) {
    EXPECT_EQ(cycles_of("mul"), kMul);
}
TEST(CycleTiming, MulTimeDoesNotDependOnOperandValue) {
    // ARM7TDMI would take 1..4 cycles depending on Rs (r3); ARM9E-S always takes the same.
    EXPECT_EQ(cycles_of("mul", set_register(3, 0x0000'0001)), kMul);
    EXPECT_EQ(cycles_of("mul", set_register(3, 0xFFFF'FFFE)), kMul);
    EXPECT_EQ(cycles_of("mul", set_register(3, 0x7FFF'FFFF)), kMul);
}
TEST(CycleTiming, MlaTakesTwoCycles) {
    EXPECT_EQ(cycles_of("mla"), kMul);
}
TEST(CycleTiming, MulsTakesFourCycles) {
    EXPECT_EQ(cycles_of("muls"), kMulS);
}
TEST(CycleTiming, SmullAndUmullTakeThreeCyclesEach) {
    EXPECT_EQ(cycles_of("smull_umull"), 2 * kMulLong);
}
TEST(CycleTiming, SmlalAndUmlalTakeThreeCyclesEach) {
    EXPECT_EQ(cycles_of("smlal_umlal"), 2 * kMulLong);
}
TEST(CycleTiming, SmullsTakesFiveCycles) {
    EXPECT_EQ(cycles_of("smulls"), kMulLongS);
}
TEST(CycleTiming, SmulbbAndSmlabbTakeOneCycleEach) {
    EXPECT_EQ(cycles_of("smulbb_smlabb"), 2 * kMul16);
}
TEST(CycleTiming, SmulwbTakesOneCycle) {
    EXPECT_EQ(cycles_of("smulwb"), kMul16);
}
TEST(CycleTiming, SmlalbbTakesTwoCycles) {
    EXPECT_EQ(cycles_of("smlalbb"), kMulLong16);
}
TEST(CycleTiming, MultiplyResultUsedNextInterlocksOneCycle) {
    EXPECT_EQ(cycles_of("mul_use_next"), kMul + kMulUse + kAlu);
}

// ---------------------------------------------------------------------------------------
// Branches: 3 cycles taken (pipeline refill), 1 not taken.
// ---------------------------------------------------------------------------------------
// ARM7EJ-S TRM (ARM DDI 0214B) §9.9.1: MULS/MLAS/SMULLS... "cannot generate interlocks in
// following instructions"; a multiply-accumulate "using the previous multiply result as the
// accumulator operand" does not interlock, one using it as a multiplicand does, and so does
// an STR of an MLA result. §9.10.1: a QADD result wanted in the first Memory cycle (STR data)
// does not interlock; one wanted in Execute does. ARM9EJ-S TRM (ARM DDI 0222B) table 8.2:
// LDRD takes 3 cycles only when the *last* loaded word is used next.
TEST(CycleTiming, FlagSettingMultiplyCannotInterlock) {
    EXPECT_EQ(cycles_of("muls_use_next"), kMulS + kAlu);
}
TEST(CycleTiming, MlaAccumulatingThePreviousMultiplyResultDoesNotInterlock) {
    EXPECT_EQ(cycles_of("mla_accumulates_previous_multiply"), kMul + kMul);
}
TEST(CycleTiming, MlaMultiplyingThePreviousMultiplyResultInterlocks) {
    EXPECT_EQ(cycles_of("mla_multiplies_previous_multiply"), kMul + kMulUse + kMul);
}
TEST(CycleTiming, SmlalAccumulatingThePreviousLongMultiplyDoesNotInterlock) {
    EXPECT_EQ(cycles_of("smlal_accumulates_previous_multiply"), kMulLong + kMulLong);
}
TEST(CycleTiming, StoreOfAMultiplyResultInterlocks) {
    EXPECT_EQ(cycles_of("mla_stored_next"), kMul + kMulUse + (kStr + kRamN));
}
TEST(CycleTiming, LdrdFirstRegisterUsedNextHasNoInterlock) {
    EXPECT_EQ(cycles_of("ldrd_first_register_used_next"), (kLdrd + kRamN + kRamS) + kAlu);
}
TEST(CycleTiming, LdrdLastRegisterUsedNextInterlocksOneCycle) {
    EXPECT_EQ(cycles_of("ldrd_last_register_used_next"), (kLdrd + kRamN + kRamS) + kLoadUse + kAlu);
}
TEST(CycleTiming, SaturatingResultStoredNextHasNoInterlock) {
    EXPECT_EQ(cycles_of("qadd_stored_next"), kQadd + (kStr + kRamN));
}
TEST(CycleTiming, SaturatingResultUsedNextInterlocksOneCycle) {
    EXPECT_EQ(cycles_of("qadd_used_next"), kQadd + kMulUse + kAlu);
}

// Interlocks across blocks: a result still pending when a block ends stalls the block that
// falls through into it (block_cost.h carry_stall); after a taken branch the refill hides it.
TEST(CycleTiming, ByteLoadUsedAcrossAFallThroughStillInterlocks) {
    const auto z_clear = [](ArmCpu& cpu) { cpu.set_cpsr(kCpsrSvc); };
    EXPECT_EQ(cycles_of("byte_load_used_across_a_fall_through", z_clear),
              (kLdr + kRamN) + kBranchNotTaken + kByteLoadUseAfterNext + kAlu);
}
TEST(CycleTiming, ByteLoadUsedAfterATakenBranchHasNoInterlock) {
    EXPECT_EQ(cycles_of("byte_load_used_after_a_taken_branch"), (kLdr + kRamN) + kBranch + kAlu);
}

TEST(CycleTiming, TakenBranchRefillsThePipeline) {
    EXPECT_EQ(cycles_of("b_taken"), kBranch);
}
TEST(CycleTiming, ConditionalBranchNotTakenTakesOneCycle) {
    // Z clear: BEQ falls through to the NOP.
    const SequenceRun run = run_sequence("beq", set_cpsr(kCpsrSvc));
    EXPECT_EQ(run.cycles, kBranchNotTaken + kAlu);
    EXPECT_EQ(run.instructions, 2u);
}
TEST(CycleTiming, ConditionalBranchTakenTakesThreeCycles) {
    // Z set: BEQ skips the NOP. The block charges 1 and the refill once the target is known.
    const SequenceRun run = run_sequence("beq", set_cpsr(kCpsrSvc | kFlagZ));
    EXPECT_EQ(run.cycles, kBranch);
    EXPECT_EQ(run.instructions, 1u);
}
TEST(CycleTiming, BranchWithLinkTakesThreeCycles) {
    const SequenceRun run = run_sequence("bl");
    EXPECT_EQ(run.cycles, kBranch);
    EXPECT_EQ(run.registers.r[14], address_of("seq_bl") + 4);
}
TEST(CycleTiming, BxToArmTakesThreeCycles) {
    EXPECT_EQ(cycles_of("bx_arm", point(1, "seq_bx_arm_end")), kBranch);
}

// ---------------------------------------------------------------------------------------
// Status registers.
// ---------------------------------------------------------------------------------------
TEST(CycleTiming, MsrFlagsOnlyTakesOneCycle) {
    // MSR cpsr_f, #imm and MSR cpsr_f, r1 (r1 = Z). Capstone names this field APSR_nzcvq.
    const SequenceRun run = run_sequence("msr_flags", set_register(1, kFlagZ));
    EXPECT_EQ(run.cycles, 2 * kMsrFlags);
    EXPECT_EQ(run.registers.cpsr & 0xF000'0000u, kFlagZ);
}
TEST(CycleTiming, MsrControlFieldTakesThreeCycles) {
    const SequenceRun run = run_sequence("msr_control");
    EXPECT_EQ(run.cycles, kMsrControl);
    EXPECT_EQ(run.registers.cpsr & 0xFFu, kCpsrSvc);
}
TEST(CycleTiming, MrsTakesTwoCycles) {
    EXPECT_EQ(cycles_of("mrs"), kMrs);
}

// ---------------------------------------------------------------------------------------
// SVC: exception entry, then crt0's vector and handler, both in flash.
// ---------------------------------------------------------------------------------------
TEST(CycleTiming, SvcRoundTripThroughFlashVector) {
    // svc #1 (ITCM)               : kSwi (exception entry). The refill's fetch at the vector
    //                               is charged to the block that starts there.
    // 0x08: b svc_handler (flash) : a new block, so its one fetch is non-sequential:
    //                               kBranch + kFlashN.
    // svc_handler: movs pc, lr    : the branch target starts another block, non-sequential
    //                               again; a logical data operation writing the PC (restoring
    //                               CPSR from SPSR): kLogicalToPc + kFlashN.
    // It returns to seq_svc_end, where the run stops (the end label itself is never charged).
    const SequenceRun run = run_sequence("svc");
    EXPECT_EQ(run.cycles, kSwi + (kBranch + kFlashN) + (kLogicalToPc + kFlashN));
    EXPECT_EQ(run.instructions, 3u);
    EXPECT_EQ(run.registers.cpsr & 0xFFu, kCpsrSvc);  // MOVS restored the SPSR
}

// ---------------------------------------------------------------------------------------
// Coprocessor 15.
// ---------------------------------------------------------------------------------------
TEST(CycleTiming, MrcFromCp15TakesTwoCycles) {
    const SequenceRun run = run_sequence("mrc_cp15_id");
    EXPECT_EQ(run.cycles, kMrc);
    EXPECT_EQ(run.registers.r[1] >> 24, 0x41u);  // r1 = the ID register: implementer 'A' (ARM)
}
TEST(CycleTiming, McrToCp15TakesTwoCycles) {
    EXPECT_EQ(cycles_of("mcr_cp15"), kAlu + kMcr);
}

// ---------------------------------------------------------------------------------------
// Wait states: alu_four's four instructions fetched from ITCM, flash and RAM.
// ---------------------------------------------------------------------------------------
TEST(CycleTiming, SequenceInItcmPaysNoFetchWaitStates) {
    EXPECT_EQ(cycles_of("alu_four"), 4 * kAlu + kItcmN + 3 * kItcmS);
}
TEST(CycleTiming, SequenceInFlashPaysFlashFetchWaitStates) {
    // One non-sequential fetch (the block's first), then three sequential ones.
    EXPECT_EQ(cycles_of("alu_four_in_flash"), 4 * kAlu + kFlashN + 3 * kFlashS);
}
TEST(CycleTiming, FallThroughIntoTheNextBlockFetchesSequentially) {
    // Block 1: add (first fetch, non-sequential) + beq not taken (sequential fetch).
    // Block 2 starts at the fall-through address: its fetch continues the stream (S, not N).
    const auto z_clear = [](ArmCpu& cpu) { cpu.set_cpsr(0xD3); };
    EXPECT_EQ(cycles_of("fall_through_in_flash", z_clear),
              (kAlu + kFlashN) + (kBranchNotTaken + kFlashS) + (kAlu + kFlashS));
}
TEST(CycleTiming, SequenceInRamPaysRamFetchWaitStates) {
    EXPECT_EQ(cycles_of("alu_four_in_ram"), 4 * kAlu + kRamN + 3 * kRamS);
}
TEST(CycleTiming, LiteralLoadInFlashPaysFlashDataWaitStates) {
    // The instruction fetch (non-sequential, first of the block) and the PC-relative data
    // access (non-sequential) both go to flash.
    EXPECT_EQ(cycles_of("ldr_literal_in_flash"), kFlashN + (kLdr + kFlashN));
}

// ---------------------------------------------------------------------------------------
// The region a data access pays, from the origin of its base register within the block
// (register_origin.h): SP-derived -> the stack (DTCM here), a known address -> its own
// region, anything else -> RAM. Code in ITCM: no fetch wait states.
// ---------------------------------------------------------------------------------------
TEST(CycleTiming, LoadThroughAnSpDerivedRegisterPaysStackWaitStates) {
    EXPECT_EQ(cycles_of("load_through_sp_derived_register"), kAlu + (kLdr + kDtcmN));
}
TEST(CycleTiming, LoadThroughACopyOfSpPaysStackWaitStates) {
    EXPECT_EQ(cycles_of("load_through_copy_of_sp"), kAlu + kAlu + (kLdr + kDtcmN));
}
TEST(CycleTiming, LoadThroughALiteralPointerToFlashPaysFlashWaitStates) {
    // The literal itself is in ITCM (this sequence's pool); the table it points to in flash.
    EXPECT_EQ(cycles_of("load_through_literal_pointer_to_flash"), (kLdr + kItcmN) + kAlu + (kLdr + kFlashN));
}
TEST(CycleTiming, IndexedLoadFromALiteralPointerPaysItsBaseRegionWaitStates) {
    EXPECT_EQ(cycles_of("load_through_literal_pointer_indexed", set_register(2, 1)),
              (kLdr + kItcmN) + kAlu + (kLdr + kScaledOffset + kFlashN));
}
TEST(CycleTiming, LoadThroughALiteralMmioBaseIsChargedMmioWaitStatesOnce) {
    // Charged MMIO's wait states statically; the run-time MMIO correction adds nothing more.
    EXPECT_EQ(cycles_of("load_through_literal_mmio_base"), (kLdr + kItcmN) + kAlu + (kLdr + kMmioN));
}
TEST(CycleTiming, LoadThroughAConstantBuiltFromImmediatesPaysItsRegionWaitStates) {
    EXPECT_EQ(cycles_of("load_through_constant_built_from_immediates"), kAlu + kAlu + (kLdr + kDtcmN));
}
TEST(CycleTiming, LoadThroughAnAdrAddressPaysItsRegionWaitStates) {
    EXPECT_EQ(cycles_of("load_through_adr"), kAlu + (kLdr + kItcmN));
}
TEST(CycleTiming, PostIndexedWriteBackKeepsAKnownBase) {
    EXPECT_EQ(cycles_of("loads_through_written_back_constant"), kAlu + (kLdr + kDtcmN) + (kLdr + kDtcmN));
}
TEST(CycleTiming, RegisterReloadedByLdmLosesItsOrigin) {
    // r3 = a DTCM address, then LDM loads r3 (scratch's second word: scratch's own address):
    // the load through r3 pays RAM's wait states; r3 is the LDM's last register, used next.
    const auto setup = [](ArmCpu& cpu) {
        const std::uint32_t scratch = address_of("scratch");
        const std::uint8_t word[4] = {static_cast<std::uint8_t>(scratch), static_cast<std::uint8_t>(scratch >> 8),
                                      static_cast<std::uint8_t>(scratch >> 16),
                                      static_cast<std::uint8_t>(scratch >> 24)};
        ASSERT_TRUE(cpu.write_memory(scratch + 4, word));
    };
    EXPECT_EQ(cycles_of("load_through_register_reloaded_by_ldm", setup),
              kAlu + (ldm_stm(2) + kRamN + kRamS) + kLdmLastUse + (kLdr + kRamN));
}
TEST(CycleTiming, RegisterAConditionalInstructionMayChangeLosesItsOrigin) {
    // MOVNE fails (Z set) so r3 still holds SP, but statically either outcome was possible:
    // the load is charged RAM's wait states, not the stack's.
    EXPECT_EQ(cycles_of("load_through_conditionally_changed_register", set_cpsr(kCpsrSvc | kFlagZ)),
              kAlu + kCondFailed + (kLdr + kRamN));
}
std::function<void(ArmCpu&)> sp_below_dtcm_top() {
    return [](ArmCpu& cpu) { cpu.set_register(13, sequences().symbols.find("__stack_top")->address - 64); };
}
TEST(CycleTiming, ThumbLoadThroughAnSpDerivedRegisterPaysStackWaitStates) {
    EXPECT_EQ(thumb_cycles_of("thumb_load_through_sp_derived_register", sp_below_dtcm_top()), kAlu + (kLdr + kDtcmN));
}
TEST(CycleTiming, ThumbLoadThroughALiteralPointerToFlashPaysFlashWaitStates) {
    EXPECT_EQ(thumb_cycles_of("thumb_load_through_literal_pointer_to_flash"),
              (kLdr + kItcmN) + kAlu + (kLdr + kFlashN));
}
TEST(CycleTiming, ThumbLoadThroughAnAdrAddressPaysItsRegionWaitStates) {
    EXPECT_EQ(thumb_cycles_of("thumb_load_through_adr"), kAlu + (kLdr + kItcmN));
}
TEST(CycleTiming, ThumbLoadThroughAShiftedImmediatePaysItsRegionWaitStates) {
    EXPECT_EQ(thumb_cycles_of("thumb_load_through_shifted_immediate"), kAlu + kAlu + (kLdr + kDtcmN));
}

// ---------------------------------------------------------------------------------------
// Virtual clock.
// ---------------------------------------------------------------------------------------
TEST(CycleTiming, SchedulerAdvancesByExactlyTheSequenceCost) {
    Machine machine;
    machine.load(sequences());
    const Cycles before = machine.scheduler().now();
    const SequenceRun run = run_in(machine, "ldr_use_next");
    EXPECT_EQ(machine.scheduler().now() - before, (kLdr + kRamN) + kLoadUse + kAlu);
    EXPECT_EQ(machine.scheduler().now() - before, run.cycles);
}
TEST(CycleTiming, SameSequenceTwiceInOneMachineCostsTheSameTwice) {
    // The second run reuses the translated blocks and their cached costs.
    Machine machine;
    machine.load(sequences());
    const Cycles start = machine.scheduler().now();
    const Cycles expected = (ldm_stm(2) + kRamN + kRamS) + kLdmLastUse + kAlu;
    EXPECT_EQ(run_in(machine, "ldm_last_register_used_next").cycles, expected);
    EXPECT_EQ(run_in(machine, "ldm_last_register_used_next").cycles, expected);
    EXPECT_EQ(machine.scheduler().now() - start, 2 * expected);
    // Also across a conditional branch, whose refill is settled after the block.
    const Cycles taken = kBranch;
    EXPECT_EQ(run_in(machine, "beq", set_cpsr(kCpsrSvc | kFlagZ)).cycles, taken);
    EXPECT_EQ(run_in(machine, "beq", set_cpsr(kCpsrSvc | kFlagZ)).cycles, taken);
}
