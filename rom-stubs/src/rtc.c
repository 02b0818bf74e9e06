/* RTC driver behind the ADL RTC service (adl_rtcGetTime/SetTime/ConvertTime/DiffTime) and the
 * time zone of AT+CCLK (q2686_ext.h): the calendar lives in the RTC device (battery-backed);
 * the firmware validates what it writes so a bad AT+CCLK is refused with a proper error instead
 * of being silently ignored by the hardware. */
#include <string.h>

#include "adl.h"
#include "hw.h"


static bool leap(unsigned year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

static unsigned days_in_month(unsigned year, unsigned month) {
    static const uint8_t days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap(year) ? 29u : days[month - 1];
}

static bool calendar_valid(const adl_rtcTime_t* t, unsigned first_year, unsigned last_year) {
    if (t->Year < first_year || t->Year > last_year) return false;
    if (t->Month < 1 || t->Month > 12) return false;
    if (t->Day < 1 || t->Day > days_in_month(t->Year, t->Month)) return false;
    if (t->Hour > 23 || t->Minute > 59 || t->Second > 59) return false;
    return true;
}

bool rtc_time_valid(const adl_rtcTime_t* t) { return calendar_valid(t, 1998, 2097); }
bool rtc_zone_valid(int quarters) { return quarters >= -96 && quarters <= 96; }

/* Days since 1970-01-01 of a date, and back. */
static u32 days_from_civil(unsigned year, unsigned month, unsigned day) {
    u32 days = 0;
    for (unsigned y = 1970; y < year; ++y) days += leap(y) ? 366u : 365u;
    for (unsigned m = 1; m < month; ++m) days += days_in_month(year, m);
    return days + day - 1u;
}

static void civil_from_days(u32 days, adl_rtcTime_t* t) {
    unsigned year = 1970;
    while (days >= (leap(year) ? 366u : 365u)) days -= leap(year++) ? 366u : 365u;
    unsigned month = 1;
    while (days >= days_in_month(year, month)) days -= days_in_month(year, month++);
    t->Year = (u16)year;
    t->Month = (u8)month;
    t->Day = (u8)(days + 1u);
}

static u8 week_day(u32 days_since_1970) { return (u8)((days_since_1970 + 4u) % 7u); } /* 1970-01-01: Thursday */

void rtc_init(void) {
    /* Nothing to program: the RTC runs from power-up. A lost time (no backup battery) shows
     * as STATUS.LOST and the default 1998-01-01 00:00:00, which AT+CCLK? reports as is. */
    reg_write(Q2686_RTC_BASE, RTC_STATUS, RTC_STATUS_LOST);
}

s32 adl_rtcGetTime(adl_rtcTime_t* t) {
    if (!t) return ADL_RET_ERR_PARAM;
    const uint32_t date = reg_read(Q2686_RTC_BASE, RTC_DATE); /* latches RTC_TIME */
    const uint32_t time = reg_read(Q2686_RTC_BASE, RTC_TIME);
    const uint32_t subsec = reg_read(Q2686_RTC_BASE, RTC_SUBSEC);
    memset(t, 0, sizeof *t);
    t->Year = (u16)(date >> 16);
    t->Month = (u8)(date >> 8);
    t->Day = (u8)date;
    t->Hour = (u8)(time >> 16);
    t->Minute = (u8)(time >> 8);
    t->Second = (u8)time;
    t->SecondFracPart = subsec & ADL_RTC_SECOND_FRACPART_MAX;
    t->WeekDay = week_day(days_from_civil(t->Year, t->Month, t->Day));
    return OK;
}

s32 adl_rtcSetTime(adl_rtcTime_t* t) {
    if (!t || !rtc_time_valid(t)) return ADL_RET_ERR_PARAM;
    reg_write(Q2686_RTC_BASE, RTC_SET_DATE, RTC_PACK_DATE(t->Year, t->Month, t->Day));
    reg_write(Q2686_RTC_BASE, RTC_SET_TIME, RTC_PACK_TIME(t->Hour, t->Minute, t->Second));
    reg_write(Q2686_RTC_BASE, RTC_STATUS, RTC_STATUS_BAD_LOAD);
    reg_write(Q2686_RTC_BASE, RTC_CTRL, reg_read(Q2686_RTC_BASE, RTC_CTRL) | RTC_CTRL_LOAD);
    if (reg_read(Q2686_RTC_BASE, RTC_STATUS) & RTC_STATUS_BAD_LOAD) return ADL_RET_ERR_PARAM;
    return OK;
}

s8 adl_rtcGetTimeZone(void) { return (s8)(int32_t)reg_read(Q2686_RTC_BASE, RTC_TZ); }

s32 adl_rtcSetTimeZone(s8 quarters) {
    if (!rtc_zone_valid(quarters)) return ADL_RET_ERR_PARAM;
    reg_write(Q2686_RTC_BASE, RTC_TZ, (uint32_t)(int32_t)quarters);
    return OK;
}

u32 adl_rtcGetSeconds(void) { return reg_read(Q2686_RTC_BASE, RTC_COUNT); }

float adl_rtcGetSecondFracPartStep(void) { return 1000000.0f / 32768.0f; }

s32 adl_rtcConvertTime(adl_rtcTime_t* t, adl_rtcTimeStamp_t* stamp, adl_rtcConvert_e conversion) {
    if (!t || !stamp) return ADL_RET_ERR_PARAM;
    if (conversion == ADL_RTC_CONVERT_TO_TIMESTAMP) {
        if (!calendar_valid(t, 1970, 2105) || t->SecondFracPart > ADL_RTC_SECOND_FRACPART_MAX) return ADL_RET_ERR_PARAM;
        const u32 days = days_from_civil(t->Year, t->Month, t->Day);
        stamp->TimeStamp = days * (u32)ADL_RTC_DAY_SECONDS + t->Hour * (u32)ADL_RTC_HOUR_SECONDS +
                           t->Minute * (u32)ADL_RTC_MINUTE_SECONDS + t->Second;
        stamp->SecondFracPart = t->SecondFracPart;
        return OK;
    }
    if (conversion == ADL_RTC_CONVERT_FROM_TIMESTAMP) {
        if (stamp->SecondFracPart > ADL_RTC_SECOND_FRACPART_MAX) return ADL_RET_ERR_PARAM;
        const u32 days = stamp->TimeStamp / (u32)ADL_RTC_DAY_SECONDS;
        const u32 rest = stamp->TimeStamp % (u32)ADL_RTC_DAY_SECONDS;
        memset(t, 0, sizeof *t);
        civil_from_days(days, t);
        t->Hour = (u8)(rest / ADL_RTC_HOUR_SECONDS);
        t->Minute = (u8)((rest % ADL_RTC_HOUR_SECONDS) / ADL_RTC_MINUTE_SECONDS);
        t->Second = (u8)(rest % ADL_RTC_MINUTE_SECONDS);
        t->WeekDay = week_day(days);
        t->SecondFracPart = stamp->SecondFracPart;
        return OK;
    }
    return ADL_RET_ERR_PARAM;
}

s32 adl_rtcDiffTime(adl_rtcTimeStamp_t* a, adl_rtcTimeStamp_t* b, adl_rtcTimeStamp_t* result) {
    if (!a || !b || !result) return ADL_RET_ERR_PARAM;
    const uint64_t ticks_a = (uint64_t)a->TimeStamp * 32768u + a->SecondFracPart;
    const uint64_t ticks_b = (uint64_t)b->TimeStamp * 32768u + b->SecondFracPart;
    const uint64_t diff = ticks_a >= ticks_b ? ticks_a - ticks_b : ticks_b - ticks_a;
    result->TimeStamp = (u32)(diff / 32768u);
    result->SecondFracPart = (u32)(diff % 32768u);
    return ticks_a > ticks_b ? 1 : ticks_a < ticks_b ? -1 : 0;
}
