#include "tls/dissector/certificate_verdict.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <cctype>
#include <cstdio>
#include <limits>

namespace q2686 {

namespace {

// Days from 1970-01-01 to the RTC epoch 1998-01-01 (rtc_calendar.h counts from the latter).
constexpr std::int64_t kRtcEpochDays = 10'227;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

// The 27.007 form of a UTC instant in zone +00, when the RTC can hold it.
std::optional<std::string> cclk_utc(std::int64_t seconds) {
    const std::int64_t rtc_seconds = seconds - kRtcEpochDays * kSecondsPerDay;
    if (rtc_seconds < 0 || rtc_seconds >= kRtcRangeSeconds) return std::nullopt;
    const CivilDateTime t = rtc_civil_from_seconds(rtc_seconds);
    return fmt::format("{:02}/{:02}/{:02},{:02}:{:02}:{:02}+00", year_to_27007(t.year), t.month, t.day, t.hour,
                       t.minute, t.second);
}

std::string fix_sentence(const std::vector<CertificateInfo>& chain, const RtcReading& rtc,
                         const std::optional<std::int64_t>& host_now) {
    std::int64_t from = std::numeric_limits<std::int64_t>::min();
    std::int64_t to = std::numeric_limits<std::int64_t>::max();
    for (const auto& cert : chain) {
        if (!cert.error.empty()) continue;
        from = std::max(from, cert.not_before);
        to = std::min(to, cert.not_after);
    }
    const bool never_set = rtc.cclk.starts_with("98/01/01");
    std::string text =
        fmt::format("modem RTC reads \"{}\" ({}){}: set AT+CCLK to the current time", rtc.cclk, format_utc(rtc.utc),
                    never_set ? ", the default after a power loss: the clock was never set" : "");
    if (from > to)
        return text + fmt::format(
                          " — but no time makes the whole chain valid ({} is after {}): the server's chain "
                          "is out of date",
                          format_utc(from), format_utc(to));
    // The example is the host's clock, the time the modem should have — not a date taken from
    // the certificates, which would only make this one chain pass.
    const auto example = host_now ? cclk_utc(*host_now) : std::nullopt;
    text += example ? fmt::format(" (e.g. AT+CCLK=\"{}\", this host's time now; the chain is valid from {} to {})",
                                  *example, format_utc(from), format_utc(to))
                    : fmt::format(" (the chain is valid from {} to {})", format_utc(from), format_utc(to));
    if (host_now && (*host_now < from || *host_now > to))
        text += fmt::format("; at this host's time the chain is {} too: the server's certificate is out of date",
                            *host_now < from ? "not yet valid" : "expired");
    else if (!host_now && !never_set)
        text += "; if the modem's clock is right, the server's certificate is out of date";
    return text;
}

}  // namespace

std::string CertificateInfo::label() const {
    if (!subject_cn.empty()) return "CN=" + subject_cn;
    if (!subject.empty()) return subject;
    return "(unparsed)";
}

std::string cclk_of_utc(std::int64_t utc, int tz_quarters) {
    const std::time_t t = static_cast<std::time_t>(utc + static_cast<std::int64_t>(tz_quarters) * 15 * 60);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[40];
    const std::size_t n = std::strftime(text, sizeof text, "%y/%m/%d,%H:%M:%S", &tm);
    std::snprintf(text + n, sizeof text - n, "%+03d", tz_quarters);
    return text;
}

RtcReading rtc_reading(const CivilDateTime& local, int tz_quarters) {
    RtcReading r;
    r.utc = utc_seconds(local.year, local.month, local.day, local.hour, local.minute, local.second) -
            static_cast<std::int64_t>(tz_quarters) * 15 * 60;
    r.cclk = fmt::format("{:02}/{:02}/{:02},{:02}:{:02}:{:02}{}", year_to_27007(local.year), local.month, local.day,
                         local.hour, local.minute, local.second, format_tz(tz_quarters));
    return r;
}

const char* to_string(Validity validity) {
    switch (validity) {
        case Validity::Valid: return "valid";
        case Validity::NotYetValid: return "not yet valid";
        case Validity::Expired: return "expired";
        case Validity::Unknown: return "unknown";
    }
    return "?";
}

ChainVerdict judge_chain(const std::vector<CertificateInfo>& chain, const std::optional<RtcReading>& rtc,
                         const std::string& server_name, const std::optional<std::int64_t>& host_now) {
    ChainVerdict v;
    v.rtc = rtc;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        const CertificateInfo& cert = chain[i];
        const std::string who = fmt::format("cert[{}] {}", i, cert.label());
        if (!cert.error.empty()) {
            v.validity.push_back(Validity::Unknown);
            v.findings.push_back(fmt::format("cert[{}]: not parsed ({})", i, cert.error));
            continue;
        }
        const std::string period = fmt::format("{} .. {}", format_utc(cert.not_before), format_utc(cert.not_after));
        if (!rtc) {
            v.validity.push_back(Validity::Unknown);
            v.findings.push_back(fmt::format("{}: valid {} (no modem RTC to judge against)", who, period));
        } else if (rtc->utc < cert.not_before) {
            v.validity.push_back(Validity::NotYetValid);
            v.findings.push_back(fmt::format("{}: notBefore {} is after modem RTC {} → not yet valid", who,
                                             format_utc(cert.not_before), format_utc(rtc->utc)));
        } else if (rtc->utc > cert.not_after) {
            v.validity.push_back(Validity::Expired);
            v.findings.push_back(fmt::format("{}: notAfter {} is before modem RTC {} → expired", who,
                                             format_utc(cert.not_after), format_utc(rtc->utc)));
        } else {
            v.validity.push_back(Validity::Valid);
            v.findings.push_back(fmt::format("{}: valid at modem RTC {} ({})", who, format_utc(rtc->utc), period));
        }
        if (v.validity.back() == Validity::NotYetValid || v.validity.back() == Validity::Expired) v.dates_ok = false;
    }
    if (rtc && !v.dates_ok) v.findings.push_back(fix_sentence(chain, *rtc, host_now));

