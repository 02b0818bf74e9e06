#include "bench/modem_bench.h"

#include <sys/resource.h>

#include <chrono>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "rig/modem_rig.h"
#include "modem/at_session.h"
#include "tls/server/tls_server_spec.h"
#include "at/tls_urc.h"

namespace q2686 {

namespace {

using WallClock = std::chrono::steady_clock;

double seconds_since(WallClock::time_point start) {
    return std::chrono::duration<double>(WallClock::now() - start).count();
}

// The modem under test, its network and AT session, and the moments the handshake lines
// arrived (taken as they are received, while the emulation runs).
class BenchModem {
public:
    BenchModem(const ModemBenchOptions& options, ModemConfig config)
        : rig_(setup(options, std::move(config))), modem_(rig_.modem()), session_(rig_.session()) {
        session_.on_entry([this](const TranscriptEntry& e) {
            if (e.kind != TranscriptEntry::Kind::Received) return;
            if (e.text.starts_with("+TLSSTEP: \"handshake\"")) handshake_start_ = {WallClock::now(), e.when};
            if (e.text.starts_with("+TLSSTEP: \"established\"")) handshake_end_ = {WallClock::now(), e.when};
        });
    }

    Q2686Modem& modem() { return modem_; }
    AtSession& session() { return session_; }

    Cycles seconds(double s) const { return modem_.clock().from_ns(static_cast<std::uint64_t>(s * 1e9)); }

    void command(const std::string& text) {
        const AtReply reply = session_.command(text, seconds(30));
        check_fault(text);
        if (!reply.ok())
            throw std::runtime_error(
                fmt::format("modem bench: {} answered {}", text, reply.completed ? reply.final_code : "nothing"));
    }

    // One AT+TLSGET to its +TLSDONE; the handshake it made.
    HandshakeTiming request(const std::string& host, bool expect_resumed) {
        const std::size_t mark = session_.transcript().size();
        handshake_start_.reset();
        handshake_end_.reset();
        command(fmt::format("AT+TLSGET=\"{}\",443,\"/\"", host));
        std::optional<std::string> last;
        session_.wait_until(seconds(120), [&] {
            const auto& t = session_.transcript();
            for (std::size_t i = mark; i < t.size(); ++i)
                if (t[i].kind == TranscriptEntry::Kind::Received &&
                    (t[i].text.starts_with("+TLSDONE:") || t[i].text.starts_with("+TLSERR:")))
                    last = t[i].text;
            return last.has_value();
        });
        check_fault("AT+TLSGET");
        if (!last || !last->starts_with("+TLSDONE:"))
            throw std::runtime_error(fmt::format("modem bench: the HTTPS request to {} ended with {}", host,
                                                 last ? *last : "nothing within 120 s"));
        std::optional<TlsEstablishedUrc> established;
        const auto& t = session_.transcript();
        for (std::size_t i = mark; i < t.size(); ++i)
            if (auto urc = parse_tls_established(t[i].text)) established = urc;
        if (!established || !handshake_start_ || !handshake_end_)
            throw std::runtime_error(
                "modem bench: the request finished without +TLSSTEP \"handshake\" and \"established\"");
        if (established->resumed != expect_resumed)
            throw std::runtime_error(fmt::format("modem bench: the {} request was {}resumed",
                                                 expect_resumed ? "second" : "first",
                                                 established->resumed ? "" : "not "));
        HandshakeTiming h;
        h.wall_s = std::chrono::duration<double>(handshake_end_->first - handshake_start_->first).count();
        h.virtual_s = modem_.clock().to_seconds(handshake_end_->second - handshake_start_->second);
        h.cpu_cycles = established->cycles;
        h.version = established->version;
        h.cipher = established->cipher;
        return h;
    }

private:
    static ModemSetup setup(const ModemBenchOptions& options, ModemConfig config) {
        ModemSetup setup;
        setup.modem = std::move(config);
        HostNetworkConfig& net = setup.network.emplace();
        net.tls_servers = {parse_tls_server_spec(options.server)};
        net.pki_cache = options.pki_cache;
        return setup;
    }
    void check_fault(const std::string& during) {
        if (session_.fault())
            throw std::runtime_error(
                fmt::format("modem bench: the firmware faulted during {}:\n{}", during,
                            format_fault_report(*session_.fault(), &modem_.machine().image()->symbols, modem_.events(),
                                                modem_.clock())));
    }

    ModemRig rig_;
    Q2686Modem& modem_;
    AtSession& session_;
    std::optional<std::pair<WallClock::time_point, Cycles>> handshake_start_, handshake_end_;
};

}  // namespace

ModemBenchReport run_modem_bench(const ModemBenchOptions& options) {
    ModemConfig config;
    config.firmware = options.firmware;
    BenchModem bench(options, config);  // the PKI is made (or read) here, before the clock runs
    Q2686Modem& modem = bench.modem();
    AtSession& session = bench.session();
    ModemBenchReport report;
    report.server = parse_tls_server_spec(options.server).describe();

    const auto session_start = WallClock::now();
    const Cycles virtual_start = modem.now();
    modem.power_on();
    if (!session.wait_for("+WIND: 4", bench.seconds(10)))
        throw std::runtime_error("modem bench: the modem did not start");
    session.wait(bench.seconds(3));  // registration on the network
    // A date inside the test certificates' validity; sessions are saved (verify once).
    for (const char* line : {"AT+CCLK=\"26/06/01,12:00:00+00\"", "AT+WIPCFG=1", "AT+WIPBR=1,6",
                             "AT+WIPBR=2,6,11,\"internet\"", "AT+WIPBR=4,6,0", "AT+TLSCFG=1"})
        bench.command(line);
    report.full = bench.request(options.server, false);
    report.session_wall_s = seconds_since(session_start);
    report.session_virtual_s = modem.clock().to_seconds(modem.now() - virtual_start);
    report.resumed = bench.request(options.server, true);

    const Cycles idle_start = modem.now();
    const auto idle_wall_start = WallClock::now();
    session.wait(bench.seconds(24 * 3600.0));
    report.idle_wall_s = seconds_since(idle_wall_start);
    report.idle_virtual_s = modem.clock().to_seconds(modem.now() - idle_start);
    bench.command("AT");  // still awake after the day

    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    report.peak_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: KiB
    return report;
}

}  // namespace q2686
