#include "emulator_thread.h"

#include <capstone/capstone.h>
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/ecc.h>

#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "tls/dissector/certificate_verdict.h"
#include "ip/ipv4.h"
#include "scenario/scenario_executor.h"

namespace q2686::gui {

namespace {

using WallClock = std::chrono::steady_clock;

// Eight instructions before PC and twelve from it, in the CPU's state: ARM, or Thumb when CPSR's
// T bit is set (ARMv5TE Thumb: 16-bit instructions, BL as a 32-bit pair).
std::vector<std::string> disassemble_around(const ArmCpu& cpu, const ArmRegisters& r) {
    std::vector<std::string> lines;
    const bool thumb = (r.cpsr & 0x20u) != 0;
    const std::uint32_t width = thumb ? 2 : 4;
    const std::uint32_t pc = r.r[15];
    const std::uint32_t start = pc >= 8 * width ? pc - 8 * width : 0;
    std::vector<std::uint8_t> bytes(20 * width);
    if (!cpu.read_memory(start, bytes)) return {fmt::format("0x{:08x}  (not readable)", pc)};
    csh handle = 0;
    if (cs_open(CS_ARCH_ARM, thumb ? CS_MODE_THUMB : CS_MODE_ARM, &handle) != CS_ERR_OK) return {};
    cs_insn* insn = nullptr;
    const std::size_t count = cs_disasm(handle, bytes.data(), bytes.size(), start, 0, &insn);
    for (std::size_t i = 0; i < count; ++i)
        lines.push_back(fmt::format("{} 0x{:08x}  {} {}", insn[i].address == pc ? "►" : " ", insn[i].address,
                                    insn[i].mnemonic, insn[i].op_str));
    cs_free(insn, count);
    cs_close(&handle);
    return lines;
}

std::string packet_line(const ClockRate& clock, LinkDirection direction, const IpPacket& packet, Cycles when) {
    const auto header = ipv4::parse(packet);
    if (!header)
        return fmt::format("{:>10.3f} s {} {} B", clock.to_seconds(when),
                           direction == LinkDirection::Uplink ? "↑" : "↓", packet.size());
    std::string ports;
    if (const auto tcp = ipv4::parse_tcp(packet, *header))
        ports = fmt::format(" TCP {}→{} {}B", tcp->source_port, tcp->destination_port, tcp->payload_length);
    else if (const auto udp = ipv4::parse_udp(packet, *header))
        ports = fmt::format(" UDP {}→{}", udp->source_port, udp->destination_port);
    return fmt::format("{:>10.3f} s {} {:>5} B {} → {}{}", clock.to_seconds(when),
                       direction == LinkDirection::Uplink ? "↑" : "↓", packet.size(),
                       ipv4::format_address(header->source), ipv4::format_address(header->destination), ports);
}

}  // namespace

EmulatorThread::EmulatorThread(EmulatorSetup setup)
    : speed_(setup.speed), pause_at_(setup.pause_at), pause_when_script_done_(setup.pause_when_script_done) {
    clock_ = setup.modem.machine.clock;
    if (setup.scenario) {
        for (const scenario::ServerSettings& server : setup.scenario->servers)
            if (!server.external) servers_.push_back(server.builtin);
        published_.scenario = scenario_view_ = plan_scenario(*setup.scenario);
        thread_ = std::thread([this, scenario = std::move(*setup.scenario), firmware = setup.modem.firmware,
                               pki = setup.network.pki_cache] { run_scenario(scenario, firmware, pki); });
        return;
    }
    servers_ = setup.network.tls_servers;
    ModemSetup rig_setup;
    rig_setup.modem = setup.modem;
    rig_setup.network = std::move(setup.network);
    own_rig_ = std::make_unique<ModemRig>(std::move(rig_setup));
    watch(own_rig_->modem(), own_rig_->session(), *own_rig_->network());
    if (!setup.script.empty())
        script_ = std::make_unique<StoryRunner>(std::move(setup.script), *session_, modem_->clock());
    if (setup.start_powered) modem_->power_on();
    publish(0);
    thread_ = std::thread([this] {
        run_free();
        wc_ecc_fp_free();  // this thread's ECC point cache (the built-in servers ran here)
    });
}

// The panels' view of a modem: its events (without MMIO accesses) and its packets.
void EmulatorThread::watch(Q2686Modem& modem, AtSession& session, HostNetwork& network) {
    modem_ = &modem;
    session_ = &session;
    network_ = &network;
    modem.events().subscribe([this](const Event& e) {
        if (e.kind == EventKind::Mmio) return;
        event_buffer_.push_back({e.when, e.kind, e.source, e.text});
    });
    const ClockRate clock = modem.clock();
    modem.add_packet_observer([this, clock](LinkDirection direction, const IpPacket& packet, Cycles when) {
        ++packets_;
        if (capture_) capture_->write(packet, clock.to_ns(when));
        packet_buffer_.push_back(packet_line(clock, direction, packet, when));
        if (packet_buffer_.size() > kMaxPackets) packet_buffer_.pop_front();
    });
    last_publish_ = WallClock::now();
    pacer_.emplace(Speed{speed_}, modem.clock(), modem.now());
}

EmulatorThread::~EmulatorThread() {
    quit_ = true;
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void EmulatorThread::post(Command command) {
    std::lock_guard lock(mutex_);
    commands_.push_back(std::move(command));
    changed_.notify_all();
}

GuiSnapshot EmulatorThread::snapshot() const {
    std::lock_guard lock(mutex_);
    return published_;
}

void EmulatorThread::set_paused(bool paused) {
    std::lock_guard lock(mutex_);
    paused_ = paused;
    changed_.notify_all();
}

void EmulatorThread::set_speed(double factor) {
    std::lock_guard lock(mutex_);
    speed_ = factor;
}

void EmulatorThread::step(Cycles duration) {
    std::lock_guard lock(mutex_);
    step_ += duration;
    changed_.notify_all();
}

void EmulatorThread::start_capture(std::string path) {
    post([this, path = std::move(path)](ModemCore&) {
        try {
            capture_ = std::make_unique<PcapWriter>(path);
            capture_path_ = path;
            capture_error_.clear();
        } catch (const std::exception& e) {
            capture_error_ = e.what();
        }
    });
}

void EmulatorThread::stop_capture() {
    post([this](ModemCore&) {
        if (capture_) capture_->flush();
        capture_.reset();
    });
}

bool EmulatorThread::wait_paused() const {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return quit_ || published_.fault || published_.paused; });
    return !quit_;
}

