// Register maps — a device's registers as a table, and the shared decoding of an access against
// that table.
//
// Every register is described once, in hw/registers.txt (offset, name, access, reset value,
// writable bits, meaning); the generated q2686_regs.h turns each device's description into an
// X-macro list, and Q2686_REGISTER_TABLE(Q2686_TIMER_REGISTERS) makes it the device's
// constexpr std::array<RegisterSpec, N>. A device's read()/write() hand the access to a
// RegisterDecoder first, which finds the register and checks the access against the table:
//
//   offset not in the table              guest error; the read returns 0, the write is ignored
//   write to a ReadOnly register         guest error; ignored
//   read of a WriteOnly register         guest error; returns 0 (the datasheet's "reads 0")
//   byte/halfword access, or an offset   guest error; ignored — every register is 32 bits wide
//   inside a register                    except the few a device lists as byte-accessible
//                                        (UART_DATA, DEBUG_PUTC: `strb` of a character)
//   bits set outside a register's        guest error; the writable bits are still written
//   writable mask (writable_bits())
//
// so the devices only implement what their registers mean. Guest mistakes are never asserted.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/event_log.h"
#include "time/cycle_scheduler.h"

namespace q2686 {

enum class RegisterAccess : std::uint8_t { ReadWrite, ReadOnly, WriteOnly, WriteOneToClear };

const char* to_string(RegisterAccess access);

struct RegisterSpec {
    std::uint32_t offset;
    std::string_view name;  // as in q2686_hw.h: "TIMER_CTRL"
    RegisterAccess access;
    std::uint32_t reset;     // value after power-on / reset
    std::uint32_t writable;  // the bits a write may set (its fields); 0 for a read-only register
};

// A device's table from its description in hw/registers.txt:
//   inline constexpr auto kTimerRegisters = Q2686_REGISTER_TABLE(Q2686_TIMER_REGISTERS);
#define Q2686_REGISTER_SPEC(offset, name, access, reset, writable) \
    ::q2686::RegisterSpec{(offset), (name), ::q2686::RegisterAccess::access, (reset), (writable)},
#define Q2686_REGISTER_TABLE(list) std::to_array<::q2686::RegisterSpec>({list(Q2686_REGISTER_SPEC)})

constexpr const RegisterSpec* find_register(std::span<const RegisterSpec> map, std::uint32_t offset) {
    for (const RegisterSpec& spec : map)
        if (spec.offset == offset) return &spec;
    return nullptr;
}

template <std::size_t N>
constexpr const RegisterSpec* find_register(const std::array<RegisterSpec, N>& map, std::uint32_t offset) {
    return find_register(std::span<const RegisterSpec>(map), offset);
}

// The reset value a table declares for `offset` (0 when it has no such register).
template <std::size_t N>
constexpr std::uint32_t reset_value(const std::array<RegisterSpec, N>& map, std::uint32_t offset) {
    // A loop, not find_register(): GCC's UBSan null check makes a pointer test non-constant.
    for (const RegisterSpec& spec : map)
        if (spec.offset == offset) return spec.reset;
    return 0;
}

// For static_assert in each device: word-aligned, strictly increasing offsets inside one page.
template <std::size_t N>
constexpr bool is_well_formed(const std::array<RegisterSpec, N>& map, std::uint32_t page_size = 0x1000) {
    for (std::size_t i = 0; i < N; ++i) {
        if (map[i].offset % 4 != 0 || map[i].offset >= page_size || map[i].name.empty()) return false;
        if (i > 0 && map[i].offset <= map[i - 1].offset) return false;
    }
    return true;
}

// Decodes the accesses to one device's page against its table and logs the guest's mistakes
// as EventKind::GuestError events from `device`. Holds references only: the device owns it.
class RegisterDecoder {
public:
    RegisterDecoder(std::string_view device, std::span<const RegisterSpec> map, EventLog& events,
                    std::span<const std::uint32_t> byte_accessible = {})
        : device_(device), map_(map), events_(events), byte_accessible_(byte_accessible) {}

    // The register this access reaches, or nullptr when it must be ignored (read returns 0).
    const RegisterSpec* decode_read(std::uint32_t offset, unsigned size, Cycles now) const;
    const RegisterSpec* decode_write(std::uint32_t offset, unsigned size, std::uint32_t value, Cycles now) const;

    // `value` with only the register's writable bits kept; a guest error if it set any other.
    std::uint32_t writable_bits(const RegisterSpec& reg, std::uint32_t value, Cycles now) const;

    void guest_error(Cycles now, std::string text) const;
    void event(Cycles now, EventKind kind, std::string text) const;

private:
    const RegisterSpec* decode(std::uint32_t offset, unsigned size, Cycles now, const char* what) const;

    std::string_view device_;
    std::span<const RegisterSpec> map_;
    EventLog& events_;
    std::span<const std::uint32_t> byte_accessible_;
};

}  // namespace q2686
