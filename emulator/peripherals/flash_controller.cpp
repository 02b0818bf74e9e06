#include "peripherals/flash_controller.h"

#include <algorithm>
#include <bit>
#include <span>

#include <fmt/format.h>

namespace q2686 {

static_assert(is_well_formed(kFlashControllerRegisters));
// Words are moved to and from memory as host uint32_t: the guest and the host are little-endian.
static_assert(std::endian::native == std::endian::little);

namespace {
constexpr std::uint64_t kNsPerUs = 1000;

static_assert(FLASH_BASE_ADDRESS == 0, "flash addresses are offsets into the array");
bool inside_flash(std::uint32_t address, std::uint64_t length) {
    return address + length <= FLASH_SIZE_BYTES;
}

const char* op_name(std::uint32_t op) {
    switch (op) {
        case FLASH_OP_ERASE_SECTOR: return "erase";
        case FLASH_OP_PROGRAM_WORD: return "program word";
        case FLASH_OP_PROGRAM_BUFFER: return "program buffer";
    }
    return "?";
}
}  // namespace

FlashController::FlashController(CycleScheduler& scheduler, EventLog& events, ClockRate clock, DmaPort& ram,
                                 DmaPort& array, IrqLine irq)
    : Peripheral("flashctl", kFlashControllerRegisters, events),
      scheduler_(scheduler),
      ram_(ram),
      array_(array),
      irq_(irq),
      erase_cycles_(clock.from_ns(std::uint64_t{FLASH_ERASE_SECTOR_US} * kNsPerUs)),
      word_cycles_(clock.from_ns(std::uint64_t{FLASH_PROGRAM_WORD_US} * kNsPerUs)) {
    done_.bind<&FlashController::on_done>(this, "flashctl-done");
    update_irq();
}

FlashController::~FlashController() {
    scheduler_.cancel(done_);
}

void FlashController::update_irq() {
    irq_.set((state_.event & state_.irq_en) != 0);
}

void FlashController::reset(Cycles now) {
    if (busy()) interrupt(now);
    state_ = FlashControllerState{};
    update_irq();
}

std::uint32_t FlashController::on_read(const RegisterSpec& reg, Cycles) {
    switch (reg.offset) {
        case FLASH_STATUS: return state_.status | (busy() ? FLASH_STATUS_BUSY : 0);
        case FLASH_ADDR: return state_.addr;
        case FLASH_SRC: return state_.src;
        case FLASH_LEN: return state_.len;
        case FLASH_DATA: return state_.data;
        case FLASH_ERROR: return state_.error;
        case FLASH_EVENT: return state_.event;
        case FLASH_IRQ_EN: return state_.irq_en;
        case FLASH_SECTOR_SIZE: return FLASH_SECTOR_BYTES;
    }
    return 0;
}

// `value` holds only the register's writable bits (FLASH_EVENT, FLASH_IRQ_EN: DONE).
void FlashController::on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now) {
    switch (reg.offset) {
        case FLASH_ADDR: state_.addr = value; break;
        case FLASH_SRC: state_.src = value; break;
        case FLASH_LEN: state_.len = value; break;
        case FLASH_DATA: state_.data = value; break;
        case FLASH_CMD: command(value, now); break;
        case FLASH_EVENT: state_.event &= ~value; break;
        case FLASH_IRQ_EN: state_.irq_en = value; break;
    }
}

void FlashController::refuse(std::uint32_t error, std::string_view why, Cycles now) {
    state_.status |= FLASH_STATUS_ERROR;
    state_.error = error;
    state_.event |= FLASH_EVENT_DONE;
    regs_.guest_error(now, std::string(why));
}

