// The WIP AT commands of q2686_app.elf (firmware/app; docs/at-commands.md "TCP/IP (WIP)"): the
// WIP stack (firmware/wip) on the emulated CPU, through the PKTIF device, the GPRS link and the
// libslirp gateway to real sockets on the host — all in virtual time.

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "wip_fixture.h"

namespace q2686::integration {
namespace {

class WipAt : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(wip.boot()) << "no +WIND: 3 within 10 s of power-on"; }

    AtReply cmd(std::string_view line, Cycles timeout = seconds(5)) { return wip.cmd(line, timeout); }
    NetworkModel& net() { return rig.modem.network(); }
    bool saw(std::string_view text, double s) { return wip.saw(text, s); }
    bool saw_from_host(std::string_view text, double s) { return wip.saw_from_host(text, s); }
    void connect_bearer() { wip.connect_bearer(); }
    void open_socket(std::uint16_t port) { wip.open_socket(port); }

    WipRig wip;
    ModemUnderTest& rig = wip.rig;
};

test::HostServer echo_server() {
    return cat_echo_server();
}

// ---- stack and bearer -------------------------------------------------------------------------

TEST_F(WipAt, StackStartsOnceAndStops) {
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPCFG?"), {"+WIPCFG: 0"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPCFG=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPCFG=1"), {}, "+CME ERROR: 844"));
    EXPECT_TRUE(Replied(cmd("AT+WIPCFG?"), {"+WIPCFG: 1"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPCFG=0"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPCFG?"), {"+WIPCFG: 0"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPCFG=1"), {}, "OK")) << "the stack starts again after a stop";
}

TEST_F(WipAt, BearerCommandsNeedTheStackThenAnOpenBearer) {
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=1,6"), {}, "+CME ERROR: 803"));
    ASSERT_TRUE(Replied(cmd("AT+WIPCFG=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=4,6,0"), {}, "+CME ERROR: 803"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR?"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=1,6"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=1,6"), {}, "+CME ERROR: 804"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR?"), {"+WIPBR: 6,0"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=0,6"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR?"), {}, "OK"));
}

TEST_F(WipAt, BadBearerParametersAreCme3AndMissingFeaturesCme4) {
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+WIPCFG=1"), {}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+WIPBR=1,6"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=1,7"), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=1,5"), {}, "+CME ERROR: 4"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=2,6,15,\"10.0.0.1\""), {}, "+CME ERROR: 3")) << "read-only option";
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=2,6,11,\"" + std::string(64, 'a') + "\""), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=4,6,1"), {}, "+CME ERROR: 4")) << "server mode";
    EXPECT_TRUE(Replied(cmd("AT+WIPCFG=2,1,1"), {}, "+CME ERROR: 4"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=9"), {}, "+CME ERROR: 3"));
}

TEST_F(WipAt, BearerOptionsReadBackAndHideThePassword) {
    ASSERT_TRUE(Replied(cmd("AT+WIPCFG=1"), {}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+WIPBR=1,6"), {}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+WIPBR=2,6,11,\"internet\""), {}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+WIPBR=2,6,0,\"user\""), {}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+WIPBR=2,6,1,\"secret\""), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=3,6,11"), {"+WIPBR: 6,11,\"internet\""}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=3,6,0"), {"+WIPBR: 6,0,\"user\""}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=3,6,1"), {"+WIPBR: 6,1,\"\""}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=3,6,15"), {"+WIPBR: 6,15,\"0.0.0.0\""}, "OK")) << "not connected";
}

TEST_F(WipAt, BearerStartActivatesContextOneAndReportsItsAddresses) {
    connect_bearer();
    EXPECT_TRUE(Replied(cmd("AT+WIPBR?"), {"+WIPBR: 6,1"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGACT?"), {"+CGACT: 1,1"}, "OK")) << "the ADL GPRS service shares AT+CGACT's contexts";
    EXPECT_TRUE(Replied(cmd("AT+CGDCONT?"), {"+CGDCONT: 1,\"IP\",\"internet\",\"10.64.1.2\",0,0"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=3,6,15"), {"+WIPBR: 6,15,\"10.64.1.2\""}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=3,6,17"), {"+WIPBR: 6,17,\"10.64.0.1\""}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=3,6,18"), {"+WIPBR: 6,18,\"10.64.0.2\""}, "OK"));
}

TEST_F(WipAt, BearerStartFailsWith812WhenTheNetworkRefusesTheContext) {
    rig.at.wait(seconds(4));
    net().set_pdp_failure(true, rig.modem.now());
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+WIPCFG=1"), {}, "OK"));
    ASSERT_TRUE(Replied(cmd("AT+WIPBR=1,6"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=4,6,0", seconds(15)), {}, "+CME ERROR: 812"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR?"), {"+WIPBR: 6,0"}, "OK"));
}

TEST_F(WipAt, BearerStopDeactivatesTheContext) {
    connect_bearer();
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=5,6", seconds(5)), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CGACT?"), {"+CGACT: 1,0"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR?"), {"+WIPBR: 6,0"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR=5,6"), {}, "OK")) << "stopping a stopped bearer";
}

