#include "ip/tcp_reassembler.h"

#include <fmt/format.h>

#include <algorithm>

#include "ip/ipv4.h"

namespace q2686 {

std::string to_string(const TcpFlowKey& key) {
    return fmt::format("{}:{} → {}:{}", ipv4::format_address(key.client_address), key.client_port,
                       ipv4::format_address(key.server_address), key.server_port);
}

const char* to_string(FlowEnd end) {
    switch (end) {
        case FlowEnd::Fin: return "fin";
        case FlowEnd::Reset: return "reset";
        case FlowEnd::Evicted: return "evicted";
    }
    return "?";
}

TcpReassembler::TcpReassembler(TcpStreamSink& sink, TcpReassemblerLimits limits) : sink_(sink), limits_(limits) {}

std::size_t TcpReassembler::buffered_bytes(const TcpFlowKey& key, StreamSide side) const {
    const auto it = flows_.find(key);
    return it == flows_.end() ? 0 : it->second.side(side).held_bytes;
}

void TcpReassembler::feed(const IpPacket& packet, Cycles when) {
    const auto header = ipv4::parse(packet);
    if (!header || header->protocol != ipv4::kTcp || header->fragmented()) return;
    const auto tcp = ipv4::parse_tcp(packet, *header);
    if (!tcp) return;

    const TcpFlowKey forward{header->source, tcp->source_port, header->destination, tcp->destination_port};
    const TcpFlowKey backward{header->destination, tcp->destination_port, header->source, tcp->source_port};
    const bool syn = (tcp->flags & ipv4::kSyn) != 0;
    const bool ack = (tcp->flags & ipv4::kAck) != 0;

    TcpFlowKey key = forward;
    StreamSide side = StreamSide::ClientToServer;
    Flow* flow = find_or_create(forward, false, when);
    if (!flow) {
        if ((flow = find_or_create(backward, false, when))) {
            key = backward;
            side = StreamSide::ServerToClient;
        }
    }
    if (!flow) {
        // A new flow: who is the client? The SYN's sender; else guess from the ports.
        const bool from_server = (syn && ack) || (!syn && tcp->source_port < 1024 && tcp->destination_port >= 1024);
        if (!syn && tcp->payload_length == 0) return;
        if ((tcp->flags & ipv4::kRst) != 0) return;
        key = from_server ? backward : forward;
        side = from_server ? StreamSide::ServerToClient : StreamSide::ClientToServer;
        flow = find_or_create(key, true, when);
    }
    flow->last_active = when;
    Direction& d = flow->side(side);

    std::uint32_t data_seq = tcp->seq;
    if (syn) {
        data_seq = tcp->seq + 1;
        if (!d.synchronised || d.delivered == 0) {
            d.synchronised = true;
            d.next_seq = data_seq;
        }
    }
    if (tcp->payload_length > 0) {
        if (!d.synchronised) {  // joined mid-stream: the first byte seen is where we start
            d.synchronised = true;
            d.next_seq = data_seq;
        }
        const std::span<const std::uint8_t> payload(packet.data() + tcp->payload_offset, tcp->payload_length);
        accept_payload(key, side, d, data_seq, payload, when);
    }
    if ((tcp->flags & ipv4::kFin) != 0) {
        if (!d.synchronised) {
            d.synchronised = true;
            d.next_seq = data_seq + static_cast<std::uint32_t>(tcp->payload_length);
        }
        d.fin_seen = true;
        d.fin_seq = data_seq + static_cast<std::uint32_t>(tcp->payload_length);
        note_fin(d);
    }
    if ((tcp->flags & ipv4::kRst) != 0) {
        for (const StreamSide s : {StreamSide::ClientToServer, StreamSide::ServerToClient}) {
            Direction& dir = flow->side(s);
            while (!dir.held.empty()) skip_to_first_held(key, s, dir, when);
        }
        end(key, FlowEnd::Reset, when);
        return;
    }
    if (flow->to_server.finished && flow->to_client.finished) end(key, FlowEnd::Fin, when);
}

TcpReassembler::Flow* TcpReassembler::find_or_create(const TcpFlowKey& key, bool create, Cycles when) {
    const auto it = flows_.find(key);
    if (it != flows_.end()) return &it->second;
    if (!create) return nullptr;
    if (limits_.max_flows > 0 && flows_.size() >= limits_.max_flows) {
        const auto oldest = std::min_element(flows_.begin(), flows_.end(), [](const auto& a, const auto& b) {
            return a.second.last_active < b.second.last_active;
        });
        end(oldest->first, FlowEnd::Evicted, when);
    }
    Flow& flow = flows_[key];
    flow.last_active = when;
    sink_.on_open(key, when);
    return &flow;
}

void TcpReassembler::accept_payload(const TcpFlowKey& key, StreamSide side, Direction& d, std::uint32_t seq,
                                    std::span<const std::uint8_t> payload, Cycles when) {
    for (;;) {
        // Offset of the segment's first byte in this direction's stream (negative: before the
        // next expected byte, i.e. a retransmission of bytes already delivered).
        const auto relative = static_cast<std::int32_t>(seq - d.next_seq);
        const std::int64_t offset = static_cast<std::int64_t>(d.delivered) + relative;
        const std::int64_t end = offset + static_cast<std::int64_t>(payload.size());
        if (end <= static_cast<std::int64_t>(d.delivered)) return;  // nothing new
        if (offset < static_cast<std::int64_t>(d.delivered)) {
            const auto trim = static_cast<std::size_t>(static_cast<std::int64_t>(d.delivered) - offset);
            payload = payload.subspan(trim);
            seq += static_cast<std::uint32_t>(trim);
            continue;
        }
        if (offset == static_cast<std::int64_t>(d.delivered)) {
            d.delivered += payload.size();
            d.next_seq += static_cast<std::uint32_t>(payload.size());
            sink_.on_data(key, side, payload, when);
            deliver(key, side, d, when);
            return;
        }
        if (d.held_bytes + payload.size() <= limits_.max_buffered_per_direction) {
            auto& slot = d.held[static_cast<std::uint64_t>(offset)];
            if (slot.size() >= payload.size()) return;  // a duplicate of a held segment
            d.held_bytes += payload.size() - slot.size();
            slot.assign(payload.begin(), payload.end());
            return;
        }
        // Over the limit: give up the oldest hole and try again.
        if (!d.held.empty()) {
            skip_to_first_held(key, side, d, when);
            continue;
        }
        const auto missing = static_cast<std::uint64_t>(offset) - d.delivered;
        sink_.on_gap(key, side, missing, when);
        d.delivered += missing;
        d.next_seq += static_cast<std::uint32_t>(missing);
    }
}

void TcpReassembler::deliver(const TcpFlowKey& key, StreamSide side, Direction& d, Cycles when) {
    while (!d.held.empty() && d.held.begin()->first <= d.delivered) {
        auto node = d.held.extract(d.held.begin());
        const std::vector<std::uint8_t>& bytes = node.mapped();
        d.held_bytes -= bytes.size();
        const std::uint64_t skip = d.delivered - node.key();
        if (skip >= bytes.size()) continue;
        const std::span<const std::uint8_t> fresh(bytes.data() + skip, bytes.size() - skip);
        d.delivered += fresh.size();
        d.next_seq += static_cast<std::uint32_t>(fresh.size());
        sink_.on_data(key, side, fresh, when);
    }
    note_fin(d);
}

void TcpReassembler::skip_to_first_held(const TcpFlowKey& key, StreamSide side, Direction& d, Cycles when) {
    const std::uint64_t first = d.held.begin()->first;
    if (first > d.delivered) {
        const std::uint64_t missing = first - d.delivered;
        sink_.on_gap(key, side, missing, when);
        d.delivered = first;
        d.next_seq += static_cast<std::uint32_t>(missing);
    }
    deliver(key, side, d, when);
}

void TcpReassembler::note_fin(Direction& d) {
    if (d.fin_seen && d.next_seq == d.fin_seq && d.held.empty()) d.finished = true;
}

void TcpReassembler::end(TcpFlowKey key, FlowEnd why, Cycles when) {
    flows_.erase(key);  // `key` is a copy: it may have referred to the erased entry
    sink_.on_close(key, why, when);
}

}  // namespace q2686
