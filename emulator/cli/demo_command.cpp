// `q2686emu demo`: the forum thread's story end to end, headless, in plain words — a modem with
// a dead backup battery boots with its RTC at 98/01/01, its HTTPS GET to a CA-signed server
// fails with "Bad certificate" and q2686emu says exactly why; AT+CCLK set to now, the same
// request succeeds; a self-signed server with WIP_SSL_NEVER connects too. The servers are the
// built-in ones (tls/server/builtin_tls_server.h), so nothing else is needed. Exit 0 when the story
// went as told, 1 when a step did not (the step says what happened instead).
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/network_options.h"
#include "host/gateway/host_network.h"
#include "modem/at_session.h"
#include "rig/modem_rig.h"
#include "tls/dissector/certificate_verdict.h"
#include "at/tls_urc.h"

namespace q2686::cli {

namespace {

struct DemoOptions {
    std::string firmware;
    std::string pki_cache;
    bool events = false;
};

constexpr std::size_t kWidth = 96;

// Prints `text` wrapped at kWidth, every line after `indent`.
void say(const std::string& text, const std::string& indent = "   ") {
    std::string line = indent;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        const std::string word = text.substr(start, end - start);
        if (line.size() > indent.size() && line.size() + 1 + word.size() > kWidth) {
            fmt::print("{}\n", line);
            line = indent;
        }
        line += (line.size() > indent.size() ? " " : "") + word;
        start = end + 1;
    }
    fmt::print("{}\n", line);
    std::fflush(stdout);
}

// Validity windows around this host's year, so that "now" is inside.
TlsServerSpec demo_server(const std::string& name, CertificateIssuer issuer, int year) {
    TlsServerSpec spec;
    spec.name = name;
    spec.certificate.hostname = name;
    spec.certificate.issuer = issuer;
    spec.certificate.not_before = {year - 1, 1, 1};
    spec.certificate.not_after = {year + 2, 1, 1};
    return spec;
}

class Story {
public:
    Story(Q2686Modem& modem, AtSession& session) : modem_(modem), session_(session) {}

    bool command(const std::string& line, double seconds = 30) {
        const AtReply reply = session_.command(line, modem_.clock().from_ns(static_cast<std::uint64_t>(seconds * 1e9)));
        if (reply.ok()) return true;
        return deviate(fmt::format("{} answered {}", line, reply.completed ? reply.final_code : "nothing"));
    }

    // The lines received from now until one starts with one of the prefixes (or the limit).
    std::vector<std::string> until(std::initializer_list<std::string_view> prefixes, double limit_s) {
        const std::size_t mark = session_.transcript().size();
        const Cycles step = modem_.clock().from_ns(100'000'000);
        for (double t = 0; t < limit_s && !session_.fault(); t += 0.1) {
            std::vector<std::string> lines;
            const auto& transcript = session_.transcript();
            for (std::size_t i = mark; i < transcript.size(); ++i)
                if (transcript[i].kind == TranscriptEntry::Kind::Received) lines.push_back(transcript[i].text);
            for (const std::string& line : lines)
                for (std::string_view prefix : prefixes)
                    if (line.starts_with(prefix)) return lines;
            session_.wait(step);
        }
        deviate(fmt::format("nothing within {} s", limit_s));
        return {};
    }

    static std::optional<std::string> last(const std::vector<std::string>& lines, std::string_view prefix) {
        for (auto it = lines.rbegin(); it != lines.rend(); ++it)
            if (it->starts_with(prefix)) return *it;
        return std::nullopt;
    }