// ---- sockets ------------------------------------------------------------------------------------

TEST_F(WipAt, TcpEchoThroughTheGateway) {
    const auto server = echo_server();
    ASSERT_TRUE(server.ready());
    connect_bearer();
    open_socket(server.port());
    EXPECT_TRUE(Replied(cmd("AT+WIPSEND=2,1,\"hello \\22you\\22\\0D\\0A\""), {}, "OK"));
    EXPECT_TRUE(saw_from_host("+WIPDATA: 2,1,13,\"hello \\22you\\22\\0D\\0A\"", 10)) << "bytes escaped as sent";
    EXPECT_TRUE(Replied(cmd("AT+WIPCLOSE=2,1"), {}, "OK"));
}

TEST_F(WipAt, BulkSendArrivesWholeAndInOrder) {
    const auto server = echo_server();
    ASSERT_TRUE(server.ready());
    connect_bearer();
    open_socket(server.port());
    const std::size_t mark = rig.at.transcript().size();
    EXPECT_TRUE(Replied(cmd("AT+WIPSEND=2,1,\"0123456789abcdefghij\",1000"), {}, "OK"));  // 20 000 bytes
    std::string echoed;
    for (int i = 0; i < 600 && echoed.size() < 20000; ++i) {
        rig.at.wait(seconds(0.2));
        std::this_thread::sleep_for(std::chrono::milliseconds(2));  // the host's cat, in real time
        echoed.clear();
        for (const std::string& line : rig.received_since(mark)) {
            if (!line.starts_with("+WIPDATA: 2,1,")) continue;
            const auto quote = line.find('"');
            echoed += line.substr(quote + 1, line.size() - quote - 2);
        }
    }
    ASSERT_EQ(echoed.size(), 20000u) << "26.8 kbit/s up: about 6 s plus the echo";
    for (std::size_t i = 0; i < echoed.size(); ++i)
        ASSERT_EQ(echoed[i], "0123456789abcdefghij"[i % 20]) << "at byte " << i;
}

TEST_F(WipAt, PeerCloseComesAfterTheLastData) {
    const test::HostServer server({"socat", "TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork", "SYSTEM:printf bye"});
    ASSERT_TRUE(server.ready());
    connect_bearer();
    ASSERT_TRUE(Replied(cmd("AT+WIPCREATE=2,1,\"10.64.0.1\"," + std::to_string(server.port())), {}, "OK"));
    ASSERT_TRUE(saw_from_host("+WIPPEERCLOSE: 2,1", 10)) << ::testing::PrintToString(rig.at.received_lines());
    const Lines lines = rig.at.received_lines();
    const auto data = std::find(lines.begin(), lines.end(), "+WIPDATA: 2,1,3,\"bye\"");
    const auto close = std::find(lines.begin(), lines.end(), "+WIPPEERCLOSE: 2,1");
    EXPECT_TRUE(data < close);
    EXPECT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPCLOSE=2,1"), {}, "+CME ERROR: 831")) << "the index was released";
}

TEST_F(WipAt, ConnectionToAClosedPortIsRefused) {
    connect_bearer();
    const std::uint16_t port = test::free_loopback_port();
    ASSERT_TRUE(Replied(cmd("AT+WIPCREATE=2,1,\"10.64.0.1\"," + std::to_string(port)), {}, "OK"));
    EXPECT_TRUE(saw("+WIPERR: 2,1,-989,\"connection refused\"", 10));
}

