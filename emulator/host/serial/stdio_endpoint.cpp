#include "host/serial/stdio_endpoint.h"

#include <poll.h>

#include <array>
#include <cerrno>

namespace q2686 {

namespace {
constexpr std::size_t kMaxReadPerPoll = 64 * 1024;  // keeps one poll() short on a large file

bool readable(int fd) {
    pollfd p{fd, POLLIN, 0};
    int n;
    do n = ::poll(&p, 1, 0);
    while (n < 0 && errno == EINTR);
    return n > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL));  // then read() tells which
}
}  // namespace

StdioEndpoint::StdioEndpoint(int in_fd, int out_fd) : in_fd_(in_fd), out_fd_(out_fd) {
    termios settings{};
    if (::isatty(in_fd_) && ::tcgetattr(in_fd_, &settings) == 0) {
        saved_ = settings;
        ::cfmakeraw(&settings);
        settings.c_cc[VMIN] = 1;
        settings.c_cc[VTIME] = 0;
        ::tcsetattr(in_fd_, TCSANOW, &settings);
    }
}

StdioEndpoint::~StdioEndpoint() {
    finish();
}

void StdioEndpoint::finish(std::chrono::milliseconds limit) {
    if (finished_) return;
    finished_ = true;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!out_broken_ && !out_.empty() && std::chrono::steady_clock::now() < deadline) {
        pollfd p{out_fd_, POLLOUT, 0};
        ::poll(&p, 1, 10);
        flush();
    }
    if (saved_) ::tcsetattr(in_fd_, TCSANOW, &*saved_);
}

std::string StdioEndpoint::description() const {
    return is_terminal() ? "this terminal (stdin/stdout in raw mode)" : "stdin/stdout";
}

HostInput StdioEndpoint::poll(std::string& into) {
    flush();
    std::array<char, 4096> buffer{};
    std::size_t taken = 0;
    while (!in_ended_ && !quit_ && taken < kMaxReadPerPoll && readable(in_fd_)) {
        const ssize_t n = ::read(in_fd_, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (n <= 0) {  // end of file, or the terminal went away (EIO)
            in_ended_ = true;
            break;
        }
        for (ssize_t i = 0; i < n; ++i) {
            const char c = buffer[static_cast<std::size_t>(i)];
            if (is_terminal() && (c == kQuitKey || c == kInterruptKey)) {
                quit_ = true;  // the rest of the read is typed-ahead input for a modem that stops
                break;
            }
            into.push_back(c);
        }
        taken += static_cast<std::size_t>(n);
    }
    if (quit_) return HostInput::Quit;
    if (in_ended_ || out_broken_) return HostInput::Ended;
    return HostInput::Open;
}

void StdioEndpoint::write(std::string_view bytes) {
    if (out_broken_) {
        dropped_ += bytes.size();
        return;
    }
    dropped_ += out_.append(bytes);
    flush();
}

void StdioEndpoint::flush() {
    if (out_broken_ || out_.empty()) return;
    if (out_.flush(out_fd_, false) == OutputBuffer::Flush::Broken) {
        out_broken_ = true;
        dropped_ += out_.size();
        out_.clear();
    }
}

std::vector<int> StdioEndpoint::wait_fds() const {
    if (in_ended_ || quit_) return {};
    return {in_fd_};
}

}  // namespace q2686
