/* The ADL SIM service (adl_global.h) and the SIM's AT commands (+CPIN, +CCID, +CIMI). For now
 * the SIM is always present, needs no PIN and is ready one second after start-up; handlers get
 * ADL_SIM_EVENT_FULL_INIT from the event loop then (or at once when they subscribe later). */
#include <string.h>

#include "adl.h"
#include "q2686_at_util.h"
#include "hw.h"

#define MAX_HANDLERS 4u
#define FULL_INIT_DELAY_100MS 10u
#define ICCID "8900101234567890123" /* ours: an ITU-T E.118 test number */
#define IMSI "001010123456789"      /* ours: MCC 001, MNC 01 — the test network the model is */

struct sim_handler {
    adl_simHdlr_f handler;
    bool told_full_init;
};

static struct sim_handler handlers[MAX_HANDLERS];
static adl_simState_e state;

static bool deliver_full_init(void) {
    if (state != ADL_SIM_STATE_FULL_INIT) return false;
    bool delivered = false;
    for (unsigned i = 0; i < MAX_HANDLERS; ++i) {
        if (!handlers[i].handler || handlers[i].told_full_init) continue;
        handlers[i].told_full_init = true;
        handlers[i].handler(ADL_SIM_EVENT_FULL_INIT);
        delivered = true;
    }
    return delivered;
}

/* Deliveries happen from a zero-delay timer so they always come from the loop, never from
 * inside adl_simSubscribe. */
static void deliver(u8 id, void* context) {
    (void)id;
    (void)context;
    deliver_full_init();
}

static void ready(u8 id, void* context) {
    (void)id;
    (void)context;
    state = ADL_SIM_STATE_FULL_INIT;
    adl_trace("sim: ready (full init)");
    deliver_full_init();
}

s32 adl_simSubscribe(adl_simHdlr_f handler, const ascii* pin) {
    (void)pin; /* the SIM asks for none */
    if (!handler) return ADL_RET_ERR_PARAM;
    struct sim_handler* slot = NULL;
    for (unsigned i = 0; i < MAX_HANDLERS; ++i) {
        if (handlers[i].handler == handler) return ADL_RET_ERR_ALREADY_SUBSCRIBED;
        if (!handlers[i].handler && !slot) slot = &handlers[i];
    }
    if (!slot) return ADL_RET_ERR_NO_MORE_HANDLES;
    slot->handler = handler;
    slot->told_full_init = false;
    if (state == ADL_SIM_STATE_FULL_INIT) adl_tmrSubscribe(false, 1, ADL_TMR_TYPE_MS, deliver);
    return OK;
}

s32 adl_simUnsubscribe(adl_simHdlr_f handler) {
    for (unsigned i = 0; i < MAX_HANDLERS; ++i) {
        if (handlers[i].handler == handler && handler) {
            handlers[i].handler = NULL;
            return OK;
        }
    }
    return ADL_RET_ERR_UNKNOWN_HDL;
}

adl_simState_e adl_simGetState(void) { return state; }

s32 adl_simEnterPIN(const ascii* pin) {
    if (!pin) return ADL_RET_ERR_PARAM;
    return ADL_RET_ERR_BAD_STATE;
}

/* ---- AT commands ---------------------------------------------------------------------------- */
static void cmd_cpin(adl_atCmdPreParser_t* p) {
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: return at_ok();
        case ADL_CMD_TYPE_READ:
            at_respond(state == ADL_SIM_STATE_FULL_INIT ? "+CPIN: READY" : "+CPIN: SIM BUSY");
            return at_ok();
        default: return at_not_allowed(); /* no PIN is awaited */
    }
}

static void cmd_ccid(adl_atCmdPreParser_t* p) {
    if (p->Type == ADL_CMD_TYPE_ACT || p->Type == ADL_CMD_TYPE_READ) at_respond("+CCID: \"" ICCID "\"");
    at_ok();
}

static void cmd_cimi(adl_atCmdPreParser_t* p) {
    if (p->Type == ADL_CMD_TYPE_ACT) at_respond(IMSI);
    at_ok();
}

void adl_sim_init(void) {
    memset(handlers, 0, sizeof handlers);
    state = ADL_SIM_STATE_INIT;
    adl_tmrSubscribe(false, FULL_INIT_DELAY_100MS, ADL_TMR_TYPE_100MS, ready);
    adl_atCmdSubscribe("+CPIN", cmd_cpin, ADL_CMD_TYPE_READ | ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+CCID", cmd_ccid, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_READ | ADL_CMD_TYPE_TEST);
    adl_atCmdSubscribe("+CIMI", cmd_cimi, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_TEST);
}
