/* flash_store.c — the flash-object log on the ROM side: q2686_flash_objects.h's format, with
 * the same rules as the host's reader (emulator/modem/flash_object_log.h; docs/hardware.md
 * "Flash objects"):
 *   - the active bank is the committed one with the highest sequence number;
 *   - a record counts when committed and its CRC matches; later ones replace earlier ones;
 *   - something that is neither erased nor a plausible record seals the log: the next write
 *     collects garbage first.
 * Every write programs the header (commit word still erased), then the data, then the commit
 * word; garbage collection copies the live records to the other bank, commits that bank's
 * header, then erases the old bank. A power cut leaves the old or the new state.
 *
 * The flash is read in place (it is mapped at its own address); the live objects' record
 * addresses are indexed in RAM at the first call after each boot. */
#include <string.h>

#include "adl.h"
#include "flash_store.h"
#include "hw.h"
#include "q2686_flash_objects.h"

static struct {
    bool mounted;
    bool formatted; /* a committed bank exists */
    bool sealed;
    unsigned bank;
    uint32_t sequence;
    uint32_t end; /* first free byte of the active bank */
    unsigned count;
    uint32_t live[FLASHOBJ_MAX_OBJECTS]; /* record addresses, in log order */
} store;

static uint32_t word_at(uint32_t address) { return *(const volatile uint32_t*)address; }
static uint16_t half_at(uint32_t address) { return *(const volatile uint16_t*)address; }
static const char* handle_of(uint32_t record) { return (const char*)(record + FLASHOBJ_REC_OFF_HANDLE); }
static uint32_t length_of(uint32_t record) { return word_at(record + FLASHOBJ_REC_OFF_LENGTH); }
static bool is_handle(uint32_t record, const char* handle) {
    return strncmp(handle_of(record), handle, FLASHOBJ_HANDLE_BYTES) == 0;
}

/* CRC over id, flags, length, the handle field and the data, as the format says. */
static uint32_t record_crc(const uint8_t* header, const uint8_t* data, uint32_t length) {
    uint32_t crc = flashobj_crc32(0, header + FLASHOBJ_REC_OFF_ID, FLASHOBJ_REC_OFF_CRC - FLASHOBJ_REC_OFF_ID);
    crc = flashobj_crc32(crc, header + FLASHOBJ_REC_OFF_HANDLE, FLASHOBJ_HANDLE_BYTES);
    return flashobj_crc32(crc, data, length);
}

static bool record_counts(uint32_t record, uint32_t length) {
    const size_t handle_length = strnlen(handle_of(record), FLASHOBJ_HANDLE_BYTES);
    return word_at(record + FLASHOBJ_REC_OFF_COMMIT) == FLASHOBJ_COMMIT && handle_length >= 1 &&
           handle_length <= FLASHOBJ_HANDLE_MAX && half_at(record + FLASHOBJ_REC_OFF_FLAGS) <= FLASHOBJ_FLAG_ERASE &&
           record_crc((const uint8_t*)record, (const uint8_t*)(record + FLASHOBJ_RECORD_HEADER_SIZE), length) ==
               word_at(record + FLASHOBJ_REC_OFF_CRC);
}

/* A counted record: it replaces (or, as a tombstone, removes) the versions before it. */
static void index_apply(uint32_t record) {
    const uint16_t id = half_at(record + FLASHOBJ_REC_OFF_ID);
    unsigned kept = 0;
    for (unsigned i = 0; i < store.count; ++i) {
        const uint32_t other = store.live[i];
        const bool same = is_handle(other, handle_of(record)) &&
                          (id == FLASHOBJ_ID_ALL || half_at(other + FLASHOBJ_REC_OFF_ID) == id);
        if (!same) store.live[kept++] = other;
    }
    store.count = kept;
    if (half_at(record + FLASHOBJ_REC_OFF_FLAGS) == FLASHOBJ_FLAG_DATA && store.count < FLASHOBJ_MAX_OBJECTS)
        store.live[store.count++] = record;
}

