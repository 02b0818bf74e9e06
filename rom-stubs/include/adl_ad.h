/* adl_ad.h — the ADL Application & Data storage service (A&D cells: downloads, data, new
 * application images), included by adl_global.h. Written for q2686emu from the public ADL
 * documentation; not copied from a vendor header. The values are ours (docs/sdk.md).
 *
 * The emulated flash has no A&D area (persistent data: the flash objects, adl_flh*): every
 * call links, answers ADL_RET_ERR_NOT_SUPPORTED (the unsubscriptions ADL_RET_ERR_NOT_SUBSCRIBED)
 * and logs "adl_xxx: not emulated" on the debug console the first time (docs/sdk.md). */
#ifndef ADL_AD_H
#define ADL_AD_H

/* The service's own return codes. */
#define ADL_AD_RET_ERR_NOT_AVAILABLE (ADL_RET_ERR_SPECIFIC_BASE)      /* -20: no A&D area */
#define ADL_AD_RET_ERR_OVERFLOW (ADL_RET_ERR_SPECIFIC_BASE - 1)       /* -21: the cell is full */
#define ADL_AD_RET_ERR_NEED_RECOMPACT (ADL_RET_ERR_SPECIFIC_BASE - 2) /* -22 */

/* A cell of undefined size (written until adl_adFinalise). */
#define ADL_AD_SIZE_UNDEF 0xFFFFFFFFu

typedef struct {
    u32 identifier; /* the cell's ID */
    u32 size;       /* its size */
    void* data;     /* where its data is (read-only) */
    u32 remaining;  /* what can still be written */
    bool finalised;
} adl_adInfo_t;

typedef struct {
    u32 freemem;    /* free bytes */
    u32 deletedmem; /* bytes of deleted cells (back after adl_adRecompact) */
    u32 totalmem;
    u16 numobjects;
    u16 numdeleted;
    u8 pad;
} adl_adState_t;

typedef enum {
    ADL_AD_EVENT_FORMAT_INIT,
    ADL_AD_EVENT_FORMAT_PROGRESS,
    ADL_AD_EVENT_FORMAT_DONE,
    ADL_AD_EVENT_RECOMPACT_INIT,
    ADL_AD_EVENT_RECOMPACT_PROGRESS,
    ADL_AD_EVENT_RECOMPACT_DONE,
    ADL_AD_EVENT_INSTALL
} adl_adEvent_e;

/* `Progress`: percent done, for the *_PROGRESS events. */
typedef void (*adl_adEventHdlr_f)(adl_adEvent_e Event, u32 Progress);

s32 adl_adEventSubscribe(adl_adEventHdlr_f Handler);
s32 adl_adEventUnsubscribe(s32 EventHandle);
/* The cell `CellID` (created with `Size` bytes, or ADL_AD_SIZE_UNDEF): its handle. */
s32 adl_adSubscribe(u32 CellID, u32 Size);
s32 adl_adUnsubscribe(s32 CellHandle);
s32 adl_adWrite(s32 CellHandle, u32 Size, void* Data);
s32 adl_adInfo(s32 CellHandle, adl_adInfo_t* Info);
s32 adl_adFinalise(s32 CellHandle);
s32 adl_adDelete(s32 CellHandle);
/* Installs the cell as the new application image (the modem resets). */
s32 adl_adInstall(s32 CellHandle);
s32 adl_adRecompact(s32 EventHandle);
s32 adl_adFormat(s32 EventHandle);
s32 adl_adGetState(adl_adState_t* State);
/* A list (wm_lst_t) of the IDs of the cells. */
s32 adl_adGetCellList(wm_lst_t* CellList);
s32 adl_adGetInstallResult(void);

#endif /* ADL_AD_H */
