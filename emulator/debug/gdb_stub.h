// GdbStub — the GDB Remote Serial Protocol over a Debugger, without I/O: the host side
// (host/gdb/gdb_server.h) feeds it the client's bytes and sends what it writes.
//
// Packets served (GDB manual, "Packets"; all-stop mode, one thread):
//   qSupported, qXfer:features:read:target.xml (the org.gnu.gdb.arm.core feature: r0-r12, sp,
//   lr, pc, cpsr as register 25), ?, g, G, p, P, m, M, X, c, s, C, S, vCont (c, s, and their
//   signal forms; one action for the whole target), Z0/z0 and Z1/z1 (breakpoints, neither
//   writes guest memory), Z2/Z3/Z4 (write/read/access watchpoints, on the MMIO window too),
//   Ctrl-C, k, D, qRcmd (`monitor ...`: built-in `help` and `time`, plus what the front end
//   adds), qAttached, qC, H, T, qfThreadInfo/qsThreadInfo, qSymbol, qOffsets.
// Anything else gets the empty reply ("not supported"); a malformed packet gets E01 — never a
// crash, never an exception out of receive().
//
// Stop replies: T05 (SIGTRAP) for breakpoints, steps and the halt at reset, with
// "watch:/rwatch:/awatch:ADDR" for watchpoints; T02 (SIGINT) for Ctrl-C; T0b (SIGSEGV) for a
// data/prefetch abort; T04 (SIGILL) for an undefined instruction; T06 (SIGABRT) for a
// watchdog expiry; W<status> when the run ends.
#pragma once

#include <functional>
#include <map>
#include <utility>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "debug/debugger.h"
#include "debug/rsp_packet.h"

namespace q2686 {

class GdbStub {
public:
    // Returns the text GDB prints.
    using MonitorCommand = std::function<std::string(std::string_view args)>;

    explicit GdbStub(Debugger& debugger);

    void add_monitor_command(std::string name, std::string help, MonitorCommand command);

    // Bytes from the client.
    void receive(std::string_view bytes);
    // Bytes for the client, accumulated since the last call.
    std::string take_output() { return std::exchange(output_, {}); }

    // The front end calls this after every slice: when a resumed target has halted again, the
    // stop reply goes out.
    void poll_stop();
    // The run is over (exit, time limit, quit): "W<status>" if the client waits for a stop.
    void notify_exit(int status);

    // A new client connected (the target halts) / the client went away (breakpoints go, the
    // target runs on).
    void client_connected();
    void client_disconnected();
    bool kill_requested() const { return kill_requested_; }
    bool detached() const { return detached_; }

private:
    void handle(std::string_view packet);
    std::optional<std::string> dispatch(std::string_view packet);
    void reply(std::string_view payload);
    std::string stop_reply() const;
    std::string read_registers() const;
    std::string write_registers(std::string_view hex);
    std::string read_register(std::string_view args) const;
    std::string write_register(std::string_view args);
    std::string read_memory(std::string_view args);
    std::string write_memory(std::string_view args, bool binary);
    std::string breakpoint(std::string_view args, bool insert);
    std::string query(std::string_view packet);
    std::string features(std::string_view args) const;
    std::string monitor(std::string_view hex);
    std::optional<std::string> resume(char action, std::string_view args);
    std::optional<std::string> vpacket(std::string_view packet);

    struct Monitor {
        std::string help;
        MonitorCommand command;
    };

    Debugger& debugger_;
    rsp::Decoder decoder_;
    std::string output_;
    std::string last_packet_;  // resent on '-'
    std::map<std::string, Monitor, std::less<>> monitors_;
    bool waiting_for_stop_ = false;  // the client resumed the target and waits for a stop reply
    bool no_ack_ = false;
    bool kill_requested_ = false;
    bool detached_ = false;
};

}  // namespace q2686
