/* The ADL GPRS service (adl.h "GPRS: PDP contexts") and the PDP context table it shares with
 * AT+CGDCONT/AT+CGACT (at_network.c). Procedures go through network_procedure.c, which keeps
 * one at a time; this file turns what the BASEBAND reports into ADL_GPRS_EVENT_* for the
 * subscribed handlers, all from the event loop. */
#include <stdio.h>
#include <string.h>

#include "adl.h"
#include "hw.h"

#define MAX_HANDLERS 4u
#define APN_MAX 63u
#define CREDENTIAL_MAX 31u

struct pdp_context {
    bool defined;
    char apn[APN_MAX + 1];
    char login[CREDENTIAL_MAX + 1];    /* kept for adl_gprsSetup; the network model has no */
    char password[CREDENTIAL_MAX + 1]; /* authentication, so they are never sent */
};

static struct pdp_context contexts[BB_PDP_MAX_CID + 1]; /* index = cid */
static adl_gprsHdlr_f handlers[MAX_HANDLERS];
static uint32_t last_active;  /* BB_PDP_ACTIVE as last reported */
static bool last_attached;
static uint32_t setups_due;   /* bit <cid>: SETUP_OK to deliver */

static bool attached(void) { return reg_read(Q2686_BASEBAND_BASE, BB_GPRS) & BB_GPRS_ATTACHED; }
static uint32_t active_mask(void) { return reg_read(Q2686_BASEBAND_BASE, BB_PDP_ACTIVE); }
static bool valid_cid(unsigned cid) { return cid >= 1 && cid <= BB_PDP_MAX_CID; }

void adl_gprs_init(void) {
    memset(contexts, 0, sizeof contexts);
    memset(handlers, 0, sizeof handlers);
    last_active = active_mask();
    last_attached = attached();
    setups_due = 0;
}

/* ---- the context table (AT+CGDCONT) ------------------------------------------------------- */
const char* gprs_context_apn(unsigned cid) {
    return valid_cid(cid) && contexts[cid].defined ? contexts[cid].apn : NULL;
}

bool gprs_context_define(unsigned cid, const char* apn) {
    if (!valid_cid(cid) || strlen(apn) > APN_MAX) return false;
    memset(&contexts[cid], 0, sizeof contexts[cid]);
    contexts[cid].defined = true;
    strcpy(contexts[cid].apn, apn);
    return true;
}

void gprs_context_undefine(unsigned cid) {
    if (valid_cid(cid)) contexts[cid].defined = false;
}

bool adl_gprsIsActive(u8 cid) { return valid_cid(cid) && ((active_mask() >> cid) & 1u); }

/* ---- events -------------------------------------------------------------------------------- */
static void notify(u16 event, u8 cid) {
    for (unsigned i = 0; i < MAX_HANDLERS; ++i)
        if (handlers[i]) handlers[i](event, cid);
}

/* Changes the running procedure does not explain: its own are reported when it ends. */
void adl_gprs_on_events(uint32_t events) {
    if (!(events & (BB_EVENT_PDP | BB_EVENT_GPRS | BB_EVENT_DONE))) return;
    uint32_t code = 0;
    unsigned procedure_cid = 0;
    const bool running = network_procedure_running(&code, &procedure_cid);
    const bool detaching = running && code == BB_CMD_DETACH;
    const uint32_t active = active_mask();
    const uint32_t lost = last_active & ~active;
    last_active = active;
    const bool now_attached = attached();
    const bool detached = last_attached && !now_attached;
    last_attached = now_attached;
    for (u8 cid = 1; cid <= BB_PDP_MAX_CID; ++cid) {
        if (!((lost >> cid) & 1u)) continue;
        if (running && code == BB_CMD_PDP_DEACTIVATE && procedure_cid == cid) continue;
        notify(detaching ? ADL_GPRS_EVENT_ME_CONTEXT_DEACT : ADL_GPRS_EVENT_NW_CONTEXT_DEACT, cid);
    }
    if (detached && !detaching) notify(ADL_GPRS_EVENT_NW_DETACH, 0);
}

