// ServiceTcp: the connections' state, the modem's segments, what goes back, the retransmission
// timer. Sequence numbers compare modulo 2^32 (RFC 9293 §3.4).
#include "host/gateway/service_tcp.h"

#include <algorithm>
#include <vector>

#include "ip/network_bytes.h"

namespace q2686 {

namespace {

bool seq_lt(std::uint32_t a, std::uint32_t b) {
    return static_cast<std::int32_t>(a - b) < 0;
}
bool seq_gt(std::uint32_t a, std::uint32_t b) {
    return seq_lt(b, a);
}

// The MSS option of a SYN (RFC 9293 §3.7.1: kind 2, length 4); 536 when absent (§3.7.1: the
// default send MSS for IPv4).
std::uint16_t peer_mss(const IpPacket& packet, const ipv4::Header& header, const ipv4::TcpSegment& segment) {
    std::size_t at = header.header_length + 20;
    const std::size_t end = segment.payload_offset;
    while (at < end) {
        const std::uint8_t kind = packet[at];
        if (kind == 0) break;  // end of options
        if (kind == 1) {       // no-operation
            ++at;
            continue;
        }
        if (at + 1 >= end) break;
        const std::uint8_t length = packet[at + 1];
        if (length < 2 || at + length > end) break;
        if (kind == 2 && length == 4) return net_bytes::get16(packet, at + 2);
        at += length;
    }
    return 536;
}

}  // namespace

struct ServiceTcp::Connection final : ServiceStream {
    enum class State { SynReceived, Open, Gone };

    ServiceTcp& tcp;
    Key key;
    GatewayService& service;
    State state = State::SynReceived;
    std::uint32_t iss = 0, snd_una = 0, snd_nxt = 0, rcv_nxt = 0;
    std::uint32_t snd_wnd = 0;
    std::uint16_t mss = 536;
    std::vector<std::uint8_t> received;  // from the modem, not yet read by the service
    std::size_t read_at = 0;
    std::vector<std::uint8_t> out;  // to the modem: unacknowledged and unsent, from out_seq on
    std::uint32_t out_seq = 0;
    bool fin_received = false, close_requested = false, fin_sent = false, fin_acked = false;
    bool ack_owed = false;
    unsigned retries = 0;
    std::uint64_t rto_ms = kInitialRtoMs;
    TimedEvent retransmit;
    Cycles now = 0;

    Connection(ServiceTcp& t, Key k, GatewayService& s) : tcp(t), key(k), service(s) {
        retransmit.bind<&Connection::on_timer>(this, "service tcp retransmit");
    }
    ~Connection() override { tcp.scheduler_.cancel(retransmit); }

    std::size_t read(std::span<std::uint8_t> into) override {
        const std::size_t n = std::min(into.size(), received.size() - read_at);
        std::copy_n(received.begin() + static_cast<std::ptrdiff_t>(read_at), n, into.begin());
        read_at += n;
        if (read_at == received.size()) {
            received.clear();
            read_at = 0;
        }
        return n;
    }
    bool peer_closed() const override { return fin_received && read_at == received.size(); }
    void write(std::span<const std::uint8_t> bytes) override {
        if (state == State::Gone || close_requested) return;
        out.insert(out.end(), bytes.begin(), bytes.end());
    }
    void close() override { close_requested = true; }
    void reset() override {
        if (state == State::Gone) return;
        send(snd_nxt, ipv4::kRst | ipv4::kAck, {});
        state = State::Gone;
        tcp.scheduler_.cancel(retransmit);
    }

    void send(std::uint32_t seq, std::uint8_t flags, std::span<const std::uint8_t> payload) {
        const auto& [modem, modem_port, address, port] = key;
        const ipv4::TcpFields fields{.source = address,
                                     .source_port = port,
                                     .destination = modem,
                                     .destination_port = modem_port,
                                     .seq = seq,
                                     .ack = rcv_nxt,
                                     .flags = flags,
                                     .window = kWindow};
        tcp.output_(ipv4::build_tcp(fields, payload, tcp.next_ip_id_++), now);
        if (flags & ipv4::kAck) ack_owed = false;
    }
    // SYN|ACK with our MSS: the option rides as a 4-byte "payload" moved into the header.
    void send_syn_ack() {
        const std::uint8_t option[4] = {2, 4, kMss >> 8, kMss & 0xFF};
        const auto& [modem, modem_port, address, port] = key;
        const ipv4::TcpFields fields{.source = address,
                                     .source_port = port,
                                     .destination = modem,
                                     .destination_port = modem_port,
                                     .seq = iss,
                                     .ack = rcv_nxt,
                                     .flags = ipv4::kSyn | ipv4::kAck,
                                     .window = kWindow};
        IpPacket packet = ipv4::build_tcp(fields, option, tcp.next_ip_id_++);
        packet[32] = 6 << 4;  // data offset: 24 bytes of TCP header
        ipv4::fill_checksums(packet);
        tcp.output_(std::move(packet), now);
        ack_owed = false;
    }

