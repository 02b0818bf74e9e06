/* adl.h — the application API of the q2686emu ROM stubs, in the style of Open AT ADL.
 *
 * An application is a function `void adl_main(adl_InitType_e)` linked with the rom-stubs
 * library. The ROM boots, initialises the drivers, calls adl_main() once, then runs an event
 * loop: AT command lines from UART1, timers, and interrupts. Everything the application does
 * happens in callbacks from that loop — there are no threads. When nothing is pending the CPU
 * sleeps (SYSCTL_IDLE) until the next interrupt, so idle virtual time costs no host time.
 *
 * Names and shapes follow the Open AT ADL user guide (adl_atCmdSubscribe, adl_atSendResponse,
 * adl_tmrSubscribe, ...); docs/at-commands.md documents the AT side. */
#ifndef Q2686_ADL_H
#define Q2686_ADL_H

#include <stdbool.h>
#include <stdint.h>

typedef uint8_t u8;
typedef int8_t s8;
typedef uint16_t u16;
typedef int16_t s16;
typedef uint32_t u32;
typedef int32_t s32;
typedef char ascii; /* Open AT's character type for text parameters */

/* ---- start-up --------------------------------------------------------------------------- */
typedef enum {
    ADL_INIT_POWER_ON,  /* cold start (power applied) */
    ADL_INIT_REBOOT,    /* software reset (AT+CFUN=1) */
    ADL_INIT_WATCHDOG,  /* the watchdog expired */
} adl_InitType_e;

/* Provided by the application (a weak empty default exists in the ROM). */
void adl_main(adl_InitType_e init_type);

/* ---- AT commands ------------------------------------------------------------------------ */
#define ADL_CMD_TYPE_TEST 0x01u /* AT+CMD=? */
#define ADL_CMD_TYPE_READ 0x02u /* AT+CMD?  */
#define ADL_CMD_TYPE_ACT 0x04u  /* AT+CMD   */
#define ADL_CMD_TYPE_PARA 0x08u /* AT+CMD=p1,p2,... */
#define ADL_AT_MAX_PARAMS 8u

typedef struct {
    u8 Type;                                  /* one ADL_CMD_TYPE_* */
    u8 NbPara;                                /* parameters after '=' */
    const char* ParaList[ADL_AT_MAX_PARAMS];  /* each unquoted, NUL-terminated ("" if empty) */
    bool ParaQuoted[ADL_AT_MAX_PARAMS];       /* was the parameter a "quoted string"? */
    const char* StrData;                      /* the command as typed, e.g. "+CCLK?" */
    u16 StrLength;
    void* Contxt;                             /* the context given to adl_atCmdSubscribe */
} adl_atCmdPreParser_t;

typedef void (*adl_atCmdHandler_t)(adl_atCmdPreParser_t* params);

/* Registers a handler for `command` ("+CCLK", "+MYCMD"; case-insensitive) for the types set
 * in `options` (ADL_CMD_TYPE_* bits); other types answer ERROR. The handler must end the
 * command with exactly one final response (adl_atSendStdResponse or adl_atSendCmeError),
 * possibly later, from another callback. Returns 0, or -1 when the table is full. */
s8 adl_atCmdSubscribe(const char* command, adl_atCmdHandler_t handler, u16 options);
s8 adl_atCmdSubscribeCtx(const char* command, adl_atCmdHandler_t handler, u16 options, void* context);

typedef enum { ADL_STR_OK, ADL_STR_ERROR } adl_strID_e;
#define ADL_AT_RSP 1u /* response to the running command */
#define ADL_AT_UNS 2u /* unsolicited result code */

/* Sends "\r\n<text>\r\n". */
void adl_atSendResponse(u16 type, const char* text);
/* Ends the running command with OK or ERROR. */
void adl_atSendStdResponse(u16 type, adl_strID_e id);
/* Ends the running command with "+CME ERROR: <code>" (numeric or verbose per AT+CMEE) or
 * plain "ERROR" when AT+CMEE=0. */
void adl_atSendCmeError(u16 code);

/* 3GPP TS 27.007 §9.2 mobile equipment error codes used by the ROM. */
#define ADL_CME_OPERATION_NOT_ALLOWED 3u
#define ADL_CME_OPERATION_NOT_SUPPORTED 4u
#define ADL_CME_INVALID_CHARACTERS 25u
#define ADL_CME_NO_NETWORK_SERVICE 30u
#define ADL_CME_UNKNOWN 100u
#define ADL_CME_GPRS_SERVICES_NOT_ALLOWED 107u
#define ADL_CME_SERVICE_OPTION_NOT_SUPPORTED 132u
#define ADL_CME_SERVICE_OPTION_NOT_SUBSCRIBED 133u
#define ADL_CME_SERVICE_OPTION_OUT_OF_ORDER 134u
#define ADL_CME_UNSPECIFIED_GPRS_ERROR 148u
#define ADL_CME_PDP_AUTHENTICATION_FAILURE 149u
const char* adl_cmeText(u16 code);

