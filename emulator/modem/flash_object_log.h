// The flash-object log as the host reads it: hw/include/q2686_flash_objects.h's format
// decoded from the flash array, and records encoded for it. flash_objects.h builds the store
// (store, load, garbage collection) on top; the ROM's C code (rom-stubs/src/flash_store.c)
// follows the same rules, which docs/hardware.md "Flash objects" states:
//
//   - the active bank is the committed bank header (magic, version, commit word) with the
//     highest sequence number; none: the store is empty (unformatted);
//   - its records are walked from the header on: an erased word ends the log; a word that is
//     neither erased nor a record magic, or a record whose length is impossible, "seals" the
//     log there (nothing more is appended to this bank; the next write collects garbage);
//   - a record counts when its commit word is set and its CRC matches; later records replace
//     earlier ones of the same handle and ID; an erase record removes one ID or, with ID_ALL,
//     every ID of its handle.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "peripherals/dma_port.h"
#include "q2686_flash_objects.h"

namespace q2686 {

struct FlashObjectRecord {
    std::uint32_t address = 0;  // of the record header
    std::string handle;
    std::uint16_t id = 0;
    std::uint16_t flags = 0;
    std::uint32_t length = 0;  // data bytes
    bool committed = false;
    bool crc_ok = false;

    bool counts() const { return committed && crc_ok; }
    std::uint32_t data_address() const { return address + FLASHOBJ_RECORD_HEADER_SIZE; }
    std::uint32_t size() const { return flashobj_record_size(length); }  // on flash, padding included
};

struct FlashObjectLog {
    std::optional<unsigned> active_bank;     // none: no committed bank
    std::uint32_t sequence = 0;              // of the active bank
    std::uint32_t end = 0;                   // first free byte (absolute address) in the active bank
    bool sealed = false;                     // the log ends in something that is not a record
    std::vector<FlashObjectRecord> records;  // every record of the active bank, in order
    std::vector<FlashObjectRecord> live;     // the current version of each object, in log order

    std::uint32_t bank_base() const { return FLASHOBJ_BANK_BASE(active_bank.value_or(0)); }
    std::uint32_t free_bytes() const;  // room for appending (0 when sealed or unformatted)
    const FlashObjectRecord* find(std::string_view handle, std::uint16_t id) const;
};

// Reads the whole area through `flash` (absolute CPU addresses) and decodes it.
FlashObjectLog scan_flash_objects(DmaPort& flash);

// A bank header / record as bytes, ready to program. Without `committed` the commit word is
// left erased (0xFFFFFFFF), to be programmed last. The record's data is padded with 0xFF.
std::vector<std::uint8_t> encode_bank_header(std::uint32_t sequence, bool committed);
std::vector<std::uint8_t> encode_record(std::string_view handle, std::uint16_t id, std::uint16_t flags,
                                        std::span<const std::uint8_t> data, bool committed);

// A handle the format can hold: 1..15 characters, no NUL. The ROM accepts the same.
bool valid_flash_object_handle(std::string_view handle);

}  // namespace q2686
