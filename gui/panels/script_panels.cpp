// The scripts the GUI plays: the story (--story) as a numbered list, and a scenario (--scenario,
// File ▸ Load scenario) as a table of its steps ticking by — pending, running, passed, failed
// with the runner's message, skipped — each with its virtual start and duration.
#include <fmt/format.h>

#include "panels.h"

namespace q2686::gui {

void draw_story_panel(const GuiSnapshot& s, PanelRecords& record) {
    if (s.script_steps.empty()) return;
    if (!begin_panel("Story", {1284, 596}, {628, 444}, record)) return ImGui::End();
    ImGui::TextWrapped("%s", s.script_status.c_str());
    ImGui::Separator();
    for (std::size_t i = 0; i < s.script_steps.size(); ++i) {
        const int at = s.script_step;
        const ImVec4 colour = static_cast<int>(i) < at    ? kGoodColour
                              : static_cast<int>(i) == at ? kUrcColour
                                                          : kNoteColour;
        ImGui::TextColored(colour, "%s %2zu. %s",
                           static_cast<int>(i) < at    ? "done"
                           : static_cast<int>(i) == at ? " >> "
                                                       : "    ",
                           i + 1, s.script_steps[i].c_str());
    }
    ImGui::End();
}

ImU32 badge_colour(ScenarioStepView::State state) {
    switch (state) {
        case ScenarioStepView::State::Pending: return IM_COL32(110, 110, 110, 255);
        case ScenarioStepView::State::Running: return IM_COL32(240, 180, 20, 255);
        case ScenarioStepView::State::Passed: return IM_COL32(40, 160, 40, 255);
        case ScenarioStepView::State::Failed: return IM_COL32(230, 40, 40, 255);
        case ScenarioStepView::State::Skipped: return IM_COL32(70, 70, 100, 255);
    }
    return IM_COL32(255, 255, 255, 255);
}

namespace {

std::string summary(const ScenarioView& v) {
    if (!v.error.empty()) return "could not run";
    if (v.finished) return v.passed ? "PASSED" : "FAILED";
    if (!v.running) return "starting";
    return fmt::format("running step {}/{}", v.started, v.steps.size());
}

// One table row: the badge (recorded), state, start, duration, line, label; the message below.
void draw_step_row(const ScenarioStepView& step, StepBadges& badges) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float side = ImGui::GetTextLineHeight() - 2;
    ImGui::GetWindowDrawList()->AddRectFilled({at.x, at.y + 1}, {at.x + side, at.y + 1 + side},
                                              badge_colour(step.state));
    ImGui::Dummy({side, side});
    if (ImGui::IsItemVisible()) badges.push_back({step.label, to_string(step.state), {at.x, at.y + 1, side, side}});
    ImGui::SameLine();
    ImGui::TextUnformatted(to_string(step.state));
    if (step.state == ScenarioStepView::State::Running) ImGui::SetScrollHereY(0.5f);  // follow the run
    ImGui::TableNextColumn();
    if (step.state != ScenarioStepView::State::Pending && step.state != ScenarioStepView::State::Skipped)
        ImGui::Text("%9.3f", step.virtual_start_s);
    ImGui::TableNextColumn();
    if (step.state == ScenarioStepView::State::Passed || step.state == ScenarioStepView::State::Failed)
        ImGui::Text("%8.3f", step.virtual_s);
    ImGui::TableNextColumn();
    ImGui::Text("%d", step.line);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(step.label.c_str());
    if (!step.message.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(kErrorColour, "%s", step.message.c_str());
        ImGui::PopTextWrapPos();
    }
}

}  // namespace

void draw_scenario_panel(const GuiSnapshot& s, const ScenarioPanelState& state, PanelRecords& record, StepBadges& badges) {
    if (!s.scenario && state.load_error.empty()) return;
    if (!begin_panel("Scenario", {1284, 596}, {628, 444}, record)) return ImGui::End();
    if (!state.load_error.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(kErrorColour, "%s", state.load_error.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Separator();
    }
    if (!s.scenario) return ImGui::End();
    const ScenarioView& v = *s.scenario;
    ImGui::Text("%s  (%s)", v.name.c_str(), v.file.c_str());
    ImGui::TextColored(v.finished ? (v.passed ? kGoodColour : kErrorColour) : kUrcColour, "%s", summary(v).c_str());
    if (!v.error.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(kErrorColour, "%s", v.error.c_str());
        ImGui::PopTextWrapPos();
    }
    if (v.finished) {
        ImGui::SameLine();
        ImGui::TextColored(kNoteColour, "— the modem stays, paused: Run (CPU panel) lets it go on");
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit |
                                  ImGuiTableFlags_BordersInnerV;
    if (ImGui::BeginTable("steps", 5, flags)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("state");
        ImGui::TableSetupColumn("start s");
        ImGui::TableSetupColumn("took s");
        ImGui::TableSetupColumn("line");
        ImGui::TableSetupColumn("step", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (const ScenarioStepView& step : v.steps) draw_step_row(step, badges);
        ImGui::EndTable();
    }
    ImGui::End();
}

}  // namespace q2686::gui
