// Q2686Modem — the whole emulated modem: the CPU core (Machine) with the Q2686 peripherals on
// its MMIO window, the power and reset model, and the host side of the AT port.
//
// Power model (docs/hardware.md "Power"):
//  * power_on(): RAM and TCM start cleared (flash keeps the firmware), the RTC resumes — or,
//    without the backup battery, restarts at 1998-01-01 00:00:00 — devices take their reset
//    state, and the CPU starts at the reset vector with reset cause POWER_ON.
//  * power_off(): the CPU stops; only virtual time (and the battery-backed RTC) goes on.
//  * the RTC alarm (AT+CALA) firing while the modem is off, with the backup battery: the modem
//    switches itself on as power_on() does, with reset cause RTC_ALARM (ADL_INIT_RTC for the
//    application). It happens inside run_until(), at the alarm's exact cycle.
//  * software reset (AT+CFUN=1 → SYSCTL_RESET) and watchdog expiry: devices reset, RAM kept,
//    the RTC keeps its time, the CPU restarts with cause SOFTWARE / WATCHDOG.
// Firmware-initiated resets and power-offs happen inside an MMIO access; they are deferred to
// the end of the running block (the machine is asked to stop, then the action is applied).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/machine.h"
#include "modem/flash_objects.h"
#include "modem/memory_port.h"
#include "gsm/gprs_link.h"
#include "gsm/network_model.h"
#include "peripherals/baseband.h"
#include "peripherals/debug_console.h"
#include "peripherals/flash_controller.h"
#include "peripherals/interrupt_controller.h"
#include "peripherals/packet_interface.h"
#include "peripherals/rtc.h"
#include "peripherals/system_control.h"
#include "peripherals/timer.h"
#include "peripherals/trng.h"
#include "peripherals/uart.h"
#include "peripherals/watchdog.h"

namespace q2686 {

struct ModemConfig {
    MachineConfig machine;
    std::string firmware;                 // ARM ELF image for flash
    bool battery = true;                  // backup battery on RTC-BAT
    std::string imei;                     // empty: the system controller's default
    Uart::HostSink at_output;             // bytes the modem sends on UART1 (the AT port)
    // Does the host on the AT port honour the modem's CTS (RTS/CTS flow control, AT+IFC)? Then it
    // never overruns the modem's receive buffer; otherwise it sends whatever CTS says.
    bool at_host_honours_cts = false;
    DebugConsole::LineSink firmware_log;  // lines the firmware prints on its DEBUG console
    GprsLinkConfig link;                  // the GPRS bearer's radio conditions
    // The network's true UTC (s since 1970) at virtual time 0: what its NITZ messages are
    // based on (gsm/network_time.h; the CLI's --network-utc, a scenario's network: {utc: ...}).
    std::int64_t network_utc = kDefaultNetworkUtc;
    // Seed of the TRNG's deterministic "noise" (peripherals/trng.h): the same seed gives the
    // same random words, hence the same keys — reproducible, and not secret.
    std::uint64_t entropy_seed = kDefaultEntropySeed;
    // The 32.768 kHz crystal's error in parts per billion (+20 ppm = 20'000: the RTC gains
    // 51.84 s in 30 days); ±Rtc::kMaxDriftPpb.
    std::int64_t rtc_drift_ppb = 0;
    // The SIM card in the holder (CLI --sim, a scenario's modem: {sim: ...}); the network()'s
    // set_sim() changes it while the modem runs (removal, insertion).
    SimCard sim;
};

enum class ResetCause { PowerOn, Software, Watchdog, RtcAlarm };

class Q2686Modem {
public:
    explicit Q2686Modem(ModemConfig config);  // loads the firmware; the modem starts off
    Q2686Modem(const Q2686Modem&) = delete;
    Q2686Modem& operator=(const Q2686Modem&) = delete;
    ~Q2686Modem();

