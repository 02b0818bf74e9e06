// parse_ppm_as_ppb (emulator/base/ppm.h): what --rtc-ppm and the scenario's rtc_ppm accept.
#include "base/ppm.h"

#include <gtest/gtest.h>

namespace q2686 {
namespace {

TEST(Ppm, WholeSignedAndDecimalValuesAreExactPartsPerBillion) {
    EXPECT_EQ(parse_ppm_as_ppb("20"), 20'000);
    EXPECT_EQ(parse_ppm_as_ppb("+20"), 20'000);
    EXPECT_EQ(parse_ppm_as_ppb("-3.5"), -3'500);
    EXPECT_EQ(parse_ppm_as_ppb("0.125"), 125);
    EXPECT_EQ(parse_ppm_as_ppb("0.001"), 1);
    EXPECT_EQ(parse_ppm_as_ppb("12ppm"), 12'000);
    EXPECT_EQ(parse_ppm_as_ppb("0"), 0);
    EXPECT_EQ(parse_ppm_as_ppb("-0"), 0);
}

TEST(Ppm, AnythingElseIsRefused) {
    for (const char* bad : {"", "+", "-", ".5", "1.", "1.2345", "1e3", "abc", "20 ppm", "2,5", "--1", "1000001",
                            "0x10", "ppm"})
        EXPECT_EQ(parse_ppm_as_ppb(bad), std::nullopt) << bad;
}

}  // namespace
}  // namespace q2686
