// GprsLink — the radio bearer between the modem and the GPRS core network, for IP packets, in
// virtual time. Two independent directions (uplink modem → network, downlink network →
// modem), each a FIFO with:
//   * serialisation at the multislot class's rate: timeslots × the coding scheme's rate per
//     slot (class 10 with CS-2: 4 × 13.4 = 53.6 kbit/s down, 2 × 13.4 = 26.8 kbit/s up);
//   * a one-way latency plus a uniformly distributed jitter in [0, jitter];
//   * delivery in order (RLC acknowledged mode never reorders), so a packet never overtakes
//     the one before it even when its jitter is smaller;
//   * independent random loss with the configured probability (decided when the packet
//     enters the link);
//   * a transmit queue bounded in bytes (tail drop when full);
//   * outages: while the link is down (outage() or set_available(false), e.g. no active PDP
//     context) packets offered to it are dropped, and packets in flight are lost.
// Randomness comes from one seeded generator, so the same inputs give the same deliveries.
// docs/network.md, "GPRS link".
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "base/event_log.h"
#include "ip/ip_packet.h"
#include "time/cycle_scheduler.h"

namespace q2686 {

struct GprsLinkConfig {
    std::uint32_t latency_ms = 150;  // one way; the default round trip is ~300 ms + serialisation
    std::uint32_t jitter_ms = 20;    // added uniformly in [0, jitter] per packet
    double loss = 0.0;               // probability 0..1 that a packet is lost, each direction
    unsigned downlink_slots = 4;     // GPRS multislot class 10: 4 down + 2 up
    unsigned uplink_slots = 2;
    std::uint32_t slot_bits_per_s = 13'400;  // CS-2 coding scheme
    std::uint32_t queue_bytes = 32 * 1024;   // per direction
    std::uint64_t seed = 1;
};

enum class LinkDirection : std::uint8_t { Uplink, Downlink };
const char* to_string(LinkDirection direction);

// Why a packet did not arrive.
enum class LinkDrop : std::uint8_t { None, Loss, QueueFull, LinkDown };
const char* to_string(LinkDrop drop);

struct GprsLinkStats {
    std::uint64_t sent[2] = {0, 0};  // offered, per LinkDirection
    std::uint64_t delivered[2] = {0, 0};
    std::uint64_t dropped[2] = {0, 0};
};

class GprsLink {
public:
    // A delivered packet and the virtual cycle it arrives at the far end.
    using Sink = std::function<void(IpPacket packet, Cycles when)>;
    // Every packet offered to the link (drop == None) and every drop, for pcap and events.
    using Tap = std::function<void(LinkDirection direction, const IpPacket& packet, Cycles when, LinkDrop drop)>;

    GprsLink(CycleScheduler& scheduler, EventLog& events, ClockRate clock, GprsLinkConfig config = {});
    GprsLink(const GprsLink&) = delete;
    GprsLink& operator=(const GprsLink&) = delete;
    ~GprsLink();

    void set_uplink_sink(Sink sink);    // the network side (host gateway)
    void set_downlink_sink(Sink sink);  // the modem side (packet interface)
    void set_tap(Tap tap);

    // Throws std::invalid_argument for a loss outside 0..1, zero slots or rate.
    void configure(const GprsLinkConfig& config);
    const GprsLinkConfig& config() const;

    void send(LinkDirection direction, IpPacket packet, Cycles now);

    // The bearer exists (a PDP context is active). False drops everything queued or in flight.
    void set_available(bool available, Cycles now);
    // A radio outage of `duration` cycles from `now` (coverage hole): same drops as above,
    // then the link comes back by itself.
    void outage(Cycles duration, Cycles now);
    bool up(Cycles now) const;

    const GprsLinkStats& stats() const;

private:
    // A packet between send() and its arrival. Lost packets stay (with their payload freed)
    // until their slot on the air has passed: they still took transmitter time.
    struct InFlight {
        IpPacket packet;
        std::uint32_t bytes = 0;
        Cycles serialised = 0;  // the last bit has left the transmitter
        Cycles arrival = 0;     // delivered to the far end (monotonic within a direction)
        bool lost = false;
    };

    // One direction: a FIFO in a vector with a moving head (no allocation once warmed up).
    struct Direction {
        GprsLink* link = nullptr;
        LinkDirection direction = LinkDirection::Uplink;
        std::vector<InFlight> fifo;
        std::size_t head = 0;             // first packet not yet arrived
        std::size_t serialising = 0;      // first packet whose serialisation has not ended
        std::uint64_t backlog_bytes = 0;  // bytes of fifo[serialising..]: queued or on the air
        Cycles busy_until = 0;            // the transmitter is free from this cycle
        Cycles last_arrival = 0;
        TimedEvent arrival_timer;
        Sink sink;

        void on_arrival() { link->deliver_due(*this, link->scheduler_.now()); }
    };

    void on_outage_end(Cycles late);
    Direction& dir(LinkDirection direction) { return directions_[static_cast<unsigned>(direction)]; }
    Cycles serialisation_cycles(std::size_t bytes, LinkDirection direction) const;
    double draw_unit();
    std::uint64_t draw_below(std::uint64_t bound);
    void retire_serialised(Direction& d, Cycles now);
    void deliver_due(Direction& d, Cycles now);
    void compact(Direction& d);
    void arm(Direction& d);
    void drop(LinkDirection direction, const IpPacket& packet, Cycles now, LinkDrop reason);
    void drop_in_flight(Cycles now);
    void event(Cycles now, std::string text) const;

    CycleScheduler& scheduler_;
    EventLog& events_;
    ClockRate clock_;
    GprsLinkConfig config_;
    std::mt19937_64 random_;
    Tap tap_;
    Direction directions_[2];
    bool available_ = true;
    Cycles outage_end_ = 0;
    TimedEvent outage_timer_;
    GprsLinkStats stats_;
};

}  // namespace q2686
