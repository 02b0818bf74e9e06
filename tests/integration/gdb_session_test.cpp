// A real GDB session against `q2686emu run --gdb`: gdb-multiarch -batch with the application
// firmware's ELF, while the test talks to the AT port over TCP. It pins what docs/debugging.md
// promises: a breakpoint in a firmware function, registers, a variable, bt, stepi/next, an
// MMIO watchpoint on the RTC register AT+CCLK writes, `monitor rtc`, `monitor time` standing
// still while halted, and the run continuing to its end (GDB sees the exit).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <regex>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "host_test_support.h"
#include "child_process.h"
#include "cli_runner.h"
#include "host_server.h"

using namespace std::chrono_literals;
using host_test::connect_loopback;
using host_test::read_until_text;
using host_test::write_all;
using q2686::test::ChildProcess;

namespace {

constexpr const char* kScript = R"(set pagination off
set confirm off
target remote 127.0.0.1:{gdb_port}
break adl_rtcSetTime
continue
bt
info registers pc
print *t
print t->Hour
monitor time
shell sleep 0.2
monitor time
stepi
info registers pc
next
watch *(volatile unsigned *)0x80005010
continue
monitor rtc
delete
finish
monitor rtc
monitor battery off
monitor battery on
continue
)";

std::string temp_path(const std::string& name) {
    return fmt::format("{}/q2686-gdb-{}-{}", ::testing::TempDir(), ::getpid(), name);
}

// Every "virtual time ..." line GDB printed for `monitor time`.
std::vector<std::string> time_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("virtual time ")) lines.push_back(line);
    return lines;
}

// The emulator's AT listener, retried for up to 5 s while it starts; -1 if it never answers.
int connect_at_port(std::uint16_t port) {
    int fd = -1;
    for (int i = 0; i < 100 && fd < 0; ++i) {
        fd = connect_loopback(port);
        if (fd < 0) std::this_thread::sleep_for(50ms);
    }
    return fd;
}

}  // namespace

