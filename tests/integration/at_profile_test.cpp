// The user profile through the real ROM (rom-stubs/src/at_profile.c on the flash-object log):
// AT&W saves it in flash, it survives power cycles with and without the backup battery, ATZ
// restores it, AT&F restores the factory values, AT&V shows the active one, and a power cut at
// any moment of AT&W leaves the old profile or the new one, never a mixture.
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "modem_fixture.h"

namespace q2686::integration {
namespace {

using Bytes = std::vector<std::uint8_t>;

const Lines kFactoryProfile = {
    "Q:0 V:1 S0:000 S2:043 S3:013 S4:010 S5:008",
    "+CMEE:0 +WIND:12 +CTZU:0",
    "E:1 X:0 &C:1 &D:2",
    "+IPR:115200 +ICF:3,4 +IFC:2,2",
    "S6:002 S7:050 S8:002 S10:014",
};

// The settings a user saves: every field differs from its factory value (echo stays on so
// that the session sees its commands as usual; the +WIND mask keeps bits 2 and 3, so that
// "+WIND: 3" and "+WIND: 4" still say the modem has started).
constexpr const char* kUserSettings = "ATX2&C0&D1S0=3S7=90;+CMEE=1;+WIND=204;+ICF=2,1;+IFC=0,0";
const Lines kUserProfile = {
    "Q:0 V:1 S0:003 S2:043 S3:013 S4:010 S5:008",
    "+CMEE:1 +WIND:204 +CTZU:0",
    "E:1 X:2 &C:0 &D:1",
    "+IPR:115200 +ICF:2,1 +IFC:0,0",
    "S6:002 S7:090 S8:002 S10:014",
};

struct ProfileRig : ModemUnderTest {
    void start() {
        ASSERT_TRUE(boot()) << "no +WIND: 3";
        ASSERT_TRUE(at.wait_for("+WIND: 4", seconds(3)));
    }
    void power_cycle(bool battery) {
        modem.power_off();
        at.wait(seconds(1));
        modem.set_battery(battery);
        start();
    }
    AtReply profile() { return cmd("AT&V"); }
    std::optional<Bytes> stored() { return modem.flash_objects().load("AT_PROFILE", 0); }
};

TEST(AtProfile, AtAmpersandVShowsTheFactoryProfileOfANewModem) {
    ProfileRig rig;
    rig.start();
    EXPECT_TRUE(Replied(rig.profile(), kFactoryProfile, "OK"));
    EXPECT_FALSE(rig.stored()) << "nothing is written before AT&W";
}

TEST(AtProfile, AtAmpersandWKeepsTheProfileAcrossPowerCyclesWithAndWithoutBattery) {
    ProfileRig rig;
    rig.start();
    ASSERT_TRUE(rig.cmd(kUserSettings).ok());
    EXPECT_TRUE(Replied(rig.profile(), kUserProfile, "OK"));
    EXPECT_TRUE(Replied(rig.cmd("AT&W"), {}, "OK"));
    ASSERT_TRUE(rig.stored()) << "one flash object, AT_PROFILE:0";

    rig.power_cycle(true);
    EXPECT_TRUE(Replied(rig.profile(), kUserProfile, "OK")) << "after a power cycle with the battery";
    rig.power_cycle(false);
    EXPECT_TRUE(Replied(rig.profile(), kUserProfile, "OK")) << "flash needs no battery";
}

TEST(AtProfile, TheSavedProfileIsActiveFromStartUpEchoAndResultCodesIncluded) {
    ProfileRig rig;
    rig.start();
    ASSERT_TRUE(rig.cmd("ATE0").ok());
    EXPECT_TRUE(Replied(rig.cmd("AT&W"), {}, "OK"));
    rig.power_cycle(true);
    const std::size_t mark = rig.at.transcript().size();
    EXPECT_TRUE(Replied(rig.cmd("AT+CGMM"), {"Q2686RD"}, "OK"));
    for (std::size_t i = mark; i < rig.at.transcript().size(); ++i)
        EXPECT_NE(rig.at.transcript()[i].kind, TranscriptEntry::Kind::Echo) << "echo is off from start-up";
}

TEST(AtProfile, AtAmpersandFRestoresTheFactoryValuesAndAtzTheSavedOnes) {
    ProfileRig rig;
    rig.start();
    ASSERT_TRUE(rig.cmd(kUserSettings).ok());
    ASSERT_TRUE(rig.cmd("AT&W").ok());
    // AT&F: factory values for everything but the serial port's settings (+IPR, +ICF, +IFC).
    EXPECT_TRUE(Replied(rig.cmd("AT&F"), {}, "OK"));
    Lines expected = kFactoryProfile;
    expected[3] = "+IPR:115200 +ICF:2,1 +IFC:0,0";
    EXPECT_TRUE(Replied(rig.profile(), expected, "OK"));
    // ATZ: the saved profile again.
    EXPECT_TRUE(Replied(rig.cmd("ATZ"), {}, "OK"));
    EXPECT_TRUE(Replied(rig.profile(), kUserProfile, "OK"));
    // AT&F then AT&W: the factory values are saved, and a restart shows them.
    ASSERT_TRUE(rig.cmd("AT&F;+ICF=3,4;+IFC=2,2").ok());
    ASSERT_TRUE(rig.cmd("AT&W").ok());
    rig.power_cycle(true);
    EXPECT_TRUE(Replied(rig.profile(), kFactoryProfile, "OK"));
}

TEST(AtProfile, AtzWithoutASavedProfileRestoresTheFactoryValues) {
    ProfileRig rig;
    rig.start();
    ASSERT_TRUE(rig.cmd("ATX1&D0S0=9;+CMEE=2;+WIND=64").ok());
    EXPECT_TRUE(Replied(rig.cmd("ATZ0"), {}, "OK"));
    EXPECT_TRUE(Replied(rig.profile(), kFactoryProfile, "OK"));
}

TEST(AtProfile, ASavedRateIsTheUartsRateFromPowerOn) {
    ProfileRig rig;
    rig.start();
    ASSERT_TRUE(rig.cmd("AT+IPR=9600").ok());
    ASSERT_TRUE(rig.cmd("AT&W").ok());
    rig.modem.power_off();
    rig.modem.power_on();
    EXPECT_EQ(rig.modem.at_uart().baud(), 115200u) << "the UART's reset rate until the ROM applies the profile";
    ASSERT_TRUE(rig.at.wait_for("+WIND: 3", seconds(10)));
    EXPECT_EQ(rig.modem.at_uart().baud(), 9600u);
    EXPECT_TRUE(Replied(rig.cmd("AT+IPR?"), {"+IPR: 9600"}, "OK"));
}

// Cuts the power `after` "AT&W" was sent with +CMEE=2 active over a saved +CMEE=1 profile, at
// every 40 µs from before the command's first character to well after its OK: each cut leaves
// the stored object byte for byte the old profile or the new one, the ROM starts with that one,
// and once a cut leaves the new one every later cut does too.
TEST(AtProfile, APowerCutDuringAtAmpersandWLeavesTheOldProfileOrTheNew) {
    Bytes old_profile, new_profile;
    {
        ProfileRig rig;
        rig.start();
        ASSERT_TRUE(rig.cmd("AT+CMEE=1;&W").ok());
        old_profile = rig.stored().value_or(Bytes{});
        ASSERT_TRUE(rig.cmd("AT+CMEE=2;&W").ok());
        new_profile = rig.stored().value_or(Bytes{});
        ASSERT_FALSE(old_profile.empty());
        ASSERT_NE(old_profile, new_profile);
    }
    bool saw_old = false, saw_new = false;
    for (unsigned cut_us = 0; cut_us <= 3000; cut_us += 40) {
        SCOPED_TRACE(fmt::format("power cut {} µs after AT&W was sent", cut_us));
        ProfileRig rig;
        rig.start();
        ASSERT_TRUE(rig.cmd("AT+CMEE=1;&W").ok());
        ASSERT_TRUE(rig.cmd("AT+CMEE=2").ok());
        rig.at.send_raw("AT&W\r");
        rig.at.wait(seconds(cut_us / 1e6));
        rig.modem.power_off();
        const auto found = rig.stored();
        ASSERT_TRUE(found);
        const bool is_new = *found == new_profile;
        EXPECT_TRUE(is_new || *found == old_profile) << "a mixture of the two profiles";
        EXPECT_FALSE(saw_new && !is_new) << "a later cut went back to the old profile";
        saw_old |= !is_new;
        saw_new |= is_new;
        rig.power_cycle(true);
        EXPECT_TRUE(Replied(rig.cmd("AT+CMEE?"), {is_new ? "+CMEE: 2" : "+CMEE: 1"}, "OK"))
            << "the ROM starts with the profile the flash holds";
    }
    EXPECT_TRUE(saw_old && saw_new) << "the cuts did not span the write";
}

}  // namespace
}  // namespace q2686::integration
