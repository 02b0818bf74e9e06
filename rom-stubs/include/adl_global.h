/* adl_global.h — the Open AT ADL application API of the emulated Q2686, written for q2686emu.
 *
 * An Open AT application includes this one header and links against the ROM library (see
 * docs/sdk.md: find_package(Q2686OpenAT) + q2686_add_application). Names, signatures and the
 * numeric values below follow the public Open AT ADL documentation (the ADL User Guide and the
 * interface descriptions that come with it); where the documentation gives no value, the value
 * is ours and docs/sdk.md says so ("ours" in a comment here). Nothing in this file is copied
 * from a vendor header.
 *
 * Execution model, as on Open AT: the ROM boots, calls the application's entry points (the task
 * table adl_InitTasks[], or the older adl_main()), then runs one event loop. Everything the
 * application does happens in callbacks from that loop (AT commands, timers, responses, network
 * events); there is no pre-emption, so no locking is ever needed. Handlers must return quickly.
 *
 * q2686emu's own additions (the exact TLS failure reason, plug-in hooks, ...) are in
 * q2686_ext.h, which this header does not include. */
#ifndef ADL_GLOBAL_H
#define ADL_GLOBAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ==== base types (wm_types) ================================================================ */
typedef uint8_t u8;
typedef int8_t s8;
typedef uint16_t u16;
typedef int16_t s16;
typedef uint32_t u32;
typedef int32_t s32;
typedef uint64_t u64;
typedef int64_t s64;
typedef char ascii; /* text parameters and strings */
/* bool is C's (stdbool.h): TRUE and FALSE are 1 and 0, as in Open AT. */
#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef NULL
#define NULL ((void*)0)
#endif
/* Generic return codes. */
#define OK 0
#define ERROR (-1)

/* ==== generic error codes (ADL error service) =============================================== */
#define ADL_RET_OK 0                      /* = OK */
#define ADL_RET_ERR_PARAM (-2)            /* a parameter is wrong */
#define ADL_RET_ERR_UNKNOWN_HDL (-3)      /* a handle or handler that was never subscribed */
#define ADL_RET_ERR_ALREADY_SUBSCRIBED (-4)
#define ADL_RET_ERR_NOT_SUBSCRIBED (-5)
#define ADL_RET_ERR_FATAL (-6)            /* a fatal error (e.g. a flash operation failed) */
#define ADL_RET_ERR_BAD_HDL (-7)
#define ADL_RET_ERR_BAD_STATE (-8)        /* not possible in the current state */
#define ADL_RET_ERR_PIN_KO (-9)
#define ADL_RET_ERR_NO_MORE_HANDLES (-10) /* the service's table is full */
#define ADL_RET_ERR_DONE (-11)
#define ADL_RET_ERR_OVERFLOW (-12)
#define ADL_RET_ERR_NOT_SUPPORTED (-13)   /* the service is not available (see docs/sdk.md) */
#define ADL_RET_ERR_NO_MORE_TIMERS (-14)
#define ADL_RET_ERR_NO_MORE_SEMAPHORES (-15)
#define ADL_RET_ERR_SERVICE_LOCKED (-16)  /* called from an interrupt handler */
#define ADL_RET_ERR_SPECIFIC_BASE (-20)   /* first code of the services' own errors */

/* ==== application entry points ============================================================== */
/* Why the modem started. */
typedef enum {
    ADL_INIT_POWER_ON,              /* power-on, or a software reset (AT+CFUN=1) */
    ADL_INIT_REBOOT_FROM_EXCEPTION, /* restart after a fatal error (the watchdog expired) */
    ADL_INIT_DOWNLOAD_SUCCESS,      /* not emulated */
    ADL_INIT_DOWNLOAD_ERROR,        /* not emulated */
    ADL_INIT_RTC                    /* woken by an RTC alarm */
} adl_InitType_e;

/* One line of the task table. Every task's entry point is called once at start-up, highest
 * Priority first; the table ends with a line of zeros { 0, 0, 0, 0 }. The stack size is checked
 * against the RAM (docs/sdk.md) but all tasks share the event loop's stack. */
typedef struct {
    void (*EntryPoint)(void);
    u32 StackSize;
    const ascii* Name;
    u8 Priority;
} adl_InitTasks_t;

/* Provided by the application: the task table ... */
extern const adl_InitTasks_t adl_InitTasks[];
/* ... or, the older convention, a single entry point and its stack size. */
void adl_main(adl_InitType_e InitType);
extern const u16 wm_apmCustomStackSize;

/* Optional identification strings an application may define. */
extern const ascii adl_InitApplicationName[];
extern const ascii adl_InitCompanyName[];
extern const ascii adl_InitApplicationVersion[];

/* Optional interrupt-context stack sizes (accepted, unused: there are no interrupt handlers in
 * the application). */
extern const u32 adl_InitIRQLowLevelStackSize;
extern const u32 adl_InitIRQHighLevelStackSize;

