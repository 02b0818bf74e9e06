#include "cli/modem_options.h"

#include <fmt/format.h>

#include "base/duration.h"
#include "base/input_error.h"
#include "base/ppm.h"
#include "cli/cli_checks.h"

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
                        ->transform(whole_number())
                        ->group(group));
    added.push_back(command
                        .add_option("--rtc-ppm", options.rtc_ppm,
                                    "The RTC's 32.768 kHz crystal error in ppm, -500..500 (up to 3 decimals; "
                                    "positive: the clock runs fast, +20 gains 51.84 s in 30 days). Default 0")
                        ->type_name("PPM")
                        ->group(group));
    added.push_back(command
                        .add_flag("--rtscts", options.rtscts,
                                  "The host honours the modem's CTS (RTS/CTS flow control, AT+IFC): it waits while "
                                  "the modem's receive buffer is full instead of overrunning it")
                        ->group(group));
    added.push_back(command
                        .add_option("--sim", options.sim,
                                    "The SIM card in the holder: ready (default; no PIN), absent, or pin=NNNN (4-8 "
                                    "digits: the modem waits for AT+CPIN=NNNN before it registers)")
                        ->type_name("ready|absent|pin=NNNN")
                        ->group(group));
    return added;
}

void apply_modem_options(const ModemOptions& options, ModemSetup& setup) {
    setup.modem.entropy_seed = options.entropy_seed;
    if (!options.rtc_ppm.empty()) {
        const auto ppb = parse_ppm_as_ppb(options.rtc_ppm);
        if (!ppb || *ppb < -Rtc::kMaxDriftPpb || *ppb > Rtc::kMaxDriftPpb)
            throw InputError(fmt::format("--rtc-ppm '{}': expected the crystal's error in ppm, -500..500 with up to 3 "
                                         "decimals, like 20 or -3.5",
                                         options.rtc_ppm));
        setup.modem.rtc_drift_ppb = *ppb;
    }
    setup.modem.at_host_honours_cts = options.rtscts;
    if (!options.sim.empty()) {
        const auto card = parse_sim_card(options.sim);
        if (!card)
            throw InputError(
                fmt::format("--sim '{}': expected ready, absent or pin=NNNN (4 to 8 digits)", options.sim));
        setup.modem.sim = *card;
    }
    for (const std::string& text : options.flash_objects) setup.flash_objects.push_back(parse_flash_object(text));
}

Cycles duration_option(const std::string& text, const char* what, const ClockRate& clock) {
    const auto ns = parse_duration_ns(text);
    if (!ns) throw InputError(fmt::format("{} '{}': expected a duration like 500ms, 65s, 2h, 400d", what, text));
    return clock.from_ns(*ns);
}

}  // namespace q2686::cli
