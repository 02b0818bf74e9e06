// TLS window sweep — the exact RTC interval in which the modem's firmware accepts a server's
// chain, proved with the firmware itself (`q2686emu tls-window`, the scenario step
// `tls-window:`; docs/tls.md "The validity window").
//
//  1. Discovery: one handshake forced to TLS 1.2 (AT+TLSCFG=2,12), so that the server's
//     Certificate message crosses the link in clear and the TLS dissector reads the chain the
//     server really sends (TLS 1.3 encrypts it). The RTC is set to 98/01/01,00:00:00: the
//     firmware then stops at the date check, and reports the RTC it checked against, which
//     gives a first guess of the seconds from AT+CCLK to the check; one handshake a day outside
//     the window, with the proofs' settings, gives the figure.
//  2. The window: validity_window (tls/dissector/validity_window.h) over that chain and the
//     anchors of the --ca file that it leads to.
//  3. The proofs: each a fresh modem (power-on, bearer, the CA in flash object TLS:0,
//     AT+TLSCFG=2: verify every connection, any version), its AT+CCLK set so that the check
//     happens at the instant: first − 1 s (not-yet-valid), first (ok), last (ok), last + 1 s
//     (expired), and one without AT+CCLK (the power-on default 98/01/01). A failing proof
//     reports the RTC it checked: when it is not the instant, the seconds-to-check are corrected
//     and the proof runs again (virtual time is deterministic, so once is enough).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tls/dissector/validity_window.h"
#include "tls/server/tls_server_spec.h"

namespace q2686 {

struct TlsWindowTarget {
    std::optional<TlsServerSpec> builtin;  // builtin:SPEC; else a real server at host:port
    std::uint32_t host_address = 0;        // IPv4, host byte order
    std::uint16_t host_port = 0;
    std::string hostname;  // what AT+TLSGET asks for (SNI, name check); mapped to the server
    std::uint16_t port = 443;
    std::string ca_pem;    // PEM text of the trust anchors, stored as flash object TLS:0
    std::string firmware;  // the application image
    std::optional<std::filesystem::path> pki_cache;  // the built-in server's certificates (default: TestPki's)
};

struct TlsWindowProof {
    std::string what;                  // "first - 1 s", "first", "last", "last + 1 s", "power-on default"
    std::optional<std::int64_t> at;    // the instant (UTC), nullopt for the power-on default
    std::string expected;              // "ok", "not-yet-valid", "expired"
    std::string outcome;               // "ok" or the +TLSERR cause
    std::optional<std::int64_t> rtc;   // the RTC the firmware reported checking against
    std::optional<int> depth;          // of the certificate it refused
    std::string cn;                    // its CN, decoded
    std::string line;                  // the final URC (+TLSDONE/+TLSERR) as received
    bool holds = false;                // outcome (and depth, CN, RTC) as the window says
};

struct TlsWindowReport {
    std::vector<CertificateInfo> chain;    // as the server sent it, leaf first
    std::vector<CertificateInfo> anchors;  // from --ca, those the chain leads to
    std::optional<ValidityWindow> window;
    std::int64_t seconds_to_check = 0;  // from AT+CCLK to the firmware's date check
    std::vector<TlsWindowProof> proofs;
    bool proven() const;  // a window, and every proof holds
};

// Throws InputError for CA text without a certificate (or with a malformed one), and
// std::runtime_error when the discovery handshake sees no chain (the server does not speak
// TLS 1.2, or did not answer). `progress` gets one line per handshake.
TlsWindowReport sweep_tls_window(const TlsWindowTarget& target,
                                 const std::function<void(const std::string&)>& progress = {});

}  // namespace q2686
