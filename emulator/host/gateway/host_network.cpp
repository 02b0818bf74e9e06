#include "host/gateway/host_network.h"

#include <exception>

#include "tls/dissector/x509_certificate.h"

namespace q2686 {

HostNetwork::HostNetwork(Q2686Modem& modem, HostNetworkConfig config) : modem_(modem) {
    if (!config.pcap_path.empty()) pcap_ = std::make_unique<PcapWriter>(config.pcap_path);
    Machine& machine = modem.machine();
    start_tls_servers(config);
    gateway_ = std::make_unique<SlirpGateway>(machine.scheduler(), machine.events(), machine.clock(),
                                              std::move(config.gateway));
    // While the modem waits on a real host peer, idle skipping stops at the wall clock.
    machine.set_real_time_bound(gateway_.get());
    GprsLink& link = modem.link();
    gateway_->set_output(
        [&link](IpPacket packet, Cycles when) { link.send(LinkDirection::Downlink, std::move(packet), when); });
    link.set_uplink_sink(
        [gateway = gateway_.get()](IpPacket packet, Cycles when) { gateway->input(std::move(packet), when); });
    if (pcap_) {
        const ClockRate clock = machine.clock();
        observer_ =
            modem.add_packet_observer([pcap = pcap_.get(), clock](LinkDirection, const IpPacket& packet, Cycles when) {
                pcap->write(packet, clock.to_ns(when));
            });
    }
    if (config.tls_dissector) {
        Rtc& rtc = modem.rtc();
        tls_ = std::make_unique<TlsDissector>(
            machine.events(), TlsDissectorConfig{.clock = machine.clock(),
                                                 .rtc = [&rtc](Cycles when) -> std::optional<RtcReading> {
                                                     return rtc_reading(rtc.calendar_at(when), rtc.tz());
                                                 },
                                                 .host_clock = config.host_clock,
                                                 .parse_certificate = parse_x509_certificate,
                                                 .keep_sessions = 32,
                                                 .limits = {}});
        tls_observer_ = modem.add_packet_observer(
            [tls = tls_.get()](LinkDirection, const IpPacket& packet, Cycles when) { tls->feed(packet, when); });
    }
}

// Each server is an in-process service behind its NAME:PORT in the gateway's map (before any
// --host mapping of the same name, which it then overrides).
void HostNetwork::start_tls_servers(HostNetworkConfig& config) {
    if (config.tls_servers.empty()) return;
    const TestPki pki(config.pki_cache);
    test_root_ca_ = pki.root_ca();
    EventLog& events = modem_.machine().events();
    auto log = [&events](Cycles when, std::string text) {
        events.emit({when, EventKind::Tls, "tls-server", std::move(text)});
    };
    std::vector<HostMapping> mappings;
    for (const TlsServerSpec& spec : config.tls_servers) {
        BuiltinTlsServerConfig server{.name = spec.address(),
                                      .credentials = pki.server(spec.certificate),
                                      .versions = spec.versions,
                                      .behaviour = spec.behaviour,
                                      .client_ca = spec.client_auth ? test_root_ca_ : std::nullopt,
                                      .clock = modem_.machine().clock(),
                                      .seed = 1};
        tls_servers_.push_back(std::make_unique<BuiltinTlsServer>(std::move(server), log));
        mappings.push_back(HostMapping{
            .name = spec.name, .port = spec.port, .target = 0x7F000001, .target_port = 0, .service = tls_servers_.back().get()});
    }
    auto& hosts = config.gateway.hosts;
    hosts.insert(hosts.begin(), mappings.begin(), mappings.end());
}

bool HostNetwork::trust_test_root_ca() {
    if (!test_root_ca_ || modem_.flash_objects().load("TLS", 0)) return false;
    modem_.flash_objects().store("TLS", 0, read_text_file(*test_root_ca_));
    return true;
}

HostNetwork::~HostNetwork() {
    modem_.machine().set_real_time_bound(nullptr);
    modem_.link().set_uplink_sink({});
    if (observer_) modem_.remove_packet_observer(observer_);
    if (tls_observer_) modem_.remove_packet_observer(tls_observer_);
    try {
        flush_capture();
    } catch (const std::exception&) {
        // A capture that cannot be written at exit (disk full) must not take the run down with it.
    }
}

void HostNetwork::flush_capture() {
    if (pcap_) pcap_->flush();
}

}  // namespace q2686
