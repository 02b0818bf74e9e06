// GprsLink: what it drops and why — loss, a full queue, outages, an unavailable bearer.
#include "gsm/gprs_link.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "gprs_link_test_support.h"

using namespace q2686;
using namespace q2686::test;

TEST(GprsLink, LossOfOneFifthDropsAboutTwoHundredOfAThousand) {
    GprsLinkConfig c;
    c.loss = 0.2;
    LinkBench b(c);
    for (unsigned i = 0; i < 1000; ++i) {
        b.run(i * 100 * kMs);
        b.link.send(LinkDirection::Downlink, packet(40, i), i * 100 * kMs);
    }
    b.run(200 * kSecond);
    const auto& s = b.link.stats();
    const unsigned down = static_cast<unsigned>(LinkDirection::Downlink);
    EXPECT_EQ(s.sent[down], 1000u);
    EXPECT_NEAR(static_cast<double>(s.dropped[down]), 200.0, 50.0);  // binomial σ ≈ 12.6
    EXPECT_EQ(s.delivered[down] + s.dropped[down], 1000u);
    EXPECT_EQ(b.downlink.size(), s.delivered[down]);
    EXPECT_EQ(b.tapped(LinkDrop::Loss), s.dropped[down]);
    EXPECT_EQ(b.events.count(EventKind::Packet), s.dropped[down]);  // one event per drop
}

TEST(GprsLink, LossOfOneDropsEveryPacket) {
    GprsLinkConfig c;
    c.loss = 1.0;
    LinkBench b(c);
    for (unsigned i = 0; i < 100; ++i) b.link.send(LinkDirection::Uplink, packet(40, i), 0);
    b.run(100 * kSecond);
    EXPECT_TRUE(b.uplink.empty());
    EXPECT_EQ(b.link.stats().dropped[0], 100u);
    EXPECT_EQ(b.tapped(LinkDrop::Loss), 100u);
    EXPECT_EQ(b.events.texts(EventKind::Packet).front(), "uplink 40 B dropped: loss");
}

TEST(GprsLink, LostPacketStillTakesItsAirtime) {
    GprsLinkConfig c = no_jitter();
    c.loss = 1.0;
    LinkBench b(c);
    b.link.send(LinkDirection::Uplink, packet(1500, 1), 0);
    c.loss = 0.0;
    b.link.configure(c);
    b.link.send(LinkDirection::Uplink, packet(1500, 2), 0);
    b.run(10 * kSecond);
    ASSERT_EQ(b.uplink.size(), 1u);
    EXPECT_EQ(b.uplink[0].tag, 2u);
    EXPECT_EQ(b.uplink[0].when, 2 * k1500Uplink + kLatency);
}

TEST(GprsLink, FullQueueDropsTheTail) {
    GprsLinkConfig c = no_jitter();
    c.queue_bytes = 3000;
    LinkBench b(c);
    b.link.send(LinkDirection::Uplink, packet(1500, 1), 0);
    b.link.send(LinkDirection::Uplink, packet(1500, 2), 0);
    b.link.send(LinkDirection::Uplink, packet(1500, 3), 0);  // 4500 > 3000
    EXPECT_EQ(b.tapped(LinkDrop::QueueFull), 1u);
    EXPECT_EQ(b.events.texts(EventKind::Packet).back(), "uplink 1500 B dropped: queue-full");
    // Once the first packet has left the transmitter there is room again.
    b.run(k1500Uplink);
    b.link.send(LinkDirection::Uplink, packet(1500, 4), k1500Uplink);
    b.run(10 * kSecond);
    ASSERT_EQ(b.uplink.size(), 3u);
    EXPECT_EQ(b.uplink[2].tag, 4u);
    EXPECT_EQ(b.uplink[2].when, 3 * k1500Uplink + kLatency);
    EXPECT_EQ(b.link.stats().dropped[0], 1u);
}

