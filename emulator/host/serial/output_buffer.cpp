#include "host/serial/output_buffer.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace q2686 {

std::size_t OutputBuffer::append(std::string_view bytes) {
    const std::size_t room = capacity_ > pending_.size() ? capacity_ - pending_.size() : 0;
    const std::size_t taken = std::min(room, bytes.size());
    pending_.append(bytes.substr(0, taken));
    return bytes.size() - taken;
}

OutputBuffer::Flush OutputBuffer::flush(int fd, bool is_socket) {
    // A blocking descriptor (stdout is not ours to make non-blocking: the shell shares it)
    // takes up to PIPE_BUF bytes without blocking once poll() reports it writable.
    constexpr std::size_t kChunk = 4096;
    std::size_t done = 0;
    Flush result = Flush::Done;
    while (done < pending_.size()) {
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, 0) < 0 && errno == EINTR) continue;
        if (p.revents & (POLLERR | POLLNVAL)) {
            result = Flush::Broken;
            break;
        }
        if (!(p.revents & POLLOUT)) {
            result = (p.revents & POLLHUP) ? Flush::Broken : Flush::Pending;
            break;
        }
        const std::size_t n = std::min(kChunk, pending_.size() - done);
        const ssize_t written =
            is_socket ? ::send(fd, pending_.data() + done, n, MSG_NOSIGNAL) : ::write(fd, pending_.data() + done, n);
        if (written > 0) {
            done += static_cast<std::size_t>(written);
            continue;
        }
        if (written < 0 && errno == EINTR) continue;
        result = (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) ? Flush::Pending : Flush::Broken;
        break;
    }
    pending_.erase(0, done);
    return result;
}

}  // namespace q2686
