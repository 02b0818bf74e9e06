// FlashArrayPort — the flash controller's (and the host's) path to the NOR array: raw bytes at
// CPU addresses inside the flash region, nothing else. It only moves bytes; the NOR rules
// (program clears bits, erase sets 0xFF) belong to its users (peripherals/flash_controller.h,
// modem/flash_objects.h). Writes drop any translated code of the bytes they change.
#pragma once

#include "bus/memory_map.h"
#include "cpu/arm_cpu.h"
#include "peripherals/dma_port.h"

namespace q2686 {

class FlashArrayPort final : public DmaPort {
public:
    FlashArrayPort(ArmCpu& cpu, const MemoryRegion& flash) : cpu_(cpu), flash_(flash) {}

    bool read(std::uint32_t address, std::span<std::uint8_t> out) override {
        return flash_.contains(address, static_cast<std::uint32_t>(out.size())) && cpu_.read_memory(address, out);
    }
    bool write(std::uint32_t address, std::span<const std::uint8_t> bytes) override {
        return flash_.contains(address, static_cast<std::uint32_t>(bytes.size())) && cpu_.write_memory(address, bytes);
    }

private:
    ArmCpu& cpu_;
    const MemoryRegion& flash_;
};

}  // namespace q2686
