// HostServer — a real server on the host's loopback for the data-path tests, run as its own
// process (socat, openssl s_server, ...) on a free port, killed when the test ends.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace q2686::test {

// A TCP port on 127.0.0.1 that nobody listens on right now (the kernel's pick).
inline std::uint16_t free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

inline bool loopback_port_accepts(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

class HostServer {
public:
    // `argv` with "{port}" replaced by the chosen port in every argument.
    explicit HostServer(std::vector<std::string> argv) : port_(free_loopback_port()) {
        for (std::string& arg : argv)
            for (auto at = arg.find("{port}"); at != std::string::npos; at = arg.find("{port}"))
                arg.replace(at, 6, std::to_string(port_));
        std::vector<char*> raw;
        for (std::string& arg : argv) raw.push_back(arg.data());
        raw.push_back(nullptr);
        if (::posix_spawnp(&pid_, raw[0], nullptr, nullptr, raw.data(), environ) != 0) pid_ = -1;
        // Ready once it accepts (a probe connection; servers started with fork take it in stride).
        for (int i = 0; i < 250 && pid_ > 0 && !ready_; ++i) {
            ready_ = loopback_port_accepts(port_);
            if (!ready_) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    HostServer(const HostServer&) = delete;
    HostServer& operator=(const HostServer&) = delete;
    ~HostServer() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
    }

    bool ready() const { return ready_; }
    std::uint16_t port() const { return port_; }

private:
    std::uint16_t port_;
    pid_t pid_ = -1;
    bool ready_ = false;
};

// socat on 127.0.0.1:{port}: each connection echoes the first `bytes` bytes it receives, then
// the server closes it (so the modem sees the peer close).
inline HostServer echo_server(std::size_t bytes) {
    return HostServer(
        {"socat", "TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork", "SYSTEM:head -c " + std::to_string(bytes)});
}

}  // namespace q2686::test
