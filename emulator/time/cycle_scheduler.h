// CycleScheduler — owner of virtual time.
//
// Virtual time is a 64-bit count of CPU cycles (104 MHz by default, see ClockRate). The CPU
// advances it by charging block costs; peripherals schedule TimedEvents that fire once the
// clock reaches their due cycle. The CPU is always told to stop at the next due cycle, so an
// event fires at most one translated block late; its callback receives how late it fired so
// periodic devices can reschedule without drift (as in mGBA's mTimingSchedule/cyclesLate).
//
// Events are embedded in their owners and linked into a sorted list: scheduling allocates
// nothing. Ties on the due cycle break by priority, then by scheduling order, so the firing
// order — and therefore every trace — is deterministic.
#pragma once

#include <cstdint>
#include <limits>
#include <type_traits>

namespace q2686 {

using Cycles = std::uint64_t;
inline constexpr Cycles kNever = std::numeric_limits<Cycles>::max();

struct TimedEvent {
    const char* name = "event";
    void (*callback)(void* context, Cycles late) = nullptr;
    void* context = nullptr;
    int priority = 0;  // lower fires first among events due on the same cycle

    // Makes the event call `object->*Method` when it fires, in one line:
    //   expiry_.bind<&Timer::on_expiry>(this, "timer0");
    // Method is a member function taking how late the event fires (`void on_expiry(Cycles
    // late)`) or nothing (`void on_poll()`). `event_name` must outlive the event.
    template <auto Method, class T>
    void bind(T* object, const char* event_name) {
        name = event_name;
        context = object;
        callback = [](void* self, Cycles late) {
            if constexpr (std::is_invocable_v<decltype(Method), T*, Cycles>)
                (static_cast<T*>(self)->*Method)(late);
            else
                (static_cast<T*>(self)->*Method)();
        };
    }

    // Managed by CycleScheduler.
    Cycles due = 0;
    std::uint64_t order = 0;
    TimedEvent* next = nullptr;
    bool scheduled = false;
};

class CycleScheduler {
public:
    Cycles now() const { return now_; }

    // Time only moves forward. The CPU calls this from its hot path.
    void advance(Cycles cycles) { now_ += cycles; }
    void advance_to(Cycles when) {
        if (when > now_) now_ = when;
    }
    // The one exception to "time only moves forward", for the CPU alone: a block's cost is
    // charged when it starts, so when a debugger stops the CPU inside a block the cycles of
    // the instructions that did not run are taken back. No event runs while a block does, so
    // nothing has seen the cycles taken back.
    void take_back_to(Cycles when) {
        if (when < now_) now_ = when;
    }

    void schedule_in(TimedEvent& event, Cycles delay) { schedule_at(event, now_ + delay); }
    void schedule_at(TimedEvent& event, Cycles due);
    void cancel(TimedEvent& event);

    Cycles next_due() const { return head_ ? head_->due : kNever; }
    bool has_due_events() const { return head_ && head_->due <= now_; }

    // Fires every event due at or before now(), earliest first. Callbacks may schedule
    // further events (including ones already due, which fire in this same call).
    int run_due();

    // Forget all pending events (power-off of the whole machine).
    void clear();

private:
    Cycles now_ = 0;
    std::uint64_t next_order_ = 0;
    TimedEvent* head_ = nullptr;
};

// Conversion between cycles and wall-clock units of *virtual* time.
struct ClockRate {
    std::uint64_t hz = 104'000'000;  // ARM946E-S core clock of the Q2686

    std::uint64_t to_ns(Cycles c) const {
        return static_cast<std::uint64_t>((static_cast<unsigned __int128>(c) * 1'000'000'000u) / hz);
    }
    Cycles from_ns(std::uint64_t ns) const {
        return static_cast<Cycles>((static_cast<unsigned __int128>(ns) * hz) / 1'000'000'000u);
    }
    double to_seconds(Cycles c) const { return static_cast<double>(c) / static_cast<double>(hz); }
};

}  // namespace q2686
