// RunObserver — what a front end watching a scenario run is told, on the thread that runs it
// (the GUI's Scenario panel: steps ticking by while the panels show the modem). The executor
// calls it; the observer only looks, except through the AT session's slice hook
// (AtSession::set_slice_hook), which it may set in started() to serve its own loop while the
// steps wait. Without an observer a run is exactly the headless `q2686emu scenario` run.
#pragma once

#include <string>

#include "scenario/scenario_result.h"

namespace q2686 {
class Q2686Modem;
class AtSession;
class HostNetwork;
}  // namespace q2686

namespace q2686::scenario {

class RunObserver {
public:
    virtual ~RunObserver() = default;
    // The modem, its AT session and host network are built; no step has run yet.
    virtual void started(Q2686Modem& modem, AtSession& session, HostNetwork& network) = 0;
    // A step (a repeat's body steps one by one, labelled "repeat I/N: ...") begins.
    virtual void step_started(const std::string& label, int line, double virtual_start_s) = 0;
    // It ended: passed, failed (with `failure`) or skipped after an earlier failure.
    virtual void step_finished(const StepResult& step, const StepFailure* failure) = 0;
    // The run is over and `result` complete but for the trace hash; the modem, session and
    // network are still there (called only when started() was) and are taken down on return.
    virtual void finishing(const ScenarioResult& result) = 0;
};

}  // namespace q2686::scenario
