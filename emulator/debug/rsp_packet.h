// GDB Remote Serial Protocol framing (GDB manual, "Overview" of the remote protocol):
//
//   $<payload>#<checksum>   checksum = sum of the payload bytes mod 256, two hex digits
//   +  /  -                 acknowledgement of a received packet / request to resend it
//   0x03                    interrupt (the user pressed Ctrl-C in GDB), outside any packet
//
// Inside a payload '}' escapes the next byte (sent XOR 0x20); '#', '$', '}' and '*' must be
// escaped in binary data. GDB never sends run-length encoding ('*'), and neither do we.
// Nothing here trusts its input: a bad checksum, an overlong packet or bytes outside a
// packet become events or are dropped, never undefined behaviour.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace q2686::rsp {

inline constexpr std::size_t kMaxPacket = 16 * 1024;  // what qSupported announces (PacketSize)

struct Received {
    enum class Kind {
        Packet,       // a well-formed packet: `payload` (still escaped)
        Interrupt,    // 0x03 outside a packet
        Ack,          // '+'
        Nack,         // '-': resend the last packet
        BadChecksum,  // a packet whose checksum did not match: answer '-'
        Overlong,     // a packet longer than kMaxPacket: dropped, answer '-'
    } kind = Kind::Packet;
    std::string payload;
};

// Splits a byte stream into packets, acks and interrupts; keeps partial packets across feeds.
class Decoder {
public:
    void feed(std::string_view bytes, std::vector<Received>& out);

private:
    enum class State { Idle, Payload, Escape, Check1, Check2 } state_ = State::Idle;
    std::string payload_;
    std::uint8_t sum_ = 0;
    int check_ = 0;
    bool overlong_ = false;
};

std::uint8_t checksum(std::string_view payload);
// "$payload#cs", with '#', '$', '}' and '*' in `payload` escaped.
std::string frame(std::string_view payload);

// Binary data (X packets): '}' x → x ^ 0x20. nullopt for a '}' at the end.
std::optional<std::string> unescape(std::string_view data);

// Hex as the protocol writes it: two lower-case digits per byte.
std::string to_hex(std::span<const std::uint8_t> bytes);
std::string to_hex(std::string_view text);
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view hex);
// A register value in target (little-endian) byte order: 0x12345678 → "78563412".
std::string to_hex_le32(std::uint32_t value);
std::optional<std::uint32_t> from_hex_le32(std::string_view hex);
// A number as GDB writes addresses and lengths: big-endian hex digits, 1..8 of them.
std::optional<std::uint32_t> parse_hex(std::string_view text);

}  // namespace q2686::rsp
