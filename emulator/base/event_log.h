// EventLog — the machine's event stream: every observable thing that happens, stamped with
// the virtual cycle. Observers (CLI trace, fault reports, later the GUI and scenario reports)
// subscribe or read the most recent entries; they never reach into the devices.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "time/cycle_scheduler.h"

namespace q2686 {

enum class EventKind : std::uint8_t {
    GuestError,     // firmware did something a device does not accept (logged, never fatal)
    Unimplemented,  // firmware used a feature the model does not have
    Mmio,           // a register access
    Cpu,            // exception entry, halt, fault
    Semihosting,    // an ARM semihosting call (exit, console output)
    Rtc,            // an RTC read of the calendar, a write, a load, an alarm, a power transition
    Uart,           // a UART condition worth seeing: overrun, baud change (not every byte)
    FirmwareLog,    // one line the firmware printed on the DEBUG console
    Power,          // power on/off, resets, backup battery changes
    Network,        // the GSM/GPRS network model: registration, signal, attach, PDP contexts
    Packet,         // an IP packet on the GPRS link or at the host gateway (sent, lost, NATed, blocked)
    Tls,            // the passive TLS dissector: records, handshake steps, certificates, verdicts
    Flash,          // flash programming and erasing, flash objects written or loaded
};

const char* to_string(EventKind kind);

struct Event {
    Cycles when = 0;
    EventKind kind = EventKind::Cpu;
    std::string source;  // device or subsystem name
    std::string text;
};

class EventLog {
public:
    using Subscriber = std::function<void(const Event&)>;

    explicit EventLog(std::size_t keep = 64) : keep_(keep) {}

    void emit(Event event);
    void subscribe(Subscriber subscriber) { subscribers_.push_back(std::move(subscriber)); }
    const std::deque<Event>& recent() const { return recent_; }

private:
    std::size_t keep_;
    std::deque<Event> recent_;
    std::vector<Subscriber> subscribers_;
};

}  // namespace q2686
