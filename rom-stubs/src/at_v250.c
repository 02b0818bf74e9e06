/* V.250 and serial-port commands (ITU-T V.250; the Wavecom AT Commands Interface Guide,
 * "V.25ter" and "V24-V25 commands"; docs/at-commands.md "V.250 and the serial port"):
 *   ATV, ATQ, ATX, AT&C, AT&D, ATS<n>?/ATS<n>=<v>, AT+IPR, AT+ICF, AT+IFC, AT+CPAS, AT+FCLASS.
 * The engine (at_engine.c) reads V, Q and S3/S4/S5 as it frames responses and assembles lines.
 *
 * Errors as elsewhere in the ROM: a basic command with a value out of its range (ATV2, AT&C5,
 * ATS99=1, ATS3=200) is ERROR, as V.250 §5.6 says; an extended command with a bad value
 * (AT+IPR=12345, AT+IFC=1,1) is +CME ERROR: 3 (ERROR while AT+CMEE=0). Nothing changes then.
 *
 * AT+IPR changes the UART's rate after the line's final result code has left at the old rate
 * (the OK of AT+IPR=9600 is still at 115200 bit/s), as Wavecom and V.250 §6.2.10 describe;
 * the host side of the emulator follows the UART's rate. AT+IPR=0 is autobauding: the rate
 * stays what it is (the host is always detected at the rate it uses — there is no mismatch
 * to detect) and AT+IPR? answers 0. AT+IFC's second value drives CTS (uart.c). */
#include <stdio.h>
#include <string.h>

#include "adl.h"
#include "at_settings.h"
#include "hw.h"
#include "q2686_at_util.h"

/* S-parameters: number, range, factory value (V.250 §6.3; S2 and S10 as Hayes modems and the
 * Wavecom guide's AT&V show them). S0 (rings before auto-answer) and the dial timings are kept
 * and shown, but there are no calls to act on. */
static const struct {
    u8 number, low, high, factory;
} s_parameters[AT_S_PARAMETER_COUNT] = {
    {0, 0, 255, 0},   /* S0: rings before automatic answer (0: never) */
    {2, 0, 255, 43},  /* S2: escape character '+' */
    {3, 0, 127, 13},  /* S3: command line termination, CR */
    {4, 0, 127, 10},  /* S4: response formatting, LF */
    {5, 0, 127, 8},   /* S5: command line editing, BS */
    {6, 2, 10, 2},    /* S6: pause before blind dialling, s */
    {7, 1, 255, 50},  /* S7: connection completion timeout, s */
    {8, 0, 255, 2},   /* S8: comma dial modifier pause, s */
    {10, 1, 254, 14}, /* S10: automatic disconnect delay, 0.1 s */
};

/* AT+IPR rates: the autobaud ones first (the test command's first list), then the fixed ones. */
static const u32 auto_rates[] = {2400, 4800, 9600, 19200, 38400, 57600, 115200};
static const u32 fixed_rates[] = {300, 600, 1200, 230400, 460800, 921600};
#define FACTORY_RATE 115200u /* the Q2686's UART1 after reset (hw/registers.txt UART_BAUD) */

static struct at_v250_settings current;
static bool port_settings_pending; /* applied after the line's final result code */

void at_v250_factory(struct at_v250_settings* settings) {
    memset(settings, 0, sizeof *settings);
    settings->verbose = 1;
    settings->quiet = 0;
    settings->x = 0;
    settings->dcd_mode = 1;
    settings->dtr_mode = 2;
    for (unsigned i = 0; i < AT_S_PARAMETER_COUNT; ++i) settings->s[i] = s_parameters[i].factory;
    settings->ipr = FACTORY_RATE;
    settings->icf_format = 3; /* 8 data bits, 1 stop bit */
    settings->icf_parity = 4; /* none */
    settings->ifc_dce_by_dte = 2;
    settings->ifc_dte_by_dce = 2;
}

static bool rate_supported(u32 rate) {
    if (rate == 0) return true;
    for (unsigned i = 0; i < sizeof auto_rates / sizeof auto_rates[0]; ++i)
        if (auto_rates[i] == rate) return true;
    for (unsigned i = 0; i < sizeof fixed_rates / sizeof fixed_rates[0]; ++i)
        if (fixed_rates[i] == rate) return true;
    return false;
}

static bool flow_value(unsigned v) {
    return v == 0 || v == 2;
}

static bool valid(const struct at_v250_settings* t) {
    if (t->verbose > 1 || t->quiet > 1 || t->x > 4 || t->dcd_mode > 1 || t->dtr_mode > 2) return false;
    for (unsigned i = 0; i < AT_S_PARAMETER_COUNT; ++i)
        if (t->s[i] < s_parameters[i].low || t->s[i] > s_parameters[i].high) return false;
    return rate_supported(t->ipr) && t->icf_format >= 1 && t->icf_format <= 6 && t->icf_parity <= 4 &&
           flow_value(t->ifc_dce_by_dte) && flow_value(t->ifc_dte_by_dce);
}

