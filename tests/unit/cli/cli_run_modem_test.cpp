// `q2686emu run` in modem mode as a user meets it: the real binary as a child process, its
// AT port on TCP, a PTY or stdio, its banner, and how it ends. Every wait is bounded.
#include <fcntl.h>
#include <pty.h>
#include <termios.h>

#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include <gtest/gtest.h>

#include "host_test_support.h"

namespace {

using namespace host_test;

std::vector<std::string> cli(std::vector<std::string> args) {
    args.insert(args.begin(), Q2686_CLI);
    return args;
}

struct Finished {
    int exit_code = -1;
    std::string output;  // stdout, then stderr
};

Finished run_to_end(std::vector<std::string> args) {
    ChildProcess child(cli(std::move(args)));
    child.close_stdin();
    Finished f;
    if (const auto code = child.wait_exit(30s)) f.exit_code = *code;
    f.output = child.out() + child.err();
    return f;
}

const std::regex kTcpBanner(R"(AT port on TCP 127\.0\.0\.1:(\d+) \(loopback only\))");
const std::regex kPtyBanner(R"(AT port on PTY (/dev/pts/\d+))");

TEST(RunModemCli, TcpAnswersAtCommandsAndExitsZeroAtTheEndOfItsDuration) {
    ChildProcess child(cli({"run", "--at-tcp", "127.0.0.1:0", "--speed", "10", "--duration", "30s"}));
    ASSERT_TRUE(child.started());
    const auto port = child.wait_for_stderr(kTcpBanner);
    ASSERT_TRUE(port) << child.err();
    EXPECT_NE(child.err().find("quit with Ctrl-C"), std::string::npos) << child.err();

    const int client = connect_loopback(static_cast<std::uint16_t>(std::stoi(*port)));
    ASSERT_GE(client, 0);
    ASSERT_TRUE(write_all(client, "AT+CGMI\r"));
    std::string reply;
    EXPECT_TRUE(read_until_text(client, reply, "OK\r\n")) << reply;
    EXPECT_NE(reply.find("WAVECOM MODEM"), std::string::npos) << reply;
    ::close(client);

    // A second client after the first left.
    const int next = connect_loopback(static_cast<std::uint16_t>(std::stoi(*port)));
    ASSERT_GE(next, 0);
    ASSERT_TRUE(write_all(next, "AT+CGMM\r"));
    reply.clear();
    EXPECT_TRUE(read_until_text(next, reply, "OK\r\n")) << reply;
    EXPECT_NE(reply.find("Q2686RD"), std::string::npos) << reply;
    ::close(next);

    EXPECT_EQ(child.wait_exit(60s), 0) << child.err();
    EXPECT_NE(child.err().find("reached the time limit (--duration 30s)"), std::string::npos) << child.err();
    EXPECT_NE(child.err().find("virtual time  30.000000 s"), std::string::npos) << child.err();
}

TEST(RunModemCli, PtyAnswersAProgramThatOpensItAndStopsOnSigterm) {
    ChildProcess child(cli({"run", "--at-pty"}));
    ASSERT_TRUE(child.started());
    const auto path = child.wait_for_stderr(kPtyBanner);
    ASSERT_TRUE(path) << child.err();
    EXPECT_NE(child.err().find("no network listener"), std::string::npos) << child.err();
    EXPECT_NE(child.err().find("minicom -D " + *path), std::string::npos) << child.err();

    for (int round = 0; round < 2; ++round) {  // open, talk, close — twice
        const int tty = ::open(path->c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
        ASSERT_GE(tty, 0) << *path;
        termios settings{};
        ASSERT_EQ(::tcgetattr(tty, &settings), 0);
        ::cfmakeraw(&settings);  // as minicom or pyserial would
        ASSERT_EQ(::tcsetattr(tty, TCSANOW, &settings), 0);
        ASSERT_TRUE(write_all(tty, "AT\r"));
        std::string reply;
        EXPECT_TRUE(read_until_text(tty, reply, "OK\r\n")) << round << ": " << reply;
        EXPECT_NE(reply.find("AT\r"), std::string::npos) << reply;  // the modem's echo
        ::close(tty);
    }

    child.signal(SIGTERM);
    EXPECT_EQ(child.wait_exit(30s), 0) << child.err();
    EXPECT_NE(child.err().find("interrupted by SIGTERM"), std::string::npos) << child.err();
}

TEST(RunModemCli, StdioAnswersPipedCommandsAndExitsZeroAtTheEndOfInput) {
    ChildProcess child(cli({"run", "--speed", "max"}));
    ASSERT_TRUE(child.started());
    ASSERT_TRUE(write_all(child.stdin_fd(), "AT\r"));
    child.close_stdin();
    EXPECT_EQ(child.wait_exit(30s), 0) << child.err();
    EXPECT_NE(child.out().find("\r\nOK\r\n"), std::string::npos) << child.out();
    EXPECT_NE(child.err().find("AT port on stdin/stdout (no network listener)"), std::string::npos) << child.err();
    EXPECT_NE(child.err().find("end of input"), std::string::npos) << child.err();
    EXPECT_NE(child.err().find("3 bytes in"), std::string::npos) << child.err();
}

TEST(RunModemCli, OnATerminalKeysGoToTheModemAndCtrlBracketQuits) {
    int terminal = -1;
    const pid_t pid = ::forkpty(&terminal, nullptr, nullptr, nullptr);
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        const char* argv[] = {Q2686_CLI, "run", nullptr};
        ::execv(Q2686_CLI, const_cast<char* const*>(argv));
        ::_exit(127);
    }
    std::string screen;
    EXPECT_TRUE(read_until_text(terminal, screen, "quit with Ctrl-] or Ctrl-C")) << screen;
    EXPECT_NE(screen.find("AT port on this terminal"), std::string::npos) << screen;
    // The modem speaks only once the terminal is raw (the banner comes just before).
    EXPECT_TRUE(read_until_text(terminal, screen, "+WIND: 3\r\n")) << screen;
    ASSERT_TRUE(write_all(terminal, "ATI\r"));  // raw mode: no line discipline in between
    EXPECT_TRUE(read_until_text(terminal, screen, "Q2686RD\r\n\r\nOK\r\n")) << screen;
    ASSERT_TRUE(write_all(terminal, "\x1d"));
    EXPECT_TRUE(read_until_text(terminal, screen, "stopped: quit")) << screen;
    int status = -1;
    const auto deadline = Clock::now() + 30s;
    while (::waitpid(pid, &status, WNOHANG) == 0 && Clock::now() < deadline) {
        std::string more;
        read_until_text(terminal, more, "\n", 20ms);
    }
    if (Clock::now() >= deadline) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
    }
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    ::close(terminal);
}