    void arm() {
        if (!retransmit.scheduled)
            tcp.scheduler_.schedule_at(retransmit, now + tcp.clock_.from_ns(rto_ms * 1'000'000));
    }
    void restart_timer() {
        tcp.scheduler_.cancel(retransmit);
        const bool outstanding = snd_una != snd_nxt || out_seq + out.size() != snd_nxt || (close_requested && !fin_sent);
        if (outstanding) arm();
    }

    // Sends what the window allows, the FIN when due, and an ACK still owed.
    void transmit() {
        if (state != State::Open) return;
        while (!fin_sent) {
            const std::size_t offset = snd_nxt - out_seq;
            const std::size_t unsent = out.size() - offset;
            const std::uint32_t in_flight = snd_nxt - snd_una;
            const std::size_t room = snd_wnd > in_flight ? snd_wnd - in_flight : 0;
            const std::size_t n = std::min({unsent, std::size_t{mss}, room});
            if (n == 0) break;
            const bool last = offset + n == out.size();
            send(snd_nxt, ipv4::kAck | (last ? ipv4::kPsh : 0),
                 std::span<const std::uint8_t>(out).subspan(offset, n));
            snd_nxt += static_cast<std::uint32_t>(n);
        }
        if (close_requested && !fin_sent && snd_nxt == out_seq + out.size()) {
            send(snd_nxt, ipv4::kFin | ipv4::kAck, {});
            ++snd_nxt;
            fin_sent = true;
        }
        if (ack_owed) send(snd_nxt, ipv4::kAck, {});
        if (snd_una != snd_nxt || snd_nxt != out_seq + out.size() || (close_requested && !fin_sent)) arm();
    }

