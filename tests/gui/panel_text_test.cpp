// The GUI panels' wording and the validity timeline's scale (gui/panels/panel_text.h).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "certificate_windows.h"
#include "panel_text.h"
#include "tls/dissector/pem_certificates.h"
#include "tls/server/test_pki.h"

namespace q2686::gui {
namespace {

constexpr std::int64_t kDay = 86400;

TEST(GuiPanelText, TheOffsetIsInAUnitThatReads) {
    EXPECT_EQ(offset_text(3), "+3 s");
    EXPECT_EQ(offset_text(-240), "-4.0 min");
    EXPECT_EQ(offset_text(5 * 3600), "+5.0 h");
    // The scenario's RTC set 11.8 days behind: days, not "(-0.0 years)".
    EXPECT_EQ(offset_text(-1019520), "-11.8 days");
    EXPECT_EQ(offset_text(400 * kDay), "+400.0 days");
    // The power-on default 98/01/01 against 2026: years.
    EXPECT_EQ(offset_text(-(static_cast<std::int64_t>(28.9 * 31557600))), "-28.9 years");
}

TEST(GuiPanelText, PausedSaysPausedAndNotAFactorOfZero) {
    EXPECT_EQ(run_state_text(true, 0.0), "Paused");
    EXPECT_EQ(run_state_text(false, 1.0), "running, real-time factor 1.0x");
}

TEST(GuiPanelText, CloseNotifyIsNoAlarm) {
    EXPECT_TRUE(alarming_alert("Alert fatal bad_certificate (42)"));
    EXPECT_TRUE(alarming_alert("encrypted record of an alert's size (19 B)"));
    EXPECT_FALSE(alarming_alert("Alert warning close_notify (0)"));
    EXPECT_FALSE(alarming_alert("encrypted alert (26 B; after the handshake, usually close_notify)"));
    EXPECT_FALSE(alarming_alert("ServerHello TLS1.3"));
}

TEST(GuiPanelText, TheTimelineScaleIsWholeYearsAndStaysPutWhileTheClocksTick) {
    const std::int64_t not_before = start_of_year(2025), not_after = start_of_year(2028);
    const std::int64_t rtc = start_of_year(2026) + 100 * kDay;
    EXPECT_EQ(start_of_year(1970), 0);
    EXPECT_EQ(start_of_year(2026), 1767225600);
    const auto scale = timeline_years(std::min(not_before, rtc), std::max(not_after, rtc));
    EXPECT_EQ(scale, (std::pair{2025, 2029}));
    for (std::int64_t tick = 0; tick < 3 * 3600; tick += 997)  // hours of the RTC ticking by
        EXPECT_EQ(timeline_years(std::min(not_before, rtc + tick), std::max(not_after, rtc + tick)), scale);
    // The power-on default: the scale reaches back to 1998.
    EXPECT_EQ(timeline_years(start_of_year(1998), not_after).first, 1998);
}

// A TLS 1.2 connection that failed with the RTC at its 1998 power-on default: the chain the
// dissector saw, judged when it crossed the link.
TlsSession failed_at_the_power_on_default() {
    TlsSession t;
    t.server_name = "api.example.com";
    t.outcome = TlsOutcome::Failed;
    CertificateInfo leaf;
    leaf.subject_cn = "api.example.com";
    leaf.subject = "/CN=api.example.com";
    leaf.not_before = start_of_year(2024);
    leaf.not_after = start_of_year(2034);
    t.chain.push_back(leaf);
    t.chain_judged = true;
    t.verdict.rtc = RtcReading{start_of_year(1998) + 7, "98/01/01,00:00:07+00"};
    return t;
}

TEST(GuiPanelText, AFailedConnectionIsJudgedAtItsOwnHandshakeNotAtTheClockSetAfterIt) {
    const TlsSession t = failed_at_the_power_on_default();
    const std::int64_t after_cclk = start_of_year(2026) + 100 * kDay;  // AT+CCLK put the clock right since
    const JudgedChain chain = session_chain(t, after_cclk);
    EXPECT_EQ(chain.judged_at, start_of_year(1998) + 7);
    ASSERT_EQ(chain.windows.size(), 1u);
    EXPECT_EQ(window_verdict(chain.windows[0], chain.judged_at),
              "✗ cert CN=api.example.com: valid 2024-01-01 00:00:00 .. 2034-01-01 00:00:00");
    EXPECT_EQ(window_consequence(chain.windows[0], chain.judged_at, When::AtTheHandshake),
              "the RTC was before this window at the handshake: not-yet-valid");
    // The same certificate at the clock now is fine: that is the Clock panel's question, not this one.
    EXPECT_TRUE(window_verdict(chain.windows[0], after_cclk).starts_with("✓"));
    // No reading of the RTC with the chain (it was never judged): the clock now is all there is.
    TlsSession unjudged = t;
    unjudged.chain_judged = false;
    EXPECT_EQ(session_chain(unjudged, after_cclk).judged_at, after_cclk);
}

TEST(GuiPanelText, UnderTls13TheIntermediateTheFirmwareRejectedIsOnTheClockTimeline) {
    // TLS 1.3: the dissector saw no certificate (encrypted); the firmware's +TLSERR names the
    // intermediate that failed.
    TlsSession t;
    t.server_name = "api.example.com";
    t.certificate_encrypted = true;
    t.outcome = TlsOutcome::Failed;
    const auto error = parse_tls_error(
        R"(+TLSERR: 1,"Bad certificate",-150,"not-yet-valid","notBefore=2020-01-01T00:00:00Z )"
        R"(notAfter=2040-01-01T00:00:00Z rtc=1998-01-01T00:00:08Z depth=1 cn=q2686emu%20Test%20Intermediate%20CA )"
        R"(issuer=q2686emu%20Test%20Root%20CA")");
    ASSERT_TRUE(error);
    ASSERT_EQ(reported_rtc(*error), start_of_year(1998) + 8);
    const std::vector<ValidityWindow> rows = clock_timeline({}, {t}, error);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].name, "cert[1] CN=q2686emu Test Intermediate CA (firmware's verdict: not-yet-valid)");
    EXPECT_EQ(rows[0].from, start_of_year(2020));
    EXPECT_EQ(rows[0].until, start_of_year(2040));
    EXPECT_EQ(window_consequence(rows[0], start_of_year(1998) + 8),
              "the RTC is before this window: the modem will say not-yet-valid");
    // A failure that names no certificate (the server's alert) adds no row.
    const auto alert = parse_tls_error(R"(+TLSERR: 2,"TLS failure",-313,"handshake-failure","alert=70 reason=x")");
    ASSERT_TRUE(alert);
    EXPECT_TRUE(clock_timeline({}, {t}, alert).empty());
    EXPECT_FALSE(reported_certificate(*alert));
}

}  // namespace
}  // namespace q2686::gui

