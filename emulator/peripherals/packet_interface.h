// PacketInterface — PKTIF: IP packets between the application processor and the GPRS link, by
// descriptor rings in RAM (page 0x8000_A000, IRQ line 6). hw/include/q2686_hw.h is the
// datasheet (ring protocol, descriptor layout); docs/hardware.md describes it in prose.
//
// Registers: hw/registers.txt, the one description of offsets, access, reset values and
// writable bits (docs/hardware.md "PKTIF" shows them).
//
// Timing: a TX_TAIL write sends every ready descriptor at once, at the cycle of the write (the
// radio's own queue and air time are the GPRS link's business, gsm/gprs_link.h); a packet from
// the link is written into the next RX buffer at the cycle it arrives. DMA is free: it takes
// no bus cycles from the CPU.
//
// The rings' BASE and COUNT can only change while ENABLE is clear (a write while enabled is a
// guest error and ignored), so the device never follows a half-moved ring.
//
// Guest errors (logged, never fatal): a ring size outside 2..256, a misaligned ring base, a
// TAIL outside the ring, a descriptor or buffer outside RAM (the descriptor completes with
// PKT_DESC_ERR, or the RX packet is dropped), a TX length outside 20..1500.
//
// Known inaccuracies: no scatter-gather (one buffer per packet); no interrupt moderation;
// the device keeps no packets of its own — with no free RX buffer a packet is lost at once.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string_view>

#include "ip/ip_packet.h"
#include "peripherals/dma_port.h"
#include "peripherals/irq_line.h"
#include "peripherals/peripheral.h"
#include "peripherals/register_map.h"
#include "q2686_hw.h"

namespace q2686 {

// From hw/registers.txt (offset, name, access, reset value, writable bits).
inline constexpr auto kPacketInterfaceRegisters = Q2686_REGISTER_TABLE(Q2686_PKTIF_REGISTERS);

// One ring as the device tracks it.
struct PacketRing {
    std::uint32_t base = 0;
    std::uint32_t count = 2;
    std::uint32_t head = 0;
    std::uint32_t tail = 0;
};

struct PacketInterfaceState {
    bool enabled = false;
    bool link_up = false;  // survives reset(): it is the network's state, not a register
    PacketRing tx;
    PacketRing rx;
    std::uint32_t event = 0;
    std::uint32_t irq_en = 0;
    std::uint32_t rx_drops = 0;
    std::uint32_t tx_packets = 0;
    std::uint32_t rx_packets = 0;
};

class PacketInterface final : public Peripheral<PacketInterface, PacketInterfaceState> {
public:
    // Where sent packets go (the GPRS link's uplink).
    using Transmit = std::function<void(IpPacket packet, Cycles when)>;

    PacketInterface(EventLog& events, DmaPort& memory, IrqLine irq, Transmit transmit = {});

    void set_transmit(Transmit transmit) { transmit_ = std::move(transmit); }
    void reset();  // registers to their reset values; drops the IRQ line
    // The network side: a PDP context is (not) active. Raises PKT_EVENT_LINK on a change.
    void set_link_up(bool up, Cycles now);
    // A packet from the link (its downlink) arriving now.
    void receive(const IpPacket& packet, Cycles now);

private:
    friend Peripheral;
    std::uint32_t on_read(const RegisterSpec& reg, Cycles now);
    void on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now);
    void send_ready(Cycles now);
    bool send_one(std::uint32_t descriptor, Cycles now);  // false: completed with PKT_DESC_ERR
    void drop_rx(std::size_t bytes, std::string_view why, Cycles now);
    void set_ring_count(PacketRing& ring, std::string_view which, std::uint32_t value, Cycles now);
    void set_ring_base(PacketRing& ring, std::string_view which, std::uint32_t value, Cycles now);
    bool set_ring_tail(PacketRing& ring, std::string_view which, std::uint32_t value, Cycles now);
    bool read_word(std::uint32_t address, std::uint32_t& value);
    bool write_word(std::uint32_t address, std::uint32_t value);
    void raise(std::uint32_t events);
    void update_irq();

    DmaPort& memory_;
    IrqLine irq_;
    Transmit transmit_;
};

}  // namespace q2686
