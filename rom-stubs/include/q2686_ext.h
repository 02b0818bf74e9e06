/* q2686_ext.h — q2686emu's extensions to the Open AT API (adl_global.h). Open AT has none of
 * these; an application that uses them builds only for the emulator. docs/sdk.md lists them.
 * The TLS extensions (wip_SSLGetLastError: the exact reason of a "Bad certificate", the
 * handshake step handler, ...) are in wip_ssl.h, marked "ours". */
#ifndef Q2686_EXT_H
#define Q2686_EXT_H

#include "adl_global.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- AT commands --------------------------------------------------------------------------- */
/* A whole response line: sends "\r\n<text>\r\n" (the modem's own response format). */
s32 adl_atSendLine(u16 Type, const ascii* Text);
/* Ends the running command with "+CME ERROR: <code>" (numeric or verbose per AT+CMEE) or plain
 * "ERROR" under AT+CMEE=0: adl_atSendStdResponseExt(ADL_AT_RSP, ADL_STR_CME_ERROR, code). */
void adl_atSendCmeError(u16 code);
/* Was parameter `index` of the command being run a "quoted string"? */
bool adl_atParamIsQuoted(const adl_atCmdPreParser_t* Params, u8 index);
/* The same as adl_atCmdSubscribeExt (kept for the ROM's own commands). */
s16 adl_atCmdSubscribeCtx(const ascii* Cmdstr, adl_atCmdHandler_t Cmdhdl, u16 Cmdopt, void* Context);

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
const ascii* adl_cmeText(u16 code);

/* ---- timers ----------------------------------------------------------------------------------- */
/* A third adl_tmrType_e: the value counts milliseconds. */
#define ADL_TMR_TYPE_MS ((adl_tmrType_e)0x10)

/* ---- real-time clock -------------------------------------------------------------------------- */
/* The time zone of the clock, in quarter hours (-96..+96), as AT+CCLK sets and shows it. */
s8 adl_rtcGetTimeZone(void);
/* OK, or ADL_RET_ERR_PARAM outside -96..+96. */
s32 adl_rtcSetTimeZone(s8 quarters);
/* Seconds since 1998-01-01 00:00:00 of the RTC. */
u32 adl_rtcGetSeconds(void);

/* ---- GPRS ------------------------------------------------------------------------------------- */
bool adl_gprsIsActive(u8 cid); /* is PDP context `cid` active? */

/* ---- random numbers ----------------------------------------------------------------------------
 * Words from the TRNG device. The emulated noise source is a deterministic stream seeded by the
 * emulator (reproducible runs): fine for seeding a DRBG in tests, NOT a source of secrets. */
u32 adl_trngRead(void);
void adl_trngFill(u8* out, u32 length);

/* ---- plug-ins ----------------------------------------------------------------------------------
 * For drivers and libraries linked into an application that serve devices the ROM does not
 * know (the WIP library: the PKTIF packet interface and the IP stack).
 * adl_irqSubscribeLine attaches `handler` to INTC line `line` and enables it; it runs in IRQ
 * mode with interrupts masked and must only read/acknowledge its device and latch what
 * happened. adl_irqLock/adl_irqUnlock bracket the event-loop side of such a latch (nestable).
 * adl_pollSubscribe adds `poll` to the event loop: it runs on every pass and returns true if it
 * did something; `has_work` is asked, with interrupts masked, just before the CPU would sleep.
 * Up to 4; -1 when full. */
typedef void (*adl_irqLineHandler_t)(void);
typedef bool (*adl_pollHandler_t)(void);
typedef bool (*adl_pollHasWork_t)(void);
s8 adl_irqSubscribeLine(u8 line, adl_irqLineHandler_t handler);
u32 adl_irqLock(void);
void adl_irqUnlock(u32 state);
s8 adl_pollSubscribe(adl_pollHandler_t poll, adl_pollHasWork_t has_work);

/* ---- virtual time and the debug console ------------------------------------------------------- */
uint64_t adl_cyclesNow(void);  /* CPU cycles since reset (104 MHz) */
uint32_t adl_msSinceBoot(void);
/* One line on the debug console (a "firmware-log" event), as TRACE without a level. */
void adl_trace(const ascii* text);

#ifdef __cplusplus
}
#endif

#endif /* Q2686_EXT_H */
