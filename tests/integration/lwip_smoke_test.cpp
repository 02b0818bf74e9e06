// lwIP on the emulated ARM946E-S: firmware/lwip (Debian's lwIP source, our lwipopts.h) linked
// into lwip_loopback.elf (firmware/smoke/lwip_loopback.c), which runs a raw-API TCP echo over
// the loopback netif and reports "+LWIPTEST: OK <bytes> <virtual ms>" or "+LWIPTEST: FAIL
// <reason>", and answers AT+LWIPSTAT? with lwIP's memory statistics. docs/network.md.
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "modem_fixture.h"

namespace q2686::integration {
namespace {

constexpr unsigned kPatternBytes = 2048;  // what the image sends and expects back
constexpr unsigned kMemSize = 20 * 1024;  // MEM_SIZE in firmware/lwip/lwipopts.h
constexpr unsigned kPbufPoolSize = 8;     // PBUF_POOL_SIZE

// The lwIP image on a modem, with its firmware log kept for failure messages.
class LwipModem : public LoggedModem {
public:
    LwipModem() : LoggedModem(Q2686_LWIP_IMAGE) {}

    std::optional<TranscriptEntry> run_smoke_test(Cycles timeout = seconds(10)) {
        return power_on_until("+LWIPTEST:", timeout);
    }

    // AT+LWIPSTAT? as name → numbers ("MEM" → {used, max, capacity, errors}).
    std::map<std::string, std::vector<unsigned>> lwipstat() {
        std::map<std::string, std::vector<unsigned>> stats;
        const AtReply reply = rig.cmd("AT+LWIPSTAT?");
        EXPECT_TRUE(reply.ok()) << reply.text() << diagnostics();
        for (const auto& line : reply.lines) {
            const std::string prefix = "+LWIPSTAT: ";
            if (!line.starts_with(prefix)) {
                ADD_FAILURE() << "unexpected line: " << line;
                continue;
            }
            std::istringstream fields(line.substr(prefix.size()));
            std::string name;
            std::getline(fields, name, ',');
            std::vector<unsigned>& values = stats[name];
            for (std::string field; std::getline(fields, field, ',');)
                values.push_back(static_cast<unsigned>(std::stoul(field)));
        }
        return stats;
    }
};

struct Verdict {
    unsigned bytes = 0;
    unsigned virtual_ms = 0;
};

// "+LWIPTEST: OK <bytes> <ms>" → the numbers; anything else (FAIL, garbage) → nullopt.
std::optional<Verdict> parse_ok(const std::string& line) {
    static const std::regex ok(R"(^\+LWIPTEST: OK (\d+) (\d+)$)");
    std::smatch m;
    if (!std::regex_match(line, m, ok)) return std::nullopt;
    return Verdict{static_cast<unsigned>(std::stoul(m[1])), static_cast<unsigned>(std::stoul(m[2]))};
}

TEST(LwipLoopback, TcpEchoOfTwoKibOverLoopbackSucceeds) {
    LwipModem modem;
    const auto line = modem.run_smoke_test();
    ASSERT_TRUE(line) << "no +LWIPTEST line within 10 s of virtual time" << modem.diagnostics();
    const auto verdict = parse_ok(line->text);
    ASSERT_TRUE(verdict) << line->text << modem.diagnostics();
    EXPECT_EQ(verdict->bytes, kPatternBytes);
    // The image's own clock (sys_now(), from the cycle counter) agrees with the host's view of
    // virtual time: the test started ~1.3 ms after power-on and the line left the UART at once.
    const double arrived_ms = to_seconds(line->when) * 1000.0;
    EXPECT_LE(verdict->virtual_ms, arrived_ms);
    EXPECT_LT(arrived_ms - verdict->virtual_ms, 5.0);
    // Loopback is delivered by the 10 ms poll timer: a handful of ticks at most. A stall
    // (a lost segment waiting for a retransmission timer) would show here.
    EXPECT_LT(verdict->virtual_ms, 500u);
}

TEST(LwipLoopback, LwipStatReportsHeapAndPoolHighWaterMarks) {
    LwipModem modem;
    const auto line = modem.run_smoke_test();
    ASSERT_TRUE(line && parse_ok(line->text)) << (line ? line->text : "no +LWIPTEST line") << modem.diagnostics();
    auto stats = modem.lwipstat();

    ASSERT_EQ(stats["MEM"].size(), 4u) << modem.diagnostics();
    const auto& mem = stats["MEM"];  // used, max, capacity, errors
    EXPECT_EQ(mem[2], kMemSize);
    // Every TCP segment was copied into the heap (tcp_write with COPY) and again by the
    // loopback netif: the 2 KiB pattern must have passed through it.
    EXPECT_GT(mem[1], kPatternBytes);
    EXPECT_LE(mem[1], mem[2]);
    EXPECT_LE(mem[0], mem[1]);
    EXPECT_EQ(mem[3], 0u) << "heap allocation failures";

    ASSERT_EQ(stats["PBUF_POOL"].size(), 4u);
    EXPECT_EQ(stats["PBUF_POOL"][2], kPbufPoolSize);
    EXPECT_EQ(stats["PBUF_POOL"][3], 0u);

    ASSERT_EQ(stats["TCP_PCB"].size(), 4u);
    EXPECT_GE(stats["TCP_PCB"][1], 2u);  // client and the accepted connection at the same time

    ASSERT_EQ(stats["TCP_SEG"].size(), 4u);
    EXPECT_GT(stats["TCP_SEG"][1], 0u);
    EXPECT_EQ(stats["TCP_SEG"][3], 0u);

    ASSERT_EQ(stats["TCP"].size(), 5u);  // sent, received, dropped, checksum errors, memory errors
    // Both ends together: SYN, SYN-ACK, two data segments each way (2048 > MSS 1460), two FINs.
    EXPECT_GE(stats["TCP"][0], 8u);
    EXPECT_EQ(stats["TCP"][0], stats["TCP"][1]) << "loopback: everything sent is received";
    EXPECT_EQ(stats["TCP"][2], 0u);
    EXPECT_EQ(stats["TCP"][3], 0u);
    EXPECT_EQ(stats["TCP"][4], 0u);
}

TEST(LwipLoopback, SameImageSameVirtualTimeAndStatistics) {
    LwipModem first;
    LwipModem second;
    const auto a = first.run_smoke_test();
    const auto b = second.run_smoke_test();
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->text, b->text);
    EXPECT_EQ(a->when, b->when);
    EXPECT_EQ(first.lwipstat(), second.lwipstat());
}

}  // namespace
}  // namespace q2686::integration
