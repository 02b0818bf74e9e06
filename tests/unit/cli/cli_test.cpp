// The q2686emu command line as a user meets it: help, version, run, exit codes, messages.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli_runner.h"

#include "test_images.h"

namespace {


std::string write_temp(const std::string& name, const std::vector<char>& bytes) {
    const std::string path = ::testing::TempDir() + name;
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path;
}

std::vector<char> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST(Cli, HelpListsTheSubcommandsAndExitCodes) {
    const CliResult r = run_cli("--help");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.output.find("run"), std::string::npos);
    EXPECT_NE(r.output.find("bench"), std::string::npos);
    EXPECT_NE(r.output.find("Exit codes"), std::string::npos);
}

TEST(Cli, RunHelpExplainsSpeedAndCycleLimit) {
    const CliResult r = run_cli("run --help");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.output.find("--max-cycles"), std::string::npos);
    EXPECT_NE(r.output.find("--speed"), std::string::npos);
}

TEST(Cli, VersionNamesUnicornAndTheCpu) {
    const CliResult r = run_cli("--version");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.output.find("q2686emu 0."), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Unicorn 2."), std::string::npos) << r.output;
}

TEST(Cli, RunPrintsCyclesAndVirtualTime) {
    const CliResult r = run_cli("run --speed max --elf " + test_image("sha256_quick.elf"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("sha256: "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("exited with status 0"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("cycles "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("virtual time"), std::string::npos) << r.output;
}

TEST(Cli, MaxCyclesStopsTheRun) {
    const CliResult r = run_cli("run --speed max --max-cycles 100000 --elf " + test_image("sha256_bench.elf"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("cycle limit"), std::string::npos) << r.output;
}

TEST(Cli, RealTimeSpeedPacesTheRun) {
    // Pacing changes only how long the host waits, never what happens: a run paced to real
    // time reports the same cycles as an unpaced one. (Wall time is never asserted.)
    const CliResult paced = run_cli("run --speed 1 --max-cycles 104000 --elf " + test_image("sha256_bench.elf"));
    const CliResult fast = run_cli("run --speed max --max-cycles 104000 --elf " + test_image("sha256_bench.elf"));
    EXPECT_EQ(paced.exit_code, 0);
    const auto cycles_line = [](const std::string& out) { return out.substr(out.find("cycles "), 40); };
    EXPECT_EQ(cycles_line(paced.output), cycles_line(fast.output));
}

TEST(Cli, MissingElfExitsWithCode2) {
    const CliResult r = run_cli("run --elf /nonexistent/app.elf");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.output.find("/nonexistent/app.elf: cannot open"), std::string::npos) << r.output;
}

TEST(Cli, TruncatedElfExitsWithCode2) {
    auto bytes = read_bytes(test_image("sha256_bench.elf"));
    bytes.resize(bytes.size() / 4);
    const CliResult r = run_cli("run --elf " + write_temp("truncated.elf", bytes));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("truncated ELF"), std::string::npos) << r.output;
}

TEST(Cli, NonArmElfExitsWithCode2) {
    const CliResult r = run_cli(std::string("run --elf ") + Q2686_CLI);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("not an ARM ELF"), std::string::npos) << r.output;
}

TEST(Cli, BadSpeedExitsWithCode2) {
    const CliResult r = run_cli("run --speed fast --elf " + test_image("sha256_bench.elf"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("--speed fast"), std::string::npos) << r.output;
}

TEST(Cli, UnknownOptionExitsWithCode2) {
    const CliResult r = run_cli("run --frobnicate");
    EXPECT_EQ(r.exit_code, 2) << r.output;
}

TEST(Cli, FirmwareFaultExitsWithCode1AndAReport) {
    const CliResult r = run_cli("run --speed max --elf " + test_image("fault_unmapped.elf"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("firmware fault"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("read_register"), std::string::npos) << r.output;
}
