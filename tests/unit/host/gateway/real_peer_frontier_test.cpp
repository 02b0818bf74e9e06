// RealPeerFrontier: when the modem waits on a real peer, and how far virtual time may have gone
// by the wall clock since it asked — driven with a made-up wall clock.
#include "host/gateway/real_peer_frontier.h"

#include <gtest/gtest.h>

using namespace q2686;
using namespace std::chrono_literals;

namespace {

constexpr Cycles kMs = 104'000;
using Ask = RealPeerFrontier::Ask;
using Reply = RealPeerFrontier::Reply;
const RealPeerFrontier::Flow kTcp{6, 0x0A400102, 49152, 0x0A400001, 4433};
const RealPeerFrontier::Flow kUdp{17, 0x0A400102, 40000, 0xC0000201, 53};
const RealPeerFrontier::WallClock::time_point t0 = RealPeerFrontier::WallClock::now();

}  // namespace

TEST(RealPeerFrontier, NothingAskedMeansNoLimit) {
    RealPeerFrontier f{ClockRate{}};
    EXPECT_FALSE(f.pending(t0));
    EXPECT_EQ(f.limit(t0), kNever);
}

TEST(RealPeerFrontier, AQuestionHoldsIdleSkippingToTheWallClockUntilTheAnswer) {
    RealPeerFrontier f{ClockRate{}};
    f.asked(kTcp, Ask::Answer, 500 * kMs, t0);
    EXPECT_EQ(f.limit(t0), 500 * kMs);
    EXPECT_EQ(f.limit(t0 + 60ms), 560 * kMs) << "60 ms of wall time, 60 ms of virtual time";
    EXPECT_EQ(f.wall_at(560 * kMs), t0 + 60ms);
    f.answered(kTcp, Reply::Data, t0 + 60ms);
    EXPECT_TRUE(f.pending(t0 + 60ms + RealPeerFrontier::kAnswerGrace - 1ms)) << "the rest of a flight may follow";
    EXPECT_FALSE(f.pending(t0 + 60ms + RealPeerFrontier::kAnswerGrace));
    EXPECT_EQ(f.limit(t0 + 1s), kNever) << "nothing pending: idle skipping runs free";
}

TEST(RealPeerFrontier, AConnectWaitsForTheConnectionNotForData) {
    RealPeerFrontier f{ClockRate{}};
    f.asked(kTcp, Ask::Connect, 0, t0);
    EXPECT_TRUE(f.pending(t0 + 10s));
    f.answered(kTcp, Reply::Connected, t0 + 10ms);
    EXPECT_FALSE(f.pending(t0 + 10ms)) << "an open connection with nothing asked holds nothing";
    f.asked(kTcp, Ask::Answer, 100 * kMs, t0 + 20ms);
    f.answered(kTcp, Reply::Connected, t0 + 30ms);  // a bare ACK-like reply is no answer
    EXPECT_TRUE(f.pending(t0 + 30ms));
    f.answered(kTcp, Reply::Reset, t0 + 40ms);
    EXPECT_FALSE(f.pending(t0 + 40ms));
    EXPECT_EQ(f.flows(), 0u);
}

TEST(RealPeerFrontier, EveryQuestionReanchorsTheFrontier) {
    RealPeerFrontier f{ClockRate{}};
    f.asked(kTcp, Ask::Answer, 0, t0);
    f.answered(kTcp, Reply::Data, t0 + 50ms);
    // The CPU ran ahead 2 s of virtual time in 100 ms of wall time, then asked again.
    f.asked(kTcp, Ask::Answer, 2000 * kMs, t0 + 100ms);
    EXPECT_EQ(f.limit(t0 + 100ms), 2000 * kMs);
    EXPECT_EQ(f.limit(t0 + 300ms), 2200 * kMs);
}

TEST(RealPeerFrontier, ADatagramStopsHoldingTimeWhenNoAnswerComes) {
    RealPeerFrontier f{ClockRate{}};
    f.asked(kUdp, Ask::Datagram, 0, t0);
    EXPECT_TRUE(f.pending(t0 + RealPeerFrontier::kDatagramWait - 1ms));
    EXPECT_FALSE(f.pending(t0 + RealPeerFrontier::kDatagramWait));
}

TEST(RealPeerFrontier, AfterThePeersCloseTheModemsCloseEndsTheFlow) {
    RealPeerFrontier f{ClockRate{}};
    f.asked(kTcp, Ask::Answer, 0, t0);
    f.answered(kTcp, Reply::Close, t0 + 5ms);
    f.asked(kTcp, Ask::Answer, 10 * kMs, t0 + 1s);  // the modem's FIN
    EXPECT_EQ(f.flows(), 0u);
    EXPECT_FALSE(f.pending(t0 + 1s));
}
