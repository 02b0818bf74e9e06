// DmaPort — how a bus-master device reads and writes the guest's memory (descriptor rings and
// packet buffers). The modem gives devices a port onto its RAM; tests give them a plain array.
// A transfer outside the memory the port allows fails as a whole (returns false) and changes
// nothing, so a device can report the bad descriptor instead of corrupting memory.
#pragma once

#include <cstdint>
#include <span>

namespace q2686 {

class DmaPort {
public:
    virtual ~DmaPort() = default;
    virtual bool read(std::uint32_t address, std::span<std::uint8_t> out) = 0;
    virtual bool write(std::uint32_t address, std::span<const std::uint8_t> bytes) = 0;
};

}  // namespace q2686
