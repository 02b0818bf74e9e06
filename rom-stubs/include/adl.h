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

/* ---- miscellaneous ---------------------------------------------------------------------- */
/* Virtual time since reset, from the CPU cycle counter. */
uint64_t adl_cyclesNow(void);
uint32_t adl_msSinceBoot(void);

/* A line in the firmware log (DEBUG console; appears as a "firmware-log" event). */
void adl_trace(const char* text);

#endif /* Q2686_ADL_H */
