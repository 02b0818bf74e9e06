// The ARM946E-S protection unit on the emulated core: with the M bit of c1 set, an access a
// region forbids, or an address in no region, takes the data abort (vector 0x10) or prefetch
// abort (vector 0x0C) with the ARMv5 entry, and the guest's handler runs
// (tests/arm/mpu_sequences.S). Permissions: ARM DDI 0201D (ARM946E-S TRM) §2.3.8 table 2.13
// "Access permission encoding (extended)"; region priority §4.3; background §4.2.
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/machine.h"
#include "cpu/protection_fault.h"
#include "test_images.h"

using namespace q2686;

namespace {

namespace ap = access_permission;

constexpr std::uint32_t kModeUser = 0x10;
constexpr std::uint32_t kModeSvc = 0x13;
constexpr std::uint32_t kModeAbort = 0x17;
constexpr std::uint32_t kNoException = 0;
constexpr std::uint32_t kPrefetchAbort = 0x0C;  // the vectors the image's handlers record
constexpr std::uint32_t kDataAbort = 0x10;

constexpr std::uint32_t kRegionUnderTest = 0x1001'0000u;   // region 4 (and 6), 4 KB
constexpr std::uint32_t kRam = 0x1000'0000u;               // region 3, data only
constexpr std::uint32_t kItcm = 0x0080'0000u;              // mapped, in no region
constexpr std::uint32_t kUnmappedInRegion = 0x2000'0000u;  // region 7, not mapped by the emulator
constexpr std::uint32_t kBxR9 = 0xE12F'FF19u;              // bx r9

const ElfImage& image() {
    static const ElfImage elf = load_elf_file(test_image("mpu_sequences.elf"));
    return elf;
}
std::uint32_t symbol(const std::string& name) {
    const ElfSymbol* found = image().symbols.find(name);
    EXPECT_TRUE(found) << name;
    return found ? found->address : 0;
}

struct Outcome {
    CpuStop stop;
    std::uint32_t exception = 0;  // r11
    std::uint32_t spsr = 0;       // r10, copied by the handler
    ArmRegisters regs;
    std::uint32_t faulting_pc = 0;  // the instruction that was meant to abort
};

class Mpu {
public:
    // Region 4 gets `data` / `instruction` permissions; region 6 (full access, same range)
    // is enabled when `overlap`.
    Mpu(std::uint8_t data, std::uint8_t instruction, bool overlap = false) {
        machine_.load(image());
        run_from("seq_mpu_on", kModeSvc, [&](ArmCpu& cpu) {
            cpu.set_register(0, data);
            cpu.set_register(1, instruction);
            cpu.set_register(2, overlap ? 1 : 0);
        });
        EXPECT_TRUE(machine_.cpu().cp15_state().mpu_enabled()) << "the guest's MCR did not turn the MPU on";
    }

