// The RSP framing layer: checksums, escapes, acks, interrupts, and what it does with garbage.
#include "debug/rsp_packet.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

using namespace q2686;

namespace {
std::vector<rsp::Received> decode(std::string_view bytes) {
    rsp::Decoder decoder;
    std::vector<rsp::Received> out;
    decoder.feed(bytes, out);
    return out;
}
}  // namespace

TEST(RspPacket, ChecksumIsTheByteSumModulo256) {
    EXPECT_EQ(rsp::checksum(""), 0);
    EXPECT_EQ(rsp::checksum("OK"), 0x9a);
    EXPECT_EQ(rsp::frame("OK"), "$OK#9a");
    EXPECT_EQ(rsp::frame("qSupported"), "$qSupported#37");
}

TEST(RspPacket, FrameEscapesTheFourSpecialCharacters) {
    // '#' 0x23, '$' 0x24, '}' 0x7d, '*' 0x2a travel as '}' followed by the byte XOR 0x20, and
    // the checksum covers the escaped bytes.
    const std::string escaped =
        "a}\x03"
        "b}\x04"
        "c}]d}\x0a";
    const std::string framed = rsp::frame("a#b$c}d*");
    EXPECT_EQ(framed.substr(0, framed.size() - 2), "$" + escaped + "#");
    EXPECT_EQ(framed.substr(framed.size() - 2), fmt::format("{:02x}", rsp::checksum(escaped)));
}

TEST(RspPacket, EscapedPayloadRoundTripsThroughUnescape) {
    const std::string data = std::string("x#y$z}w*\0\xff", 11);
    const std::string framed = rsp::frame(data);
    const auto events = decode(framed);
    ASSERT_EQ(events.size(), 1u);
    ASSERT_EQ(events[0].kind, rsp::Received::Kind::Packet);
    EXPECT_EQ(rsp::unescape(events[0].payload), data);
}

TEST(RspPacket, DecoderSeparatesPacketsAcksAndTheInterruptByte) {
    const auto events = decode("+$g#67-\x03$?#3f");
    ASSERT_EQ(events.size(), 5u);
    EXPECT_EQ(events[0].kind, rsp::Received::Kind::Ack);
    EXPECT_EQ(events[1].kind, rsp::Received::Kind::Packet);
    EXPECT_EQ(events[1].payload, "g");
    EXPECT_EQ(events[2].kind, rsp::Received::Kind::Nack);
    EXPECT_EQ(events[3].kind, rsp::Received::Kind::Interrupt);
    EXPECT_EQ(events[4].payload, "?");
}

TEST(RspPacket, PacketSplitAcrossReadsIsReassembled) {
    rsp::Decoder decoder;
    std::vector<rsp::Received> out;
    for (const char c : std::string_view("$m0,4#fd")) decoder.feed(std::string_view(&c, 1), out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].payload, "m0,4");
}

TEST(RspPacket, WrongOrNonHexChecksumIsReportedNotDelivered) {
    EXPECT_EQ(decode("$g#00")[0].kind, rsp::Received::Kind::BadChecksum);
    EXPECT_EQ(decode("$g#zz")[0].kind, rsp::Received::Kind::BadChecksum);
}

TEST(RspPacket, OverlongPacketIsDroppedWithoutGrowingWithoutBound) {
    std::string huge = "$" + std::string(rsp::kMaxPacket * 4, 'a') + "#00";
    const auto events = decode(huge);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].kind, rsp::Received::Kind::Overlong);
}

TEST(RspPacket, NoiseBetweenPacketsIsIgnoredAndANewDollarRestarts) {
    const auto events = decode("garbage\r\n$abc$g#67");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].payload, "g");
}

TEST(RspPacket, UnescapeRejectsATrailingEscape) {
    EXPECT_FALSE(rsp::unescape("ab}").has_value());
}

TEST(RspPacket, HexHelpersRejectWhatIsNotHex) {
    EXPECT_EQ(rsp::parse_hex("1f"), 0x1fu);
    EXPECT_EQ(rsp::parse_hex("00000000ffffffff"), 0xffffffffu);  // leading zeros are fine
    EXPECT_FALSE(rsp::parse_hex("100000000").has_value());       // 33 bits are not
    EXPECT_FALSE(rsp::parse_hex("").has_value());
    EXPECT_FALSE(rsp::parse_hex("12g").has_value());
    EXPECT_FALSE(rsp::from_hex("abc").has_value());
    EXPECT_FALSE(rsp::from_hex("zz").has_value());
    EXPECT_EQ(rsp::to_hex_le32(0x12345678), "78563412");
    EXPECT_EQ(rsp::from_hex_le32("78563412"), 0x12345678u);
    EXPECT_FALSE(rsp::from_hex_le32("7856341").has_value());
}