    void power_on();
    void power_off();
    bool powered() const { return machine_.powered(); }
    void set_battery(bool present) { battery_ = present; }
    bool battery() const { return battery_; }

    // Runs until virtual time `until` (absolute cycles), a firmware fault, or a stop request.
    RunResult run_until(Cycles until);
    // With a debugger attached, a watchdog expiry ends run_until() as a Fault of kind
    // Watchdog *before* the reset, so the debugger sees where the firmware hung; the reset
    // happens when the modem runs again.
    void set_halt_on_watchdog(bool on) { halt_on_watchdog_ = on; }
    void request_stop() { machine_.request_stop(); }

    // Host → modem on the AT port, at the UART's baud rate. Bytes sent to a switched-off
    // modem are lost (logged as a power event).
    void send_at(std::string_view bytes);
    void set_at_output(Uart::HostSink sink) { uart1_.set_host_sink(std::move(sink)); }

    Cycles now() const { return machine_.scheduler().now(); }
    const ClockRate& clock() const { return machine_.clock(); }
    Machine& machine() { return machine_; }
    const Machine& machine() const { return machine_; }
    Rtc& rtc() { return rtc_; }
    Uart& at_uart() { return uart1_; }
    EventLog& events() { return machine_.events(); }
    // The GSM/GPRS network the radio sees (registration, signal, attach, PDP contexts): its
    // controls are what the CLI and scenarios use. Kept across power cycles.
    NetworkModel& network() { return network_; }
    const NetworkModel& network() const { return network_; }
    // The radio link IP packets cross while a PDP context is active (gsm/gprs_link.h): its
    // uplink sink is the operator's network — host/ attaches a gateway to real sockets there
    // and sends its answers with link().send(LinkDirection::Downlink, ...). Without one,
    // uplink packets vanish at the far end of the link.
    GprsLink& link() { return link_; }
    // Every IP packet at the modem's air interface: uplink when the packet interface sends it,
    // downlink when it arrives from the link (pcap, packet lists).
    using PacketObserver = std::function<void(LinkDirection direction, const IpPacket& packet, Cycles when)>;
    int add_packet_observer(PacketObserver observer);
    void remove_packet_observer(int id);
    // The Open AT-style flash objects in the top MiB of flash (docs/flash-objects.md): kept
    // across power cycles; the host may store or erase them only while the modem is off.
    FlashObjects& flash_objects() { return flash_objects_; }
    FlashController& flash_controller() { return flashctl_; }
    Trng& trng() { return trng_; }

private:
    void power_on(ResetCause cause);  // PowerOn, or RtcAlarm for the alarm's wake-up
    void reset(ResetCause cause);
    void reset_devices();
    void apply_deferred_action();
    void update_data_link(Cycles now);  // PKTIF link and the GPRS link follow the PDP contexts
    void observe(LinkDirection direction, const IpPacket& packet, Cycles when) const;

    ModemConfig config_;
    Machine machine_;
    InterruptController intc_;
    SystemControl sysctl_;
    Timer timer0_;
    Timer timer1_;
    Watchdog watchdog_;
    Rtc rtc_;
    Uart uart1_;
    Uart uart2_;
    DebugConsole debug_;
    NetworkModel network_;
    Baseband baseband_;
    GprsLink link_;
    MemoryPort dma_;  // the external RAM: the bus masters' view
    PacketInterface pktif_;
    Trng trng_;
    MemoryPort flash_port_;  // the NOR array: FLASHCTL's and the host's path
    FlashController flashctl_;
    FlashObjects flash_objects_;
    std::vector<std::pair<int, PacketObserver>> packet_observers_;
    int next_observer_id_ = 1;
    int network_listener_ = 0;
    bool battery_;
    bool halt_on_watchdog_ = false;
    enum class Deferred { None, SoftwareReset, WatchdogReset, PowerOff, AlarmPowerOn } deferred_ = Deferred::None;
};

}  // namespace q2686
