// NetworkModel: registration, signal, attach and PDP procedures in virtual time.
#include "gsm/network_model.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include "peripheral_test_support.h"

using namespace q2686;

namespace {
constexpr Cycles kMs = 104'000;
constexpr Cycles kSecond = 1000 * kMs;

struct NetworkBench {
    EventLog log;
    test::EventCapture events{log};
    CycleScheduler scheduler;
    NetworkModel network{scheduler, log, ClockRate{}};
    std::uint32_t changes = 0;

    NetworkBench() {
        network.add_listener([this](std::uint32_t c, Cycles) { changes |= c; });
    }
    void run(Cycles until) { test::run_until(scheduler, until); }
    // Powered and registered home (at 3 s).
    void registered() {
        network.power_on(0);
        run(3 * kSecond);
        ASSERT_EQ(network.registration(), Registration::Home);
    }
};

TEST(NetworkModel, RegistersHomeThreeSecondsAfterPowerOnViaSearching) {
    NetworkBench b;
    EXPECT_EQ(b.network.registration(), Registration::NotRegistered);
    b.network.power_on(0);
    EXPECT_EQ(b.network.registration(), Registration::Searching);
    EXPECT_EQ(b.network.rssi(), 99);
    b.run(3 * kSecond - 1);
    EXPECT_EQ(b.network.registration(), Registration::Searching);
    b.changes = 0;
    b.run(3 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::Home);
    EXPECT_EQ(b.network.rssi(), 18);
    EXPECT_EQ(b.network.ber(), 0);
    // Registering also brings the network's time (NITZ, network_time_test.cpp).
    EXPECT_EQ(b.changes, NetworkModel::kRegChanged | NetworkModel::kSignalChanged | NetworkModel::kNitz);
    const auto texts = b.events.texts(EventKind::Network);
    EXPECT_EQ(texts[texts.size() - 2], "registration home");
}

TEST(NetworkModel, AttachTakesOneSecond) {
    NetworkBench b;
    b.registered();
    b.changes = 0;
    ASSERT_TRUE(b.network.request_attach(3 * kSecond));
    EXPECT_TRUE(b.network.busy());
    EXPECT_FALSE(b.network.request_attach(3 * kSecond));  // one procedure at a time
    b.run(4 * kSecond - 1);
    EXPECT_FALSE(b.network.attached());
    b.run(4 * kSecond);
    EXPECT_TRUE(b.network.attached());
    EXPECT_FALSE(b.network.busy());
    EXPECT_EQ(b.network.last_result(), 0);
    EXPECT_EQ(b.changes, NetworkModel::kGprsChanged | NetworkModel::kDone);
}

TEST(NetworkModel, AttachWithoutRegistrationFailsAtOnceWithNoNetworkService) {
    NetworkBench b;
    b.network.power_on(0);
    ASSERT_TRUE(b.network.request_attach(kMs));
    EXPECT_FALSE(b.network.busy());
    EXPECT_EQ(b.network.last_result(), cme::kNoNetworkService);
    EXPECT_TRUE(b.changes & NetworkModel::kDone);
}

TEST(NetworkModel, RefusedAttachEndsWithGprsServicesNotAllowed) {
    NetworkBench b;
    b.registered();
    b.network.set_attach_refused(true, 3 * kSecond);
    b.network.request_attach(3 * kSecond);
    b.run(4 * kSecond);
    EXPECT_FALSE(b.network.attached());
    EXPECT_EQ(b.network.last_result(), cme::kGprsServicesNotAllowed);
}

TEST(NetworkModel, PdpActivationAttachesFirstThenAssignsDeterministicAddress) {
    NetworkBench b;
    b.registered();
    b.network.request_pdp_activate(1, "internet", 3 * kSecond);
    b.run(4 * kSecond);
    EXPECT_TRUE(b.network.attached());
    EXPECT_TRUE(b.network.busy());
    b.run(5 * kSecond + 500 * kMs);
    EXPECT_FALSE(b.network.busy());
    EXPECT_EQ(b.network.last_result(), 0);
    const PdpContext& c = b.network.context(1);
    EXPECT_TRUE(c.active);
    EXPECT_EQ(c.apn, "internet");
    EXPECT_EQ(format_ipv4(c.ip), "10.64.1.2");
}

TEST(NetworkModel, PdpFailureEndsWithTheConfiguredCause) {
    NetworkBench b;
    b.registered();
    b.network.set_pdp_failure(cme::kPdpAuthenticationFailure, 3 * kSecond);
    b.network.request_pdp_activate(2, "internet", 3 * kSecond);
    b.run(10 * kSecond);
    EXPECT_FALSE(b.network.context(2).active);
    EXPECT_EQ(b.network.last_result(), cme::kPdpAuthenticationFailure);
}

TEST(NetworkModel, DropLosesEverythingAndRecoverRegistersAgain) {
    NetworkBench b;
    b.registered();
    b.network.request_pdp_activate(1, "internet", 3 * kSecond);
    b.run(6 * kSecond);
    ASSERT_TRUE(b.network.context(1).active);
    b.changes = 0;
    b.network.drop(6 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::Searching);
    EXPECT_FALSE(b.network.attached());
    EXPECT_FALSE(b.network.context(1).active);
    EXPECT_EQ(b.network.rssi(), 99);
    EXPECT_EQ(b.changes, NetworkModel::kRegChanged | NetworkModel::kSignalChanged | NetworkModel::kGprsChanged |
                             NetworkModel::kPdpChanged);
    b.run(60 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::Searching);  // no coverage: searches on
    b.network.recover(60 * kSecond);
    b.run(63 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::Home);
    EXPECT_FALSE(b.network.attached());  // the application attaches again
}

TEST(NetworkModel, DropDuringAProcedureEndsItWithNoNetworkService) {
    NetworkBench b;
    b.registered();
    b.network.request_attach(3 * kSecond);
    b.network.drop(3 * kSecond + 500 * kMs);
    EXPECT_FALSE(b.network.busy());
    EXPECT_EQ(b.network.last_result(), cme::kNoNetworkService);
    b.run(10 * kSecond);
    EXPECT_FALSE(b.network.attached());
}

TEST(NetworkModel, RoamingAndDeniedApplyAtOnceAndPersistAcrossPowerCycles) {
    NetworkBench b;
    b.registered();
    b.network.set_registration(Registration::Roaming, 3 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::Roaming);
    b.network.power_off(4 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::NotRegistered);
    b.network.power_on(5 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::Searching);
    b.run(8 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::Roaming);
    b.network.set_registration(Registration::Denied, 8 * kSecond);
    EXPECT_EQ(b.network.registration(), Registration::Denied);
    EXPECT_FALSE(b.network.registered());
}

TEST(NetworkModel, ControlsRejectBadValues) {
    NetworkBench b;
    EXPECT_THROW(b.network.set_csq(32, 0), std::invalid_argument);
    EXPECT_THROW(b.network.set_csq(-1, 0), std::invalid_argument);
    EXPECT_NO_THROW(b.network.set_csq(99, 0));
    EXPECT_THROW(b.network.set_registration(Registration::NotRegistered, 0), std::invalid_argument);
}

TEST(NetworkModel, CsqChangeNotifiesWhileRegistered) {
    NetworkBench b;
    b.registered();
    b.changes = 0;
    b.network.set_csq(25, 3 * kSecond);
    EXPECT_EQ(b.network.rssi(), 25);
    EXPECT_EQ(b.changes, NetworkModel::kSignalChanged);
}

}  // namespace
