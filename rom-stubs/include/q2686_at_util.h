/* Short-hands for AT command handlers written on the public API (adl_global.h, q2686_ext.h):
 * answers and parameter checks. Ours, not Open AT's: the ROM's own commands (at_builtin.c,
 * at_network.c), firmware/app and any application may use them; the SDK ships this header. */
#ifndef Q2686_AT_UTIL_H
#define Q2686_AT_UTIL_H

#include <stdbool.h>
#include <stdlib.h>

#include "adl_global.h"
#include "q2686_ext.h"

static inline void at_ok(void) { adl_atSendStdResponse(ADL_AT_RSP, ADL_STR_OK); }
static inline void at_error(void) { adl_atSendStdResponse(ADL_AT_RSP, ADL_STR_ERROR); }
static inline void at_not_allowed(void) { adl_atSendCmeError(ADL_CME_OPERATION_NOT_ALLOWED); }
static inline void at_respond(const char* text) { adl_atSendLine(ADL_AT_RSP, text); }

/* Parameter `index` as text: "" when absent or empty (ADL_GET_PARAM gives NULL then). */
static inline const char* at_param(const adl_atCmdPreParser_t* p, unsigned index) {
    const char* value = index < p->NbPara ? ADL_GET_PARAM(p, index) : NULL;
    return value ? value : "";
}
static inline bool at_param_quoted(const adl_atCmdPreParser_t* p, unsigned index) {
    return adl_atParamIsQuoted(p, (u8)index);
}

/* A decimal parameter in [low, high]; false if absent, quoted, not a number, or out of range. */
static inline bool at_integer_param(const adl_atCmdPreParser_t* p, unsigned index, long low, long high, long* value) {
    if (index >= p->NbPara || at_param_quoted(p, index) || !at_param(p, index)[0]) return false;
    char* end;
    const long v = strtol(at_param(p, index), &end, 10);
    if (*end || v < low || v > high) return false;
    *value = v;
    return true;
}

#endif
