// GprsLink: the two FIFOs of the GPRS bearer in virtual time (gprs_link.h has the model).
//
// Per packet offered, in this order:
//   1. two draws from the generator, always — one for loss, one for jitter — so the sequence
//      each later packet sees does not depend on the loss setting, the queue or outages;
//   2. link down → LinkDown; queue full (bytes queued or on the air + this packet >
//      queue_bytes) → QueueFull; loss draw < loss → Loss. Each is tapped at once;
//   3. unless down or queue-full, the packet takes the transmitter: it starts when the one
//      before it has been serialised, and lasts ceil(bytes × 8 × hz / (slots × slot rate))
//      cycles (the last bit has to be sent). A lost packet still takes its airtime and queue
//      room — it is lost on the air or in the core, after the modem (uplink) or the network
//      (downlink) sent it — but arrives nowhere;
//   4. arrival = end of serialisation + latency + jitter, clamped to the previous arrival
//      (in order).
// One TimedEvent per direction waits for the head of the FIFO; arrivals are monotonic, so it
// only moves when the head leaves.
//
// Random numbers: std::mt19937_64, whose output sequence the C++ standard fixes, converted
// here (the std::uniform_*_distribution algorithms are implementation-defined, so another
// standard library would give other deliveries for the same seed).
//
// Known inaccuracies:
//   - the rate is constant: no TBF establishment delay, no coding-scheme changes with the
//     signal, no RLC/LLC header overhead, no sharing of timeslots with other users;
//   - loss is independent per packet (real losses come in bursts: see outage());
//   - the transmitter of a direction is free again at once after an outage, and a packet
//     offered during an outage is never buffered for later.
#include "gsm/gprs_link.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace q2686 {

const char* to_string(LinkDirection direction) {
    switch (direction) {
        case LinkDirection::Uplink: return "uplink";
        case LinkDirection::Downlink: return "downlink";
    }
    return "?";
}

const char* to_string(LinkDrop drop) {
    switch (drop) {
        case LinkDrop::None: return "none";
        case LinkDrop::Loss: return "loss";
        case LinkDrop::QueueFull: return "queue-full";
        case LinkDrop::LinkDown: return "link-down";
    }
    return "?";
}

GprsLink::GprsLink(CycleScheduler& scheduler, EventLog& events, ClockRate clock, GprsLinkConfig config)
    : scheduler_(scheduler), events_(events), clock_(clock) {
    configure(config);
    random_.seed(config_.seed);  // configure() reseeds only when the seed changes
    for (LinkDirection direction : {LinkDirection::Uplink, LinkDirection::Downlink}) {
        Direction& d = dir(direction);
        d.link = this;
        d.direction = direction;
        d.arrival_timer.bind<&Direction::on_arrival>(
            &d, direction == LinkDirection::Uplink ? "gprs-uplink-arrival" : "gprs-downlink-arrival");
    }
    outage_timer_.bind<&GprsLink::on_outage_end>(this, "gprs-outage-end");
}

GprsLink::~GprsLink() {
    for (Direction& d : directions_) scheduler_.cancel(d.arrival_timer);
    scheduler_.cancel(outage_timer_);
}

void GprsLink::set_uplink_sink(Sink sink) {
    dir(LinkDirection::Uplink).sink = std::move(sink);
}
void GprsLink::set_downlink_sink(Sink sink) {
    dir(LinkDirection::Downlink).sink = std::move(sink);
}
void GprsLink::set_tap(Tap tap) {
    tap_ = std::move(tap);
}

void GprsLink::configure(const GprsLinkConfig& config) {
    if (!(config.loss >= 0.0 && config.loss <= 1.0))  // also rejects NaN
        throw std::invalid_argument(fmt::format("GPRS link loss {} is not within 0..1", config.loss));
    if (config.uplink_slots == 0 || config.downlink_slots == 0)
        throw std::invalid_argument("GPRS link needs at least one timeslot each way");
    if (config.slot_bits_per_s == 0) throw std::invalid_argument("GPRS link slot rate must not be zero");
    // A new seed restarts the sequence; any other change keeps it, and applies to the packets
    // offered from now on (those in flight keep their times).
    if (config.seed != config_.seed) random_.seed(config.seed);
    config_ = config;
}

const GprsLinkConfig& GprsLink::config() const {
    return config_;
}
const GprsLinkStats& GprsLink::stats() const {
    return stats_;
}

bool GprsLink::up(Cycles now) const {
    return available_ && now >= outage_end_;
}

Cycles GprsLink::serialisation_cycles(std::size_t bytes, LinkDirection direction) const {
    const unsigned slots = direction == LinkDirection::Uplink ? config_.uplink_slots : config_.downlink_slots;
    const unsigned __int128 numerator = static_cast<unsigned __int128>(bytes) * 8u * clock_.hz;
    const unsigned __int128 rate = static_cast<unsigned __int128>(slots) * config_.slot_bits_per_s;
    return static_cast<Cycles>((numerator + rate - 1) / rate);
}

// [0, 1) with 53 random bits: every value exactly representable, the same on every platform.
double GprsLink::draw_unit() {
    return static_cast<double>(random_() >> 11) * 0x1.0p-53;
}

// [0, bound) by the high half of a 64×64-bit product (Lemire's method without the rejection
// step: the bias is below bound / 2^64, far under anything a test could see).
std::uint64_t GprsLink::draw_below(std::uint64_t bound) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(random_()) * bound) >> 64);
}

void GprsLink::event(Cycles now, std::string text) const {
    events_.emit({now, EventKind::Packet, "link", std::move(text)});
}

