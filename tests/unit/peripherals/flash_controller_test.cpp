// FlashController (FLASHCTL): NOR erase/program semantics, virtual-time durations, BUSY/DONE,
// refused commands, and what a power cut leaves behind.
#include "peripherals/flash_controller.h"

#include <gtest/gtest.h>

#include "fake_memory.h"
#include "peripheral_test_support.h"
#include "peripherals/interrupt_controller.h"

using namespace q2686;

namespace {
constexpr std::uint32_t kRam = 0x10000000;
constexpr std::uint32_t kSector = 0x00710000;

struct FlashBench {
    EventLog log;
    test::EventCapture events{log};
    CycleScheduler scheduler;
    InterruptController intc{log};
    test::FakeMemory ram{kRam, 0x20000};
    test::FakeMemory flash{0, FLASH_SIZE_BYTES, 0xFF};
    FlashController ctl{scheduler, log, ClockRate{}, ram, flash, intc.line(Q2686_IRQ_FLASHCTL)};

    FlashBench() { intc.write(INTC_ENABLE_SET, 4, 1u << Q2686_IRQ_FLASHCTL, 0); }
    std::uint32_t rd(std::uint32_t offset) { return ctl.read(offset, 4, scheduler.now()); }
    void wr(std::uint32_t offset, std::uint32_t value) { ctl.write(offset, 4, value, scheduler.now()); }
    void cmd(std::uint32_t op) { wr(FLASH_CMD, FLASH_CMD_KEY | op); }
    void program_word(std::uint32_t address, std::uint32_t value) {
        wr(FLASH_ADDR, address);
        wr(FLASH_DATA, value);
        cmd(FLASH_OP_PROGRAM_WORD);
    }
    void run_for(Cycles cycles) { test::run_until(scheduler, scheduler.now() + cycles); }
    void finish() { run_for(ctl.erase_cycles() * 2); }
};
}  // namespace

TEST(FlashController, TypicalNorTimesAtTheCoreClock) {
    FlashBench b;
    EXPECT_EQ(b.ctl.erase_cycles(), 83'200'000u);  // 0.8 s at 104 MHz
    EXPECT_EQ(b.ctl.word_cycles(), 2080u);         // 20 us
    EXPECT_EQ(b.rd(FLASH_SECTOR_SIZE), 0x10000u);
}

TEST(FlashController, EraseIsBusyForEightHundredMillisecondsThenSetsTheSectorToFF) {
    FlashBench b;
    std::fill_n(b.flash.bytes.begin() + kSector, FLASH_SECTOR_BYTES, 0x00);
    b.wr(FLASH_ADDR, kSector);
    b.cmd(FLASH_OP_ERASE_SECTOR);
    EXPECT_EQ(b.rd(FLASH_STATUS), FLASH_STATUS_BUSY);
    b.run_for(b.ctl.erase_cycles() - 1);
    EXPECT_EQ(b.rd(FLASH_STATUS), FLASH_STATUS_BUSY);
    EXPECT_EQ(b.flash.word(kSector), 0u) << "the array changes at the end";
    EXPECT_FALSE(b.intc.irq_asserted());
    b.run_for(1);
    EXPECT_EQ(b.rd(FLASH_STATUS), 0u);
    EXPECT_EQ(b.flash.word(kSector), 0xFFFFFFFFu);
    EXPECT_EQ(b.flash.word(kSector + FLASH_SECTOR_BYTES - 4), 0xFFFFFFFFu);
    EXPECT_EQ(b.flash.word(kSector + FLASH_SECTOR_BYTES), 0xFFFFFFFFu);  // the next sector untouched
    EXPECT_EQ(b.rd(FLASH_EVENT), FLASH_EVENT_DONE);
    EXPECT_FALSE(b.intc.irq_asserted()) << "IRQ_EN is clear";
    b.wr(FLASH_IRQ_EN, FLASH_EVENT_DONE);
    EXPECT_TRUE(b.intc.irq_asserted());
    b.wr(FLASH_EVENT, FLASH_EVENT_DONE);
    EXPECT_FALSE(b.intc.irq_asserted());
}

TEST(FlashController, ProgrammingOnlyClearsBits) {
    FlashBench b;
    b.program_word(kSector, 0x12345678);
    b.finish();
    EXPECT_EQ(b.flash.word(kSector), 0x12345678u);
    EXPECT_EQ(b.rd(FLASH_STATUS), 0u);
    b.program_word(kSector, 0xFFFF00FF);  // wants bits back at 1: the array keeps old & value
    b.finish();
    EXPECT_EQ(b.flash.word(kSector), 0x12340078u);
    EXPECT_EQ(b.rd(FLASH_STATUS), FLASH_STATUS_MISMATCH);
}

TEST(FlashController, BufferProgramTakesTwentyMicrosecondsPerWordAndCopiesTheSourceAtOnce) {
    FlashBench b;
    for (std::uint32_t i = 0; i < 64; ++i) b.ram.set_word(kRam + 4 * i, 0xA5000000 | i);
    b.wr(FLASH_ADDR, kSector + 0x100);
    b.wr(FLASH_SRC, kRam);
    b.wr(FLASH_LEN, 256);
    b.cmd(FLASH_OP_PROGRAM_BUFFER);
    b.ram.set_word(kRam, 0);  // the buffer may be reused at once
    b.run_for(64 * b.ctl.word_cycles() - 1);
    EXPECT_TRUE(b.ctl.busy());
    b.run_for(1);
    EXPECT_FALSE(b.ctl.busy());
    for (std::uint32_t i = 0; i < 64; ++i) EXPECT_EQ(b.flash.word(kSector + 0x100 + 4 * i), 0xA5000000u | i);
}

