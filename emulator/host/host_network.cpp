#include "host/host_network.h"

#include <exception>

#include "host/x509_certificate.h"

namespace q2686 {

HostNetwork::HostNetwork(Q2686Modem& modem, HostNetworkConfig config) : modem_(modem) {
    if (!config.pcap_path.empty()) pcap_ = std::make_unique<PcapWriter>(config.pcap_path);
    Machine& machine = modem.machine();
    gateway_ = std::make_unique<SlirpGateway>(machine.scheduler(), machine.events(), machine.clock(),
                                              std::move(config.gateway));
    GprsLink& link = modem.link();
    gateway_->set_output(
        [&link](IpPacket packet, Cycles when) { link.send(LinkDirection::Downlink, std::move(packet), when); });
    link.set_uplink_sink([gateway = gateway_.get()](IpPacket packet, Cycles when) { gateway->input(std::move(packet), when); });
    if (pcap_) {
        const ClockRate clock = machine.clock();
        observer_ = modem.add_packet_observer([pcap = pcap_.get(), clock](LinkDirection, const IpPacket& packet, Cycles when) {
            pcap->write(packet, clock.to_ns(when));
        });
    }
    if (config.tls_dissector) {
        Rtc& rtc = modem.rtc();
        tls_ = std::make_unique<TlsDissector>(
            machine.events(),
            TlsDissectorConfig{.clock = machine.clock(),
                               .rtc = [&rtc](Cycles when) -> std::optional<RtcReading> {
                                   return rtc_reading(rtc.calendar_at(when), rtc.tz());
                               },
                               .parse_certificate = parse_x509_certificate,
                               .keep_sessions = 32,
                               .limits = {}});
        tls_observer_ = modem.add_packet_observer(
            [tls = tls_.get()](LinkDirection, const IpPacket& packet, Cycles when) { tls->feed(packet, when); });
    }
}

HostNetwork::~HostNetwork() {
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
