#include "host/serial/pty_endpoint.h"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace q2686 {

namespace {
constexpr std::size_t kMaxReadPerPoll = 64 * 1024;

[[noreturn]] void fail(const char* what) {
    throw std::runtime_error(std::string("cannot create a pseudo-terminal: ") + what + ": " + std::strerror(errno));
}
}  // namespace

PtyEndpoint::PtyEndpoint() {
    master_.reset(::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!master_) fail("posix_openpt");
    if (::grantpt(master_.get()) != 0) fail("grantpt");
    if (::unlockpt(master_.get()) != 0) fail("unlockpt");
    std::array<char, 128> name{};
    if (::ptsname_r(master_.get(), name.data(), name.size()) != 0) fail("ptsname");
    path_ = name.data();

    // Raw mode on the slave side (the line discipline that matters is the slave's). Opening and
    // closing it once also puts the master in the hung-up state that means "nobody is there":
    // a fresh PTY would report no hangup until its first opener came and went.
    const UniqueFd slave(::open(path_.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!slave) fail(path_.c_str());
    termios settings{};
    if (::tcgetattr(slave.get(), &settings) != 0) fail("tcgetattr");
    ::cfmakeraw(&settings);
    ::cfsetspeed(&settings, B115200);  // what a Q2686 AT port runs at; cosmetic on a PTY
    if (::tcsetattr(slave.get(), TCSANOW, &settings) != 0) fail("tcsetattr");
}

std::string PtyEndpoint::description() const {
    return "PTY " + path_;
}

void PtyEndpoint::update_connection() {
    pollfd p{master_.get(), POLLIN, 0};
    int n;
    do n = ::poll(&p, 1, 0);
    while (n < 0 && errno == EINTR);
    const bool now_connected = n >= 0 && !(p.revents & (POLLHUP | POLLERR));
    if (now_connected && !connected_) {
        discard_stale_output();
        notify("a program opened " + path_);
    }
    if (!now_connected && connected_) {
        notify(path_ + " closed; the modem's output is dropped until it is opened again");
        dropped_ += out_.size();
        out_.clear();
    }
    connected_ = now_connected;
}

void PtyEndpoint::discard_stale_output() {
    // What the last reader left unread, or the modem wrote between it leaving and us noticing,
    // waits in the slave's input queue; it must not greet the newcomer. Nothing has been written
    // since the hangup was seen, so only stale bytes go. (tcflush on the master cannot do this:
    // it flushes the other direction — what the newcomer may already have typed.) Our brief
    // open is not the last close, so it does not hang the line up.
    const UniqueFd slave(::open(path_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (slave) ::tcflush(slave.get(), TCIFLUSH);
}

HostInput PtyEndpoint::poll(std::string& into) {
    update_connection();
    if (!connected_) return HostInput::Open;
    std::array<char, 4096> buffer{};
    std::size_t taken = 0;
    while (taken < kMaxReadPerPoll) {
        const ssize_t n = ::read(master_.get(), buffer.data(), buffer.size());
        if (n > 0) {
            into.append(buffer.data(), static_cast<std::size_t>(n));
            taken += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EIO) {  // the last reader closed it just now
            update_connection();
        }
        break;  // EAGAIN: nothing more for now
    }
    if (connected_ && out_.flush(master_.get(), false) == OutputBuffer::Flush::Broken) update_connection();
    return HostInput::Open;
}

void PtyEndpoint::write(std::string_view bytes) {
    update_connection();
    if (!connected_) {
        dropped_ += bytes.size();
        return;
    }
    dropped_ += out_.append(bytes);
    if (out_.flush(master_.get(), false) == OutputBuffer::Flush::Broken) update_connection();
}

std::vector<int> PtyEndpoint::wait_fds() const {
    // A hung-up master is permanently "readable": waiting on it would spin.
    if (!connected_) return {};
    return {master_.get()};
}

}  // namespace q2686
