// TraceWriter — a scenario's trace: the event stream, the AT transcript and the steps as JSON
// lines, each stamped with the virtual cycle, and a SHA-256 over exactly those lines (wolfCrypt
// of the host's wolfSSL). The hash is the scenario's fingerprint: the same file gives the same
// hash on every run, on every host, with any --jobs.
//
// What keeps it host-independent: times are virtual cycles (never wall time); the scenario is
// named by its `name:`, never its path; register accesses (mmio) are left out (they are many and
// add nothing a user compares); and any loopback endpoint "127.0.0.1:PORT" is written as
// "127.0.0.1:*", because the built-in servers' ports are whatever the host had free.
//
// Lines (docs/scenarios.md "Trace"):
//   {"t":0,"scenario":"NAME"}
//   {"t":123,"step":"send: AT+CCLK?","line":7}
//   {"t":456,"at":">","text":"AT+CCLK?"}        ">" sent, "<" received, "~" a note of the runner
//   {"t":789,"kind":"rtc","source":"rtc","text":"..."}
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>

#include "base/event_log.h"

namespace q2686::scenario {

class TraceWriter {
public:
    // `path` empty: only the hash is computed. Throws std::runtime_error if it cannot be created.
    explicit TraceWriter(const std::string& path = {});
    ~TraceWriter();
    TraceWriter(const TraceWriter&) = delete;
    TraceWriter& operator=(const TraceWriter&) = delete;

    void scenario(const std::string& name);
    void step(Cycles when, const std::string& label, int line);
    void at(Cycles when, char direction, const std::string& text);
    void event(const Event& event);

    // Hex SHA-256 of every line so far (each with its '\n'). Ends the hash: call once.
    std::string finish();
    std::uint64_t lines() const { return lines_; }

private:
    void write(const std::string& line);

    struct Hash;
    std::unique_ptr<Hash> hash_;
    std::ofstream file_;
    std::uint64_t lines_ = 0;
};

// "connected to 127.0.0.1:41234" → "connected to 127.0.0.1:*".
std::string without_host_ports(const std::string& text);

// Hex SHA-256 of `data` (to combine several scenarios' hashes in file order).
std::string sha256_hex(const std::string& data);

}  // namespace q2686::scenario
