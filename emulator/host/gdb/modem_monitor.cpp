#include "host/gdb/modem_monitor.h"

#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

#include "debug/gdb_stub.h"
#include "modem/q2686_modem.h"
#include "time/rtc_calendar.h"
#include "q2686_hw.h"

namespace q2686 {

namespace {

std::string rtc_text(Q2686Modem& modem) {
    const Rtc& rtc = modem.rtc();
    const CivilDateTime t = rtc.calendar_at(modem.now());
    const int tz = rtc.tz();
    std::string text = fmt::format("{:02}/{:02}/{:02},{:02}:{:02}:{:02}{}{:02}", t.year % 100, t.month, t.day, t.hour,
                                   t.minute, t.second, tz < 0 ? '-' : '+', std::abs(tz));
    text += fmt::format("   ({} UTC{}; backup battery {}; modem {}{})", format_rtc(t), format_tz(tz),
                        modem.battery() ? "present" : "absent", modem.powered() ? "on" : "off",
                        (rtc.status() & RTC_STATUS_LOST) ? "; time LOST at the last power-up (RTC_STATUS.LOST)" : "");
    return text;
}

}  // namespace

void add_modem_monitor_commands(GdbStub& stub, Q2686Modem& modem) {
    stub.add_monitor_command("rtc", "the RTC as AT+CCLK shows it (yy/MM/dd,hh:mm:ss±zz)",
                             [&modem](std::string_view) { return rtc_text(modem); });
    stub.add_monitor_command(
        "power-cycle", "power off and on again (RAM cleared; the RTC keeps time only with the battery)",
        [&modem](std::string_view) {
            modem.power_off();
            modem.power_on();
            return fmt::format(
                "power cycled (backup battery {}); the CPU is at the reset vector {:#010x}\n"
                "RTC now {}\n"
                "GDB still shows the old registers: run 'maintenance flush register-cache'",
                modem.battery() ? "present" : "absent", modem.machine().cpu().pc(), rtc_text(modem));
        });
    stub.add_monitor_command(
        "battery", "on|off: insert or remove the RTC backup battery", [&modem](std::string_view args) -> std::string {
            if (args == "on")
                modem.set_battery(true);
            else if (args == "off")
                modem.set_battery(false);
            else if (!args.empty())
                return "usage: monitor battery on|off";
            return fmt::format("backup battery {}{}", modem.battery() ? "present" : "absent",
                               modem.battery() ? "" : ": the RTC loses its time at the next power-off");
        });
    stub.add_monitor_command("events", "[N]: the last N events (default 16)", [&modem](std::string_view args) {
        std::size_t n = 16;
        if (!args.empty()) {
            const auto [end, error] = std::from_chars(args.data(), args.data() + args.size(), n);
            if (error != std::errc() || end != args.data() + args.size())
                return std::string("usage: monitor events [N]");
        }
        const auto& recent = modem.events().recent();
        std::string out;
        for (std::size_t i = recent.size() > n ? recent.size() - n : 0; i < recent.size(); ++i) {
            const Event& e = recent[i];
            out += fmt::format("[{:>12}] {:<13} {:<12} {}\n", e.when, to_string(e.kind), e.source, e.text);
        }
        return out.empty() ? std::string("no events yet") : out;
    });
}

}  // namespace q2686
