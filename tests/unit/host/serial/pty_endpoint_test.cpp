// PtyEndpoint: a slave path serial programs can open, raw bytes both ways, and nobody (or a
// program closing it) never being an error.
#include "host/serial/pty_endpoint.h"

#include <fcntl.h>
#include <termios.h>

#include <gtest/gtest.h>

#include "host_test_support.h"

namespace q2686 {
namespace {

using namespace host_test;

bool poll_until(PtyEndpoint& endpoint, std::string& into, const std::string& text) {
    return poll_endpoint_until(endpoint, into, [&] { return into.find(text) != std::string::npos; });
}

bool poll_until_connected(PtyEndpoint& endpoint, bool wanted) {
    std::string ignored;
    return poll_endpoint_until(endpoint, ignored, [&] { return endpoint.connected() == wanted; });
}

TEST(PtyEndpoint, NamesItsSlavePathAndDropsOutputWhileNobodyHasItOpen) {
    PtyEndpoint endpoint;
    EXPECT_EQ(endpoint.path().rfind("/dev/pts/", 0), 0u) << endpoint.path();
    EXPECT_EQ(endpoint.description(), "PTY " + endpoint.path());
    std::string input;
    EXPECT_EQ(endpoint.poll(input), HostInput::Open);
    EXPECT_TRUE(input.empty());
    EXPECT_FALSE(endpoint.connected());
    endpoint.write("\r\n+WIND: 3\r\n");
    EXPECT_EQ(endpoint.bytes_dropped(), 12u);
}

TEST(PtyEndpoint, TheSlaveIsRawSoBytesPassUnchanged) {
    PtyEndpoint endpoint;
    endpoint.write("before anyone opened it\r\n");  // must not greet the first reader
    // Opened as `cat` or socat would: no termios set up by the program.
    const int slave = ::open(endpoint.path().c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    ASSERT_GE(slave, 0);
    termios settings{};
    ASSERT_EQ(::tcgetattr(slave, &settings), 0);
    EXPECT_FALSE(settings.c_lflag & (ICANON | ECHO | ISIG));
    EXPECT_FALSE(settings.c_iflag & ICRNL);
    EXPECT_FALSE(settings.c_oflag & OPOST);

    ASSERT_TRUE(write_all(slave, "AT\r"));
    std::string received;
    ASSERT_TRUE(poll_until(endpoint, received, "AT\r"));
    EXPECT_EQ(received, "AT\r");  // CR stays CR, no local echo came back
    EXPECT_TRUE(endpoint.connected());

    endpoint.write("AT\r\r\nOK\r\n");
    std::string reply;
    EXPECT_TRUE(read_until_text(slave, reply, "OK\r\n", 5s));
    EXPECT_EQ(reply, "AT\r\r\nOK\r\n");  // no LF → CR LF translation
    ::close(slave);
}

TEST(PtyEndpoint, AReaderClosingIsNotAnErrorAndTheNextOneIsServed) {
    PtyEndpoint endpoint;
    int slave = ::open(endpoint.path().c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    ASSERT_GE(slave, 0);
    ASSERT_TRUE(poll_until_connected(endpoint, true));
    endpoint.write("+WIND: 3\r\n");  // left unread: must not reach the next reader either
    ::close(slave);
    ASSERT_TRUE(poll_until_connected(endpoint, false));
    endpoint.write("+WIND: 4\r\n");  // nobody there: dropped, not queued for the next reader
    std::string input;
    EXPECT_EQ(endpoint.poll(input), HostInput::Open);

    slave = ::open(endpoint.path().c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    ASSERT_GE(slave, 0);
    ASSERT_TRUE(write_all(slave, "ATI\r"));
    std::string received;
    ASSERT_TRUE(poll_until(endpoint, received, "ATI\r"));
    endpoint.write("OK\r\n");
    std::string reply;
    EXPECT_TRUE(read_until_text(slave, reply, "OK\r\n", 5s));
    EXPECT_EQ(reply, "OK\r\n");
    ::close(slave);
}

}  // namespace
}  // namespace q2686
