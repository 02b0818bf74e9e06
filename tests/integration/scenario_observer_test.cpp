// A front end watching a scenario run (scenario/run_observer.h, the GUI's Scenario panel): it
// is told of the modem, every step's start and end and the result, and serving its own loop
// from the AT session's slice hook does not change the run — the trace hash is the one of the
// plain headless run.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "modem/at_session.h"
#include "scenario/run_observer.h"
#include "scenario/scenario_executor.h"
#include "scenario/scenario_loader.h"
#include "tls/server/test_pki.h"

namespace q2686::scenario {
namespace {

const char* const kBadClock =
    "name: lost clock, then set\n"
    "modem: {battery: false}\n"
    "server:\n"
    "  host: api.example.com\n"
    "  cert: {not_before: 2025-01-01, not_after: 2027-01-01, issuer: ca}\n"
    "steps:\n"
    "  - power: on\n"
    "  - send: 'AT+CCLK?'\n"
    "  - expect: '+CCLK: \"98/01/01'\n"
    "  - tls-connect: {verify: always}\n"
    "  - expect-tls: {outcome: not-yet-valid, within: 60s}\n"
    "  - repeat:\n"
    "      times: 2\n"
    "      steps:\n"
    "        - wait: 1s\n"
    "  - expect: never-sent\n"
    "    within: 1s\n"
    "  - send: AT\n";

struct Watcher : RunObserver {
    Cycles slice = 0;
    int slices = 0, starts = 0, finishes = 0;
    std::vector<std::string> events;
    void started(Q2686Modem&, AtSession& session, HostNetwork&) override {
        ++starts;
        if (slice)
            session.set_slice_hook([this] {
                ++slices;
                return slice;
            });
    }
    void step_started(const std::string& label, int line, double) override {
        events.push_back("start " + label + " @" + std::to_string(line));
    }
    void step_finished(const StepResult& step, const StepFailure* failure) override {
        events.push_back(std::string(to_string(step.status)) + " " + step.label +
                         (failure ? ": " + failure->message : ""));
    }
    void finishing(const ScenarioResult&) override { ++finishes; }
};

ScenarioResult run(const Scenario& scenario, RunObserver* observer) {
    RunOptions options;
    options.default_firmware = Q2686_APP_IMAGE;
    options.pki_cache = TestPki::default_cache_dir();
    options.observer = observer;
    return run_scenario(scenario, options);
}

TEST(ScenarioObserver, SlicedWatchedRunHasThePlainRunsTraceAndEveryStep) {
    const Scenario scenario = load_scenario_text(kBadClock, "bad_clock.yaml", ".");
    const ScenarioResult plain = run(scenario, nullptr);
    Watcher watcher;
    watcher.slice = ClockRate{}.from_ns(1'000'000);  // 1 ms, as the GUI paced at real time
    const ScenarioResult watched = run(scenario, &watcher);
    ASSERT_FALSE(plain.passed);  // `expect: never-sent` fails, `send: AT` is skipped
    EXPECT_EQ(watched.trace_hash, plain.trace_hash);
    EXPECT_EQ(watched.trace_events, plain.trace_events);
    EXPECT_EQ(watcher.starts, 1);
    EXPECT_EQ(watcher.finishes, 1);
    EXPECT_GT(watcher.slices, 2000) << "3 s of waits alone are 3000 slices of 1 ms";
    const std::vector<std::string> expected = {"start power: on @7",
                                               "passed power: on",
                                               "start send: AT+CCLK? @8",
                                               "passed send: AT+CCLK?",
                                               "start expect: +CCLK: \"98/01/01 @9",
                                               "passed expect: +CCLK: \"98/01/01",
                                               "start tls-connect @10",
                                               "passed tls-connect",
                                               "start expect-tls: not-yet-valid @11",
                                               "passed expect-tls: not-yet-valid",
                                               "start repeat 1/2: wait: 1s @15",
                                               "passed repeat 1/2: wait: 1s",
                                               "start repeat 2/2: wait: 1s @15",
                                               "passed repeat 2/2: wait: 1s",
                                               "start expect: never-sent @16",
                                               "failed expect: never-sent: " + plain.failure->message,
                                               "skipped send: AT"};
    EXPECT_EQ(watcher.events, expected);
}

// The observer may abandon the run from the hook (the GUI closing): the run ends with that
// error, the observer still sees the end, and nothing else runs.
TEST(ScenarioObserver, AHookThatThrowsAbandonsTheRunWithItsMessage) {
    const Scenario scenario = load_scenario_text(kBadClock, "bad_clock.yaml", ".");
    struct Quitter : Watcher {
        void started(Q2686Modem&, AtSession& session, HostNetwork&) override {
            ++starts;
            session.set_slice_hook([this]() -> Cycles {
                if (++slices > 50) throw std::runtime_error("abandoned");
                return ClockRate{}.from_ns(1'000'000);
            });
        }
    } quitter;
    const ScenarioResult result = run(scenario, &quitter);
    EXPECT_FALSE(result.passed);
    EXPECT_EQ(result.error, "abandoned");
    EXPECT_EQ(quitter.finishes, 1);
    EXPECT_EQ(quitter.slices, 51);
}

}  // namespace
}  // namespace q2686::scenario
