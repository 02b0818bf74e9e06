// TcpReassembler: in-order delivery despite the link's loss and reordering, bounded memory, and
// flows ending on FIN and RST.
#include "ip/tcp_reassembler.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "packet_builder.h"

namespace q2686 {
namespace {

using test::address;
using test::tcp_packet;

constexpr std::uint8_t kData = ipv4::kAck | ipv4::kPsh;

struct RecordingSink final : TcpStreamSink {
    std::string to_server, to_client;
    std::vector<std::pair<StreamSide, std::uint64_t>> gaps;
    std::vector<FlowEnd> closes;
    int opens = 0;
    std::vector<Cycles> data_times;

    void on_open(const TcpFlowKey&, Cycles) override { ++opens; }
    void on_data(const TcpFlowKey&, StreamSide side, std::span<const std::uint8_t> bytes, Cycles when) override {
        (side == StreamSide::ClientToServer ? to_server : to_client).append(bytes.begin(), bytes.end());
        data_times.push_back(when);
    }
    void on_gap(const TcpFlowKey&, StreamSide side, std::uint64_t missing, Cycles) override {
        gaps.emplace_back(side, missing);
    }
    void on_close(const TcpFlowKey&, FlowEnd end, Cycles) override { closes.push_back(end); }
};

class TcpReassemblerTest : public ::testing::Test {
protected:
    const std::uint32_t modem = test::kModemAddress;
    const std::uint32_t server = address("10.64.0.16");
    static constexpr std::uint32_t kClientIsn = 1000;
    static constexpr std::uint32_t kServerIsn = 9000;

    void open(std::uint32_t client_isn = kClientIsn, std::uint32_t server_isn = kServerIsn) {
        client_isn_ = client_isn;
        server_isn_ = server_isn;
        reassembler.feed(tcp_packet(modem, 49153, server, 443, ipv4::kSyn, client_isn), 1);
        reassembler.feed(tcp_packet(server, 443, modem, 49153, ipv4::kSyn | ipv4::kAck, server_isn, client_isn + 1), 2);
    }
    // Client bytes at stream offset `offset` (0 = first byte after the SYN).
    void up(std::uint32_t offset, std::string_view text, Cycles when = 10, std::uint8_t flags = kData) {
        reassembler.feed(tcp_packet(modem, 49153, server, 443, flags, client_isn_ + 1 + offset, server_isn_ + 1, text),
                         when);
    }
    void down(std::uint32_t offset, std::string_view text, Cycles when = 10, std::uint8_t flags = kData) {
        reassembler.feed(tcp_packet(server, 443, modem, 49153, flags, server_isn_ + 1 + offset, client_isn_ + 1, text),
                         when);
    }
    TcpFlowKey key() const { return {modem, 49153, server, 443}; }

