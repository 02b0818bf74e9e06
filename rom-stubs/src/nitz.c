/* NITZ: +WIND: 15 and AT+CTZU (nitz.h). */
#include <stdio.h>
#include <string.h>

#include "adl.h"
#include "q2686_at_util.h"
#include "hw.h"
#include "nitz.h"
#include "wind.h"

#define NITZ_EVENT 15u

static int ctzu;

int ctzu_mode(void) { return ctzu; }

bool ctzu_set_mode(int mode) {
    if (mode != 0 && mode != 1) return false;
    ctzu = mode;
    return true;
}

/* The message's universal time, zone (quarter hours, signed) and DST hours. */
struct nitz {
    adl_rtcTime_t utc;
    int zone;
    unsigned dst;
    char full[BB_NITZ_FULL_WORDS * 4];
    char short_name[BB_NITZ_SHORT_WORDS * 4];
};

static void read_message(struct nitz* n) {
    const uint32_t date = reg_read(Q2686_BASEBAND_BASE, BB_NITZ_DATE);
    const uint32_t time = reg_read(Q2686_BASEBAND_BASE, BB_NITZ_TIME);
    const uint32_t zone = reg_read(Q2686_BASEBAND_BASE, BB_NITZ_ZONE);
    memset(n, 0, sizeof *n);
    n->utc.Year = (u16)(date >> 16);
    n->utc.Month = (u8)(date >> 8);
    n->utc.Day = (u8)date;
    n->utc.Hour = (u8)(time >> 16);
    n->utc.Minute = (u8)(time >> 8);
    n->utc.Second = (u8)time;
    n->zone = (int)(int8_t)(zone & BB_NITZ_ZONE_QUARTERS_MASK);
    n->dst = (zone & BB_NITZ_ZONE_DST_MASK) >> BB_NITZ_ZONE_DST_SHIFT;
    baseband_read_string(BB_NITZ_FULL0, BB_NITZ_FULL_WORDS, n->full);
    baseband_read_string(BB_NITZ_SHORT0, BB_NITZ_SHORT_WORDS, n->short_name);
}

static void report(const struct nitz* n) {
    char text[160];
    int length = snprintf(text, sizeof text, "+WIND: %u", NITZ_EVENT);
    if (n->full[0]) length += snprintf(text + length, sizeof text - (unsigned)length, ",1,\"%s\"", n->full);
    if (n->short_name[0]) length += snprintf(text + length, sizeof text - (unsigned)length, ",2,\"%s\"", n->short_name);
    const char sign = n->zone < 0 ? '-' : '+';
    const int quarters = n->zone < 0 ? -n->zone : n->zone;
    snprintf(text + length, sizeof text - (unsigned)length,
             ",3,\"%c%02d\",4,\"%02u/%02u/%02u,%02u:%02u:%02u%c%02d\",6,\"%u\"", sign, quarters,
             (unsigned)(n->utc.Year % 100u), (unsigned)n->utc.Month, (unsigned)n->utc.Day, (unsigned)n->utc.Hour,
             (unsigned)n->utc.Minute, (unsigned)n->utc.Second, sign, quarters, n->dst);
    adl_atSendLine(ADL_AT_UNS, text);
}

/* AT+CTZU=1: the RTC gets the local time (UTC + zone, which already includes DST: 24.008
 * §10.5.3.8) and the zone. A time the RTC cannot hold (before 1998, after 2097) is left out. */
static void update_rtc(const struct nitz* n) {
    adl_rtcTime_t utc = n->utc;
    adl_rtcTimeStamp_t stamp;
    if (adl_rtcConvertTime(&utc, &stamp, ADL_RTC_CONVERT_TO_TIMESTAMP) != OK) return;
    /* Unsigned arithmetic: timestamps after 2038 do not fit an s32. */
    const u32 shift = (u32)(n->zone < 0 ? -n->zone : n->zone) * 15u * 60u;
    if (n->zone < 0 && stamp.TimeStamp < shift) return;
    stamp.TimeStamp = n->zone < 0 ? stamp.TimeStamp - shift : stamp.TimeStamp + shift;
    adl_rtcTime_t local;
    if (adl_rtcConvertTime(&local, &stamp, ADL_RTC_CONVERT_FROM_TIMESTAMP) != OK) return;
    if (adl_rtcSetTime(&local) != OK) {
        adl_trcPrint(1, "nitz: %04u-%02u-%02u is outside the RTC's range: RTC not set", (unsigned)local.Year,
                     (unsigned)local.Month, (unsigned)local.Day);
        return;
    }
    adl_rtcSetTimeZone((s8)n->zone);
    adl_trace("nitz: RTC set from the network (AT+CTZU=1)");
}

void nitz_on_events(uint32_t events) {
    if (!(events & BB_EVENT_NITZ)) return;
    struct nitz n;
    read_message(&n);
    if (n.utc.Year == 0) return; /* nothing since power-on */
    if (ctzu) update_rtc(&n);
    if (wind_enabled(NITZ_EVENT)) report(&n);
}

/* AT+CTZU=<onoff> (0 report only, 1 set the RTC), AT+CTZU? → "+CTZU: <onoff>",
 * AT+CTZU=? → "+CTZU: (0-1)"; another value → +CME ERROR: 3, nothing changes. */
static void cmd_ctzu(adl_atCmdPreParser_t* p) {
    long value = 0;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: at_respond("+CTZU: (0-1)"); return at_ok();
        case ADL_CMD_TYPE_READ: at_respond(ctzu ? "+CTZU: 1" : "+CTZU: 0"); return at_ok();
        default:
            if (p->NbPara != 1 || !at_integer_param(p, 0, 0, 1, &value)) return at_not_allowed();
            ctzu = (int)value;
            return at_ok();
    }
}

void nitz_init(void) {
    ctzu = CTZU_FACTORY_MODE;
    adl_atCmdSubscribe("+CTZU", cmd_ctzu, ADL_CMD_TYPE_READ | ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA);
}