#define ADL_DECLARE_CALL_STACK(X) const u16 wm_apmCustomStackSize = (X)
#define ADL_DECLARE_LOWIRQ_STACK(X) const u32 adl_InitIRQLowLevelStackSize = (X)
#define ADL_DECLARE_HIGHIRQ_STACK(X) const u32 adl_InitIRQHighLevelStackSize = (X)

/* Why the modem started this time. */
adl_InitType_e adl_InitGetType(void);

/* ==== lists (wm_lst) ======================================================================== */
/* An ordered list of pointers. The AT service hands command parameters over as one
 * (adl_atCmdPreParser_t.ParaList, read with ADL_GET_PARAM). */
typedef struct wm_lst_s* wm_lst_t;
typedef s16 (*wm_lstCompare_f)(void* item1, void* item2);
typedef void (*wm_lstFree_f)(void* item);
typedef struct {
    wm_lstCompare_f CompareItem; /* for wm_lstFindItem / sorted lists; NULL: compare pointers */
    wm_lstFree_f FreeItem;       /* called on each item removed; NULL: items are not released */
} wm_lstTable_t;
#define WM_LIST_NONE 0x00
#define WM_LIST_SORTED 0x01 /* items are inserted in CompareItem order */
#define WM_LIST_NODUPLICATES 0x02

wm_lst_t wm_lstCreate(u16 Attr, wm_lstTable_t* FuncTable);
void wm_lstDestroy(wm_lst_t List);
void wm_lstClear(wm_lst_t List);
u16 wm_lstGetCount(wm_lst_t List);
s16 wm_lstAddItem(wm_lst_t List, void* pItem);     /* its index, or ERROR */
s16 wm_lstInsertItem(wm_lst_t List, void* pItem, u16 Index);
void* wm_lstGetItem(wm_lst_t List, u16 Index);     /* NULL past the end */
s16 wm_lstDeleteItem(wm_lst_t List, u16 Index);    /* the count left, or ERROR */
s16 wm_lstFindItem(wm_lst_t List, void* pItem);    /* its index, or ERROR */

/* ==== AT commands: ports ====================================================================== */
typedef enum {
    ADL_PORT_NONE = 0,
    ADL_PORT_UART1 = 1, /* the AT port of q2686emu */
    ADL_PORT_UART2 = 2, /* not emulated */
    ADL_PORT_USB = 3,   /* not emulated */
    ADL_PORT_UART1_VIRTUAL_BASE = 0x10,
    ADL_PORT_UART2_VIRTUAL_BASE = 0x20,
    ADL_PORT_USB_VIRTUAL_BASE = 0x30,
    ADL_PORT_BLUETOOTH_VIRTUAL_BASE = 0x40,
    ADL_PORT_GSM_BASE = 0x50,
    ADL_PORT_GPRS_BASE = 0x60,
    ADL_PORT_OPEN_AT_VIRTUAL_BASE = 0x80 /* where adl_atCmdCreate/adl_atCmdSend run commands */
} adl_port_e;
typedef adl_port_e adl_atPort_e;

/* Response types, combined with a port by ADL_AT_PORT_TYPE. */
#define ADL_AT_RSP 0x01 /* a response to the command being run */
#define ADL_AT_UNS 0x02 /* an unsolicited response */
#define ADL_AT_INT 0x04 /* an intermediate response */
#define ADL_AT_PORT_TYPE(_port_, _type_) ((u16)(((u16)(_port_) << 8) | (u16)(_type_)))

/* ==== AT commands: standard response strings ================================================== */
typedef enum {
    ADL_STR_NO_STRING, /* not a standard response */
    ADL_STR_OK,        /* "OK" */
    ADL_STR_BUSY,      /* "BUSY" */
    ADL_STR_NO_ANSWER, /* "NO ANSWER" */
    ADL_STR_NO_CARRIER,/* "NO CARRIER" */
    ADL_STR_CONNECT,   /* "CONNECT" */
    ADL_STR_ERROR,     /* "ERROR" */
    ADL_STR_CME_ERROR, /* "+CME ERROR: <n>" */
    ADL_STR_CMS_ERROR, /* "+CMS ERROR: <n>" */
    ADL_STR_CPIN,      /* "+CPIN: " */
    ADL_STR_CPIN2,     /* "+CPIN2: " */
    ADL_STR_LAST_TERMINAL, /* the IDs before this one end a command */
    ADL_STR_RING = ADL_STR_LAST_TERMINAL,
    ADL_STR_WIND,   /* "+WIND: " */
    ADL_STR_CRING,  /* "+CRING: " */
    ADL_STR_CPINC,  /* "+CPINC: " */
    ADL_STR_WSTR,   /* "+WSTR: " */
    ADL_STR_CMEE,   /* "+CMEE: " */
    ADL_STR_CREG,   /* "+CREG: " */
    ADL_STR_CGREG,  /* "+CGREG: " */
    ADL_STR_CRC,    /* "+CRC: " */
    ADL_STR_CGEV,   /* "+CGEV: " */
    ADL_STR_CGEREP, /* "+CGEREP: " */
    ADL_STR_LAST
} adl_strID_e;

