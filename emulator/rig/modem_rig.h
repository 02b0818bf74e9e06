// ModemRig — the one place that assembles a modem: it builds the Q2686Modem a ModemSetup
// describes, stores its flash objects, starts its host network and opens the AT session, in
// the order their lifetimes need (the network and the session refer to the modem, so they are
// destroyed first). Every front end — `run`, `at`, `demo`, `fuzz-at`, `bench`, the scenario
// runner, the GUI — gets its modem from here.
#pragma once

#include <functional>
#include <memory>

#include "base/event_log.h"
#include "modem/at_session.h"
#include "rig/modem_setup.h"

namespace q2686 {

// What a front end adds while the rig is built; every member is optional.
struct RigHooks {
    // Sees the modem's events from the first one on (a trace).
    EventLog::Subscriber observer;
    // After the modem, before its host network: e.g. a scenario's servers, which log to the
    // modem's event log, add their gateway mappings (in-process services) to the network's config.
    std::function<void(Q2686Modem&, HostNetworkConfig&)> before_network;
    // Once the host network runs.
    std::function<void(HostNetwork&)> after_network;
};

class ModemRig {
public:
    // Throws InputError for what the user can fix: a firmware or flash-object file that cannot
    // be read or is the wrong size, a pcap file that cannot be created, a PKI that cannot be
    // made.
    explicit ModemRig(ModemSetup setup, RigHooks hooks = {});
    ModemRig(const ModemRig&) = delete;
    ModemRig& operator=(const ModemRig&) = delete;
    ~ModemRig();

    Q2686Modem& modem() { return *modem_; }
    const Q2686Modem& modem() const { return *modem_; }
    AtSession& session() { return *session_; }
    // nullptr when the setup had no host network.
    HostNetwork* network() { return network_.get(); }
    const ModemSetup& setup() const { return setup_; }

private:
    ModemSetup setup_;
    std::unique_ptr<Q2686Modem> modem_;
    std::unique_ptr<HostNetwork> network_;
    std::unique_ptr<AtSession> session_;
};

}  // namespace q2686
