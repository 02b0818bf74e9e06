// GprsLink: serialisation, latency, jitter, order and determinism in virtual time.
#include "gsm/gprs_link.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "gprs_link_test_support.h"

using namespace q2686;
using namespace q2686::test;

namespace {
// Arrival times of `count` 100-byte downlink packets offered every 10 ms.
std::vector<Cycles> downlink_times(GprsLinkConfig config, unsigned count = 50) {
    LinkBench b(config);
    for (unsigned i = 0; i < count; ++i) {
        b.run(i * 10 * kMs);
        b.link.send(LinkDirection::Downlink, packet(100, i), i * 10 * kMs);
    }
    b.run(100 * kSecond);
    std::vector<Cycles> times;
    for (const Delivery& d : b.downlink) times.push_back(d.when);
    return times;
}
}  // namespace

TEST(GprsLink, Serialises1500BytesUplinkInClass10Cs2Time) {
    LinkBench b(no_jitter(0));
    b.link.send(LinkDirection::Uplink, packet(1500, 1), 0);
    b.run(k1500Uplink - 1);
    EXPECT_TRUE(b.uplink.empty());
    b.run(k1500Uplink);
    ASSERT_EQ(b.uplink.size(), 1u);
    EXPECT_EQ(b.uplink[0].when, k1500Uplink);  // 0.4478 s at 26.8 kbit/s
}

TEST(GprsLink, DownlinkHasTwiceTheUplinkSlots) {
    LinkBench b(no_jitter(0));
    b.link.send(LinkDirection::Downlink, packet(1500, 1), 0);
    b.run(10 * kSecond);
    ASSERT_EQ(b.downlink.size(), 1u);
    EXPECT_EQ(b.downlink[0].when, k1500Downlink);  // 0.2239 s at 53.6 kbit/s
}

TEST(GprsLink, AddsTheOneWayLatencyAfterSerialisation) {
    LinkBench b(no_jitter());
    b.link.send(LinkDirection::Uplink, packet(1500, 1), 5 * kMs);
    b.run(10 * kSecond);
    ASSERT_EQ(b.uplink.size(), 1u);
    EXPECT_EQ(b.uplink[0].when, 5 * kMs + k1500Uplink + kLatency);
}

TEST(GprsLink, PacketWaitsForThePreviousOneToBeSerialised) {
    LinkBench b(no_jitter());
    b.link.send(LinkDirection::Uplink, packet(1500, 1), 0);
    b.link.send(LinkDirection::Uplink, packet(1500, 2), 0);
    b.link.send(LinkDirection::Downlink, packet(1500, 3), 0);  // the other direction is independent
    b.run(10 * kSecond);
    ASSERT_EQ(b.uplink.size(), 2u);
    EXPECT_EQ(b.uplink[0].when, k1500Uplink + kLatency);
    EXPECT_EQ(b.uplink[1].when, 2 * k1500Uplink + kLatency);
    ASSERT_EQ(b.downlink.size(), 1u);
    EXPECT_EQ(b.downlink[0].when, k1500Downlink + kLatency);
}

TEST(GprsLink, BurstLeavesBackToBackInOrder) {
    GprsLinkConfig c = no_jitter();
    c.queue_bytes = 1'000'000;
    LinkBench b(c);
    for (unsigned i = 0; i < 300; ++i) b.link.send(LinkDirection::Downlink, packet(1500, i), 0);
    // Take them out in several batches, as the machine's slices would.
    for (Cycles t = 0; t < 100 * kSecond; t += 3 * kSecond) {
        b.run(t);
        if (t == 30 * kSecond) b.link.send(LinkDirection::Downlink, packet(1500, 300), t);
    }
    ASSERT_EQ(b.downlink.size(), 301u);
    for (unsigned i = 0; i <= 300; ++i) {
        EXPECT_EQ(b.downlink[i].tag, i);
        EXPECT_EQ(b.downlink[i].when, (i + 1) * k1500Downlink + kLatency);
    }
}

