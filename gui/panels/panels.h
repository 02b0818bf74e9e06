// The GUI's panels, one file each (gui/panels/*.cpp). Every panel draws from the snapshot
// (GuiSnapshot, read-only) and changes the machine only through the EmulatorThread's commands.
// `PanelRecords` notes where each panel was drawn, for the screenshot check (gui/screenshot.h).
#pragma once

#include <cstdint>
#include <map>
#include <vector>
#include <string>

#include <imgui.h>

#include "../emulator_thread.h"
#include "certificate_windows.h"

namespace q2686::gui {

struct PanelRect {
    float x = 0, y = 0, width = 0, height = 0;
};
// A region whose text wraps: a panel or a child region in it ("AT console/transcript"), and the
// x where its text wraps (the content region's right edge, left of a scrollbar).
struct TextArea {
    PanelRect rect;
    float wrap_right = 0;
};
// A widget with its text: where a label sits beside its field, what a field holds.
struct WidgetRecord {
    PanelRect rect;
    std::string text;
};
// What the panels drew in a frame, listed beside a screenshot (FILE.panels.json) so a test can
// check a detail of the layout without OCR.
struct PanelRecords {
    std::map<std::string, PanelRect> panels;  // by title
    std::map<std::string, TextArea> text_areas;
    std::map<std::string, WidgetRecord> widgets;
    void clear() { *this = {}; }
};
// Notes the current window (a panel or a child) as a text area named `name`.
void record_text_area(PanelRecords& record, const std::string& name);
// Notes ImGui's last item (its rectangle on screen) under `name`.
void record_last_item(PanelRecords& record, const std::string& name, std::string text = {});

// Opens a panel at its place in the default layout; records its rectangle. Pair with ImGui::End().
bool begin_panel(const char* title, ImVec2 position, ImVec2 size, PanelRecords& record);

// One line of text, cut with "..." where it would pass the region's right edge; the whole line
// in a tooltip when hovered (lists whose lines read better unwrapped: the packet list).
void text_elided(const std::string& line);

// ImGui::SameLine() if an item `width` wide still fits on the line, else a new line.
void same_line_if_fits(float width);

struct AtConsoleState {
    char input[256] = "";
    std::vector<std::string> history;
    int history_at = -1;
    bool follow = true;
    std::string export_status;
};
void draw_at_console(const GuiSnapshot& s, EmulatorThread& emu, AtConsoleState& state, PanelRecords& record);

struct ClockPanelState {
    char value[32] = "";    // the Set field: the host's time (UTC) when the panel is first drawn
    int zone_quarters = 0;  // the zone "Sync to host" writes, in quarter hours
};
void draw_clock_panel(const GuiSnapshot& s, EmulatorThread& emu, ClockPanelState& state, PanelRecords& record);

void draw_tls_panel(const GuiSnapshot& s, PanelRecords& record);

struct NetworkPanelState {
    int latency_ms = -1, jitter_ms = -1;
    float loss_percent = -1;
    char capture_path[256] = "capture.pcap";
};
void draw_network_panel(const GuiSnapshot& s, EmulatorThread& emu, NetworkPanelState& state, PanelRecords& record);

void draw_cpu_panel(const GuiSnapshot& s, EmulatorThread& emu, PanelRecords& record);

// The story's steps (--story).
void draw_story_panel(const GuiSnapshot& s, PanelRecords& record);

// A scenario's steps: a state badge each (colours below), its virtual start and duration, the
// failure message under a failed step. The badges drawn are recorded for the screenshot check.
struct StepBadge {
    std::string label, state;
    PanelRect rect;
};
using StepBadges = std::vector<StepBadge>;
struct ScenarioPanelState {
    std::string load_error;  // "FILE:LINE:COL: message": the last file that did not load
};
void draw_scenario_panel(const GuiSnapshot& s, const ScenarioPanelState& state, PanelRecords& record, StepBadges& badges);
ImU32 badge_colour(ScenarioStepView::State state);

// Certificates' validity windows against the modem's RTC and the host clock (UTC seconds), one
// row each (gui/panels/validity_timeline.cpp).
// `rtc`: the instant the windows are judged at — the clock now (Clock panel), or a connection's
// own handshake (TLS panel, When::AtTheHandshake).
void draw_validity_timeline(const std::vector<ValidityWindow>& windows, std::int64_t rtc, std::int64_t host,
                            When when = When::Now);

// Colours shared by the panels.
inline const ImVec4 kSentColour{0.55f, 0.80f, 1.00f, 1.0f};
inline const ImVec4 kReceivedColour{0.85f, 0.85f, 0.85f, 1.0f};
inline const ImVec4 kUrcColour{1.00f, 0.80f, 0.35f, 1.0f};
inline const ImVec4 kErrorColour{1.00f, 0.40f, 0.40f, 1.0f};
inline const ImVec4 kGoodColour{0.45f, 0.90f, 0.45f, 1.0f};
inline const ImVec4 kNoteColour{0.60f, 0.60f, 0.60f, 1.0f};

}  // namespace q2686::gui
