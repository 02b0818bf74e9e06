// StdioEndpoint: pipes pass every byte and report the end of input; a terminal goes raw for
// the session, comes back as it was, and quits on Ctrl-] or Ctrl-C.
#include "host/serial/stdio_endpoint.h"

#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>

#include <gtest/gtest.h>

#include "host_test_support.h"

namespace q2686 {
namespace {

using namespace host_test;

struct Pipe {
    int read = -1, write = -1;
    Pipe() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) == 0) read = fds[0], write = fds[1];
    }
    ~Pipe() {
        close_read();
        close_write();
    }
    void close_read() {
        if (read >= 0) ::close(read);
        read = -1;
    }
    void close_write() {
        if (write >= 0) ::close(write);
        write = -1;
    }
};

// A pseudo-terminal standing in for the user's terminal: the endpoint gets the slave.
struct Terminal {
    int master = -1, slave = -1;
    Terminal() {
        master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        ::grantpt(master);
        ::unlockpt(master);
        slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
    }
    ~Terminal() {
        ::close(slave);
        ::close(master);
    }
};

HostInput poll_until(SerialEndpoint& endpoint, std::string& into, HostInput wanted) {
    const auto deadline = Clock::now() + 5s;
    HostInput state = HostInput::Open;
    while ((state = endpoint.poll(into)) != wanted && Clock::now() < deadline) endpoint.wait(10ms);
    return state;
}

TEST(StdioEndpoint, PassesEveryPipedByteAndReportsTheEndOfInput) {
    Pipe in, out;
    StdioEndpoint endpoint(in.read, out.write);
    EXPECT_FALSE(endpoint.is_terminal());
    EXPECT_EQ(endpoint.description(), "stdin/stdout");
    ASSERT_TRUE(write_all(in.write, std::string("AT\r\x03\x1d", 5)));  // not keys on a pipe: data
    in.close_write();
    std::string received;
    EXPECT_EQ(poll_until(endpoint, received, HostInput::Ended), HostInput::Ended);
    EXPECT_EQ(received, std::string("AT\r\x03\x1d", 5));
}

TEST(StdioEndpoint, WritesTheModemsBytesToItsOutput) {
    Pipe in, out;
    StdioEndpoint endpoint(in.read, out.write);
    endpoint.write("\r\nOK\r\n");
    std::string written;
    EXPECT_TRUE(read_until_text(out.read, written, "OK\r\n", 5s));
    EXPECT_EQ(written, "\r\nOK\r\n");
}

TEST(StdioEndpoint, AnOutputNobodyReadsEndsTheSessionWithoutSigpipe) {
    Pipe in, out;
    StdioEndpoint endpoint(in.read, out.write);
    out.close_read();
    endpoint.write("OK\r\n");  // the reader is gone: must not raise SIGPIPE
    std::string received;
    EXPECT_EQ(endpoint.poll(received), HostInput::Ended);
    EXPECT_EQ(endpoint.bytes_dropped(), 4u);
}

TEST(StdioEndpoint, PutsATerminalInRawModeForTheSessionAndRestoresIt) {
    Terminal terminal;
    ASSERT_GE(terminal.slave, 0);
    termios before{};
    ASSERT_EQ(::tcgetattr(terminal.slave, &before), 0);
    ASSERT_TRUE(before.c_lflag & ICANON);
    {
        StdioEndpoint endpoint(terminal.slave, terminal.slave);
        EXPECT_TRUE(endpoint.is_terminal());
        termios during{};
        ASSERT_EQ(::tcgetattr(terminal.slave, &during), 0);
        EXPECT_FALSE(during.c_lflag & (ICANON | ECHO | ISIG));
        EXPECT_FALSE(during.c_iflag & ICRNL);

        // A key reaches the modem at once, without waiting for a line.
        ASSERT_TRUE(write_all(terminal.master, "A"));
        std::string received;
        const auto deadline = Clock::now() + 5s;
        while (received.empty() && Clock::now() < deadline) {
            endpoint.poll(received);
            endpoint.wait(10ms);
        }
        EXPECT_EQ(received, "A");
    }
    termios after{};
    ASSERT_EQ(::tcgetattr(terminal.slave, &after), 0);
    EXPECT_EQ(after.c_lflag, before.c_lflag);
    EXPECT_EQ(after.c_iflag, before.c_iflag);
    EXPECT_EQ(after.c_oflag, before.c_oflag);
}

TEST(StdioEndpoint, CtrlBracketOrCtrlCOnATerminalQuitsAndIsNotSentToTheModem) {
    for (const char key : {StdioEndpoint::kQuitKey, StdioEndpoint::kInterruptKey}) {
        Terminal terminal;
        ASSERT_GE(terminal.slave, 0);
        StdioEndpoint endpoint(terminal.slave, terminal.slave);
        ASSERT_TRUE(write_all(terminal.master, std::string("AT") + key + "I\r"));
        std::string received;
        EXPECT_EQ(poll_until(endpoint, received, HostInput::Quit), HostInput::Quit);
        EXPECT_EQ(received, "AT") << int(key);
    }
}

}  // namespace
}  // namespace q2686