TEST(GprsLink, DeliversInOrderDespiteJitter) {
    GprsLinkConfig c;
    c.latency_ms = 100;
    c.jitter_ms = 200;  // far more than the 10 ms between packets
    LinkBench b(c);
    for (unsigned i = 0; i < 50; ++i) {
        b.run(i * 10 * kMs);
        b.link.send(LinkDirection::Downlink, packet(100, i), i * 10 * kMs);
    }
    b.run(100 * kSecond);
    ASSERT_EQ(b.downlink.size(), 50u);
    unsigned held_back = 0;
    for (unsigned i = 0; i < 50; ++i) {
        EXPECT_EQ(b.downlink[i].tag, i);
        const Cycles earliest = i * 10 * kMs + 100 * kMs;
        EXPECT_GE(b.downlink[i].when, earliest);
        if (i > 0) {
            EXPECT_GE(b.downlink[i].when, b.downlink[i - 1].when);
            held_back += b.downlink[i].when == b.downlink[i - 1].when;
        }
    }
    EXPECT_GT(held_back, 0u);  // some packets drew less jitter than the one before them
}

TEST(GprsLink, SameSeedGivesSameDeliveryTimes) {
    GprsLinkConfig c;
    c.seed = 42;
    const auto first = downlink_times(c);
    EXPECT_EQ(first.size(), 50u);
    EXPECT_EQ(first, downlink_times(c));
}

TEST(GprsLink, DifferentSeedGivesDifferentDeliveryTimes) {
    GprsLinkConfig c;
    c.seed = 42;
    const auto first = downlink_times(c);
    c.seed = 43;
    EXPECT_NE(first, downlink_times(c));
}

TEST(GprsLink, JitterStaysWithinTheConfiguredBound) {
    GprsLinkConfig c;
    c.latency_ms = 0;
    c.jitter_ms = 20;
    LinkBench b(c);
    // One packet at a time, 1 s apart: nothing queues, nothing is held back.
    for (unsigned i = 0; i < 100; ++i) {
        b.run(i * kSecond);
        b.link.send(LinkDirection::Uplink, packet(40, i), i * kSecond);
    }
    b.run(200 * kSecond);
    ASSERT_EQ(b.uplink.size(), 100u);
    const Cycles serialisation = 1'241'792;  // ceil(40 × 8 × 104e6 / 26800)
    Cycles smallest = kNever, largest = 0;
    for (unsigned i = 0; i < 100; ++i) {
        const Cycles jitter = b.uplink[i].when - i * kSecond - serialisation;
        smallest = std::min(smallest, jitter);
        largest = std::max(largest, jitter);
    }
    EXPECT_LE(largest, 20 * kMs);
    EXPECT_GT(largest - smallest, 10 * kMs);  // spread over the range, not constant
}

TEST(GprsLink, SinkMayAnswerAtOnceOnTheOtherDirection) {
    LinkBench b(no_jitter());
    // An echo at the network end, like a host answering in no time.
    b.link.set_uplink_sink([&b](IpPacket p, Cycles when) { b.link.send(LinkDirection::Downlink, std::move(p), when); });
    b.link.send(LinkDirection::Uplink, packet(1500, 7), 0);
    b.run(10 * kSecond);
    ASSERT_EQ(b.downlink.size(), 1u);
    EXPECT_EQ(b.downlink[0].tag, 7u);
    EXPECT_EQ(b.downlink[0].when, k1500Uplink + k1500Downlink + 2 * kLatency);
}

TEST(GprsLink, ConfigureRejectsImpossibleSettings) {
    LinkBench b;
    GprsLinkConfig c;
    c.loss = 1.5;
    EXPECT_THROW(b.link.configure(c), std::invalid_argument);
    c.loss = -0.1;
    EXPECT_THROW(b.link.configure(c), std::invalid_argument);
    c = {};
    c.uplink_slots = 0;
    EXPECT_THROW(b.link.configure(c), std::invalid_argument);
    c = {};
    c.slot_bits_per_s = 0;
    EXPECT_THROW(b.link.configure(c), std::invalid_argument);
    EXPECT_EQ(b.link.config().uplink_slots, 2u);  // unchanged
}

TEST(GprsLinkNames, DirectionsAndDrops) {
    EXPECT_STREQ(to_string(LinkDirection::Uplink), "uplink");
    EXPECT_STREQ(to_string(LinkDirection::Downlink), "downlink");
    EXPECT_STREQ(to_string(LinkDrop::None), "none");
    EXPECT_STREQ(to_string(LinkDrop::Loss), "loss");
    EXPECT_STREQ(to_string(LinkDrop::QueueFull), "queue-full");
    EXPECT_STREQ(to_string(LinkDrop::LinkDown), "link-down");
}