    Outcome load(std::uint32_t address, std::uint32_t mode) { return access("seq_load", address, mode, 1); }
    Outcome store(std::uint32_t address, std::uint32_t mode) { return access("seq_store", address, mode, 1); }
    // Jumps to `address` (a `bx r9` back is put there first); the fetch is what may abort.
    Outcome jump(std::uint32_t address, std::uint32_t mode) {
        const std::uint8_t bytes[4] = {kBxR9 & 0xFF, (kBxR9 >> 8) & 0xFF, (kBxR9 >> 16) & 0xFF, kBxR9 >> 24};
        EXPECT_TRUE(machine_.cpu().write_memory(address, bytes));
        Outcome o = run_from("seq_jump", mode, [&](ArmCpu& cpu) { cpu.set_register(8, address); });
        o.faulting_pc = address;
        return o;
    }
    Machine& machine() { return machine_; }

private:
    Outcome access(const char* sequence, std::uint32_t address, std::uint32_t mode, int slot) {
        Outcome o = run_from(sequence, mode, [&](ArmCpu& cpu) { cpu.set_register(8, address); });
        o.faulting_pc = symbol(sequence) + 4u * slot;
        return o;
    }
    template <typename Setup>
    Outcome run_from(const std::string& sequence, std::uint32_t mode, Setup setup) {
        ArmCpu& cpu = machine_.cpu();
        cpu.set_cpsr(mode | 0xC0);  // IRQ and FIQ masked
        cpu.set_register(11, 0xDEAD);
        setup(cpu);
        cpu.set_pc(symbol(sequence), false);
        Outcome o;
        o.stop = cpu.run(kNever, symbol("done"));
        o.regs = cpu.registers();
        o.exception = o.regs.r[11];
        o.spsr = o.regs.r[10];
        return o;
    }
    Machine machine_;
};

// The ARMv5 data abort entry: abort mode, IRQ masked, ARM state, SPSR = the CPSR before,
// LR_abt = aborted instruction + 8 (ARM ARM A2.6.6).
void expect_data_abort(const Outcome& o, std::uint32_t mode) {
    ASSERT_EQ(o.stop.reason, CpuStopReason::UntilAddress) << (o.stop.fault ? o.stop.fault->what : "");
    EXPECT_EQ(o.exception, kDataAbort);
    EXPECT_EQ(o.regs.cpsr & 0x1F, kModeAbort);
    EXPECT_TRUE(o.regs.cpsr & 0x80);
    EXPECT_EQ(o.spsr & 0x1F, mode);
    EXPECT_EQ(o.regs.r[14], o.faulting_pc + 8);
}
void expect_no_abort(const Outcome& o, std::uint32_t mode) {
    ASSERT_EQ(o.stop.reason, CpuStopReason::UntilAddress) << (o.stop.fault ? o.stop.fault->what : "");
    EXPECT_EQ(o.exception, kNoException);
    EXPECT_EQ(o.regs.cpsr & 0x1F, mode);
}

// One row of table 2.13 for data: what privileged and user code may do (none, read-only,
// read/write). Unicorn's core (QEMU's PMSAv5 check) aborts an access a mode may not make at
// all, but lets a write into a region that mode may only read go through: those writes are
// not checked here (docs/hardware.md, "CP15 and the protection unit").
enum class May { Nothing, Read, ReadWrite };
void expect_data_row(std::uint8_t permission, May privileged, May user) {
    const struct {
        bool write;
        std::uint32_t mode;
        May may;
    } cases[] = {
        {false, kModeSvc, privileged}, {true, kModeSvc, privileged}, {false, kModeUser, user}, {true, kModeUser, user}};
    for (const auto& c : cases) {
        SCOPED_TRACE(testing::Message() << "permission b" << int(permission) << (c.write ? " write" : " read")
                                        << (c.mode == kModeUser ? " user" : " privileged"));
        const bool allowed = c.may == May::ReadWrite || (c.may == May::Read && !c.write);
        // The rule the emulator uses to explain an abort is the table's.
        EXPECT_EQ(
            access_permitted(permission, c.write ? ProtectedAccess::Write : ProtectedAccess::Read, c.mode != kModeUser),
            allowed);
        if (c.write && c.may == May::Read) continue;  // not caught by the core (see above)
        Mpu mpu(permission, ap::kFull);
        const Outcome o = c.write ? mpu.store(kRegionUnderTest, c.mode) : mpu.load(kRegionUnderTest, c.mode);
        if (allowed)
            expect_no_abort(o, c.mode);
        else
            expect_data_abort(o, c.mode);
    }
}

}  // namespace

TEST(MpuFault, DataNoAccessAbortsEveryAccess) {
    expect_data_row(ap::kNone, May::Nothing, May::Nothing);
}
TEST(MpuFault, DataPrivilegedOnlyAbortsUserAccesses) {
    expect_data_row(ap::kPrivilegedOnly, May::ReadWrite, May::Nothing);
}
TEST(MpuFault, DataUserReadOnlyLetsUserCodeRead) {
    expect_data_row(ap::kUserReadOnly, May::ReadWrite, May::Read);
}
TEST(MpuFault, DataFullAccessNeverAborts) {
    expect_data_row(ap::kFull, May::ReadWrite, May::ReadWrite);
}
TEST(MpuFault, DataPrivilegedReadOnlyAbortsUserAccesses) {
    expect_data_row(ap::kPrivilegedReadOnly, May::Read, May::Nothing);
}
TEST(MpuFault, DataReadOnlyLetsBothModesRead) {
    expect_data_row(ap::kReadOnly, May::Read, May::Read);
}

