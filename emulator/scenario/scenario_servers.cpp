#include "scenario/scenario_servers.h"

#include <algorithm>

#include "tls/server/builtin_tls_server.h"
#include "tls/server/test_pki.h"

namespace q2686::scenario {

// One host:port of the scenario. For a built-in server the gateway's name map points at `this`,
// which forwards to whichever server currently stands behind the slot. With none, connections
// are refused (as by a closed port).
struct ScenarioServers::Slot final : GatewayService {
    ServerSettings settings;
    std::unique_ptr<BuiltinTlsServer> server;

    bool listening() const override { return server != nullptr; }
    void open(ServiceStream& stream, Cycles now) override {
        if (server)
            server->open(stream, now);
        else
            stream.reset();
    }
    void readable(ServiceStream& stream, Cycles now) override {
        if (server) server->readable(stream, now);
    }
    void closed(ServiceStream& stream, Cycles now) override {
        if (server) server->closed(stream, now);
    }
};

namespace {

std::unique_ptr<BuiltinTlsServer> make_server(const TlsServerSpec& spec, const TestPki& pki, ClockRate clock,
                                              EventLog& events) {
    auto log = [&events](Cycles when, std::string text) {
        events.emit({when, EventKind::Tls, "tls-server", std::move(text)});
    };
    const std::filesystem::path root = pki.root_ca();
    BuiltinTlsServerConfig config{.name = spec.address(),
                                  .credentials = pki.server(spec.certificate),
                                  .versions = spec.versions,
                                  .behaviour = spec.behaviour,
                                  .client_ca = spec.client_auth ? std::optional(root) : std::nullopt,
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
        slot->settings = settings;  // the start's servers are applied below; the rest wait for their step
        slots_.push_back(std::move(slot));
    }
    for (const ServerSettings& server : scenario.servers) apply(server, 0);
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
            config.gateway.hosts.push_back(
                HostMapping{.name = s.host, .port = s.port, .target = 0x7F000001, .target_port = 0, .service = slot.get()});
        }
    }
}

void ScenarioServers::apply(const ServerSettings& server, Cycles now) {
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
        if (slot->server) slot->server->drop_connections(now);  // the old server's connections end with it
        slot->server = make_server(server.builtin, TestPki(pki_cache_), clock_, events_);
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