/* The text of a standard response, without CR/LF ("OK", "+CME ERROR: "); NULL if unknown. */
const ascii* adl_strGetResponse(adl_strID_e RspID);
/* The ID of a response text ("\r\nOK\r\n" → ADL_STR_OK), ADL_STR_NO_STRING if not standard. */
adl_strID_e adl_strGetID(const ascii* rsp);
bool adl_strIsTerminalResponse(adl_strID_e RspID);

/* ==== AT commands: subscription ================================================================ */
/* Command types, OR-ed in adl_atCmdSubscribe's options. With ADL_CMD_TYPE_PARA the low byte gives
 * the accepted parameter counts: 0xXY = at most X, at least Y (0x0031: one to three). A command
 * whose count is outside is answered ERROR without calling the handler. Ours: a low byte of 0
 * accepts any count (docs/sdk.md). */
#define ADL_CMD_TYPE_PARA 0x0100     /* AT+CMD=x,y */
#define ADL_CMD_TYPE_TEST 0x0200     /* AT+CMD=? */
#define ADL_CMD_TYPE_READ 0x0400     /* AT+CMD? */
#define ADL_CMD_TYPE_ACT 0x0800      /* AT+CMD */
/* ADL_CMD_TYPE_ROOT: every command starting with the string ("AT+MY": AT+MY, AT+MYCMD=1, AT+MYX?;
 * "AT-": AT-X=1) that no subscription of its own accepts reaches the handler with Type
 * ADL_CMD_TYPE_ROOT, NbPara 0 and the command as received in StrData. Basic commands (ATI,
 * AT&F) have no root (docs/sdk.md). */
#define ADL_CMD_TYPE_ROOT 0x1000
#define ADL_CMD_TYPE_ROOT_EXT 0x2000 /* not emulated */

/* What a command handler receives. */
typedef struct {
    u16 Type;          /* the one ADL_CMD_TYPE_* of this command */
    u8 NbPara;         /* parameters after '=' (ADL_CMD_TYPE_PARA), 0 otherwise */
    u8 Port;           /* the port it came from: ADL_PORT_UART1, or ADL_PORT_OPEN_AT_VIRTUAL_BASE */
    wm_lst_t ParaList; /* the parameters, read them with ADL_GET_PARAM */
    u16 StrLength;     /* length of StrData */
    u16 NI;            /* notification identifier (always 0 here) */
    void* Contxt;      /* the context given to adl_atCmdSubscribeExt */
    ascii StrData[];   /* the command as received, spaces removed: "AT+MYCMD=1,\"a b\"" */
} adl_atCmdPreParser_t;

/* Parameter _i_ (0-based) as text, quotes removed; NULL when the parameter is absent or empty. */
#define ADL_GET_PARAM(_P_, _i_) ((ascii*)wm_lstGetItem((_P_)->ParaList, (u16)(_i_)))

typedef void (*adl_atCmdHandler_t)(adl_atCmdPreParser_t* Params);

/* Subscribes `Cmdstr` ("AT+MYCMD", "ATI": with the AT prefix, any case) to `Cmdhdl` for the
 * types in `Cmdopt`. A second subscription of the same command replaces the first. Every call of
 * the handler must end, sooner or later, with exactly one terminal response
 * (adl_atSendStdResponse ADL_STR_OK / ADL_STR_ERROR / ADL_STR_CME_ERROR...).
 * OK, ADL_RET_ERR_PARAM (no "AT", empty, too long (16 characters after AT), no handler, no type),
 * ADL_RET_ERR_ALREADY_SUBSCRIBED (a command of the modem itself, docs/sdk.md),
 * ADL_RET_ERR_NO_MORE_HANDLES (48 commands in all). */
s16 adl_atCmdSubscribe(const ascii* Cmdstr, adl_atCmdHandler_t Cmdhdl, u16 Cmdopt);
s16 adl_atCmdSubscribeExt(const ascii* Cmdstr, adl_atCmdHandler_t Cmdhdl, u16 Cmdopt, void* Context);
/* OK, ADL_RET_ERR_UNKNOWN_HDL (not subscribed with that handler). */
s16 adl_atCmdUnSubscribe(const ascii* Cmdstr, adl_atCmdHandler_t Cmdhdl);

/* ==== AT commands: responses =================================================================== */
/* Sends `Text` exactly as given: the text carries its own CR/LF ("\r\n+MYCMD: 1\r\n"). `Type` is
 * ADL_AT_RSP, ADL_AT_INT or ADL_AT_UNS, optionally with a port (ADL_AT_PORT_TYPE). Text sent while
 * a command started by adl_atCmdCreate runs goes to that command's response handler.
 * OK, ADL_RET_ERR_PARAM (NULL text). */
s32 adl_atSendResponse(u16 Type, const ascii* Text);
/* A standard response: with ADL_AT_RSP and a terminal ID (OK, ERROR, +CME ERROR...) it ends the
 * running command ("\r\nOK\r\n" is sent once the whole command line has run). */
