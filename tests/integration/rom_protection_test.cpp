// The ROM boots like real ARM946E-S firmware: protection regions, then the protection unit and
// the caches on (rom-stubs/src/mpu_init.S, docs/hardware.md "Protection regions"), and an
// abort the protection unit raises is reported like any fatal error: the debug console, a
// back-trace in flash, the watchdog's reset (rom-stubs/src/abort.c).
#include <string>
#include <vector>

#include "modem_fixture.h"

using namespace q2686;
using namespace q2686::integration;

namespace {

namespace ap = access_permission;

struct LoggedRom {
    std::vector<std::string> log;
    ModemUnderTest m;
    LoggedRom() : m(config(log)) {}
    static ModemConfig config(std::vector<std::string>& log) {
        ModemConfig c = rom_config();
        c.firmware_log = [&log](std::string_view line, Cycles) { log.emplace_back(line); };
        return c;
    }
};

}  // namespace

TEST(RomProtection, BootTurnsOnTheProtectionUnitAndBothCaches) {
    ModemUnderTest m;
    ASSERT_TRUE(m.boot());
    const Cp15State s = m.modem.machine().cpu().cp15_state();
    EXPECT_TRUE(s.mpu_enabled());
    EXPECT_TRUE(s.dcache_enabled());
    EXPECT_TRUE(s.icache_enabled());
}

TEST(RomProtection, RegionsFollowTheMemoryMap) {
    ModemUnderTest m;
    ASSERT_TRUE(m.boot());
    const Cp15State s = m.modem.machine().cpu().cp15_state();
    const struct {
        std::uint32_t address;
        int region;
        std::uint8_t data, instruction;
        bool dcache, icache, buffered;
    } expected[] = {
        {0x0000'0100u, 1, ap::kReadOnly, ap::kFull, true, true, false},    // flash code
        {0x0070'0000u, 2, ap::kReadOnly, ap::kNone, false, false, false},  // flash objects
        {0x0080'0000u, 3, ap::kFull, ap::kFull, false, false, false},      // ITCM
        {0x0090'3FFCu, 4, ap::kFull, ap::kNone, false, false, false},      // DTCM (stacks)
        {0x1000'0000u, 5, ap::kFull, ap::kFull, true, true, true},         // RAM
        {0x8000'6000u, 6, ap::kFull, ap::kNone, false, false, false},      // MMIO (UART1)
        {0x2000'0000u, 0, ap::kFull, ap::kFull, false, false, false},      // unmapped: the emulator's
    };
    for (const auto& e : expected) {
        SCOPED_TRACE(testing::Message() << std::hex << e.address);
        const ProtectionRegion* r = s.region_for(e.address);
        ASSERT_EQ(r, &s.regions[e.region]);
        EXPECT_EQ(r->data_access, e.data);
        EXPECT_EQ(r->instruction_access, e.instruction);
        EXPECT_EQ(r->data_cacheable, e.dcache);
        EXPECT_EQ(r->instruction_cacheable, e.icache);
        EXPECT_EQ(r->bufferable, e.buffered);
    }
}

TEST(RomProtection, PrefetchAbortIsReportedKeptAsABacktraceAndResetsTheModem) {
    std::vector<std::string> cpu_events;  // outlives the modem, which may emit while it goes
    LoggedRom rom;
    ASSERT_TRUE(rom.m.boot());
    // A wild function pointer into the flash objects (readable, but no instruction access).
    // (The DTCM and the MMIO window are not executable in the emulator's map either, and its
    // own fault report comes first there.)
    rom.m.modem.machine().events().subscribe([&](const Event& e) {
        if (e.kind == EventKind::Cpu) cpu_events.push_back(e.text);
    });
    ArmCpu& cpu = rom.m.modem.machine().cpu();
    cpu.set_pc(0x0070'0000u, false);
    cpu.wake();
    // The watchdog's reset boots the modem again.
    ASSERT_TRUE(rom.m.at.wait_for("+WIND: 3", seconds(10)))
        << (rom.m.at.fault() && rom.m.at.fault()->fault ? rom.m.at.fault()->fault->what : "no fault") << "\n"
        << testing::PrintToString(rom.log) << testing::PrintToString(cpu_events);
    bool reported = false;
    for (const std::string& line : rom.log)
        if (line.rfind("trace 1: exception: prefetch abort at 0x00700000, cpsr 0x", 0) == 0) reported = true;
    EXPECT_TRUE(reported) << "debug console:\n" << testing::PrintToString(rom.log);
    bool explained = false;
    for (const std::string& text : cpu_events)
        if (text.find("prefetch abort at pc 0x00700000: instruction fetch of 0x00700000 in a privileged mode "
                      "denied: region 2 (0x00700000, 1 MB), instruction permission b0000 (no access)") !=
            std::string::npos)
            explained = true;
    EXPECT_TRUE(explained) << testing::PrintToString(cpu_events);
}

TEST(RomProtection, StoreToFlashKeepsTheEmulatorsFaultReport) {
    // Flash is read-only for data in region 1 too, but the core does not raise that fault
    // (docs/hardware.md): the emulator's own check stops the run with its report, as before.
    ModemUnderTest m;
    ASSERT_TRUE(m.boot());
    ArmCpu& cpu = m.modem.machine().cpu();
    constexpr std::uint32_t kCode = 0x1020'0000u;                // RAM, executable
    const std::uint8_t str_r0_r1[4] = {0x00, 0x00, 0x81, 0xE5};  // str r0, [r1]
    ASSERT_TRUE(cpu.write_memory(kCode, str_r0_r1));
    cpu.set_register(1, 0x100);
    cpu.set_pc(kCode, false);
    cpu.wake();
    EXPECT_FALSE(m.at.wait_for("+WIND: 3", seconds(1)));
    ASSERT_TRUE(m.at.fault() && m.at.fault()->fault);
    EXPECT_EQ(m.at.fault()->fault->kind, FaultKind::Memory);
    EXPECT_EQ(m.at.fault()->fault->address, 0x100u);
    EXPECT_EQ(m.at.fault()->fault->pc, kCode);
}