    if (!chain.empty() && chain.front().error.empty()) {
        const CertificateInfo& leaf = chain.front();
        std::vector<std::string> names = leaf.dns_names;
        if (names.empty() && !leaf.subject_cn.empty()) names.push_back(leaf.subject_cn);  // RFC 6125 §6.4.4
        if (!server_name.empty() && std::none_of(names.begin(), names.end(), [&](const std::string& n) {
                return host_name_matches(n, server_name);
            })) {
            v.name_mismatch = true;
            v.findings.push_back(fmt::format("hint: the leaf's names [{}] do not include the server name {} (SNI)",
                                             join(names), server_name));
        }
        if (leaf.self_signed) {
            v.self_signed_leaf = true;
            v.findings.push_back(
                "hint: the leaf is self-signed: the modem accepts it only if it holds that very certificate as its CA");
        }
    }
    return v;
}

bool host_name_matches(const std::string& pattern, const std::string& host) {
    const std::string p = lower(pattern);
    const std::string h = lower(host);
    if (!p.starts_with("*.")) return p == h;
    const auto dot = h.find('.');
    return dot != std::string::npos && dot > 0 && h.substr(dot) == p.substr(1);
}

std::int64_t utc_seconds(int year, int month, int day, int hour, int minute, int second) {
    return (rtc_days_from_civil(year, month, day) + kRtcEpochDays) * kSecondsPerDay + hour * 3600 + minute * 60 +
           second;
}

std::string format_utc(std::int64_t seconds) {
    std::int64_t days = seconds / kSecondsPerDay;
    std::int64_t in_day = seconds % kSecondsPerDay;
    if (in_day < 0) {
        in_day += kSecondsPerDay;
        --days;
    }
    const CivilDateTime t = rtc_civil_from_days(days - kRtcEpochDays);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.year, t.month, t.day, in_day / 3600, in_day / 60 % 60,
                       in_day % 60);
}

}  // namespace q2686
