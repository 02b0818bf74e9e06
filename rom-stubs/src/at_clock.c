/* The modem's clock commands (docs/at-commands.md "Clock, alarms and power-off"): +CCLK, the
 * alarms of +CALA and the power-off of +CPOF — Wavecom AT Commands Interface Guide, "Real time
 * clock" / "Alarm management" / "Power off"; 3GPP TS 27.007 §8.15 (+CCLK), §8.16 (+CALA).
 *
 * Errors follow the rest of the ROM: not in the command's syntax (no quotes, "xx", a letter for
 * an index) is ERROR; well-formed but a value out of range (month 13, index 17, a time already
 * passed) is +CME ERROR: 3. Neither changes anything.
 *
 * Alarms. Up to 16, indices 1..16, kept in the RTC's battery-backed BACKUP words (one per
 * index: the alarm's time as seconds since 1970 of the RTC's local time, 0 = free), so they
 * survive AT+CFUN=1 and a power-off with the backup battery, and vanish with the battery like
 * the time itself. The RTC's single hardware alarm (ALARM_DATE/TIME) always holds the earliest
 * one; when it fires (RTC IRQ), every alarm whose time has come is reported once as
 * "+CALA: "yy/MM/dd,hh:mm:ss",<index>" and removed, and the next earliest is programmed. The
 * hardware alarm also switches a powered-off modem on (AT+CPOF, then the alarm): the ROM then
 * starts with reset cause RTC_ALARM (adl_InitGetType() = ADL_INIT_RTC) and reports the alarm
 * after its start-up indications. Setting the clock (AT+CCLK) past an alarm reports it at once.
 * Alarm URCs wait until the modem is ready (+WIND: 4 time) so they follow the start-up lines. */
#include <stdio.h>
#include <string.h>

#include "adl.h"
#include "q2686_at_util.h"
#include "hw.h"

#define ALARM_COUNT RTC_BACKUP_WORDS /* 16 */

bool rtc_time_valid(const adl_rtcTime_t* t);
bool rtc_zone_valid(int quarters);

/* ---- time strings: "yy/MM/dd,hh:mm[:ss][±zz]" ------------------------------------------------ */
static bool two_digits(const char* s, unsigned* value) {
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') return false;
    *value = (unsigned)(s[0] - '0') * 10u + (unsigned)(s[1] - '0');
    return true;
}

/* Parses "yy/MM/dd,hh:mm" with optional ":ss" (the Wavecom guide: "the seconds field is not
 * mandatory"; absent, 0) and, when `zone` is not NULL, an optional "±zz" (quarter hours).
 * Only the format is checked here; rtc_time_valid() checks the values. */
static bool parse_time(const char* s, adl_rtcTime_t* t, int* zone, bool* has_zone) {
    unsigned yy, mo, dd, hh, mi, ss = 0;
    const size_t length = strlen(s);
    if (length < 14) return false;
    if (s[2] != '/' || s[5] != '/' || s[8] != ',' || s[11] != ':') return false;
    if (!two_digits(s, &yy) || !two_digits(s + 3, &mo) || !two_digits(s + 6, &dd) || !two_digits(s + 9, &hh) ||
        !two_digits(s + 12, &mi))
        return false;
    size_t at = 14;
    if (s[at] == ':') {
        if (!two_digits(s + at + 1, &ss)) return false;
        at += 3;
    }
    if (has_zone) *has_zone = false;
    if (s[at] == '+' || s[at] == '-') {
        unsigned zz;
        if (!zone || !two_digits(s + at + 1, &zz)) return false;
        *zone = s[at] == '-' ? -(int)zz : (int)zz; /* beyond ±96: rejected by rtc_zone_valid */
        *has_zone = true;
        at += 3;
    }
    if (at != length) return false;
    memset(t, 0, sizeof *t);
    t->Year = (u16)(yy >= 98 ? 1900 + yy : 2000 + yy); /* 27.007 two-digit years: 1998..2097 */
    t->Month = (u8)mo;
    t->Day = (u8)dd;
    t->Hour = (u8)hh;
    t->Minute = (u8)mi;
    t->Second = (u8)ss;
    return true;
}

static void format_time(char* out, unsigned size, const adl_rtcTime_t* t) {
    snprintf(out, size, "%02u/%02u/%02u,%02u:%02u:%02u", (unsigned)(t->Year % 100), (unsigned)t->Month,
             (unsigned)t->Day, (unsigned)t->Hour, (unsigned)t->Minute, (unsigned)t->Second);
}

static u32 stamp_of(adl_rtcTime_t* t) {
    adl_rtcTimeStamp_t stamp = {0, 0};
    t->SecondFracPart = 0;
    adl_rtcConvertTime(t, &stamp, ADL_RTC_CONVERT_TO_TIMESTAMP);
    return stamp.TimeStamp;
}