TEST(GdbSession, BreakInspectStepWatchTheRtcAndContinueToTheEnd) {
    const std::uint16_t gdb_port = q2686::test::free_loopback_port();
    const std::uint16_t at_port = q2686::test::free_loopback_port();
    ChildProcess emulator(
        {Q2686_CLI, "run", "--firmware", Q2686_APP_IMAGE, "--gdb", fmt::format("127.0.0.1:{}", gdb_port), "--gdb-wait",
         "--at-tcp", fmt::format("127.0.0.1:{}", at_port), "--speed", "1", "--duration", "120s"},
        temp_path("emulator.log"));
    ASSERT_TRUE(emulator.started());
    ASSERT_TRUE(emulator.wait_for_output("GDB stub on", 30s)) << emulator.output();
    EXPECT_NE(emulator.output().find("(loopback only); halted at reset until GDB continues"), std::string::npos)
        << emulator.output();

    // The AT client first, so the boot messages reach it.
    const int at = connect_at_port(at_port);
    ASSERT_GE(at, 0);

    const std::string script_path = temp_path("session.gdb");
    std::ofstream(script_path) << fmt::format(fmt::runtime(kScript), fmt::arg("gdb_port", gdb_port));
    ChildProcess gdb({"gdb-multiarch", "-nx", "-batch", "-x", script_path, Q2686_APP_IMAGE}, temp_path("gdb.log"));
    ASSERT_TRUE(gdb.started());

    std::string at_text;
    ASSERT_TRUE(read_until_text(at, at_text, "+WIND: 3", 60s)) << at_text << "\n" << gdb.output();
    ASSERT_TRUE(write_all(at, "AT+CCLK=\"26/03/04,05:06:07+08\"\r"));
    ASSERT_TRUE(read_until_text(at, at_text, "OK\r\n", 90s)) << at_text << "\n" << gdb.output();
    ::close(at);
    emulator.signal(SIGTERM);  // the run ends; GDB, waiting in `continue`, sees the exit
    EXPECT_EQ(gdb.wait(60s), 0) << gdb.output();
    EXPECT_EQ(emulator.wait(30s), 0) << emulator.output();

    const std::string out = gdb.output();
    SCOPED_TRACE(out);
    EXPECT_NE(out.find("Breakpoint 1, adl_rtcSetTime"), std::string::npos);
    EXPECT_NE(out.find("#1 "), std::string::npos);  // bt shows the caller
    EXPECT_NE(out.find("cmd_cclk"), std::string::npos);
    // `info registers pc` at the breakpoint and after `stepi`: one ARM instruction further. (The
    // address itself moves with every change to the image; the step between them does not.)
    std::vector<unsigned long> pcs;
    static const std::regex pc_line(R"(pc             0x([0-9a-f]+))");
    for (auto it = std::sregex_iterator(out.begin(), out.end(), pc_line); it != std::sregex_iterator(); ++it)
        pcs.push_back(std::stoul((*it)[1], nullptr, 16));
    ASSERT_GE(pcs.size(), 2u);
    // adl_rtcTime_t as the ADL documentation lays it out (WeekDay between Day and Hour).
    EXPECT_NE(out.find("Year = 2026, Month = 3 '\\003', Day = 4 '\\004', WeekDay = "), std::string::npos);
    EXPECT_NE(out.find("Hour = 5 '\\005', Minute = 6 '\\006', Second = 7 '\\a'"), std::string::npos);
    // Halted: wall time passed between the two readings, virtual time did not.
    const auto times = time_lines(out);
    ASSERT_EQ(times.size(), 2u);
    EXPECT_EQ(times[0], times[1]);
    EXPECT_NE(times[0].find("halted (virtual time stands still)"), std::string::npos);
    EXPECT_EQ(pcs[1], pcs[0] + 4);  // stepi: one instruction
    // The MMIO watchpoint on RTC_SET_TIME: the value AT+CCLK loads, RTC_PACK_TIME(5, 6, 7).
    EXPECT_NE(out.find("Hardware watchpoint 2: *(volatile unsigned *)0x80005010"), std::string::npos);
    EXPECT_NE(out.find("New value = 329223"), std::string::npos);
    // The watchpoint reports at the end of the block that wrote (docs/debugging.md, limits):
    // by then LOAD has happened too, the time-zone write has not. After `finish` the RTC
    // holds what AT+CCLK set.
    EXPECT_NE(out.find("26/03/04,05:06:07+00   (2026-03-04 05:06:07 UTC+00"), std::string::npos);
    EXPECT_NE(out.find("26/03/04,05:06:07+08   (2026-03-04 05:06:07 UTC+08; backup battery present; modem on)"),
              std::string::npos);
    EXPECT_NE(out.find("backup battery absent: the RTC loses its time at the next power-off"), std::string::npos);
    EXPECT_NE(out.find("exited normally"), std::string::npos);
    for (const char* name : {"emulator.log", "gdb.log", "session.gdb"}) std::remove(temp_path(name).c_str());
}

namespace {
constexpr const char* kTlsScript = R"(set pagination off
set confirm off
target remote 127.0.0.1:{gdb_port}
break wip_SSLClientCreateOpts
continue
bt
info args
break on_verify
continue
print preverify_ok
print store->error
print store->error_depth
next
info locals
shell sleep 0.3
delete
continue
)";
}  // namespace

