// The executor's state while one scenario runs (scenario_executor.cpp: setup and the plain
// steps; executor_tls.cpp: the bearer, tls-connect and expect-tls; executor_controls.cpp:
// network, servers and flash credentials). Private to scenario/.
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host/gateway/host_network.h"
#include "modem/at_session.h"
#include "modem/q2686_modem.h"
#include "rig/modem_rig.h"
#include "scenario/scenario.h"
#include "scenario/scenario_executor.h"
#include "scenario/scenario_servers.h"
#include "scenario/trace_writer.h"

namespace q2686::scenario {

// Thrown by a step that did not get what it expected; caught by the step loop.
struct StepFailed {
    std::string message;
    std::string expected;
};

struct ReceivedLine {
    Cycles when = 0;
    std::string text;
};

class Executor {
public:
    Executor(const Scenario& scenario, const RunOptions& options);
    ScenarioResult run();

private:
    void setup();
    void run_steps(const std::vector<Step>& steps, const std::string& prefix);
    void run_step(const Step& step);
    void power_on();
    void power_off();
    void send(const Step& step);
    AtReply command(const std::string& text, Cycles timeout);
    void expect(const Step& step, bool negative);
    std::string already_consumed(const Step& step) const;  // "" or why a matching line did not count
    void apply_network(const NetworkSettings& n);
    void apply_servers(const Step& step);
    void store_trust();
    // Runs until `done` or `timeout` (cut at the scenario's deadline); false on timeout.
    bool wait_until(Cycles timeout, const std::function<bool()>& done);
    void wait(Cycles duration);
    Cycles bounded(Cycles timeout) const;
    void require_power(const Step& step) const;
    void track_command(const std::string& command, const AtReply& reply);

    // executor_tls.cpp
    void tls_connect(const Step& step);
    void expect_tls(const Step& step);
    bool bring_bearer_up();
    // executor_tls_window.cpp
    void tls_window(const Step& step);

    const Scenario& scenario_;
    const RunOptions& options_;
    ClockRate clock_;
    ScenarioResult result_;
    TraceWriter trace_;
    std::unique_ptr<ScenarioServers> servers_;  // outlives the rig, whose gateway serves them
    std::unique_ptr<ModemRig> rig_;
    Q2686Modem* modem_ = nullptr;  // the rig's, for the run's length
    HostNetwork* network_ = nullptr;
    AtSession* session_ = nullptr;
    Cycles deadline_ = 0;

    std::vector<ReceivedLine> lines_;  // every line the modem sent on the AT port
    std::deque<std::string> recent_;   // the last AT lines both ways, for failure reports
    std::size_t cursor_ = 0;           // first line `expect` may match
    // Lines an expect matched (index in lines_) and that expect's line in the file: a later
    // expect that finds nothing but such a line says so.
    std::vector<std::pair<std::size_t, int>> consumed_;
    std::size_t tls_cursor_ = 0;  // first line of the running TLS request
    bool tls_requested_ = false;
    std::optional<std::string> tls_synthetic_;  // the bearer failed: no AT+TLSGET was sent
    std::string last_tls_verdict_;
    bool stack_up_ = false;     // AT+WIPCFG=1 done since power-on
    bool bearer_open_ = false;  // AT+WIPBR=1,6 done (and its APN set), not closed since
    bool bearer_up_ = false;    // AT+WIPBR=4,6,0 done and not lost since
};

}  // namespace q2686::scenario
