/* adl_call.h — the ADL call service (voice and data calls), included by adl_global.h. Written
 * for q2686emu from the public ADL documentation; not copied from a vendor header. The event
 * and mode values are ours (docs/sdk.md).
 *
 * The emulated network carries no calls: every call links, answers ADL_RET_ERR_NOT_SUPPORTED
 * (adl_callUnsubscribe ADL_RET_ERR_NOT_SUBSCRIBED) and logs "adl_xxx: not emulated" on the
 * debug console the first time (docs/sdk.md). */
#ifndef ADL_CALL_H
#define ADL_CALL_H

/* What a call handler is told. */
#define ADL_CALL_EVENT_RING_VOICE 1     /* an incoming voice call rings */
#define ADL_CALL_EVENT_RING_DATA 2      /* an incoming data call rings */
#define ADL_CALL_EVENT_NEW_ID 3         /* a call got an identifier */
#define ADL_CALL_EVENT_RELEASE_ID 4     /* a call was released */
#define ADL_CALL_EVENT_ALERTING 5       /* the called party is alerted */
#define ADL_CALL_EVENT_SETUP_OK 6       /* the outgoing call is connected */
#define ADL_CALL_EVENT_ANSWER_OK 7      /* the incoming call is answered */
#define ADL_CALL_EVENT_HANGUP_OK 8      /* the call is hung up */
#define ADL_CALL_EVENT_NO_CARRIER 9     /* the remote party hung up */
#define ADL_CALL_EVENT_NO_ANSWER 10
#define ADL_CALL_EVENT_BUSY 11
#define ADL_CALL_EVENT_SETUP_ERROR 12   /* the call could not be set up */
#define ADL_CALL_EVENT_ANSWER_ERROR 13
#define ADL_CALL_EVENT_HANGUP_ERROR 14
#define ADL_CALL_EVENT_SETUP_OK_FROM_EXT 15 /* set up from an external application (ATD) */
#define ADL_CALL_EVENT_ANSWER_OK_FROM_EXT 16
#define ADL_CALL_EVENT_HANGUP_OK_FROM_EXT 17
#define ADL_CALL_EVENT_AUDIO_OPENNED 18 /* the voice path is open */
#define ADL_CALL_EVENT_ANSWER_OK_AUTO 19 /* answered automatically (ATS0) */
#define ADL_CALL_EVENT_RING_GPRS 20     /* a network request for a PDP context */
#define ADL_CALL_EVENT_SETUP_FROM_EXT 21 /* an external application dials (ATD) */
#define ADL_CALL_EVENT_CALL_CONNECTED ADL_CALL_EVENT_SETUP_OK

/* What a call handler answers: forward the event as an AT response to the external application
 * or not. */
#define ADL_CALL_FORWARD 0
#define ADL_CALL_NO_FORWARD 1
#define ADL_CALL_NO_FORWARD_ATH 2 /* not forwarded, and the call is hung up */
#define ADL_CALL_NO_FORWARD_ATA 3 /* not forwarded, and the call is answered */

/* The kind of call adl_callSetup makes. */
#define ADL_CALL_MODE_VOICE 0
#define ADL_CALL_MODE_DATA 1

typedef s8 (*adl_callHdlr_f)(u16 Event, u32 Call_ID);

s8 adl_callSubscribe(adl_callHdlr_f CallHandler);
s8 adl_callUnsubscribe(adl_callHdlr_f CallHandler);
/* Dials `PhoneNb` ("+33612345678"); the handler is told how it goes. */
s8 adl_callSetup(const ascii* PhoneNb, u8 Mode);
s8 adl_callSetupExt(const ascii* PhoneNb, u8 Mode, adl_port_e Port);
s8 adl_callHangup(void);
s8 adl_callHangupExt(adl_port_e Port);
s8 adl_callAnswer(void);
s8 adl_callAnswerExt(adl_port_e Port);

#endif /* ADL_CALL_H */
