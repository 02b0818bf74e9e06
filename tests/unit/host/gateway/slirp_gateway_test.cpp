// SlirpGateway: DNS from the host map, pings answered by libslirp, TCP to the host's loopback
// directly and through the host map (DNAT), resets for refused destinations, polls only while
// sockets exist, and identical output on identical runs.
#include "host/gateway/slirp_gateway.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "packet_builder.h"
#include "peripheral_test_support.h"
#include "host/serial/unique_fd.h"

using namespace q2686;
using namespace q2686::ipv4;
using test::address;

namespace {

constexpr Cycles kMs = 104'000;
const std::uint32_t kModem = test::kModemAddress;
const std::uint32_t kGateway = address("10.64.0.1");

struct Delivered {
    IpPacket packet;
    Cycles when;
    bool operator==(const Delivered&) const = default;
};

// A TCP listener on 127.0.0.1 at a free port.
struct Listener {
    UniqueFd fd{::socket(AF_INET, SOCK_STREAM, 0)};
    std::uint16_t port = 0;

    Listener() {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof a;
        if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), length) != 0 || ::listen(fd.get(), 4) != 0 ||
            ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &length) != 0)
            throw std::runtime_error("listener");
        port = ntohs(a.sin_port);
    }
    // The next connection, or an invalid fd after a second.
    UniqueFd accept() const {
        pollfd p{fd.get(), POLLIN, 0};
        if (::poll(&p, 1, 1000) != 1) return UniqueFd{};
        return UniqueFd{::accept(fd.get(), nullptr, nullptr)};
    }
};

struct GatewayBench {
    EventLog log;
    test::EventCapture events{log};
    CycleScheduler scheduler;
    std::vector<Delivered> out;
    SlirpGateway gateway;

    explicit GatewayBench(GatewayConfig config = {}) : gateway(scheduler, log, ClockRate{}, std::move(config)) {
        gateway.set_output([this](IpPacket p, Cycles when) { out.push_back({std::move(p), when}); });
    }
    void send(IpPacket p) { gateway.input(std::move(p), scheduler.now()); }
    void run_to(Cycles when) { test::run_until(scheduler, when); }
    // The packets delivered from index `from` on, as TCP segments to the modem.
    std::vector<TcpSegment> tcp_since(std::size_t from) const {
        std::vector<TcpSegment> segments;
        for (std::size_t i = from; i < out.size(); ++i)
            if (const auto h = parse(out[i].packet))
                if (const auto s = parse_tcp(out[i].packet, *h)) segments.push_back(*s);
        return segments;
    }
};

// The modem's end of one TCP connection.
struct ModemTcp {
    std::uint32_t to;
    std::uint16_t to_port;
    std::uint16_t port = 49152;
    std::uint32_t next_seq = 1000;
    std::uint32_t next_ack = 0;

    IpPacket syn() { return test::tcp_packet(kModem, port, to, to_port, kSyn, next_seq++); }
    IpPacket segment(std::uint8_t flags, std::string_view data = {}) {
        IpPacket p = test::tcp_packet(kModem, port, to, to_port, flags, next_seq, next_ack, data);
        next_seq += static_cast<std::uint32_t>(data.size()) + ((flags & kFin) ? 1 : 0);
        return p;
    }
};

std::string payload_of(const IpPacket& p) {
    const auto s = parse_tcp(p, *parse(p));
    return {p.begin() + static_cast<std::ptrdiff_t>(s->payload_offset), p.end()};
}

GatewayConfig mapped(std::string name, std::uint16_t port, std::uint16_t target_port) {
    GatewayConfig config;
    config.hosts.push_back({std::move(name), port, 0x7F000001, target_port});
    return config;
}

}  // namespace

TEST(SlirpGateway, LogsItsStartAndSchedulesNothingWhileIdle) {
    GatewayBench b;
    ASSERT_EQ(b.events.count(EventKind::Packet), 1u);
    EXPECT_EQ(b.events.events[0].source, "gateway");
    EXPECT_NE(b.events.texts(EventKind::Packet)[0].find("started: 10.64.0.0/16, gateway 10.64.0.1"), std::string::npos);
    EXPECT_EQ(b.scheduler.next_due(), kNever);
}

