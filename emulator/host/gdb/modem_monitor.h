// The modem's own GDB `monitor` commands (debug/gdb_stub.h), for a debugging session over a
// Q2686Modem:
//   monitor rtc                the RTC as AT+CCLK shows it: yy/MM/dd,hh:mm:ss±zz
//   monitor power-cycle        power off, then on (the CPU restarts at the reset vector)
//   monitor battery on|off     insert or remove the RTC backup battery
//   monitor events [N]         the last N (default 16) events of the event stream
// They run while the target is halted: none of them lets virtual time pass.
#pragma once

namespace q2686 {

class GdbStub;
class Q2686Modem;

void add_modem_monitor_commands(GdbStub& stub, Q2686Modem& modem);

}  // namespace q2686
