/* The ADL SIM service (adl_global.h) and the SIM's AT commands (+CPIN, +CCID, +CIMI).
 *
 * The card is a hardware fact the ROM reads from the BASEBAND device (hw/registers.txt BB_SIM,
 * BB_SIM_PIN; docs/hardware.md): present or not, and the PIN it asks for. The ROM tells the
 * radio it may register (BB_SIM_CTRL.UNLOCKED) once it has the subscriber identity: at once
 * for a SIM without PIN, after the right PIN otherwise (AT+CPIN=<pin>, adl_simEnterPIN, or the
 * PIN given to adl_simSubscribe). Without a SIM, or while a PIN is awaited, the modem stays
 * unregistered (+CREG: 0).
 *
 * States and events (adl_global.h; Wavecom ADL User Guide, "SIM Service"):
 *   SIM without PIN    INIT, then FULL_INIT one second after start-up (ADL_SIM_EVENT_FULL_INIT)
 *   SIM with a PIN     PIN_WAIT (ADL_SIM_EVENT_PIN_WAIT at one second); right PIN: PIN_OK then
 *                      FULL_INIT (both events); wrong: ADL_SIM_EVENT_PIN_ERROR; the third wrong
 *                      PIN in a row: PUK_WAIT (ADL_SIM_EVENT_PUK_WAIT; ours: no PUK is taken)
 *   no SIM             REMOVED (ADL_SIM_EVENT_REMOVED at one second)
 *   removal            REMOVED, "+WIND: 0", ADL_SIM_EVENT_REMOVED; the radio deregisters
 *   insertion          "+WIND: 1", ADL_SIM_EVENT_INSERTED, then as at start-up
 * Handlers are called from the event loop, never from inside adl_simSubscribe; a handler
 * subscribed later gets the current state's event (FULL_INIT, PIN_WAIT, REMOVED) on the next
 * pass of the loop.
 *
 * +CME ERROR codes (3GPP TS 27.007 §9.2): 10 SIM not inserted, 11 SIM PIN required, 12 SIM PUK
 * required, 16 incorrect password, 3 operation not allowed (no PIN awaited). */
#include <string.h>

#include "adl.h"
#include "q2686_at_util.h"
#include "hw.h"
#include "wind.h"

#define MAX_HANDLERS 4u
#define FULL_INIT_DELAY_100MS 10u
#define PIN_ATTEMPTS 3u
#define ICCID "8900101234567890123" /* ours: an ITU-T E.118 test number */
#define IMSI "001010123456789"      /* ours: MCC 001, MNC 01 — the test network the model is */

#define WIND_SIM_REMOVED 0u
#define WIND_SIM_INSERTED 1u

#define CME_SIM_NOT_INSERTED 10u
#define CME_SIM_PIN_REQUIRED 11u
#define CME_SIM_PUK_REQUIRED 12u
#define CME_INCORRECT_PASSWORD 16u

struct sim_handler {
    adl_simHdlr_f handler;
    bool told; /* has had the current state's event */
};

static struct sim_handler handlers[MAX_HANDLERS];
static adl_simState_e state;
static bool started;        /* the one-second start-up delay is over */
static unsigned attempts;   /* PIN attempts left */
static char subscriber_pin[9]; /* the PIN an application gave adl_simSubscribe; "" none */

static bool card_present(void) { return (reg_read(Q2686_BASEBAND_BASE, BB_SIM) & BB_SIM_PRESENT) != 0; }
static bool card_wants_pin(void) { return (reg_read(Q2686_BASEBAND_BASE, BB_SIM) & BB_SIM_PIN_ENABLED) != 0; }
static void unlock_radio(void) { reg_write(Q2686_BASEBAND_BASE, BB_SIM_CTRL, BB_SIM_CTRL_UNLOCKED); }

static void announce(u8 event) {
    for (unsigned i = 0; i < MAX_HANDLERS; ++i) {
        if (!handlers[i].handler) continue;
        handlers[i].told = true;
        handlers[i].handler(event);
    }
}

