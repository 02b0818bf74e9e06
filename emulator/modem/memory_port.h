// MemoryPort — a DmaPort onto exactly one region of the modem's memory: raw bytes at CPU
// addresses inside the region, nothing else; a transfer that reaches outside it fails whole.
// Writes drop any translated code of the bytes they change (ArmCpu::write_memory). The modem
// has two:
//   - the bus masters' view (PKTIF's descriptor rings and buffers, FLASHCTL's PROGRAM_BUFFER
//     source): the external RAM only. The TCMs are private to the ARM946E-S core (ARM DDI
//     0201D §1.1: no DMA path into them) and flash is written only by its own controller, so a
//     descriptor or buffer anywhere else fails the transfer;
//   - the flash controller's (and the host's) path to the NOR array. It only moves bytes; the
//     NOR rules (program clears bits, erase sets 0xFF) belong to its users
//     (peripherals/flash_controller.h, modem/flash_objects.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "bus/memory_map.h"
#include "cpu/arm_cpu.h"
#include "peripherals/dma_port.h"

namespace q2686 {

class MemoryPort final : public DmaPort {
public:
    MemoryPort(ArmCpu& cpu, const MemoryRegion& region) : cpu_(cpu), region_(region) {}

    bool read(std::uint32_t address, std::span<std::uint8_t> out) override {
        return inside(address, out.size()) && cpu_.read_memory(address, out);
    }
    bool write(std::uint32_t address, std::span<const std::uint8_t> bytes) override {
        return inside(address, bytes.size()) && cpu_.write_memory(address, bytes);
    }

    const MemoryRegion& region() const { return region_; }

private:
    // Overflow-safe: no sum can wrap, whatever the address and length.
    bool inside(std::uint32_t address, std::size_t length) const {
        return address >= region_.base && length <= region_.size && address - region_.base <= region_.size - length;
    }

    ArmCpu& cpu_;
    const MemoryRegion& region_;
};

}  // namespace q2686
