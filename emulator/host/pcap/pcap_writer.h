// PcapWriter — the IP packets of the GPRS link as a capture file for Wireshark/tshark
// (`q2686emu run ... --pcap FILE`, docs/network.md "Packet capture").
//
// Format: classic pcap with nanosecond timestamps (magic a1b23c4d), link type DLT_RAW
// (LINKTYPE_RAW 101: each record starts with the IPv4 or IPv6 header, like IpPacket), written
// by libpcap. Timestamps are *virtual* time: nanoseconds since the emulator's cycle 0, stored
// as if they were seconds since the Unix epoch, so tshark shows 1970-01-01 00:00:00 + virtual
// time and the gaps between packets are the link's real timing.
#pragma once

#include <cstdint>
#include <string>

#include "ip/ip_packet.h"

struct pcap;         // pcap_t, from <pcap/pcap.h>: kept out of this header
struct pcap_dumper;  // pcap_dumper_t

namespace q2686 {

class PcapWriter {
public:
    // Creates (truncates) `path`. Throws std::runtime_error naming the path and libpcap's
    // reason when the file cannot be opened.
    explicit PcapWriter(const std::string& path);
    PcapWriter(const PcapWriter&) = delete;
    PcapWriter& operator=(const PcapWriter&) = delete;
    ~PcapWriter();

    // One record. Packets longer than 65535 bytes (not valid IP) are cut to 65535, with their
    // original length kept in the record header.
    void write(const IpPacket& packet, std::uint64_t timestamp_ns);
    // Pushes buffered records to the file (so a capture can be read while the emulator runs).
    // Throws std::runtime_error if the write fails (e.g. the disk is full).
    void flush();

    const std::string& path() const { return path_; }

private:
    std::string path_;
    pcap* pcap_ = nullptr;
    pcap_dumper* dumper_ = nullptr;
};

}  // namespace q2686
