#include "scenario/scenario_servers.h"

#include <algorithm>

#include "tls/server/builtin_tls_server.h"
#include "tls/server/test_pki.h"

namespace q2686::scenario {

// One host:port of the scenario. For a built-in server the gateway polls `this` and it forwards
// to whichever server currently stands behind the slot (none: the port is closed).
struct ScenarioServers::Slot final : GatewayService {
    ServerSettings settings;
    std::uint16_t port = 0;  // built-in: the loopback port the slot keeps
    std::unique_ptr<BuiltinTlsServer> server;

    void add_poll_fds(std::vector<pollfd>& fds) override {
        if (server) server->add_poll_fds(fds);
    }
    void serve(std::span<const pollfd> fds, Cycles now) override {
        if (server) server->serve(fds, now);
    }
};

namespace {

std::unique_ptr<BuiltinTlsServer> make_server(const TlsServerSpec& spec, const TestPki& pki, std::uint16_t port,
                                              ClockRate clock, EventLog& events) {
    auto log = [&events](Cycles when, std::string text) {
        events.emit({when, EventKind::Tls, "tls-server", std::move(text)});
    };
    const std::filesystem::path root = pki.root_ca();
    BuiltinTlsServerConfig config{.name = spec.address(),
                                  .credentials = pki.server(spec.certificate),
                                  .versions = spec.versions,
                                  .behaviour = spec.behaviour,
                                  .client_ca = spec.client_auth ? std::optional(root) : std::nullopt,
                                  .port = port,
                                  .clock = clock,
                                  // The same seed as `at --tls-server`: a scenario and the CLI
                                  // give the same handshake bytes.
                                  .seed = 1};
    return std::make_unique<BuiltinTlsServer>(std::move(config), log);
}

}  // namespace

ScenarioServers::ScenarioServers(const Scenario& scenario, std::filesystem::path pki_cache, ClockRate clock,
                                 EventLog& events)
    : pki_cache_(std::move(pki_cache)), clock_(clock), events_(events) {
    const bool any_builtin = std::any_of(scenario.server_slots.begin(), scenario.server_slots.end(),
                                         [](const ServerSettings& s) { return !s.external; });
    std::optional<TestPki> pki;
    if (any_builtin) {
        pki.emplace(pki_cache_);
        root_pem_ = read_text_file(pki->root_ca());
        const bool client_auth =
            std::any_of(scenario.server_slots.begin(), scenario.server_slots.end(),
                        [](const ServerSettings& s) { return !s.external && s.builtin.client_auth; });
        if (client_auth) {
            const ClientCredentials client = pki->client();
            client_cert_pem_ = read_text_file(client.certificate);
            client_key_pem_ = read_text_file(client.key);
        }
    }
    for (const ServerSettings& settings : scenario.server_slots) {
        auto slot = std::make_unique<Slot>();
        slot->settings = settings;
        if (!settings.external) {
            // Bind once to learn a free port the slot then keeps; the start's servers are applied
            // right after, anything else waits for its step with the port closed.
            slot->server = make_server(settings.builtin, *pki, 0, clock_, events_);
            slot->port = slot->server->port();
            slot->server.reset();
        }
        slots_.push_back(std::move(slot));
    }
    for (const ServerSettings& server : scenario.servers) apply(server);
}

ScenarioServers::~ScenarioServers() = default;

void ScenarioServers::configure(HostNetworkConfig& config) const {
    config.pki_cache = pki_cache_;
    for (const auto& slot : slots_) {
        const ServerSettings& s = slot->settings;
        if (s.external) {
            config.gateway.hosts.push_back(HostMapping{s.host, s.port, s.address, s.address_port});
            config.gateway.allow.push_back(AllowRule{s.address, 32, s.address_port});
        } else {
            config.gateway.hosts.push_back(HostMapping{s.host, s.port, 0x7F000001, slot->port});
        }
    }
}

void ScenarioServers::attach(HostNetwork& network) {
    for (const auto& slot : slots_)
        if (!slot->settings.external) network.gateway().add_service(*slot);
}

void ScenarioServers::apply(const ServerSettings& server) {
    for (const auto& slot : slots_) {
        if (slot->settings.slot() != server.slot()) continue;
        slot->settings = server;
        if (server.external) {
            if (!server.ca_path.empty()) {
                const std::string pem = read_text_file(server.ca_path);
                if (std::find(external_cas_.begin(), external_cas_.end(), pem) == external_cas_.end())
                    external_cas_.push_back(pem);
            }
            return;
        }
        slot->server.reset();  // closes its socket before the new one binds the same port
        slot->server = make_server(server.builtin, TestPki(pki_cache_), slot->port, clock_, events_);
        return;
    }
}

std::string ScenarioServers::trust_pem() const {
    std::string pem = root_pem_;
    for (const std::string& ca : external_cas_) {
        if (!pem.empty() && pem.back() != '\n') pem += '\n';
        pem += ca;
    }
    return pem;
}

const ServerSettings* ScenarioServers::default_server() const {
    return slots_.empty() ? nullptr : &slots_.front()->settings;
}

}  // namespace q2686::scenario
