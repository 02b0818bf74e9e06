#include "scenario_view.h"

#include <fmt/format.h>

namespace q2686::gui {

namespace {

using scenario::Step;
using scenario::StepResult;

ScenarioStepView pending_step(std::string label, int line) {
    ScenarioStepView step;
    step.label = std::move(label);
    step.line = line;
    return step;
}

// The runner's order and labels (scenario_executor.cpp run_steps): a repeat's body once per
// round, each label prefixed "repeat I/N: ".
void plan_steps(const std::vector<Step>& steps, const std::string& prefix, std::vector<ScenarioStepView>& out) {
    for (const Step& step : steps) {
        if (step.kind != Step::Kind::Repeat) {
            out.push_back(pending_step(prefix + step.label, step.mark.line));
            continue;
        }
        for (int i = 1; i <= step.times; ++i)
            plan_steps(step.steps, fmt::format("{}repeat {}/{}: ", prefix, i, step.times), out);
    }
}

ScenarioStepView::State state_of(StepResult::Status status) {
    switch (status) {
        case StepResult::Status::Passed: return ScenarioStepView::State::Passed;
        case StepResult::Status::Failed: return ScenarioStepView::State::Failed;
        case StepResult::Status::Skipped: return ScenarioStepView::State::Skipped;
    }
    return ScenarioStepView::State::Pending;
}

std::string failure_message(const scenario::StepFailure& f) {
    return fmt::format("line {}: {} (at {:.3f} s virtual){}", f.line, f.message, f.virtual_time_s,
                       f.tls_verdict.empty() ? "" : "\nlast TLS verdict: " + f.tls_verdict);
}

}  // namespace

const char* to_string(ScenarioStepView::State state) {
    switch (state) {
        case ScenarioStepView::State::Pending: return "pending";
        case ScenarioStepView::State::Running: return "running";
        case ScenarioStepView::State::Passed: return "passed";
        case ScenarioStepView::State::Failed: return "failed";
        case ScenarioStepView::State::Skipped: return "skipped";
    }
    return "?";
}

ScenarioView plan_scenario(const scenario::Scenario& scenario) {
    ScenarioView view;
    view.file = scenario.file;
    view.name = scenario.name;
    plan_steps(scenario.steps, "", view.steps);
    return view;
}

void mark_started(ScenarioView& view, const std::string& label, int line, double virtual_start_s) {
    view.running = true;
    if (view.started >= view.steps.size()) view.steps.push_back(pending_step(label, line));
    ScenarioStepView& step = view.steps[view.started++];
    step.label = label;
    step.line = line;
    step.state = ScenarioStepView::State::Running;
    step.virtual_start_s = virtual_start_s;
}

void mark_finished(ScenarioView& view, const StepResult& step, const scenario::StepFailure* failure) {
    // Skipped steps are the runner's top-level steps after a failure; the final result lists them.
    if (step.status == StepResult::Status::Skipped || view.started == 0) return;
    ScenarioStepView& s = view.steps[view.started - 1];
    s.state = state_of(step.status);
    s.virtual_s = step.virtual_s;
    if (failure) s.message = failure_message(*failure);
}

void mark_result(ScenarioView& view, const scenario::ScenarioResult& result) {
    view.steps.clear();
    for (const StepResult& step : result.steps) {
        ScenarioStepView s{step.label, step.line, state_of(step.status), step.virtual_start_s, step.virtual_s, {}};
        if (step.status == StepResult::Status::Failed && result.failure) s.message = failure_message(*result.failure);
        view.steps.push_back(std::move(s));
    }
    // A failure before the first step (the modem's power-on in `modem: {power: on}`).
    if (result.failure && result.steps.empty())
        view.steps.push_back({result.failure->step, result.failure->line, ScenarioStepView::State::Failed, 0,
                              result.failure->virtual_time_s, failure_message(*result.failure)});
    view.started = view.steps.size();
    view.running = false;
    view.finished = true;
    view.passed = result.passed;
    view.error = result.error;
}

}  // namespace q2686::gui
