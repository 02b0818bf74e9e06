#include "modem/q2686_modem.h"

#include <optional>
#include <string>

#include <fmt/format.h>

#include "base/input_error.h"
#include "q2686_flash_objects.h"
#include "q2686_hw.h"

namespace q2686 {

namespace {
std::uint32_t page(std::uint32_t base) {
    return base - Q2686_MMIO_BASE;
}

// The top MiB of flash belongs to the flash objects: an image reaching into it would be
// overwritten by the store (and the store by it). rom-stubs.ld ends FLASH below it too.
ElfImage clear_of_flash_objects(ElfImage image) {
    for (const ElfSegment& segment : image.segments) {
        const std::uint64_t end = std::uint64_t{segment.load_address} + segment.memory_size;
        if (segment.load_address < FLASHOBJ_AREA_BASE + FLASHOBJ_AREA_SIZE && end > FLASHOBJ_AREA_BASE)
            throw InputError(fmt::format(
                "{}: segment [{:#010x}, {:#010x}) reaches into the flash-object area "
                "[{:#010x}, {:#010x}) (docs/hardware.md)",
                image.path, segment.load_address, end, FLASHOBJ_AREA_BASE, FLASHOBJ_AREA_BASE + FLASHOBJ_AREA_SIZE));
    }
    return image;
}

// An Open AT application has entry points: the task table adl_InitTasks[], or adl_main() (the
// ROM's own default is weak and does not count). Without either the ROM would boot and sit
// idle, which is never what the user meant (docs/sdk.md).
// A 32-bit little-endian word of the image at `address` (where a loaded segment puts it), or
// nothing when no segment holds it.
std::optional<std::uint32_t> word_at(const ElfImage& image, std::uint32_t address) {
    for (const ElfSegment& segment : image.segments) {
        if (address < segment.load_address) continue;
        const std::uint64_t offset = std::uint64_t{address} - segment.load_address;
        if (offset + 4 > segment.bytes.size()) continue;
        const auto* b = segment.bytes.data() + offset;
        return std::uint32_t{b[0]} | std::uint32_t{b[1]} << 8 | std::uint32_t{b[2]} << 16 | std::uint32_t{b[3]} << 24;
    }
    return std::nullopt;
}

// The task table (adl_global.h: { EntryPoint, StackSize, Name, Priority }, 16 bytes a line, a
// line of zeros at the end) as the firmware would start it: refused when it is empty, does not
// end, declares a task with no stack, or more stack than the RAM holds. Its data is constant
// (in flash), so it can be read from the image.
void check_task_table(const ElfImage& image, const ElfSymbol& tasks) {
    constexpr std::uint32_t kLine = 16;
    constexpr std::uint64_t kRam = 4u << 20;  // docs/hardware.md: 4 MiB of RAM
    const auto fail = [&image](const std::string& why) {
        throw InputError(fmt::format("{}: the task table adl_InitTasks[] {} (docs/sdk.md)", image.path, why));
    };
    const std::uint32_t lines = tasks.size / kLine;
    std::uint64_t stacks = 0;
    unsigned count = 0;
    for (std::uint32_t i = 0;; ++i) {
        if (tasks.size != 0 && i >= lines) fail("does not end with a line { 0, 0, 0, 0 }");
        const auto entry = word_at(image, tasks.address + i * kLine);
        const auto stack = word_at(image, tasks.address + i * kLine + 4);
        if (!entry || !stack) fail("is not in the image's constant data (declare it const)");
        if (*entry == 0) break;
        if (*stack == 0) fail(fmt::format("gives task {} a stack size of 0", i + 1));
        stacks += *stack;
        ++count;
    }
    if (count == 0) fail("declares no task: at least one line before { 0, 0, 0, 0 }");
    if (stacks > kRam) fail(fmt::format("asks for {} bytes of stack, more than the {} bytes of RAM", stacks, kRam));
}

ElfImage open_at_application(ElfImage image) {
    const ElfSymbol* tasks = image.symbols.find("adl_InitTasks");
    const ElfSymbol* main = image.symbols.find("adl_main");
    if (tasks) check_task_table(image, *tasks);
    if (tasks || (main && !main->weak)) return image;
    if (image.symbols.size() == 0)
        throw InputError(
            fmt::format("{}: not an Open AT application: it has no symbol table, so neither "
                        "adl_InitTasks nor adl_main can be found (do not strip the image; "
                        "docs/sdk.md)",
                        image.path));
    throw InputError(
        fmt::format("{}: not an Open AT application: it defines neither the task table "
                    "adl_InitTasks[] nor adl_main() (docs/sdk.md)",
                    image.path));
}
}  // namespace

namespace {
NetworkProfile network_profile(const ModemConfig& config) {
    NetworkProfile profile;
    profile.utc_at_start = config.network_utc;
    return profile;
}
}  // namespace

Q2686Modem::Q2686Modem(ModemConfig config)
    : config_(std::move(config)),
      machine_(config_.machine),
      intc_(machine_.events()),
      sysctl_(machine_.events(), machine_.clock(),
              SystemControlHooks{[this] {
                                     deferred_ = Deferred::SoftwareReset;
                                     machine_.request_stop();
                                 },
                                 [this] {
                                     deferred_ = Deferred::PowerOff;
                                     machine_.request_stop();
                                 },
                                 [this] { machine_.cpu().enter_idle(); }}),
      timer0_("timer0", machine_.scheduler(), machine_.events(), IrqLine{&intc_, Q2686_IRQ_TIMER0}),
      timer1_("timer1", machine_.scheduler(), machine_.events(), IrqLine{&intc_, Q2686_IRQ_TIMER1}),
      watchdog_(machine_.scheduler(), machine_.events(), machine_.clock(),
                [this] {
                    deferred_ = Deferred::WatchdogReset;
                    machine_.request_stop();
                }),
      rtc_(machine_.scheduler(), machine_.events(), machine_.clock(), IrqLine{&intc_, Q2686_IRQ_RTC},
           config_.rtc_drift_ppb,
           [this] {
               // The RTC alarm fired while the modem was off: it switches the modem on (AT+CALA
               // wake-up) — only if the backup battery kept the RTC running.
               if (machine_.powered() || !battery_) return;
               deferred_ = Deferred::AlarmPowerOn;
               machine_.request_stop();
           }),
      uart1_("uart1", machine_.scheduler(), machine_.events(), machine_.clock(), IrqLine{&intc_, Q2686_IRQ_UART1},
             config_.at_output),
      uart2_("uart2", machine_.scheduler(), machine_.events(), machine_.clock(), IrqLine{&intc_, Q2686_IRQ_UART2}),
      debug_(machine_.events(), config_.firmware_log),
      network_(machine_.scheduler(), machine_.events(), machine_.clock(), network_profile(config_)),
      baseband_(network_, machine_.events(), IrqLine{&intc_, Q2686_IRQ_BASEBAND}),
      link_(machine_.scheduler(), machine_.events(), machine_.clock(), config_.link),
      dma_(machine_.cpu(), machine_.memory_map().ram()),
      pktif_(machine_.events(), dma_, IrqLine{&intc_, Q2686_IRQ_PKTIF}),
      trng_(machine_.events(), machine_.clock(), config_.entropy_seed),
      flash_port_(machine_.cpu(), *machine_.memory_map().find("flash")),
      flashctl_(machine_.scheduler(), machine_.events(), machine_.clock(), dma_, flash_port_,
                IrqLine{&intc_, Q2686_IRQ_FLASHCTL}),
      flash_objects_(flash_port_, machine_.events(), machine_.scheduler(), [this] { return machine_.powered(); }),
      battery_(config_.battery) {
    if (!config_.sim.present || !config_.sim.pin.empty()) network_.set_sim(config_.sim, 0);
    MmioBus& bus = machine_.mmio();
    bus.attach(page(Q2686_SYSCTL_BASE), Q2686_PAGE_SIZE, sysctl_);
    bus.attach(page(Q2686_INTC_BASE), Q2686_PAGE_SIZE, intc_);
    bus.attach(page(Q2686_TIMER0_BASE), Q2686_PAGE_SIZE, timer0_);
    bus.attach(page(Q2686_TIMER1_BASE), Q2686_PAGE_SIZE, timer1_);
    bus.attach(page(Q2686_WDOG_BASE), Q2686_PAGE_SIZE, watchdog_);
    bus.attach(page(Q2686_RTC_BASE), Q2686_PAGE_SIZE, rtc_);
    bus.attach(page(Q2686_UART1_BASE), Q2686_PAGE_SIZE, uart1_);
    bus.attach(page(Q2686_UART2_BASE), Q2686_PAGE_SIZE, uart2_);
    bus.attach(page(Q2686_DEBUG_BASE), Q2686_PAGE_SIZE, debug_);
    bus.attach(page(Q2686_BASEBAND_BASE), Q2686_PAGE_SIZE, baseband_);
    bus.attach(page(Q2686_PKTIF_BASE), Q2686_PAGE_SIZE, pktif_);
    bus.attach(page(Q2686_TRNG_BASE), Q2686_PAGE_SIZE, trng_);
    bus.attach(page(Q2686_FLASHCTL_BASE), Q2686_PAGE_SIZE, flashctl_);
    // The data path: packet interface → link uplink → (the network); (the network) → link
    // downlink → packet interface. The link exists while a PDP context is active.
    pktif_.set_transmit([this](IpPacket packet, Cycles when) {
        observe(LinkDirection::Uplink, packet, when);
        link_.send(LinkDirection::Uplink, std::move(packet), when);
    });
    link_.set_downlink_sink([this](IpPacket packet, Cycles when) {
        observe(LinkDirection::Downlink, packet, when);
        pktif_.receive(packet, when);
    });
    network_listener_ = network_.add_listener([this](std::uint32_t, Cycles when) { update_data_link(when); });
    link_.set_available(false, now());  // no PDP context yet
    // The interrupt controller's output is the CPU's IRQ input.
    intc_.on_output_change([this](bool asserted) { machine_.cpu().set_irq_line(asserted); });
    if (!config_.imei.empty()) sysctl_.set_imei(config_.imei);
    uart1_.set_host_honours_cts(config_.at_host_honours_cts);
    machine_.load(clear_of_flash_objects(open_at_application(load_elf_file(config_.firmware))));
    // The flash-object area leaves the factory erased.
    flash_port_.write(FLASHOBJ_AREA_BASE, std::vector<std::uint8_t>(FLASHOBJ_AREA_SIZE, 0xFF));
    // The modem starts switched off; the RTC has been running (from its factory default).
    machine_.set_powered(false);
}

Q2686Modem::~Q2686Modem() {
    network_.remove_listener(network_listener_);
}

void Q2686Modem::update_data_link(Cycles when) {
    bool active = false;
    for (unsigned cid = 1; cid <= NetworkModel::kMaxCid; ++cid) active = active || network_.context(cid).active;
    if (pktif_.state().link_up == active) return;
    pktif_.set_link_up(active, when);
    link_.set_available(active, when);
}

int Q2686Modem::add_packet_observer(PacketObserver observer) {
    packet_observers_.emplace_back(next_observer_id_, std::move(observer));
    return next_observer_id_++;
}

void Q2686Modem::remove_packet_observer(int id) {
    std::erase_if(packet_observers_, [id](const auto& entry) { return entry.first == id; });
}

void Q2686Modem::observe(LinkDirection direction, const IpPacket& packet, Cycles when) const {
    for (const auto& [id, observer] : packet_observers_) observer(direction, packet, when);
}

void Q2686Modem::reset_devices() {
    intc_.reset();
    sysctl_.reset();
    timer0_.reset();
    timer1_.reset();
    watchdog_.reset();
    uart1_.reset();
    uart2_.reset();
    rtc_.reset();
    baseband_.reset();
    pktif_.reset();
    trng_.reset();
    flashctl_.reset(now());  // an erase or program in flight is cut short
}

void Q2686Modem::reset(ResetCause cause) {
    reset_devices();
    network_.lock_sim();       // the new boot reads the SIM again before the radio registers
    network_.power_on(now());  // the radio restarts too: registration from "searching"
    sysctl_.set_reset_cause(cause == ResetCause::Software   ? SYSCTL_CAUSE_SOFTWARE
                            : cause == ResetCause::Watchdog ? SYSCTL_CAUSE_WATCHDOG
                            : cause == ResetCause::RtcAlarm ? SYSCTL_CAUSE_RTC_ALARM
                                                            : SYSCTL_CAUSE_POWER_ON);
    ArmCpu& cpu = machine_.cpu();
    cpu.wake();
    cpu.set_irq_line(false);
    cpu.reset(machine_.image()->entry, machine_.image()->entry_thumb);
    machine_.events().emit({now(), EventKind::Power, "power",
                            cause == ResetCause::Software   ? "software reset"
                            : cause == ResetCause::Watchdog ? "watchdog reset"
                            : cause == ResetCause::RtcAlarm ? "power on by the RTC alarm"
                                                            : "power on"});
}

void Q2686Modem::power_on() {
    power_on(ResetCause::PowerOn);
}

void Q2686Modem::power_on(ResetCause cause) {
    if (deferred_ == Deferred::AlarmPowerOn) deferred_ = Deferred::None;  // the host switched it on first
    if (machine_.powered()) return;
    // RAM and TCM lost their contents while off; flash kept the firmware.
    for (const auto& region : machine_.memory_map().regions())
        if (region.kind == RegionKind::Ram || region.kind == RegionKind::Tcm) machine_.cpu().clear_region(region);
    rtc_.power_on(now(), battery_);
    machine_.set_powered(true);
    reset(cause);
}

void Q2686Modem::send_at(std::string_view bytes) {
    if (machine_.powered()) return uart1_.host_send(bytes);
    machine_.events().emit({now(), EventKind::Power, "power",
                            fmt::format("{} byte(s) sent to the AT port while off: lost", bytes.size())});
}

void Q2686Modem::power_off() {
    if (!machine_.powered()) return;
    reset_devices();  // nothing but the battery-backed RTC keeps running
    uart1_.discard_host_input();
    uart2_.discard_host_input();
    rtc_.power_off(now());
    network_.power_off(now());
    machine_.cpu().set_irq_line(false);
    machine_.set_powered(false);
    machine_.events().emit({now(), EventKind::Power, "power",
                            fmt::format("power off (backup battery {})", battery_ ? "present" : "absent")});
}

void Q2686Modem::apply_deferred_action() {
    const Deferred action = deferred_;
    deferred_ = Deferred::None;
    switch (action) {
        case Deferred::None: break;
        case Deferred::SoftwareReset: reset(ResetCause::Software); break;
        case Deferred::WatchdogReset: reset(ResetCause::Watchdog); break;
        case Deferred::PowerOff: power_off(); break;
        case Deferred::AlarmPowerOn: power_on(ResetCause::RtcAlarm); break;
    }
}

RunResult Q2686Modem::run_until(Cycles until) {
    // A debugger stop (RunOutcome::Debug) can end a run before a deferred reset or power-off
    // was applied: apply it now, before anything runs.
    if (deferred_ != Deferred::None) apply_deferred_action();
    for (;;) {
        RunResult result = machine_.run(until);
        if (result.outcome != RunOutcome::Stopped || deferred_ == Deferred::None) return result;
        if (deferred_ == Deferred::WatchdogReset && halt_on_watchdog_) {
            machine_.events().emit(
                {now(), EventKind::Power, "watchdog", "watchdog expired; the reset waits until the debugger resumes"});
            result.outcome = RunOutcome::Fault;
            result.fault = CpuFault{"watchdog expired: the firmware stopped kicking it (the reset follows on resume)",
                                    result.registers.r[15], std::nullopt, FaultKind::Watchdog};
            return result;
        }
        apply_deferred_action();
    }
}

}  // namespace q2686
