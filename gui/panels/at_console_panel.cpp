// AT console: both directions colour-coded with their virtual time ('>' sent, '<' received,
// unsolicited codes highlighted), a command line with history (↑/↓), copy and export.
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "at/at_line_reader.h"
#include "panels.h"

namespace q2686::gui {

namespace {

// An unsolicited code: a "+XXX:" line the modem sent on its own (not an answer's information
// line — those follow a command, but telling them apart needs the command's syntax; a "+" line
// that is not a final result code is highlighted either way).
bool looks_unsolicited(const std::string& line) {
    return line.starts_with("+WIND:") || line.starts_with("+TLS") || line.starts_with("+WIP") ||
           line.starts_with("+CREG:") || line.starts_with("+CGREG:");
}

ImVec4 colour_of(const TranscriptEntry& e) {
    if (e.kind == TranscriptEntry::Kind::Sent) return kSentColour;
    if (e.kind == TranscriptEntry::Kind::Note || e.kind == TranscriptEntry::Kind::Echo) return kNoteColour;
    if (e.text.starts_with("+TLSERR:") || e.text == "ERROR" || e.text.starts_with("+CME ERROR")) return kErrorColour;
    if (e.text.starts_with("+TLSDONE:") || e.text.starts_with("+TLSHTTP:")) return kGoodColour;
    return looks_unsolicited(e.text) ? kUrcColour : kReceivedColour;
}

std::string transcript_text(const GuiSnapshot& s, const ClockRate& clock) {
    std::string text;
    for (const TranscriptEntry& e : s.transcript) {
        const char* mark = e.kind == TranscriptEntry::Kind::Sent       ? ">"
                           : e.kind == TranscriptEntry::Kind::Received ? "<"
                           : e.kind == TranscriptEntry::Kind::Echo     ? "="
                                                                       : "~";
        text += fmt::format("[{:>12.6f}] {} {}\n", clock.to_seconds(e.when), mark, e.text);
    }
    return text;
}

int history_callback(ImGuiInputTextCallbackData* data) {
    auto& state = *static_cast<AtConsoleState*>(data->UserData);
    if (data->EventFlag != ImGuiInputTextFlags_CallbackHistory || state.history.empty()) return 0;
    const int last = static_cast<int>(state.history.size()) - 1;
    if (data->EventKey == ImGuiKey_UpArrow)
        state.history_at = state.history_at < 0 ? last : std::max(0, state.history_at - 1);
    else if (data->EventKey == ImGuiKey_DownArrow)
        state.history_at = state.history_at < 0 || state.history_at >= last ? -1 : state.history_at + 1;
    data->DeleteChars(0, data->BufTextLen);
    if (state.history_at >= 0) data->InsertChars(0, state.history[static_cast<std::size_t>(state.history_at)].c_str());
    return 0;
}

}  // namespace

void draw_at_console(const GuiSnapshot& s, EmulatorThread& emu, AtConsoleState& state, PanelRecords& record) {
    if (!begin_panel("AT console", {8, 28}, {700, 560}, record)) return ImGui::End();
    const ClockRate& clock = emu.clock();
    if (ImGui::Button("Copy")) ImGui::SetClipboardText(transcript_text(s, clock).c_str());
    ImGui::SameLine();
    if (ImGui::Button("Export")) {
        std::ofstream("at-transcript.txt") << transcript_text(s, clock);
        state.export_status = "written to at-transcript.txt";
    }
    ImGui::SameLine();
    ImGui::Checkbox("Follow", &state.follow);
    if (!state.export_status.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", state.export_status.c_str());
    }
    const float input_height = ImGui::GetFrameHeightWithSpacing();
    ImGui::BeginChild("transcript", ImVec2(0, -input_height), true);
    record_text_area(record, "AT console/transcript");
    ImGui::PushTextWrapPos(0);  // long lines (+TLSERR: ...) wrap at the panel's edge
    for (const TranscriptEntry& e : s.transcript) {
        if (e.kind == TranscriptEntry::Kind::Echo) continue;
        const char* mark = e.kind == TranscriptEntry::Kind::Sent   ? ">"
                           : e.kind == TranscriptEntry::Kind::Note ? "~"
                                                                   : "<";
        ImGui::TextColored(kNoteColour, "%10.3f", clock.to_seconds(e.when));
        ImGui::SameLine();
        ImGui::TextColored(colour_of(e), "%s %s", mark, e.text.c_str());
    }
    ImGui::PopTextWrapPos();
    if (state.follow && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 40) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
    // While a scenario runs it owns the AT port: a line typed in would interleave with its commands.
    ImGui::BeginDisabled(s.scenario_running());
    ImGui::SetNextItemWidth(-1);
    const ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackHistory;
    const char* hint =
        s.scenario_running() ? "the scenario drives the AT port" : "AT command, Enter to send (↑/↓ history)";
    if (ImGui::InputTextWithHint("##at", hint, state.input, sizeof state.input, flags, history_callback, &state)) {
        const std::string line = state.input;
        if (!line.empty()) {
            state.history.push_back(line);
            state.history_at = -1;
            emu.post([line](ModemCore& core) { core.session.send_line(line); });
        }
        state.input[0] = '\0';
        ImGui::SetKeyboardFocusHere(-1);
    }
    ImGui::EndDisabled();
    ImGui::End();
}

}  // namespace q2686::gui
