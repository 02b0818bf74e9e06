/* The modem's own AT commands (docs/at-commands.md): ATE, ATI, +CGMI, +CGMM, +CGMR, +GMI, +GMM,
 * +GMR, +GCAP, +CGSN, +CMEE, +CFUN, and +HEAP (ours: the C heap, for soak tests); the clock's (+CCLK,
 * +CALA, +CPOF) are in at_clock.c, ATZ/AT&F/AT&W/AT&V in at_profile.c. They are registered through
 * adl_atCmdSubscribe like any application command. Errors follow Wavecom: a syntax error is ERROR; a well-formed command
 * with a bad value is +CME ERROR: 3 (operation not allowed), shown as plain ERROR while
 * AT+CMEE=0. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adl.h"
#include "q2686_at_util.h"
#include "hw.h"

#define MANUFACTURER "WAVECOM MODEM"
#define MODEL "Q2686RD"
#define REVISION "R7.44.0.q2686emu Q2686RD"

#include "at_settings.h"

static bool reset_requested;
void rom_request_reset(void) { reset_requested = true; }
bool rom_reset_requested(void) { return reset_requested; }



/* ---- basic commands ------------------------------------------------------------------------ */
static void cmd_echo(adl_atCmdPreParser_t* p) {
    long value = 0;
    if (p->Type == ADL_CMD_TYPE_PARA && !at_integer_param(p, 0, 0, 1, &value)) return at_error();
    at_set_echo(value == 1);
    at_ok();
}

static void cmd_identify(adl_atCmdPreParser_t* p) {
    long value = 0;
    if (p->Type == ADL_CMD_TYPE_PARA && !at_integer_param(p, 0, 0, 9, &value)) return at_error();
    if (value == 0) {
        at_respond(MANUFACTURER);
        at_respond(MODEL);
    } else if (value == 3) {
        at_respond(REVISION);
    }
    at_ok();  /* other ATIn: nothing to report, like the real modem */
}


/* ---- identification ------------------------------------------------------------------------ */
static void cmd_cgmi(adl_atCmdPreParser_t* p) {
    if (p->Type == ADL_CMD_TYPE_ACT) at_respond(MANUFACTURER);
    at_ok();
}

static void cmd_cgmm(adl_atCmdPreParser_t* p) {
    if (p->Type == ADL_CMD_TYPE_ACT) at_respond(MODEL);
    at_ok();
}

static void cmd_cgmr(adl_atCmdPreParser_t* p) {
    if (p->Type == ADL_CMD_TYPE_ACT) at_respond(REVISION);
    at_ok();
}

/* V.250 §6.1.4-6.1.6, §6.1.9: +GMI, +GMM, +GMR answer as their 27.007 twins (+CGMI ...);
 * +GCAP lists the capabilities: GSM commands (+CGSM) and the service class command (+FCLASS). */
static void cmd_gcap(adl_atCmdPreParser_t* p) {
    if (p->Type == ADL_CMD_TYPE_ACT) at_respond("+GCAP: +CGSM,+FCLASS");
    at_ok();
}

static void cmd_cgsn(adl_atCmdPreParser_t* p) {
    if (p->Type == ADL_CMD_TYPE_ACT) {
        char imei[SYSCTL_IMEI_WORDS * 4 + 1];
        for (unsigned i = 0; i < SYSCTL_IMEI_WORDS; ++i) {
            const uint32_t word = reg_read(Q2686_SYSCTL_BASE, SYSCTL_IMEI(i));
            for (unsigned b = 0; b < 4; ++b) imei[4 * i + b] = (char)(word >> (8 * b));
        }
        imei[sizeof imei - 1] = 0;
        at_respond(imei);
    }
    at_ok();
}

/* ---- +CMEE: report mobile equipment errors (27.007 §9.1) ----------------------------------- */
static void cmd_cmee(adl_atCmdPreParser_t* p) {
    char text[16];
    long value = 0;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: at_respond("+CMEE: (0-2)"); return at_ok();
        case ADL_CMD_TYPE_READ:
            snprintf(text, sizeof text, "+CMEE: %u", (unsigned)at_cmee());
            at_respond(text);
            return at_ok();
        case ADL_CMD_TYPE_ACT: at_set_cmee(0); return at_ok();
        default:
            if (p->NbPara != 1 || !at_integer_param(p, 0, 0, 2, &value)) return at_not_allowed();
            at_set_cmee((u8)value);
            return at_ok();
    }
}

/* ---- +CFUN: functionality (27.007 §8.2). +CFUN=0 switches the radio off (BB_RADIO): the modem
 * deregisters at once (+CREG: 0, +CSQ: 99,99), GPRS detaches and the contexts — the bearer —
 * are lost; commands keep working. +CFUN=1 restarts the modem (software reset), radio on. ---- */
static u8 functionality = 1;
static void cmd_cfun(adl_atCmdPreParser_t* p) {
    long value = 0;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: at_respond("+CFUN: (0,1)"); return at_ok();
        case ADL_CMD_TYPE_READ: at_respond(functionality ? "+CFUN: 1" : "+CFUN: 0"); return at_ok();
        case ADL_CMD_TYPE_PARA:
            if (p->NbPara != 1 || !at_integer_param(p, 0, 0, 1, &value)) return at_not_allowed();
            functionality = (u8)value;
            if (value == 0) reg_write(Q2686_BASEBAND_BASE, BB_RADIO, 0);
            if (value == 1) rom_request_reset();  /* after the final OK has been sent */
            return at_ok();
        default: return at_error();
    }
}

/* ---- +HEAP (ours): the C heap (newlib-nano malloc: wolfSSL, the credentials) ---------------
 * +HEAP: <in use>,<high-water>,<size> — bytes in allocated blocks now (mallinfo uordblks, block
 * headers included), the most the heap ever took from RAM through sbrk (newlib-nano never gives
 * it back, so a leak or fragmentation shows as this growing), and the RAM it may take. */
size_t rom_heap_high_water(void);
size_t rom_heap_size(void);
static void cmd_heap(adl_atCmdPreParser_t* p) {
    if (p->Type == ADL_CMD_TYPE_TEST) return at_ok();
    if (p->Type != ADL_CMD_TYPE_READ) return at_error();
    const struct mallinfo m = mallinfo();
    char line[64];
    snprintf(line, sizeof line, "+HEAP: %lu,%lu,%lu", (unsigned long)m.uordblks, (unsigned long)rom_heap_high_water(),
             (unsigned long)rom_heap_size());
    at_respond(line);
    at_ok();
}

void at_builtin_init(void) {
    adl_atCmdSubscribe("E", cmd_echo, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("I", cmd_identify, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+CGMI", cmd_cgmi, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_TEST);
    adl_atCmdSubscribe("+CGMM", cmd_cgmm, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_TEST);
    adl_atCmdSubscribe("+CGMR", cmd_cgmr, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_TEST);
    adl_atCmdSubscribe("+GMI", cmd_cgmi, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_TEST);
    adl_atCmdSubscribe("+GMM", cmd_cgmm, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_TEST);
    adl_atCmdSubscribe("+GMR", cmd_cgmr, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_TEST);
    adl_atCmdSubscribe("+GCAP", cmd_gcap, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_TEST);
    adl_atCmdSubscribe("+CGSN", cmd_cgsn, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_TEST);
    adl_atCmdSubscribe("+CMEE", cmd_cmee, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_READ | ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+CFUN", cmd_cfun, ADL_CMD_TYPE_READ | ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+HEAP", cmd_heap, ADL_CMD_TYPE_READ | ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA);
}
