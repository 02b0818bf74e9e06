// The AT port fuzzer's pieces (emulator/fuzz/at_fuzzer.h): the journal's escaping, which lines
// must get a final result code, the generator's determinism — and `q2686emu fuzz-at` end to
// end: a clean run, a finding with its reproducing file, and its replay.
#include "fuzz/at_fuzzer.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "cli_runner.h"

namespace q2686 {
namespace {

namespace fs = std::filesystem;

TEST(AtFuzzJournal, EscapingRoundTripsEveryByte) {
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    const std::string escaped = escape_at_line(all);
    for (const char c : escaped) EXPECT_TRUE(c >= 0x20 && c < 0x7F) << "printable only";
    EXPECT_EQ(unescape_at_line(escaped), all);
    EXPECT_EQ(escape_at_line("AT\\x\r"), "AT\\\\x\\x0d");
    EXPECT_FALSE(unescape_at_line("AT\\"));
    EXPECT_FALSE(unescape_at_line("AT\\x4"));
    EXPECT_FALSE(unescape_at_line("AT\\q41"));
}

// The ROM's input rules (rom-stubs/src/at_engine.c; tests/integration/at_line_editing_test.cpp).
TEST(AtFuzzExpectation, FinalResultsOwedFollowTheRomsInputStateMachine) {
    EXPECT_EQ(final_results_owed("AT"), 1u);
    EXPECT_EQ(final_results_owed("at+cgmi"), 1u);
    EXPECT_EQ(final_results_owed("aT\x01\xff"), 1u);
    EXPECT_EQ(final_results_owed("xyz 12!AT+CGMI"), 1u) << "bytes before AT are skipped";
    EXPECT_EQ(final_results_owed("I+CGATT=0"), 1u) << "the AT inside CGATT starts a command line";
    EXPECT_EQ(final_results_owed("AAT"), 1u);
    EXPECT_EQ(final_results_owed("AT\bT"), 1u) << "the T deleted and typed again";
    EXPECT_EQ(final_results_owed("AT\b\b"), 0u) << "the T deleted, then a byte that is no T";
    EXPECT_EQ(final_results_owed("AX\bT"), 0u) << "editing works inside a line only";
    EXPECT_EQ(final_results_owed("A/"), 1u) << "the previous line again";
    EXPECT_EQ(final_results_owed("A/a/AT+CSQ"), 3u);
    EXPECT_EQ(final_results_owed("AT+CGMI;A/"), 1u) << "A/ inside a command line is text";
    EXPECT_EQ(final_results_owed("A"), 0u);
    EXPECT_EQ(final_results_owed("hello"), 0u);
    EXPECT_EQ(final_results_owed(""), 0u);
}

TEST(AtLineGenerator, SameSeedSameLinesAndNeverALineEnd) {
    AtLineGenerator a(42), b(42), c(43);
    std::set<std::string> distinct;
    bool differs = false;
    for (int i = 0; i < 2000; ++i) {
        const std::string line = a.next();
        EXPECT_EQ(line, b.next());
        differs |= line != c.next();
        EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << escape_at_line(line);
        distinct.insert(line);
    }
    EXPECT_TRUE(differs) << "another seed, other lines";
    EXPECT_GT(distinct.size(), 1000u) << "mostly new lines, not the dictionary over and over";
}

class FuzzAtCli : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "q2686-fuzz-at-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir = pattern;
    }
    void TearDown() override { fs::remove_all(dir); }
    static std::string text_of(const fs::path& file) {
        std::ifstream in(file);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    fs::path dir;
};

TEST_F(FuzzAtCli, CleanRunReportsItsFiguresAndLeavesNoFile) {
    const fs::path out = dir / "journal.txt";
    const CliResult r = run_cli("fuzz-at --seconds 120 --seed 1 --out " + out.string());
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("fuzz-at: seed 1: "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("; 0 findings"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(out)) << "the journal goes when nothing was found";
    EXPECT_EQ(run_cli("fuzz-at --seconds 120 --seed 1 --out " + out.string()).output, r.output) << "deterministic";
}

TEST_F(FuzzAtCli, UnansweredLineIsAFindingWithItsReproducingInputAndReplays) {
    // AT+CGATT=1 answers after 1 s of virtual time: a 1 ms bound makes it a finding.
    const fs::path lines = dir / "lines.txt";
    std::ofstream(lines) << "# two lines\n> ATE0\n> AT+CGATT=1\n";
    const fs::path out = dir / "again.txt";
    const CliResult r = run_cli("fuzz-at --answer-within 1ms --replay " + lines.string() + " --out " + out.string());
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("no final result code after line 2: AT+CGATT=1"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("0 of 1 final result codes within 0.001 s"), std::string::npos) << r.output;
    const std::string journal = text_of(out);
    EXPECT_NE(journal.find("> ATE0\n> AT+CGATT=1\n# finding: no final result code\n"), std::string::npos) << journal;
    // The file it wrote is a replay input itself, and gives the same finding.
    const CliResult again =
        run_cli("fuzz-at --answer-within 1ms --replay " + out.string() + " --out " + (dir / "third.txt").string());
    EXPECT_EQ(again.exit_code, 1) << again.output;
    EXPECT_NE(again.output.find("no final result code after line 2"), std::string::npos) << again.output;
}

TEST_F(FuzzAtCli, BadReplayFileIsAnInputErrorWithItsLine) {
    const fs::path lines = dir / "bad.txt";
    std::ofstream(lines) << "> AT\nAT+CGMI\n";
    const CliResult r = run_cli("fuzz-at --replay " + lines.string() + " --out " + (dir / "o.txt").string());
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("bad.txt:2: expected '> LINE'"), std::string::npos) << r.output;
}

TEST(AtFuzzer, LinesThatChangeTheAnswerFormatAreRecognised) {
    for (const char* line :
         {"ATV0", "ATE0V0", "atq1", "ATS3=0", "ATS3?", "AT+CGMI;V", "ATE0 Q1", "ATX\bV0", "xxATI;S0=1", "AT&C1&D2S0=0"})
        EXPECT_TRUE(changes_the_answer_format(line)) << line;
    for (const char* line : {"AT", "ATE0", "AT+CSQ", "AT+CGSN;+CMEE=2", "AT&V", "AT+WIND=\"V;Q\"", "ATD*99#;V0",
                             "AT\x01V0", "ATE0&C1&D2", "AT+CGMM;E1"})
        EXPECT_FALSE(changes_the_answer_format(line)) << line;
}

TEST(AtFuzzer, TheGeneratorNeverProducesALineThatChangesTheAnswerFormat) {
    AtLineGenerator generator(7);
    for (int i = 0; i < 20000; ++i) {
        const std::string line = generator.next();
        ASSERT_FALSE(changes_the_answer_format(line)) << escape_at_line(line);
    }
}

}  // namespace
}  // namespace q2686