/* ---- timers ------------------------------------------------------------------------------ */
#define ADL_TMR_TYPE_100MS 0u /* period in 100 ms units */
#define ADL_TMR_TYPE_MS 1u    /* period in milliseconds (q2686emu extension) */

typedef struct adl_tmr_s adl_tmr_t;
typedef void (*adl_tmrHandler_t)(u8 timer_id, void* context);

/* Starts a one-shot or cyclic timer; the handler runs from the event loop. NULL if none free. */
adl_tmr_t* adl_tmrSubscribe(bool cyclic, u32 period, u8 type, adl_tmrHandler_t handler);
adl_tmr_t* adl_tmrSubscribeExt(bool cyclic, u32 period, u8 type, adl_tmrHandler_t handler, void* context);
s32 adl_tmrUnSubscribe(adl_tmr_t* timer, adl_tmrHandler_t handler, u8 type);

/* ---- real-time clock --------------------------------------------------------------------- */
typedef struct {
    u16 Year;   /* 1998..2097 */
    u8 Month;   /* 1..12 */
    u8 Day;     /* 1..31 */
    u8 Hour;
    u8 Minute;
    u8 Second;
    s8 TimeZone; /* quarter hours, -96..+96 */
} adl_rtcTime_t;

s32 adl_rtcGetTime(adl_rtcTime_t* time);
/* 0, or -1 for an invalid date/time/zone (nothing changed). */
s32 adl_rtcSetTime(const adl_rtcTime_t* time);
/* Seconds since 1998-01-01 00:00:00 of the RTC (local time as set by AT+CCLK). */
u32 adl_rtcGetSeconds(void);

/* ---- return codes ------------------------------------------------------------------------ */
/* The ADL user guide's generic return codes (adl_error.h), used by the GPRS service below. */
#define ADL_RET_OK 0
#define ADL_RET_ERR_PARAM (-2)     /* a parameter is wrong */
#define ADL_RET_ERR_UNKNOWN_HDL (-3)        /* a handle that was never subscribed */
#define ADL_RET_ERR_ALREADY_SUBSCRIBED (-4)
#define ADL_RET_ERR_FATAL (-6)              /* the hardware failed (e.g. a flash operation) */
#define ADL_RET_ERR_BAD_STATE (-8) /* not now: e.g. another network procedure is running */
#define ADL_RET_ERR_NO_MORE_HANDLES (-10)
#define ADL_RET_ERR_SPECIFIC_BASE (-20)     /* first of the services' own codes */

/* ---- GPRS: PDP contexts --------------------------------------------------------------------
 * The Open AT ADL GPRS service (adl_gprs.h): define a PDP context, activate and deactivate it,
 * read its addresses, and be told what happens to it. It drives the same BASEBAND procedures
 * as AT+CGDCONT/AT+CGACT and shares their contexts: a context set up here shows in
 * AT+CGDCONT? and the other way round. The network runs one procedure at a time (attach,
 * detach, activation, deactivation): while one runs — whoever started it — adl_gprsAct and
 * adl_gprsDeact return ADL_RET_ERR_BAD_STATE, and an AT+CGACT/AT+CGATT answers +CME ERROR: 148.
 *
 * Events reach every subscribed handler from the event loop, for procedures started here and
 * by AT commands alike:
 *   ACTIVATE_OK / ACTIVATE_KO (cid)      an activation ended (KO: refused, no service, ...)
 *   DEACTIVATE_OK / DEACTIVATE_KO (cid)  a deactivation ended
 *   ME_ATTACH / ME_DETACH (cid 0)        AT+CGATT=1 / AT+CGATT=0 ended
 *   NW_CONTEXT_DEACT (cid)               the network deactivated the context (coverage lost)
 *   ME_CONTEXT_DEACT (cid)               the context went down with a detach asked by the modem
 *   NW_DETACH (cid 0)                    the network detached the modem
 *   SETUP_OK (cid)                       adl_gprsSetup() took effect
 * Names follow the ADL user guide; the numeric values are ours. */
