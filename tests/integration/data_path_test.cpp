// The GPRS data path end to end, as docs/network.md describes it: a TCP round trip from the
// firmware (q2686_app.elf, WIP over lwIP) through PKTIF, the GPRS link and the libslirp
// gateway to a real server on the host — under packet loss, read back from a pcap by tshark,
// and reproducible to the packet's virtual timestamp.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <tuple>
#include <vector>

#include "cli_runner.h"
#include "wip_fixture.h"

namespace q2686::integration {
namespace {

// What tshark prints for `args` (empty when tshark is missing).
std::string tshark(const std::string& args) {
    std::string output;
    FILE* pipe = popen(("tshark " + args + " 2>/dev/null").c_str(), "r");
    if (!pipe) return output;
    char buffer[4096];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
    pclose(pipe);
    return output;
}

bool have_tshark() {
    return std::system("command -v tshark >/dev/null 2>&1") == 0;
}

std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("q2686-" + std::to_string(::getpid()) + "-" + name)).string();
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(DataPath, CliTcpRoundTripByHostNameWithAPcapThatTsharkDecodes) {
    if (!have_tshark()) GTEST_SKIP() << "tshark is not installed";
    const auto server = cat_echo_server();
    ASSERT_TRUE(server.ready());
    const std::string pcap = temp_path("roundtrip.pcap");
    // --host right before the steps: it takes one value, the steps stay steps.
    const CliResult run =
        run_cli("at --pcap " + pcap + " --host echo.test:7=127.0.0.1:" + std::to_string(server.port()) +
                " wait:4s AT+WIPCFG=1 AT+WIPBR=1,6 'AT+WIPBR=2,6,11,\"internet\"' AT+WIPBR=4,6,0"
                " 'AT+WIPCREATE=2,1,\"echo.test\",7' wait:3s 'AT+WIPSEND=2,1,\"hello, host\"' wait:3s");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find("+WIPREADY: 2,1"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("+WIPDATA: 2,1,11,\"hello, host\""), std::string::npos) << run.output;

    // The modem's view: DNS for echo.test from the gateway, then TCP to its mapped address and
    // the port the firmware asked for (the gateway DNATs it to the server's real port).
    const std::string dns = tshark("-r " + pcap + " -Y dns.flags.response==1 -T fields -e dns.qry.name -e dns.a");
    EXPECT_NE(dns.find("echo.test\t10.64.0.16"), std::string::npos) << dns;
    const std::string syn = tshark(
        "-r " + pcap + " -Y 'tcp.flags.syn==1 && tcp.flags.ack==0' -T fields -e ip.src -e ip.dst -e tcp.dstport");
    EXPECT_EQ(syn, "10.64.1.2\t10.64.0.16\t7\n");
    const std::string stream = tshark("-r " + pcap + " -q -z follow,tcp,ascii,0");
    EXPECT_EQ(count(stream, "hello, host"), 2u) << "sent and echoed:\n" << stream;
    // Timestamps are virtual: 1970-01-01 + seconds since the modem's cycle 0 (boot + 4 s wait
    // + bearer, so the first packet comes after 4 s and everything within a minute).
    const std::string times = tshark("-r " + pcap + " -T fields -e frame.time_epoch");
    ASSERT_FALSE(times.empty());
    const double first = std::stod(times);
    EXPECT_GT(first, 4.0);
    EXPECT_LT(first, 60.0);
    std::filesystem::remove(pcap);
}

TEST(DataPath, TcpDeliversEverythingInOrderAcrossTwentyPercentLoss) {
    GprsLinkConfig lossy;
    lossy.loss = 0.2;
    lossy.seed = 7;
    WipRig wip(lossy);
    const auto server = cat_echo_server();
    ASSERT_TRUE(server.ready());
    ASSERT_TRUE(wip.boot());
    wip.connect_bearer();
    wip.open_socket(server.port());
    const std::size_t mark = wip.rig.at.transcript().size();
    ASSERT_TRUE(Replied(wip.cmd("AT+WIPSEND=2,1,\"0123456789abcdefghij\",200"), {}, "OK"));  // 4000 bytes
    std::string echoed;
    for (int i = 0; i < 900 && echoed.size() < 4000; ++i) {  // up to 180 s of virtual time
        wip.rig.at.wait(seconds(0.2));
        echoed = wip.data_since(mark);
    }
    ASSERT_EQ(echoed.size(), 4000u);
    for (std::size_t i = 0; i < echoed.size(); ++i) ASSERT_EQ(echoed[i], "0123456789abcdefghij"[i % 20]) << i;
    const GprsLinkStats& stats = wip.rig.modem.link().stats();
    EXPECT_GT(stats.dropped[static_cast<int>(LinkDirection::Uplink)], 0u) << "the loss was real";
    EXPECT_GT(stats.dropped[static_cast<int>(LinkDirection::Downlink)], 0u);
    EXPECT_TRUE(Replied(wip.cmd("AT+WIPCLOSE=2,1"), {}, "OK"));
}

TEST(DataPath, BadDataPathOptionsAreInputErrorsNamingTheOption) {
    const struct {
        std::string args;
        std::string message;
    } cases[] = {
        {"at --loss 150% AT", "--loss '150%'"},
        {"at --latency 1.5ms AT", "--latency '1.5ms'"},
        {"at --host api.example.com AT", "--host 'api.example.com'"},
        {"at --allow 10.0.0.0/33 AT", "--allow '10.0.0.0/33'"},
        {"at link:outage:soon", "link:outage:"},
        {"at link:loss:x", "link:loss:x"},
        {"at link:jam", "link:jam"},
    };
    for (const auto& c : cases) {
        const CliResult r = run_cli(c.args);
        EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.output;
        EXPECT_NE(r.output.find(c.message), std::string::npos) << c.args << "\n" << r.output;
    }
}

TEST(DataPath, LinkOutageStepDropsPacketsForItsDuration) {
    WipRig wip;
    const auto server = cat_echo_server();
    ASSERT_TRUE(server.ready());
    ASSERT_TRUE(wip.boot());
    wip.connect_bearer();
    wip.open_socket(server.port());
    GprsLink& link = wip.rig.modem.link();
    link.outage(seconds(5), wip.rig.modem.now());
    const std::size_t mark = wip.rig.at.transcript().size();
    ASSERT_TRUE(Replied(wip.cmd("AT+WIPSEND=2,1,\"through the hole\""), {}, "OK"));
    wip.rig.at.wait(seconds(2));
    EXPECT_EQ(wip.data_since(mark), "") << "nothing crosses during the outage";
    EXPECT_GT(link.stats().dropped[static_cast<int>(LinkDirection::Uplink)], 0u);
    wip.rig.at.wait(seconds(20));  // TCP retransmits once the link is back
    EXPECT_EQ(wip.data_since(mark), "through the hole");
}

// (direction, size, virtual time) of every packet at the modem's antenna.
using PacketLog = std::vector<std::tuple<LinkDirection, std::size_t, Cycles>>;

PacketLog echo_run_with_loss() {
    GprsLinkConfig lossy;
    lossy.loss = 0.2;
    lossy.seed = 11;
    WipRig wip(lossy);
    PacketLog log;
    wip.rig.modem.add_packet_observer(
        [&log](LinkDirection d, const IpPacket& p, Cycles when) { log.emplace_back(d, p.size(), when); });
    const auto server = cat_echo_server();
    EXPECT_TRUE(server.ready());
    EXPECT_TRUE(wip.boot());
    wip.connect_bearer();
    wip.open_socket(server.port(), "echo.example");
    EXPECT_TRUE(Replied(wip.cmd("AT+WIPSEND=2,1,\"deterministic\",300"), {}, "OK"));
    wip.rig.at.wait(seconds(60));
    EXPECT_EQ(wip.data_since(0).size(), 13u * 300u);
    return log;
}

TEST(DataPath, SameRunTwiceGivesTheSamePacketTimestamps) {
    const PacketLog first = echo_run_with_loss();
    const PacketLog second = echo_run_with_loss();
    ASSERT_GT(first.size(), 20u);
    EXPECT_EQ(first, second);
}

}  // namespace
}  // namespace q2686::integration
