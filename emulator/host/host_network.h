// HostNetwork — attaches a modem's GPRS link to the host: the operator's network side of the
// link is a SlirpGateway (real sockets through libslirp), and every packet at the modem's air
// interface can go to a pcap file and through the passive TLS dissector (net/tls_dissector.h),
// whose certificate verdicts use the modem's RTC. The CLI and scenario runner create one per modem; without
// it the modem still registers and activates contexts, but its packets reach no one.
//
// Lifetime: create after the modem, destroy before it (the destructor detaches from it).
#pragma once

#include <memory>
#include <string>

#include "host/pcap_writer.h"
#include "host/slirp_gateway.h"
#include "modem/q2686_modem.h"
#include "net/tls_dissector.h"

namespace q2686 {

struct HostNetworkConfig {
    GatewayConfig gateway;
    std::string pcap_path;  // empty: no capture
    bool tls_dissector = true;  // Tls events and TlsSession records for the link's TLS connections
};

class HostNetwork {
public:
    // Throws std::runtime_error when libslirp cannot start or the pcap file cannot be created.
    HostNetwork(Q2686Modem& modem, HostNetworkConfig config);
    HostNetwork(const HostNetwork&) = delete;
    HostNetwork& operator=(const HostNetwork&) = delete;
    ~HostNetwork();

    SlirpGateway& gateway() { return *gateway_; }
    // Flushes the capture so it can be read while the modem runs (no-op without one).
    void flush_capture();
    // The TLS dissector's sessions so far; nullptr when it is off.
    const TlsDissector* tls_dissector() const { return tls_.get(); }

private:
    Q2686Modem& modem_;
    std::unique_ptr<SlirpGateway> gateway_;
    std::unique_ptr<PcapWriter> pcap_;
    std::unique_ptr<TlsDissector> tls_;
    int observer_ = 0;
    int tls_observer_ = 0;
};

}  // namespace q2686
