// The SIM card in NetworkModel: the radio registers only once the modem has unlocked it; a
// removal deregisters at once; the knob's text form (--sim, scenario modem: {sim: ...}).
#include <stdexcept>

#include <gtest/gtest.h>

#include "gsm/network_model.h"
#include "peripheral_test_support.h"

using namespace q2686;

namespace {
constexpr Cycles kSecond = 104'000'000;

struct SimBench {
    EventLog log;
    CycleScheduler scheduler;
    NetworkModel network{scheduler, log, ClockRate{}};
    std::uint32_t changes = 0;

    SimBench() {
        network.add_listener([this](std::uint32_t c, Cycles) { changes |= c; });
    }
    void run(Cycles until) { test::run_until(scheduler, until); }
};

TEST(SimCard, LockedSimKeepsTheRadioUnregisteredUntilUnlocked) {
    SimBench b;
    b.network.lock_sim();
    b.network.power_on(0);
    b.run(10 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::NotRegistered);
    b.network.unlock_sim(10 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::Searching);
    b.run(13 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::Home);
}

TEST(SimCard, RemovalDeregistersAtOnceAndLocks) {
    SimBench b;
    b.network.power_on(0);
    b.run(4 * kSecond);
    ASSERT_TRUE(b.network.registered());
    b.changes = 0;
    b.network.set_sim(SimCard{false, ""}, 4 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::NotRegistered);
    EXPECT_FALSE(b.network.sim_unlocked());
    EXPECT_TRUE(b.changes & NetworkModel::kSimChanged);
    EXPECT_TRUE(b.changes & NetworkModel::kRegChanged);
    b.network.unlock_sim(5 * kSecond);  // no SIM: nothing to unlock
    b.run(10 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::NotRegistered);
    b.changes = 0;
    b.network.set_sim(SimCard{}, 10 * kSecond);
    EXPECT_EQ(b.changes, NetworkModel::kSimChanged);  // inserted: the modem unlocks it again
}

TEST(SimCard, CoverageAndRegistrationControlsWaitForTheUnlock) {
    SimBench b;
    b.network.lock_sim();
    b.network.power_on(0);
    b.network.drop(kSecond);
    b.network.recover(2 * kSecond);
    b.network.set_registration(Registration::Roaming, 3 * kSecond);
    b.run(10 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::NotRegistered);
    b.network.unlock_sim(10 * kSecond);
    b.run(14 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::Roaming);
}

TEST(SimCard, ParsesReadyAbsentAndPin) {
    EXPECT_TRUE(parse_sim_card("ready")->present);
    EXPECT_TRUE(parse_sim_card("ready")->pin.empty());
    EXPECT_FALSE(parse_sim_card("absent")->present);
    EXPECT_EQ(parse_sim_card("pin=0000")->pin, "0000");
    EXPECT_EQ(parse_sim_card("pin=12345678")->pin, "12345678");
    for (const char* bad : {"", "Ready", "pin=", "pin=123", "pin=123456789", "pin=12a4", "pin 1234", "absent=1"})
        EXPECT_FALSE(parse_sim_card(bad)) << bad;
    SimBench b;
    EXPECT_THROW(b.network.set_sim(SimCard{true, "12"}, 0), std::invalid_argument);
}

}  // namespace
