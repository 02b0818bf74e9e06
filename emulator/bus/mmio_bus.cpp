#include "bus/mmio_bus.h"

#include <stdexcept>

#include <fmt/format.h>

namespace q2686 {

MmioBus::MmioBus(std::uint32_t base, std::uint32_t size, EventLog& events)
    : base_(base), size_(size), events_(events) {}

void MmioBus::attach(std::uint32_t offset, std::uint32_t size, MmioDevice& device) {
    if (offset % kPageSize || size == 0 || size % kPageSize || offset > size_ || size > size_ - offset)
        throw std::logic_error(
            fmt::format("MMIO mapping of {} at +{:#x} size {:#x} is not page aligned "
                        "inside the window",
                        device.name(), offset, size));
    for (const auto& m : mappings_)
        if (offset < m.offset + m.size && m.offset < offset + size)
            throw std::logic_error(fmt::format("MMIO mapping of {} overlaps {}", device.name(), m.device->name()));
    mappings_.push_back({offset, size, &device});
}

const MmioBus::Mapping* MmioBus::find(std::uint32_t offset) const {
    for (const auto& m : mappings_)
        if (offset - m.offset < m.size) return &m;
    return nullptr;
}

std::uint32_t MmioBus::read(std::uint32_t offset, unsigned size, Cycles now) {
    if (const Mapping* m = find(offset)) {
        const std::uint32_t value = m->device->read(offset - m->offset, size, now);
        if (trace_)
            events_.emit({now, EventKind::Mmio, std::string(m->device->name()),
                          fmt::format("+{:#05x} read{} -> {:#x}", offset - m->offset, size * 8, value)});
        return value;
    }
    events_.emit({now, EventKind::GuestError, "mmio",
                  fmt::format("read{} of unmapped address {:#010x}", size * 8, base_ + offset)});
    return 0;
}

void MmioBus::write(std::uint32_t offset, unsigned size, std::uint32_t value, Cycles now) {
    if (const Mapping* m = find(offset)) {
        if (trace_)
            events_.emit({now, EventKind::Mmio, std::string(m->device->name()),
                          fmt::format("+{:#05x} write{} {:#x}", offset - m->offset, size * 8, value)});
        return m->device->write(offset - m->offset, size, value, now);
    }
    events_.emit({now, EventKind::GuestError, "mmio",
                  fmt::format("write{} of {:#x} to unmapped address {:#010x}", size * 8, value, base_ + offset)});
}

}  // namespace q2686
