#include "host/serial/tcp_endpoint.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/input_error.h"

namespace q2686 {

namespace {
constexpr std::size_t kMaxReadPerPoll = 64 * 1024;
constexpr std::string_view kBusy = "q2686emu: the AT port already has a client; try again when it disconnects\r\n";
}  // namespace

TcpEndpoint::TcpEndpoint(std::string_view spec, bool allow_remote) : bound_(parse_listen_address(spec)) {
    if (!bound_.loopback() && !allow_remote)
        throw InputError(fmt::format(
            "--at-tcp {}: refusing to listen on a non-loopback address: anyone who can reach it could drive "
            "the modem. Use 127.0.0.1:PORT, or add --allow-remote to expose the AT port on purpose",
            spec));
    listener_.reset(::socket(bound_.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!listener_)
        throw InputError(fmt::format("--at-tcp {}: cannot create a socket: {}", spec, std::strerror(errno)));
    const int on = 1;
    ::setsockopt(listener_.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(listener_.get(), bound_.address(), bound_.length) != 0 || ::listen(listener_.get(), 4) != 0)
        throw InputError(fmt::format("--at-tcp {}: cannot listen: {}", spec, std::strerror(errno)));
    // The real port when 0 asked the system to pick one.
    sockaddr_storage actual{};
    socklen_t length = sizeof actual;
    if (::getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&actual), &length) == 0) {
        bound_.port = actual.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&actual)->sin6_port)
                                                   : ntohs(reinterpret_cast<sockaddr_in*>(&actual)->sin_port);
    }
}

std::string TcpEndpoint::description() const {
    return "TCP " + bound_.text();
}

void TcpEndpoint::accept_clients() {
    for (;;) {
        sockaddr_storage peer{};
        socklen_t length = sizeof peer;
        UniqueFd fd(
            ::accept4(listener_.get(), reinterpret_cast<sockaddr*>(&peer), &length, SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (!fd) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            return;  // EAGAIN: nobody waiting
        }
        const std::string name = socket_name(reinterpret_cast<sockaddr*>(&peer));
        if (client_ && client_done_sending_) drop_client(fmt::format("replaced by {}", name));
        if (client_) {
            ::send(fd.get(), kBusy.data(), kBusy.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            notify(fmt::format("turned away {}: {} is connected", name, client_name_));
            continue;  // closed by UniqueFd
        }
        const int on = 1;  // keystrokes and echoes are tiny: do not let Nagle hold them back
        ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        client_ = std::move(fd);
        client_name_ = name;
        client_done_sending_ = false;
        notify(fmt::format("client connected from {}", client_name_));
    }
}

void TcpEndpoint::drop_client(const std::string& why) {
    notify(fmt::format("client {} {}", client_name_, why));
    client_.reset();
    client_name_.clear();
    client_done_sending_ = false;
    dropped_ += out_.size();
    out_.clear();
}

std::string TcpEndpoint::gone() const {
    return client_done_sending_ ? "disconnected" : "connection lost";
}

HostInput TcpEndpoint::poll(std::string& into) {
    // Read the current client before accepting: a client that disconnected and a new one
    // already waiting are handled in order, and the newcomer is not turned away.
    std::array<char, 4096> buffer{};
    std::size_t taken = 0;
    while (client_ && !client_done_sending_ && taken < kMaxReadPerPoll) {
        const ssize_t n = ::recv(client_.get(), buffer.data(), buffer.size(), 0);
        if (n > 0) {
            into.append(buffer.data(), static_cast<std::size_t>(n));
            taken += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (n == 0) {
            // Closed, or only half-closed (`printf 'AT\r' | nc -N ...` waits for the reply):
            // the two look the same until a write fails, so replies keep going to it until
            // then or until the next client connects.
            client_done_sending_ = true;
            notify(fmt::format("client {} closed (or half-closed) its connection", client_name_));
            break;
        }
        drop_client("connection lost");
    }
    accept_clients();
    if (client_ && out_.flush(client_.get(), true) == OutputBuffer::Flush::Broken) drop_client(gone());
    return HostInput::Open;
}

void TcpEndpoint::write(std::string_view bytes) {
    if (!client_) {
        dropped_ += bytes.size();
        return;
    }
    dropped_ += out_.append(bytes);
    if (out_.flush(client_.get(), true) == OutputBuffer::Flush::Broken) drop_client(gone());
}

std::vector<int> TcpEndpoint::wait_fds() const {
    // A client that finished sending stays readable (end of file): waiting on it would spin.
    if (client_ && !client_done_sending_) return {listener_.get(), client_.get()};
    return {listener_.get()};
}

}  // namespace q2686
