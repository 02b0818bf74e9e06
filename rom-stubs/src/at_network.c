/* Network AT commands (3GPP TS 27.007; docs/at-commands.md "Network and GPRS"): +CREG, +CGREG,
 * +CSQ, +COPS, +CGATT, +CGDCONT, +CGACT, +CGPADDR and Wavecom's network indications +WIND: 7/8
 * (the +WIND mask is wind.c's). They read and drive the BASEBAND device (baseband.c).
 *
 * +CGATT and +CGACT take network time (attach ~1 s, activation ~1.5 s): the handler starts the
 * procedure (network_procedure.c, shared with the ADL GPRS service) and returns without a final
 * response; its completion callback ends the command with OK or +CME ERROR: <err> when
 * BB_EVENT.DONE arrives (the engine keeps further input queued until then). Unsolicited codes
 * (+CREG, +CGREG, +WIND: 7/8) are sent from the main loop too (at_network_on_events). The PDP
 * context table (+CGDCONT) lives in adl_gprs.c, which adl_gprsSetup shares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adl.h"
#include "q2686_at_util.h"
#include "at_settings.h"
#include "hw.h"
#include "wind.h"

#define WIND_NETWORK_AVAILABLE 7u /* the network service is available (mask bit 6, 64) */
#define WIND_NETWORK_LOST 8u      /* the network is lost (mask bit 7, 128) */

static u8 creg_mode, cgreg_mode;
static unsigned last_creg, last_cgreg;
static uint32_t last_cell; /* LAC << 16 | CI reported with the last +CREG */

/* ---- network state -------------------------------------------------------------------------- */
static bool registered(unsigned stat) { return stat == BB_REG_HOME || stat == BB_REG_ROAMING; }

static uint32_t cell(void) {
    return reg_read(Q2686_BASEBAND_BASE, BB_LAC) << 16 | (reg_read(Q2686_BASEBAND_BASE, BB_CELL_ID) & 0xFFFFu);
}

/* +CGREG <stat>: the circuit registration while GPRS-attached; detached, 0 (or 2/3 while the
 * radio is searching / denied). */
static unsigned gprs_stat(unsigned creg) {
    const bool attached = reg_read(Q2686_BASEBAND_BASE, BB_GPRS) & BB_GPRS_ATTACHED;
    if (attached && registered(creg)) return creg;
    return creg == BB_REG_SEARCHING || creg == BB_REG_DENIED ? creg : BB_REG_NOT_REGISTERED;
}

/* "+CREG: [<n>,]<stat>[,"<lac>","<ci>"]" — the cell only in mode 2 while registered. */
static void format_reg(char* text, unsigned size, const char* name, int mode, unsigned mode_shown, unsigned stat) {
    const uint32_t c = cell();
    char head[24];
    if (mode >= 0)
        snprintf(head, sizeof head, "%s: %u,%u", name, mode_shown, stat);
    else
        snprintf(head, sizeof head, "%s: %u", name, stat);
    if (mode_shown == 2 && registered(stat))
        snprintf(text, size, "%s,\"%04X\",\"%04X\"", head, (unsigned)(c >> 16), (unsigned)(c & 0xFFFFu));
    else
        snprintf(text, size, "%s", head);
}

static void report_changes(void) {
    char text[48];
    const unsigned creg = baseband_registration();
    const uint32_t c = cell();
    if (creg != last_creg || (creg_mode == 2 && registered(creg) && c != last_cell)) {
        if (creg_mode >= 1) {
            format_reg(text, sizeof text, "+CREG", -1, creg_mode, creg);
            adl_atSendLine(ADL_AT_UNS, text);
        }
        if (!registered(last_creg) && registered(creg)) wind_indicate(WIND_NETWORK_AVAILABLE);
        if (registered(last_creg) && !registered(creg)) wind_indicate(WIND_NETWORK_LOST);
    }
    last_creg = creg;
    last_cell = c;
    const unsigned cgreg = gprs_stat(creg);
    if (cgreg != last_cgreg && cgreg_mode >= 1) {
        format_reg(text, sizeof text, "+CGREG", -1, cgreg_mode, cgreg);
        adl_atSendLine(ADL_AT_UNS, text);
    }
    last_cgreg = cgreg;
}

void at_network_on_events(uint32_t events) {
    if (events & (BB_EVENT_REG | BB_EVENT_GPRS)) report_changes();
}

static void procedure_done(uint32_t result, void* context) {
    (void)context;
    if (result == 0)
        at_ok();
    else
        adl_atSendCmeError((u16)result);
}

/* Starts a network procedure; the command ends when it is done. Busy (another procedure, e.g.
 * one an application started with adl_gprsAct): +CME ERROR: 148 at once. */
static void run_procedure(uint32_t code, unsigned cid, const char* apn) {
    if (!network_procedure_start(code, cid, apn, procedure_done, NULL))
        adl_atSendCmeError(ADL_CME_UNSPECIFIED_GPRS_ERROR);
}

