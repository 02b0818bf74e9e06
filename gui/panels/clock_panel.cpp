// Clock: the modem's RTC beside the host's clock, their offset, AT+CCLK set/sync (in a time zone
// of the user's choice), power and the backup battery; a timeline marks the RTC against the
// servers' certificate validity windows — red when the modem would find a certificate not yet
// valid or expired — including the one the firmware's last +TLSERR names (under TLS 1.3 the
// only way to see, say, a failing intermediate).
#include <algorithm>
#include <ctime>
#include <optional>

#include <fmt/format.h>

#include "at/tls_urc.h"
#include "tls/dissector/certificate_verdict.h"
#include "panel_text.h"
#include "panels.h"

namespace q2686::gui {

namespace {

std::int64_t host_utc() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

// The firmware's last +TLSERR, if the last TLS request failed.
std::optional<TlsErrorUrc> last_tls_error(const GuiSnapshot& s) {
    for (std::size_t i = s.transcript.size(); i-- > 0;) {
        const TranscriptEntry& entry = s.transcript[i];
        if (entry.kind != TranscriptEntry::Kind::Received) continue;
        if (entry.text.starts_with("+TLSDONE:")) return std::nullopt;
        if (entry.text.starts_with("+TLSERR:")) return parse_tls_error(entry.text);
    }
    return std::nullopt;
}

}  // namespace

void draw_clock_panel(const GuiSnapshot& s, EmulatorThread& emu, ClockPanelState& state, PanelRecords& record) {
    if (!begin_panel("Clock", {716, 28}, {560, 500}, record)) return ImGui::End();
    const std::int64_t host = host_utc();
    if (!state.value[0])  // the Set field starts at the host's time now (UTC)
        fmt::format_to_n(state.value, sizeof state.value - 1, "{}", cclk_of_utc(host, 0));
    ImGui::PushTextWrapPos(0);
    ImGui::Text("Modem RTC  (AT+CCLK?)  %s", s.cclk.c_str());
    ImGui::Text("           as UTC      %s  (zone %+d quarter hours)", iso_utc(s.rtc_utc).c_str(), s.tz_quarters);
    ImGui::Text("Host clock (UTC)       %s", iso_utc(host).c_str());
    const std::int64_t offset = s.rtc_utc - host;
    ImGui::TextColored(
        std::abs(offset) > 300 ? kErrorColour : kGoodColour, "Offset                 %s%s", offset_text(offset).c_str(),
        s.cclk.starts_with("98/01/01") ? "  — the power-on default: the clock was lost or never set" : "");
    ImGui::PopTextWrapPos();
    ImGui::Separator();
    ImGui::BeginDisabled(!s.powered || s.scenario_running());  // a running scenario owns the AT port
    if (ImGui::Button("Sync to host (AT+CCLK)")) {
        const std::string line = fmt::format("AT+CCLK=\"{}\"", cclk_of_utc(host, state.zone_quarters));
        emu.post([line](ModemCore& core) { core.session.send_line(line); });
    }
    ImGui::SameLine();
    ImGui::TextUnformatted("zone");
    record_last_item(record, "Clock/zone label");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("+00").x + ImGui::GetFrameHeight() * 2 + 20);
    // 27.007's zone: quarter hours from UTC; the sync writes the host's time as local time there.
    if (ImGui::InputInt("##zone", &state.zone_quarters)) state.zone_quarters = std::clamp(state.zone_quarters, -48, 56);
    record_last_item(record, "Clock/zone field", std::to_string(state.zone_quarters));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("zone in quarter hours (+8 = UTC+2): Sync writes local time in it");
    ImGui::SetNextItemWidth(190);
    ImGui::InputText("##cclk", state.value, sizeof state.value);
    record_last_item(record, "Clock/Set field", state.value);
    ImGui::SameLine();
    if (ImGui::Button("Set")) {
        const std::string line = fmt::format("AT+CCLK=\"{}\"", state.value);
        emu.post([line](ModemCore& core) { core.session.send_line(line); });
    }
    ImGui::EndDisabled();
    if (ImGui::Button(s.powered ? "Power off" : "Power on"))
        emu.post([on = !s.powered](ModemCore& core) {
            if (on) {
                core.session.note("power on");
                core.modem.power_on();
            } else {
                core.session.note("power off");
                core.modem.power_off();
            }
        });
    ImGui::SameLine();
    bool battery = s.battery;
    if (ImGui::Checkbox("Backup battery", &battery))
        emu.post([battery](ModemCore& core) {
            core.session.note(battery ? "backup battery connected" : "backup battery removed");
            core.modem.set_battery(battery);
        });
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kNoteColour,
                       s.battery ? "(the RTC survives power-off)" : "(power-off resets the RTC to 98/01/01)");
    ImGui::PopTextWrapPos();
    ImGui::Separator();
    std::vector<ValidityWindow> windows = clock_timeline(s.servers, s.tls_sessions, last_tls_error(s));
    // The interval the firmware accepts (chain ∩ anchors, as tls-window computes it) on top.
    if (const auto accepted = accepted_interval(s.tls_sessions, s.trusted_pem))
        windows.insert(windows.begin(), *accepted);
    if (windows.empty())
        ImGui::TextColored(kNoteColour, "No server certificate known yet (built-in servers, or one seen on the link).");
    else
        draw_validity_timeline(windows, s.rtc_utc, host);
    ImGui::End();
}

}  // namespace q2686::gui
