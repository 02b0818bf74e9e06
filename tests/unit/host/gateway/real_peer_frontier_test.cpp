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

TEST(RealPeerFrontier, AConnectHoldsIdleSkippingToTheWallClockUntilItCompletes) {
    RealPeerFrontier f{ClockRate{}};
    f.asked(kTcp, Ask::Connect, 500 * kMs, t0, 1001);
    EXPECT_EQ(f.limit(t0), 500 * kMs);
    EXPECT_EQ(f.limit(t0 + 60ms), 560 * kMs) << "60 ms of wall time, 60 ms of virtual time";
    EXPECT_EQ(f.wall_at(560 * kMs), t0 + 60ms);
    EXPECT_TRUE(f.pending(t0 + 60s)) << "a connect in progress holds time however long it takes";
    f.answered(kTcp, Reply::Connected, t0 + 61s);
    EXPECT_FALSE(f.pending(t0 + 61s)) << "open, nothing asked: idle skipping runs free";
    EXPECT_EQ(f.limit(t0 + 61s), kNever);
}

TEST(RealPeerFrontier, ARequestHoldsTimeUntilTheAnswerAndAWhileAfterItAndThePeersCloseEndsIt) {
    RealPeerFrontier f{ClockRate{}};
    f.asked(kTcp, Ask::Connect, 0, t0, 1001);
    f.answered(kTcp, Reply::Connected, t0 + 1ms);
    f.asked(kTcp, Ask::Data, 100 * kMs, t0 + 10ms, 1101);  // the request
    EXPECT_TRUE(f.pending(t0 + 30s)) << "unanswered";
    f.answered(kTcp, Reply::Data, t0 + 31s);  // session tickets, say
    EXPECT_TRUE(f.pending(t0 + 31s + RealPeerFrontier::kAnswerGrace - 1ms)) << "the response may follow";
    EXPECT_FALSE(f.pending(t0 + 31s + RealPeerFrontier::kAnswerGrace));
    f.answered(kTcp, Reply::Close, t0 + 40s);
    EXPECT_EQ(f.flows(), 0u);
    f.asked(kTcp, Ask::Data, 200 * kMs, t0 + 41s, 1102);  // the modem's FIN after the peer's
    EXPECT_EQ(f.flows(), 0u) << "nothing more will come on a flow the peer closed";
    EXPECT_FALSE(f.pending(t0 + 41s));
}

TEST(RealPeerFrontier, ARetransmissionIsNoNewRequest) {
    RealPeerFrontier f{ClockRate{}};
    f.asked(kTcp, Ask::Connect, 0, t0, 1001);
    f.answered(kTcp, Reply::Connected, t0 + 1ms);
    f.asked(kTcp, Ask::Data, 0, t0 + 2ms, 1101);
    f.answered(kTcp, Reply::Data, t0 + 3ms);
    f.asked(kTcp, Ask::Data, 3000 * kMs, t0 + 10s, 1101);  // the same bytes again: its ACK was lost
    EXPECT_FALSE(f.pending(t0 + 10s));
    f.asked(kTcp, Ask::Data, 3000 * kMs, t0 + 10s, 1201);
    EXPECT_TRUE(f.pending(t0 + 10s));
}

TEST(RealPeerFrontier, EveryRequestReanchorsTheFrontier) {
    RealPeerFrontier f{ClockRate{}};
    f.asked(kTcp, Ask::Connect, 0, t0, 1001);
    f.answered(kTcp, Reply::Connected, t0 + 50ms);
    // The CPU ran ahead 2 s of virtual time in 100 ms of wall time, then asked again.
    f.asked(kTcp, Ask::Data, 2000 * kMs, t0 + 100ms, 1101);
    EXPECT_EQ(f.limit(t0 + 100ms), 2000 * kMs);
    EXPECT_EQ(f.limit(t0 + 300ms), 2200 * kMs);
}

TEST(RealPeerFrontier, ADatagramHoldsTimeUntilItsAnswerOrForAtMostItsWait) {
    RealPeerFrontier f{ClockRate{}};
    f.asked(kUdp, Ask::Datagram, 0, t0);
    EXPECT_TRUE(f.pending(t0 + RealPeerFrontier::kDatagramWait - 1ms));
    EXPECT_FALSE(f.pending(t0 + RealPeerFrontier::kDatagramWait));
    f.asked(kUdp, Ask::Datagram, 0, t0 + 10s);
    f.answered(kUdp, Reply::Data, t0 + 10s + 30ms);
    EXPECT_FALSE(f.pending(t0 + 10s + 30ms));
    EXPECT_EQ(f.flows(), 0u);
}

TEST(RealPeerFrontier, AResetEitherWayEndsTheFlow) {
    RealPeerFrontier f{ClockRate{}};
    f.asked(kTcp, Ask::Connect, 0, t0, 1001);
    f.answered(kTcp, Reply::Reset, t0 + 1ms);  // connection refused
    EXPECT_FALSE(f.pending(t0 + 1ms));
    f.asked(kTcp, Ask::Connect, 0, t0 + 2ms, 1001);
    f.asked(kTcp, Ask::Reset, 0, t0 + 3ms);
    EXPECT_EQ(f.flows(), 0u);
}
