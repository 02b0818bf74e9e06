// CPU: registers, the disassembly around PC (Capstone), cycles, virtual time, the real-time
// factor, and run / pause / step / speed (×1, ×10, max).
#include <algorithm>

#include <fmt/format.h>

#include "panel_text.h"
#include "panels.h"

namespace q2686::gui {

void draw_cpu_panel(const GuiSnapshot& s, EmulatorThread& emu, PanelRecords& record) {
    if (!begin_panel("CPU", {716, 536}, {560, 504}, record)) return ImGui::End();
    ImGui::Text("ARM946E-S at 104 MHz   %s", s.powered ? "powered" : "off");
    ImGui::Text("virtual time %.6f s   cycles %llu", s.virtual_seconds, static_cast<unsigned long long>(s.cycles));
    ImGui::TextUnformatted(run_state_text(s.paused, s.realtime_factor).c_str());
    if (ImGui::Button(s.paused ? "Run" : "Pause")) emu.set_paused(!s.paused);
    ImGui::SameLine();
    ImGui::BeginDisabled(!s.paused);
    if (ImGui::Button("Step 1 ms")) emu.step(emu.clock().from_ns(1'000'000));
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::TextUnformatted("speed");
    for (const auto& [label, factor] : {std::pair{"x1", 1.0}, std::pair{"x10", 10.0}, std::pair{"max", 0.0}}) {
        ImGui::SameLine();
        const bool current = s.speed == factor;
        if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.2f, 0.5f, 0.2f, 1));
        if (ImGui::Button(label)) emu.set_speed(factor);
        if (current) ImGui::PopStyleColor();
    }
    if (s.fault) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(kErrorColour, "%s", s.fault->c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::Separator();
    // Four registers a row, fewer if the panel is too narrow for them.
    const float register_width = ImGui::CalcTextSize("r10 00000000").x + ImGui::GetStyle().CellPadding.x * 2 + 4;
    const int columns = std::clamp(static_cast<int>(ImGui::GetContentRegionAvail().x / register_width), 2, 4);
    if (ImGui::BeginTable("registers", columns, ImGuiTableFlags_SizingFixedFit)) {
        static constexpr const char* kNames[16] = {"r0", "r1", "r2",  "r3",  "r4",  "r5", "r6", "r7",
                                                   "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc"};
        for (int i = 0; i < 16; ++i) {
            ImGui::TableNextColumn();
            ImGui::Text("%-3s %08x", kNames[i], s.registers.r[static_cast<std::size_t>(i)]);
        }
        ImGui::TableNextColumn();
        const std::uint32_t cpsr = s.registers.cpsr;
        ImGui::Text("cpsr %08x %c%c%c%c %s%s", cpsr, cpsr & 0x80000000u ? 'N' : 'n', cpsr & 0x40000000u ? 'Z' : 'z',
                    cpsr & 0x20000000u ? 'C' : 'c', cpsr & 0x10000000u ? 'V' : 'v', cpsr & 0x80u ? "I" : "i",
                    cpsr & 0x20u ? " T" : "");
        ImGui::EndTable();
    }
    ImGui::Separator();
    for (const std::string& line : s.disassembly)
        ImGui::TextColored(line.starts_with("►") ? kUrcColour : kReceivedColour, "%s", line.c_str());
    ImGui::End();
}

}  // namespace q2686::gui
