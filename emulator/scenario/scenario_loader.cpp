#include "scenario/scenario_loader.h"

#include <arpa/inet.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <functional>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "base/ppm.h"
#include "peripherals/rtc.h"
#include "gsm/network_time.h"
#include "time/rtc_calendar.h"

namespace q2686::scenario {

namespace fs = std::filesystem;

namespace {

std::string resolve_path(const std::string& folder, const std::string& path) {
    if (path.empty() || fs::path(path).is_absolute() || folder.empty()) return path;
    return (fs::path(folder) / path).lexically_normal().string();
}

// A file the scenario names must be readable now: a run that would fail half-way because of a
// typo in a path is exactly what exit status 2 is for.
std::string readable_file(const YamlReader& yaml, const YAML::Node& node, const std::string& folder,
                          std::string_view what) {
    const std::string path = resolve_path(folder, yaml.string(node, what));
    std::ifstream in(path, std::ios::binary);
    if (!in) yaml.fail(node, fmt::format("{}: cannot read {}: {}", what, path, std::strerror(errno)));
    return path;
}

// Checks one KEY=VALUE of the built-in server with the same parser --tls-server uses, so the
// two spellings accept exactly the same values; the error points at the value.
std::string server_option(const YamlReader& yaml, const YAML::Node& node, const std::string& key) {
    const std::string value = yaml.string(node, key);
    try {
        parse_tls_server_spec("check.example," + key + "=" + value);
    } catch (const std::invalid_argument& e) {
        yaml.fail(node, fmt::format("server {}: {}", key, e.what()));
    }
    return "," + key + "=" + value;
}

}  // namespace

ServerSettings load_server(const YamlReader& yaml, const YAML::Node& node, const std::string& folder) {
    yaml.check_map(node, "server",
                   {"host", "port", "cert", "hostname", "versions", "behaviour", "client-auth", "external", "ca"});
    ServerSettings server;
    server.mark = yaml.mark(node);
    if (auto host = yaml.get(node, "host")) server.host = yaml.string(host, "server host");
    if (auto port = yaml.get(node, "port"))
        server.port = static_cast<std::uint16_t>(yaml.integer(port, "server port", 1, 65535));
    std::string spec_text = server.host + ":" + std::to_string(server.port);
    try {
        parse_tls_server_spec(spec_text);
    } catch (const std::invalid_argument& e) {
        yaml.fail(yaml.get(node, "host") ? yaml.get(node, "host") : node, fmt::format("server host: {}", e.what()));
    }
    if (auto external = yaml.get(node, "external")) {
        server.external = true;
        const std::string text = yaml.string(external, "server external");
        const auto colon = text.rfind(':');
        in_addr address{};
        unsigned port = 0;
        const std::string port_text = colon == std::string::npos ? "" : text.substr(colon + 1);
        const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (colon == std::string::npos || inet_pton(AF_INET, text.substr(0, colon).c_str(), &address) != 1 ||
            ec != std::errc{} || end != port_text.data() + port_text.size() || port == 0 || port > 65535)
            yaml.fail(external, fmt::format("server external: '{}' must be IPV4:PORT, like 127.0.0.1:4433", text));
        server.address = ntohl(address.s_addr);
        server.address_port = static_cast<std::uint16_t>(port);
        for (const char* builtin_only : {"cert", "versions", "behaviour", "client-auth"})
            if (auto key = yaml.key_node(node, builtin_only))
                yaml.fail(key,
                          fmt::format("server {}: only for the built-in server (not with external:)", builtin_only));
        if (auto ca = yaml.get(node, "ca")) server.ca_path = readable_file(yaml, ca, folder, "server ca");
        if (auto hostname = yaml.get(node, "hostname")) server.host = yaml.string(hostname, "server hostname");
        return server;
    }
    if (auto ca = yaml.key_node(node, "ca"))
        yaml.fail(ca, "server ca: only with external: (the built-in server's CA is the test PKI's root)");
    if (auto cert = yaml.get(node, "cert")) {
        yaml.check_map(cert, "server cert", {"not-before", "not-after", "issuer", "key"});
        for (const char* key : {"not-before", "not-after", "issuer", "key"})
            if (auto value = yaml.get(cert, key)) spec_text += server_option(yaml, value, key);
    }
    if (auto hostname = yaml.get(node, "hostname")) spec_text += server_option(yaml, hostname, "cert-name");
    if (auto versions = yaml.get(node, "versions")) spec_text += server_option(yaml, versions, "versions");
    if (auto behaviour = yaml.get(node, "behaviour")) spec_text += server_option(yaml, behaviour, "behaviour");
    if (auto auth = yaml.get(node, "client-auth"); auth && yaml.boolean(auth, "server client-auth"))
        spec_text += ",client-auth";
    try {
        server.builtin = parse_tls_server_spec(spec_text);
    } catch (const std::invalid_argument& e) {  // what only the whole spec shows: dates out of order
        yaml.fail(yaml.get(node, "cert") ? yaml.get(node, "cert") : node,
                  fmt::format("server cert: {} (not_after must be later than not_before)", e.what()));
    }
    return server;
}

std::string load_nitz_knobs(const YamlReader& yaml, const YAML::Node& node) {
    std::string knobs;
    if (node.IsMap()) {
        // {offset: -3h, zone: "+08", dst: 1, full: NAME, short: NAME, enabled: true|false}
        yaml.check_map(node, "nitz", {"enabled", "offset", "zone", "dst", "full", "short"});
        auto add = [&knobs](const std::string& knob) { knobs += (knobs.empty() ? "" : ",") + knob; };
        if (auto v = yaml.get(node, "enabled")) add(yaml.boolean(v, "nitz enabled") ? "on" : "off");
        for (const char* key : {"offset", "zone", "dst", "full", "short"})
            if (auto v = yaml.get(node, key)) {
                const std::string text = yaml.string(v, fmt::format("nitz {}", key));
                NitzSettings check;
                try {
                    apply_nitz_knobs(check, fmt::format("{}={}", key, text));
                } catch (const std::invalid_argument& e) {
                    yaml.fail(v, fmt::format("nitz {}", e.what()));
                }
                add(fmt::format("{}={}", key, text));
            }
        if (knobs.empty()) yaml.fail(node, "nitz: give at least one of enabled, offset, zone, dst, full, short");
        return knobs;
    }
    // A scalar: off, on, or knobs as the CLI writes them ("zone=+08,offset=-3h").
    knobs = node.IsScalar() && (node.Scalar() == "off" || node.Scalar() == "false") ? "off"
            : node.IsScalar() && (node.Scalar() == "on" || node.Scalar() == "true") ? "on"
                                                                                    : yaml.string(node, "nitz");
    NitzSettings check;
    try {
        apply_nitz_knobs(check, knobs);
    } catch (const std::invalid_argument& e) {
        yaml.fail(node, fmt::format("nitz: {}", e.what()));
    }
    return knobs;
}

NetworkSettings load_network(const YamlReader& yaml, const YAML::Node& node, bool step) {
    if (step)
        yaml.check_map(node, "network",
                       {"registration", "csq", "attach", "pdp", "latency", "jitter", "loss", "outage", "nitz"});
    else
        yaml.check_map(node, "network",
                       {"registration", "csq", "attach", "pdp", "latency", "jitter", "loss", "seed", "utc", "nitz"});
    NetworkSettings n;
    if (auto r = yaml.get(node, "registration"))
        n.registration =
            step ? yaml.choice(r, "network registration", {"home", "roaming", "denied", "searching", "drop", "recover"})
                 : yaml.choice(r, "network registration", {"home", "roaming", "denied", "searching"});
    if (auto csq = yaml.get(node, "csq")) {
        n.csq = static_cast<int>(yaml.integer(csq, "network csq", 0, 99));
        if (*n.csq > 31 && *n.csq != 99) yaml.fail(csq, "network csq must be 0..31 or 99 (unknown)");
    }
    if (auto a = yaml.get(node, "attach"))
        n.attach_refused = yaml.choice(a, "network attach", {"allow", "refuse"}) == "refuse";
    if (auto pdp = yaml.get(node, "pdp")) {
        const std::string text = yaml.string(pdp, "network pdp");
        if (text == "ok")
            n.pdp_failure = 0;
        else if (text == "fail")
            n.pdp_failure = 148;
        else {
            const auto cause = yaml.integer(pdp, "network pdp (ok, fail or a cause 132|133|134|148|149)", 132, 149);
            if (cause > 134 && cause < 148) yaml.fail(pdp, "network pdp cause must be 132, 133, 134, 148 or 149");
            n.pdp_failure = static_cast<std::uint16_t>(cause);
        }
    }
    if (auto v = yaml.get(node, "latency")) n.latency_ms = yaml.milliseconds(v, "network latency");
    if (auto v = yaml.get(node, "jitter")) n.jitter_ms = yaml.milliseconds(v, "network jitter");
    if (auto v = yaml.get(node, "loss")) n.loss = yaml.fraction(v, "network loss");
    if (auto v = yaml.get(node, "seed"))
        n.seed = static_cast<std::uint64_t>(yaml.integer(v, "network seed", 0, INT64_MAX));
    if (auto v = yaml.get(node, "outage")) n.outage = yaml.duration(v, "network outage");
    if (auto v = yaml.get(node, "utc")) {
        const std::string text = yaml.string(v, "network utc");
        n.utc = parse_utc(text);
        if (!n.utc) yaml.fail(v, fmt::format("network utc '{}' must be YYYY-MM-DDTHH:MM:SSZ (UTC, 1970..2099)", text));
    }
    if (auto v = yaml.get(node, "nitz")) n.nitz = load_nitz_knobs(yaml, v);
    return n;
}

void load_rtc_time(const YamlReader& yaml, const YAML::Node& node, std::int64_t& seconds, int& tz_quarters) {
    const std::string text = yaml.string(node, "rtc time");
    CivilDateTime t;
    char sep = 0;
    int consumed = 0;
    const int got = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &t.year, &t.month, &t.day, &t.hour,
                                &t.minute, &t.second, &consumed);
    std::string zone = got == 6 ? text.substr(static_cast<std::size_t>(consumed)) : "";
    int zh = 0, zm = 0;
    bool zone_ok = zone == "Z";
    if (!zone_ok && zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') &&
        std::sscanf(zone.c_str() + 1, "%2d:%2d%c", &zh, &zm, &sep) == 2 && zm % 15 == 0 && zh * 4 + zm / 15 <= 24) {
        zone_ok = true;
        tz_quarters = (zh * 4 + zm / 15) * (zone[0] == '-' ? -1 : 1);
    } else if (zone_ok) {
        tz_quarters = 0;
    }
    const auto value = got == 6 && zone_ok ? rtc_seconds_from_civil(t) : std::nullopt;
    if (!value)
        yaml.fail(node,
                  fmt::format("rtc time '{}' must be YYYY-MM-DDTHH:MM:SS followed by Z or ±HH:MM (quarter hours), "
                              "in 1998..2097",
                              text));
    seconds = *value;
}

