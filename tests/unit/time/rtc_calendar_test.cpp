#include "time/rtc_calendar.h"

#include <gtest/gtest.h>

using namespace q2686;

namespace {
std::int64_t seconds_of(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
    const auto seconds = rtc_seconds_from_civil({y, mo, d, h, mi, s});
    EXPECT_TRUE(seconds.has_value()) << y << "-" << mo << "-" << d;
    return seconds.value_or(-1);
}
CivilDateTime dt(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
    return {y, mo, d, h, mi, s};
}
}  // namespace

TEST(RtcCalendar, CalendarLeapYearsFollowGregorianRules) {
    EXPECT_FALSE(is_leap_year(1998));
    EXPECT_FALSE(is_leap_year(1999));
    EXPECT_TRUE(is_leap_year(2000));  // divisible by 400
    EXPECT_TRUE(is_leap_year(2024));
    EXPECT_FALSE(is_leap_year(2023));
    EXPECT_TRUE(is_leap_year(2096));
    EXPECT_FALSE(is_leap_year(2100));  // divisible by 100, not 400
    EXPECT_FALSE(is_leap_year(1900));
    EXPECT_EQ(days_in_month(2024, 2), 29);
    EXPECT_EQ(days_in_month(2023, 2), 28);
    EXPECT_EQ(days_in_month(2000, 2), 29);
    EXPECT_EQ(days_in_month(2024, 4), 30);
    EXPECT_EQ(days_in_month(2024, 12), 31);
    EXPECT_EQ(days_in_month(2024, 13), 0);
    EXPECT_EQ(days_in_month(2024, 0), 0);
}

