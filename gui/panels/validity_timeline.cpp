// The validity timeline the Clock and TLS panels draw: each certificate's notBefore..notAfter as
// a band on a common scale with the modem's RTC (red tick outside the window, green inside) and
// the host clock (blue tick), and what the modem will say when the RTC is outside.
#include <algorithm>
#include <ctime>

#include "panels.h"

namespace q2686::gui {

std::string iso_utc(std::int64_t t) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm utc{};
    gmtime_r(&tt, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &utc);
    return text;
}

void draw_validity_timeline(const std::vector<ValidityWindow>& windows, std::int64_t rtc, std::int64_t host) {
    std::int64_t low = std::min(rtc, host), high = std::max(rtc, host);
    for (const ValidityWindow& w : windows) low = std::min(low, w.from), high = std::max(high, w.until);
    const double span = static_cast<double>(std::max<std::int64_t>(high - low, 1)) * 1.06;
    const double start = static_cast<double>(low) - span * 0.03;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float width = ImGui::GetContentRegionAvail().x;
    for (const ValidityWindow& w : windows) {
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float x0 = at.x + static_cast<float>((w.from - start) / span) * width;
        const float x1 = at.x + static_cast<float>((w.until - start) / span) * width;
        const bool inside = rtc >= w.from && rtc <= w.until;
        draw->AddRectFilled({at.x, at.y + 4}, {at.x + width, at.y + 18}, IM_COL32(50, 50, 60, 255));
        draw->AddRectFilled({x0, at.y + 4}, {x1, at.y + 18}, inside ? IM_COL32(60, 150, 60, 255) : IM_COL32(90, 90, 110, 255));
        const float xr = at.x + static_cast<float>((rtc - start) / span) * width;
        const float xh = at.x + static_cast<float>((host - start) / span) * width;
        draw->AddLine({xh, at.y}, {xh, at.y + 22}, IM_COL32(120, 180, 255, 255), 2);
        draw->AddLine({xr, at.y}, {xr, at.y + 22}, inside ? IM_COL32(80, 230, 80, 255) : IM_COL32(255, 70, 70, 255), 3);
        ImGui::Dummy({width, 24});
        ImGui::TextColored(inside ? kGoodColour : kErrorColour, "%s %s: valid %s .. %s", inside ? "✓" : "✗", w.name.c_str(),
                           iso_utc(w.from).c_str(), iso_utc(w.until).c_str());
        if (!inside)
            ImGui::TextColored(kErrorColour, "   the RTC is %s this window: the modem will say %s",
                               rtc < w.from ? "before" : "after", rtc < w.from ? "not-yet-valid" : "expired");
    }
    ImGui::TextColored(kNoteColour, "red/green tick: modem RTC    blue tick: host clock");
}

}  // namespace q2686::gui
