// The data-path options `run` and `at` share: the GPRS link's conditions, the host gateway's
// name map and allow-list, and the packet capture. docs/network.md explains each.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "host/gateway/host_network.h"
#include "rig/modem_setup.h"
#include "gsm/gprs_link.h"
#include "time/cycle_scheduler.h"

namespace q2686::cli {

struct NetworkOptions {
    std::string pcap;
    std::vector<std::string> hosts;  // NAME[:PORT]=ADDR[:PORT]
    std::vector<std::string> allow;  // ADDR[/PREFIX][:PORT]
    std::string latency = "150ms";   // one way
    std::string jitter = "20ms";
    std::string loss = "0%";
    std::uint64_t link_seed = 1;
    std::vector<std::string> tls_servers;  // tls/server/tls_server_spec.h
    std::string pki_cache;                 // empty: TestPki::default_cache_dir()
    std::string network_utc = "now";       // the network's true UTC at start: "now" or ISO 8601 UTC
};

// Returns the options it added (so a mode without a modem can exclude them).
std::vector<CLI::Option*> add_network_options(CLI::App& command, NetworkOptions& options);

// Both throw InputError naming the option and the bad value.
GprsLinkConfig link_config(const NetworkOptions& options);
HostNetworkConfig host_network_config(const NetworkOptions& options);
// --network-utc: "now" → the host's clock; "2026-03-15T09:00:00Z" → that instant. Throws
// InputError naming the option.
std::int64_t network_utc(const NetworkOptions& options);
// Into the setup: the GPRS link's conditions, the network's UTC and the host network.
void apply_network_options(const NetworkOptions& options, ModemSetup& setup);

// The host's clock (UTC seconds since 1970) for the TLS dissector's AT+CCLK example: what a
// user at this host should set (host_network_config fills it in).
std::int64_t host_clock();

// "20%", "0.2" → 0.2; nullopt unless 0..100 % / 0..1.
std::optional<double> parse_loss(const std::string& text);

// Help text for the footers of `run` and `at`.
extern const char* const kNetworkHelp;

}  // namespace q2686::cli
