// PacketInterface (PKTIF): the descriptor-ring protocol of q2686_hw.h, against a plain RAM.
#include "peripherals/packet_interface.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "peripheral_test_support.h"
#include "peripherals/interrupt_controller.h"

using namespace q2686;

namespace {
constexpr std::uint32_t kRamBase = 0x10000000;
constexpr std::uint32_t kTxRing = kRamBase + 0x000;
constexpr std::uint32_t kRxRing = kRamBase + 0x100;
constexpr std::uint32_t kBuffers = kRamBase + 0x1000;

// 64 KiB of RAM at kRamBase; anything else is outside it.
struct FakeRam final : DmaPort {
    std::vector<std::uint8_t> bytes = std::vector<std::uint8_t>(0x10000);
    bool inside(std::uint32_t address, std::size_t length) const {
        return address >= kRamBase && address - kRamBase + length <= bytes.size();
    }
    bool read(std::uint32_t address, std::span<std::uint8_t> out) override {
        if (!inside(address, out.size())) return false;
        std::memcpy(out.data(), &bytes[address - kRamBase], out.size());
        return true;
    }
    bool write(std::uint32_t address, std::span<const std::uint8_t> in) override {
        if (!inside(address, in.size())) return false;
        std::memcpy(&bytes[address - kRamBase], in.data(), in.size());
        return true;
    }
    std::uint32_t word(std::uint32_t address) const {
        std::uint32_t v = 0;
        std::memcpy(&v, &bytes[address - kRamBase], 4);
        return v;
    }
    void set_word(std::uint32_t address, std::uint32_t v) { std::memcpy(&bytes[address - kRamBase], &v, 4); }
};

IpPacket packet_of(std::size_t length, std::uint8_t fill) {
    IpPacket p(length, fill);
    p[0] = 0x45;
    return p;
}

struct PktifBench {
    EventLog log;
    test::EventCapture events{log};
    InterruptController intc{log};
    FakeRam ram;
    std::vector<IpPacket> sent;
    PacketInterface pktif{log, ram, intc.line(Q2686_IRQ_PKTIF),
                          [this](IpPacket p, Cycles) { sent.push_back(std::move(p)); }};

    PktifBench() { intc.write(INTC_ENABLE_SET, 4, 1u << Q2686_IRQ_PKTIF, 0); }
    std::uint32_t rd(std::uint32_t offset) { return pktif.read(offset, 4, 0); }
    void wr(std::uint32_t offset, std::uint32_t value) { pktif.write(offset, 4, value, 0); }
    bool irq() { return intc.read(INTC_PENDING, 4, 0) & (1u << Q2686_IRQ_PKTIF); }

    // Rings of 4, enabled, link up, every event on the IRQ line.
    void start() {
        wr(PKT_TX_BASE, kTxRing);
        wr(PKT_TX_COUNT, 4);
        wr(PKT_RX_BASE, kRxRing);
        wr(PKT_RX_COUNT, 4);
        wr(PKT_IRQ_EN, PKT_EVENT_ALL);
        wr(PKT_CTRL, PKT_CTRL_ENABLE);
        pktif.set_link_up(true, 0);
        wr(PKT_EVENT, PKT_EVENT_ALL);
    }
    void queue_tx(std::uint32_t index, std::uint32_t buffer, const IpPacket& p) {
        ram.write(buffer, p);
        ram.set_word(kTxRing + index * PKT_DESC_SIZE, buffer);
        ram.set_word(kTxRing + index * PKT_DESC_SIZE + 4, static_cast<std::uint32_t>(p.size()));
    }
    void post_rx(std::uint32_t index, std::uint32_t buffer, std::uint32_t capacity) {
        ram.set_word(kRxRing + index * PKT_DESC_SIZE, buffer);
        ram.set_word(kRxRing + index * PKT_DESC_SIZE + 4, capacity);
    }
};
}  // namespace

TEST(PacketInterface, ResetValuesMatchTheDatasheet) {
    PktifBench b;
    EXPECT_EQ(b.rd(PKT_CTRL), 0u);
    EXPECT_EQ(b.rd(PKT_STATUS), 0u);
    EXPECT_EQ(b.rd(PKT_TX_COUNT), 2u);
    EXPECT_EQ(b.rd(PKT_MTU), 1500u);
    EXPECT_FALSE(b.irq());
}

TEST(PacketInterface, DoorbellSendsEveryReadyDescriptorAndMarksThemDone) {
    PktifBench b;
    b.start();
    b.queue_tx(0, kBuffers, packet_of(60, 1));
    b.queue_tx(1, kBuffers + 0x800, packet_of(1500, 2));
    b.wr(PKT_TX_TAIL, 2);
    ASSERT_EQ(b.sent.size(), 2u);
    EXPECT_EQ(b.sent[0], packet_of(60, 1));
    EXPECT_EQ(b.sent[1].size(), 1500u);
    EXPECT_EQ(b.rd(PKT_TX_HEAD), 2u);
    EXPECT_EQ(b.ram.word(kTxRing + 4), 60u | PKT_DESC_DONE);
    EXPECT_EQ(b.ram.word(kTxRing + 12), 1500u | PKT_DESC_DONE);
    EXPECT_EQ(b.rd(PKT_EVENT), PKT_EVENT_TX_DONE);
    EXPECT_EQ(b.rd(PKT_TX_PACKETS), 2u);
    EXPECT_TRUE(b.irq());
    b.wr(PKT_EVENT, PKT_EVENT_TX_DONE);
    EXPECT_FALSE(b.irq());
}

