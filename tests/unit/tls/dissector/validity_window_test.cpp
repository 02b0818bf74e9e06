// The validity window of a chain and its anchors, the certificate the firmware refuses at an
// instant, and when a drifting RTC leaves the window (tls/dissector/validity_window.h).
#include "tls/dissector/validity_window.h"

#include <gtest/gtest.h>

#include "tls/dissector/pem_certificates.h"

namespace q2686 {
namespace {

std::int64_t at(const char* iso) {
    return *parse_utc(iso);
}

CertificateInfo certificate(const char* cn, const char* issuer, const char* from, const char* until) {
    CertificateInfo c;
    c.subject = std::string("/CN=") + cn;
    c.subject_cn = cn;
    c.issuer = std::string("/CN=") + issuer;
    c.issuer_cn = issuer;
    c.not_before = at(from);
    c.not_after = at(until);
    c.self_signed = c.subject == c.issuer;
    c.is_ca = c.self_signed;
    return c;
}

const CertificateInfo kLeaf = certificate("api.example.com", "Inter", "2024-01-01T00:00:00Z", "2034-01-01T00:00:00Z");
const CertificateInfo kShortInter = certificate("Inter", "Root", "2020-01-01T00:00:00Z", "2030-06-15T12:34:56Z");
const CertificateInfo kRoot = certificate("Root", "Root", "2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z");
const CertificateInfo kNarrowRoot = certificate("Root", "Root", "2025-03-01T08:00:01Z", "2033-01-01T00:00:00Z");
const CertificateInfo kOtherRoot = certificate("Other", "Other", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");

TEST(ValidityWindow, AnIntermediateThatEndsBeforeTheLeafEndsTheWindow) {
    const auto window = validity_window({kLeaf, kShortInter}, {kOtherRoot, kRoot});
    ASSERT_TRUE(window);
    EXPECT_EQ(format_utc(window->first), "2024-01-01T00:00:00Z");
    EXPECT_EQ(format_utc(window->last), "2030-06-15T12:34:56Z");
    EXPECT_EQ(window->begins.depth, 0);
    EXPECT_EQ(window->ends.depth, 1);
    EXPECT_EQ(window->ends.cn, "Inter");
    ASSERT_EQ(window->considered.size(), 3u);  // the unrelated root is not part of it
    EXPECT_EQ(window->anchors_from, 2u);
}

TEST(ValidityWindow, AnAnchorNarrowerThanTheChainIsTheWindow) {
    const auto window = validity_window({kLeaf, kShortInter}, {kNarrowRoot});
    ASSERT_TRUE(window);
    EXPECT_EQ(format_utc(window->first), "2025-03-01T08:00:01Z");
    EXPECT_EQ(format_utc(window->last), "2030-06-15T12:34:56Z");
    EXPECT_EQ(window->begins.depth, 2);
    EXPECT_TRUE(window->begins.anchor);
    EXPECT_FALSE(window->ends.anchor);
}

TEST(ValidityWindow, ARootTheServerSendsIsJudgedAsTheTls0CopyAtItsDepth) {
    const auto window = validity_window({kLeaf, kShortInter, kRoot}, {kNarrowRoot});
    ASSERT_TRUE(window);
    ASSERT_EQ(window->considered.size(), 3u);
    EXPECT_EQ(window->anchors_from, 2u);
    EXPECT_EQ(window->begins.depth, 2);
    EXPECT_EQ(format_utc(window->first), "2025-03-01T08:00:01Z");
}

TEST(ValidityWindow, DisjointPeriodsGiveAnEmptyWindow) {
    const CertificateInfo old_inter = certificate("Inter", "Root", "2010-01-01T00:00:00Z", "2020-01-01T00:00:00Z");
    const auto window = validity_window({kLeaf, old_inter}, {kRoot});
    ASSERT_TRUE(window);
    EXPECT_TRUE(window->empty());
}

TEST(ValidityWindow, BoundsOutsideTheRtcRangeAreClippedToIt) {
    const CertificateInfo old_root = certificate("Old", "Old", "1990-01-01T00:00:00Z", "2100-01-01T00:00:00Z");
    const auto window = validity_window({old_root}, {old_root});
    ASSERT_TRUE(window);
    EXPECT_EQ(format_utc(window->first), "1998-01-01T00:00:00Z");
    EXPECT_EQ(format_utc(window->last), "2097-12-31T23:59:59Z");
    EXPECT_TRUE(window->clipped_first);
    EXPECT_TRUE(window->clipped_last);
}

// As the firmware: wolfSSL checks the chain the server sent from the top down, then the
// firmware checks the anchors (firmware/wip_ssl/wip_ssl_verify.c).
TEST(ValidityWindow, TheRefusedCertificateIsTheTopmostSentOneThenTheAnchor) {
    const auto window = validity_window({kLeaf, kShortInter}, {kNarrowRoot});
    ASSERT_TRUE(window);
    const auto in_1998 = expected_refusal(*window, at("1998-01-01T00:00:08Z"));
    ASSERT_TRUE(in_1998);
    EXPECT_EQ(in_1998->cause, "not-yet-valid");
    EXPECT_EQ(in_1998->certificate.depth, 1);  // the anchor (depth 2) is not yet valid either
    const auto in_2024 = expected_refusal(*window, at("2024-06-01T00:00:00Z"));
    ASSERT_TRUE(in_2024);
    EXPECT_EQ(in_2024->certificate.depth, 2);
    EXPECT_TRUE(in_2024->certificate.anchor);
    const auto after = expected_refusal(*window, at("2030-06-15T12:34:57Z"));
    ASSERT_TRUE(after);
    EXPECT_EQ(after->cause, "expired");
    EXPECT_EQ(after->certificate.cn, "Inter");
    EXPECT_FALSE(expected_refusal(*window, at("2030-06-15T12:34:56Z")));
}

TEST(ValidityWindow, AFastRtcLeavesTheWindowBeforeItsEnd) {
    const auto window = validity_window({kLeaf, kShortInter}, {kRoot});
    ASSERT_TRUE(window);
    // 2026-01-01 .. 2030-06-15T12:34:57Z is 140 531 697 s; at 1.00002 the RTC gets there
    // 2810.578 s early: in the true second 2030-06-15T11:48:07Z (exact rational arithmetic).
    const auto exit = drift_exit(*window, 20, at("2026-01-01"));
    ASSERT_TRUE(exit);
    EXPECT_EQ(format_utc(exit->true_instant), "2030-06-15T11:48:07Z");
    EXPECT_EQ(format_utc(exit->rtc_reads), "2030-06-15T12:34:57Z");
    const auto slow = drift_exit(*window, -50, at("2026-01-01"));
    ASSERT_TRUE(slow);
    EXPECT_GT(slow->true_instant, window->last);
    EXPECT_FALSE(drift_exit(*window, 20, at("2031-01-01")));  // synced outside the window
}

TEST(ValidityWindow, ParseUtcTakesDatesAndInstantsAndRefusesTheRest) {
    EXPECT_EQ(parse_utc("2026-01-01"), utc_seconds(2026, 1, 1, 0, 0, 0));
    EXPECT_EQ(parse_utc("2026-01-01T12:00:01Z"), utc_seconds(2026, 1, 1, 12, 0, 1));
    EXPECT_FALSE(parse_utc("2026-02-30"));
    EXPECT_FALSE(parse_utc("2026-01-01T12:00:01"));
    EXPECT_FALSE(parse_utc("yesterday"));
}

TEST(PemCertificates, MalformedBase64IsAnErrorNotACertificate) {
    const auto certificates = read_pem_certificates("-----BEGIN CERTIFICATE-----\n@@@\n-----END CERTIFICATE-----\n");
    ASSERT_EQ(certificates.size(), 1u);
    EXPECT_FALSE(certificates[0].error.empty());
    EXPECT_TRUE(read_pem_certificates("no certificate here").empty());
}

}  // namespace
}  // namespace q2686
