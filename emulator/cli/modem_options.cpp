#include "cli/modem_options.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <fmt/format.h>

#include "base/duration.h"
#include "base/input_error.h"

namespace q2686::cli {

std::vector<CLI::Option*> add_modem_options(CLI::App& command, ModemOptions& options) {
    const char* group = "Modem";
    std::vector<CLI::Option*> added;
    added.push_back(command
                        .add_option("--flash-object", options.flash_objects,
                                    "Store FILE as flash object HANDLE:ID before power-on (repeatable; up to 30 KiB "
                                    "each). The TLS client reads TLS:0 CA certificates, TLS:1 client certificate, "
                                    "TLS:2 client key (PEM)")
                        ->type_name("HANDLE:ID=FILE")
                        ->expected(1)  // one file per --flash-object: AT steps may follow
                        ->allow_extra_args(false)
                        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
                        ->group(group));
    added.push_back(command
                        .add_option("--entropy-seed", options.entropy_seed,
                                    "Seed of the TRNG's deterministic noise (same seed, same keys; not secure)")
                        ->capture_default_str()
                        ->group(group));
    return added;
}

FlashObjectFile parse_flash_object(const std::string& text) {
    auto bad = [&text](const std::string& why) {
        return InputError(fmt::format("--flash-object '{}': {}", text, why));
    };
    const auto equals = text.find('=');
    if (equals == std::string::npos) throw bad("expected HANDLE:ID=FILE, e.g. TLS:0=ca.pem");
    const std::string key = text.substr(0, equals);
    const auto colon = key.rfind(':');
    if (colon == std::string::npos) throw bad("expected HANDLE:ID=FILE, e.g. TLS:0=ca.pem");
    FlashObjectFile object{key.substr(0, colon), 0, text.substr(equals + 1)};
    if (!valid_flash_object_handle(object.handle))
        throw bad(fmt::format("the handle must have 1..{} characters", FLASHOBJ_HANDLE_MAX));
    const std::string id = key.substr(colon + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), value);
    if (id.empty() || ec != std::errc{} || end != id.data() + id.size() || value >= FLASHOBJ_ID_ALL)
        throw bad("the ID must be a number 0..65534");
    object.id = static_cast<std::uint16_t>(value);
    if (object.path.empty()) throw bad("no file after '='");
    return object;
}

void apply_modem_options(const ModemOptions& options, ModemConfig& config) {
    config.entropy_seed = options.entropy_seed;
    for (const std::string& text : options.flash_objects) parse_flash_object(text);  // fail before anything runs
}

void preload_flash_objects(const ModemOptions& options, Q2686Modem& modem) {
    for (const std::string& text : options.flash_objects) {
        const FlashObjectFile object = parse_flash_object(text);
        std::ifstream file(object.path, std::ios::binary);
        if (!file)
            throw InputError(fmt::format("--flash-object {}:{}: cannot read {}: {}", object.handle, object.id,
                                         object.path, std::strerror(errno)));
        const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
        if (bytes.empty() || bytes.size() > FLASHOBJ_MAX_SIZE)
            throw InputError(fmt::format("--flash-object {}:{}: {} has {} bytes; a flash object holds 1..{}",
                                         object.handle, object.id, object.path, bytes.size(), FLASHOBJ_MAX_SIZE));
        try {
            modem.flash_objects().store(object.handle, object.id, bytes);
        } catch (const std::length_error& e) {
            throw InputError(fmt::format("--flash-object {}:{}: {}", object.handle, object.id, e.what()));
        }
    }
}

Cycles duration_option(const std::string& text, const char* what, const ClockRate& clock) {
    const auto ns = parse_duration_ns(text);
    if (!ns) throw InputError(fmt::format("{} '{}': expected a duration like 500ms, 65s, 2h, 400d", what, text));
    return clock.from_ns(*ns);
}

}  // namespace q2686::cli
