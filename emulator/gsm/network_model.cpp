#include "gsm/network_model.h"

#include <stdexcept>

#include <fmt/format.h>

#include "time/rtc_calendar.h"

namespace q2686 {

const char* to_string(Registration r) {
    switch (r) {
        case Registration::NotRegistered: return "not registered";
        case Registration::Home: return "home";
        case Registration::Searching: return "searching";
        case Registration::Denied: return "denied";
        case Registration::Unknown: return "unknown";
        case Registration::Roaming: return "roaming";
    }
    return "?";
}

std::string format_ipv4(std::uint32_t a) {
    return fmt::format("{}.{}.{}.{}", a >> 24, (a >> 16) & 0xFF, (a >> 8) & 0xFF, a & 0xFF);
}

NetworkModel::NetworkModel(CycleScheduler& scheduler, EventLog& events, ClockRate clock, NetworkProfile profile)
    : scheduler_(scheduler), events_(events), clock_(clock), profile_(std::move(profile)) {
    registration_timer_.bind<&NetworkModel::on_registration_timer>(this, "network-registration");
    procedure_timer_.bind<&NetworkModel::on_procedure_timer>(this, "network-procedure");
}

NetworkModel::~NetworkModel() {
    scheduler_.cancel(registration_timer_);
    scheduler_.cancel(procedure_timer_);
}

void NetworkModel::event(Cycles now, std::string text) const {
    events_.emit({now, EventKind::Network, "network", std::move(text)});
}

int NetworkModel::add_listener(Listener listener) {
    listeners_.emplace_back(next_listener_id_, std::move(listener));
    return next_listener_id_++;
}

void NetworkModel::remove_listener(int id) {
    std::erase_if(listeners_, [id](const auto& entry) { return entry.first == id; });
}

void NetworkModel::notify(std::uint32_t changes, Cycles now) {
    if (!changes) return;
    for (const auto& [id, listener] : listeners_) listener(changes, now);
}

void NetworkModel::set_reg(Registration r, Cycles now, std::uint32_t& changes) {
    if (state_.registration == r) return;
    const bool was_registered = registered();
    const bool had_signal = was_registered || state_.registration == Registration::Denied;
    state_.registration = r;
    const bool has_signal = registered() || r == Registration::Denied;
    changes |= kRegChanged;
    if (had_signal != has_signal) changes |= kSignalChanged;
    event(now, fmt::format("registration {}", to_string(r)));
    // MM INFORMATION follows the location update that registered the modem (24.008 §4.4.4.6).
    if (!was_registered && registered() && state_.nitz.enabled) deliver_nitz(now, changes);
}

std::int64_t NetworkModel::utc(Cycles now) const {
    return profile_.utc_at_start + static_cast<std::int64_t>(clock_.to_ns(now) / 1'000'000'000u);
}

void NetworkModel::deliver_nitz(Cycles now, std::uint32_t& changes) {
    const NitzSettings& n = state_.nitz;
    state_.last_nitz = NitzMessage{utc(now) + n.offset_s, n.zone_quarters, n.dst_hours, n.full_name, n.short_name};
    changes |= kNitz;
    event(now, fmt::format("{} sent{}", describe(*state_.last_nitz),
                           n.offset_s ? fmt::format(" (the network's clock is {:+} s off)", n.offset_s) : ""));
}

void NetworkModel::set_nitz(const NitzSettings& settings, Cycles now) {
    state_.nitz = settings;
    event(now, settings.enabled
                   ? fmt::format("control: NITZ on, offset {:+} s, zone {}, dst {}{}{}", settings.offset_s,
                                 format_tz(settings.zone_quarters), settings.dst_hours,
                                 settings.full_name.empty() ? "" : ", full \"" + settings.full_name + "\"",
                                 settings.short_name.empty() ? "" : ", short \"" + settings.short_name + "\"")
                   : "control: NITZ off");
}

bool NetworkModel::send_nitz(Cycles now) {
    if (!state_.nitz.enabled || !state_.powered || !registered()) {
        event(now, !state_.nitz.enabled ? "control: NITZ not sent: NITZ is off"
                                        : "control: NITZ not sent: the modem is not registered");
        return false;
    }
    event(now, "control: send NITZ");
    std::uint32_t changes = 0;
    deliver_nitz(now, changes);
    notify(changes, now);
    return true;
}

void NetworkModel::lose_service(Cycles now, std::uint32_t& changes) {
    if (state_.procedure != NetworkProcedure::None) finish(cme::kNoNetworkService, now, changes);
    for (unsigned cid = 1; cid <= kMaxCid; ++cid) {
        PdpContext& c = state_.contexts[cid];
        if (!c.active) continue;
        c.active = false;
        c.ip = 0;
        changes |= kPdpChanged;
        event(now, fmt::format("context {} deactivated by the network", cid));
    }
    if (state_.attached) {
        state_.attached = false;
        changes |= kGprsChanged;
        event(now, "GPRS detached by the network");
    }
}

void NetworkModel::power_on(Cycles now) {
    std::uint32_t changes = 0;
    scheduler_.cancel(registration_timer_);
    scheduler_.cancel(procedure_timer_);
    state_.powered = true;
    state_.procedure = NetworkProcedure::None;
    state_.activate_after_attach = false;
    state_.attached = false;
    for (auto& c : state_.contexts) c = PdpContext{};
    state_.last_result = 0;
    state_.last_nitz.reset();
    state_.registration = Registration::NotRegistered;
    start_registration(now, changes);
    notify(changes, now);
}

// Searching, then the target after kRegistrationDelayMs — once the firmware has the SIM's
// identity; before, the radio stays "not registered" (27.007 <stat> 0).
void NetworkModel::start_registration(Cycles now, std::uint32_t& changes) {
    if (!can_register()) return;
    set_reg(Registration::Searching, now, changes);
    if (state_.coverage && state_.target != Registration::Searching)
        scheduler_.schedule_at(registration_timer_, now + ms(kRegistrationDelayMs));
}

void NetworkModel::unlock_sim(Cycles now) {
    if (state_.sim_unlocked || !state_.sim.present) return;
    state_.sim_unlocked = true;
    event(now, "SIM unlocked by the modem: registration may start");
    std::uint32_t changes = 0;
    if (state_.registration == Registration::NotRegistered) start_registration(now, changes);
    notify(changes, now);
}

void NetworkModel::set_sim(SimCard card, Cycles now) {
    if (!card.pin.empty() && (card.pin.size() < 4 || card.pin.size() > 8 ||
                              card.pin.find_first_not_of("0123456789") != std::string::npos))
        throw std::invalid_argument(fmt::format("SIM PIN \"{}\" is not 4-8 digits", card.pin));
    const bool was_present = state_.sim.present;
    state_.sim = std::move(card);
    event(now, !state_.sim.present ? "control: SIM removed"
               : state_.sim.pin.empty() ? "control: SIM inserted (no PIN)"
                                        : "control: SIM inserted (PIN " + state_.sim.pin + ")");
    if (was_present == state_.sim.present) return;
    std::uint32_t changes = kSimChanged;
    if (!state_.sim.present && state_.sim_unlocked) {
        state_.sim_unlocked = false;
        scheduler_.cancel(registration_timer_);
        if (state_.powered) {
            lose_service(now, changes);
            set_reg(Registration::NotRegistered, now, changes);
        }
    }
    if (state_.powered) notify(changes, now);
}

std::optional<SimCard> parse_sim_card(std::string_view text) {
    if (text == "ready") return SimCard{};
    if (text == "absent") return SimCard{false, ""};
    if (text.starts_with("pin=")) {
        const std::string pin(text.substr(4));
        if (pin.size() < 4 || pin.size() > 8 || pin.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        return SimCard{true, pin};
    }
    return std::nullopt;
}

void NetworkModel::power_off(Cycles now) {
    scheduler_.cancel(registration_timer_);
    scheduler_.cancel(procedure_timer_);
    state_.procedure = NetworkProcedure::None;
    state_.activate_after_attach = false;
    state_.attached = false;
    for (auto& c : state_.contexts) c = PdpContext{};
    state_.registration = Registration::NotRegistered;
    state_.last_nitz.reset();
    state_.powered = false;
    event(now, "radio off");
}

void NetworkModel::radio_off(Cycles now) {
    if (!state_.powered) return;
    std::uint32_t changes = 0;
    scheduler_.cancel(registration_timer_);
    lose_service(now, changes);
    state_.activate_after_attach = false;
    set_reg(Registration::NotRegistered, now, changes);
    state_.powered = false;
    event(now, "radio switched off by the modem");
    notify(changes, now);
}

void NetworkModel::on_registration_timer(Cycles late) {
    const Cycles now = scheduler_.now() - late;
    std::uint32_t changes = 0;
    if (can_register() && state_.coverage) set_reg(state_.target, now, changes);
    notify(changes, now);
}

void NetworkModel::set_registration(Registration state, Cycles now) {
    if (state != Registration::Home && state != Registration::Roaming && state != Registration::Denied &&
        state != Registration::Searching)
        throw std::invalid_argument(fmt::format("registration state '{}' cannot be set", to_string(state)));
    state_.target = state;
    state_.coverage = true;
    scheduler_.cancel(registration_timer_);
    event(now, fmt::format("control: registration {}", to_string(state)));
    if (!can_register()) return;
    std::uint32_t changes = 0;
    set_reg(state, now, changes);
    if (!registered()) lose_service(now, changes);
    notify(changes, now);
}

void NetworkModel::set_csq(int new_rssi, Cycles now, int new_ber) {
    if (!((new_rssi >= 0 && new_rssi <= 31) || new_rssi == 99))
        throw std::invalid_argument(fmt::format("CSQ rssi {} is not 0..31 or 99", new_rssi));
    if (!((new_ber >= 0 && new_ber <= 7) || new_ber == 99))
        throw std::invalid_argument(fmt::format("CSQ ber {} is not 0..7 or 99", new_ber));
    const std::uint8_t old_rssi = rssi(), old_ber = ber();
    state_.rssi = static_cast<std::uint8_t>(new_rssi);
    state_.ber = static_cast<std::uint8_t>(new_ber);
    event(now, fmt::format("control: csq {},{}", new_rssi, new_ber));
    if (state_.powered && (old_rssi != rssi() || old_ber != ber())) notify(kSignalChanged, now);
}

void NetworkModel::set_attach_refused(bool refused, Cycles now) {
    state_.attach_refused = refused;
    event(now, refused ? "control: attach refused" : "control: attach allowed");
}

void NetworkModel::set_pdp_failure(std::uint16_t cause, Cycles now) {
    state_.pdp_failure = cause;
    event(now,
          cause ? fmt::format("control: PDP activation fails with {}", cause) : "control: PDP activation succeeds");
}

void NetworkModel::drop(Cycles now) {
    state_.coverage = false;
    scheduler_.cancel(registration_timer_);
    event(now, "control: coverage lost");
    if (!can_register()) return;
    std::uint32_t changes = 0;
    set_reg(Registration::Searching, now, changes);
    lose_service(now, changes);
    notify(changes, now);
}

void NetworkModel::recover(Cycles now) {
    state_.coverage = true;
    event(now, "control: coverage back");
    if (!can_register() || state_.registration == state_.target) return;
    if (state_.target != Registration::Searching)
        scheduler_.schedule_at(registration_timer_, now + ms(kRegistrationDelayMs));
}

// ---- procedures -------------------------------------------------------------------------------

void NetworkModel::start(NetworkProcedure p, unsigned cid, std::uint64_t delay_ms, Cycles now) {
    state_.procedure = p;
    state_.procedure_cid = cid;
    scheduler_.schedule_at(procedure_timer_, now + ms(delay_ms));
}

void NetworkModel::finish(std::uint16_t result, Cycles now, std::uint32_t& changes) {
    static constexpr const char* kNames[] = {"none", "attach", "detach", "PDP activation", "PDP deactivation"};
    const auto p = state_.activate_after_attach ? NetworkProcedure::PdpActivate : state_.procedure;
    event(now, fmt::format("{}{} {}", kNames[static_cast<int>(p)],
                           p == NetworkProcedure::PdpActivate || p == NetworkProcedure::PdpDeactivate
                               ? fmt::format(" of context {}", state_.procedure_cid)
                               : std::string{},
                           result ? fmt::format("failed: error {}", result) : std::string("done")));
    state_.procedure = NetworkProcedure::None;
    state_.activate_after_attach = false;
    state_.last_result = result;
    scheduler_.cancel(procedure_timer_);
    changes |= kDone;
}

bool NetworkModel::request_attach(Cycles now) {
    if (busy()) return false;
    std::uint32_t changes = 0;
    if (!registered()) {
        state_.procedure = NetworkProcedure::Attach;
        finish(cme::kNoNetworkService, now, changes);
    } else if (state_.attached) {
        state_.procedure = NetworkProcedure::Attach;
        finish(0, now, changes);
    } else {
        start(NetworkProcedure::Attach, 0, kAttachDelayMs, now);
    }
    notify(changes, now);
    return true;
}

bool NetworkModel::request_detach(Cycles now) {
    if (busy()) return false;
    std::uint32_t changes = 0;
    if (!state_.attached) {
        state_.procedure = NetworkProcedure::Detach;
        finish(0, now, changes);
    } else {
        start(NetworkProcedure::Detach, 0, kDetachDelayMs, now);
    }
    notify(changes, now);
    return true;
}

bool NetworkModel::request_pdp_activate(unsigned cid, std::string apn, Cycles now) {
    if (busy()) return false;
    std::uint32_t changes = 0;
    state_.procedure_cid = cid;
    if (cid < 1 || cid > kMaxCid) {
        state_.procedure = NetworkProcedure::PdpActivate;
        finish(3, now, changes);  // operation not allowed
    } else if (!registered()) {
        state_.procedure = NetworkProcedure::PdpActivate;
        finish(cme::kNoNetworkService, now, changes);
    } else if (state_.contexts[cid].active) {
        state_.procedure = NetworkProcedure::PdpActivate;
        finish(0, now, changes);
    } else {
        state_.pending_apn = std::move(apn);
        if (state_.attached) {
            start(NetworkProcedure::PdpActivate, cid, kPdpActivationDelayMs, now);
        } else {
            start(NetworkProcedure::Attach, cid, kAttachDelayMs, now);
            state_.activate_after_attach = true;
        }
    }
    notify(changes, now);
    return true;
}

bool NetworkModel::request_pdp_deactivate(unsigned cid, Cycles now) {
    if (busy()) return false;
    std::uint32_t changes = 0;
    state_.procedure_cid = cid;
    if (cid < 1 || cid > kMaxCid) {
        state_.procedure = NetworkProcedure::PdpDeactivate;
        finish(3, now, changes);
    } else if (!state_.contexts[cid].active) {
        state_.procedure = NetworkProcedure::PdpDeactivate;
        finish(0, now, changes);
    } else {
        start(NetworkProcedure::PdpDeactivate, cid, kDetachDelayMs, now);
    }
    notify(changes, now);
    return true;
}

void NetworkModel::on_procedure_timer(Cycles late) {
    complete_procedure(scheduler_.now() - late);
}

void NetworkModel::complete_procedure(Cycles now) {
    std::uint32_t changes = 0;
    const unsigned cid = state_.procedure_cid;
    switch (state_.procedure) {
        case NetworkProcedure::None: return;
        case NetworkProcedure::Attach:
            if (state_.attach_refused) {
                finish(cme::kGprsServicesNotAllowed, now, changes);
                break;
            }
            state_.attached = true;
            changes |= kGprsChanged;
            event(now, "GPRS attached");
            if (state_.activate_after_attach) {
                state_.activate_after_attach = false;
                start(NetworkProcedure::PdpActivate, cid, kPdpActivationDelayMs, now);
            } else {
                finish(0, now, changes);
            }
            break;
        case NetworkProcedure::Detach:
            for (unsigned c = 1; c <= kMaxCid; ++c) {
                if (state_.contexts[c].active) changes |= kPdpChanged;
                state_.contexts[c] = PdpContext{};
            }
            state_.attached = false;
            changes |= kGprsChanged;
            finish(0, now, changes);
            break;
        case NetworkProcedure::PdpActivate: {
            if (state_.pdp_failure) {
                finish(state_.pdp_failure, now, changes);
                break;
            }
            PdpContext& c = state_.contexts[cid];
            c.active = true;
            c.apn = state_.pending_apn;
            c.ip = profile_.ip_base + (cid << 8) + 2 + state_.activations % 250;
            ++state_.activations;
            changes |= kPdpChanged;
            event(now, fmt::format("context {} active: APN \"{}\", address {}", cid, c.apn, format_ipv4(c.ip)));
            finish(0, now, changes);
            break;
        }
        case NetworkProcedure::PdpDeactivate:
            state_.contexts[cid] = PdpContext{};
            changes |= kPdpChanged;
            finish(0, now, changes);
            break;
    }
    notify(changes, now);
}

}  // namespace q2686