static void mount(void) {
    memset(&store, 0, sizeof store);
    store.mounted = true;
    for (unsigned bank = 0; bank < FLASHOBJ_BANK_COUNT; ++bank) {
        const uint32_t base = FLASHOBJ_BANK_BASE(bank);
        if (word_at(base + FLASHOBJ_BANK_OFF_MAGIC) != FLASHOBJ_BANK_MAGIC ||
            word_at(base + FLASHOBJ_BANK_OFF_VERSION) != FLASHOBJ_VERSION ||
            word_at(base + FLASHOBJ_BANK_OFF_COMMIT) != FLASHOBJ_COMMIT)
            continue;
        const uint32_t sequence = word_at(base + FLASHOBJ_BANK_OFF_SEQUENCE);
        if (!store.formatted || sequence > store.sequence) {
            store.formatted = true;
            store.bank = bank;
            store.sequence = sequence;
        }
    }
    if (!store.formatted) return;
    const uint32_t limit = FLASHOBJ_BANK_BASE(store.bank) + FLASHOBJ_BANK_SIZE;
    uint32_t at = FLASHOBJ_BANK_BASE(store.bank) + FLASHOBJ_BANK_HEADER_SIZE;
    while (at + 4u <= limit) {
        const uint32_t magic = word_at(at);
        if (magic == FLASHOBJ_ERASED_WORD) break;
        if (magic != FLASHOBJ_RECORD_MAGIC || limit - at < FLASHOBJ_RECORD_HEADER_SIZE) {
            store.sealed = true;
            break;
        }
        const uint32_t length = length_of(at);
        if (length > FLASHOBJ_MAX_SIZE || flashobj_record_size(length) > limit - at) {
            store.sealed = true;
            break;
        }
        if (record_counts(at, length)) index_apply(at);
        at += flashobj_record_size(length);
    }
    store.end = at;
}

static void ensure_mounted(void) {
    if (!store.mounted) mount();
}

/* The sectors of `bank` that are not blank, header sector first. */
static int erase_bank(unsigned bank) {
    for (uint32_t offset = 0; offset < FLASHOBJ_BANK_SIZE; offset += FLASH_SECTOR_BYTES) {
        const uint32_t sector = FLASHOBJ_BANK_BASE(bank) + offset;
        if (!flash_blank(sector, FLASH_SECTOR_BYTES) && flashctl_erase_sector(sector)) return FSTORE_FAULT;
    }
    return FSTORE_OK;
}

static int collect_garbage(void) {
    const unsigned target = store.formatted ? (store.bank + 1u) % FLASHOBJ_BANK_COUNT : 0u;
    const uint32_t base = FLASHOBJ_BANK_BASE(target);
    const uint32_t sequence = store.formatted ? store.sequence + 1u : 1u;
    adl_trace("flash objects: collecting garbage");
    if (erase_bank(target)) return FSTORE_FAULT;
    uint32_t at = base + FLASHOBJ_BANK_HEADER_SIZE;
    for (unsigned i = 0; i < store.count; ++i) {
        const uint32_t size = flashobj_record_size(length_of(store.live[i]));
        if (flashctl_program(at, (const void*)store.live[i], size)) return FSTORE_FAULT;
        store.live[i] = at;
        at += size;
    }
    const uint32_t header[3] = {FLASHOBJ_BANK_MAGIC, FLASHOBJ_VERSION, sequence};
    if (flashctl_program(base, header, sizeof header) ||
        flashctl_program_word(base + FLASHOBJ_BANK_OFF_COMMIT, FLASHOBJ_COMMIT))
        return FSTORE_FAULT;
    const bool had_bank = store.formatted;
    const unsigned old = store.bank;
    store.formatted = true;
    store.sealed = false;
    store.bank = target;
    store.sequence = sequence;
    store.end = at;
    return had_bank ? erase_bank(old) : FSTORE_OK;
}