static u32 stamp_now(void) {
    adl_rtcTime_t now;
    adl_rtcGetTime(&now);
    return stamp_of(&now);
}

/* ---- the alarm list ---------------------------------------------------------------------- */
static volatile bool alarm_check;  /* the RTC alarm fired, or the list/clock changed */
static bool ready;                 /* start-up indications sent: alarm URCs may follow */

static u32 alarm_at(unsigned slot) { return reg_read(Q2686_RTC_BASE, RTC_BACKUP(slot)); }
static void alarm_store(unsigned slot, u32 stamp) { reg_write(Q2686_RTC_BASE, RTC_BACKUP(slot), stamp); }

/* The earliest alarm into the RTC's hardware alarm, or the alarm off when there is none. */
static void program_earliest(void) {
    unsigned best = ALARM_COUNT;
    for (unsigned i = 0; i < ALARM_COUNT; ++i)
        if (alarm_at(i) && (best == ALARM_COUNT || alarm_at(i) < alarm_at(best))) best = i;
    const uint32_t ctrl = reg_read(Q2686_RTC_BASE, RTC_CTRL) & ~(RTC_CTRL_ALARM_EN | RTC_CTRL_ALARM_IRQ_EN);
    reg_write(Q2686_RTC_BASE, RTC_CTRL, ctrl);
    if (best == ALARM_COUNT) return;
    adl_rtcTimeStamp_t stamp = {alarm_at(best), 0};
    adl_rtcTime_t t;
    adl_rtcConvertTime(&t, &stamp, ADL_RTC_CONVERT_FROM_TIMESTAMP);
    reg_write(Q2686_RTC_BASE, RTC_ALARM_DATE, RTC_PACK_DATE(t.Year, t.Month, t.Day));
    reg_write(Q2686_RTC_BASE, RTC_ALARM_TIME, RTC_PACK_TIME(t.Hour, t.Minute, t.Second));
    reg_write(Q2686_RTC_BASE, RTC_CTRL, ctrl | RTC_CTRL_ALARM_EN | RTC_CTRL_ALARM_IRQ_EN);
}

static void rtc_irq(void) {
    if (reg_read(Q2686_RTC_BASE, RTC_STATUS) & RTC_STATUS_ALARM) {
        reg_write(Q2686_RTC_BASE, RTC_STATUS, RTC_STATUS_ALARM);
        alarm_check = true;
    }
}

/* Called after the clock was set: alarms it jumped over are due now. */
void rtc_alarms_clock_changed(void) {
    alarm_check = true;
    program_earliest();
}

void rtc_alarms_ready(void) { ready = true; }
bool rtc_alarms_have_work(void) { return ready && alarm_check; }

/* Reports and removes every alarm whose time has come, the earliest first. */
bool rtc_alarms_poll(void) {
    if (!rtc_alarms_have_work()) return false;
    alarm_check = false;
    const u32 now = stamp_now();
    for (;;) {
        unsigned due = ALARM_COUNT;
        for (unsigned i = 0; i < ALARM_COUNT; ++i)
            if (alarm_at(i) && alarm_at(i) <= now && (due == ALARM_COUNT || alarm_at(i) < alarm_at(due))) due = i;
        if (due == ALARM_COUNT) break;
        adl_rtcTimeStamp_t stamp = {alarm_at(due), 0};
        adl_rtcTime_t t;
        adl_rtcConvertTime(&t, &stamp, ADL_RTC_CONVERT_FROM_TIMESTAMP);
        alarm_store(due, 0);
        char time[24], line[40];
        format_time(time, sizeof time, &t);
        snprintf(line, sizeof line, "+CALA: \"%s\",%u", time, due + 1u);
        adl_atSendLine(ADL_AT_UNS, line);
    }
    program_earliest();
    return true;
}

/* ---- +CCLK: real-time clock, "yy/MM/dd,hh:mm[:ss][±zz]" ------------------------------------- */
static void cmd_cclk(adl_atCmdPreParser_t* p) {
    adl_rtcTime_t t;
    int zone = 0;
    char text[40], time[24];
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: return at_ok();
        case ADL_CMD_TYPE_READ:
            adl_rtcGetTime(&t);
            zone = adl_rtcGetTimeZone();
            format_time(time, sizeof time, &t);
            snprintf(text, sizeof text, "+CCLK: \"%s%c%02d\"", time, zone < 0 ? '-' : '+', zone < 0 ? -zone : zone);
            at_respond(text);
            return at_ok();
        case ADL_CMD_TYPE_PARA: {
            if (p->NbPara != 1 || !at_param_quoted(p, 0)) return at_error(); /* syntax: one quoted string */
            bool has_zone = false;
            zone = adl_rtcGetTimeZone(); /* no "±zz": the zone is unchanged */
            /* Not in the format: a syntax error (ERROR). In the format but a value out of range
             * (month 13, zone +97): +CME ERROR: 3. */
            if (!parse_time(at_param(p, 0), &t, &zone, &has_zone)) return at_error();
            if (!rtc_time_valid(&t) || !rtc_zone_valid(zone) || adl_rtcSetTime(&t) != OK) return at_not_allowed();
            adl_rtcSetTimeZone((s8)zone);
            rtc_alarms_clock_changed();
            return at_ok();
        }
        default: return at_error();
    }
}

