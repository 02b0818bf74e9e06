// NetworkModel — the GSM/GPRS network as the modem's radio sees it: registration, signal,
// operator, GPRS attach and PDP contexts, in virtual time. Plain data plus a scheduler; the
// BASEBAND device (peripherals/baseband.h) shows it to the firmware, the CLI and (later)
// scenarios drive it through the controls below. docs/network.md, "Network model".
//
// Registration (27.007 +CREG <stat>): NotRegistered (modem off) → Searching at power-on →
// after kRegistrationDelay the *target* (Home by default, or Roaming/Denied). drop(): coverage
// lost → Searching, GPRS detached, every context deactivated, CSQ 99,99. recover(): coverage
// back → Searching → target after kRegistrationDelay. set_registration() applies a state at
// once (and makes it the target); leaving Home/Roaming detaches like drop().
//
// Procedures (one at a time, like the radio): attach (kAttachDelay), detach (kDetachDelay),
// PDP activation (kPdpActivationDelay, preceded by an attach when detached, 27.007 §10.1.10),
// deactivation (kDetachDelay). Each ends with a result: 0 or a 27.007 §9.2 error code. Not
// registered: 30 at once. Attach refused: 107 after kAttachDelay. PDP failure: the configured
// cause after kPdpActivationDelay. A drop while a procedure runs ends it with 30.
//
// Addresses are deterministic: the n-th activation (n counted across the model's life) of
// context <cid> gets profile.ip_base + cid << 8 + 2 + n % 250, e.g. 10.64.1.2; DNS from the
// profile (10.64.0.1, 10.64.0.2).
//
// Network time (network_time.h): each time the modem becomes registered (home or roaming) the
// network sends it one NITZ message — the time it believes is UTC, its zone and DST, and the
// operator's names when set — unless NITZ is off; send_nitz() sends one more at once.
//
// Power: the network keeps its controls (target, CSQ, refusals, NITZ settings) across modem
// power cycles; the modem's own state (registration, attach, contexts, the last NITZ) is lost at
// power-off and registration restarts from Searching at each power-on or reset.
//
// Known inaccuracies:
//   - one cell, one operator; no cell reselection, no LAC/cell change on recovery.
//   - no automatic re-attach after a recovery: the application must attach again.
//   - the network never deactivates a context on its own except through drop().
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/event_log.h"
#include "gsm/network_time.h"
#include "time/cycle_scheduler.h"

