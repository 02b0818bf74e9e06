// The validity timeline the Clock and TLS panels draw: each certificate's notBefore..notAfter as
// a band on a common scale with the modem's RTC (red tick outside the window, green inside) and
// the host clock (blue tick), and what the modem will say when the RTC is outside.
#include <algorithm>
#include <ctime>

#include "panel_text.h"
#include "panels.h"

namespace q2686::gui {

void draw_validity_timeline(const std::vector<ValidityWindow>& windows, std::int64_t rtc, std::int64_t host,
                            When when) {
    // The scale: whole years from the earliest date shown to the latest, so it stays put while
    // the clocks tick (it moves only when one of them crosses into a year outside it).
    std::int64_t low = std::min(rtc, host), high = std::max(rtc, host);
    for (const ValidityWindow& w : windows) low = std::min(low, w.from), high = std::max(high, w.until);
    const auto [first_year, last_year] = timeline_years(low, high);
    const double start = static_cast<double>(start_of_year(first_year));
    const double span = static_cast<double>(start_of_year(last_year)) - start;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float width = ImGui::GetContentRegionAvail().x;
    const auto x_of = [&](float left, std::int64_t t) {
        return left + static_cast<float>((static_cast<double>(t) - start) / span) * width;
    };
    ImGui::PushTextWrapPos(0);
    for (const ValidityWindow& w : windows) {
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float x0 = x_of(at.x, w.from), x1 = x_of(at.x, w.until);
        const bool inside = rtc >= w.from && rtc <= w.until;
        draw->AddRectFilled({at.x, at.y + 6}, {at.x + width, at.y + 20}, IM_COL32(50, 50, 60, 255));
        draw->AddRectFilled({x0, at.y + 6}, {x1, at.y + 20},
                            inside ? IM_COL32(60, 150, 60, 255) : IM_COL32(90, 90, 110, 255));
        const float xr = x_of(at.x, rtc), xh = x_of(at.x, host);
        draw->AddLine({xr, at.y + 3}, {xr, at.y + 23}, inside ? IM_COL32(80, 230, 80, 255) : IM_COL32(255, 70, 70, 255),
                      3);
        // The host clock: a triangle above and below the bar, visible even on the RTC's tick.
        const ImU32 blue = IM_COL32(120, 180, 255, 255);
        draw->AddTriangleFilled({xh - 5, at.y}, {xh + 5, at.y}, {xh, at.y + 6}, blue);
        draw->AddTriangleFilled({xh - 5, at.y + 26}, {xh + 5, at.y + 26}, {xh, at.y + 20}, blue);
        ImGui::Dummy({width, 28});
        ImGui::TextColored(inside ? kGoodColour : kErrorColour, "%s", window_verdict(w, rtc).c_str());
        if (!inside) ImGui::TextColored(kErrorColour, "   %s", window_consequence(w, rtc, when).c_str());
    }
    // The date axis: 1 January of every year on the scale (every 2nd, 5th... when they crowd).
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const int years = last_year - first_year;
    const float per_year = width / static_cast<float>(std::max(years, 1));
    int step = 1;
    for (const int candidate : {1, 2, 5, 10, 20, 50, 100}) {
        step = candidate;
        if (per_year * static_cast<float>(candidate) >= ImGui::CalcTextSize("0000").x + 12) break;
    }
    const ImU32 axis = IM_COL32(150, 150, 150, 255);
    draw->AddLine({at.x, at.y + 2}, {at.x + width, at.y + 2}, axis, 1);
    for (int year = first_year; year <= last_year; ++year) {
        const float x = x_of(at.x, start_of_year(year));
        draw->AddLine({x, at.y}, {x, at.y + 6}, axis, 1);
        if ((year - first_year) % step != 0) continue;
        const std::string label = std::to_string(year);
        const float label_width = ImGui::CalcTextSize(label.c_str()).x;
        const float lx = std::clamp(x - label_width / 2, at.x, at.x + width - label_width);
        draw->AddText({lx, at.y + 6}, axis, label.c_str());
    }
    ImGui::Dummy({width, ImGui::GetTextLineHeight() + 8});
    ImGui::TextColored(
        kNoteColour, "%s",
        when == When::AtTheHandshake
            ? "red/green tick: modem RTC at the handshake    blue triangles: host clock    axis: 1 January (UTC)"
            : "red/green tick: modem RTC    blue triangles: host clock    axis: 1 January (UTC)");
    ImGui::PopTextWrapPos();
}

}  // namespace q2686::gui
