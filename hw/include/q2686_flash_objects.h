/* q2686_flash_objects.h — the on-flash format of the flash-object store (Open AT-style
 * "flash objects": named handles, numbered IDs, up to 30 KiB each).
 *
 * One definition for both sides: the ROM keeps objects with it (rom-stubs/src/flash_store.c,
 * behind adl_flh* in adl.h) and the emulator reads and preloads them with it
 * (emulator/modem/flash_objects.h). docs/hardware.md "Flash objects" explains the format.
 *
 * The store is the top FLASHOBJ_AREA_SIZE of flash, two banks of FLASHOBJ_BANK_SIZE. One bank
 * is active: a bank header, then a log of records, appended in order. The other is the spare,
 * kept erased. When the active bank is full, the live objects are copied to the spare, whose
 * header is committed last with the next sequence number; then the old bank is erased.
 *
 * Every structure is committed by one word programmed last (erased 0xFFFFFFFF → a COMMIT
 * value), so a power cut leaves either the old state or the new one:
 *   - a record without its commit word, or whose CRC fails, is ignored: the previous version
 *     of that object stays the visible one;
 *   - a bank without its commit word is ignored; of two committed banks the higher sequence
 *     number wins (a cut during the erase of the old bank).
 * All words little-endian; records start word-aligned. Plain C: included by C and C++. */
#ifndef Q2686_FLASH_OBJECTS_H
#define Q2686_FLASH_OBJECTS_H

#include <stddef.h>
#include <stdint.h>

#define FLASHOBJ_AREA_BASE 0x00700000u /* the last MiB of the 8 MiB flash: no image may reach it */
#define FLASHOBJ_AREA_SIZE 0x00100000u
#define FLASHOBJ_BANK_COUNT 2u
#define FLASHOBJ_BANK_SIZE (FLASHOBJ_AREA_SIZE / FLASHOBJ_BANK_COUNT) /* 8 sectors of 64 KiB */
#define FLASHOBJ_BANK_BASE(n) (FLASHOBJ_AREA_BASE + (uint32_t)(n) * FLASHOBJ_BANK_SIZE)

/* Bank header, at the bank's first byte. */
#define FLASHOBJ_BANK_MAGIC 0x4B424F46u /* "FOBK" */
#define FLASHOBJ_VERSION 1u
#define FLASHOBJ_BANK_OFF_MAGIC 0u
#define FLASHOBJ_BANK_OFF_VERSION 4u
#define FLASHOBJ_BANK_OFF_SEQUENCE 8u /* generation: +1 at each garbage collection */
#define FLASHOBJ_BANK_OFF_COMMIT 12u  /* FLASHOBJ_COMMIT once every live record is copied */
#define FLASHOBJ_BANK_HEADER_SIZE 16u

/* Record: a header, then the data padded with 0xFF to a multiple of 4 bytes.
 *   CRC-32 (IEEE 802.3, as zlib's crc32()) over bytes 4..11 of the header (id, flags, length),
 *   the 16 handle bytes, then the data. */
#define FLASHOBJ_RECORD_MAGIC 0x4A424F46u /* "FOBJ" */
#define FLASHOBJ_REC_OFF_MAGIC 0u
#define FLASHOBJ_REC_OFF_ID 4u     /* u16 */
#define FLASHOBJ_REC_OFF_FLAGS 6u  /* u16 FLASHOBJ_FLAG_* */
#define FLASHOBJ_REC_OFF_LENGTH 8u /* u32 data bytes */
#define FLASHOBJ_REC_OFF_CRC 12u   /* u32 */
#define FLASHOBJ_REC_OFF_HANDLE 16u /* FLASHOBJ_HANDLE_BYTES, NUL-padded */
#define FLASHOBJ_REC_OFF_COMMIT 32u /* FLASHOBJ_COMMIT, programmed after the data */
#define FLASHOBJ_RECORD_HEADER_SIZE 36u

#define FLASHOBJ_COMMIT 0x21544D43u /* "CMT!": neither erased (all 1) nor pre-programmed (all 0) */
#define FLASHOBJ_ERASED_WORD 0xFFFFFFFFu
#define FLASHOBJ_FLAG_DATA 0u  /* the object's new contents */
#define FLASHOBJ_FLAG_ERASE 1u /* tombstone: the object (or every object of the handle for ID_ALL) is gone */
#define FLASHOBJ_ID_ALL 0xFFFFu
#define FLASHOBJ_HANDLE_BYTES 16u
#define FLASHOBJ_HANDLE_MAX 15u       /* characters */
#define FLASHOBJ_MAX_SIZE (30u * 1024u) /* bytes per object, as Open AT */
#define FLASHOBJ_MAX_OBJECTS 256u       /* live objects in all (the ROM's RAM index) */

static inline uint32_t flashobj_record_size(uint32_t length) {
    return FLASHOBJ_RECORD_HEADER_SIZE + ((length + 3u) & ~3u);
}

/* CRC-32/IEEE, reflected polynomial 0xEDB88320, 4 bits at a time (a 64-byte table: the ROM
 * runs it from flash). Start with crc = 0, feed the bytes in pieces, the result is final. */
static inline uint32_t flashobj_crc32(uint32_t crc, const uint8_t* data, size_t length) {
    static const uint32_t table[16] = {
        0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u, 0x4DB26158u, 0x5005713Cu,
        0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu, 0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
    };
    crc = ~crc;
    for (size_t i = 0; i < length; ++i) {
        crc = (crc >> 4) ^ table[(crc ^ data[i]) & 0x0Fu];
        crc = (crc >> 4) ^ table[(crc ^ ((uint32_t)data[i] >> 4)) & 0x0Fu];
    }
    return ~crc;
}

#endif /* Q2686_FLASH_OBJECTS_H */