TEST(RunModemCli, SigintStopsAStdioSessionCleanly) {
    ChildProcess child(cli({"run"}));  // real time, stdin left open
    ASSERT_TRUE(child.started());
    ASSERT_TRUE(child.wait_for_stderr(std::regex("real time \\(--speed 1\\)")));
    child.signal(SIGINT);
    EXPECT_EQ(child.wait_exit(30s), 0) << child.err();
    EXPECT_NE(child.err().find("interrupted by SIGINT"), std::string::npos) << child.err();
}

TEST(RunModemCli, ExitsZeroAtItsDurationWithNobodyConnected) {
    const Finished f = run_to_end({"run", "--at-tcp", "0", "--speed", "max", "--duration", "30s"});
    EXPECT_EQ(f.exit_code, 0) << f.output;
    EXPECT_TRUE(std::regex_search(f.output, kTcpBanner)) << f.output;
    EXPECT_NE(f.output.find("dropped: nobody was reading"), std::string::npos) << f.output;
}

TEST(RunModemCli, MaxCyclesLimitsTheModemToo) {
    const Finished f = run_to_end({"run", "--at-tcp", "0", "--speed", "max", "--max-cycles", "104000000"});
    EXPECT_EQ(f.exit_code, 0) << f.output;
    EXPECT_NE(f.output.find("reached the time limit (--max-cycles 104000000)"), std::string::npos) << f.output;
    EXPECT_NE(f.output.find("virtual time  1.000000 s"), std::string::npos) << f.output;
}

