#include "debug/rsp_packet.h"

namespace q2686::rsp {

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

constexpr char kDigits[] = "0123456789abcdef";

}  // namespace

void Decoder::feed(std::string_view bytes, std::vector<Received>& out) {
    for (const char c : bytes) {
        const auto byte = static_cast<std::uint8_t>(c);
        switch (state_) {
            case State::Idle:
                // Between packets only acks, the interrupt byte and a packet start mean
                // anything; line noise is dropped.
                if (c == '$') {
                    state_ = State::Payload;
                    payload_.clear();
                    sum_ = 0;
                    overlong_ = false;
                } else if (c == '+') {
                    out.push_back({Received::Kind::Ack, {}});
                } else if (c == '-') {
                    out.push_back({Received::Kind::Nack, {}});
                } else if (byte == 0x03) {
                    out.push_back({Received::Kind::Interrupt, {}});
                }
                break;
            case State::Payload:
            case State::Escape:
                if (c == '#' && state_ == State::Payload) {
                    state_ = State::Check1;
                    break;
                }
                if (c == '$' && state_ == State::Payload) {  // a new packet: the old one was cut short
                    payload_.clear();
                    sum_ = 0;
                    overlong_ = false;
                    break;
                }
                sum_ = static_cast<std::uint8_t>(sum_ + byte);
                state_ = (c == '}' && state_ == State::Payload) ? State::Escape : State::Payload;
                if (payload_.size() < kMaxPacket)
                    payload_.push_back(c);
                else
                    overlong_ = true;
                break;
            case State::Check1:
                check_ = hex_digit(c);
                state_ = State::Check2;
                if (check_ < 0) check_ = 0x1000;  // cannot match
                break;
            case State::Check2: {
                const int low = hex_digit(c);
                state_ = State::Idle;
                if (overlong_) {
                    out.push_back({Received::Kind::Overlong, {}});
                } else if (low < 0 || check_ > 15 || ((check_ << 4) | low) != sum_) {
                    out.push_back({Received::Kind::BadChecksum, {}});
                } else {
                    out.push_back({Received::Kind::Packet, std::move(payload_)});
                }
                payload_.clear();
                break;
            }
        }
    }
}

std::uint8_t checksum(std::string_view payload) {
    std::uint8_t sum = 0;
    for (const char c : payload) sum = static_cast<std::uint8_t>(sum + static_cast<std::uint8_t>(c));
    return sum;
}

std::string frame(std::string_view payload) {
    std::string escaped;
    escaped.reserve(payload.size() + 4);
    for (const char c : payload) {
        if (c == '#' || c == '$' || c == '}' || c == '*') {
            escaped.push_back('}');
            escaped.push_back(static_cast<char>(c ^ 0x20));
        } else {
            escaped.push_back(c);
        }
    }
    const std::uint8_t sum = checksum(escaped);
    std::string out = "$" + escaped + "#";
    out.push_back(kDigits[sum >> 4]);
    out.push_back(kDigits[sum & 0xF]);
    return out;
}

std::optional<std::string> unescape(std::string_view data) {
    std::string out;
    out.reserve(data.size());
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (data[i] != '}') {
            out.push_back(data[i]);
            continue;
        }
        if (++i == data.size()) return std::nullopt;
        out.push_back(static_cast<char>(data[i] ^ 0x20));
    }
    return out;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const std::uint8_t b : bytes) {
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 0xF]);
    }
    return out;
}

std::string to_hex(std::string_view text) {
    return to_hex(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

std::optional<std::vector<std::uint8_t>> from_hex(std::string_view hex) {
    if (hex.size() % 2) return std::nullopt;
    std::vector<std::uint8_t> out(hex.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int high = hex_digit(hex[2 * i]);
        const int low = hex_digit(hex[2 * i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        out[i] = static_cast<std::uint8_t>(high << 4 | low);
    }
    return out;
}

std::string to_hex_le32(std::uint32_t value) {
    const std::uint8_t bytes[4] = {static_cast<std::uint8_t>(value), static_cast<std::uint8_t>(value >> 8),
                                   static_cast<std::uint8_t>(value >> 16), static_cast<std::uint8_t>(value >> 24)};
    return to_hex(bytes);
}

std::optional<std::uint32_t> from_hex_le32(std::string_view hex) {
    if (hex.size() != 8) return std::nullopt;
    const auto bytes = from_hex(hex);
    if (!bytes) return std::nullopt;
    return std::uint32_t{(*bytes)[0]} | std::uint32_t{(*bytes)[1]} << 8 | std::uint32_t{(*bytes)[2]} << 16 |
           std::uint32_t{(*bytes)[3]} << 24;
}

std::optional<std::uint32_t> parse_hex(std::string_view text) {
    if (text.empty() || text.size() > 16) return std::nullopt;
    std::uint64_t value = 0;
    for (const char c : text) {
        const int digit = hex_digit(c);
        if (digit < 0) return std::nullopt;
        value = value << 4 | static_cast<std::uint64_t>(digit);
        if (value > 0xFFFF'FFFFu) return std::nullopt;  // leading zeros are fine, 33 bits are not
    }
    return static_cast<std::uint32_t>(value);
}

}  // namespace q2686::rsp
