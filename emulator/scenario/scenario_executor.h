// Running one loaded scenario on its own emulated modem (docs/scenarios.md "How steps run").
//
// The modem, the host network (libslirp gateway, TLS dissector, pcap) and the scenario's TLS
// servers are made fresh for each run, so a scenario never sees another's state; everything
// runs in virtual time, so a run gives the same trace (and hash) every time.
//
// Expectations read the AT lines the modem sent: `expect` searches the lines not yet matched
// (from the last `send`, or the last match, on) and then waits for new ones; a match consumes
// the lines up to it. `send` waits for the command's final result code and starts a new window,
// so `expect: OK` after a `send` is about that command. `expect-tls` reads from the last
// `tls-connect` on.
#pragma once

#include <filesystem>
#include <string>

#include "scenario/run_observer.h"
#include "scenario/scenario.h"
#include "scenario/scenario_result.h"

namespace q2686::scenario {

struct RunOptions {
    std::string default_firmware;     // used unless the scenario has firmware:
    std::filesystem::path pki_cache;  // the built-in servers' test PKI
    std::string trace_path;           // JSON lines; empty: hash only
    std::string pcap_path;            // empty: no capture
    bool progress = false;            // print the transcript as it happens (stderr)
    RunObserver* observer = nullptr;  // a front end watching the run (the GUI)
};

// Never throws for what the modem does; a server or file that fails at run time (openssl
// missing, a port that cannot be bound) ends the run with ScenarioResult::error.
ScenarioResult run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace q2686::scenario
