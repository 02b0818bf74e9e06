// The modem options `run` and `at` share besides the data path: flash objects preloaded
// before power-on (docs/flash-objects.md), the TRNG's seed (docs/hardware.md "TRNG"), the
// RTC crystal's drift (docs/hardware.md "RTC"), whether the host honours CTS
// (docs/hardware.md "UART1, UART2") and the SIM card (docs/hardware.md "BASEBAND").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "rig/modem_setup.h"

namespace q2686::cli {

struct ModemOptions {
    std::vector<std::string> flash_objects;  // HANDLE:ID=FILE
    std::uint64_t entropy_seed = kDefaultEntropySeed;
    std::string rtc_ppm;  // the RTC crystal's error; empty: 0 (a perfect crystal)
    bool rtscts = false;  // the host honours CTS
    std::string sim;      // ready | absent | pin=NNNN; empty: ready
};

// Returns the options it added (so a mode without a modem can exclude them).
std::vector<CLI::Option*> add_modem_options(CLI::App& command, ModemOptions& options);

// Into the setup: the seed, the RTC drift and the flash objects (parsed here, so a malformed
// --flash-object or --rtc-ppm fails before anything runs; ModemRig reads their files).
void apply_modem_options(const ModemOptions& options, ModemSetup& setup);

// A duration option ("500ms", "65s", "2h") in cycles; throws InputError naming `what`.
Cycles duration_option(const std::string& text, const char* what, const ClockRate& clock);

}  // namespace q2686::cli
