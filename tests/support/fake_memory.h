// FakeMemory — a DmaPort over a plain byte vector at a base address: RAM or flash for device
// and flash-object tests without a CPU. Transfers outside [base, base + size) fail whole.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "peripherals/dma_port.h"

namespace q2686::test {

struct FakeMemory final : DmaPort {
    FakeMemory(std::uint32_t base, std::size_t size, std::uint8_t fill = 0) : base(base), bytes(size, fill) {}

    bool inside(std::uint32_t address, std::size_t length) const {
        return address >= base && address - base <= bytes.size() && length <= bytes.size() - (address - base);
    }
    bool read(std::uint32_t address, std::span<std::uint8_t> out) override {
        if (!inside(address, out.size())) return false;
        std::memcpy(out.data(), &bytes[address - base], out.size());
        return true;
    }
    bool write(std::uint32_t address, std::span<const std::uint8_t> in) override {
        if (!inside(address, in.size())) return false;
        std::memcpy(&bytes[address - base], in.data(), in.size());
        return true;
    }
    std::uint32_t word(std::uint32_t address) const {
        std::uint32_t v = 0;
        std::memcpy(&v, &bytes[address - base], 4);
        return v;
    }
    void set_word(std::uint32_t address, std::uint32_t v) { std::memcpy(&bytes[address - base], &v, 4); }
    std::uint8_t& at(std::uint32_t address) { return bytes[address - base]; }

    std::uint32_t base;
    std::vector<std::uint8_t> bytes;
};

}  // namespace q2686::test
