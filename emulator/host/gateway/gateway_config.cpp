// The command-line forms of the host gateway's configuration: --host NAME[:PORT]=ADDR[:PORT]
// and --allow ADDR[/PREFIX][:PORT] (docs/network.md, "Host gateway").
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "host/gateway/slirp_gateway.h"
#include "ip/ipv4.h"

namespace q2686 {

namespace {

[[noreturn]] void fail(std::string_view what, std::string_view text, std::string_view problem) {
    throw std::invalid_argument(fmt::format("{} '{}': {}", what, text, problem));
}

unsigned parse_number(std::string_view text, unsigned low, unsigned high, bool& ok) {
    unsigned value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    ok = !text.empty() && error == std::errc() && end == text.data() + text.size() && value >= low && value <= high;
    return value;
}

std::uint16_t parse_port(std::string_view port, std::string_view what, std::string_view text) {
    bool ok = false;
    const unsigned value = parse_number(port, 1, 65535, ok);
    if (!ok) fail(what, text, fmt::format("port '{}' is not a number from 1 to 65535", port));
    return static_cast<std::uint16_t>(value);
}

std::uint32_t parse_ipv4(std::string_view address, std::string_view what, std::string_view text) {
    if (address == "localhost") return 0x7F000001;
    const auto value = ipv4::parse_address(address);
    if (!value) fail(what, text, fmt::format("'{}' is not an IPv4 address like 127.0.0.1", address));
    return *value;
}

// Letters, digits, '-' and '_' in non-empty labels of at most 63 characters (RFC 1035 §2.3.4,
// with '_' as in service names); at most 253 characters.
bool valid_host_name(std::string_view name) {
    if (name.empty() || name.size() > 253) return false;
    std::size_t label = 0;
    for (const char c : name) {
        if (c == '.') {
            if (label == 0) return false;
            label = 0;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') {
            if (++label > 63) return false;
        } else {
            return false;
        }
    }
    return label > 0;
}

}  // namespace

HostMapping parse_host_mapping(const std::string& text) {
    constexpr std::string_view what = "host mapping";
    const auto equals = text.find('=');
    if (equals == std::string::npos) fail(what, text, "expected NAME[:PORT]=ADDR[:PORT]");
    const std::string_view left = std::string_view(text).substr(0, equals);
    const std::string_view right = std::string_view(text).substr(equals + 1);

    HostMapping mapping;
    std::string_view name = left;
    if (const auto colon = left.find(':'); colon != std::string_view::npos) {
        name = left.substr(0, colon);
        mapping.port = parse_port(left.substr(colon + 1), what, text);
    }
    if (!valid_host_name(name)) fail(what, text, fmt::format("'{}' is not a host name", name));
    mapping.name = std::string(name);

    std::string_view address = right;
    if (const auto colon = right.find(':'); colon != std::string_view::npos) {
        address = right.substr(0, colon);
        mapping.target_port = parse_port(right.substr(colon + 1), what, text);
    }
    mapping.target = parse_ipv4(address, what, text);
    return mapping;
}

AllowRule parse_allow_rule(const std::string& text) {
    constexpr std::string_view what = "allow rule";
    AllowRule rule;
    std::string_view address = text;
    if (const auto colon = address.find(':'); colon != std::string_view::npos) {
        rule.port = parse_port(address.substr(colon + 1), what, text);
        address = address.substr(0, colon);
    }
    if (const auto slash = address.find('/'); slash != std::string_view::npos) {
        bool ok = false;
        const std::string_view prefix = address.substr(slash + 1);
        rule.prefix = parse_number(prefix, 0, 32, ok);
        if (!ok) fail(what, text, fmt::format("prefix '{}' is not a number from 0 to 32", prefix));
        address = address.substr(0, slash);
    }
    rule.address = parse_ipv4(address, what, text);
    return rule;
}

}  // namespace q2686