s32 adl_atSendStdResponse(u16 Type, adl_strID_e RspID);
/* The same with a numeric argument: ADL_STR_CME_ERROR, 3 → "+CME ERROR: 3" (shown according
 * to AT+CMEE: plain "ERROR" under AT+CMEE=0, the text under AT+CMEE=2). */
s32 adl_atSendStdResponseExt(u16 Type, adl_strID_e RspID, u32 arg);
#define adl_atSendResponsePort(_t_, _p_, _r_) adl_atSendResponse(ADL_AT_PORT_TYPE((_p_), (_t_)), (_r_))
#define adl_atSendStdResponsePort(_t_, _p_, _r_) adl_atSendStdResponse(ADL_AT_PORT_TYPE((_p_), (_t_)), (_r_))
#define adl_atSendStdResponseExtPort(_t_, _p_, _r_, _a_) \
    adl_atSendStdResponseExt(ADL_AT_PORT_TYPE((_p_), (_t_)), (_r_), (_a_))

/* ==== AT commands: the application sends commands ============================================= */
/* One response to a command sent by adl_atCmdCreate/adl_atCmdSend. */
typedef struct {
    adl_strID_e RspID; /* the standard response it is, or ADL_STR_NO_STRING */
    adl_atPort_e Dest; /* where it would go when the handler returns TRUE */
    u16 StrLength;
    void* Contxt;      /* the context of adl_atCmdSendExt (NULL otherwise) */
    bool IsTerminal;   /* the command's final response (OK, ERROR, +CME ERROR...) */
    u8 NI;
    u8 Type;           /* ADL_AT_RSP, ADL_AT_INT or ADL_AT_UNS */
    u8 Pad[1];
    ascii StrData[];   /* the response as the modem sends it: "\r\n+CCLK: \"24/05/17,10:00:00+08\"\r\n" */
} adl_atResponse_t;

/* Returns TRUE to also send the response to the port the command came from, FALSE to keep it. */
typedef bool (*adl_atRspHandler_t)(adl_atResponse_t* Params);

/* Queues the command line `atstr` ("AT+CCLK?") to run on the Open AT port as soon as it is
 * free; the AT port's own command may be running meanwhile. `rspflag` is TRUE/FALSE, optionally
 * with a port by ADL_AT_PORT_TYPE: TRUE sends the responses nobody subscribed to UART1, FALSE
 * drops them; a subscribed response goes to UART1 too when its handler returns TRUE. The variable arguments are the response prefixes `rsphdl` subscribes to ("+CCLK:",
 * "OK", "ERROR", or "*" for every response), ending with NULL; a NULL handler only sends the
 * command. OK, ADL_RET_ERR_PARAM (no "AT" prefix, too long, too many queued: 8). */
s8 adl_atCmdCreate(const ascii* atstr, u16 rspflag, adl_atRspHandler_t rsphdl, ...);
/* The same, on the Open AT virtual port (unsubscribed responses are dropped). */
s8 adl_atCmdSend(const ascii* atstr, adl_atRspHandler_t rsphdl, ...);
/* The same, with a port, a notification identifier (ignored) and a context. */
s8 adl_atCmdSendExt(const ascii* atstr, adl_atPort_e port, u16 NI, void* Contxt, adl_atRspHandler_t rsphdl, ...);
/* Gives the text a running text-mode command (one that answered the "> " prompt, as AT+CMGS does)
 * waits for on `Port`; a Ctrl-Z (0x1A) is added when missing. OK, ADL_RET_ERR_PARAM (NULL text, or
 * no command waits for text on that port: none of the emulated modem's commands prompts for
 * text, docs/sdk.md). */
s8 adl_atCmdSendText(adl_port_e Port, const ascii* Text);

/* ==== AT commands: unsolicited responses ======================================================= */
/* An unsolicited response the modem is about to send ("+WIND: 4", "+CREG: 1"...). */
typedef struct {
    adl_strID_e RspID; /* the standard response it is (ADL_STR_WIND...), or ADL_STR_NO_STRING */
    adl_atPort_e Dest; /* where it goes: ADL_PORT_UART1 */
    u16 StrLength;
    bool RiPulse;      /* not emulated (always FALSE) */
    u8 Pad[3];
    ascii StrData[];   /* the response as it would be sent: "\r\n+WIND: 4\r\n" */
} adl_atUnsolicited_t;

/* Returns TRUE to let the response go to the port too, FALSE to keep it from the port. */
typedef bool (*adl_atUnSoHandler_t)(adl_atUnsolicited_t* Params);

/* Calls `UnSohdl` for every unsolicited response starting with `UnSostr` ("+WIND:"); the
 * response reaches the port unless a handler returns FALSE. Unsolicited responses the handler
 * sends itself are not offered again. OK, ADL_RET_ERR_PARAM, ADL_RET_ERR_ALREADY_SUBSCRIBED
 * (the same string and handler), ADL_RET_ERR_NO_MORE_HANDLES (8 in all). */
