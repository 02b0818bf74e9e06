#include "host/serial/tcp_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "base/input_error.h"

namespace q2686 {

namespace {

std::uint16_t parse_port(std::string_view text, std::string_view spec, std::string_view option) {
    unsigned value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value > 65535)
        throw InputError(
            fmt::format("{} {}: the port must be a number from 0 to 65535 (0: pick a free one)", option, spec));
    return static_cast<std::uint16_t>(value);
}

}  // namespace

ListenAddress parse_listen_address(std::string_view spec, std::string_view option) {
    std::string_view host = "127.0.0.1";
    std::string_view port = spec;
    if (spec.starts_with('[')) {
        const auto close = spec.find("]:");
        if (close == std::string_view::npos)
            throw InputError(fmt::format("{} {}: expected [IPv6-ADDRESS]:PORT", option, spec));
        host = spec.substr(1, close - 1);
        port = spec.substr(close + 2);
    } else if (const auto colon = spec.rfind(':'); colon != std::string_view::npos) {
        host = spec.substr(0, colon);
        port = spec.substr(colon + 1);
        if (host.find(':') != std::string_view::npos)
            throw InputError(fmt::format("{} {}: write an IPv6 address in brackets, e.g. [::1]:5000", option, spec));
    }
    if (host == "localhost") host = "127.0.0.1";

    ListenAddress result;
    result.port = parse_port(port, spec, option);
    result.host = std::string(host);
    auto* v4 = reinterpret_cast<sockaddr_in*>(&result.storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&result.storage);
    if (::inet_pton(AF_INET, result.host.c_str(), &v4->sin_addr) == 1) {
        result.family = v4->sin_family = AF_INET;
        v4->sin_port = htons(result.port);
        result.length = sizeof(sockaddr_in);
    } else if (::inet_pton(AF_INET6, result.host.c_str(), &v6->sin6_addr) == 1) {
        result.family = v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(result.port);
        result.length = sizeof(sockaddr_in6);
    } else {
        throw InputError(
            fmt::format("{} {}: '{}' is not a numeric IP address (or 'localhost'); "
                        "use e.g. 127.0.0.1:5000",
                        option, spec, host));
    }
    return result;
}

bool ListenAddress::loopback() const {
    if (family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(&storage);
        return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
    }
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&storage);
    if (IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr) && v6->sin6_addr.s6_addr[12] == 127;
}

std::string ListenAddress::text() const {
    return family == AF_INET6 ? fmt::format("[{}]:{}", host, port) : fmt::format("{}:{}", host, port);
}

std::string socket_name(const sockaddr* address) {
    std::array<char, INET6_ADDRSTRLEN> host{};
    if (address->sa_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
        ::inet_ntop(AF_INET, &v4->sin_addr, host.data(), host.size());
        return fmt::format("{}:{}", host.data(), ntohs(v4->sin_port));
    }
    if (address->sa_family == AF_INET6) {
        const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
        ::inet_ntop(AF_INET6, &v6->sin6_addr, host.data(), host.size());
        return fmt::format("[{}]:{}", host.data(), ntohs(v6->sin6_port));
    }
    return "?";
}

}  // namespace q2686
