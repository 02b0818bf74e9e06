// `bench cpu --json` (bench/cpu_bench.h): figures that do not apply to a mode are null, not 0.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bench/cpu_bench.h"

namespace q2686 {
namespace {

CpuBenchReport three_modes() {
    CpuBenchReport report;
    report.workload = "sha256.elf";
    report.repeats = 1;
    report.rows = {{"raw Unicorn (no hooks)", 0.5, 1'000'000, 0},
                   {"cycle accounting (block hook)", 1.0, 1'000'000, 1'500'000},
                   {"per-instruction code hook", 4.0, 1'000'000, 0}};
    return report;
}

TEST(CpuBenchJson, CyclesAndEmulatedMhzAreNullForModesThatDoNotCountCycles) {
    const auto j = nlohmann::json::parse(three_modes().to_json());
    ASSERT_EQ(j["modes"].size(), 3u);
    for (int mode : {0, 2}) {
        EXPECT_TRUE(j["modes"][mode]["cycles"].is_null()) << j.dump(2);
        EXPECT_TRUE(j["modes"][mode]["emulated_mhz"].is_null()) << j.dump(2);
    }
    EXPECT_EQ(j["modes"][1]["cycles"], 1'500'000);
    EXPECT_DOUBLE_EQ(j["modes"][1]["emulated_mhz"].get<double>(), 1.5);
    // What every mode has stays a number.
    EXPECT_DOUBLE_EQ(j["modes"][0]["mips"].get<double>(), 2.0);
    EXPECT_DOUBLE_EQ(j["modes"][2]["ratio_vs_raw"].get<double>(), 8.0);
    EXPECT_DOUBLE_EQ(j["per_instruction_overhead"].get<double>(), 8.0);
}

TEST(CpuBenchJson, RatiosAreNullWhenTheRawTimeIsZero) {
    CpuBenchReport report = three_modes();
    report.rows[0].wall_seconds = 0;  // too short for the clock
    const auto j = nlohmann::json::parse(report.to_json());
    EXPECT_TRUE(j["modes"][1]["ratio_vs_raw"].is_null()) << j.dump(2);
    EXPECT_TRUE(j["cycle_overhead"].is_null()) << j.dump(2);
    EXPECT_TRUE(j["modes"][0]["mips"].is_null()) << j.dump(2);
}

}  // namespace
}  // namespace q2686
