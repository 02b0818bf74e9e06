// The modem options `run` and `at` share besides the data path: flash objects preloaded
// before power-on (docs/flash-objects.md) and the TRNG's seed (docs/hardware.md "TRNG").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "modem/q2686_modem.h"

namespace q2686::cli {

struct ModemOptions {
    std::vector<std::string> flash_objects;  // HANDLE:ID=FILE
    std::uint64_t entropy_seed = kDefaultEntropySeed;
};

// One --flash-object, parsed.
struct FlashObjectFile {
    std::string handle;
    std::uint16_t id = 0;
    std::string path;
};

// Returns the options it added (so a mode without a modem can exclude them).
std::vector<CLI::Option*> add_modem_options(CLI::App& command, ModemOptions& options);

// "TLS:0=certs/ca.pem" → {"TLS", 0, "certs/ca.pem"}; throws InputError naming the option.
FlashObjectFile parse_flash_object(const std::string& text);

// Before the modem is made: the seed. After (still off): the flash objects, read from their
// files — a missing or unreadable file, or one of the wrong size, throws InputError naming it.
void apply_modem_options(const ModemOptions& options, ModemConfig& config);
void preload_flash_objects(const ModemOptions& options, Q2686Modem& modem);

// A duration option ("500ms", "65s", "2h") in cycles; throws InputError naming `what`.
Cycles duration_option(const std::string& text, const char* what, const ClockRate& clock);

}  // namespace q2686::cli
