#include "time/cycle_scheduler.h"

namespace q2686 {

namespace {
bool fires_before(const TimedEvent& a, const TimedEvent& b) {
    if (a.due != b.due) return a.due < b.due;
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.order < b.order;
}
}  // namespace

void CycleScheduler::schedule_at(TimedEvent& event, Cycles due) {
    if (event.scheduled) cancel(event);
    event.due = due;
    event.order = next_order_++;
    event.scheduled = true;
    TimedEvent** link = &head_;
    while (*link && !fires_before(event, **link)) link = &(*link)->next;
    event.next = *link;
    *link = &event;
}

void CycleScheduler::cancel(TimedEvent& event) {
    if (!event.scheduled) return;
    for (TimedEvent** link = &head_; *link; link = &(*link)->next) {
        if (*link == &event) {
            *link = event.next;
            break;
        }
    }
    event.next = nullptr;
    event.scheduled = false;
}

int CycleScheduler::run_due() {
    int fired = 0;
    while (head_ && head_->due <= now_) {
        TimedEvent& event = *head_;
        head_ = event.next;
        event.next = nullptr;
        event.scheduled = false;
        ++fired;
        if (event.callback) event.callback(event.context, now_ - event.due);
    }
    return fired;
}

void CycleScheduler::clear() {
    while (head_) cancel(*head_);
}

}  // namespace q2686