#define ADL_GPRS_EVENT_ACTIVATE_OK 1u
#define ADL_GPRS_EVENT_ACTIVATE_KO 2u
#define ADL_GPRS_EVENT_DEACTIVATE_OK 3u
#define ADL_GPRS_EVENT_DEACTIVATE_KO 4u
#define ADL_GPRS_EVENT_ME_ATTACH 5u
#define ADL_GPRS_EVENT_ME_DETACH 6u
#define ADL_GPRS_EVENT_NW_CONTEXT_DEACT 7u
#define ADL_GPRS_EVENT_ME_CONTEXT_DEACT 8u
#define ADL_GPRS_EVENT_NW_DETACH 9u
#define ADL_GPRS_EVENT_SETUP_OK 10u

/* A handler's return value says whether the event is forwarded to the AT port (+CGEV); there
 * are no +CGEV reports yet, so it is ignored. */
#define ADL_GPRS_FORWARD 0
#define ADL_GPRS_NO_FORWARD 1
#define ADL_GPRS_CID_NOT_DEFINED (-3) /* adl_gprsAct/Deact/GetCidInformations of an undefined cid */

typedef s8 (*adl_gprsHdlr_f)(u16 event, u8 cid);

typedef struct {
    const char* APN;      /* up to 63 characters; NULL or "" for the network's default */
    const char* Login;    /* kept, not sent: the network model has no authentication */
    const char* Password;
    const char* FixedIP;  /* must be NULL or "": addresses come from the network */
    bool HeaderCompression; /* ignored */
    bool DataCompression;   /* ignored */
} adl_gprsSetupParams_t;

/* Addresses as 32-bit numbers, a << 24 | b << 16 | c << 8 | d (10.64.1.2 = 0x0A400102). */
typedef struct {
    u32 LocalIP;
    u32 DNS1;
    u32 DNS2;
    u32 Gateway; /* 0: the link is point to point */
} adl_gprsInfosCid_t;

/* Up to 4 handlers; ADL_RET_ERR_PARAM for NULL, ADL_RET_ERR_NO_MORE_HANDLES when full. */
s8 adl_gprsSubscribe(adl_gprsHdlr_f handler);
s8 adl_gprsUnsubscribe(adl_gprsHdlr_f handler);
/* Defines context cid (1..3) like AT+CGDCONT=<cid>,"IP","<apn>"; SETUP_OK follows from the
 * loop. ADL_RET_ERR_PARAM (bad cid, APN too long, a fixed IP), ADL_RET_ERR_BAD_STATE (active). */
s8 adl_gprsSetup(u8 cid, adl_gprsSetupParams_t params);
/* Start an activation / deactivation (events above). 0, ADL_GPRS_CID_NOT_DEFINED,
 * ADL_RET_ERR_PARAM (cid outside 1..3) or ADL_RET_ERR_BAD_STATE (a procedure is running). */
s8 adl_gprsAct(u8 cid);
s8 adl_gprsDeact(u8 cid);
/* The addresses of an active context: 0, ADL_RET_ERR_PARAM, ADL_GPRS_CID_NOT_DEFINED, or
 * ADL_RET_ERR_BAD_STATE when it is not active. */
s8 adl_gprsGetCidInformations(u8 cid, adl_gprsInfosCid_t* infos);
bool adl_gprsIsActive(u8 cid); /* q2686emu extension: BB_PDP_ACTIVE for cid */

/* ---- flash objects -------------------------------------------------------------------------
 * The Open AT ADL flash service (adl_flash.h): objects of up to 30 KiB, named by a handle
 * (1..15 characters here) and an ID in 0..NbObjectsRes-1, kept in flash across power cycles
 * (hw/include/q2686_flash_objects.h, docs/flash-objects.md). Names, parameters and
 * return codes follow the ADL user guide. Ours: subscriptions last until the next reset (call
 * adl_flhSubscribe in adl_main at every start, as Open AT applications do); at most 16 handles
 * and 2000 IDs in all (Open AT's global limit), 256 objects stored at once.
 *
 * The calls are synchronous: a write programs the flash before it returns (20 us per word, so
 * ~160 ms for 30 KiB) and, when the store's bank is full, first copies the live objects to the
 * other bank and erases the full one (~7 s of virtual time). A power cut at any moment leaves
 * each object with its old contents or its new ones, never a mix. */
#define ADL_FLH_ALL_IDS 0xFFFFu
#define ADL_FLH_RET_ERR_OBJ_NOT_EXIST (ADL_RET_ERR_SPECIFIC_BASE)       /* -20 */
#define ADL_FLH_RET_ERR_MEM_FULL (ADL_RET_ERR_SPECIFIC_BASE - 1)        /* -21 */
#define ADL_FLH_RET_ERR_NO_ENOUGH_IDS (ADL_RET_ERR_SPECIFIC_BASE - 2)   /* -22 */
#define ADL_FLH_RET_ERR_ID_OUT_OF_RANGE (ADL_RET_ERR_SPECIFIC_BASE - 3) /* -23 */

