// ScenarioServers — the TLS servers one scenario's modem can reach, and how `server:` steps
// change them mid-run.
//
// The gateway's name map is fixed when the host network starts, so every host:port the scenario
// ever names (Scenario::server_slots) gets its mapping up front: a built-in server's slot is an
// in-process service of the gateway (tls/server/gateway_service.h) for the whole run, an external
// one the address the file gives. A `server:` step then replaces the built-in server behind a
// slot (new certificate, versions, behaviour) — its open connections are reset — so the modem's
// DNS answer stays valid; a slot whose first server appears only in a later step refuses
// connections (a reset to the SYN) until then.
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
    // Makes the certificates (TestPki in `pki_cache`) and the start's built-in servers.
    // Throws std::runtime_error when openssl or wolfSSL fails.
    ScenarioServers(const Scenario& scenario, std::filesystem::path pki_cache, ClockRate clock, EventLog& events);
    ~ScenarioServers();
    ScenarioServers(const ScenarioServers&) = delete;
    ScenarioServers& operator=(const ScenarioServers&) = delete;

    // The gateway mappings and allow rules for every slot, added to `config`; a built-in slot is
    // mapped to itself as an in-process service, so this object must outlive the host network.
    void configure(HostNetworkConfig& config) const;
    // Puts `server` behind its slot (the start's servers, a `server:` step at virtual time `now`).
    void apply(const ServerSettings& server, Cycles now);
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
