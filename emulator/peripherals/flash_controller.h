// FlashController — FLASHCTL: erasing and programming the 8 MiB NOR flash (page 0x8000_C000,
// IRQ line 7). hw/include/q2686_hw.h is the datasheet; docs/hardware.md "FLASHCTL".
//
//   offset  register           access  reset    meaning
//   0x00    FLASH_STATUS       RO      0        BUSY (0), ERROR (1), MISMATCH (2)
//   0x04    FLASH_ADDR         RW      0        target flash address
//   0x08    FLASH_SRC          RW      0        RAM source of PROGRAM_BUFFER
//   0x0C    FLASH_LEN          RW      0        bytes of PROGRAM_BUFFER (4..65536, multiple of 4)
//   0x10    FLASH_DATA         RW      0        the word of PROGRAM_WORD
//   0x14    FLASH_CMD          WO      -        "FL" key (31:16) | ERASE_SECTOR 1, PROGRAM_WORD 2,
//                                               PROGRAM_BUFFER 3
//   0x18    FLASH_ERROR        RO      0        ADDRESS 1, SOURCE 2, LENGTH 3 (last command)
//   0x1C    FLASH_EVENT        W1C     0        DONE (0)
//   0x20    FLASH_IRQ_EN       RW      0        FLASH_EVENT bits that drive the IRQ line
//   0x24    FLASH_SECTOR_SIZE  RO      65536
//
// NOR semantics: erase sets a 64 KiB sector to 0xFF; programming only clears bits, the array
// keeps old & value, and STATUS.MISMATCH reports a program that wanted a 0 bit back at 1
// (as a real part's verify would fail). PROGRAM_BUFFER copies its source from RAM when the
// command is written — the controller's write buffer — so the RAM can be reused at once.
//
// Timing (virtual): FLASH_ERASE_SECTOR_US (0.8 s) per erase and FLASH_PROGRAM_WORD_US (20 µs)
// per 32-bit word, the typical figures of a NOR part of the Q2686's time (Numonyx M29W400D
// datasheet, table 4: 64 KB block erase 0.8 s, x16 program 10 µs). STATUS.BUSY is set until
// then; at the end the array changes, BUSY clears and EVENT.DONE is raised. The CPU sees the
// old contents until the end.
//
// Power cut or reset while BUSY (reset(), called by the modem's power-off and resets): a
// program keeps the words whose 20 µs had elapsed, in address order; an erase leaves its
// sector all 0x00 (a NOR erase pre-programs every cell to 0 before erasing; a real part left
// there holds an undefined mix — all zeros is the deterministic stand-in). Either way the
// firmware's data structures must cope: docs/hardware.md "Flash objects".
//
// Guest errors (logged, never fatal): a command without the key or while BUSY (ignored); a
// bad address, source or length (the command ends at once with STATUS.ERROR and a
// FLASH_ERR_* code, and raises DONE so a waiting driver wakes).
// Events (EventKind::Flash): each command accepted, each end, each interruption.
//
// Known inaccuracies:
//   - any flash address may be erased or programmed, the running firmware's own code included
//     (no sector locking), and the CPU may read every bank while an operation runs (like a
//     multi-partition read-while-write part; a single-bank NOR returns status bits instead).
//   - no erase/program suspend, no wear or endurance limits, times are always "typical".
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "bus/mmio_bus.h"
#include "peripherals/dma_port.h"
#include "peripherals/irq_line.h"
#include "peripherals/register_map.h"
#include "q2686_hw.h"

namespace q2686 {

// clang-format off
inline constexpr std::array<RegisterSpec, 10> kFlashControllerRegisters = {{
    {FLASH_STATUS,      "FLASH_STATUS",      RegisterAccess::ReadOnly,        0},
    {FLASH_ADDR,        "FLASH_ADDR",        RegisterAccess::ReadWrite,       0},
    {FLASH_SRC,         "FLASH_SRC",         RegisterAccess::ReadWrite,       0},
    {FLASH_LEN,         "FLASH_LEN",         RegisterAccess::ReadWrite,       0},
    {FLASH_DATA,        "FLASH_DATA",        RegisterAccess::ReadWrite,       0},
    {FLASH_CMD,         "FLASH_CMD",         RegisterAccess::WriteOnly,       0},
    {FLASH_ERROR,       "FLASH_ERROR",       RegisterAccess::ReadOnly,        0},
    {FLASH_EVENT,       "FLASH_EVENT",       RegisterAccess::WriteOneToClear, 0},
    {FLASH_IRQ_EN,      "FLASH_IRQ_EN",      RegisterAccess::ReadWrite,       0},
    {FLASH_SECTOR_SIZE, "FLASH_SECTOR_SIZE", RegisterAccess::ReadOnly,        FLASH_SECTOR_BYTES},
}};
// clang-format on

// The operation in flight.
struct FlashOperation {
    std::uint32_t op = 0;  // FLASH_OP_*, 0 when idle
    std::uint32_t address = 0;
    std::vector<std::uint32_t> words;  // the values to program
    Cycles start = 0;
    Cycles end = 0;
};

struct FlashControllerState {
    std::uint32_t addr = 0;
    std::uint32_t src = 0;
    std::uint32_t len = 0;
    std::uint32_t data = 0;
    std::uint32_t status = 0;  // ERROR | MISMATCH (BUSY comes from the operation)
    std::uint32_t error = FLASH_ERR_NONE;
    std::uint32_t event = 0;
    std::uint32_t irq_en = 0;
    FlashOperation operation;
};

class FlashController final : public MmioDevice {
public:
    // `ram`: where PROGRAM_BUFFER sources may be (external RAM). `array`: the flash itself,
    // raw bytes at CPU addresses (the controller applies the NOR rules).
    FlashController(CycleScheduler& scheduler, EventLog& events, ClockRate clock, DmaPort& ram, DmaPort& array,
                    IrqLine irq);
    FlashController(const FlashController&) = delete;
    FlashController& operator=(const FlashController&) = delete;
    ~FlashController() override;

    std::string_view name() const override { return "flashctl"; }
    std::uint32_t read(std::uint32_t offset, unsigned size, Cycles now) override;
    void write(std::uint32_t offset, unsigned size, std::uint32_t value, Cycles now) override;

    // Registers to their reset values; an operation in flight is cut as by a power loss.
    void reset(Cycles now);
    bool busy() const { return state_.operation.op != 0; }
    Cycles erase_cycles() const { return erase_cycles_; }
    Cycles word_cycles() const { return word_cycles_; }
    const FlashControllerState& state() const { return state_; }

private:
    static void on_done(void* context, Cycles late);
    void command(std::uint32_t value, Cycles now);
    void refuse(std::uint32_t error, std::string_view why, Cycles now);
    void start(std::uint32_t op, std::uint32_t address, std::vector<std::uint32_t> words, Cycles duration, Cycles now);
    void finish(Cycles now);
    void interrupt(Cycles now);
    bool program(std::uint32_t address, std::span<const std::uint32_t> words);  // true: no MISMATCH
    void fill_sector(std::uint32_t address, std::uint8_t value);
    void update_irq();

    CycleScheduler& scheduler_;
    RegisterDecoder regs_;
    DmaPort& ram_;
    DmaPort& array_;
    IrqLine irq_;
    Cycles erase_cycles_;
    Cycles word_cycles_;
    FlashControllerState state_;
    TimedEvent done_;
};

}  // namespace q2686