s16 adl_atUnSoSubscribe(const ascii* UnSostr, adl_atUnSoHandler_t UnSohdl);
/* OK, ADL_RET_ERR_UNKNOWN_HDL. */
s16 adl_atUnSoUnSubscribe(const ascii* UnSostr, adl_atUnSoHandler_t UnSohdl);

/* ==== timers =================================================================================== */
typedef enum {
    ADL_TMR_TYPE_100MS, /* the value counts 100 ms steps */
    ADL_TMR_TYPE_TICK   /* the value counts 18.5 ms ticks (four GSM TDMA frames) */
} adl_tmrType_e;

typedef enum {
    ADL_TMR_CYCLIC_OPT_NONE,          /* one shot */
    ADL_TMR_CYCLIC_OPT_ON_RECEIVE,    /* cyclic, re-armed when the handler is called */
    ADL_TMR_CYCLIC_OPT_ON_EXPIRATION  /* cyclic, re-armed when it expires (no drift) */
} adl_tmrCyclicMode_e;

#define ADL_TMR_100MS_MAX_VALUE 0x7FFFFFFFu
#define ADL_TMR_TICK_MAX_VALUE 0x7FFFFFFFu
/* Conversions. */
#define ADL_TMR_S_TO_TICK(_s_) ((u32)(_s_) * 1000u / 18u)
#define ADL_TMR_MN_TO_TICK(_mn_) ADL_TMR_S_TO_TICK((u32)(_mn_) * 60u)

typedef struct adl_tmr_s adl_tmr_t;
/* `ID` is the timer's number; `Context` what adl_tmrSubscribeExt was given (NULL otherwise). */
typedef void (*adl_tmrHandler_t)(u8 ID, void* Context);

/* Starts a timer of `TimerValue` units (> 0). NULL when the value is 0, there is no handler or
 * all 32 timers are in use. */
adl_tmr_t* adl_tmrSubscribe(bool bCyclic, u32 TimerValue, adl_tmrType_e TimerType, adl_tmrHandler_t Timerhdl);
adl_tmr_t* adl_tmrSubscribeExt(adl_tmrCyclicMode_e CyclicOpt, u32 TimerValue, adl_tmrType_e TimerType,
                               adl_tmrHandler_t Timerhdl, void* Context, bool Strict);
/* Stops it: the time that was left, in `TimerType` units (≥ 0), or ADL_RET_ERR_PARAM (NULL),
 * ADL_RET_ERR_UNKNOWN_HDL (not running, or another handler). */
s32 adl_tmrUnSubscribe(adl_tmr_t* t, adl_tmrHandler_t Handler, adl_tmrType_e TimerType);

/* ==== memory =================================================================================== */
/* A block of `size` bytes from the application heap, NULL when none is left. */
void* adl_memGet(u32 size);
/* Releases the block and sets the pointer to NULL. TRUE, FALSE for a NULL pointer. */
bool _adl_memRelease(void** ptr);
#define adl_memRelease(_p_) _adl_memRelease((void**)&(_p_))

/* ==== traces =================================================================================== */
/* TRACE((level, "format %d", value)) writes one formatted line to the modem's debug console
 * (a "firmware-log" event, shown by `q2686emu at --events`); DUMP((level, buffer, length)) the
 * bytes in hexadecimal. Levels 1..32 are kept, level 0 and higher ones dropped. Both are compiled
 * in unless Q2686_NO_TRACES is defined (ours: traces are always enabled in an emulator build). */
void adl_trcPrint(u8 level, const ascii* format, ...) __attribute__((format(printf, 2, 3)));
void adl_trcDump(u8 level, const u8* buffer, u16 length);
#ifdef Q2686_NO_TRACES
#define TRACE(_X_) ((void)0)
#define DUMP(_X_) ((void)0)
#else
#define TRACE(_X_) adl_trcPrint _X_
#define DUMP(_X_) adl_trcDump _X_
#endif

