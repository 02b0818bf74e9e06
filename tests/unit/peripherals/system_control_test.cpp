#include "peripherals/system_control.h"

#include <gtest/gtest.h>

#include "peripheral_test_support.h"

using namespace q2686;

namespace {
struct Calls {
    int reset = 0, power_off = 0, idle = 0;
};
SystemControlHooks hooks_for(Calls& calls) {
    return {[&] { ++calls.reset; }, [&] { ++calls.power_off; }, [&] { ++calls.idle; }};
}
}  // namespace

TEST(SystemControl, SystemControlReportsIdentityClockAndResetCause) {
    EventLog log;
    SystemControl sysctl(log, ClockRate{}, {});
    EXPECT_EQ(sysctl.read(SYSCTL_ID, 4, 0), SYSCTL_ID_VALUE);
    EXPECT_EQ(sysctl.read(SYSCTL_CLOCK_HZ, 4, 0), 104'000'000u);
    EXPECT_EQ(sysctl.read(SYSCTL_RESET_CAUSE, 4, 0), SYSCTL_CAUSE_POWER_ON);
    sysctl.set_reset_cause(SYSCTL_CAUSE_WATCHDOG);
    EXPECT_EQ(sysctl.read(SYSCTL_RESET_CAUSE, 4, 0), SYSCTL_CAUSE_WATCHDOG);

    SystemControl slow(log, ClockRate{26'000'000}, {});
    EXPECT_EQ(slow.read(SYSCTL_CLOCK_HZ, 4, 0), 26'000'000u);
}

TEST(SystemControl, SystemControlCyclesLoLatchesHighWord) {
    EventLog log;
    SystemControl sysctl(log, ClockRate{}, {});
    const Cycles at = 0x0000'0002'8000'0010;
    EXPECT_EQ(sysctl.read(SYSCTL_CYCLES_LO, 4, at), 0x8000'0010u);
    // The low word wraps before HI is read: HI is still the latched one.
    EXPECT_EQ(sysctl.read(SYSCTL_CYCLES_HI, 4, 0x0000'0003'0000'0004), 2u);
    EXPECT_EQ(sysctl.read(SYSCTL_CYCLES_LO, 4, 0x0000'0003'0000'0008), 8u);
    EXPECT_EQ(sysctl.read(SYSCTL_CYCLES_HI, 4, 0x0000'0003'0000'0009), 3u);
}

TEST(SystemControl, SystemControlKeyedWritesCallHooks) {
    EventLog log;
    test::EventCapture events(log);
    Calls calls;
    SystemControl sysctl(log, ClockRate{}, hooks_for(calls));
    sysctl.write(SYSCTL_RESET, 4, SYSCTL_KEY_RESET, 1);
    sysctl.write(SYSCTL_POWER_OFF, 4, SYSCTL_KEY_POWER_OFF, 2);
    sysctl.write(SYSCTL_IDLE, 4, 0, 3);
    sysctl.write(SYSCTL_IDLE, 4, 0xDEAD, 4);
    EXPECT_EQ(calls.reset, 1);
    EXPECT_EQ(calls.power_off, 1);
    EXPECT_EQ(calls.idle, 2);
    EXPECT_EQ(events.count(EventKind::GuestError), 0u);
}

TEST(SystemControl, SystemControlWrongKeyIsGuestErrorWithoutAction) {
    EventLog log;
    test::EventCapture events(log);
    Calls calls;
    SystemControl sysctl(log, ClockRate{}, hooks_for(calls));
    sysctl.write(SYSCTL_RESET, 4, SYSCTL_KEY_POWER_OFF, 1);
    sysctl.write(SYSCTL_POWER_OFF, 4, 0, 2);
    sysctl.write(SYSCTL_RESET, 1, 0x21, 3);  // byte write of part of the key
    EXPECT_EQ(calls.reset, 0);
    EXPECT_EQ(calls.power_off, 0);
    EXPECT_EQ(events.count(EventKind::GuestError), 3u);
    EXPECT_EQ(events.texts(EventKind::GuestError)[0], "SYSCTL_RESET with wrong key 0x4f464621 ignored");
}

TEST(SystemControl, SystemControlRegisterMistakesAreGuestErrors) {
    EventLog log;
    test::EventCapture events(log);
    SystemControl sysctl(log, ClockRate{}, {});  // no hooks: keyed writes are harmless
    sysctl.write(SYSCTL_RESET, 4, SYSCTL_KEY_RESET, 0);
    sysctl.write(SYSCTL_ID, 4, 0, 1);
    EXPECT_EQ(sysctl.read(SYSCTL_RESET, 4, 1), 0u);
    EXPECT_EQ(sysctl.read(0x30, 4, 1), 0u);
    EXPECT_EQ(events.count(EventKind::GuestError), 3u);
}

TEST(SystemControl, SystemControlImeiReadsAsAsciiWords) {
    EventLog log;
    SystemControl sysctl(log, ClockRate{}, {});
    EXPECT_EQ(sysctl.imei(), "351234567890123");
    // "3512" little-endian in IMEI0, ..., "123\0" in IMEI3.
    EXPECT_EQ(sysctl.read(SYSCTL_IMEI0, 4, 0), 0x32313533u);
    EXPECT_EQ(sysctl.read(SYSCTL_IMEI0 + 12, 4, 0), 0x00333231u);
    std::string read_back;
    for (unsigned i = 0; i < SYSCTL_IMEI_WORDS; ++i) {
        const std::uint32_t w = sysctl.read(SYSCTL_IMEI0 + 4 * i, 4, 0);
        for (int b = 0; b < 4; ++b)
            if (const char c = static_cast<char>(w >> (8 * b))) read_back.push_back(c);
    }
    EXPECT_EQ(read_back, "351234567890123");

    sysctl.set_imei("490154203237518");
    EXPECT_EQ(sysctl.read(SYSCTL_IMEI0, 4, 0), 0x31303934u);
    EXPECT_THROW(sysctl.set_imei("12345"), std::invalid_argument);
    EXPECT_THROW(sysctl.set_imei("35123456789012A"), std::invalid_argument);
    EXPECT_EQ(sysctl.imei(), "490154203237518");
}
