// Test support for the host endpoints and `q2686emu run`: a child process with its stdio on
// pipes, loopback sockets, and reads that wait for a pattern — every wait bounded, so a bug
// fails a test instead of hanging the suite.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <vector>

extern char** environ;

namespace host_test {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Polls a SerialEndpoint (collecting what it receives into `into`) until `done()` holds or
// 5 s pass; true when done.
template <typename Endpoint, typename Done>
bool poll_endpoint_until(Endpoint& endpoint, std::string& into, Done done) {
    const auto deadline = Clock::now() + 5s;
    while (!done()) {
        if (Clock::now() > deadline) return false;
        endpoint.poll(into);
        endpoint.wait(std::chrono::milliseconds(10));
    }
    return true;
}

// Reads what `fd` offers into `into` until `done(into)` or the deadline; true when done.
template <typename Done>
bool read_until(int fd, std::string& into, Done done, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = Clock::now() + timeout;
    while (!done(into)) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        std::array<char, 4096> buffer{};
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n <= 0) return done(into);
        into.append(buffer.data(), static_cast<std::size_t>(n));
    }
    return true;
}

inline bool read_until_text(int fd, std::string& into, const std::string& text,
                            std::chrono::milliseconds timeout = 10s) {
    return read_until(
        fd, into, [&](const std::string& s) { return s.find(text) != std::string::npos; }, timeout);
}

// A TCP client on 127.0.0.1:port (blocking socket; reads go through read_until).
inline int connect_loopback(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

inline bool write_all(int fd, const std::string& bytes) {
    return ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
}

// A child process with stdin, stdout and stderr on pipes. Killed (SIGKILL) if still running
// when destroyed.
class ChildProcess {
public:
    explicit ChildProcess(const std::vector<std::string>& args) {
        int in[2], out[2], err[2];
        if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) return;
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, in[0], 0);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_adddup2(&actions, err[1], 2);
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        if (::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
        posix_spawn_file_actions_destroy(&actions);
        ::close(in[0]);
        ::close(out[1]);
        ::close(err[1]);
        stdin_ = in[1];
        stdout_ = out[0];
        stderr_ = err[0];
    }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess() {
        if (pid_ > 0 && !exit_code_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        for (int fd : {stdin_, stdout_, stderr_})
            if (fd >= 0) ::close(fd);
    }

    bool started() const { return pid_ > 0; }
    int stdin_fd() const { return stdin_; }
    void close_stdin() {
        if (stdin_ >= 0) ::close(stdin_);
        stdin_ = -1;
    }
    void signal(int number) const {
        if (pid_ > 0 && !exit_code_) ::kill(pid_, number);
    }

    // Waits until stderr matches `pattern`; returns its first group (or the whole match).
    std::optional<std::string> wait_for_stderr(const std::regex& pattern, std::chrono::milliseconds timeout = 10s) {
        std::smatch match;
        const auto found = [&](const std::string& s) { return std::regex_search(s, match, pattern); };
        if (!read_until(stderr_, err_, found, timeout)) return std::nullopt;
        std::regex_search(err_, match, pattern);
        return match.size() > 1 ? match[1].str() : match[0].str();
    }

    // Waits for the exit (draining stdout and stderr meanwhile); nullopt on timeout or a
    // death by signal.
    std::optional<int> wait_exit(std::chrono::milliseconds timeout = 30s) {
        const auto deadline = Clock::now() + timeout;
        int status = 0;
        while (Clock::now() < deadline) {
            std::vector<pollfd> fds{{stdout_, POLLIN, 0}, {stderr_, POLLIN, 0}};
            ::poll(fds.data(), fds.size(), 20);
            drain(stdout_, out_);
            drain(stderr_, err_);
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                drain(stdout_, out_);
                drain(stderr_, err_);
                exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -128 - WTERMSIG(status);
                if (*exit_code_ < 0) return std::nullopt;
                return exit_code_;
            }
        }
        return std::nullopt;
    }

    const std::string& out() const { return out_; }
    const std::string& err() const { return err_; }

private:
    static void drain(int fd, std::string& into) {
        for (;;) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP))) return;
            std::array<char, 4096> buffer{};
            const ssize_t n = ::read(fd, buffer.data(), buffer.size());
            if (n <= 0) return;
            into.append(buffer.data(), static_cast<std::size_t>(n));
        }
    }

    pid_t pid_ = -1;
    int stdin_ = -1, stdout_ = -1, stderr_ = -1;
    std::string out_, err_;
    std::optional<int> exit_code_;
};

}  // namespace host_test