/* OK, ADL_RET_ERR_PARAM (handle empty or too long, NbObjectsRes 0), ADL_RET_ERR_ALREADY_SUBSCRIBED,
 * ADL_FLH_RET_ERR_NO_ENOUGH_IDS (over 2000 in all), ADL_RET_ERR_NO_MORE_HANDLES (ours: 16). */
s8 adl_flhSubscribe(const ascii* Handle, u16 NbObjectsRes);
/* The object's size in bytes, 0 if it does not exist, ADL_RET_ERR_UNKNOWN_HDL or
 * ADL_FLH_RET_ERR_ID_OUT_OF_RANGE. */
s32 adl_flhExist(const ascii* Handle, u16 ID);
/* Replaces the object with Len (1..30720) bytes. OK, ADL_RET_ERR_PARAM, ADL_RET_ERR_UNKNOWN_HDL,
 * ADL_FLH_RET_ERR_ID_OUT_OF_RANGE, ADL_FLH_RET_ERR_MEM_FULL (also: 256 objects stored),
 * ADL_RET_ERR_FATAL (the flash refused an operation). */
s8 adl_flhWrite(const ascii* Handle, u16 ID, u16 Len, const u8* WriteData);
/* Copies the first Len bytes (Len <= its size) of the object. OK, ADL_RET_ERR_PARAM,
 * ADL_RET_ERR_UNKNOWN_HDL, ADL_FLH_RET_ERR_ID_OUT_OF_RANGE, ADL_FLH_RET_ERR_OBJ_NOT_EXIST. */
s8 adl_flhRead(const ascii* Handle, u16 ID, u16 Len, u8* ReadData);
/* Removes the object, or every object of the handle with ADL_FLH_ALL_IDS. OK,
 * ADL_RET_ERR_UNKNOWN_HDL, ADL_FLH_RET_ERR_ID_OUT_OF_RANGE, ADL_FLH_RET_ERR_OBJ_NOT_EXIST,
 * ADL_FLH_RET_ERR_MEM_FULL, ADL_RET_ERR_FATAL. */
s8 adl_flhErase(const ascii* Handle, u16 ID);
/* Bytes that can still be written before the next garbage collection. */
u32 adl_flhGetFreeMem(void);

/* ---- random numbers (q2686emu extension) ------------------------------------------------------
 * Words from the TRNG device (q2686_hw.h; Open AT has no such call). The emulated noise source
 * is a deterministic stream seeded by the emulator (reproducible runs): fine for seeding a
 * DRBG in tests, NOT a source of secrets. adl_trngRead waits for a fresh word (~1 us). */
u32 adl_trngRead(void);
void adl_trngFill(u8* out, u32 length);

/* ---- plug-ins (q2686emu extension) -----------------------------------------------------------
 * For drivers and libraries linked into an application that serve devices the ROM does not
 * know (firmware/wip: the PKTIF packet interface and the IP stack). Open AT keeps interrupt
 * lines and its scheduler to itself; these hooks are ours.
 *
 * adl_irqSubscribeLine attaches `handler` to INTC line `line` (Q2686_IRQ_*) and enables it; it
 * runs in IRQ mode with interrupts masked and must only read/acknowledge its device and latch
 * what happened (never call ADL or lwIP from it). adl_irqLock/adl_irqUnlock bracket the
 * event-loop side of such a latch (masks IRQs; nestable: pass back what Lock returned).
 *
 * adl_pollSubscribe adds `poll` to the event loop: it runs on every pass (after the AT engine,
 * timers and network events) and returns true if it did something. `has_work` is asked, with
 * interrupts masked, just before the CPU would sleep: true keeps it awake for another pass, so
 * it must be exact (true only when `poll` would do work) and cheap. Up to 4; -1 when full. */
typedef void (*adl_irqLineHandler_t)(void);
typedef bool (*adl_pollHandler_t)(void);
typedef bool (*adl_pollHasWork_t)(void);
s8 adl_irqSubscribeLine(u8 line, adl_irqLineHandler_t handler);
u32 adl_irqLock(void);
void adl_irqUnlock(u32 state);
s8 adl_pollSubscribe(adl_pollHandler_t poll, adl_pollHasWork_t has_work);

/* ---- miscellaneous ---------------------------------------------------------------------- */
/* Virtual time since reset, from the CPU cycle counter. */
uint64_t adl_cyclesNow(void);
uint32_t adl_msSinceBoot(void);

/* A line in the firmware log (DEBUG console; appears as a "firmware-log" event). */
void adl_trace(const char* text);

#endif /* Q2686_ADL_H */