void GprsLink::drop(LinkDirection direction, const IpPacket& packet, Cycles now, LinkDrop reason) {
    ++stats_.dropped[static_cast<unsigned>(direction)];
    event(now, fmt::format("{} {} B dropped: {}", to_string(direction), packet.size(), to_string(reason)));
}

void GprsLink::send(LinkDirection direction, IpPacket packet, Cycles now) {
    Direction& d = dir(direction);
    ++stats_.sent[static_cast<unsigned>(direction)];
    const double loss_draw = draw_unit();
    const std::uint64_t jitter_ns = draw_below(std::uint64_t{config_.jitter_ms} * 1'000'000u + 1);

    retire_serialised(d, now);
    LinkDrop verdict = LinkDrop::None;
    if (!up(now))
        verdict = LinkDrop::LinkDown;
    else if (d.backlog_bytes + packet.size() > config_.queue_bytes)
        verdict = LinkDrop::QueueFull;
    else if (loss_draw < config_.loss)
        verdict = LinkDrop::Loss;
    if (tap_) tap_(direction, packet, now, verdict);
    if (verdict != LinkDrop::None) drop(direction, packet, now, verdict);
    if (verdict == LinkDrop::LinkDown || verdict == LinkDrop::QueueFull) return;

    InFlight entry;
    entry.bytes = static_cast<std::uint32_t>(packet.size());
    entry.serialised = std::max(now, d.busy_until) + serialisation_cycles(packet.size(), direction);
    entry.lost = verdict == LinkDrop::Loss;
    d.busy_until = entry.serialised;
    if (entry.lost) {
        // Leaves the FIFO once its airtime is over, without holding back later packets
        // beyond the previous arrival; it sets no arrival floor of its own.
        entry.arrival = std::max(entry.serialised, d.last_arrival);
    } else {
        const Cycles arrival = entry.serialised + clock_.from_ns(std::uint64_t{config_.latency_ms} * 1'000'000u) +
                               clock_.from_ns(jitter_ns);
        entry.arrival = std::max(arrival, d.last_arrival);
        d.last_arrival = entry.arrival;
        entry.packet = std::move(packet);
    }
    d.backlog_bytes += entry.bytes;
    d.fifo.push_back(std::move(entry));
    if (d.fifo.size() - d.head == 1) arm(d);
}

void GprsLink::retire_serialised(Direction& d, Cycles now) {
    while (d.serialising < d.fifo.size() && d.fifo[d.serialising].serialised <= now) {
        d.backlog_bytes -= d.fifo[d.serialising].bytes;
        ++d.serialising;
    }
}

void GprsLink::arm(Direction& d) {
    if (d.head < d.fifo.size())
        scheduler_.schedule_at(d.arrival_timer, d.fifo[d.head].arrival);
    else
        scheduler_.cancel(d.arrival_timer);
}

// Drops arrived entries from the front of the vector without giving its memory back.
void GprsLink::compact(Direction& d) {
    if (d.head == d.fifo.size()) {
        d.fifo.clear();
        d.serialising = 0;
        d.head = 0;
    } else if (d.head >= 32 && d.head * 2 >= d.fifo.size()) {
        d.fifo.erase(d.fifo.begin(), d.fifo.begin() + static_cast<std::ptrdiff_t>(d.head));
        d.serialising -= d.head;
        d.head = 0;
    }
}

void GprsLink::deliver_due(Direction& d, Cycles now) {
    // The sink may send again (in either direction) or take the link down: re-read the FIFO
    // on every turn and hold no reference into it across the call.
    while (d.head < d.fifo.size() && d.fifo[d.head].arrival <= now) {
        retire_serialised(d, now);  // the head has been serialised (serialised <= arrival)
        InFlight entry = std::move(d.fifo[d.head]);
        ++d.head;
        compact(d);
        if (entry.lost) continue;
        ++stats_.delivered[static_cast<unsigned>(d.direction)];
        if (d.sink) d.sink(std::move(entry.packet), entry.arrival);
    }
    arm(d);
}

void GprsLink::drop_in_flight(Cycles now) {
    for (Direction& d : directions_) {
        // The tap only observes (it must not call back into the link).
        for (std::size_t i = d.head; i < d.fifo.size(); ++i) {
            const InFlight& entry = d.fifo[i];
            if (entry.lost) continue;  // already counted and tapped as lost
            if (tap_) tap_(d.direction, entry.packet, now, LinkDrop::LinkDown);
            drop(d.direction, entry.packet, now, LinkDrop::LinkDown);
        }
        d.fifo.clear();
        d.head = 0;
        d.serialising = 0;
        d.backlog_bytes = 0;
        d.busy_until = 0;
        d.last_arrival = 0;
        scheduler_.cancel(d.arrival_timer);
    }
}

void GprsLink::set_available(bool available, Cycles now) {
    if (available == available_) return;
    available_ = available;
    event(now, available ? "link available" : "link unavailable");
    if (!available) drop_in_flight(now);
}

void GprsLink::outage(Cycles duration, Cycles now) {
    if (duration == 0) return;
    const Cycles end = now + duration;
    event(now, fmt::format("outage {} ms", clock_.to_ns(duration) / 1'000'000u));
    if (end > outage_end_) {
        outage_end_ = end;
        scheduler_.schedule_at(outage_timer_, end);
    }
    drop_in_flight(now);
}

void GprsLink::on_outage_end(Cycles late) {
    const Cycles now = scheduler_.now() - late;
    event(now, available_ ? "outage over" : "outage over (link still unavailable)");
}

}  // namespace q2686
