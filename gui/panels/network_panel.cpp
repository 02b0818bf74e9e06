// Network: registration, signal, GPRS attach and PDP contexts (the network model), the GPRS
// link's conditions — editable — the last packets at the antenna, and a pcap capture.
#include <fmt/format.h>

#include "panels.h"

namespace q2686::gui {

void draw_network_panel(const GuiSnapshot& s, EmulatorThread& emu, NetworkPanelState& state, PanelRecords& record) {
    if (!begin_panel("Network", {8, 596}, {700, 444}, record)) return ImGui::End();
    ImGui::Text("Registration %s   CSQ %d   GPRS %s", s.registration.c_str(), s.rssi,
                s.attached ? "attached" : "detached");
    for (const std::string& c : s.contexts) ImGui::BulletText("%s", c.c_str());
    if (ImGui::Button("Coverage lost")) emu.post([](ModemCore& core) { core.modem.network().drop(core.modem.now()); });
    ImGui::SameLine();
    if (ImGui::Button("Recover")) emu.post([](ModemCore& core) { core.modem.network().recover(core.modem.now()); });
    ImGui::SameLine();
    if (ImGui::Button("Registration denied"))
        emu.post(
            [](ModemCore& core) { core.modem.network().set_registration(Registration::Denied, core.modem.now()); });
    ImGui::SameLine();
    if (ImGui::Button("Home"))
        emu.post([](ModemCore& core) { core.modem.network().set_registration(Registration::Home, core.modem.now()); });
    ImGui::Separator();
    if (state.latency_ms < 0) {
        state.latency_ms = static_cast<int>(s.link.latency_ms);
        state.jitter_ms = static_cast<int>(s.link.jitter_ms);
        state.loss_percent = static_cast<float>(s.link.loss * 100);
    }
    ImGui::Text("GPRS link: class 10, %u+%u slots", s.link.downlink_slots, s.link.uplink_slots);
    // Each slider on the line if it fits, else on the next (narrow windows).
    const auto slider_width = [](const char* label) {
        return 140 + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
    };
    ImGui::SetNextItemWidth(140);
    ImGui::SliderInt("latency ms", &state.latency_ms, 0, 2000);
    same_line_if_fits(slider_width("jitter ms"));
    ImGui::SetNextItemWidth(140);
    ImGui::SliderInt("jitter ms", &state.jitter_ms, 0, 500);
    same_line_if_fits(slider_width("loss %"));
    ImGui::SetNextItemWidth(140);
    ImGui::SliderFloat("loss %", &state.loss_percent, 0, 100, "%.0f");
    same_line_if_fits(ImGui::CalcTextSize("Apply").x + ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::Button("Apply")) {
        GprsLinkConfig config = s.link;
        config.latency_ms = static_cast<std::uint32_t>(state.latency_ms);
        config.jitter_ms = static_cast<std::uint32_t>(state.jitter_ms);
        config.loss = state.loss_percent / 100.0;
        emu.post([config](ModemCore& core) {
            core.session.note(fmt::format("link: latency {} ms, jitter {} ms, loss {:.0f}%", config.latency_ms,
                                          config.jitter_ms, config.loss * 100));
            core.modem.link().configure(config);
        });
    }
    ImGui::Separator();
    if (!s.capturing) {
        ImGui::SetNextItemWidth(300);
        ImGui::InputText("##pcap", state.capture_path, sizeof state.capture_path);
        ImGui::SameLine();
        if (ImGui::Button("Start capture")) emu.start_capture(state.capture_path);
    } else {
        ImGui::TextColored(kGoodColour, "capturing to %s", s.capture_path.c_str());
        ImGui::SameLine();
        if (ImGui::Button("Stop capture")) emu.stop_capture();
    }
    if (!s.capture_error.empty()) ImGui::TextColored(kErrorColour, "%s", s.capture_error.c_str());
    ImGui::Text("%llu packets", static_cast<unsigned long long>(s.packets));
    ImGui::BeginChild("packets", ImVec2(0, 0), true);
    record_text_area(record, "Network/packets");
    for (const std::string& line : s.packet_lines) text_elided(line);
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 20) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace q2686::gui