/* ---- +CREG / +CGREG: network registration (27.007 §7.2, §10.1.19) -------------------------- */
static void registration_command(adl_atCmdPreParser_t* p, const char* name, u8* mode, bool gprs) {
    char text[48];
    long value = 0;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST:
            snprintf(text, sizeof text, "%s: (0-2)", name);
            at_respond(text);
            return at_ok();
        case ADL_CMD_TYPE_READ: {
            const unsigned creg = baseband_registration();
            format_reg(text, sizeof text, name, 1, *mode, gprs ? gprs_stat(creg) : creg);
            at_respond(text);
            return at_ok();
        }
        case ADL_CMD_TYPE_ACT: *mode = 0; return at_ok();
        default:
            if (p->NbPara != 1 || !at_integer_param(p, 0, 0, 2, &value)) return at_not_allowed();
            *mode = (u8)value;
            return at_ok();
    }
}

static void cmd_creg(adl_atCmdPreParser_t* p) { registration_command(p, "+CREG", &creg_mode, false); }
static void cmd_cgreg(adl_atCmdPreParser_t* p) { registration_command(p, "+CGREG", &cgreg_mode, true); }

/* ---- +CSQ: signal quality (27.007 §8.5) ------------------------------------------------------ */
static void cmd_csq(adl_atCmdPreParser_t* p) {
    char text[24];
    if (p->Type == ADL_CMD_TYPE_TEST) {
        at_respond("+CSQ: (0-31,99),(0-7,99)");
        return at_ok();
    }
    const uint32_t csq = reg_read(Q2686_BASEBAND_BASE, BB_CSQ);
    snprintf(text, sizeof text, "+CSQ: %u,%u", (unsigned)(csq & 0xFFu), (unsigned)((csq >> 8) & 0xFFu));
    at_respond(text);
    at_ok();
}

/* ---- +COPS: operator (27.007 §7.3); automatic selection only ------------------------------- */
static void operator_name(char* name) { baseband_read_string(BB_OPER0, BB_OPER_WORDS, name); }

static void cmd_cops(adl_atCmdPreParser_t* p) {
    char name[BB_OPER_WORDS * 4];
    char text[96];
    long value = 0;
    const bool reg = registered(baseband_registration());
    switch (p->Type) {
        case ADL_CMD_TYPE_READ:
            if (reg) {
                operator_name(name);
                snprintf(text, sizeof text, "+COPS: 0,0,\"%s\"", name);
                at_respond(text);
            } else {
                at_respond("+COPS: 0");
            }
            return at_ok();
        case ADL_CMD_TYPE_TEST:
            if (reg) {
                const uint32_t plmn = reg_read(Q2686_BASEBAND_BASE, BB_PLMN);
                operator_name(name);
                snprintf(text, sizeof text, (plmn & BB_PLMN_MNC3) ? "+COPS: (2,\"%s\",\"%s\",\"%03u%03u\"),,(0-4),(0-2)"
                                                                  : "+COPS: (2,\"%s\",\"%s\",\"%03u%02u\"),,(0-4),(0-2)",
                         name, name, (unsigned)(plmn >> 16), (unsigned)(plmn & 0x3FFu));
                at_respond(text);
            } else {
                at_respond("+COPS: ,,(0-4),(0-2)");
            }
            return at_ok();
        default:
            /* Only automatic selection exists: AT+COPS=0 is accepted, other modes refused. */
            if (p->NbPara < 1 || !at_integer_param(p, 0, 0, 4, &value)) return at_not_allowed();
            if (value != 0) return adl_atSendCmeError(ADL_CME_OPERATION_NOT_SUPPORTED);
            return at_ok();
    }
}

/* ---- +CGATT: GPRS attach/detach (27.007 §10.1.9) --------------------------------------------- */
static void cmd_cgatt(adl_atCmdPreParser_t* p) {
    long value = 0;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: at_respond("+CGATT: (0-1)"); return at_ok();
        case ADL_CMD_TYPE_READ:
            at_respond(reg_read(Q2686_BASEBAND_BASE, BB_GPRS) & BB_GPRS_ATTACHED ? "+CGATT: 1" : "+CGATT: 0");
            return at_ok();
        case ADL_CMD_TYPE_PARA:
            if (p->NbPara != 1 || !at_integer_param(p, 0, 0, 1, &value)) return at_not_allowed();
            return run_procedure(value ? BB_CMD_ATTACH : BB_CMD_DETACH, 0, NULL);
        default: return at_error();
    }
}

/* ---- +CGDCONT: PDP context definitions (27.007 §10.1.1) ------------------------------------- */
static bool pdp_active(unsigned cid) { return (reg_read(Q2686_BASEBAND_BASE, BB_PDP_ACTIVE) >> cid) & 1u; }

static void format_ip(char* text, unsigned size, uint32_t ip) {
    snprintf(text, size, "%u.%u.%u.%u", (unsigned)(ip >> 24), (unsigned)((ip >> 16) & 0xFF), (unsigned)((ip >> 8) & 0xFF),
             (unsigned)(ip & 0xFF));
}

static void context_address(unsigned cid, char* text, unsigned size) {
    format_ip(text, size, pdp_active(cid) ? baseband_pdp_ip(cid) : 0);
}