Scenario load_scenario_text(const std::string& text, const std::string& file, const std::string& folder,
                            ClockRate clock) {
    const YamlReader yaml(file, clock);
    const YAML::Node root = yaml.parse(text);
    if (!root.IsMap()) yaml.fail(root, "a scenario is a mapping with at least 'steps:' (docs/scenarios.md)");
    yaml.check_map(root, "the scenario",
                   {"name", "description", "timeout", "firmware", "modem", "network", "server", "steps"});
    Scenario s;
    s.file = file;
    s.name = yaml.get(root, "name") ? yaml.string(yaml.get(root, "name"), "name") : fs::path(file).stem().string();
    if (auto d = yaml.get(root, "description")) s.description = yaml.string(d, "description");
    s.timeout = yaml.get(root, "timeout") ? yaml.duration(yaml.get(root, "timeout"), "timeout")
                                          : clock.from_ns(600'000'000'000ULL);
    if (auto f = yaml.get(root, "firmware")) s.firmware = readable_file(yaml, f, folder, "firmware");
    s.modem.boot_timeout = clock.from_ns(10'000'000'000ULL);
    if (auto m = yaml.get(root, "modem")) {
        yaml.check_map(m, "modem", {"battery", "rtc", "power", "imei", "entropy-seed", "boot-timeout", "rtc-ppm", "sim"});
        if (auto b = yaml.get(m, "battery")) s.modem.battery = yaml.boolean(b, "modem battery");
        if (auto p = yaml.get(m, "power")) s.modem.power = yaml.boolean(p, "modem power");
        if (auto r = yaml.get(m, "rtc")) {
            std::int64_t seconds = 0;
            load_rtc_time(yaml, r, seconds, s.modem.rtc_tz_quarters);
            s.modem.rtc_seconds = seconds;
        }
        if (auto i = yaml.get(m, "imei")) {
            s.modem.imei = yaml.string(i, "modem imei");
            if (s.modem.imei.size() != 15 || s.modem.imei.find_first_not_of("0123456789") != std::string::npos)
                yaml.fail(i, "modem imei must be 15 digits");
        }
        if (auto e = yaml.get(m, "entropy-seed"))
            s.modem.entropy_seed = static_cast<std::uint64_t>(yaml.integer(e, "modem entropy-seed", 0, INT64_MAX));
        if (auto p = yaml.get(m, "rtc-ppm")) {
            const std::string text = yaml.string(p, "modem rtc_ppm");
            const auto ppb = parse_ppm_as_ppb(text);
            if (!ppb || *ppb < -Rtc::kMaxDriftPpb || *ppb > Rtc::kMaxDriftPpb)
                yaml.fail(p, fmt::format("modem rtc_ppm '{}' must be the crystal's error in ppm, -500..500 (up to 3 "
                                         "decimals), like 20 or -3.5",
                                         text));
            s.modem.rtc_drift_ppb = *ppb;
        }
        if (auto c = yaml.get(m, "sim")) {
            const std::string text = yaml.string(c, "modem sim");
            s.modem.sim = parse_sim_card(text);
            if (!s.modem.sim)
                yaml.fail(c, fmt::format("modem sim '{}' must be ready, absent or pin=NNNN (4 to 8 digits)", text));
        }
        if (auto t = yaml.get(m, "boot-timeout")) s.modem.boot_timeout = yaml.duration(t, "modem boot-timeout");
    }
    if (auto n = yaml.get(root, "network")) s.network = load_network(yaml, n, false);
    if (auto server = yaml.get(root, "server")) {
        if (server.IsSequence())
            for (const auto& one : server) s.servers.push_back(load_server(yaml, one, folder));
        else
            s.servers.push_back(load_server(yaml, server, folder));
    }
    const YAML::Node steps = yaml.get(root, "steps");
    if (!steps) yaml.fail(root, "the scenario has no 'steps:'");
    s.steps = load_steps(yaml, steps, folder);

    // Every server any step names, in order of first appearance: the gateway's map is fixed
    // before the modem runs, so a host:port keeps its kind (built-in or external) throughout.
    auto add_slot = [&](const ServerSettings& server) {
        for (const auto& slot : s.server_slots) {
            if (slot.slot() != server.slot()) continue;
            if (slot.external != server.external ||
                (slot.external && (slot.address != server.address || slot.address_port != server.address_port)))
                yaml.fail(server.mark, fmt::format("server {} was {} before; a host:port keeps its endpoint all along",
                                                   server.slot(), slot.external ? "external" : "built-in"));
            return;
        }
        s.server_slots.push_back(server);
    };
    for (const auto& server : s.servers) add_slot(server);
    std::function<void(const std::vector<Step>&)> visit = [&](const std::vector<Step>& list) {
        for (const Step& step : list) {
            for (const auto& server : step.servers) add_slot(server);
            visit(step.steps);
        }
    };
    visit(s.steps);
    return s;
}

Scenario load_scenario_file(const std::string& file, ClockRate clock) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(fmt::format("{}: cannot read the scenario file: {}", file, std::strerror(errno)));
    std::ostringstream text;
    text << in.rdbuf();
    return load_scenario_text(text.str(), file, fs::path(file).parent_path().string(), clock);
}

}  // namespace q2686::scenario
