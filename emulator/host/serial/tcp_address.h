// ListenAddress — where a TCP endpoint listens, as users write it: "5000" (loopback, port
// 5000), "127.0.0.1:5000", "localhost:5000", "[::1]:5000", "0.0.0.0:5000". Port 0 lets the
// system pick a free port. Only numeric addresses and "localhost" are accepted: a listener
// never depends on name resolution, and what it binds is exactly what the user typed.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace q2686 {

struct ListenAddress {
    sockaddr_storage storage{};
    socklen_t length = 0;
    int family = AF_INET;
    std::string host;  // numeric: "127.0.0.1", "::1"
    std::uint16_t port = 0;

    bool loopback() const;     // 127.0.0.0/8, ::1, ::ffff:127.0.0.0/104
    std::string text() const;  // "127.0.0.1:5000", "[::1]:5000"
    const sockaddr* address() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

// Throws InputError naming `option` ("--at-tcp") and what is wrong with `spec`.
ListenAddress parse_listen_address(std::string_view spec, std::string_view option = "--at-tcp");

// The host and port a socket is bound or connected to ("127.0.0.1:51234").
std::string socket_name(const sockaddr* address);

}  // namespace q2686