TEST(SlirpGateway, DnsQueryForAMappedNameGetsItsAddressAtOnce) {
    GatewayConfig config = mapped("api.example.com", 443, 4433);
    config.hosts.push_back({"other.example", 0, address("192.0.2.1"), 0});
    GatewayBench b(config);
    b.run_to(5 * kMs);
    b.send(test::dns_query(kGateway, 0x1234, "API.Example.com"));
    ASSERT_EQ(b.out.size(), 1u);
    const IpPacket& reply = b.out[0].packet;
    EXPECT_EQ(b.out[0].when, 5 * kMs);
    EXPECT_TRUE(checksums_valid(reply));
    const auto h = parse(reply);
    EXPECT_EQ(h->source, kGateway);
    EXPECT_EQ(h->destination, kModem);
    EXPECT_EQ(parse_udp(reply, *h)->source_port, 53);
    EXPECT_EQ(parse_udp(reply, *h)->destination_port, 49153);
    const auto message = test::udp_payload(reply);
    EXPECT_EQ(message[0] << 8 | message[1], 0x1234);
    EXPECT_EQ(test::dns_rcode(message), 0u);
    EXPECT_EQ(test::dns_answer_address(message), address("10.64.0.16"));
    EXPECT_EQ(b.events.texts(EventKind::Packet).back(), "dns API.Example.com → 10.64.0.16");

    b.send(test::dns_query(address("10.64.0.2"), 2, "other.example"));  // the second server too
    EXPECT_EQ(parse(b.out[1].packet)->source, address("10.64.0.2"));
    EXPECT_EQ(test::dns_answer_address(test::udp_payload(b.out[1].packet)), address("10.64.0.17"));
    b.send(test::dns_query(kGateway, 3, "localhost"));
    EXPECT_EQ(test::dns_answer_address(test::udp_payload(b.out[2].packet)), kGateway);
    EXPECT_EQ(b.scheduler.next_due(), kNever);  // DNS opens no host socket
}

TEST(SlirpGateway, UnknownNamesAreNxdomainAndOtherTypesHaveNoAnswer) {
    GatewayBench b(mapped("api.example.com", 0, 0));
    b.send(test::dns_query(kGateway, 1, "example.org"));
    ASSERT_EQ(b.out.size(), 1u);
    EXPECT_EQ(test::dns_rcode(test::udp_payload(b.out[0].packet)), 3u);
    EXPECT_EQ(b.events.texts(EventKind::Packet).back(), "dns example.org → NXDOMAIN");

    b.send(test::dns_query(kGateway, 2, "api.example.com", 28));  // AAAA
    const auto message = test::udp_payload(b.out[1].packet);
    EXPECT_EQ(test::dns_rcode(message), 0u);
    EXPECT_EQ(message[7], 0);  // no answer records
    EXPECT_EQ(b.events.texts(EventKind::Packet).back(), "dns api.example.com AAAA → no records");
}

TEST(SlirpGateway, PingToTheGatewayIsAnsweredByLibslirp) {
    GatewayBench b;
    b.run_to(7 * kMs);
    b.send(test::icmp_echo(kGateway, 0x4242, 1));
    ASSERT_EQ(b.out.size(), 1u);
    EXPECT_EQ(b.out[0].when, 7 * kMs);
    const IpPacket& reply = b.out[0].packet;
    EXPECT_TRUE(checksums_valid(reply));
    const auto h = parse(reply);
    EXPECT_EQ(h->source, kGateway);
    EXPECT_EQ(h->destination, kModem);
    const auto icmp = parse_icmp(reply, *h);
    EXPECT_EQ(icmp->type, kIcmpEchoReply);
    EXPECT_EQ(icmp->identifier, 0x4242);
}

TEST(SlirpGateway, SynToTheGatewayConnectsToTheHostLoopback) {
    Listener listener;
    GatewayBench b;
    b.run_to(3 * kMs);
    ModemTcp tcp{kGateway, listener.port};
    b.send(tcp.syn());
    auto segments = b.tcp_since(0);
    ASSERT_EQ(segments.size(), 1u) << "SYN|ACK within the settle";
    EXPECT_EQ(segments[0].flags & (kSyn | kAck | kRst), kSyn | kAck);
    EXPECT_EQ(segments[0].ack, 1001u);
    EXPECT_EQ(segments[0].source_port, listener.port);
    EXPECT_EQ(b.out[0].when, 3 * kMs);
    EXPECT_TRUE(checksums_valid(b.out[0].packet));
    const UniqueFd server = listener.accept();
    ASSERT_TRUE(server);
    EXPECT_NE(b.scheduler.next_due(), kNever);  // a socket to watch: periodic polls run

    // Data both ways; the server's answer comes after the settle, so a poll finds it.
    tcp.next_ack = segments[0].seq + 1;
    b.send(tcp.segment(kAck));
    b.send(tcp.segment(kAck | kPsh, "hello"));
    char buffer[16] = {};
    ASSERT_EQ(::read(server.get(), buffer, sizeof buffer), 5);
    EXPECT_EQ(std::string(buffer, 5), "hello");
    ASSERT_EQ(::write(server.get(), "world", 5), 5);
    const std::size_t before = b.out.size();
    b.run_to(3 * kMs + 30 * kMs);
    std::string received;
    for (std::size_t i = before; i < b.out.size(); ++i) received += payload_of(b.out[i].packet);
    EXPECT_EQ(received, "world");
}

TEST(SlirpGateway, SynToAMappedNameReachesItsLoopbackPortAndAnswersFromTheMappedAddress) {
    Listener listener;
    GatewayBench b(mapped("api.example.com", 443, listener.port));
    ModemTcp tcp{address("10.64.0.16"), 443};
    b.send(tcp.syn());
    ASSERT_EQ(b.out.size(), 1u);
    const auto h = parse(b.out[0].packet);
    const auto synack = parse_tcp(b.out[0].packet, *h);
    EXPECT_EQ(synack->flags & (kSyn | kAck | kRst), kSyn | kAck);
    EXPECT_EQ(h->source, address("10.64.0.16"));
    EXPECT_EQ(synack->source_port, 443);
    EXPECT_EQ(synack->destination_port, tcp.port);
    EXPECT_TRUE(checksums_valid(b.out[0].packet));
    EXPECT_TRUE(listener.accept());

    ModemTcp other_port{address("10.64.0.16"), 80};  // not a mapped port
    b.send(other_port.syn());
    ASSERT_EQ(b.out.size(), 2u);
    EXPECT_TRUE(parse_tcp(b.out[1].packet, *parse(b.out[1].packet))->flags & kRst);
}