void EmulatorThread::run_slice(Cycles length) {
    if (session_->fault()) return;
    session_->wait(length);
    if (script_) script_->advance(modem_->now());
}

void EmulatorThread::publish(double wall_seconds) {
    GuiSnapshot s;
    {
        std::lock_guard lock(mutex_);
        s = std::move(published_);
    }
    if (scenario_view_) s.scenario = scenario_view_;
    if (!modem_) {  // a scenario whose modem could not be built, or is gone
        std::lock_guard lock(mutex_);
        s.paused = paused_;
        s.speed = speed_;
        published_ = std::move(s);
        changed_.notify_all();
        return;
    }
    Q2686Modem& m = *modem_;
    const ClockRate& clock = m.clock();
    const Cycles previous = s.cycles;
    s.cycles = m.now();
    s.virtual_seconds = clock.to_seconds(s.cycles);
    if (wall_seconds > 0) s.realtime_factor = clock.to_seconds(s.cycles - previous) / wall_seconds;
    s.powered = m.powered();
    s.battery = m.battery();
    if (session_->fault() && !s.fault)
        s.fault = format_fault_report(*session_->fault(), &m.machine().image()->symbols, m.events(), clock);
    const RtcReading rtc = rtc_reading(m.rtc().calendar_at(s.cycles), m.rtc().tz());
    s.cclk = rtc.cclk;
    s.rtc_utc = rtc.utc;
    s.tz_quarters = m.rtc().tz();
    const auto& transcript = session_->transcript();
    for (std::size_t i = s.transcript.size(); i < transcript.size(); ++i) s.transcript.push_back(transcript[i]);
    for (GuiEvent& e : event_buffer_) s.events.push_back(std::move(e));
    event_buffer_.clear();
    if (s.events.size() > kMaxEvents)
        s.events.erase(s.events.begin(), s.events.begin() + static_cast<std::ptrdiff_t>(s.events.size() - kMaxEvents));
    s.registers = m.machine().cpu().registers();
    s.disassembly = disassemble_around(m.machine().cpu(), s.registers);
    const NetworkModel& n = m.network();
    s.registration = to_string(n.registration());
    s.rssi = n.rssi();
    s.attached = n.attached();
    s.contexts.clear();
    for (unsigned cid = 1; cid <= 3; ++cid) {
        const PdpContext& c = n.context(cid);
        if (c.active || !c.apn.empty())
            s.contexts.push_back(fmt::format("cid {}: {} {} APN \"{}\"", cid, c.active ? "active" : "defined",
                                             c.active ? ipv4::format_address(c.ip) : "", c.apn));
    }
    s.link = m.link().config();
    s.packets = packets_;
    s.packet_lines.assign(packet_buffer_.begin(), packet_buffer_.end());
    s.capturing = capture_ != nullptr;
    s.capture_path = capture_path_;
    s.capture_error = capture_error_;
    if (const TlsDissector* tls = network_->tls_dissector()) s.tls_sessions = tls->sessions();
    s.servers = servers_;
    if (const auto trusted = m.flash_objects().load("TLS", 0))
        s.trusted_pem.assign(trusted->begin(), trusted->end());
    if (script_) {
        s.script_steps.clear();
        for (const StoryStep& step : script_->steps()) s.script_steps.push_back(step.title);
        s.script_step = script_->index();
        s.script_status = script_->status();
    }
    std::lock_guard lock(mutex_);
    s.paused = paused_;
    s.speed = speed_;
    published_ = std::move(s);
    changed_.notify_all();
}

