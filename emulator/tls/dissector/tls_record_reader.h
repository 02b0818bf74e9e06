// TlsRecordReader — one direction of a TLS connection, from the reassembled TCP byte stream
// to records (RFC 8446 §5.1: type, legacy version, 16-bit length, fragment), and from plaintext
// handshake records to whole handshake messages (RFC 5246 §6.2.1: a message may span records,
// several may share one).
//
// Bounded: a record longer than 2^14 + 2048 bytes (the TLS 1.2 ciphertext limit, RFC 5246
// §6.2.3) or a handshake message longer than kMaxHandshakeMessage is not TLS as far as the
// reader is concerned: it turns broken() and ignores the rest of the stream — as it does after
// a gap in the TCP stream, since a record boundary cannot be found again reliably.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace q2686::tls {

struct Record {
    std::uint8_t type = 0;
    std::uint16_t version = 0;
    std::span<const std::uint8_t> fragment;
};

struct HandshakeMessage {
    std::uint8_t type = 0;
    std::span<const std::uint8_t> body;  // after the 4-byte header
    std::size_t size = 0;                // header included
};

inline constexpr std::size_t kRecordHeader = 5;
inline constexpr std::size_t kMaxRecordFragment = (1u << 14) + 2048;
inline constexpr std::size_t kMaxHandshakeMessage = 64 * 1024;

class TlsRecordReader {
public:
    // Calls `on_record` for every complete record in order. Stops at the first malformed header.
    void feed(std::span<const std::uint8_t> bytes, const std::function<void(const Record&)>& on_record);
    // Appends a plaintext handshake record's fragment; calls `on_message` per complete message.
    void feed_handshake(std::span<const std::uint8_t> fragment,
                        const std::function<void(const HandshakeMessage&)>& on_message);
    // The stream cannot be followed any more (malformed record, oversize message, TCP gap).
    void break_stream(std::string why);

    bool broken() const { return !why_broken_.empty(); }
    const std::string& why_broken() const { return why_broken_; }
    std::size_t buffered() const { return records_.size() + messages_.size(); }

private:
    std::vector<std::uint8_t> records_;   // bytes of an incomplete record
    std::vector<std::uint8_t> messages_;  // bytes of an incomplete handshake message
    std::string why_broken_;
};

// True when `bytes` start like a TLS record a client opens with: a handshake record of version
// 3.x (an SSL 2.0-compatible hello is not recognised).
bool looks_like_tls_client_start(std::span<const std::uint8_t> bytes);

}  // namespace q2686::tls
