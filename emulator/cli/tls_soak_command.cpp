// `q2686emu bench tls-soak --handshakes N`: N HTTPS requests to a built-in TLS server in one
// emulated session, first with full handshakes only (AT+TLSCFG=2: a saved session is never
// offered), then with resumption (AT+TLSCFG=1: the first request saves a session, the others
// resume it). After every request the firmware's heap is read with AT+HEAP? (docs/at-commands.md)
// and the host's resident memory from /proc/self/statm. docs/reliability.md "Soak" gives the
// figures. Exit 1 when a request fails, or when after --warm-up requests of a phase the heap's
// in-use bytes or high-water mark still grow.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "cli/cli_checks.h"
#include "cli/commands.h"
#include "rig/modem_rig.h"
#include "cli/network_options.h"
#include "base/input_error.h"
#include "modem/at_session.h"
#include "tls/server/tls_server_spec.h"
#include "at/tls_urc.h"

namespace q2686::cli {

namespace {

struct SoakOptions {
    unsigned handshakes = 1000;
    unsigned warm_up = 10;
    std::string firmware;
    std::string server = "api.example.com";
};

struct HeapReading {
    unsigned long in_use = 0, high_water = 0, size = 0;
};

std::size_t host_resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

struct PhaseFigures {
    unsigned ok = 0, failed = 0, resumed = 0;
    HeapReading first, warm, last;  // after the first request, after the warm-up, after the last
    std::size_t host_warm = 0, host_last = 0;
    double virtual_s = 0, wall_s = 0;
    std::string first_error;
};

class Soak {
public:
    Soak(Q2686Modem& modem, AtSession& session) : modem_(modem), session_(session) {}