void EmulatorThread::run_free() {
    while (const Cycles slice = next_slice()) {
        run_slice(slice);
        if (script_ && script_->done() && pause_when_script_done_) {
            std::lock_guard lock(mutex_);
            paused_ = true;
            pause_when_script_done_ = false;
        }
    }
}

// Slices: 10 ms of virtual time at full speed, 1 ms × factor when paced (so a key press reaches
// the modem within about a millisecond of wall time, as in `q2686emu run`).
Cycles EmulatorThread::next_slice() {
    while (!quit_) {
        std::deque<Command> commands;
        bool paused = false;
        double speed = 1;
        Cycles step = 0;
        {
            std::lock_guard lock(mutex_);
            if (pause_at_ != kNever && modem_->now() >= pause_at_) {
                paused_ = true;
                pause_at_ = kNever;
            }
            commands.swap(commands_);
            paused = paused_;
            speed = speed_;
            step = std::exchange(step_, 0);
        }
        ModemCore core{*modem_, *session_, *network_};
        for (Command& command : commands) command(core);
        const auto now = WallClock::now();
        const double since_publish = std::chrono::duration<double>(now - last_publish_).count();
        if (since_publish >= 0.02 || paused || !commands.empty()) {
            publish(since_publish);
            last_publish_ = now;
        }
        const bool faulted = session_->fault().has_value();
        if (faulted || (paused && !step)) {
            pacer_->restart(modem_->now());
            std::unique_lock lock(mutex_);
            changed_.wait_for(lock, std::chrono::milliseconds(50),
                              [&] { return quit_ || !commands_.empty() || (!faulted && (step_ || !paused_)); });
            continue;
        }
        if (!paused) pace(speed);
        const double slice_ms = speed <= 0 ? 10.0 : std::min(10.0, speed);
        Cycles slice = step ? step : clock_.from_ns(static_cast<std::uint64_t>(slice_ms * 1e6));
        if (pause_at_ != kNever) slice = std::min(slice, pause_at_ - modem_->now());
        return slice;
    }
    return 0;
}

// Paced: waits until the host clock reaches virtual time (a command or quitting ends the wait).
void EmulatorThread::pace(double speed) {
    const Cycles now = modem_->now();
    if (pacer_->speed().factor != speed) pacer_->set_speed(Speed{speed}, now);
    pacer_->forgive_lag(now);
    const auto due = pacer_->due(now);
    if (due > WallClock::now()) {
        std::unique_lock lock(mutex_);
        changed_.wait_until(lock, due, [this] { return quit_ || !commands_.empty(); });
    }
}

// The scenario's thread: the runner of `q2686emu scenario`, watched.
void EmulatorThread::run_scenario(const scenario::Scenario& scenario, std::string firmware,
                                  std::filesystem::path pki_cache) {
    scenario::RunOptions options;
    options.default_firmware = std::move(firmware);
    options.pki_cache = std::move(pki_cache);
    options.observer = this;
    const scenario::ScenarioResult result = scenario::run_scenario(scenario, options);
    if (!modem_) {  // never started: the firmware or a server could not be made
        mark_result(*scenario_view_, result);
        {
            std::lock_guard lock(mutex_);
            paused_ = true;
        }
        publish(0);
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return quit_.load(); });
    }
    wc_ecc_fp_free();
}

void EmulatorThread::started(Q2686Modem& modem, AtSession& session, HostNetwork& network) {
    watch(modem, session, network);
    session.set_slice_hook([this]() -> Cycles {
        const Cycles slice = next_slice();
        if (!slice) throw std::runtime_error("abandoned: the GUI closed");
        return slice;
    });
    publish(0);
}

void EmulatorThread::step_started(const std::string& label, int line, double virtual_start_s) {
    mark_started(*scenario_view_, label, line, virtual_start_s);
}

void EmulatorThread::step_finished(const scenario::StepResult& step, const scenario::StepFailure* failure) {
    mark_finished(*scenario_view_, step, failure);
}

// The run is over: show its result, pause (or stop, for a screenshot) and keep the modem running
// free until the thread stops — the runner takes it down when this returns.
void EmulatorThread::finishing(const scenario::ScenarioResult& result) {
    mark_result(*scenario_view_, result);
    session_->set_slice_hook({});
    {
        std::lock_guard lock(mutex_);
        paused_ = true;
        pause_when_script_done_ = false;
    }
    publish(0);
    if (!quit_) run_free();
    modem_ = nullptr;
    session_ = nullptr;
    network_ = nullptr;
    capture_.reset();
}

}  // namespace q2686::gui
