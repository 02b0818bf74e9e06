// wolfSSL on the emulated ARM946E-S: firmware/wolfssl (Debian's wolfSSL source, our
// user_settings.h) linked into wolfcrypt_selftest.elf (firmware/smoke/wolfcrypt_selftest.c),
// which runs SHA-256, ECDHE P-256, RSA-2048 verify, AES-GCM and a wolfSSL client context with a
// CA loaded, and reports "+WCTEST: OK sha256 ecdhe rsa aesgcm tls <virtual ms>" or
// "+WCTEST: FAIL <which> <code>"; AT+WCBENCH times ECDHE and RSA verify in CPU cycles, AT+WCMEM?
// reports heap and stack use. docs/network.md ("TLS on the modem").
#include <chrono>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "modem_fixture.h"

namespace q2686::integration {
namespace {

constexpr std::int64_t kRtcEpochUnix = 883'612'800;  // 1998-01-01 00:00:00 UTC

class WolfModem : public LoggedModem {
public:
    WolfModem() : LoggedModem(Q2686_WOLFCRYPT_IMAGE) {}

    // The RTC (battery domain) set before power-on, in seconds since 1998-01-01.
    void preload_rtc(std::int64_t seconds_since_1998, int tz_quarters = 0) {
        rig.modem.rtc().preload(seconds_since_1998, tz_quarters, rig.modem.now());
    }
    // The RTC at the host's wall-clock time: inside the build-time CA's validity window.
    void preload_rtc_now() {
        const auto unix_now =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
        preload_rtc(unix_now.count() - kRtcEpochUnix);
    }

    std::optional<TranscriptEntry> run_self_test(Cycles timeout = seconds(30)) {
        return power_on_until("+WCTEST:", timeout);
    }

    AtReply cmd(std::string_view line, Cycles timeout = seconds(30)) { return rig.cmd(line, timeout); }
};

// The information line of `reply` starting with `prefix` (unsolicited lines such as "+WIND: 4"
// may arrive while a command runs), or "" if none.
std::string line_with(const AtReply& reply, std::string_view prefix) {
    for (const auto& line : reply.lines)
        if (line.starts_with(prefix)) return line;
    return "";
}

// "+WCTEST: OK sha256 ecdhe rsa aesgcm tls <ms>" → ms; anything else → nullopt.
std::optional<unsigned> parse_ok(const std::string& line) {
    static const std::regex ok(R"(^\+WCTEST: OK sha256 ecdhe rsa aesgcm tls (\d+)$)");
    std::smatch m;
    if (!std::regex_match(line, m, ok)) return std::nullopt;
    return static_cast<unsigned>(std::stoul(m[1]));
}

TEST(WolfCrypt, SelfTestPassesOnTheEmulatedCpu) {
    WolfModem modem;
    modem.preload_rtc_now();
    const auto line = modem.run_self_test();
    ASSERT_TRUE(line) << "no +WCTEST line within 30 s of virtual time" << modem.diagnostics();
    const auto ms = parse_ok(line->text);
    ASSERT_TRUE(ms) << line->text << modem.diagnostics();
    // The image's clock (cycle counter) and the host's view of virtual time agree: the tests
    // start 10 ms after adl_main, and the line leaves the UART at once.
    const double arrived_ms = to_seconds(line->when) * 1000.0;
    EXPECT_GT(*ms, 0u);
    EXPECT_LE(*ms + 10.0, arrived_ms);
}

TEST(WolfCrypt, BenchReportsPositiveCycleCounts) {
    WolfModem modem;
    modem.preload_rtc_now();
    const auto line = modem.run_self_test();
    ASSERT_TRUE(line && parse_ok(line->text)) << (line ? line->text : "no +WCTEST line") << modem.diagnostics();

    const AtReply reply = modem.cmd("AT+WCBENCH");
    ASSERT_TRUE(reply.ok()) << reply.text() << modem.diagnostics();
    const std::string bench_line = line_with(reply, "+WCBENCH:");
    static const std::regex bench(R"(^\+WCBENCH: ecdhe=(\d+) rsa_verify=(\d+)$)");
    std::smatch m;
    ASSERT_TRUE(std::regex_match(bench_line, m, bench)) << reply.text();
    EXPECT_GT(std::stoull(m[1]), 0u);
    EXPECT_GT(std::stoull(m[2]), 0u);

    const AtReply mem = modem.cmd("AT+WCMEM?");
    ASSERT_TRUE(mem.ok()) << mem.text();
    const std::string mem_text = line_with(mem, "+WCMEM:");
    static const std::regex mem_line(R"(^\+WCMEM: heap_arena=(\d+),heap_in_use=(\d+),stack_max=(\d+)$)");
    ASSERT_TRUE(std::regex_match(mem_text, m, mem_line)) << mem.text();
    EXPECT_GT(std::stoul(m[1]), 0u);
    EXPECT_LE(std::stoul(m[2]), std::stoul(m[1]));
    EXPECT_GT(std::stoul(m[3]), 0u);
    EXPECT_LT(std::stoul(m[3]), 14u * 1024u) << "SVC stack (DTCM) exhausted";
}

// The seed's story at load time: with the RTC at its power-on default (1998-01-01), the CA
// generated at build time is not yet valid, and wolfSSL refuses to load it (ASN_BEFORE_DATE_E).
TEST(WolfCrypt, CaIsRejectedAsNotYetValidWhenTheRtcSaysNineteenNinetyEight) {
    WolfModem modem;
    modem.preload_rtc(0);
    const auto line = modem.run_self_test();
    ASSERT_TRUE(line) << "no +WCTEST line within 30 s of virtual time" << modem.diagnostics();
    EXPECT_EQ(line->text, "+WCTEST: FAIL tls -150") << modem.diagnostics();
}

}  // namespace
}  // namespace q2686::integration
