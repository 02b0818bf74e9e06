#include "peripherals/register_map.h"

#include <algorithm>

#include <fmt/format.h>

namespace q2686 {

const char* to_string(RegisterAccess access) {
    switch (access) {
        case RegisterAccess::ReadWrite: return "RW";
        case RegisterAccess::ReadOnly: return "RO";
        case RegisterAccess::WriteOnly: return "WO";
        case RegisterAccess::WriteOneToClear: return "W1C";
    }
    return "?";
}

const RegisterSpec* RegisterDecoder::decode(std::uint32_t offset, unsigned size, Cycles now, const char* what) const {
    const RegisterSpec* reg = find_register(map_, offset);
    if (!reg) {
        if (const RegisterSpec* inside = find_register(map_, offset & ~3u))
            guest_error(now, fmt::format("{}{} at +{:#x} inside {}: registers are 32-bit words", what, size * 8, offset,
                                         inside->name));
        else
            guest_error(now, fmt::format("{}{} of unknown register offset +{:#x}", what, size * 8, offset));
        return nullptr;
    }
    const bool byte_ok = std::find(byte_accessible_.begin(), byte_accessible_.end(), offset) != byte_accessible_.end();
    if (size != 4 && !byte_ok) {
        guest_error(now, fmt::format("{}{} of {}: only 32-bit accesses are allowed", what, size * 8, reg->name));
        return nullptr;
    }
    return reg;
}

const RegisterSpec* RegisterDecoder::decode_read(std::uint32_t offset, unsigned size, Cycles now) const {
    const RegisterSpec* reg = decode(offset, size, now, "read");
    if (reg && reg->access == RegisterAccess::WriteOnly) {
        guest_error(now, fmt::format("read of write-only {} returns 0", reg->name));
        return nullptr;
    }
    return reg;
}

const RegisterSpec* RegisterDecoder::decode_write(std::uint32_t offset, unsigned size, std::uint32_t value,
                                                  Cycles now) const {
    const RegisterSpec* reg = decode(offset, size, now, "write");
    if (reg && reg->access == RegisterAccess::ReadOnly) {
        guest_error(now, fmt::format("write of {:#x} to read-only {} ignored", value, reg->name));
        return nullptr;
    }
    return reg;
}

std::uint32_t RegisterDecoder::writable_bits(const RegisterSpec& reg, std::uint32_t value, Cycles now) const {
    if (value & ~reg.writable)
        guest_error(now, fmt::format("write of {:#x} to {} sets reserved bits {:#x} (ignored)", value, reg.name,
                                     value & ~reg.writable));
    return value & reg.writable;
}

void RegisterDecoder::guest_error(Cycles now, std::string text) const {
    event(now, EventKind::GuestError, std::move(text));
}

void RegisterDecoder::event(Cycles now, EventKind kind, std::string text) const {
    events_.emit({now, kind, std::string(device_), std::move(text)});
}

}  // namespace q2686
