// --flash-object and --entropy-seed as a user meets them on `q2686emu at` and `q2686emu run`.
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "cli_runner.h"

namespace {

const std::string kFirmware = std::string(" --firmware ") + Q2686_FLASH_OBJECTS_IMAGE;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string write_temp(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace

TEST(FlashObjectsCli, PreloadedFileIsReadByTheFirmware) {
    const std::string path = write_temp("ca.pem", "-----BEGIN CERTIFICATE-----\n");
    const std::string key = write_temp("key.pem", "k");
    const CliResult r = run_cli("at" + kFirmware + " --flash-object TLS:0=" + path + " --flash-object TLS:2=" + key +
                                " 'AT+FLHSUB=\"TLS\",3' 'AT+FLHEXIST=\"TLS\",0' 'AT+FLHREAD=\"TLS\",0'"
                                " 'AT+FLHEXIST=\"TLS\",2'");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "< +FLHEXIST: 28")) << r.output;
    EXPECT_TRUE(contains(r.output, "< +FLHEXIST: 1")) << r.output;
    // "-----BEGIN CERTIFICATE-----\n": the first 32 bytes in hex.
    EXPECT_TRUE(contains(r.output, "< +FLHDATA: 2D2D2D2D2D424547494E2043455254494649434154452D2D2D2D2D0A")) << r.output;
}

TEST(FlashObjectsCli, MissingFileIsAnInputErrorNamingIt) {
    for (const char* command : {"at 'AT'", "run --duration 1s"}) {
        const CliResult r = run_cli(std::string(command) + " --flash-object TLS:0=/nonexistent/ca.pem");
        EXPECT_EQ(r.exit_code, 2) << command << ": " << r.output;
        EXPECT_TRUE(contains(r.output, "/nonexistent/ca.pem")) << r.output;
    }
}

TEST(FlashObjectsCli, FolderOrDeviceIsAnInputErrorBeforeAnythingRuns) {
    // Once an internal error (exit 3) from reading a folder as a stream.
    for (const char* command : {"at 'AT'", "run --duration 1s", "fuzz-at --seconds 1"}) {
        for (const std::string& path : {::testing::TempDir(), std::string("/dev/null")}) {
            const CliResult r = run_cli(std::string(command) + " --flash-object TLS:0=" + path);
            EXPECT_EQ(r.exit_code, 2) << command << " " << path << ": " << r.output;
            EXPECT_TRUE(contains(r.output, "q2686emu: error: --flash-object TLS:0")) << r.output;
            EXPECT_TRUE(contains(r.output, path)) << r.output;
            EXPECT_FALSE(contains(r.output, "internal error")) << r.output;
            EXPECT_FALSE(contains(r.output, "power on")) << "it ran: " << r.output;
        }
    }
}

TEST(FlashObjectsCli, EmptyFileIsAnInputErrorBeforeAnythingRuns) {
    const std::string empty = write_temp("empty.pem", "");
    const CliResult r = run_cli("at 'AT' --flash-object TLS:0=" + empty);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(contains(r.output, "has 0 bytes; a flash object holds 1..")) << r.output;
    EXPECT_FALSE(contains(r.output, "power on")) << "it ran: " << r.output;
}

TEST(FlashObjectsCli, MalformedOptionIsAnInputError) {
    for (const char* option : {"TLS=ca.pem", "TLS:x=ca.pem", "TLS:65535=ca.pem", ":0=ca.pem", "TLS:0="}) {
        const CliResult r = run_cli(std::string("at 'AT' --flash-object ") + option);
        EXPECT_EQ(r.exit_code, 2) << option << ": " << r.output;
        EXPECT_TRUE(contains(r.output, "--flash-object")) << r.output;
    }
}

TEST(FlashObjectsCli, EntropySeedChangesTheTrngWordsReproducibly) {
    const CliResult a = run_cli("at" + kFirmware + " --entropy-seed 7 'AT+TRNG=2'");
    const CliResult b = run_cli("at" + kFirmware + " --entropy-seed 7 'AT+TRNG=2'");
    const CliResult c = run_cli("at" + kFirmware + " --entropy-seed 8 'AT+TRNG=2'");
    ASSERT_EQ(a.exit_code, 0) << a.output;
    EXPECT_TRUE(contains(a.output, "< +TRNG: ")) << a.output;
    EXPECT_EQ(a.output, b.output);
    EXPECT_NE(a.output, c.output);
}
