/* +WIPCFG and +WIPBR: the IP stack and the GPRS bearer, after Wavecom's WIPsoft commands
 * (docs/at-commands.md, "TCP/IP (WIP)"), on the WIP API (firmware/wip).
 *
 *   AT+WIPCFG=1 / =0           start / stop the stack (wip_netInit / wip_netExit)
 *   AT+WIPBR=1,6  / =0,6       open / close the GPRS bearer
 *   AT+WIPBR=2,6,<opt>,<value> set an option: 0 login, 1 password, 11 APN
 *   AT+WIPBR=3,6,<opt>         read one: the above, 15 our address, 16 the peer's, 17/18 DNS
 *   AT+WIPBR=4,6,0             start: the final response waits for the outcome (OK when
 *                              connected; +CME ERROR: 812 the network refused, 849 no link)
 *   AT+WIPBR=5,6               stop: OK once the context is deactivated
 *   AT+WIPBR?                  +WIPBR: 6,<0|1> for the opened bearer
 * A bearer lost without AT+WIPBR=5 (coverage, AT+CGACT=0, link down) sends "+WIPBR: 6,0". */
#include <stdio.h>
#include <string.h>

#include "q2686_at_util.h"
#include "tls_at.h"
#include "wip_at.h"

#define OPT_LOGIN 0
#define OPT_PASSWORD 1
#define OPT_APN 11
#define OPT_IP_ADDR 15
#define OPT_IP_DST_ADDR 16
#define OPT_IP_DNS1 17
#define OPT_IP_DNS2 18

static bool stack_started;
static wip_bearer_t bearer;   /* NULL: not opened */
static bool bearer_connected;
static enum { WAIT_NONE, WAIT_START, WAIT_STOP } waiting; /* a +WIPBR command owes its final response */

bool at_wip_stack_started(void) { return stack_started; }

static void wip_error(u16 code) { adl_atSendCmeError(code); }

/* ---- bearer events -------------------------------------------------------------------------- */
static void on_bearer_event(wip_bearer_t b, s8 event, void* context) {
    (void)context;
    char text[32];
    switch (event) {
        case WIP_BEV_IP_CONNECTED:
            bearer_connected = true;
            if (waiting == WAIT_START) {
                waiting = WAIT_NONE;
                at_ok();
            }
            break;
        case WIP_BEV_CONN_FAILED: {
            s8 reason = 0;
            wip_bearerGetOpts(b, WIP_BOPT_ERROR, &reason, WIP_BOPT_END);
            if (waiting == WAIT_START) {
                waiting = WAIT_NONE;
                wip_error(reason == WIP_BERR_DEV ? WIPAT_ERR_DATA_FLOW : WIPAT_ERR_GPRS_FAILURE);
            }
            break;
        }
        case WIP_BEV_IP_DISCONNECTED:
            bearer_connected = false;
            if (waiting != WAIT_STOP) {
                snprintf(text, sizeof text, "+WIPBR: %u,0", WIPAT_GPRS_BID);
                adl_atSendLine(ADL_AT_UNS, text);
            }
            break;
        case WIP_BEV_STOPPED:
            bearer_connected = false;
            if (waiting == WAIT_STOP) {
                waiting = WAIT_NONE;
                at_ok();
            }
            break;
        default: break;
    }
}

/* ---- +WIPCFG ---------------------------------------------------------------------------------- */
static void stop_stack(void) {
    at_wip_sockets_forget();
    at_tls_client_forget();
    wip_netExit(); /* closes the channels and the bearer */
    bearer = NULL;
    bearer_connected = false;
    stack_started = false;
}

static void cmd_wipcfg(adl_atCmdPreParser_t* p) {
    char text[24];
    long mode = 0;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: at_respond("+WIPCFG: (0-4)"); return at_ok();
        case ADL_CMD_TYPE_READ:
            snprintf(text, sizeof text, "+WIPCFG: %u", stack_started ? 1u : 0u);
            at_respond(text);
            return at_ok();
        default:
            if (p->NbPara < 1 || !at_integer_param(p, 0, 0, 4, &mode)) return at_not_allowed();
            if (mode >= 2) return adl_atSendCmeError(ADL_CME_OPERATION_NOT_SUPPORTED); /* options, version, storage */
            if (p->NbPara != 1) return at_not_allowed();
            if (mode == 1) {
                if (stack_started) return wip_error(WIPAT_ERR_STACK_STARTED);
                if (wip_netInit() != 0) return wip_error(WIPAT_ERR_STACK_STATE);
                stack_started = true;
            } else if (stack_started) {
                stop_stack();
            }
            return at_ok();
    }
}

/* ---- +WIPBR ----------------------------------------------------------------------------------- */
static void format_address(char* out, unsigned size, wip_in_addr_t address) {
    if (!wip_inet_ntoa(address, out, (u16)size)) snprintf(out, size, "0.0.0.0");
}

