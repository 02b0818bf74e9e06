/* adl_atCmdSendText (adl_global.h): the text a text-mode command waits for after its "> "
 * prompt (AT+CMGS, AT+CMGW on a real Q2686). The emulated modem has no command that prompts for
 * text — SMS is not emulated (adl_not_emulated.c) — so no command can be waiting on any port,
 * and the call answers what the ADL User Guide gives for that case: ADL_RET_ERR_PARAM, with a
 * line on the debug console saying why. */
#include "adl.h"

s8 adl_atCmdSendText(adl_port_e Port, const ascii* Text) {
    if (!Text) return ADL_RET_ERR_PARAM;
    adl_trcPrint(1, "adl_atCmdSendText: no text-mode command waits for text on port %d", (int)Port);
    return ADL_RET_ERR_PARAM;
}
