// The host gateway's configuration and decisions without libslirp: the --host/--allow
// parsers, names, the outbound policy, DNAT there and back, and the Ethernet/ARP framing.
#include "host/gateway/gateway_policy.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include "packet_builder.h"
#include "host/gateway/slirp_ethernet.h"

using namespace q2686;
using namespace q2686::ipv4;
using test::address;

namespace {

std::string host_error(const std::string& text) {
    try {
        parse_host_mapping(text);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

std::string allow_error(const std::string& text) {
    try {
        parse_allow_rule(text);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

GatewayConfig sample_config() {
    GatewayConfig config;
    config.hosts = {parse_host_mapping("api.example.com:443=127.0.0.1:4433"),
                    parse_host_mapping("db.example=192.0.2.10"),
                    parse_host_mapping("API.example.com:80=127.0.0.1:8080")};
    config.allow = {parse_allow_rule("198.51.100.0/24:443"), parse_allow_rule("203.0.113.9")};
    return config;
}

bool passes(GatewayPolicy& policy, IpPacket packet) {
    return policy.outbound(packet);
}

}  // namespace

TEST(GatewayConfig, ParsesHostMappings) {
    const HostMapping full = parse_host_mapping("api.example.com:443=127.0.0.1:4433");
    EXPECT_EQ(full.name, "api.example.com");
    EXPECT_EQ(full.port, 443);
    EXPECT_EQ(full.target, 0x7F000001u);
    EXPECT_EQ(full.target_port, 4433);
    const HostMapping bare = parse_host_mapping("name=1.2.3.4");
    EXPECT_EQ(bare.name, "name");
    EXPECT_EQ(bare.port, 0);
    EXPECT_EQ(bare.target, 0x01020304u);
    EXPECT_EQ(bare.target_port, 0);
    EXPECT_EQ(parse_host_mapping("x=localhost:80").target, 0x7F000001u);
}

TEST(GatewayConfig, HostMappingErrorsNameTheBadPart) {
    EXPECT_EQ(host_error("api.example.com"), "host mapping 'api.example.com': expected NAME[:PORT]=ADDR[:PORT]");
    EXPECT_EQ(host_error("api.example.com:https=127.0.0.1"),
              "host mapping 'api.example.com:https=127.0.0.1': port 'https' is not a number from 1 to 65535");
    EXPECT_EQ(host_error("a..b=127.0.0.1"), "host mapping 'a..b=127.0.0.1': 'a..b' is not a host name");
    EXPECT_EQ(host_error("=127.0.0.1"), "host mapping '=127.0.0.1': '' is not a host name");
    EXPECT_EQ(host_error("api=example.net"),
              "host mapping 'api=example.net': 'example.net' is not an IPv4 address like 127.0.0.1");
    EXPECT_EQ(host_error("api=1.2.3.4:0"), "host mapping 'api=1.2.3.4:0': port '0' is not a number from 1 to 65535");
}

TEST(GatewayConfig, ParsesAllowRules) {
    const AllowRule net = parse_allow_rule("192.0.2.0/24:443");
    EXPECT_EQ(net.address, 0xC0000200u);
    EXPECT_EQ(net.prefix, 24u);
    EXPECT_EQ(net.port, 443);
    const AllowRule host = parse_allow_rule("127.0.0.1");
    EXPECT_EQ(host.address, 0x7F000001u);
    EXPECT_EQ(host.prefix, 32u);
    EXPECT_EQ(host.port, 0);
    EXPECT_EQ(allow_error("192.0.2.0/33"), "allow rule '192.0.2.0/33': prefix '33' is not a number from 0 to 32");
    EXPECT_EQ(allow_error("192.0.2/24"), "allow rule '192.0.2/24': '192.0.2' is not an IPv4 address like 127.0.0.1");
    EXPECT_EQ(allow_error("192.0.2.1:99999"),
              "allow rule '192.0.2.1:99999': port '99999' is not a number from 1 to 65535");
}

TEST(GatewayPolicy, EachDistinctNameHasOneAddressAndLocalhostIsTheGateway) {
    const GatewayPolicy policy(sample_config());
    EXPECT_EQ(policy.resolve("api.example.com"), address("10.64.0.16"));
    EXPECT_EQ(policy.resolve("Api.Example.Com."), address("10.64.0.16"));
    EXPECT_EQ(policy.resolve("db.example"), address("10.64.0.17"));
    EXPECT_EQ(policy.resolve("localhost"), address("10.64.0.1"));
    EXPECT_EQ(policy.resolve("example.org"), 0u);
    EXPECT_EQ(policy.resolve(""), 0u);
}

TEST(GatewayPolicy, AllowsTheGatewayMappedPortsAndAllowRulesOnly) {
    GatewayPolicy policy(sample_config());
    auto syn = [](const char* to, std::uint16_t port) {
        return test::tcp_packet(test::kModemAddress, 50000, address(to), port, kSyn, 1);
    };
    EXPECT_TRUE(passes(policy, syn("10.64.0.1", 22)));
    EXPECT_TRUE(passes(policy, syn("10.64.0.16", 443)));
    EXPECT_TRUE(passes(policy, syn("10.64.0.16", 80)));  // the second entry for the same name
    EXPECT_FALSE(passes(policy, syn("10.64.0.16", 8443)));
    EXPECT_TRUE(passes(policy, syn("10.64.0.17", 5432)));  // no port: any
    EXPECT_FALSE(passes(policy, syn("10.64.0.18", 80)));   // the third entry shares .16
    EXPECT_FALSE(passes(policy, syn("10.64.0.2", 53)));    // DNS over TCP is not served
    EXPECT_TRUE(passes(policy, syn("198.51.100.77", 443)));
    EXPECT_FALSE(passes(policy, syn("198.51.100.77", 80)));
    EXPECT_TRUE(passes(policy, syn("203.0.113.9", 25)));
    EXPECT_FALSE(passes(policy, syn("203.0.113.10", 25)));
    EXPECT_TRUE(passes(policy, test::icmp_echo(address("10.64.0.2"), 1, 1)));
    EXPECT_TRUE(passes(policy, test::icmp_echo(address("203.0.113.9"), 1, 1)));
    EXPECT_FALSE(passes(policy, test::icmp_echo(address("198.51.100.1"), 1, 1)));  // rule has a port

    GatewayConfig closed = sample_config();
    closed.allow_loopback = false;
    GatewayPolicy no_loopback(closed);
    EXPECT_FALSE(passes(no_loopback, syn("10.64.0.1", 22)));
    EXPECT_TRUE(passes(no_loopback, syn("10.64.0.16", 443)));  // mapped to the loopback explicitly
}

TEST(GatewayPolicy, DnatRewritesToTheTargetAndAnswersBackToTheMappedAddress) {
    GatewayPolicy policy(sample_config());
    IpPacket syn = test::tcp_packet(test::kModemAddress, 50000, address("10.64.0.16"), 443, kSyn, 1);
    ASSERT_TRUE(policy.outbound(syn));
    auto h = parse(syn);
    EXPECT_EQ(h->destination, address("10.64.0.1"));  // 127.0.0.1 is the gateway for libslirp
    EXPECT_EQ(parse_tcp(syn, *h)->destination_port, 4433);
    EXPECT_TRUE(checksums_valid(syn));

    IpPacket synack = test::tcp_packet(address("10.64.0.1"), 4433, test::kModemAddress, 50000, kSyn | kAck, 7, 2);
    policy.inbound(synack);
    h = parse(synack);
    EXPECT_EQ(h->source, address("10.64.0.16"));
    EXPECT_EQ(parse_tcp(synack, *h)->source_port, 443);
    EXPECT_TRUE(checksums_valid(synack));

    IpPacket unrelated = test::tcp_packet(address("10.64.0.1"), 4433, test::kModemAddress, 50001, kAck, 7, 2);
    policy.inbound(unrelated);  // another modem port: not a DNATed flow
    EXPECT_EQ(parse(unrelated)->source, address("10.64.0.1"));

    IpPacket ping = test::icmp_echo(address("10.64.0.17"), 0x77, 1);
    ASSERT_TRUE(policy.outbound(ping));
    EXPECT_EQ(parse(ping)->destination, address("192.0.2.10"));
}

TEST(SlirpEthernet, FramesAnnouncementsAndArpReplies) {
    slirp_ethernet::Frame frame;
    const IpPacket packet = test::icmp_echo(address("10.64.0.1"), 1, 1);
    slirp_ethernet::wrap(packet, address("10.64.0.1"), frame);
    ASSERT_EQ(frame.size(), packet.size() + 14);
    EXPECT_EQ((std::vector<std::uint8_t>(frame.begin(), frame.begin() + 14)),
              (std::vector<std::uint8_t>{0x52, 0x55, 10, 64, 0, 1, 0x02, 0, 0, 0, 0x26, 0x86, 0x08, 0x00}));
    frame.resize(frame.size() + 10, 0);  // Ethernet padding is dropped on the way out
    EXPECT_EQ(slirp_ethernet::unwrap_ipv4(frame), packet);

    const auto announce = slirp_ethernet::announcement(test::kModemAddress);
    EXPECT_EQ(slirp_ethernet::arp_request_target(announce), test::kModemAddress);
    EXPECT_FALSE(slirp_ethernet::unwrap_ipv4(announce));
    const auto reply = slirp_ethernet::arp_reply(announce);
    EXPECT_FALSE(slirp_ethernet::arp_request_target(reply));  // a reply, not a request
    EXPECT_EQ(reply[21], 2);                                  // operation: reply
    EXPECT_EQ(std::vector<std::uint8_t>(reply.begin() + 28, reply.begin() + 32),
              (std::vector<std::uint8_t>{10, 64, 1, 2}));  // sender address: the one asked for
}
