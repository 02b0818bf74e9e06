// Shared helpers of the peripheral unit tests: capture the event stream, run virtual time.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "base/event_log.h"
#include "time/cycle_scheduler.h"

namespace q2686::test {

// Records every event of a log (EventLog::recent() keeps only the last 64).
struct EventCapture {
    std::vector<Event> events;

    explicit EventCapture(EventLog& log) {
        log.subscribe([this](const Event& e) { events.push_back(e); });
    }
    std::vector<std::string> texts(EventKind kind) const {
        std::vector<std::string> out;
        for (const Event& e : events)
            if (e.kind == kind) out.push_back(e.text);
        return out;
    }
    std::size_t count(EventKind kind) const {
        return static_cast<std::size_t>(
            std::count_if(events.begin(), events.end(), [kind](const Event& e) { return e.kind == kind; }));
    }
    const Event* last(EventKind kind) const {
        for (auto it = events.rbegin(); it != events.rend(); ++it)
            if (it->kind == kind) return &*it;
        return nullptr;
    }
    void clear() { events.clear(); }
};

// Moves virtual time to `when` and fires what is due, as the Machine does between blocks.
inline int run_until(CycleScheduler& scheduler, Cycles when) {
    scheduler.advance_to(when);
    return scheduler.run_due();
}

}  // namespace q2686::test
