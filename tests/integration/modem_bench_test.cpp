// The modem half of `q2686emu bench` (bench/modem_bench.h) on the application firmware, and
// what it says when the modem cannot do what the bench asks. Its wall times are measured,
// never asserted; the virtual times are the modem's own and the same on every host.
#include "bench/modem_bench.h"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "bench/scenario_bench.h"
#include "base/input_error.h"
#include "tls/server/test_pki.h"

using namespace q2686;

namespace {
bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}
}  // namespace

TEST(ModemBench, FullThenResumedHandshakeAndADayOfIdleOnTheTlsFirmware) {
    const ModemBenchReport report = run_modem_bench({Q2686_APP_IMAGE, TestPki::default_cache_dir()});
    EXPECT_EQ(report.full.version, "TLSv1.3");
    EXPECT_GT(report.full.cpu_cycles, report.resumed.cpu_cycles);  // resumption skips the certificates
    EXPECT_GT(report.full.virtual_s, 0.0);
    EXPECT_GT(report.session_virtual_s, report.full.virtual_s);
    EXPECT_DOUBLE_EQ(report.idle_virtual_s, 24 * 3600.0);
    EXPECT_GT(report.peak_rss_mib, 0.0);
}

TEST(ModemBench, FirmwareWithoutTheIpStackFailsNamingTheCommand) {
    // The bare ROM answers AT but has no WIP commands.
    try {
        run_modem_bench({Q2686_ROM_IMAGE, TestPki::default_cache_dir()});
        FAIL() << "the bench must not report figures for a modem that cannot connect";
    } catch (const std::runtime_error& e) {
        EXPECT_TRUE(contains(e.what(), "modem bench: AT+WIPCFG=1 answered")) << e.what();
    }
}

TEST(ScenarioBench, AFolderWithoutScenariosIsAnInputError) {
    EXPECT_THROW(run_scenario_bench({Q2686_TEST_IMAGES, 2, Q2686_CLI, Q2686_APP_IMAGE, TestPki::default_cache_dir()}),
                 InputError);
}