TEST(RtcCalendar, CalendarEpochAndRangeEnds) {
    EXPECT_EQ(seconds_of(1998, 1, 1), 0);
    EXPECT_EQ(rtc_civil_from_seconds(0), dt(1998, 1, 1));
    EXPECT_EQ(seconds_of(2097, 12, 31, 23, 59, 59), kRtcRangeSeconds - 1);
    EXPECT_EQ(rtc_civil_from_seconds(kRtcRangeSeconds - 1), dt(2097, 12, 31, 23, 59, 59));
    EXPECT_EQ(kRtcRangeSeconds, 3'155'760'000);  // fits RTC_COUNT's 32 bits
    EXPECT_LT(kRtcRangeSeconds, std::int64_t{1} << 32);
    // Past the end the RTC wraps to its epoch.
    EXPECT_EQ(rtc_civil_from_seconds(kRtcRangeSeconds), dt(1998, 1, 1));
    EXPECT_EQ(rtc_civil_from_seconds(-1), dt(2097, 12, 31, 23, 59, 59));
}

TEST(RtcCalendar, CalendarRolloverFrom1999To2000) {
    const std::int64_t last = seconds_of(1999, 12, 31, 23, 59, 59);
    EXPECT_EQ(rtc_civil_from_seconds(last + 1), dt(2000, 1, 1, 0, 0, 0));
    EXPECT_EQ(last + 1, 730 * kSecondsPerDay);  // 1998 and 1999 are common years
}

TEST(RtcCalendar, CalendarFeb29ExistsOnlyInLeapYears) {
    EXPECT_TRUE(is_valid_rtc(dt(2024, 2, 29)));
    EXPECT_TRUE(is_valid_rtc(dt(2000, 2, 29)));
    EXPECT_FALSE(is_valid_rtc(dt(2023, 2, 29)));
    EXPECT_FALSE(is_valid_rtc(dt(2024, 2, 30)));
    const std::int64_t feb28 = seconds_of(2024, 2, 28, 23, 59, 59);
    EXPECT_EQ(rtc_civil_from_seconds(feb28 + 1), dt(2024, 2, 29));
    EXPECT_EQ(rtc_civil_from_seconds(feb28 + 1 + kSecondsPerDay), dt(2024, 3, 1));
    EXPECT_EQ(rtc_civil_from_seconds(seconds_of(2023, 2, 28) + kSecondsPerDay), dt(2023, 3, 1));
}

TEST(RtcCalendar, CalendarFeb29Of2100IsNotRepresentable) {
    EXPECT_FALSE(rtc_seconds_from_civil(dt(2100, 2, 29)).has_value());  // not a date at all
    EXPECT_FALSE(rtc_seconds_from_civil(dt(2100, 2, 28)).has_value());  // outside the range
    EXPECT_FALSE(rtc_seconds_from_civil(dt(2098, 1, 1)).has_value());
    EXPECT_FALSE(rtc_seconds_from_civil(dt(1997, 12, 31, 23, 59, 59)).has_value());
}

TEST(RtcCalendar, CalendarAfter400DaysIsExact) {
    EXPECT_EQ(rtc_civil_from_seconds(seconds_of(2024, 1, 1, 12, 34, 56) + 400 * kSecondsPerDay),
              dt(2025, 2, 4, 12, 34, 56));
    EXPECT_EQ(rtc_civil_from_seconds(seconds_of(1999, 3, 1) + 400 * kSecondsPerDay), dt(2000, 4, 4));
    EXPECT_EQ(rtc_civil_from_seconds(seconds_of(2097, 1, 1) + 400 * kSecondsPerDay), dt(1998, 2, 5));  // wraps
}

TEST(RtcCalendar, CalendarRoundTripsEveryDayOfTheRange) {
    CivilDateTime expected = dt(1998, 1, 1);
    for (std::int64_t day = 0; day < kRtcRangeDays; ++day) {
        ASSERT_EQ(rtc_civil_from_days(day), expected) << "day " << day;
        ASSERT_EQ(rtc_days_from_civil(expected.year, expected.month, expected.day), day);
        // The next day, counted the slow way.
        if (++expected.day > days_in_month(expected.year, expected.month)) {
            expected.day = 1;
            if (++expected.month > 12) {
                expected.month = 1;
                ++expected.year;
            }
        }
    }
    EXPECT_EQ(expected, dt(2098, 1, 1));
}

TEST(RtcCalendar, CalendarValidationChecksEveryField) {
    EXPECT_TRUE(is_valid_rtc(dt(2026, 11, 25, 23, 59, 59)));
    EXPECT_FALSE(is_valid_rtc(dt(2026, 0, 1)));
    EXPECT_FALSE(is_valid_rtc(dt(2026, 13, 1)));
    EXPECT_FALSE(is_valid_rtc(dt(2026, 4, 31)));
    EXPECT_FALSE(is_valid_rtc(dt(2026, 4, 0)));
    EXPECT_FALSE(is_valid_rtc(dt(2026, 4, 1, 24, 0, 0)));
    EXPECT_FALSE(is_valid_rtc(dt(2026, 4, 1, 0, 60, 0)));
    EXPECT_FALSE(is_valid_rtc(dt(2026, 4, 1, 0, 0, 60)));  // no leap seconds
    EXPECT_FALSE(is_valid_rtc(dt(2026, 4, 1, -1, 0, 0)));
    EXPECT_FALSE(is_valid_rtc(dt(1997, 12, 31)));
    EXPECT_FALSE(is_valid_rtc(dt(2098, 1, 1)));
}

TEST(RtcCalendar, Calendar27007TwoDigitYears) {
    EXPECT_EQ(year_from_27007(98), 1998);
    EXPECT_EQ(year_from_27007(99), 1999);
    EXPECT_EQ(year_from_27007(0), 2000);
    EXPECT_EQ(year_from_27007(26), 2026);
    EXPECT_EQ(year_from_27007(97), 2097);
    EXPECT_FALSE(year_from_27007(100).has_value());
    EXPECT_FALSE(year_from_27007(-1).has_value());
    for (int year = kRtcFirstYear; year <= kRtcLastYear; ++year) EXPECT_EQ(year_from_27007(year_to_27007(year)), year);
}

TEST(RtcCalendar, CalendarPacksRegistersAndFormats) {
    const CivilDateTime t = dt(2024, 5, 17, 10, 0, 7);
    EXPECT_EQ(rtc_pack_date(t), 0x07E8'0511u);
    EXPECT_EQ(rtc_pack_time(t), 0x000A'0007u);
    EXPECT_EQ(rtc_unpack(0x07E8'0511u, 0x000A'0007u), t);
    EXPECT_EQ(format_rtc(t), "2024-05-17 10:00:07");
    EXPECT_EQ(format_tz(8), "+08");
    EXPECT_EQ(format_tz(-20), "-20");
    EXPECT_EQ(format_tz(0), "+00");
}
