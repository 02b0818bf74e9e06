// The GUI's panels, one file each (gui/panels/*.cpp). Every panel draws from the snapshot
// (GuiSnapshot, read-only) and changes the machine only through the EmulatorThread's commands.
// `PanelRects` records where each panel was drawn, for the screenshot check (gui/screenshot.h).
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
using PanelRects = std::map<std::string, PanelRect>;

// Opens a panel at its place in the default layout; records its rectangle. Pair with ImGui::End().
bool begin_panel(const char* title, ImVec2 position, ImVec2 size, PanelRects& rects);

// ImGui::SameLine() if an item `width` wide still fits on the line, else a new line.
void same_line_if_fits(float width);

struct AtConsoleState {
    char input[256] = "";
    std::vector<std::string> history;
    int history_at = -1;
    bool follow = true;
    std::string export_status;
};
void draw_at_console(const GuiSnapshot& s, EmulatorThread& emu, AtConsoleState& state, PanelRects& rects);

struct ClockPanelState {
    char value[32] = "";    // the Set field: the host's time (UTC) when the panel is first drawn
    int zone_quarters = 0;  // the zone "Sync to host" writes, in quarter hours
};
void draw_clock_panel(const GuiSnapshot& s, EmulatorThread& emu, ClockPanelState& state, PanelRects& rects);

void draw_tls_panel(const GuiSnapshot& s, PanelRects& rects);

struct NetworkPanelState {
    int latency_ms = -1, jitter_ms = -1;
    float loss_percent = -1;
    char capture_path[256] = "capture.pcap";
};
void draw_network_panel(const GuiSnapshot& s, EmulatorThread& emu, NetworkPanelState& state, PanelRects& rects);

void draw_cpu_panel(const GuiSnapshot& s, EmulatorThread& emu, PanelRects& rects);

// The story's steps (--story).
void draw_story_panel(const GuiSnapshot& s, PanelRects& rects);

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
void draw_scenario_panel(const GuiSnapshot& s, const ScenarioPanelState& state, PanelRects& rects, StepBadges& badges);
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
