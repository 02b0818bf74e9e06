// What the ARM946E-S protection unit allows, and the description of an access it denied.
//
// The check itself runs inside the core model (QEMU's PMSAv5 code under Unicorn, see
// docs/hardware.md "CP15 and the protection unit"); this is the same rule written out so the
// emulator can say *why* an abort happened: the region that decided and its permission, or
// the background. The ARM946E-S has no fault status or fault address register (its CP15 map,
// ARM DDI 0201D §2.3, has none; PMSAv6 cores added them), so the firmware's abort handler can
// only find the faulting instruction from LR — the data address is reported by the emulator.
#pragma once

#include <cstdint>
#include <string>

#include "cpu/cp15_state.h"

namespace q2686 {

enum class ProtectedAccess { Read, Write, Fetch };

// ARM DDI 0201D table 2.13 "Access permission encoding (extended)": `permission` is a region's
// data or instruction nibble. An instruction fetch needs read permission. UNPREDICTABLE
// encodings (b0100, b0111, b1xxx) are treated as no access.
bool access_permitted(std::uint8_t permission, ProtectedAccess access, bool privileged);

// "write of 0x10000000 denied: region 5 (0x10000000, 4 MB), data permission b0110 (read-only
// for both modes)" or "... in no protection region (background)".
std::string describe_protection_fault(const Cp15State& state, std::uint32_t address, ProtectedAccess access,
                                      bool privileged);

}  // namespace q2686
