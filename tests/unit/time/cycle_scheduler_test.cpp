#include "time/cycle_scheduler.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

using namespace q2686;

namespace {
struct Recorder {
    std::vector<std::string> fired;
    std::vector<Cycles> lateness;
};
struct NamedEvent {
    TimedEvent event;
    Recorder* recorder = nullptr;
};
void record(void* context, Cycles late) {
    auto* self = static_cast<NamedEvent*>(context);
    self->recorder->fired.push_back(self->event.name);
    self->recorder->lateness.push_back(late);
}
NamedEvent make(const char* name, Recorder& recorder, int priority = 0) {
    NamedEvent e;
    e.event.name = name;
    e.event.priority = priority;
    e.event.callback = record;
    e.recorder = &recorder;
    return e;
}
}  // namespace

TEST(CycleScheduler, FiresEventsInDueOrder) {
    CycleScheduler s;
    Recorder r;
    auto a = make("a", r), b = make("b", r), c = make("c", r);
    a.event.context = &a;
    b.event.context = &b;
    c.event.context = &c;
    s.schedule_at(b.event, 200);
    s.schedule_at(c.event, 300);
    s.schedule_at(a.event, 100);
    EXPECT_EQ(s.next_due(), 100u);
    s.advance_to(250);
    EXPECT_EQ(s.run_due(), 2);
    EXPECT_EQ(r.fired, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(r.lateness, (std::vector<Cycles>{150, 50}));
    EXPECT_EQ(s.next_due(), 300u);
}

TEST(CycleScheduler, TiesBreakByPriorityThenSchedulingOrder) {
    CycleScheduler s;
    Recorder r;
    auto first = make("first", r), second = make("second", r), urgent = make("urgent", r, -1);
    first.event.context = &first;
    second.event.context = &second;
    urgent.event.context = &urgent;
    s.schedule_at(first.event, 10);
    s.schedule_at(second.event, 10);
    s.schedule_at(urgent.event, 10);
    s.advance_to(10);
    s.run_due();
    EXPECT_EQ(r.fired, (std::vector<std::string>{"urgent", "first", "second"}));
}

TEST(CycleScheduler, CancelledEventNeverFires) {
    CycleScheduler s;
    Recorder r;
    auto a = make("a", r);
    a.event.context = &a;
    s.schedule_in(a.event, 5);
    s.cancel(a.event);
    EXPECT_EQ(s.next_due(), kNever);
    s.advance(100);
    EXPECT_EQ(s.run_due(), 0);
    EXPECT_TRUE(r.fired.empty());
}

TEST(CycleScheduler, ReschedulingMovesTheEvent) {
    CycleScheduler s;
    Recorder r;
    auto a = make("a", r);
    a.event.context = &a;
    s.schedule_at(a.event, 50);
    s.schedule_at(a.event, 20);
    EXPECT_EQ(s.next_due(), 20u);
    s.advance_to(60);
    EXPECT_EQ(s.run_due(), 1);  // once, not twice
}

TEST(CycleScheduler, PeriodicEventReschedulesWithoutDrift) {
    // A 1000-cycle tick that fires late keeps its phase by subtracting the lateness.
    struct Tick {
        TimedEvent event;
        CycleScheduler* s;
        std::vector<Cycles> due;
    } tick;
    CycleScheduler s;
    tick.s = &s;
    tick.event.context = &tick;
    tick.event.callback = [](void* ctx, Cycles late) {
        auto* t = static_cast<Tick*>(ctx);
        t->due.push_back(t->s->now() - late);
        t->s->schedule_in(t->event, 1000 - late);
    };
    s.schedule_at(tick.event, 1000);
    for (Cycles now : {1003u, 2500u, 3001u, 4000u}) {
        s.advance_to(now);
        s.run_due();
    }
    EXPECT_EQ(tick.due, (std::vector<Cycles>{1000, 2000, 3000, 4000}));
}

TEST(ClockRate, ConvertsCyclesAndNanosecondsExactly) {
    ClockRate clock;  // 104 MHz
    EXPECT_EQ(clock.from_ns(1'000'000'000), 104'000'000u);
    EXPECT_EQ(clock.to_ns(104'000'000), 1'000'000'000u);
    EXPECT_EQ(clock.to_ns(104), 1000u);
    // 400 days do not overflow.
    const std::uint64_t ns = 400ull * 86400 * 1'000'000'000;
    EXPECT_EQ(clock.to_ns(clock.from_ns(ns)), ns);
}

namespace {
struct Device {
    TimedEvent expiry, poll;
    std::vector<Cycles> late;
    int polls = 0;
    void on_expiry(Cycles how_late) { late.push_back(how_late); }
    void on_poll() { ++polls; }
};
}  // namespace

TEST(CycleScheduler, BindCallsAMemberFunctionWithOrWithoutTheLateness) {
    CycleScheduler s;
    Device d;
    d.expiry.bind<&Device::on_expiry>(&d, "dev-expiry");
    d.poll.bind<&Device::on_poll>(&d, "dev-poll");
    EXPECT_STREQ(d.expiry.name, "dev-expiry");
    s.schedule_at(d.expiry, 10);
    s.schedule_at(d.poll, 12);
    s.advance(15);
    EXPECT_EQ(s.run_due(), 2);
    EXPECT_EQ(d.late, std::vector<Cycles>{5});
    EXPECT_EQ(d.polls, 1);
}
