// IPv4 helpers: parsing with bounds checks, RFC 1071 checksums, RFC 1624 incremental updates
// that agree with a full recomputation, and the packet builders.
#include "ip/ipv4.h"

#include <gtest/gtest.h>

#include "packet_builder.h"

using namespace q2686;
using namespace q2686::ipv4;
using test::address;

namespace {

const std::uint32_t kModem = test::kModemAddress;

IpPacket sample_tcp(std::string_view payload = "hello") {
    return test::tcp_packet(kModem, 49152, address("10.64.0.16"), 443, kAck | kPsh, 1000, 2000, payload);
}

}  // namespace

TEST(Ipv4, ParsesTheHeaderAndTcpSegmentOfABuiltPacket) {
    const IpPacket p = sample_tcp();
    const auto h = parse(p);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->header_length, 20u);
    EXPECT_EQ(h->total_length, 45u);
    EXPECT_EQ(h->protocol, kTcp);
    EXPECT_EQ(h->ttl, 64);
    EXPECT_EQ(h->source, kModem);
    EXPECT_EQ(h->destination, address("10.64.0.16"));
    EXPECT_FALSE(h->fragmented());
    const auto tcp = parse_tcp(p, *h);
    ASSERT_TRUE(tcp);
    EXPECT_EQ(tcp->source_port, 49152);
    EXPECT_EQ(tcp->destination_port, 443);
    EXPECT_EQ(tcp->seq, 1000u);
    EXPECT_EQ(tcp->ack, 2000u);
    EXPECT_EQ(tcp->flags, kAck | kPsh);
    EXPECT_EQ(tcp->window, 5840);
    EXPECT_EQ(tcp->payload_offset, 40u);
    EXPECT_EQ(tcp->payload_length, 5u);
    EXPECT_FALSE(parse_udp(p, *h));
    EXPECT_FALSE(parse_icmp(p, *h));
}

TEST(Ipv4, SequenceLengthCountsPayloadSynAndFin) {
    TcpSegment s;
    s.payload_length = 10;
    EXPECT_EQ(s.sequence_length(), 10u);
    s.flags = kSyn;
    EXPECT_EQ(s.sequence_length(), 11u);
    s.flags = kSyn | kFin;
    EXPECT_EQ(s.sequence_length(), 12u);
}

TEST(Ipv4, RejectsWhatIsNotAWholeIpv4Packet) {
    IpPacket p = sample_tcp();
    EXPECT_FALSE(parse(IpPacket(p.begin(), p.begin() + 19)));
    EXPECT_FALSE(parse(IpPacket(p.begin(), p.end() - 1)));  // shorter than its total length
    IpPacket v6 = p;
    v6[0] = 0x65;
    EXPECT_FALSE(parse(v6));
    IpPacket short_ihl = p;
    short_ihl[0] = 0x44;
    EXPECT_FALSE(parse(short_ihl));
    IpPacket padded = p;
    padded.resize(p.size() + 6, 0);  // link padding after the datagram is fine
    ASSERT_TRUE(parse(padded));
    EXPECT_EQ(parse_tcp(padded, *parse(padded))->payload_length, 5u);
}

TEST(Ipv4, LaterFragmentsHaveNoTransportHeader) {
    IpPacket p = sample_tcp();
    p[6] = 0x00, p[7] = 0x10;  // fragment offset 16 × 8 bytes
    const auto h = parse(p);
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->fragmented());
    EXPECT_FALSE(h->has_transport());
    EXPECT_FALSE(parse_tcp(p, *h));
}