void adl_gprs_on_procedure_done(uint32_t code, unsigned cid, uint32_t result) {
    if (result != 0) {
        char text[64];
        snprintf(text, sizeof text, "gprs: procedure %u (cid %u) failed: %u", (unsigned)code, cid, (unsigned)result);
        adl_trace(text);
    }
    const bool ok = result == 0;
    switch (code) {
        case BB_CMD_PDP_ACTIVATE:
            notify(ok ? ADL_GPRS_EVENT_ACTIVATE_OK : ADL_GPRS_EVENT_ACTIVATE_KO, (u8)cid);
            break;
        case BB_CMD_PDP_DEACTIVATE:
            notify(ok ? ADL_GPRS_EVENT_DEACTIVATE_OK : ADL_GPRS_EVENT_DEACTIVATE_KO, (u8)cid);
            break;
        case BB_CMD_ATTACH:
            if (ok) notify(ADL_GPRS_EVENT_ME_ATTACH, 0);
            break;
        case BB_CMD_DETACH:
            if (ok) notify(ADL_GPRS_EVENT_ME_DETACH, 0);
            break;
        default: break;
    }
}

bool adl_gprs_has_work(void) { return setups_due != 0; }

bool adl_gprs_deliver_setups(void) {
    if (!setups_due) return false;
    const uint32_t due = setups_due;
    setups_due = 0;
    for (u8 cid = 1; cid <= BB_PDP_MAX_CID; ++cid)
        if ((due >> cid) & 1u) notify(ADL_GPRS_EVENT_SETUP_OK, cid);
    return true;
}

/* ---- the API ------------------------------------------------------------------------------- */
s8 adl_gprsSubscribe(adl_gprsHdlr_f handler) {
    if (!handler) return ADL_RET_ERR_PARAM;
    for (unsigned i = 0; i < MAX_HANDLERS; ++i)
        if (handlers[i] == handler) return ADL_RET_OK;
    for (unsigned i = 0; i < MAX_HANDLERS; ++i) {
        if (handlers[i]) continue;
        handlers[i] = handler;
        return ADL_RET_OK;
    }
    return ADL_RET_ERR_NO_MORE_HANDLES;
}

s8 adl_gprsUnsubscribe(adl_gprsHdlr_f handler) {
    for (unsigned i = 0; i < MAX_HANDLERS; ++i) {
        if (handlers[i] != handler) continue;
        handlers[i] = NULL;
        return ADL_RET_OK;
    }
    return ADL_RET_ERR_PARAM;
}

static bool fits(const char* text, unsigned max) { return !text || strlen(text) <= max; }

s8 adl_gprsSetup(u8 cid, adl_gprsSetupParams_t params) {
    if (!valid_cid(cid) || !fits(params.APN, APN_MAX) || !fits(params.Login, CREDENTIAL_MAX) ||
        !fits(params.Password, CREDENTIAL_MAX) || (params.FixedIP && params.FixedIP[0]))
        return ADL_RET_ERR_PARAM;
    if (adl_gprsIsActive(cid)) return ADL_RET_ERR_BAD_STATE; /* like AT+CGDCONT: no redefinition while active */
    gprs_context_define(cid, params.APN ? params.APN : "");
    if (params.Login) strcpy(contexts[cid].login, params.Login);
    if (params.Password) strcpy(contexts[cid].password, params.Password);
    setups_due |= 1u << cid;
    return ADL_RET_OK;
}

s8 adl_gprsAct(u8 cid) {
    if (!valid_cid(cid)) return ADL_RET_ERR_PARAM;
    if (!contexts[cid].defined) return ADL_GPRS_CID_NOT_DEFINED;
    return network_procedure_start(BB_CMD_PDP_ACTIVATE, cid, contexts[cid].apn, NULL, NULL) ? ADL_RET_OK
                                                                                          : ADL_RET_ERR_BAD_STATE;
}

s8 adl_gprsDeact(u8 cid) {
    if (!valid_cid(cid)) return ADL_RET_ERR_PARAM;
    if (!contexts[cid].defined) return ADL_GPRS_CID_NOT_DEFINED;
    return network_procedure_start(BB_CMD_PDP_DEACTIVATE, cid, NULL, NULL, NULL) ? ADL_RET_OK : ADL_RET_ERR_BAD_STATE;
}

s8 adl_gprsGetCidInformations(u8 cid, adl_gprsInfosCid_t* infos) {
    if (!valid_cid(cid) || !infos) return ADL_RET_ERR_PARAM;
    if (!contexts[cid].defined) return ADL_GPRS_CID_NOT_DEFINED;
    if (!adl_gprsIsActive(cid)) return ADL_RET_ERR_BAD_STATE;
    reg_write(Q2686_BASEBAND_BASE, BB_PDP_SELECT, cid);
    infos->LocalIP = reg_read(Q2686_BASEBAND_BASE, BB_PDP_IP);
    infos->DNS1 = reg_read(Q2686_BASEBAND_BASE, BB_PDP_DNS1);
    infos->DNS2 = reg_read(Q2686_BASEBAND_BASE, BB_PDP_DNS2);
    infos->Gateway = 0;
    return ADL_RET_OK;
}