/* ==== string and memory helpers (wm_*) ======================================================== */
s32 wm_sprintf(ascii* buffer, const ascii* format, ...) __attribute__((format(printf, 2, 3)));
s32 wm_snprintf(ascii* buffer, u32 size, const ascii* format, ...) __attribute__((format(printf, 3, 4)));
ascii* wm_strcpy(ascii* dst, const ascii* src);
ascii* wm_strncpy(ascii* dst, const ascii* src, u32 n);
ascii* wm_strcat(ascii* dst, const ascii* src);
ascii* wm_strncat(ascii* dst, const ascii* src, u32 n);
u32 wm_strlen(const ascii* str);
s32 wm_strcmp(const ascii* s1, const ascii* s2);
s32 wm_strncmp(const ascii* s1, const ascii* s2, u32 n);
s32 wm_stricmp(const ascii* s1, const ascii* s2);  /* ignoring case */
s32 wm_strnicmp(const ascii* s1, const ascii* s2, u32 n);
ascii* wm_strchr(const ascii* str, ascii c);
ascii* wm_strrchr(const ascii* str, ascii c);
ascii* wm_strstr(const ascii* str, const ascii* sub);
void* wm_memset(void* dst, u8 value, u32 n);
void* wm_memcpy(void* dst, const void* src, u32 n);
void* wm_memmove(void* dst, const void* src, u32 n);
s32 wm_memcmp(const void* m1, const void* m2, u32 n);
/* Decimal text to a number (leading spaces and a sign accepted; stops at the first non-digit). */
s32 wm_atoi(const ascii* str);
/* The decimal text of `value` in `str`; returns str. */
ascii* wm_itoa(s32 value, ascii* str);
/* `len` hexadecimal characters of `str` to a number (upper or lower case). */
u32 wm_hexatoi(const ascii* str, u16 len);
/* `value` as `len` upper-case hexadecimal digits in `str` (NUL-terminated); returns str. */
ascii* wm_itohexa(ascii* str, u32 value, u8 len);
bool wm_isnumstring(const ascii* str);  /* only decimal digits (and not empty) */
bool wm_ishexastring(const ascii* str); /* only hexadecimal digits (and not empty) */
/* Copies `src` into `dst` (at most `size` characters) without its CR and LF characters. */
ascii* wm_strRemoveCRLF(ascii* dst, const ascii* src, u16 size);
/* The `position`-th (1-based) comma-separated parameter of an AT response such as
 * "+CCLK: \"24/05/17,10:00:00+08\"" (text after the first ':'; quotes removed) into `dst`;
 * NULL when there is no such parameter. */
ascii* wm_strGetParameterString(ascii* dst, const ascii* src, u8 position);

/* ==== real-time clock ========================================================================= */
/* A calendar time of the RTC: the local time as set by AT+CCLK or adl_rtcSetTime. */
typedef struct {
    u32 Pad0;           /* not used */
    u32 Pad1;           /* not used */
    u16 Year;           /* four digits: 1998..2097 */
    u8 Month;           /* 1..12 */
    u8 Day;             /* 1..31 */
    u8 WeekDay;         /* 0 (Sunday) .. 6 (Saturday) */
    u8 Hour;            /* 0..23 */
    u8 Minute;          /* 0..59 */
    u8 Second;          /* 0..59 */
    u32 SecondFracPart; /* 0..ADL_RTC_SECOND_FRACPART_MAX: 32.768 kHz ticks into the second */
    u32 Pad2;           /* not used */
} adl_rtcTime_t;

/* A time stamp, for arithmetic. */
typedef struct {
    u32 TimeStamp;      /* seconds since 1970-01-01 00:00:00 (of the RTC's local time) */
    u32 SecondFracPart; /* as in adl_rtcTime_t */
} adl_rtcTimeStamp_t;

typedef enum {
    ADL_RTC_CONVERT_TO_TIMESTAMP,   /* adl_rtcTime_t → adl_rtcTimeStamp_t */
    ADL_RTC_CONVERT_FROM_TIMESTAMP  /* adl_rtcTimeStamp_t → adl_rtcTime_t */
} adl_rtcConvert_e;

#define ADL_RTC_MINUTE_SECONDS 60
#define ADL_RTC_HOUR_SECONDS (60 * ADL_RTC_MINUTE_SECONDS)
#define ADL_RTC_DAY_SECONDS (24 * ADL_RTC_HOUR_SECONDS)
#define ADL_RTC_MS_US 1000
#define ADL_RTC_SECOND_FRACPART_MAX 32767u /* ours: the RTC's 32.768 kHz time base */
/* One step of SecondFracPart, in microseconds. */
float adl_rtcGetSecondFracPartStep(void);
#define ADL_RTC_SECOND_FRACPART_STEP adl_rtcGetSecondFracPartStep()
#define ADL_RTC_GET_TIMESTAMP_DAYS(_t) ((_t).TimeStamp / ADL_RTC_DAY_SECONDS)
#define ADL_RTC_GET_TIMESTAMP_HOURS(_t) (((_t).TimeStamp % ADL_RTC_DAY_SECONDS) / ADL_RTC_HOUR_SECONDS)
#define ADL_RTC_GET_TIMESTAMP_MINUTES(_t) (((_t).TimeStamp % ADL_RTC_HOUR_SECONDS) / ADL_RTC_MINUTE_SECONDS)
#define ADL_RTC_GET_TIMESTAMP_SECONDS(_t) ((_t).TimeStamp % ADL_RTC_MINUTE_SECONDS)
#define ADL_RTC_GET_TIMESTAMP_MS(_t) ((u32)((_t).SecondFracPart * ADL_RTC_SECOND_FRACPART_STEP) / ADL_RTC_MS_US)
#define ADL_RTC_GET_TIMESTAMP_US(_t) ((u32)((_t).SecondFracPart * ADL_RTC_SECOND_FRACPART_STEP) % ADL_RTC_MS_US)