// The seed's case under GDB: the TLS handler stops in wip_SSLClientCreateOpts (called by the
// AT+TLSGET handler, host and port in its arguments), then in the verify callback with the
// certificate error wolfSSL found. Halted, the built-in server waits in virtual time like
// everything else, so after `delete` and `continue` the handshake ends as it would without GDB:
// "Bad certificate", and no fault. Real-time pacing (--speed 1) slices the run where the host
// clock says, which is how resuming after the last breakpoint went once left the PC at a stale
// block and crashed wolfSSL in about one run of four: Unicorn drops deleted hooks only when
// the next run returns (ArmCpu::stop_before_block).
TEST(GdbSession, TlsHandlerBreakpointsShowTheVerifyErrorAndTheHandshakeStillEndsInBadCertificate) {
    const std::uint16_t gdb_port = q2686::test::free_loopback_port();
    const std::uint16_t at_port = q2686::test::free_loopback_port();
    ChildProcess emulator(
        {Q2686_CLI, "run", "--firmware", Q2686_APP_IMAGE, "--gdb", fmt::format("127.0.0.1:{}", gdb_port), "--gdb-wait",
         "--at-tcp", fmt::format("127.0.0.1:{}", at_port), "--tls-server", "api.example.com", "--speed", "1",
         "--duration", "120s"},
        temp_path("tls-emulator.log"));
    ASSERT_TRUE(emulator.wait_for_output("GDB stub on", 30s)) << emulator.output();
    const int at = connect_at_port(at_port);
    ASSERT_GE(at, 0);
    const std::string script_path = temp_path("tls.gdb");
    std::ofstream(script_path) << fmt::format(fmt::runtime(kTlsScript), fmt::arg("gdb_port", gdb_port));
    ChildProcess gdb({"gdb-multiarch", "-nx", "-batch", "-x", script_path, Q2686_APP_IMAGE}, temp_path("tls-gdb.log"));

    // Each command's reply is read on its own (an earlier OK must not end the wait for a later
    // one); at_text keeps the whole transcript for the failure messages.
    std::string at_text;
    auto exchange = [&](const std::string& command, const std::string& until, std::chrono::seconds timeout) {
        std::string reply;
        const bool ok =
            (command.empty() || write_all(at, command + "\r")) && read_until_text(at, reply, until, timeout);
        at_text += reply;
        return ok ? reply : std::string{};
    };
    ASSERT_FALSE(exchange("", "+WIND: 4", 60s).empty()) << at_text << "\n" << gdb.output();
    // The bearer needs the network: AT+CREG=1 asks for the +CREG: 1 of the registration, unless
    // AT+CREG? says it has already happened.
    ASSERT_FALSE(exchange("AT+CREG=1", "OK\r\n", 60s).empty()) << at_text;
    if (exchange("AT+CREG?", "OK\r\n", 60s).find("+CREG: 1,1") == std::string::npos) {
        ASSERT_FALSE(exchange("", "+CREG: 1\r\n", 60s).empty()) << at_text;
    }
    for (const char* command : {"AT+WIPCFG=1", "AT+WIPBR=1,6", "AT+WIPBR=4,6,0"})
        ASSERT_NE(exchange(command, "\r\nOK\r\n", 60s).find("OK"), std::string::npos) << at_text << "\n"
                                                                                      << gdb.output();
    const std::string tls = exchange("AT+TLSGET=\"api.example.com\",443,\"/\"", "+TLSERR:", 90s);
    ASSERT_FALSE(tls.empty()) << at_text << "\n" << gdb.output();
    // The rest of the +TLSERR line, unless it came in the same read (a loaded host reads late).
    if (tls.find("\r\n", tls.find("+TLSERR:")) == std::string::npos) {
        ASSERT_FALSE(exchange("", "\r\n", 10s).empty()) << at_text;
    }
    ::close(at);
    emulator.signal(SIGTERM);
    EXPECT_EQ(gdb.wait(60s), 0) << gdb.output();
    EXPECT_EQ(emulator.wait(30s), 0) << emulator.output();

    const std::string out = gdb.output();
    SCOPED_TRACE(out);
    EXPECT_NE(out.find("Breakpoint 1, wip_SSLClientCreateOpts (host="), std::string::npos);
    EXPECT_NE(out.find("\"api.example.com\""), std::string::npos);
    EXPECT_NE(out.find("port = 443"), std::string::npos);     // info args
    EXPECT_NE(out.find("in cmd_tlsget"), std::string::npos);  // bt: the AT+TLSGET handler called it
    EXPECT_NE(out.find("Breakpoint 2, on_verify (preverify_ok=0"), std::string::npos);
    EXPECT_NE(out.find("$2 = -150"), std::string::npos);  // store->error: ASN_BEFORE_DATE_E
    EXPECT_NE(out.find("$3 = 1"), std::string::npos);     // store->error_depth: the intermediate CA
    EXPECT_NE(out.find("s = 0x"), std::string::npos);     // info locals after `next`: the channel
    EXPECT_EQ(out.find("SIGSEGV"), std::string::npos);
    EXPECT_NE(out.find("exited normally"), std::string::npos);
    EXPECT_NE(at_text.find("+TLSERR: 1,\"Bad certificate\",-150,\"not-yet-valid\""), std::string::npos) << at_text;
    for (const char* name : {"tls-emulator.log", "tls-gdb.log", "tls.gdb"}) std::remove(temp_path(name).c_str());
}

