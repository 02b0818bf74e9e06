// lwIP's timers on an idle stack (firmware/lwip/sys_timeouts.c; docs/network.md, "lwIP's
// timers"): the once-a-second DNS and IP-reassembly timers are skipped while they would do
// nothing, so a started stack with no lookup, no cached name and no datagram being
// reassembled arms no timer at all. Whenever they have work they still run, on their grid:
// each test starts from such an idle stack and checks that the work gets done — a lost DNS
// query is asked again, a cached answer expires after its TTL, an incomplete datagram is
// dropped with an ICMP "fragment reassembly time exceeded" after IP_REASS_MAXAGE (15 ticks).
#include <vector>

#include "host/gateway/gateway_dns.h"
#include "ip/ipv4.h"
#include "wip_fixture.h"

namespace q2686::integration {
namespace {

class LwipTimers : public ::testing::Test {
protected:
    void SetUp() override {
        wip.rig.modem.add_packet_observer([this](LinkDirection direction, const IpPacket& packet, Cycles when) {
            if (direction != LinkDirection::Uplink) return;
            const auto header = ipv4::parse(packet);
            if (!header) return;
            if (const auto udp = ipv4::parse_udp(packet, *header); udp && udp->destination_port == 53)
                dns_queries.push_back(when);
            if (const auto icmp = ipv4::parse_icmp(packet, *header); icmp && icmp->type == kIcmpTimeExceeded)
                time_exceeded.push_back({icmp->code, when});
        });
        ASSERT_TRUE(wip.boot());
        wip.connect_bearer();
        wip.rig.at.wait(seconds(5));  // idle: no lookup, no datagram, no connection
    }

    std::string create_by_name(std::uint16_t port) {
        return "AT+WIPCREATE=2,1,\"echo.example\"," + std::to_string(port);
    }

    static constexpr std::uint8_t kIcmpTimeExceeded = 11;  // RFC 792
    static constexpr std::uint8_t kFragmentReassembly = 1;

    WipRig wip;
    std::vector<Cycles> dns_queries;
    std::vector<std::pair<std::uint8_t, Cycles>> time_exceeded;  // (code, when)
};

TEST_F(LwipTimers, ALostDnsQueryIsAskedAgainUntilItIsAnswered) {
    const auto server = cat_echo_server();
    ASSERT_TRUE(server.ready());
    GprsLink& link = wip.rig.modem.link();
    link.outage(seconds(2.5), wip.rig.modem.now());
    ASSERT_TRUE(Replied(wip.cmd(create_by_name(server.port())), {}, "OK"));
    EXPECT_TRUE(wip.saw("+WIPREADY: 2,1", 15));
    EXPECT_GT(link.stats().dropped[static_cast<int>(LinkDirection::Uplink)], 0u) << "the outage was real";
    EXPECT_GE(dns_queries.size(), 2u) << "the first query was lost: lwIP's DNS timer asked again";
}

TEST_F(LwipTimers, ACachedNameServesUntilItsTtlRunsOutThenIsAskedAgain) {
    const auto server = cat_echo_server();
    ASSERT_TRUE(server.ready());
    const auto open_and_close = [&] {
        ASSERT_TRUE(Replied(wip.cmd(create_by_name(server.port())), {}, "OK"));
        ASSERT_TRUE(wip.saw("+WIPREADY: 2,1", 10));
        ASSERT_TRUE(Replied(wip.cmd("AT+WIPCLOSE=2,1"), {}, "OK"));
    };
    open_and_close();
    ASSERT_EQ(dns_queries.size(), 1u);
    wip.rig.at.wait(seconds(kDnsTtl - 20.0));
    open_and_close();
    EXPECT_EQ(dns_queries.size(), 1u) << "within the TTL the cached answer serves";
    wip.rig.at.wait(seconds(30));
    open_and_close();
    EXPECT_EQ(dns_queries.size(), 2u) << "after the TTL (" << kDnsTtl << " s) the name is asked again";
}

TEST_F(LwipTimers, AnIncompleteDatagramIsDroppedWithTimeExceededAfterTheReassemblyAge) {
    // The first fragment of a UDP datagram from the gateway to the modem (10.64.1.2): its
    // UDP header and 16 payload bytes, "more fragments" set; the rest never comes.
    const std::vector<std::uint8_t> payload(64, 0x5A);
    IpPacket fragment = ipv4::build_udp(0x0A400001, 4000, 0x0A400102, 5000, payload, 0x2686);
    fragment.resize(20 + 8 + 16);
    fragment[2] = 0;
    fragment[3] = static_cast<std::uint8_t>(fragment.size());
    fragment[6] = 0x20;  // MF, offset 0
    fragment[7] = 0;
    ipv4::fill_checksums(fragment);  // the IP header's; a fragment's UDP checksum is left as it is
    const Cycles sent = wip.rig.modem.now();
    wip.rig.modem.link().send(LinkDirection::Downlink, fragment, sent);

    wip.rig.at.wait(seconds(14));
    EXPECT_TRUE(time_exceeded.empty()) << "still waiting for the other fragments";
    wip.rig.at.wait(seconds(4));
    ASSERT_EQ(time_exceeded.size(), 1u) << "IP_REASS_MAXAGE ticks of the reassembly timer later";
    EXPECT_EQ(time_exceeded[0].first, kFragmentReassembly);
    // 15 ticks count the datagram's age down, the 16th drops it; the first comes within a
    // second of the fragment (plus the link's delay), on the timer's grid.
    const double age = wip.rig.modem.clock().to_seconds(time_exceeded[0].second - sent);
    EXPECT_GT(age, 15.0);
    EXPECT_LT(age, 17.0);
}

}  // namespace
}  // namespace q2686::integration
