// `q2686emu at CMD...`: boot the modem, send each AT command, print the transcript.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "cli/commands.h"
#include "rig/modem_rig.h"
#include "cli/modem_options.h"
#include "cli/network_options.h"
#include "base/duration.h"
#include "base/input_error.h"
#include "modem/at_session.h"

namespace q2686::cli {

namespace {

struct AtOptions {
    std::vector<std::string> steps;
    std::string firmware;
    bool timestamps = false;
    bool show_echo = false;
    bool no_battery = false;
    bool events = false;
    std::string imei;
    std::string timeout = "30s";
    std::string boot_timeout = "10s";
    NetworkOptions network;
    ModemOptions modem;
};

// One step of the command line, checked before anything runs so a typo costs nothing.
struct Step {
    enum class Kind { Command, Wait, PowerOn, PowerOff, BatteryOn, BatteryOff, Network, Link } kind;
    std::string text;
    Cycles duration = 0;
    std::function<void(NetworkModel&, Cycles)> control = {};   // Kind::Network
    std::function<void(GprsLink&, Cycles)> link_control = {};  // Kind::Link
};

// link:outage:DURATION, link:loss:PERCENT — the GPRS link's conditions mid-run.
std::optional<Step> parse_link_step(const std::string& arg, const ClockRate& clock) {
    if (!arg.starts_with("link:")) return std::nullopt;
    auto step = [&arg](std::function<void(GprsLink&, Cycles)> control) {
        return Step{Step::Kind::Link, arg, 0, {}, std::move(control)};
    };
    if (arg.starts_with("link:outage:")) {
        const Cycles length = duration_option(arg.substr(12), "link:outage:", clock);
        return step([length](GprsLink& link, Cycles now) { link.outage(length, now); });
    }
    if (arg.starts_with("link:loss:")) {
        const auto loss = parse_loss(arg.substr(10));
        if (!loss) throw InputError(fmt::format("'{}': expected a loss like 20% or 0.2", arg));
        return step([loss = *loss](GprsLink& link, Cycles) {
            GprsLinkConfig config = link.config();
            config.loss = loss;
            link.configure(config);
        });
    }
    throw InputError(fmt::format("'{}': expected link:outage:DURATION or link:loss:PERCENT", arg));
}

// network:STATE, csq:N, attach:refuse|allow, pdp:fail[:CAUSE]|ok — the network model's controls.
std::optional<Step> parse_network_step(const std::string& arg) {
    using Control = std::function<void(NetworkModel&, Cycles)>;
    auto step = [&arg](Control control) { return Step{Step::Kind::Network, arg, 0, std::move(control)}; };
    auto registration = [&step](Registration r) {
        return step([r](NetworkModel& n, Cycles now) { n.set_registration(r, now); });
    };
    if (arg == "network:home") return registration(Registration::Home);
    if (arg == "network:roaming") return registration(Registration::Roaming);
    if (arg == "network:denied") return registration(Registration::Denied);
    if (arg == "network:searching") return registration(Registration::Searching);
    if (arg == "network:drop") return step([](NetworkModel& n, Cycles now) { n.drop(now); });
    if (arg == "network:recover") return step([](NetworkModel& n, Cycles now) { n.recover(now); });
    if (arg == "attach:refuse") return step([](NetworkModel& n, Cycles now) { n.set_attach_refused(true, now); });
    if (arg == "attach:allow") return step([](NetworkModel& n, Cycles now) { n.set_attach_refused(false, now); });
    if (arg == "pdp:ok") return step([](NetworkModel& n, Cycles now) { n.set_pdp_failure(std::uint16_t{0}, now); });
    if (arg == "pdp:fail") return step([](NetworkModel& n, Cycles now) { n.set_pdp_failure(true, now); });
    auto number = [&arg](std::string_view text, int low, int high, std::initializer_list<int> also) -> int {
        int value = -1;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        const bool listed = std::find(also.begin(), also.end(), value) != also.end();
        if (ec != std::errc{} || end != text.data() + text.size() || ((value < low || value > high) && !listed))
            throw InputError(fmt::format("'{}': bad value", arg));
        return value;
    };
    if (arg.starts_with("pdp:fail:")) {
        const int cause = number(std::string_view(arg).substr(9), 132, 134, {148, 149});
        return step(
            [cause](NetworkModel& n, Cycles now) { n.set_pdp_failure(static_cast<std::uint16_t>(cause), now); });
    }
    if (arg.starts_with("csq:")) {
        const int rssi = number(std::string_view(arg).substr(4), 0, 31, {99});
        return step([rssi](NetworkModel& n, Cycles now) { n.set_csq(rssi, now); });
    }
    if (arg.starts_with("network:") || arg.starts_with("attach:") || arg.starts_with("pdp:"))
        throw InputError(
            fmt::format("'{}': expected network:home|roaming|denied|searching|drop|recover, "
                        "attach:refuse|allow, pdp:fail[:132|133|134|148|149]|ok",
                        arg));
    return std::nullopt;
}

// nitz:now sends a NITZ message at once; nitz:KNOB[,KNOB...] changes what the network sends
// (gsm/network_time.h: off, on, offset=-3h, zone=+08, dst=1, full=NAME, short=NAME); "now"
// among the knobs sends one after the change.
std::optional<Step> parse_nitz_step(const std::string& arg) {
    if (!arg.starts_with("nitz:")) return std::nullopt;
    std::string knobs;
    bool send = false;
    std::string_view rest = std::string_view(arg).substr(5);
    while (true) {
        const std::size_t comma = rest.find(',');
        const std::string_view knob = rest.substr(0, comma);
        if (knob == "now")
            send = true;
        else
            knobs += (knobs.empty() ? "" : ",") + std::string(knob);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    if (knobs.empty() && !send)
        throw InputError(
            fmt::format("'{}': expected nitz:now or nitz:KNOB[,KNOB...] (off, on, offset=-3h, "
                        "zone=+08, dst=1, full=NAME, short=NAME)",
                        arg));
    if (!knobs.empty()) {
        NitzSettings check;
        try {
            apply_nitz_knobs(check, knobs);
        } catch (const std::invalid_argument& e) {
            throw InputError(fmt::format("'{}': {}", arg, e.what()));
        }
    }
    return Step{Step::Kind::Network, arg, 0, [knobs, send](NetworkModel& n, Cycles now) {
                    if (!knobs.empty()) {
                        NitzSettings settings = n.nitz();
                        apply_nitz_knobs(settings, knobs);
                        n.set_nitz(settings, now);
                    }
                    if (send) n.send_nitz(now);
                }};
}

Step parse_step(const std::string& arg, const ClockRate& clock) {
    if (arg.starts_with("wait:")) return {Step::Kind::Wait, arg, duration_option(arg.substr(5), "wait:", clock)};
    if (arg == "power:on") return {Step::Kind::PowerOn, arg};
    if (arg == "power:off") return {Step::Kind::PowerOff, arg};
    if (arg == "battery:on") return {Step::Kind::BatteryOn, arg};
    if (arg == "battery:off") return {Step::Kind::BatteryOff, arg};
    if (auto network = parse_network_step(arg)) return *network;
    if (auto nitz = parse_nitz_step(arg)) return *nitz;
    if (auto link = parse_link_step(arg, clock)) return *link;
    if (arg.size() >= 2 && (arg[0] == 'A' || arg[0] == 'a') && (arg[1] == 'T' || arg[1] == 't' || arg[1] == '/'))
        return {Step::Kind::Command, arg};
    throw InputError(
        fmt::format("'{}' is neither an AT command (AT..., A/) nor a pseudo-command "
                    "(wait:DURATION, power:on|off, battery:on|off, network:..., csq:N, attach:..., pdp:..., nitz:..., "
                    "link:...)",
                    arg));
}

int run_at(const AtOptions& options) {
    if (options.steps.empty())
        throw UsageError("at", "no AT command to send: give one or more STEPs, e.g. q2686emu at AT+CGMI 'AT+CCLK?'");
    MachineConfig machine;
    const ClockRate& clock = machine.clock;
    std::vector<Step> steps;
    for (const auto& arg : options.steps) steps.push_back(parse_step(arg, clock));
    const Cycles timeout = duration_option(options.timeout, "--timeout", clock);
    const Cycles boot_timeout = duration_option(options.boot_timeout, "--boot-timeout", clock);

    ModemSetup setup;
    setup.modem.machine = machine;
    setup.modem.firmware = options.firmware.empty() ? default_firmware() : options.firmware;
    setup.modem.battery = !options.no_battery;
    setup.modem.imei = options.imei;
    apply_network_options(options.network, setup);
    apply_modem_options(options.modem, setup);
    ModemRig rig(std::move(setup));
    Q2686Modem& modem = rig.modem();
    AtSession& session = rig.session();
    session.on_entry([&](const TranscriptEntry& e) {
        if (e.kind == TranscriptEntry::Kind::Echo && !options.show_echo) return;
        const char* mark = e.kind == TranscriptEntry::Kind::Sent       ? ">"
                           : e.kind == TranscriptEntry::Kind::Received ? "<"
                           : e.kind == TranscriptEntry::Kind::Echo     ? "="
                                                                       : "~";
        if (options.timestamps)
            fmt::print("[{:>14.6f}] {} {}\n", clock.to_seconds(e.when), mark, e.text);
        else
            fmt::print("{} {}\n", mark, e.text);
        std::fflush(stdout);
    });

    if (options.events) {
        modem.events().subscribe([&](const Event& e) {
            if (e.kind == EventKind::Mmio) return;
            if (options.timestamps)
                fmt::print("[{:>14.6f}] # {} {}: {}\n", clock.to_seconds(e.when), to_string(e.kind), e.source, e.text);
            else
                fmt::print("# {} {}: {}\n", to_string(e.kind), e.source, e.text);
        });
    }

    auto boot = [&] {
        session.note("power on");
        modem.power_on();
        if (!session.wait_for("+WIND: 3", boot_timeout)) {
            session.note(fmt::format("the modem did not signal +WIND: 3 within {}", options.boot_timeout));
            return false;
        }
        return true;
    };
    if (!boot()) return 1;
    int failures = 0;
    for (const Step& step : steps) {
        if (session.fault()) break;
        switch (step.kind) {
            case Step::Kind::Command: {
                const AtReply reply = session.command(step.text, timeout);
                if (!reply.completed) {
                    session.note(fmt::format("no final result code within {}", options.timeout));
                    ++failures;
                }
                break;
            }
            case Step::Kind::Wait:
                session.note(fmt::format("wait {}", format_duration(clock.to_ns(step.duration))));
                session.wait(step.duration);
                break;
            case Step::Kind::PowerOn:
                if (!boot()) ++failures;
                break;
            case Step::Kind::PowerOff:
                session.note("power off");
                modem.power_off();
                break;
            case Step::Kind::BatteryOn:
                session.note("backup battery connected");
                modem.set_battery(true);
                break;
            case Step::Kind::BatteryOff:
                session.note("backup battery removed");
                modem.set_battery(false);
                break;
            case Step::Kind::Network:
                session.note(step.text);
                step.control(modem.network(), modem.now());
                break;
            case Step::Kind::Link:
                session.note(step.text);
                step.link_control(modem.link(), modem.now());
                break;
        }
    }
    if (session.fault()) {
        fmt::print(
            stderr, "q2686emu: {}",
            format_fault_report(*session.fault(), &modem.machine().image()->symbols, modem.events(), modem.clock()));
        return 1;
    }
    return failures ? 1 : 0;
}

}  // namespace

void add_at_command(CLI::App& app, Action& action) {
    auto options = std::make_shared<AtOptions>();
    CLI::App* cmd = app.add_subcommand("at", "Boot the modem, send AT commands on UART1 and print the transcript");
    cmd->footer(
        "Each STEP is an AT command line (sent with CR; the next is sent after its final result code)\n"
        "or a pseudo-command:\n"
        "  wait:DURATION   let virtual time pass (500ms, 65s, 2h, 400d)\n"
        "  power:off       switch the modem off      power:on     switch it on and wait for +WIND: 3\n"
        "  battery:off     remove the RTC backup battery            battery:on   put it back\n"
        "  network:home|roaming|denied|searching   registration state, at once\n"
        "  network:drop    coverage lost (detached, contexts down)  network:recover  registers again ~3 s later\n"
        "  csq:N           signal strength rssi 0..31 or 99          attach:refuse|allow  GPRS attach\n"
        "  pdp:fail[:CAUSE] PDP activation fails (148, or 132|133|134|149)   pdp:ok  it succeeds\n"
        "  link:outage:DURATION  a radio outage on the GPRS link      link:loss:PERCENT  packet loss from now on\n"
        "  nitz:now        the network sends its time (NITZ, +WIND: 15) at once; it also does after registering\n"
        "  nitz:KNOB,...   what it sends: off|on, offset=-3h (a wrong clock), zone=+08 (quarter hours),\n"
        "                  dst=0|1|2, full=NAME, short=NAME; add ,now to send at once (--network-utc: its true UTC)\n"
        "Transcript: '>' sent, '<' received, '~' what the tool did, '#' events (--events).\n"
        "The modem is switched on first.\n"
        "Exit code 0 when every command got a final result code (OK, ERROR, +CME ERROR...), 1 otherwise.\n"
        "Example: q2686emu at 'AT+CCLK=\"24/05/17,10:00:00+08\"' wait:65s 'AT+CCLK?'\n"
        "\n" +
        std::string(kNetworkHelp));
    // Not ->required(): CLI11 would say "steps is required"; run_at says it in the user's words.
    cmd->add_option("STEP", options->steps, "AT commands and pseudo-commands, in order");
    cmd->add_option("--firmware", options->firmware, "Firmware ELF (default: the application firmware q2686_app.elf)");
    cmd->add_flag("--timestamps", options->timestamps, "Prefix each line with its virtual time in seconds");
    cmd->add_flag("--echo", options->show_echo, "Show the modem's echo of each command ('=' lines)");
    cmd->add_flag("--no-battery", options->no_battery, "Start without the RTC backup battery");
    cmd->add_flag("--events", options->events,
                  "Also print the event stream: RTC reads and writes, power, firmware log, guest errors");
    cmd->add_option("--imei", options->imei, "IMEI the modem reports (15 digits)");
    cmd->add_option("--timeout", options->timeout, "Virtual time to wait for each final result code")
        ->capture_default_str();
    cmd->add_option("--boot-timeout", options->boot_timeout, "Virtual time to wait for +WIND: 3 after power-on")
        ->capture_default_str();
    add_network_options(*cmd, options->network);
    add_modem_options(*cmd, options->modem);
    cmd->callback([&action, options] { action = [options] { return run_at(*options); }; });
}

}  // namespace q2686::cli