    bool deviate(const std::string& what) {
        if (!deviation_) deviation_ = what;
        say(fmt::format("!! This step did not go as the story says: {}.", what));
        return false;
    }
    const std::optional<std::string>& deviation() const { return deviation_; }

private:
    Q2686Modem& modem_;
    AtSession& session_;
    std::optional<std::string> deviation_;
};

int run_demo(const DemoOptions& options) {
    const auto wall_start = std::chrono::steady_clock::now();
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    const int year = utc.tm_year + 1900;

    ModemSetup setup;
    setup.modem.firmware = options.firmware.empty() ? default_firmware() : options.firmware;
    setup.modem.battery = false;  // the dead backup battery of the story
    HostNetworkConfig& net = setup.network.emplace();
    net.tls_servers = {demo_server("api.example.com", CertificateIssuer::Ca, year),
                       demo_server("self.example.com", CertificateIssuer::SelfSigned, year)};
    if (!options.pki_cache.empty()) net.pki_cache = options.pki_cache;
    net.host_clock = host_clock;  // step 4 sets the RTC from the host's clock anyway
    ModemRig rig(std::move(setup));
    const HostNetworkConfig& network_config = *rig.setup().network;
    Q2686Modem& modem = rig.modem();
    HostNetwork* network = rig.network();
    AtSession& session = rig.session();
    const ClockRate clock = modem.clock();
    session.on_entry([&](const TranscriptEntry& e) {
        if (e.kind == TranscriptEntry::Kind::Echo || e.kind == TranscriptEntry::Kind::Note) return;
        fmt::print("   [{:>10.6f}] {} {}\n", clock.to_seconds(e.when),
                   e.kind == TranscriptEntry::Kind::Sent ? ">" : "<", e.text);
        std::fflush(stdout);
    });
    if (options.events)
        modem.events().subscribe([&](const Event& e) {
            if (e.kind == EventKind::Tls)
                fmt::print("   [{:>10.6f}] # {}: {}\n", clock.to_seconds(e.when), e.source, e.text);
        });
    Story story(modem, session);

    fmt::print("q2686emu demo — \"Bad certificate\" on a Q2686, reproduced and explained\n\n");
    say("The forum thread: an Open AT application connects to a server with a self-signed certificate, "
        "but a connection to a server with a CA-issued certificate fails with WIP_CEV_ERROR, errnum 1, "
        "\"Bad certificate\" — and nothing more. Here is the same modem and application, emulated.",
        "");
    fmt::print("\nBuilt-in HTTPS servers (host wolfSSL, in virtual time):\n");
    for (const auto& server : network_config.tls_servers) say(server.describe());
    say(
        fmt::format("The modem trusts the test root CA (flash object TLS:0, {}), as the thread's application "
                    "trusted GlobalSign.",
                    network->test_root_ca()->string()));

    fmt::print("\n1. Power on. The backup battery is dead, so the RTC starts at its power-on default.\n");
    modem.power_on();
    if (!session.wait_for("+WIND: 3", clock.from_ns(10'000'000'000))) story.deviate("the modem did not start");
    story.command("AT+CCLK?");

    fmt::print("\n2. Register on the GPRS network and bring the bearer up (WIP: AT+WIPCFG, AT+WIPBR).\n");
    session.wait_for("+WIND: 4", clock.from_ns(5'000'000'000));
    session.wait(clock.from_ns(2'000'000'000));  // registration: ~3 s after power-on
    story.command("AT+WIPCFG=1") && story.command("AT+WIPBR=1,6") && story.command("AT+WIPBR=2,6,11,\"internet\"") &&
        story.command("AT+WIPBR=4,6,0");

    fmt::print("\n3. HTTPS GET to api.example.com with WIP_SSL_ALWAYS (AT+TLSCFG=2), the clock still at 1998.\n");
    story.command("AT+TLSCFG=2");
    story.command("AT+TLSGET=\"api.example.com\",443,\"/\"");
    const auto failed = story.until({"+TLSERR:", "+TLSDONE:"}, 60);
    const auto error_line = Story::last(failed, "+TLSERR:");
    const auto error = error_line ? parse_tls_error(*error_line) : std::nullopt;
    if (!error || error->errnum != 1 || error->cause != "not-yet-valid") {
        story.deviate("expected +TLSERR: 1,\"Bad certificate\",...,\"not-yet-valid\"");
    } else {
        say("The real Security plug-in stops here: WIP_CEV_ERROR, errnum 1, \"Bad certificate\".");
        say("q2686emu says why: " + explain_tls_error(*error));
    }

    const std::string cclk = cclk_of_utc(std::time(nullptr));
    fmt::print("\n4. Set the RTC to now (this host's UTC time).\n");
    story.command("AT+CCLK=\"" + cclk + "\"");

    fmt::print("\n5. The same request again.\n");
    story.command("AT+TLSGET=\"api.example.com\",443,\"/\"");
    const auto fixed = story.until({"+TLSERR:", "+TLSDONE:"}, 60);
    const auto established = Story::last(fixed, "+TLSSTEP: \"established\"");
    const auto http = Story::last(fixed, "+TLSHTTP:");
    const auto handshake = established ? parse_tls_established(*established) : std::nullopt;
    const auto status = http ? parse_tls_http(*http) : std::nullopt;
    if (!handshake || !status || status->status != 200) {
        story.deviate("expected the handshake to succeed and HTTP status 200");
    } else {
        say(
            fmt::format("The certificate verifies. Handshake: {} {}, {} ms of virtual time, {:.1f} M CPU cycles at "
                        "104 MHz. The server answered over TLS:",
                        handshake->version, handshake->cipher, handshake->ms, handshake->cycles / 1e6));
        say(status->status_line(), "      ");
    }

    fmt::print("\n6. A self-signed server, with WIP_SSL_NEVER (AT+TLSCFG=0): the certificate is not checked.\n");
    story.command("AT+TLSCFG=0");
    story.command("AT+TLSGET=\"self.example.com\",443,\"/\"");
    const auto self = story.until({"+TLSERR:", "+TLSDONE:"}, 60);
    const auto self_status = Story::last(self, "+TLSHTTP:");
    const auto self_http = self_status ? parse_tls_http(*self_status) : std::nullopt;
    if (!self_http || self_http->status != 200 || !Story::last(self, "+TLSSTEP: \"certificate not verified\""))
        story.deviate("expected an unverified connection and HTTP status 200");
    else
        say(
            fmt::format("Connected without verification: {}. That is why the thread's self-signed server "
                        "\"worked\": nothing was checked, not even the clock.",
                        self_http->status_line()));

    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    fmt::print("\n");
    if (session.fault()) {
        fmt::print(stderr, "q2686emu: {}",
                   format_fault_report(*session.fault(), &modem.machine().image()->symbols, modem.events(), clock));
        return 1;
    }
    if (story.deviation()) {
        say(fmt::format("The story did not go as expected: {}.", *story.deviation()), "");
        return 1;
    }
    say(fmt::format("The story as the thread told it, with the reason it never gave: keep the RTC set (backup "
                    "battery, or AT+CCLK at start-up) before verifying certificates. {:.1f} s of virtual time in "
                    "{:.1f} s of wall time.",
                    clock.to_seconds(modem.now()), wall),
        "");
    return 0;
}

}  // namespace

void add_demo_command(CLI::App& app, Action& action) {
    auto options = std::make_shared<DemoOptions>();
    CLI::App* cmd = app.add_subcommand("demo", "Tell the \"Bad certificate\" story: a wrong RTC breaks TLS, and why");
    cmd->footer(
        "The modem boots with a dead backup battery (RTC at 98/01/01), makes an HTTPS GET to a built-in\n"
        "server whose certificate a CA issued, fails with \"Bad certificate\" and the exact reason, sets\n"
        "AT+CCLK to the host's UTC time, succeeds, then connects to a self-signed server with\n"
        "WIP_SSL_NEVER. Nothing else is needed: the servers run inside q2686emu (host wolfSSL) and\n"
        "their certificates come from a test PKI made by openssl and cached.\n"
        "Exit code 0 when every step went as told, 1 otherwise. docs/tls.md reads the output.");
    cmd->add_option("--firmware", options->firmware, "Firmware ELF (default: q2686_app.elf)");
    cmd->add_option("--pki-cache", options->pki_cache,
                    "Folder of the test PKI (default: $Q2686_PKI_CACHE or ~/.cache/q2686emu/pki)");
    cmd->add_flag("--events", options->events, "Also print the TLS events: the dissector's and the servers'");
    cmd->callback([&action, options] { action = [options] { return run_demo(*options); }; });
}

}  // namespace q2686::cli
