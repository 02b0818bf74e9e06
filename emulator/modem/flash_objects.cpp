#include "modem/flash_objects.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "q2686_hw.h"

namespace q2686 {

FlashObjects::FlashObjects(DmaPort& flash, EventLog& events, const CycleScheduler& clock,
                           std::function<bool()> firmware_running)
    : flash_(flash), events_(events), clock_(clock), firmware_running_(std::move(firmware_running)) {}

void FlashObjects::event(std::string text) {
    events_.emit({clock_.now(), EventKind::Flash, "flash-objects", std::move(text)});
}

void FlashObjects::check_writable(const char* what) const {
    if (firmware_running_ && firmware_running_())
        throw std::logic_error(
            fmt::format("flash objects: cannot {} while the modem is on (the firmware indexes "
                        "them in RAM); switch it off first",
                        what));
}

void FlashObjects::program(std::uint32_t address, std::span<const std::uint8_t> bytes) {
    std::vector<std::uint8_t> cells(bytes.size());
    if (!flash_.read(address, cells))
        throw std::out_of_range(fmt::format("flash objects: {:#x} outside flash", address));
    for (std::size_t i = 0; i < cells.size(); ++i) cells[i] &= bytes[i];  // NOR: programming only clears bits
    flash_.write(address, cells);
}

bool FlashObjects::blank(std::uint32_t address, std::uint32_t length) const {
    std::vector<std::uint8_t> cells(length);
    return flash_.read(address, cells) &&
           std::all_of(cells.begin(), cells.end(), [](std::uint8_t b) { return b == 0xFF; });
}

// The sectors of a bank that are not blank, header sector first (so a cut leaves the bank
// without a valid header as soon as possible).
void FlashObjects::erase_bank(unsigned bank) {
    const std::vector<std::uint8_t> erased(FLASH_SECTOR_BYTES, 0xFF);
    for (std::uint32_t offset = 0; offset < FLASHOBJ_BANK_SIZE; offset += FLASH_SECTOR_BYTES) {
        const std::uint32_t sector = FLASHOBJ_BANK_BASE(bank) + offset;
        if (!blank(sector, FLASH_SECTOR_BYTES)) flash_.write(sector, erased);
    }
}

void FlashObjects::erase_all() {
    check_writable("erase the store");
    for (unsigned bank = 0; bank < FLASHOBJ_BANK_COUNT; ++bank) erase_bank(bank);
}

void FlashObjects::collect_garbage() {
    check_writable("collect garbage");
    const FlashObjectLog log = scan();
    const unsigned target = log.active_bank ? (*log.active_bank + 1) % FLASHOBJ_BANK_COUNT : 0;
    erase_bank(target);
    std::uint32_t at = FLASHOBJ_BANK_BASE(target) + FLASHOBJ_BANK_HEADER_SIZE;
    for (const FlashObjectRecord& record : log.live) {
        std::vector<std::uint8_t> bytes(record.size());
        flash_.read(record.address, bytes);
        program(at, bytes);
        at += record.size();
    }
    const std::uint32_t sequence = log.active_bank ? log.sequence + 1 : 1;
    program(FLASHOBJ_BANK_BASE(target), encode_bank_header(sequence, false));
    program(FLASHOBJ_BANK_BASE(target), encode_bank_header(sequence, true));  // commit last
    if (log.active_bank) erase_bank(*log.active_bank);
    event(fmt::format("bank {} (sequence {}) holds {} live object(s)", target, sequence, log.live.size()));
}

void FlashObjects::append(std::string_view handle, std::uint16_t id, std::uint16_t flags,
                          std::span<const std::uint8_t> data) {
    const std::uint32_t size = flashobj_record_size(static_cast<std::uint32_t>(data.size()));
    FlashObjectLog log = scan();
    if (log.free_bytes() < size || !blank(log.end, size)) {
        std::uint32_t live = 0;
        for (const auto& record : log.live) live += record.size();
        if (live + size > FLASHOBJ_BANK_SIZE - FLASHOBJ_BANK_HEADER_SIZE)
            throw std::length_error(fmt::format("flash objects: no room for {} bytes ({} of {} in use)", size, live,
                                                FLASHOBJ_BANK_SIZE - FLASHOBJ_BANK_HEADER_SIZE));
        collect_garbage();
        log = scan();
    }
    program(log.end, encode_record(handle, id, flags, data, false));
    program(log.end, encode_record(handle, id, flags, data, true));  // the commit word, last
}

void FlashObjects::store(std::string_view handle, std::uint16_t id, std::span<const std::uint8_t> bytes) {
    if (!valid_flash_object_handle(handle))
        throw std::invalid_argument(
            fmt::format("flash object handle '{}': expected 1..{} characters", handle, FLASHOBJ_HANDLE_MAX));
    if (id == FLASHOBJ_ID_ALL) throw std::invalid_argument(fmt::format("flash object ID {}: expected 0..65534", id));
    if (bytes.empty() || bytes.size() > FLASHOBJ_MAX_SIZE)
        throw std::invalid_argument(
            fmt::format("flash object {}:{}: {} bytes, expected 1..{}", handle, id, bytes.size(), FLASHOBJ_MAX_SIZE));
    check_writable("store objects");
    const FlashObjectLog log = scan();
    if (!log.find(handle, id) && log.live.size() >= FLASHOBJ_MAX_OBJECTS)
        throw std::length_error(
            fmt::format("flash objects: already {} objects, the most the ROM indexes", FLASHOBJ_MAX_OBJECTS));
    append(handle, id, FLASHOBJ_FLAG_DATA, bytes);
    event(fmt::format("stored {}:{} ({} bytes)", handle, id, bytes.size()));
}

void FlashObjects::store(std::string_view handle, std::uint16_t id, std::string_view text) {
    store(handle, id, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

void FlashObjects::erase(std::string_view handle, std::uint16_t id) {
    if (!valid_flash_object_handle(handle))
        throw std::invalid_argument(
            fmt::format("flash object handle '{}': expected 1..{} characters", handle, FLASHOBJ_HANDLE_MAX));
    check_writable("erase objects");
    const FlashObjectLog log = scan();
    const bool any = std::any_of(log.live.begin(), log.live.end(), [&](const FlashObjectRecord& r) {
        return r.handle == handle && (id == FLASHOBJ_ID_ALL || r.id == id);
    });
    if (!any) return;
    append(handle, id, FLASHOBJ_FLAG_ERASE, {});
    event(id == FLASHOBJ_ID_ALL ? fmt::format("erased every object of {}", handle)
                                : fmt::format("erased {}:{}", handle, id));
}

std::optional<std::vector<std::uint8_t>> FlashObjects::load(std::string_view handle, std::uint16_t id) const {
    const FlashObjectLog log = scan();
    const FlashObjectRecord* record = log.find(handle, id);
    if (!record) return std::nullopt;
    std::vector<std::uint8_t> bytes(record->length);
    flash_.read(record->data_address(), bytes);
    return bytes;
}

std::vector<FlashObjectInfo> FlashObjects::list() const {
    std::vector<FlashObjectInfo> out;
    for (const auto& record : scan().live)
        out.push_back({record.handle, record.id, record.length, record.data_address()});
    return out;
}

}  // namespace q2686
