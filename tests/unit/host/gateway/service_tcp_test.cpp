// ServiceTcp through the gateway: TCP to a host-map name with an in-process service ends in the
// gateway — SYN|ACK with MSS at the SYN's instant, the service's answer at the instant of the
// modem's data, FIN and reset both ways, retransmission in virtual time, the modem's window
// respected — with no socket and no wall-clock wait, so two runs give the same packets.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "host/gateway/service_tcp.h"
#include "host/gateway/slirp_gateway.h"
#include "packet_builder.h"
#include "peripheral_test_support.h"

using namespace q2686;
using namespace q2686::ipv4;
using test::address;

namespace {

constexpr Cycles kMs = 104'000;
const std::uint32_t kModem = test::kModemAddress;
const std::uint32_t kService = address("10.64.0.16");  // the first host-map name's address

// Answers each chunk with "echo:" + the chunk; "close" makes it close, "reset" reset; closes
// when the modem closes. Remembers what it saw.
struct EchoService final : GatewayService {
    std::vector<std::string> seen;
    unsigned opened = 0, closed_count = 0;
    std::string big;  // written at open when not empty

    void open(ServiceStream& s, Cycles) override {
        ++opened;
        if (!big.empty()) s.write({reinterpret_cast<const std::uint8_t*>(big.data()), big.size()});
    }
    void readable(ServiceStream& s, Cycles) override {
        std::uint8_t buffer[4096];
        std::string in;
        while (const std::size_t n = s.read(buffer)) in.append(reinterpret_cast<const char*>(buffer), n);
        if (!in.empty()) {
            seen.push_back(in);
            if (in == "reset") return s.reset();
            const std::string answer = "echo:" + in;
            s.write({reinterpret_cast<const std::uint8_t*>(answer.data()), answer.size()});
            if (in == "close") s.close();
        }
        if (s.peer_closed()) s.close();
    }
    void closed(ServiceStream&, Cycles) override { ++closed_count; }
};

struct Bench {
    EventLog log;
    CycleScheduler scheduler;
    EchoService service;
    std::vector<std::pair<IpPacket, Cycles>> out;
    SlirpGateway gateway;

    static GatewayConfig config(EchoService& s) {
        GatewayConfig c;
        c.hosts.push_back(HostMapping{.name = "api.example.com", .port = 443, .service = &s});
        return c;
    }
    Bench() : gateway(scheduler, log, ClockRate{}, config(service)) {
        gateway.set_output([this](IpPacket p, Cycles when) { out.emplace_back(std::move(p), when); });
    }
    void send(IpPacket p) { gateway.input(std::move(p), scheduler.now()); }
    void run_to(Cycles when) { test::run_until(scheduler, when); }
    TcpSegment segment(std::size_t i) const { return *parse_tcp(out.at(i).first, *parse(out.at(i).first)); }
    std::string payload(std::size_t i) const {
        const TcpSegment s = segment(i);
        return {out[i].first.begin() + static_cast<std::ptrdiff_t>(s.payload_offset), out[i].first.end()};
    }
};

// The modem's end: SYN, then segments acknowledging what the service sent.
struct Modem {
    std::uint16_t port = 49152;
    std::uint32_t seq = 5000;
    std::uint32_t ack = 0;
    std::uint16_t window = 5840;

    IpPacket syn() { return test::tcp_packet(kModem, port, kService, 443, kSyn, seq++); }
    IpPacket send(std::uint8_t flags, std::string_view data = {}) {
        IpPacket p = ipv4::build_tcp({.source = kModem,
                                      .source_port = port,
                                      .destination = kService,
                                      .destination_port = 443,
                                      .seq = seq,
                                      .ack = ack,
                                      .flags = flags,
                                      .window = window},
                                     std::vector<std::uint8_t>(data.begin(), data.end()));
        seq += static_cast<std::uint32_t>(data.size()) + ((flags & kFin) ? 1 : 0);
        return p;
    }
};

// SYN → SYN|ACK; the ACK opens the service. Returns the modem with ack set.
Modem connect(Bench& b) {
    Modem m;
    b.send(m.syn());
    const TcpSegment synack = b.segment(b.out.size() - 1);
    m.ack = synack.seq + 1;
    b.send(m.send(kAck));
    return m;
}

}  // namespace

TEST(ServiceTcp, SynIsAnsweredAtItsInstantWithMssAndTheAckOpensTheService) {
    Bench b;
    b.run_to(7 * kMs);
    Modem m;
    b.send(m.syn());
    ASSERT_EQ(b.out.size(), 1u);
    EXPECT_EQ(b.out[0].second, 7 * kMs);
    EXPECT_TRUE(checksums_valid(b.out[0].first));
    const auto h = parse(b.out[0].first);
    EXPECT_EQ(h->source, kService);
    EXPECT_EQ(h->destination, kModem);
    const TcpSegment s = b.segment(0);
    EXPECT_EQ(s.flags, kSyn | kAck);
    EXPECT_EQ(s.ack, 5001u);
    EXPECT_EQ(s.source_port, 443);
    ASSERT_EQ(s.payload_offset, 20u + 24u) << "a 24-byte TCP header: the MSS option";
    EXPECT_EQ(b.out[0].first[40], 2);  // kind: MSS
    EXPECT_EQ((b.out[0].first[42] << 8) | b.out[0].first[43], ServiceTcp::kMss);
    EXPECT_EQ(b.service.opened, 0u);
    m.ack = s.seq + 1;
    b.send(m.send(kAck));
    EXPECT_EQ(b.service.opened, 1u);
    EXPECT_EQ(b.out.size(), 1u) << "a bare ACK is not answered";
}