/* The current time. OK, ADL_RET_ERR_PARAM (NULL). */
s32 adl_rtcGetTime(adl_rtcTime_t* TimeStructure);
/* Sets the clock (the same as AT+CCLK; WeekDay and SecondFracPart are ignored, the time zone is
 * kept). OK, ADL_RET_ERR_PARAM (NULL, or not a valid date and time in 1998..2097). */
s32 adl_rtcSetTime(adl_rtcTime_t* TimeStructure);
/* OK, ADL_RET_ERR_PARAM (NULL, a bad mode, a time outside 1970..2105). */
s32 adl_rtcConvertTime(adl_rtcTime_t* TimeStructure, adl_rtcTimeStamp_t* TimeStamp, adl_rtcConvert_e Conversion);
/* |TimeStamp1 - TimeStamp2| into Result; 1 if the first is later, -1 if earlier, 0 if equal,
 * ADL_RET_ERR_PARAM for a NULL pointer. */
s32 adl_rtcDiffTime(adl_rtcTimeStamp_t* TimeStamp1, adl_rtcTimeStamp_t* TimeStamp2, adl_rtcTimeStamp_t* Result);

/* ==== SIM ======================================================================================
 * The SIM the host put in the holder (docs/sdk.md): absent, ready, or asking for a PIN. The
 * events come one second after start-up, then on PIN entry, removal and insertion. */
typedef enum {
    ADL_SIM_STATE_INIT,      /* not known yet */
    ADL_SIM_STATE_REMOVED,
    ADL_SIM_STATE_INSERTED,
    ADL_SIM_STATE_FULL_INIT, /* ready: the modem registers, GPRS may be used */
    ADL_SIM_STATE_PIN_ERROR,
    ADL_SIM_STATE_PIN_OK,
    ADL_SIM_STATE_PIN_WAIT,
    ADL_SIM_STATE_PUK_WAIT,
    ADL_SIM_STATE_PUK_ERROR,
    ADL_SIM_STATE_FAILURE,
    ADL_SIM_STATE_NET_LOCK,
    ADL_SIM_STATE_LAST
} adl_simState_e;

typedef enum {
    ADL_SIM_EVENT_REMOVED = 1,
    ADL_SIM_EVENT_INSERTED,
    ADL_SIM_EVENT_FULL_INIT, /* the SIM is ready */
    ADL_SIM_EVENT_PIN_ERROR,
    ADL_SIM_EVENT_PIN_OK,
    ADL_SIM_EVENT_PIN_WAIT,
    ADL_SIM_EVENT_PUK_WAIT,
    ADL_SIM_EVENT_PUK_ERROR,
    ADL_SIM_EVENT_FAILURE,
    ADL_SIM_EVENT_NET_LOCK,
    ADL_SIM_EVENT_LAST
} adl_simEvent_e;

typedef void (*adl_simHdlr_f)(u8 Event);

/* Subscribes `SimHandler` to the SIM events (from the event loop). A handler subscribed later
 * gets the current state's event (FULL_INIT, PIN_WAIT, PUK_WAIT, REMOVED) on the next pass of the
 * loop. `PinCode` (NULL: none) is entered when the SIM asks for one. OK, ADL_RET_ERR_PARAM (no handler),
 * ADL_RET_ERR_ALREADY_SUBSCRIBED, ADL_RET_ERR_NO_MORE_HANDLES (4). */
s32 adl_simSubscribe(adl_simHdlr_f SimHandler, const ascii* PinCode);
s32 adl_simUnsubscribe(adl_simHdlr_f SimHandler); /* OK, ADL_RET_ERR_UNKNOWN_HDL */
adl_simState_e adl_simGetState(void);
/* OK (the outcome comes as ADL_SIM_EVENT_PIN_OK + FULL_INIT or PIN_ERROR), ADL_RET_ERR_PARAM
 * (NULL), ADL_RET_ERR_BAD_STATE (no PIN is awaited). */
s32 adl_simEnterPIN(const ascii* PinCode);

/* ==== SMS: declared, not emulated ==============================================================
 * The calls link and answer ADL_RET_ERR_NOT_SUPPORTED (adl_smsUnsubscribe:
 * ADL_RET_ERR_NOT_SUBSCRIBED); the first call of each logs "adl_xxx: not emulated" on the debug
 * console (docs/sdk.md). */
#define ADL_SMS_FORWARD_INDICATION_AND_STORE 1
#define ADL_SMS_FILTER_INDICATION_AND_DELETE 0
#define ADL_SMS_FILTER_INDICATION_AND_STORE (-1)
#define ADL_SMS_MODE_PDU 0x00
#define ADL_SMS_MODE_TEXT 0x01
#define ADL_SMS_EVENT_SENDING_OK 0
#define ADL_SMS_EVENT_SENDING_ERROR 1
#define ADL_SMS_EVENT_SENDING_MR 2
typedef bool (*adl_smsHdlr_f)(ascii* SmsTel, ascii* SmsTimeOrLength, ascii* SmsText);
typedef s32 (*adl_smsHdlrExt_f)(ascii* SmsTel, ascii* SmsTimeOrLength, ascii* SmsText);
typedef void (*adl_smsCtrlHdlr_f)(u8 Event, u16 Nb);
s8 adl_smsSubscribe(adl_smsHdlr_f SmsHandler, adl_smsCtrlHdlr_f SmsCtrlHandler, u8 Mode);
s8 adl_smsSubscribeExt(adl_smsHdlrExt_f SmsHandler, adl_smsCtrlHdlr_f SmsCtrlHandler, u8 Mode);
s8 adl_smsSend(u8 Handle, const ascii* SmsTel, const ascii* SmsText, u8 Mode);
s8 adl_smsUnsubscribe(u8 Handle);