TEST(Ipv4, ChecksumOfTheRfc1071Example) {
    // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to 2ddf0, folded ddf2.
    const std::uint8_t data[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    EXPECT_EQ(checksum_add(data), 0x2ddf0u);
    EXPECT_EQ(checksum_finish(checksum_add(data)), static_cast<std::uint16_t>(~0xddf2));
    const std::uint8_t odd[] = {0x01, 0x02, 0x03};  // the odd byte is padded with zero
    EXPECT_EQ(checksum_add(odd), 0x0102u + 0x0300u);
}

TEST(Ipv4, BuiltPacketsCarryValidChecksums) {
    EXPECT_TRUE(checksums_valid(sample_tcp()));
    EXPECT_TRUE(checksums_valid(test::dns_query(address("10.64.0.1"), 7, "api.example.com")));
    EXPECT_TRUE(checksums_valid(test::icmp_echo(address("10.64.0.1"), 1, 1)));
    IpPacket corrupt = sample_tcp();
    corrupt.back() ^= 0x01;
    EXPECT_FALSE(checksums_valid(corrupt));
    IpPacket bad_header = sample_tcp();
    bad_header[8] = 63;  // TTL changed without fixing the header checksum
    EXPECT_FALSE(checksums_valid(bad_header));
}

TEST(Ipv4, IncrementalUpdateEqualsRecomputation) {
    // RFC 1624 eqn. 3 gives the same checksum as summing again, for any word change.
    IpPacket p = sample_tcp();
    const std::uint16_t before = static_cast<std::uint16_t>(p[36] << 8 | p[37]);
    const std::uint16_t old_word = static_cast<std::uint16_t>(p[22] << 8 | p[23]);
    p[22] = 0x11, p[23] = 0x51;  // destination port 443 → 4433
    const std::uint16_t updated = checksum_update(before, old_word, 0x1151);
    fill_checksums(p);
    EXPECT_EQ(updated, static_cast<std::uint16_t>(p[36] << 8 | p[37]));
}

TEST(Ipv4, RewriteChangesAddressAndPortAndKeepsChecksumsValid) {
    IpPacket p = sample_tcp();
    ASSERT_TRUE(rewrite(p, Endpoint::Destination, address("10.64.0.1"), 4433));
    auto h = parse(p);
    EXPECT_EQ(h->destination, address("10.64.0.1"));
    EXPECT_EQ(parse_tcp(p, *h)->destination_port, 4433);
    EXPECT_TRUE(checksums_valid(p));
    IpPacket recomputed = p;
    fill_checksums(recomputed);
    EXPECT_EQ(p, recomputed);

    ASSERT_TRUE(rewrite(p, Endpoint::Source, address("192.0.2.7"), 1234));
    h = parse(p);
    EXPECT_EQ(h->source, address("192.0.2.7"));
    EXPECT_EQ(parse_tcp(p, *h)->source_port, 1234);
    EXPECT_TRUE(checksums_valid(p));
}

TEST(Ipv4, RewriteOfUdpKeepsAnAbsentChecksumAbsent) {
    IpPacket p = test::dns_query(address("10.64.0.1"), 7, "api.example.com");
    ASSERT_TRUE(rewrite(p, Endpoint::Destination, address("192.0.2.1"), 5353));
    EXPECT_TRUE(checksums_valid(p));
    p[26] = p[27] = 0;  // no UDP checksum
    fill_checksums(p);  // (recomputes it: put "none" back after)
    p[26] = p[27] = 0;
    ASSERT_TRUE(rewrite(p, Endpoint::Destination, address("192.0.2.2"), 53));
    EXPECT_EQ(p[26], 0);
    EXPECT_EQ(p[27], 0);
    EXPECT_TRUE(checksums_valid(p));
}

TEST(Ipv4, RewriteOfIcmpChangesOnlyTheAddress) {
    IpPacket p = test::icmp_echo(address("10.64.0.16"), 0x1234, 1);
    const IpPacket icmp_before(p.begin() + 20, p.end());
    ASSERT_TRUE(rewrite(p, Endpoint::Destination, address("10.64.0.1"), 999));
    EXPECT_EQ(parse(p)->destination, address("10.64.0.1"));
    EXPECT_EQ(IpPacket(p.begin() + 20, p.end()), icmp_before);
    EXPECT_TRUE(checksums_valid(p));
    IpPacket not_ip = {0x60, 0, 0};
    EXPECT_FALSE(rewrite(not_ip, Endpoint::Source, 1, 1));
}

TEST(Ipv4, ParsesOnlyStrictDottedQuads) {
    EXPECT_EQ(parse_address("10.64.0.1"), 0x0A400001u);
    EXPECT_EQ(parse_address("255.255.255.255"), 0xFFFFFFFFu);
    EXPECT_EQ(parse_address("0.0.0.0"), 0u);
    for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "a.b.c.d", " 1.2.3.4", "1.2.3.4 ",
                            "1.2.3.-4", "1.2.3.0004", "1.2.3.4:80"})
        EXPECT_FALSE(parse_address(bad)) << bad;
    EXPECT_EQ(format_address(0x0A400010), "10.64.0.16");
}

TEST(Ipv4, PrefixMatching) {
    EXPECT_TRUE(in_prefix(address("10.64.3.9"), address("10.64.0.0"), 16));
    EXPECT_FALSE(in_prefix(address("10.65.0.1"), address("10.64.0.0"), 16));
    EXPECT_TRUE(in_prefix(address("203.0.113.5"), address("203.0.113.5"), 32));
    EXPECT_FALSE(in_prefix(address("203.0.113.6"), address("203.0.113.5"), 32));
    EXPECT_TRUE(in_prefix(address("8.8.8.8"), 0, 0));
    EXPECT_TRUE(in_prefix(address("192.0.2.200"), address("192.0.2.77"), 24));  // host bits ignored
}