/* The event a handler subscribing now is owed; 0: none. */
static u8 state_event(void) {
    switch (state) {
        case ADL_SIM_STATE_FULL_INIT: return ADL_SIM_EVENT_FULL_INIT;
        case ADL_SIM_STATE_PIN_WAIT: return ADL_SIM_EVENT_PIN_WAIT;
        case ADL_SIM_STATE_PUK_WAIT: return ADL_SIM_EVENT_PUK_WAIT;
        case ADL_SIM_STATE_REMOVED: return ADL_SIM_EVENT_REMOVED;
        default: return 0;
    }
}

/* The PIN check. Right: the radio may register, PIN_OK then FULL_INIT. */
static bool verify(const char* pin) {
    char expected[4 * BB_SIM_PIN_WORDS];
    baseband_read_string(BB_SIM_PIN0, BB_SIM_PIN_WORDS, expected);
    if (strcmp(pin, expected) == 0) {
        attempts = PIN_ATTEMPTS;
        unlock_radio();
        adl_trace("sim: PIN OK");
        state = ADL_SIM_STATE_PIN_OK;
        announce(ADL_SIM_EVENT_PIN_OK);
        state = ADL_SIM_STATE_FULL_INIT;
        announce(ADL_SIM_EVENT_FULL_INIT);
        return true;
    }
    if (attempts) --attempts;
    adl_trace("sim: wrong PIN");
    announce(ADL_SIM_EVENT_PIN_ERROR);
    if (attempts == 0) {
        state = ADL_SIM_STATE_PUK_WAIT;
        announce(ADL_SIM_EVENT_PUK_WAIT);
    }
    return false;
}

/* Reads the card (start-up, insertion): the state before the one-second delay's events. */
static void read_card(void) {
    attempts = PIN_ATTEMPTS;
    if (!card_present()) {
        state = ADL_SIM_STATE_REMOVED;
    } else if (card_wants_pin()) {
        state = ADL_SIM_STATE_PIN_WAIT;
    } else {
        unlock_radio(); /* the identity is readable: registration starts now, full init later */
        state = ADL_SIM_STATE_INIT;
    }
}

/* After start-up or insertion: what the card said, announced; a PIN given by a subscriber is
 * tried. */
static void settle(void) {
    if (state == ADL_SIM_STATE_INIT) state = ADL_SIM_STATE_FULL_INIT;
    const u8 event = state_event();
    adl_trace(state == ADL_SIM_STATE_FULL_INIT  ? "sim: ready (full init)"
              : state == ADL_SIM_STATE_PIN_WAIT ? "sim: PIN required"
                                                : "sim: no SIM");
    if (event) announce(event);
    if (state == ADL_SIM_STATE_PIN_WAIT && subscriber_pin[0]) verify(subscriber_pin);
}

static void started_up(u8 id, void* context) {
    (void)id;
    (void)context;
    started = true;
    settle();
}

/* New subscribers get the current state from the loop (a zero-delay timer). */
static void catch_up(u8 id, void* context) {
    (void)id;
    (void)context;
    if (!started) return; /* started_up announces to everyone */
    const u8 event = state_event();
    for (unsigned i = 0; i < MAX_HANDLERS; ++i) {
        if (!handlers[i].handler || handlers[i].told) continue;
        handlers[i].told = true;
        if (event) handlers[i].handler(event);
    }
    if (state == ADL_SIM_STATE_PIN_WAIT && subscriber_pin[0]) verify(subscriber_pin);
}

void adl_sim_on_card_change(void) {
    const bool present = card_present();
    if (!present && state != ADL_SIM_STATE_REMOVED) {
        state = ADL_SIM_STATE_REMOVED; /* the radio locked itself and deregistered */
        adl_trace("sim: removed");
        wind_indicate(WIND_SIM_REMOVED);
        announce(ADL_SIM_EVENT_REMOVED);
    } else if (present && state == ADL_SIM_STATE_REMOVED) {
        adl_trace("sim: inserted");
        wind_indicate(WIND_SIM_INSERTED);
        state = ADL_SIM_STATE_INSERTED;
        announce(ADL_SIM_EVENT_INSERTED);
        read_card();
        if (started) settle();
    }
}

