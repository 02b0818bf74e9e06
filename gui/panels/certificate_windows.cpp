// The certificate validity windows of the TLS and Clock panels (certificate_windows.h).
#include "certificate_windows.h"

#include "tls/dissector/pem_certificates.h"
#include "tls/dissector/validity_window.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include <fmt/format.h>

#include "tls/dissector/certificate_verdict.h"

namespace q2686::gui {

namespace {

std::int64_t unix_of(const CertificateDate& d) {
    return utc_seconds(d.year, d.month, d.day, d.hour, d.minute, d.second);
}

// "2024-01-01T00:00:00Z" (the firmware's dates) → seconds since 1970.
std::optional<std::int64_t> parse_iso(const std::string& text) {
    int y, mo, d, h, mi, s;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ%c", &y, &mo, &d, &h, &mi, &s, &tail) != 6)
        return std::nullopt;
    return utc_seconds(y, mo, d, h, mi, s);
}

std::string detail(const TlsErrorUrc& e, const std::string& key) {
    const auto it = e.detail.find(key);
    return it == e.detail.end() ? "" : it->second;
}

}  // namespace

std::string iso_utc(std::int64_t t) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm utc{};
    gmtime_r(&tt, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &utc);
    return text;
}

JudgedChain session_chain(const TlsSession& session, std::int64_t rtc_now) {
    JudgedChain judged;
    judged.judged_at = session.chain_judged && session.verdict.rtc ? session.verdict.rtc->utc : rtc_now;
    for (const CertificateInfo& cert : session.chain)
        if (cert.error.empty()) judged.windows.push_back({"cert " + cert.label(), cert.not_before, cert.not_after});
    return judged;
}

std::optional<ValidityWindow> reported_certificate(const TlsErrorUrc& e) {
    const auto from = parse_iso(detail(e, "notBefore")), until = parse_iso(detail(e, "notAfter"));
    if (!from || !until) return std::nullopt;
    const std::string depth = detail(e, "depth"), cn = detail(e, "cn");
    return ValidityWindow{fmt::format("cert{} {} (firmware's verdict: {})", depth.empty() ? "" : "[" + depth + "]",
                                      cn.empty() ? "(no CN)" : "CN=" + cn, e.cause),
                          *from, *until};
}

std::optional<std::int64_t> reported_rtc(const TlsErrorUrc& e) {
    return parse_iso(detail(e, "rtc"));
}

std::vector<ValidityWindow> clock_timeline(const std::vector<TlsServerSpec>& servers,
                                           const std::vector<TlsSession>& sessions,
                                           const std::optional<TlsErrorUrc>& last_error, std::size_t limit) {
    std::vector<ValidityWindow> windows;
    for (const TlsServerSpec& server : servers)
        windows.push_back(
            {server.address(), unix_of(server.certificate.not_before), unix_of(server.certificate.not_after)});
    // The firmware's failing certificate first among the rest: under TLS 1.3 nothing else shows it.
    std::optional<ValidityWindow> reported = last_error ? reported_certificate(*last_error) : std::nullopt;
    if (reported) {
        const bool already_shown = std::any_of(windows.begin(), windows.end(), [&](const ValidityWindow& w) {
            return w.from == reported->from && w.until == reported->until;
        });
        if (!already_shown && windows.size() < limit) windows.push_back(*reported);
    }
    for (const TlsSession& session : sessions)
        for (const CertificateInfo& cert : session.chain)
            if (cert.error.empty() && windows.size() < limit)
                windows.push_back({cert.label() + " (on the link)", cert.not_before, cert.not_after});
    return windows;
}

std::optional<ValidityWindow> accepted_interval(const std::vector<TlsSession>& sessions, const std::string& trusted_pem) {
    for (auto session = sessions.rbegin(); session != sessions.rend(); ++session) {
        if (session->chain.empty()) continue;
        const auto window = q2686::validity_window(session->chain, read_pem_certificates(trusted_pem));
        if (!window) continue;
        const auto bound = [](const WindowBound& b) {
            return fmt::format("depth {} CN={}{}", b.depth, b.cn, b.anchor ? " (TLS:0)" : "");
        };
        if (window->empty())
            return ValidityWindow{"accepted by the firmware: never (the chain's windows do not meet)", window->first,
                                  window->last};
        return ValidityWindow{fmt::format("accepted by the firmware (chain and anchors): from {}, until {}",
                                          bound(window->begins), bound(window->ends)),
                              window->first, window->last};
    }
    return std::nullopt;
}

std::string window_verdict(const ValidityWindow& w, std::int64_t at) {
    const bool inside = at >= w.from && at <= w.until;
    return fmt::format("{} {}: valid {} .. {}", inside ? "✓" : "✗", w.name, iso_utc(w.from), iso_utc(w.until));
}

std::string window_consequence(const ValidityWindow& w, std::int64_t at, When when) {
    if (at >= w.from && at <= w.until) return "";
    const char* cause = at < w.from ? "not-yet-valid" : "expired";
    const char* side = at < w.from ? "before" : "after";
    if (when == When::AtTheHandshake)
        return fmt::format("the RTC was {} this window at the handshake: {}", side, cause);
    return fmt::format("the RTC is {} this window: the modem will say {}", side, cause);
}

}  // namespace q2686::gui
