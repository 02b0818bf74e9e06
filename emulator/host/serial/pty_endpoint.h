// PtyEndpoint — the AT port on a pseudo-terminal, so serial-port programs (minicom, picocom,
// screen, pyserial) talk to the emulated modem as to a real one: `minicom -D /dev/pts/7`.
//
// The endpoint holds the master side; its slave path (description(), path()) is what users
// open. The slave starts in raw mode (8 bits, no echo, no CR/LF translation, no signals), so a
// program that does not configure the line, such as `cat` or `socat`, sees the modem's bytes
// unchanged; the settings persist while the endpoint lives, across openers.
//
// Nobody needs to hold the slave open: while no program has it open the master reports a
// hangup, the modem's output is dropped (as a real modem's bytes are with no cable attached)
// and nothing is read. A program closing the slave is not an error; the next may open it, and
// does not get what its predecessor left unread. The emulator itself opens the slave only
// for a moment (setting it up, discarding stale bytes): if it held it open, the hangup would
// never show and the modem's output would pile up for the next opener.
//
// Local only: a PTY is reachable by processes of the same user (and root), never from the
// network.
#pragma once

#include <string>

#include "host/serial/output_buffer.h"
#include "host/serial/serial_endpoint.h"
#include "host/serial/unique_fd.h"

namespace q2686 {

class PtyEndpoint final : public SerialEndpoint {
public:
    PtyEndpoint();  // throws std::runtime_error when the host has no pseudo-terminals to give

    const std::string& path() const { return path_; }  // "/dev/pts/7"
    bool connected() const { return connected_; }      // as of the last poll() or write()

    std::string description() const override;
    HostInput poll(std::string& into) override;
    void write(std::string_view bytes) override;

protected:
    std::vector<int> wait_fds() const override;

private:
    void update_connection();
    void discard_stale_output();

    UniqueFd master_;
    std::string path_;
    bool connected_ = false;
    OutputBuffer out_;
};

}  // namespace q2686
