/* The BASEBAND runs one network procedure at a time (attach, detach, PDP activation,
 * deactivation; q2686_hw.h). Two clients start them — the AT commands (at_network.c: +CGATT,
 * +CGACT) and the ADL GPRS service (adl_gprs.c) — so who started the running procedure, and
 * whom to tell when BB_EVENT.DONE arrives, is kept here and nowhere else. A start while one
 * runs is refused; the caller answers "busy" in its own terms.
 *
 * network_poll() is the only taker of BASEBAND events and hands each batch out in a fixed
 * order: the AT layer's unsolicited codes (+CREG, +CGREG, +WIND: 7/8, then NITZ's +WIND: 15
 * and its RTC update, nitz.c), the ADL GPRS events for
 * changes nobody asked for (a context lost with coverage), then the end of the procedure —
 * ADL events first, then the starter's callback (the AT command's final response). A URC
 * caused by a command therefore still precedes its OK. */
#include <stddef.h>

#include "hw.h"
#include "nitz.h"

struct procedure {
    bool running;
    uint32_t code;  /* BB_CMD_* */
    unsigned cid;
    network_done_t done;
    void* context;
};

static struct procedure current;

void network_init(void) {
    current.running = false;
    baseband_init();
    adl_gprs_init();
}

bool network_procedure_start(uint32_t code, unsigned cid, const char* apn, network_done_t done, void* context) {
    if (current.running || (reg_read(Q2686_BASEBAND_BASE, BB_RESULT) & BB_RESULT_BUSY)) return false;
    current.running = true;
    current.code = code;
    current.cid = cid;
    current.done = done;
    current.context = context;
    /* The device copies the APN window when PDP_ACTIVATE is written. */
    if (code == BB_CMD_PDP_ACTIVATE) baseband_set_apn(apn ? apn : "");
    baseband_command(code, cid);
    return true;
}

bool network_procedure_running(uint32_t* code, unsigned* cid) {
    if (!current.running) return false;
    if (code) *code = current.code;
    if (cid) *cid = current.cid;
    return true;
}

bool network_has_work(void) { return baseband_has_events() || adl_gprs_has_work(); }

bool network_poll(void) {
    const uint32_t events = baseband_take_events();
    bool worked = adl_gprs_deliver_setups();
    if (!events) return worked;
    if (events & BB_EVENT_SIM) adl_sim_on_card_change(); /* "+WIND: 0/1" before the "+CREG" it causes */
    at_network_on_events(events);
    nitz_on_events(events);
    adl_gprs_on_events(events); /* sees the procedure still running: it explains its own changes */
    if ((events & BB_EVENT_DONE) && current.running) {
        const struct procedure finished = current;
        current.running = false; /* before the callbacks: they may start the next one */
        const uint32_t result = reg_read(Q2686_BASEBAND_BASE, BB_RESULT) & BB_RESULT_CODE_MASK;
        adl_gprs_on_procedure_done(finished.code, finished.cid, result);
        if (finished.done) finished.done(result, finished.context);
    }
    return true;
}
