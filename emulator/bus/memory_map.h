// The Q2686 memory map as this emulator models it — declared once, here.
//
// The real Q2686 memory map is not public; this one is ours, documented in docs/hardware.md
// (keep the two in step). Wait states are those of the memory itself, what an ARM946E-S pays
// with its caches off; with them on, hits cost none and misses fill whole lines
// (cpu/cache_system.h). Per access the core pays `wait_n` extra
// cycles for a non-sequential access and `wait_s` for each sequential one that follows it
// (an instruction fetch stream, the later words of an LDM/STM).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace q2686 {

enum class RegionKind : std::uint8_t { Flash, Ram, Tcm, Mmio };

enum RegionAccess : std::uint8_t {
    kRead = 1,
    kWrite = 2,
    kExecute = 4,
};

struct MemoryRegion {
    std::string_view name;
    std::uint32_t base;
    std::uint32_t size;
    RegionKind kind;
    std::uint8_t access;  // RegionAccess bits, enforced by the CPU's memory protection
    std::uint8_t wait_n;  // extra cycles, non-sequential access
    std::uint8_t wait_s;  // extra cycles, sequential access
    std::string_view what;

    std::uint32_t end() const { return base + size; }  // one past the last byte
    bool contains(std::uint32_t address) const { return address - base < size; }
    bool contains(std::uint32_t address, std::uint32_t length) const {
        return contains(address) && length <= size - (address - base);
    }
};

// clang-format off
inline constexpr std::array<MemoryRegion, 5> kQ2686MemoryMap = {{
    // name    base         size          kind              access                       N  S
    {"flash", 0x0000'0000, 8u << 20,  RegionKind::Flash, kRead | kExecute,          3, 1,
     "NOR flash: reset vectors, ROM stubs, application image, flash objects"},
    {"itcm",  0x0080'0000, 32u << 10, RegionKind::Tcm,   kRead | kWrite | kExecute, 0, 0,
     "instruction TCM, zero wait state"},
    {"dtcm",  0x0090'0000, 16u << 10, RegionKind::Tcm,   kRead | kWrite,            0, 0,
     "data TCM, zero wait state"},
    {"ram",   0x1000'0000, 4u << 20,  RegionKind::Ram,   kRead | kWrite | kExecute, 1, 0,
     "pseudo-static RAM (burst): data, heap, stacks; lost on power-off"},
    {"mmio",  0x8000'0000, 1u << 20,  RegionKind::Mmio,  kRead | kWrite,            2, 2,
     "peripheral window (APB bridge): one 4 KiB page per device"},
}};
// clang-format on

class MemoryMap {
public:
    constexpr MemoryMap() = default;

    const MemoryRegion* find(std::uint32_t address) const {
        for (const auto& region : kQ2686MemoryMap)
            if (region.contains(address)) return &region;
        return nullptr;
    }
    const MemoryRegion* find(std::string_view name) const {
        for (const auto& region : kQ2686MemoryMap)
            if (region.name == name) return &region;
        return nullptr;
    }
    const MemoryRegion& ram() const { return *find("ram"); }
    const MemoryRegion& mmio() const { return *find("mmio"); }
    const auto& regions() const { return kQ2686MemoryMap; }
};

}  // namespace q2686
