// Network byte order (big-endian, RFC 1700): the 16- and 32-bit fields of IPv4, TCP, UDP, DNS,
// ARP and Ethernet headers, read from and written into byte buffers. The caller checks bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace q2686::net_bytes {

inline std::uint16_t get16(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}
inline std::uint32_t get32(std::span<const std::uint8_t> b, std::size_t at) {
    return std::uint32_t{get16(b, at)} << 16 | get16(b, at + 2);
}
inline void put16(std::span<std::uint8_t> b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v);
}
inline void put32(std::span<std::uint8_t> b, std::size_t at, std::uint32_t v) {
    put16(b, at, static_cast<std::uint16_t>(v >> 16));
    put16(b, at + 2, static_cast<std::uint16_t>(v));
}

}  // namespace q2686::net_bytes
