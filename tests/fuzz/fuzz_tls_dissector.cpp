// libFuzzer target: the passive TLS dissector (tls/dissector/tls_dissector.h) on what a hostile peer or a
// broken link can put on the air interface. The input is a script of TCP segments of one
// connection — each a 3-byte header (flags byte: bit 0 server→client, bit 1 FIN, bit 2 RST,
// bit 3 skip 1..255 sequence bytes; then a 16-bit payload length) and its payload — replayed
// as IPv4 packets, with certificates read by the host's wolfSSL (tls/dissector/x509_certificate.h).
// The whole input is also fed as one raw IP packet, and through the record reader and the
// handshake-message parsers directly.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/event_log.h"
#include "tls/dissector/x509_certificate.h"
#include "ip/ipv4.h"
#include "tls/dissector/tls_dissector.h"
#include "tls/dissector/tls_handshake_messages.h"
#include "tls/dissector/tls_record_reader.h"
#include "tls/dissector/certificate_verdict.h"

namespace {

constexpr std::uint32_t kModem = 0x0A400010;   // 10.64.0.16: the modem's PDP address
constexpr std::uint32_t kServer = 0x5DB8D822;  // a public server address
constexpr q2686::Cycles kStep = 104'000;       // 1 ms at 104 MHz

void parse_messages(std::span<const std::uint8_t> bytes) {
    q2686::tls::TlsRecordReader reader;
    reader.feed(bytes, [&](const q2686::tls::Record& record) {
        if (record.type != 22) return;
        reader.feed_handshake(record.fragment, [](const q2686::tls::HandshakeMessage& m) {
            (void)q2686::tls::parse_client_hello(m.body);
            (void)q2686::tls::parse_server_hello(m.body);
            (void)q2686::tls::parse_certificate_list(m.body);
            (void)q2686::tls::server_key_exchange_group(m.body);
        });
    });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> input(data, size);
    parse_messages(input);

    q2686::EventLog log;
    std::size_t texts = 0;
    log.subscribe([&](const q2686::Event& e) { texts += e.text.size(); });
    const q2686::RtcReading rtc = q2686::rtc_reading(q2686::CivilDateTime{2030, 6, 1, 12, 0, 0}, 0);
    q2686::TlsDissector dissector(log, {.clock = {},
                                        .rtc = [rtc](q2686::Cycles) -> std::optional<q2686::RtcReading> { return rtc; },
                                        .parse_certificate = q2686::parse_x509_certificate,
                                        .keep_sessions = 4,
                                        .limits = {}});
    dissector.feed(q2686::IpPacket(input.begin(), input.end()), 0);

    std::uint32_t seq[2] = {1000, 0xFFFFF000u};  // the server's wraps around 2^32
    q2686::Cycles now = 0;
    auto segment = [&](bool from_server, std::uint8_t flags, std::span<const std::uint8_t> payload) {
        const int s = from_server ? 1 : 0;
        const q2686::ipv4::TcpFields fields{.source = from_server ? kServer : kModem,
                                            .source_port = static_cast<std::uint16_t>(from_server ? 443 : 49153),
                                            .destination = from_server ? kModem : kServer,
                                            .destination_port = static_cast<std::uint16_t>(from_server ? 49153 : 443),
                                            .seq = seq[s],
                                            .ack = seq[1 - s],
                                            .flags = flags,
                                            .window = 5840};
        now += kStep;
        dissector.feed(q2686::ipv4::build_tcp(fields, payload), now);
        seq[s] +=
            static_cast<std::uint32_t>(payload.size()) + ((flags & (q2686::ipv4::kSyn | q2686::ipv4::kFin)) ? 1 : 0);
    };
    segment(false, q2686::ipv4::kSyn, {});
    segment(true, q2686::ipv4::kSyn | q2686::ipv4::kAck, {});
    segment(false, q2686::ipv4::kAck, {});
    std::size_t at = 0;
    while (at + 3 <= size) {
        const std::uint8_t flags = data[at];
        const std::size_t length = std::min<std::size_t>((data[at + 1] << 8) | data[at + 2], size - at - 3);
        const auto payload = input.subspan(at + 3, length);
        at += 3 + length;
        const bool from_server = flags & 1;
        if (flags & 8) seq[from_server ? 1 : 0] += 1 + (flags >> 4);  // a gap: bytes the observer missed
        std::uint8_t tcp_flags = q2686::ipv4::kAck | q2686::ipv4::kPsh;
        if (flags & 2) tcp_flags |= q2686::ipv4::kFin;
        if (flags & 4) tcp_flags = q2686::ipv4::kRst | q2686::ipv4::kAck;
        segment(from_server, tcp_flags, payload);
    }
    for (const auto& session : dissector.sessions()) texts += session.steps.size();
    return texts == static_cast<std::size_t>(-1);
}