    RecordingSink sink;
    TcpReassembler reassembler{sink, {.max_flows = 4, .max_buffered_per_direction = 32}};
    std::uint32_t client_isn_ = kClientIsn, server_isn_ = kServerIsn;
};

TEST_F(TcpReassemblerTest, DeliversEachDirectionInOrder) {
    open();
    up(0, "GET ");
    down(0, "HTTP");
    up(4, "/ HTTP/1.0");
    EXPECT_EQ(sink.to_server, "GET / HTTP/1.0");
    EXPECT_EQ(sink.to_client, "HTTP");
    EXPECT_EQ(sink.opens, 1);
}

TEST_F(TcpReassemblerTest, HoldsOutOfOrderSegmentsUntilTheHoleIsFilled) {
    open();
    up(5, "world", 20);
    up(10, "!", 21);
    EXPECT_EQ(sink.to_server, "");
    EXPECT_EQ(reassembler.buffered_bytes(key(), StreamSide::ClientToServer), 6u);
    up(0, "hello", 30);
    EXPECT_EQ(sink.to_server, "helloworld!");
    EXPECT_EQ(reassembler.buffered_bytes(key(), StreamSide::ClientToServer), 0u);
    // Everything became deliverable with the packet at cycle 30.
    for (const Cycles when : sink.data_times) EXPECT_EQ(when, 30u);
}

TEST_F(TcpReassemblerTest, DropsDuplicatesOfDeliveredAndHeldSegments) {
    open();
    up(0, "abc");
    up(0, "abc");
    up(6, "ghi");
    up(6, "ghi");
    up(3, "def");
    up(3, "def");
    EXPECT_EQ(sink.to_server, "abcdefghi");
}

TEST_F(TcpReassemblerTest, RetransmissionOverlappingDeliveredBytesPassesOnlyTheNewOnes) {
    open();
    up(0, "abcd");
    up(2, "cdefgh");  // a retransmission that re-segmented: 2 old bytes, 4 new
    EXPECT_EQ(sink.to_server, "abcdefgh");
    up(6, "gh", 40);  // a pure retransmission after the fact
    EXPECT_EQ(sink.to_server, "abcdefgh");
}

TEST_F(TcpReassemblerTest, OverlappingHeldSegmentsJoinWithoutRepeats) {
    open();
    up(4, "efgh");
    up(2, "cdef");
    up(0, "ab");
    EXPECT_EQ(sink.to_server, "abcdefgh");
}

TEST_F(TcpReassemblerTest, GivesUpAHoleWhenTheBufferLimitIsReached) {
    open();
    up(0, "12345");
    up(10, std::string(20, 'x'));  // 5-byte hole, 20 held
    up(30, std::string(20, 'y'));  // 40 > 32 held: the hole is given up
    ASSERT_EQ(sink.gaps.size(), 1u);
    EXPECT_EQ(sink.gaps[0], std::make_pair(StreamSide::ClientToServer, std::uint64_t{5}));
    EXPECT_EQ(sink.to_server, "12345" + std::string(20, 'x') + std::string(20, 'y'));
    EXPECT_LE(reassembler.buffered_bytes(key(), StreamSide::ClientToServer), 32u);
}

TEST_F(TcpReassemblerTest, FollowsSequenceNumbersAcrossTheWrap) {
    open(0xFFFFFFFDu, 0x7FFFFFF0u);
    up(0, "ab");  // seq 0xFFFFFFFE..0xFFFFFFFF
    up(4, "ef");  // seq 2, after a wrap, before "cd"
    up(2, "cd");  // seq 0
    EXPECT_EQ(sink.to_server, "abcdef");
}

TEST_F(TcpReassemblerTest, EndsTheFlowWhenBothSidesFinished) {
    open();
    up(0, "bye", 10, kData | ipv4::kFin);
    EXPECT_TRUE(sink.closes.empty());
    down(0, "ok", 11, kData | ipv4::kFin);
    ASSERT_EQ(sink.closes.size(), 1u);
    EXPECT_EQ(sink.closes[0], FlowEnd::Fin);
    EXPECT_EQ(reassembler.flow_count(), 0u);
    // The last ACK creates no new flow.
    reassembler.feed(tcp_packet(modem, 49153, server, 443, ipv4::kAck, kClientIsn + 5, kServerIsn + 4), 12);
    EXPECT_EQ(reassembler.flow_count(), 0u);
}

TEST_F(TcpReassemblerTest, FinWaitsForTheMissingBytesBeforeClosing) {
    open();
    up(3, "def", 10, kData | ipv4::kFin);
    down(0, "", 11, ipv4::kAck | ipv4::kFin);
    EXPECT_TRUE(sink.closes.empty());
    up(0, "abc", 12);
    EXPECT_EQ(sink.to_server, "abcdef");
    ASSERT_EQ(sink.closes.size(), 1u);
    EXPECT_EQ(sink.closes[0], FlowEnd::Fin);
}

TEST_F(TcpReassemblerTest, ResetFlushesHeldBytesPastTheirHoleAndEndsTheFlow) {
    open();
    up(0, "abc");
    up(6, "ghi");
    reassembler.feed(tcp_packet(server, 443, modem, 49153, ipv4::kRst | ipv4::kAck, kServerIsn + 1, kClientIsn + 4),
                     20);
    EXPECT_EQ(sink.to_server, "abcghi");
    ASSERT_EQ(sink.gaps.size(), 1u);
    EXPECT_EQ(sink.gaps[0].second, 3u);
    ASSERT_EQ(sink.closes.size(), 1u);
    EXPECT_EQ(sink.closes[0], FlowEnd::Reset);
}

TEST_F(TcpReassemblerTest, JoinsAConnectionAlreadyOpenWithTheServerOnTheLowPort) {
    // No SYN seen; the server's data comes first: the low port is the server.
    reassembler.feed(tcp_packet(server, 443, modem, 49153, kData, 777, 1, "hello"), 5);
    reassembler.feed(tcp_packet(modem, 49153, server, 443, kData, 1, 782, "hi"), 6);
    EXPECT_EQ(sink.to_client, "hello");
    EXPECT_EQ(sink.to_server, "hi");
    EXPECT_EQ(reassembler.flow_count(), 1u);
}

TEST_F(TcpReassemblerTest, EvictsTheLeastRecentlyActiveFlowWhenTheTableIsFull) {
    for (std::uint16_t port = 40000; port < 40005; ++port)
        reassembler.feed(tcp_packet(modem, port, server, 443, ipv4::kSyn, 1), port);
    EXPECT_EQ(reassembler.flow_count(), 4u);
    ASSERT_EQ(sink.closes.size(), 1u);
    EXPECT_EQ(sink.closes[0], FlowEnd::Evicted);
}

TEST(TcpFlowKeyTest, PrintsClientThenServer) {
    EXPECT_EQ(to_string(TcpFlowKey{test::kModemAddress, 49153, test::address("10.64.0.16"), 443}),
              "10.64.1.2:49153 → 10.64.0.16:443");
}

}  // namespace
}  // namespace q2686
