// tls-connect and expect-tls: the scenario's TLS steps mapped onto the firmware's own AT
// commands (docs/at-commands.md "TLS client"), so a scenario exercises exactly what a user's
// application would: AT+TLSCFG=<verify>[,<version>], then AT+TLSGET="host",port,"path", whose
// outcome is +TLSDONE (ok) or +TLSERR with its cause.
#include <fmt/format.h>

#include "base/duration.h"
#include "scenario/executor.h"

namespace q2686::scenario {

namespace {

// The fields of a URC after "NAME: ", split at commas outside quotes, quotes removed.
std::vector<std::string> fields(const std::string& line) {
    std::vector<std::string> out;
    const auto colon = line.find(": ");
    if (colon == std::string::npos) return out;
    std::string field;
    bool quoted = false;
    for (std::size_t i = colon + 2; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted) {
            out.push_back(field);
            field.clear();
        } else
            field += c;
    }
    out.push_back(field);
    return out;
}

bool is_verdict(const std::string& line) {
    return line.starts_with("+TLSDONE:") || line.starts_with("+TLSERR:");
}

Cycles seconds(const ClockRate& clock, std::uint64_t s) {
    return clock.from_ns(s * 1'000'000'000ULL);
}

}  // namespace

// The bearer sequence of docs/at-commands.md "WIP": start the IP stack, open the GPRS bearer
// with APN "internet", connect. It first waits (up to 10 s) for the network to finish searching,
// as an application waits for +CREG before dialling. False: the bearer did not come up, and
// tls_synthetic_ says why in the form of a +TLSERR cause.
bool Executor::bring_bearer_up() {
    session_->note("tls-connect: bringing the GPRS bearer up");
    NetworkModel& net = modem_->network();
    auto settled = [&net] {
        const Registration r = net.registration();
        return r != Registration::Searching && r != Registration::NotRegistered;
    };
    // Registration changes print nothing on the AT port (no AT+CREG=1 here), so look every
    // 100 ms of virtual time rather than wait for a line.
    for (int i = 0; i < 100 && !settled() && bounded(seconds(clock_, 1)) > 0; ++i) wait(clock_.from_ns(100'000'000));
    auto step = [&](const std::string& text, std::initializer_list<const char*> fine, std::uint64_t timeout_s) {
        const AtReply reply = command(text, seconds(clock_, timeout_s));
        if (!reply.completed)
            throw StepFailed{fmt::format("{}: no final result code within {} s", text, timeout_s), {}};
        if (reply.ok()) return true;
        for (const char* code : fine)
            if (reply.final_code == code) return true;
        tls_synthetic_ = fmt::format("bearer: {} → {}", text, reply.final_code);
        return false;
    };
    if (!stack_up_ && !step("AT+WIPCFG=1", {"+CME ERROR: 844"}, 10)) return false;
    stack_up_ = true;
    if (!bearer_open_) {
        if (!step("AT+WIPBR=1,6", {"+CME ERROR: 804"}, 10)) return false;
        if (!step("AT+WIPBR=2,6,11,\"internet\"", {}, 10)) return false;
        bearer_open_ = true;
    }
    if (!step("AT+WIPBR=4,6,0", {}, 30)) return false;
    bearer_up_ = true;
    return true;
}

void Executor::tls_connect(const Step& step) {
    require_power(step);
    const TlsConnect& c = step.tls_connect;
    const ServerSettings* server = servers_->default_server();
    std::string host = c.host;
    std::uint16_t port = c.port;
    if (host.empty()) {
        if (!server) throw StepFailed{"tls-connect without host: and the scenario has no server:", {}};
        host = server->host;
        if (!port) port = server->port;
    }
    if (!port) {
        port = 443;
        for (const auto& slot : scenario_.server_slots)
            if (slot.host == host) {
                port = slot.port;
                break;
            }
    }
    tls_synthetic_.reset();
    tls_requested_ = true;
    tls_cursor_ = lines_.size();
    if (c.bearer && !bearer_up_ && !bring_bearer_up()) {
        session_->note("tls-connect: no bearer, no request: " + *tls_synthetic_);
        return;  // expect-tls sees network-error
    }
    const std::string config =
        c.version ? fmt::format("AT+TLSCFG={},{}", c.verify, c.version) : fmt::format("AT+TLSCFG={}", c.verify);
    const AtReply configured = command(config, seconds(clock_, 10));
    if (!configured.ok())
        throw StepFailed{
            fmt::format("{} answered {}", config, configured.completed ? configured.final_code : "nothing"), "OK"};
    const std::string get = fmt::format("AT+TLSGET=\"{}\",{},\"{}\"", host, port, c.path);
    tls_cursor_ = lines_.size();
    const AtReply started = command(get, seconds(clock_, 10));
    if (!started.ok())
        throw StepFailed{fmt::format("{} answered {}", get, started.completed ? started.final_code : "nothing"), "OK"};
}

void Executor::expect_tls(const Step& step) {
    const ExpectTls& e = step.expect_tls;
    if (!tls_requested_) throw StepFailed{"expect-tls without a tls-connect before it", {}};
    std::string outcome, verdict;
    std::size_t at = lines_.size();
    if (tls_synthetic_) {
        outcome = "network-error";
        verdict = *tls_synthetic_;
        last_tls_verdict_ = verdict;
    } else {
        auto arrived = [&] {
            for (std::size_t i = tls_cursor_; i < lines_.size(); ++i)
                if (is_verdict(lines_[i].text)) {
                    at = i;
                    return true;
                }
            return false;
        };
        if (!wait_until(step.within, arrived))
            throw StepFailed{
                fmt::format("no +TLSDONE or +TLSERR within {}", format_duration(clock_.to_ns(step.within))), e.outcome};
        verdict = lines_[at].text;
        const auto f = fields(verdict);
        outcome = verdict.starts_with("+TLSDONE:") ? "ok" : f.size() >= 4 ? f[3] : "?";
    }
    tls_requested_ = false;
    const std::string wanted = fmt::format("outcome {}", e.outcome);
    if (outcome != e.outcome)
        throw StepFailed{fmt::format("TLS outcome {}, expected {} (the verdict is below)", outcome, e.outcome), wanted};
    if (e.status) {
        const auto f = fields(verdict);
        if (f.empty() || f[0] != std::to_string(*e.status))
            throw StepFailed{fmt::format("HTTP status {}, expected {}: {}", f.empty() ? "?" : f[0], *e.status, verdict),
                             fmt::format("status {}", *e.status)};
    }
    if (e.resumed || e.version) {
        std::vector<std::string> established;
        for (std::size_t i = tls_cursor_; i < at && i < lines_.size(); ++i)
            if (lines_[i].text.starts_with("+TLSSTEP: \"established\"")) established = fields(lines_[i].text);
        if (established.size() < 4) throw StepFailed{"no +TLSSTEP: \"established\" line before the verdict", wanted};
        if (e.resumed && (established[3] == "1") != *e.resumed)
            throw StepFailed{fmt::format("the session was {}resumed, expected {}", established[3] == "1" ? "" : "not ",
                                         *e.resumed ? "resumed" : "a full handshake"),
                             fmt::format("resumed {}", *e.resumed)};
        if (e.version && established[2] != "TLSv" + *e.version)
            throw StepFailed{fmt::format("TLS version {}, expected TLSv{}", established[2], *e.version),
                             "TLSv" + *e.version};
    }
}

}  // namespace q2686::scenario
