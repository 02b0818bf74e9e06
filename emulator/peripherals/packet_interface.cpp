#include "peripherals/packet_interface.h"

#include <fmt/format.h>

namespace q2686 {

static_assert(is_well_formed(kPacketInterfaceRegisters));

namespace {
constexpr std::uint32_t kMinIpPacket = 20;  // an IPv4 header without options

std::uint32_t descriptor_address(const PacketRing& ring, std::uint32_t index) {
    return ring.base + index * PKT_DESC_SIZE;
}
}  // namespace

PacketInterface::PacketInterface(EventLog& events, DmaPort& memory, IrqLine irq, Transmit transmit)
    : Peripheral("pktif", kPacketInterfaceRegisters, events),
      memory_(memory),
      irq_(irq),
      transmit_(std::move(transmit)) {
    reset();
}

void PacketInterface::reset() {
    const bool link_up = state_.link_up;
    state_ = PacketInterfaceState{};
    state_.link_up = link_up;
    state_.tx.count = reset_value(kPacketInterfaceRegisters, PKT_TX_COUNT);
    state_.rx.count = reset_value(kPacketInterfaceRegisters, PKT_RX_COUNT);
    update_irq();
}

void PacketInterface::raise(std::uint32_t events) {
    state_.event |= events;
    update_irq();
}

void PacketInterface::update_irq() {
    irq_.set((state_.event & state_.irq_en) != 0);
}

void PacketInterface::set_link_up(bool up, Cycles now) {
    if (state_.link_up == up) return;
    state_.link_up = up;
    regs_.event(now, EventKind::Packet, up ? "link up" : "link down");
    raise(PKT_EVENT_LINK);
}

bool PacketInterface::read_word(std::uint32_t address, std::uint32_t& value) {
    std::array<std::uint8_t, 4> bytes{};
    if (!memory_.read(address, bytes)) return false;
    value = static_cast<std::uint32_t>(bytes[0]) | static_cast<std::uint32_t>(bytes[1]) << 8 |
            static_cast<std::uint32_t>(bytes[2]) << 16 | static_cast<std::uint32_t>(bytes[3]) << 24;
    return true;
}

bool PacketInterface::write_word(std::uint32_t address, std::uint32_t value) {
    const std::array<std::uint8_t, 4> bytes{static_cast<std::uint8_t>(value), static_cast<std::uint8_t>(value >> 8),
                                            static_cast<std::uint8_t>(value >> 16),
                                            static_cast<std::uint8_t>(value >> 24)};
    return memory_.write(address, bytes);
}

// ---- transmit ---------------------------------------------------------------------------------

bool PacketInterface::send_one(std::uint32_t descriptor, Cycles now) {
    std::uint32_t address = 0;
    std::uint32_t word1 = 0;
    if (!read_word(descriptor + PKT_DESC_ADDRESS, address) || !read_word(descriptor + PKT_DESC_WORD1, word1)) {
        regs_.guest_error(now, fmt::format("TX descriptor at {:#010x} is outside RAM", descriptor));
        return false;
    }
    const std::uint32_t length = word1 & PKT_DESC_LENGTH_MASK;
    bool sent = false;
    if (length < kMinIpPacket || length > PKT_MTU_BYTES) {
        regs_.guest_error(now, fmt::format("TX descriptor at {:#010x}: length {} is outside {}..{}", descriptor, length,
                                           kMinIpPacket, PKT_MTU_BYTES));
    } else if (!state_.link_up) {
        regs_.event(now, EventKind::Packet, fmt::format("TX of {} bytes while the link is down: not sent", length));
    } else {
        IpPacket packet(length);
        if (!memory_.read(address, packet)) {
            regs_.guest_error(now, fmt::format("TX buffer {:#010x}+{} is outside RAM", address, length));
        } else {
            ++state_.tx_packets;
            if (transmit_) transmit_(std::move(packet), now);
            sent = true;
        }
    }
    write_word(descriptor + PKT_DESC_WORD1, length | PKT_DESC_DONE | (sent ? 0u : PKT_DESC_ERR));
    return sent;
}

void PacketInterface::send_ready(Cycles now) {
    PacketRing& tx = state_.tx;
    if (!state_.enabled || tx.head == tx.tail) return;
    while (tx.head != tx.tail) {
        send_one(descriptor_address(tx, tx.head), now);
        tx.head = (tx.head + 1) % tx.count;
    }
    raise(PKT_EVENT_TX_DONE);
}

// ---- receive ----------------------------------------------------------------------------------

void PacketInterface::drop_rx(std::size_t bytes, std::string_view why, Cycles now) {
    ++state_.rx_drops;
    regs_.event(now, EventKind::Packet, fmt::format("RX of {} bytes dropped: {}", bytes, why));
    raise(PKT_EVENT_RX_DROP);
}

void PacketInterface::receive(const IpPacket& packet, Cycles now) {
    PacketRing& rx = state_.rx;
    if (!state_.enabled) return drop_rx(packet.size(), "PKT_CTRL.ENABLE is clear", now);
    if (rx.head == rx.tail) return drop_rx(packet.size(), "no free RX buffer", now);
    const std::uint32_t descriptor = descriptor_address(rx, rx.head);
    std::uint32_t address = 0;
    std::uint32_t word1 = 0;
    if (!read_word(descriptor + PKT_DESC_ADDRESS, address) || !read_word(descriptor + PKT_DESC_WORD1, word1)) {
        regs_.guest_error(now, fmt::format("RX descriptor at {:#010x} is outside RAM", descriptor));
        return drop_rx(packet.size(), "bad RX descriptor", now);
    }
    const std::uint32_t capacity = word1 & PKT_DESC_LENGTH_MASK;
    if (packet.size() > capacity) return drop_rx(packet.size(), fmt::format("RX buffer holds {} bytes", capacity), now);
    bool stored = memory_.write(address, packet);
    if (!stored) regs_.guest_error(now, fmt::format("RX buffer {:#010x}+{} is outside RAM", address, packet.size()));
    write_word(descriptor + PKT_DESC_WORD1,
               static_cast<std::uint32_t>(stored ? packet.size() : 0) | PKT_DESC_DONE | (stored ? 0u : PKT_DESC_ERR));
    rx.head = (rx.head + 1) % rx.count;
    if (!stored) return drop_rx(packet.size(), "RX buffer outside RAM", now);
    ++state_.rx_packets;
    raise(PKT_EVENT_RX);
}

// ---- registers --------------------------------------------------------------------------------

void PacketInterface::set_ring_count(PacketRing& ring, std::string_view which, std::uint32_t value, Cycles now) {
    if (state_.enabled) return regs_.guest_error(now, fmt::format("{}_COUNT written while enabled: ignored", which));
    if (value < 2 || value > PKT_RING_MAX)
        return regs_.guest_error(now, fmt::format("{}_COUNT {} is outside 2..{}: ignored", which, value, PKT_RING_MAX));
    ring.count = value;
}

void PacketInterface::set_ring_base(PacketRing& ring, std::string_view which, std::uint32_t value, Cycles now) {
    if (state_.enabled) return regs_.guest_error(now, fmt::format("{}_BASE written while enabled: ignored", which));
    if (value % PKT_DESC_SIZE != 0)
        return regs_.guest_error(now, fmt::format("{}_BASE {:#010x} is not 8-byte aligned: ignored", which, value));
    ring.base = value;
}

bool PacketInterface::set_ring_tail(PacketRing& ring, std::string_view which, std::uint32_t value, Cycles now) {
    if (value >= ring.count) {
        regs_.guest_error(now, fmt::format("{}_TAIL {} is outside the ring of {}: ignored", which, value, ring.count));
        return false;
    }
    ring.tail = value;
    return true;
}

std::uint32_t PacketInterface::on_read(const RegisterSpec& reg, Cycles) {
    switch (reg.offset) {
        case PKT_CTRL: return state_.enabled ? PKT_CTRL_ENABLE : 0;
        case PKT_STATUS: return state_.link_up ? PKT_STATUS_LINK_UP : 0;
        case PKT_TX_BASE: return state_.tx.base;
        case PKT_TX_COUNT: return state_.tx.count;
        case PKT_TX_HEAD: return state_.tx.head;
        case PKT_TX_TAIL: return state_.tx.tail;
        case PKT_RX_BASE: return state_.rx.base;
        case PKT_RX_COUNT: return state_.rx.count;
        case PKT_RX_HEAD: return state_.rx.head;
        case PKT_RX_TAIL: return state_.rx.tail;
        case PKT_EVENT: return state_.event;
        case PKT_IRQ_EN: return state_.irq_en;
        case PKT_RX_DROPS: return state_.rx_drops;
        case PKT_MTU: return PKT_MTU_BYTES;
        case PKT_TX_PACKETS: return state_.tx_packets;
        case PKT_RX_PACKETS: return state_.rx_packets;
    }
    return 0;
}

// `value` holds only the register's writable bits (PKT_CTRL: ENABLE; PKT_EVENT, PKT_IRQ_EN: the
// event bits).
void PacketInterface::on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now) {
    switch (reg.offset) {
        case PKT_CTRL: {
            const bool enable = (value & PKT_CTRL_ENABLE) != 0;
            if (!enable) state_.tx.head = state_.tx.tail = state_.rx.head = state_.rx.tail = 0;
            state_.enabled = enable;
            send_ready(now);
            break;
        }
        case PKT_TX_BASE: set_ring_base(state_.tx, "PKT_TX", value, now); break;
        case PKT_TX_COUNT: set_ring_count(state_.tx, "PKT_TX", value, now); break;
        case PKT_TX_TAIL:
            if (set_ring_tail(state_.tx, "PKT_TX", value, now)) send_ready(now);
            break;
        case PKT_RX_BASE: set_ring_base(state_.rx, "PKT_RX", value, now); break;
        case PKT_RX_COUNT: set_ring_count(state_.rx, "PKT_RX", value, now); break;
        case PKT_RX_TAIL: set_ring_tail(state_.rx, "PKT_RX", value, now); break;
        case PKT_EVENT: state_.event &= ~value; break;
        case PKT_IRQ_EN: state_.irq_en = value; break;
    }
}

}  // namespace q2686
