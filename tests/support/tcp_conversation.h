// Test support: a TCP connection written out as the IPv4 packets an observer at the modem's air
// interface would see — handshake, data cut into MSS-sized segments, FIN or RST — each packet
// stamped one virtual millisecond after the one before. Tests then shuffle, duplicate or drop
// packets to play a lossy link.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "ip/ipv4.h"
#include "time/cycle_scheduler.h"

namespace q2686::test {

struct TimedPacket {
    IpPacket packet;
    Cycles when = 0;
};

class TcpConversation {
public:
    static constexpr Cycles kStep = 104'000;  // 1 ms at 104 MHz

    TcpConversation(std::uint32_t client, std::uint16_t client_port, std::uint32_t server, std::uint16_t server_port,
                    std::uint32_t client_isn = 1000, std::uint32_t server_isn = 5000)
        : client_(client),
          server_(server),
          client_port_(client_port),
          server_port_(server_port),
          client_seq_(client_isn),
          server_seq_(server_isn) {}

    void open() {
        segment(true, ipv4::kSyn, {});
        ++client_seq_;
        segment(false, ipv4::kSyn | ipv4::kAck, {});
        ++server_seq_;
        segment(true, ipv4::kAck, {});
    }
    void send(bool from_client, std::span<const std::uint8_t> bytes, std::size_t mss = 1360) {
        for (std::size_t at = 0; at < bytes.size(); at += mss) {
            const auto piece = bytes.subspan(at, std::min(mss, bytes.size() - at));
            segment(from_client, ipv4::kAck | ipv4::kPsh, piece);
            (from_client ? client_seq_ : server_seq_) += static_cast<std::uint32_t>(piece.size());
        }
    }
    void send(bool from_client, std::string_view text) {
        send(from_client, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    }
    void close() {
        segment(true, ipv4::kFin | ipv4::kAck, {});
        ++client_seq_;
        segment(false, ipv4::kFin | ipv4::kAck, {});
        ++server_seq_;
        segment(true, ipv4::kAck, {});
    }
    void reset(bool from_client) { segment(from_client, ipv4::kRst | ipv4::kAck, {}); }

    std::vector<TimedPacket>& packets() { return packets_; }
    Cycles now() const { return now_; }

private:
    void segment(bool from_client, std::uint8_t flags, std::span<const std::uint8_t> payload) {
        now_ += kStep;
        const ipv4::TcpFields fields{.source = from_client ? client_ : server_,
                                     .source_port = from_client ? client_port_ : server_port_,
                                     .destination = from_client ? server_ : client_,
                                     .destination_port = from_client ? server_port_ : client_port_,
                                     .seq = from_client ? client_seq_ : server_seq_,
                                     .ack = from_client ? server_seq_ : client_seq_,
                                     .flags = flags,
                                     .window = 5840};
        packets_.push_back({ipv4::build_tcp(fields, payload), now_});
    }

    std::uint32_t client_, server_;
    std::uint16_t client_port_, server_port_;
    std::uint32_t client_seq_, server_seq_;
    Cycles now_ = 0;
    std::vector<TimedPacket> packets_;
};

}  // namespace q2686::test
