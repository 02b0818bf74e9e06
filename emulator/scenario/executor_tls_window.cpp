// tls-window: the validity-window sweep (rig/tls_window_sweep.h, docs/tls.md "The validity
// window") as a scenario step. It sweeps the scenario's first server with the CA the scenario
// gives the modem (TLS:0), each handshake on a fresh modem of its own — the scenario's modem and
// its clock are left as they are — and passes when the window is the expected one and every
// proof holds. Each proof's verdict goes to the trace as a note.
#include <fmt/format.h>

#include "rig/tls_window_sweep.h"
#include "scenario/executor.h"

namespace q2686::scenario {

void Executor::tls_window(const Step& step) {
    const TlsWindowExpect& expect = step.tls_window;
    const ServerSettings* server = servers_->default_server();
    if (!server) throw StepFailed{"tls-window needs a server: in the scenario", {}};
    TlsWindowTarget target;
    target.hostname = server->host;
    target.port = server->port;
    if (server->external) {
        target.host_address = server->address;
        target.host_port = server->address_port;
    } else {
        target.builtin = server->builtin;
    }
    target.ca_pem = servers_->trust_pem();
    if (target.ca_pem.empty()) throw StepFailed{"tls-window: the server has no CA for TLS:0 (ca: in server:)", {}};
    target.firmware = scenario_.firmware.empty() ? options_.default_firmware : scenario_.firmware;
    target.pki_cache = options_.pki_cache;
    const std::string wanted =
        expect.empty ? "empty" : fmt::format("{} .. {}", format_utc(expect.first), format_utc(expect.last));
    TlsWindowReport report;
    try {
        report = sweep_tls_window(target, [this](const std::string& line) { session_->note("tls-window: " + line); });
    } catch (const std::exception& e) {
        throw StepFailed{e.what(), wanted};
    }
    const bool empty = !report.window || report.window->empty();
    const std::string got =
        empty ? "empty" : fmt::format("{} .. {}", format_utc(report.window->first), format_utc(report.window->last));
    session_->note("tls-window: window " + got);
    if (got != wanted) throw StepFailed{fmt::format("tls-window: the window is {}, expected {}", got, wanted), wanted};
    if (empty) return;
    for (const TlsWindowProof& proof : report.proofs)
        if (!proof.holds)
            throw StepFailed{fmt::format("tls-window: the proof at {} gave {} ({}), expected {}", proof.what,
                                         proof.outcome, proof.line, proof.expected),
                             wanted};
}

}  // namespace q2686::scenario