/* ==== flash objects ============================================================================
 * Objects of up to 30 KiB named by a handle and an ID in 0..NbObjectsRes-1, kept across power
 * cycles (docs/flash-objects.md). Ours: handles of 1..15 characters, 16 handles, 256 objects. */
#define ADL_FLH_ALL_IDS 0xFFFFu
#define ADL_FLH_RET_ERR_OBJ_NOT_EXIST (ADL_RET_ERR_SPECIFIC_BASE)       /* -20 */
#define ADL_FLH_RET_ERR_MEM_FULL (ADL_RET_ERR_SPECIFIC_BASE - 1)        /* -21 */
#define ADL_FLH_RET_ERR_NO_ENOUGH_IDS (ADL_RET_ERR_SPECIFIC_BASE - 2)   /* -22 */
#define ADL_FLH_RET_ERR_ID_OUT_OF_RANGE (ADL_RET_ERR_SPECIFIC_BASE - 3) /* -23 */
s8 adl_flhSubscribe(const ascii* Handle, u16 NbObjectsRes);
s32 adl_flhExist(const ascii* Handle, u16 ID);
s8 adl_flhWrite(const ascii* Handle, u16 ID, u16 Len, const u8* WriteData);
s8 adl_flhRead(const ascii* Handle, u16 ID, u16 Len, u8* ReadData);
s8 adl_flhErase(const ascii* Handle, u16 ID);
u32 adl_flhGetFreeMem(void);
/* The IDs reserved by `Handle`, ADL_RET_ERR_UNKNOWN_HDL; with NULL, the IDs left to reserve. */
s32 adl_flhGetIDCount(const ascii* Handle);
/* The bytes used by the objects StartID..EndID of `Handle` (EndID ADL_FLH_ALL_IDS: to its last
 * ID), ADL_RET_ERR_UNKNOWN_HDL, ADL_FLH_RET_ERR_ID_OUT_OF_RANGE; with NULL, by every handle. */
s32 adl_flhGetUsedSize(const ascii* Handle, u16 StartID, u16 EndID);

/* ==== GPRS ======================================================================================
 * PDP contexts 1..3, shared with AT+CGDCONT/AT+CGACT; events reach every handler from the event
 * loop. The event values are ours (docs/sdk.md). */
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
#define ADL_GPRS_FORWARD 0
#define ADL_GPRS_NO_FORWARD 1
#define ADL_GPRS_CID_NOT_DEFINED (-3)

typedef s8 (*adl_gprsHdlr_f)(u16 event, u8 cid);
typedef struct {
    const ascii* APN;
    const ascii* Login;
    const ascii* Password;
    const ascii* FixedIP; /* must be NULL or "" */
    bool HeaderCompression;
    bool DataCompression;
} adl_gprsSetupParams_t;
typedef struct {
    u32 LocalIP; /* a << 24 | b << 16 | c << 8 | d */
    u32 DNS1;
    u32 DNS2;
    u32 Gateway;
} adl_gprsInfosCid_t;
s8 adl_gprsSubscribe(adl_gprsHdlr_f handler);
s8 adl_gprsUnsubscribe(adl_gprsHdlr_f handler);
s8 adl_gprsSetup(u8 cid, adl_gprsSetupParams_t params);
s8 adl_gprsAct(u8 cid);
s8 adl_gprsDeact(u8 cid);
s8 adl_gprsGetCidInformations(u8 cid, adl_gprsInfosCid_t* infos);

/* ==== services declared in headers of their own ==============================================
 * GPIO, ADC, buses, calls, FCM, audio, semaphores, A&D, messages, interrupts are declared, not
 * emulated (each call answers the documented error and says "adl_xxx: not emulated" once); the
 * error service's adl_errHalt and the application watchdog reset the modem as a real one does;
 * contexts and ports answer for the emulated modem (docs/sdk.md, "What is implemented"). */
#include "adl_gpio.h"
#include "adl_adc.h"
#include "adl_bus.h"
#include "adl_call.h"
#include "adl_fcm.h"
#include "adl_audio.h"
#include "adl_sem.h"
#include "adl_error.h"
#include "adl_ad.h"
#include "adl_ctx.h"
#include "adl_msg.h"
#include "adl_irq.h"
#include "adl_port.h"
#include "adl_wd.h"
#include "adl_reg.h"

#ifdef __cplusplus
}
#endif

#endif /* ADL_GLOBAL_H */
