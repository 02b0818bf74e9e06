// RegisterOrigins (emulator/cpu/register_origin.h) rule by rule, on ARM encodings decoded by
// Capstone as the block cost model does. The cycle counts these rules lead to are pinned in
// cycle_timing_test.cpp; these tests cover what a cycle count cannot show inside one block
// (a call ends its block) or what Capstone reports oddly (LDM/STM write-back, the sign of a
// post-indexed offset).
#include <cstdint>
#include <initializer_list>

#include <capstone/capstone.h>
#include <gtest/gtest.h>

#include "cpu/register_origin.h"

using namespace q2686;

namespace {

using Kind = RegisterOrigin::Kind;

class RegisterOriginRules : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(cs_open(CS_ARCH_ARM, CS_MODE_ARM, &handle_), CS_ERR_OK);
        cs_option(handle_, CS_OPT_DETAIL, CS_OPT_ON);
    }
    void TearDown() override { cs_close(&handle_); }

    // Runs ARM instruction words (at 0x1000 on) through `origins`.
    void run(RegisterOrigins& origins, std::initializer_list<std::uint32_t> words) {
        std::uint64_t address = 0x1000;
        for (const std::uint32_t word : words) {
            const std::uint8_t bytes[4] = {static_cast<std::uint8_t>(word), static_cast<std::uint8_t>(word >> 8),
                                           static_cast<std::uint8_t>(word >> 16),
                                           static_cast<std::uint8_t>(word >> 24)};
            cs_insn* insn = nullptr;
            ASSERT_EQ(cs_disasm(handle_, bytes, 4, address, 1, &insn), 1u) << std::hex << word;
            origins.step(handle_, *insn, false);
            cs_free(insn, 1);
            address += 4;
        }
    }

    csh handle_ = 0;
};

constexpr std::uint32_t kMovR3Dtcm = 0xE3A03609;  // mov r3, #0x900000
constexpr std::uint32_t kAddR0Sp8 = 0xE28D0008;   // add r0, sp, #8
constexpr std::uint32_t kMovR4Sp = 0xE1A0400D;    // mov r4, sp

}  // namespace

TEST_F(RegisterOriginRules, ACallClobbersTheArgumentRegistersR12AndLrButNotTheCalleeSaved) {
    RegisterOrigins origins(nullptr);
    run(origins, {kAddR0Sp8, kMovR4Sp, 0xEBFFFFF1 /* bl */});
    EXPECT_EQ(origins[0].kind, Kind::Unknown);
    EXPECT_EQ(origins[4].kind, Kind::Stack);
    RegisterOrigins via_register(nullptr);
    run(via_register, {kAddR0Sp8, kMovR4Sp, 0xE12FFF33 /* blx r3 */});
    EXPECT_EQ(via_register[0].kind, Kind::Unknown);
    EXPECT_EQ(via_register[4].kind, Kind::Stack);
}

TEST_F(RegisterOriginRules, StoreMultipleWriteBackMovesAKnownBaseDown) {
    // Capstone 4 lists no written register for STMDB r3!: the pass applies the write-back.
    RegisterOrigins origins(nullptr);
    run(origins, {kMovR3Dtcm, 0xE9230003 /* stmdb r3!, {r0, r1} */});
    EXPECT_EQ(origins[3], (RegisterOrigin{Kind::Constant, 0x900000u - 8}));
}

TEST_F(RegisterOriginRules, LoadMultipleWriteBackMovesAKnownBaseUpAndForgetsTheLoadedRegisters) {
    RegisterOrigins origins(nullptr);
    run(origins, {kMovR3Dtcm, kMovR4Sp, 0xE8B30011 /* ldm r3!, {r0, r4} */});
    EXPECT_EQ(origins[3], (RegisterOrigin{Kind::Constant, 0x900000u + 8}));
    EXPECT_EQ(origins[4].kind, Kind::Unknown);
}

TEST_F(RegisterOriginRules, PostIndexedWriteBackKeepsTheSignOfItsOffset) {
    // Capstone 4 reports #-4 as 4: the U bit of the encoding decides.
    RegisterOrigins down(nullptr);
    run(down, {kMovR3Dtcm, 0xE4138004 /* ldr r8, [r3], #-4 */});
    EXPECT_EQ(down[3], (RegisterOrigin{Kind::Constant, 0x900000u - 4}));
    RegisterOrigins up(nullptr);
    run(up, {kMovR3Dtcm, 0xE4938004 /* ldr r8, [r3], #4 */});
    EXPECT_EQ(up[3], (RegisterOrigin{Kind::Constant, 0x900000u + 4}));
}

TEST_F(RegisterOriginRules, AConditionalWriteKeepsAnOriginOnlyIfBothOutcomesAgree) {
    RegisterOrigins differ(nullptr);
    run(differ, {kMovR4Sp, 0x11A04000 /* movne r4, r0 */});
    EXPECT_EQ(differ[4].kind, Kind::Unknown);
    RegisterOrigins agree(nullptr);
    run(agree, {kMovR4Sp, 0x128D4000 /* addne r4, sp, #0 */});
    EXPECT_EQ(agree[4].kind, Kind::Stack);
}

TEST_F(RegisterOriginRules, ALiteralLoadReadsItsConstantFromMemory) {
    // ldr r2, [pc, #48] at 0x1000: the literal at 0x1000 + 8 + 48.
    const LiteralReader literals = [](std::uint32_t address, std::uint32_t& value) {
        value = address == 0x1038 ? 0x80001000u : 0;
        return true;
    };
    RegisterOrigins origins(&literals);
    run(origins, {0xE59F2030});
    EXPECT_EQ(origins[2], (RegisterOrigin{Kind::Constant, 0x80001000u}));
    RegisterOrigins unreadable(nullptr);
    run(unreadable, {0xE59F2030});
    EXPECT_EQ(unreadable[2].kind, Kind::Unknown);
}
