// StdioEndpoint — the AT port on the process's own stdin and stdout: type at the modem in a
// terminal, or pipe a few command lines into it.
//
// On a terminal, stdin is put in raw mode for the session (every key goes to the modem as
// typed, no local echo — the modem echoes, as ATE1 says — no line editing, no signals) and
// restored when the endpoint is destroyed. In raw mode Ctrl-C is a byte, not a signal, so
// the endpoint itself reports it as HostInput::Quit, like Ctrl-] (telnet's escape key).
// Neither is sent to the modem. From a pipe or a file every byte goes to the modem and end
// of input is HostInput::Ended.
//
// stdin and stdout stay blocking (they are shared with the shell, which would inherit a
// non-blocking flag): reads and writes happen only after poll() says they cannot block.
// A stdout nobody reads any more (EPIPE) drops the modem's output and ends the session.
#pragma once

#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <optional>

#include "host/serial/output_buffer.h"
#include "host/serial/serial_endpoint.h"

namespace q2686 {

class StdioEndpoint final : public SerialEndpoint {
public:
    static constexpr char kQuitKey = 0x1d;       // Ctrl-]
    static constexpr char kInterruptKey = 0x03;  // Ctrl-C

    // Tests pass pipes or a pseudo-terminal instead of the process's stdin/stdout.
    explicit StdioEndpoint(int in_fd = STDIN_FILENO, int out_fd = STDOUT_FILENO);
    StdioEndpoint(const StdioEndpoint&) = delete;
    StdioEndpoint& operator=(const StdioEndpoint&) = delete;
    ~StdioEndpoint() override;  // flushes what is pending (bounded) and restores the terminal

    bool is_terminal() const { return saved_.has_value(); }
    // Writes what is still pending (waiting at most `limit`), then gives the terminal back its
    // settings — call before printing a summary on a terminal.
    void finish(std::chrono::milliseconds limit = std::chrono::milliseconds(2000));

    std::string description() const override;
    HostInput poll(std::string& into) override;
    void write(std::string_view bytes) override;

protected:
    std::vector<int> wait_fds() const override;

private:
    void flush();

    int in_fd_;
    int out_fd_;
    std::optional<termios> saved_;  // the terminal's settings before raw mode
    bool in_ended_ = false;
    bool out_broken_ = false;
    bool quit_ = false;
    bool finished_ = false;
    OutputBuffer out_;
};

}  // namespace q2686
