/* Short-hands shared by the ROM's AT command handlers (at_builtin.c, at_network.c). */
#ifndef ROM_AT_UTIL_H
#define ROM_AT_UTIL_H

#include <stdbool.h>
#include <stdlib.h>

#include "adl.h"

static inline void at_ok(void) { adl_atSendStdResponse(ADL_AT_RSP, ADL_STR_OK); }
static inline void at_error(void) { adl_atSendStdResponse(ADL_AT_RSP, ADL_STR_ERROR); }
static inline void at_not_allowed(void) { adl_atSendCmeError(ADL_CME_OPERATION_NOT_ALLOWED); }
static inline void at_respond(const char* text) { adl_atSendResponse(ADL_AT_RSP, text); }

/* A decimal parameter in [low, high]; false if absent, quoted, not a number, or out of range. */
static inline bool at_integer_param(const adl_atCmdPreParser_t* p, unsigned index, long low, long high, long* value) {
    if (index >= p->NbPara || p->ParaQuoted[index] || !p->ParaList[index][0]) return false;
    char* end;
    const long v = strtol(p->ParaList[index], &end, 10);
    if (*end || v < low || v > high) return false;
    *value = v;
    return true;
}

#endif
