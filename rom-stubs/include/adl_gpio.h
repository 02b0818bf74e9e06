/* adl_gpio.h — the ADL GPIO service (adl_io*), included by adl_global.h. Written for q2686emu
 * from the public ADL documentation (names, signatures and the documented bit fields of
 * adl_ioDefs_t); not copied from a vendor header.
 *
 * The emulated Q2686 has no GPIO model: every call links, answers ADL_RET_ERR_NOT_SUPPORTED
 * (the unsubscriptions ADL_RET_ERR_NOT_SUBSCRIBED) and logs "adl_xxx: not emulated" on the
 * debug console the first time (docs/sdk.md). */
#ifndef ADL_GPIO_H
#define ADL_GPIO_H

/* One GPIO and what is asked or answered about it, as bit fields (the documented layout):
 * b0-b11 the number, b12-b13 the type, b16 the level, b17-b18 the direction, b19-b20 the
 * status, b21-b22 the capabilities, b28-b30 the error cause, b31 the general error flag. */
typedef s32 adl_ioDefs_t;

/* The label: number and type. */
typedef enum {
    ADL_IO_NUM_MSK = 0x0FFF,
    ADL_IO_TYPE_POS = 12,
    ADL_IO_TYPE_MSK = 3 << ADL_IO_TYPE_POS,
    ADL_IO_GPI = 1 << ADL_IO_TYPE_POS,  /* an input only */
    ADL_IO_GPO = 2 << ADL_IO_TYPE_POS,  /* an output only */
    ADL_IO_GPIO = 3 << ADL_IO_TYPE_POS, /* either */
    ADL_IO_LABEL_MSK = ADL_IO_NUM_MSK | ADL_IO_TYPE_MSK
} adl_ioLabel_e;
/* The level. */
typedef enum {
    ADL_IO_LEV_POS = 16,
    ADL_IO_LEV_MSK = 1 << ADL_IO_LEV_POS,
    ADL_IO_LEV_HIGH = 1 << ADL_IO_LEV_POS,
    ADL_IO_LEV_LOW = 0 << ADL_IO_LEV_POS
} adl_ioLevel_e;
/* The direction. */
typedef enum {
    ADL_IO_DIR_POS = 17,
    ADL_IO_DIR_MSK = 3 << ADL_IO_DIR_POS,
    ADL_IO_DIR_OUT = 0 << ADL_IO_DIR_POS,
    ADL_IO_DIR_IN = 1 << ADL_IO_DIR_POS,
    ADL_IO_DIR_TRI = 2 << ADL_IO_DIR_POS
} adl_ioDir_e;
/* The status (an answer of adl_ioGetCapabilitiesList). */
typedef enum {
    ADL_IO_STATUS_POS = 19,
    ADL_IO_STATUS_MSK = 3 << ADL_IO_STATUS_POS,
    ADL_IO_STATUS_FREE = 0 << ADL_IO_STATUS_POS,
    ADL_IO_STATUS_USED = 1 << ADL_IO_STATUS_POS
} adl_ioStatus_e;
/* The capabilities (an answer). */
typedef enum {
    ADL_IO_CAP_POS = 21,
    ADL_IO_CAP_MSK = 3 << ADL_IO_CAP_POS,
    ADL_IO_CAP_OR = 1 << ADL_IO_CAP_POS, /* an output that can be read */
    ADL_IO_CAP_IW = 2 << ADL_IO_CAP_POS  /* an input that can be written */
} adl_ioCap_e;
/* The error (an answer, with ADL_RET_ERR_DONE): the cause in b28-b30, the flag in b31. */
typedef enum {
    ADL_IO_ERR_POS = 28,
    ADL_IO_ERR_MSK = 7 << ADL_IO_ERR_POS,
    ADL_IO_ERR = 0 << ADL_IO_ERR_POS,        /* an unidentified error */
    ADL_IO_ERR_UNKWN = 1 << ADL_IO_ERR_POS,  /* an unknown GPIO */
    ADL_IO_ERR_USED = 2 << ADL_IO_ERR_POS,   /* already used */
    ADL_IO_ERR_BADDIR = 3 << ADL_IO_ERR_POS, /* the wrong direction */
    ADL_IO_ERR_NIH = 4 << ADL_IO_ERR_POS,    /* not in the handle */
    ADL_IO_GERR_POS = 31,
    ADL_IO_GERR_MSK = -0x7FFFFFFF - 1, /* bit 31 */
    ADL_IO_GNOERR = 0,
    ADL_IO_GERR = -0x7FFFFFFF - 1
} adl_ioError_e;

/* How many GPIOs of each kind the module has. */
typedef struct {
    u32 NbGpio;
    u32 NbGpo;
    u32 NbGpi;
    u32 Pad;
} adl_ioCap_t;

typedef enum {
    ADL_IO_EVENT_INPUT_CHANGED = 2 /* a polled input changed (documented value) */
} adl_ioEvent_e;

/* `Param` is an array of `Size` adl_ioDefs_t: the inputs read. */
typedef void (*adl_ioHdlr_f)(s32 GpioHandle, adl_ioEvent_e Event, u32 Size, void* Param);

s32 adl_ioEventSubscribe(adl_ioHdlr_f GpioEventHandler);
s32 adl_ioEventUnsubscribe(s32 GpioEventHandle);
/* `GpioConfig`: `GpioNb` labels with their direction (and level for outputs); inputs are polled
 * every `PollingTime` units of `PollingTimerType` (ADL_TMR_TYPE_*) when PollingTime > 0. */
s32 adl_ioSubscribe(u32 GpioNb, adl_ioDefs_t* GpioConfig, u8 PollingTimerType, u32 PollingTime, s32 GpioEventHandle);
s32 adl_ioUnsubscribe(s32 GpioHandle);
s32 adl_ioSetDirection(s32 GpioHandle, u32 GpioNb, adl_ioDefs_t* GpioDir);
/* The list (allocated with adl_memGet, to be released by the caller) of the GPIOs available. */
s32 adl_ioGetCapabilitiesList(u32* GpioNb, adl_ioDefs_t** GpioTab, adl_ioCap_t* GpioTypeNb);
s32 adl_ioRead(s32 GpioHandle, u32 GpioNb, adl_ioDefs_t* GpioRead);
/* 1 (high), 0 (low) or a negative error. */
s32 adl_ioReadSingle(s32 GpioHandle, adl_ioDefs_t* Gpio);
s32 adl_ioWrite(s32 GpioHandle, u32 GpioNb, adl_ioDefs_t* GpioWrite);
s32 adl_ioWriteSingle(s32 GpioHandle, adl_ioDefs_t* Gpio, bool State);

#endif /* ADL_GPIO_H */
