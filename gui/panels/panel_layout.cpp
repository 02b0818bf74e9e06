#include "panels.h"

namespace q2686::gui {

bool begin_panel(const char* title, ImVec2 position, ImVec2 size, PanelRects& rects) {
    ImGui::SetNextWindowPos(position, ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(size, ImGuiCond_FirstUseEver);
    const bool open = ImGui::Begin(title);
    const ImVec2 at = ImGui::GetWindowPos(), extent = ImGui::GetWindowSize();
    rects[title] = {at.x, at.y, extent.x, extent.y};
    return open;
}

}  // namespace q2686::gui
