// HostNetwork — attaches a modem's GPRS link to the host: the operator's network side of the
// link is a SlirpGateway (real sockets through libslirp), and every packet at the modem's air
// interface can go to a pcap file and through the passive TLS dissector (tls/dissector/tls_dissector.h),
// whose certificate verdicts use the modem's RTC. It also starts the built-in TLS servers asked
// for (tls/server/builtin_tls_server.h) and maps their names in the gateway. The CLI and scenario
// runner create one per modem; without it the modem still registers and activates contexts, but
// its packets reach no one.
//
// Lifetime: create after the modem, destroy before it (the destructor detaches from it).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "host/pcap/pcap_writer.h"
#include "host/gateway/slirp_gateway.h"
#include "modem/q2686_modem.h"
#include "tls/dissector/tls_dissector.h"
#include "tls/server/builtin_tls_server.h"
#include "tls/server/tls_server_spec.h"

namespace q2686 {

struct HostNetworkConfig {
    GatewayConfig gateway;
    std::string pcap_path;      // empty: no capture
    bool tls_dissector = true;  // Tls events and TlsSession records for the link's TLS connections
    // The host's clock (UTC seconds) the dissector quotes in its AT+CCLK fix; empty (scenarios,
    // tests): no date, so events and traces do not depend on when they were made.
    std::function<std::int64_t()> host_clock;
    std::vector<TlsServerSpec> tls_servers;                          // built-in servers, each mapped as NAME:PORT
    std::filesystem::path pki_cache = TestPki::default_cache_dir();  // their certificates
};

class HostNetwork {
public:
    // Throws std::runtime_error when libslirp cannot start, the pcap file cannot be created or a
    // built-in server cannot be made (its PKI, its socket).
    HostNetwork(Q2686Modem& modem, HostNetworkConfig config);
    HostNetwork(const HostNetwork&) = delete;
    HostNetwork& operator=(const HostNetwork&) = delete;
    ~HostNetwork();

    SlirpGateway& gateway() { return *gateway_; }
    // Flushes the capture so it can be read while the modem runs (no-op without one).
    void flush_capture();
    // The TLS dissector's sessions so far; nullptr when it is off.
    const TlsDissector* tls_dissector() const { return tls_.get(); }
    // The built-in servers, in the order of the config, and the root CA that issued their
    // certificates (what the modem should trust, flash object TLS:0); nullopt without servers.
    const std::vector<std::unique_ptr<BuiltinTlsServer>>& tls_servers() const { return tls_servers_; }
    const std::optional<std::filesystem::path>& test_root_ca() const { return test_root_ca_; }
    // With built-in servers and no flash object TLS:0 yet (the modem off, no --flash-object
    // TLS:0=...): stores their root CA there, so the modem trusts them as it would a real CA.
    // Returns true if it did.
    bool trust_test_root_ca();

private:
    void start_tls_servers(HostNetworkConfig& config);

    Q2686Modem& modem_;
    std::vector<std::unique_ptr<BuiltinTlsServer>> tls_servers_;  // outlive the gateway that serves them
    std::optional<std::filesystem::path> test_root_ca_;
    std::unique_ptr<SlirpGateway> gateway_;
    std::unique_ptr<PcapWriter> pcap_;
    std::unique_ptr<TlsDissector> tls_;
    int observer_ = 0;
    int tls_observer_ = 0;
};

}  // namespace q2686
