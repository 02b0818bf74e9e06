/* adl_irq.h — the ADL interrupt service and the external interrupt pins (adl_irq*,
 * adl_extint*), included by adl_global.h. Written for q2686emu from the public ADL
 * documentation; not copied from a vendor header. The values are ours (docs/sdk.md).
 *
 * Applications get no interrupt handlers on the emulated modem, and it has no external
 * interrupt pins (the ROM's own drivers use q2686_ext.h's adl_irqSubscribeLine): every call
 * links, answers ADL_RET_ERR_NOT_SUPPORTED (the unsubscriptions ADL_RET_ERR_NOT_SUBSCRIBED) and
 * logs "adl_xxx: not emulated" on the debug console the first time (docs/sdk.md). */
#ifndef ADL_IRQ_H
#define ADL_IRQ_H

/* Where an interrupt comes from. */
typedef enum {
    ADL_IRQ_ID_TIMER,
    ADL_IRQ_ID_EXTINT,
    ADL_IRQ_ID_SPI_EOT,
    ADL_IRQ_ID_I2C_EOT,
    ADL_IRQ_ID_AUDIO_RX_LISTEN,
    ADL_IRQ_ID_AUDIO_TX_LISTEN,
    ADL_IRQ_ID_AUDIO_RX_PLAY,
    ADL_IRQ_ID_AUDIO_TX_PLAY,
    ADL_IRQ_ID_TCU,
    ADL_IRQ_ID_LAST
} adl_irqID_e;

/* The context a handler runs in. */
typedef enum {
    ADL_IRQ_NOTIFY_LOW_LEVEL,
    ADL_IRQ_NOTIFY_HIGH_LEVEL
} adl_irqNotificationLevel_e;

typedef enum {
    ADL_IRQ_PRIORITY_LOW_LEVEL,
    ADL_IRQ_PRIORITY_HIGH_LEVEL
} adl_irqPriorityLevel_e;

/* Options of adl_irqSubscribe, OR-ed. */
#define ADL_IRQ_OPTION_AUTO_READ 0x01u /* the source's state is read for the handler (SourceData) */
#define ADL_IRQ_OPTION_POST_ACKNOWLEDGEMENT 0x02u /* the source is acknowledged after the handler */

typedef struct {
    void* SourceData; /* with ADL_IRQ_OPTION_AUTO_READ: the source's state (adl_extintInfo_t...) */
    void* UserData;   /* what the source's subscription was given */
    void* Context;    /* the interrupted context */
} adl_irqEventData_t;

/* A low-level handler returning TRUE also has the high-level handler called. */
typedef bool (*adl_irqHandler_f)(adl_irqID_e Source, adl_irqNotificationLevel_e NotificationLevel,
                                 adl_irqEventData_t* Data);

s32 adl_irqSubscribe(adl_irqHandler_f IrqHandler, adl_irqNotificationLevel_e NotificationLevel,
                     adl_irqPriorityLevel_e PriorityLevel, u32 Options);
s32 adl_irqUnsubscribe(s32 IrqHandle);

/* ---- external interrupt pins ---- */
typedef enum {
    ADL_EXTINT_SENSITIVITY_LOW_LEVEL,
    ADL_EXTINT_SENSITIVITY_HIGH_LEVEL,
    ADL_EXTINT_SENSITIVITY_FALLING_EDGE,
    ADL_EXTINT_SENSITIVITY_RISING_EDGE,
    ADL_EXTINT_SENSITIVITY_BOTH_EDGE
} adl_extintSensitivity_e;

typedef enum {
    ADL_EXTINT_FILTER_BYPASS_MODE,
    ADL_EXTINT_FILTER_DEBOUNCE_MODE,
    ADL_EXTINT_FILTER_STRETCHING_MODE
} adl_extintFilter_e;

/* Five members, as public code initialises it: { sensitivity, filter, 0, 0, NULL }. */
typedef struct {
    adl_extintSensitivity_e Sensitivity;
    adl_extintFilter_e Filter;
    u8 FilterDuration; /* the debounce duration, in steps */
    u8 Pad;
    void* UserData; /* given to the handlers (adl_irqEventData_t.UserData) */
} adl_extintConfig_t;

typedef struct {
    u8 PinState; /* 0 or 1 */
    u8 Pad[3];
} adl_extintInfo_t;

typedef struct {
    u32 NbExternalInterrupt;
    bool RisingEdgeSensitivity;
    bool FallingEdgeSensitivity;
    bool BothEdgeSensitivity;
    bool LowLevelSensitivity;
    bool HighLevelSensitivity;
    bool BypassMode;
    bool StretchingMode;
    bool DebounceMode;
    u32 MaxDebounceDuration;
    u32 DebounceNbStep;
} adl_extintCapabilities_t;

s32 adl_extintGetCapabilities(adl_extintCapabilities_t* Capabilities);
/* Pin `ExtIntID` with the handles of its low- and high-level handlers (from adl_irqSubscribe). */
s32 adl_extintSubscribe(u32 ExtIntID, s32 LowLevelIrqHandle, s32 HighLevelIrqHandle, adl_extintConfig_t* Settings);
s32 adl_extintUnsubscribe(s32 ExtIntHandle);
s32 adl_extintConfig(s32 ExtIntHandle, adl_extintConfig_t* Settings);
s32 adl_extintRead(s32 ExtIntHandle, adl_extintInfo_t* Info);

#endif /* ADL_IRQ_H */