TEST(ServiceTcp, DataIsAnsweredInTheSameInstantAndACloseEndsTheConnection) {
    Bench b;
    Modem m = connect(b);
    b.run_to(20 * kMs);
    b.send(m.send(kAck | kPsh, "hello"));
    ASSERT_EQ(b.out.size(), 2u);
    EXPECT_EQ(b.out[1].second, 20 * kMs);
    EXPECT_EQ(b.payload(1), "echo:hello");
    EXPECT_EQ(b.segment(1).ack, m.seq) << "the ACK rides on the answer";
    EXPECT_EQ(b.service.seen, std::vector<std::string>{"hello"});
    m.ack += 10;
    b.send(m.send(kAck | kFin));  // the modem closes: the service closes too
    ASSERT_EQ(b.out.size(), 3u);
    EXPECT_EQ(b.segment(2).flags, kFin | kAck);
    EXPECT_EQ(b.segment(2).ack, m.seq);
    m.ack += 1;
    b.send(m.send(kAck));
    EXPECT_EQ(b.service.closed_count, 1u);
    b.send(m.send(kAck | kPsh, "late"));  // the connection is gone: a reset, as from a closed port
    ASSERT_EQ(b.out.size(), 4u);
    EXPECT_TRUE(b.segment(3).flags & kRst);
}

TEST(ServiceTcp, TheServiceCanResetAndTheModemCanReset) {
    Bench b;
    Modem m = connect(b);
    b.send(m.send(kAck | kPsh, "reset"));
    ASSERT_EQ(b.out.size(), 2u);
    EXPECT_TRUE(b.segment(1).flags & kRst);
    EXPECT_EQ(b.service.closed_count, 1u);

    Modem again = connect(b);  // the same ports, a new connection
    EXPECT_EQ(b.service.opened, 2u);
    b.send(again.send(kRst | kAck));
    EXPECT_EQ(b.service.closed_count, 2u);
}

TEST(ServiceTcp, ALostAnswerIsSentAgainAfterTheRetransmissionTimeout) {
    Bench b;
    Modem m = connect(b);
    b.send(m.send(kAck | kPsh, "hello"));
    ASSERT_EQ(b.out.size(), 2u);
    const Cycles sent = b.out[1].second;
    // The modem never acknowledges it (the downlink lost it): the same bytes after 3 s, then 6 s.
    b.run_to(sent + 3000 * kMs - 1);
    EXPECT_EQ(b.out.size(), 2u);
    b.run_to(sent + 3000 * kMs);
    ASSERT_EQ(b.out.size(), 3u);
    EXPECT_EQ(b.payload(2), "echo:hello");
    EXPECT_EQ(b.segment(2).seq, b.segment(1).seq);
    b.run_to(sent + 9000 * kMs);
    ASSERT_EQ(b.out.size(), 4u);
    m.ack += 10;
    b.send(m.send(kAck));
    b.run_to(sent + 100'000 * kMs);
    EXPECT_EQ(b.out.size(), 4u) << "acknowledged: nothing more";
}

TEST(ServiceTcp, TheModemsWindowBoundsWhatIsInFlight) {
    Bench b;
    b.service.big = std::string(4000, 'x');
    Modem m;
    m.window = 2000;
    b.send(m.syn());
    m.ack = b.segment(0).seq + 1;
    b.send(m.send(kAck));
    // The SYN had no MSS option: 536-byte segments (RFC 9293 §3.7.1), and 2000 bytes of window:
    // three of them and 392 more, then nothing until an ACK.
    ASSERT_EQ(b.out.size(), 5u);
    EXPECT_EQ(b.payload(1).size(), 536u);
    EXPECT_EQ(b.payload(3).size(), 536u);
    EXPECT_EQ(b.payload(4).size(), 392u);
    EXPECT_FALSE(b.segment(4).flags & kPsh) << "more was written than the window took";
    m.ack += 2000;
    b.send(m.send(kAck));
    ASSERT_EQ(b.out.size(), 9u);
    std::size_t rest = 0;
    for (std::size_t i = 5; i < 9; ++i) rest += b.payload(i).size();
    EXPECT_EQ(rest, 2000u);
    EXPECT_TRUE(b.segment(8).flags & kPsh) << "the last segment of what was written";
}

TEST(ServiceTcp, IdenticalRunsGiveIdenticalPackets) {
    auto run = [] {
        Bench b;
        Modem m = connect(b);
        b.run_to(3 * kMs);
        b.send(m.send(kAck | kPsh, "one"));
        b.run_to(50 * kMs);
        m.ack += 8;
        b.send(m.send(kAck | kPsh, "close"));
        std::vector<std::pair<IpPacket, Cycles>> out = b.out;
        return out;
    };
    EXPECT_EQ(run(), run());
}

TEST(ServiceTcp, UdpToAServiceIsRefusedAndNoHostSocketIsEverUsed) {
    Bench b;
    b.send(ipv4::build_udp(kModem, 40000, kService, 443, std::vector<std::uint8_t>{1, 2, 3}));
    EXPECT_TRUE(b.out.empty());
    connect(b);
    EXPECT_EQ(b.scheduler.next_due(), kNever) << "no socket to poll, nothing unacknowledged";
    EXPECT_EQ(b.gateway.idle_limit(0), kNever) << "an in-process service never holds virtual time to the wall clock";
}
