#include "host/pcap/pcap_writer.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <pcap/pcap.h>

namespace q2686 {

namespace {
constexpr int kSnapLength = 65535;  // the largest IP packet: nothing is ever cut
}

PcapWriter::PcapWriter(const std::string& path) : path_(path) {
    // A "dead" handle only carries the link type, snap length and timestamp precision the
    // dumper writes into the file header.
    pcap_ = pcap_open_dead_with_tstamp_precision(DLT_RAW, kSnapLength, PCAP_TSTAMP_PRECISION_NANO);
    if (!pcap_) throw std::runtime_error(fmt::format("cannot create a pcap writer for {}", path));
    dumper_ = pcap_dump_open(pcap_, path.c_str());
    if (!dumper_) {
        const std::string reason = pcap_geterr(pcap_);
        pcap_close(pcap_);
        throw std::runtime_error(fmt::format("cannot open pcap file {}: {}", path, reason));
    }
}

PcapWriter::~PcapWriter() {
    pcap_dump_close(dumper_);  // flushes and closes the file
    pcap_close(pcap_);
}

void PcapWriter::write(const IpPacket& packet, std::uint64_t timestamp_ns) {
    pcap_pkthdr header{};
    header.ts.tv_sec = static_cast<time_t>(timestamp_ns / 1'000'000'000u);
    // With nanosecond precision the dumper stores this field as is: nanoseconds, not µs.
    header.ts.tv_usec = static_cast<suseconds_t>(timestamp_ns % 1'000'000'000u);
    header.len = static_cast<bpf_u_int32>(packet.size());
    header.caplen = static_cast<bpf_u_int32>(std::min<std::size_t>(packet.size(), kSnapLength));
    pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, packet.data());
}

void PcapWriter::flush() {
    if (pcap_dump_flush(dumper_) != 0) throw std::runtime_error(fmt::format("cannot write pcap file {}", path_));
}

}  // namespace q2686
