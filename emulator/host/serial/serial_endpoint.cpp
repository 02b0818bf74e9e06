#include "host/serial/serial_endpoint.h"

#include <poll.h>
#include <time.h>

namespace q2686 {

void SerialEndpoint::wait(std::chrono::nanoseconds timeout) {
    if (timeout.count() <= 0) return;
    std::vector<pollfd> fds;
    for (const int fd : wait_fds()) fds.push_back({fd, POLLIN, 0});
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
    const timespec ts{static_cast<time_t>(seconds.count()), static_cast<long>((timeout - seconds).count())};
    // EINTR (a stop signal) simply ends the wait: the run loop checks its stop flag next.
    ::ppoll(fds.data(), fds.size(), &ts, nullptr);
}

}  // namespace q2686