TEST(FlashController, CommandWhileBusyOrWithoutTheKeyIsIgnored) {
    FlashBench b;
    b.program_word(kSector, 0);
    b.program_word(kSector + 4, 0);          // busy: ignored
    b.wr(FLASH_CMD, FLASH_OP_ERASE_SECTOR);  // no key
    EXPECT_EQ(b.events.count(EventKind::GuestError), 2u);
    b.finish();
    EXPECT_EQ(b.flash.word(kSector), 0u);
    EXPECT_EQ(b.flash.word(kSector + 4), 0xFFFFFFFFu);
}

TEST(FlashController, BadCommandsEndAtOnceWithAnErrorCode) {
    FlashBench b;
    b.wr(FLASH_IRQ_EN, FLASH_EVENT_DONE);
    b.wr(FLASH_ADDR, kSector + 4);
    b.cmd(FLASH_OP_ERASE_SECTOR);  // not sector-aligned
    EXPECT_EQ(b.rd(FLASH_STATUS), FLASH_STATUS_ERROR);
    EXPECT_EQ(b.rd(FLASH_ERROR), FLASH_ERR_ADDRESS);
    EXPECT_TRUE(b.intc.irq_asserted()) << "DONE wakes a waiting driver";
    b.wr(FLASH_EVENT, FLASH_EVENT_DONE);

    b.wr(FLASH_ADDR, kSector);
    b.wr(FLASH_SRC, kRam);
    b.wr(FLASH_LEN, 6);
    b.cmd(FLASH_OP_PROGRAM_BUFFER);
    EXPECT_EQ(b.rd(FLASH_ERROR), FLASH_ERR_LENGTH);
    b.wr(FLASH_LEN, 8);
    b.wr(FLASH_SRC, 0x00900000);  // DTCM: no DMA path
    b.cmd(FLASH_OP_PROGRAM_BUFFER);
    EXPECT_EQ(b.rd(FLASH_ERROR), FLASH_ERR_SOURCE);
    b.wr(FLASH_ADDR, FLASH_SIZE_BYTES - 4);
    b.wr(FLASH_SRC, kRam);
    b.cmd(FLASH_OP_PROGRAM_BUFFER);
    EXPECT_EQ(b.rd(FLASH_ERROR), FLASH_ERR_LENGTH) << "past the end of flash";
    EXPECT_EQ(b.events.count(EventKind::GuestError), 4u);
    EXPECT_FALSE(b.ctl.busy());

    b.program_word(kSector, 0x0);  // a good command clears ERROR
    EXPECT_EQ(b.rd(FLASH_STATUS), FLASH_STATUS_BUSY);
    EXPECT_EQ(b.rd(FLASH_ERROR), FLASH_ERR_NONE);
}

TEST(FlashController, PowerCutDuringProgramKeepsTheWordsAlreadyProgrammed) {
    FlashBench b;
    for (std::uint32_t i = 0; i < 16; ++i) b.ram.set_word(kRam + 4 * i, i);
    b.wr(FLASH_ADDR, kSector);
    b.wr(FLASH_SRC, kRam);
    b.wr(FLASH_LEN, 64);
    b.cmd(FLASH_OP_PROGRAM_BUFFER);
    b.run_for(5 * b.ctl.word_cycles() + 100);
    b.ctl.reset(b.scheduler.now());
    EXPECT_FALSE(b.ctl.busy());
    for (std::uint32_t i = 0; i < 5; ++i) EXPECT_EQ(b.flash.word(kSector + 4 * i), i);
    for (std::uint32_t i = 5; i < 16; ++i) EXPECT_EQ(b.flash.word(kSector + 4 * i), 0xFFFFFFFFu) << i;
    b.finish();
    EXPECT_EQ(b.flash.word(kSector + 20), 0xFFFFFFFFu) << "nothing completes after the cut";
    EXPECT_EQ(b.rd(FLASH_EVENT), 0u);
}

TEST(FlashController, PowerCutDuringEraseLeavesTheSectorPreprogrammedToZero) {
    FlashBench b;
    b.flash.set_word(kSector, 0x12345678);
    b.wr(FLASH_ADDR, kSector);
    b.cmd(FLASH_OP_ERASE_SECTOR);
    b.run_for(b.ctl.erase_cycles() / 2);
    b.ctl.reset(b.scheduler.now());
    EXPECT_EQ(b.flash.word(kSector), 0u);
    EXPECT_EQ(b.flash.word(kSector + FLASH_SECTOR_BYTES - 4), 0u);
    EXPECT_EQ(b.flash.word(kSector + FLASH_SECTOR_BYTES), 0xFFFFFFFFu);
    ASSERT_NE(b.events.last(EventKind::Flash), nullptr);
    EXPECT_NE(b.events.last(EventKind::Flash)->text.find("interrupted"), std::string::npos);
}
