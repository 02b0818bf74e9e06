// OutputBuffer — bytes on their way from the modem to a host descriptor that may not take
// them all at once (a full socket buffer, a paused terminal). Bounded: a host that stops
// reading loses the newest bytes instead of growing the emulator's memory or blocking it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace q2686 {

class OutputBuffer {
public:
    static constexpr std::size_t kDefaultCapacity = 256 * 1024;

    explicit OutputBuffer(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

    // Queues `bytes`; returns how many did not fit and were dropped.
    std::size_t append(std::string_view bytes);

    enum class Flush {
        Done,     // everything written
        Pending,  // the descriptor would block; the rest waits
        Broken,   // the reader is gone (EPIPE, ECONNRESET, EIO); the rest is kept
    };
    // Writes as much as `fd` takes without blocking. Sockets are written with MSG_NOSIGNAL so a
    // vanished client never raises SIGPIPE.
    Flush flush(int fd, bool is_socket);

    void clear() { pending_.clear(); }
    bool empty() const { return pending_.empty(); }
    std::size_t size() const { return pending_.size(); }

private:
    std::size_t capacity_;
    std::string pending_;
};

}  // namespace q2686
