/* adl_fcm.h — the ADL Flow Control Manager (data flows on the serial ports, GSM data calls and
 * GPRS), included by adl_global.h. Written for q2686emu from the public ADL documentation
 * (names, signatures, the documented values of the specific return codes and V24 states); not
 * copied from a vendor header.
 *
 * Not emulated: UART1 stays in AT mode and the data path of GPRS belongs to WIP (wip.h). Every
 * call links, answers ADL_RET_ERR_NOT_SUPPORTED (adl_fcmUnsubscribe ADL_RET_ERR_NOT_SUBSCRIBED,
 * adl_fcmIsAvailable FALSE) and logs "adl_xxx: not emulated" on the debug console the first
 * time (docs/sdk.md). */
#ifndef ADL_FCM_H
#define ADL_FCM_H

/* The service's own return codes (documented values). */
#define ADL_FCM_RET_ERROR_GSM_GPRS_ALREADY_OPENNED (ADL_RET_ERR_SPECIFIC_BASE)  /* -20 */
#define ADL_FCM_RET_ERR_WAIT_RESUME (ADL_RET_ERR_SPECIFIC_BASE - 1)            /* -21: no credit left */
#define ADL_FCM_RET_OK_WAIT_RESUME (OK + 1)  /* sent, with the last credit */
#define ADL_FCM_RET_BUFFER_EMPTY (OK + 2)
#define ADL_FCM_RET_BUFFER_NOT_EMPTY (OK + 3)

/* A flow is a port of adl_port_e, with FCM's own flags. */
typedef u16 adl_fcmFlow_e;
#define ADL_FCM_FLOW_V24_UART1 ADL_PORT_UART1
#define ADL_FCM_FLOW_V24_UART2 ADL_PORT_UART2
#define ADL_FCM_FLOW_V24_USB ADL_PORT_USB
#define ADL_FCM_FLOW_GSM_DATA ADL_PORT_GSM_BASE
#define ADL_FCM_FLOW_GPRS ADL_PORT_GPRS_BASE
#define ADL_FCM_FLOW_SLAVE 0x8000 /* OR-ed: a further subscriber of a flow */
#define ADL_FCM_FLOW_V24_MASTER ADL_FCM_FLOW_V24_UART1
#define ADL_FCM_FLOW_V24 (ADL_FCM_FLOW_V24_UART1 | ADL_FCM_FLOW_SLAVE)
#define ADL_FCM_FLOW_GPRS_PREFERRED 0

/* The states of a serial link (documented values). */
#define ADL_FCM_V24_STATE_AT 0      /* offline: DCD and DSR off */
#define ADL_FCM_V24_STATE_DATA 1    /* online: DCD and DSR on */
#define ADL_FCM_V24_STATE_OFFLINE 2 /* online but in AT mode: DCD on, DSR off */

typedef enum {
    ADL_FCM_EVENT_FLOW_OPENNED,
    ADL_FCM_EVENT_FLOW_CLOSED,
    ADL_FCM_EVENT_V24_DATA_MODE,
    ADL_FCM_EVENT_V24_DATA_MODE_EXT,
    ADL_FCM_EVENT_V24_AT_MODE,
    ADL_FCM_EVENT_V24_AT_MODE_EXT,
    ADL_FCM_EVENT_RESUME,
    ADL_FCM_EVENT_MEM_RELEASE,
    ADL_FCM_EVENT_V24_DATA_MODE_FROM_CALL,
    ADL_FCM_EVENT_V24_AT_MODE_FROM_CALL,
    ADL_FCM_EVENT_V24_TX_DATA_FLUSHED
} adl_fcmEvent_e;

/* Which way adl_fcmGetStatus looks at. */
typedef enum {
    ADL_FCM_WAY_FROM_EMBEDDED, /* towards the application */
    ADL_FCM_WAY_TO_EMBEDDED    /* from the application */
} adl_fcmWay_e;

/* A block for adl_fcmSendDataExt, allocated as sizeof(adl_fcmDataBlock_t) + DataLength. */
typedef struct {
    u16 Reserved1[4];
    u32 Reserved3;
    u16 DataLength;
    u16 Reserved2[5];
    u8 Data[1];
} adl_fcmDataBlock_t;

typedef bool (*adl_fcmCtrlHdlr_f)(adl_fcmEvent_e Event);
/* TRUE releases the credit of the block. */
typedef bool (*adl_fcmDataHdlr_f)(u16 DataSize, u8* Data);

s8 adl_fcmSubscribe(adl_fcmFlow_e Flow, adl_fcmCtrlHdlr_f CtrlHandler, adl_fcmDataHdlr_f DataHandler);
s8 adl_fcmUnsubscribe(u8 Handle);
s8 adl_fcmReleaseCredits(u8 Handle, u8 NbCredits);
s8 adl_fcmSwitchV24State(u8 Handle, u8 V24State);
s8 adl_fcmSendData(u8 Handle, u8* Data, u16 DataLen);
s8 adl_fcmSendDataExt(u8 Handle, adl_fcmDataBlock_t* DataBlock);
s8 adl_fcmGetStatus(u8 Handle, adl_fcmWay_e Way);
bool adl_fcmIsAvailable(adl_fcmFlow_e Flow);

#endif /* ADL_FCM_H */
