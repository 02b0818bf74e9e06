// The TLS dissector on a lossy link: the same real handshake (tls_dissection.h) with its
// segments reordered, duplicated and retransmitted with another cut gives the same steps; a
// segment that never crosses the link stops that direction instead of being misread.
#include "tls_dissection.h"

namespace q2686::tls_test {
namespace {

class TlsDissectorLossyLinkTest : public TlsDissectorOpensslTest {};

// What a lossy link does to the observed segments: reordered, duplicated, retransmitted with a
// different cut. The dissector must tell the same story.
std::vector<test::TimedPacket> lossy(const std::vector<test::TimedPacket>& clean) {
    struct Seg {
        ipv4::Header ip;
        ipv4::TcpSegment tcp;
    };
    const auto parse = [](const IpPacket& p) {
        const auto ip = ipv4::parse(p);
        return Seg{*ip, *ipv4::parse_tcp(p, *ip)};
    };
    std::vector<test::TimedPacket> out;
    for (std::size_t i = 0; i < clean.size(); ++i) {
        const Seg a = parse(clean[i].packet);
        if (i + 1 < clean.size() && a.tcp.payload_length > 20) {
            const Seg b = parse(clean[i + 1].packet);
            if (b.ip.source == a.ip.source && b.tcp.payload_length > 20) {
                out.push_back(clean[i + 1]);  // reordered
                out.push_back(clean[i]);
                // A retransmission cut differently: the last 10 bytes of one, the first 10 of the next.
                std::vector<std::uint8_t> overlap(
                    clean[i].packet.begin() +
                        static_cast<std::ptrdiff_t>(a.tcp.payload_offset + a.tcp.payload_length - 10),
                    clean[i].packet.begin() + static_cast<std::ptrdiff_t>(a.tcp.payload_offset + a.tcp.payload_length));
                overlap.insert(overlap.end(),
                               clean[i + 1].packet.begin() + static_cast<std::ptrdiff_t>(b.tcp.payload_offset),
                               clean[i + 1].packet.begin() + static_cast<std::ptrdiff_t>(b.tcp.payload_offset + 10));
                out.push_back(
                    {ipv4::build_tcp({a.ip.source, a.tcp.source_port, a.ip.destination, a.tcp.destination_port,
                                      b.tcp.seq - 10, a.tcp.ack, a.tcp.flags, a.tcp.window},
                                     overlap),
                     0});
                out.push_back(clean[i]);  // a duplicate
                ++i;
                continue;
            }
        }
        out.push_back(clean[i]);
    }
    for (std::size_t i = 0; i < out.size(); ++i) out[i].when = (i + 1) * test::TcpConversation::kStep;
    return out;
}

TEST_F(TlsDissectorLossyLinkTest, LossyLinkTellsTheSameStory) {
    const auto recorded = capture({{"-tls1_2"}});
    const auto clean = dissect(to_packets(recorded, 200), kUnsetRtc);
    const auto rough = dissect(lossy(to_packets(recorded, 200)), kUnsetRtc);
    SCOPED_TRACE(rough.all());
    ASSERT_EQ(clean.sessions.size(), 1u);
    ASSERT_EQ(rough.sessions.size(), 1u);
    std::vector<std::string> a, b;
    for (const auto& s : clean.sessions[0].steps) a.push_back(s.what);
    for (const auto& s : rough.sessions[0].steps) b.push_back(s.what);
    EXPECT_EQ(a, b);
    EXPECT_EQ(rough.sessions[0].chain.size(), 2u);
    EXPECT_EQ(rough.sessions[0].outcome, TlsOutcome::Established);
    EXPECT_EQ(rough.sessions[0].application_bytes_to_client, clean.sessions[0].application_bytes_to_client);
}

TEST_F(TlsDissectorLossyLinkTest, SegmentThatNeverCrossedTheLinkStopsThatDirection) {
    auto packets = to_packets(capture({{"-tls1_2"}}), 200);
    // Drop the server's second data segment (inside the Certificate) and end with a reset.
    int server_data = 0;
    for (auto it = packets.begin(); it != packets.end(); ++it) {
        const auto ip = ipv4::parse(it->packet);
        const auto tcp = ipv4::parse_tcp(it->packet, *ip);
        if (ip->source != test::kModemAddress && tcp->payload_length > 0 && ++server_data == 2) {
            packets.erase(it);
            break;
        }
    }
    const auto last = packets.back().when;
    packets.resize(packets.size() - 3);  // no FIN exchange...
    packets.push_back(
        {test::tcp_packet(test::kModemAddress, 49153, test::address("10.64.0.16"), 443, ipv4::kRst | ipv4::kAck, 0, 0),
         last});  // ...a reset instead
    const auto d = dissect(packets, kRtc2030);
    SCOPED_TRACE(d.all());
    ASSERT_EQ(d.sessions.size(), 1u);
    EXPECT_TRUE(d.has("B of the server stream never crossed the link: that direction is no longer followed"));
    EXPECT_EQ(d.sessions[0].outcome, TlsOutcome::Failed);
    EXPECT_EQ(d.sessions[0].ended, "gap");
}

}  // namespace
}  // namespace q2686::tls_test