    void on_timer() {
        now = tcp.scheduler_.now();
        if (state == State::Gone) return;
        if (retries >= kMaxRetries) {
            reset();
            return tcp.finish(*this, now);
        }
        ++retries;
        rto_ms = std::min(rto_ms * 2, kMaxRtoMs);
        if (state == State::SynReceived) {
            send_syn_ack();
            return arm();
        }
        // Go back to the oldest unacknowledged byte. Nothing in flight and a closed window: a
        // one-byte probe beyond it.
        snd_nxt = snd_una;
        if (fin_sent && !fin_acked) fin_sent = false;
        const std::size_t unsent = out_seq + out.size() - snd_nxt;
        if (snd_wnd == 0 && unsent > 0) {
            const std::size_t offset = snd_nxt - out_seq;
            send(snd_nxt, ipv4::kAck, std::span<const std::uint8_t>(out).subspan(offset, 1));
            ++snd_nxt;
            return arm();
        }
        transmit();
    }
};

ServiceTcp::ServiceTcp(CycleScheduler& scheduler, ClockRate clock, Output output)
    : scheduler_(scheduler), clock_(clock), output_(std::move(output)) {}

// Connections are dropped without callbacks: the services may already be gone.
ServiceTcp::~ServiceTcp() = default;

void ServiceTcp::send_reset_for(const ipv4::Header& header, const ipv4::TcpSegment& segment, Cycles now) {
    if (segment.flags & ipv4::kRst) return;
    ipv4::TcpFields rst{.source = header.destination,
                        .source_port = segment.destination_port,
                        .destination = header.source,
                        .destination_port = segment.source_port};
    if (segment.flags & ipv4::kAck) {
        rst.seq = segment.ack;
        rst.flags = ipv4::kRst;
    } else {
        rst.ack = segment.seq + segment.sequence_length();
        rst.flags = ipv4::kRst | ipv4::kAck;
    }
    output_(ipv4::build_tcp(rst, {}, next_ip_id_++), now);
}

// The connection is over: the service hears it, the connection is forgotten. Erased at the next
// sweep, never inside its own timer's callback.
void ServiceTcp::finish(Connection& c, Cycles now) {
    c.state = Connection::State::Gone;
    scheduler_.cancel(c.retransmit);
    const auto it = connections_.find(c.key);
    if (it == connections_.end() || it->second.get() != &c) return;
    std::unique_ptr<Connection> owned = std::move(it->second);
    connections_.erase(it);
    owned->service.closed(*owned, now);
    graveyard_.push_back(std::move(owned));
}

void ServiceTcp::input(const IpPacket& packet, const ipv4::Header& header, const ipv4::TcpSegment& s,
                       GatewayService& service, Cycles now) {
    graveyard_.clear();
    const Key key{header.source, s.source_port, header.destination, s.destination_port};
    auto it = connections_.find(key);
    Connection* c = it != connections_.end() ? it->second.get() : nullptr;
    if (c) c->now = now;

    if (s.flags & ipv4::kRst) {
        // RFC 9293 §3.10.7.4: a reset in the window ends the connection (the link never
        // reorders, so in-window is "not older than what we expect").
        if (c && !seq_lt(s.seq, c->rcv_nxt - 1)) {
            c->state = Connection::State::Gone;
            finish(*c, now);
        }
        return;
    }
    if (s.flags & ipv4::kSyn) {
        if (s.flags & ipv4::kAck) return send_reset_for(header, s, now);
        if (c && s.seq + 1 == c->rcv_nxt) {  // the modem repeats its SYN: our answer was lost
            if (c->state == Connection::State::SynReceived)
                c->send_syn_ack();
            else
                c->send(c->snd_nxt, ipv4::kAck, {});
            return;
        }
        if (c) {  // a new connection on the same ports: the old one is over
            c->reset();
            finish(*c, now);
        }
        if (!service.listening()) return send_reset_for(header, s, now);
        auto fresh = std::make_unique<Connection>(*this, key, service);
        c = fresh.get();
        c->now = now;
        c->iss = next_iss_;
        next_iss_ += 0x00010000;  // 64 KiB of sequence space apart
        c->snd_una = c->iss;
        c->snd_nxt = c->iss + 1;
        c->out_seq = c->iss + 1;
        c->rcv_nxt = s.seq + 1;
        c->snd_wnd = s.window;
        c->mss = std::min<std::uint16_t>(kMss, std::max<std::uint16_t>(peer_mss(packet, header, s), 64));
        connections_[key] = std::move(fresh);
        c->send_syn_ack();
        c->arm();
        return;
    }
    if (!c || c->state == Connection::State::Gone) return send_reset_for(header, s, now);
    if (!(s.flags & ipv4::kAck)) return;  // after the SYN every segment carries an ACK

    // The acknowledgement.
    bool opened = false;
    if (seq_gt(s.ack, c->snd_nxt)) {
        c->send(c->snd_nxt, ipv4::kAck, {});  // acknowledges what was never sent
        return;
    }
    if (seq_gt(s.ack, c->snd_una)) {
        if (c->state == Connection::State::SynReceived) {
            c->state = Connection::State::Open;
            opened = true;
        }
        const std::uint32_t data_end = c->out_seq + static_cast<std::uint32_t>(c->out.size());
        const std::uint32_t acked_to = seq_lt(s.ack, data_end) ? s.ack : data_end;
        if (seq_gt(acked_to, c->out_seq)) {
            const std::uint32_t n = acked_to - c->out_seq;
            c->out.erase(c->out.begin(), c->out.begin() + n);
            c->out_seq = acked_to;
        }
        if (c->fin_sent && s.ack == c->snd_nxt) c->fin_acked = true;
        c->snd_una = s.ack;
        c->retries = 0;
        c->rto_ms = kInitialRtoMs;
        c->restart_timer();
    }
    if (c->state == Connection::State::SynReceived) return;
    c->snd_wnd = s.window;
    if (s.window == 0) c->retries = 0;  // the modem answers our probes: it is there, just full

    // The data and FIN, in order only.
    bool news = false;
    const bool fin = (s.flags & ipv4::kFin) != 0;
    if (s.payload_length > 0 || fin) {
        std::uint32_t seq = s.seq;
        std::span<const std::uint8_t> data = std::span<const std::uint8_t>(packet).subspan(s.payload_offset, s.payload_length);
        if (seq_lt(seq, c->rcv_nxt)) {
            const std::uint32_t old = c->rcv_nxt - seq;
            data = data.subspan(std::min<std::size_t>(old, data.size()));
            seq += std::min<std::uint32_t>(old, static_cast<std::uint32_t>(s.payload_length));
        }
        if (seq == c->rcv_nxt && !c->fin_received) {
            if (!data.empty()) {
                c->received.insert(c->received.end(), data.begin(), data.end());
                c->rcv_nxt += static_cast<std::uint32_t>(data.size());
                news = true;
            }
            if (fin) {
                c->fin_received = true;
                ++c->rcv_nxt;
                news = true;
            }
        }
        c->ack_owed = true;  // new, repeated or beyond a gap: the modem learns where we are
    }

    if (opened) c->service.open(*c, now);
    if (news && c->state != Connection::State::Gone) c->service.readable(*c, now);
    if (c->state == Connection::State::Gone) return finish(*c, now);
    c->transmit();
    if (c->fin_received && c->fin_acked) finish(*c, now);
}

}  // namespace q2686