// The kernel's own table of TCP sockets (proc(5) /proc/net/tcp): is `port` listening (state 0A)
// on 127.0.0.1 (0100007F), and on no other address?
bool listens_on_loopback_only(unsigned port) {
    std::ifstream table("/proc/net/tcp");
    std::string line;
    bool loopback = false, other = false;
    const std::string port_hex = fmt::format(":{:04X}", port);
    while (std::getline(table, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state;
        fields >> slot >> local >> remote >> state;
        if (state != "0A" || !local.ends_with(port_hex)) continue;
        (local.starts_with("0100007F") ? loopback : other) = true;
    }
    return loopback && !other;
}

TEST(RunModemCli, ListenersBindTheLoopbackByDefaultSayItAndTheKernelAgrees) {
    ChildProcess child(cli({"run", "--at-tcp", "0", "--gdb", "0", "--speed", "10", "--duration", "20s"}));
    ASSERT_TRUE(child.started());
    const auto at_port = child.wait_for_stderr(kTcpBanner);
    ASSERT_TRUE(at_port) << child.err();
    const auto gdb_port = child.wait_for_stderr(std::regex(R"(GDB stub on 127\.0\.0\.1:(\d+) \(loopback only\))"));
    ASSERT_TRUE(gdb_port) << child.err();
    EXPECT_TRUE(listens_on_loopback_only(static_cast<unsigned>(std::stoi(*at_port)))) << "AT port " << *at_port;
    EXPECT_TRUE(listens_on_loopback_only(static_cast<unsigned>(std::stoi(*gdb_port)))) << "GDB port " << *gdb_port;
    child.signal(SIGTERM);
    EXPECT_TRUE(child.wait_exit(30s));
}

TEST(RunModemCli, ANonLoopbackAddressIsRefusedWithExitCode2) {
    const Finished f = run_to_end({"run", "--at-tcp", "0.0.0.0:0", "--duration", "1s"});
    EXPECT_EQ(f.exit_code, 2) << f.output;
    EXPECT_NE(f.output.find("non-loopback"), std::string::npos) << f.output;
    EXPECT_NE(f.output.find("--allow-remote"), std::string::npos) << f.output;
}

TEST(RunModemCli, AllowRemoteListensAnywhereAndTheBannerWarns) {
    const Finished f =
        run_to_end({"run", "--at-tcp", "0.0.0.0:0", "--allow-remote", "--speed", "max", "--duration", "1s"});
    EXPECT_EQ(f.exit_code, 0) << f.output;
    EXPECT_NE(f.output.find("REACHABLE FROM OTHER HOSTS"), std::string::npos) << f.output;
}

TEST(RunModemCli, ConflictingOptionsExitWithCode2AndSaySo) {
    const std::vector<std::vector<std::string>> cases = {
        {"run", "--elf", "x.elf", "--at-tcp", "127.0.0.1:0"},
        {"run", "--elf", "x.elf", "--at-pty"},
        {"run", "--elf", "x.elf", "--firmware", "y.elf"},
        {"run", "--at-pty", "--at-tcp", "127.0.0.1:0"},
        {"run", "--allow-remote", "--at-pty"},
        {"run", "--at-pty", "--clock-hz", "52000000"},
    };
    for (const auto& args : cases) {
        const Finished f = run_to_end(args);
        EXPECT_EQ(f.exit_code, 2) << f.output;
        EXPECT_TRUE(f.output.find("excludes") != std::string::npos || f.output.find("requires") != std::string::npos)
            << f.output;
    }
}

TEST(RunModemCli, BadValuesExitWithCode2AndNameTheOption) {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{"run", "--at-tcp", "127.0.0.1:99999"}, "--at-tcp 127.0.0.1:99999"},
        {{"run", "--at-tcp", "modem.example:5000"}, "not a numeric IP address"},
        {{"run", "--duration", "soon"}, "--duration soon"},
        {{"run", "--speed", "fast"}, "--speed fast"},
        {{"run", "--firmware", "/nonexistent/fw.elf"}, "/nonexistent/fw.elf: cannot open"},
    };
    for (const auto& c : cases) {
        const Finished f = run_to_end(c.args);
        EXPECT_EQ(f.exit_code, 2) << f.output;
        EXPECT_NE(f.output.find(c.message), std::string::npos) << f.output;
    }
}

TEST(RunModemCli, HelpExplainsTheEndpointsExposureAndExamples) {
    const Finished f = run_to_end({"run", "--help"});
    EXPECT_EQ(f.exit_code, 0);
    for (const char* text : {"--at-pty", "--at-tcp", "--allow-remote", "--firmware", "--duration", "loopback",
                             "minicom", "nc -C 127.0.0.1 5000", "Ctrl-]", "--speed max", "Examples"})
        EXPECT_NE(f.output.find(text), std::string::npos) << text;
}

}  // namespace
