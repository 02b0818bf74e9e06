// PcapWriter: raw-IP capture files with virtual nanosecond timestamps, read back by tshark.
#include "host/pcap/pcap_writer.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

using namespace q2686;

namespace {

// A file in the temporary directory, removed afterwards.
struct TempPath {
    std::string path;
    explicit TempPath(const std::string& name)
        : path((std::filesystem::temp_directory_path() / ("q2686_" + name + "_" + std::to_string(::getpid()) + ".pcap"))
                   .string()) {}
    ~TempPath() { std::filesystem::remove(path); }
};

// IPv4 (no options) + UDP + payload, with a valid header checksum (RFC 791 §3.1); UDP
// checksum 0 (none, RFC 768).
IpPacket udp_packet(std::uint32_t src, std::uint32_t dst, std::uint16_t src_port, std::uint16_t dst_port,
                    const std::string& payload) {
    const std::size_t total = 20 + 8 + payload.size();
    IpPacket p(total, 0);
    auto put16 = [&p](std::size_t at, std::uint32_t v) {
        p[at] = static_cast<std::uint8_t>(v >> 8);
        p[at + 1] = static_cast<std::uint8_t>(v);
    };
    auto put32 = [&](std::size_t at, std::uint32_t v) {
        put16(at, v >> 16);
        put16(at + 2, v & 0xFFFF);
    };
    p[0] = 0x45;  // version 4, 5 words of header
    put16(2, static_cast<std::uint32_t>(total));
    p[8] = 64;  // TTL
    p[9] = 17;  // UDP
    put32(12, src);
    put32(16, dst);
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < 20; i += 2) sum += std::uint32_t{p[i]} << 8 | p[i + 1];
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
    put16(10, ~sum & 0xFFFF);
    put16(20, src_port);
    put16(22, dst_port);
    put16(24, static_cast<std::uint32_t>(8 + payload.size()));
    std::copy(payload.begin(), payload.end(), p.begin() + 28);
    return p;
}

bool tshark_installed() {
    return std::system("command -v tshark >/dev/null 2>&1") == 0;
}

std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return out;
    std::array<char, 4096> buffer{};
    while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe)) out += buffer.data();
    ::pclose(pipe);
    return out;
}

}  // namespace

TEST(PcapWriter, WritesANanosecondRawIpHeader) {
    TempPath file("pcap_header");
    { PcapWriter writer(file.path); }
    std::ifstream in(file.path, std::ios::binary);
    std::vector<unsigned char> header(24);
    ASSERT_TRUE(in.read(reinterpret_cast<char*>(header.data()), 24));
    auto u32 = [&header](std::size_t at) {  // the file is in the writer's byte order
        std::uint32_t v;
        std::memcpy(&v, header.data() + at, 4);
        return v;
    };
    EXPECT_EQ(u32(0), 0xA1B23C4Du);  // nanosecond timestamps
    EXPECT_EQ(u32(16), 65535u);      // snap length
    EXPECT_EQ(u32(20), 101u);        // LINKTYPE_RAW
}

TEST(PcapWriter, TsharkDecodesThePacketsAndTheirVirtualTimestamps) {
    if (!tshark_installed()) GTEST_SKIP() << "tshark is not installed";
    TempPath file("pcap_tshark");
    {
        PcapWriter writer(file.path);
        writer.write(udp_packet(0x0A400102, 0x0A400001, 40000, 53, "query"), 1'000'000'001);  // 1 s + 1 ns
        writer.write(udp_packet(0x0A400001, 0x0A400102, 53, 40000, "answer"), 2'500'000'000);
        writer.write(udp_packet(0x0A400102, 0x0A400010, 40001, 4433, "x"), 3'600'123'456'789);
        writer.flush();
    }
    const std::string out =
        run("tshark -r '" + file.path + "' -T fields -e frame.time_epoch -e ip.src -e udp.dstport 2>/dev/null");
    EXPECT_EQ(out,
              "1.000000001\t10.64.1.2\t53\n"
              "2.500000000\t10.64.0.1\t40000\n"
              "3600.123456789\t10.64.1.2\t4433\n");
}

TEST(PcapWriter, FlushMakesRecordsReadableWhileOpen) {
    TempPath file("pcap_flush");
    PcapWriter writer(file.path);
    const IpPacket packet = udp_packet(0x0A400102, 0x0A400001, 1, 2, "abc");
    writer.write(packet, 0);
    writer.flush();
    EXPECT_EQ(std::filesystem::file_size(file.path), 24u + 16u + packet.size());
}

TEST(PcapWriter, UnwritablePathThrowsNamingThePath) {
    const std::string path = "/nonexistent-q2686-directory/capture.pcap";
    try {
        PcapWriter writer(path);
        FAIL() << "opened " << path;
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
}
