#include "modem/flash_object_log.h"

#include <algorithm>
#include <cstring>

namespace q2686 {

namespace {

std::uint32_t get32(std::span<const std::uint8_t> bytes, std::size_t offset) {
    return static_cast<std::uint32_t>(bytes[offset]) | static_cast<std::uint32_t>(bytes[offset + 1]) << 8 |
           static_cast<std::uint32_t>(bytes[offset + 2]) << 16 | static_cast<std::uint32_t>(bytes[offset + 3]) << 24;
}
std::uint16_t get16(std::span<const std::uint8_t> bytes, std::size_t offset) {
    return static_cast<std::uint16_t>(bytes[offset] | bytes[offset + 1] << 8);
}
void put32(std::vector<std::uint8_t>& bytes, std::size_t offset, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}
void put16(std::vector<std::uint8_t>& bytes, std::size_t offset, std::uint16_t value) {
    bytes[offset] = static_cast<std::uint8_t>(value);
    bytes[offset + 1] = static_cast<std::uint8_t>(value >> 8);
}

// The CRC a record must carry: id, flags, length, handle bytes, data.
std::uint32_t record_crc(std::span<const std::uint8_t> header, std::span<const std::uint8_t> data) {
    std::uint32_t crc =
        flashobj_crc32(0, header.data() + FLASHOBJ_REC_OFF_ID, FLASHOBJ_REC_OFF_CRC - FLASHOBJ_REC_OFF_ID);
    crc = flashobj_crc32(crc, header.data() + FLASHOBJ_REC_OFF_HANDLE, FLASHOBJ_HANDLE_BYTES);
    return flashobj_crc32(crc, data.data(), data.size());
}

// The handle field as a string, or nullopt if it is not 1..15 characters, NUL-padded.
std::optional<std::string> handle_field(std::span<const std::uint8_t> header) {
    const auto* field = reinterpret_cast<const char*>(header.data() + FLASHOBJ_REC_OFF_HANDLE);
    const std::size_t length = strnlen(field, FLASHOBJ_HANDLE_BYTES);
    if (length == 0 || length > FLASHOBJ_HANDLE_MAX) return std::nullopt;
    return std::string(field, length);
}

void apply(std::vector<FlashObjectRecord>& live, const FlashObjectRecord& record) {
    auto same = [&](const FlashObjectRecord& r) {
        return r.handle == record.handle && (record.id == FLASHOBJ_ID_ALL || r.id == record.id);
    };
    std::erase_if(live, same);
    if (record.flags == FLASHOBJ_FLAG_DATA) live.push_back(record);
}

// The bank's sequence number if its header is committed.
std::optional<std::uint32_t> committed_sequence(std::span<const std::uint8_t> area, unsigned bank) {
    const auto header = area.subspan(bank * FLASHOBJ_BANK_SIZE, FLASHOBJ_BANK_HEADER_SIZE);
    if (get32(header, FLASHOBJ_BANK_OFF_MAGIC) != FLASHOBJ_BANK_MAGIC ||
        get32(header, FLASHOBJ_BANK_OFF_VERSION) != FLASHOBJ_VERSION ||
        get32(header, FLASHOBJ_BANK_OFF_COMMIT) != FLASHOBJ_COMMIT)
        return std::nullopt;
    return get32(header, FLASHOBJ_BANK_OFF_SEQUENCE);
}

void walk(std::span<const std::uint8_t> bank, std::uint32_t base, FlashObjectLog& log) {
    std::uint32_t offset = FLASHOBJ_BANK_HEADER_SIZE;
    while (offset + 4 <= bank.size()) {
        const std::uint32_t magic = get32(bank, offset);
        if (magic == FLASHOBJ_ERASED_WORD) break;
        const std::uint32_t room = static_cast<std::uint32_t>(bank.size()) - offset;
        if (magic != FLASHOBJ_RECORD_MAGIC || room < FLASHOBJ_RECORD_HEADER_SIZE) {
            log.sealed = true;
            break;
        }
        const auto header = bank.subspan(offset, FLASHOBJ_RECORD_HEADER_SIZE);
        const std::uint32_t length = get32(header, FLASHOBJ_REC_OFF_LENGTH);
        if (length > FLASHOBJ_MAX_SIZE || flashobj_record_size(length) > room) {
            log.sealed = true;
            break;
        }
        FlashObjectRecord record;
        record.address = base + offset;
        record.id = get16(header, FLASHOBJ_REC_OFF_ID);
        record.flags = get16(header, FLASHOBJ_REC_OFF_FLAGS);
        record.length = length;
        record.committed = get32(header, FLASHOBJ_REC_OFF_COMMIT) == FLASHOBJ_COMMIT;
        const auto handle = handle_field(header);
        record.handle = handle.value_or("");
        record.crc_ok = handle && record.flags <= FLASHOBJ_FLAG_ERASE &&
                        record_crc(header, bank.subspan(offset + FLASHOBJ_RECORD_HEADER_SIZE, length)) ==
                            get32(header, FLASHOBJ_REC_OFF_CRC);
        if (record.counts()) apply(log.live, record);
        log.records.push_back(std::move(record));
        offset += flashobj_record_size(length);
    }
    log.end = base + offset;
}

}  // namespace

std::uint32_t FlashObjectLog::free_bytes() const {
    if (!active_bank || sealed) return 0;
    return bank_base() + FLASHOBJ_BANK_SIZE - end;
}

const FlashObjectRecord* FlashObjectLog::find(std::string_view handle, std::uint16_t id) const {
    for (const auto& record : live)
        if (record.handle == handle && record.id == id) return &record;
    return nullptr;
}

FlashObjectLog scan_flash_objects(DmaPort& flash) {
    std::vector<std::uint8_t> area(FLASHOBJ_AREA_SIZE);
    FlashObjectLog log;
    if (!flash.read(FLASHOBJ_AREA_BASE, area)) return log;
    for (unsigned bank = 0; bank < FLASHOBJ_BANK_COUNT; ++bank) {
        const auto sequence = committed_sequence(area, bank);
        if (sequence && (!log.active_bank || *sequence > log.sequence)) {
            log.active_bank = bank;
            log.sequence = *sequence;
        }
    }
    if (log.active_bank)
        walk(std::span<const std::uint8_t>(area).subspan(*log.active_bank * FLASHOBJ_BANK_SIZE, FLASHOBJ_BANK_SIZE),
             log.bank_base(), log);
    return log;
}

std::vector<std::uint8_t> encode_bank_header(std::uint32_t sequence, bool committed) {
    std::vector<std::uint8_t> bytes(FLASHOBJ_BANK_HEADER_SIZE, 0xFF);
    put32(bytes, FLASHOBJ_BANK_OFF_MAGIC, FLASHOBJ_BANK_MAGIC);
    put32(bytes, FLASHOBJ_BANK_OFF_VERSION, FLASHOBJ_VERSION);
    put32(bytes, FLASHOBJ_BANK_OFF_SEQUENCE, sequence);
    if (committed) put32(bytes, FLASHOBJ_BANK_OFF_COMMIT, FLASHOBJ_COMMIT);
    return bytes;
}

std::vector<std::uint8_t> encode_record(std::string_view handle, std::uint16_t id, std::uint16_t flags,
                                        std::span<const std::uint8_t> data, bool committed) {
    std::vector<std::uint8_t> bytes(flashobj_record_size(static_cast<std::uint32_t>(data.size())), 0xFF);
    put32(bytes, FLASHOBJ_REC_OFF_MAGIC, FLASHOBJ_RECORD_MAGIC);
    put16(bytes, FLASHOBJ_REC_OFF_ID, id);
    put16(bytes, FLASHOBJ_REC_OFF_FLAGS, flags);
    put32(bytes, FLASHOBJ_REC_OFF_LENGTH, static_cast<std::uint32_t>(data.size()));
    std::fill_n(bytes.begin() + FLASHOBJ_REC_OFF_HANDLE, FLASHOBJ_HANDLE_BYTES, 0);
    std::copy(handle.begin(), handle.end(), bytes.begin() + FLASHOBJ_REC_OFF_HANDLE);
    std::copy(data.begin(), data.end(), bytes.begin() + FLASHOBJ_RECORD_HEADER_SIZE);
    put32(bytes, FLASHOBJ_REC_OFF_CRC,
          record_crc(std::span<const std::uint8_t>(bytes).first(FLASHOBJ_RECORD_HEADER_SIZE), data));
    if (committed) put32(bytes, FLASHOBJ_REC_OFF_COMMIT, FLASHOBJ_COMMIT);
    return bytes;
}

bool valid_flash_object_handle(std::string_view handle) {
    return !handle.empty() && handle.size() <= FLASHOBJ_HANDLE_MAX && handle.find('\0') == std::string_view::npos;
}

}  // namespace q2686
