// The certificate validity windows the TLS and Clock panels draw, and the instant each is judged
// at — without ImGui, so that tests can pin them (tests/gui/panel_text_test.cpp).
//
// A connection's certificates are judged at the RTC of its own handshake: after a failure
// because of the clock, AT+CCLK puts the clock right, and judging the failed connection's chain
// against the clock *now* would show it green. Under TLS 1.3 the chain is encrypted on the link,
// so the dissector never sees the certificate that failed; the firmware's +TLSERR names it
// (depth, CN, notBefore, notAfter), and that is where the Clock panel takes it from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "at/tls_urc.h"
#include "tls/dissector/tls_session.h"
#include "tls/server/tls_server_spec.h"

namespace q2686::gui {

struct ValidityWindow {
    std::string name;
    std::int64_t from = 0, until = 0;  // UTC seconds since 1970, both inclusive
};

// A connection's chain as the dissector saw it, and the RTC it is judged at: the reading taken
// when the chain crossed the link, else (no reading) `rtc_now`.
struct JudgedChain {
    std::vector<ValidityWindow> windows;
    std::int64_t judged_at = 0;
};
JudgedChain session_chain(const TlsSession& session, std::int64_t rtc_now);

// The certificate a +TLSERR names (a certificate failure with notBefore/notAfter): "cert[1]
// CN=q2686emu Test Intermediate CA (firmware's verdict)"; nullopt for other failures.
std::optional<ValidityWindow> reported_certificate(const TlsErrorUrc& error);
// The RTC the firmware's check used (rtc=), if the line has one.
std::optional<std::int64_t> reported_rtc(const TlsErrorUrc& error);

// The Clock panel's rows: the built-in servers' certificates, those seen on the link, and the
// one the firmware's last +TLSERR names (if not already among them), at most `limit`.
std::vector<ValidityWindow> clock_timeline(const std::vector<TlsServerSpec>& servers,
                                           const std::vector<TlsSession>& sessions,
                                           const std::optional<TlsErrorUrc>& last_error, std::size_t limit = 6);

// The RTC interval in which the firmware accepts the chain of the last connection whose chain
// crossed the link in clear (TLS 1.2), the anchors of `trusted_pem` (flash object TLS:0) it
// leads to included: what `q2686emu tls-window` computes and proves (tls/dissector/validity_window.h,
// docs/tls.md "The validity window"), as a timeline row named for what bounds it. Windows that
// do not meet give a row with from > until. nullopt: no chain seen yet.
std::optional<ValidityWindow> accepted_interval(const std::vector<TlsSession>& sessions, const std::string& trusted_pem);

// The row's verdict at `at`: "✓ cert CN=x: valid 2024-01-01 00:00:00 .. 2034-01-01 00:00:00", or
// "✗ ..." outside the window; and what the modem says then ("" inside): "the RTC is before this
// window: the modem will say not-yet-valid" (the clock now), "the RTC was before this window at
// the handshake: not-yet-valid" (a connection's own instant).
enum class When { Now, AtTheHandshake };
std::string window_verdict(const ValidityWindow& window, std::int64_t at);
std::string window_consequence(const ValidityWindow& window, std::int64_t at, When when = When::Now);

std::string iso_utc(std::int64_t utc);  // "2026-12-03 08:27:53"

}  // namespace q2686::gui
