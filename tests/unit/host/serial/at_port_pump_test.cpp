// pump_at_port: host bytes reach the modem between slices, the modem's answers reach the
// host, and each way of ending a session ends it — in virtual time, so no wall-clock asserts.
#include "host/serial/at_port_pump.h"

#include <signal.h>

#include <atomic>
#include <deque>

#include <gtest/gtest.h>

namespace q2686 {
namespace {

// A host that sends scripted input, one chunk per poll, then reports `after`.
class ScriptedEndpoint final : public SerialEndpoint {
public:
    ScriptedEndpoint(std::deque<std::string> chunks, HostInput after) : chunks_(std::move(chunks)), after_(after) {}

    std::string description() const override { return "script"; }
    HostInput poll(std::string& into) override {
        ++polls;
        if (on_poll) on_poll(polls);
        if (chunks_.empty()) return after_;
        into += chunks_.front();
        chunks_.pop_front();
        return HostInput::Open;
    }
    void write(std::string_view bytes) override { output.append(bytes); }

    std::string output;
    int polls = 0;
    std::function<void(int)> on_poll;

protected:
    std::vector<int> wait_fds() const override { return {}; }

private:
    std::deque<std::string> chunks_;
    HostInput after_;
};

class RunModemPump : public ::testing::Test {
protected:
    RunModemPump() : modem_(config()) { modem_.power_on(); }
    static ModemConfig config() {
        ModemConfig c;
        c.firmware = Q2686_ROM_IMAGE;
        return c;
    }
    Cycles seconds(double s) const { return Cycles(s * double(modem_.clock().hz)); }

    Q2686Modem modem_;
};

TEST_F(RunModemPump, AnswersTheHostAndStopsOnceInputEndedAndTheModemWentQuiet) {
    ScriptedEndpoint host({"AT+CGMI\r"}, HostInput::Ended);
    const PumpResult result = pump_at_port(modem_, host, {});
    EXPECT_EQ(result.end, PumpEnd::InputEnded);
    EXPECT_NE(host.output.find("+WIND: 3"), std::string::npos) << host.output;
    EXPECT_NE(host.output.find("WAVECOM MODEM\r\n\r\nOK\r\n"), std::string::npos) << host.output;
    EXPECT_EQ(result.bytes_in, 8u);
    EXPECT_EQ(result.bytes_out, host.output.size());
    // Quiet for the drain time (1 s) after the last byte, then no more than one slice more.
    EXPECT_GE(result.cycles, seconds(1.0));
    EXPECT_LT(result.cycles, seconds(1.5));
}

TEST_F(RunModemPump, InputArrivingInPiecesIsOneCommandLine) {
    ScriptedEndpoint host({"A", "T", "+CG", "MM", "\r"}, HostInput::Ended);
    pump_at_port(modem_, host, {});
    EXPECT_NE(host.output.find("Q2686RD\r\n\r\nOK\r\n"), std::string::npos) << host.output;
}

TEST_F(RunModemPump, StopsExactlyAtTheTimeLimit) {
    ScriptedEndpoint host({}, HostInput::Open);
    PumpOptions options;
    options.until = seconds(3.0);
    const PumpResult result = pump_at_port(modem_, host, options);
    EXPECT_EQ(result.end, PumpEnd::TimeLimit);
    EXPECT_EQ(result.cycles, options.until);
    // +WIND: 4 comes 2 s after +WIND: 3: the modem ran through the whole window.
    EXPECT_NE(host.output.find("+WIND: 4"), std::string::npos) << host.output;
}

TEST_F(RunModemPump, APacedRunReachesTheSameVirtualTimeAsAnUnpacedOne) {
    // Pacing changes how long the host waits, never what happens. (Wall time is not asserted.)
    ScriptedEndpoint host({"ATI3\r"}, HostInput::Open);
    PumpOptions options;
    options.speed = Speed{1.0};
    options.until = seconds(0.05);
    const PumpResult result = pump_at_port(modem_, host, options);
    EXPECT_EQ(result.end, PumpEnd::TimeLimit);
    EXPECT_EQ(result.cycles, options.until);
    EXPECT_NE(host.output.find("R7.44.0.q2686emu Q2686RD"), std::string::npos) << host.output;
}

TEST_F(RunModemPump, AStopSignalEndsTheSessionBetweenSlices) {
    std::atomic<int> stop{0};
    ScriptedEndpoint host({}, HostInput::Open);
    host.on_poll = [&](int polls) {
        if (polls == 50) stop = SIGTERM;
    };
    PumpOptions options;
    options.stop = &stop;
    const PumpResult result = pump_at_port(modem_, host, options);
    EXPECT_EQ(result.end, PumpEnd::Signal);
    EXPECT_EQ(result.signal, SIGTERM);
    EXPECT_EQ(host.polls, 50);
}

TEST_F(RunModemPump, TheQuitKeyEndsTheSessionAtOnce) {
    ScriptedEndpoint host({"AT\r"}, HostInput::Quit);
    const PumpResult result = pump_at_port(modem_, host, {});
    EXPECT_EQ(result.end, PumpEnd::HostQuit);
    EXPECT_EQ(result.bytes_in, 3u);
}

TEST_F(RunModemPump, ReleasesTheModemsAtOutputWhenTheSessionEnds) {
    ScriptedEndpoint host({"AT\r"}, HostInput::Ended);
    pump_at_port(modem_, host, {});
    const std::size_t seen = host.output.size();
    modem_.send_at("AT\r");
    modem_.run_until(modem_.now() + seconds(0.1));  // the sink is gone: nothing reaches `host`
    EXPECT_EQ(host.output.size(), seen);
}

}  // namespace
}  // namespace q2686
