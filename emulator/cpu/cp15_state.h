// The ARM946E-S CP15 state that memory protection and timing depend on, decoded from the
// registers Unicorn's ARM946 model keeps (ARM DDI 0201D, ARM946E-S TRM, §2.3 "CP15 register
// map summary": Register 1 control, Register 2 cache configuration (cacheable bits),
// Register 3 write buffer control (bufferable bits), §2.3.8 Register 5 access permissions,
// §2.3.9 Register 6 protection region base and size).
//
// The ARM946E-S has eight protection regions shared by instruction and data accesses; each
// has its own instruction and data permissions and cacheability (§4.1, "About the protection
// unit"). Where regions overlap, the higher-numbered one decides (§4.3 "Overlapping regions");
// an address in no enabled region is in the background and cannot be accessed while the
// protection unit is on (§4.2).
#pragma once

#include <array>
#include <cstdint>

struct uc_struct;
typedef struct uc_struct uc_engine;

namespace q2686 {

// The access permission nibbles of c5 opcode_2 = 2 (data) / 3 (instruction), TRM table 2.13
// "Access permission encoding (extended)". Other values are UNPREDICTABLE.
namespace access_permission {
constexpr std::uint8_t kNone = 0b0000;                // privileged: none,       user: none
constexpr std::uint8_t kPrivilegedOnly = 0b0001;      // privileged: read/write, user: none
constexpr std::uint8_t kUserReadOnly = 0b0010;        // privileged: read/write, user: read-only
constexpr std::uint8_t kFull = 0b0011;                // privileged: read/write, user: read/write
constexpr std::uint8_t kPrivilegedReadOnly = 0b0101;  // privileged: read-only,  user: none
constexpr std::uint8_t kReadOnly = 0b0110;            // privileged: read-only,  user: read-only
}  // namespace access_permission

struct ProtectionRegion {
    bool enabled = false;
    std::uint32_t base = 0;               // c6 bits [31:12]
    std::uint64_t size = 0;               // 2^(SIZE+1) bytes, 4 KB .. 4 GB
    bool data_cacheable = false;          // c2 opc2=0, bit n
    bool instruction_cacheable = false;   // c2 opc2=1, bit n
    bool bufferable = false;              // c3, bit n
    std::uint8_t data_access = 0;         // c5 opc2=2 (extended), nibble n
    std::uint8_t instruction_access = 0;  // c5 opc2=3 (extended), nibble n
    bool contains(std::uint32_t address) const;
    bool operator==(const ProtectionRegion&) const = default;
};

struct Cp15State {
    std::uint32_t control = 0;  // c1
    bool mpu_enabled() const { return control & 1u; }
    bool dcache_enabled() const { return control & (1u << 2); }
    bool icache_enabled() const { return control & (1u << 12); }
    bool round_robin() const { return control & (1u << 14); }
    std::array<ProtectionRegion, 8> regions{};
    // The highest-numbered enabled region holding `address` (the higher number wins where
    // regions overlap), or nullptr: the background, no access while the MPU is on.
    const ProtectionRegion* region_for(std::uint32_t address) const;
    bool operator==(const Cp15State&) const = default;
};

// Reads c1, c2, c3, c5 and c6 through UC_ARM_REG_CP_REG (the non-secure bank, the one the
// guest's MRC/MCR reach on a core without security extensions).
Cp15State read_cp15_state(uc_engine* uc);

}  // namespace q2686
