// Network time: the NITZ knobs, the UTC text forms, and NetworkModel sending NITZ when the modem
// registers, in virtual time.
#include "gsm/network_time.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include "gsm/network_model.h"
#include "peripheral_test_support.h"

using namespace q2686;

namespace {
constexpr Cycles kSecond = 104'000'000;

TEST(NetworkTime, DefaultNetworkUtcIsTheDocumentedInstant) {
    EXPECT_EQ(format_nitz_utc(kDefaultNetworkUtc), "2026-03-15T09:00:00Z");
    EXPECT_EQ(parse_utc("2026-03-15T09:00:00Z"), kDefaultNetworkUtc);
}

TEST(NetworkTime, ParseUtcAcceptsOnlyTheExactIsoForm) {
    EXPECT_EQ(parse_utc("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parse_utc("2024-02-29T23:59:59Z"), 1'709'251'199);
    for (const char* bad :
         {"2026-03-15", "2026-03-15T09:00:00", "2026-03-15T09:00:00+01:00", "2023-02-29T00:00:00Z",
          "2026-13-01T00:00:00Z", "2026-03-15T24:00:00Z", "1969-12-31T23:59:59Z", "2026-03-15T09:00:00Zx", "now", ""})
        EXPECT_FALSE(parse_utc(bad)) << bad;
}

TEST(NetworkTime, NitzTimeIsTwoDigitYearUtcWithTheZone) {
    EXPECT_EQ(format_nitz_time(kDefaultNetworkUtc, 8), "26/03/15,09:00:00+08");
    EXPECT_EQ(format_nitz_time(631'152'000, -20), "90/01/01,00:00:00-20");
}

TEST(NetworkTime, KnobsChangeWhatTheyName) {
    NitzSettings s;
    apply_nitz_knobs(s, "zone=+08, offset=-3h ,full=Q2686 Emulator,short=Q2686,dst=1");
    EXPECT_EQ(s.zone_quarters, 8);
    EXPECT_EQ(s.offset_s, -3 * 3600);
    EXPECT_EQ(s.full_name, "Q2686 Emulator");
    EXPECT_EQ(s.short_name, "Q2686");
    EXPECT_EQ(s.dst_hours, 1);
    EXPECT_TRUE(s.enabled);
    apply_nitz_knobs(s, "off");
    EXPECT_FALSE(s.enabled);
    apply_nitz_knobs(s, "on,offset=+1096d,zone=-48");
    EXPECT_TRUE(s.enabled);
    EXPECT_EQ(s.offset_s, 1096 * 86400);
    EXPECT_EQ(s.zone_quarters, -48);
    apply_nitz_knobs(s, "offset=0");
    EXPECT_EQ(s.offset_s, 0);
}

TEST(NetworkTime, BadKnobsThrowAndChangeNothing) {
    NitzSettings s;
    apply_nitz_knobs(s, "zone=+04");
    const NitzSettings before = s;
    for (const char* bad : {"", "zone=+57", "zone=-49", "zone=+8h", "zone=", "offset=3", "offset=-1.5ms", "offset=abc",
                            "dst=3", "full=", "short=ABCDEFGHIJKLMNOPQ", "full=a\"b", "zone=+08,bogus", "off=1",
                            "utc=2026-01-01T00:00:00Z", "zone=+08,,dst=1"}) {
        EXPECT_THROW(apply_nitz_knobs(s, bad), std::invalid_argument) << bad;
        EXPECT_EQ(s, before) << bad;
    }
}

struct NitzBench {
    EventLog log;
    test::EventCapture events{log};
    CycleScheduler scheduler;
    NetworkModel network{scheduler, log, ClockRate{}};
    std::uint32_t changes = 0;
    NitzBench() {
        network.add_listener([this](std::uint32_t c, Cycles) { changes |= c; });
    }
    void run(Cycles until) { test::run_until(scheduler, until); }
};

TEST(NetworkTime, RegistrationBringsOneNitzWithTheNetworksTimeAtThatInstant) {
    NitzBench b;
    NitzSettings s;
    apply_nitz_knobs(s, "zone=+08,full=Q2686 Emulator,short=Q2686");
    b.network.set_nitz(s, 0);
    b.network.power_on(0);
    b.run(3 * kSecond - 1);
    EXPECT_FALSE(b.network.last_nitz());
    b.changes = 0;
    b.run(3 * kSecond);
    ASSERT_TRUE(b.network.last_nitz());
    EXPECT_EQ(b.network.last_nitz()->utc, kDefaultNetworkUtc + 3);
    EXPECT_EQ(b.network.last_nitz()->zone_quarters, 8);
    EXPECT_EQ(b.network.last_nitz()->full_name, "Q2686 Emulator");
    EXPECT_EQ(b.changes & NetworkModel::kNitz, NetworkModel::kNitz);
    EXPECT_EQ(b.events.texts(EventKind::Network).back(),
              "NITZ 2026-03-15T09:00:03Z zone +08 dst 0 full \"Q2686 Emulator\" short \"Q2686\" sent");
}

TEST(NetworkTime, WrongClockOffsetIsAddedAndPowerOffForgetsTheMessage) {
    NitzBench b;
    NitzSettings s;
    apply_nitz_knobs(s, "offset=-1096d");
    b.network.set_nitz(s, 0);
    b.network.power_on(0);
    b.run(3 * kSecond);
    ASSERT_TRUE(b.network.last_nitz());
    EXPECT_EQ(format_nitz_utc(b.network.last_nitz()->utc), "2023-03-15T09:00:03Z");
    b.network.power_off(4 * kSecond);
    EXPECT_FALSE(b.network.last_nitz());
}

TEST(NetworkTime, NoNitzWhenOffDeniedOrAlreadyRegistered) {
    NitzBench b;
    b.network.set_registration(Registration::Denied, 0);
    b.network.power_on(0);
    b.run(5 * kSecond);
    EXPECT_FALSE(b.network.last_nitz());  // denied: no service
    b.network.set_registration(Registration::Home, 5 * kSecond);
    ASSERT_TRUE(b.network.last_nitz());
    const std::int64_t first = b.network.last_nitz()->utc;
    b.network.set_registration(Registration::Roaming, 6 * kSecond);  // registered → registered
    EXPECT_EQ(b.network.last_nitz()->utc, first);
    NitzSettings off;
    apply_nitz_knobs(off, "off");
    b.network.set_nitz(off, 7 * kSecond);
    EXPECT_FALSE(b.network.send_nitz(7 * kSecond));
    b.network.drop(8 * kSecond);
    b.network.recover(8 * kSecond);
    b.run(12 * kSecond);
    EXPECT_EQ(b.network.last_nitz()->utc, first);  // registered again, NITZ off
}

TEST(NetworkTime, SendNitzNowUsesTheTimeOfNow) {
    NitzBench b;
    b.network.power_on(0);
    b.run(3 * kSecond);
    b.changes = 0;
    EXPECT_TRUE(b.network.send_nitz(90 * kSecond + kSecond / 2));
    EXPECT_EQ(b.network.last_nitz()->utc, kDefaultNetworkUtc + 90);
    EXPECT_EQ(b.changes, NetworkModel::kNitz);
}

TEST(NetworkTime, TheNetworksUtcIsAProfileParameter) {
    EventLog log;
    CycleScheduler scheduler;
    NetworkProfile profile;
    profile.utc_at_start = 631'152'000;  // 1990-01-01T00:00:00Z
    NetworkModel network{scheduler, log, ClockRate{}, profile};
    EXPECT_EQ(network.utc(10 * kSecond), 631'152'010);
}

}  // namespace
