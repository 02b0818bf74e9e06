// TcpEndpoint — the AT port on a TCP socket: `nc 127.0.0.1 5000`, `socat - TCP:127.0.0.1:5000`,
// or a test harness connecting directly. Raw bytes both ways (no telnet negotiation).
//
// Exposure: anyone who can connect drives the modem, so the endpoint listens on loopback
// unless told otherwise, and refuses a non-loopback address (0.0.0.0, a LAN address) unless
// `allow_remote` is set — the CLI's --allow-remote — with an error that says so.
//
// One client at a time, as on a serial line. A second connection while one is active is told
// so in one line and closed. A client disconnecting is not an error: once it has closed its
// side (end of file) it only receives — a half-closed client (`nc -N`) still gets its replies
// — until a write to it fails or the next client connects and takes its place. Output with
// no client is dropped (no backlog for the newcomer). Port 0 asks the system for a free port;
// port() and description() give the real one.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "host/serial/output_buffer.h"
#include "host/serial/serial_endpoint.h"
#include "host/serial/tcp_address.h"
#include "host/serial/unique_fd.h"

namespace q2686 {

class TcpEndpoint final : public SerialEndpoint {
public:
    // Listens at once. Throws InputError for a bad or non-loopback address (without
    // allow_remote) and when the address cannot be bound (in use, not on this host).
    explicit TcpEndpoint(std::string_view spec, bool allow_remote = false);

    std::uint16_t port() const { return bound_.port; }
    const ListenAddress& address() const { return bound_; }
    bool loopback_only() const { return bound_.loopback(); }
    bool has_client() const { return static_cast<bool>(client_); }

    std::string description() const override;  // "TCP 127.0.0.1:40123"
    HostInput poll(std::string& into) override;
    void write(std::string_view bytes) override;

protected:
    std::vector<int> wait_fds() const override;

private:
    void accept_clients();
    void drop_client(const std::string& why);
    std::string gone() const;  // why a failed write ended the client

    ListenAddress bound_;
    UniqueFd listener_;
    UniqueFd client_;
    std::string client_name_;
    bool client_done_sending_ = false;  // end of file from the client: closed or half-closed
    OutputBuffer out_;
};

}  // namespace q2686
