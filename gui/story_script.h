// StoryRunner — a short list of steps the GUI plays on the emulator thread, one after the
// other, without blocking it: send an AT line and wait for its final result code, wait for a
// line to arrive, let time pass, set the RTC to the host's time. `--story` plays the forum
// thread's story with it (seed_story()); the panels show each step as it runs.
#pragma once

#include <string>
#include <vector>

#include "modem/at_session.h"
#include "time/cycle_scheduler.h"

namespace q2686::gui {

struct StoryStep {
    enum class Kind { Command, WaitFor, Wait, ClockToHostTime, Note } kind = Kind::Note;
    std::string text;     // the AT line, the line prefix waited for, or the note
    double seconds = 10;  // Wait: how long; Command / WaitFor: the timeout
    std::string title;    // shown in the script panel
};

// The demo's story (emulator/cli/demo_command.cpp) as steps: the clock at 1998, the failing GET,
// AT+CCLK to the host's time, the same GET succeeding, a self-signed server with verify never.
std::vector<StoryStep> seed_story();

class StoryRunner {
public:
    StoryRunner(std::vector<StoryStep> steps, AtSession& session, const ClockRate& clock);

    // Called after every slice: starts the next step when the current one is done.
    void advance(Cycles now);
    bool done() const { return index_ >= steps_.size(); }
    int index() const { return static_cast<int>(index_); }
    const std::vector<StoryStep>& steps() const { return steps_; }
    const std::string& status() const { return status_; }

private:
    void start(Cycles now);
    bool finished(Cycles now);

    std::vector<StoryStep> steps_;
    AtSession& session_;
    ClockRate clock_;
    std::size_t index_ = 0;
    bool started_ = false;
    Cycles deadline_ = 0;
    std::size_t mark_ = 0;  // transcript size when the step started
    std::string status_;
};

}  // namespace q2686::gui
