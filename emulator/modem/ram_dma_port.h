// RamDmaPort — the bus masters' view of the modem's memory: the external RAM only. The TCMs
// are private to the ARM946E-S core (ARM DDI 0201D §1.1: no DMA path into them) and flash is
// written only by its own controller (FLASHCTL, through FlashArrayPort), so a descriptor or
// buffer anywhere else fails the transfer.
#pragma once

#include "bus/memory_map.h"
#include "cpu/arm_cpu.h"
#include "peripherals/dma_port.h"

namespace q2686 {

class RamDmaPort final : public DmaPort {
public:
    RamDmaPort(ArmCpu& cpu, const MemoryRegion& ram) : cpu_(cpu), ram_(ram) {}

    bool read(std::uint32_t address, std::span<std::uint8_t> out) override {
        return inside(address, out.size()) && cpu_.read_memory(address, out);
    }
    bool write(std::uint32_t address, std::span<const std::uint8_t> bytes) override {
        return inside(address, bytes.size()) && cpu_.write_memory(address, bytes);
    }

private:
    bool inside(std::uint32_t address, std::size_t length) const {
        return address >= ram_.base && length <= ram_.size && address - ram_.base <= ram_.size - length;
    }

    ArmCpu& cpu_;
    const MemoryRegion& ram_;
};

}  // namespace q2686