void FlashController::command(std::uint32_t value, Cycles now) {
    if ((value & FLASH_CMD_KEY_MASK) != FLASH_CMD_KEY)
        return regs_.guest_error(now,
                                 fmt::format("FLASH_CMD {:#x} without the key {:#x}: ignored", value, FLASH_CMD_KEY));
    if (busy())
        return regs_.guest_error(
            now, fmt::format("FLASH_CMD {:#x} while busy with {}: ignored", value, op_name(state_.operation.op)));
    state_.status = 0;
    state_.error = FLASH_ERR_NONE;
    const std::uint32_t op = value & FLASH_OP_MASK;
    const std::uint32_t address = state_.addr;
    switch (op) {
        case FLASH_OP_ERASE_SECTOR:
            if (address % FLASH_SECTOR_BYTES != 0 || !inside_flash(address, FLASH_SECTOR_BYTES))
                return refuse(FLASH_ERR_ADDRESS, fmt::format("erase of {:#010x}: not a sector of the flash", address),
                              now);
            return start(op, address, {}, erase_cycles_, now);
        case FLASH_OP_PROGRAM_WORD:
            if (address % 4 != 0 || !inside_flash(address, 4))
                return refuse(FLASH_ERR_ADDRESS, fmt::format("program of {:#010x}: not a word of the flash", address),
                              now);
            return start(op, address, std::span(&state_.data, 1), word_cycles_, now);
        case FLASH_OP_PROGRAM_BUFFER: {
            const std::uint32_t length = state_.len;
            if (address % 4 != 0 || !inside_flash(address, 4))
                return refuse(FLASH_ERR_ADDRESS, fmt::format("program of {:#010x}: not a word of the flash", address),
                              now);
            if (length == 0 || length % 4 != 0 || length > FLASH_SECTOR_BYTES || !inside_flash(address, length))
                return refuse(
                    FLASH_ERR_LENGTH,
                    fmt::format("program of {} bytes at {:#010x}: need a multiple of 4, 4..{}, inside the flash",
                                length, address, FLASH_SECTOR_BYTES),
                    now);
            std::vector<std::uint32_t> words(length / 4);
            std::span<std::uint8_t> bytes(reinterpret_cast<std::uint8_t*>(words.data()), length);
            if (state_.src % 4 != 0 || !ram_.read(state_.src, bytes))
                return refuse(
                    FLASH_ERR_SOURCE,
                    fmt::format("program source {:#010x} +{}: not word-aligned external RAM", state_.src, length), now);
            const Cycles duration = word_cycles_ * words.size();
            return start(op, address, words, duration, now);
        }
    }
    refuse(FLASH_ERR_ADDRESS, fmt::format("FLASH_CMD {:#x}: unknown operation {}", value, op), now);
}

void FlashController::start(std::uint32_t op, std::uint32_t address, std::span<const std::uint32_t> words,
                            Cycles duration, Cycles now) {
    FlashOperation& o = state_.operation;
    o.op = op;
    o.address = address;
    o.word_count = static_cast<std::uint32_t>(words.size());
    std::copy(words.begin(), words.end(), o.words.begin());
    o.start = now;
    o.end = now + duration;
    scheduler_.schedule_at(done_, o.end);
    regs_.event(now, EventKind::Flash,
                op == FLASH_OP_ERASE_SECTOR
                    ? fmt::format("erase sector {:#010x}", address)
                    : fmt::format("{} {:#010x} +{} bytes", op_name(op), address, o.word_count * 4));
}

void FlashController::on_done(Cycles late) {
    finish(scheduler_.now() - late);
}

void FlashController::finish(Cycles now) {
    FlashOperation& o = state_.operation;
    if (o.op == FLASH_OP_ERASE_SECTOR) {
        fill_sector(o.address, 0xFF);
    } else if (!program(o.address, o.data())) {
        state_.status |= FLASH_STATUS_MISMATCH;
    }
    regs_.event(now, EventKind::Flash,
                fmt::format("{} {:#010x} done{}", op_name(o.op), o.address,
                            state_.status & FLASH_STATUS_MISMATCH ? " (mismatch: some bits were already 0)" : ""));
    o = FlashOperation{};
    state_.event |= FLASH_EVENT_DONE;
    update_irq();
}

void FlashController::interrupt(Cycles now) {
    FlashOperation& o = state_.operation;
    scheduler_.cancel(done_);
    if (o.op == FLASH_OP_ERASE_SECTOR) {
        fill_sector(o.address, 0x00);
        regs_.event(now, EventKind::Flash, fmt::format("erase {:#010x} interrupted: sector left all 0x00", o.address));
    } else {
        const Cycles elapsed = now > o.start ? now - o.start : 0;
        const std::size_t done = std::min<std::size_t>(o.word_count, elapsed / word_cycles_);
        program(o.address, o.data().first(done));
        regs_.event(now, EventKind::Flash,
                    fmt::format("{} {:#010x} interrupted: {} of {} words programmed", op_name(o.op), o.address, done,
                                o.word_count));
    }
    o = FlashOperation{};
}

bool FlashController::program(std::uint32_t address, std::span<const std::uint32_t> words) {
    if (words.empty()) return true;
    std::vector<std::uint32_t> cells(words.size());
    std::span<std::uint8_t> bytes(reinterpret_cast<std::uint8_t*>(cells.data()), cells.size() * 4);
    if (!array_.read(address, bytes)) return false;
    bool exact = true;
    for (std::size_t i = 0; i < words.size(); ++i) {
        exact = exact && (cells[i] & words[i]) == words[i];
        cells[i] &= words[i];  // NOR: a program pulse can only take bits from 1 to 0
    }
    array_.write(address, bytes);
    return exact;
}

void FlashController::fill_sector(std::uint32_t address, std::uint8_t value) {
    const std::vector<std::uint8_t> bytes(FLASH_SECTOR_BYTES, value);
    array_.write(address, bytes);
}

}  // namespace q2686
