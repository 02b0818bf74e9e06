/* Public ADL services the emulated modem does not have: declared in adl_global.h so that an
 * application using them builds and runs; each call answers the documented error code, and the
 * first call of each function says so on the debug console ("adl_xxx: not emulated"). */
#include "adl.h"

static void not_emulated(const char* function, bool* reported) {
    if (*reported) return;
    *reported = true;
    adl_trcPrint(1, "%s: not emulated", function);
}

#define NOT_EMULATED()                        \
    do {                                      \
        static bool reported;                 \
        not_emulated(__func__, &reported);    \
    } while (0)

s8 adl_smsSubscribe(adl_smsHdlr_f handler, adl_smsCtrlHdlr_f control, u8 mode) {
    (void)handler;
    (void)control;
    (void)mode;
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_smsSubscribeExt(adl_smsHdlrExt_f handler, adl_smsCtrlHdlr_f control, u8 mode) {
    (void)handler;
    (void)control;
    (void)mode;
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_smsSend(u8 handle, const ascii* tel, const ascii* text, u8 mode) {
    (void)handle;
    (void)tel;
    (void)text;
    (void)mode;
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_smsUnsubscribe(u8 handle) {
    (void)handle;
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUBSCRIBED;
}
