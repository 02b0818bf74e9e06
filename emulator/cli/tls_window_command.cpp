// `q2686emu tls-window`: the exact RTC interval in which the modem's firmware accepts a server's
// chain — the intersection of the validity periods of the chain the server sends and of the
// trust anchors (--ca, flash object TLS:0) it leads to — with each bound proved by the
// firmware's own handshake on a fresh modem (rig/tls_window_sweep.h; docs/tls.md "The validity
// window"). Optionally: when a device whose RTC drifts P ppm since a sync leaves the window.
// Exit 0 when every proof holds, 1 when one does not (or the window is empty), 2 bad options.
#include <arpa/inet.h>
#include <netdb.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli_checks.h"
#include "cli/commands.h"
#include "rig/tls_window_sweep.h"
#include "tls/dissector/pem_certificates.h"
#include "tls/dissector/validity_window.h"

namespace q2686::cli {

namespace {

struct WindowOptions {
    std::string server;
    std::string ca;
    std::string hostname;
    std::string firmware;
    bool json = false;
    std::optional<double> drift_ppm;
    std::string synced_at;
};

constexpr const char* kCommand = "tls-window";

// --server builtin:SPEC | HOST:PORT.
TlsWindowTarget target_of(const WindowOptions& options) {
    TlsWindowTarget target;
    std::ifstream file(options.ca, std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    target.ca_pem = text.str();
    if (read_pem_certificates(target.ca_pem).empty())
        throw InputError(fmt::format("--ca {}: no PEM certificate (-----BEGIN CERTIFICATE-----) in it", options.ca));
    target.firmware = options.firmware.empty() ? default_firmware() : options.firmware;
    if (options.server.starts_with("builtin:")) {
        try {
            target.builtin = parse_tls_server_spec(options.server.substr(8));
        } catch (const std::invalid_argument& e) {
            throw UsageError(kCommand, fmt::format("--server {}: {}", options.server, e.what()));
        }
        target.hostname = options.hostname.empty() ? target.builtin->name : options.hostname;
        target.port = target.builtin->port;
        return target;
    }
    const std::size_t colon = options.server.rfind(':');
    const std::string host = colon == std::string::npos ? "" : options.server.substr(0, colon);
    const std::string port = colon == std::string::npos ? "" : options.server.substr(colon + 1);
    unsigned long port_number = 0;
    if (!host.empty() && !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos)
        port_number = std::stoul(port);
    if (port_number < 1 || port_number > 65535)
        throw UsageError(kCommand, fmt::format("--server {}: expected builtin:NAME[,KEY=VALUE...] or HOST:PORT "
                                               "(PORT 1..65535)",
                                               options.server));
    addrinfo hints{};
    hints.ai_family = AF_INET;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found)
        throw InputError(fmt::format("--server {}: cannot resolve {} to an IPv4 address", options.server, host));
    target.host_address = ntohl(reinterpret_cast<const sockaddr_in*>(found->ai_addr)->sin_addr.s_addr);
    ::freeaddrinfo(found);
    target.host_port = static_cast<std::uint16_t>(port_number);
    target.hostname = options.hostname.empty() ? host : options.hostname;
    target.port = 443;
    return target;
}

std::string cclk_text(std::int64_t utc) {
    return cclk_of_utc(utc);
}

nlohmann::json bound_json(const WindowBound& bound) {
    return {{"at", format_utc(bound.at)}, {"depth", bound.depth}, {"cn", bound.cn}, {"anchor", bound.anchor}};
}

nlohmann::json report_json(const WindowOptions& options, const TlsWindowTarget& target, const TlsWindowReport& report,
                           const std::optional<DriftExit>& drift, const std::optional<std::int64_t>& synced_at) {
    nlohmann::json json;
    json["server"] = options.server;
    json["hostname"] = target.hostname;
    json["ca"] = options.ca;
    nlohmann::json chain = nlohmann::json::array();
    if (report.window)
        for (std::size_t depth = 0; depth < report.window->considered.size(); ++depth) {
            const CertificateInfo& c = report.window->considered[depth];
            chain.push_back({{"depth", depth},
                             {"cn", c.subject_cn},
                             {"subject", c.subject},
                             {"issuer", c.issuer},
                             {"not_before", format_utc(c.not_before)},
                             {"not_after", format_utc(c.not_after)},
                             {"anchor", depth >= report.window->anchors_from}});
        }
    json["chain"] = chain;
    if (report.window && !report.window->empty()) {
        const ValidityWindow& w = *report.window;
        json["window"] = {{"first", format_utc(w.first)},     {"last", format_utc(w.last)},
                          {"first_cclk", cclk_text(w.first)}, {"last_cclk", cclk_text(w.last)},
                          {"begins", bound_json(w.begins)},   {"ends", bound_json(w.ends)},
                          {"clipped_first", w.clipped_first}, {"clipped_last", w.clipped_last}};
    } else {
        json["window"] = nullptr;
    }
    json["seconds_to_check"] = report.seconds_to_check;
    nlohmann::json proofs = nlohmann::json::array();
    for (const TlsWindowProof& p : report.proofs) {
        nlohmann::json proof = {{"what", p.what},       {"expected", p.expected}, {"outcome", p.outcome},
                                {"holds", p.holds},     {"line", p.line},         {"cn", p.cn}};
        proof["at"] = p.at ? nlohmann::json(format_utc(*p.at)) : nlohmann::json(nullptr);
        proof["rtc"] = p.rtc ? nlohmann::json(format_utc(*p.rtc)) : nlohmann::json(nullptr);
        proof["depth"] = p.depth ? nlohmann::json(*p.depth) : nlohmann::json(nullptr);
        proofs.push_back(proof);
    }
    json["proofs"] = proofs;
    if (options.drift_ppm) {
        json["drift"] = {{"ppm", *options.drift_ppm}, {"synced_at", format_utc(*synced_at)}};
        if (drift) {
            json["drift"]["leaves_at"] = format_utc(drift->true_instant);
            json["drift"]["rtc_reads"] = format_utc(drift->rtc_reads);
        } else {
            json["drift"]["leaves_at"] = nullptr;
        }
    }
    json["proven"] = report.proven();
    return json;
}

void print_report(const TlsWindowTarget& target, const TlsWindowReport& report, const WindowOptions& options,
                  const std::optional<DriftExit>& drift, const std::optional<std::int64_t>& synced_at) {
    fmt::print("tls-window: {}:{} ({}), trust anchors {}\n", target.hostname, target.port,
               target.builtin ? "built-in server " + target.builtin->describe() : "server " + options.server,
               options.ca);
    fmt::print("certificates that bound the window (the chain as sent, seen in a TLS 1.2 discovery handshake; then "
               "the anchors it leads to):\n");
    if (report.window)
        for (std::size_t depth = 0; depth < report.window->considered.size(); ++depth) {
            const CertificateInfo& c = report.window->considered[depth];
            fmt::print("  depth {}  {}  {} .. {}{}\n", depth, c.label(), format_utc(c.not_before),
                       format_utc(c.not_after), depth >= report.window->anchors_from ? "  (trust anchor, TLS:0)" : "");
        }
    if (!report.window || report.window->empty()) {
        fmt::print("window: EMPTY — no RTC setting makes the firmware accept this chain\n");
        return;
    }
    const ValidityWindow& w = *report.window;
    fmt::print("window: {} .. {} (inclusive)\n", format_utc(w.first), format_utc(w.last));
    fmt::print("  begins: notBefore of depth {} CN={}{}{}\n", w.begins.depth, w.begins.cn,
               w.begins.anchor ? " (trust anchor)" : "", w.clipped_first ? "; clipped to the RTC's first day" : "");
    fmt::print("  ends:   notAfter of depth {} CN={}{}{}\n", w.ends.depth, w.ends.cn, w.ends.anchor ? " (trust anchor)" : "",
               w.clipped_last ? "; clipped to the RTC's last day" : "");
    fmt::print("  as AT+CCLK: \"{}\" .. \"{}\"\n", cclk_text(w.first), cclk_text(w.last));
    fmt::print("proofs (each a fresh modem; the firmware checks {} s after AT+CCLK):\n", report.seconds_to_check);
    for (const TlsWindowProof& p : report.proofs) {
        std::string verdict = p.outcome;
        if (p.depth) verdict += fmt::format(" depth={} cn={}", *p.depth, p.cn);
        if (p.rtc && !p.at) verdict += fmt::format(" rtc={}", format_utc(*p.rtc));
        fmt::print("  {:<17} {:<21} {:<60} expected {:<14} {}\n", p.what, p.at ? format_utc(*p.at) : "98/01/01 (no CCLK)",
                   verdict, p.expected, p.holds ? "holds" : "DOES NOT HOLD");
    }
    if (options.drift_ppm) {
        if (drift)
            fmt::print("drift: an RTC synced at {} and drifting {:+g} ppm reads {} at {}: the modem refuses the chain "
                       "(expired) from then on\n",
                       format_utc(*synced_at), *options.drift_ppm, format_utc(drift->rtc_reads),
                       format_utc(drift->true_instant));
        else
            fmt::print("drift: the sync instant {} is outside the window\n", format_utc(*synced_at));
    }
    fmt::print("tls-window: {}\n", report.proven() ? "every bound proven by the firmware" : "NOT PROVEN (see above)");
}

int run_window(const WindowOptions& options) {
    if (options.drift_ppm.has_value() != !options.synced_at.empty())
        throw UsageError(kCommand, "--drift-ppm and --synced-at go together");
    std::optional<std::int64_t> synced_at;
    if (!options.synced_at.empty()) {
        synced_at = parse_utc(options.synced_at);
        if (!synced_at)
            throw UsageError(kCommand, fmt::format("--synced-at {}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)",
                                                   options.synced_at));
    }
    if (options.drift_ppm && (*options.drift_ppm <= -1e6 || *options.drift_ppm >= 1e6))
        throw UsageError(kCommand, "--drift-ppm must be between -1000000 and 1000000 (exclusive)");
    check_input_file(options.ca, "--ca");
    if (!options.firmware.empty()) check_input_file(options.firmware, "--firmware");
    const TlsWindowTarget target = target_of(options);
    TlsWindowReport report;
    try {
        report = sweep_tls_window(target, [&](const std::string& line) {
            if (!options.json) fmt::print(stderr, "tls-window: {}\n", line);
        });
    } catch (const InputError&) {
        throw;
    } catch (const std::runtime_error& e) {
        // The sweep could not run: the server did not speak TLS 1.2, did not answer, the modem
        // did not start. The emulated run failed (exit 1), not the command line.
        fmt::print(stderr, "q2686emu: {}\n", e.what());
        return 1;
    }
    std::optional<DriftExit> drift;
    if (options.drift_ppm && report.window) drift = drift_exit(*report.window, *options.drift_ppm, *synced_at);
    if (options.json)
        fmt::print("{}\n", report_json(options, target, report, drift, synced_at).dump(2));
    else
        print_report(target, report, options, drift, synced_at);
    return report.proven() ? 0 : 1;
}

}  // namespace

void add_tls_window_command(CLI::App& app, Action& action) {
    auto options = std::make_shared<WindowOptions>();
    CLI::App* command = app.add_subcommand(
        "tls-window",
        "The exact RTC interval in which the modem's firmware accepts a server's certificate chain, each bound "
        "proved by the firmware's own handshake");
    command->add_option("--server", options->server,
                        "builtin:NAME[,KEY=VALUE...] (a built-in server, as --tls-server) or HOST:PORT (a real "
                        "server, which must speak TLS 1.2 for the discovery handshake)")
        ->required();
    command->add_option("--ca", options->ca, "PEM file of the trust anchors, stored as flash object TLS:0")->required();
    command->add_option("--hostname", options->hostname,
                        "The name the modem asks for (AT+TLSGET, SNI, the name check); default: the server's name");
    command->add_flag("--json", options->json, "One JSON object on stdout instead of the text report");
    command->add_option("--drift-ppm", options->drift_ppm,
                        "With --synced-at: the RTC's drift in parts per million (positive: fast)");
    command->add_option("--synced-at", options->synced_at,
                        "With --drift-ppm: when the RTC was last right, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)");
    command->add_option("--firmware", options->firmware,
                        "Firmware ELF (default: the application firmware q2686_app.elf)");
    command->footer(
        "The window is max(notBefore) .. min(notAfter), inclusive, over the certificates the server sends and the\n"
        "trust anchors in --ca they lead to (the firmware checks the anchors' dates too), clipped to the RTC's\n"
        "range 1998..2097. The chain is read by the TLS dissector in one discovery handshake forced to TLS 1.2\n"
        "(TLS 1.3 encrypts the Certificate message). Each bound is then proved on a fresh modem with the\n"
        "firmware's default settings (AT+TLSCFG=2, any version): at first - 1 s (not-yet-valid), first and\n"
        "last (ok), last + 1 s (expired), and without AT+CCLK (the power-on default 98/01/01); each verdict is\n"
        "the firmware's, with the depth and CN it names. Exit 0 when every proof holds, 1 otherwise, 2 bad\n"
        "options. docs/tls.md \"The validity window\" explains it.");
    command->callback([&action, options] { action = [options] { return run_window(*options); }; });
}

}  // namespace q2686::cli
