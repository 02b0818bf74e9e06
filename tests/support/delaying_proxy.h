// DelayingProxy — a TCP proxy on the host's loopback that holds every chunk it reads, in either
// direction, for a fixed wall-clock delay before passing it on: a real server "far away" (a
// server across the internet, a slow back end) in front of a local one. One thread, poll(),
// non-blocking sockets; order is kept per direction; a close is passed on after the data before
// it. Stops (and closes everything) when destroyed.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace q2686::test {

class DelayingProxy {
public:
    using Clock = std::chrono::steady_clock;

    DelayingProxy(std::uint16_t upstream_port, std::chrono::milliseconds delay)
        : upstream_port_(upstream_port), delay_(delay) {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_in address = loopback(0);
        const int yes = 1;
        ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::listen(listener_, 8) != 0)
            return;
        socklen_t length = sizeof address;
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { run(); });
    }
    DelayingProxy(const DelayingProxy&) = delete;
    DelayingProxy& operator=(const DelayingProxy&) = delete;
    ~DelayingProxy() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
        for (auto& p : pairs_) {
            ::close(p->client);
            ::close(p->server);
        }
        if (listener_ >= 0) ::close(listener_);
    }

    bool ready() const { return port_ != 0; }
    std::uint16_t port() const { return port_; }
    unsigned connections() const { return accepted_; }

private:
    // A chunk to pass on at `due`; an empty one is the close of that direction.
    struct Chunk {
        Clock::time_point due;
        std::string bytes;
    };
    struct Direction {
        std::deque<Chunk> queue;
        bool read_closed = false;   // the source closed (its close is queued)
        bool write_closed = false;  // ... and has been passed on
    };
    struct Pair {
        int client = -1, server = -1;
        Direction up, down;  // client → server, server → client
    };

    static sockaddr_in loopback(std::uint16_t port) {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return a;
    }

    void accept_one() {
        const int client = ::accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (client < 0) return;
        const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const sockaddr_in to = loopback(upstream_port_);
        if (::connect(server, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
            ::close(client);
            ::close(server);
            return;
        }
        ::fcntl(server, F_SETFL, ::fcntl(server, F_GETFL) | O_NONBLOCK);
        auto pair = std::make_unique<Pair>();
        pair->client = client;
        pair->server = server;
        pairs_.push_back(std::move(pair));
        ++accepted_;
    }

    void take(int from, Direction& d) {
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::recv(from, buffer, sizeof buffer, 0);
            if (n > 0) {
                d.queue.push_back({Clock::now() + delay_, std::string(buffer, static_cast<std::size_t>(n))});
                continue;
            }
            const bool gone = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);  // closed or reset
            if (gone && !d.read_closed) {
                d.read_closed = true;
                d.queue.push_back({Clock::now() + delay_, {}});
            }
            return;
        }
    }

    void pass_on(int to, Direction& d) {
        while (!d.queue.empty() && d.queue.front().due <= Clock::now()) {
            Chunk& c = d.queue.front();
            if (c.bytes.empty()) {
                ::shutdown(to, SHUT_WR);
                d.write_closed = true;
                d.queue.pop_front();
                continue;
            }
            const ssize_t n = ::send(to, c.bytes.data(), c.bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) return;  // full (or gone): later
            c.bytes.erase(0, static_cast<std::size_t>(n));
            if (c.bytes.empty()) d.queue.pop_front();
        }
    }

    void run() {
        while (!stop_) {
            std::vector<pollfd> fds{{listener_, POLLIN, 0}};
            for (auto& p : pairs_) {
                fds.push_back({p->client, static_cast<short>(p->up.read_closed ? 0 : POLLIN), 0});
                fds.push_back({p->server, static_cast<short>(p->down.read_closed ? 0 : POLLIN), 0});
            }
            ::poll(fds.data(), fds.size(), 2);  // 2 ms: also the granularity of the delay
            if (fds[0].revents & POLLIN) accept_one();
            for (std::size_t i = 0; i < pairs_.size() && 1 + 2 * i + 1 < fds.size(); ++i) {
                Pair& p = *pairs_[i];
                if (fds[1 + 2 * i].revents) take(p.client, p.up);
                if (fds[2 + 2 * i].revents) take(p.server, p.down);
            }
            for (auto& p : pairs_) {
                pass_on(p->server, p->up);
                pass_on(p->client, p->down);
            }
        }
    }

    std::uint16_t upstream_port_;
    std::chrono::milliseconds delay_;
    int listener_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<unsigned> accepted_{0};
    std::vector<std::unique_ptr<Pair>> pairs_;  // touched by the thread only until it is joined
    std::thread thread_;
};

}  // namespace q2686::test
