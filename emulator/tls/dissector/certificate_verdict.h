// Certificate verdict — judges a server's certificate chain, as the TLS dissector saw it cross
// the link, against the modem's RTC at that moment: the check an embedded TLS client makes
// first (RFC 5280 §6.1.3 (a)(2): the validity period must contain the current time) and the one
// that fails when AT+CCLK was never set — the modem then believes it is 1998 and every
// certificate is "not yet valid", which the firmware reports only as "bad certificate".
//
// Inputs are plain data: CertificateInfo comes from a DER parser (tls/dissector/x509_certificate.h does it
// with wolfSSL), RtcReading from the RTC (peripherals/rtc.h). Times are seconds since
// 1970-01-01T00:00:00Z (UTC, no leap seconds) so certificates outside the RTC's 1998..2097
// range still compare. Validity bounds are inclusive (RFC 5280 §4.1.2.5).
//
// Findings are sentences meant for events and reports; each names the dates in ISO 8601 UTC:
//   "cert[0] CN=api.example.com: notBefore 2025-01-01T00:00:00Z is after modem RTC
//    1998-01-01T00:02:11Z → not yet valid"
// followed by the fix (AT+CCLK in 27.007 form) and hints: a leaf without the SNI host name
// among its names (RFC 6125 §6.4, one leftmost wildcard label), a self-signed leaf.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "time/rtc_calendar.h"

namespace q2686 {

struct CertificateInfo {
    std::size_t der_size = 0;
    std::string error;    // non-empty: the DER could not be parsed; the fields below are empty
    std::string subject;  // one line, "/CN=api.example.com/O=Example"
    std::string subject_cn;
    std::vector<std::string> dns_names;  // subjectAltName dNSName entries
    std::string issuer;
    std::string issuer_cn;
    std::int64_t not_before = 0;  // UTC, seconds since 1970
    std::int64_t not_after = 0;
    std::string signature_algorithm;  // "sha256WithRSAEncryption"
    std::string key;                  // "RSA 2048-bit", "EC 256-bit"
    bool self_signed = false;         // issuer name equals subject name
    bool is_ca = false;

    // "CN=api.example.com", else the subject line, else "(unparsed)".
    std::string label() const;
};

// The modem's clock: its local reading and zone as AT+CCLK? shows them, and the UTC instant.
struct RtcReading {
    std::int64_t utc = 0;  // seconds since 1970
    std::string cclk;      // "98/01/01,00:02:11+00"
};
// From the RTC's local calendar and zone (27.007 quarter hours; local = UTC + zone).
RtcReading rtc_reading(const CivilDateTime& local, int tz_quarters);
// The AT+CCLK value that sets the clock to the UTC instant `utc`, as local time in the zone
// `tz_quarters` (27.007 quarter hours): "26/12/03,08:27:53+00", or "26/12/03,10:27:53+08".
std::string cclk_of_utc(std::int64_t utc, int tz_quarters = 0);

enum class Validity : std::uint8_t { Valid, NotYetValid, Expired, Unknown };
const char* to_string(Validity validity);

struct ChainVerdict {
    std::optional<RtcReading> rtc;   // nullopt: no clock to judge against
    std::vector<Validity> validity;  // per certificate, leaf first
    bool dates_ok = true;            // every parsed certificate valid at the RTC time
    bool name_mismatch = false;      // SNI not among the leaf's names
    bool self_signed_leaf = false;
    std::vector<std::string> findings;  // the sentences, in order
};

// `host_now` (UTC seconds since 1970): the host's clock, which the fix for a wrong RTC quotes as
// its AT+CCLK example. Without it the fix names no date, so the sentence — and a trace that
// holds it — is the same on every run.
ChainVerdict judge_chain(const std::vector<CertificateInfo>& chain, const std::optional<RtcReading>& rtc,
                         const std::string& server_name, const std::optional<std::int64_t>& host_now = std::nullopt);

// RFC 6125 §6.4.3: exact (case-insensitive) or "*.example.com" for exactly one leftmost label.
bool host_name_matches(const std::string& pattern, const std::string& host);

// Seconds since 1970 of a UTC civil time (any proleptic Gregorian date), and back as
// "2025-01-01T00:00:00Z".
std::int64_t utc_seconds(int year, int month, int day, int hour, int minute, int second);
std::string format_utc(std::int64_t seconds);

}  // namespace q2686