TEST_F(WipAt, SocketCommandsCheckIndexStateAndText) {
    const auto server = echo_server();
    ASSERT_TRUE(server.ready());
    ASSERT_TRUE(Replied(cmd("AT+CMEE=1"), {}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+WIPCREATE=2,1,\"10.64.0.1\",7"), {}, "+CME ERROR: 803")) << "stack not started";
    connect_bearer();
    EXPECT_TRUE(Replied(cmd("AT+WIPCREATE=2,9,\"10.64.0.1\",7"), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+WIPCREATE=2,1,\"10.64.0.1\",0"), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+WIPCREATE=1,1,\"10.64.0.1\",7"), {}, "+CME ERROR: 4")) << "UDP";
    EXPECT_TRUE(Replied(cmd("AT+WIPSEND=2,1,\"x\""), {}, "+CME ERROR: 831")) << "not created";
    open_socket(server.port());
    EXPECT_TRUE(Replied(cmd("AT+WIPCREATE=2,1,\"10.64.0.1\",7"), {}, "+CME ERROR: 840"));
    EXPECT_TRUE(Replied(cmd("AT+WIPSEND=2,1,\"bad \\4\""), {}, "+CME ERROR: 3"));
    EXPECT_TRUE(Replied(cmd("AT+WIPSEND=2,1,\"x\",0"), {}, "+CME ERROR: 3"));
}

TEST_F(WipAt, NetworkDropEndsTheSocketThenTheBearer) {
    const auto server = echo_server();
    ASSERT_TRUE(server.ready());
    connect_bearer();
    open_socket(server.port());
    const std::size_t mark = rig.at.transcript().size();
    net().drop(rig.modem.now());
    ASSERT_TRUE(saw("+WIPBR: 6,0", 5));
    EXPECT_EQ(rig.received_since(mark), (Lines{"+WIPERR: 2,1,-987,\"network lost\"", "+WIPBR: 6,0"}));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR?"), {"+WIPBR: 6,0"}, "OK"));
}

TEST_F(WipAt, CfunZeroTakesTheBearerDownLikeALostNetwork) {
    connect_bearer();
    const std::size_t mark = rig.at.transcript().size();
    EXPECT_TRUE(Replied(cmd("AT+CFUN=0"), {}, "OK"));
    ASSERT_TRUE(saw("+WIPBR: 6,0", 5));
    EXPECT_EQ(rig.received_since(mark), (Lines{"OK", "+WIPBR: 6,0"}));
    EXPECT_TRUE(Replied(cmd("AT+WIPBR?"), {"+WIPBR: 6,0"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CSQ"), {"+CSQ: 99,99"}, "OK"));
}

TEST_F(WipAt, BearerStopAbortsItsSockets) {
    const auto server = echo_server();
    ASSERT_TRUE(server.ready());
    connect_bearer();
    open_socket(server.port());
    const std::size_t mark = rig.at.transcript().size();
    EXPECT_TRUE(cmd("AT+WIPBR=5,6", seconds(5)).ok());
    const Lines lines = rig.received_since(mark);
    EXPECT_NE(std::find(lines.begin(), lines.end(), "+WIPERR: 2,1,-999,\"aborted\""), lines.end());
    EXPECT_EQ(std::find(lines.begin(), lines.end(), "+WIPBR: 6,0"), lines.end()) << "no loss URC for a requested stop";
}

TEST_F(WipAt, HostNameIsResolvedByTheGatewayDns) {
    const auto server = echo_server();
    ASSERT_TRUE(server.ready());
    connect_bearer();
    ASSERT_TRUE(Replied(cmd("AT+WIPCREATE=2,1,\"echo.example\"," + std::to_string(server.port())), {}, "OK"));
    ASSERT_TRUE(saw("+WIPREADY: 2,1", 10));
    EXPECT_TRUE(Replied(cmd("AT+WIPSEND=2,1,\"by name\""), {}, "OK"));
    EXPECT_TRUE(saw_from_host("+WIPDATA: 2,1,7,\"by name\"", 10));
}

TEST_F(WipAt, UnknownHostNameFailsWithDnsFailure) {
    connect_bearer();
    ASSERT_TRUE(Replied(cmd("AT+WIPCREATE=2,1,\"nowhere.example\",80"), {}, "OK"));
    EXPECT_TRUE(saw("+WIPERR: 2,1,-992,\"host name not resolved\"", 30));
}

TEST_F(WipAt, RomCommandsAnswerAsInTheRomImage) {
    EXPECT_TRUE(Replied(cmd("AT+CGMI"), {"WAVECOM MODEM"}, "OK"));
    EXPECT_TRUE(Replied(cmd("AT+CREG?"), {"+CREG: 0,2"}, "OK"));
}

}  // namespace
}  // namespace q2686::integration
