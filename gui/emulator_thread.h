// EmulatorThread — the modem, its host network and an AT session, run on a thread of their own
// so the GUI never blocks the emulation and the emulation never waits for a frame.
//
// The GUI talks to it in two ways only (CONTRIBUTING.md: the UI reads, the core acts):
//   * post(command): a function run on the emulator thread between two slices of virtual time,
//     with the core (modem, session, network) in its hands — every change goes through here;
//   * snapshot(): a copy of what the panels show (GuiSnapshot), published after every slice.
// Between two slices (next_slice()) the thread runs the posted commands, publishes, waits while
// paused and waits for the host clock when a speed factor is set; a slice is 10 ms of virtual
// time, or 1 ms when paced at real time. Virtual time never depends on how fast frames are
// drawn: pacing only decides how long the host waits.
//
// Two ways to run: free (the thread owns a modem, the GUI's AT console drives it, optionally
// the story script), or a scenario: the thread runs scenario::run_scenario — the very runner of
// `q2686emu scenario` — which builds its own modem; as its RunObserver the thread shows that
// modem and the steps, and serves its loop from the AT session's slice hook while the steps
// wait. When the scenario ends the thread pauses and keeps its modem running free.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/machine.h"
#include "host/gateway/host_network.h"
#include "host/pacing/wall_clock_pacer.h"
#include "host/pcap/pcap_writer.h"
#include "modem/at_session.h"
#include "modem/q2686_modem.h"
#include "rig/modem_rig.h"
#include "scenario/run_observer.h"
#include "scenario/scenario.h"
#include "scenario_view.h"
#include "story_script.h"

namespace q2686::gui {

struct ModemCore {
    Q2686Modem& modem;
    AtSession& session;
    HostNetwork& network;
};

struct GuiEvent {
    Cycles when = 0;
    EventKind kind = EventKind::Cpu;
    std::string source, text;
};

struct GuiSnapshot {
    // time and speed
    Cycles cycles = 0;
    double virtual_seconds = 0;
    double realtime_factor = 0;  // virtual seconds per wall second, over the last second
    double speed = 1;            // 0: as fast as possible
    bool paused = false;
    bool powered = false;
    bool battery = true;
    std::optional<std::string> fault;  // the firmware faulted: its report
    // the modem's clock
    std::string cclk;          // "98/01/01,00:00:08+00"
    std::int64_t rtc_utc = 0;  // seconds since 1970, from the RTC and its zone
    int tz_quarters = 0;
    // the AT port and the event stream (incremental copies: new entries are appended)
    std::vector<TranscriptEntry> transcript;
    std::vector<GuiEvent> events;  // without MMIO accesses; the last kMaxEvents
    // the CPU
    ArmRegisters registers;
    std::vector<std::string> disassembly;  // around PC, "0x00401234  ldr r0, [r1]", PC's line marked "►"
    std::uint64_t instructions = 0;
    // the network
    std::string registration;
    int rssi = 99;
    bool attached = false;
    std::vector<std::string> contexts;  // "cid 1: active 10.64.1.2 APN internet"
    GprsLinkConfig link;
    std::uint64_t packets = 0;
    std::vector<std::string> packet_lines;  // the last kMaxPackets, "+12.345 s ↑ 60 B 10.64.1.2 → 10.64.0.16"
    bool capturing = false;
    std::string capture_path;
    std::string capture_error;
    // TLS: the dissector's sessions and the built-in servers' certificates
    std::vector<TlsSession> tls_sessions;
    std::vector<TlsServerSpec> servers;
    std::string trusted_pem;  // flash object TLS:0: the anchors of the accepted interval
    // a script (the story) running
    std::vector<std::string> script_steps;
    int script_step = -1;  // the step running now; script_steps.size() when done
    std::string script_status;
    // a scenario running (or run): its steps and their states
    std::optional<ScenarioView> scenario;
    bool scenario_running() const { return scenario && !scenario->finished; }
};

struct EmulatorSetup {
    ModemConfig modem;
    HostNetworkConfig network;
    double speed = 1.0;  // 0: max
    bool start_powered = true;
    std::vector<StoryStep> script;  // run from power-on (empty: none)
    // Pause when virtual time reaches this (screenshots at an exact virtual instant), or when
    // the story is done (a scenario always pauses when it ends).
    Cycles pause_at = kNever;
    bool pause_when_script_done = false;
    // Run this scenario (loaded and checked) instead of a free modem: it builds its own modem
    // from its settings (firmware: or else modem.firmware) and its own servers (of `network`
    // only pki_cache is used).
    std::optional<scenario::Scenario> scenario;
};

class EmulatorThread : private scenario::RunObserver {
public:
    static constexpr std::size_t kMaxEvents = 4000;
    static constexpr std::size_t kMaxPackets = 400;
    using Command = std::function<void(ModemCore&)>;

