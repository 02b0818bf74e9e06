#include "tls/dissector/tls_handshake_messages.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace q2686::tls {

namespace {

// A cursor over a byte span; every read checks the bounds and turns the reader bad instead of
// overrunning, so a parser runs to its end and checks ok() once.
class Reader {
public:
    explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

    bool ok() const { return ok_; }
    bool empty() const { return at_ >= bytes_.size(); }
    std::size_t remaining() const { return bytes_.size() - at_; }

    std::uint32_t number(std::size_t width) {
        if (!need(width)) return 0;
        std::uint32_t value = 0;
        for (std::size_t i = 0; i < width; ++i) value = value << 8 | bytes_[at_++];
        return value;
    }
    std::span<const std::uint8_t> take(std::size_t length) {
        if (!need(length)) return {};
        const auto out = bytes_.subspan(at_, length);
        at_ += length;
        return out;
    }
    // A vector with a `width`-byte length prefix.
    Reader nested(std::size_t width) {
        const std::size_t length = number(width);
        Reader inner(take(length));
        inner.ok_ = ok_;
        return inner;
    }

private:
    bool need(std::size_t n) {
        if (!ok_ || bytes_.size() - at_ < n) ok_ = false;
        return ok_;
    }

    std::span<const std::uint8_t> bytes_;
    std::size_t at_ = 0;
    bool ok_ = true;
};

constexpr std::uint16_t kServerNameExtension = 0;
constexpr std::uint16_t kSessionTicketExtension = 35;
constexpr std::uint16_t kPreSharedKeyExtension = 41;
constexpr std::uint16_t kSupportedVersionsExtension = 43;

// SHA-256("HelloRetryRequest"), RFC 8446 §4.1.3.
constexpr std::array<std::uint8_t, 32> kHelloRetryRandom = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

Bytes copy(std::span<const std::uint8_t> s) {
    return {s.begin(), s.end()};
}

std::string server_name_of(Reader list) {
    Reader names = list.nested(2);
    while (names.ok() && !names.empty()) {
        const auto type = names.number(1);
        const auto name = names.take(names.number(2));
        if (type == 0 && names.ok()) return {name.begin(), name.end()};
    }
    return {};
}

}  // namespace

std::optional<ClientHello> parse_client_hello(std::span<const std::uint8_t> body) {
    Reader r(body);
    ClientHello hello;
    hello.legacy_version = static_cast<std::uint16_t>(r.number(2));
    r.take(32);  // random
    hello.session_id = copy(r.take(r.number(1)));
    Reader suites = r.nested(2);
    while (suites.ok() && !suites.empty()) hello.cipher_suites.push_back(static_cast<std::uint16_t>(suites.number(2)));
    r.nested(1);  // compression methods
    if (!r.ok() || !suites.ok()) return std::nullopt;
    if (r.empty()) return hello;  // no extensions (SSL 3.0 style)

    Reader extensions = r.nested(2);
    while (extensions.ok() && !extensions.empty()) {
        const auto type = static_cast<std::uint16_t>(extensions.number(2));
        Reader data = extensions.nested(2);
        if (!extensions.ok()) break;
        switch (type) {
            case kServerNameExtension: hello.server_name = server_name_of(data); break;
            case kSessionTicketExtension:
                hello.ticket_extension = true;
                hello.ticket_length = data.remaining();
                break;
            case kPreSharedKeyExtension: hello.offers_psk = true; break;
            case kSupportedVersionsExtension: {
                Reader versions = data.nested(1);
                while (versions.ok() && !versions.empty())
                    hello.supported_versions.push_back(static_cast<std::uint16_t>(versions.number(2)));
                break;
            }
            default: break;
        }
    }
    if (!extensions.ok()) return std::nullopt;
    return hello;
}

std::optional<ServerHello> parse_server_hello(std::span<const std::uint8_t> body) {
    Reader r(body);
    ServerHello hello;
    hello.legacy_version = static_cast<std::uint16_t>(r.number(2));
    hello.version = hello.legacy_version;
    const auto random = r.take(32);
    hello.session_id = copy(r.take(r.number(1)));
    hello.cipher_suite = static_cast<std::uint16_t>(r.number(2));
    r.number(1);  // compression method
    if (!r.ok()) return std::nullopt;
    hello.hello_retry_request = std::equal(random.begin(), random.end(), kHelloRetryRandom.begin());
    if (r.empty()) return hello;

    Reader extensions = r.nested(2);
    while (extensions.ok() && !extensions.empty()) {
        const auto type = static_cast<std::uint16_t>(extensions.number(2));
        Reader data = extensions.nested(2);
        if (!extensions.ok()) break;
        if (type == kSessionTicketExtension) hello.ticket_extension = true;
        if (type == kPreSharedKeyExtension) hello.accepted_psk = true;
        if (type == kSupportedVersionsExtension) {
            const auto version = static_cast<std::uint16_t>(data.number(2));
            if (data.ok()) hello.version = version;
        }
    }
    if (!extensions.ok()) return std::nullopt;
    return hello;
}

std::optional<std::vector<Bytes>> parse_certificate_list(std::span<const std::uint8_t> body) {
    Reader r(body);
    Reader list = r.nested(3);
    std::vector<Bytes> certificates;
    while (list.ok() && !list.empty()) {
        const auto der = list.take(list.number(3));
        if (list.ok()) certificates.push_back(copy(der));
    }
    if (!r.ok() || !list.ok()) return std::nullopt;
    return certificates;
}

std::optional<std::string> server_key_exchange_group(std::span<const std::uint8_t> body) {
    Reader r(body);
    const auto curve_type = r.number(1);
    const auto group = static_cast<std::uint16_t>(r.number(2));
    if (!r.ok() || curve_type != 3) return std::nullopt;  // 3 = named_curve
    return named_group_name(group);
}

std::string named_group_name(std::uint16_t group) {
    switch (group) {
        case 0x0017: return "secp256r1";
        case 0x0018: return "secp384r1";
        case 0x0019: return "secp521r1";
        case 0x001D: return "x25519";
        case 0x001E: return "x448";
        case 0x0100: return "ffdhe2048";
        case 0x0101: return "ffdhe3072";
        default: return fmt::format("0x{:04X}", group);
    }
}

}  // namespace q2686::tls
