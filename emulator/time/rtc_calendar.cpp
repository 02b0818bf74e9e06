#include "time/rtc_calendar.h"

#include <fmt/format.h>

#include "q2686_hw.h"

namespace q2686 {

namespace {
// days_from_civil(1998, 1, 1) in Hinnant's 1970-based count.
constexpr std::int64_t kEpochFrom1970 = 10'227;

constexpr std::int64_t days_from_civil_1970(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);                 // [0, 399]
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
    return era * 146'097 + static_cast<std::int64_t>(doe) - 719'468;
}
static_assert(days_from_civil_1970(1998, 1, 1) == kEpochFrom1970);
static_assert(days_from_civil_1970(2098, 1, 1) - kEpochFrom1970 == kRtcRangeDays);

std::int64_t floor_mod(std::int64_t a, std::int64_t n) {
    const std::int64_t r = a % n;
    return r < 0 ? r + n : r;
}
}  // namespace

bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

bool is_valid_rtc_date(int year, int month, int day) {
    return year >= kRtcFirstYear && year <= kRtcLastYear && day >= 1 && day <= days_in_month(year, month);
}

bool is_valid_rtc_time(int hour, int minute, int second) {
    return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

bool is_valid_rtc(const CivilDateTime& t) {
    return is_valid_rtc_date(t.year, t.month, t.day) && is_valid_rtc_time(t.hour, t.minute, t.second);
}

std::int64_t rtc_days_from_civil(int year, int month, int day) {
    return days_from_civil_1970(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) - kEpochFrom1970;
}

CivilDateTime rtc_civil_from_days(std::int64_t days) {
    const std::int64_t z = days + kEpochFrom1970 + 719'468;
    const std::int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
    const auto doe = static_cast<unsigned>(z - era * 146'097);                     // [0, 146096]
    const unsigned yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;  // [0, 399]
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                  // [0, 365]
    const unsigned mp = (5 * doy + 2) / 153;                                       // [0, 11]
    CivilDateTime t;
    t.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    t.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    t.year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (t.month <= 2));
    return t;
}

std::optional<std::int64_t> rtc_seconds_from_civil(const CivilDateTime& t) {
    if (!is_valid_rtc(t)) return std::nullopt;
    return rtc_days_from_civil(t.year, t.month, t.day) * kSecondsPerDay + t.hour * 3600 + t.minute * 60 + t.second;
}

std::int64_t rtc_wrap_seconds(std::int64_t seconds) {
    return floor_mod(seconds, kRtcRangeSeconds);
}

CivilDateTime rtc_civil_from_seconds(std::int64_t seconds) {
    const std::int64_t s = rtc_wrap_seconds(seconds);
    CivilDateTime t = rtc_civil_from_days(s / kSecondsPerDay);
    const auto in_day = static_cast<int>(s % kSecondsPerDay);
    t.hour = in_day / 3600;
    t.minute = in_day / 60 % 60;
    t.second = in_day % 60;
    return t;
}

std::optional<int> year_from_27007(int yy) {
    if (yy < 0 || yy > 99) return std::nullopt;
    return yy >= kRtcFirstYear % 100 ? 1900 + yy : 2000 + yy;
}

int year_to_27007(int year) {
    return year % 100;
}

std::uint32_t rtc_pack_date(const CivilDateTime& t) {
    return RTC_PACK_DATE(t.year, t.month, t.day);
}
std::uint32_t rtc_pack_time(const CivilDateTime& t) {
    return RTC_PACK_TIME(t.hour, t.minute, t.second);
}

CivilDateTime rtc_unpack(std::uint32_t date, std::uint32_t time) {
    return CivilDateTime{static_cast<int>(date >> 16),         static_cast<int>((date >> 8) & 0xFF),
                         static_cast<int>(date & 0xFF),        static_cast<int>(time >> 16),
                         static_cast<int>((time >> 8) & 0xFF), static_cast<int>(time & 0xFF)};
}

std::string format_rtc(const CivilDateTime& t) {
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", t.year, t.month, t.day, t.hour, t.minute, t.second);
}

std::string format_tz(int quarters) {
    return fmt::format("{}{:02}", quarters < 0 ? '-' : '+', quarters < 0 ? -quarters : quarters);
}

}  // namespace q2686
