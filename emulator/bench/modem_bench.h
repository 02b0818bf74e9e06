// One emulated modem running the application firmware (TLS over GPRS) as fast as the host
// allows, against a built-in HTTPS server (RSA-2048 chain; TLS 1.3 with ECDHE): the figures of
// docs/performance.md items 3, 4, 6 and 7, all from this one instance —
//   power-on, registration, bearer and a first HTTPS request to its +TLSDONE: virtual seconds
//     per wall second is the real-time factor (idle stretches included, as a user sees it);
//   that request's full handshake and the next request's resumed one (AT+TLSCFG=1 saves the
//     session): wall and virtual time from +TLSSTEP "handshake" to "established", and the CPU
//     cycles the firmware reports for it;
//   a 24 h virtual wait with the CPU idle, then AT answered OK;
//   the process's peak resident memory (getrusage ru_maxrss) after all of it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace q2686 {

struct HandshakeTiming {
    double wall_s = 0;
    double virtual_s = 0;
    std::uint64_t cpu_cycles = 0;  // the firmware's count (+TLSSTEP "established")
    std::string version, cipher;
};

struct ModemBenchReport {
    std::string server;                                // the built-in server, described
    double session_wall_s = 0, session_virtual_s = 0;  // power-on → first +TLSDONE
    HandshakeTiming full, resumed;
    double idle_virtual_s = 0, idle_wall_s = 0;
    double peak_rss_mib = 0;
    double realtime_factor() const { return session_wall_s > 0 ? session_virtual_s / session_wall_s : 0; }
};

struct ModemBenchOptions {
    std::string firmware;             // the application firmware (q2686_app.elf)
    std::filesystem::path pki_cache;  // the built-in server's test PKI
    std::string server = "api.example.com";
};

// Throws std::runtime_error naming the step when the modem does not do what a healthy run
// does (no boot, a command not OK, a request that fails or is not resumed, a fault).
ModemBenchReport run_modem_bench(const ModemBenchOptions& options);

}  // namespace q2686
