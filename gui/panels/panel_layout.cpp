#include <algorithm>

#include "panels.h"

namespace q2686::gui {

// The default layout is drawn for a 1920×1048 window (panels from (8,28) to (1912,1040)) and
// scaled to the window's size: both edges of each panel map linearly, so panels that do not
// overlap there do not overlap at any size, and all stay inside the window. It applies only to
// a panel ImGui does not know yet (ImGuiCond_FirstUseEver): a saved arrangement wins.
bool begin_panel(const char* title, ImVec2 position, ImVec2 size, PanelRecords& record) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float bar = ImGui::GetFrameHeight(), top = bar + 7;  // below the main menu bar
    const float sx = (display.x - 16) / 1904.0f, sy = (display.y - 8 - top) / 1012.0f;
    const ImVec2 at{8 + (position.x - 8) * sx, top + (position.y - 28) * sy};
    const ImVec2 end{8 + (position.x + size.x - 8) * sx, top + (position.y + size.y - 28) * sy};
    ImGui::SetNextWindowPos(at, ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize({end.x - at.x, end.y - at.y}, ImGuiCond_FirstUseEver);
    const bool open = ImGui::Begin(title);
    // Kept on screen: a panel the window no longer holds (a smaller window, or an arrangement
    // saved on a larger display) is moved back inside, and shrunk if it is larger than it.
    ImVec2 pos = ImGui::GetWindowPos(), extent = ImGui::GetWindowSize();
    const ImVec2 room{display.x, display.y - bar};
    if (extent.x > room.x || extent.y > room.y)
        ImGui::SetWindowSize(extent = {std::min(extent.x, room.x), std::min(extent.y, room.y)});
    const ImVec2 inside{std::clamp(pos.x, 0.0f, display.x - extent.x), std::clamp(pos.y, bar, display.y - extent.y)};
    if (inside.x != pos.x || inside.y != pos.y) ImGui::SetWindowPos(inside);
    record.panels[title] = {inside.x, inside.y, extent.x, extent.y};
    record_text_area(record, title);
    return open;
}

void record_text_area(PanelRecords& record, const std::string& name) {
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    record.text_areas[name] = {{pos.x, pos.y, size.x, size.y}, pos.x + ImGui::GetWindowContentRegionMax().x};
}

void record_last_item(PanelRecords& record, const std::string& name, std::string text) {
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    record.widgets[name] = {{min.x, min.y, max.x - min.x, max.y - min.y}, std::move(text)};
}

void text_elided(const std::string& line) {
    const float room = ImGui::GetContentRegionAvail().x;
    if (ImGui::CalcTextSize(line.c_str()).x <= room) return ImGui::TextUnformatted(line.c_str());
    const float dots = ImGui::CalcTextSize("...").x;
    // The longest prefix that fits with the dots, cut at a UTF-8 character boundary.
    std::size_t keep = line.size();
    while (keep > 0 && ImGui::CalcTextSize(line.c_str(), line.c_str() + keep).x + dots > room) {
        --keep;
        while (keep > 0 && (static_cast<unsigned char>(line[keep]) & 0xC0) == 0x80) --keep;
    }
    ImGui::Text("%.*s...", static_cast<int>(keep), line.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", line.c_str());
}

void same_line_if_fits(float width) {
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

}  // namespace q2686::gui
