// SerialEndpoint — the host end of the modem's AT port (UART1): where the bytes a user types
// come from and where the modem's replies go. `q2686emu run` connects one endpoint to the
// modem and services it between slices of emulation (host/serial/at_port_pump.h), never from inside
// an emulation callback, so nothing the host does (a slow reader, a closed socket, a terminal
// nobody opened) can block or kill the emulated modem.
//
// Implementations: StdioEndpoint (stdin/stdout, raw mode on a terminal), PtyEndpoint (a
// pseudo-terminal for minicom, picocom, pyserial), TcpEndpoint (one TCP client at a time,
// loopback unless explicitly allowed otherwise).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace q2686 {

// What the host side said in one poll.
enum class HostInput {
    Open,   // connected or waiting for a connection; more may come
    Ended,  // the input ended for good (stdin at EOF): the session winds down
    Quit,   // the user asked to quit (Ctrl-] or Ctrl-C on a raw terminal)
};

class SerialEndpoint {
public:
    // Host-side happenings worth a line on stderr ("client connected from 127.0.0.1:51234").
    using Notice = std::function<void(const std::string&)>;

    virtual ~SerialEndpoint() = default;

    // Where the AT port is and who can reach it, for the start-up banner.
    virtual std::string description() const = 0;
    // Appends what the host sent since the last call to `into`. Never blocks.
    virtual HostInput poll(std::string& into) = 0;
    // Bytes the modem sent. Never blocks: what the host cannot take now waits in a bounded
    // buffer; bytes with nobody to receive them (no client, no terminal open) are dropped.
    virtual void write(std::string_view bytes) = 0;

    // Waits at most `timeout` for host input — how the run loop paces virtual time to real
    // time without missing a keystroke. Returns early when there is something to poll().
    void wait(std::chrono::nanoseconds timeout);

    void set_notice(Notice notice) { notice_ = std::move(notice); }
    std::uint64_t bytes_dropped() const { return dropped_; }

protected:
    // Descriptors whose readability means "poll() has something"; may change with the state
    // (a PTY nobody opened reports a permanent hangup, so it is not waited on).
    virtual std::vector<int> wait_fds() const = 0;
    void notify(const std::string& text) const {
        if (notice_) notice_(text);
    }

    std::uint64_t dropped_ = 0;

private:
    Notice notice_;
};

}  // namespace q2686
