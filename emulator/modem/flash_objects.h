// FlashObjects — the host's hand on the modem's flash-object store (Open AT "flash objects":
// a handle such as "TLS", IDs 0..n-1, up to 30 KiB each; docs/flash-objects.md).
//
// The CLI preloads objects with it before power-on (`--flash-object TLS:0=ca.pem`) and tests
// read back what the firmware wrote with adl_flhWrite. It speaks the on-flash format of
// hw/include/q2686_flash_objects.h (decoded by flash_object_log.h) with the same rules
// as the ROM: an object is written as a new record committed last, garbage collection copies
// the live objects to the spare bank, so the firmware finds exactly what it would have written
// itself.
//
// Host writes obey NOR rules (a program only clears bits; erase sets a sector to 0xFF) but
// take no virtual time: they stand for a factory programming station. They are refused
// (std::logic_error) while the firmware runs, because the ROM keeps an index of the objects in
// RAM that would go stale. Reads are allowed at any time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/event_log.h"
#include "modem/flash_object_log.h"
#include "peripherals/dma_port.h"
#include "time/cycle_scheduler.h"

namespace q2686 {

struct FlashObjectInfo {
    std::string handle;
    std::uint16_t id = 0;
    std::uint32_t size = 0;
    std::uint32_t address = 0;  // of its data in flash

    bool operator==(const FlashObjectInfo&) const = default;
};

class FlashObjects {
public:
    // `flash`: the flash array at CPU addresses. `firmware_running`: true while host writes
    // must be refused (may be empty: never).
    FlashObjects(DmaPort& flash, EventLog& events, const CycleScheduler& clock,
                 std::function<bool()> firmware_running = {});

    // Throws std::invalid_argument for a bad handle (1..15 characters), ID (0..65534) or size
    // (1..30 KiB), std::length_error when the store cannot hold it even after garbage
    // collection (or already holds FLASHOBJ_MAX_OBJECTS others), std::logic_error while the
    // firmware runs.
    void store(std::string_view handle, std::uint16_t id, std::span<const std::uint8_t> bytes);
    void store(std::string_view handle, std::uint16_t id, std::string_view text);
    // Removes one object, or every object of `handle` with FLASHOBJ_ID_ALL (nothing to remove:
    // nothing written).
    void erase(std::string_view handle, std::uint16_t id);

    std::optional<std::vector<std::uint8_t>> load(std::string_view handle, std::uint16_t id) const;
    std::vector<FlashObjectInfo> list() const;  // in log order
    FlashObjectLog scan() const { return scan_flash_objects(flash_); }

    // Factory state: the whole area erased (0xFF), no bank formatted.
    void erase_all();
    // Copies the live objects to the spare bank now (also done by store() when the bank is full).
    void collect_garbage();

private:
    void check_writable(const char* what) const;
    void append(std::string_view handle, std::uint16_t id, std::uint16_t flags, std::span<const std::uint8_t> data);
    void program(std::uint32_t address, std::span<const std::uint8_t> bytes);
    bool blank(std::uint32_t address, std::uint32_t length) const;
    void erase_bank(unsigned bank);
    void event(std::string text);

    DmaPort& flash_;
    EventLog& events_;
    const CycleScheduler& clock_;
    std::function<bool()> firmware_running_;
};

}  // namespace q2686
