// Shared bench of the GprsLink unit tests: a link on a scheduler, recording deliveries, taps
// and events; packets tagged with their number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "gsm/gprs_link.h"

#include "peripheral_test_support.h"

namespace q2686::test {

inline constexpr Cycles kMs = 104'000;
inline constexpr Cycles kSecond = 1000 * kMs;
// ceil(1500 × 8 × 104e6 / (2 × 13400)) and / (4 × 13400): class 10, CS-2.
inline constexpr Cycles k1500Uplink = 46'567'165;
inline constexpr Cycles k1500Downlink = 23'283'583;
inline constexpr Cycles kLatency = 150 * kMs;

struct Delivery {
    std::uint32_t tag;
    Cycles when;
};

struct Tapped {
    LinkDirection direction;
    std::size_t size;
    Cycles when;
    LinkDrop drop;
};

// A packet whose first four bytes say which one it is.
inline IpPacket packet(std::size_t size, std::uint32_t tag) {
    IpPacket p(size, 0x45);
    for (unsigned i = 0; i < 4 && i < size; ++i) p[i] = static_cast<std::uint8_t>(tag >> (8 * i));
    return p;
}

inline std::uint32_t tag_of(const IpPacket& p) {
    std::uint32_t tag = 0;
    for (unsigned i = 0; i < 4 && i < p.size(); ++i) tag |= std::uint32_t{p[i]} << (8 * i);
    return tag;
}

inline GprsLinkConfig no_jitter(std::uint32_t latency_ms = 150) {
    GprsLinkConfig c;
    c.latency_ms = latency_ms;
    c.jitter_ms = 0;
    return c;
}

struct LinkBench {
    EventLog log;
    EventCapture events{log};
    CycleScheduler scheduler;
    GprsLink link;
    std::vector<Delivery> uplink;    // arrived at the network
    std::vector<Delivery> downlink;  // arrived at the modem
    std::vector<Tapped> taps;

    explicit LinkBench(GprsLinkConfig config = {}) : link(scheduler, log, ClockRate{}, config) {
        link.set_uplink_sink([this](IpPacket p, Cycles when) { uplink.push_back({tag_of(p), when}); });
        link.set_downlink_sink([this](IpPacket p, Cycles when) { downlink.push_back({tag_of(p), when}); });
        link.set_tap([this](LinkDirection d, const IpPacket& p, Cycles when, LinkDrop drop) {
            taps.push_back({d, p.size(), when, drop});
        });
    }
    void run(Cycles until) { run_until(scheduler, until); }
    std::size_t tapped(LinkDrop drop) const {
        std::size_t n = 0;
        for (const Tapped& t : taps) n += t.drop == drop;
        return n;
    }
};

}  // namespace q2686::test
