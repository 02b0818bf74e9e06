// RTC calendar arithmetic — pure functions over the RTC's range, 1998-01-01 .. 2097-12-31.
//
// Time is counted in seconds from the RTC epoch, 1998-01-01 00:00:00 (the Wavecom default
// after RTC loss, RTC_DEFAULT_YEAR), up to kRtcRangeSeconds - 1 = 2097-12-31 23:59:59. Leap
// years follow the Gregorian rules exactly (2000 is a leap year; 2100, outside the range,
// would not be). The two-digit years of 3GPP TS 27.007 (AT+CCLK "yy/MM/dd,hh:mm:ss±zz") map
// 98, 99 to 1998, 1999 and 00..97 to 2000..2097, so every yy names one year of the range.
//
// Days <-> civil date use Howard Hinnant's days_from_civil / civil_from_days algorithms
// (http://howardhinnant.github.io/date_algorithms.html), shifted to the RTC epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace q2686 {

inline constexpr int kRtcFirstYear = 1998;
inline constexpr int kRtcLastYear = 2097;
inline constexpr std::int64_t kSecondsPerDay = 86'400;
inline constexpr std::int64_t kRtcRangeDays = 36'525;  // 100 years, 25 of them leap
inline constexpr std::int64_t kRtcRangeSeconds = kRtcRangeDays * kSecondsPerDay;

struct CivilDateTime {
    int year = kRtcFirstYear;
    int month = 1;  // 1..12
    int day = 1;    // 1..31
    int hour = 0;
    int minute = 0;
    int second = 0;

    friend bool operator==(const CivilDateTime&, const CivilDateTime&) = default;
};

bool is_leap_year(int year);             // proleptic Gregorian, any year
int days_in_month(int year, int month);  // 0 when month is not 1..12

// Validation: a date in 1998..2097 that exists; a time 00:00:00..23:59:59.
bool is_valid_rtc_date(int year, int month, int day);
bool is_valid_rtc_time(int hour, int minute, int second);
bool is_valid_rtc(const CivilDateTime& t);

// Days since 1998-01-01 of any proleptic Gregorian date (negative before the epoch).
std::int64_t rtc_days_from_civil(int year, int month, int day);
// The date `days` after 1998-01-01 (any value; the caller keeps it in range).
CivilDateTime rtc_civil_from_days(std::int64_t days);

// Seconds since the RTC epoch; nullopt when `t` is not valid or outside 1998..2097.
std::optional<std::int64_t> rtc_seconds_from_civil(const CivilDateTime& t);
// The date and time `seconds` after the epoch, wrapped into the range (the RTC rolls over from
// 2097-12-31 23:59:59 to 1998-01-01 00:00:00).
CivilDateTime rtc_civil_from_seconds(std::int64_t seconds);
// `seconds` wrapped into [0, kRtcRangeSeconds).
std::int64_t rtc_wrap_seconds(std::int64_t seconds);

// 3GPP TS 27.007 two-digit years: nullopt for yy outside 0..99.
std::optional<int> year_from_27007(int yy);
int year_to_27007(int year);  // 1998..2097 -> 98, 99, 0..97

// Register encodings of q2686_hw.h: DATE = year << 16 | month << 8 | day, TIME = h << 16 | m << 8 | s.
std::uint32_t rtc_pack_date(const CivilDateTime& t);
std::uint32_t rtc_pack_time(const CivilDateTime& t);
CivilDateTime rtc_unpack(std::uint32_t date, std::uint32_t time);  // unvalidated

// "2026-11-25 10:00:00"
std::string format_rtc(const CivilDateTime& t);
// 27.007 time zone "+08" / "-20" (quarter hours)
std::string format_tz(int quarters);

}  // namespace q2686