namespace q2686 {

// 27.007 §7.2 <stat> values.
enum class Registration : std::uint8_t {
    NotRegistered = 0,
    Home = 1,
    Searching = 2,
    Denied = 3,
    Unknown = 4,
    Roaming = 5
};
const char* to_string(Registration r);

// 27.007 §9.2 codes the network model produces.
namespace cme {
inline constexpr std::uint16_t kNoNetworkService = 30;
inline constexpr std::uint16_t kGprsServicesNotAllowed = 107;
inline constexpr std::uint16_t kServiceOptionNotSupported = 132;
inline constexpr std::uint16_t kServiceOptionNotSubscribed = 133;
inline constexpr std::uint16_t kServiceOptionOutOfOrder = 134;
inline constexpr std::uint16_t kUnspecifiedGprsError = 148;
inline constexpr std::uint16_t kPdpAuthenticationFailure = 149;
}  // namespace cme

struct NetworkProfile {
    std::string operator_name = "Q2686EMU";
    std::uint16_t mcc = 1;  // 001/01: the ITU test network
    std::uint16_t mnc = 1;
    bool mnc_three_digits = false;
    std::uint16_t lac = 0x2A1F;
    std::uint16_t cell_id = 0x4E21;
    std::uint32_t ip_base = 0x0A400000;              // 10.64.0.0
    std::uint32_t dns1 = 0x0A400001;                 // 10.64.0.1
    std::uint32_t dns2 = 0x0A400002;                 // 10.64.0.2
    std::int64_t utc_at_start = kDefaultNetworkUtc;  // the true UTC (s since 1970) at virtual time 0
};

struct PdpContext {
    bool active = false;
    std::string apn;
    std::uint32_t ip = 0;
};

// The SIM card in the modem's holder (BASEBAND BB_SIM*, docs/hardware.md): a hardware fact the
// host sets (CLI --sim, a scenario's modem: {sim: ...}, the sim: step), kept across power cycles.
struct SimCard {
    bool present = true;
    std::string pin;  // 4-8 digits the SIM asks for before it gives its identity; empty: none
    // (kept while the card is out: `sim: inserted` puts the same card back)
};

// "ready", "absent" or "pin=NNNN" (4-8 digits); std::nullopt for anything else.
std::optional<SimCard> parse_sim_card(std::string_view text);

enum class NetworkProcedure : std::uint8_t { None, Attach, Detach, PdpActivate, PdpDeactivate };

struct NetworkState {
    // Controls (kept across power cycles).
    bool coverage = true;
    Registration target = Registration::Home;
    std::uint8_t rssi = 18;  // 27.007 +CSQ: 0..31, 99 unknown
    std::uint8_t ber = 0;
    bool attach_refused = false;
    std::uint16_t pdp_failure = 0;  // 0: activations succeed; else this 27.007 code
    NitzSettings nitz;
    SimCard sim;
    // The modem's view.
    bool powered = false;
    // The firmware has the subscriber identity (BB_SIM_CTRL.UNLOCKED): only then does the radio
    // register. True for a model driven without a modem; Q2686Modem locks it at every reset.
    bool sim_unlocked = true;
    Registration registration = Registration::NotRegistered;
    bool attached = false;
    std::array<PdpContext, 4> contexts{};  // index = cid 1..3; [0] unused
    std::uint32_t activations = 0;
    NetworkProcedure procedure = NetworkProcedure::None;
    unsigned procedure_cid = 0;
    bool activate_after_attach = false;  // PDP activation waiting for its implicit attach
    std::string pending_apn;
    std::uint16_t last_result = 0;
    std::optional<NitzMessage> last_nitz;  // the last NITZ message since power-on
};

class NetworkModel {
public:
    // What changed, for the BASEBAND device (bits match BB_EVENT_*).
    enum Change : std::uint32_t {
        kRegChanged = 1,
        kSignalChanged = 2,
        kGprsChanged = 4,
        kPdpChanged = 8,
        kDone = 16,
        kNitz = 32,  // a NITZ message arrived (last_nitz())
        kSimChanged = 64  // the SIM was removed or inserted
    };
    using Listener = std::function<void(std::uint32_t changes, Cycles when)>;

    static constexpr std::uint64_t kRegistrationDelayMs = 3000;
    static constexpr std::uint64_t kAttachDelayMs = 1000;
    static constexpr std::uint64_t kDetachDelayMs = 500;
    static constexpr std::uint64_t kPdpActivationDelayMs = 1500;
    static constexpr unsigned kMaxCid = 3;

    NetworkModel(CycleScheduler& scheduler, EventLog& events, ClockRate clock, NetworkProfile profile = {});
    NetworkModel(const NetworkModel&) = delete;
    NetworkModel& operator=(const NetworkModel&) = delete;
    ~NetworkModel();

    // Listeners run in the order they were added (the BASEBAND device, the packet path). A
    // listener must be removed before it is destroyed.
    int add_listener(Listener listener);
    void remove_listener(int id);

    // Modem power (Q2686Modem): power_on also serves resets (the radio restarts).
    void power_on(Cycles now);
    void power_off(Cycles now);
    // The firmware's radio switch (BB_RADIO, AT+CFUN=0): off deregisters at once — no signal,
    // detached, contexts lost, a running procedure ends with 30 — and says so to the
    // listeners; on restarts registration as power_on does.
    void radio_off(Cycles now);
    void radio_on(Cycles now) { power_on(now); }
    bool radio_is_on() const { return state_.powered; }

