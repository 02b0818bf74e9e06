// Validity window of a chain and its anchors (tls/dissector/validity_window.h).
#include "tls/dissector/validity_window.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace q2686 {

std::int64_t rtc_range_first() {
    return utc_seconds(1998, 1, 1, 0, 0, 0);
}
std::int64_t rtc_range_last() {
    return utc_seconds(2097, 12, 31, 23, 59, 59);
}

namespace {

std::string name_of(const CertificateInfo& certificate) {
    return certificate.subject_cn.empty() ? certificate.subject : certificate.subject_cn;
}

}  // namespace

std::vector<CertificateInfo> anchors_for(const std::vector<CertificateInfo>& chain,
                                         const std::vector<CertificateInfo>& anchors) {
    std::vector<CertificateInfo> used;
    if (chain.empty() || !chain.back().error.empty()) return used;
    const CertificateInfo* at = &chain.back();
    // The server sent its root: the firmware's anchor is the TLS:0 copy (same subject).
    for (const CertificateInfo& anchor : anchors)
        if (anchor.error.empty() && at->self_signed && anchor.subject == at->subject) {
            used.push_back(anchor);
            return used;
        }
    for (std::size_t hops = 0; hops < anchors.size() && !at->self_signed; ++hops) {
        const CertificateInfo* next = nullptr;
        for (const CertificateInfo& anchor : anchors)
            if (anchor.error.empty() && anchor.subject == at->issuer) next = &anchor;
        if (!next) break;
        used.push_back(*next);
        at = next;
    }
    return used;
}

std::optional<ValidityWindow> validity_window(const std::vector<CertificateInfo>& chain,
                                              const std::vector<CertificateInfo>& anchors) {
    ValidityWindow window;
    for (const CertificateInfo& certificate : chain)
        if (certificate.error.empty()) window.considered.push_back(certificate);
    const std::size_t sent = window.considered.size();
    window.anchors_from = sent;
    for (const CertificateInfo& anchor : anchors_for(chain, anchors)) {
        // The server sent the root itself: the firmware's anchor is the TLS:0 copy, at that depth.
        if (sent && window.anchors_from == sent && anchor.subject == window.considered[sent - 1].subject) {
            window.considered[sent - 1] = anchor;
            window.anchors_from = sent - 1;
            continue;
        }
        window.considered.push_back(anchor);
    }
    if (window.considered.empty()) return std::nullopt;
    window.first = window.considered[0].not_before;
    window.last = window.considered[0].not_after;
    for (const CertificateInfo& c : window.considered) {
        window.first = std::max(window.first, c.not_before);
        window.last = std::min(window.last, c.not_after);
    }
    // The certificate named at each bound: the one the firmware refuses one second outside it.
    if (const auto before = expected_refusal(window, window.first - 1)) window.begins = before->certificate;
    if (const auto after = expected_refusal(window, window.last + 1)) window.ends = after->certificate;
    if (window.first < rtc_range_first()) {
        window.first = rtc_range_first();
        window.clipped_first = true;
    }
    if (window.last > rtc_range_last()) {
        window.last = rtc_range_last();
        window.clipped_last = true;
    }
    return window;
}

std::optional<Refusal> expected_refusal(const ValidityWindow& window, std::int64_t at) {
    // wolfSSL checks the certificates the server sent from the top down; the firmware checks the
    // anchors only once those passed, from the one the chain ends at upwards (wip_ssl_verify.c).
    std::vector<std::size_t> order;
    for (std::size_t depth = window.anchors_from; depth-- > 0;) order.push_back(depth);
    for (std::size_t depth = window.anchors_from; depth < window.considered.size(); ++depth) order.push_back(depth);
    for (const std::size_t depth : order) {
        const CertificateInfo& c = window.considered[depth];
        const bool anchor = depth >= window.anchors_from;
        if (at < c.not_before) return Refusal{"not-yet-valid", {c.not_before, static_cast<int>(depth), name_of(c), anchor}};
        if (at > c.not_after) return Refusal{"expired", {c.not_after, static_cast<int>(depth), name_of(c), anchor}};
    }
    return std::nullopt;
}

std::optional<DriftExit> drift_exit(const ValidityWindow& window, double ppm, std::int64_t synced_at) {
    if (window.empty() || synced_at < window.first || synced_at > window.last || ppm <= -1e6) return std::nullopt;
    // The RTC reads r(t) = T + (t - T)·k, k = 1 + ppm/1e6 > 0: it first reads last + 1 at
    // t = T + (last + 1 - T)/k; the true second in which that happens is the ceiling.
    const long double k = 1.0L + static_cast<long double>(ppm) / 1e6L;
    const long double span = static_cast<long double>(window.last + 1 - synced_at);
    auto t = static_cast<std::int64_t>(std::ceil(span / k)) + synced_at;
    auto reads = [&](std::int64_t instant) {
        return synced_at + static_cast<std::int64_t>(std::floor(static_cast<long double>(instant - synced_at) * k));
    };
    // Rounding of the long double: settle on the first second whose reading is past `last`.
    while (reads(t) <= window.last) ++t;
    while (t > synced_at && reads(t - 1) > window.last) --t;
    return DriftExit{t, reads(t), true};
}

std::optional<std::int64_t> parse_utc(const std::string& text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    char tail = 0;
    int used = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &y, &mo, &d, &h, &mi, &s, &tail, &used) == 7 &&
        tail == 'Z' && used == static_cast<int>(text.size())) {
    } else if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &used) == 3 &&
               used == static_cast<int>(text.size())) {
        h = mi = s = 0;
    } else {
        return std::nullopt;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59 || h < 0 || mi < 0 || s < 0)
        return std::nullopt;
    const std::int64_t seconds = utc_seconds(y, mo, d, h, mi, s);
    if (format_utc(seconds).substr(0, 10) != text.substr(0, 10)) return std::nullopt;  // 2026-02-30
    return seconds;
}

}  // namespace q2686
