/* The flash-object log of the ROM (flash_store.c): the format of q2686_flash_objects.h, kept
 * in the flash through the FLASHCTL driver, with an index of the live objects in RAM. The ADL
 * layer (flash_objects.c) adds subscriptions and parameter checks on top. */
#ifndef ROM_FLASH_STORE_H
#define ROM_FLASH_STORE_H

#include <stdbool.h>
#include <stdint.h>

#define FSTORE_OK 0
#define FSTORE_FULL (-1)  /* no room even after garbage collection, or too many objects */
#define FSTORE_FAULT (-2) /* the flash controller refused an operation */

/* The current version of an object: its data in flash (read it in place) and length. */
bool fstore_find(const char* handle, uint16_t id, const uint8_t** data, uint32_t* length);
/* How many objects `handle` has. */
unsigned fstore_count(const char* handle);
/* Appends a new version of (handle, id) — or, with FLASHOBJ_FLAG_ERASE and no data, its
 * removal (id FLASHOBJ_ID_ALL: every ID of the handle) — committed last. */
int fstore_write(const char* handle, uint16_t id, uint16_t flags, const uint8_t* data, uint32_t length);
/* Bytes that can be appended before the next garbage collection. */
uint32_t fstore_free_bytes(void);

#endif