TEST(GdbSession, NonLoopbackAddressIsRefusedWithoutTheExplicitFlag) {
    const CliResult result = run_cli("run --gdb 0.0.0.0:0 --duration 1ms");
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_NE(result.output.find("refusing to listen on a non-loopback address"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("--gdb-allow-remote"), std::string::npos) << result.output;
}

TEST(GdbSession, BadGdbPortIsAClearError) {
    for (const char* spec : {"99999", "127.0.0.1:x", "nowhere.invalid:1234"}) {
        const CliResult result = run_cli(fmt::format("run --gdb '{}' --duration 1ms", spec));
        EXPECT_EQ(result.exit_code, 2) << spec << ": " << result.output;
        EXPECT_NE(result.output.find("--gdb"), std::string::npos) << spec << ": " << result.output;
    }
}

// With GDB attached a firmware fault halts the modem and reaches GDB as a signal — the run
// does not end — and the emulator still prints its fault report. A watchdog expiry (armed
// here from GDB for 10 ms after a power cycle: the ROM never kicks it) halts before the reset.
TEST(GdbSession, FirmwareFaultsReachGdbAsSignalsInsteadOfEndingTheRun) {
    const std::uint16_t gdb_port = q2686::test::free_loopback_port();
    ChildProcess emulator({Q2686_CLI, "run", "--firmware", Q2686_APP_IMAGE, "--gdb",
                           fmt::format("127.0.0.1:{}", gdb_port), "--gdb-wait", "--speed", "max", "--duration", "10s"},
                          temp_path("fault-emulator.log"));
    ASSERT_TRUE(emulator.wait_for_output("GDB stub on", 30s)) << emulator.output();
    // An undefined instruction (UDF #0) placed in RAM, then a jump to unmapped memory.
    const std::string script = fmt::format(R"(set pagination off
set confirm off
target remote 127.0.0.1:{}
set {{unsigned}}0x10200000 = 0xe7f000f0
set $pc = 0x10200000
continue
info registers pc
set $pc = 0x20000000
continue
monitor events 2
monitor power-cycle
maintenance flush register-cache
set {{unsigned}}0x80004000 = 328
set {{unsigned}}0x80004004 = 1
continue
monitor events 3
kill
)",
                                           gdb_port);
    const std::string script_path = temp_path("fault.gdb");
    std::ofstream(script_path) << script;
    ChildProcess gdb({"gdb-multiarch", "-nx", "-batch", "-x", script_path, Q2686_APP_IMAGE},
                     temp_path("fault-gdb.log"));
    EXPECT_EQ(gdb.wait(60s), 0) << gdb.output();
    EXPECT_EQ(emulator.wait(30s), 0) << emulator.output();

    const std::string out = gdb.output();
    EXPECT_NE(out.find("Program received signal SIGILL, Illegal instruction."), std::string::npos) << out;
    EXPECT_NE(out.find("pc             0x10200000"), std::string::npos) << out;
    EXPECT_NE(out.find("Program received signal SIGSEGV, Segmentation fault."), std::string::npos) << out;
    EXPECT_NE(out.find("fault at pc"), std::string::npos) << out;  // monitor events: the CPU's fault event
    EXPECT_NE(out.find("power cycled (backup battery present); the CPU is at the reset vector 0x00000000"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("Program received signal SIGABRT, Aborted."), std::string::npos) << out;
    EXPECT_NE(out.find("watchdog expired"), std::string::npos) << out;
    const std::string log = emulator.output();
    EXPECT_NE(log.find("firmware fault: undefined instruction"), std::string::npos) << log;
    EXPECT_NE(log.find("halted for GDB (SIGILL)"), std::string::npos) << log;
    EXPECT_NE(log.find("halted for GDB (SIGSEGV)"), std::string::npos) << log;
    EXPECT_NE(log.find("halted for GDB (SIGABRT)"), std::string::npos) << log;
    EXPECT_NE(log.find("killed the session"), std::string::npos) << log;
    for (const char* name : {"fault-emulator.log", "fault-gdb.log", "fault.gdb"}) std::remove(temp_path(name).c_str());
}

namespace {
// Runs `script` (with {port} replaced) in gdb-multiarch against `run --elf image --gdb`.
struct BareMetalSession {
    std::string gdb_output;
    std::string emulator_output;
    int gdb_exit = -1;
    int emulator_exit = -1;
};

BareMetalSession debug_bare_metal(const std::string& image, const std::string& script, const std::string& tag) {
    BareMetalSession session;
    const std::uint16_t port = q2686::test::free_loopback_port();
    ChildProcess emulator(
        {Q2686_CLI, "run", "--elf", image, "--gdb", fmt::format("127.0.0.1:{}", port), "--gdb-wait", "--speed", "max"},
        temp_path(tag + "-emulator.log"));
    if (!emulator.wait_for_output("GDB stub on", 30s)) {
        session.emulator_output = emulator.output();
        return session;
    }
    const std::string script_path = temp_path(tag + ".gdb");
    std::ofstream(script_path) << fmt::format(fmt::runtime(script), fmt::arg("port", port));
    ChildProcess gdb({"gdb-multiarch", "-nx", "-batch", "-x", script_path, image}, temp_path(tag + "-gdb.log"));
    session.gdb_exit = gdb.wait(60s);
    session.emulator_exit = emulator.wait(30s);
    session.gdb_output = gdb.output();
    session.emulator_output = emulator.output();
    for (const std::string& name : {tag + "-emulator.log", tag + "-gdb.log", tag + ".gdb"})
        std::remove(temp_path(name).c_str());
    return session;
}
}  // namespace

TEST(GdbSession, BareMetalImageStopsAtMainThenAtItsFaultWithABacktrace) {
    const auto session = debug_bare_metal(std::string(Q2686_TEST_IMAGES) + "/fault_unmapped.elf", R"(set confirm off
target remote 127.0.0.1:{port}
break main
continue
continue
bt
kill
)",
                                          "bare-fault");
    EXPECT_EQ(session.gdb_exit, 0) << session.gdb_output;
    EXPECT_EQ(session.emulator_exit, 0) << session.emulator_output;
    const std::string& out = session.gdb_output;
    EXPECT_NE(out.find("Breakpoint 1, main ()"), std::string::npos) << out;
    EXPECT_NE(out.find("Program received signal SIGSEGV, Segmentation fault."), std::string::npos) << out;
    EXPECT_NE(out.find("#0  read_register (address=536870912)"), std::string::npos) << out;
    EXPECT_NE(session.emulator_output.find("faulting address 0x20000000"), std::string::npos)
        << session.emulator_output;
}

