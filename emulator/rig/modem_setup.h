// ModemSetup — everything that makes one emulated modem and its world, as one value: the modem
// itself (firmware, battery, IMEI, GPRS link, entropy seed), the flash objects stored before
// power-on, and the host network (gateway, built-in TLS servers, pcap). The CLI's flags
// (cli/modem_options.h, cli/network_options.h) and the scenario YAML (scenario/scenario.h)
// both parse into it; ModemRig (rig/modem_rig.h) builds what it describes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/gateway/host_network.h"
#include "modem/q2686_modem.h"

namespace q2686 {

// One file stored as a flash object before power-on (`--flash-object TLS:0=ca.pem`).
struct FlashObjectFile {
    std::string handle;
    std::uint16_t id = 0;
    std::string path;
};

struct ModemSetup {
    ModemConfig modem;
    std::vector<FlashObjectFile> flash_objects;
    // The host network; nullopt: none (what the firmware sends never leaves the machine).
    std::optional<HostNetworkConfig> network = HostNetworkConfig{};
    // With built-in TLS servers and no TLS:0 flash object given: store their test root CA there,
    // so the modem trusts them as it would a real CA (docs/tls.md "The built-in server").
    bool trust_test_root_ca = true;
};

// "TLS:0=certs/ca.pem" → {"TLS", 0, "certs/ca.pem"}; throws InputError naming `option`.
FlashObjectFile parse_flash_object(const std::string& text, const char* option = "--flash-object");

}  // namespace q2686