    // Builds the modem and its network on the calling thread (errors surface here: a bad
    // firmware ELF, an unwritable PKI folder) and starts the thread. With a scenario, the
    // thread builds them (its errors end up in the snapshot's scenario view).
    explicit EmulatorThread(EmulatorSetup setup);
    EmulatorThread(const EmulatorThread&) = delete;
    EmulatorThread& operator=(const EmulatorThread&) = delete;
    ~EmulatorThread() override;

    void post(Command command);
    GuiSnapshot snapshot() const;
    void set_paused(bool paused);
    void set_speed(double factor);  // 0: max
    void step(Cycles duration);     // while paused: run this much virtual time once
    // Packet capture from now on into `path` (pcap, virtual timestamps), or stop it. A file that
    // cannot be created is reported in the snapshot's capture_error.
    void start_capture(std::string path);
    void stop_capture();
    // Blocks until the emulation is paused (EmulatorSetup::pause_at, the script's end, the
    // user) or the firmware faulted; false if the thread stopped instead.
    bool wait_paused() const;
    const ClockRate& clock() const { return clock_; }

private:
    void run_free();
    void run_scenario(const scenario::Scenario& scenario, std::string firmware, std::filesystem::path pki_cache);
    void watch(Q2686Modem& modem, AtSession& session, HostNetwork& network);
    // Serves the loop between two slices; the length of the next one, 0 when the thread stops.
    Cycles next_slice();
    void pace(double speed);
    void run_slice(Cycles length);
    void publish(double wall_seconds);

    // scenario::RunObserver (the scenario's thread)
    void started(Q2686Modem& modem, AtSession& session, HostNetwork& network) override;
    void step_started(const std::string& label, int line, double virtual_start_s) override;
    void step_finished(const scenario::StepResult& step, const scenario::StepFailure* failure) override;
    void finishing(const scenario::ScenarioResult& result) override;

    ClockRate clock_;
    // The modem the panels show: owned here (free), or the scenario runner's while it runs.
    Q2686Modem* modem_ = nullptr;
    HostNetwork* network_ = nullptr;
    AtSession* session_ = nullptr;
    std::unique_ptr<ModemRig> own_rig_;          // the free-running modem (not a scenario's)
    std::optional<ScenarioView> scenario_view_;  // emulator thread only; copied by publish()
    std::unique_ptr<StoryRunner> script_;
    std::vector<TlsServerSpec> servers_;
    std::vector<GuiEvent> event_buffer_;  // filled by the event subscriber (emulator thread)
    std::deque<std::string> packet_buffer_;
    std::uint64_t packets_ = 0;
    std::unique_ptr<PcapWriter> capture_;
    std::string capture_path_, capture_error_;

    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::deque<Command> commands_;
    GuiSnapshot published_;
    double speed_ = 1.0;
    bool paused_ = false;
    Cycles step_ = 0;
    Cycles pause_at_ = kNever;
    bool pause_when_script_done_ = false;
    std::atomic<bool> quit_{false};
    std::chrono::steady_clock::time_point last_publish_;
    std::optional<WallClockPacer> pacer_;  // the emulator thread's, from watch() on
    std::thread thread_;
};

}  // namespace q2686::gui
