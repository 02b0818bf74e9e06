#include "base/event_log.h"

namespace q2686 {

const char* to_string(EventKind kind) {
    switch (kind) {
        case EventKind::GuestError: return "guest-error";
        case EventKind::Unimplemented: return "unimplemented";
        case EventKind::Mmio: return "mmio";
        case EventKind::Cpu: return "cpu";
        case EventKind::Semihosting: return "semihosting";
        case EventKind::Rtc: return "rtc";
        case EventKind::Uart: return "uart";
        case EventKind::Power: return "power";
        case EventKind::FirmwareLog: return "firmware-log";
        case EventKind::Network: return "network";
        case EventKind::Packet: return "packet";
        case EventKind::Tls: return "tls";
        case EventKind::Flash: return "flash";
    }
    return "?";
}

void EventLog::emit(Event event) {
    for (const auto& subscriber : subscribers_) subscriber(event);
    recent_.push_back(std::move(event));
    while (recent_.size() > keep_) recent_.pop_front();
}

}  // namespace q2686
