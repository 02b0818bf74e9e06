/* RTC driver behind adl_rtcGetTime/adl_rtcSetTime: the calendar lives in the RTC device
 * (battery-backed); the firmware validates what it writes so a bad AT+CCLK is refused with a
 * proper error instead of being silently ignored by the hardware. */
#include "adl.h"
#include "hw.h"

static bool leap(unsigned year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

static unsigned days_in_month(unsigned year, unsigned month) {
    static const uint8_t days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap(year) ? 29u : days[month - 1];
}

bool rtc_time_valid(const adl_rtcTime_t* t) {
    if (t->Year < 1998 || t->Year > 2097) return false;
    if (t->Month < 1 || t->Month > 12) return false;
    if (t->Day < 1 || t->Day > days_in_month(t->Year, t->Month)) return false;
    if (t->Hour > 23 || t->Minute > 59 || t->Second > 59) return false;
    if (t->TimeZone < -96 || t->TimeZone > 96) return false;
    return true;
}

void rtc_init(void) {
    /* Nothing to program: the RTC runs from power-up. A lost time (no backup battery) shows
     * as STATUS.LOST and the default 1998-01-01 00:00:00, which AT+CCLK? reports as is. */
    reg_write(Q2686_RTC_BASE, RTC_STATUS, RTC_STATUS_LOST);
}

s32 adl_rtcGetTime(adl_rtcTime_t* t) {
    const uint32_t date = reg_read(Q2686_RTC_BASE, RTC_DATE); /* latches RTC_TIME */
    const uint32_t time = reg_read(Q2686_RTC_BASE, RTC_TIME);
    t->Year = (u16)(date >> 16);
    t->Month = (u8)(date >> 8);
    t->Day = (u8)date;
    t->Hour = (u8)(time >> 16);
    t->Minute = (u8)(time >> 8);
    t->Second = (u8)time;
    t->TimeZone = (s8)(int32_t)reg_read(Q2686_RTC_BASE, RTC_TZ);
    return 0;
}

s32 adl_rtcSetTime(const adl_rtcTime_t* t) {
    if (!rtc_time_valid(t)) return -1;
    reg_write(Q2686_RTC_BASE, RTC_SET_DATE, RTC_PACK_DATE(t->Year, t->Month, t->Day));
    reg_write(Q2686_RTC_BASE, RTC_SET_TIME, RTC_PACK_TIME(t->Hour, t->Minute, t->Second));
    reg_write(Q2686_RTC_BASE, RTC_STATUS, RTC_STATUS_BAD_LOAD);
    reg_write(Q2686_RTC_BASE, RTC_CTRL, reg_read(Q2686_RTC_BASE, RTC_CTRL) | RTC_CTRL_LOAD);
    if (reg_read(Q2686_RTC_BASE, RTC_STATUS) & RTC_STATUS_BAD_LOAD) return -1;
    reg_write(Q2686_RTC_BASE, RTC_TZ, (uint32_t)(int32_t)t->TimeZone);
    return 0;
}

u32 adl_rtcGetSeconds(void) { return reg_read(Q2686_RTC_BASE, RTC_COUNT); }
