#include "host/gdb/gdb_server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/input_error.h"

namespace q2686 {

namespace {
constexpr std::size_t kMaxReadPerService = 64 * 1024;
const char* halt_signal_name(const HaltInfo& halt) {
    if (halt.cause == HaltCause::Watchdog) return "SIGABRT";
    if (halt.fault && halt.fault->kind == FaultKind::Undefined) return "SIGILL";
    if (halt.fault && halt.fault->kind == FaultKind::Memory) return "SIGSEGV";
    return "SIGTRAP";
}
}  // namespace

GdbServer::GdbServer(std::string_view spec, bool allow_remote, Machine& machine, std::string_view option)
    : machine_(machine), bound_(parse_listen_address(spec, option)), debugger_(machine), stub_(debugger_) {
    if (!bound_.loopback() && !allow_remote)
        throw InputError(fmt::format(
            "{} {}: refusing to listen on a non-loopback address: whoever reaches a GDB stub can read and "
            "write all of the modem's memory. Use 127.0.0.1:PORT, or add --gdb-allow-remote to expose it on "
            "purpose",
            option, spec));
    listener_.reset(::socket(bound_.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!listener_)
        throw InputError(fmt::format("{} {}: cannot create a socket: {}", option, spec, std::strerror(errno)));
    const int on = 1;
    ::setsockopt(listener_.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(listener_.get(), bound_.address(), bound_.length) != 0 || ::listen(listener_.get(), 2) != 0)
        throw InputError(fmt::format("{} {}: cannot listen: {}", option, spec, std::strerror(errno)));
    sockaddr_storage actual{};
    socklen_t length = sizeof actual;
    if (::getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&actual), &length) == 0)
        bound_.port = actual.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&actual)->sin6_port)
                                                   : ntohs(reinterpret_cast<sockaddr_in*>(&actual)->sin_port);
    // Faults end the run as usual until a client is there to take them.
    debugger_.set_catch_faults(false);
}

void GdbServer::service(std::chrono::milliseconds wait) {
    std::array<pollfd, 2> fds{};
    fds[0] = {listener_.get(), POLLIN, 0};
    fds[1] = {client_ ? client_.get() : -1, POLLIN, 0};
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(wait.count()));
    if (ready > 0 && (fds[0].revents & POLLIN)) accept_client();
    if (client_ && ready > 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) read_client();
    if (client_) {
        stub_.poll_stop();
        flush();
        if (stub_.detached()) drop_client("detached; the modem runs on");
    }
}

void GdbServer::accept_client() {
    for (;;) {
        sockaddr_storage peer{};
        socklen_t length = sizeof peer;
        UniqueFd fd(::accept4(listener_.get(), reinterpret_cast<sockaddr*>(&peer), &length, SOCK_CLOEXEC));
        if (!fd) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            return;  // EAGAIN: nobody waiting
        }
        const std::string name = socket_name(reinterpret_cast<sockaddr*>(&peer));
        if (client_) {
            notify(fmt::format("GDB: turned away {}: {} is connected", name, client_name_));
            continue;  // closed by UniqueFd
        }
        const int on = 1;
        ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        // Replies are small; a client that stops reading for this long is gone.
        const timeval timeout{2, 0};
        ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        client_ = std::move(fd);
        client_name_ = name;
        stub_.client_connected();
        debugger_.set_catch_faults(true);
        if (client_observer_) client_observer_(true);
        notify(fmt::format("GDB: {} connected; halted at pc {:#010x}", name, machine_.cpu().pc()));
    }
}

void GdbServer::read_client() {
    std::array<char, 4096> buffer{};
    std::size_t total = 0;
    while (client_ && total < kMaxReadPerService) {
        const ssize_t n = ::recv(client_.get(), buffer.data(), buffer.size(), MSG_DONTWAIT);
        if (n > 0) {
            total += static_cast<std::size_t>(n);
            stub_.receive(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
            flush();
            if (stub_.kill_requested()) return drop_client("killed the session");
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n < 0 && errno == EINTR) continue;
        return drop_client(n == 0 ? "disconnected; breakpoints removed, the modem runs on"
                                  : fmt::format("connection lost ({})", std::strerror(errno)));
    }
}

void GdbServer::flush() {
    std::string out = stub_.take_output();
    std::size_t sent = 0;
    while (client_ && sent < out.size()) {
        const ssize_t n = ::send(client_.get(), out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        return drop_client(fmt::format("connection lost ({})", std::strerror(errno)));
    }
}

void GdbServer::drop_client(const std::string& why) {
    if (!client_) return;
    client_.reset();
    stub_.client_disconnected();
    debugger_.set_catch_faults(false);
    if (client_observer_) client_observer_(false);
    notify(fmt::format("GDB: {} {}", client_name_, why));
}

bool GdbServer::take_stop(const RunResult& result) {
    if (!debugger_.on_run_result(result)) return false;
    if (result.outcome == RunOutcome::Fault) {
        const ElfImage* image = machine_.image();
        notify(fmt::format(
            "{} — halted for GDB ({})",
            format_fault_report(result, image ? &image->symbols : nullptr, machine_.events(), machine_.clock()),
            halt_signal_name(debugger_.halt_info())));
    }
    stub_.poll_stop();
    flush();
    return true;
}

void GdbServer::session_ended(int exit_status) {
    if (!client_) return;
    stub_.notify_exit(exit_status);
    flush();
}

}  // namespace q2686