TEST(PacketInterface, TxRingWrapsAround) {
    PktifBench b;
    b.start();
    for (std::uint32_t round = 0; round < 6; ++round) {
        const std::uint32_t index = round % 4;
        b.queue_tx(index, kBuffers, packet_of(40, static_cast<std::uint8_t>(round)));
        b.wr(PKT_TX_TAIL, (index + 1) % 4);
    }
    ASSERT_EQ(b.sent.size(), 6u);
    EXPECT_EQ(b.sent[5][1], 5u);
    EXPECT_EQ(b.rd(PKT_TX_HEAD), 2u);
}

TEST(PacketInterface, BadLengthOrLinkDownCompletesWithError) {
    PktifBench b;
    b.start();
    b.queue_tx(0, kBuffers, packet_of(10, 1));  // shorter than an IPv4 header
    b.wr(PKT_TX_TAIL, 1);
    EXPECT_EQ(b.ram.word(kTxRing + 4), 10u | PKT_DESC_DONE | PKT_DESC_ERR);
    b.pktif.set_link_up(false, 0);
    b.queue_tx(1, kBuffers, packet_of(40, 1));
    b.wr(PKT_TX_TAIL, 2);
    EXPECT_EQ(b.ram.word(kTxRing + 12), 40u | PKT_DESC_DONE | PKT_DESC_ERR);
    EXPECT_TRUE(b.sent.empty());
    EXPECT_EQ(b.events.count(EventKind::GuestError), 1u);  // the length; link down is not the guest's fault
}

TEST(PacketInterface, TxBufferOutsideRamIsAGuestErrorNotACrash) {
    PktifBench b;
    b.start();
    b.ram.set_word(kTxRing, 0x00000100);  // flash, not RAM
    b.ram.set_word(kTxRing + 4, 40);
    b.wr(PKT_TX_TAIL, 1);
    EXPECT_TRUE(b.sent.empty());
    EXPECT_EQ(b.ram.word(kTxRing + 4), 40u | PKT_DESC_DONE | PKT_DESC_ERR);
    EXPECT_EQ(b.events.count(EventKind::GuestError), 1u);
}

TEST(PacketInterface, ReceivedPacketFillsTheNextPostedBuffer) {
    PktifBench b;
    b.start();
    b.post_rx(0, kBuffers, 1536);
    b.post_rx(1, kBuffers + 0x800, 1536);
    b.wr(PKT_RX_TAIL, 2);
    b.pktif.receive(packet_of(100, 7), 0);
    EXPECT_EQ(b.rd(PKT_RX_HEAD), 1u);
    EXPECT_EQ(b.ram.word(kRxRing + 4), 100u | PKT_DESC_DONE);
    EXPECT_EQ(b.ram.bytes[kBuffers - kRamBase + 99], 7u);
    EXPECT_EQ(b.rd(PKT_EVENT), PKT_EVENT_RX);
    EXPECT_EQ(b.rd(PKT_RX_PACKETS), 1u);
    EXPECT_TRUE(b.irq());
}

TEST(PacketInterface, NoFreeBufferDropsAndCounts) {
    PktifBench b;
    b.start();
    b.pktif.receive(packet_of(100, 7), 0);  // head == tail: nothing posted
    EXPECT_EQ(b.rd(PKT_RX_DROPS), 1u);
    EXPECT_EQ(b.rd(PKT_EVENT), PKT_EVENT_RX_DROP);
    b.post_rx(0, kBuffers, 64);  // too small for 100 bytes
    b.wr(PKT_RX_TAIL, 1);
    b.pktif.receive(packet_of(100, 7), 0);
    EXPECT_EQ(b.rd(PKT_RX_DROPS), 2u);
    EXPECT_EQ(b.rd(PKT_RX_HEAD), 0u) << "a buffer too small is left for the next packet";
    b.pktif.receive(packet_of(64, 3), 0);
    EXPECT_EQ(b.rd(PKT_RX_HEAD), 1u);
}

TEST(PacketInterface, LinkChangesRaiseAnEventAndSurviveReset) {
    PktifBench b;
    b.wr(PKT_IRQ_EN, PKT_EVENT_LINK);
    b.pktif.set_link_up(true, 0);
    EXPECT_EQ(b.rd(PKT_STATUS), PKT_STATUS_LINK_UP);
    EXPECT_TRUE(b.irq());
    b.pktif.reset();
    EXPECT_FALSE(b.irq());
    EXPECT_EQ(b.rd(PKT_STATUS), PKT_STATUS_LINK_UP) << "the link is the network's state";
}

TEST(PacketInterface, DisablingResetsRingIndicesAndDropsArrivals) {
    PktifBench b;
    b.start();
    b.post_rx(0, kBuffers, 1536);
    b.wr(PKT_RX_TAIL, 1);
    b.wr(PKT_CTRL, 0);
    EXPECT_EQ(b.rd(PKT_RX_TAIL), 0u);
    b.pktif.receive(packet_of(40, 1), 0);
    EXPECT_EQ(b.rd(PKT_RX_DROPS), 1u);
}

TEST(PacketInterface, RingGeometryIsCheckedAndFrozenWhileEnabled) {
    PktifBench b;
    b.wr(PKT_TX_COUNT, 1);
    b.wr(PKT_TX_COUNT, 257);
    b.wr(PKT_TX_BASE, kTxRing + 4);
    EXPECT_EQ(b.rd(PKT_TX_COUNT), 2u);
    EXPECT_EQ(b.rd(PKT_TX_BASE), 0u);
    b.start();
    b.wr(PKT_TX_COUNT, 8);
    EXPECT_EQ(b.rd(PKT_TX_COUNT), 4u);
    b.wr(PKT_TX_TAIL, 4);  // outside a ring of 4
    EXPECT_EQ(b.rd(PKT_TX_TAIL), 0u);
    EXPECT_EQ(b.events.count(EventKind::GuestError), 5u);
}