s32 adl_simSubscribe(adl_simHdlr_f handler, const ascii* pin) {
    if (!handler) return ADL_RET_ERR_PARAM;
    struct sim_handler* slot = NULL;
    for (unsigned i = 0; i < MAX_HANDLERS; ++i) {
        if (handlers[i].handler == handler) return ADL_RET_ERR_ALREADY_SUBSCRIBED;
        if (!handlers[i].handler && !slot) slot = &handlers[i];
    }
    if (!slot) return ADL_RET_ERR_NO_MORE_HANDLES;
    slot->handler = handler;
    slot->told = false;
    if (pin && strlen(pin) < sizeof subscriber_pin) strcpy(subscriber_pin, pin);
    if (started) adl_tmrSubscribe(false, 1, ADL_TMR_TYPE_MS, catch_up);
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
    if (state != ADL_SIM_STATE_PIN_WAIT) return ADL_RET_ERR_BAD_STATE;
    verify(pin); /* the outcome comes as events */
    return OK;
}

/* ---- AT commands ---------------------------------------------------------------------------- */
/* +CPIN (27.007 §8.3): "+CPIN: READY", "+CPIN: SIM PIN" or "+CPIN: SIM PUK"; no SIM: 10. */
static void cmd_cpin(adl_atCmdPreParser_t* p) {
    if (p->Type == ADL_CMD_TYPE_TEST) return at_ok();
    if (state == ADL_SIM_STATE_REMOVED) return adl_atSendCmeError(CME_SIM_NOT_INSERTED);
    if (p->Type == ADL_CMD_TYPE_READ) {
        at_respond(state == ADL_SIM_STATE_FULL_INIT  ? "+CPIN: READY"
                   : state == ADL_SIM_STATE_PIN_WAIT ? "+CPIN: SIM PIN"
                   : state == ADL_SIM_STATE_PUK_WAIT ? "+CPIN: SIM PUK"
                                                     : "+CPIN: SIM BUSY");
        return at_ok();
    }
    /* AT+CPIN=<pin>[,<newpin>]: the PIN, digits, quoted or not. */
    const char* pin = at_param(p, 0);
    if (!pin || p->NbPara > 2 || !*pin || strlen(pin) > 8 || strspn(pin, "0123456789") != strlen(pin))
        return at_error();
    if (state == ADL_SIM_STATE_PUK_WAIT) return adl_atSendCmeError(CME_SIM_PUK_REQUIRED);
    if (state != ADL_SIM_STATE_PIN_WAIT) return at_not_allowed(); /* no PIN is awaited */
    if (verify(pin)) return at_ok();
    adl_atSendCmeError(CME_INCORRECT_PASSWORD); /* the third one too; then 12 (SIM PUK) */
}

/* The ICCID is on the card, readable without the PIN; the IMSI needs it. */
static void cmd_ccid(adl_atCmdPreParser_t* p) {
    if (p->Type != ADL_CMD_TYPE_TEST && state == ADL_SIM_STATE_REMOVED)
        return adl_atSendCmeError(CME_SIM_NOT_INSERTED);
    if (p->Type == ADL_CMD_TYPE_ACT || p->Type == ADL_CMD_TYPE_READ) at_respond("+CCID: \"" ICCID "\"");
    at_ok();
}

static void cmd_cimi(adl_atCmdPreParser_t* p) {
    if (p->Type == ADL_CMD_TYPE_ACT) {
        if (state == ADL_SIM_STATE_REMOVED) return adl_atSendCmeError(CME_SIM_NOT_INSERTED);
        if (state == ADL_SIM_STATE_PIN_WAIT) return adl_atSendCmeError(CME_SIM_PIN_REQUIRED);
        if (state == ADL_SIM_STATE_PUK_WAIT) return adl_atSendCmeError(CME_SIM_PUK_REQUIRED);
        at_respond(IMSI);
    }
    at_ok();
}

void adl_sim_init(void) {
    memset(handlers, 0, sizeof handlers);
    subscriber_pin[0] = 0;
    started = false;
    read_card();
    adl_tmrSubscribe(false, FULL_INIT_DELAY_100MS, ADL_TMR_TYPE_100MS, started_up);
    adl_atCmdSubscribe("+CPIN", cmd_cpin, ADL_CMD_TYPE_READ | ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+CCID", cmd_ccid, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_READ | ADL_CMD_TYPE_TEST);
    adl_atCmdSubscribe("+CIMI", cmd_cimi, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_TEST);
}