void at_v250_get(struct at_v250_settings* settings) {
    *settings = current;
}

bool at_v250_set(const struct at_v250_settings* settings) {
    if (!valid(settings)) return false;
    current = *settings;
    port_settings_pending = true;
    return true;
}

bool at_v250_verbose(void) {
    return current.verbose != 0;
}
bool at_v250_quiet(void) {
    return current.quiet != 0;
}

unsigned at_v250_register(unsigned n) {
    for (unsigned i = 0; i < AT_S_PARAMETER_COUNT; ++i)
        if (s_parameters[i].number == n) return current.s[i];
    return 0;
}

void at_v250_line_ended(void) {
    if (!port_settings_pending) return;
    port_settings_pending = false;
    at_uart_set_cts_flow_control(current.ifc_dte_by_dce == 2);
    if (current.ipr != 0 && reg_read(Q2686_UART1_BASE, UART_BAUD) != current.ipr) at_uart_set_baud(current.ipr);
}

/* ---- basic commands with one digit value: ATV, ATQ, ATX, AT&C, AT&D --------------------------
 * ATV alone is ATV0 (V.250: an omitted value is 0). */
static void basic_setting(adl_atCmdPreParser_t* p, u8* field, long high) {
    long value = 0;
    if (p->Type == ADL_CMD_TYPE_PARA && !at_integer_param(p, 0, 0, high, &value)) return at_error();
    *field = (u8)value;
    at_ok();
}

static void cmd_v(adl_atCmdPreParser_t* p) {
    basic_setting(p, &current.verbose, 1);
}
static void cmd_q(adl_atCmdPreParser_t* p) {
    basic_setting(p, &current.quiet, 1);
}
static void cmd_x(adl_atCmdPreParser_t* p) {
    basic_setting(p, &current.x, 4);
}
static void cmd_and_c(adl_atCmdPreParser_t* p) {
    basic_setting(p, &current.dcd_mode, 1);
}
static void cmd_and_d(adl_atCmdPreParser_t* p) {
    basic_setting(p, &current.dtr_mode, 2);
}

/* ---- ATS<n>? / ATS<n>=<value> (V.250 §6.3): the read answers three digits, "013" -------------- */
static void cmd_s(adl_atCmdPreParser_t* p) {
    long number = 0, value = 0;
    if (!at_integer_param(p, 0, 0, 255, &number)) return at_error();
    for (unsigned i = 0; i < AT_S_PARAMETER_COUNT; ++i) {
        if (s_parameters[i].number != number) continue;
        if (p->Type == ADL_CMD_TYPE_READ) {
            char text[8];
            snprintf(text, sizeof text, "%03u", (unsigned)current.s[i]);
            at_respond(text);
            return at_ok();
        }
        if (!at_integer_param(p, 1, s_parameters[i].low, s_parameters[i].high, &value)) return at_error();
        current.s[i] = (u8)value;
        return at_ok();
    }
    at_error(); /* a register the modem does not have */
}

/* ---- AT+IPR: the UART's rate (Wavecom "Fixed DTE rate +IPR") ---------------------------------- */
static void append_rates(char* text, size_t size, const u32* rates, unsigned count) {
    for (unsigned i = 0; i < count; ++i) {
        const size_t used = strlen(text);
        snprintf(text + used, size - used, "%s%lu", i ? "," : "", (unsigned long)rates[i]);
    }
}

static void cmd_ipr(adl_atCmdPreParser_t* p) {
    char text[128];
    long rate = 0;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST:
            snprintf(text, sizeof text, "+IPR: (0,");
            append_rates(text, sizeof text, auto_rates, sizeof auto_rates / sizeof auto_rates[0]);
            strncat(text, "),(", sizeof text - strlen(text) - 1);
            append_rates(text, sizeof text, fixed_rates, sizeof fixed_rates / sizeof fixed_rates[0]);
            strncat(text, ")", sizeof text - strlen(text) - 1);
            at_respond(text);
            return at_ok();
        case ADL_CMD_TYPE_READ:
            snprintf(text, sizeof text, "+IPR: %lu", (unsigned long)current.ipr);
            at_respond(text);
            return at_ok();
        case ADL_CMD_TYPE_PARA:
            if (p->NbPara != 1 || !at_integer_param(p, 0, 0, 4000000, &rate) || !rate_supported((u32)rate))
                return at_not_allowed();
            current.ipr = (u32)rate;
            port_settings_pending = true;
            return at_ok();
        default: return at_error();
    }
}

