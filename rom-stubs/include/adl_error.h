/* adl_error.h — the ADL error service, included by adl_global.h. Written for q2686emu from
 * the public ADL documentation (names, signatures, ADL_ERR_LEVEL_APP and the levels of ADL's own
 * errors); not copied from a vendor header.
 *
 * adl_errHalt works as on the real modem: the handler given to adl_errSubscribe (if any) is
 * asked first; unless it returns FALSE, the modem logs "adl_errHalt: <id> \"<text>\"" on the
 * debug console and resets through its watchdog, and adl_InitGetType() of the next start says
 * ADL_INIT_REBOOT_FROM_EXCEPTION. Each such error leaves a back-trace in flash (16 at most),
 * which the analysis functions below read after the reset; ours, a back-trace is the text
 * "adl_errHalt <id> \"<text>\" from 0x<caller address>" with its NUL (docs/sdk.md). */
#ifndef ADL_ERROR_H
#define ADL_ERROR_H

/* The errors ADL raises itself, and the first identifier of the application's own. */
typedef enum {
    ADL_ERR_LEVEL_MEM = 0x0010,
    ADL_ERR_MEM_GET = ADL_ERR_LEVEL_MEM, /* out of dynamic memory */
    ADL_ERR_MEM_RELEASE,
    ADL_ERR_MEM_INVALID_CALL,
    ADL_ERR_LEVEL_FLH = 0x0020,
    ADL_ERR_FLH_READ = ADL_ERR_LEVEL_FLH,
    ADL_ERR_FLH_DELETE,
    ADL_ERR_LEVEL_APP = 0x0100 /* the application's identifiers start here */
} adl_errInternalID_e;

/* Called by adl_errHalt before the reset: TRUE lets the modem reset, FALSE refuses (adl_errHalt
 * then returns to its caller). */
typedef bool (*adl_errHdlr_f)(u16 ErrorID, ascii* ErrorString);

/* One handler: OK, ADL_RET_ERR_PARAM (NULL), ADL_RET_ERR_ALREADY_SUBSCRIBED. */
s8 adl_errSubscribe(adl_errHdlr_f ErrorHandler);
/* OK, ADL_RET_ERR_PARAM (NULL), ADL_RET_ERR_NOT_SUBSCRIBED, ADL_RET_ERR_UNKNOWN_HDL (another
 * handler). */
s8 adl_errUnsubscribe(adl_errHdlr_f ErrorHandler);
/* A fatal error of the application: `ErrorID` ≥ ADL_ERR_LEVEL_APP, `ErrorStr` a constant
 * string. Returns only when the subscribed handler refuses the reset. */
void adl_errHalt(u16 ErrorID, const ascii* ErrorStr);

typedef enum {
    ADL_ERR_ANALYSIS_STATE_IDLE,   /* no back-trace analysis is running */
    ADL_ERR_ANALYSIS_STATE_RUNNING
} adl_errAnalysisState_e;

/* Forgets every back-trace kept. OK, ADL_RET_ERR_FATAL (the flash refused). */
s32 adl_errEraseAllBacktraces(void);
/* Starts reading the back-traces, oldest first: the analysis handle (0), or
 * ADL_RET_ERR_ALREADY_SUBSCRIBED while one runs. */
s8 adl_errStartBacktraceAnalysis(void);
adl_errAnalysisState_e adl_errGetAnalysisState(void);
/* The next back-trace into `BacktraceBuffer` (OK); with a NULL buffer, its size;
 * ADL_RET_ERR_PARAM (`Size` too small), ADL_RET_ERR_DONE (none left: the analysis ends),
 * ADL_RET_ERR_NOT_SUBSCRIBED (no analysis), ADL_RET_ERR_UNKNOWN_HDL. */
s32 adl_errRetrieveNextBacktrace(u8 Handle, u8* BacktraceBuffer, u16 Size);

#endif /* ADL_ERROR_H */