TEST(MpuFault, InstructionFetchTheRegionForbidsTakesThePrefetchAbort) {
    // Region 4 with data full access but no instruction access; the data permission does not
    // let code run (TRM §2.3.8: separate instruction and data permissions).
    Mpu mpu(ap::kFull, ap::kNone);
    const Outcome o = mpu.jump(kRegionUnderTest, kModeSvc);
    ASSERT_EQ(o.stop.reason, CpuStopReason::UntilAddress) << (o.stop.fault ? o.stop.fault->what : "");
    EXPECT_EQ(o.exception, kPrefetchAbort);
    EXPECT_EQ(o.regs.cpsr & 0x1F, kModeAbort);
    EXPECT_EQ(o.spsr & 0x1F, kModeSvc);
    EXPECT_EQ(o.regs.r[14], kRegionUnderTest + 4);  // LR_abt = aborted instruction + 4
}

TEST(MpuFault, InstructionPermissionsFollowTheTableToo) {
    // Fetch is a read: privileged-only code runs in SVC mode and aborts in user mode.
    {
        Mpu mpu(ap::kNone, ap::kPrivilegedOnly);
        expect_no_abort(mpu.jump(kRegionUnderTest, kModeSvc), kModeSvc);
    }
    {
        Mpu mpu(ap::kNone, ap::kPrivilegedOnly);
        EXPECT_EQ(mpu.jump(kRegionUnderTest, kModeUser).exception, kPrefetchAbort);
    }
    {
        Mpu mpu(ap::kNone, ap::kReadOnly);
        expect_no_abort(mpu.jump(kRegionUnderTest, kModeUser), kModeUser);
    }
}

TEST(MpuFault, DataOnlyRegionAbortsAFetch) {
    // RAM (region 3) is data full access, instruction none.
    Mpu mpu(ap::kFull, ap::kFull);
    EXPECT_EQ(mpu.jump(kRam + 0x100, kModeSvc).exception, kPrefetchAbort);
}

TEST(MpuFault, HigherNumberedRegionDecidesWhereRegionsOverlap) {
    // TRM §4.3: region 6 (full access) over region 4 (no access).
    Mpu with_overlap(ap::kNone, ap::kNone, true);
    expect_no_abort(with_overlap.store(kRegionUnderTest, kModeUser), kModeUser);
    Mpu without(ap::kNone, ap::kNone, false);
    expect_data_abort(without.store(kRegionUnderTest, kModeUser), kModeUser);
}

TEST(MpuFault, AddressInNoRegionIsBackgroundAndAborts) {
    // The ITCM is mapped memory, but no region covers it here.
    Mpu mpu(ap::kFull, ap::kFull);
    expect_data_abort(mpu.load(kItcm, kModeSvc), kModeSvc);
}

TEST(MpuFault, AbortIsExplainedInTheEventLog) {
    Mpu mpu(ap::kPrivilegedOnly, ap::kFull);
    expect_data_abort(mpu.store(kRegionUnderTest + 0x20, kModeUser), kModeUser);
    const auto& events = mpu.machine().events().recent();
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().text,
              fmt::format("data abort at pc {:#010x}: write of 0x10010020 in user mode denied: region 4 "
                          "(0x10010000, 4 KB), data permission b0001 (read/write privileged, no user access)",
                          symbol("seq_store") + 4));
}

TEST(MpuFault, UnmappedAddressInAnAllowedRegionKeepsTheEmulatorsFaultReport) {
    // Region 7 allows the access; the emulator maps nothing there: the run stops with the
    // emulator's own report (docs/debugging.md), not a guest abort.
    Mpu mpu(ap::kFull, ap::kFull);
    const Outcome o = mpu.load(kUnmappedInRegion, kModeSvc);
    ASSERT_EQ(o.stop.reason, CpuStopReason::Fault);
    ASSERT_TRUE(o.stop.fault);
    EXPECT_EQ(o.stop.fault->kind, FaultKind::Memory);
    EXPECT_EQ(o.stop.fault->address, kUnmappedInRegion);
}

TEST(MpuFault, WithTheProtectionUnitOffNothingIsChecked) {
    Machine machine;
    machine.load(image());
    ArmCpu& cpu = machine.cpu();
    cpu.set_cpsr(kModeUser | 0xC0);
    cpu.set_register(8, kItcm);
    cpu.set_pc(symbol("seq_store"), false);
    const CpuStop stop = cpu.run(kNever, symbol("done"));
    EXPECT_EQ(stop.reason, CpuStopReason::UntilAddress);
    EXPECT_EQ(cpu.registers().r[11], kNoException);
    EXPECT_FALSE(cpu.cp15_state().mpu_enabled());
}
