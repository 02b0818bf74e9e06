// `q2686emu demo` (emulator/cli/demo_command.cpp): the forum thread's story, as a user runs it.
#include <gtest/gtest.h>

#include <string>

#include "cli_runner.h"

namespace {

TEST(DemoCli, TellsTheBadCertificateStoryAndExitsZero) {
    const CliResult r = run_cli("demo");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    for (const char* expected : {
             "+CCLK: \"98/01/01,00:00:00+00\"",
             "+TLSERR: 1,\"Bad certificate\",-150,\"not-yet-valid\"",
             "The real Security plug-in stops here: WIP_CEV_ERROR, errnum 1, \"Bad certificate\".",
             "ASN_BEFORE_DATE_E",
             "+TLSSTEP: \"certificate verified\"",
             "HTTP/1.1 200 OK",
             "+TLSSTEP: \"certificate not verified\"",
             "The story as the thread told it",
         })
        EXPECT_NE(r.output.find(expected), std::string::npos) << "missing: " << expected << "\n" << r.output;
    EXPECT_EQ(r.output.find("!!"), std::string::npos) << r.output;
}

TEST(DemoCli, FirmwareThatIsNotAnElfIsBadInput) {
    const CliResult r = run_cli("demo --firmware /dev/null");
    EXPECT_EQ(r.exit_code, 2) << r.output;
}

}  // namespace
