// The TLS client's unsolicited result codes (firmware/app/at_tls_client.c; docs/at-commands.md
// "TLS client") read back on the host — for the demo, reports and the GUI — and a failure
// explained in plain words with its fix (docs/tls.md "Every cause").
//
//   +TLSERR: <errnum>,"<text>",<code>,"<cause>","<detail>"   detail: key=value ..., %20 = space
//   +TLSSTEP: "established","<cipher>","<version>",<resumed>,<ms>,<cycles>
//   +TLSHTTP: <status>,"<reason>","<protocol>"
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace q2686 {

struct TlsErrorUrc {
    long errnum = 0;    // 1 Bad certificate, 2 TLS failure, or a WIP_CERR_* (< 0)
    std::string text;   // "Bad certificate"
    long code = 0;      // wolfSSL's error code, 0 for network errors
    std::string cause;  // "not-yet-valid", "expired", ..., "network-error", "timeout"
    std::map<std::string, std::string>
        detail;               // decoded: notBefore, notAfter, rtc, depth, cn, issuer, host, alert, reason, ...
    std::string detail_text;  // as sent
};

struct TlsEstablishedUrc {
    std::string cipher, version;
    bool resumed = false;
    unsigned long ms = 0;
    std::uint64_t cycles = 0;
};

struct TlsHttpUrc {
    int status = 0;
    std::string reason, protocol;
    std::string status_line() const;  // "HTTP/1.1 200 OK"
};

std::optional<TlsErrorUrc> parse_tls_error(std::string_view line);
std::optional<TlsEstablishedUrc> parse_tls_established(std::string_view line);
std::optional<TlsHttpUrc> parse_tls_http(std::string_view line);

// What went wrong and what to do, in a few sentences (no line breaks).
std::string explain_tls_error(const TlsErrorUrc& error);

}  // namespace q2686
