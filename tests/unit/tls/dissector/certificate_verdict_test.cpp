// Certificate verdict: a chain judged against the modem's RTC, with exact ISO 8601 dates, the
// AT+CCLK fix, and the host-name and self-signed hints.
#include "tls/dissector/certificate_verdict.h"

#include <gtest/gtest.h>

namespace q2686 {
namespace {

CertificateInfo leaf() {
    CertificateInfo c;
    c.subject = "/CN=api.example.com";
    c.subject_cn = "api.example.com";
    c.dns_names = {"api.example.com", "*.api.example.com"};
    c.issuer = "/CN=Test Root CA";
    c.issuer_cn = "Test Root CA";
    c.not_before = utc_seconds(2025, 1, 1, 0, 0, 0);
    c.not_after = utc_seconds(2035, 1, 1, 0, 0, 0);
    return c;
}

CertificateInfo root() {
    CertificateInfo c;
    c.subject = c.issuer = "/CN=Test Root CA";
    c.subject_cn = c.issuer_cn = "Test Root CA";
    c.not_before = utc_seconds(2020, 6, 1, 12, 0, 0);
    c.not_after = utc_seconds(2040, 6, 1, 12, 0, 0);
    c.self_signed = c.is_ca = true;
    return c;
}

// The RTC's default after a power loss, 2 min 11 s after power-on: AT+CCLK never set.
const RtcReading kUnsetRtc = rtc_reading(CivilDateTime{1998, 1, 1, 0, 2, 11}, 0);

TEST(CertificateVerdictTest, UtcFormattingAndArithmeticAgree) {
    EXPECT_EQ(utc_seconds(1970, 1, 1, 0, 0, 0), 0);
    EXPECT_EQ(utc_seconds(1998, 1, 1, 0, 2, 11), 883'612'931);
    EXPECT_EQ(format_utc(883'612'931), "1998-01-01T00:02:11Z");
    EXPECT_EQ(format_utc(utc_seconds(2126, 2, 28, 23, 59, 59)), "2126-02-28T23:59:59Z");
    EXPECT_EQ(format_utc(-1), "1969-12-31T23:59:59Z");
}

TEST(CertificateVerdictTest, RtcReadingConvertsLocalTimeAndZoneToUtc) {
    // 27.007: local time with its offset from UTC in quarter hours; +08 = UTC+2.
    const RtcReading r = rtc_reading(CivilDateTime{2024, 5, 17, 10, 0, 0}, 8);
    EXPECT_EQ(r.cclk, "24/05/17,10:00:00+08");
    EXPECT_EQ(format_utc(r.utc), "2024-05-17T08:00:00Z");
    EXPECT_EQ(format_utc(rtc_reading(CivilDateTime{2024, 1, 1, 1, 0, 0}, -20).utc), "2024-01-01T06:00:00Z");
}

TEST(CertificateVerdictTest, CclkOfUtcWritesTheLocalTimeOfTheZoneThatRtcReadingReadsBack) {
    const std::int64_t utc = rtc_reading(CivilDateTime{2024, 5, 17, 8, 0, 0}, 0).utc;
    EXPECT_EQ(cclk_of_utc(utc), "24/05/17,08:00:00+00");
    EXPECT_EQ(cclk_of_utc(utc, 8), "24/05/17,10:00:00+08");
    EXPECT_EQ(cclk_of_utc(utc, -20), "24/05/17,03:00:00-20");
    EXPECT_EQ(cclk_of_utc(utc, -36), "24/05/16,23:00:00-36");  // the day before, in the zone
    EXPECT_EQ(rtc_reading(CivilDateTime{2024, 5, 17, 10, 0, 0}, 8).cclk, cclk_of_utc(utc, 8));
}

TEST(CertificateVerdictTest, UnsetRtcMakesEveryCertificateNotYetValidAndSaysToSetTheClock) {
    const ChainVerdict v = judge_chain({leaf(), root()}, kUnsetRtc, "api.example.com");
    EXPECT_FALSE(v.dates_ok);
    EXPECT_EQ(v.validity, (std::vector<Validity>{Validity::NotYetValid, Validity::NotYetValid}));
    ASSERT_EQ(v.findings.size(), 3u);
    EXPECT_EQ(v.findings[0],
              "cert[0] CN=api.example.com: notBefore 2025-01-01T00:00:00Z is after modem RTC 1998-01-01T00:02:11Z "
              "→ not yet valid");
    EXPECT_EQ(v.findings[1],
              "cert[1] CN=Test Root CA: notBefore 2020-06-01T12:00:00Z is after modem RTC 1998-01-01T00:02:11Z "
              "→ not yet valid");
    EXPECT_EQ(v.findings[2],
              "modem RTC reads \"98/01/01,00:02:11+00\" (1998-01-01T00:02:11Z), the default after a power loss: the "
              "clock was never set: set AT+CCLK to the current time (the chain is valid from 2025-01-01T00:00:00Z to "
              "2035-01-01T00:00:00Z)");
    EXPECT_FALSE(v.name_mismatch);
    EXPECT_FALSE(v.self_signed_leaf);
}

TEST(CertificateVerdictTest, FixSuggestsTheHostsCurrentTimeNotTheStartOfTheChain) {
    const std::int64_t host_now = utc_seconds(2026, 12, 7, 6, 20, 0);
    const ChainVerdict v = judge_chain({leaf(), root()}, kUnsetRtc, "api.example.com", host_now);
    ASSERT_EQ(v.findings.size(), 3u);
    EXPECT_EQ(v.findings[2],
              "modem RTC reads \"98/01/01,00:02:11+00\" (1998-01-01T00:02:11Z), the default after a power loss: the "
              "clock was never set: set AT+CCLK to the current time (e.g. AT+CCLK=\"26/12/07,06:20:00+00\", this "
              "host's time now; the chain is valid from 2025-01-01T00:00:00Z to 2035-01-01T00:00:00Z)");
    EXPECT_EQ(v.findings[2].find("25/01/01"), std::string::npos) << "a date from the chain, not the time now";
}

TEST(CertificateVerdictTest, FixSaysTheCertificateIsOutOfDateWhenTheHostsTimeIsOutsideTheChain) {
    const std::int64_t host_now = utc_seconds(2036, 3, 1, 12, 0, 0);
    const ChainVerdict v = judge_chain({leaf(), root()}, kUnsetRtc, "api.example.com", host_now);
    EXPECT_NE(v.findings.back().find("e.g. AT+CCLK=\"36/03/01,12:00:00+00\""), std::string::npos) << v.findings.back();
    EXPECT_NE(v.findings.back().find("at this host's time the chain is expired too: the server's certificate is out "
                                     "of date"),
              std::string::npos)
        << v.findings.back();
}

TEST(CertificateVerdictTest, ClockPastNotAfterMakesTheLeafExpired) {
    const RtcReading late = rtc_reading(CivilDateTime{2036, 3, 1, 12, 0, 0}, 4);  // 11:00Z
    const ChainVerdict v = judge_chain({leaf(), root()}, late, "api.example.com");
    EXPECT_EQ(v.validity, (std::vector<Validity>{Validity::Expired, Validity::Valid}));
    EXPECT_EQ(v.findings[0],
              "cert[0] CN=api.example.com: notAfter 2035-01-01T00:00:00Z is before modem RTC 2036-03-01T11:00:00Z "
              "→ expired");
    EXPECT_EQ(v.findings[1],
              "cert[1] CN=Test Root CA: valid at modem RTC 2036-03-01T11:00:00Z (2020-06-01T12:00:00Z .. "
              "2040-06-01T12:00:00Z)");
    EXPECT_NE(v.findings[2].find("if the modem's clock is right, the server's certificate is out of date"),
              std::string::npos);
}

TEST(CertificateVerdictTest, BoundsAreInclusive) {
    const CertificateInfo c = leaf();
    EXPECT_TRUE(judge_chain({c}, RtcReading{c.not_before, "x"}, "").dates_ok);
    EXPECT_TRUE(judge_chain({c}, RtcReading{c.not_after, "x"}, "").dates_ok);
    EXPECT_FALSE(judge_chain({c}, RtcReading{c.not_after + 1, "x"}, "").dates_ok);
}

TEST(CertificateVerdictTest, ValidChainHasNoFix) {
    const RtcReading now = rtc_reading(CivilDateTime{2026, 11, 25, 10, 0, 0}, 0);
    const ChainVerdict v = judge_chain({leaf(), root()}, now, "api.example.com");
    EXPECT_TRUE(v.dates_ok);
    EXPECT_EQ(v.findings.size(), 2u);
}

TEST(CertificateVerdictTest, WithoutAClockTheDatesAreListedNotJudged) {
    const ChainVerdict v = judge_chain({leaf()}, std::nullopt, "api.example.com");
    EXPECT_EQ(v.validity, std::vector<Validity>{Validity::Unknown});
    EXPECT_TRUE(v.dates_ok);
    EXPECT_EQ(v.findings[0],
              "cert[0] CN=api.example.com: valid 2025-01-01T00:00:00Z .. 2035-01-01T00:00:00Z (no modem RTC to judge "
              "against)");
}

TEST(CertificateVerdictTest, HintsWhenTheLeafDoesNotNameTheServer) {
    const ChainVerdict v = judge_chain({leaf()}, std::nullopt, "mqtt.example.org");
    EXPECT_TRUE(v.name_mismatch);
    EXPECT_EQ(v.findings.back(),
              "hint: the leaf's names [api.example.com, *.api.example.com] do not include the server name "
              "mqtt.example.org (SNI)");
    EXPECT_FALSE(judge_chain({leaf()}, std::nullopt, "eu.API.example.com").name_mismatch);
    EXPECT_FALSE(judge_chain({leaf()}, std::nullopt, "").name_mismatch);  // no SNI: nothing to compare
}

TEST(CertificateVerdictTest, HintsAtASelfSignedLeaf) {
    CertificateInfo self = leaf();
    self.issuer = self.subject;
    self.self_signed = true;
    const ChainVerdict v = judge_chain({self}, std::nullopt, "api.example.com");
    EXPECT_TRUE(v.self_signed_leaf);
    EXPECT_NE(v.findings.back().find("self-signed"), std::string::npos);
}

TEST(CertificateVerdictTest, ChainWithNoCommonValidityTimeSaysSo) {
    CertificateInfo old_root = root();
    old_root.not_after = utc_seconds(2024, 1, 1, 0, 0, 0);
    const ChainVerdict v = judge_chain({leaf(), old_root}, kUnsetRtc, "api.example.com");
    EXPECT_NE(v.findings.back().find("no time makes the whole chain valid"), std::string::npos);
}

TEST(CertificateVerdictTest, WildcardCoversExactlyOneLeftmostLabel) {
    EXPECT_TRUE(host_name_matches("*.example.com", "api.example.com"));
    EXPECT_FALSE(host_name_matches("*.example.com", "a.b.example.com"));
    EXPECT_FALSE(host_name_matches("*.example.com", "example.com"));
    EXPECT_TRUE(host_name_matches("API.Example.com", "api.example.COM"));
}

}  // namespace
}  // namespace q2686
