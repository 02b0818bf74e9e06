// The QEMU half of `q2686emu bench` (bench/qemu_bench.h): how it reports a QEMU that is not
// installed and a run that fails. Its timings are measured, never asserted
// (bench_quick_json_has_every_figure runs the real QEMU).
#include "bench/qemu_bench.h"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "test_images.h"

using namespace q2686;

namespace {
bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}
}  // namespace

TEST(QemuBench, AMissingQemuIsAReasonNotAnError) {
    const QemuBenchReport report = run_qemu_bench({{"sha256", test_image("sha256_long_qemu.elf")}},
                                                  test_image("empty_qemu.elf"), 1, "q2686-no-such-qemu-system-arm");
    ASSERT_TRUE(report.absent.has_value());
    EXPECT_TRUE(contains(*report.absent, "q2686-no-such-qemu-system-arm is not installed")) << *report.absent;
    EXPECT_TRUE(contains(*report.absent, "Debian package qemu-system-arm")) << *report.absent;
    EXPECT_TRUE(report.workloads.empty());
}

TEST(QemuBench, ARunThatFailsNamesTheCommandAndItsExitStatus) {
    // `false` stands in for a QEMU whose workload does not exit 0.
    try {
        run_qemu_bench({}, test_image("empty_qemu.elf"), 1, "false");
        FAIL() << "a failing run must throw";
    } catch (const std::runtime_error& e) {
        EXPECT_TRUE(contains(e.what(), "`false -M versatilepb -cpu arm946 -semihosting -nographic")) << e.what();
        EXPECT_TRUE(contains(e.what(), "exited 1")) << e.what();
    }
}
