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

// ---- numbers -----------------------------------------------------------------------------

// Every numeric option of every subcommand: a sign is refused before anything runs (CLI11 alone
// reads "-5" into an unsigned option as 2^64-5: `run --max-cycles -5` ran without a limit).
TEST(Cli, NegativeNumbersAreRefusedByEveryNumericOption) {
    const std::string elf = " --elf " + test_image("sha256_quick.elf");
    const struct {
        std::string command;
        const char* option;
    } cases[] = {
        {"run --max-cycles -5" + elf, "--max-cycles"},
        {"run --clock-hz -104000000" + elf, "--clock-hz"},
        {"run --entropy-seed -1 --duration 1s", "--entropy-seed"},
        {"run --link-seed -1 --duration 1s", "--link-seed"},
        {"at AT --entropy-seed -1", "--entropy-seed"},
        {"at AT --link-seed -1", "--link-seed"},
        {"scenario no-such.yaml --jobs -2", "--jobs"},
        {"bench --jobs -1", "--jobs"},
        {"bench all --jobs -1", "--jobs"},
        {"bench cpu --repeat -1", "--repeat"},
        {"bench tls-soak --handshakes -1", "--handshakes"},
        {"bench tls-soak --warm-up -1", "--warm-up"},
        {"fuzz-at --seed -1", "--seed"},
        {"fuzz-at --seconds -1", "--seconds"},
        // q2686emu-gui through `q2686emu gui` (--screenshot: were the size taken, it would not wait for a window).
        {"gui --width -5 --screenshot " + ::testing::TempDir() + "no-such-folder/x.png --after 0s", "--width"},
        {"gui --height -1 --screenshot " + ::testing::TempDir() + "no-such-folder/x.png --after 0s", "--height"},
    };
    for (const auto& c : cases) {
        const CliResult r = run_cli(c.command);
        EXPECT_EQ(r.exit_code, 2) << c.command << "\n" << r.output;
        EXPECT_NE(r.output.find(c.option), std::string::npos) << c.command << "\n" << r.output;
        EXPECT_EQ(r.output.find("cycles "), std::string::npos) << c.command << ": it ran\n" << r.output;
    }
}

TEST(Cli, WholeNumberOptionsAreDecimalWithLeadingZeros) {
    // "0100000" is 100000, not octal 32768 as strtoull with base 0 would have it.
    const CliResult r = run_cli("run --speed max --max-cycles 0100000 --elf " + test_image("sha256_bench.elf"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("cycle limit (--max-cycles 100000)"), std::string::npos) << r.output;
}

TEST(Cli, NumbersWithAPlusSignOrSpacesOrHexAreRefused) {
    for (const char* value : {"+5", "' 5'", "0x10", "5k", "''"}) {
        const CliResult r =
            run_cli(std::string("run --max-cycles ") + value + " --elf " + test_image("sha256_quick.elf"));
        EXPECT_EQ(r.exit_code, 2) << value << "\n" << r.output;
        EXPECT_NE(r.output.find("not a whole number"), std::string::npos) << value << "\n" << r.output;
    }
}

// ---- usage errors --------------------------------------------------------------------------

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

TEST(Cli, EveryUsageErrorPrintsOneHintAtTheSubcommandsHelp) {
    const struct {
        const char* command;
        const char* hint;
    } cases[] = {
        {"--frobnicate", "Run 'q2686emu --help' for usage."},
        {"", "Run 'q2686emu --help' for usage."},
        {"run --frobnicate", "Run 'q2686emu run --help' for usage."},
        {"run --max-cycles", "Run 'q2686emu run --help' for usage."},
        {"at", "Run 'q2686emu at --help' for usage."},
        {"at AT --timeout", "Run 'q2686emu at --help' for usage."},
        {"scenario", "Run 'q2686emu scenario --help' for usage."},
        {"scenario x.yaml --jobs 0", "Run 'q2686emu scenario --help' for usage."},
        {"bench cpu --repeat many", "Run 'q2686emu bench cpu --help' for usage."},
        {"bench tls-soak --frobnicate", "Run 'q2686emu bench tls-soak --help' for usage."},
        {"fuzz-at --seed x", "Run 'q2686emu fuzz-at --help' for usage."},
        {"demo extra", "Run 'q2686emu demo --help' for usage."},
    };
    for (const auto& c : cases) {
        const CliResult r = run_cli(c.command);
        EXPECT_EQ(r.exit_code, 2) << c.command << "\n" << r.output;
        EXPECT_NE(r.output.find(c.hint), std::string::npos) << c.command << "\n" << r.output;
        EXPECT_EQ(count(r.output, "--help"), 1u) << c.command << "\n" << r.output;
        EXPECT_EQ(count(r.output, "q2686emu: error: "), 1u) << c.command << "\n" << r.output;
    }
}

TEST(Cli, MissingArgumentsAreNamedInTheUsersWords) {
    const CliResult at = run_cli("at");
    EXPECT_EQ(at.exit_code, 2) << at.output;
    EXPECT_NE(at.output.find("q2686emu: error: no AT command to send"), std::string::npos) << at.output;
    const CliResult scenario = run_cli("scenario");
    EXPECT_EQ(scenario.exit_code, 2) << scenario.output;
    EXPECT_NE(scenario.output.find("q2686emu: error: no scenario to run"), std::string::npos) << scenario.output;
    for (const CliResult* r : {&at, &scenario}) {
        // CLI11's words for the internal names: "steps is required", "files is required".
        EXPECT_EQ(r->output.find("is required"), std::string::npos) << r->output;
    }
}

TEST(Cli, HelpListsEveryExitCode) {
    const CliResult r = run_cli("--help");
    for (const char* code : {"0 success", "1 the emulated program failed", "2 bad input", "3 internal error"})
        EXPECT_NE(r.output.find(code), std::string::npos) << code << "\n" << r.output;
}

TEST(Cli, BenchCpuWithAFaultingWorkloadExitsOneNotInternalError) {
    const CliResult r = run_cli("bench cpu --repeat 1 --elf " + test_image("fault_unmapped.elf"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("q2686emu: bench cpu: "), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("internal error"), std::string::npos) << r.output;
}
