// Shared by the data-path integration tests: q2686_app.elf (the ROM with the WIP stack and
// its AT commands) on a modem whose GPRS link is attached to the host through the libslirp
// gateway (host/gateway/host_network.h), driven over AT in virtual time.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <thread>

#include "host/gateway/host_network.h"
#include "host_server.h"
#include "modem_fixture.h"

namespace q2686::integration {

inline ModemConfig app_config(GprsLinkConfig link = {}) {
    ModemConfig config;
    config.firmware = Q2686_APP_IMAGE;
    config.link = link;
    return config;
}

// The gateway's DNS answers "echo.example" (every port goes to the host's 127.0.0.1).
inline HostNetworkConfig gateway_with_names() {
    HostNetworkConfig config;
    config.gateway.hosts.push_back(HostMapping{"echo.example", 0, 0x7F000001, 0});
    return config;
}

// A booted q2686_app.elf modem on the host network, with the WIP AT steps as helpers.
struct WipRig {
    explicit WipRig(GprsLinkConfig link = {}, HostNetworkConfig host = gateway_with_names())
        : rig(app_config(link)), network(rig.modem, std::move(host)) {}

    bool boot() { return rig.boot(); }
    AtReply cmd(std::string_view line, Cycles timeout = seconds(5)) { return rig.cmd(line, timeout); }
    bool saw(std::string_view text, double s) { return rig.at.wait_for(text, seconds(s)); }

    // Like saw(), for what a host process must do unprompted (fork, exit, close): virtual time
    // runs far faster than the host, so it advances in 100 ms steps with a real pause after
    // each. (A server's prompt answer needs no such pause: the gateway waits for it.)
    bool saw_from_host(std::string_view text, double s) {
        const std::size_t mark = rig.at.transcript().size();
        for (double t = 0; t < s; t += 0.1) {
            for (const std::string& line : rig.received_since(mark))
                if (line.find(text) != std::string::npos) return true;
            rig.at.wait(seconds(0.1));
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }

    // Stack up, GPRS bearer connected on APN "internet" (after registration, 3 s from boot).
    void connect_bearer() {
        rig.at.wait(seconds(4));
        ASSERT_TRUE(Replied(cmd("AT+WIPCFG=1"), {}, "OK"));
        ASSERT_TRUE(Replied(cmd("AT+WIPBR=1,6"), {}, "OK"));
        ASSERT_TRUE(Replied(cmd("AT+WIPBR=2,6,11,\"internet\""), {}, "OK"));
        ASSERT_TRUE(Replied(cmd("AT+WIPBR=4,6,0", seconds(15)), {}, "OK"));
    }

    // TCP client 1 to `host`:`port` (10.64.0.1 is the host's 127.0.0.1).
    void open_socket(std::uint16_t port, const std::string& host = "10.64.0.1") {
        ASSERT_TRUE(Replied(cmd("AT+WIPCREATE=2,1,\"" + host + "\"," + std::to_string(port)), {}, "OK"));
        ASSERT_TRUE(saw("+WIPREADY: 2,1", 10));
    }

    // The payload of every +WIPDATA: 2,1 line since transcript index `mark`, concatenated.
    std::string data_since(std::size_t mark) const {
        std::string data;
        for (const std::string& line : rig.received_since(mark)) {
            if (!line.starts_with("+WIPDATA: 2,1,")) continue;
            const auto quote = line.find('"');
            data += line.substr(quote + 1, line.size() - quote - 2);
        }
        return data;
    }

    ModemUnderTest rig;
    HostNetwork network;
};

// socat on 127.0.0.1:{port} echoing every connection with cat.
inline test::HostServer cat_echo_server() {
    return test::HostServer({"socat", "TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork", "EXEC:cat"});
}

}  // namespace q2686::integration
