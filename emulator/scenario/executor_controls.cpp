// The scenario's controls of the modem's surroundings: the network model and GPRS link
// (`network:`), the TLS servers behind each host name (`server:`), and the credentials in the
// modem's flash objects that go with them.
#include <fmt/format.h>

#include "scenario/executor.h"

#include "gsm/network_time.h"

namespace q2686::scenario {

// Flash objects change only while the modem is off (docs/flash-objects.md).
void Executor::store_trust() {
    auto store = [this](std::uint16_t id, const std::string& pem) {
        if (pem.empty()) return;
        const auto stored = modem_->flash_objects().load("TLS", id);
        if (stored && std::string(stored->begin(), stored->end()) == pem) return;
        modem_->flash_objects().store("TLS", id, pem);
    };
    store(0, servers_->trust_pem());
    store(1, servers_->client_certificate_pem());
    store(2, servers_->client_key_pem());
}

void Executor::apply_servers(const Step& step) {
    for (const ServerSettings& server : step.servers) {
        session_->note(fmt::format("server {}: {}", server.slot(),
                                   server.external ? "external" : server.builtin.certificate.describe()));
        servers_->apply(server, modem_->now());
    }
    if (!modem_->powered()) return store_trust();
    const auto stored = modem_->flash_objects().load("TLS", 0);
    const std::string pem = servers_->trust_pem();
    if (!pem.empty() && (!stored || std::string(stored->begin(), stored->end()) != pem))
        throw StepFailed{
            "this server brings a CA the modem does not hold yet; flash objects change only while the "
            "modem is off: put '- power: off' before this step",
            {}};
}

void Executor::apply_network(const NetworkSettings& n) {
    NetworkModel& net = modem_->network();
    const Cycles now = modem_->now();
    if (n.registration) {
        const std::string& r = *n.registration;
        if (r == "drop")
            net.drop(now);
        else if (r == "recover")
            net.recover(now);
        else
            net.set_registration(r == "home"      ? Registration::Home
                                 : r == "roaming" ? Registration::Roaming
                                 : r == "denied"  ? Registration::Denied
                                                  : Registration::Searching,
                                 now);
    }
    if (n.csq) net.set_csq(*n.csq, now);
    if (n.attach_refused) net.set_attach_refused(*n.attach_refused, now);
    if (n.pdp_failure) net.set_pdp_failure(*n.pdp_failure, now);
    if (n.latency_ms || n.jitter_ms || n.loss) {
        GprsLinkConfig link = modem_->link().config();
        if (n.latency_ms) link.latency_ms = *n.latency_ms;
        if (n.jitter_ms) link.jitter_ms = *n.jitter_ms;
        if (n.loss) link.loss = *n.loss;
        modem_->link().configure(link);
    }
    if (n.outage) modem_->link().outage(*n.outage, now);
    if (n.nitz) {
        NitzSettings settings = net.nitz();
        apply_nitz_knobs(settings, *n.nitz);
        net.set_nitz(settings, now);
    }
    if (n.send_nitz) net.send_nitz(now);
}

}  // namespace q2686::scenario
