// TcpEndpoint and ListenAddress: loopback by default, refusals that say why, one client at a
// time, clients that come and go.
#include "host/serial/tcp_endpoint.h"

#include <gtest/gtest.h>

#include "base/input_error.h"
#include "host_test_support.h"

namespace q2686 {
namespace {

using namespace host_test;

bool poll_until(SerialEndpoint& endpoint, std::string& into, const std::string& text) {
    return poll_endpoint_until(endpoint, into, [&] { return into.find(text) != std::string::npos; });
}

bool poll_until_client(TcpEndpoint& endpoint, bool wanted) {
    std::string ignored;
    return poll_endpoint_until(endpoint, ignored, [&] { return endpoint.has_client() == wanted; });
}

std::string input_error(std::string_view spec, bool allow_remote = false) {
    try {
        TcpEndpoint endpoint(spec, allow_remote);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(TcpEndpointAddress, AcceptsPortHostPortLocalhostAndBracketedIpv6) {
    EXPECT_EQ(parse_listen_address("5000").text(), "127.0.0.1:5000");
    EXPECT_TRUE(parse_listen_address("5000").loopback());
    EXPECT_EQ(parse_listen_address("127.0.0.1:0").port, 0);
    EXPECT_EQ(parse_listen_address("localhost:7").text(), "127.0.0.1:7");
    EXPECT_TRUE(parse_listen_address("127.1.2.3:7").loopback());
    EXPECT_EQ(parse_listen_address("[::1]:5000").text(), "[::1]:5000");
    EXPECT_TRUE(parse_listen_address("[::1]:5000").loopback());
    EXPECT_FALSE(parse_listen_address("0.0.0.0:5000").loopback());
    EXPECT_FALSE(parse_listen_address("[::]:5000").loopback());
    EXPECT_FALSE(parse_listen_address("192.168.1.10:5000").loopback());
}

TEST(TcpEndpointAddress, RejectsBadPortsAndNames) {
    EXPECT_THROW(parse_listen_address("127.0.0.1:70000"), InputError);
    EXPECT_THROW(parse_listen_address("127.0.0.1:"), InputError);
    EXPECT_THROW(parse_listen_address("127.0.0.1:http"), InputError);
    EXPECT_THROW(parse_listen_address("example.com:5000"), InputError);
    EXPECT_THROW(parse_listen_address("::1:5000"), InputError);  // IPv6 needs brackets
}

TEST(TcpEndpoint, RefusesANonLoopbackAddressAndNamesTheFlagThatAllowsIt) {
    for (const char* spec : {"0.0.0.0:0", "192.168.1.10:5000", "[::]:0"}) {
        const std::string message = input_error(spec);
        EXPECT_NE(message.find("non-loopback"), std::string::npos) << spec << ": " << message;
        EXPECT_NE(message.find("--allow-remote"), std::string::npos) << spec << ": " << message;
    }
}

TEST(TcpEndpoint, ListensOnAllAddressesOnlyWhenRemoteIsAllowed) {
    TcpEndpoint endpoint("0.0.0.0:0", true);
    EXPECT_FALSE(endpoint.loopback_only());
    EXPECT_NE(endpoint.port(), 0);
}

TEST(TcpEndpoint, PortZeroPicksAFreePortAndTheDescriptionNamesIt) {
    TcpEndpoint endpoint("127.0.0.1:0");
    ASSERT_NE(endpoint.port(), 0);
    EXPECT_TRUE(endpoint.loopback_only());
    EXPECT_EQ(endpoint.description(), "TCP 127.0.0.1:" + std::to_string(endpoint.port()));
}

TEST(TcpEndpoint, APortInUseIsAnInputError) {
    TcpEndpoint first("127.0.0.1:0");
    const std::string message = input_error("127.0.0.1:" + std::to_string(first.port()));
    EXPECT_NE(message.find("cannot listen"), std::string::npos) << message;
}

TEST(TcpEndpoint, ExchangesBytesWithAClient) {
    TcpEndpoint endpoint("127.0.0.1:0");
    std::vector<std::string> notices;
    endpoint.set_notice([&](const std::string& text) { notices.push_back(text); });
    const int client = connect_loopback(endpoint.port());
    ASSERT_GE(client, 0);
    ASSERT_TRUE(write_all(client, "AT\r"));
    std::string received;
    ASSERT_TRUE(poll_until(endpoint, received, "AT\r"));
    EXPECT_EQ(received, "AT\r");
    EXPECT_TRUE(endpoint.has_client());
    ASSERT_FALSE(notices.empty());
    EXPECT_NE(notices[0].find("client connected from 127.0.0.1:"), std::string::npos) << notices[0];

    endpoint.write("AT\r\r\nOK\r\n");
    std::string reply;
    EXPECT_TRUE(read_until_text(client, reply, "OK\r\n", 5s));
    EXPECT_EQ(reply, "AT\r\r\nOK\r\n");
    ::close(client);
}

TEST(TcpEndpoint, TheNextClientMayConnectAfterADisconnectAndGetsNoBacklog) {
    TcpEndpoint endpoint("127.0.0.1:0");
    endpoint.write("+WIND: 3\r\n");  // nobody connected yet: dropped
    EXPECT_EQ(endpoint.bytes_dropped(), 10u);
    int client = connect_loopback(endpoint.port());
    ASSERT_TRUE(poll_until_client(endpoint, true));
    ::close(client);
    std::string ignored;
    endpoint.poll(ignored);
    endpoint.write("+WIND: 4\r\n");  // for the client that left: never reaches the next one

    client = connect_loopback(endpoint.port());
    ASSERT_GE(client, 0);
    ASSERT_TRUE(write_all(client, "ATI\r"));
    std::string received;
    ASSERT_TRUE(poll_until(endpoint, received, "ATI\r"));  // served, not turned away
    endpoint.write("OK\r\n");
    std::string reply;
    EXPECT_TRUE(read_until_text(client, reply, "OK\r\n", 5s));
    EXPECT_EQ(reply, "OK\r\n");
    ::close(client);
}

TEST(TcpEndpoint, AHalfClosedClientStillGetsItsReplies) {
    // `printf 'AT\r' | nc -N 127.0.0.1 PORT`: send, shut down the sending side, read the reply.
    TcpEndpoint endpoint("127.0.0.1:0");
    const int client = connect_loopback(endpoint.port());
    ASSERT_GE(client, 0);
    ASSERT_TRUE(write_all(client, "AT\r"));
    ::shutdown(client, SHUT_WR);
    std::string received;
    ASSERT_TRUE(poll_until(endpoint, received, "AT\r"));
    for (int i = 0; i < 5; ++i) endpoint.poll(received);  // sees the end of file
    EXPECT_TRUE(endpoint.has_client());
    endpoint.write("AT\r\r\nOK\r\n");
    std::string reply;
    EXPECT_TRUE(read_until_text(client, reply, "OK\r\n", 5s));
    ::close(client);
}

TEST(TcpEndpoint, AClientThatClosedIsForgottenOnceAWriteFails) {
    TcpEndpoint endpoint("127.0.0.1:0");
    const int client = connect_loopback(endpoint.port());
    ASSERT_TRUE(poll_until_client(endpoint, true));
    ::close(client);
    const auto deadline = Clock::now() + 5s;
    while (endpoint.has_client() && Clock::now() < deadline) {
        std::string ignored;
        endpoint.poll(ignored);
        endpoint.write("OK\r\n");  // the first write draws a reset, a later one fails
        endpoint.wait(std::chrono::milliseconds(5));
    }
    EXPECT_FALSE(endpoint.has_client());
}

TEST(TcpEndpoint, TurnsAwayASecondClientWhileOneIsConnected) {
    TcpEndpoint endpoint("127.0.0.1:0");
    const int first = connect_loopback(endpoint.port());
    ASSERT_TRUE(poll_until_client(endpoint, true));
    const int second = connect_loopback(endpoint.port());
    ASSERT_GE(second, 0);
    std::string told;
    const auto deadline = Clock::now() + 5s;
    while (told.find("already has a client") == std::string::npos && Clock::now() < deadline) {
        std::string ignored;
        endpoint.poll(ignored);
        read_until_text(second, told, "already has a client", 20ms);
    }
    EXPECT_NE(told.find("already has a client"), std::string::npos) << told;
    // The first client is still the one served.
    endpoint.write("OK\r\n");
    std::string reply;
    EXPECT_TRUE(read_until_text(first, reply, "OK\r\n", 5s));
    ::close(first);
    ::close(second);
}

TEST(TcpEndpoint, AClientThatVanishesMidStreamIsNotFatal) {
    TcpEndpoint endpoint("127.0.0.1:0");
    const int client = connect_loopback(endpoint.port());
    ASSERT_TRUE(poll_until_client(endpoint, true));
    endpoint.write("unread bytes\r\n");
    linger abort_on_close{1, 0};  // close with a reset, as a killed client does
    ::setsockopt(client, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
    ::close(client);
    // Writing to the dead connection must neither raise SIGPIPE nor throw.
    const auto deadline = Clock::now() + 5s;
    while (endpoint.has_client() && Clock::now() < deadline) {
        endpoint.write(std::string(1024, 'x'));
        std::string ignored;
        endpoint.poll(ignored);
    }
    EXPECT_FALSE(endpoint.has_client());
}

}  // namespace
}  // namespace q2686
