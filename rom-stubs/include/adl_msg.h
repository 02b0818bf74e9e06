/* adl_msg.h — the ADL message service (messages between tasks and interrupt handlers),
 * included by adl_global.h. Written for q2686emu from the public ADL documentation; not copied
 * from a vendor header. The values are ours (docs/sdk.md).
 *
 * Not emulated (one context, no application interrupt handlers: adl_ctx.h, adl_irq.h): every
 * call links, answers ADL_RET_ERR_NOT_SUPPORTED (adl_msgUnsubscribe ADL_RET_ERR_NOT_SUBSCRIBED)
 * and logs "adl_xxx: not emulated" on the debug console the first time (docs/sdk.md). */
#ifndef ADL_MSG_H
#define ADL_MSG_H

/* How a message identifier, masked by MsgIdentifierMask, is compared with MsgIdentifierValue. */
typedef enum {
    ADL_MSG_ID_COMP_EQUAL,
    ADL_MSG_ID_COMP_DIFFERENT,
    ADL_MSG_ID_COMP_GREATER,
    ADL_MSG_ID_COMP_GREATER_OR_EQUAL,
    ADL_MSG_ID_COMP_LOWER,
    ADL_MSG_ID_COMP_LOWER_OR_EQUAL
} adl_msgIdComparator_e;

/* Which messages a handler gets. */
typedef struct {
    u32 MsgIdentifierMask;
    u32 MsgIdentifierValue;
    adl_msgIdComparator_e Comparator;
    adl_ctxID_e Source; /* from which context (ADL_CTX_ALL: any) */
} adl_msgFilter_t;

typedef void (*adl_msgHandler_f)(u32 MsgIdentifier, adl_ctxID_e Source, u32 Length, void* Data);

s32 adl_msgSubscribe(adl_msgFilter_t* Filter, adl_msgHandler_f MsgHandler);
s32 adl_msgUnsubscribe(s32 MsgHandle);
/* Sends message `MsgIdentifier` with `Length` bytes of `Data` to context `DestinationCtx`. */
s32 adl_msgSend(adl_ctxID_e DestinationCtx, u32 MsgIdentifier, u32 Length, void* Data);

#endif /* ADL_MSG_H */