/* ---- +CALA: alarms ---------------------------------------------------------------------------
 *   AT+CALA="yy/MM/dd,hh:mm[:ss]"[,<index>]  set (without index: the lowest free one)
 *   AT+CALA="",<index>                       delete
 *   AT+CALA?                                 +CALA: "<time>",<index> per alarm, by index
 *   AT+CALA=?                                +CALA: (1-16) */
static void cmd_cala(adl_atCmdPreParser_t* p) {
    char time[24], line[40];
    long index = 0;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: at_respond("+CALA: (1-16)"); return at_ok();
        case ADL_CMD_TYPE_READ:
            for (unsigned i = 0; i < ALARM_COUNT; ++i) {
                if (!alarm_at(i)) continue;
                adl_rtcTimeStamp_t stamp = {alarm_at(i), 0};
                adl_rtcTime_t t;
                adl_rtcConvertTime(&t, &stamp, ADL_RTC_CONVERT_FROM_TIMESTAMP);
                format_time(time, sizeof time, &t);
                snprintf(line, sizeof line, "+CALA: \"%s\",%u", time, i + 1u);
                at_respond(line);
            }
            return at_ok();
        case ADL_CMD_TYPE_PARA: break;
        default: return at_error();
    }
    /* Syntax: a quoted time (or "") and an optional unquoted number. */
    if (p->NbPara < 1 || p->NbPara > 2 || !at_param_quoted(p, 0)) return at_error();
    const bool has_index = p->NbPara == 2;
    if (has_index) {
        if (!at_integer_param(p, 1, -99999, 99999, &index)) return at_error();
        if (index < 1 || index > (long)ALARM_COUNT) return at_not_allowed();
    }
    const char* text = at_param(p, 0);
    if (!text[0]) { /* delete */
        if (!has_index || !alarm_at((unsigned)index - 1u)) return at_not_allowed();
        alarm_store((unsigned)index - 1u, 0);
        program_earliest();
        return at_ok();
    }
    adl_rtcTime_t t;
    if (!parse_time(text, &t, NULL, NULL)) return at_error();
    if (!rtc_time_valid(&t)) return at_not_allowed();
    const u32 when = stamp_of(&t);
    if (when <= stamp_now()) return at_not_allowed(); /* the Wavecom guide: date/time expired */
    if (!has_index) {
        for (index = 1; index <= (long)ALARM_COUNT && alarm_at((unsigned)index - 1u); ++index) {}
        if (index > (long)ALARM_COUNT) return at_not_allowed(); /* all 16 in use */
    }
    alarm_store((unsigned)index - 1u, when);
    program_earliest();
    at_ok();
}

/* ---- +CPOF: power off ------------------------------------------------------------------------
 * AT+CPOF (or AT+CPOF=1) answers OK, then the modem switches itself off (SYSCTL_POWER_OFF) once
 * the OK has left the wire; the RTC runs on from the backup battery and its alarm (AT+CALA)
 * switches the modem on again. */
static bool power_off_requested;
bool rom_power_off_requested(void) { return power_off_requested; }

static void cmd_cpof(adl_atCmdPreParser_t* p) {
    long value = 0;
    switch (p->Type) {
        case ADL_CMD_TYPE_TEST: return at_ok();
        case ADL_CMD_TYPE_ACT: break;
        case ADL_CMD_TYPE_PARA:
            if (p->NbPara != 1 || !at_integer_param(p, 0, -99999, 99999, &value)) return at_error();
            if (value != 1) return at_not_allowed();
            break;
        default: return at_error();
    }
    power_off_requested = true; /* at_engine.c, after the line's final result */
    at_ok();
}

void at_clock_init(void) {
    alarm_check = true; /* an alarm that woke the modem, or one passed while the clock was set */
    ready = false;
    power_off_requested = false;
    irq_attach(Q2686_IRQ_RTC, rtc_irq);
    program_earliest();
    adl_atCmdSubscribe("+CCLK", cmd_cclk, ADL_CMD_TYPE_READ | ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+CALA", cmd_cala, ADL_CMD_TYPE_READ | ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+CPOF", cmd_cpof, ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA);
}