    // The SIM. lock_sim(): a reset — the firmware must read the SIM again before the radio
    // registers (Q2686Modem, before power_on). unlock_sim(): the firmware has the identity
    // (BB_SIM_CTRL); registration starts. Ignored without a SIM.
    void lock_sim() { state_.sim_unlocked = false; }
    void unlock_sim(Cycles now);
    bool sim_unlocked() const { return state_.sim_unlocked; }
    const SimCard& sim() const { return state_.sim; }
    // Control: the card in the holder (throws std::invalid_argument for a PIN that is not 4-8
    // digits). A removal deregisters at once; a removal or insertion is a kSimChanged.
    void set_sim(SimCard card, Cycles now);

    // Controls (CLI, scenarios). Throw std::invalid_argument on bad values.
    void set_registration(Registration state, Cycles now);
    void set_csq(int new_rssi, Cycles now, int new_ber = 0);
    void set_attach_refused(bool refused, Cycles now);
    void set_pdp_failure(std::uint16_t cause, Cycles now);  // 0: activations succeed again
    void set_pdp_failure(bool fail, Cycles now) {
        set_pdp_failure(fail ? cme::kUnspecifiedGprsError : std::uint16_t{0}, now);
    }
    void drop(Cycles now);
    void recover(Cycles now);
    void set_nitz(const NitzSettings& settings, Cycles now);
    // Sends a NITZ message now: false (and an event saying why) when NITZ is off or the modem is
    // not registered.
    bool send_nitz(Cycles now);

    // Procedures (the BASEBAND device, on the firmware's request). False if one is running.
    bool request_attach(Cycles now);
    bool request_detach(Cycles now);
    bool request_pdp_activate(unsigned cid, std::string apn, Cycles now);
    bool request_pdp_deactivate(unsigned cid, Cycles now);

    // The modem's view.
    Registration registration() const { return state_.registration; }
    bool registered() const {
        return state_.registration == Registration::Home || state_.registration == Registration::Roaming;
    }
    std::uint8_t rssi() const { return registered() || state_.registration == Registration::Denied ? state_.rssi : 99; }
    std::uint8_t ber() const { return registered() || state_.registration == Registration::Denied ? state_.ber : 99; }
    bool attached() const { return state_.attached; }
    bool busy() const { return state_.procedure != NetworkProcedure::None; }
    std::uint16_t last_result() const { return state_.last_result; }
    const PdpContext& context(unsigned cid) const { return state_.contexts.at(cid <= kMaxCid ? cid : 0); }
    const NetworkProfile& profile() const { return profile_; }
    const NitzSettings& nitz() const { return state_.nitz; }
    const std::optional<NitzMessage>& last_nitz() const { return state_.last_nitz; }
    // The network's true UTC (s since 1970) at `now`, whole seconds.
    std::int64_t utc(Cycles now) const;
    const NetworkState& state() const { return state_; }

private:
    void on_registration_timer(Cycles late);
    bool can_register() const { return state_.powered && state_.sim_unlocked; }
    void on_procedure_timer(Cycles late);
    Cycles ms(std::uint64_t milliseconds) const { return clock_.from_ns(milliseconds * 1'000'000); }
    void set_reg(Registration r, Cycles now, std::uint32_t& changes);
    void start_registration(Cycles now, std::uint32_t& changes);
    void lose_service(Cycles now, std::uint32_t& changes);  // detach, deactivate, end any procedure with 30
    void start(NetworkProcedure p, unsigned cid, std::uint64_t delay_ms, Cycles now);
    void finish(std::uint16_t result, Cycles now, std::uint32_t& changes);
    void complete_procedure(Cycles now);
    void deliver_nitz(Cycles now, std::uint32_t& changes);
    void notify(std::uint32_t changes, Cycles now);
    void event(Cycles now, std::string text) const;

    CycleScheduler& scheduler_;
    EventLog& events_;
    ClockRate clock_;
    NetworkProfile profile_;
    NetworkState state_;
    std::vector<std::pair<int, Listener>> listeners_;
    int next_listener_id_ = 1;
    TimedEvent registration_timer_;
    TimedEvent procedure_timer_;
};

std::string format_ipv4(std::uint32_t address);

}  // namespace q2686