TEST(GdbSession, BareMetalImageContinuedToItsExitIsReportedToGdb) {
    const auto session =
        debug_bare_metal(std::string(Q2686_TEST_IMAGES) + "/sha256_quick.elf", R"(target remote 127.0.0.1:{port}
continue
)",
                         "bare-exit");
    EXPECT_EQ(session.gdb_exit, 0) << session.gdb_output;
    EXPECT_EQ(session.emulator_exit, 0) << session.emulator_output;
    EXPECT_NE(session.gdb_output.find("exited normally"), std::string::npos) << session.gdb_output;
    EXPECT_NE(session.emulator_output.find("exited with status 0"), std::string::npos) << session.emulator_output;
}

TEST(GdbSession, RunHelpExplainsTheGdbOptions) {
    const CliResult result = run_cli("run --help");
    EXPECT_EQ(result.exit_code, 0);
    for (const char* text : {"--gdb ADDR", "--gdb-wait", "--gdb-allow-remote", "virtual time stands still",
                             "SIGSEGV/SIGILL", "docs/debugging.md"})
        EXPECT_NE(result.output.find(text), std::string::npos) << text;
}

TEST(GdbSession, TraceCpuWritesTheTracedFunctionAndItsMmioAccessesToAFile) {
    const std::string path = temp_path("trace.txt");
    const CliResult result = run_cli(fmt::format(
        "run --trace-cpu rtc_init --trace-mmio --trace-file {} --duration 5ms --speed max < /dev/null", path));
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find("tracing instructions in rtc_init"), std::string::npos) << result.output;
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    const std::string trace = text.str();
    EXPECT_NE(trace.find("rtc_init+0x8"), std::string::npos) << trace;
    EXPECT_NE(trace.find("str r2, [r3, #0x18]"), std::string::npos) << trace;  // RTC_STATUS = LOST
    EXPECT_NE(trace.find("mmio rtc +0x018 write32 0x2"), std::string::npos) << trace;
    std::remove(path.c_str());
    const CliResult bad = run_cli("run --trace-cpu no_such_function --duration 1ms");
    EXPECT_EQ(bad.exit_code, 2) << bad.output;
    EXPECT_NE(bad.output.find("--trace-cpu no_such_function: no such symbol"), std::string::npos) << bad.output;
}