static void cmd_cgdcont(adl_atCmdPreParser_t* p) {
    char text[128];
    char address[16];
    long cid = 0;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: at_respond("+CGDCONT: (1-3),\"IP\",,,(0),(0)"); return at_ok();
        case ADL_CMD_TYPE_READ:
            for (unsigned c = 1; c <= BB_PDP_MAX_CID; ++c) {
                const char* apn = gprs_context_apn(c);
                if (!apn) continue;
                context_address(c, address, sizeof address);
                snprintf(text, sizeof text, "+CGDCONT: %u,\"IP\",\"%s\",\"%s\",0,0", c, apn, address);
                at_respond(text);
            }
            return at_ok();
        case ADL_CMD_TYPE_PARA: {
            if (p->NbPara < 1 || p->NbPara > 6 || !at_integer_param(p, 0, 1, BB_PDP_MAX_CID, &cid)) return at_not_allowed();
            if (pdp_active((unsigned)cid)) return at_not_allowed(); /* no redefinition while active */
            if (p->NbPara == 1) { /* AT+CGDCONT=<cid>: the context becomes undefined */
                gprs_context_undefine((unsigned)cid);
                return at_ok();
            }
            const char* type = at_param(p, 1);
            if (type[0] && (strlen(type) != 2 || (type[0] != 'I' && type[0] != 'i') || (type[1] != 'P' && type[1] != 'p')))
                return at_not_allowed(); /* only "IP" */
            const char* apn = p->NbPara >= 3 ? at_param(p, 2) : "";
            if (!gprs_context_define((unsigned)cid, apn)) return at_not_allowed(); /* APN too long */
            return at_ok();
        }
        default: return at_error();
    }
}

/* ---- +CGACT: PDP context activation (27.007 §10.1.10) --------------------------------------- */
static void cmd_cgact(adl_atCmdPreParser_t* p) {
    char text[24];
    long state = 0, cid = 0;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: at_respond("+CGACT: (0-1)"); return at_ok();
        case ADL_CMD_TYPE_READ:
            for (unsigned c = 1; c <= BB_PDP_MAX_CID; ++c) {
                if (!gprs_context_apn(c)) continue;
                snprintf(text, sizeof text, "+CGACT: %u,%u", c, pdp_active(c) ? 1u : 0u);
                at_respond(text);
            }
            return at_ok();
        case ADL_CMD_TYPE_PARA:
            /* One context per command: <cid> is required. */
            if (p->NbPara != 2 || !at_integer_param(p, 0, 0, 1, &state) ||
                !at_integer_param(p, 1, 1, BB_PDP_MAX_CID, &cid) || !gprs_context_apn((unsigned)cid))
                return at_not_allowed();
            return run_procedure(state ? BB_CMD_PDP_ACTIVATE : BB_CMD_PDP_DEACTIVATE, (unsigned)cid,
                                 gprs_context_apn((unsigned)cid));
        default: return at_error();
    }
}

/* ---- +CGPADDR: PDP addresses (27.007 §10.1.14) ----------------------------------------------- */
static void respond_address(unsigned cid) {
    char text[40];
    char address[16];
    context_address(cid, address, sizeof address);
    snprintf(text, sizeof text, "+CGPADDR: %u,\"%s\"", cid, address);
    at_respond(text);
}

static void cmd_cgpaddr(adl_atCmdPreParser_t* p) {
    long cid = 0;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: at_respond("+CGPADDR: (1-3)"); return at_ok();
        case ADL_CMD_TYPE_ACT:
            for (unsigned c = 1; c <= BB_PDP_MAX_CID; ++c)
                if (gprs_context_apn(c)) respond_address(c);
            return at_ok();
        case ADL_CMD_TYPE_PARA:
            for (unsigned i = 0; i < p->NbPara; ++i)
                if (!at_integer_param(p, i, 1, BB_PDP_MAX_CID, &cid) || !gprs_context_apn((unsigned)cid))
                    return at_not_allowed();
            for (unsigned i = 0; i < p->NbPara; ++i) respond_address((unsigned)atoi(at_param(p, i)));
            return at_ok();
        default: return at_error();
    }
}

void at_network_init(void) {
    creg_mode = 0;
    cgreg_mode = 0;
    last_creg = baseband_registration();
    last_cgreg = gprs_stat(last_creg);
    last_cell = cell();
    const u16 all = ADL_CMD_TYPE_READ | ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA;
    adl_atCmdSubscribe("+CREG", cmd_creg, all | ADL_CMD_TYPE_ACT);
    adl_atCmdSubscribe("+CGREG", cmd_cgreg, all | ADL_CMD_TYPE_ACT);
    adl_atCmdSubscribe("+CSQ", cmd_csq, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_TEST);
    adl_atCmdSubscribe("+COPS", cmd_cops, all);
    adl_atCmdSubscribe("+CGATT", cmd_cgatt, all);
    adl_atCmdSubscribe("+CGDCONT", cmd_cgdcont, all);
    adl_atCmdSubscribe("+CGACT", cmd_cgact, all);
    adl_atCmdSubscribe("+CGPADDR", cmd_cgpaddr, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA);
}
