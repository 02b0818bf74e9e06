#include "tls/dissector/tls_record_reader.h"

#include <fmt/format.h>

#include "tls/dissector/tls_names.h"

namespace q2686::tls {

void TlsRecordReader::feed(std::span<const std::uint8_t> bytes, const std::function<void(const Record&)>& on_record) {
    if (broken()) return;
    records_.insert(records_.end(), bytes.begin(), bytes.end());
    std::size_t at = 0;
    while (records_.size() - at >= kRecordHeader) {
        const std::uint8_t* h = records_.data() + at;
        const std::uint8_t type = h[0];
        const auto version = static_cast<std::uint16_t>(h[1] << 8 | h[2]);
        const std::size_t length = static_cast<std::size_t>(h[3] << 8 | h[4]);
        if (type < kChangeCipherSpec || type > kApplicationData || h[1] != 3) {
            break_stream(fmt::format("not a TLS record (type {}, version 0x{:04X})", type, version));
            return;
        }
        if (length > kMaxRecordFragment) {
            break_stream(fmt::format("record of {} B exceeds the TLS limit", length));
            return;
        }
        if (records_.size() - at < kRecordHeader + length) break;
        on_record(Record{type, version, std::span(records_.data() + at + kRecordHeader, length)});
        if (broken()) return;
        at += kRecordHeader + length;
    }
    records_.erase(records_.begin(), records_.begin() + static_cast<std::ptrdiff_t>(at));
}

void TlsRecordReader::feed_handshake(std::span<const std::uint8_t> fragment,
                                     const std::function<void(const HandshakeMessage&)>& on_message) {
    if (broken()) return;
    messages_.insert(messages_.end(), fragment.begin(), fragment.end());
    std::size_t at = 0;
    while (messages_.size() - at >= 4) {
        const std::uint8_t* h = messages_.data() + at;
        const std::size_t length = static_cast<std::size_t>(h[1]) << 16 | static_cast<std::size_t>(h[2]) << 8 | h[3];
        if (length + 4 > kMaxHandshakeMessage) {
            break_stream(
                fmt::format("{} of {} B exceeds the dissector's limit", handshake_type_name(h[0]), length + 4));
            return;
        }
        if (messages_.size() - at < 4 + length) break;
        on_message(HandshakeMessage{h[0], std::span(messages_.data() + at + 4, length), length + 4});
        if (broken()) return;
        at += 4 + length;
    }
    messages_.erase(messages_.begin(), messages_.begin() + static_cast<std::ptrdiff_t>(at));
}

void TlsRecordReader::break_stream(std::string why) {
    if (!broken()) why_broken_ = std::move(why);
    records_.clear();
    records_.shrink_to_fit();
    messages_.clear();
    messages_.shrink_to_fit();
}

bool looks_like_tls_client_start(std::span<const std::uint8_t> bytes) {
    return bytes.size() >= 3 && bytes[0] == kHandshake && bytes[1] == 3 && bytes[2] <= 4;
}

}  // namespace q2686::tls