    bool command(const std::string& text, double seconds = 30) {
        const AtReply reply = session_.command(text, seconds_to_cycles(seconds));
        if (!reply.ok())
            fmt::print(stderr, "q2686emu: tls-soak: {} → {}\n", text, reply.completed ? reply.final_code : "no answer");
        return reply.ok();
    }
    std::optional<HeapReading> heap() {
        const AtReply reply = session_.command("AT+HEAP?", seconds_to_cycles(5));
        HeapReading h;
        for (const auto& line : reply.lines)
            if (std::sscanf(line.c_str(), "+HEAP: %lu,%lu,%lu", &h.in_use, &h.high_water, &h.size) == 3) return h;
        return std::nullopt;
    }
    // One AT+TLSGET and its URCs up to +TLSDONE or +TLSERR.
    std::vector<std::string> get(const std::string& host) {
        const std::size_t mark = session_.transcript().size();
        if (!command(fmt::format("AT+TLSGET=\"{}\",443,\"/\"", host))) return {};
        auto done = [&] {
            const auto& t = session_.transcript();
            for (std::size_t i = mark; i < t.size(); ++i)
                if (t[i].kind == TranscriptEntry::Kind::Received &&
                    (t[i].text.starts_with("+TLSDONE:") || t[i].text.starts_with("+TLSERR:")))
                    return true;
            return false;
        };
        session_.wait_until(seconds_to_cycles(120), done);
        std::vector<std::string> lines;
        const auto& t = session_.transcript();
        for (std::size_t i = mark; i < t.size(); ++i)
            if (t[i].kind == TranscriptEntry::Kind::Received) lines.push_back(t[i].text);
        return lines;
    }
    Cycles seconds_to_cycles(double s) const { return modem_.clock().from_ns(static_cast<std::uint64_t>(s * 1e9)); }

private:
    Q2686Modem& modem_;
    AtSession& session_;
};

PhaseFigures run_phase(Soak& soak, Q2686Modem& modem, AtSession& session, const SoakOptions& options) {
    PhaseFigures f;
    const Cycles virtual_start = modem.now();
    const auto wall_start = std::chrono::steady_clock::now();
    for (unsigned i = 1; i <= options.handshakes && !session.fault(); ++i) {
        const std::vector<std::string> lines = soak.get(options.server);
        bool done = false;
        for (const auto& line : lines) {
            if (const auto step = parse_tls_established(line)) f.resumed += step->resumed ? 1 : 0;
            if (line.starts_with("+TLSDONE:")) done = true;
            if (line.starts_with("+TLSERR:") && f.first_error.empty()) f.first_error = line;
        }
        (done ? f.ok : f.failed) += 1;
        const auto heap = soak.heap();
        if (!heap) {
            ++f.failed;
            break;
        }
        if (i == 1) f.first = *heap;
        if (i == std::min(options.warm_up, options.handshakes)) {
            f.warm = *heap;
            f.host_warm = host_resident_bytes();
        }
        f.last = *heap;
    }
    f.host_last = host_resident_bytes();
    f.virtual_s = modem.clock().to_seconds(modem.now() - virtual_start);
    f.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    return f;
}

void print_phase(const char* name, const PhaseFigures& f, const SoakOptions& options) {
    fmt::print("{}: {} ok, {} failed, {} resumed; {:.1f} s virtual, {:.1f} s wall\n", name, f.ok, f.failed, f.resumed,
               f.virtual_s, f.wall_s);
    fmt::print("  firmware heap in use: {} B after request 1, {} B after {}, {} B after {}\n", f.first.in_use,
               f.warm.in_use, options.warm_up, f.last.in_use, options.handshakes);
    fmt::print("  firmware heap high-water: {} B after request 1, {} B after {}, {} B after {} (of {} B)\n",
               f.first.high_water, f.warm.high_water, options.warm_up, f.last.high_water, options.handshakes,
               f.last.size);
    fmt::print("  host resident memory: {:.1f} MiB after {}, {:.1f} MiB after {} ({:+.1f} MiB)\n",
               f.host_warm / 1048576.0, options.warm_up, f.host_last / 1048576.0, options.handshakes,
               (static_cast<double>(f.host_last) - static_cast<double>(f.host_warm)) / 1048576.0);
    if (!f.first_error.empty()) fmt::print("  first error: {}\n", f.first_error);
}

int run_soak(const SoakOptions& options) {
    if (options.handshakes < 1 || options.warm_up < 1 || options.warm_up > options.handshakes)
        throw InputError("--warm-up must be 1..--handshakes");
    ModemSetup setup;
    setup.modem.firmware = options.firmware.empty() ? default_firmware() : options.firmware;
    setup.network.emplace().tls_servers = {parse_tls_server_spec(options.server)};
    ModemRig rig(std::move(setup));
    Q2686Modem& modem = rig.modem();
    AtSession& session = rig.session();
    const HostNetworkConfig& network_config = *rig.setup().network;
    Soak soak(modem, session);

    modem.power_on();
    if (!session.wait_for("+WIND: 4", soak.seconds_to_cycles(10))) {
        fmt::print(stderr, "q2686emu: tls-soak: the modem did not start\n");
        return 1;
    }
    session.wait(soak.seconds_to_cycles(3));  // registration
    const bool ready = soak.command("AT+CCLK=\"26/06/01,12:00:00+00\"") && soak.command("AT+WIPCFG=1") &&
                       soak.command("AT+WIPBR=1,6") && soak.command("AT+WIPBR=2,6,11,\"internet\"") &&
                       soak.command("AT+WIPBR=4,6,0") && soak.command("AT+TLSCFG=2");
    if (!ready) return 1;
    fmt::print("tls-soak: {} requests to {} per phase, in one emulated session\n", options.handshakes,
               network_config.tls_servers[0].describe());
    const PhaseFigures full = run_phase(soak, modem, session, options);
    print_phase("full handshakes (AT+TLSCFG=2)", full, options);
    if (!soak.command("AT+TLSCFG=1")) return 1;
    const PhaseFigures resumed = run_phase(soak, modem, session, options);
    print_phase("with resumption (AT+TLSCFG=1)", resumed, options);

    if (session.fault()) {
        fmt::print(
            stderr, "q2686emu: {}",
            format_fault_report(*session.fault(), &modem.machine().image()->symbols, modem.events(), modem.clock()));
        return 1;
    }
    int status = 0;
    for (const PhaseFigures* f : {&full, &resumed}) {
        if (f->failed) status = 1;
        if (f->last.high_water > f->warm.high_water || f->last.in_use > f->warm.in_use) status = 1;
    }
    if (resumed.resumed + 1 < options.handshakes) status = 1;  // all but the first resume
    fmt::print("tls-soak: {}\n", status ? "FAILED (a request failed, a session was not resumed, or the heap grew "
                                          "after the warm-up)"
                                        : "heap stable after the warm-up, every request answered");
    return status;
}

}  // namespace

void add_tls_soak_bench(CLI::App& bench, Action& action) {
    auto options = std::make_shared<SoakOptions>();
    CLI::App* soak =
        bench.add_subcommand("tls-soak",
                             "Many HTTPS requests to a built-in TLS server, with and without resumption: firmware heap "
                             "and host memory after each");
    soak->add_option("--handshakes", options->handshakes, "Requests per phase")
        ->capture_default_str()
        ->transform(whole_number());
    soak->add_option("--warm-up", options->warm_up, "Requests after which the heap must stop growing")
        ->capture_default_str()
        ->transform(whole_number());
    soak->add_option("--server", options->server, "The built-in server (as --tls-server)")->capture_default_str();
    soak->add_option("--firmware", options->firmware, "Firmware ELF (default: the application firmware q2686_app.elf)");
    soak->callback([&action, options] { action = [options] { return run_soak(*options); }; });
}

}  // namespace q2686::cli
