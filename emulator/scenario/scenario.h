// Scenario — one regression run as a YAML file describes it (docs/scenarios.md), after loading
// and checking (scenario/scenario_loader.h): the modem's starting state, the network, the TLS
// servers the modem may reach, and the steps. Everything here is already validated — durations
// are cycles, file paths resolved against the scenario's folder, names checked — so executing a
// scenario (scenario/scenario_executor.h) can only fail because the modem behaved differently
// than expected, never because the file was wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "gsm/network_model.h"
#include "time/cycle_scheduler.h"
#include "tls/server/tls_server_spec.h"

namespace q2686::scenario {

// Where in the file something was written: for error messages and failure reports.
struct SourceMark {
    int line = 0;    // 1-based
    int column = 0;  // 1-based
};

// A line pattern: a substring, or /regex/ (ECMAScript, searched anywhere in the line).
struct TextPattern {
    std::string text;  // as written, for reports
    std::optional<std::regex> regex;
    bool matches(const std::string& line) const;
};

// A TLS server the modem can reach as host:port: one of ours (the built-in server with a
// certificate from the test PKI) or the user's own, on loopback or an allowed address.
struct ServerSettings {
    std::string host = "api.example.com";
    std::uint16_t port = 443;
    bool external = false;
    TlsServerSpec builtin;      // !external: its certificate, versions, behaviour
    std::uint32_t address = 0;  // external: IPv4 (host byte order) and port it listens on
    std::uint16_t address_port = 0;
    std::string ca_path;  // external: PEM the modem trusts (flash object TLS:0); may be empty
    SourceMark mark;
    std::string slot() const { return host + ":" + std::to_string(port); }
};

// Network model and GPRS link settings; every field optional so a mid-scenario `network:` step
// changes only what it names.
struct NetworkSettings {
    std::optional<std::string> registration;  // home|roaming|denied|searching|drop|recover
    std::optional<int> csq;                   // 0..31, 99
    std::optional<bool> attach_refused;
    std::optional<std::uint16_t> pdp_failure;  // 0: activations succeed
    std::optional<std::uint32_t> latency_ms;
    std::optional<std::uint32_t> jitter_ms;
    std::optional<double> loss;
    std::optional<std::uint64_t> seed;
    std::optional<Cycles> outage;     // a radio outage of this length, from now (steps only)
    std::optional<std::int64_t> utc;  // the network's true UTC at virtual time 0 (top level only)
    std::optional<std::string> nitz;  // NITZ knobs, checked (gsm/network_time.h: "zone=+08,offset=-3h")
    bool send_nitz = false;           // a `nitz:` step: the network sends NITZ now
};

struct TlsConnect {
    int verify = 2;          // AT+TLSCFG <verify>: 0 never, 1 once, 2 always
    int version = 0;         // 0 any, 12, 13
    std::string host;        // empty: the scenario's (first) server
    std::uint16_t port = 0;  // 0: the server's
    std::string path = "/";
    bool bearer = true;  // bring the GPRS bearer up first when it is not
};

struct ExpectTls {
    std::string outcome = "ok";          // ok (+TLSDONE) or a +TLSERR cause
    std::optional<int> status;           // HTTP status in +TLSDONE
    std::optional<bool> resumed;         // the "established" step's <resumed>
    std::optional<std::string> version;  // "1.2" or "1.3"
};

// tls-window: the validity-window sweep (rig/tls_window_sweep.h) against the scenario's first
// server, its CA as TLS:0; passes when the window is the expected one and every proof holds.
struct TlsWindowExpect {
    bool empty = false;       // expect: empty
    std::int64_t first = 0;   // expect: "FIRST .. LAST" (UTC seconds, inclusive)
    std::int64_t last = 0;
};

struct Step {
    enum class Kind {
        Power,
        Battery,
        Send,
        Expect,
        ExpectNot,
        Wait,
        SetRtc,
        Log,
        Repeat,
        Server,
        Network,
        TlsConnect,
        ExpectTls,
        TlsWindow,
        Sim
    };
    Kind kind = Kind::Log;
    SourceMark mark;
    std::string label;             // "send: AT+CCLK?" — how reports name it
    bool on = false;               // Power, Battery, Sim (inserted)
    std::string text;              // Send (command), Log (note)
    TextPattern pattern;           // Expect, ExpectNot
    Cycles within = 0;             // Expect, ExpectNot, ExpectTls, Send (final result code)
    Cycles duration = 0;           // Wait
    std::int64_t rtc_seconds = 0;  // SetRtc: local calendar seconds since 1970
    int rtc_tz_quarters = 0;
    int times = 0;                        // Repeat
    std::vector<Step> steps;              // Repeat
    std::vector<ServerSettings> servers;  // Server
    NetworkSettings network;              // Network
    TlsConnect tls_connect;
    ExpectTls expect_tls;
    TlsWindowExpect tls_window;
};

struct ModemSettings {
    bool battery = true;
    bool power = false;  // switched on before the first step (default: off, a `power: on` step does it)
    std::optional<std::int64_t> rtc_seconds;  // preloaded before power-on
    int rtc_tz_quarters = 0;
    std::string imei;
    std::optional<std::uint64_t> entropy_seed;
    std::int64_t rtc_drift_ppb = 0;  // `rtc_ppm`: the RTC crystal's error
    Cycles boot_timeout = 0;  // how long `power: on` waits for +WIND: 3
    std::optional<SimCard> sim;  // the card in the holder; default: ready, no PIN
};

struct Scenario {
    std::string file;  // as given on the command line (reports only, never in the trace)
    std::string name;
    std::string description;
    Cycles timeout = 0;    // virtual time for the whole scenario
    std::string firmware;  // empty: the default image
    ModemSettings modem;
    NetworkSettings network;
    std::vector<ServerSettings> servers;  // at the start
    std::vector<Step> steps;
    // Every host:port any server (start or `server:` step) uses, in order of first appearance:
    // the gateway maps them once, before the modem runs.
    std::vector<ServerSettings> server_slots;
};

}  // namespace q2686::scenario
