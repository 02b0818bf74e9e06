// The GUI panels' wording and the validity timeline's scale (gui/panels/panel_text.h).
#include <gtest/gtest.h>

#include "panel_text.h"

namespace q2686::gui {
namespace {

constexpr std::int64_t kDay = 86400;

TEST(GuiPanelText, TheOffsetIsInAUnitThatReads) {
    EXPECT_EQ(offset_text(3), "+3 s");
    EXPECT_EQ(offset_text(-240), "-4.0 min");
    EXPECT_EQ(offset_text(5 * 3600), "+5.0 h");
    // The scenario's RTC set 11.8 days behind: days, not "(-0.0 years)".
    EXPECT_EQ(offset_text(-1019520), "-11.8 days");
    EXPECT_EQ(offset_text(400 * kDay), "+400.0 days");
    // The power-on default 98/01/01 against 2026: years.
    EXPECT_EQ(offset_text(-(static_cast<std::int64_t>(28.9 * 31557600))), "-28.9 years");
}

TEST(GuiPanelText, PausedSaysPausedAndNotAFactorOfZero) {
    EXPECT_EQ(run_state_text(true, 0.0), "Paused");
    EXPECT_EQ(run_state_text(false, 1.0), "running, real-time factor 1.0x");
}

TEST(GuiPanelText, CloseNotifyIsNoAlarm) {
    EXPECT_TRUE(alarming_alert("Alert fatal bad_certificate (42)"));
    EXPECT_TRUE(alarming_alert("encrypted record of an alert's size (19 B)"));
    EXPECT_FALSE(alarming_alert("Alert warning close_notify (0)"));
    EXPECT_FALSE(alarming_alert("encrypted alert (26 B; after the handshake, usually close_notify)"));
    EXPECT_FALSE(alarming_alert("ServerHello TLS1.3"));
}

TEST(GuiPanelText, TheTimelineScaleIsWholeYearsAndStaysPutWhileTheClocksTick) {
    const std::int64_t not_before = start_of_year(2025), not_after = start_of_year(2028);
    const std::int64_t rtc = start_of_year(2026) + 100 * kDay;
    EXPECT_EQ(start_of_year(1970), 0);
    EXPECT_EQ(start_of_year(2026), 1767225600);
    const auto scale = timeline_years(std::min(not_before, rtc), std::max(not_after, rtc));
    EXPECT_EQ(scale, (std::pair{2025, 2029}));
    for (std::int64_t tick = 0; tick < 3 * 3600; tick += 997)  // hours of the RTC ticking by
        EXPECT_EQ(timeline_years(std::min(not_before, rtc + tick), std::max(not_after, rtc + tick)), scale);
    // The power-on default: the scale reaches back to 1998.
    EXPECT_EQ(timeline_years(start_of_year(1998), not_after).first, 1998);
}

}  // namespace
}  // namespace q2686::gui
