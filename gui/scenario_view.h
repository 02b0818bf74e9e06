// ScenarioView — what the Scenario panel shows of a scenario run: every step in the order the
// runner takes them (a repeat's body unrolled, labelled as the runner labels it), each pending,
// running, passed, failed (with the failure message) or skipped, with its virtual start and
// duration. Built from the loaded Scenario before the run, moved on by the runner's
// RunObserver calls, and replaced by the run's own ScenarioResult when it ends, so the final
// list is exactly what `q2686emu scenario` reports.
#pragma once

#include <string>
#include <vector>

#include "scenario/scenario.h"
#include "scenario/scenario_result.h"

namespace q2686::gui {

struct ScenarioStepView {
    enum class State { Pending, Running, Passed, Failed, Skipped };
    std::string label;
    int line = 0;
    State state = State::Pending;
    double virtual_start_s = 0;
    double virtual_s = 0;
    std::string message;  // Failed: what was expected and what happened
};

const char* to_string(ScenarioStepView::State state);

struct ScenarioView {
    std::string file, name;
    std::vector<ScenarioStepView> steps;
    std::size_t started = 0;  // steps begun so far (the index of the next one)
    bool running = false, finished = false, passed = false;
    std::string error;  // the run could not happen or was abandoned
};

// Every step pending.
ScenarioView plan_scenario(const scenario::Scenario& scenario);
void mark_started(ScenarioView& view, const std::string& label, int line, double virtual_start_s);
void mark_finished(ScenarioView& view, const scenario::StepResult& step, const scenario::StepFailure* failure);
void mark_result(ScenarioView& view, const scenario::ScenarioResult& result);

}  // namespace q2686::gui
