/* +WIND: the indication mask and AT+WIND (wind.h has the table of bits and events). */
#include <stdio.h>

#include "adl.h"
#include "q2686_at_util.h"
#include "wind.h"

static uint32_t mask;

/* The mask bit of each event (the guide's <IndLevel> list): events 0 and 1 share bit 0, 13 and
 * 14 bit 12; the others follow one bit each. */
static uint32_t event_bit(unsigned event) {
    if (event <= 1) return 1u;
    if (event <= 12) return 1u << (event - 1);
    if (event <= 14) return 1u << 12;
    if (event <= 16) return 1u << (event - 2);
    return 0;
}

uint32_t wind_mask(void) { return mask; }

bool wind_set_mask(uint32_t value) {
    if (value > WIND_MASK_MAX) return false;
    mask = value;
    return true;
}

bool wind_enabled(unsigned event) { return (mask & event_bit(event)) != 0; }

void wind_indicate(unsigned event) {
    if (!wind_enabled(event)) return;
    char text[16];
    snprintf(text, sizeof text, "+WIND: %u", event);
    adl_atSendLine(ADL_AT_UNS, text);
}

/* AT+WIND=<IndLevel>, AT+WIND? → "+WIND: <IndLevel>", AT+WIND=? → "+WIND: (0-32767)". A value
 * outside the range is a bad parameter (+CME ERROR: 3); a missing or non-numeric one too. */
static void cmd_wind(adl_atCmdPreParser_t* p) {
    char text[24];
    long value = 0;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: at_respond("+WIND: (0-32767)"); return at_ok();
        case ADL_CMD_TYPE_READ:
            snprintf(text, sizeof text, "+WIND: %u", (unsigned)mask);
            at_respond(text);
            return at_ok();
        default:
            if (p->NbPara != 1 || !at_integer_param(p, 0, 0, WIND_MASK_MAX, &value)) return at_not_allowed();
            mask = (uint32_t)value;
            return at_ok();
    }
}

void wind_init(void) {
    mask = WIND_FACTORY_MASK;
    adl_atCmdSubscribe("+WIND", cmd_wind, ADL_CMD_TYPE_READ | ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA);
}