TEST(SlirpGateway, SynToAnAddressNotAllowedGetsAResetAtOnce) {
    GatewayBench b;
    b.run_to(9 * kMs);
    ModemTcp tcp{address("203.0.113.5"), 443};
    tcp.next_seq = 0xFFFFFFFF;  // the ack wraps
    b.send(tcp.syn());
    ASSERT_EQ(b.out.size(), 1u);
    EXPECT_EQ(b.out[0].when, 9 * kMs);
    const IpPacket& rst = b.out[0].packet;
    EXPECT_TRUE(checksums_valid(rst));
    const auto h = parse(rst);
    const auto s = parse_tcp(rst, *h);
    EXPECT_EQ(h->source, address("203.0.113.5"));
    EXPECT_EQ(h->destination, kModem);
    EXPECT_EQ(s->source_port, 443);
    EXPECT_EQ(s->destination_port, tcp.port);
    EXPECT_EQ(s->flags, kRst | kAck);
    EXPECT_EQ(s->seq, 0u);
    EXPECT_EQ(s->ack, 0u);
    EXPECT_EQ(b.events.texts(EventKind::Packet).back(), "blocked 203.0.113.5:443 (not allowed; --allow)");

    b.send(test::dns_query(address("203.0.113.5"), 1, "example.org"));  // UDP: dropped
    EXPECT_EQ(b.out.size(), 1u);
    EXPECT_EQ(b.events.texts(EventKind::Packet).back(), "blocked 203.0.113.5:53/udp (not allowed; --allow)");
    b.send(test::icmp_echo(address("10.64.0.99"), 1, 1));  // unused virtual address
    EXPECT_EQ(b.out.size(), 1u);
    EXPECT_EQ(b.scheduler.next_due(), kNever);
}

TEST(SlirpGateway, AllowRulesOpenRealAddressesAndLoopbackCanBeRefused) {
    Listener listener;
    GatewayConfig config;
    config.allow.push_back(parse_allow_rule("127.0.0.1:" + std::to_string(listener.port)));
    config.allow_loopback = false;
    GatewayBench b(config);
    ModemTcp direct{address("127.0.0.1"), listener.port};
    b.send(direct.syn());
    ASSERT_EQ(b.out.size(), 1u);
    EXPECT_EQ(parse_tcp(b.out[0].packet, *parse(b.out[0].packet))->flags & (kSyn | kRst), kSyn);
    EXPECT_TRUE(listener.accept());

    ModemTcp via_gateway{kGateway, listener.port, 49153};
    b.send(via_gateway.syn());
    ASSERT_EQ(b.out.size(), 2u);
    EXPECT_TRUE(parse_tcp(b.out[1].packet, *parse(b.out[1].packet))->flags & kRst);
}

// Two runs of the same exchange with a server that answers at once give the same packets at
// the same virtual times, whatever port the server had and however fast the host was.
TEST(SlirpGateway, IdenticalRunsGiveIdenticalOutput) {
    auto run = [] {
        Listener listener;
        std::thread echo([&listener] {
            const UniqueFd c = listener.accept();
            char buffer[64];
            ssize_t n;
            while (c && (n = ::read(c.get(), buffer, sizeof buffer)) > 0)
                if (::write(c.get(), buffer, static_cast<std::size_t>(n)) != n) break;
        });
        GatewayBench b(mapped("echo.test", 7, listener.port));
        b.run_to(kMs);
        b.send(test::dns_query(kGateway, 1, "echo.test"));
        ModemTcp tcp{b.gateway.resolve("echo.test"), 7};
        b.run_to(300 * kMs);
        b.send(tcp.syn());
        if (b.tcp_since(0).empty())
            ADD_FAILURE() << "no SYN|ACK";
        else
            tcp.next_ack = b.tcp_since(0)[0].seq + 1;
        b.run_to(600 * kMs);
        b.send(tcp.segment(kAck));
        b.run_to(650 * kMs);
        b.send(tcp.segment(kAck | kPsh, "ping"));
        b.run_to(1000 * kMs);
        tcp.next_ack += 4;
        b.send(tcp.segment(kAck | kFin));
        b.run_to(1500 * kMs);
        echo.join();
        return b.out;
    };
    const auto first = run();
    const auto second = run();
    EXPECT_GE(first.size(), 5u);  // DNS, SYN|ACK, echo, FIN, ...
    EXPECT_EQ(first, second);
    std::string echoed;
    for (const Delivered& d : first)
        if (parse(d.packet)->protocol == kTcp) echoed += payload_of(d.packet);
    EXPECT_EQ(echoed, "ping");
}
