#include "scenario/scenario_executor.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <stdexcept>

#include <fmt/format.h>

#include "base/duration.h"
#include "scenario/executor.h"

namespace q2686::scenario {

namespace {

using WallClock = std::chrono::steady_clock;

double wall_since(WallClock::time_point start) {
    return std::chrono::duration<double>(WallClock::now() - start).count();
}

std::string upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

}  // namespace

Executor::Executor(const Scenario& scenario, const RunOptions& options)
    : scenario_(scenario), options_(options), trace_(options.trace_path) {
    result_.file = scenario.file;
    result_.name = scenario.name;
}

void Executor::setup() {
    ModemSetup setup;
    ModemConfig& config = setup.modem;
    clock_ = config.machine.clock;
    config.firmware = scenario_.firmware.empty() ? options_.default_firmware : scenario_.firmware;
    config.battery = scenario_.modem.battery;
    config.imei = scenario_.modem.imei;
    if (scenario_.modem.entropy_seed) config.entropy_seed = *scenario_.modem.entropy_seed;
    config.rtc_drift_ppb = scenario_.modem.rtc_drift_ppb;
    if (scenario_.modem.sim) config.sim = *scenario_.modem.sim;
    const NetworkSettings& n = scenario_.network;
    if (n.latency_ms) config.link.latency_ms = *n.latency_ms;
    if (n.jitter_ms) config.link.jitter_ms = *n.jitter_ms;
    if (n.loss) config.link.loss = *n.loss;
    if (n.seed) config.link.seed = *n.seed;
    if (n.utc) config.network_utc = *n.utc;  // else kDefaultNetworkUtc: runs stay deterministic
    setup.network.emplace().pcap_path = options_.pcap_path;
    setup.trust_test_root_ca = false;  // the scenario's servers decide what TLS:0 holds (store_trust)

    RigHooks hooks;
    hooks.observer = [this](const Event& e) { trace_.event(e); };
    hooks.before_network = [this](Q2686Modem& modem, HostNetworkConfig& net) {
        servers_ = std::make_unique<ScenarioServers>(scenario_, options_.pki_cache, clock_, modem.events());
        servers_->configure(net);
    };
    rig_ = std::make_unique<ModemRig>(std::move(setup), std::move(hooks));
    modem_ = &rig_->modem();
    network_ = rig_->network();
    session_ = &rig_->session();
    store_trust();

    session_->on_entry([this](const TranscriptEntry& e) {
        switch (e.kind) {
            case TranscriptEntry::Kind::Echo: return;
            case TranscriptEntry::Kind::Sent: trace_.at(e.when, '>', e.text); break;
            case TranscriptEntry::Kind::Note: trace_.at(e.when, '~', e.text); break;
            case TranscriptEntry::Kind::Received:
                trace_.at(e.when, '<', e.text);
                lines_.push_back({e.when, e.text});
                if (e.text.starts_with("+TLSDONE:") || e.text.starts_with("+TLSERR:")) last_tls_verdict_ = e.text;
                if (e.text == "+WIPBR: 6,0") bearer_up_ = false;
                break;
        }
        if (e.kind != TranscriptEntry::Kind::Note) {
            recent_.push_back(fmt::format("[{:.3f} s] {} {}", clock_.to_seconds(e.when),
                                          e.kind == TranscriptEntry::Kind::Sent ? '>' : '<', e.text));
            if (recent_.size() > 12) recent_.pop_front();
        }
        if (options_.progress) std::fprintf(stderr, "[%14.6f] %s\n", clock_.to_seconds(e.when), e.text.c_str());
    });

    if (scenario_.modem.rtc_seconds)
        modem_->rtc().preload(*scenario_.modem.rtc_seconds, scenario_.modem.rtc_tz_quarters, 0);
    // Registration, signal, attach and PDP behaviour set while the modem is off become the
    // network's targets for the first power-on; the link settings went into the config.
    NetworkSettings controls = n;
    controls.latency_ms.reset();
    controls.jitter_ms.reset();
    controls.loss.reset();
    apply_network(controls);
    deadline_ = scenario_.timeout;
    if (options_.observer) options_.observer->started(*modem_, *session_, *network_);
}

ScenarioResult Executor::run() {
    const auto start = WallClock::now();
    trace_.scenario(scenario_.name);
    try {
        setup();
        if (scenario_.modem.power) power_on();
        run_steps(scenario_.steps, "");
        result_.passed = !result_.failure && result_.error.empty();
    } catch (const StepFailed& failed) {
        // A failure during setup's power-on (modem: {power: on}).
        result_.failure = StepFailure{"power on (modem: power)", 1, 1, failed.message, failed.expected, {}, 0, {}, {}};
    } catch (const std::exception& e) {
        result_.error = e.what();
    }
    if (modem_) result_.virtual_s = clock_.to_seconds(modem_->now());
    if (options_.observer && session_) options_.observer->finishing(result_);
    session_ = nullptr;
    network_ = nullptr;
    modem_ = nullptr;
    rig_.reset();  // before the servers its gateway serves
    servers_.reset();
    result_.trace_events = trace_.lines();
    result_.trace_hash = trace_.finish();
    result_.wall_s = wall_since(start);
    return result_;
}

void Executor::run_steps(const std::vector<Step>& steps, const std::string& prefix) {
    for (const Step& step : steps) {
        if (result_.failure || !result_.error.empty()) {
            result_.steps.push_back({prefix + step.label, step.mark.line, StepResult::Status::Skipped, 0, 0, 0});
            if (options_.observer) options_.observer->step_finished(result_.steps.back(), nullptr);
            continue;
        }
        if (step.kind == Step::Kind::Repeat) {
            for (int i = 1; i <= step.times && !result_.failure && result_.error.empty(); ++i)
                run_steps(step.steps, fmt::format("{}repeat {}/{}: ", prefix, i, step.times));
            continue;
        }
        const auto wall = WallClock::now();
        const Cycles begun = modem_->now();
        StepResult record{
            prefix + step.label, step.mark.line, StepResult::Status::Passed, clock_.to_seconds(begun), 0, 0};
        trace_.step(begun, record.label, step.mark.line);
        if (options_.observer) options_.observer->step_started(record.label, step.mark.line, record.virtual_start_s);
        try {
            run_step(step);
            if (session_->fault()) throw StepFailed{"the firmware faulted: " + session_->fault()->fault->what, {}};
        } catch (const StepFailed& failed) {
            record.status = StepResult::Status::Failed;
            StepFailure f{record.label,
                          step.mark.line,
                          step.mark.column,
                          failed.message,
                          failed.expected,
                          {},
                          0,
                          last_tls_verdict_,
                          {}};
            f.last_lines.assign(recent_.begin(), recent_.end());
            f.virtual_time_s = clock_.to_seconds(modem_->now());
            // A fault ends every wait at once, so whatever the step was waiting for is not the story.
            if (session_->fault()) {
                f.message = "the firmware faulted: " + session_->fault()->fault->what;
                f.fault_report = format_fault_report(*session_->fault(), &modem_->machine().image()->symbols,
                                                     modem_->events(), clock_);
            }
            result_.failure = std::move(f);
        }
        record.virtual_s = clock_.to_seconds(modem_->now() - begun);
        record.wall_s = wall_since(wall);
        result_.steps.push_back(std::move(record));
        if (options_.observer)
            options_.observer->step_finished(
                result_.steps.back(),
                result_.steps.back().status == StepResult::Status::Failed ? &*result_.failure : nullptr);
    }
}

void Executor::run_step(const Step& step) {
    switch (step.kind) {
        case Step::Kind::Power: return step.on ? power_on() : power_off();
        case Step::Kind::Sim: {
            session_->note(step.on ? "SIM inserted" : "SIM removed");
            SimCard card = modem_->network().sim();
            card.present = step.on;
            modem_->network().set_sim(card, modem_->now());
            return;
        }
        case Step::Kind::Battery:
            session_->note(step.on ? "backup battery connected" : "backup battery removed");
            modem_->set_battery(step.on);
            return;
        case Step::Kind::Send: return send(step);
        case Step::Kind::Expect: return expect(step, false);
        case Step::Kind::ExpectNot: return expect(step, true);
        case Step::Kind::Wait: return wait(step.duration);
        case Step::Kind::SetRtc:
            session_->note(fmt::format("set the RTC (host side), {} quarter hours from UTC", step.rtc_tz_quarters));
            modem_->rtc().preload(step.rtc_seconds, step.rtc_tz_quarters, modem_->now());
            return;
        case Step::Kind::Log:
            session_->note("log: " + step.text);
            result_.notes.push_back(step.text);
            return;
        case Step::Kind::Server: return apply_servers(step);
        case Step::Kind::Network: session_->note(step.label); return apply_network(step.network);
        case Step::Kind::TlsConnect: return tls_connect(step);
        case Step::Kind::ExpectTls: return expect_tls(step);
        case Step::Kind::TlsWindow: return tls_window(step);
        case Step::Kind::Repeat: return;  // run_steps unrolls it
    }
}

Cycles Executor::bounded(Cycles timeout) const {
    const Cycles now = modem_->now();
    if (now >= deadline_) return 0;
    return std::min(timeout, deadline_ - now);
}

bool Executor::wait_until(Cycles timeout, const std::function<bool()>& done) {
    if (done()) return true;
    const Cycles allowed = bounded(timeout);
    const bool ok = allowed > 0 && session_->wait_until(allowed, done);
    if (!ok && modem_->now() >= deadline_)
        throw StepFailed{
            fmt::format("the scenario's timeout ({}) ran out", format_duration(clock_.to_ns(scenario_.timeout))), {}};
    return ok;
}

void Executor::wait(Cycles duration) {
    if (bounded(duration) < duration)
        throw StepFailed{
            fmt::format("waiting {} would pass the scenario's timeout ({})", format_duration(clock_.to_ns(duration)),
                        format_duration(clock_.to_ns(scenario_.timeout))),
            {}};
    session_->wait(duration);
}

void Executor::require_power(const Step& step) const {
    if (!modem_->powered())
        throw StepFailed{fmt::format("'{}' needs the modem on: it is off (add '- power: on' before)", step.label), {}};
}

void Executor::power_on() {
    if (modem_->powered()) throw StepFailed{"power: on — the modem is already on", {}};
    store_trust();  // a server step while off may have brought a new CA
    session_->note("power on");
    modem_->power_on();
    stack_up_ = bearer_open_ = bearer_up_ = false;
    const std::size_t from = lines_.size();
    const Cycles timeout = scenario_.modem.boot_timeout;
    if (!wait_until(timeout, [&] {
            for (std::size_t i = from; i < lines_.size(); ++i)
                if (lines_[i].text == "+WIND: 3") return true;
            return false;
        }))
        throw StepFailed{fmt::format("the modem did not signal +WIND: 3 within {} of power-on",
                                     format_duration(clock_.to_ns(timeout))),
                         "+WIND: 3"};
}

void Executor::power_off() {
    session_->note("power off");
    modem_->power_off();
    stack_up_ = bearer_open_ = bearer_up_ = false;
}

AtReply Executor::command(const std::string& text, Cycles timeout) {
    AtReply reply = session_->command(text, bounded(timeout));
    track_command(text, reply);
    return reply;
}

// What the runner knows of the IP stack and bearer, so tls-connect brings them up only when
// needed — whether the scenario did it with its own sends or not.
void Executor::track_command(const std::string& command, const AtReply& reply) {
    const std::string c = upper(command);
    if (c.starts_with("AT+WIPCFG=1") && (reply.ok() || reply.final_code == "+CME ERROR: 844")) stack_up_ = true;
    if (c.starts_with("AT+WIPCFG=0")) stack_up_ = bearer_open_ = bearer_up_ = false;
    if (c.starts_with("AT+WIPBR=4,6") && reply.ok()) bearer_up_ = true;
    if (c.starts_with("AT+WIPBR=5,6") || c.starts_with("AT+WIPBR=0,6") || c.starts_with("AT+CFUN") ||
        c.starts_with("AT+CGATT=0") || c.starts_with("AT+CGACT=0"))
        bearer_up_ = false;
    if (c.starts_with("AT+CFUN") || c.starts_with("AT+CPOF")) stack_up_ = bearer_open_ = bearer_up_ = false;
}

void Executor::send(const Step& step) {
    require_power(step);
    cursor_ = lines_.size();
    const AtReply reply = command(step.text, step.within);
    if (!reply.completed)
        throw StepFailed{fmt::format("no final result code (OK, ERROR, +CME ERROR...) within {}",
                                     format_duration(clock_.to_ns(step.within))),
                         {}};
}

void Executor::expect(const Step& step, bool negative) {
    std::size_t hit = lines_.size();
    auto matched = [&] {
        for (std::size_t i = cursor_; i < lines_.size(); ++i)
            if (step.pattern.matches(lines_[i].text)) {
                hit = i;
                return true;
            }
        return false;
    };
    const std::string within = format_duration(clock_.to_ns(step.within));
    if (!negative) {
        if (!wait_until(step.within, matched))
            throw StepFailed{fmt::format("expected a line matching '{}' within {}; it did not arrive{}",
                                         step.pattern.text, within, already_consumed(step)),
                             step.pattern.text};
        cursor_ = hit + 1;
        consumed_.emplace_back(hit, step.mark.line);
        return;
    }
    if (wait_until(step.within, matched))
        throw StepFailed{fmt::format("'{}' must not appear within {}, and at {:.3f} s it did: {}", step.pattern.text,
                                     within, clock_.to_seconds(lines_[hit].when), lines_[hit].text),
                         "not " + step.pattern.text};
}

// Two expects for one line (`expect: OK` twice after one send): the second finds nothing new,
// but the line it wanted did arrive — say which expectation took it.
std::string Executor::already_consumed(const Step& step) const {
    for (auto it = consumed_.rbegin(); it != consumed_.rend(); ++it) {
        const auto [index, line] = *it;
        if (index >= cursor_ || !step.pattern.matches(lines_[index].text)) continue;
        return fmt::format(
            " — the line '{}' (at {:.3f} s) matches, but it was already consumed by {} expectation "
            "(line {}): each expect takes a line of its own",
            lines_[index].text, clock_.to_seconds(lines_[index].when),
            it == consumed_.rbegin() ? "the previous" : "an earlier", line);
    }
    return {};
}

ScenarioResult run_scenario(const Scenario& scenario, const RunOptions& options) {
    try {
        Executor executor(scenario, options);
        return executor.run();
    } catch (const std::exception& e) {  // the trace file could not be created
        ScenarioResult result;
        result.file = scenario.file;
        result.name = scenario.name;
        result.error = e.what();
        return result;
    }
}

}  // namespace q2686::scenario
