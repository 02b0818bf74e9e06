// TcpReassembler — turns the IPv4/TCP packets seen at one observation point (the modem's air
// interface) back into the two byte streams of each TCP connection, for passive dissectors
// (tls/dissector/tls_dissector.h). It never answers, acknowledges or changes a packet.
//
// A flow is one connection: the client is the side that sent the SYN (without ACK). A flow is
// created by a SYN, a SYN|ACK (the server's side of a SYN we missed) or a segment with payload
// (a connection already open: the destination is the server, unless only the source port is
// below 1024). Segments with neither SYN nor payload (bare ACKs, late FINs) create nothing.
//
// Per direction, payload is delivered to the sink strictly in sequence order, each byte once:
//   * a retransmission or duplicate of delivered bytes is trimmed away (only new bytes pass);
//   * a segment ahead of the next expected byte (the link lost or reordered one) is held until
//     the hole is filled — by a retransmission, normally;
//   * memory is bounded: at most `max_buffered_per_direction` bytes are held per direction.
//     When a new segment would exceed that, the hole is given up: on_gap() says how many bytes
//     are missing and delivery goes on from the first held segment. A dissector cannot parse
//     across a gap; it is told so that it can stop instead of misreading.
// Sequence numbers are compared modulo 2^32 (RFC 793 §3.3), relative to the next expected
// byte, so a flow may run past the wrap.
//
// A flow ends on RST (held bytes are flushed past their holes first, so a final alert is not
// lost), when both directions have delivered everything up to their FIN, or when the flow table
// is full and it is the least recently active flow (`max_flows`).
//
// Known inaccuracies: no SACK or timestamp handling (not needed to reorder); a data segment after
// a flow has ended starts a new (mid-stream) flow; a RST is believed whatever its sequence number.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "ip/ip_packet.h"
#include "time/cycle_scheduler.h"

namespace q2686 {

struct TcpFlowKey {
    std::uint32_t client_address = 0;
    std::uint16_t client_port = 0;
    std::uint32_t server_address = 0;
    std::uint16_t server_port = 0;

    friend auto operator<=>(const TcpFlowKey&, const TcpFlowKey&) = default;
};

// "10.64.1.2:49153 → 10.64.0.16:443"
std::string to_string(const TcpFlowKey& key);

enum class StreamSide : std::uint8_t { ClientToServer, ServerToClient };

enum class FlowEnd : std::uint8_t { Fin, Reset, Evicted };
const char* to_string(FlowEnd end);

class TcpStreamSink {
public:
    virtual ~TcpStreamSink() = default;
    virtual void on_open(const TcpFlowKey& /*key*/, Cycles /*when*/) {}
    // In-order payload; `when` is the cycle of the packet that made these bytes deliverable.
    virtual void on_data(const TcpFlowKey& key, StreamSide side, std::span<const std::uint8_t> bytes, Cycles when) = 0;
    // `missing` bytes of this direction will never be delivered; delivery resumes after them.
    virtual void on_gap(const TcpFlowKey& /*key*/, StreamSide /*side*/, std::uint64_t /*missing*/, Cycles /*when*/) {}
    virtual void on_close(const TcpFlowKey& /*key*/, FlowEnd /*end*/, Cycles /*when*/) {}
};

struct TcpReassemblerLimits {
    std::size_t max_flows = 64;
    std::size_t max_buffered_per_direction = 64 * 1024;
};

class TcpReassembler {
public:
    explicit TcpReassembler(TcpStreamSink& sink, TcpReassemblerLimits limits = {});

    // Any IPv4 packet; what is not an unfragmented TCP segment is ignored.
    void feed(const IpPacket& packet, Cycles when);

    std::size_t flow_count() const { return flows_.size(); }
    // Out-of-order bytes held for one direction of a flow (0 for an unknown flow).
    std::size_t buffered_bytes(const TcpFlowKey& key, StreamSide side) const;

private:
    struct Direction {
        bool synchronised = false;   // next_seq is known
        std::uint32_t next_seq = 0;  // sequence number of the next byte to deliver
        bool fin_seen = false;
        std::uint32_t fin_seq = 0;                                // sequence number the FIN occupies
        bool finished = false;                                    // everything up to the FIN delivered
        std::map<std::uint64_t, std::vector<std::uint8_t>> held;  // by offset from next_seq's origin
        std::uint64_t delivered = 0;                              // bytes delivered so far (the offset of next_seq)
        std::size_t held_bytes = 0;
    };
    struct Flow {
        Direction to_server;
        Direction to_client;
        Cycles last_active = 0;
        Direction& side(StreamSide s) { return s == StreamSide::ClientToServer ? to_server : to_client; }
        const Direction& side(StreamSide s) const { return s == StreamSide::ClientToServer ? to_server : to_client; }
    };

    Flow* find_or_create(const TcpFlowKey& key, bool create, Cycles when);
    void accept_payload(const TcpFlowKey& key, StreamSide side, Direction& d, std::uint32_t seq,
                        std::span<const std::uint8_t> payload, Cycles when);
    void deliver(const TcpFlowKey& key, StreamSide side, Direction& d, Cycles when);
    void skip_to_first_held(const TcpFlowKey& key, StreamSide side, Direction& d, Cycles when);
    void note_fin(Direction& d);
    void end(TcpFlowKey key, FlowEnd why, Cycles when);

    TcpStreamSink& sink_;
    TcpReassemblerLimits limits_;
    std::map<TcpFlowKey, Flow> flows_;
};

}  // namespace q2686
