// GdbServer — the GDB stub (debug/gdb_stub.h) on a TCP listener, one client at a time,
// serviced between slices of emulation by the run loop (PumpDebugHook, host/serial/at_port_pump.h).
//
// Exposure: like --at-tcp, it listens on loopback (127.0.0.0/8, ::1) only; any other address
// is refused unless `allow_remote` — whoever reaches a GDB stub can read and write all of the
// modem's memory. A second client is turned away while one is connected.
//
// With a client connected the firmware's faults halt the modem and go to GDB as signals
// (SIGSEGV, SIGILL) instead of ending the run; the fault report still goes to the notice sink.
// When the client disconnects without detaching, breakpoints and watchpoints are removed and
// the modem runs on.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "debug/debugger.h"
#include "debug/gdb_stub.h"
#include "host/serial/at_port_pump.h"
#include "host/serial/tcp_address.h"
#include "host/serial/unique_fd.h"

namespace q2686 {

class GdbServer final : public PumpDebugHook {
public:
    using Notice = std::function<void(const std::string&)>;

    // Throws InputError for a bad or refused address (`option` names it: "--gdb").
    GdbServer(std::string_view spec, bool allow_remote, Machine& machine, std::string_view option = "--gdb");

    std::string description() const { return bound_.text(); }  // "127.0.0.1:3333"
    bool loopback_only() const { return bound_.loopback(); }
    bool has_client() const { return static_cast<bool>(client_); }
    Debugger& debugger() { return debugger_; }
    GdbStub& stub() { return stub_; }
    void set_notice(Notice notice) { notice_ = std::move(notice); }
    // Told when a client connects (true) or goes away (false): e.g. to make the modem report
    // a watchdog expiry to GDB (Q2686Modem::set_halt_on_watchdog).
    void set_client_observer(std::function<void(bool connected)> observer) { client_observer_ = std::move(observer); }
    // Halt now (before the first instruction: --gdb-wait) until a client continues.
    void halt_at_reset() { debugger_.halt(HaltCause::Reset); }

    void service(std::chrono::milliseconds wait) override;
    bool halted() const override { return debugger_.halted(); }
    bool take_stop(const RunResult& result) override;
    bool quit_requested() const override { return stub_.kill_requested(); }
    void session_ended(int exit_status) override;

private:
    void accept_client();
    void read_client();
    void flush();
    void drop_client(const std::string& why);
    void notify(const std::string& text) const {
        if (notice_) notice_(text);
    }

    Machine& machine_;
    ListenAddress bound_;
    UniqueFd listener_;
    UniqueFd client_;
    std::string client_name_;
    Debugger debugger_;
    GdbStub stub_;
    Notice notice_;
    std::function<void(bool)> client_observer_;
};

}  // namespace q2686