bool fstore_find(const char* handle, uint16_t id, const uint8_t** data, uint32_t* length) {
    ensure_mounted();
    for (unsigned i = 0; i < store.count; ++i) {
        const uint32_t record = store.live[i];
        if (is_handle(record, handle) && half_at(record + FLASHOBJ_REC_OFF_ID) == id) {
            *data = (const uint8_t*)(record + FLASHOBJ_RECORD_HEADER_SIZE);
            *length = length_of(record);
            return true;
        }
    }
    return false;
}

unsigned fstore_count(const char* handle) {
    ensure_mounted();
    unsigned n = 0;
    for (unsigned i = 0; i < store.count; ++i) n += is_handle(store.live[i], handle);
    return n;
}

uint32_t fstore_free_bytes(void) {
    ensure_mounted();
    if (!store.formatted) return FLASHOBJ_BANK_SIZE - FLASHOBJ_BANK_HEADER_SIZE;
    if (store.sealed) return 0;
    return FLASHOBJ_BANK_BASE(store.bank) + FLASHOBJ_BANK_SIZE - store.end;
}

static bool room_for(uint32_t size) {
    return store.formatted && !store.sealed && fstore_free_bytes() >= size && flash_blank(store.end, size);
}

static int append(const char* handle, uint16_t id, uint16_t flags, const uint8_t* data, uint32_t length) {
    const uint32_t size = flashobj_record_size(length);
    if (!room_for(size)) {
        uint32_t live = 0;
        for (unsigned i = 0; i < store.count; ++i) live += flashobj_record_size(length_of(store.live[i]));
        if (live + size > FLASHOBJ_BANK_SIZE - FLASHOBJ_BANK_HEADER_SIZE) return FSTORE_FULL;
        const int result = collect_garbage();
        if (result) return result;
    }
    uint8_t header[FLASHOBJ_RECORD_HEADER_SIZE];
    memset(header, 0xFF, sizeof header);
    const uint32_t magic = FLASHOBJ_RECORD_MAGIC;
    memcpy(header + FLASHOBJ_REC_OFF_MAGIC, &magic, 4);
    memcpy(header + FLASHOBJ_REC_OFF_ID, &id, 2);
    memcpy(header + FLASHOBJ_REC_OFF_FLAGS, &flags, 2);
    memcpy(header + FLASHOBJ_REC_OFF_LENGTH, &length, 4);
    memset(header + FLASHOBJ_REC_OFF_HANDLE, 0, FLASHOBJ_HANDLE_BYTES);
    memcpy(header + FLASHOBJ_REC_OFF_HANDLE, handle, strnlen(handle, FLASHOBJ_HANDLE_MAX));
    const uint32_t crc = record_crc(header, data, length);
    memcpy(header + FLASHOBJ_REC_OFF_CRC, &crc, 4);
    const uint32_t record = store.end;
    store.end += size; /* even if a step fails: never program these bytes twice */
    if (flashctl_program(record, header, sizeof header) ||
        (length && flashctl_program(record + FLASHOBJ_RECORD_HEADER_SIZE, data, length)) ||
        flashctl_program_word(record + FLASHOBJ_REC_OFF_COMMIT, FLASHOBJ_COMMIT))
        return FSTORE_FAULT;
    index_apply(record);
    return FSTORE_OK;
}

int fstore_write(const char* handle, uint16_t id, uint16_t flags, const uint8_t* data, uint32_t length) {
    ensure_mounted();
    const uint8_t* old;
    uint32_t old_length;
    if (flags == FLASHOBJ_FLAG_DATA && store.count >= FLASHOBJ_MAX_OBJECTS && !fstore_find(handle, id, &old, &old_length))
        return FSTORE_FULL;
    const int result = append(handle, id, flags, data, length);
    if (result == FSTORE_FAULT) store.mounted = false; /* read the flash again next time */
    return result;
}
