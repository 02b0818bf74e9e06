// Validity window — the RTC instants at which a chain passes the date checks of the modem's
// firmware: the intersection of the validity periods of every certificate that matters, the
// server's chain (leaf first) and the trust anchors from flash object TLS:0 that it leads to
// (the firmware checks the anchors' dates too: firmware/wip_ssl/wip_ssl_anchors.c,
// docs/tls.md "The trust anchors' dates"). Bounds are inclusive (RFC 5280 §4.1.2.5), in UTC
// seconds since 1970, clipped to what the RTC can hold (1998-01-01 .. 2097-12-31, the two-digit
// years of AT+CCLK, 3GPP TS 27.007 §8.15).
//
// `q2686emu tls-window` (cli/tls_window_command.cpp) computes it and proves each bound with the
// real firmware; the GUI's Clock panel draws it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tls/dissector/certificate_verdict.h"

namespace q2686 {

// One certificate that bounds the window, as the modem would name it in +TLSERR.
struct WindowBound {
    std::int64_t at = 0;  // the bound itself (notBefore, or notAfter)
    int depth = 0;        // 0 leaf, 1 its issuer, ...: anchors follow the chain
    std::string cn;       // subject CN (or the subject line)
    bool anchor = false;  // from TLS:0
};

struct ValidityWindow {
    std::int64_t first = 0;  // first accepted second (inclusive)
    std::int64_t last = 0;   // last accepted second (inclusive)
    bool empty() const { return last < first; }
    // The certificate whose notBefore is `first` (the latest notBefore) and the one whose
    // notAfter is `last` (the earliest): among equals, the one the firmware names (expected_refusal).
    WindowBound begins;
    WindowBound ends;
    std::vector<CertificateInfo> considered;  // chain, then anchors, in depth order
    std::size_t anchors_from = 0;             // considered[anchors_from..] come from TLS:0
    bool clipped_first = false, clipped_last = false;  // by the RTC's range
};

// The RTC's range: 1998-01-01T00:00:00Z .. 2097-12-31T23:59:59Z.
std::int64_t rtc_range_first();
std::int64_t rtc_range_last();

// The anchors `chain` leads to: from the last certificate of the chain, the anchor whose subject
// is its issuer (or is itself, when the server sent the root), then that anchor's issuer among
// the anchors, until a self-signed one. Certificates that did not parse are ignored.
std::vector<CertificateInfo> anchors_for(const std::vector<CertificateInfo>& chain,
                                         const std::vector<CertificateInfo>& anchors);

// The intersection over `chain` and anchors_for(chain, anchors). nullopt: nothing to intersect.
std::optional<ValidityWindow> validity_window(const std::vector<CertificateInfo>& chain,
                                              const std::vector<CertificateInfo>& anchors);

// The certificate the firmware refuses at the RTC instant `at`, as it reports it: wolfSSL
// checks the certificates the server sent from the top down (the deepest one outside its
// validity is named), and only when they pass does the firmware check the anchors, from the one
// the chain ends at upwards (firmware/wip_ssl/wip_ssl_verify.c). nullopt: all valid then.
struct Refusal {
    std::string cause;  // "not-yet-valid" or "expired"
    WindowBound certificate;
};
std::optional<Refusal> expected_refusal(const ValidityWindow& window, std::int64_t at);

// A device whose RTC was right at `synced_at` and drifts `ppm` parts per million since (its RTC
// reads synced_at + (t - synced_at)·(1 + ppm·1e-6) at the true instant t): the first true
// instant, whole seconds, at which its RTC reads a second outside `window` — after `last` for
// a fast clock (ppm > 0), or, for a slow clock, also after `last` (later). nullopt when the
// clock is not in the window at synced_at or never leaves it (ppm ≤ -1e6).
struct DriftExit {
    std::int64_t true_instant = 0;  // UTC seconds
    std::int64_t rtc_reads = 0;     // what the RTC reads then
    bool expired = true;            // leaves past `last` (not before `first`)
};
std::optional<DriftExit> drift_exit(const ValidityWindow& window, double ppm, std::int64_t synced_at);

// "2026-06-01T12:00:00Z" or "2026-06-01" (midnight) → UTC seconds; nullopt otherwise.
std::optional<std::int64_t> parse_utc(const std::string& text);

}  // namespace q2686