static void get_option(long option) {
    char value[72];
    char text[100];
    wip_in_addr_t address = 0;
    switch (option) {
        case OPT_LOGIN: wip_bearerGetOpts(bearer, WIP_BOPT_LOGIN, value, (int)sizeof value, WIP_BOPT_END); break;
        case OPT_PASSWORD: wip_bearerGetOpts(bearer, WIP_BOPT_PASSWORD, value, (int)sizeof value, WIP_BOPT_END); break;
        case OPT_APN: wip_bearerGetOpts(bearer, WIP_BOPT_GPRS_APN, value, (int)sizeof value, WIP_BOPT_END); break;
        case OPT_IP_ADDR: wip_bearerGetOpts(bearer, WIP_BOPT_IP_ADDR, &address, WIP_BOPT_END); break;
        case OPT_IP_DST_ADDR: wip_bearerGetOpts(bearer, WIP_BOPT_IP_DST_ADDR, &address, WIP_BOPT_END); break;
        case OPT_IP_DNS1: wip_bearerGetOpts(bearer, WIP_BOPT_IP_DNS1, &address, WIP_BOPT_END); break;
        case OPT_IP_DNS2: wip_bearerGetOpts(bearer, WIP_BOPT_IP_DNS2, &address, WIP_BOPT_END); break;
        default: return at_not_allowed();
    }
    if (option >= OPT_IP_ADDR) format_address(value, sizeof value, address);
    snprintf(text, sizeof text, "+WIPBR: %u,%ld,\"%s\"", WIPAT_GPRS_BID, option, value);
    at_respond(text);
    at_ok();
}

static void set_option(long option, const char* value) {
    int wip_option;
    switch (option) {
        case OPT_LOGIN: wip_option = WIP_BOPT_LOGIN; break;
        case OPT_PASSWORD: wip_option = WIP_BOPT_PASSWORD; break;
        case OPT_APN: wip_option = WIP_BOPT_GPRS_APN; break;
        default: return at_not_allowed(); /* unknown or read-only */
    }
    if (wip_bearerSetOpts(bearer, wip_option, value, WIP_BOPT_END) != 0) return at_not_allowed(); /* too long */
    at_ok();
}

static void start_bearer(void) {
    const s8 r = wip_bearerStart(bearer);
    if (r == WIP_BERR_OK_INPROGRESS) {
        waiting = WAIT_START; /* OK or +CME ERROR from on_bearer_event */
        return;
    }
    wip_error(r == WIP_BERR_BAD_STATE ? WIPAT_ERR_STACK_STATE : WIPAT_ERR_GPRS_FAILURE);
}

static void stop_bearer(void) {
    const s8 r = wip_bearerStop(bearer);
    if (r == WIP_BERR_OK_INPROGRESS) {
        waiting = WAIT_STOP;
        return;
    }
    if (r != 0) return wip_error(WIPAT_ERR_STACK_STATE);
    at_ok(); /* already stopped */
}

static void cmd_wipbr(adl_atCmdPreParser_t* p) {
    char text[24];
    long command = 0, bid = 0, option = 0, mode = 0;
    if (p->Type == ADL_CMD_TYPE_TEST) {
        at_respond("+WIPBR: (0-6),(6)");
        return at_ok();
    }
    if (p->Type == ADL_CMD_TYPE_READ) {
        if (bearer) {
            snprintf(text, sizeof text, "+WIPBR: %u,%u", WIPAT_GPRS_BID, bearer_connected ? 1u : 0u);
            at_respond(text);
        }
        return at_ok();
    }
    if (p->NbPara < 2 || !at_integer_param(p, 0, 0, 6, &command) || !at_integer_param(p, 1, 0, 255, &bid))
        return at_not_allowed();
    if (bid != (long)WIPAT_GPRS_BID)
        return bid == 1 || bid == 2 || bid == 5 ? adl_atSendCmeError(ADL_CME_OPERATION_NOT_SUPPORTED) /* UART, GSM */
                                                : at_not_allowed();
    if (command == 6) return adl_atSendCmeError(ADL_CME_OPERATION_NOT_SUPPORTED); /* stored configurations */
    if (!stack_started) return wip_error(WIPAT_ERR_STACK_STATE);
    if (command == 1) {
        if (p->NbPara != 2) return at_not_allowed();
        if (bearer) return wip_error(WIPAT_ERR_ALREADY_OPEN);
        if (wip_bearerOpen(&bearer, "GPRS", on_bearer_event, NULL) != 0) {
            bearer = NULL;
            return wip_error(WIPAT_ERR_STACK_STATE);
        }
        bearer_connected = false;
        return at_ok();
    }
    if (!bearer) return wip_error(WIPAT_ERR_STACK_STATE); /* not opened */
    switch (command) {
        case 0:
            if (p->NbPara != 2) return at_not_allowed();
            wip_bearerClose(bearer);
            bearer = NULL;
            bearer_connected = false;
            return at_ok();
        case 2:
            if (p->NbPara != 4 || !at_integer_param(p, 2, 0, 255, &option)) return at_not_allowed();
            return set_option(option, at_param(p, 3));
        case 3:
            if (p->NbPara != 3 || !at_integer_param(p, 2, 0, 255, &option)) return at_not_allowed();
            return get_option(option);
        case 4:
            /* <mode> 0 client; 1 (server: answering PPP calls) does not exist on GPRS here. Login,
             * password and caller id parameters after it are accepted and ignored. */
            if (p->NbPara < 3 || !at_integer_param(p, 2, 0, 1, &mode)) return at_not_allowed();
            if (mode != 0) return adl_atSendCmeError(ADL_CME_OPERATION_NOT_SUPPORTED);
            return start_bearer();
        default: /* 5 */
            if (p->NbPara != 2) return at_not_allowed();
            return stop_bearer();
    }
}

void at_wip_bearer_init(void) {
    stack_started = false;
    bearer = NULL;
    bearer_connected = false;
    waiting = WAIT_NONE;
    const u16 all = ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_READ | ADL_CMD_TYPE_PARA;
    adl_atCmdSubscribe("+WIPCFG", cmd_wipcfg, all);
    adl_atCmdSubscribe("+WIPBR", cmd_wipbr, all);
}
