/* The ADL flash service (adl.h "flash objects"): Open AT's adl_flh* calls on the flash-object
 * log (flash_store.c). This layer keeps the subscriptions (in RAM: applications subscribe in
 * adl_main at every start) and checks parameters; return codes are the ADL user guide's. */
#include <string.h>

#include "adl.h"
#include "flash_store.h"
#include "q2686_flash_objects.h"

#define MAX_HANDLES 16u
#define MAX_IDS 2000u /* Open AT: at most 2000 object IDs at the same time */

struct subscription {
    char handle[FLASHOBJ_HANDLE_BYTES];
    u16 ids;
};

static struct subscription subscriptions[MAX_HANDLES];
static unsigned subscription_count;
static unsigned ids_reserved;

static bool valid_handle(const ascii* handle) {
    if (!handle) return false;
    const size_t length = strnlen(handle, FLASHOBJ_HANDLE_MAX + 1u);
    return length >= 1 && length <= FLASHOBJ_HANDLE_MAX;
}

static const struct subscription* find(const ascii* handle) {
    if (!valid_handle(handle)) return NULL;
    for (unsigned i = 0; i < subscription_count; ++i)
        if (strcmp(subscriptions[i].handle, handle) == 0) return &subscriptions[i];
    return NULL;
}

/* ADL_RET_OK when (handle, id) may be used, else the code to return. */
static s32 check(const ascii* handle, u16 id, bool all_allowed) {
    const struct subscription* s = find(handle);
    if (!s) return ADL_RET_ERR_UNKNOWN_HDL;
    if (id >= s->ids && !(all_allowed && id == ADL_FLH_ALL_IDS)) return ADL_FLH_RET_ERR_ID_OUT_OF_RANGE;
    return ADL_RET_OK;
}

static s8 store_result(int result) {
    return result == FSTORE_OK ? ADL_RET_OK : result == FSTORE_FULL ? ADL_FLH_RET_ERR_MEM_FULL : ADL_RET_ERR_FATAL;
}

s8 adl_flhSubscribe(const ascii* Handle, u16 NbObjectsRes) {
    if (!valid_handle(Handle) || NbObjectsRes == 0) return ADL_RET_ERR_PARAM;
    if (find(Handle)) return ADL_RET_ERR_ALREADY_SUBSCRIBED;
    if (ids_reserved + NbObjectsRes > MAX_IDS) return ADL_FLH_RET_ERR_NO_ENOUGH_IDS;
    if (subscription_count == MAX_HANDLES) return ADL_RET_ERR_NO_MORE_HANDLES;
    struct subscription* s = &subscriptions[subscription_count++];
    memset(s->handle, 0, sizeof s->handle);
    memcpy(s->handle, Handle, strlen(Handle));
    s->ids = NbObjectsRes;
    ids_reserved += NbObjectsRes;
    return ADL_RET_OK;
}

s32 adl_flhExist(const ascii* Handle, u16 ID) {
    const s32 rc = check(Handle, ID, false);
    if (rc) return rc;
    const u8* data;
    u32 length;
    return fstore_find(Handle, ID, &data, &length) ? (s32)length : 0;
}

s8 adl_flhWrite(const ascii* Handle, u16 ID, u16 Len, const u8* WriteData) {
    const s32 rc = check(Handle, ID, false);
    if (rc) return (s8)rc;
    if (!WriteData || Len == 0 || Len > FLASHOBJ_MAX_SIZE) return ADL_RET_ERR_PARAM;
    return store_result(fstore_write(Handle, ID, FLASHOBJ_FLAG_DATA, WriteData, Len));
}

s8 adl_flhRead(const ascii* Handle, u16 ID, u16 Len, u8* ReadData) {
    const s32 rc = check(Handle, ID, false);
    if (rc) return (s8)rc;
    const u8* data;
    u32 length;
    if (!fstore_find(Handle, ID, &data, &length)) return ADL_FLH_RET_ERR_OBJ_NOT_EXIST;
    if ((Len && !ReadData) || Len > length) return ADL_RET_ERR_PARAM;
    memcpy(ReadData, data, Len);
    return ADL_RET_OK;
}

s8 adl_flhErase(const ascii* Handle, u16 ID) {
    const s32 rc = check(Handle, ID, true);
    if (rc) return (s8)rc;
    if (ID == ADL_FLH_ALL_IDS) {
        if (fstore_count(Handle) == 0) return ADL_RET_OK;
    } else {
        const u8* data;
        u32 length;
        if (!fstore_find(Handle, ID, &data, &length)) return ADL_FLH_RET_ERR_OBJ_NOT_EXIST;
    }
    return store_result(fstore_write(Handle, ID, FLASHOBJ_FLAG_ERASE, NULL, 0));
}

u32 adl_flhGetFreeMem(void) { return fstore_free_bytes(); }

/* The IDs `Handle` reserved; with NULL, the IDs still free for new subscriptions (of 2000). */
s32 adl_flhGetIDCount(const ascii* Handle) {
    if (!Handle) return (s32)(MAX_IDS - ids_reserved);
    const struct subscription* s = find(Handle);
    return s ? (s32)s->ids : ADL_RET_ERR_UNKNOWN_HDL;
}

static u32 used_size(const struct subscription* s, u16 first, u16 last) {
    u32 total = 0;
    for (u32 id = first; id <= last; ++id) {
        const u8* data;
        u32 length;
        if (fstore_find(s->handle, (u16)id, &data, &length)) total += length;
    }
    return total;
}

/* The bytes of the objects StartID..EndID of `Handle` (EndID ADL_FLH_ALL_IDS: up to its last
 * ID); with NULL, of every subscribed handle's objects. */
s32 adl_flhGetUsedSize(const ascii* Handle, u16 StartID, u16 EndID) {
    if (!Handle) {
        u32 total = 0;
        for (unsigned i = 0; i < subscription_count; ++i) total += used_size(&subscriptions[i], 0, (u16)(subscriptions[i].ids - 1));
        return (s32)total;
    }
    const struct subscription* s = find(Handle);
    if (!s) return ADL_RET_ERR_UNKNOWN_HDL;
    if (EndID == ADL_FLH_ALL_IDS) EndID = (u16)(s->ids - 1);
    if (StartID > EndID || EndID >= s->ids) return ADL_FLH_RET_ERR_ID_OUT_OF_RANGE;
    return (s32)used_size(s, StartID, EndID);
}
