#include "cli/network_options.h"

#include <charconv>
#include <ctime>
#include <stdexcept>

#include <fmt/format.h>

#include "base/duration.h"
#include "cli/cli_checks.h"
#include "base/input_error.h"
#include "gsm/network_time.h"

namespace q2686::cli {

const char* const kNetworkHelp =
    "Data path (docs/network.md): once the firmware activates a PDP context, its IP packets cross\n"
    "a GPRS link (class 10: 53.6 kbit/s down, 26.8 up; --latency one way + --jitter; --loss) to a\n"
    "gateway that NATs them to real sockets on this host with libslirp. The modem reaches:\n"
    "  10.64.0.1:PORT      this host's 127.0.0.1:PORT\n"
    "  names from --host   e.g. --host api.example.com:443=127.0.0.1:4433 (DNS at 10.64.0.1)\n"
    "  addresses --allow'ed, e.g. --allow 192.0.2.0/24:443; anything else gets a TCP reset.\n"
    "--tls-server NAME[:PORT][,KEY=VALUE...] starts a built-in HTTPS server (host wolfSSL) reached as\n"
    "NAME:PORT (default 443), with a certificate from a test PKI made by openssl and cached; its\n"
    "root CA goes into flash object TLS:0 unless --flash-object TLS:0=... is given. Keys:\n"
    "  issuer=ca|self|unknown-ca  not-before=DATE not-after=DATE (YYYY-MM-DD; default 2024-01-01..2034-01-01)\n"
    "  cert-name=HOST  key=rsa2048|p256|p521  versions=any|1.2|1.3  client-auth\n"
    "  extra-names=N (0..2000 more DNS names: an oversize certificate chain)\n"
    "  behaviour=normal|close|reset|http|truncate|silent|garbage (hostile peers)   (docs/tls.md)\n"
    "--network-utc now|YYYY-MM-DDTHH:MM:SSZ is the network's true UTC when the modem starts (default:\n"
    "this host's clock); its NITZ message after registration carries it (docs/network.md).\n"
    "--pcap FILE records every packet at the modem's antenna, stamped with virtual time\n"
    "(tshark -r FILE shows 1970-01-01 + virtual time).";

std::optional<double> parse_loss(const std::string& text) {
    if (text.empty()) return std::nullopt;
    const bool percent = text.back() == '%';
    const std::string number = percent ? text.substr(0, text.size() - 1) : text;
    double value = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc{} || end != number.data() + number.size()) return std::nullopt;
    if (percent) value /= 100.0;
    if (!(value >= 0.0 && value <= 1.0)) return std::nullopt;
    return value;
}

std::int64_t host_clock() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

namespace {
std::uint32_t milliseconds(const std::string& text, const char* option) {
    const auto ns = parse_duration_ns(text);
    if (!ns || *ns % 1'000'000 != 0 || *ns / 1'000'000 > 60'000)
        throw InputError(fmt::format("{} '{}': expected whole milliseconds up to 60s, like 150ms or 1s", option, text));
    return static_cast<std::uint32_t>(*ns / 1'000'000);
}
}  // namespace

std::vector<CLI::Option*> add_network_options(CLI::App& command, NetworkOptions& options) {
    const char* group = "Data path";
    std::vector<CLI::Option*> added;
    added.push_back(
        command.add_option("--pcap", options.pcap, "Write every IP packet of the GPRS link to this pcap file")
            ->group(group));
    added.push_back(command
                        .add_option("--host", options.hosts,
                                    "Map a host name for the firmware's DNS: NAME[:PORT]=ADDR[:PORT] (repeatable)")
                        ->allow_extra_args(false)  // one value per --host: the AT steps that follow stay steps
                        ->group(group));
    added.push_back(command
                        .add_option("--allow", options.allow,
                                    "Let the firmware reach ADDR[/PREFIX][:PORT] on the host's network (repeatable; "
                                    "default: loopback only)")
                        ->allow_extra_args(false)
                        ->group(group));
    added.push_back(command.add_option("--latency", options.latency, "GPRS link one-way latency")
                        ->capture_default_str()
                        ->group(group));
    added.push_back(command.add_option("--jitter", options.jitter, "GPRS link jitter (uniform, added per packet)")
                        ->capture_default_str()
                        ->group(group));
    added.push_back(command.add_option("--loss", options.loss, "GPRS link packet loss per direction, e.g. 20% or 0.2")
                        ->capture_default_str()
                        ->group(group));
    added.push_back(
        command
            .add_option("--link-seed", options.link_seed, "Seed of the link's loss and jitter (same seed, same run)")
            ->capture_default_str()
            ->transform(whole_number())
            ->group(group));
    added.push_back(command
                        .add_option("--tls-server", options.tls_servers,
                                    "Start a built-in HTTPS server: NAME[:PORT][,KEY=VALUE...] (repeatable; see below)")
                        ->allow_extra_args(false)
                        ->group(group));
    added.push_back(
        command
            .add_option("--pki-cache", options.pki_cache,
                        "Folder of the built-in servers' test PKI (default: $Q2686_PKI_CACHE or ~/.cache/q2686emu/pki)")
            ->group(group));
    added.push_back(command
                        .add_option("--network-utc", options.network_utc,
                                    "The network's UTC when the modem starts, for its NITZ time: now (this host's "
                                    "clock) or YYYY-MM-DDTHH:MM:SSZ")
                        ->capture_default_str()
                        ->group(group));
    return added;
}

std::int64_t network_utc(const NetworkOptions& options) {
    if (options.network_utc == "now") return host_clock();
    const auto utc = parse_utc(options.network_utc);
    if (!utc)
        throw InputError(fmt::format("--network-utc '{}': expected now or YYYY-MM-DDTHH:MM:SSZ (UTC, 1970..2099)",
                                     options.network_utc));
    return *utc;
}

GprsLinkConfig link_config(const NetworkOptions& options) {
    GprsLinkConfig config;
    config.latency_ms = milliseconds(options.latency, "--latency");
    config.jitter_ms = milliseconds(options.jitter, "--jitter");
    const auto loss = parse_loss(options.loss);
    if (!loss) throw InputError(fmt::format("--loss '{}': expected 0%..100% or 0..1", options.loss));
    config.loss = *loss;
    config.seed = options.link_seed;
    return config;
}

HostNetworkConfig host_network_config(const NetworkOptions& options) {
    HostNetworkConfig config;
    config.pcap_path = options.pcap;
    auto checked = [](const char* option, const std::string& text, auto parse) {
        try {
            return parse(text);
        } catch (const std::invalid_argument& e) {
            throw InputError(fmt::format("{} '{}': {}", option, text, e.what()));
        }
    };
    for (const std::string& host : options.hosts)
        config.gateway.hosts.push_back(checked("--host", host, parse_host_mapping));
    for (const std::string& rule : options.allow)
        config.gateway.allow.push_back(checked("--allow", rule, parse_allow_rule));
    for (const std::string& server : options.tls_servers)
        config.tls_servers.push_back(checked("--tls-server", server, parse_tls_server_spec));
    if (!options.pki_cache.empty()) config.pki_cache = options.pki_cache;
    config.host_clock = host_clock;
    return config;
}

void apply_network_options(const NetworkOptions& options, ModemSetup& setup) {
    setup.modem.link = link_config(options);
    setup.modem.network_utc = network_utc(options);
    setup.network = host_network_config(options);
}

}  // namespace q2686::cli
