// FlashController — FLASHCTL: erasing and programming the 8 MiB NOR flash (page 0x8000_C000,
// IRQ line 7). hw/include/q2686_hw.h is the datasheet; docs/hardware.md "FLASHCTL".
//
// Registers: hw/registers.txt, the one description of offsets, access, reset values and
// writable bits (docs/hardware.md "FLASHCTL" shows them).
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
#include <span>

#include "peripherals/dma_port.h"
#include "peripherals/irq_line.h"
#include "peripherals/peripheral.h"
#include "peripherals/register_map.h"
#include "q2686_hw.h"

namespace q2686 {

// From hw/registers.txt (offset, name, access, reset value, writable bits).
inline constexpr auto kFlashControllerRegisters = Q2686_REGISTER_TABLE(Q2686_FLASHCTL_REGISTERS);

// The operation in flight (a plain value: the words to program are copied in, at most a sector).
struct FlashOperation {
    std::uint32_t op = 0;  // FLASH_OP_*, 0 when idle
    std::uint32_t address = 0;
    std::uint32_t word_count = 0;
    std::array<std::uint32_t, FLASH_SECTOR_BYTES / 4> words{};  // the values to program: [0, word_count)
    Cycles start = 0;
    Cycles end = 0;

    std::span<const std::uint32_t> data() const { return std::span(words).first(word_count); }
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

class FlashController final : public Peripheral<FlashController, FlashControllerState> {
public:
    // `ram`: where PROGRAM_BUFFER sources may be (external RAM). `array`: the flash itself,
    // raw bytes at CPU addresses (the controller applies the NOR rules).
    FlashController(CycleScheduler& scheduler, EventLog& events, ClockRate clock, DmaPort& ram, DmaPort& array,
                    IrqLine irq);
    ~FlashController() override;

    // Registers to their reset values; an operation in flight is cut as by a power loss.
    void reset(Cycles now);
    bool busy() const { return state_.operation.op != 0; }
    Cycles erase_cycles() const { return erase_cycles_; }
    Cycles word_cycles() const { return word_cycles_; }

private:
    friend Peripheral;
    std::uint32_t on_read(const RegisterSpec& reg, Cycles now);
    void on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now);
    void on_done(Cycles late);
    void command(std::uint32_t value, Cycles now);
    void refuse(std::uint32_t error, std::string_view why, Cycles now);
    void start(std::uint32_t op, std::uint32_t address, std::span<const std::uint32_t> words, Cycles duration,
               Cycles now);
    void finish(Cycles now);
    void interrupt(Cycles now);
    bool program(std::uint32_t address, std::span<const std::uint32_t> words);  // true: no MISMATCH
    void fill_sector(std::uint32_t address, std::uint8_t value);
    void update_irq();

    CycleScheduler& scheduler_;
    DmaPort& ram_;
    DmaPort& array_;
    IrqLine irq_;
    Cycles erase_cycles_;
    Cycles word_cycles_;
    TimedEvent done_;
};

}  // namespace q2686
