// The panels' wording and scales that do not need ImGui, so that tests can pin them
// (tests/gui/panel_text_test.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace q2686::gui {

// The RTC's offset from the host clock: "+3 s", "-4.0 min", "+5.0 h", "-11.8 days" below two
// years, "-28.9 years" from there.
std::string offset_text(std::int64_t seconds);

// The CPU panel's run state: "Paused", or "running, real-time factor 1.0x".
std::string run_state_text(bool paused, double realtime_factor);

// A dissector step worth red: an alert, but not close_notify (the routine end of a connection).
bool alarming_alert(std::string_view step);

// The validity timeline's scale: whole years [first, last) around every date shown, so that it
// does not move while the clocks tick within them.
std::pair<int, int> timeline_years(std::int64_t earliest, std::int64_t latest);
std::int64_t start_of_year(int year);  // 1 January, 00:00:00 UTC

}  // namespace q2686::gui