namespace q2686::gui {
namespace {
std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}
}  // namespace

// The Clock panel's accepted interval: the chain of the last connection that showed one (TLS 1.2)
// intersected with the anchors of TLS:0 it leads to — the window `tls-window` proves.
TEST(GuiPanelText, TheAcceptedIntervalIsTheChainAndItsAnchorsIntersected) {
    const TestPki pki;
    const ServerCredentials credentials = pki.server(ServerCertificateSpec{});  // 2024 .. 2034, test intermediate
    TlsSession tls12;
    tls12.chain = read_pem_certificates(read_text(credentials.chain));
    ASSERT_EQ(tls12.chain.size(), 2u);
    TlsSession tls13;  // a later connection whose chain was encrypted: not the one drawn
    tls13.certificate_encrypted = true;
    const auto accepted = accepted_interval({tls12, tls13}, read_text(pki.root_ca()));
    ASSERT_TRUE(accepted);
    EXPECT_EQ(accepted->from, start_of_year(2024));
    EXPECT_EQ(accepted->until, start_of_year(2034));
    EXPECT_EQ(accepted->name,
              "accepted by the firmware (chain and anchors): from depth 0 CN=api.example.com, until depth 0 "
              "CN=api.example.com");
    EXPECT_TRUE(window_verdict(*accepted, start_of_year(2026)).starts_with("✓ accepted by the firmware"));
    // Only the intermediate and the leaf: an intermediate in TLS:0 instead of the root bounds it too.
    TlsSession leaf_only;
    leaf_only.chain = {tls12.chain[0]};
    const auto with_intermediate = accepted_interval({leaf_only}, read_text(credentials.intermediate));
    ASSERT_TRUE(with_intermediate);
    EXPECT_EQ(with_intermediate->from, start_of_year(2024));
    EXPECT_FALSE(accepted_interval({tls13}, read_text(pki.root_ca())));  // no chain seen yet
}

}  // namespace q2686::gui