TEST(GprsLink, TapSeesEveryOfferedPacketWhenItIsOffered) {
    LinkBench b(no_jitter());
    b.link.send(LinkDirection::Uplink, packet(60, 1), 7 * kMs);
    b.link.send(LinkDirection::Downlink, packet(80, 2), 9 * kMs);
    ASSERT_EQ(b.taps.size(), 2u);
    EXPECT_EQ(b.taps[0].direction, LinkDirection::Uplink);
    EXPECT_EQ(b.taps[0].size, 60u);
    EXPECT_EQ(b.taps[0].when, 7 * kMs);
    EXPECT_EQ(b.taps[0].drop, LinkDrop::None);
    EXPECT_EQ(b.taps[1].direction, LinkDirection::Downlink);
    EXPECT_EQ(b.events.count(EventKind::Packet), 0u);  // no event per delivered packet
}

TEST(GprsLink, OutageDropsPacketsInFlightAndTheLinkRecovers) {
    LinkBench b(no_jitter());
    b.link.send(LinkDirection::Uplink, packet(1500, 1), 0);
    b.link.send(LinkDirection::Downlink, packet(100, 2), 0);
    b.run(100 * kMs);
    b.link.outage(2 * kSecond, 100 * kMs);
    EXPECT_FALSE(b.link.up(100 * kMs));
    EXPECT_EQ(b.tapped(LinkDrop::LinkDown), 2u);
    b.run(1 * kSecond);
    b.link.send(LinkDirection::Uplink, packet(100, 3), 1 * kSecond);  // offered while down
    EXPECT_EQ(b.tapped(LinkDrop::LinkDown), 3u);
    b.run(2100 * kMs);
    EXPECT_TRUE(b.link.up(2100 * kMs));
    b.link.send(LinkDirection::Uplink, packet(1500, 4), 2100 * kMs);
    b.run(10 * kSecond);
    ASSERT_EQ(b.uplink.size(), 1u);
    EXPECT_EQ(b.uplink[0].tag, 4u);
    EXPECT_EQ(b.uplink[0].when, 2100 * kMs + k1500Uplink + kLatency);  // the transmitter starts afresh
    EXPECT_TRUE(b.downlink.empty());
    const auto texts = b.events.texts(EventKind::Packet);
    const std::vector<std::string> expected = {
        "outage 2000 ms",
        "uplink 1500 B dropped: link-down",
        "downlink 100 B dropped: link-down",
        "uplink 100 B dropped: link-down",
        "outage over",
    };
    EXPECT_EQ(texts, expected);
    EXPECT_EQ(b.events.last(EventKind::Packet)->when, 2100 * kMs);
    EXPECT_EQ(b.events.last(EventKind::Packet)->source, "link");
}

TEST(GprsLink, UnavailableLinkDropsEverythingUntilAvailableAgain) {
    LinkBench b(no_jitter());
    b.link.send(LinkDirection::Downlink, packet(500, 1), 0);
    b.link.set_available(false, 10 * kMs);
    EXPECT_FALSE(b.link.up(10 * kSecond));
    b.link.send(LinkDirection::Uplink, packet(100, 2), 20 * kMs);
    b.run(10 * kSecond);
    EXPECT_TRUE(b.downlink.empty());
    EXPECT_TRUE(b.uplink.empty());
    EXPECT_EQ(b.tapped(LinkDrop::LinkDown), 2u);
    b.link.set_available(true, 10 * kSecond);
    b.link.send(LinkDirection::Uplink, packet(100, 3), 10 * kSecond);
    b.run(20 * kSecond);
    ASSERT_EQ(b.uplink.size(), 1u);
    EXPECT_EQ(b.uplink[0].tag, 3u);
    const auto texts = b.events.texts(EventKind::Packet);
    const std::vector<std::string> expected = {
        "link unavailable",
        "downlink 500 B dropped: link-down",
        "uplink 100 B dropped: link-down",
        "link available",
    };
    EXPECT_EQ(texts, expected);
    const auto& s = b.link.stats();
    EXPECT_EQ(s.sent[0] + s.sent[1], 3u);
    EXPECT_EQ(s.dropped[0] + s.dropped[1], 2u);
    EXPECT_EQ(s.delivered[0], 1u);
}
