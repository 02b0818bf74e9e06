/* ATD and ATH: what the modem does not do (docs/at-commands.md "What is not emulated").
 *
 * There are no circuit-switched calls and no GPRS dial-up: ATD*99# (or ATD*99***1#) would start
 * PPP on the AT port on a real Q2686, and the emulator has no PPP. Every dial attempt is
 * answered NO CARRIER — what a real modem says when a call cannot be established, and what
 * dial-up scripts (pppd's chat) treat as a failure and stop on — so a host finds out at once
 * instead of waiting for a CONNECT that never comes. IP goes through the WIP commands and the
 * Open AT IP stack (AT+WIPCFG, AT+WIPBR, AT+WIPCREATE). ATD without a dial string is a syntax
 * error (ERROR). ATH (hang up) answers OK: there is never a call to end. */
#include "adl.h"
#include "hw.h"
#include "q2686_at_util.h"

static void cmd_dial(adl_atCmdPreParser_t* p) {
    if (p->Type != ADL_CMD_TYPE_PARA) return at_error();
    adl_atSendStdResponse(ADL_AT_RSP, ADL_STR_NO_CARRIER);
}

static void cmd_hang_up(adl_atCmdPreParser_t* p) {
    long value = 0;
    if (p->Type == ADL_CMD_TYPE_PARA && !at_integer_param(p, 0, 0, 0, &value)) return at_error();
    at_ok();
}

void at_dial_init(void) {
    adl_atCmdSubscribe("D", cmd_dial, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("H", cmd_hang_up, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_PARA);
}