/* ---- AT+ICF: character framing (Wavecom "DTE-DCE character framing +ICF") ----------------------
 * <format> 1 8 data 2 stop, 2 8 data 1 parity 1 stop, 3 8 data 1 stop, 4 7 data 2 stop, 5 7 data
 * 1 parity 1 stop, 6 7 data 1 stop; <parity> 0 odd, 1 even, 2 mark, 3 space, 4 none. Kept and
 * saved; the UART model times every frame as 8N1 (docs/hardware.md). */
static void cmd_icf(adl_atCmdPreParser_t* p) {
    char text[24];
    long format = 0, parity = current.icf_parity;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: at_respond("+ICF: (1-6),(0-4)"); return at_ok();
        case ADL_CMD_TYPE_READ:
            snprintf(text, sizeof text, "+ICF: %u,%u", (unsigned)current.icf_format, (unsigned)current.icf_parity);
            at_respond(text);
            return at_ok();
        case ADL_CMD_TYPE_PARA:
            if (p->NbPara < 1 || p->NbPara > 2 || !at_integer_param(p, 0, 1, 6, &format) ||
                (p->NbPara == 2 && !at_integer_param(p, 1, 0, 4, &parity)))
                return at_not_allowed();
            current.icf_format = (u8)format;
            current.icf_parity = (u8)parity;
            return at_ok();
        default: return at_error();
    }
}

/* ---- AT+IFC: flow control (Wavecom "DTE-DCE local flow control +IFC") --------------------------
 * <DCE_by_DTE>, <DTE_by_DCE>: 0 none, 2 RTS/CTS (XON/XOFF, 1, is not offered). The second one
 * drives CTS: with 2 the modem drops CTS before its receive buffer overflows. */
static void cmd_ifc(adl_atCmdPreParser_t* p) {
    char text[24];
    long by_dte = 0, by_dce = current.ifc_dte_by_dce;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: at_respond("+IFC: (0,2),(0,2)"); return at_ok();
        case ADL_CMD_TYPE_READ:
            snprintf(text, sizeof text, "+IFC: %u,%u", (unsigned)current.ifc_dce_by_dte,
                     (unsigned)current.ifc_dte_by_dce);
            at_respond(text);
            return at_ok();
        case ADL_CMD_TYPE_PARA:
            if (p->NbPara < 1 || p->NbPara > 2 || !at_integer_param(p, 0, 0, 2, &by_dte) ||
                (p->NbPara == 2 && !at_integer_param(p, 1, 0, 2, &by_dce)) || !flow_value((unsigned)by_dte) ||
                !flow_value((unsigned)by_dce))
                return at_not_allowed();
            current.ifc_dce_by_dte = (u8)by_dte;
            current.ifc_dte_by_dce = (u8)by_dce;
            port_settings_pending = true;
            return at_ok();
        default: return at_error();
    }
}

/* ---- AT+CPAS: phone activity status (27.007 §8.1): always 0, ready (no calls) ----------------- */
static void cmd_cpas(adl_atCmdPreParser_t* p) {
    at_respond(p->Type == ADL_CMD_TYPE_TEST ? "+CPAS: (0-5)" : "+CPAS: 0");
    at_ok();
}

/* ---- AT+FCLASS: service class (V.250 annex; TIA-578): data (0) only, no fax ------------------- */
static void cmd_fclass(adl_atCmdPreParser_t* p) {
    long value = 0;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: at_respond("+FCLASS: (0)"); return at_ok();
        case ADL_CMD_TYPE_READ: at_respond("+FCLASS: 0"); return at_ok();
        case ADL_CMD_TYPE_PARA:
            if (p->NbPara != 1 || !at_integer_param(p, 0, 0, 0, &value)) return at_not_allowed();
            return at_ok();
        default: return at_error();
    }
}

void at_v250_init(void) {
    at_v250_factory(&current);
    port_settings_pending = false;
    const u16 basic = ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_PARA;
    const u16 all = ADL_CMD_TYPE_READ | ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA;
    adl_atCmdSubscribe("V", cmd_v, basic);
    adl_atCmdSubscribe("Q", cmd_q, basic);
    adl_atCmdSubscribe("X", cmd_x, basic);
    adl_atCmdSubscribe("&C", cmd_and_c, basic);
    adl_atCmdSubscribe("&D", cmd_and_d, basic);
    adl_atCmdSubscribe("S", cmd_s, ADL_CMD_TYPE_READ | ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+IPR", cmd_ipr, all);
    adl_atCmdSubscribe("+ICF", cmd_icf, all);
    adl_atCmdSubscribe("+IFC", cmd_ifc, all);
    adl_atCmdSubscribe("+CPAS", cmd_cpas, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_TEST);
    adl_atCmdSubscribe("+FCLASS", cmd_fclass, all);
}
