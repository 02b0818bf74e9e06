// ScenarioServers — the TLS servers one scenario's modem can reach, and how `server:` steps
// change them mid-run.
//
// The gateway's name map is fixed when the host network starts, so every host:port the scenario
// ever names (Scenario::server_slots) gets its mapping up front: a built-in server's slot points
// at one loopback port for the whole run, an external one at the address the file gives. A
// `server:` step then replaces the built-in server behind a slot (new certificate, versions,
// behaviour) by closing it and listening again on the same port, so the modem's DNS answer and
// the gateway's NAT stay valid; a slot whose first server appears only in a later step is
// closed (connections refused) until then.
//
// Trust: the modem's flash object TLS:0 gets the test PKI's root (when any built-in server
// exists) followed by the external servers' CAs — flash objects change only while the modem is
// off, so a step that brings a new CA needs the modem off (the executor checks). When any
// built-in server asks for a client certificate (client-auth), TLS:1 and TLS:2 get the test
// PKI's client certificate and key, as a device provisioned for that server would hold them.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "host/gateway/host_network.h"
#include "scenario/scenario.h"

namespace q2686::scenario {

class ScenarioServers {
public:
    // Makes the certificates (TestPki in `pki_cache`) and binds the built-in servers' ports.
    // Throws std::runtime_error when openssl or a socket fails.
    ScenarioServers(const Scenario& scenario, std::filesystem::path pki_cache, ClockRate clock, EventLog& events);
    ~ScenarioServers();
    ScenarioServers(const ScenarioServers&) = delete;
    ScenarioServers& operator=(const ScenarioServers&) = delete;

    // The gateway mappings and allow rules for every slot, added to `config`.
    void configure(HostNetworkConfig& config) const;
    // After the HostNetwork exists: the gateway polls the built-in servers from now on.
    void attach(HostNetwork& network);
    // Puts `server` behind its slot (the start's servers, a `server:` step).
    void apply(const ServerSettings& server);
    // The PEM text TLS:0 should hold with the servers applied so far; empty: none.
    std::string trust_pem() const;
    // With a built-in server that asks for a client certificate: the test PKI's client
    // certificate and key (flash objects TLS:1 and TLS:2); empty otherwise.
    const std::string& client_certificate_pem() const { return client_cert_pem_; }
    const std::string& client_key_pem() const { return client_key_pem_; }
    // The slot a tls-connect without host: uses (the first server), nullptr without servers.
    const ServerSettings* default_server() const;

private:
    struct Slot;
    std::filesystem::path pki_cache_;
    ClockRate clock_;
    EventLog& events_;
    std::vector<std::unique_ptr<Slot>> slots_;
    std::string root_pem_;
    std::string client_cert_pem_, client_key_pem_;
    std::vector<std::string> external_cas_;
};

}  // namespace q2686::scenario
